"""After a publish, one request renders a page; the others get the previous copy or wait.

Then the background task renders the pages a publish made out of date, so the
next visitor gets a cached page.
"""

import threading

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered

import pytest

from crieur import invalidation, page_cache
from crieur.tasks import MAX_REFRESH, refresh_pages
from links.resolver import clear_local_cache
from tests.factories import RegulationPageFactory, ServicePageFactory


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
def service(site_tree):
    page = publish(ServicePageFactory(parent=site_tree.services, slug="outils", title="Outils"))
    Client().get("/branding.css")  # makes the site's branding row (a change: it empties the cache)
    return page


def lock_of(rf, page):
    state = invalidation.page_state(page.url)
    return f"{page_cache.cache_key(rf.get(page.url), state.generation)}:lock:{state.stamp}"


@pytest.mark.django_db
def test_while_one_request_renders_the_others_get_the_previous_copy(client, rf, service):
    assert client.get(service.url)["X-Page-Cache"] == "miss"
    service.title = "Outils partagés"
    publish(service)
    lock = lock_of(rf, service)
    assert cache.add(lock, 1, 30)  # another request is rendering the page
    stale = client.get(service.url)
    assert stale["X-Page-Cache"] == "stale"
    assert "Outils partagés" not in stale.content.decode()
    cache.delete(lock)  # its render is over
    fresh = client.get(service.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Outils partagés" in fresh.content.decode()
    assert client.get(service.url)["X-Page-Cache"] == "hit"


#: The name of the threads :func:`concurrent_gets` starts: only their renders are counted.
VISITOR = "stampede-visitor"


def concurrent_gets(url, count):
    """``count`` anonymous GETs of ``url`` at once, each in its own thread and connection."""
    answers, start = [], threading.Barrier(count)

    def visit():
        try:
            start.wait()
            response = Client().get(url)
            answers.append((response["X-Page-Cache"], response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=visit, name=VISITOR) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


@pytest.fixture
def slow_renders():
    """Counts the service page's renders, each taking 0.4 s more: the others arrive meanwhile."""
    renders = []

    def rendered(sender, template, **kwargs):
        # Counted in the visitors' threads only: any other thread still alive in
        # the test process (a server left by another test) renders nothing here.
        if template.name == "services/service_page.html" and (
            threading.current_thread().name in (VISITOR, "MainThread")
        ):
            renders.append(template.name)
            threading.Event().wait(0.4)

    template_rendered.connect(rendered)
    yield renders
    template_rendered.disconnect(rendered)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_visitors_after_a_publish_cause_one_render(service, slow_renders, settings):
    cache.clear()  # what the background task cached once the service was made
    assert Client().get(service.url)["X-Page-Cache"] == "miss"
    settings.CRIEUR_PAGE_CACHE_SECONDS = 0  # no background render (a busy task queue)...
    service.title = "Outils partagés"
    publish(service)
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300  # ...and visitors arrive
    slow_renders.clear()

    answers = concurrent_gets(service.url, 4)

    assert len(slow_renders) == 1
    assert sorted(how for how, _content in answers) == ["miss", "stale", "stale", "stale"]
    assert all(("Outils partagés" in content) == (how == "miss") for how, content in answers)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_visitors_without_a_previous_copy_wait_for_one_render(
    service, slow_renders, monkeypatch
):
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 20)  # a slow CI machine: still one render
    cache.clear()  # what the background task cached once the service was made
    answers = concurrent_gets(service.url, 4)
    assert len(slow_renders) == 1
    assert sorted(how for how, _content in answers) == ["hit", "hit", "hit", "miss"]


@pytest.mark.django_db
def test_the_background_task_leaves_the_invalidated_pages_cached(
    client, service, site_tree, django_capture_on_commit_callbacks
):
    rule = publish(RegulationPageFactory(parent=site_tree.regulations, slug="pret"))
    for page in (service, site_tree.services, site_tree.home, rule):
        client.get(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        service.title = "Outils partagés"
        publish(service)
    for page in (service, site_tree.services, site_tree.home, rule):
        response = client.get(page.url)
        assert response["X-Page-Cache"] == "hit", page.url
    assert "Outils partagés" in client.get(service.url).content.decode()


@pytest.mark.django_db
def test_the_background_task_renders_at_most_its_cap_of_this_site_s_pages(service):
    urls = [f"http://testserver{service.url}?n={n}" for n in range(MAX_REFRESH + 5)]
    hostile = ["http://evil.example/fr/", "javascript:alert(1)", "http://testserver//evil"]
    assert refresh_pages.enqueue(hostile + urls).return_value == MAX_REFRESH - len(hostile)
