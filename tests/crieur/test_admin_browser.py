"""A member of the communication staff creates and publishes a service, in a real browser."""

import os
import shutil

from django.contrib.auth.models import Group

import pytest

from services.models import ServicePage

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by the test itself are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="fr-FR")
        page.set_default_timeout(60_000)  # generous: CI machines have two cores
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_staff_member_creates_and_publishes_a_service(live_server, site_tree, browser_page):
    from django.contrib.auth import get_user_model

    from playwright.sync_api import expect

    user = get_user_model().objects.create_user("camille", password="un-mot-de-passe-solide")
    user.groups.add(Group.objects.get(name="Communication staff"))
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "un-mot-de-passe-solide")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/add/services/servicepage/{site_tree.services.pk}/")
    page.fill("#id_title", "Grainothèque")
    page.press("#id_title", "Tab")  # leaving the title fills the slug (Promote tab)
    expect(page.locator("#id_slug")).to_have_value("grainotheque")
    page.fill("#id_teaser", "Échangez vos graines de saison à la médiathèque.")
    page.fill("#id_pictogram_name", "sprout")
    page.fill("#id_trial_offer", "Trois sachets offerts")
    # "Publish" sits in the action menu's dropdown; submit the form with it.
    with page.expect_navigation():
        page.evaluate("document.querySelector('button[name=action-publish]').click()")
    if page.url != f"{live_server.url}/admin/pages/{site_tree.services.pk}/":
        errors = page.locator(".error-message, [role=alert]").all_inner_texts()
        pytest.fail(f"Publishing did not go through: {errors}")

    service = ServicePage.objects.get(slug="grainotheque")
    assert service.live
    assert service.owner == user

    page.goto(f"{live_server.url}{service.url}")
    assert page.locator("h1").inner_text() == "Grainothèque"
    assert "Trois sachets offerts" in page.content()
