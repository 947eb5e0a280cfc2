"""The screens' endpoints: token, CSP, ETag, heartbeat validation, pairing."""

import datetime
import json
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from kiosk.models import Kiosk, PairingRequest
from kiosk.views import player_version

pytestmark = pytest.mark.django_db

WRONG = "A" * 43


def urls(token):
    return {
        "player": f"/kiosk/{token}/",
        "playlist": f"/kiosk/{token}/playlist.json",
        "heartbeat": f"/kiosk/{token}/heartbeat",
    }


def beat(client, kiosk, payload=None, **extra):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(
        urls(kiosk.token)["heartbeat"], body, content_type="application/json", **extra
    )


def good_report():
    return {
        "slide": "service-12-fr",
        "version": player_version(),
        "online_since": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "playlist": "0123abcd",
    }


def test_player_page_has_a_strict_csp_and_no_inline_script(client, kiosk):
    response = client.get(urls(kiosk.token)["player"])
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert "style=" not in html
    assert f'data-playlist-url="/kiosk/{kiosk.token}/playlist.json"' in html


@pytest.mark.parametrize("token", [WRONG, "short", "A" * 42 + "!", "A" * 200])
def test_wrong_token_is_a_404_everywhere(client, bare_kiosk, token):
    assert client.get(urls(token)["player"]).status_code == 404
    assert client.get(urls(token)["playlist"]).status_code == 404
    response = beat(client, Kiosk(token=token), good_report())
    assert response.status_code == 404
    assert Kiosk.objects.get(pk=bare_kiosk.pk).last_seen_at is None


def test_unknown_paths_under_kiosk_are_404_not_redirects(client):
    for path in ["/kiosk/nothing/here", "/kiosk/assets/secret.py", f"/kiosk/{WRONG}/other"]:
        assert client.get(path).status_code == 404, path


def test_playlist_etag_and_304(client, kiosk):
    url = urls(kiosk.token)["playlist"]
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag == f'"{first.json()["version"]}"'
    assert first["Cache-Control"] == "no-cache"

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""

    kiosk.seconds_per_slide = 20
    kiosk.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_withdrawn_consent_disappears_at_next_poll(client, kiosk, campaign):
    url = urls(kiosk.token)["playlist"]
    first = client.get(url)
    assert "testimonial" in {slide["kind"] for slide in first.json()["slides"]}
    campaign.testimonial.consent_kiosk = False
    campaign.testimonial.save_revision().publish()
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert "testimonial" not in {slide["kind"] for slide in second.json()["slides"]}


def test_heartbeat_is_recorded(client, bare_kiosk):
    report = good_report()
    response = beat(client, bare_kiosk, report)
    assert response.status_code == 204
    bare_kiosk.refresh_from_db()
    assert bare_kiosk.last_slide == "service-12-fr"
    assert bare_kiosk.last_player_version == player_version()
    assert bare_kiosk.last_playlist_version == "0123abcd"
    assert bare_kiosk.online_since == datetime.datetime.fromisoformat(report["online_since"])
    assert timezone.now() - bare_kiosk.last_seen_at < datetime.timedelta(seconds=10)
    assert bare_kiosk.state() == Kiosk.State.ONLINE


def test_heartbeat_does_not_overwrite_what_staff_changed(client, bare_kiosk):
    stale = Kiosk.objects.get(pk=bare_kiosk.pk)
    Kiosk.objects.filter(pk=bare_kiosk.pk).update(name="Renamed by staff")
    assert beat(client, stale, good_report()).status_code == 204
    assert Kiosk.objects.get(pk=bare_kiosk.pk).name == "Renamed by staff"


@pytest.mark.parametrize(
    "change",
    [
        {"extra": "field"},
        {"ip": "10.0.0.1"},
        {"slide": "x" * 101},
        {"version": "v" * 41},
        {"slide": 12},
        {"online_since": "yesterday"},
        {"online_since": "2026-01-01T10:00:00"},  # no offset
        {"playlist": ["a"]},
    ],
)
def test_heartbeat_rejects_other_fields_and_values(client, bare_kiosk, change):
    report = {**good_report(), **change}
    assert beat(client, bare_kiosk, report).status_code == 400
    assert Kiosk.objects.get(pk=bare_kiosk.pk).last_seen_at is None


def test_heartbeat_rejects_missing_fields_bodies_and_sizes(client, bare_kiosk):
    report = good_report()
    del report["slide"]
    assert beat(client, bare_kiosk, report).status_code == 400
    assert beat(client, bare_kiosk, "not json").status_code == 400
    assert beat(client, bare_kiosk, "[1, 2]").status_code == 400
    oversized = json.dumps({**good_report(), "slide": "x"}) + " " * 600
    assert beat(client, bare_kiosk, oversized).status_code == 400
    form = client.post(urls(bare_kiosk.token)["heartbeat"], good_report())  # not JSON
    assert form.status_code == 400
    assert client.get(urls(bare_kiosk.token)["heartbeat"]).status_code == 405
    assert Kiosk.objects.get(pk=bare_kiosk.pk).last_seen_at is None


def test_heartbeat_clamps_a_future_online_since(client, bare_kiosk):
    report = {**good_report(), "online_since": "2099-01-01T00:00:00+00:00"}
    assert beat(client, bare_kiosk, report).status_code == 204
    bare_kiosk.refresh_from_db()
    assert bare_kiosk.online_since <= timezone.now()


def test_regenerated_token_stops_the_old_one_at_once(client, bare_kiosk):
    old = bare_kiosk.token
    bare_kiosk.regenerate_token()
    assert bare_kiosk.token != old
    assert client.get(urls(old)["playlist"]).status_code == 404
    assert client.get(urls(old)["player"]).status_code == 404
    assert client.get(urls(bare_kiosk.token)["playlist"]).status_code == 200
    assert Kiosk.objects.for_token(old) is None
    assert Kiosk.objects.for_token(bare_kiosk.token) == bare_kiosk


def test_revoked_screen_is_offered_a_new_pairing_code(client, bare_kiosk):
    old = bare_kiosk.token
    bare_kiosk.regenerate_token()
    response = client.get(urls(old)["player"])
    assert response.status_code == 404
    assert 'data-revoked="1"' in response.content.decode()
    assert "Content-Security-Policy" in response


def test_tokens_are_long_random_and_distinct(db):
    kiosks = [Kiosk.objects.create(name=f"K{n}") for n in range(5)]
    tokens = {kiosk.token for kiosk in kiosks}
    assert len(tokens) == 5
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens)


def start_pairing(client):
    response = client.post(reverse("kiosk:pair_start"), "{}", content_type="application/json")
    assert response.status_code == 201
    return response.json()


def status(client, secret):
    return client.post(
        reverse("kiosk:pair_status"),
        json.dumps({"secret": secret}),
        content_type="application/json",
    )


def test_pairing_gives_the_token_to_the_screen_once(client, bare_kiosk, staff_user):
    data = start_pairing(client)
    assert re.fullmatch(r"[A-Z2-9]{3}-[A-Z2-9]{3}", data["code"])
    assert status(client, data["secret"]).json() == {"paired": False}

    client.force_login(staff_user)
    response = client.post(
        reverse("kiosk_pair"),
        {"code": data["code"].lower().replace("-", " "), "kiosk": bare_kiosk.pk},
    )
    assert response.status_code == 302
    client.logout()

    answer = status(client, data["secret"]).json()
    assert answer == {"paired": True, "url": f"/kiosk/{bare_kiosk.token}/"}
    assert status(client, data["secret"]).status_code == 404  # single use
    assert not PairingRequest.objects.exists()


def test_pairing_status_needs_the_secret(client, bare_kiosk):
    start_pairing(client)
    assert status(client, "x" * 43).status_code == 404
    assert status(client, "").status_code == 400
    response = client.post(reverse("kiosk:pair_status"), "{}", content_type="application/json")
    assert response.status_code == 400


def test_expired_pairing_codes_cannot_be_used(client, bare_kiosk, staff_user):
    data = start_pairing(client)
    PairingRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert status(client, data["secret"]).status_code == 404
    client.force_login(staff_user)
    response = client.post(reverse("kiosk_pair"), {"code": data["code"], "kiosk": bare_kiosk.pk})
    assert response.status_code == 200  # the form again, with an error
    assert response.context["form"].errors["code"]


def test_pending_pairings_are_bounded(client, settings, monkeypatch):
    monkeypatch.setattr("kiosk.views.MAX_PENDING_PAIRINGS", 3)
    for _ in range(3):
        start_pairing(client)
    answer = client.post(reverse("kiosk:pair_start"), "{}", content_type="application/json")
    assert answer.status_code == 429


def test_pairing_page_and_assets(client):
    page = client.get("/kiosk/")
    assert page.status_code == 200
    assert "Content-Security-Policy" in page
    assert 'id="code"' in page.content.decode()
    for name, kind in [
        ("player.js", "javascript"),
        ("player.css", "css"),
        ("pair.js", "javascript"),
    ]:
        response = client.get(f"/kiosk/assets/{name}?v={player_version()}")
        assert response.status_code == 200
        assert kind in response["Content-Type"]
        assert "immutable" in response["Cache-Control"]
    worker = client.get("/kiosk/sw.js")
    assert worker.status_code == 200
    assert worker["Service-Worker-Allowed"] == "/kiosk/"
    body = worker.content.decode()
    assert "__VERSION__" not in body and player_version() in body


def test_heartbeats_and_pairing_are_rate_limited(client, bare_kiosk, settings):
    from django.core.cache import cache

    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "kiosk": "3/m"}
    cache.clear()
    try:
        answers = [beat(client, bare_kiosk, good_report()).status_code for _ in range(5)]
        assert answers == [204, 204, 204, 429, 429]
        assert client.post("/kiosk/pair/", "{}", content_type="application/json").status_code == 429
    finally:
        cache.clear()
