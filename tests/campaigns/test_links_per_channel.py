"""Publishing a campaign gives each page it promotes one short link per channel, once."""

from django.utils import translation

import pytest

from campaigns.attribution import channel_link, ensure_campaign_links
from links.models import ShortLink

from .conftest import publish

pytestmark = pytest.mark.django_db


def campaign_links(campaign):
    return set(
        ShortLink.objects.filter(campaign=campaign).values_list("page_id", "channel", "code")
    )


def test_publishing_makes_one_link_per_page_and_channel(campaign):
    links = campaign_links(campaign.page)
    pages = [campaign.page, campaign.service, campaign.regulation, campaign.testimonial]
    expected = {(page.pk, channel) for page in pages for channel in campaign.page.channels}
    assert {(page_id, channel) for page_id, channel, _code in links} == expected
    assert len(links) == len(expected) == 12
    label = ShortLink.objects.filter(campaign=campaign.page, channel="kiosk").first().label
    assert label == "Semaine du partage · Borne"  # the channel's name in French


def test_publishing_again_reuses_the_links(campaign):
    before = campaign_links(campaign.page)
    publish(campaign.page)
    publish(campaign.page)
    assert campaign_links(campaign.page) == before
    assert ensure_campaign_links(campaign.page) == []


def test_new_channel_and_new_item_get_links_on_next_publish(campaign, site_tree):
    from tests.factories import ServicePageFactory

    before = campaign_links(campaign.page)
    extra = publish(ServicePageFactory(parent=site_tree.services, slug="jardins"))
    campaign.page.items.create(page=extra, sort_order=5)
    campaign.page.channels = [*campaign.page.channels, "poster"]
    publish(campaign.page)

    after = campaign_links(campaign.page)
    assert before < after
    assert {channel for page_id, channel, _c in after if page_id == extra.pk} == {
        "website",
        "kiosk",
        "sticker",
        "poster",
    }
    assert len(after) == 5 * 4


def test_testimonial_gets_links_only_on_consented_channels(campaign, site_tree):
    from tests.factories import TestimonialPageFactory

    web_only = publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            slug="web-seulement",
            consent_print=False,
            consent_kiosk=False,
        )
    )
    campaign.page.items.create(page=web_only, sort_order=9)
    publish(campaign.page)
    channels = set(
        ShortLink.objects.filter(campaign=campaign.page, page=web_only).values_list(
            "channel", flat=True
        )
    )
    assert channels == {"website"}


def test_translation_shares_the_source_links(campaign, locales):
    before = campaign_links(campaign.page)
    english = campaign.page.copy_for_translation(locales["en"], copy_parents=True)
    publish(english)
    assert not ShortLink.objects.filter(campaign=english).exists()
    assert campaign_links(campaign.page) == before


def test_every_channel_asks_for_the_one_link_of_a_page_and_campaign(campaign):
    """Posters, social kits and criers' cards reuse the link the campaign's publication made."""
    made = ShortLink.objects.get(campaign=campaign.page, channel="kiosk", page=campaign.service)
    made.label = "Borne de la mairie"  # staff relabel it: still the same link
    made.save()
    assert channel_link(campaign.service, "kiosk", campaign.page) == made
    # A channel the campaign did not run on yet: made once, then reused.
    crier = channel_link(campaign.service, "crier", campaign.page)
    assert crier.campaign == campaign.page and crier.channel == "crier"
    assert channel_link(campaign.service, "crier", campaign.page) == crier
    # Outside a campaign: one link per page and channel, whatever the staff's language.
    with translation.override("fr"):
        alone = channel_link(campaign.service, "poster")
    with translation.override("en"):
        assert channel_link(campaign.service, "poster") == alone
    assert alone.campaign is None and alone.label == "Affiche"


def test_a_campaign_with_the_longest_title_still_gets_its_links(campaign):
    """The label "<title> · <channel>" is cut to its column (PostgreSQL refuses longer)."""
    campaign.page.title = "Semaine du partage " * 14  # 266 characters, cut to the 255 allowed
    campaign.page.title = campaign.page.title[:255]
    campaign.page.channels = [*campaign.page.channels, "crier"]  # new links on publish
    publish(campaign.page)
    labels = list(
        ShortLink.objects.filter(campaign=campaign.page, channel="crier").values_list(
            "label", flat=True
        )
    )
    assert len(labels) == 4  # the campaign and its three pages
    assert all(len(label) <= 255 and label.endswith("… · Crieur de rue") for label in labels)
