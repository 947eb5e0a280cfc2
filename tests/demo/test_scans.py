"""The demo's scan history: real channel links, deterministic, written once, on the dashboard."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from campaigns.models import CampaignEvent
from crieur.channels import Channel
from demo.kiosks import create_demo_kiosks
from demo.models import LoadedHistory
from demo.scans import campaign_links, create_demo_scans, history_rows
from demo.stickers import create_demo_stickers
from links.models import ScanCount, ShortLink, upsert_count
from tests.factories import CampaignPageFactory, RegulationPageFactory, ServicePageFactory

CHANNELS = ["website", "bulletin", "kiosk", "sticker", "poster", "social", "badge", "crier"]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def days(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def campaign(site_tree, slug, start, end, items, events, channels=CHANNELS):
    page = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug=slug,
        start_date=days(start),
        end_date=days(end),
        channels=channels,
    )
    for order, item in enumerate(items):
        page.items.create(page=item, sort_order=order)
    for order, (offset, service) in enumerate(events):
        starts_at = timezone.make_aware(datetime.datetime.combine(days(offset), datetime.time(15)))
        CampaignEvent.objects.create(
            campaign=page,
            locale=page.locale,
            name=f"Fête {order}",
            place="Place du Marché",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            service=service,
            sort_order=order,
        )
    return publish(page)


@pytest.fixture
def demo(site_tree):
    tools = publish(ServicePageFactory(parent=site_tree.services, slug="outilotheque"))
    repair = publish(ServicePageFactory(parent=site_tree.services, slug="repair-cafe"))
    law = publish(RegulationPageFactory(parent=site_tree.regulations, slug="preter-sa-voiture"))
    current = campaign(
        site_tree, "semaine-du-partage", -65, 25, [tools, repair, law], [(-44, repair), (3, tools)]
    )
    finished = campaign(
        site_tree,
        "printemps-du-reemploi",
        -125,
        -84,
        [repair, law],
        [(-117, repair)],
        channels=["website", "kiosk", "sticker", "poster"],
    )
    create_demo_stickers()
    create_demo_kiosks()
    return current, finished


def totals():
    return {
        link_id: sum(ScanCount.objects.filter(link_id=link_id).values_list("count", flat=True))
        for link_id in ScanCount.objects.values_list("link_id", flat=True).distinct()
    }


def test_history_is_written_once_on_real_links_and_keeps_real_scans(demo):
    current, finished = demo
    written = create_demo_scans()
    assert 500 < written < 5000  # a few thousand rows at most
    assert LoadedHistory.objects.count() == 2
    first = totals()
    # One kiosk link per kiosk and page, the sticker designs' own links, channel links.
    scanned = ShortLink.objects.filter(pk__in=first)
    assert (
        scanned.filter(channel=Channel.KIOSK, kiosk__isnull=False)
        .values("kiosk")
        .distinct()
        .count()
        == 2
    )
    assert scanned.filter(channel=Channel.STICKER, sticker_design__isnull=False).exists()
    assert not scanned.filter(channel=Channel.KIOSK, kiosk__isnull=True).exists()
    assert set(scanned.filter(campaign=current).values_list("channel", flat=True)) == set(
        CHANNELS
    ) - {"sticker"}
    # History ends today for the running campaign, a week after the end for the finished one.
    current_days = ScanCount.objects.filter(link__campaign=current).values_list("day", flat=True)
    assert max(current_days) <= days(0) and min(current_days) >= days(-65)
    assert len(set(current_days)) >= 60
    finished_days = ScanCount.objects.filter(link__campaign=finished).values_list("day", flat=True)
    assert min(finished_days) >= days(-125) and max(finished_days) <= days(-77)

    # A resident scans a code for real, then the loader runs again.
    link = ShortLink.objects.get(pk=next(iter(first)))
    upsert_count(ScanCount, "link", link.pk)
    assert create_demo_scans() == 0
    after = totals()
    assert after[link.pk] == first[link.pk] + 1
    assert {key: value for key, value in after.items() if key != link.pk} == {
        key: value for key, value in first.items() if key != link.pk
    }

    # Deterministic: the same figures are drawn on every run.
    links = campaign_links(current)
    again = history_rows(current, links, days(0), 0)
    stored = {
        (row.link_id, row.day): row.count
        for row in ScanCount.objects.filter(
            link__in=[entry[0] for entry in links], day__gte=current.start_date
        ).exclude(link=link)
    }
    drawn = {(row.link_id, row.day): row.count for row in again if row.link_id != link.pk}
    assert drawn == stored


def test_real_scans_made_before_the_first_load_are_kept(demo):
    current, _finished = demo
    link = campaign_links(current)[0][0]
    for _ in range(500):  # far more than the history ever draws for one day
        upsert_count(ScanCount, "link", link.pk, day=current.start_date)
    create_demo_scans()
    assert ScanCount.objects.get(link=link, day=current.start_date).count == 500


def test_dashboard_shows_the_history_per_channel(admin_client, demo):
    current, finished = demo
    create_demo_scans()
    response = admin_client.get(reverse("campaign_dashboard", args=[current.pk]))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert len(figures.days) >= 70
    assert all(row.total > 0 for row in figures.per_channel), figures.per_channel
    assert [value for value, _label in figures.channels] == CHANNELS
    # Scans on at least ten weeks of days up to today.
    assert sum(1 for total in figures.daily_total[:66] if total) >= 60
    assert len(figures.per_kiosk) >= 2 and all(row.total for row in figures.per_kiosk)
    event = max(figures.events, key=lambda share: share.scans)
    assert event.scans > 0

    old = admin_client.get(reverse("campaign_dashboard", args=[finished.pk])).context["figures"]
    assert old.total > 0 and all(row.total > 0 for row in old.per_channel)
    csv = admin_client.get(reverse("campaign_dashboard_csv", args=[finished.pk]))
    assert csv.status_code == 200 and len(csv.content.decode().splitlines()) > 40
