"""Varnish in front of the real application (pytest-django's ``live_server``).

The proxy configured as in production (``WAGTAILFRONTENDCACHE`` with
``crieur.proxy.PurgeBackend`` pointed at this varnishd) and the page cache on:
anonymous pages are kept by Varnish for what the page cache allows, everything
personal or counted reaches the application, and a purge or a publish drops
exactly the pages it names.
"""

from django.core.cache import cache

import pytest

from crieur import proxy
from links.models import ScanCount, ShortLink
from tests.deploy.conftest import running_varnish
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "testserver"  # the test site's hostname (tests/conftest.py)


@pytest.fixture(scope="module")
def module_varnish(live_server, tmp_path_factory):
    port = int(live_server.url.rsplit(":", 1)[1])
    with running_varnish([port], tmp_path_factory.mktemp("varnish")) as varnish:
        yield varnish


@pytest.fixture
def varnish(module_varnish, settings):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "crieur.proxy.PurgeBackend",
            "LOCATION": module_varnish.url,
            "TIMEOUT": 5,
        }
    }
    settings.WAGTAILFRONTENDCACHE_LANGUAGES = []
    assert module_varnish.request("BAN", "/")[0] == 200  # each test starts empty
    cache.clear()
    return module_varnish


def get(varnish, path, **headers):
    status, answer, body = varnish.request("GET", path, {"Host": HOST, **headers})
    return status, answer, body.decode()


def x_cache(varnish, path, **headers):
    return get(varnish, path, **headers)[1]["X-Cache"]


@pytest.fixture
def services(site_tree):
    pages = []
    for slug, title in (("outils", "Outilthèque"), ("velos", "Vélos partagés")):
        page = ServicePageFactory(parent=site_tree.services, slug=slug, title=title)
        page.save_revision().publish()
        pages.append(page)
    return pages


def test_a_public_page_is_a_miss_then_a_hit(varnish, services):
    path = services[0].url
    status, first, _body = get(varnish, path)
    assert (status, first["X-Cache"]) == (200, "MISS")
    assert "s-maxage=" in first["Cache-Control"]

    status, second, body = get(varnish, path)
    assert (status, second["X-Cache"]) == (200, "HIT")
    assert "Outilthèque" in body


@pytest.mark.parametrize("cookie", ["sessionid=abc", "csrftoken=xyz"])
def test_a_visitor_with_a_session_or_csrf_cookie_passes(varnish, services, cookie):
    path = services[0].url
    get(varnish, path)
    assert x_cache(varnish, path, Cookie=cookie) == "PASS"


def test_every_scan_reaches_the_application_and_is_counted(varnish, services):
    link = ShortLink.objects.get_or_create_for(services[0], "poster")
    answers = [get(varnish, f"/q/{link.code}") for _ in range(5)]
    assert [(status, answer["X-Cache"]) for status, answer, _body in answers] == [(302, "PASS")] * 5
    assert answers[0][1]["Location"] == services[0].url
    assert sum(ScanCount.objects.filter(link=link).values_list("count", flat=True)) == 5


def test_the_admin_passes(varnish, services):
    for _ in range(2):
        status, answer, _body = get(varnish, "/admin/")
        assert (status, answer["X-Cache"]) == (302, "PASS")
        assert "/admin/login/" in answer["Location"]


def test_purge_urls_drops_that_page_and_keeps_the_others(varnish, services):
    first, second = (page.url for page in services)
    for path in (first, second, first, second):
        get(varnish, path)
    assert x_cache(varnish, first) == x_cache(varnish, second) == "HIT"

    proxy.purge_urls([services[0].full_url])

    assert x_cache(varnish, first) == "MISS"
    assert x_cache(varnish, second) == "HIT"


def test_purge_everything_empties_it(varnish, services):
    paths = [page.url for page in services]
    for path in paths * 2:
        get(varnish, path)

    proxy.purge_everything()

    assert [x_cache(varnish, path) for path in paths] == ["MISS", "MISS"]


def test_a_publish_purges_the_page_at_once(varnish, services):
    service, unrelated = services
    for path in (service.url, unrelated.url) * 2:
        get(varnish, path)
    assert "Outilthèque" in get(varnish, service.url)[2]

    service.title = "Outilthèque des Aulnes"
    service.save_revision().publish()

    status, answer, body = get(varnish, service.url)
    assert (status, answer["X-Cache"]) == (200, "MISS")
    assert "Outilthèque des Aulnes" in body
    assert x_cache(varnish, unrelated.url) == "HIT"  # a sibling the page is not shown on
