"""The shared axe-core helper (tests/accessibility.py) finds what it must, and only that."""

import pytest

from tests.accessibility import CHROMIUM_MISSING, chromium_page, describe, serious_violations

pytestmark = [pytest.mark.browser, CHROMIUM_MISSING]

GOOD = """<!doctype html><html lang="fr"><head><title>Lieux</title></head>
<body><main><h1>Lieux partagés</h1><img src="data:," alt="Un jardin"></main></body></html>"""
BAD = """<!doctype html><html lang="fr"><head><title>Lieux</title></head>
<body><main><h1>Lieux</h1><img src="data:,"><a href="/x"></a></main></body></html>"""


def test_axe_reports_serious_violations_and_a_clean_page_has_none():
    with chromium_page("http://127.0.0.1:9") as page:
        page.set_content(GOOD)
        assert serious_violations(page) == []
        page.set_content(BAD)
        violations = serious_violations(page)
    ids = {violation["id"] for violation in violations}
    assert {"image-alt", "link-name"} <= ids
    assert "image-alt (critical)" in describe(violations)


def test_requests_to_other_hosts_are_aborted_by_the_page_not_the_network():
    failures = []
    with chromium_page("http://127.0.0.1:9") as page:
        page.on("requestfailed", lambda request: failures.append(request.failure))
        page.set_content(
            '<img alt="tuile" src="https://tile.openstreetmap.org/0/0/0.png">', wait_until="load"
        )
    # Aborted by the helper's route (ERR_FAILED), not a DNS or connection error.
    assert failures == ["net::ERR_FAILED"]
