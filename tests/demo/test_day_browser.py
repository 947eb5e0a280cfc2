"""A communication officer's day on the demo, in a real browser (issue #13).

Log in, open a service, read where it appears, print a sticker sheet from the
visual form (preview, then the PDF), open the campaign dashboard and download
the report. Each step leaves a screenshot under ``var/test-artifacts/day/``
for a human to look at.
"""

import io
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest
from pypdf import PdfReader

from campaigns.models import CampaignPage
from services.models import ServicePage

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts" / "day"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="fr-FR", viewport={"width": 1280, "height": 900})
        page.set_default_timeout(90_000)  # generous: CI machines have two cores
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_communication_officers_day(live_server, browser_page):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    get_user_model().objects.create_superuser("camille", "camille@example.org", "jour-de-marche")
    service = ServicePage.objects.get(slug="outilotheque", locale__language_code="fr")
    campaign = CampaignPage.objects.get(slug="semaine-du-partage", locale__language_code="fr")
    page = browser_page
    base = live_server.url

    # Log in.
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", "jour-de-marche")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    shot(page, "01-dashboard")

    # Open a service, then "Where it appears" from its header.
    page.goto(f"{base}/admin/pages/{service.pk}/edit/")
    shot(page, "02-service")
    page.goto(f"{base}/admin/appears/{service.pk}/")
    text = page.locator("main").inner_text()
    assert "Semaine du partage" in text  # the campaign selecting it
    assert "Bulletin" in text  # the demo edition printing it
    assert "Mairie" in text or "Médiathèque" in text  # a kiosk playing the campaign
    shot(page, "03-where-it-appears")

    # Print stickers by looking: a quantity under a design's picture, the sheet's preview, the PDF.
    page.goto(f"{base}/admin/print/stickers/")
    cards = page.locator(".sticker-design")
    assert cards.count() >= 3
    assert cards.first.locator("img").get_attribute("src")
    cards.first.locator("input[type=number]").fill("3")
    with page.expect_navigation():
        page.click("button[name=action][value=preview]")
    shot(page, "04-sticker-sheet-preview")
    preview = page.locator(".sticker-sheet-preview")
    assert "3 autocollants sur 1 planche" in " ".join(preview.inner_text().split())
    assert preview.locator("svg").count() == 1
    preview.scroll_into_view_if_needed()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger le PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1

    # The campaign's dashboard shows ten weeks of figures, and the report downloads.
    page.goto(f"{base}/admin/campaigns/{campaign.pk}/dashboard/")
    text = page.locator("main").inner_text()
    for channel in ("Affiche", "Réseaux sociaux", "Badge", "Crieur de rue"):
        assert channel in text, channel
    shot(page, "05-campaign-dashboard")
    report = page.request.get(f"{base}/admin/campaigns/{campaign.pk}/report.pdf")
    assert report.ok and report.body().startswith(b"%PDF")
    assert "Semaine du partage" in "".join(
        pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(report.body())).pages
    )
