"""The map page: the list, its filters, the markers' data and the tile server's CSP."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from tests.factories.places import PlacePageFactory, PlaceResourceFactory

from .helpers import CONTACT

pytestmark = pytest.mark.django_db


def listed(response):
    """The places of the list as the map reads them: name → data attributes."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {item["data-name"]: item.attrs for item in soup.select("[data-place]")}


def test_the_list_and_the_markers_show_the_places_the_website_may_show(client, places):
    response = client.get(places.tools.get_parent().url)
    assert response.status_code == 200
    items = listed(response)
    assert set(items) == {place.title for place in places.shown}
    tools = items["Outilthèque"]
    # Coordinates with a dot whatever the language (French writes 45,19), for the map.
    assert (tools["data-lat"], tools["data-lng"]) == ("45.191234", "5.721234")
    assert tools["data-kind"] == "tool-library"
    assert tools["data-url"] == places.tools.url
    assert tools["data-address"] == "3 place du Marché"
    html = response.content.decode()
    for place in places.hidden:
        assert place.title not in html
    assert CONTACT not in html
    assert "4 lieux" in html


def test_each_place_in_the_list_says_kind_address_hours_what_to_borrow_and_access(client, places):
    response = client.get(places.tools.get_parent().url)
    soup = BeautifulSoup(response.content, "html.parser")
    item = soup.find(attrs={"data-name": "Outilthèque"})
    assert item.find("h3").find("a")["href"] == places.tools.url
    facts = {
        dt.get_text(strip=True): dd.get_text(" ", strip=True)
        for dt, dd in zip(item.find_all("dt"), item.find_all("dd"), strict=True)
    }
    assert facts["Type"] == "Outilthèque"
    assert facts["Adresse"] == "3 place du Marché"
    assert facts["Horaires d’ouverture"].startswith("Mercredi")
    assert facts["À emprunter"] == "Vélo cargo Perceuse"
    assert facts["Accessibilité"].startswith("Accès de plain-pied")
    garden = soup.find(attrs={"data-name": "Jardin des Aulnes"})
    assert "Rien à emprunter" in garden.get_text()
    temporary = soup.find(attrs={"data-name": "Troc’ été"})
    assert "Dates" in temporary.get_text()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=garden", {"Jardin des Aulnes"}),
        ("?resource=vehicle", {"Outilthèque"}),
        ("?resource=room", {"Salle des fêtes"}),
        ("?resource=garden-plot", set()),  # a plot here, but not lent
        ("?kind=room&resource=vehicle", set()),
        ("?kind=&resource=", {"Outilthèque", "Jardin des Aulnes", "Salle des fêtes", "Troc’ été"}),
    ],
)
def test_filters_work_without_javascript_and_the_map_follows(client, places, query, expected):
    response = client.get(places.tools.get_parent().url + query)
    assert set(listed(response)) == expected
    if not expected:
        assert "Aucun lieu ne correspond" in response.content.decode()


def test_an_unknown_filter_shows_every_place_and_says_so(client, places):
    response = client.get(places.tools.get_parent().url + "?kind=castle&resource=<script>")
    assert response.status_code == 200
    assert set(listed(response)) == {place.title for place in places.shown}
    assert "pas été compris" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]


def test_the_filter_form_is_a_labelled_get_form(client, places):
    response = client.get(places.tools.get_parent().url + "?kind=garden")
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", class_="places-filters")
    assert form["method"] == "get"
    for select in form.find_all("select"):
        assert soup.find("label", attrs={"for": select["id"]})
    assert form.find("option", selected=True)["value"] == "garden"


def test_leaflet_is_served_by_the_project_and_the_map_region_is_labelled(client, places):
    response = client.get(places.tools.get_parent().url)
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = [script["src"] for script in soup.find_all("script", src=True)]
    assert "/static/places/leaflet/leaflet.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)
    styles = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert "/static/places/leaflet/leaflet.css" in styles
    canvas = soup.find(id="places-map")
    assert canvas["role"] == "region" and canvas["aria-label"]
    assert canvas["data-tiles-url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert canvas["data-attribution"] == "© OpenStreetMap contributors"
    assert soup.find("a", href="#places-list")  # the map can be skipped


def test_the_map_page_csp_allows_the_tile_server_and_nothing_else(client, places, settings):
    response = client.get(places.tools.get_parent().url)
    policy = response["Content-Security-Policy"]
    img_src = re.search(r"img-src ([^;]*)", policy).group(1).split()
    assert img_src == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert re.search(r"script-src 'self'(;|$)", policy)
    assert "tile.openstreetmap.org" not in client.get(places.tools.url)["Content-Security-Policy"]
    settings.CRIEUR_MAP_TILES = {
        "url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "Tiles: Example",
    }
    response = client.get(places.tools.get_parent().url + "?x=1")
    assert "img-src 'self' data: https://*.tiles.example.org" in response["Content-Security-Policy"]
    canvas = BeautifulSoup(response.content, "html.parser").find(id="places-map")
    assert canvas["data-attribution"] == "Tiles: Example"
    assert canvas["data-attribution-url"] == ""


def test_a_place_page_shows_its_facts_and_never_its_contact(client, places):
    response = client.get(places.tools.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vélo cargo" in html and "3 place du Marché" in html
    assert CONTACT not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("a", href="/fr/lieux/outiltheque/emprunter/")  # it lends: ask to borrow
    assert soup.find("a", href=f"/fr/lieux/proposer/?place={places.tools.pk}")
    garden = BeautifulSoup(client.get(places.garden.url).content, "html.parser")
    assert not garden.find("a", href=re.compile("emprunter"))  # lends nothing


def test_hidden_places_have_no_page_for_the_public(client, places):
    for place in (places.expired, places.future):
        assert client.get(place.url).status_code == 404
    assert client.get(places.temporary.url).status_code == 200


def test_the_list_and_the_feed_cost_the_same_queries_for_more_places(client, places):
    index = places.tools.get_parent()

    def count(url):
        client.get(url)  # warm the site's root paths cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = (count(index.url), count("/places.geojson"))
    for n in range(6):
        extra = PlacePageFactory(parent=index, slug=f"encore-{n}")
        PlaceResourceFactory(page=extra)
        extra.save_revision().publish()
    assert (count(index.url), count("/places.geojson")) == before
