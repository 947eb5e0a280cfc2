"""An edition's web page lists every campaign's events by a query: publishing a
campaign refreshes it in the page cache, though the edition does not reference it."""

import datetime

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

import pytest

from links.resolver import clear_local_cache

from .conftest import ISSUE_DATE, free_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


def test_publishing_a_campaign_refreshes_the_agenda_of_an_edition_that_does_not_cite_it(
    make_edition, content_pages
):
    edition = make_edition([free_article()])
    campaign = content_pages["campaign"]
    client = Client()
    client.get("/branding.css")  # makes the branding row (a site-wide change) before warming
    assert client.get(edition.url)["X-Page-Cache"] == "miss"
    cached = client.get(edition.url)
    assert cached["X-Page-Cache"] == "hit"
    assert "Troc de graines" not in cached.content.decode()

    starts = timezone.make_aware(
        datetime.datetime.combine(ISSUE_DATE + datetime.timedelta(days=9), datetime.time(10))
    )
    campaign.events.add(
        campaign.events.model(name="Troc de graines", place="Jardin partagé", starts_at=starts)
    )
    campaign.save_revision().publish()

    fresh = client.get(edition.url)
    assert fresh["X-Page-Cache"] != "hit"
    assert "Troc de graines" in fresh.content.decode()
