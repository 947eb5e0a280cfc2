"""A database outage is answered with 503 and Retry-After, never a 500."""

from unittest import mock

from django.db import OperationalError

import pytest

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def test_pages_answer_503_while_the_database_is_unreachable(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    outage = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch("wagtail.models.Page.route_for_request", side_effect=outage):
        response = client.get(service.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert client.get(service.url).status_code == 200  # and it recovers by itself


def test_pages_answer_an_html_page_in_the_visitors_language(client, site_tree):
    outage = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch("wagtail.models.Page.route_for_request", side_effect=outage):
        response = client.get("/en/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "The service is briefly unavailable" in html


def test_a_client_that_asks_for_json_gets_json(client, site_tree):
    outage = OperationalError("connection refused")
    with mock.patch("wagtail.models.Page.route_for_request", side_effect=outage):
        response = client.get(site_tree.home.url, HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json() == {"error": "try again"}
    assert response["Retry-After"] == "10"


def test_the_resolver_answers_503_while_the_database_is_unreachable(client, site_tree):
    outage = OperationalError("server closed the connection unexpectedly")
    with mock.patch("links.views.resolve", side_effect=outage):
        response = client.get("/q/ABC234")
    assert response.status_code == 503


def test_other_errors_are_not_hidden(client, site_tree):
    client.raise_request_exception = True
    with (
        mock.patch("wagtail.models.Page.route_for_request", side_effect=ValueError("bug")),
        pytest.raises(ValueError),
    ):
        client.get(site_tree.home.url)


# Found by bench/faults.py (PostgreSQL stopped under load): cached pages answered
# 500, and the resolver answered 302 without counting the scan.


@pytest.fixture
def fresh_caches():
    from django.core.cache import cache

    from links.resolver import clear_local_cache

    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


def test_cached_pages_answer_503_when_the_cache_state_cannot_be_read(
    client, site_tree, settings, fresh_caches
):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    client.get("/branding.css")  # makes the branding row (a change: it empties the cache)
    assert client.get(service.url)["X-Page-Cache"] == "miss"
    assert client.get(service.url)["X-Page-Cache"] == "hit"
    outage = OperationalError("terminating connection due to administrator command")
    client.raise_request_exception = False  # raised in a middleware: the 500 handler answers
    with mock.patch("crieur.invalidation.page_state", side_effect=outage):
        response = client.get(service.url)  # read by the middleware, before any view
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert client.get(service.url)["X-Page-Cache"] == "hit"


def test_a_scan_that_cannot_be_counted_gets_503_not_a_redirect(client, site_tree, fresh_caches):
    from links.models import ScanCount, ShortLink

    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    link = ShortLink.objects.get_or_create_for(service, "poster", label="Affiche")
    assert client.get(f"/q/{link.code}").status_code == 302  # the resolution is now cached
    outage = OperationalError("server closed the connection unexpectedly")
    with mock.patch("links.views.upsert_count", side_effect=outage):
        response = client.get(f"/q/{link.code}")
    assert response.status_code == 503
    assert "Location" not in response
    assert client.get(f"/q/{link.code}").status_code == 302
    assert sum(ScanCount.objects.filter(link=link).values_list("count", flat=True)) == 2


def test_outage_errors_raised_by_middleware_answer_503(client, site_tree):
    # The redirects middleware reads the database on a 404, after the view.
    client.raise_request_exception = False
    outage = OperationalError("connection refused")
    with mock.patch("wagtail.contrib.redirects.models.Redirect.get_for_site", side_effect=outage):
        response = client.get("/fr/nulle-part/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_other_errors_raised_by_middleware_stay_500(client, site_tree):
    client.raise_request_exception = False
    with mock.patch(
        "wagtail.contrib.redirects.models.Redirect.get_for_site", side_effect=ValueError("bug")
    ):
        response = client.get("/fr/nulle-part/")
    assert response.status_code == 500
