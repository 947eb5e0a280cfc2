"""The kiosk player in a real headless Chromium (Debian's), driven by Playwright.

Slides advance, the QR code on screen decodes to a kiosk short link, the
heartbeat is recorded, a new screen is paired from the admin, and with the
server stopped the player keeps cycling, then picks up a changed playlist by
itself when the server is back.
"""

import io
import os
import re
import shutil
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

import pytest
import zxingcpp
from PIL import Image
from wagtail_factories import ImageFactory

from kiosk.models import Kiosk
from kiosk.playlist import build_playlist
from kiosk.views import player_version
from links.models import ShortLink
from tests.factories import RegulationPageFactory

from .helpers import make_campaign, publish
from .server import KioskServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = os.environ.get("KIOSK_SCREENSHOTS", "")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def fast(settings):
    """Poll, report and pair every second so that the tests stay short."""
    settings.KIOSK_POLL_SECONDS = 1
    settings.KIOSK_HEARTBEAT_SECONDS = 1
    settings.KIOSK_PAIR_POLL_SECONDS = 1


@pytest.fixture
def server(transactional_db, fast):
    server = KioskServer().start()
    yield server
    server.stop()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def shown(site_tree):
    """A running campaign (service, regulation, testimonial with a portrait) on a kiosk."""
    campaign = make_campaign(site_tree)
    campaign.testimonial.portrait = ImageFactory(title="Amina", width=400, height=400)
    publish(campaign.testimonial)
    kiosk = Kiosk.objects.create(name="Hall de la mairie", seconds_per_slide=1)
    playlist = build_playlist(kiosk)  # short links and renditions made before the browser comes
    return kiosk, campaign, playlist


def new_screen(browser, width=1920, height=1080):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    return page


def watch_slides(page):
    page.evaluate(
        """() => {
            window.__seen = [];
            new MutationObserver(() => window.__seen.push(document.body.dataset.slide))
                .observe(document.body, {attributes: true, attributeFilter: ["data-slide"]});
        }"""
    )


def seen(page):
    return page.evaluate("window.__seen")


def rounds(page):
    return int(page.evaluate("document.body.dataset.rounds || '0'"))


def wait_until(predicate, timeout=30, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {message}")


def wait_js(page, expression, timeout=30):
    """Wait until ``expression`` is truthy in the page.

    ``page.wait_for_function`` evaluates strings with ``eval``, which the
    player's Content-Security-Policy forbids; ``page.evaluate`` is not affected.
    """
    from playwright.sync_api import Error

    def check():
        try:
            return page.evaluate(f"() => {expression}")
        except Error:  # the page is navigating: ask again
            return False

    wait_until(check, timeout=timeout, message=expression)


def smallest_text_px(page):
    return page.evaluate(
        """() => {
            let smallest = Infinity;
            for (const node of document.querySelectorAll("body *")) {
                const own = [...node.childNodes].some(
                    (child) => child.nodeType === 3 && child.textContent.trim());
                const box = node.getBoundingClientRect();
                if (!own || !box.width || !box.height) continue;
                smallest = Math.min(smallest, parseFloat(getComputedStyle(node).fontSize));
            }
            return smallest;
        }"""
    )


def screenshot_codes(page, name=""):
    png = page.screenshot()
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        with open(os.path.join(SCREENSHOTS, f"{name}.png"), "wb") as out:
            out.write(png)
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_slides_advance_qr_decodes_and_heartbeat_is_recorded(server, browser, shown):
    kiosk, campaign, playlist = shown
    ids = [slide["id"] for slide in playlist["slides"]]
    page = new_screen(browser)
    response = page.goto(f"{server.url}/kiosk/{kiosk.token}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    wait_js(page, "document.body.dataset.slide")
    watch_slides(page)

    # The slides advance, in the playlist's order, round after round.
    wait_until(lambda: len(set(seen(page))) == len(ids), message="every slide")
    order = seen(page)
    for shown, following in zip(order, order[1:], strict=False):
        assert ids.index(following) == (ids.index(shown) + 1) % len(ids)
    assert rounds(page) >= 1

    # Readable from three metres: no text under 32 px at 1080p.
    assert smallest_text_px(page) >= 32

    # The QR code on screen is the slide's kiosk short link.
    page.evaluate("document.dispatchEvent(new PointerEvent('pointerdown'))")  # touch: pause
    page.wait_for_selector("body.paused")
    shown_id = page.evaluate("document.body.dataset.slide")
    time.sleep(1.5)
    assert page.evaluate("document.body.dataset.slide") == shown_id  # paused
    page.wait_for_timeout(800)  # the cross-fade
    codes = screenshot_codes(page, "landscape")
    assert len(codes) == 1
    match = re.fullmatch(r"HTTP://TESTSERVER/Q/([A-Z0-9]+)", codes[0])
    assert match, codes
    link = ShortLink.objects.get(code=match.group(1))
    assert link.channel == "kiosk"
    slide = next(s for s in playlist["slides"] if s["id"] == shown_id)
    assert slide["short_url"].endswith(link.code)
    assert page.locator(".slide.is-active .qr__url").inner_text() == slide["short_url"]
    assert Client().get(f"/q/{link.code}").status_code == 302

    page.evaluate("document.dispatchEvent(new PointerEvent('pointerdown'))")  # touch again: next
    wait_js(page, f"document.body.dataset.slide !== {shown_id!r}")
    assert not page.evaluate("document.body.classList.contains('paused')")

    # The heartbeat reports the slide, the player's version and since when it is online.
    wait_until(
        lambda: Kiosk.objects.get(pk=kiosk.pk).last_seen_at is not None, message="a heartbeat"
    )
    kiosk.refresh_from_db()
    assert kiosk.last_slide in ids
    assert kiosk.last_player_version == player_version()
    assert kiosk.last_playlist_version == playlist["version"]
    assert kiosk.online_since is not None
    assert kiosk.state() == Kiosk.State.ONLINE
    assert page.csp_errors == []

    # Portrait: the same content, laid out for a vertical screen, still readable.
    kiosk.orientation = Kiosk.Orientation.PORTRAIT
    kiosk.save()
    portrait = new_screen(browser, 1080, 1920)
    portrait.goto(f"{server.url}/kiosk/{kiosk.token}/")
    portrait.wait_for_selector("html.portrait .slide.is-active .qr img")
    assert smallest_text_px(portrait) >= 32
    portrait.evaluate("document.dispatchEvent(new PointerEvent('pointerdown'))")
    portrait.wait_for_timeout(800)
    assert len(screenshot_codes(portrait, "portrait")) == 1


def test_pairing_a_new_screen(server, browser, shown):
    kiosk, _campaign, _playlist = shown
    screen = new_screen(browser)
    screen.goto(f"{server.url}/kiosk/")
    wait_js(screen, "/^[A-Z0-9]{3}-[A-Z0-9]{3}$/.test(document.getElementById('code').textContent)")
    code = screen.locator("#code").inner_text()

    user = get_user_model().objects.create_user("camille", password="un-mot-de-passe-solide")
    user.groups.add(Group.objects.get(name="Communication staff"))
    admin = new_screen(browser, 1280, 900)
    admin.goto(f"{server.url}/admin/login/")
    admin.fill("#id_username", "camille")
    admin.fill("#id_password", "un-mot-de-passe-solide")
    admin.click("button[type=submit]")
    admin.wait_for_url(f"{server.url}/admin/")
    admin.goto(f"{server.url}/admin/kiosk/pair/?kiosk={kiosk.pk}")
    admin.fill("#id_code", code.lower())
    admin.click("form button[type=submit]")
    admin.wait_for_url(re.compile(rf".*/admin/snippets/kiosk/kiosk/edit/{kiosk.pk}/$"))

    # The screen goes to its kiosk by itself and keeps it.
    screen.wait_for_url(f"{server.url}/kiosk/{kiosk.token}/")
    wait_js(screen, "document.body.dataset.slide")
    screen.goto(f"{server.url}/kiosk/")
    screen.wait_for_url(f"{server.url}/kiosk/{kiosk.token}/")

    # A new token: the old one stops at once and the screen asks to be paired again.
    kiosk.regenerate_token()
    screen.wait_for_url(f"{server.url}/kiosk/", timeout=15_000)
    wait_js(screen, "/^[A-Z0-9]{3}-[A-Z0-9]{3}$/.test(document.getElementById('code').textContent)")
    assert screen.csp_errors == []


def test_offline_player_keeps_cycling_and_picks_up_the_new_playlist(server, browser, shown):
    kiosk, campaign, playlist = shown
    ids = [slide["id"] for slide in playlist["slides"]]
    page = new_screen(browser)
    page.goto(f"{server.url}/kiosk/{kiosk.token}/")
    wait_js(page, "navigator.serviceWorker.controller !== null")
    # The worker holds the page, the playlist and the portrait.
    wait_until(
        lambda: page.evaluate(
            """async () => {
                const data = await caches.open("kiosk-data");
                const images = await caches.open("kiosk-images");
                return Boolean(await data.match(location.pathname))
                    && Boolean(await data.match(location.pathname + "playlist.json"))
                    && (await images.keys()).length === 1;
            }"""
        ),
        message="the service worker's caches",
    )

    server.stop()
    assert not server.is_up()
    watch_slides(page)
    before = rounds(page)
    wait_until(lambda: rounds(page) >= before + 2, timeout=len(ids) * 3 + 10, message="2 rounds")
    assert set(seen(page)) == set(ids)
    assert page.evaluate("document.body.classList.contains('offline')")
    # The portrait comes from the worker's cache.
    page.wait_for_selector(".slide--testimonial.is-active", timeout=10_000)
    assert page.evaluate("document.querySelector('.slide--testimonial img').naturalWidth") > 0

    # Meanwhile, staff add an explainer to the campaign.
    added = publish(
        RegulationPageFactory(
            parent=campaign.regulation.get_parent(),
            slug="jardin",
            question="Puis-je partager mon jardin ?",
        )
    )
    campaign.add(added)
    publish(campaign.page)
    new_id = f"regulation-{added.pk}-fr"
    page.evaluate("window.__sameDocument = true")

    server.start()
    wait_js(page, f"document.body.dataset.slide === {new_id!r}", timeout=20)
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert page.locator(".slide.is-active .title").inner_text() == "Puis-je partager mon jardin ?"
    assert not page.evaluate("document.body.classList.contains('offline')")
    assert page.csp_errors == []
