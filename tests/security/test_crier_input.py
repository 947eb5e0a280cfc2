"""Hostile and huge texts on street criers' cards: one card a page, codes that decode, no markup.

Every text at the longest its field takes (a title 255 characters, an announcement 1,200),
made of markup, right-to-left marks, emoji and words too long for a line.
"""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

import pytest

from criers.cards import build_cards
from criers.render import cards_html, render_cards, script_text
from tests.criers.conftest import fresh_link_cache, page_texts, pdf_reader  # noqa: F401
from tests.factories import CampaignPageFactory, ServicePageFactory
from tests.pdf.pdf_helpers import decode_pages

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
RTL = "\u202eosrever\u202c \u200fمكتبة الأدوات المشتركة\u200f"
EMOJI = "🔨🚗📚 👩‍👩‍👧‍👦"


def hostile(length):
    """``length`` characters of words, markup, right-to-left marks and emoji."""
    base = f"Oyez {SCRIPT} {RTL} {EMOJI} l’outilthèque prête perceuses et échelles. "
    return (base * (length // len(base) + 1))[:length]


@pytest.fixture
def hostile_campaign(site_tree):
    today = timezone.localdate()
    services = [
        ServicePageFactory(
            parent=site_tree.services,
            slug="hostile",
            title=hostile(255),
            teaser=hostile(160),
            announcement=hostile(1200),
        ),
        ServicePageFactory(
            parent=site_tree.services,
            slug="unbroken",
            title=("Anticonstitutionnellement" * 10)[:255],
            announcement="Anticonstitutionnellement" * 48,
        ),
        ServicePageFactory(parent=site_tree.services, slug="rtl", title=RTL, teaser=RTL + EMOJI),
    ]
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="hostile-campaign",
        title=hostile(255),
        slogan=hostile(160),
        announcement=SCRIPT,
        start_date=today,
        end_date=today + datetime.timedelta(days=10),
    )
    for service in services:
        service.save_revision().publish()
        campaign.items.add(campaign.items.model(page=service))
    for number in range(7):  # more events than a card lists
        campaign.events.add(
            campaign.events.model(
                name=hostile(160),
                place=hostile(255),
                starts_at=timezone.now() + datetime.timedelta(days=number + 1),
                service=services[0],
            )
        )
    campaign.save()
    campaign.save_revision().publish()
    campaign.refresh_from_db()
    return campaign


def test_hostile_cards_keep_one_card_a_page_and_every_code_decodes(client, hostile_campaign):
    cards = build_cards(hostile_campaign)
    assert len(cards.cards) == 4
    html = cards_html(cards)
    assert "<script>" not in html and "&lt;script&gt;" in html
    pdf = render_cards(cards)

    assert len(pdf_reader(pdf).pages) == 4  # nothing ran onto a second page
    decoded = decode_pages(pdf, dpi=200)
    assert [len(codes) for codes in decoded] == [1, 1, 1, 1]
    for card, (qr_text,) in zip(cards.cards, decoded, strict=True):
        assert qr_text == card.link.qr_url
        assert client.get(f"/q/{card.link.code}").status_code == 302
    texts = page_texts(pdf)
    # Text, never markup: the card prints the characters themselves.
    assert 'alert("x")' in texts[0]
    # One word too long to fit even in the smallest type: the card says its end is cut off.
    assert "Trop long pour la fiche" in texts[2].replace("\u200b", "")
    assert "Trop long" not in texts[3]
    # The 1,200-character announcement is flagged, the card lists 4 events and counts the rest.
    hostile_card = cards.cards[1]
    assert hostile_card.too_long and len(hostile_card.events) == 4
    assert hostile_card.more_events == 3
    assert len(hostile_card.title) <= 110

    text = script_text(cards)
    assert SCRIPT in text  # plain text: the script file is not HTML


def test_the_admin_list_escapes_what_editors_typed(client, django_user_model, hostile_campaign):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    client.force_login(user)
    response = client.get(reverse("crier_cards", args=[hostile_campaign.pk]))
    assert response.status_code == 200
    assert SCRIPT.encode() not in response.content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.content
