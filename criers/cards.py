"""What a street crier reads aloud for a campaign: one card per item, and how long each takes.

A crier stands at the market or at the school gate, reads a short announcement
aloud, names the events where residents can try something, and hands out a
flyer whose QR code leads to the page. This module decides what goes on each
card; ``criers.render`` lays the cards out as A6 pages and as a script.

- The cards are the campaign's own, first, then one per item of the campaign,
  in the editors' order, in the campaign's language. Everything passes the
  gate (``crieur.gate``) on ``Channel.CRIER`` from today through the campaign's
  last day, since the cards stay in the crier's hands until then; what it
  refuses is listed as :class:`crieur.outputs.LeftOut`, never printed.
- What is read is ``card.spoken``: the editor's announcement, else the teaser.
  :func:`reading_seconds` is the one rule for how long it takes (150 words a
  minute); above :data:`MAX_SECONDS` the card, the admin and the command warn.
- The campaign's card announces the campaign's upcoming events shown on the
  crier channel; an item's card its own upcoming events (``card.events``) and
  the campaign's events where it can be tried.
- Each card gets the crier channel's short link for its page (label
  ``"crier"``, tied to the campaign: for a translation, to the campaign in the
  default language, as ``campaigns.attribution`` does), printed as a QR code
  for the flyer.
"""

import datetime
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override

from campaigns.attribution import channel_link
from campaigns.models import CampaignEvent
from crieur.cards import upcoming_from
from crieur.channels import Channel
from crieur.gate import gate_pages
from crieur.models import prepare_cards
from crieur.outputs import LeftOut

__all__ = [
    "MAX_CARDS",
    "MAX_EVENTS_PER_CARD",
    "MAX_SECONDS",
    "WORDS_PER_MINUTE",
    "CrierCard",
    "CrierCards",
    "CrierEvent",
    "TooManyCards",
    "build_cards",
    "crier_days",
    "reading_seconds",
    "word_count",
]

#: How fast a crier reads aloud, in the street, so that passers-by follow.
WORDS_PER_MINUTE = 150
#: The longest announcement a passer-by listens to, in seconds.
MAX_SECONDS = 45
#: The most cards one set holds (the campaign's and its items'): a bound on one render.
MAX_CARDS = 100
#: Events listed on one card; more are counted ("and 2 more events").
MAX_EVENTS_PER_CARD = 4
#: Titles and event texts are cut to these lengths on a card (the page keeps them whole).
TITLE_CHARS = 110
EVENT_TEXT_CHARS = 70

#: A spoken word: letters or digits, with the apostrophes and hyphens inside it
#: ("l’outilthèque", "vide-grenier" are one word each). Punctuation, dashes and
#: emoji are not read as words.
WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def word_count(text):
    """The words a crier reads in ``text``."""
    return len(WORD.findall(text or ""))


def reading_seconds(text, words_per_minute=WORDS_PER_MINUTE):
    """How long reading ``text`` aloud takes, in whole seconds (rounded up).

    The one rule for every card, the admin and the command: 75 words at 150
    words a minute take 30 s.
    """
    if words_per_minute <= 0:
        raise ValueError("words_per_minute must be above 0.")
    return math.ceil(word_count(text) * 60 / words_per_minute)


class TooManyCards(ValueError):
    """The campaign would make more than :data:`MAX_CARDS` cards; ``message`` says so."""

    def __init__(self, count):
        self.count = count
        self.message = _(
            "A set of street criers' cards holds at most %(max)d cards; this campaign would "
            "make %(count)d. Split its content over several campaigns."
        ) % {"max": MAX_CARDS, "count": count}
        super().__init__(self.message)


@dataclass(frozen=True)
class CrierEvent:
    """An event to announce, in words: "Saturday 7 March", "17:00", "Place du Marché"."""

    name: str
    day: str
    hour: str
    place: str
    starts_at: datetime.datetime


@dataclass
class CrierCard:
    """One A6 card: what is read, how long it takes, the events, the flyer's short link."""

    number: int
    page: Any  # the specific page, in the campaign's language
    card: Any  # its crieur.cards.Card
    title: str  # cut to TITLE_CHARS
    spoken: str  # card.spoken, whitespace tidied
    from_teaser: bool  # no announcement written: the teaser is read
    words: int
    seconds: int
    events: list = field(default_factory=list)  # of CrierEvent, at most MAX_EVENTS_PER_CARD
    more_events: int = 0
    link: Any = None  # links.models.ShortLink, when links were made

    @property
    def too_long(self):
        return self.seconds > MAX_SECONDS

    @property
    def seconds_over(self):
        return max(0, self.seconds - MAX_SECONDS)


@dataclass
class CrierCards:
    """A campaign's set of cards, in its language, and what the gate left out."""

    campaign: Any
    language: str
    first_day: datetime.date
    last_day: datetime.date
    cards: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # of crieur.outputs.LeftOut

    @property
    def too_long(self):
        return [card for card in self.cards if card.too_long]

    @property
    def total_seconds(self):
        return sum(card.seconds for card in self.cards)


def crier_days(campaign, on=None):
    """``(first, last)``: the days the cards must be allowed on.

    From ``on`` (today) through the campaign's end date when it is ahead; only
    ``on`` once the campaign has ended.
    """
    first = on or timezone.localdate()
    last = campaign.end_date if campaign.end_date and campaign.end_date > first else first
    return first, last


def tidy(text):
    """``text`` on one line: runs of spaces, tabs and line breaks become one space."""
    return " ".join(str(text or "").split())


def _event(name, starts_at, place, today):
    local = timezone.localtime(starts_at)
    day_format = "l j F" if local.year == today.year else "l j F Y"
    return CrierEvent(
        name=Truncator(tidy(name)).chars(EVENT_TEXT_CHARS),
        day=date_format(local, day_format),
        hour=time_format(local, "TIME_FORMAT"),
        place=Truncator(tidy(place)).chars(EVENT_TEXT_CHARS),
        starts_at=starts_at,
    )


def _campaign_events(campaign, now):
    """The campaign's events shown on the crier channel, not over at ``now``, by start time."""
    return list(
        CampaignEvent.objects.upcoming(now)
        .shown_on(Channel.CRIER)
        .filter(campaign=campaign)
        .order_by("starts_at", "pk")
    )


def _card_events(page, card, campaign_events, now, today):
    """A page's upcoming events: its card's own, then the campaign's where it can be tried."""
    found = {}
    for event in card.events or ():
        if event.upcoming(now):
            found.setdefault(
                (event.name, event.starts_at), (event.name, event.starts_at, event.place)
            )
    for event in campaign_events:
        service = event.service
        if service is not None and service.translation_key == page.translation_key:
            found.setdefault(
                (event.name, event.starts_at), (event.name, event.starts_at, event.place)
            )
    ordered = sorted(found.values(), key=lambda row: row[1])
    return [_event(name, starts_at, place, today) for name, starts_at, place in ordered]


def _crier_card(number, page, events, link):
    card = page.card
    spoken = tidy(card.spoken)
    card_events = events[:MAX_EVENTS_PER_CARD]
    return CrierCard(
        number=number,
        page=page,
        card=card,
        title=Truncator(tidy(card.title)).chars(TITLE_CHARS),
        spoken=spoken,
        from_teaser=not tidy(card.announcement),
        words=word_count(spoken),
        seconds=reading_seconds(spoken),
        events=card_events,
        more_events=len(events) - len(card_events),
        link=link,
    )


def build_cards(campaign, *, on=None, links=True, user=None):
    """The campaign's :class:`CrierCards`, in its language.

    ``on`` is the first day the cards are used (today by default). With
    ``links``, each card gets the crier channel's short link for its page (made
    once, reused after; made by ``user``); the admin's listing asks without.
    Raises :class:`TooManyCards` above :data:`MAX_CARDS`.
    """
    campaign = campaign.specific
    language = campaign.locale.language_code
    first, last = crier_days(campaign, on)
    now = upcoming_from(on)
    with override(language):
        result = CrierCards(campaign, language, first, last)
        items = campaign.item_versions()
        if len(items) + 1 > MAX_CARDS:
            raise TooManyCards(len(items) + 1)
        candidates = [campaign, *items]
        allowed = {page.pk for page in gate_pages(candidates, Channel.CRIER, first, last)}
        for page in candidates:
            if page.pk not in allowed:
                result.left_out.append(LeftOut.refused(page, Channel.CRIER, first, last))
        shown = prepare_cards([page for page in candidates if page.pk in allowed])
        campaign_events = _campaign_events(campaign, now) if shown else []
        for page in shown:
            if page.pk == campaign.pk:
                events = [
                    _event(event.name, event.starts_at, event.place, first)
                    for event in campaign_events
                ]
            else:
                events = _card_events(page, page.card, campaign_events, now, first)
            link = None
            if links:
                link = channel_link(page, Channel.CRIER, campaign, user=user)
            result.cards.append(_crier_card(len(result.cards) + 1, page, events, link))
        result.left_out = [item for item in result.left_out if item is not None]
    return result
