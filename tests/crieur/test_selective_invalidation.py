"""Publishing a page refreshes the pages that show it, and leaves every other page cached.

Real caches, real requests: the pages are rendered, cached, then a page is
published and each page is asked for again.
"""

from django.core.cache import cache
from django.test import Client

import pytest

from campaigns.models import CampaignItem
from crieur import invalidation, page_cache, proxy
from crieur.models import PageCacheStamp
from links.models import ShortLink
from links.resolver import clear_local_cache
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def world(site_tree):
    """A service, a testimonial about it, a campaign selecting both, and an unrelated rule."""
    service = publish(
        ServicePageFactory(parent=site_tree.services, slug="outils", title="Outilthèque")
    )
    other = publish(
        ServicePageFactory(parent=site_tree.services, slug="velos", title="Vélos partagés")
    )
    testimonial = publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            slug="ruche",
            title="Mme Ruche prête sa perceuse",
            service=service,
        )
    )
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="partage", title="Partage")
    CampaignItem.objects.create(campaign=campaign, page=service, sort_order=0)
    CampaignItem.objects.create(campaign=campaign, page=testimonial, sort_order=1)
    publish(campaign)
    rule = publish(
        RegulationPageFactory(parent=site_tree.regulations, slug="pret", title="Prêter sa voiture")
    )
    Client().get("/branding.css")  # makes the site's branding row (a change: it empties the cache)
    return {
        "service": service,
        "other": other,
        "testimonial": testimonial,
        "campaign": campaign,
        "rule": rule,
        "tree": site_tree,
    }


def warm(client, *pages):
    for page in pages:
        assert client.get(page.url)["X-Page-Cache"] == "miss", page.url
        assert client.get(page.url)["X-Page-Cache"] == "hit", page.url


def test_publishing_a_service_refreshes_what_shows_it_and_nothing_else(client, world):
    tree, service = world["tree"], world["service"]
    dependent = [service, tree.services, tree.home, world["campaign"], world["testimonial"]]
    unrelated = [world["rule"], tree.regulations, world["other"], tree.campaigns]
    warm(client, *dependent, *unrelated)

    service.title = "Outilthèque des Aulnes"
    publish(service)

    for page in unrelated:
        assert client.get(page.url)["X-Page-Cache"] == "hit", page.url
    for page in dependent:
        response = client.get(page.url)
        assert response["X-Page-Cache"] == "miss", page.url
    for page in (service, tree.services, world["campaign"], world["testimonial"]):
        assert "Outilthèque des Aulnes" in client.get(page.url).content.decode(), page.url


def test_a_withdrawn_web_consent_is_gone_from_every_page_at_once(client, world, monkeypatch):
    tree, testimonial = world["tree"], world["testimonial"]
    showing = [world["service"], tree.testimonials, world["campaign"]]
    warm(client, testimonial, *showing, world["rule"])
    for page in showing:
        assert "Mme Ruche" in client.get(page.url).content.decode(), page.url

    testimonial.consent_web = False
    publish(testimonial)

    assert client.get(testimonial.url).status_code == 404
    for page in showing:
        response = client.get(page.url)
        assert response["X-Page-Cache"] == "miss", page.url
        assert "Mme Ruche" not in response.content.decode(), page.url
    assert client.get(world["rule"].url)["X-Page-Cache"] == "hit"


def test_no_stale_copy_after_a_change_for_the_worse(client, rf, world, monkeypatch):
    # Another request is rendering the service page again (it holds the lock):
    # the copy that showed the testimonial must not be served meanwhile.
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.1)
    service, testimonial = world["service"], world["testimonial"]
    warm(client, service)
    testimonial.consent_web = False
    publish(testimonial)
    state = invalidation.page_state(service.url)
    assert state.floor == state.stamp > 0
    lock = f"{page_cache.cache_key(rf.get(service.url), state.generation)}:lock:{state.stamp}"
    assert cache.add(lock, 1, 30)
    response = client.get(service.url)
    assert response["X-Page-Cache"] == "miss"  # waited, then rendered it itself
    assert "Mme Ruche" not in response.content.decode()


def test_unpublishing_refreshes_the_listings_and_the_qr_answers(client, world):
    tree, other = world["tree"], world["other"]
    link = ShortLink.objects.get_or_create_for(other, "poster")
    warm(client, other, tree.services, world["rule"])
    assert client.get(f"/q/{link.code}")["Location"] == other.url
    other.unpublish()
    assert client.get(other.url).status_code == 404
    assert "Vélos partagés" not in client.get(tree.services.url).content.decode()
    assert client.get(f"/q/{link.code}")["Location"] == "/fr/"
    assert client.get(world["rule"].url)["X-Page-Cache"] == "hit"


def test_a_testimonial_moved_to_another_service_refreshes_both(client, world):
    service, other, testimonial = world["service"], world["other"], world["testimonial"]
    warm(client, service, other)
    testimonial.service = other
    publish(testimonial)
    assert "Mme Ruche" not in client.get(service.url).content.decode()
    assert "Mme Ruche" in client.get(other.url).content.decode()


def test_the_affected_pages_include_every_translation(world, locales):
    service, campaign = world["service"], world["campaign"]
    english = campaign.copy_for_translation(locales["en"], copy_parents=True)
    publish(english)
    affected = {page.pk for page in invalidation.affected_pages(service)}
    assert {english.pk, campaign.pk, world["testimonial"].pk, service.pk} <= affected
    assert {world["rule"].pk, world["other"].pk} & affected == set()


def test_a_new_url_or_a_site_wide_change_empties_everything(client, world):
    rule = world["rule"]
    warm(client, rule)
    service = world["service"]
    service.slug = "outillage"
    publish(service)
    assert client.get(rule.url)["X-Page-Cache"] == "miss"
    assert not PageCacheStamp.objects.exists()  # a bump makes the stamps useless


def test_the_proxy_is_purged_of_the_same_pages_and_marks_what_it_may_keep(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    purged, everything, shared = [], [], []
    monkeypatch.setattr(proxy, "purge_urls", purged.extend)
    monkeypatch.setattr(proxy, "purge_everything", lambda: everything.append(True))
    monkeypatch.setattr(proxy, "mark_shared", lambda response, s: shared.append(s) or response)
    service, tree = world["service"], world["tree"]

    client.get(world["rule"].url)
    assert 0 < shared[-1] <= 300
    with django_capture_on_commit_callbacks(execute=True):
        service.title = "Outilthèque des Aulnes"
        publish(service)
    root = "http://testserver"
    assert {root + service.url, root + tree.home.url, root + world["campaign"].url} <= set(purged)
    assert f"{root}/sitemap.xml" in purged
    assert root + world["rule"].url not in purged
    assert not everything
    with django_capture_on_commit_callbacks(execute=True):
        invalidation.bump("branding")
    assert everything == [True]
