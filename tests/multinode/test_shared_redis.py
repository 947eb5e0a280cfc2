"""Two application processes sharing one database and one real Redis server.

What several servers behind a load balancer must share goes through the cache
named by ``REDIS_URL``: the rate limits (a client cannot get twice its quota by
landing on two servers), the page cache and the short-link resolutions (a publish
on one server is seen at once by the others). A Redis that is down slows the
site, it does not stop it.
"""

import subprocess
import sys

from django.conf import settings as django_settings

import pytest

from links.models import ScanCount, ShortLink
from tests.factories import ServicePageFactory
from tests.multinode.conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESOLVER_RATE = 5
PUBLISH_TIMEOUT = 120


@pytest.fixture
def service(site_tree):
    page = ServicePageFactory(parent=site_tree.services, slug="avant", title="Outilthèque")
    page.save_revision().publish()
    return page


@pytest.fixture
def link(service):
    return ShortLink.objects.get_or_create_for(service, "poster")


def scans(link):
    return sum(ScanCount.objects.filter(link=link).values_list("count", flat=True))


def test_a_rate_limit_is_counted_across_both_nodes(start_nodes, redis_url, link):
    # Per hour: a limit window cannot turn during the test.
    first, second = start_nodes(2, redis_url, RATE_LIMIT_RESOLVER=f"{RESOLVER_RATE}/h")
    answers = [(first, second)[n % 2].get(f"/q/{link.code}") for n in range(RESOLVER_RATE + 1)]

    statuses = [answer.status for answer in answers]
    assert statuses == [302] * RESOLVER_RATE + [429], first.log_tail() + second.log_tail()
    assert answers[-1]["Retry-After"] == "60"
    assert first.get(f"/q/{link.code}").status == 429  # the quota is spent on both
    assert scans(link) == RESOLVER_RATE  # refused scans are not counted


def test_a_publish_on_one_node_is_seen_at_once_by_the_other(
    start_nodes, node_environment, redis_url, service, link
):
    first, second = start_nodes(2, redis_url, PAGE_CACHE_SECONDS="300")
    first.get("/branding.css")  # makes the site's branding row (a change: it empties the cache)
    assert first.get(service.url)["X-Page-Cache"] == "miss"
    shared = second.get(service.url)
    assert shared["X-Page-Cache"] == "hit"  # rendered by the first node, cached for both
    assert "Outilthèque" in shared.text
    for node in (first, second):  # each node has the resolution in its own memory too
        assert node.get(f"/q/{link.code}")["Location"] == "/fr/services/avant/"

    # An editor publishes a new title and slug: the app's signals run in another process.
    publish = (
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(pk={service.pk}).specific\n"
        "page.title, page.slug = 'Outilthèque des Aulnes', 'apres'\n"
        "page.save_revision().publish()\n"
    )
    published = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", publish],
        cwd=django_settings.BASE_DIR,
        env=node_environment(redis_url),
        capture_output=True,
        text=True,
        timeout=PUBLISH_TIMEOUT,
    )
    assert published.returncode == 0, published.stderr

    for node in (second, first):
        assert node.get(f"/q/{link.code}")["Location"] == "/fr/services/apres/", node.log_tail()
        page = node.get("/fr/services/apres/")
        assert page.status == 200
        assert "Outilthèque des Aulnes" in page.text
        moved = node.get("/fr/services/avant/")  # Wagtail made a redirect for the old slug
        assert (moved.status, moved["Location"]) == (301, "/fr/services/apres/")
    assert first.get("/fr/services/apres/")["X-Page-Cache"] == "hit"


def test_a_node_keeps_serving_when_redis_is_down(start_nodes, service, link):
    nobody = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    (node,) = start_nodes(1, nobody, PAGE_CACHE_SECONDS="300", RATE_LIMIT_RESOLVER="5/h")

    page = node.get(service.url)
    assert page.status == 200, node.log_tail()
    assert "Outilthèque" in page.text
    scan = node.get(f"/q/{link.code}")
    assert scan.status == 302, node.log_tail()  # the rate limit fails open
    assert scan["Location"] == "/fr/services/avant/"
    assert scans(link) == 1
    assert "Exception ignored" in node.log.read_text(errors="replace")  # the outage is logged
