"""Posters: an A4 or A3 portrait poster of any card, read from three metres away.

A poster is built from the page's card alone (``crieur.cards``): its layout
comes from the parts the card has, never from the page class.

* a card with an ``answer`` shows the question as its title and the verdict
  in large type with the one-sentence answer;
* a card with a ``quote`` shows it with its attribution, beside a small square
  portrait when the image is a ``PORTRAIT``;
* otherwise the teaser; an ``ILLUSTRATION`` is printed wide under the title;
* a running trial offer, the practical facts and the upcoming events (day,
  hour and place: the campaign poster's agenda) follow;
* at the bottom, the QR code of the poster channel's short link, with the
  short address printed under it for those who type it.

The type is sized for A3 (title 96 pt, body 28 pt and more: readable from
three metres); A4 is the same layout scaled by 1/√2, one template with a
``scale``. A poster is always one page: long texts are cut at a bound, then
laid out at up to :data:`LEVELS` smaller steps (smaller picture, then smaller
type) until they fit, and as a last resort the content area clips what still
overflows, so the QR code always stays on the page.

The page must pass the gate (``crieur.gate``) on the poster channel: a
testimonial prints only with its author's print consent, valid on every day
the poster stays up (``through``); otherwise :class:`PosterRefused` says why.
"""

import base64
import datetime
import functools
import math
import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import override

from lucide import IconDoesNotExist
from PIL import ImageFont

from campaigns.attribution import channel_link
from campaigns.models import CampaignPage
from crieur.cards import PORTRAIT
from crieur.channels import Channel
from crieur.gate import passes
from crieur.outputs import LeftOut
from crieur.pictograms import lucide_svg
from links.qr import qr_svg
from pdf.print_style import FONTS, print_style
from pdf.rendering import html_document, within_time_limit

__all__ = [
    "SIZES",
    "PaperSize",
    "PosterRefused",
    "gate_days",
    "poster_filename",
    "poster_html",
    "poster_pdf",
]

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class PaperSize:
    key: str
    name: str  # for CSS ``@page { size }``
    width_mm: float
    height_mm: float
    scale: float  # of the A3 design


#: The sizes a poster prints at; A4 is A3 scaled by 1/√2 (same proportions).
SIZES = {
    "a3": PaperSize("a3", "A3", 297, 420, 1.0),
    "a4": PaperSize("a4", "A4", 210, 297, 1 / math.sqrt(2)),
}

#: Resolution of the pictures printed (a poster is seen from afar: 200 dpi is plenty).
IMAGE_DPI = 200

# -- the A3 design, in millimetres and points (A4 multiplies every one by its scale) ---------

MARGIN_MM = 14  # home printers leave 4 to 6 mm blank: the design keeps inside 14 mm (A4: 10)
BAND_MM = 30  # the coloured band at the top: authority, logo, pictogram
FOOTER_MM = 74  # the QR code and the short address
GAP_MM = 6
QR_MM = 64
ILLUSTRATION_MM = 110  # height of a wide picture (width: the whole content width)
PORTRAIT_MM = 80
BLEED_MM = 3  # print-ready: not scaled (a print shop's bleed is 3 mm on any paper)

#: Steps tried in order until the poster fits on one page: title and body sizes (pt), the
#: size of the lead text (teaser, quote, answer), share of the picture's height kept, share
#: of the portrait's size, most events and facts listed. The first step is for short texts;
#: the picture gives way before the title goes under 90 pt (what is read from afar).
LEVELS = (
    {"title": 112, "body": 34, "lead": 46, "image": 1.25, "portrait": 1.2, "events": 5, "facts": 4},
    {"title": 96, "body": 30, "lead": 40, "image": 1.0, "portrait": 1.0, "events": 5, "facts": 4},
    {"title": 96, "body": 28, "lead": 36, "image": 0.7, "portrait": 0.9, "events": 4, "facts": 4},
    {"title": 90, "body": 28, "lead": 32, "image": 0.45, "portrait": 0.8, "events": 4, "facts": 4},
    {"title": 90, "body": 28, "lead": 30, "image": 0.0, "portrait": 0.7, "events": 4, "facts": 4},
    {"title": 76, "body": 28, "lead": 28, "image": 0.0, "portrait": 0.65, "events": 4, "facts": 3},
    {"title": 64, "body": 28, "lead": 28, "image": 0.0, "portrait": 0.55, "events": 3, "facts": 3},
    {"title": 52, "body": 24, "lead": 26, "image": 0.0, "portrait": 0.5, "events": 3, "facts": 2},
)
#: A title is never set so large that its longest word overflows a line, nor smaller than
#: this (a longer word is then hyphenated or broken).
TITLE_MIN_PT = 40

#: Longest texts printed (characters); longer ones are cut with an ellipsis.
MAX_CHARS = {
    "title": 120,
    "teaser": 260,
    "quote": 280,
    "attribution": 80,
    "summary": 240,
    "verdict": 40,
    "trial": 140,
    "fact_label": 40,
    "fact_value": 140,
    "event_name": 90,
    "event_place": 100,
    "authority": 80,
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Pictographs of the supplementary planes (emoji) and emoji variation selectors: the
#: bundled Inter has none of them, and a poster must not print empty boxes instead.
_EMOJI = re.compile("[\U0001f000-\U0001faff\U0001fc00-\U0001ffff\ufe0e\ufe0f\u200d]")
_SPACES = re.compile(r"\s+")


class PosterRefused(Exception):
    """The gate refused the page on the poster channel; ``left_out`` says why, in words."""

    def __init__(self, left_out):
        super().__init__(f"{left_out.title}: {left_out.reason}")
        self.left_out = left_out

    @property
    def reason(self):
        return self.left_out.reason


def paper_size(size):
    """The :class:`PaperSize` for ``"a4"`` or ``"a3"``; ValueError for anything else."""
    key = str(size or "").strip().lower()
    if key not in SIZES:
        raise ValueError(
            f"Unknown poster size {str(size)[:20]!r}: choose one of {', '.join(sorted(SIZES))}."
        )
    return SIZES[key]


def gate_days(campaign=None, on=None):
    """``(first, last)``: the days a poster must be allowed on.

    Made for a campaign, a poster stays up until the campaign's end: every day
    from ``on`` (today) through its end date when that date is ahead. Made for
    one page outside a campaign: ``on``.
    """
    first = on or timezone.localdate()
    if campaign is not None and campaign.end_date and campaign.end_date > first:
        return first, campaign.end_date
    return first, first


def campaign_of(page):
    """The campaign ``page`` is, or ``None``: its poster is made for that campaign."""
    return page if isinstance(page, CampaignPage) else None


def poster_filename(page, size, *, print_ready=False):
    suffix = "-print-ready" if print_ready else ""
    language = page.locale.language_code if page.locale_id else ""
    return f"poster-{page.slug}-{language}-{paper_size(size).key}{suffix}.pdf"


# -- what the poster prints ---------------------------------------------------------------


def clean(value, limit):
    """``value`` as one line of plain text (controls and emoji removed), cut at ``limit``
    characters (HTML is escaped by the template, never interpreted)."""
    text = _EMOJI.sub("", _CONTROL.sub(" ", str(value or "")))
    text = _SPACES.sub(" ", text).strip()
    return Truncator(text).chars(limit)


def _px(mm):
    return max(1, math.ceil(mm / 25.4 * IMAGE_DPI))


def _rendition_url(image, width_mm, height_mm, image_format="jpeg|jpegquality-85"):
    """A rendition of ``image`` (JPEG unless told) cropped to ``width_mm`` × ``height_mm``
    around its focal point, or ``None``. Only the site's own files are ever read: the
    renderer's fetcher refuses an image stored elsewhere, and the poster prints without it."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(
            f"fill-{_px(width_mm)}x{_px(height_mm)}|format-{image_format}"
        )
    except (OSError, ValueError):  # the original is missing or unreadable
        return None
    return rendition.url


def _logo(branding):
    logo = getattr(branding, "logo", None) if getattr(branding, "logo_id", None) else None
    if logo is None:
        return None
    try:
        return logo.get_rendition("max-600x240|format-png").url
    except (OSError, ValueError):
        return None


def _moment(on):
    """The moment events are upcoming from: now, or the start of ``on`` when it is another day."""
    now = timezone.now()
    if on is None or on == timezone.localdate(now):
        return now
    start = datetime.datetime.combine(on, datetime.time.min)
    return timezone.make_aware(start, timezone.get_current_timezone())


def _event_rows(card, on):
    now = _moment(on)
    events = sorted(
        (event for event in card.events or () if event.upcoming(now)),
        key=lambda event: event.starts_at,
    )
    rows = []
    for event in events:
        starts = timezone.localtime(event.starts_at)
        ends = timezone.localtime(event.ends_at) if event.ends_at else None
        hours = time_format(starts, "TIME_FORMAT")
        if ends is not None and ends.date() == starts.date():
            hours = f"{hours} – {time_format(ends, 'TIME_FORMAT')}"
        rows.append(
            {
                "day": capfirst(date_format(starts, "l j F")),
                "hours": hours,
                "name": clean(event.name, MAX_CHARS["event_name"]),
                "place": clean(event.place, MAX_CHARS["event_place"]),
            }
        )
    return rows


def _kicker(card, trial):
    """A line above the title saying what kind of message this is, from the card's parts."""
    if card.answer is not None:
        return _("What the rules say")
    if card.quote:
        return _("A resident’s testimonial")
    if trial:
        return _("Try it near you")
    return ""


def _content(card, size, on):
    """Everything the template prints that does not depend on the fitting level."""
    content_mm = (size.width_mm - 2 * MARGIN_MM * size.scale) / size.scale  # in A3 millimetres
    trial = card.trial if card.trial is not None and card.trial.running(on) else None
    quote = clean(card.quote, MAX_CHARS["quote"])
    teaser = clean(card.teaser, MAX_CHARS["teaser"])
    answer = None
    if card.answer is not None:
        answer = {
            "verdict": re.sub(r"[^a-z0-9_-]", "", str(card.answer.verdict).lower())[:20],
            "label": clean(card.answer.verdict_label, MAX_CHARS["verdict"]),
            "summary": clean(card.answer.summary, MAX_CHARS["summary"]),
        }
    if answer or (quote and teaser == quote):
        teaser = ""  # the answer and the quote already say it
    portrait = illustration = None
    if card.image is not None:
        if card.image_role == PORTRAIT:
            side = PORTRAIT_MM * LEVELS[0]["portrait"] * size.scale
            portrait = _rendition_url(card.image, side, side)
        else:
            height = ILLUSTRATION_MM * LEVELS[0]["image"]  # cropped smaller by CSS if need be
            illustration = _rendition_url(card.image, content_mm * size.scale, height * size.scale)
    # The pictogram is decoration (the title says it all): a background image, which a
    # tagged PDF leaves out of its structure, as an artifact.
    pictogram = None
    if card.pictogram_image is not None:
        side = 20 * size.scale
        pictogram = _rendition_url(card.pictogram_image, side, side, "png")  # keeps transparency
    if pictogram is None and card.pictogram:
        try:
            svg = str(lucide_svg(card.pictogram, size=48)).replace("currentColor", "#ffffff")
        except IconDoesNotExist:  # a name Lucide does not know: no pictogram
            svg = ""
        if svg:
            pictogram = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    trial_until = ""
    if trial is not None and trial.until is not None:
        trial_until = date_format(trial.until, "j F Y")
    return {
        "title": clean(card.title, MAX_CHARS["title"]),
        "teaser": teaser,
        "quote": quote,
        "attribution": clean(card.attribution, MAX_CHARS["attribution"]) if quote else "",
        "answer": answer,
        "kicker": _kicker(card, trial),
        "illustration": illustration,
        "image_alt": clean(card.image_alt, 300),
        "portrait": portrait,
        "pictogram": pictogram,
        "trial": clean(trial.text, MAX_CHARS["trial"]) if trial else "",
        "trial_until": trial_until,
        "facts": [
            (clean(fact.label, MAX_CHARS["fact_label"]), clean(fact.value, MAX_CHARS["fact_value"]))
            for fact in card.facts or ()
            if fact.value
        ],
        "events": _event_rows(card, on),
    }


def _title_pt(title, level):
    """The title's size on A3 at ``level``: smaller when its longest word would not fit a line."""
    longest = max((_width_mm(word, 1, "bold") for word in title.split()), default=0)
    fitting = (SIZES["a3"].width_mm - 2 * MARGIN_MM) / longest if longest else TITLE_MIN_PT
    return max(TITLE_MIN_PT, min(LEVELS[level]["title"], fitting))


def _dimensions(size, level, *, title="", clip=False):
    """CSS lengths of the layout at ``level``, scaled to ``size``."""
    scale = size.scale
    steps = LEVELS[level]
    title_pt = _title_pt(title, level)

    def mm(value):
        return f"{value * scale:.2f}mm"

    def pt(value):
        return f"{value * scale:.2f}pt"

    main_mm = _available_mm(size)
    return {
        "margin": mm(MARGIN_MM),
        "band": mm(BAND_MM),
        "band_pad": mm(5),
        "logo": mm(18),
        "pictogram": mm(20),
        "authority": pt(26),
        "gap": mm(GAP_MM),
        "small_gap": mm(3),
        "radius": mm(4),
        "kicker": pt(28),
        "title": pt(title_pt),
        "body": pt(steps["body"]),
        "lead": pt(steps["lead"]),
        "verdict": pt(min(title_pt, 80)),
        "illustration": mm(ILLUSTRATION_MM * steps["image"]),
        "show_illustration": steps["image"] > 0,
        "portrait": mm(PORTRAIT_MM * steps["portrait"]),
        "footer": mm(FOOTER_MM),
        "qr": mm(QR_MM),
        "short_url": pt(34),
        "call": pt(28),
        "main": mm(main_mm),
        # print-ready: the band runs off the top and the sides, 3 mm into the bleed
        "bleed_out": f"{MARGIN_MM * scale + BLEED_MM:.2f}mm",
        "band_bleed_height": f"{(BAND_MM + MARGIN_MM) * scale + BLEED_MM:.2f}mm",
        "band_bleed_side": f"{(MARGIN_MM + 5) * scale + BLEED_MM:.2f}mm",
        "rule": mm(1.6),
        "clip": clip,
    }


def _qr_data_uri(data):
    svg = qr_svg(data, error_correction="M", quiet_zone=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def poster_html(content, size, *, level=0, print_ready=False, clip=False):
    """The HTML WeasyPrint lays out at fitting ``level`` (``content``: :func:`build_content`)."""
    steps = LEVELS[level]
    events = content["events"]
    facts = content["facts"]
    with override(content["language"]):
        return render_to_string(
            "posters/poster.html",
            {
                **content,
                "size": size,
                "print_ready": print_ready,
                "d": _dimensions(size, level, title=content["title"], clip=clip),
                "events": events[: steps["events"]],
                "more_events": max(0, len(events) - steps["events"]),
                "facts": facts[: steps["facts"]],
            },
        )


def build_content(page, size, *, on=None, campaign=None, user=None):
    """What the poster of ``page`` prints, in the page's language (makes its short link)."""
    card = page.card
    language = card.locale or (page.locale.language_code if page.locale_id else "fr")
    style = print_style(page)
    branding = style["branding"]
    # One poster link per page (and campaign), shared with the campaign's publication.
    link = channel_link(page, Channel.POSTER, campaign, user=user)
    with override(language):
        content = _content(card, size, on)
        content.update(
            {
                "language": language,
                "fonts": style["fonts"],
                "primary": style["primary"] or "#1d4e89",
                "accent": style["accent"] or "#f4b400",
                "authority": clean(style["authority"], MAX_CHARS["authority"]),
                "logo": _logo(branding),
                "link": link,
                "short_url": link.short_url,
                "qr_src": _qr_data_uri(link.qr_url),
            }
        )
    return content


def _fit_and_write(pages_html):
    """The PDF of the first HTML of ``pages_html`` that lays out on one page (the last one
    always does: it clips)."""
    for html in pages_html:
        document = html_document(html).render()
        if len(document.pages) == 1 or html is pages_html[-1]:
            if len(document.pages) > 1:  # cannot happen with the clipped layout; never print two
                document = document.copy(document.pages[:1])
            return document.write_pdf(pdf_variant=PDF_VARIANT)
    raise AssertionError("unreachable")


# -- choosing the first step: an estimate of the height each step takes ------------------

PT_MM = 25.4 / 72


@functools.cache
def _font(face):
    """The bundled Inter face (``pdf.print_style.FONTS``) at 100 pt, to measure text with."""
    return ImageFont.truetype(finders.find(FONTS[face]), 100)


def _width_mm(text, size_pt, face="regular"):
    return _font(face).getlength(text) / 100 * size_pt * PT_MM


def _lines(text, width_mm, size_pt, face="regular"):
    """How many lines ``text`` takes in ``width_mm`` at ``size_pt`` (greedy word wrap)."""
    if not text:
        return 0
    space = _width_mm(" ", size_pt, face)
    lines, used = 1, 0.0
    for word in text.split():
        width = _width_mm(word, size_pt, face)
        if width > width_mm:  # a word longer than a line is hyphenated or broken
            lines += int(width // width_mm) + (1 if used else 0)
            used = width % width_mm
        elif used and used + space + width > width_mm:
            lines, used = lines + 1, width
        else:
            used = used + space + width if used else width
    return lines


def _height_mm(content, level):
    """The estimated height (A3 millimetres) of the message at ``level``."""
    steps = LEVELS[level]
    width = SIZES["a3"].width_mm - 2 * MARGIN_MM
    body, lead = steps["body"], steps["lead"]
    title = _title_pt(content["title"], level)

    def text(value, size, *, face="regular", leading=1.22, within=width):
        return _lines(value, within, size, face) * size * leading * PT_MM

    height = GAP_MM  # the space under the band
    if content["kicker"]:
        height += 28 * 1.22 * PT_MM + 3
    height += text(content["title"], title, face="bold", leading=1.04) + GAP_MM
    if content["illustration"] and steps["image"]:
        height += ILLUSTRATION_MM * steps["image"] + GAP_MM
    answer = content["answer"]
    if answer:
        verdict = min(title, 80)
        height += text(answer["label"], verdict, face="bold", leading=1.1) + 2 * 3 + 3
        height += text(answer["summary"], lead, leading=1.18) + GAP_MM
    if content["quote"]:
        portrait = PORTRAIT_MM * steps["portrait"] if content["portrait"] else 0
        within = width - portrait - (GAP_MM if portrait else 0)
        words = text(content["quote"], lead, face="italic", leading=1.2, within=within)
        words += text(content["attribution"], body, face="bold", within=within) + 3
        height += max(portrait, words) + GAP_MM
    if content["teaser"]:
        height += text(content["teaser"], lead, leading=1.18) + GAP_MM
    if content["trial"]:
        offer = f"{content['trial']} {content['trial_until']}"
        height += text(offer, body, within=width - 2 * GAP_MM) + 2 * 3 + GAP_MM
    for label, value in content["facts"][: steps["facts"]]:
        rows = max(
            _lines(label, width * 0.32 - GAP_MM, body, "bold"),
            _lines(value, width * 0.68, body),
        )
        height += rows * body * 1.22 * PT_MM + 3
    if content["facts"]:
        height += GAP_MM
    events = content["events"]
    if events:
        height += body * 1.22 * PT_MM + 1 + 1.6 + 3  # the heading and its rule
        for event in events[: steps["events"]]:
            height += text(f"{event['day']} · {event['hours']}", body, face="bold")
            height += text(f"{event['name']} — {event['place']}", body) + 3
        if len(events) > steps["events"]:
            height += body * 1.22 * PT_MM
    return height


def _available_mm(size):
    return size.height_mm / size.scale - 2 * MARGIN_MM - BAND_MM - FOOTER_MM - 2 * GAP_MM - 2


#: The estimate runs a few per cent high (measured on the demo content): allow for it.
ESTIMATE_SLACK = 1.04


def _first_level(content, size):
    """The largest step the message is estimated to fit in (the layout then checks)."""
    available = _available_mm(size) * ESTIMATE_SLACK
    for level in range(len(LEVELS)):
        if _height_mm(content, level) <= available:
            return level
    return len(LEVELS) - 1


def poster_pdf(
    page,
    *,
    size="a4",
    print_ready=False,
    on=None,
    through=None,
    campaign=None,
    user=None,
):
    """The poster of ``page`` as a tagged PDF (one page, ``size`` "a4" or "a3").

    ``print_ready`` adds a 3 mm bleed and crop marks (for a print shop); the
    home-printer variant keeps everything inside its margins. ``on`` (today by
    default) through ``through`` are the days the poster may be up (for a
    ``campaign``, through its end date unless said otherwise): the gate must
    let the page through on every one of them, else :class:`PosterRefused`.
    The QR code is the poster channel's short link of the page (for
    ``campaign`` when given, made by ``user``). Raises ``ValueError`` for an
    unknown size and ``pdf.rendering.RenderTimeout`` past the time limit.
    """
    size = paper_size(size)
    page = page.specific
    on = on or timezone.localdate()
    if through is None and campaign is not None:
        _first, through = gate_days(campaign, on)
    if not passes(page, Channel.POSTER, on, through):
        # Worded in the active language: the editor's, or the campaign's in a kit.
        raise PosterRefused(LeftOut.refused(page, Channel.POSTER, on, through))
    content = build_content(page, size, on=on, campaign=campaign, user=user)
    first = _first_level(content, size)
    attempts = [
        poster_html(content, size, level=level, print_ready=print_ready)
        for level in range(first, len(LEVELS))
    ]
    attempts.append(
        poster_html(content, size, level=len(LEVELS) - 1, print_ready=print_ready, clip=True)
    )
    return within_time_limit(_fit_and_write, attempts)
