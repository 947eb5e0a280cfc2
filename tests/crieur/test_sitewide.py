"""What a page view reads once per content generation (``crieur.sitewide``) is never out of date.

Each test first serves a page, so that the snapshot holds the state before
the change, then changes something and serves again: every change is seen at
the next request, and nothing one request does to what it was handed reaches
another request.
"""

from django.test import RequestFactory

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from crieur.channels import Channel
from crieur.gate import gate
from crieur.models import BrandingSettings
from crieur.sitewide import snapshot
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def test_a_restriction_is_seen_at_the_next_request(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque", title="Outils")
    assert client.get(service.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=site_tree.services, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get(service.url)
    assert "Outils" not in response.content.decode()
    assert 'name="password"' in response.content.decode()  # Wagtail's password form
    assert not gate(Page.objects.filter(pk=service.pk), Channel.WEBSITE).exists()
    restriction.delete()
    assert "Outils" in client.get(service.url).content.decode()
    assert gate(Page.objects.filter(pk=service.pk), Channel.WEBSITE).exists()


def test_an_alias_of_a_private_page_is_private(client, site_tree):
    """Wagtail checks the restrictions of an alias's source: so does the snapshot."""
    private = ServicePageFactory(parent=site_tree.services, slug="prive", title="Secret")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    alias = private.create_alias(parent=site_tree.regulations, update_slug="alias-du-prive")
    assert snapshot().may_be_restricted(alias)
    response = client.get(alias.url)
    assert "Secret" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_an_unrestricted_page_asks_nothing(site_tree, django_assert_num_queries):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque")
    snapshot().restrictions()
    with django_assert_num_queries(1):  # the generation only
        assert not service.get_view_restrictions().exists()


def test_branding_is_seen_at_the_next_request(client, site_tree):
    assert client.get(site_tree.home.url).status_code == 200
    branding = BrandingSettings.for_site(site_tree.site)
    branding.authority_name = "Ville de Val-des-Aulnes"
    branding.save()
    assert "Ville de Val-des-Aulnes" in client.get(site_tree.home.url).content.decode()


def test_each_request_gets_its_own_branding_and_site(site_tree):
    first = RequestFactory().get("/fr/")
    second = RequestFactory().get("/fr/")
    branding = BrandingSettings.for_request(first)
    branding.authority_name = "Changed by one request"
    assert BrandingSettings.for_request(second).authority_name != "Changed by one request"
    site = snapshot().site(first)
    site.site_name = "Changed too"
    assert snapshot().site(second).site_name == "Test"
    assert site.pk == site_tree.site.pk


def test_a_new_site_is_seen_at_the_next_request(client, site_tree):
    other_home = site_tree.home.add_sibling(
        instance=site_tree.home.specific_class(title="Autre", slug="autre")
    )
    assert client.get("/fr/", HTTP_HOST="autre.example").status_code == 200  # the default site
    assert "Autre" not in client.get("/fr/", HTTP_HOST="autre.example").content.decode()
    Site.objects.create(hostname="autre.example", port=80, root_page=other_home, site_name="A")
    response = client.get("/fr/", HTTP_HOST="autre.example")
    assert response.status_code == 200
    assert "<h1>Autre</h1>" in response.content.decode()
