"""Street criers' cards as a PDF (A6, one card a page, or four on an A4 sheet) and as a script.

Every card is laid out in one A6 box (105 × 148 mm) that clips what does not
fit (and says so on the card), so a card never runs onto a second page,
whatever an editor typed. Words longer than a line get break opportunities
(:func:`breakable`). The
announcement is set as large as it fits: its lines are measured with the
card's own font (Pillow, the bundled Inter) for each size from
:data:`SPOKEN_SIZES_PT`, largest first. Nothing touches the edge of the card,
so the A6 PDF needs no bleed to go to a print shop; the A4 layout puts four
cards on a sheet with dashed cut lines, for a home printer and scissors.

The PDF is tagged (PDF/UA) with the campaign's language, and rendered by
``pdf.rendering`` (the project's fetcher, no network, within the time limit).
"""

import re
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from PIL import ImageFont

from links.qr import qr_svg
from pdf.print_style import FONTS, print_style
from pdf.rendering import render_pdf

from .cards import MAX_SECONDS, WORDS_PER_MINUTE

__all__ = [
    "CARD_HEIGHT_MM",
    "CARD_WIDTH_MM",
    "Layout",
    "cards_filename",
    "breakable",
    "cards_html",
    "duration_text",
    "more_events_text",
    "render_cards",
    "script_filename",
    "script_text",
    "spoken_fit",
    "spoken_size",
    "too_long_text",
]

PDF_VARIANT = "pdf/ua-1"

#: A6 portrait.
CARD_WIDTH_MM = 105
CARD_HEIGHT_MM = 148
#: The card's margin on every side.
MARGIN_MM = 7
#: The QR code's side, quiet zone included.
QR_SIZE_MM = 23
#: The short link under the QR code (two lines at most), and the gap between title and code.
QR_CAPTION_MM = 5.5
#: The QR code's column: wider than the code, so that the short link under it reads whole.
QR_COLUMN_MM = 30
HEAD_GAP_MM = 2
#: The title's column, beside the QR code's.
HEAD_TEXT_MM = CARD_WIDTH_MM - 2 * MARGIN_MM - QR_COLUMN_MM - HEAD_GAP_MM
#: The rule above the card's head and the space under it.
HEAD_RULE_MM = 1.6
HEAD_PADDING_MM = 2.5
#: Sizes the announcement may take, largest first.
SPOKEN_SIZES_PT = (20, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9)
SPOKEN_LINE_HEIGHT = 1.3
#: The announcement's box: a left rule and padding inside the card's margins.
SPOKEN_RULE_MM = 1.4
SPOKEN_PADDING_MM = (2.5, 2, 2.5, 3.5)  # top, right, bottom, left
#: What the rest of the card takes, to size the announcement (the layout itself is CSS
#: flex, and clips what does not fit): the values the style sheet uses.
HEADER_MM = HEAD_RULE_MM + HEAD_PADDING_MM + QR_SIZE_MM + QR_CAPTION_MM
SPACE_MM = 3  # above the announcement, and above the events
WARNING_MM = 2 + 8 + 2.4  # margin, at most two lines, padding
EVENTS_HEADING_MM = 4.5  # 7 pt, and its margin
EVENT_MM = 9.1  # two lines of 8 pt at 1.25, padding and margin
MORE_EVENTS_MM = 5.5
SAFETY_MM = 1.5

MM_PER_PT = 25.4 / 72


class Layout(models.TextChoices):
    A6 = "a6", gettext_lazy("A6 cards, one a page")
    A4 = "a4", gettext_lazy("Four A6 cards on each A4 sheet, with cut lines")


def duration_text(seconds):
    """A reading time as printed: "≈ 32 s"."""
    return _("≈ %(seconds)d s") % {"seconds": seconds}


def too_long_text(card):
    """The warning for an announcement over :data:`MAX_SECONDS`, in the active language."""
    return _(
        "Too long: %(duration)s, %(over)d s over the %(max)d s a passer-by listens to. "
        "Shorten the announcement."
    ) % {"duration": duration_text(card.seconds), "over": card.seconds_over, "max": MAX_SECONDS}


# -- sizing the announcement ----------------------------------------------------


@lru_cache(maxsize=32)
def _font(size_pt):
    path = finders.find(FONTS["regular"])
    # Measured at ten times the size, in points: fewer rounding errors.
    return ImageFont.truetype(path, size=size_pt * 10)


def _line_count(text, size_pt, width_pt):
    """Lines ``text`` takes at ``size_pt`` in a box ``width_pt`` wide, wrapped as CSS wraps it:
    at spaces, and inside long words where :func:`breakable` lets it."""
    font = _font(size_pt)
    limit = width_pt * 10
    space = font.getlength(" ")
    lines, current = 1, 0.0
    for word in text.split():
        for index, piece in enumerate(breakable(word).split(ZWSP)):
            width = font.getlength(piece)
            gap = space if index == 0 and current else 0.0
            if current and current + gap + width > limit:
                lines, current, gap = lines + 1, 0.0, 0.0
            current += gap + width
    return lines


def spoken_width_mm():
    padding = SPOKEN_PADDING_MM[1] + SPOKEN_PADDING_MM[3]
    return CARD_WIDTH_MM - 2 * MARGIN_MM - SPOKEN_RULE_MM - padding


def spoken_height_mm(card):
    """The height left for the announcement's text on ``card``."""
    height = CARD_HEIGHT_MM - 2 * MARGIN_MM - HEADER_MM - SPACE_MM - SAFETY_MM
    height -= SPOKEN_PADDING_MM[0] + SPOKEN_PADDING_MM[2]
    if card.too_long:
        height -= WARNING_MM
    if card.events:
        height -= SPACE_MM + EVENTS_HEADING_MM + EVENT_MM * len(card.events)
        height -= MORE_EVENTS_MM if card.more_events else 0
    return height


def spoken_fit(card):
    """``(size, fits)``: the largest size (points) at which ``card``'s announcement fits its
    box; when none does, the least, and ``fits`` is false (the card clips the rest)."""
    width_pt = spoken_width_mm() / MM_PER_PT
    height_pt = spoken_height_mm(card) / MM_PER_PT
    for size in SPOKEN_SIZES_PT:
        lines = _line_count(card.spoken, size, width_pt)
        if lines * size * SPOKEN_LINE_HEIGHT <= height_pt:
            return size, True
    return SPOKEN_SIZES_PT[-1], False


def spoken_size(card):
    """The size (points) ``card``'s announcement is printed at."""
    return spoken_fit(card)[0]


# -- the PDF ----------------------------------------------------------------------

ZWSP = "\u200b"
#: A run of more characters than this without a space gets break opportunities.
LONGEST_UNBROKEN = 20
_UNBROKEN = re.compile(rf"\S{{{LONGEST_UNBROKEN + 1},}}")


def breakable(text):
    """``text`` with a zero-width space every :data:`LONGEST_UNBROKEN` characters of a long run.

    A word longer than a line then wraps like any other. (CSS ``overflow-wrap:
    anywhere`` does the same, but makes WeasyPrint measure every character as a
    possible line start: a 1,200-character word took it over 20 seconds.)
    """

    def cut(match):
        run = match.group(0)
        step = LONGEST_UNBROKEN
        return ZWSP.join(run[start : start + step] for start in range(0, len(run), step))

    return _UNBROKEN.sub(cut, str(text or ""))


def _printed(cards):
    """What the template prints of each card: its texts, their type size, its QR code."""
    printed = []
    for card in cards.cards:
        size, fits = spoken_fit(card)
        warning = too_long_text(card) if card.too_long else ""
        if not fits and not warning:
            warning = _("Too long for the card: the end is cut off. Shorten the announcement.")
        qr = ""
        if card.link is not None:
            qr = mark_safe(qr_svg(card.link.qr_url, size_mm=QR_SIZE_MM))  # noqa: S308 - segno's SVG
        printed.append(
            {
                "card": card,
                "title": breakable(card.title),
                "spoken": breakable(card.spoken),
                "events": [
                    {
                        "when": f"{event.day}, {event.hour}",
                        "place": breakable(event.place),
                        "name": breakable(event.name),
                    }
                    for event in card.events
                ],
                "spoken_size": size,
                "duration": duration_text(card.seconds),
                "warning": warning,
                "qr": qr,
                "more_events": more_events_text(card.more_events) if card.more_events else "",
                # May wrap after a "/" when the site's address is long.
                "short_url": card.link.short_url.replace("/", "/" + ZWSP) if card.link else "",
            }
        )
    return printed


def cards_html(cards, layout=Layout.A6):
    """The HTML WeasyPrint lays out: one card a page (A6) or four a sheet (A4)."""
    layout = Layout(layout)
    with override(cards.language):
        printed = _printed(cards)
        sheets = [printed[start : start + 4] for start in range(0, len(printed), 4)]
        return render_to_string(
            "criers/cards.html",
            {
                **print_style(cards.campaign),
                "cards": cards,
                "campaign": cards.campaign,
                "campaign_title": breakable(Truncator(cards.campaign.title).chars(48)),
                "language": cards.language,
                "layout": layout.value,
                "printed": printed,
                "sheets": sheets,
                "total": len(printed),
                "words_per_minute": WORDS_PER_MINUTE,
                "card_width": f"{CARD_WIDTH_MM}mm",
                "card_height": f"{CARD_HEIGHT_MM}mm",
                "margin": f"{MARGIN_MM}mm",
                "qr_size": f"{QR_SIZE_MM}mm",
                "head_rule": f"{HEAD_RULE_MM}mm",
                "head_padding": f"{HEAD_PADDING_MM}mm",
                "head_height": f"{QR_SIZE_MM + QR_CAPTION_MM}mm",
                "head_text_width": f"{HEAD_TEXT_MM}mm",
                "head_gap": f"{HEAD_GAP_MM}mm",
                "qr_column": f"{QR_COLUMN_MM}mm",
                "space": f"{SPACE_MM}mm",
                "spoken_rule": f"{SPOKEN_RULE_MM}mm",
                "spoken_padding": " ".join(f"{value}mm" for value in SPOKEN_PADDING_MM),
                "spoken_line_height": f"{SPOKEN_LINE_HEIGHT:g}",
            },
        )


def render_cards(cards, layout=Layout.A6):
    """The PDF of ``cards`` (a ``CrierCards``); raises ``RenderTimeout`` past the time limit."""
    return render_pdf(cards_html(cards, layout), pdf_variant=PDF_VARIANT)


def cards_filename(cards, layout=Layout.A6):
    suffix = "-a4" if Layout(layout) == Layout.A4 else ""
    return f"criers-{cards.campaign.slug}-{cards.language}{suffix}.pdf"


# -- the script ---------------------------------------------------------------------


def script_filename(language):
    return f"script-{language}.txt"


def script_text(cards):
    """The announcements in order, with reading times and events, as plain text."""
    with override(cards.language):
        campaign = cards.campaign
        lines = [
            _("Street criers' script: %(title)s") % {"title": " ".join(campaign.title.split())},
            _("Read at %(wpm)d words a minute; at most %(max)d seconds each.")
            % {"wpm": WORDS_PER_MINUTE, "max": MAX_SECONDS},
            "",
        ]
        for card in cards.cards:
            lines.append(f"{card.number}. {card.title} ({duration_text(card.seconds)})")
            if card.too_long:
                lines.append("   " + too_long_text(card))
            lines.append("")
            lines.append(card.spoken)
            lines.append("")
            if card.events:
                lines.append(_("To announce:"))
                lines.extend(
                    f"- {event.day}, {event.hour}: {event.name}, {event.place}"
                    for event in card.events
                )
                if card.more_events:
                    lines.append("- " + more_events_text(card.more_events))
            if card.link is not None:
                lines.append(_("Flyer link: %(url)s") % {"url": card.link.short_url})
            lines.append("")
        if cards.left_out:
            lines.append(_("Left out (no card):"))
            lines.extend(f"- {item.title}: {item.reason}" for item in cards.left_out)
            lines.append("")
        return "\n".join(lines)


def more_events_text(count):
    """ "and 2 more events", in the active language."""
    return ngettext("and %(count)d more event", "and %(count)d more events", count) % {
        "count": count
    }
