"""The posters of a campaign kit: what is in it, what the gate kept out, codes per campaign."""

import datetime

from django.utils import timezone

import pytest

from links.models import ShortLink
from posters.kit import kit_outputs
from tests.pdf.pdf_helpers import decode_pages

from .conftest import pdf_reader, pdf_text, size_mm

pytestmark = pytest.mark.django_db


def test_kit_has_the_campaign_posters_and_one_per_item_the_gate_lets_through(
    client, campaign, service, testimonial, regulation
):
    # Claire's print consent ends before the campaign does: her poster would outlive it.
    testimonial.consent_until = campaign.end_date - datetime.timedelta(days=1)
    testimonial.save_revision().publish()

    outputs, left_out = kit_outputs(campaign)

    names = [output.name for output in outputs]
    assert names == [
        "posters/semaine-du-partage-a3-print-ready.pdf",
        "posters/semaine-du-partage-a4.pdf",
        "posters/outilotheque-a4.pdf",
        "posters/preter-sa-voiture-a4.pdf",
    ]
    assert outputs[0].description.startswith("Affiche de la campagne « Semaine du partage », A3")
    a3 = pdf_reader(outputs[0].content).pages[0]
    assert size_mm(a3.trimbox) == pytest.approx((297, 420), abs=0.1)
    assert size_mm(pdf_reader(outputs[1].content).pages[0].mediabox) == pytest.approx(
        (210, 297), abs=0.1
    )

    # Left out, in the campaign's language: no print consent; consent ending too soon.
    reasons = {item.title: item.reason for item in left_out}
    assert set(reasons) == {"Mehdi et le covoiturage", "Claire et la perceuse"}
    assert all(item.channel == "poster" for item in left_out)
    assert "consenti" in reasons["Mehdi et le covoiturage"]
    assert (campaign.end_date - datetime.timedelta(days=1)).strftime("%d/%m/%Y") in reasons[
        "Claire et la perceuse"
    ]
    for output in outputs:
        text = pdf_text(output.content)
        assert "Mehdi" not in text and "Claire" not in text and "covoiture" not in text

    # Each poster's code is the poster channel's link of its page for this campaign.
    expected = {
        "posters/semaine-du-partage-a3-print-ready.pdf": campaign,
        "posters/semaine-du-partage-a4.pdf": campaign,
        "posters/outilotheque-a4.pdf": service,
        "posters/preter-sa-voiture-a4.pdf": regulation,
    }
    for output in outputs:
        [decoded] = decode_pages(output.content, dpi=100)
        assert len(decoded) == 1, output.name
        code = decoded[0].rsplit("/", 1)[-1]
        link = ShortLink.objects.get(code=code)
        page = expected[output.name]
        assert (link.page_id, link.channel, link.campaign_id) == (page.pk, "poster", campaign.pk)
        response = client.get(f"/q/{code}")
        assert response.status_code == 302 and response["Location"].endswith(page.url)
    assert ShortLink.objects.filter(channel="poster", campaign=campaign).count() == 3


def test_kit_reuses_the_poster_links_made_when_the_campaign_was_published(campaign, service):
    made = ShortLink.objects.create_unique(
        service, "poster", campaign=campaign, label="Semaine du partage · Affiche"
    )
    campaign.items.exclude(page=service).delete()
    outputs, _left_out = kit_outputs(campaign, on=timezone.localdate())
    item_poster = next(output for output in outputs if output.name == "posters/outilotheque-a4.pdf")
    assert decode_pages(item_poster.content, dpi=100) == [[made.qr_url]]


def test_an_unpublished_campaign_makes_no_poster(campaign):
    campaign.unpublish()
    outputs, left_out = kit_outputs(campaign)
    assert not any("semaine-du-partage" in output.name for output in outputs)
    assert [item.title for item in left_out][:1] == ["Semaine du partage"]
    assert "publiée" in left_out[0].reason
