"""A place reaches the channels through its card and the gate, with no channel code."""

import datetime

from django.utils import timezone

import pytest

from campaigns.models import CampaignEvent
from crieur.channels import Channel
from kiosk.playlist import campaign_slides
from places.models import PlacePage
from tests.factories import CampaignPageFactory

from .helpers import CONTACT

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(site_tree, places):
    page = CampaignPageFactory(parent=site_tree.campaigns, slug="lieux", title="Lieux du partage")
    for order, place in enumerate([places.tools, places.expired, places.draft, places.temporary]):
        page.items.create(page=place, sort_order=order)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_campaign_selecting_places_shows_those_the_gate_lets_through(client, campaign, places):
    selected = campaign.selected_pages(Channel.WEBSITE)
    assert selected == [places.tools, places.temporary]
    html = client.get(campaign.url).content.decode()
    assert "Outilthèque" in html and "Troc’ été" in html
    assert "Lieu terminé" not in html and "Lieu en brouillon" not in html
    assert CONTACT not in html


def test_material_up_past_a_temporary_place_s_last_day_leaves_it_out_in_words(campaign, places):
    through = places.temporary.available_until + datetime.timedelta(days=5)
    shown, left_out = campaign.channel_selection(Channel.STICKER, through=through)
    assert places.tools in shown and places.temporary not in shown
    reasons = {note.title: note.reason for note in left_out}
    assert "Troc’ été" in reasons
    assert reasons["Troc’ été"].startswith("la page est montrée jusqu’au")


def test_a_kiosk_slide_is_made_from_a_place_s_card(campaign, places):
    slides = {slide.get("title"): slide for slide in campaign_slides(campaign)}
    tools = slides["Outilthèque"]
    assert tools["text"] == places.tools.card.teaser
    assert tools["pictogram"].startswith("data:image/svg+xml")  # the kind's pictogram
    temporary = slides["Troc’ été"]
    last_day_over = places.temporary.available_until + datetime.timedelta(days=1)
    assert temporary["until"].startswith(last_day_over.isoformat())  # shown through its last day
    assert "Lieu terminé" not in slides
    assert CONTACT not in repr(slides)


def test_a_place_found_on_an_urban_walk(client, campaign, places):
    walk = CampaignEvent.objects.create(
        campaign=campaign,
        locale=campaign.locale,
        kind=CampaignEvent.Kind.WALK,
        name="Balade des Aulnes",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        place="Devant la mairie",
    )
    trial = CampaignEvent.objects.create(
        campaign=campaign,
        locale=campaign.locale,
        name="Fête des voisins",
        starts_at=timezone.now(),
        place="Parc",
    )
    form_class = PlacePage.get_edit_handler().get_form_class()
    choices = form_class(instance=places.garden).fields["found_on_walk"].queryset
    assert walk in choices and trial not in choices
    places.garden.found_on_walk = walk
    places.garden.save_revision().publish()
    assert walk.places_found.get() == places.garden
    assert "Balade des Aulnes" in client.get(places.garden.url).content.decode()
