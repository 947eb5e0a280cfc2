"""Shared fixtures: a site tree like the one editors work in."""

from dataclasses import dataclass

from wagtail.models import Locale, Page, Site

import pytest

from tests.factories import (
    CampaignIndexPageFactory,
    HomePageFactory,
    RegulationIndexPageFactory,
    ServiceIndexPageFactory,
    TestimonialIndexPageFactory,
)


@dataclass
class SiteTree:
    site: Site
    home: Page
    services: Page
    regulations: Page
    testimonials: Page
    campaigns: Page


@pytest.fixture
def locales(db):
    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return {"fr": french, "en": english}


@pytest.fixture
def site_tree(locales):
    """A fresh home page with the four index pages, as the default site."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="accueil-test", locale=locales["fr"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home, "site_name": "Test"},
    )
    Site.clear_site_root_paths_cache()
    return SiteTree(
        site=Site.objects.get(is_default_site=True),
        home=home,
        services=ServiceIndexPageFactory(parent=home, slug="services"),
        regulations=RegulationIndexPageFactory(parent=home, slug="reglementation"),
        testimonials=TestimonialIndexPageFactory(parent=home, slug="temoignages"),
        campaigns=CampaignIndexPageFactory(parent=home, slug="campagnes"),
    )


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser("staff", "staff@example.org", "password")
