"""Public endpoints that do work answer 429 past their rate; refused scans are not counted."""

from django.core.cache import cache

import pytest

from links.models import ScanCount, ShortLink
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_limits(settings):
    settings.CRIEUR_RATE_LIMITS = {"resolver": "5/m", "search": "3/m", "kiosk": "5/m"}
    cache.clear()
    yield
    cache.clear()


def test_resolver_answers_429_past_its_rate_and_does_not_count(client, site_tree, low_limits):
    service = ServicePageFactory(parent=site_tree.services)
    link = ShortLink.objects.get_or_create_for(service, "poster")
    answers = [client.get(f"/q/{link.code}").status_code for _ in range(8)]
    assert answers == [302] * 5 + [429] * 3
    assert sum(ScanCount.objects.filter(link=link).values_list("count", flat=True)) == 5
    refused = client.get(f"/q/{link.code}")
    assert refused["Retry-After"] == "60"
    assert "Set-Cookie" not in refused


def test_limits_are_per_client_address(client, site_tree, low_limits):
    service = ServicePageFactory(parent=site_tree.services)
    link = ShortLink.objects.get_or_create_for(service, "poster")
    for _ in range(5):
        client.get(f"/q/{link.code}", REMOTE_ADDR="192.0.2.10")
    assert client.get(f"/q/{link.code}", REMOTE_ADDR="192.0.2.10").status_code == 429
    assert client.get(f"/q/{link.code}", REMOTE_ADDR="192.0.2.11").status_code == 302


def test_unknown_codes_are_limited_too(client, site_tree, low_limits):
    answers = [client.get(f"/q/ZZZZZ{n}").status_code for n in range(7)]
    assert answers[:5] == [404] * 5
    assert answers[5:] == [429, 429]


def test_search_is_rate_limited(client, site_tree, low_limits):
    answers = [client.get("/fr/search/", {"q": "outil"}).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
