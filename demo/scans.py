"""Invented scan history of the demo campaigns, so the dashboard has figures on first start.

For each campaign of :data:`HISTORY`, one ``links.ScanCount`` row per link and
day (days without a scan have no row, as in real life) from the campaign's
start to today (a finished campaign: to a week after its end), on the links the
channels really make: ``campaigns.attribution.channel_link`` for the website,
the bulletin, posters, the social kit, badges and criers' cards; one link per
kiosk (as ``kiosk.playlist`` makes them); each sticker design's own link
(``StickerDesign.short_link``). Testimonials come in only on the channels the
gate lets them (``CampaignPage.selected_pages``).

Figures follow a weekly rhythm (busier at the weekend), a launch week, a slow
fade and peaks on the campaign's event days (criers and badges above all). A
``random.Random`` seeded with the campaign's slug gives the same figures on
every run.

Reruns, the choice made: a **marker** (``demo.LoadedHistory``, one row per
campaign) says the history was written, and a rerun of ``load_demo`` skips
it. A bulk upsert that *sets* the counts would overwrite the scans residents
made since on the same days, and anchored on "today" a later rerun would
invent new days among real ones; with the marker the history is written once
and never touched again. The rows themselves go in with
``bulk_create(ignore_conflicts=True)``: a (link, day) that real scans reached
before the first load keeps its real count.
"""

import datetime
import math
import random

from django.db import transaction
from django.utils import timezone

from campaigns.attribution import channel_link, source_campaign
from campaigns.models import CampaignPage
from crieur.channels import Channel
from kiosk.models import Kiosk
from links.models import ScanCount, ShortLink
from stickers.models import StickerDesign

from .models import LoadedHistory

__all__ = ["HISTORY", "create_demo_scans"]

#: Campaigns (by slug) given a history, and days of scans kept after a finished one.
HISTORY = {
    "semaine-du-partage": {"tail_days": 0},
    "printemps-du-reemploi": {"tail_days": 7},
}

#: Mean scans per link and day, before the rhythm, by channel.
CHANNEL_RATE = {
    Channel.WEBSITE: 1.1,
    Channel.BULLETIN: 0.7,
    Channel.KIOSK: 0.5,
    Channel.STICKER: 0.35,
    Channel.POSTER: 0.9,
    Channel.SOCIAL: 1.3,
    Channel.BADGE: 0.15,
    Channel.CRIER: 0.1,
}
#: On an event's day, by channel (criers and badges are out in the crowd).
EVENT_BOOST = {Channel.CRIER: 12.0, Channel.BADGE: 9.0, Channel.SOCIAL: 3.0}
DEFAULT_EVENT_BOOST = 3.0
#: Monday first: quiet early in the week, busy at the weekend.
WEEKDAY = (0.8, 0.85, 1.05, 0.9, 1.0, 1.5, 1.2)
#: The campaign page draws more than each item it promotes.
CAMPAIGN_PAGE_WEIGHT = 1.8


def poisson(rng, mean):
    """A Poisson draw (Knuth's method; means here stay small)."""
    if mean <= 0:
        return 0
    limit, product, count = math.exp(-min(mean, 60.0)), rng.random(), 0
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def phase(day, start, end):
    """The campaign's life: a launch week, a slow fade, a trickle after its end."""
    if day > end:
        return 0.2
    age = (day - start).days
    if age < 7:
        return 1.7
    return max(0.45, 1.1 - age / 120)


def campaign_links(campaign):
    """[(link, channel, weight, kiosk or None)]: the links its channels print or show.

    Made when missing, the way each channel makes them.
    """
    channels = [Channel(value) for value in campaign.channels or [] if value in Channel.values]
    kiosks = list(Kiosk.objects.order_by("pk"))
    result = []
    for channel in channels:
        pages = [campaign, *campaign.selected_pages(channel)]
        weights = [CAMPAIGN_PAGE_WEIGHT] + [1.0] * (len(pages) - 1)
        if channel == Channel.STICKER:
            page_ids = {page.pk for page in pages}
            designs = StickerDesign.objects.filter(target_page_id__in=page_ids).order_by("pk")
            result.extend((design.short_link(), channel, 1.0, None) for design in designs)
            continue
        for page, weight in zip(pages, weights, strict=True):
            if channel == Channel.KIOSK and kiosks:
                for kiosk in kiosks:
                    link = ShortLink.objects.get_or_create_for(
                        page, channel, campaign=campaign, label=kiosk.name, kiosk=kiosk
                    )
                    result.append((link, channel, weight, kiosk))
                continue
            result.append((channel_link(page, channel, campaign), channel, weight, None))
    return result


def history_rows(campaign, links, today, tail_days):
    """The invented ``ScanCount`` rows (unsaved) of ``campaign``'s ``links``."""
    rng = random.Random(f"crieur-demo-{campaign.slug}")  # noqa: S311 invented figures, no secret
    last = min(today, campaign.end_date + datetime.timedelta(days=tail_days))
    days = [
        campaign.start_date + datetime.timedelta(days=offset)
        for offset in range((last - campaign.start_date).days + 1)
    ]
    events = {}
    for event in campaign.events.all():
        events.setdefault(event.date, set()).add(event.service_id)
    open_days = {}  # {kiosk pk: its opening weekdays}; none listed means always open
    for _link, _channel, _weight, kiosk in links:
        if kiosk is not None and kiosk.pk not in open_days:
            open_days[kiosk.pk] = {weekday for weekday, _opens, _closes in kiosk.hours()}
    rows = []
    for link, channel, weight, kiosk in links:
        taste = rng.uniform(0.6, 1.4)  # some items please more than others
        for day in days:
            hours_known = kiosk is not None and open_days[kiosk.pk]
            if hours_known and day.weekday() not in open_days[kiosk.pk]:
                continue
            mean = CHANNEL_RATE[channel] * weight * taste * WEEKDAY[day.weekday()]
            mean *= phase(day, campaign.start_date, campaign.end_date)
            if day in events:
                mean *= EVENT_BOOST.get(channel, DEFAULT_EVENT_BOOST)
                if link.page_id in events[day]:
                    mean *= 2
            elif day - datetime.timedelta(days=1) in events:
                mean *= 1.6  # people look up what they saw the day before
            count = poisson(rng, mean)
            if count:
                rows.append(ScanCount(link=link, day=day, count=count))
    return rows


def _campaigns():
    for slug in HISTORY:
        campaign = (
            CampaignPage.objects.live().filter(slug=slug).select_related("locale").order_by("pk")
        ).first()
        if campaign is not None:
            yield slug, source_campaign(campaign)


def create_demo_scans(stdout=None, today=None):
    """Write the scan history of the demo campaigns once; returns the number of rows written."""
    today = today or timezone.localdate()
    written = campaigns = 0
    for slug, campaign in _campaigns():
        marker = f"scans:{campaign.pk}"
        if LoadedHistory.objects.filter(name=marker).exists():
            continue
        rows = history_rows(campaign, campaign_links(campaign), today, HISTORY[slug]["tail_days"])
        with transaction.atomic():
            ScanCount.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
            LoadedHistory.objects.create(name=marker, rows=len(rows))
        written += len(rows)
        campaigns += 1
    if stdout is not None:
        stdout.write(f"Scan history: {written} daily counts written for {campaigns} campaign(s).\n")
    return written
