"""axe-core in a real headless Chromium: the serious and critical violations of a page.

axe-core comes from the ``axe-playwright-python`` package (the test extras), which
ships ``axe.min.js``; Chromium is Debian's (``/usr/bin/chromium``), driven by
Playwright, as in the kiosk and demo browser tests. Pages are loaded with every
request to another host refused (map tiles, fonts, anything): a test never
reaches the network.

Use it from a test that has a live server::

    from tests.accessibility import CHROMIUM_MISSING, serious_violations_at, describe

    pytestmark = [pytest.mark.browser, CHROMIUM_MISSING,
                  pytest.mark.django_db(transaction=True, serialized_rollback=True)]

    def test_the_map_page_has_no_serious_violation(live_server, ...):
        violations = serious_violations_at(live_server.url + "/fr/lieux/")
        assert violations == [], describe(violations)

or, with a page already open (after filling a form, say)::

    with chromium_page(live_server.url) as page:
        page.goto(...)
        violations = serious_violations(page)
"""

import contextlib
import os
import shutil
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

__all__ = [
    "CHROMIUM",
    "CHROMIUM_MISSING",
    "SERIOUS",
    "chromium_page",
    "describe",
    "serious_violations",
    "serious_violations_at",
]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: axe-core's impacts a page must not have.
SERIOUS = ("serious", "critical")
#: A mark for tests that need the browser: skipped where Debian's chromium is missing.
CHROMIUM_MISSING = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"
)


@contextlib.contextmanager
def chromium_page(base_url, *, locale="fr-FR", width=1280, height=900):
    """A Playwright page in headless Chromium that may only reach ``base_url``'s host.

    Requests to any other host are aborted (the page still loads: a map shows no
    tiles), so axe runs on what the project itself serves.
    """
    allowed = urlsplit(base_url).netloc
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the live server's ORM in Playwright's loop
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(locale=locale, viewport={"width": width, "height": height})
                page.set_default_timeout(90_000)  # generous: CI machines have two cores

                def only_the_project(route):
                    if urlsplit(route.request.url).netloc == allowed:
                        route.continue_()
                    else:
                        route.abort()

                page.route("**/*", only_the_project)
                yield page
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def serious_violations(page, *, context=None, impacts=SERIOUS):
    """axe-core's violations of the open ``page`` whose impact is in ``impacts``.

    Each is axe's own dict (``id``, ``impact``, ``help``, ``helpUrl``, ``nodes``…).
    """
    results = Axe().run(page, context=context)
    return [
        violation
        for violation in results.response.get("violations", [])
        if violation.get("impact") in impacts
    ]


def serious_violations_at(url, *, locale="fr-FR", impacts=SERIOUS):
    """Open ``url`` in headless Chromium and return its serious and critical violations."""
    with chromium_page(url, locale=locale) as page:
        page.goto(url, wait_until="load")
        return serious_violations(page, impacts=impacts)


def describe(violations):
    """The violations in words, for an assertion message: rule, impact, help, elements."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"— {', '.join(targets[:5])}"
        )
    return "\n".join(lines)
