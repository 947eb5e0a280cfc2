"""/places.geojson: the places the website shows, filtered and cacheable, never a contact."""

import json

import pytest

from crieur.demo import translate as localize
from places.views import FEED_MAX_AGE

from .helpers import CONTACT

pytestmark = pytest.mark.django_db


def features(response):
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return {feature["properties"]["name"]: feature for feature in data["features"]}


def test_the_feed_has_the_live_public_places_within_their_dates(client, places):
    response = client.get("/places.geojson")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    found = features(response)
    assert set(found) == {place.title for place in places.shown}
    tools = found["Outilthèque"]
    assert tools["geometry"] == {"type": "Point", "coordinates": [5.721234, 45.191234]}
    properties = tools["properties"]
    assert properties["kind"] == "tool-library"
    assert properties["kind_label"] == "Outilthèque"
    assert properties["address"] == "3 place du Marché"
    assert properties["url"] == "http://testserver" + places.tools.url
    assert properties["opening_hours"].startswith("Mercredi")
    assert properties["accessibility"]["step_free_access"] is True
    assert properties["lends"] is True
    assert {r["name"] for r in properties["resources"] if r["lendable"]} == {
        "Vélo cargo",
        "Perceuse",
    }
    temporary = found["Troc’ été"]["properties"]
    assert temporary["permanent"] is False
    assert temporary["available_until"] == places.temporary.available_until.isoformat()
    assert CONTACT not in response.content.decode()
    assert "contact" not in json.dumps(tools).lower()


def test_filters_as_on_the_map_page(client, places):
    assert set(features(client.get("/places.geojson?kind=garden"))) == {"Jardin des Aulnes"}
    assert set(features(client.get("/places.geojson?resource=room"))) == {"Salle des fêtes"}
    assert features(client.get("/places.geojson?kind=room&resource=vehicle")) == {}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("?kind=castle", "kind"),
        ("?resource=spaceship", "resource"),
        ("?lang=de", "Unknown language"),
        ("?kind=" + "x" * 5000, "kind"),
    ],
)
def test_an_unknown_value_is_a_400_that_says_why(client, places, query, words):
    response = client.get("/places.geojson" + query)
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert words in json.loads(response.content)["error"]


def test_cacheable_with_an_etag_like_the_calendars(client, places):
    response = client.get("/places.geojson")
    assert f"max-age={FEED_MAX_AGE}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/places.geojson", headers={"if-none-match": etag})
    assert again.status_code == 304
    places.garden.unpublish()
    changed = client.get("/places.geojson", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Jardin des Aulnes" not in features(changed)


def test_english_places_with_lang_en(
    client, places, site_tree, locales, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        localize.translate(site_tree.home, locales["en"], {"Accueil": "Home"})
        localize.translate(places.tools.get_parent(), locales["en"], {})
        localize.translate(places.tools, locales["en"], {"Outilthèque": "Tool library"})
    found = features(client.get("/places.geojson?lang=en"))
    assert set(found) == {"Tool library"}
    properties = found["Tool library"]["properties"]
    assert properties["kind_label"] == "Tool library"
    assert properties["language"] == "en"
    assert "/en/" in properties["url"]
    assert "Outilthèque" in features(client.get("/places.geojson?lang=fr"))
