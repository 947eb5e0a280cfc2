"""Pin-back badges (buttons) from the sticker designs, as many as fit on A4.

A badge press makes a button from a paper disc larger than the badge's face:
the press folds the margin around the face (the *wrap*) under the metal shell.
Each badge of a sheet is therefore three circles around one centre:

* the **cut circle**, printed as a thin dark line: the disc to cut out (with
  a circle cutter or a punch) and put in the press. The design's background
  colour runs to it, so that no white shows on the badge's rim;
* the **face**: what shows on the front once pressed;
* the **safe area**, a little smaller than the face: the shell curves near its
  edge, so text, pictogram and QR code stay inside it.

The face and safe-area circles are guides for a proof (``guides=True``), not
printed on the sheet one cuts out. The sheet reuses the sticker sheets'
machinery (:mod:`stickers.sheet`): the same plan ("these designs, this many
each, or fill the sheet"), the card of the design's target page for what the
design leaves blank, and QR codes stamped as vector rectangles by the
finisher, which also draws the circles as exact Bézier paths.

Badges are a channel of their own (``Channel.BADGE``): each design gets one
short link on it (``sticker_design`` set, and the campaign when the sheet is
made for one), so the campaign dashboard counts scans per badge design, apart
from the stickers. A design whose target page the gate refuses on the badge
channel (a draft, a private page, a testimonial without print consent) is not
printed: the request fails with the gate's reason.
"""

import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.models import Page

from crieur.channels import Channel
from crieur.gate import gate_pages, refusal, refusal_text
from links.models import ShortLink
from pdf.print_style import print_style
from pdf.rendering import RenderTimeout, render_pdf

from .label_formats import A4, PT_PER_MM
from .sheet import (
    Box,
    StampingFinisher,
    StickerSheetError,
    pictogram_html,
    plan_sheet,
    qr_operators,
    target_cards,
)

__all__ = [
    "BADGE_SIZES",
    "DEFAULT_BADGE_SIZE",
    "MAX_BADGES_PER_REQUEST",
    "BadgeSheet",
    "BadgeSheetGeometry",
    "BadgeSize",
    "badge_geometry",
    "campaign_days",
    "render_badge_sheet",
]


@dataclass(frozen=True)
class BadgeSize:
    """One press size, in millimetres: the face, the paper disc to cut, the safe area."""

    face: float
    cut: float
    safe: float

    @property
    def wrap(self):
        """The margin the press folds under the shell, each side of the face."""
        return (self.cut - self.face) / 2

    def __str__(self):
        return f"{self.face:g} mm"


#: The usual metric press sizes: face → cut disc → safe area (diameters, mm).
#: The cut discs are the figures metric badge-press makers print on their
#: templates and cutters (European 25, 32, 38, 45 and 58 mm presses: a 25 mm
#: face is cut at 37 mm, a 58 mm face at 70 mm); the safe area keeps content
#: 1.25–1.5 mm inside the face's edge, where the shell starts to curve. One
#: table: the command, the admin form, the kit and the tests all read it.
BADGE_SIZES = {
    25: BadgeSize(face=25.0, cut=37.0, safe=22.5),
    32: BadgeSize(face=32.0, cut=45.0, safe=29.5),
    38: BadgeSize(face=38.0, cut=50.0, safe=35.0),
    45: BadgeSize(face=45.0, cut=56.0, safe=42.0),
    58: BadgeSize(face=58.0, cut=70.0, safe=55.0),
}
DEFAULT_BADGE_SIZE = 38

#: Blank edge of the sheet (home printers print nothing in the last few mm).
PAGE_MARGIN = 5.0
#: Space between two cut circles: a circle cutter needs room (badge printers
#: ask for at least 1/8 in, 3.2 mm, between die-cutting lines).
CUT_GAP = 3.0

#: The most badges one request (admin form, command) may print: a day's work
#: at a hand press, and a sheet made at once (no background job).
MAX_BADGES_PER_REQUEST = 300

#: Badge texts longer than this are shortened (with "…"): a few words fit on a face.
MAX_BADGE_TEXT = 60

#: Lines of the cut circle and of the guides (mm), and the guides' dash patterns (pt).
CUT_LINE_WIDTH = 0.2
GUIDE_LINE_WIDTH = 0.15

#: Faces below this many mm carry no pictogram beside a QR code, nor the short URL.
SMALL_FACE = 38

# A cubic Bézier quarter circle: the control points sit at KAPPA × radius.
KAPPA = 4 * (math.sqrt(2) - 1) / 3


class BadgeSheetGeometry:
    """Where the cut discs of one badge size go on a page: centres in mm from the top left."""

    def __init__(self, size: BadgeSize, page=A4, margin=PAGE_MARGIN, gap=CUT_GAP):
        self.size = size
        self.page_width, self.page_height = page
        self.margin = margin
        self.gap = gap
        self.packing, self.centres = pack_circles(size.cut, page, margin, gap)
        self.slug = f"badges-{size.face:g}mm"
        self.name = _("Badges %(face)s mm (cut at %(cut)s mm), %(count)d per A4 sheet") % {
            "face": f"{size.face:g}",
            "cut": f"{size.cut:g}",
            "count": self.per_sheet,
        }
        # plan_sheet() words a bad start position with these; a badge sheet starts at 1.
        self.columns = max(1, len({round(x, 3) for x, _y in self.centres}))
        self.rows = max(1, len({round(y, 3) for _x, y in self.centres}))

    @property
    def per_sheet(self):
        return len(self.centres)

    def __str__(self):
        return str(self.name)


def _grid(diameter, width, height, gap):
    pitch = diameter + gap
    columns = int((width - diameter) // pitch) + 1 if width >= diameter else 0
    rows = int((height - diameter) // pitch) + 1 if height >= diameter else 0
    return [
        (diameter / 2 + column * pitch, diameter / 2 + row * pitch)
        for row in range(rows)
        for column in range(columns)
    ]


def _hexagonal(diameter, width, height, gap):
    """Rows ``pitch·√3/2`` apart, every other row shifted by half a pitch."""
    pitch = diameter + gap
    row_pitch = pitch * math.sqrt(3) / 2
    rows = int((height - diameter) // row_pitch) + 1 if height >= diameter else 0
    centres = []
    for row in range(rows):
        shift = pitch / 2 if row % 2 else 0.0
        if width - shift < diameter:
            continue
        count = int((width - shift - diameter) // pitch) + 1
        centres.extend(
            (diameter / 2 + shift + column * pitch, diameter / 2 + row * row_pitch)
            for column in range(count)
        )
    return centres


def pack_circles(diameter, page=A4, margin=PAGE_MARGIN, gap=CUT_GAP):
    """``(packing, centres)``: the most discs of ``diameter`` that fit inside the margins.

    Tries a square grid and hexagonal packing in rows and in columns, keeps
    the one holding most (the grid on a tie: straighter to cut), and centres
    it on the page. Centres are in mm from the page's top-left corner, in
    reading order (down the rows, across each row).
    """
    width, height = page[0] - 2 * margin, page[1] - 2 * margin
    candidates = [
        ("grid", _grid(diameter, width, height, gap)),
        ("hexagonal", _hexagonal(diameter, width, height, gap)),
        (
            "hexagonal",
            [(y, x) for x, y in _hexagonal(diameter, height, width, gap)],
        ),
    ]
    packing, centres = max(candidates, key=lambda candidate: len(candidate[1]))
    if not centres:
        return packing, ()
    radius = diameter / 2
    left = min(x for x, _y in centres) - radius
    right = max(x for x, _y in centres) + radius
    top = min(y for _x, y in centres) - radius
    bottom = max(y for _x, y in centres) + radius
    dx = (page[0] - (right - left)) / 2 - left
    dy = (page[1] - (bottom - top)) / 2 - top
    placed = sorted(((x + dx, y + dy) for x, y in centres), key=lambda c: (round(c[1], 3), c[0]))
    return packing, tuple(placed)


def badge_geometry(face):
    """The sheet geometry of the badge size whose face is ``face`` mm; ``StickerSheetError``."""
    try:
        size = BADGE_SIZES[int(face)]
    except (KeyError, TypeError, ValueError):
        raise StickerSheetError(
            _("Unknown badge size “%(size)s”: the sizes are %(sizes)s mm.")
            % {"size": face, "sizes": ", ".join(str(face) for face in BADGE_SIZES)},
            field="size",
        ) from None
    return BadgeSheetGeometry(size)


def campaign_days(campaign=None, on=None):
    """``(on, through)``: the days badges and stickers made for ``campaign`` are gated on.

    Material that stays up in public is made for the whole campaign: every day
    from ``on`` (today) through its end date when that is ahead; made for no
    campaign, ``on`` alone.
    """
    on = on or timezone.localdate()
    end = getattr(campaign, "end_date", None)
    return on, (end if end is not None and end > on else None)


# -- one badge ---------------------------------------------------------------


def fit_font_size(text, width, height, *, max_lines=3, minimum=0.9, maximum=9.0):
    """A font size (mm) at which ``text`` fits ``width`` × ``height`` mm on a few lines.

    Bold Inter averages about 0.66 em per character; the size is the largest
    over 1 to ``max_lines`` lines, words kept whole when they fit.
    """
    words = (text or "").split()
    if not words:
        return maximum
    best = minimum
    for lines in range(1, min(max_lines, len(words)) + 1):
        per_line = max(len(text) / lines, max(len(word) for word in words), 3)
        size = min(width / (per_line * 0.66), height / (1.18 * lines))
        best = max(best, size)
    return max(minimum, min(best, maximum))


def badge_text(design, card=None):
    """What a badge says: the design's text, else its target card's title, shortened."""
    if design.kind == design.Kind.BLANK:
        return ""
    text = " ".join((design.text or (card.title if card is not None else "")).split())
    return Truncator(text).chars(MAX_BADGE_TEXT)


def badge_layout(design, size: BadgeSize, card=None, short_url=""):
    """Boxes inside one badge, in mm from the top-left corner of its cut disc's square.

    Everything sits inside the safe-area circle. A QR badge shows a small
    pictogram over the code (faces of 38 mm and more), the code, then the text
    and the short URL; a pictogram badge a large pictogram over the text.
    """
    safe = size.safe
    centre = size.cut / 2
    small = size.face < SMALL_FACE
    text = badge_text(design, card)

    def box(left, top, width, height):  # safe-area units, centred on the badge
        return (centre + left * safe, centre + top * safe, width * safe, height * safe)

    layout = {"text": text, "qr": None, "pictogram": "", "pictogram_box": None}
    if design.has_qr:
        if small:
            layout["qr"] = box(-0.28, -0.36, 0.56, 0.56)
            text_box = box(-0.25, 0.22, 0.5, 0.19)
            short_url = ""
        else:
            picto = box(-0.085, -0.44, 0.17, 0.17)
            layout["pictogram"] = pictogram_html(design, picto[2], card)
            layout["pictogram_box"] = picto
            layout["qr"] = box(-0.23, -0.255, 0.46, 0.46)
            text_box = box(-0.26, 0.225, 0.52, 0.2)
    else:
        short_url = ""
        picto_side = 0.5 if text else 0.62
        picto_top = -0.1 - picto_side / 2 if text else -picto_side / 2
        picto = box(-picto_side / 2, picto_top, picto_side, picto_side)
        markup = pictogram_html(design, picto[2], card) if design.kind != design.Kind.BLANK else ""
        if markup:
            layout["pictogram"], layout["pictogram_box"] = markup, picto
            text_box = box(-0.27, 0.17, 0.54, 0.24)
        else:
            text_box = box(-0.35, -0.3, 0.7, 0.6)
    text_height = text_box[3] * (0.7 if short_url else 1.0)
    layout["font_size"] = fit_font_size(
        text, text_box[2], text_height, maximum=max(1.2, safe * 0.12)
    )
    layout["short_url"] = short_url
    layout["url_font_size"] = (
        fit_font_size(short_url, text_box[2], text_box[3] * 0.28, max_lines=1) if short_url else 0
    )
    layout["text_box"] = text_box
    return layout


# -- circles as PDF operators -------------------------------------------------


def circle_operators(cx, cy, diameter, page_height, *, width, rgb=(0, 0, 0), dash=None):
    """PDF operators stroking a circle of ``diameter`` mm centred at (cx, cy) mm from the top left.

    Four cubic Bézier arcs, marked as an artifact (a printing aid, not content).
    """
    r = diameter / 2 * PT_PER_MM
    x = cx * PT_PER_MM
    y = (page_height - cy) * PT_PER_MM
    k = KAPPA * r
    dash_op = f"[{' '.join(f'{d:g}' for d in dash)}] 0 d " if dash else ""
    return (
        f"/Artifact BMC q {width * PT_PER_MM:.4f} w {dash_op}"
        f"{rgb[0]:g} {rgb[1]:g} {rgb[2]:g} RG\n"
        f"{x + r:.4f} {y:.4f} m\n"
        f"{x + r:.4f} {y + k:.4f} {x + k:.4f} {y + r:.4f} {x:.4f} {y + r:.4f} c\n"
        f"{x - k:.4f} {y + r:.4f} {x - r:.4f} {y + k:.4f} {x - r:.4f} {y:.4f} c\n"
        f"{x - r:.4f} {y - k:.4f} {x - k:.4f} {y - r:.4f} {x:.4f} {y - r:.4f} c\n"
        f"{x + k:.4f} {y - r:.4f} {x + r:.4f} {y - k:.4f} {x + r:.4f} {y:.4f} c\n"
        f"h S Q EMC"
    )


#: Colours of the printed lines: the cut line dark, the guides in print-proof colours.
CUT_RGB = (0.1, 0.1, 0.1)
FACE_RGB = (0.0, 0.6, 0.85)
SAFE_RGB = (0.85, 0.0, 0.55)


# -- the sheet ---------------------------------------------------------------


@dataclass
class PlacedBadge:
    design: object
    page: int  # 0-based page of the PDF
    position: int  # 0-based position on its page
    centre: tuple  # (x, y) in mm from the page's top-left corner
    link: object = None
    qr: Box | None = None  # the white square of the code, quiet zone included


@dataclass
class BadgeSheet:
    pdf: bytes
    geometry: BadgeSheetGeometry
    badges: list = field(default_factory=list)
    pages: int = 0


def _check_targets(designs, on, through):
    """Refuse the designs whose target page the gate refuses on the badge channel."""
    targets = Page.objects.in_bulk(
        {design.target_page_id for design in designs if design.target_page_id is not None}
    )
    shown = {page.pk for page in gate_pages(list(targets.values()), Channel.BADGE, on, through)}
    for design in designs:
        if design.target_page_id is None:
            if design.has_qr:
                raise StickerSheetError(
                    _("The design “%(design)s” has a QR code but no target page.")
                    % {"design": design.slug},
                    field="designs",
                )
            continue
        page = targets.get(design.target_page_id)
        if page is not None and page.pk in shown:
            continue
        found = refusal(page, Channel.BADGE, on, through) if page is not None else None
        code, day = found or ("unpublished", None)
        raise StickerSheetError(
            _("The design “%(design)s” cannot be printed on badges: %(reason)s.")
            % {"design": design.slug, "reason": refusal_text(code, Channel.BADGE, day)},
            field="designs",
        )


def badge_links(designs, *, campaign=None, user=None):
    """{design pk: short link on the badge channel} of the designs with a QR code."""
    return {
        design.pk: ShortLink.objects.get_or_create_for(
            design.target_page,
            Channel.BADGE,
            campaign=campaign,
            label=design.slug,
            user=user,
            sticker_design=design,
        )
        for design in designs
        if design.has_qr and design.target_page_id is not None
    }


def _mm(value):
    return f"{value:.3f}mm"


def render_badge_sheet(
    items,
    *,
    size=DEFAULT_BADGE_SIZE,
    guides=False,
    campaign=None,
    user=None,
    language=None,
    on=None,
    through=None,
):
    """Plan, link and render a sheet of badges of ``size`` (face, mm); a :class:`BadgeSheet`.

    ``items`` are ``DesignCount`` as for stickers (a count, or ``None`` to
    share the rest of the last sheet). ``on``/``through``: the days the
    designs' pages must pass the gate on (see :func:`campaign_days`).
    Raises :class:`StickerSheetError` with a message for the user.
    """
    geometry = badge_geometry(size)
    if not items:
        raise StickerSheetError(_("Choose at least one sticker design."), field="designs")
    asked = sum(item.count for item in items if isinstance(item.count, int))
    if asked > MAX_BADGES_PER_REQUEST:
        raise StickerSheetError(
            _("At most %(max)d badges can be printed at once (asked: %(total)d).")
            % {"max": MAX_BADGES_PER_REQUEST, "total": asked},
            field="designs",
        )
    designs = plan_sheet(items, geometry, 1)
    if len(designs) > MAX_BADGES_PER_REQUEST:
        raise StickerSheetError(
            _("At most %(max)d badges can be printed at once (asked: %(total)d).")
            % {"max": MAX_BADGES_PER_REQUEST, "total": len(designs)},
            field="designs",
        )
    on = on or timezone.localdate()
    distinct = list({design.pk: design for design in designs}.values())
    _check_targets(distinct, on, through)
    links = badge_links(distinct, campaign=campaign, user=user)
    cards = target_cards(distinct, Channel.BADGE, on, through)
    badge_size = geometry.size
    cut = badge_size.cut
    layouts = {
        design.pk: badge_layout(
            design,
            badge_size,
            cards.get(design.pk),
            links[design.pk].short_url if design.pk in links else "",
        )
        for design in distinct
    }

    badges, html_pages, page_plan = [], [], []
    per_sheet = geometry.per_sheet
    for index, design in enumerate(designs):
        page, position = divmod(index, per_sheet)
        if page == len(html_pages):
            html_pages.append([])
            page_plan.append((page, []))
        cx, cy = geometry.centres[position]
        left, top = cx - cut / 2, cy - cut / 2
        layout = layouts[design.pk]
        badge = PlacedBadge(design, page, position, (cx, cy), links.get(design.pk))
        operators = page_plan[page][1]
        if layout["qr"] and badge.link is not None:
            qx, qy, side = layout["qr"][0], layout["qr"][1], layout["qr"][2]
            badge.qr = Box(left + qx, top + qy, side, side)
            operators.append(
                "/Artifact BMC "
                + qr_operators(badge.link.qr_url, badge.qr, geometry.page_height)
                + " EMC"
            )
        operators.append(
            circle_operators(cx, cy, cut, geometry.page_height, width=CUT_LINE_WIDTH, rgb=CUT_RGB)
        )
        if guides:
            operators.append(
                circle_operators(
                    cx,
                    cy,
                    badge_size.face,
                    geometry.page_height,
                    width=GUIDE_LINE_WIDTH,
                    rgb=FACE_RGB,
                    dash=(3, 2),
                )
            )
            operators.append(
                circle_operators(
                    cx,
                    cy,
                    badge_size.safe,
                    geometry.page_height,
                    width=GUIDE_LINE_WIDTH,
                    rgb=SAFE_RGB,
                    dash=(1, 1.5),
                )
            )
        badges.append(badge)
        html_pages[page].append(_badge_context(design, layout, left, top, cut))

    with override(language):
        html = render_to_string(
            "stickers/badge_sheet.html",
            {
                **print_style(),
                "title": geometry.name,
                "page_width": _mm(geometry.page_width),
                "page_height": _mm(geometry.page_height),
                "pages": html_pages,
                "language": language or "fr",
            },
        )
    try:
        pdf = render_pdf(html, finisher=StampingFinisher(page_plan), pdf_variant="pdf/ua-1")
    except RenderTimeout as error:
        raise StickerSheetError(error.message) from error
    return BadgeSheet(pdf=pdf, geometry=geometry, badges=badges, pages=len(page_plan))


def _badge_context(design, layout, left, top, cut):
    context = {
        "design": design,
        "layout": layout,
        "style": (
            f"left:{_mm(left)};top:{_mm(top)};width:{_mm(cut)};height:{_mm(cut)};"
            f"background-color:{design.background_colour};color:{design.text_colour}"
        ),
    }
    tx, ty, tw, th = layout["text_box"]
    context["text_style"] = (
        f"left:{_mm(tx)};top:{_mm(ty)};width:{_mm(tw)};height:{_mm(th)};"
        f"font-size:{_mm(layout['font_size'])}"
    )
    if layout["short_url"]:
        context["url_style"] = f"font-size:{_mm(layout['url_font_size'])}"
    if layout["qr"]:
        qx, qy, side = layout["qr"][:3]
        context["qr_style"] = f"left:{_mm(qx)};top:{_mm(qy)};width:{_mm(side)};height:{_mm(side)}"
    if layout["pictogram_box"]:
        px, py, side = layout["pictogram_box"][:3]
        context["pictogram_style"] = (
            f"left:{_mm(px)};top:{_mm(py)};width:{_mm(side)};height:{_mm(side)}"
        )
    return context
