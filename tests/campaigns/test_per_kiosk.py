"""Totals per kiosk on the campaign dashboard, from scans of each kiosk's own codes."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from campaigns.measurement import CampaignFigures
from kiosk.models import Kiosk
from kiosk.playlist import build_playlist
from links.models import ScanCount, ShortLink, upsert_count

pytestmark = pytest.mark.django_db


def shown_codes(kiosk):
    """{page id: code} of the QR codes ``kiosk`` shows."""
    codes = {}
    for slide in build_playlist(kiosk)["slides"]:
        code = slide["short_url"].rsplit("/", 1)[-1]
        codes[ShortLink.objects.get(code=code).page_id] = code
    return codes


def scan(client, code, times):
    for _ in range(times):
        assert client.get(f"/q/{code}").status_code == 302


@pytest.fixture
def kiosks(client, campaign):
    """Two kiosks scanned through the resolver, and the campaign's shared kiosk code."""
    hall = Kiosk.objects.create(name="Hall de la mairie", place="Mairie")
    library = Kiosk.objects.create(name="Médiathèque", place="Entrée")
    hall_codes, library_codes = shown_codes(hall), shown_codes(library)
    scan(client, hall_codes[campaign.service.pk], 3)
    scan(client, hall_codes[campaign.page.pk], 1)
    scan(client, library_codes[campaign.regulation.pk], 2)
    # A kiosk code of the campaign shared by all kiosks (made when it was published).
    shared = ShortLink.objects.get(page=campaign.testimonial, channel="kiosk", label__contains="·")
    scan(client, shared.code, 1)
    # A scan of a sticker: not a kiosk's.
    sticker = ShortLink.objects.get(
        page=campaign.service, channel="sticker", campaign=campaign.page
    )
    scan(client, sticker.code, 1)
    return hall, library


def test_totals_per_kiosk(campaign, kiosks):
    hall, library = kiosks
    with translation.override("en"):
        figures = CampaignFigures.compute(campaign.page)

    assert figures.total == 8
    rows = [(row.label, row.detail, row.total) for row in figures.per_kiosk]
    assert rows == [
        ("Hall de la mairie", "Mairie", 4),
        ("Médiathèque", "Entrée", 2),
        ("Other / shared codes", "", 1),
    ]
    assert figures.per_kiosk[0].share == 4 / 8
    # Together they are the kiosk channel's total.
    kiosk_channel = dict(zip((v for v, _l in figures.channels), figures.per_channel, strict=True))
    assert sum(row.total for row in figures.per_kiosk) == kiosk_channel["kiosk"].total == 7


def test_renamed_and_deleted_kiosks(client, campaign, kiosks):
    hall, library = kiosks
    hall.name = "Accueil de la mairie"
    hall.save()
    gone = Kiosk.objects.create(name="Gymnase")
    scan(client, shown_codes(gone)[campaign.service.pk], 5)
    number = gone.pk
    gone.delete()
    with translation.override("en"):
        rows = [
            (r.label, r.detail, r.total) for r in CampaignFigures.compute(campaign.page).per_kiosk
        ]
    assert rows[:2] == [
        (f"Kiosk no. {number}", "deleted kiosk", 5),
        ("Accueil de la mairie", "Mairie", 4),
    ]


def test_period_applies_to_kiosks(campaign, kiosks):
    hall, _library = kiosks
    link = ShortLink.objects.filter(kiosk=hall).first()
    before = campaign.page.start_date - datetime.timedelta(days=1)
    upsert_count(ScanCount, "link", link.pk, day=before)
    figures = CampaignFigures.compute(campaign.page, before, before)
    assert [(row.label, row.total) for row in figures.per_kiosk] == [("Hall de la mairie", 1)]
    assert CampaignFigures.compute(campaign.page).per_kiosk[0].total == 4


def test_queries_do_not_grow_with_kiosks(client, campaign, kiosks):
    def queries():
        with CaptureQueriesContext(connection) as context:
            CampaignFigures.compute(campaign.page)
        return len(context.captured_queries)

    before = queries()
    for number in range(3):
        kiosk = Kiosk.objects.create(name=f"Borne {number}")
        scan(client, shown_codes(kiosk)[campaign.service.pk], 1)
    assert len(CampaignFigures.compute(campaign.page).per_kiosk) == 6
    assert queries() == before


def test_staff_may_rename_a_kiosk_link(campaign, kiosks):
    """The label is free text: the scans stay the kiosk's whatever it says."""
    hall, library = kiosks
    ShortLink.objects.filter(kiosk=hall).update(label="Écran de l’entrée")
    ShortLink.objects.filter(kiosk=library).update(label="")
    with translation.override("en"):
        rows = [
            (r.label, r.detail, r.total) for r in CampaignFigures.compute(campaign.page).per_kiosk
        ]
    assert rows == [
        ("Hall de la mairie", "Mairie", 4),
        ("Médiathèque", "Entrée", 2),
        ("Other / shared codes", "", 1),
    ]


def test_dashboard_and_report_show_the_kiosks(admin_client, campaign, kiosks):
    with translation.override("en"):
        response = admin_client.get(
            reverse("campaign_dashboard", args=[campaign.page.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    html = response.content.decode()
    assert "Totals per kiosk" in html
    assert "Médiathèque" in html and "Entrée" in html
    assert "Other / shared codes" in html
    assert "a total per kiosk is not available" not in html

    from .test_report import pdf_text

    report = admin_client.get(reverse("campaign_report_pdf", args=[campaign.page.pk]))
    pages = pdf_text(report.content)
    assert 1 <= len(pages) <= 3
    text = " ".join(" ".join(pages).split())
    assert "Totaux par borne" in text  # in the campaign's language
    assert "Hall de la mairie Mairie 4 50 %" in text
    assert "Médiathèque Entrée 2 25 %" in text
