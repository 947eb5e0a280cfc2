"""The stickers' and badges' part of the campaign kit: what the gate allows, through its end."""

import datetime

from django.utils import timezone

import pytest

from links.models import ShortLink
from stickers.kit import kit_outputs
from stickers.models import StickerDesign
from tests.factories import CampaignPageFactory, TestimonialPageFactory
from tests.pdf.pdf_helpers import decode_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(site_tree, locales, designs, service, other_service):
    today = timezone.localdate()
    refusing = TestimonialPageFactory(
        parent=site_tree.testimonials, slug="mehdi", title="Mehdi", consent_print=False
    )
    refusing.save_revision().publish()
    ending = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="claire",
        title="Claire",
        consent_until=today + datetime.timedelta(days=3),
    )
    ending.save_revision().publish()
    for slug, page in (("mehdi", refusing), ("claire", ending)):
        StickerDesign.objects.create(
            locale=locales["fr"],
            slug=slug,
            kind=StickerDesign.Kind.AMBASSADOR,
            text=slug.title(),
            target_page=page,
        )
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="semaine-du-partage",
        end_date=today + datetime.timedelta(days=20),
    )
    for page in (service, other_service, refusing, ending):
        campaign.items.create(page=page)
    campaign.save_revision().publish()
    return campaign


def test_kit_prints_the_designs_of_the_campaigns_pages_and_lists_the_refused(
    client, campaign, designs, service, other_service
):
    outputs, left_out = kit_outputs(campaign)
    names = [output.name for output in outputs]
    assert names == [
        "stickers/semaine-du-partage-stickers-avery-l7160.pdf",
        "stickers/semaine-du-partage-windscreen-window-round-90-mirrored.pdf",
        "badges/semaine-du-partage-badges-38mm.pdf",
    ]
    assert all(output.content.startswith(b"%PDF") and output.description for output in outputs)

    # Mehdi never consented to print; Claire's consent ends before the campaign does.
    assert sorted((note.title, note.channel) for note in left_out) == [
        ("Claire (claire)", "badge"),
        ("Claire (claire)", "sticker"),
        ("Mehdi (mehdi)", "badge"),
        ("Mehdi (mehdi)", "sticker"),
    ]
    reasons = {note.title: note.reason for note in left_out}  # in the campaign's language
    assert reasons["Mehdi (mehdi)"] == "l’auteur n’a pas consenti à ce canal (Imprimés)"
    last_day = timezone.localdate() + datetime.timedelta(days=3)
    assert last_day.strftime("%d/%m/%Y") in reasons["Claire (claire)"]

    # Every code on the badges: the badge channel, tied to the campaign, to a live page.
    badge_codes = set(decode_pages(outputs[2].content)[0])
    links = {link.qr_url: link for link in ShortLink.objects.filter(channel="badge")}
    assert badge_codes == set(links)
    assert {link.sticker_design.slug for link in links.values()} == {"outils", "covoit"}
    targets = {"outils": service, "covoit": other_service}
    for link in links.values():
        assert link.campaign_id == campaign.pk
        response = client.get(f"/q/{link.code}")
        assert response["Location"].endswith(targets[link.sticker_design.slug].url)

    # The sticker sheet carries the sticker links of the same two designs, nothing refused.
    sticker_codes = set(decode_pages(outputs[0].content, dpi=200)[0])
    assert sticker_codes == {
        designs["outils"].short_link().qr_url,
        designs["covoit"].short_link().qr_url,
    }
    assert not ShortLink.objects.filter(
        sticker_design__slug__in=["mehdi", "claire"], channel="badge"
    )


def test_kit_is_empty_for_a_campaign_without_designs(site_tree):
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="vide")
    campaign.save_revision().publish()
    assert kit_outputs(campaign) == ([], [])
