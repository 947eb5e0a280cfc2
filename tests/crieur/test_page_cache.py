"""Anonymous page views come from the cache; any publish empties it at once."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def service(site_tree):
    page = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outilthèque")
    page.save_revision().publish()
    return page


def test_second_view_is_served_from_the_cache_without_rendering(client, service):
    client.get("/branding.css")  # makes the site's branding row (a change: it empties the cache)
    first = client.get(service.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(service.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 1  # the content generation, nothing else


def test_publishing_a_change_shows_at_once(client, service, site_tree):
    client.get(service.url)
    client.get(site_tree.services.url)
    service.title = "Outilthèque des Aulnes"
    service.save_revision().publish()
    response = client.get(service.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Outilthèque des Aulnes" in response.content.decode()
    assert "Outilthèque des Aulnes" in client.get(site_tree.services.url).content.decode()


def test_a_new_page_appears_in_cached_listings(client, service, site_tree):
    client.get(site_tree.services.url)
    other = ServicePageFactory(parent=site_tree.services, slug="velos", title="Vélos partagés")
    other.save_revision().publish()
    assert "Vélos partagés" in client.get(site_tree.services.url).content.decode()


def test_unpublishing_removes_the_page_at_once(client, service):
    assert client.get(service.url).status_code == 200
    service.unpublish()
    assert client.get(service.url).status_code == 404


def test_moving_and_deleting_empty_the_cache(client, service, site_tree):
    listing = site_tree.services.url
    client.get(listing)
    service.delete()
    assert "Outilthèque" not in client.get(listing).content.decode()


def test_logged_in_visitors_and_uncacheable_paths_are_never_cached(client, service, staff_user):
    client.get("/fr/search/", {"q": "outil"})
    assert "X-Page-Cache" not in client.get("/fr/search/", {"q": "outil"})
    client.force_login(staff_user)
    client.get(service.url)
    assert "X-Page-Cache" not in client.get(service.url)


def test_branding_changes_empty_the_cache(client, service, site_tree):
    from crieur.models import BrandingSettings

    client.get(service.url)
    branding = BrandingSettings.for_site(site_tree.site)
    branding.authority_name = "Ville de Test"
    branding.save()
    assert "Ville de Test" in client.get(service.url).content.decode()
