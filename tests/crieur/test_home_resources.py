"""The home page leads residents to the map of places and to the calls they can answer today."""

import datetime

from django.test import Client
from django.utils import timezone

import pytest

from tests.factories.calls import CallIndexPageFactory, CallPageFactory
from tests.factories.places import PlaceIndexPageFactory

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def home_html(site_tree):
    response = Client().get(site_tree.home.url)
    assert response.status_code == 200
    return response.content.decode()


def test_home_links_to_the_map_of_places(site_tree):
    assert "places-heading" not in home_html(site_tree)
    places = publish(
        PlaceIndexPageFactory(parent=site_tree.home, intro="Les lieux que chacun peut utiliser.")
    )
    html = home_html(site_tree)
    assert "Les lieux que chacun peut utiliser." in html
    assert f'href="{places.url}"' in html


def test_home_shows_the_calls_open_today_only(site_tree):
    index = publish(CallIndexPageFactory(parent=site_tree.home, slug="appels"))
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    publish(CallPageFactory(parent=index, slug="ouvert", title="Fonds des voisins"))
    publish(
        CallPageFactory(
            parent=index,
            slug="ferme",
            title="Appel de l’an dernier",
            opens_on=today - 60 * day,
            closes_on=today - day,
        )
    )
    publish(
        CallPageFactory(
            parent=index,
            slug="bientot",
            title="Appel du printemps",
            opens_on=today + 10 * day,
            closes_on=today + 40 * day,
        )
    )
    draft = CallPageFactory(parent=index, slug="brouillon", title="Appel en préparation")
    draft.unpublish()

    html = home_html(site_tree)
    assert "calls-heading" in html
    assert "Fonds des voisins" in html
    for absent in ("Appel de l’an dernier", "Appel du printemps", "Appel en préparation"):
        assert absent not in html
