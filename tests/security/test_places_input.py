"""Hostile input on the map of places: query strings, script in every text, coordinates.

Garbage in ``?kind=``/``?resource=``/``?lang=`` never crashes: the page shows
every place and says the filter was not understood, the GeoJSON feed answers
400 with the reason. A place whose every text holds markup is escaped in the
list, the data attributes, the place page and the map's popups, and is the
same string, as data, in the GeoJSON. The editor's form refuses coordinates
out of range.
"""

import json
from decimal import Decimal

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup

from places.models import PlacePage
from tests.accessibility import CHROMIUM_MISSING, chromium_page
from tests.factories.places import PlaceIndexPageFactory, PlacePageFactory, PlaceResourceFactory

SCRIPT = "<script>window.pwned = 1</script>"
IMG = '<img src=x onerror="window.pwned = 2">'
HOSTILE = (f'{SCRIPT} "quote" \u202eélbatrop\u202c 🛠️ {IMG} ' + "Lieu " * 300)[:255]
GARBAGE = [
    "x" * 20_000,
    "%00",
    "garden%00",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "garden&kind=room",
    "🛠️" * 500,
    "\u202egarden",
]


@pytest.fixture
def hostile_place(site_tree):
    index = PlaceIndexPageFactory(parent=site_tree.home)
    place = PlacePageFactory(
        parent=index,
        slug="hostile",
        title=HOSTILE,
        teaser=HOSTILE[:160],
        address=HOSTILE,
        opening_hours=SCRIPT + "\n" + IMG,
        accessibility_notes=IMG,
        run_by=HOSTILE,
    )
    PlaceResourceFactory(page=place, name=HOSTILE[:120])
    place.save_revision().publish()
    return PlacePage.objects.get(pk=place.pk)


def assert_no_markup(html):
    """No element or handler came from the place's texts (the page's own scripts aside)."""
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("img", src="x")
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith("/static/"), script
    assert "window.pwned" not in "".join(str(s) for s in soup.find_all("script"))


@pytest.mark.django_db
@pytest.mark.parametrize("value", GARBAGE)
def test_garbage_filters_never_crash_the_map_page_and_are_a_400_in_the_feed(
    client, hostile_place, value
):
    index_url = hostile_place.get_parent().url
    for name in ("kind", "resource"):
        response = client.get(index_url, {name: value})
        assert response.status_code == 200
        assert response.content.decode().count("data-place") == 1  # every place shown
        feed = client.get("/places.geojson", {name: value})
        assert feed.status_code == 400
        assert name in json.loads(feed.content)["error"]
    assert client.get("/places.geojson", {"lang": value}).status_code == 400


@pytest.mark.django_db
def test_a_huge_query_string_with_repeated_keys(client, hostile_place):
    query = "&".join(f"kind=garden&resource=tools&x{n}=y" for n in range(2000))
    response = client.get(hostile_place.get_parent().url + "?" + query)
    assert response.status_code == 200
    assert client.get("/places.geojson?" + query).status_code == 200


@pytest.mark.django_db
def test_script_in_every_text_is_escaped_in_the_list_the_page_and_the_feed(client, hostile_place):
    listing = client.get(hostile_place.get_parent().url).content.decode()
    assert_no_markup(listing)
    item = BeautifulSoup(listing, "html.parser").find(attrs={"data-place": True})
    assert item["data-name"] == HOSTILE  # an attribute value, exactly the text
    assert item["data-address"] == HOSTILE
    assert_no_markup(client.get(hostile_place.url).content.decode())
    feed = client.get("/places.geojson")
    properties = json.loads(feed.content)["features"][0]["properties"]
    assert properties["name"] == HOSTILE
    assert properties["opening_hours"] == SCRIPT + "\n" + IMG
    assert properties["resources"][0]["name"] == HOSTILE[:120]
    assert feed["Content-Type"].startswith("application/geo+json")  # never read as HTML


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        ("91", "5.7", "latitude"),
        ("-90.000001", "5.7", "latitude"),
        ("45.19", "180.5", "longitude"),
        ("45.19", "-1000", "longitude"),
        ("NaN", "5.7", "latitude"),
        ("1e308", "5.7", "latitude"),
        ("45.19", "<script>", "longitude"),
        ("45.1234567", "5.7", "latitude"),  # seven decimals: more than stored
    ],
)
def test_the_editor_form_refuses_coordinates_out_of_range(
    client, site_tree, staff_user, latitude, longitude, field
):
    index = PlaceIndexPageFactory(parent=site_tree.home)
    client.force_login(staff_user)
    data = nested_form_data(
        {
            "title": "Lieu",
            "slug": "lieu",
            "kind": "garden",
            "teaser": "",
            "description": streamfield([]),
            "address": "Ici",
            "latitude": latitude,
            "longitude": longitude,
            "opening_hours": "",
            "accessibility_notes": "",
            "run_by": "",
            "runner_kind": "town",
            "contact_email": "",
            "permanent": "on",
            "resources": inline_formset([]),
            "photos": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/add/places/placepage/{index.pk}/", data)
    assert response.status_code == 200  # the form again, not a redirect
    assert field in response.context["form"].errors
    assert not PlacePage.objects.filter(slug="lieu").exists()
    data["latitude"], data["longitude"] = "45.19", "5.72"
    response = client.post(f"/admin/pages/add/places/placepage/{index.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert PlacePage.objects.get(slug="lieu").latitude == Decimal("45.190000")


@pytest.mark.browser
@CHROMIUM_MISSING
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_marker_s_popup_shows_the_hostile_name_as_text(live_server, hostile_place):
    url = live_server.url + hostile_place.get_parent().url
    with chromium_page(live_server.url) as page:
        page.goto(url, wait_until="load")
        page.locator(".leaflet-marker-icon").first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert HOSTILE.split(" Lieu")[0] in popup.inner_text()
        assert popup.locator("script, img").count() == 0
        assert page.evaluate("window.pwned") is None
        href = popup.locator("a").get_attribute("href")
        assert href == hostile_place.url
