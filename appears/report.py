"""Where a page appears on a day: every channel that carries it, in a constant number of queries.

Built on Wagtail's reference index (which objects point at the page: campaign
items, bulletin articles, sticker designs, short links), grouped by model so
that each model's objects are fetched in one query, and on the channel gate
(``crieur.gate``): a channel carries the page only when the gate lets it
through for that channel on that day. The gate is asked once per consent
channel (four), never once per campaign, kiosk or link.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Sum
from django.utils import timezone

from wagtail.models import Page, ReferenceIndex

from bulletins.models import BulletinPage
from campaigns.models import CampaignPage
from crieur.channels import CONSENT_NEEDED, Channel, ConsentChannel
from crieur.gate import gate, refusal, refusal_text
from kiosk.models import Kiosk
from links.models import ShortLink
from stickers.models import StickerDesign
from testimonials.models import TestimonialPage

__all__ = ["SCAN_DAYS", "WARN_DAYS", "ChannelState", "Consent", "Where", "where"]

#: Scans are counted over this many days, up to the day asked for.
SCAN_DAYS = 30
#: A consent ending within this many days is flagged.
WARN_DAYS = 30


@dataclass
class ChannelState:
    channel: Channel
    carried: bool
    reason: str = ""

    @property
    def label(self):
        return self.channel.label


@dataclass
class Consent:
    channel: ConsentChannel
    valid: bool
    last_day: datetime.date | None
    ends_soon: bool
    reason: str = ""

    @property
    def label(self):
        return self.channel.label


@dataclass
class CampaignLine:
    campaign: CampaignPage
    running: bool
    kiosks: list = field(default_factory=list)


@dataclass
class LinkLine:
    link: ShortLink
    scans: int


@dataclass
class Where:
    page: Page
    on: datetime.date
    url: str
    channels: list
    campaigns: list
    bulletins: list
    sticker_designs: list
    links: list
    consents: list

    def channel(self, value):
        return next(state for state in self.channels if state.channel == value)

    @property
    def link_channels(self):
        """The channels short links were made for (posters, social kits...), each once."""
        return sorted({line.link.channel for line in self.links})

    @property
    def scans(self):
        return sum(line.scans for line in self.links)


def _consent_results(page, on):
    """For each consent channel, ``(passes, reason)``: one gate query each."""
    results = {}
    for consent in ConsentChannel:
        passed = gate(Page.objects.filter(pk=page.pk), consent, on).exists()
        reason = ""
        if not passed:
            code_day = refusal(page, consent, on)
            if code_day:
                reason = str(refusal_text(code_day[0], consent, code_day[1]))
        results[consent] = (passed, reason)
    return results


def _referrers(page):
    """``{model: [object ids]}`` of what the reference index says points at ``page``.

    Or at any of its translations: a French campaign selecting the French page
    carries its English translation to English readers too. One query.
    """
    grouped = defaultdict(set)
    references = ReferenceIndex.get_references_to_in_bulk(
        page.get_translations(inclusive=True)
    ).values_list("base_content_type_id", "object_id")
    for content_type_id, object_id in references:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            grouped[model].add(object_id)
    return grouped


def _ids(grouped, model):
    found = set()
    for referrer, ids in grouped.items():
        if issubclass(referrer, model) or issubclass(model, referrer):
            found.update(ids)
    return [int(pk) for pk in found if str(pk).isdigit()]


def where(page, on=None, request=None):
    """Every channel carrying ``page`` on ``on`` (today), with the objects behind each."""
    on = on or timezone.localdate()
    page = page.specific
    consents = _consent_results(page, on)
    channels = []
    for channel in Channel:
        if channel == Channel.OTHER:
            continue
        passed, reason = consents[CONSENT_NEEDED[channel]]
        channels.append(ChannelState(channel, passed, reason))
    web_passes = consents[ConsentChannel.WEB][0]
    url = (page.get_full_url(request) or "") if web_passes else ""

    grouped = _referrers(page)
    campaign_ids = _ids(grouped, CampaignPage)
    campaigns = [
        CampaignLine(campaign, campaign.live and campaign.is_running(on))
        for campaign in CampaignPage.objects.filter(pk__in=campaign_ids).order_by(
            "-start_date", "pk"
        )
    ]
    running_on_kiosks = {
        line.campaign.pk
        for line in campaigns
        if line.running and Channel.KIOSK.value in (line.campaign.channels or [])
    }
    if running_on_kiosks and consents[ConsentChannel.KIOSK][0]:
        by_pk = {line.campaign.pk: line for line in campaigns}
        kiosks = (
            Kiosk.objects.filter(Q(campaigns__in=running_on_kiosks) | Q(campaigns__isnull=True))
            .distinct()
            .prefetch_related("campaigns")
        )
        for kiosk in kiosks:
            chosen = {campaign.pk for campaign in kiosk.campaigns.all()}
            for pk in (chosen & running_on_kiosks) if chosen else running_on_kiosks:
                by_pk[pk].kiosks.append(kiosk)

    bulletins = list(
        BulletinPage.objects.filter(pk__in=_ids(grouped, BulletinPage)).order_by(
            "-issue_date", "pk"
        )
    )
    sticker_designs = list(
        StickerDesign.objects.filter(pk__in=_ids(grouped, StickerDesign)).order_by("slug")
    )
    since = on - datetime.timedelta(days=SCAN_DAYS - 1)
    # Links made in bulk (bulk_create sends no signal) are not in the reference
    # index: the links of the page and its translations are asked for in the same query.
    links = (
        ShortLink.objects.filter(
            Q(pk__in=_ids(grouped, ShortLink)) | Q(page__translation_key=page.translation_key)
        )
        .select_related("campaign")
        .annotate(
            recent=Sum(
                "scans__count",
                filter=Q(scans__day__gte=since, scans__day__lte=on),
                default=0,
            )
        )
        .order_by("channel", "pk")
    )
    link_lines = [LinkLine(link, link.recent) for link in links]

    consent_lines = []
    if isinstance(page, TestimonialPage):
        last_day = page.consent_until
        for consent in ConsentChannel:
            passed, reason = consents[consent]
            ends_soon = bool(passed and last_day and (last_day - on).days <= WARN_DAYS)
            consent_lines.append(Consent(consent, passed, last_day, ends_soon, reason))

    return Where(
        page=page,
        on=on,
        url=url,
        channels=channels,
        campaigns=campaigns,
        bulletins=bulletins,
        sticker_designs=sticker_designs,
        links=link_lines,
        consents=consent_lines,
    )
