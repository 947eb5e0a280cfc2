"""The campaign dashboard: figures from scans made through the resolver, CSV, permissions."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from campaigns.measurement import CampaignFigures
from links.models import ScanCount, ShortLink, upsert_count
from stickers.models import StickerDesign

pytestmark = pytest.mark.django_db


def link(campaign, page, channel):
    return ShortLink.objects.get(campaign=campaign.page, page=page, channel=channel)


@pytest.fixture
def scanned(client, campaign):
    """Scans through the resolver: 3 on the website, 2 on kiosks, 1 sticker, 1 unknown code."""
    plan = [
        (campaign.service, "website", 2),
        (campaign.page, "website", 1),
        (campaign.regulation, "kiosk", 2),
        (campaign.service, "sticker", 1),
    ]
    for page, channel, times in plan:
        code = link(campaign, page, channel).code
        for _ in range(times):
            assert client.get(f"/q/{code}").status_code == 302
    assert client.get("/q/ZZZZZZ").status_code == 404
    return campaign


def test_figures_from_resolver_scans(scanned):
    today = timezone.localdate()
    figures = CampaignFigures.compute(scanned.page)

    assert figures.start == scanned.page.start_date
    assert figures.end == scanned.page.end_date + datetime.timedelta(days=14)
    assert len(figures.days) == (figures.end - figures.start).days + 1
    assert figures.total == 6
    assert {row.label: row.total for row in figures.per_channel} == {
        "Site web": 3,
        "Borne": 2,
        "Autocollant": 1,
    }
    position = figures.days.index(today)
    assert figures.daily["website"][position] == 3
    assert figures.daily["kiosk"][position] == 2
    assert figures.daily_total[position] == 6
    items = {row.label: row.total for row in figures.per_item}
    assert items == {"Outilthèque": 3, "Prêter sa voiture": 2, "Semaine du partage": 1}
    assert [(row.detail, row.total) for row in figures.per_sticker] == [("Outilthèque", 1)]
    (event,) = figures.events
    assert event.scans == 6 and event.share == 1.0
    assert figures.unknown_total == 1
    assert [row.label for row in figures.unknown_codes] == ["ZZZZZZ"]


def test_sticker_designs_pointing_at_the_campaign_content_count(scanned, client, locales):
    design = StickerDesign.objects.create(
        locale=locales["fr"],
        slug="voiture",
        kind=StickerDesign.Kind.CARPOOL,
        target_page=scanned.regulation,
    )
    client.get(f"/q/{design.short_link().code}")
    # A sheet printed with a code per sticker: the same design's row.
    (own,) = ShortLink.objects.create_many_unique(
        scanned.regulation, "sticker", 1, sticker_design=design, label="Marché du samedi"
    )
    client.get(f"/q/{own.code}")
    figures = CampaignFigures.compute(scanned.page)
    stickers = {row.label: (row.detail, row.total) for row in figures.per_sticker}
    assert stickers["voiture"] == ("Prêter sa voiture", 2)
    assert figures.total == 8


def test_period_filter_and_older_scans(scanned):
    earlier = scanned.page.start_date
    upsert_count(ScanCount, "link", link(scanned, scanned.service, "kiosk").pk, day=earlier)
    figures = CampaignFigures.compute(scanned.page, earlier, earlier)
    assert figures.days == [earlier]
    assert figures.total == 1
    assert figures.daily["kiosk"] == [1]


def test_dashboard_page(admin_client, scanned):
    url = reverse("campaign_dashboard", args=[scanned.page.pk])
    with translation.override("en"):
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html and "<title id=" in html
    assert response.context["figures"].total == 6
    assert response.context["summary"] in html
    assert "ZZZZZZ" in html
    assert reverse("campaign_report_pdf", args=[scanned.page.pk]) in html


def test_dashboard_period_is_validated(admin_client, scanned):
    url = reverse("campaign_dashboard", args=[scanned.page.pk])
    too_long = admin_client.get(url, {"start": "2020-01-01", "end": "2026-01-01"})
    assert too_long.status_code == 200
    assert too_long.context["form"].errors
    assert too_long.context["figures"].start == scanned.page.start_date  # default period

    reversed_ = admin_client.get(url, {"start": "2026-02-01", "end": "2026-01-01"})
    assert "end" in reversed_.context["form"].errors
    garbage = admin_client.get(url, {"start": "tomorrow", "end": "x"})
    assert garbage.status_code == 200 and garbage.context["form"].errors

    day = timezone.localdate().isoformat()
    one_day = admin_client.get(url, {"start": day, "end": day})
    assert one_day.context["figures"].total == 6
    assert len(one_day.context["figures"].days) == 1


def test_csv_export(admin_client, scanned):
    today = timezone.localdate()
    url = reverse("campaign_dashboard_csv", args=[scanned.page.pk])
    with translation.override("en"):
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *days = rows
    assert header[0] == "Date" and header[-1] == "Total"
    assert len(header) == 5  # date, three channels, total
    assert len(days) == len(CampaignFigures.compute(scanned.page).days)
    by_day = {row[0]: row for row in days}
    assert by_day[today.isoformat()][1:] == ["3", "2", "1", "6"]
    assert sum(int(row[-1]) for row in days) == 6


def test_csv_header_is_escaped_and_guarded(admin_client, campaign, monkeypatch):
    from crieur import channels

    monkeypatch.setattr(
        CampaignFigures,
        "_compute",
        lambda self: (
            setattr(self, "channels", [("x", '=cmd|"/c calc"!A1')])
            or setattr(self, "days", [])
            or setattr(self, "daily", {})
            or setattr(self, "daily_total", [])
        ),
    )
    response = admin_client.get(reverse("campaign_dashboard_csv", args=[campaign.page.pk]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[1] == '\'=cmd|"/c calc"!A1'
    assert channels  # imported for the monkeypatch's context


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user("lea", "lea@example.org", "password")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.mark.parametrize(
    "name", ["campaign_dashboard", "campaign_dashboard_csv", "campaign_report_pdf"]
)
def test_permissions(client, campaign, contributor, name):
    url = reverse(name, args=[campaign.page.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(contributor)
    assert client.get(url).status_code in {302, 403}


def test_button_on_the_campaign_page_only(admin_client, campaign):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[campaign.page.pk]))
    assert reverse("campaign_dashboard", args=[campaign.page.pk]) in edit.content.decode()
    service = admin_client.get(reverse("wagtailadmin_pages:edit", args=[campaign.service.pk]))
    assert "/dashboard/" not in service.content.decode()


def test_not_a_campaign_is_not_found(admin_client, campaign):
    url = reverse("campaign_dashboard", args=[campaign.service.pk])
    # A 404 under /admin/ is answered by LocaleMiddleware with a redirect to /fr/admin/...
    assert admin_client.get(url).status_code in {302, 404}
    assert admin_client.get(url, follow=True).status_code == 404
