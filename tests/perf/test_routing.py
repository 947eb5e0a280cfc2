"""Pages are routed through ``crieur.sitewide``, with Wagtail's own answers.

The pages on a path are known once per content generation: serving a page
reads that page only. Whatever the snapshot leaves to Wagtail (a path it does
not know, a page with its own sub-routes) Wagtail routes itself, so every
answer is Wagtail's.
"""

from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from wagtail.models import Locale, Page

import pytest

from crieur.models import read_served_page
from crieur.sitewide import snapshot
from tests.factories import RegulationPageFactory, ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db


def wagtail_route(home, request, components):
    """Wagtail's walk, a slug at a time."""
    try:
        return Page.route(home, request, components).page.pk
    except Http404:
        return None


def crieur_route(site, home, request, components):
    """What ``crieur.serving.serve`` does: the snapshot's route, else Wagtail's."""
    with translation.override("fr"):
        result = snapshot().route(request, site, "/".join(components) + "/", read_served_page)
    if result is NotImplemented:
        return wagtail_route(home, request, components)
    return result.page.pk if result is not None else None


def test_same_answers_as_wagtail(site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque")
    draft = ServicePageFactory(parent=site_tree.services, slug="brouillon", live=False)
    RegulationPageFactory(parent=site_tree.regulations, slug="regle")
    TestimonialPageFactory(parent=site_tree.testimonials, slug="claire")
    # An index unpublished: Wagtail still routes to its live children.
    site_tree.testimonials.unpublish()
    home = site_tree.home.specific
    request = RequestFactory().get("/")
    paths = [
        [],
        ["services"],
        ["services", "outilotheque"],
        ["services", "brouillon"],
        ["services", "inconnu"],
        ["services", "outilotheque", "plus-loin"],
        ["reglementation", "regle"],
        ["temoignages", "claire"],
        ["temoignages"],
        ["outilotheque"],
    ]
    answers = {}
    for _twice in range(2):  # the second time from what the snapshot kept
        for components in paths:
            expected = wagtail_route(home, request, components)
            assert crieur_route(site_tree.site, home, request, components) == expected, components
            answers["/".join(components)] = expected
    assert answers["services/outilotheque"] == service.pk
    assert answers["services/brouillon"] is None  # a draft is not found
    assert draft.pk not in answers.values()
    assert answers["services/inconnu"] is None


def test_a_known_path_reads_the_page_only(site_tree, django_assert_num_queries):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque")
    request = RequestFactory().get("/")
    with translation.override("fr"):
        known = snapshot()
        known.route(request, site_tree.site, "services/outilotheque/", read_served_page)
        with django_assert_num_queries(1):
            found = known.route(
                request, site_tree.site, "services/outilotheque/", read_served_page
            ).page
    assert type(found) is type(service.specific)
    assert found.pk == service.pk


def test_a_served_page(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque", title="Outils")
    response = client.get(service.url)
    assert response.status_code == 200
    assert "Outils" in response.content.decode()
    assert client.get(service.url + "nulle-part/").status_code == 404


def test_a_new_slug_is_routed_at_once(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque", title="Outils")
    old_url = service.url
    assert client.get(old_url).status_code == 200
    service.slug = "outils-partages"
    service.save_revision().publish()
    assert client.get(old_url).status_code == 404
    service.refresh_from_db()
    assert service.url != old_url
    response = client.get(service.url)
    assert response.status_code == 200
    assert "Outils" in response.content.decode()


def test_an_unpublished_page_is_gone_at_once(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque")
    assert client.get(service.url).status_code == 200
    service.unpublish()
    assert client.get(service.url).status_code == 404


def test_the_english_home_routes_once_published(client, site_tree):
    """Wagtail routes /en/ through the live English home only: its first publish bumps."""
    assert client.get("/en/").status_code == 200  # the French home, as Wagtail falls back
    english = site_tree.home.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Home"
    english.save_revision().publish()
    response = client.get("/en/")
    assert response.status_code == 200
    assert "<h1>Home</h1>" in response.content.decode()
    english.refresh_from_db()
    english.unpublish()
    response = client.get("/en/")
    assert "<h1>Home</h1>" not in response.content.decode()
