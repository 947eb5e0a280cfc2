"""The map page in a real headless Chromium: markers follow the list, keyboard, axe-core.

Tiles are never fetched (tests/accessibility.py refuses every other host): the
map is checked through its markers and popups, which need no tile.
"""

import pytest

from tests.accessibility import CHROMIUM_MISSING, chromium_page, describe, serious_violations

from .helpers import make_places

pytestmark = [
    pytest.mark.browser,
    CHROMIUM_MISSING,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_map_page_markers_keyboard_and_no_serious_axe_violation(live_server, place_index):
    places = make_places(place_index)
    base = live_server.url
    with chromium_page(base) as page:
        console, requested = [], []
        page.on("console", lambda message: console.append(message.text))
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + place_index.url, wait_until="load")
        markers = page.locator(".leaflet-marker-icon")
        assert markers.count() == len(places.shown)
        names = sorted(markers.evaluate_all("icons => icons.map(icon => icon.title)"))
        assert names == sorted(place.title for place in places.shown)
        # The attribution names the tile server, with its link.
        attribution = page.locator(".leaflet-control-attribution")
        assert "© OpenStreetMap contributors" in attribution.inner_text()
        assert attribution.locator("a[href='https://www.openstreetmap.org/copyright']").count() == 1
        # Keyboard: a marker takes the focus, Enter opens its popup and its link leads to the place.
        marker = page.locator(f".leaflet-marker-icon[title='{places.tools.title}']")
        marker.focus()
        page.keyboard.press("Enter")
        link = page.locator(".leaflet-popup-content a")
        link.wait_for()
        assert link.get_attribute("href") == places.tools.url
        violations = serious_violations(page)
        assert violations == [], describe(violations)
        # Tiles asked of the configured server (and refused by the test, not by the CSP).
        assert any(url.startswith("https://tile.openstreetmap.org/") for url in requested)
        assert not [text for text in console if "Content Security Policy" in text]

        # The map follows the server-side filter.
        page.goto(base + place_index.url + "?kind=garden", wait_until="load")
        assert page.locator(".leaflet-marker-icon").count() == 1

        page.goto(base + places.tools.url, wait_until="load")
        violations = serious_violations(page)
        assert violations == [], describe(violations)
