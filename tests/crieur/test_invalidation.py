"""One content generation (``crieur.invalidation``) for every cache that keeps content.

The page cache and the QR resolver key their entries on it; every change a
visitor could see bumps it, whichever cache the change concerned before.
"""

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from crieur import invalidation
from crieur.models import BrandingSettings
from links.models import ScanCount, ShortLink
from links.resolver import clear_local_cache
from services.models import ServiceCategory
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"


@pytest.fixture(autouse=True)
def fresh_caches(settings):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


@pytest.fixture
def service(site_tree):
    page = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outilthèque")
    page.save_revision().publish()
    return page


@pytest.fixture
def link(service):
    return ShortLink.objects.get_or_create_for(service, "poster")


def test_a_bump_gives_one_new_generation_to_every_reader():
    before = invalidation.current()
    invalidation.bump("test")
    after = invalidation.current()
    assert after != before
    assert invalidation.current_cached() == after


def test_the_cached_generation_costs_no_query_once_read():
    invalidation.bump("test")
    invalidation.current_cached()
    with CaptureQueriesContext(connection) as queries:
        invalidation.current_cached()
    assert len(queries) == 0


def test_a_generation_never_comes_back_after_the_row_is_rewound():
    # A database restored from a backup: the row goes back to an older value.
    from crieur.models import CacheGeneration

    invalidation.bump("test")
    invalidation.bump("test")
    seen = invalidation.current()
    CacheGeneration.objects.filter(pk=1).update(value=seen - 1)
    invalidation.bump("after the restore")
    assert invalidation.current() > seen


def test_a_bump_inside_a_transaction_is_made_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    # Between the bump and the commit, another process may cache answers made from
    # the state before the commit under the new generation: they must not be read after.
    with django_capture_on_commit_callbacks(execute=True):
        invalidation.bump("publish")
        during = invalidation.current_cached()
    assert invalidation.current_cached() != during
    assert invalidation.current_cached() == invalidation.current()


def test_one_bump_empties_the_page_cache_and_the_resolutions(client, service, link):
    client.get("/branding.css")  # makes the site's branding row (a change: it empties the cache)
    assert client.get(service.url)["X-Page-Cache"] == "miss"
    assert client.get(service.url)["X-Page-Cache"] == "hit"
    assert client.get(f"/q/{link.code}")["Location"] == service.url
    # Unpublished behind the caches' back (no signal): both keep their answers...
    Page.objects.filter(pk=service.pk).update(live=False)
    assert client.get(service.url)["X-Page-Cache"] == "hit"
    assert client.get(f"/q/{link.code}")["Location"] == service.url
    # ...until the one generation changes.
    invalidation.bump("test")
    assert client.get(service.url).status_code == 404
    assert client.get(f"/q/{link.code}")["Location"] == "/fr/"


def change_site(site_tree):
    site_tree.site.site_name = "Val-des-Aulnes"
    site_tree.site.save()


def change_locale(site_tree):
    Locale.objects.get(language_code="en").save()


def restrict(site_tree):
    PageViewRestriction.objects.create(
        page=site_tree.services, restriction_type=PageViewRestriction.LOGIN
    )


def change_branding(site_tree):
    branding = BrandingSettings.for_site(site_tree.site)
    branding.authority_name = "Ville de Test"
    branding.save()


def add_image(site_tree):
    from wagtail.images.tests.utils import get_test_image_file

    get_image_model().objects.create(title="Affiche", file=get_test_image_file())


def change_category(site_tree):
    ServiceCategory.objects.create(
        name="Outils", slug="outils", locale=Locale.get_default()
    ).delete()


def edit_link(site_tree):
    link = ShortLink.objects.get(channel="poster")
    link.label = "Affiche de la mairie"
    link.save()


def delete_link(site_tree):
    ShortLink.objects.get(channel="poster").delete()


def delete_page(site_tree):
    Page.objects.get(slug="outils").delete()


def move_page(site_tree):
    Page.objects.get(slug="outils").specific.move(site_tree.regulations, pos="last-child")


@pytest.mark.parametrize(
    "change",
    [
        change_site,
        change_locale,
        restrict,
        change_branding,
        add_image,
        change_category,
        edit_link,
        delete_link,
        delete_page,
        move_page,
    ],
)
def test_every_change_a_visitor_could_see_bumps_the_one_generation(site_tree, link, change):
    before = invalidation.current()
    cached_before = invalidation.current_cached()
    change(site_tree)
    assert invalidation.current() != before
    assert invalidation.current_cached() != cached_before


def test_a_new_link_does_not_bump_the_generation(service, link):
    before = invalidation.current()
    ShortLink.objects.create_unique(service, "sticker")
    ShortLink.objects.create_many_unique(service, "sticker", 5)
    assert invalidation.current() == before


def test_an_image_first_rendered_does_not_bump_the_generation(site_tree):
    """Wagtail records an image's size and hash when it first renders it: nobody sees that."""
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Affiche", file=get_test_image_file())
    get_image_model().objects.filter(pk=image.pk).update(file_size=None, file_hash="")
    image.refresh_from_db()
    before = invalidation.current()
    image.get_rendition("fill-64x64")
    image.get_file_size()
    image.get_file_hash()
    assert invalidation.current() == before
    image.title = "Affiche de la fête"
    image.save()
    assert invalidation.current() != before


class DownCache:
    """A cache whose server cannot be reached: every call raises."""

    def __getattr__(self, name):
        def broken(*args, **kwargs):
            raise ConnectionError("cache server down")

        return broken


def test_scans_go_on_when_the_cache_server_is_down(client, service, link, monkeypatch):
    from links import resolver

    # Wagtail's own cache reads (site root paths) are left alone: django-redis
    # ignores a Redis that is down (IGNORE_EXCEPTIONS), ours must not depend on it.
    monkeypatch.setattr(invalidation, "cache", DownCache())
    monkeypatch.setattr(resolver, "cache", DownCache())
    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == service.url
    assert sum(ScanCount.objects.filter(link=link).values_list("count", flat=True)) == 1
    invalidation.bump("publish while the cache is down")  # the row is bumped all the same
    assert invalidation.current_cached() == invalidation.current()
    ShortLink.objects.create_unique(service, "sticker")  # a new code, nothing to forget


def test_a_cache_that_keeps_nothing_costs_a_query_not_a_wrong_answer(client, service, link):
    with override_settings(CACHES={"default": {"BACKEND": DUMMY_CACHE}}):
        assert client.get(f"/q/{link.code}")["Location"] == service.url
        service.unpublish()
        assert client.get(f"/q/{link.code}")["Location"] == "/fr/"


def test_the_consent_sweep_bumps_the_one_generation(site_tree):
    from testimonials.consent import sweep

    before = invalidation.current()
    sweep()
    assert invalidation.current() != before


def test_the_consent_sweep_imports_no_channel(settings):
    # It asks the core to forget what is cached; the links app listens to the core.
    import ast
    from pathlib import Path

    source = Path(settings.BASE_DIR, "testimonials", "consent.py").read_text()
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    channels = ("links", "kiosk", "bulletins", "stickers", "pdf")
    assert not any(name and name.split(".")[0] in channels for name in imported)
