"""Social media images drawn from a card, at the networks' exact pixel sizes.

Each image is laid out here, in pixels, from the parts its card has (never
from the page class):

- a card with a ``quote`` is a resident's words: the quote large, and who said
  it with a small square portrait;
- a card with upcoming ``events`` (a campaign) shows its slogan and the next
  events, with day, hour and place;
- any other card shows its illustration (or its pictogram), title and teaser,
  the verdict of an ``answer`` and a running ``trial`` offer.

Text sizes are chosen by measuring the words with the bundled Inter font
(Pillow), so a long title is set smaller, and a text too long even at the
smallest size is cut at a word with "…"; every text box also clips what
might still overflow, so nothing ever leaves its box or the image.

The HTML (``templates/social/image.html``, the site's fonts and colours from
:func:`pdf.print_style.print_style`) is rendered to a one-page PDF by
:func:`pdf.rendering.render_pdf` (the project's network-free fetcher, the time
limit) with ``@page { size: Wpx Hpx }``, then rasterised with pdfium at the
scale that gives exactly W × H pixels, and saved as PNG.
"""

import functools
import io
import unicodedata
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

import pypdfium2 as pdfium
from PIL import Image, ImageFont

from crieur.cards import PORTRAIT
from crieur.pictograms import lucide_svg
from pdf.print_style import FONTS
from pdf.rendering import render_pdf

from .posts import upcoming_events
from .text import graphemes, shorten, tidy

__all__ = [
    "FEED_PORTRAIT",
    "FORMATS",
    "LINK_PREVIEW",
    "SQUARE",
    "STORY",
    "ImageFormat",
    "alt_text",
    "get_format",
    "image_html",
    "layout_kind",
    "render_image",
]


@dataclass(frozen=True)
class ImageFormat:
    key: str
    width: int
    height: int
    label: str
    use: str

    @property
    def size(self):
        return f"{self.width}×{self.height}"

    @property
    def landscape(self):
        return self.width > self.height

    def __str__(self):
        return f"{self.label} ({self.size})"


SQUARE = ImageFormat(
    "square", 1080, 1080, gettext_lazy("Square post"), gettext_lazy("feeds of every network")
)
FEED_PORTRAIT = ImageFormat(
    "portrait",
    1080,
    1350,
    gettext_lazy("Portrait post"),
    gettext_lazy("Instagram and Facebook feeds"),
)
STORY = ImageFormat(
    "story", 1080, 1920, gettext_lazy("Story"), gettext_lazy("Instagram and Facebook stories")
)
LINK_PREVIEW = ImageFormat(
    "link",
    1200,
    630,
    gettext_lazy("Link preview"),
    gettext_lazy("the picture shown with a shared link"),
)

FORMATS = (SQUARE, FEED_PORTRAIT, STORY, LINK_PREVIEW)
_BY_KEY = {fmt.key: fmt for fmt in FORMATS}

#: Events an image lists at most, per format.
EVENTS_SHOWN = {"square": 3, "portrait": 3, "story": 5, "link": 2}
#: Longest alternative text (Instagram shows about this much; Mastodon takes 1,500).
ALT_TEXT_GRAPHEMES = 1000

LIGHT = "#ffffff"
DARK = "#1d1d1b"


def get_format(key):
    """The :class:`ImageFormat` of ``key`` ("square", "portrait", "story", "link")."""
    try:
        return _BY_KEY[str(key)]
    except KeyError:
        raise ValueError(f"Unknown image format: {key!r}") from None


# -- measuring text --------------------------------------------------------------

#: Sizes are measured at this size, then scaled.
_MEASURE_AT = 100


@functools.cache
def _font(face):
    path = finders.find(FONTS[face])
    return ImageFont.truetype(path, _MEASURE_AT)


@functools.lru_cache(maxsize=8192)
def _word_width(word, face):
    """Width of ``word`` at :data:`_MEASURE_AT` px.

    Wide characters (emoji, CJK) that Inter lacks are drawn from a fallback
    font, wider than Inter's empty box: each counts half an em more.
    """
    wide = sum(
        1
        for cluster in graphemes(word)
        if any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in cluster)
    )
    return _font(face).getlength(word) + wide * _MEASURE_AT * 0.5


def _count_lines(text, width, size, face):
    """How many lines ``text`` takes in ``width`` px at ``size`` px, broken at spaces
    (and inside a word wider than the line, as ``overflow-wrap: anywhere`` does)."""
    scale = size / _MEASURE_AT
    space = _word_width(" ", face) * scale
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            word_width = _word_width(word, face) * scale
            if used and used + space + word_width <= width:
                used += space + word_width
                continue
            if used:
                lines += 1
            while word_width > width:  # broken inside the word
                lines += 1
                word_width -= width
            used = word_width
    return lines


@dataclass(frozen=True)
class Fitted:
    """A text set to fit its box: the (maybe cut) text, its size and line height in px."""

    text: str
    size: int
    line_height: float
    lines: int

    @property
    def height(self):
        return round(self.lines * self.size * self.line_height)


def fit_text(text, width, height, *, largest, smallest, face="regular", line_height=1.15):
    """``text`` at the largest size from ``largest`` down to ``smallest`` px that fits in
    ``width`` × ``height`` px; at ``smallest``, cut at a word with "…" until it fits."""
    text = tidy(text, keep_lines=True)
    if not text:
        return Fitted("", smallest, line_height, 0)
    width = max(width, 1)
    for size in range(int(largest), int(smallest) - 1, -2):
        lines = _count_lines(text, width, size, face)
        if lines * size * line_height <= height:
            return Fitted(text, size, line_height, lines)
    size = int(smallest)
    room = max(1, int(height // (size * line_height)))
    low, high = 0, len(graphemes(text))
    while low < high:  # the longest cut text that fits
        middle = (low + high + 1) // 2
        if _count_lines(shorten(text, middle), width, size, face) <= room:
            low = middle
        else:
            high = middle - 1
    cut = shorten(text, low)
    return Fitted(cut, size, line_height, max(1, _count_lines(cut, width, size, face)))


def _text_width(fitted, width):
    """The width ``fitted`` takes: its longest line, at most ``width``."""
    scale = fitted.size / _MEASURE_AT
    widest = max((_word_width(line, "bold") * scale for line in fitted.text.split("\n")), default=0)
    return min(width, widest)


# -- layout -----------------------------------------------------------------------


@dataclass
class Block:
    """One absolutely placed box of the image (px from the top-left corner)."""

    kind: str  # "image", "pictogram", "text", "badge", "event", "quote_mark"
    x: int
    y: int
    w: int
    h: int
    text: str = ""
    size: int = 0
    line_height: float = 1.15
    bold: bool = False
    italic: bool = False
    colour: str = ""
    background: str = ""
    src: str = ""
    markup: str = ""
    extra: dict = field(default_factory=dict)


def _contrast(colour):
    """Dark or light text, whichever reads better on ``colour`` ("#rrggbb")."""
    try:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except (TypeError, ValueError, IndexError):
        return LIGHT
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return DARK if luminance > 0.6 else LIGHT


def layout_kind(card, now=None):
    """Which layout a card gets, from its parts: "quote", "agenda" or "feature"."""
    if card.quote:
        return "quote"
    if upcoming_events(card, now):
        return "agenda"
    return "feature"


def _rendition_url(image, spec):
    """URL of a rendition of ``image``, or "" when it cannot be made (a missing file)."""
    if image is None:
        return ""
    try:
        return image.get_rendition(f"{spec}|format-jpeg|jpegquality-85").url
    except (OSError, ValueError):
        return ""


class _Layout:
    """Places the blocks of one image; each layout stacks its texts in a panel, then
    centres the stack vertically in the room left."""

    def __init__(self, card, fmt, colours, now):
        self.card = card
        self.fmt = fmt
        self.now = now
        self.W, self.H = fmt.width, fmt.height
        self.short = min(self.W, self.H)
        self.pad = round(self.short * 0.065)
        self.footer = round(self.short * 0.095)
        self.primary, self.accent = colours
        self.ink = _contrast(self.primary)
        self.accent_ink = _contrast(self.accent)
        self.blocks = []
        self.bottom = self.H - self.footer - round(self.pad * 0.7)

    def px(self, ratio):
        """``ratio`` of the image's shorter side, in whole pixels."""
        return round(self.short * ratio)

    # -- placing things
    def text(self, text, x, y, w, h, *, largest, smallest, face="regular", colour=None):
        """Place ``text`` fitted in the box; returns the height it takes."""
        fitted = fit_text(text, w, h, largest=largest, smallest=smallest, face=face)
        return self.place(fitted, x, y, w, h, face=face, colour=colour)

    def place(self, fitted, x, y, w, h, *, face="regular", colour=None):
        if not fitted.text:
            return 0
        height = min(h, fitted.height + round(fitted.size * 0.25))
        self.blocks.append(
            Block(
                "text",
                x,
                y,
                w,
                height,
                text=fitted.text,
                size=fitted.size,
                line_height=fitted.line_height,
                bold=face.startswith("bold"),
                italic=face.endswith("italic"),
                colour=colour or self.ink,
            )
        )
        return height

    def badge(self, text, x, y, w, size, lines=3):
        """A label on the accent colour ("Yes", "Try it: ..."); returns its height."""
        text = shorten(tidy(text), 140)
        inner = w - round(size * 1.2)
        fitted = fit_text(
            text, inner, size * 1.15 * lines, largest=size, smallest=round(size * 0.75), face="bold"
        )
        if not fitted.text:
            return 0
        width = min(w, round(_text_width(fitted, inner) + size * 1.2))
        height = fitted.height + round(size * 0.6)
        self.blocks.append(
            Block(
                "badge",
                x,
                y,
                width,
                height,
                text=fitted.text,
                size=fitted.size,
                line_height=fitted.line_height,
                bold=True,
                colour=self.accent_ink,
                background=self.accent,
            )
        )
        return height

    def badge_height(self, size, lines):
        return round(size * 1.15 * lines + size * 0.6)

    def picture(self, image, x, y, w, h):
        src = _rendition_url(image, f"fill-{w}x{h}")
        if src:
            self.blocks.append(Block("image", x, y, w, h, src=src))
        return bool(src)

    def pictogram(self, x, y, size):
        card = self.card
        src = _rendition_url(card.pictogram_image, f"max-{size}x{size}")
        if src:
            self.blocks.append(Block("image", x, y, size, size, src=src))
            return True
        if card.pictogram:
            try:
                markup = lucide_svg(
                    card.pictogram, 48, width=f"{size}px", height=f"{size}px", stroke=self.accent
                )
            except (KeyError, ValueError, OSError):
                return False
            self.blocks.append(Block("pictogram", x, y, size, size, markup=markup))
            return True
        return False

    def event_size(self):
        return self.px(0.034 if self.fmt.landscape else 0.038)

    def event_height(self):
        return round(self.event_size() * 3.1)

    def events(self, x, y, w, count):
        size, each = self.event_size(), self.event_height()
        used = 0
        for event in upcoming_events(self.card, self.now)[:count]:
            local = timezone.localtime(event.starts_at)
            when = f"{date_format(local, 'l j F')} · {time_format(local, 'TIME_FORMAT')}"
            what = " — ".join(part for part in (tidy(event.name), tidy(event.place)) if part)
            self.blocks.append(
                Block(
                    "event",
                    x,
                    y + used,
                    w,
                    each - round(size * 0.4),
                    text=shorten(what, 120),
                    size=size,
                    colour=self.ink,
                    extra={"when": when},
                )
            )
            used += each
        return used

    def centre(self, first, top):
        """Move the blocks from index ``first`` down so that they sit in the middle of the
        room between ``top`` and the footer."""
        group = self.blocks[first:]
        if not group:
            return
        end = max(block.y + block.h for block in group)
        shift = (self.bottom - end) // 2
        start = min(block.y for block in group)
        shift = min(shift, max(0, self.bottom - end))
        if shift > 0 and start + shift >= top:
            for block in group:
                block.y += shift

    # -- the three layouts
    def feature(self):
        card, pad = self.card, self.pad
        if self.fmt.landscape:
            split = round(self.W * 0.42)
            has_image = self.picture(card.image, 0, 0, split, self.H - self.footer)
            x = split + pad if has_image else pad
            top = pad
        else:
            ratio = {"square": 0.42, "portrait": 0.46, "story": 0.42}[self.fmt.key]
            band = round(self.H * ratio)
            has_image = self.picture(card.image, 0, 0, self.W, band)
            x = pad
            top = band + round(pad * 0.7) if has_image else pad
        width = self.W - x - pad
        first, y = len(self.blocks), top
        if not has_image:
            icon = self.px(0.13 if self.fmt.landscape else 0.15)
            if self.pictogram(x, y, icon):
                y += icon + round(pad * 0.5)
        answer = card.answer
        teaser = tidy(answer.summary if answer is not None else card.teaser)
        if teaser == tidy(card.title):
            teaser = ""
        trial = ""
        if card.trial is not None and card.trial.running(timezone.localdate(self.now)):
            trial = _("Try it: %(offer)s") % {"offer": tidy(card.trial.text)}
        badge_size = self.px(0.04)
        verdict_size = self.px(0.05)
        verdict_room = (self.badge_height(verdict_size, 1) + round(pad * 0.3)) if answer else 0
        trial_room = (self.badge_height(badge_size, 3) + round(pad * 0.4)) if trial else 0
        room = self.bottom - y - verdict_room - trial_room
        big = self.px(
            {"square": 0.08, "portrait": 0.085, "story": 0.11, "link": 0.075}[self.fmt.key]
        )
        y += self.text(
            card.title,
            x,
            y,
            width,
            round(room * (0.55 if teaser else 1)),
            largest=big,
            smallest=self.px(0.04),
            face="bold",
        )
        if answer is not None:
            y += round(pad * 0.3)
            y += self.badge(answer.verdict_label, x, y, width, verdict_size, lines=1)
        if teaser:
            y += round(pad * 0.3)
            y += self.text(
                teaser,
                x,
                y,
                width,
                self.bottom - y - trial_room,
                largest=self.px(0.062 if self.fmt.key == "story" else 0.05),
                smallest=self.px(0.03),
            )
        if trial:
            y += round(pad * 0.4)
            self.badge(trial, x, y, width, badge_size)
        self.centre(first, top)

    def quote(self):
        card, pad = self.card, self.pad
        x, width, y = pad, self.W - 2 * pad, pad
        first = len(self.blocks)
        y += self.text(
            card.title,
            x,
            y,
            width,
            self.px(0.12),
            largest=self.px(0.042),
            smallest=self.px(0.028),
            face="bold",
            colour=self.accent,
        )
        y += round(pad * 0.3)
        mark = self.px(0.16 if self.fmt.landscape else 0.2)
        self.blocks.append(
            Block(
                "quote_mark",
                x - round(mark * 0.04),
                y,
                mark,
                round(mark * 0.5),
                text="“",
                size=mark,
                colour=self.accent,
            )
        )
        y += round(mark * 0.45)
        portrait = card.image if card.image_role == PORTRAIT else None
        side = round(self.H * 0.3) if self.fmt.landscape else self.px(0.18)
        name_room = max(side if portrait is not None else 0, self.px(0.1))
        largest = self.px(
            {"square": 0.07, "portrait": 0.075, "story": 0.085, "link": 0.06}[self.fmt.key]
        )
        y += self.text(
            card.quote,
            x,
            y,
            width,
            self.bottom - y - name_room - round(pad * 0.5),
            largest=largest,
            smallest=self.px(0.032),
            face="italic",
        )
        y += round(pad * 0.5)
        name_x = x
        if portrait is not None and self.picture(portrait, x, y, side, side):
            name_x = x + side + round(pad * 0.5)
        else:
            side = self.px(0.1)
        name = f"— {tidy(card.attribution)}" if tidy(card.attribution) else ""
        fitted = fit_text(
            name,
            self.W - pad - name_x,
            side,
            largest=self.px(0.05),
            smallest=self.px(0.03),
            face="bold",
        )
        self.place(
            fitted,
            name_x,
            y + max(0, (side - fitted.height) // 2),
            self.W - pad - name_x,
            side,
            face="bold",
        )
        self.centre(first, pad)

    def agenda(self):
        card, pad = self.card, self.pad
        x, width, top = pad, self.W - 2 * pad, pad
        if self.fmt.key in ("portrait", "story") and card.image is not None:
            band = round(self.H * (0.26 if self.fmt.key == "portrait" else 0.3))
            if self.picture(card.image, 0, 0, self.W, band):
                top = band + round(pad * 0.6)
        first, y = len(self.blocks), top
        count = min(len(upcoming_events(card, self.now)), EVENTS_SHOWN[self.fmt.key])
        events_h = count * self.event_height()
        y += self.text(
            card.title,
            x,
            y,
            width,
            self.px(0.1),
            largest=self.px(0.042),
            smallest=self.px(0.028),
            face="bold",
            colour=self.accent,
        )
        y += round(pad * 0.3)
        y += self.text(
            card.teaser,
            x,
            y,
            width,
            self.bottom - y - events_h - round(pad * 0.6),
            largest=self.px(0.1 if self.fmt.key == "story" else 0.09),
            smallest=self.px(0.04),
            face="bold",
        )
        y += round(pad * 0.6)
        self.events(x, y, width, count)
        self.centre(first, top)

    def build(self, kind):
        getattr(self, kind)()
        return self.blocks


def image_layout(card, fmt, *, primary, accent, now=None):
    """The :class:`Block` list of ``card``'s image in ``fmt`` (the layout chosen from its parts)."""
    now = now or timezone.now()
    return _Layout(card, fmt, (primary, accent), now).build(layout_kind(card, now))


def image_html(card, fmt, *, style, short_url="", now=None):
    """The HTML of one image; ``style`` from :func:`pdf.print_style.print_style`."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    primary = style.get("primary") or "#1d4e89"
    accent = style.get("accent") or "#f4b400"
    with override(card.locale):
        blocks = image_layout(card, fmt, primary=primary, accent=accent, now=now)
        branding = style.get("branding")
        logo = getattr(branding, "logo", None) if branding is not None else None
        short = min(fmt.width, fmt.height)
        footer = round(short * 0.095)
        return render_to_string(
            "social/image.html",
            {
                **style,
                "format": fmt,
                "language": card.locale,
                "blocks": blocks,
                "primary": primary,
                "accent": accent,
                "ink": _contrast(primary),
                "pad": round(short * 0.065),
                "footer_height": footer,
                "footer_size": round(footer * 0.3),
                "authority": shorten(tidy(style.get("authority") or ""), 60),
                "logo_url": _rendition_url(logo, f"height-{round(footer * 0.6)}"),
                "short_url": short_url,
            },
        )


def render_image(card, fmt, *, style, short_url="", now=None):
    """The PNG bytes of ``card``'s image in ``fmt``: exactly ``fmt.width`` × ``fmt.height``."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    pdf = render_pdf(image_html(card, fmt, style=style, short_url=short_url, now=now))
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=fmt.width / page.get_width())
        picture = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    if picture.size != (fmt.width, fmt.height):  # a rounding pixel: never a wrong size
        picture = picture.resize((fmt.width, fmt.height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


# -- alternative text ----------------------------------------------------------------


def alt_text(card, *, short_url="", now=None):
    """What the image shows, in words, in the card's language (for screen readers).

    Written from the same parts as the image: the title, the quote and who said
    it (and their portrait) or the teaser, the verdict, the trial offer, the
    next events, the picture's own description, the address printed on it.
    """
    now = now or timezone.now()
    with override(card.locale):
        kind = layout_kind(card, now)
        parts = []
        title = tidy(card.title)
        if kind == "quote":
            if title:
                parts.append(f"{title}.")
            quote = tidy(card.quote)
            if card.attribution:
                parts.append(
                    _("A quote from %(name)s: “%(quote)s”")
                    % {"name": tidy(card.attribution), "quote": quote}
                )
            else:
                parts.append(_("A quote: “%(quote)s”") % {"quote": quote})
        elif kind == "feature" and card.answer is not None:
            parts.append(title if title.endswith(("?", "!", ".")) else f"{title}.")
            parts.append(_("Answer: %(verdict)s.") % {"verdict": card.answer.verdict_label})
            parts.append(tidy(card.answer.summary))
        else:
            teaser = tidy(card.teaser)
            if title and teaser and teaser != title:
                parts.append(_("%(title)s: %(teaser)s") % {"title": title, "teaser": teaser})
            else:
                parts.append(title or teaser)
        if (
            kind == "feature"
            and card.trial is not None
            and card.trial.running(timezone.localdate(now))
        ):
            parts.append(_("Try it: %(offer)s") % {"offer": tidy(card.trial.text)})
        if kind == "agenda":
            events = upcoming_events(card, now)[: max(EVENTS_SHOWN.values())]
            lines = []
            for event in events:
                local = timezone.localtime(event.starts_at)
                lines.append(
                    ", ".join(
                        part
                        for part in (
                            f"{date_format(local, 'l j F')} {time_format(local, 'TIME_FORMAT')}",
                            tidy(event.name),
                            tidy(event.place),
                        )
                        if part
                    )
                )
            if lines:
                parts.append(_("Next events: %(events)s.") % {"events": "; ".join(lines)})
        description = tidy(card.image_alt)
        if description:
            if card.image_role == PORTRAIT:
                parts.append(_("Portrait: %(description)s.") % {"description": description})
            else:
                parts.append(_("Picture: %(description)s.") % {"description": description})
        if short_url:
            parts.append(_("Address: %(address)s") % {"address": short_url})
        text = " ".join(part.strip() for part in parts if part and part.strip())
        return shorten(text, ALT_TEXT_GRAPHEMES)
