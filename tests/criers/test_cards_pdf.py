"""The criers' cards of a campaign, read back like the crier and the residents do."""

import pytest

from criers.cards import build_cards
from criers.render import Layout, render_cards
from links.models import ShortLink
from tests.pdf.pdf_helpers import decode_pages

from .conftest import (
    CAMPAIGN_ANNOUNCEMENT,
    EXPIRING_QUOTE,
    REFUSED_QUOTE,
    SERVICE_ANNOUNCEMENT,
    normalise,
    page_texts,
    pdf_reader,
)

pytestmark = pytest.mark.django_db

PT_PER_MM = 72 / 25.4


def test_one_a6_card_per_allowed_item_after_the_campaigns_own(client, crier_pages):
    campaign = crier_pages["campaign"]
    cards = build_cards(campaign)
    pdf = render_cards(cards)

    reader = pdf_reader(pdf)
    # The campaign, the service, the regulation and the consenting testimonial.
    assert len(reader.pages) == len(cards.cards) == 4
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(105 * PT_PER_MM, abs=0.05)
        assert float(page.mediabox.height) == pytest.approx(148 * PT_PER_MM, abs=0.05)
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged

    texts = page_texts(pdf)
    campaign_text, service_text, regulation_text, testimonial_text = texts
    assert "Semaine du partage" in campaign_text
    assert normalise(CAMPAIGN_ANNOUNCEMENT) in campaign_text
    assert normalise(SERVICE_ANNOUNCEMENT) in service_text
    assert "≈ 14 s" in service_text  # 35 words at 150 a minute
    # No announcement written: the regulation's teaser is read.
    assert cards.cards[2].from_teaser and not cards.cards[1].from_teaser
    assert "Oui, si votre assurance le permet." in regulation_text
    assert "J'ai rencontré trois voisins en empruntant une perceuse." in testimonial_text

    whole = " ".join(texts)
    # Refused by the gate: no print consent, consent ending before the campaign, a draft.
    for absent in (REFUSED_QUOTE, "Mehdi", EXPIRING_QUOTE, "Sophie", "Service en préparation"):
        assert absent not in whole, absent
    assert [item.title for item in cards.left_out] == [
        "Mehdi et le covoiturage",
        "Sophie au jardin",
        "Service en préparation",
    ]
    assert all(item.channel == "crier" and item.reason for item in cards.left_out)

    # Events with day, hour and place: the campaign's upcoming ones on its card, the one
    # where the service can be tried on the service's card; the one that is over nowhere.
    assert "Fête des voisins" in campaign_text and "Forum des associations" in campaign_text
    assert "Place du Marché" in campaign_text and "17:00" in campaign_text
    event = cards.cards[1].events[0]
    assert "Fête des voisins" in service_text and event.day in service_text
    assert "Forum des associations" not in service_text
    assert "Vide-grenier" not in whole
    assert not cards.cards[2].events

    # Every card's QR code decodes to its crier short link and leads to a live page.
    decoded = decode_pages(pdf, dpi=200)
    assert [len(codes) for codes in decoded] == [1, 1, 1, 1]
    for card, (qr_text,), text in zip(cards.cards, decoded, texts, strict=True):
        link = ShortLink.objects.get(code=qr_text.rsplit("/", 1)[-1])
        assert link == card.link
        assert (link.channel, link.campaign_id) == ("crier", campaign.pk)
        assert link.page_id == card.page.pk
        assert link.short_url in text
        response = client.get(f"/q/{link.code}")
        assert response.status_code == 302
        assert response["Location"].endswith(card.page.url)
        assert client.get(response["Location"]).status_code == 200

    # Made again: the same links, not new ones.
    again = build_cards(campaign)
    assert [card.link.pk for card in again.cards] == [card.link.pk for card in cards.cards]


def test_over_45_seconds_is_flagged_on_the_card_and_four_cards_fit_an_a4_sheet(crier_pages):
    service = crier_pages["service"]
    service.announcement = " ".join(["Oyez"] * 118)  # 48 s
    service.save_revision().publish()
    cards = build_cards(crier_pages["campaign"])
    too_long = cards.cards[1]
    assert (too_long.seconds, too_long.too_long, too_long.seconds_over) == (48, True, 3)
    assert cards.too_long == [too_long]

    pdf = render_cards(cards, Layout.A4)
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(210 * PT_PER_MM, abs=0.05)
    assert float(page.mediabox.height) == pytest.approx(297 * PT_PER_MM, abs=0.05)
    text = page_texts(pdf)[0]
    assert "≈ 48 s" in text
    assert text.count("Trop long") == 1, text  # only the card over the limit
    assert sorted(decode_pages(pdf, dpi=200)[0]) == sorted(card.link.qr_url for card in cards.cards)
