"""A map of places in French and English, with one live place, for the contribution tests."""

from decimal import Decimal

from django.core.cache import cache

import pytest

from places.models import PlaceIndexPage, PlacePage


def make_place(parent, title, *, live=True, **fields):
    values = {
        "kind": "tool-library",
        "address": "3 rue des Aulnes",
        "latitude": Decimal("45.188529"),
        "longitude": Decimal("5.724524"),
        "opening_hours": "Samedi 10 h – 12 h",
    }
    values.update(fields)
    page = PlacePage(title=title, live=live, has_unpublished_changes=not live, **values)
    parent.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Each test starts with no proposal counted, at a rate it does not reach by accident."""
    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "place-proposal": "1000/m"}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def place_map(site_tree, locales):
    return build_place_map(site_tree, locales)


def build_place_map(site_tree, locales):
    """The French map with one live place, and their English translations."""
    index = PlaceIndexPage(title="Lieux partagés", slug="lieux")
    site_tree.home.add_child(instance=index)
    place = make_place(index, "Outilthèque des Aulnes")
    en_home = site_tree.home.copy_for_translation(locales["en"])
    en_home.save_revision().publish()
    en_index = index.copy_for_translation(locales["en"])
    en_index.save_revision().publish()
    en_place = place.copy_for_translation(locales["en"])
    en_place.title = "Aulnes tool library"
    en_place.save_revision().publish()
    return {"fr": index, "en": en_index, "place": place, "en_place": en_place}
