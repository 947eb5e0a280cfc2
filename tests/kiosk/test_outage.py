"""A database outage answers the screens' JSON endpoints with a JSON 503 they can retry."""

import datetime
import json
from unittest import mock

from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

import pytest

from kiosk.models import Kiosk, PairingRequest

pytestmark = pytest.mark.django_db

OUTAGE = OperationalError("server closed the connection unexpectedly")


def assert_json_503(response):
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "try again"}
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"


@pytest.fixture
def outage():
    with mock.patch.object(Kiosk.objects, "for_token", side_effect=OUTAGE):
        yield


def test_the_playlist_answers_json_during_an_outage(client, bare_kiosk, outage):
    # The player asks for its playlist with Accept: application/json (player.js).
    response = client.get(
        f"/kiosk/{bare_kiosk.token}/playlist.json", HTTP_ACCEPT="application/json"
    )
    assert_json_503(response)


def test_the_heartbeat_answers_json_during_an_outage(client, bare_kiosk, outage):
    report = {"slide": "s", "version": "v", "online_since": ""}
    response = client.post(
        f"/kiosk/{bare_kiosk.token}/heartbeat",
        json.dumps(report),
        content_type="application/json",
    )
    assert_json_503(response)


def test_pairing_answers_json_during_an_outage(client):
    with mock.patch.object(PairingRequest.objects, "pending", side_effect=OUTAGE):
        response = client.post(reverse("kiosk:pair_start"), "{}", content_type="application/json")
    assert_json_503(response)


def test_pairing_without_a_free_code_answers_the_same_503(client):
    now = timezone.now()
    PairingRequest.objects.create(
        code="ABCDEFGH",
        secret_digest="0" * 64,
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=5),
    )
    with mock.patch.object(PairingRequest, "generate_code", return_value="ABCDEFGH"):
        response = client.post(reverse("kiosk:pair_start"), "{}", content_type="application/json")
    assert_json_503(response)


def test_the_player_page_answers_html_during_an_outage(client, bare_kiosk, outage):
    response = client.get(f"/kiosk/{bare_kiosk.token}/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "10"
