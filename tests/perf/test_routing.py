"""The home page routes a path in one query, with Wagtail's own answers."""

from django.http import Http404
from django.test import RequestFactory

from wagtail.models import Page

import pytest

from tests.factories import RegulationPageFactory, ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db


def wagtail_route(home, request, components):
    """Wagtail's walk, a slug at a time (what ``HomePage.route`` replaces)."""
    try:
        return Page.route(home, request, components).page.pk
    except Http404:
        return None


def crieur_route(home, request, components):
    try:
        return home.route(request, components).page.pk
    except Http404:
        return None


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
    for components in paths:
        expected = wagtail_route(home, request, components)
        assert crieur_route(home, request, components) == expected, components
        answers["/".join(components)] = expected
    assert answers["services/outilotheque"] == service.pk
    assert answers["services/brouillon"] is None  # a draft is not found
    assert draft.pk not in answers.values()
    assert answers["services/inconnu"] is None


def test_route_finds_the_specific_page_in_two_queries(site_tree, django_assert_num_queries):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque")
    home = site_tree.home.specific
    request = RequestFactory().get("/")
    with django_assert_num_queries(2):
        found = home.route(request, ["services", "outilotheque"]).page
    assert type(found) is type(service.specific)
    assert found.pk == service.pk


def test_a_served_page(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque", title="Outils")
    response = client.get(service.url)
    assert response.status_code == 200
    assert "Outils" in response.content.decode()
    assert client.get(service.url + "nulle-part/").status_code == 404
