"""Campaign figures: which channel brought residents, day by day.

Everything is aggregated in SQL: one query for the daily scans per channel,
one per table (content, sticker and badge designs, kiosks, unknown codes),
whatever the length of the period. Scans are read from ``links.ScanCount``
(one row per link and day) for:

* the links of the campaign (any of its translations), whatever their channel;
* the links made for no campaign, whatever their channel, whose target is the
  campaign page or one of the pages it selects, within the period shown.
  Material made for a single page rather than for a campaign (a sticker or
  badge design, a poster or social kit of one page, a bulletin article, a
  code made by hand in the admin) still promotes that page while the campaign
  runs: its scans count for every campaign promoting the page, as sticker
  designs always did. One rule for every channel, so a channel added later is
  counted without a change here. Links made for *another* campaign never
  count.

The table per design follows ``ShortLink.sticker_design`` for the channels
printed from sticker designs (stickers, window stickers and pin-back badges:
:data:`DESIGN_CHANNELS`), each row saying which of them it is ("Sticker",
"Badge"); links of those channels made for no design have a row per label.

Each kiosk shows QR codes of its own: the kiosk app gives every kiosk one
link per campaign and page, on the "kiosk" channel, tied to the kiosk
(``ShortLink.kiosk``, see ``kiosk.playlist``). The table per kiosk groups the
kiosk links counted above by kiosk, with its name and place, in one query; a
deleted kiosk keeps a row of its own through the number its links remember
(``ShortLink.kiosk_number``). Kiosk links made for no kiosk, the ones every
kiosk shared before and those made when the campaign is published, are counted
in one "other / shared codes" row. Labels are free text for staff: nothing
here reads them but as a row's title.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from crieur.channels import Channel
from links.models import ScanCount, ShortLink, UnknownCodeCount

from .attribution import campaign_group_ids
from .models import CampaignEvent, CampaignItem

__all__ = ["AFTER_DAYS", "DESIGN_CHANNELS", "MAX_PERIOD_DAYS", "CampaignFigures", "default_period"]

#: The dashboard follows a campaign this many days after its end.
AFTER_DAYS = 14
#: Longest period the dashboard, the CSV and the report accept (bounded work).
MAX_PERIOD_DAYS = 400
#: Rows of the tables in the PDF report (the dashboard shows them all).
REPORT_ROWS = 12
#: Unknown codes listed (the most tried first).
UNKNOWN_ROWS = 10
#: Channels printed from sticker designs: the table per design shows their links.
DESIGN_CHANNELS = (Channel.STICKER, Channel.BADGE)


def default_period(campaign):
    return campaign.start_date, campaign.end_date + datetime.timedelta(days=AFTER_DAYS)


def days_between(start, end):
    return [start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1)]


@dataclass
class Row:
    label: str
    total: int
    detail: str = ""
    share: float = 0.0
    url: str = ""
    kind: str = ""  # e.g. the channel of a design's row: "Sticker", "Badge"


@dataclass
class EventShare:
    event: object
    days: list
    scans: int
    share: float


@dataclass
class CampaignFigures:
    campaign: object
    start: datetime.date
    end: datetime.date
    days: list = field(default_factory=list)
    channels: list = field(default_factory=list)  # [(value, label)] in display order
    daily: dict = field(default_factory=dict)  # {channel: [count per day]}
    daily_total: list = field(default_factory=list)
    total: int = 0
    per_channel: list = field(default_factory=list)  # [Row]
    per_item: list = field(default_factory=list)
    per_sticker: list = field(default_factory=list)  # [Row] per sticker or badge design
    per_kiosk: list = field(default_factory=list)  # [Row], the shared codes' row last
    events: list = field(default_factory=list)  # [EventShare]
    unknown_total: int = 0
    unknown_codes: list = field(default_factory=list)  # [Row]

    @classmethod
    def compute(cls, campaign, start=None, end=None):
        default_start, default_end = default_period(campaign)
        figures = cls(campaign=campaign, start=start or default_start, end=end or default_end)
        figures._compute()
        return figures

    # -- queries -------------------------------------------------------------------

    def _page_ids(self):
        """Ids of the campaign page and its selected pages, in every language."""
        keys = {self.campaign.translation_key}
        keys.update(self._item_keys())
        return Page.objects.filter(translation_key__in=keys).values("pk")

    def links(self, campaigns=None):
        """The links whose scans count for the campaign (``campaigns``: its translations' ids).

        Its own links, and the links made for no campaign that lead to the
        campaign page or to a page it selects (see the module's docstring).
        """
        if campaigns is None:
            campaigns = campaign_group_ids(self.campaign)
        return ShortLink.objects.filter(
            Q(campaign_id__in=campaigns) | Q(campaign__isnull=True, page_id__in=self._page_ids())
        )

    def _compute(self):
        self.days = days_between(self.start, self.end)
        index = {day: position for position, day in enumerate(self.days)}
        campaigns = campaign_group_ids(self.campaign)
        scans = ScanCount.objects.filter(
            day__gte=self.start, day__lte=self.end, link__in=self.links(campaigns).values("pk")
        )

        # Daily scans per channel: one query.
        rows = scans.values_list("day", "link__channel").annotate(total=Sum("count")).order_by()
        labels = dict(Channel.choices)
        shown = [value for value in self.campaign.channels or [] if value in labels]
        daily = {value: [0] * len(self.days) for value in shown}
        for day, channel, total in rows:
            daily.setdefault(channel, [0] * len(self.days))[index[day]] += total
        # Channels the campaign does not run on but that brought scans (material
        # made for its pages alone): after its own, in the channels' order.
        order = {value: position for position, value in enumerate(Channel.values)}
        shown += sorted(set(daily) - set(shown), key=lambda value: (order.get(value, 99), value))
        self.channels = [(value, labels.get(value, value)) for value in shown]
        self.daily = daily
        self.daily_total = [sum(values) for values in zip(*daily.values(), strict=True)] or [
            0
        ] * len(self.days)
        self.total = sum(self.daily_total)
        self.per_channel = [
            Row(label=str(label), total=sum(daily[value]), share=self._share(sum(daily[value])))
            for value, label in self.channels
        ]

        # Per content item: one query for the counts, one for the pages.
        by_page = dict(scans.values_list("link__page_id").annotate(total=Sum("count")).order_by())
        self.per_item = self._item_rows(by_page)

        # Per sticker or badge design (by channel, target page and design; one query).
        self.per_sticker = self._sticker_rows(
            scans.filter(link__channel__in=DESIGN_CHANNELS)
            .values_list(
                "link__channel", "link__page_id", "link__sticker_design__slug", "link__label"
            )
            .annotate(total=Sum("count"))
            .order_by()
        )

        # Per kiosk: the kiosk links counted above, by kiosk (one query).
        self.per_kiosk = self._kiosk_rows(
            scans.filter(link__channel=Channel.KIOSK)
            .values_list(
                "link__kiosk_number", "link__kiosk_id", "link__kiosk__name", "link__kiosk__place"
            )
            .annotate(total=Sum("count"))
            .order_by()
        )

        # Events: the share of the period's scans made on their days.
        for event in CampaignEvent.objects.filter(campaign=self.campaign).order_by("starts_at"):
            first = event.date
            last = max(first, timezone.localdate(event.ends_at)) if event.ends_at else first
            event_days = [day for day in days_between(first, last) if day in index]
            count = sum(self.daily_total[index[day]] for day in event_days)
            self.events.append(
                EventShare(event=event, days=event_days, scans=count, share=self._share(count))
            )

        # Unknown codes seen in the period (not tied to any campaign).
        unknown = UnknownCodeCount.objects.filter(day__gte=self.start, day__lte=self.end)
        self.unknown_total = unknown.aggregate(total=Sum("count", default=0))["total"]
        self.unknown_codes = [
            Row(label=code, total=total)
            for code, total in unknown.values_list("code")
            .annotate(total=Sum("count"))
            .order_by("-total", "code")[:UNKNOWN_ROWS]
        ]

    # -- helpers -------------------------------------------------------------------

    def _item_keys(self):
        # Straight from the database: the page's ``items`` may be an in-memory cluster.
        return list(
            CampaignItem.objects.filter(campaign=self.campaign)
            .values_list("page__translation_key", flat=True)
            .distinct()
        )

    def _share(self, count):
        return count / self.total if self.total else 0.0

    def _item_rows(self, by_page):
        """Rows per selected content (merging the translations of a page), best first."""
        pages = {
            page.pk: page
            for page in Page.objects.filter(pk__in=by_page).select_related("content_type")
        }
        selection = [self.campaign.translation_key]
        selection += self._item_keys()
        titles = dict(
            Page.objects.filter(
                translation_key__in=selection, locale_id=self.campaign.locale_id
            ).values_list("translation_key", "title")
        )
        totals = {}
        for page_id, total in by_page.items():
            page = pages.get(page_id)
            key = page.translation_key if page else None
            if key not in totals:
                kind = (
                    page.content_type.model_class()._meta.verbose_name.capitalize()
                    if page and page.content_type.model_class()
                    else ""
                )
                label = titles.get(key) or (page.title if page else str(_("deleted page")))
                totals[key] = Row(label=label, detail=str(kind), total=0)
            totals[key].total += total
        rows = sorted(totals.values(), key=lambda row: (-row.total, row.label))
        for row in rows:
            row.share = self._share(row.total)
        return rows

    def _sticker_rows(self, by_design):
        """Rows per (channel, target page, design), best first; links of no design by label.

        Each row's ``kind`` is its channel's name: a sticker and a badge of the
        same design are two rows.
        """
        totals = {}
        for channel, page_id, slug, label, total in by_design:
            key = (channel, page_id, slug if slug is not None else label or "—")
            totals[key] = totals.get(key, 0) + total
        titles = dict(
            Page.objects.filter(pk__in={page_id for _c, page_id, _name in totals}).values_list(
                "pk", "title"
            )
        )
        labels = dict(Channel.choices)
        rows = [
            Row(
                label=name,
                detail=titles.get(page_id, str(_("deleted page"))),
                kind=str(labels.get(channel, channel)),
                total=total,
                share=self._share(total),
            )
            for (channel, page_id, name), total in totals.items()
        ]
        rows.sort(key=lambda row: (-row.total, row.label, row.kind, row.detail))
        return rows

    def _kiosk_rows(self, by_kiosk):
        """Rows per kiosk (name, place), best first; kiosk links made for no kiosk last."""
        rows = {}
        shared = 0
        for number, kiosk_id, name, place, total in by_kiosk:
            if number is None:
                shared += total
            elif number in rows:
                rows[number].total += total
            elif kiosk_id is not None:
                rows[number] = Row(label=name, detail=place, total=total)
            else:
                label = str(_("Kiosk no. %(number)d")) % {"number": number}
                rows[number] = Row(label=label, detail=str(_("deleted kiosk")), total=total)
        rows = sorted(rows.values(), key=lambda row: (-row.total, row.label))
        if shared:
            rows.append(Row(label=str(_("Other / shared codes")), total=shared))
        for row in rows:
            row.share = self._share(row.total)
        return rows

    def daily_rows(self):
        """[(day, [count per channel], total)] for tables and the CSV."""
        return [
            (day, [self.daily[value][position] for value, _label in self.channels], total)
            for position, (day, total) in enumerate(zip(self.days, self.daily_total, strict=True))
        ]

    def best_channel(self):
        if not self.total:
            return None
        return max(self.per_channel, key=lambda row: row.total)


def _bucket_start(day, unit):
    if unit == "month":
        return day.replace(day=1)
    return day - datetime.timedelta(days=day.weekday())


def grouped_rows(figures, max_rows=16):
    """(unit, [(first day, last day, [count per channel], total)]) by week, or by month.

    Weeks (Monday to Sunday, cut to the period) when there are at most
    ``max_rows`` of them, months otherwise: a table that fits the report.
    """
    weeks = {_bucket_start(day, "week") for day in figures.days}
    unit = "week" if len(weeks) <= max_rows else "month"
    buckets = {}
    for day, counts, total in figures.daily_rows():
        key = _bucket_start(day, unit)
        if key not in buckets:
            buckets[key] = [day, day, [0] * len(counts), 0]
        bucket = buckets[key]
        bucket[1] = day
        bucket[2] = [a + b for a, b in zip(bucket[2], counts, strict=True)]
        bucket[3] += total
    return unit, [tuple(bucket) for _key, bucket in sorted(buckets.items())]
