"""The card store (``crieur.card_store``): cards kept, never out of date, never a way past the gate.

Each test first shows a listing, so that the store holds its cards, then
changes something and shows it again.
"""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from crieur.demo.images import get_or_create_image
from crieur.templatetags.crieur_tags import pictogram
from services.models import ServiceCategory
from tests.factories import CampaignPageFactory, ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

CARD = "crieur/includes/card.html"


def rendered_cards(response):
    return [template.name for template in response.templates].count(CARD)


def test_a_card_is_rendered_once_then_taken_from_the_store(client, site_tree):
    for number in range(3):
        ServicePageFactory(parent=site_tree.services, slug=f"service-{number}")
    first = client.get(site_tree.services.url)
    again = client.get(site_tree.services.url)
    assert rendered_cards(first) == 3
    assert rendered_cards(again) == 0
    assert again.content == first.content


def test_publishing_a_page_changes_its_card(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outilothèque")
    service.save_revision().publish()
    assert "Outilothèque" in client.get(site_tree.services.url).content.decode()
    service.title = "Bricothèque"
    service.save_revision().publish()
    html = client.get(site_tree.services.url).content.decode()
    assert "Bricothèque" in html
    assert "Outilothèque" not in html


def test_a_draft_changes_no_card(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outilothèque")
    service.save_revision().publish()
    assert "Outilothèque" in client.get(site_tree.services.url).content.decode()
    service.title = "Titre en cours de rédaction"
    service.save_revision()  # a draft
    html = client.get(site_tree.services.url).content.decode()
    assert "Outilothèque" in html
    assert "Titre en cours de rédaction" not in html


def test_a_withdrawn_consent_takes_the_card_away_at_once(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    testimonial = TestimonialPageFactory(
        parent=site_tree.testimonials, service=service, quote="Je prête ma perceuse."
    )
    testimonial.save_revision().publish()
    assert "Je prête ma perceuse." in client.get(service.url).content.decode()
    assert "Je prête ma perceuse." in client.get(site_tree.testimonials.url).content.decode()
    testimonial.consent_web = False
    testimonial.save_revision().publish()
    assert "Je prête ma perceuse." not in client.get(service.url).content.decode()
    assert "Je prête ma perceuse." not in client.get(site_tree.testimonials.url).content.decode()


def test_an_expired_consent_takes_the_card_away_the_next_day(client, site_tree):
    """No publish, no bump: the gate asks on the day, whatever the store holds."""
    today = timezone.localdate()
    TestimonialPageFactory(
        parent=site_tree.testimonials, quote="Je prête ma perceuse.", consent_until=today
    )
    assert "Je prête ma perceuse." in client.get(site_tree.testimonials.url).content.decode()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        html = client.get(site_tree.testimonials.url).content.decode()
    assert "Je prête ma perceuse." not in html


def test_an_image_changed_changes_the_cards_showing_it(client, site_tree):
    image = get_or_create_image("Perceuse", "Une perceuse")
    ServicePageFactory(parent=site_tree.services, slug="outils", image=image)
    assert 'alt="Une perceuse"' in client.get(site_tree.services.url).content.decode()
    image.description = "Une perceuse prêtée"  # its alternative text
    image.save()
    html = client.get(site_tree.services.url).content.decode()
    assert 'alt="Une perceuse prêtée"' in html
    assert 'alt="Une perceuse"' not in html


def test_a_category_changed_changes_the_cards_of_its_services(client, site_tree):
    category = ServiceCategory.objects.create(
        name="Vélos", slug="velos-partages", pictogram_name="bike", locale=site_tree.home.locale
    )
    ServicePageFactory(
        parent=site_tree.services, slug="velos", pictogram_name="", category=category
    )
    assert str(pictogram("bike", 32)) in client.get(site_tree.services.url).content.decode()
    category.pictogram_name = "car"
    category.save()
    html = client.get(site_tree.services.url).content.decode()
    assert str(pictogram("car", 32)) in html
    assert str(pictogram("bike", 32)) not in html


class Everything(dict):
    """What a store that holds a (wrong) card for every key would answer."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return "<p>FROM THE STORE</p>"


def test_a_preview_takes_nothing_from_the_store(client, site_tree):
    ServicePageFactory(parent=site_tree.services, slug="outils", title="Outilothèque")
    with mock.patch("crieur.card_store.cache.get_many", return_value=Everything()):
        served = client.get(site_tree.services.url).content.decode()
        previewed = site_tree.services.make_preview_request().content.decode()
    assert "FROM THE STORE" in served  # the store is read when a page is served
    assert "FROM THE STORE" not in previewed
    assert "Outilothèque" in previewed


def test_each_language_has_its_own_cards(client, site_tree, locales):
    service = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outilothèque")
    service.save_revision().publish()
    english_home = site_tree.home.copy_for_translation(locales["en"])
    english_home.save_revision().publish()
    english_index = site_tree.services.copy_for_translation(locales["en"])
    english_index.save_revision().publish()
    english = service.copy_for_translation(locales["en"])
    english.title = "Tool library"
    english.save_revision().publish()
    assert "Outilothèque" in client.get(site_tree.services.url).content.decode()
    html = client.get(english_index.url).content.decode()
    assert "Tool library" in html
    assert "Outilothèque" not in html


def a_campaign_promoting(site_tree, *titles):
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="semaine",
        end_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    for number, title in enumerate(titles):
        page = ServicePageFactory(parent=site_tree.services, slug=f"s-{number}", title=title)
        campaign.items.add(campaign.items.model(page=page))
    campaign.save_revision().publish()
    return campaign


def reads_items(client, url):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return any("campaigns_campaignitem" in q["sql"] for q in queries.captured_queries), html


def test_a_selection_is_read_once_per_version_of_its_campaign(client, site_tree):
    campaign = a_campaign_promoting(site_tree, "Outilothèque")
    assert reads_items(client, campaign.url) == (True, mock.ANY)
    read, html = reads_items(client, campaign.url)
    assert not read
    assert "Outilothèque" in html
    campaign.items.add(
        campaign.items.model(
            page=ServicePageFactory(parent=site_tree.services, slug="velos", title="Vélos")
        )
    )
    campaign.save_revision().publish()  # a new version: its items are read again
    read, html = reads_items(client, campaign.url)
    assert read
    assert "Outilothèque" in html
    assert "Vélos" in html


def test_a_preview_shows_the_items_of_the_draft(client, site_tree):
    campaign = a_campaign_promoting(site_tree, "Outilothèque")
    assert "Outilothèque" in client.get(campaign.url).content.decode()  # kept
    campaign.refresh_from_db()  # the live version, as the editor's draft starts from it
    page = ServicePageFactory(parent=site_tree.services, slug="velos", title="Vélos")
    campaign.items.add(campaign.items.model(page=page))
    campaign.save_revision()  # a draft: the live campaign's version is the same
    previewed = campaign.make_preview_request().content.decode()
    assert "Outilothèque" in previewed
    assert "Vélos" in previewed
    assert "Vélos" not in client.get(campaign.url).content.decode()


def test_the_gate_still_decides_on_kept_items(client, site_tree):
    campaign = a_campaign_promoting(site_tree, "Outilothèque", "Vélos")
    assert "Vélos" in client.get(campaign.url).content.decode()  # kept
    velos = campaign.items.get(page__title="Vélos").page.specific
    velos.unpublish()  # no new version of the campaign
    html = client.get(campaign.url).content.decode()
    assert "Outilothèque" in html
    assert "Vélos" not in html
