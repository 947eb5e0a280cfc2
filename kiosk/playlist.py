"""The playlist of a kiosk: the slides it cycles through, as JSON.

Slides are built from the channel-neutral cards of the campaigns' content
(``crieur.cards.Card``) and carry everything the player needs offline: texts,
a QR code as an SVG data URL, image URLs the service worker caches, and the
moment a slide stops being valid (``until``) so that the player drops past
events and ended campaigns by itself, even without the network.

Only what the channel gate (``crieur.gate``) lets through for the kiosk
channel goes in: running campaigns, live pages without view restrictions,
testimonials with kiosk consent today. The number of SQL queries
does not grow with the number of items (it grows with the number of
campaigns and languages shown).

Each kiosk shows QR codes of its own: one short link per (page, campaign,
kiosk) on the "kiosk" channel, tied to the kiosk (``ShortLink.kiosk``), so that
the campaign dashboard tells kiosks apart.
They are read in one query and the missing ones made in bulk on the first
build; later builds reuse them, so the playlist's version (its ETag) only
changes when what the screen shows does.
"""

import base64
import datetime
import hashlib
import json
from collections import defaultdict

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from wagtail.models import Locale, Site

from campaigns.attribution import channel_link
from campaigns.attribution import source_campaign as campaign_source
from campaigns.models import CampaignPage
from crieur.cards import PORTRAIT
from crieur.channels import Channel
from crieur.gate import gate_pages
from crieur.models import BrandingSettings, prepare_cards
from crieur.pictograms import lucide_svg
from links.models import ShortLink
from links.qr import qr_svg

__all__ = ["build_playlist", "campaign_slides", "playlist_etag", "running_campaigns"]

#: Renditions used on screens (1080p: a portrait takes about a third of the height).
PORTRAIT_FILTER = "fill-480x480"
IMAGE_FILTER = "fill-960x640"
PICTOGRAM_FILTER = "max-400x400"
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
#: Code shown by the preview of a kiosk not saved yet: outside the codes'
#: alphabet (``links.codes``), so no link can ever have it.
PREVIEW_CODE = "PREVIEW"


def svg_data_url(markup):
    if "xmlns=" not in markup[:200]:
        markup = markup.replace("<svg ", f"<svg {SVG_NS} ", 1)
    return "data:image/svg+xml;base64," + base64.b64encode(markup.encode()).decode()


def pictogram_data_url(name):
    try:
        markup = str(lucide_svg(name, size=96, stroke="#ffffff"))
    except Exception:  # an unknown name must not take the whole playlist down
        return ""
    return svg_data_url(markup)


def rendition_url(image, spec):
    if image is None:
        return ""
    try:
        return image.get_rendition(spec).url
    except Exception:  # a missing source file: the slide goes on without its image
        return ""


def end_of_day(day):
    """The first instant after ``day`` (local time), as ISO 8601."""
    moment = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(moment).isoformat()


def earliest(*moments):
    moments = [moment for moment in moments if moment]
    return min(moments, key=datetime.datetime.fromisoformat) if moments else None


def running_campaigns(kiosk, on=None):
    """Running campaigns shown by ``kiosk``, grouped by translation: {key: {lang: page}}.

    Chosen campaigns are shown while they run; without a choice, every running
    campaign on the kiosk channel is.
    """
    on = on or timezone.localdate()
    campaigns = (
        CampaignPage.objects.running(on)
        .select_related("locale", "image")
        .prefetch_related("image__renditions")
        .order_by("start_date", "pk")
    )
    chosen = [campaign.translation_key for campaign in kiosk.campaigns.all()]
    if chosen:
        campaigns = campaigns.filter(translation_key__in=chosen)
    groups = defaultdict(dict)
    for campaign in prepare_cards(list(campaigns)):
        if not chosen and Channel.KIOSK.value not in (campaign.channels or []):
            continue
        groups[campaign.translation_key][campaign.locale.language_code] = campaign
    return groups


def source_campaign(group):
    return group.get(settings.LANGUAGE_CODE) or next(iter(group.values()))


def labels(language):
    with translation.override(language):
        return {
            "scan": _("Scan to find out more"),
            "try": _("Try it"),
            "testimonial": _("A neighbour's word"),
            "question": _("Is it allowed?"),
            "event": _("Come and try"),
            "campaign": _("Campaign"),
            "paused": _("Paused · touch again for the next slide"),
            "standby": _("The screen is resting"),
            "hours": _("Opening hours"),
            "idle": _("Nothing to show right now"),
        }


def hours_lines(hours, language):
    with translation.override(language):
        return [
            f"{WEEKDAYS[weekday]} {opens:%H:%M}–{closes:%H:%M}" for weekday, opens, closes in hours
        ]


class _Builder:
    def __init__(self, kiosk, now):
        self.kiosk = kiosk
        self.now = now
        self.today = timezone.localdate(now)
        self.links = {}
        self.link_campaigns = {}

    # -- content -----------------------------------------------------------------

    def collect(self):
        """[(language, campaign, source campaign, [pages], [events])] in display order."""
        groups = running_campaigns(self.kiosk, self.today)
        languages = self.kiosk.languages()
        plan = []
        for group in groups.values():
            source = source_campaign(group)
            for language in languages:
                campaign = group.get(language)
                if campaign is None:
                    if len(languages) > 1:
                        continue  # an alternating kiosk skips missing translations
                    campaign = source
                pages = campaign.selected_pages(Channel.KIOSK, on=self.today)
                events = sorted(
                    (event for event in campaign.card.events if event.upcoming(self.now)),
                    key=lambda event: event.starts_at,
                )
                plan.append((language, campaign, source, pages, events))
        # The selected pages went through the gate; the campaigns themselves too.
        shown = set(gate_pages([campaign for _lang, campaign, *_rest in plan], Channel.KIOSK))
        return [entry for entry in plan if entry[1] in shown]

    def fetch_links(self, plan):
        """This kiosk's short links of every (page, campaign) shown, in one query.

        Each kiosk has links of its own (``ShortLink.kiosk``), so the campaign
        dashboard counts its scans apart; the missing ones are made in bulk,
        labelled with the kiosk's name (free text staff may change). The
        oldest active link of a (page, campaign) wins, so every build picks the
        same one and the playlist's version stays stable between polls.
        """
        wanted = set()
        pages = {}
        for _language, campaign, source, items, _events in plan:
            wanted.add((campaign.pk, source.pk))
            wanted.update((page.pk, source.pk) for page in items)
            pages[campaign.pk] = campaign
            pages.update((page.pk, page) for page in items)
            self.link_campaigns[source.pk] = source
        if not wanted:
            return
        if self.kiosk.pk is None:
            # An unsaved kiosk (the admin's preview while creating one) has no
            # links yet: placeholders that lead nowhere, never stored.
            for page_id, campaign_id in wanted:
                self.links[(page_id, campaign_id)] = ShortLink(
                    code=PREVIEW_CODE, page_id=page_id, campaign_id=campaign_id
                )
            return
        existing = (
            ShortLink.objects.active()
            .filter(
                channel=Channel.KIOSK,
                kiosk=self.kiosk,
                page_id__in={page_id for page_id, _c in wanted},
                campaign_id__in={campaign_id for _p, campaign_id in wanted},
            )
            .order_by("created_at", "pk")
        )
        for link in existing:
            self.links.setdefault((link.page_id, link.campaign_id), link)
        missing = sorted(wanted - set(self.links))
        created = ShortLink.objects.bulk_create_unique(
            (
                (pages[page_id], Channel.KIOSK, self.link_campaigns[campaign_id], self.kiosk.name)
                for page_id, campaign_id in missing
            ),
            kiosk=self.kiosk,
        )
        self.links.update(zip(missing, created, strict=True))

    def qr(self, page, source):
        link = self.links[(page.pk, source.pk)]
        return {"qr": svg_data_url(qr_svg(link.qr_url)), "short_url": link.short_url}

    # -- slides --------------------------------------------------------------------

    def base(self, kind, key, language, campaign, until=None):
        return {
            "id": f"{kind}-{key}-{language}",
            "kind": kind,
            "lang": language,
            "campaign": campaign.card.title,
            "until": earliest(end_of_day(campaign.end_date), until),
        }

    def campaign_slide(self, language, campaign, source):
        card = campaign.card
        return {
            **self.base("campaign", campaign.pk, language, campaign),
            "title": card.title,
            "text": card.teaser,
            "image": rendition_url(card.image, IMAGE_FILTER),
            "image_alt": card.image_alt,
            **self.qr(campaign, source),
        }

    def page_slide(self, language, campaign, source, page):
        """The slide of ``page``, from its card alone: the parts it has choose the layout.

        The player knows three layouts, named after the content they were first
        made for: a quote with its attribution ("testimonial"), a question and
        its verdict ("regulation"), and a title with its teaser, pictogram and
        trial offer ("service", for every other card).
        """
        card = page.card
        until = end_of_day(card.valid_until) if card.valid_until else None
        if card.quote:
            image_filter = PORTRAIT_FILTER if card.image_role == PORTRAIT else IMAGE_FILTER
            return {
                **self.base("testimonial", page.pk, language, campaign, until),
                "title": card.title,
                "text": card.quote,
                "attribution": card.attribution,
                "image": rendition_url(card.image, image_filter),
                "image_alt": card.image_alt,
                **self.qr(page, source),
            }
        if card.answer is not None:
            with translation.override(language):
                verdict = str(card.answer.verdict_label)
            return {
                **self.base("regulation", page.pk, language, campaign, until),
                "title": card.title,
                "answer": verdict,
                "text": card.answer.summary,
                **self.qr(page, source),
            }
        trial = card.trial
        return {
            **self.base("service", page.pk, language, campaign, until),
            "title": card.title,
            "text": card.teaser,
            "trial": trial.text if trial is not None and trial.running(self.today) else "",
            "pictogram": rendition_url(card.pictogram_image, PICTOGRAM_FILTER)
            or (pictogram_data_url(card.pictogram) if card.pictogram else ""),
            **self.qr(page, source),
        }

    def event_slide(self, language, campaign, source, event):
        starts = timezone.localtime(event.starts_at)
        with translation.override(language):
            date = formats.date_format(starts, "l j F · H:i")
        ends = event.ends_at or event.starts_at
        return {
            **self.base("event", event.id, language, campaign, ends.isoformat()),
            "title": event.name,
            "date": date,
            "place": event.place,
            "text": event.what_to_try,
            "ends": ends.isoformat(),
            **self.qr(campaign, source),
        }

    def slides(self):
        plan = self.collect()
        self.fetch_links(plan)
        slides = []
        for language, campaign, source, pages, events in plan:
            slides.append(self.campaign_slide(language, campaign, source))
            slides.extend(self.page_slide(language, campaign, source, page) for page in pages)
            slides.extend(self.event_slide(language, campaign, source, e) for e in events)
        return slides


class _CampaignBuilder(_Builder):
    """The slides of one campaign, as a kiosk showing it plays them (no kiosk of its own).

    Its QR codes are the campaign's shared kiosk links (no ``ShortLink.kiosk``:
    the dashboard counts them under "other / shared codes").
    """

    def __init__(self, campaign, now):
        super().__init__(kiosk=None, now=now)
        self.campaign = campaign

    def collect(self):
        campaign = self.campaign
        if not gate_pages([campaign], Channel.KIOSK, self.today):
            return []
        pages = campaign.selected_pages(Channel.KIOSK, on=self.today)
        events = sorted(
            (event for event in campaign.card.events if event.upcoming(self.now)),
            key=lambda event: event.starts_at,
        )
        language = campaign.locale.language_code
        return [(language, campaign, campaign_source(campaign), pages, events)]

    def fetch_links(self, plan):
        for _language, campaign, source, items, _events in plan:
            for page in (campaign, *items):
                self.links[(page.pk, source.pk)] = channel_link(page, Channel.KIOSK, source)


def campaign_slides(campaign, now=None):
    """The slides a kiosk showing ``campaign`` plays at ``now``, in the campaign's language.

    What the gate lets through on the kiosk channel that day, as for a kiosk
    (the campaign's running dates aside: a preview of a campaign to come).
    """
    return _CampaignBuilder(campaign, now or timezone.now()).slides()


def branding():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return {"authority": "Crieur", "primary": "#1d4e89", "accent": "#f4b400"}
    settings_ = BrandingSettings.for_site(site)
    return {
        "authority": settings_.authority_name,
        "primary": settings_.primary_colour,
        "accent": settings_.accent_colour,
    }


def playlist_etag(payload):
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()[:32]


def build_playlist(kiosk, now=None):
    """The playlist of ``kiosk`` as a JSON-ready dict, with its ``version`` (the ETag)."""
    now = now or timezone.now()
    languages = kiosk.languages()
    hours = kiosk.hours()
    # Content languages that exist as Wagtail locales; others have nothing to show.
    known = set(Locale.objects.values_list("language_code", flat=True))
    payload = {
        "kiosk": {
            "name": kiosk.name,
            "orientation": kiosk.orientation,
            "seconds": kiosk.seconds_per_slide,
            "languages": [language for language in languages if language in known] or languages,
            "timezone": settings.TIME_ZONE,
            "hours": [
                [weekday, f"{opens:%H:%M}", f"{closes:%H:%M}"] for weekday, opens, closes in hours
            ],
        },
        "theme": branding(),
        "labels": {language: labels(language) for language in languages},
        "hours_text": {language: hours_lines(hours, language) for language in languages},
        "slides": _Builder(kiosk, now).slides(),
    }
    payload["version"] = playlist_etag(payload)
    return payload
