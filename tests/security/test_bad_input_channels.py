"""Hostile and unusual text in the bulletin and the kiosk: rendered, escaped, never a 500."""

import datetime
import json

from django.utils import timezone

import pytest

from bulletins.render import render_bulletin
from kiosk.models import Kiosk
from kiosk.playlist import build_playlist
from tests.bulletins.conftest import free_article, page_article, page_texts
from tests.factories import CampaignPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
TEXTS = {
    "arabic": "مكتبة الأدوات المشتركة في الحي — استعيروا بدل أن تشتروا",
    "chinese": "共享工具库：借用而不是购买，认识你的邻居",
    "emoji": "🔨🚗📚🥕 Prêtez, partagez ! 👩‍👩‍👧‍👦",
    "long": "Anticonstitutionnellement" * 6,
    "script": SCRIPT,
}


@pytest.mark.parametrize("name", TEXTS)
def test_bulletin_prints_any_text(make_edition, site_tree, name):
    text = TEXTS[name]
    service = ServicePageFactory(parent=site_tree.services, slug="outils", teaser=text[:160])
    service.save_revision().publish()
    edition = make_edition(
        [
            page_article(service, title=text[:120]),
            free_article(title=text[:120], body=f"<p>{text}</p>"),
        ]
    )
    rendered = render_bulletin(edition)
    assert rendered.pdf.startswith(b"%PDF")
    assert rendered.page_count >= 2
    if name == "script":
        # Text, never markup: the PDF shows the characters themselves.
        assert any("alert" in page for page in page_texts(rendered.pdf))


@pytest.mark.parametrize("name", TEXTS)
def test_kiosk_playlist_and_player_take_any_text(client, site_tree, name):
    text = TEXTS[name]
    service = ServicePageFactory(
        parent=site_tree.services, slug="outils", title=text[:255], teaser=text[:160]
    )
    service.save_revision().publish()
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slogan=text[:160],
        channels=["kiosk"],
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        end_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    campaign.items.create(page=service)
    campaign.save_revision().publish()
    kiosk = Kiosk.objects.create(name=text[:100], place="Hall")
    playlist = json.dumps(build_playlist(kiosk)["slides"], ensure_ascii=False)
    if name == "script":
        assert SCRIPT not in playlist  # escaped before it reaches the player
        assert "alert" in playlist
    else:
        assert text[:160] in playlist
    response = client.get(f"/kiosk/{kiosk.token}/playlist.json")
    assert response.status_code == 200
    player = client.get(f"/kiosk/{kiosk.token}/")
    assert player.status_code == 200
    assert SCRIPT not in player.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"slide": SCRIPT, "version": "1", "online_since": "2026-01-01T00:00:00Z"}),
        json.dumps({"slide": "x", "version": SCRIPT * 20, "online_since": "not a date"}),
        "{" * 10_000,
        "\x00\x01\x02",
        json.dumps([1, 2, 3]),
    ],
)
def test_hostile_heartbeats_are_refused_or_stored_as_plain_text(client, site_tree, body):
    kiosk = Kiosk.objects.create(name="Hall", place="Mairie")
    response = client.post(f"/kiosk/{kiosk.token}/heartbeat", body, content_type="application/json")
    assert response.status_code in (204, 400, 413)
    kiosk.refresh_from_db()
    if response.status_code == 204:
        # Stored as text, shown escaped in the admin listing.
        assert kiosk.last_slide == SCRIPT
