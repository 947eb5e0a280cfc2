"""The channel-neutral card every content page exposes: the contract between content and channels.

Each content type describes itself once, in its ``get_card``: a title, a
teaser, a pictogram, an image with its alternative text, and typed parts
(practical facts, a trial offer, a question and its answer, references,
sections of rich text, the body, events, a quote with its attribution).
Channels (website listings, kiosk slides, bulletin articles, sticker sheets,
and those to come) read cards and nothing else: they choose their layout from
the parts a card has (a card with an ``answer`` shows the verdict, a card with
a ``quote`` shows it with its attribution, ``image_role`` tells a portrait
from an illustration), never from the page class, so a new content type
needs no change in any channel.

Parts that need a query (references, events) are built on first use with
:func:`on_first_use`; a page class lists the relations they read in
``card_prefetch`` so that ``crieur.models.prepare_cards`` fetches them for a
whole listing at once.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

__all__ = [
    "ILLUSTRATION",
    "PORTRAIT",
    "Answer",
    "Card",
    "CardEvent",
    "Fact",
    "Reference",
    "Section",
    "TrialOffer",
    "on_first_use",
    "upcoming_from",
]

#: ``Card.image_role``: what the card's image shows.
ILLUSTRATION = "illustration"  # a photo or drawing of the subject, printed wide
PORTRAIT = "portrait"  # a person, printed small and square beside their words


def on_first_use(build):
    """A tuple of parts made by ``build()`` the first time it is read, then kept.

    For parts read from a relation: listings that never show them cost no query,
    and ``card_prefetch`` makes those that do cost one query per listing.
    """
    return SimpleLazyObject(lambda: tuple(build()))


@dataclass(frozen=True)
class Fact:
    """A practical fact: "Address" — "12 rue des Tilleuls"."""

    label: str
    value: str


@dataclass(frozen=True)
class TrialOffer:
    """What residents can try, until its last day (``None``: no end)."""

    text: str
    until: datetime.date | None = None

    def running(self, on=None):
        """Whether the offer still holds on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return bool(self.text) and (self.until is None or self.until >= on)


@dataclass(frozen=True)
class Answer:
    """A question residents ask and its short answer."""

    question: str
    verdict: str  # a stable value ("yes", "no", "depends"), e.g. for styles
    verdict_label: str  # the verdict in words, translated when shown
    summary: str  # the answer in one sentence


@dataclass(frozen=True)
class Reference:
    """A source: a law, a decree, an insurer's leaflet."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class Section:
    """A long rich text under its heading (``""``: no heading): how to join, details, a story."""

    heading: str
    rich_text: str


def upcoming_from(on=None):
    """The moment from which events count as upcoming on day ``on``: now, or a later day's start."""
    if on is None or on <= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(
        datetime.datetime.combine(on, datetime.time.min), timezone.get_current_timezone()
    )


@dataclass(frozen=True)
class CardEvent:
    """An event where residents can try something; ``id`` is stable across builds."""

    id: Any
    name: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    place: str = ""
    what_to_try: str = ""

    def upcoming(self, now=None):
        """Whether the event has not ended at ``now`` (one without an end: not started)."""
        now = now or timezone.now()
        if self.ends_at is not None:
            return self.ends_at >= now
        return self.starts_at >= now


@dataclass(frozen=True)
class Card:
    kind: str  # "service", "regulation", "testimonial", "campaign", "page"…: data, not a switch
    title: str
    teaser: str
    url: str
    locale: str
    pictogram: str = ""  # a Lucide icon name
    pictogram_image: Any = None  # a Wagtail image, used instead of the icon when set
    image: Any = None  # a Wagtail image
    image_role: str = ILLUSTRATION  # or PORTRAIT
    quote: str = ""
    attribution: str = ""
    facts: tuple = ()  # of Fact
    trial: TrialOffer | None = None
    answer: Answer | None = None
    references: Any = ()  # of Reference (may be built on first use)
    sections: tuple = ()  # of Section
    body: Any = None  # the page's StreamField value, if it has one
    events: Any = ()  # of CardEvent (may be built on first use)
    valid_until: datetime.date | None = None  # the last day the card may be shown
    announcement: str = ""  # what a street crier reads aloud, as the editor wrote it
    page: Any = None

    @property
    def spoken(self):
        """What a street crier reads aloud: the editor's announcement, else the teaser."""
        return self.announcement or self.teaser

    @property
    def image_alt(self):
        """Alternative text of the card's image (the image's own description)."""
        image = self.image
        if image is None:
            return ""
        return getattr(image, "default_alt_text", "") or image.title
