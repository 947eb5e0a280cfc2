"""Kiosk pairing cannot be blocked by other web pages or by a flood from one address.

``/kiosk/pair/`` is public: any new screen asks it for a code. It takes only
JSON bodies, which a page of another site cannot send without a CORS preflight
(that the server never grants); each address may hold a few pending codes
only, so the global cap keeps room for real screens; codes live a few minutes.
"""

import datetime
import http.server
import json
import os
import shutil
import threading

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

import pytest

from crieur.settings import base as base_settings
from kiosk.models import Kiosk, PairingRequest
from kiosk.views import MAX_PENDING_PAIRINGS
from tests.kiosk.server import KioskServer, free_port

pytestmark = pytest.mark.django_db

ADDRESS_A = "198.51.100.7"
ADDRESS_B = "203.0.113.20"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def production_limits(settings):
    """The rate limits a server runs with when the environment sets none."""
    settings.CRIEUR_RATE_LIMITS = dict(base_settings.CRIEUR_RATE_LIMITS)


def start(client, address=ADDRESS_A, body="{}"):
    return client.post(
        reverse("kiosk:pair_start"), body, content_type="application/json", REMOTE_ADDR=address
    )


def status(client, secret, address=ADDRESS_A):
    return client.post(
        reverse("kiosk:pair_status"),
        json.dumps({"secret": secret}),
        content_type="application/json",
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", ""],
)
@pytest.mark.parametrize("name", ["kiosk:pair_start", "kiosk:pair_status"])
def test_pairing_takes_json_only(client, name, content_type):
    # What a form of another site (or fetch without a preflight) can send.
    response = client.post(reverse(name), "{}", content_type=content_type)
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]
    assert not PairingRequest.objects.exists()


def test_refused_posts_do_not_use_up_the_address_budget(client, settings):
    settings.CRIEUR_RATE_LIMITS = {
        **settings.CRIEUR_RATE_LIMITS,
        "kiosk": "5/m",
        "kiosk-pairing": "2/5m",
    }
    for _ in range(20):
        answer = client.post(reverse("kiosk:pair_start"), {}, REMOTE_ADDR=ADDRESS_A)
        assert answer.status_code == 415
    # A screen at the address of a visitor whose browser was made to post forms.
    assert start(client).status_code == 201


def test_start_needs_a_json_object(client):
    assert start(client, body="[]").status_code == 400
    assert start(client, body="{not json").status_code == 400
    assert start(client, body=json.dumps({"pad": "x" * 1000})).status_code == 400
    assert not PairingRequest.objects.exists()


def test_pending_pairings_are_capped_per_address(client, settings):
    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "kiosk-pairing": "3/5m"}
    answers = [start(client).status_code for _ in range(5)]
    assert answers == [201, 201, 201, 429, 429]
    assert PairingRequest.objects.count() == 3
    assert start(client, ADDRESS_B).status_code == 201


def test_codes_live_a_few_minutes(client, settings):
    assert base_settings.KIOSK_PAIRING_SECONDS <= 5 * 60
    settings.KIOSK_PAIRING_SECONDS = 120
    before = timezone.now()
    data = start(client).json()
    assert data["expires_in"] == 120
    pairing = PairingRequest.objects.get()
    assert pairing.expires_at - before <= datetime.timedelta(seconds=121)

    PairingRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert status(client, data["secret"]).status_code == 404


def test_one_address_cannot_fill_the_global_cap():
    # django-ratelimit counts in fixed windows: one address can hold its limit from
    # the end of one window and its limit again from the next one.
    count, _period = base_settings.CRIEUR_RATE_LIMITS["kiosk-pairing"].split("/")
    assert 2 * int(count) < MAX_PENDING_PAIRINGS


def test_a_real_screen_pairs_during_a_flood(client, production_limits, staff_user):
    kiosk = Kiosk.objects.create(name="Médiathèque", place="Accueil")
    flood = [start(client, ADDRESS_A).status_code for _ in range(MAX_PENDING_PAIRINGS + 20)]
    assert flood.count(201) < MAX_PENDING_PAIRINGS // 2
    assert set(flood) == {201, 429}

    screen = start(client, ADDRESS_B)
    assert screen.status_code == 201
    data = screen.json()
    assert status(client, data["secret"], ADDRESS_B).json() == {"paired": False}

    client.force_login(staff_user)
    response = client.post(reverse("kiosk_pair"), {"code": data["code"], "kiosk": kiosk.pk})
    assert response.status_code == 302
    client.logout()
    answer = status(client, data["secret"], ADDRESS_B).json()
    assert answer == {"paired": True, "url": f"/kiosk/{kiosk.token}/"}


# -- in a real browser ----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

ATTACK = """async (target) => {
  const tried = {};
  const attempts = {
    form: {method: "POST", mode: "no-cors", body: new URLSearchParams({code: "x"})},
    text: {method: "POST", mode: "no-cors", body: "{}", headers: {"Content-Type": "text/plain"}},
    json: {method: "POST", body: "{}", headers: {"Content-Type": "application/json"}},
  };
  for (const [name, options] of Object.entries(attempts)) {
    try {
      const response = await fetch(target, options);
      tried[name] = response.type === "opaque" ? "sent, answer hidden" : response.status;
    } catch (error) {
      tried[name] = "refused by the browser";
    }
  }
  return tried;
}"""


class AttackerPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = b"<!doctype html><title>Another site</title><p>Nothing to see.</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture
def attacker_site():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), AttackerPage)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
def test_a_page_of_another_site_cannot_start_a_pairing(attacker_site):
    from playwright.sync_api import sync_playwright

    server = KioskServer().start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(attacker_site)
            tried = page.evaluate(ATTACK, f"{server.url}/kiosk/pair/")
            browser.close()
    finally:
        server.stop()
    # The form and the text reach the server (the browser sends them without asking)
    # and are refused there; the JSON post needs a preflight, which is not granted.
    assert tried == {
        "form": "sent, answer hidden",
        "text": "sent, answer hidden",
        "json": "refused by the browser",
    }
    assert not PairingRequest.objects.exists()
