"""Sticker sheets: designs laid out on a label format, QR codes stamped as vectors.

How a sheet is made (variable-data printing):

1. :func:`plan_sheet` turns "these designs, this many each (or fill the
   sheet), from this free position" into one design per slot, and checks the
   bounds (:data:`MAX_STICKERS_PER_REQUEST`, positive counts, start position).
2. The short links are made: the design's own link (one code per design) or
   one new link per sticker (``ShortLink.objects.create_many_unique``).
3. WeasyPrint lays out each *distinct* page once (a thousand stickers of one
   design are two distinct pages: a full one and the last one), from a
   template with millimetre-exact, absolutely positioned label boxes; each QR
   sticker keeps an empty white square for its code.
4. A WeasyPrint *finisher* then builds the real page list: every page reuses
   the content stream of its layout and gets a small stream of its own with its
   QR codes as PDF rectangles ("re", merged runs of dark modules per row, one
   "f" per code). Every code stays vector and the cost per sticker is a few
   hundred bytes of path operators instead of an inline SVG for WeasyPrint.

Positions are in millimetres from the top-left corner of the sheet; the site's
printer calibration offset is added to everything printed.

Placement: a sticker stuck *outside* (a mailbox, the outer face of a window)
prints as it is; one stuck *inside the glass* (a windscreen, a shop window,
read from outside) is printed mirrored on window film: each label's whole
content (text, pictogram, QR code) is flipped left to right within the label,
which stays where the sheet has it, so the code reads the right way round
through the glass.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.models import Page

import pydyf

from crieur.channels import Channel
from crieur.gate import gate_pages
from crieur.models import localize_pages
from crieur.pictograms import lucide_svg
from links.models import ShortLink
from links.qr import qr_matrix
from pdf.rendering import RenderTimeout, render_pdf

from .label_formats import PT_PER_MM, LabelGeometry

#: The most stickers one request (admin form or command) may print.
MAX_STICKERS_PER_REQUEST = 5_000

#: Quiet zone around every QR code, in modules (the standard asks for 4).
QR_QUIET_ZONE = 4
QR_ERROR_CORRECTION = "M"

#: Mask pattern of the sticker QR codes. The standard allows any of the eight;
#: encoders normally score all eight and keep the "best", which is 80 % of the
#: encoding time (about 4 ms of 5 per code with segno). A fixed mask keeps
#: encoding under 1 ms per code; tests and bench/sticker_sheet.py decode every
#: printed code. ``None`` lets the encoder choose (slower), through links.qr.
QR_MASK = 0


class Placement(models.TextChoices):
    """Which side of the surface a sticker is stuck on."""

    OUTSIDE = "outside", _("Outside (mailbox, door, outer face of a window)")
    INSIDE = "inside", _("Inside the glass (windscreen, window film): printed mirrored")


class StickerSheetError(ValueError):
    """A request the sheet cannot be made from; ``field`` names the culprit."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class DesignCount:
    """``count`` stickers of ``design``; ``None`` means "share the rest of the sheet"."""

    design: object
    count: int | None = None


@dataclass
class Box:
    """A rectangle in millimetres (page coordinates, calibration included)."""

    x: float
    y: float
    width: float
    height: float


@dataclass
class PlacedSticker:
    design: object
    page: int  # 0-based page of the PDF
    position: int  # 0-based position on the sheet (across, then down)
    label: Box
    qr: Box | None = None  # the white square kept for the code, quiet zone included
    link: object = None


@dataclass
class StickerSheet:
    pdf: bytes
    stickers: list = field(default_factory=list)
    pages: int = 0
    layouts: int = 0  # distinct pages WeasyPrint laid out


# -- planning ----------------------------------------------------------------


def plan_sheet(items, geometry, start=1):
    """One design per sticker, in print order, for ``items`` (``DesignCount``).

    Designs with a count come first, in order; designs without one share,
    in turn, the free positions left on the last sheet (the whole first sheet
    when no design has a count).
    """
    per_sheet = geometry.per_sheet
    if isinstance(start, bool) or not isinstance(start, int) or not 1 <= start <= per_sheet:
        raise StickerSheetError(
            _(
                "The first free position must be between 1 and %(last)d on this "
                "format (%(columns)d × %(rows)d labels)."
            )
            % {"last": per_sheet, "columns": geometry.columns, "rows": geometry.rows},
            field="start",
        )
    if not items:
        raise StickerSheetError(_("Choose at least one sticker design."), field="designs")
    counted, filling = [], []
    for item in items:
        if item.count is None:
            filling.append(item.design)
            continue
        if isinstance(item.count, bool) or not isinstance(item.count, int) or item.count < 1:
            raise StickerSheetError(
                _("The number of “%(design)s” stickers must be 1 or more (got %(count)s).")
                % {"design": item.design.slug, "count": item.count},
                field="designs",
            )
        counted.append(item)
    total = sum(item.count for item in counted)
    if total > MAX_STICKERS_PER_REQUEST:
        raise StickerSheetError(
            _("At most %(max)d stickers can be printed at once (asked: %(total)d).")
            % {"max": MAX_STICKERS_PER_REQUEST, "total": total},
            field="designs",
        )
    designs = [item.design for item in counted for _i in range(item.count)]
    if filling:
        used = start - 1 + total
        free = (-used) % per_sheet
        if free == 0 and total == 0:
            free = per_sheet - (start - 1)
        designs += [filling[i % len(filling)] for i in range(free)]
    if not designs:
        raise StickerSheetError(
            _("The sheet is already full: there is no free position to fill."), field="designs"
        )
    if len(designs) > MAX_STICKERS_PER_REQUEST:
        raise StickerSheetError(
            _("At most %(max)d stickers can be printed at once (asked: %(total)d).")
            % {"max": MAX_STICKERS_PER_REQUEST, "total": len(designs)},
            field="designs",
        )
    return designs


def make_links(designs, *, unique_codes=False, user=None):
    """The short link of each sticker (``None`` for stickers without a QR code)."""
    links = [None] * len(designs)
    by_design = {}
    for index, design in enumerate(designs):
        if design.has_qr:
            if design.target_page_id is None:
                raise StickerSheetError(
                    _("The design “%(design)s” has a QR code but no target page.")
                    % {"design": design.slug},
                    field="designs",
                )
            by_design.setdefault(design.pk, (design, []))[1].append(index)
    for design, indexes in by_design.values():
        if unique_codes:
            created = ShortLink.objects.create_many_unique(
                design.target_page,
                Channel.STICKER,
                len(indexes),
                label=design.slug,
                user=user,
                sticker_design=design,
            )
        else:
            created = [design.short_link(user=user)] * len(indexes)
        for index, link in zip(indexes, created, strict=True):
            links[index] = link
    return links


# -- what the target page's card gives -----------------------------------------


def target_cards(designs, channel=Channel.STICKER, on=None, through=None):
    """{design pk: card} of the page each design leads to, in the design's language.

    Only pages ``channel`` may show (``crieur.gate``) on ``on`` (today by
    default), or on every day through ``through``, give a card: a sticker or a
    badge prints nothing of a draft, a private page or a testimonial without
    print consent. One batch of queries per language, whatever the designs.
    """
    by_locale = defaultdict(dict)
    for design in designs:
        if design.target_page_id is not None:
            by_locale[design.locale_id][design.pk] = design
    cards = {}
    for locale_id, group in by_locale.items():
        targets = Page.objects.in_bulk({design.target_page_id for design in group.values()})
        pages = localize_pages(list(targets.values()), locale_id, channel, on=on)
        if through is not None:
            pages = gate_pages(pages, channel, on, through)
        shown = {page.translation_key: page for page in pages}
        for design in group.values():
            target = targets.get(design.target_page_id)
            page = shown.get(target.translation_key) if target is not None else None
            if page is not None:
                cards[design.pk] = page.card
    return cards


# -- layout of one label -----------------------------------------------------


def pictogram_html(design, size_mm, card=None):
    """Markup for the design's pictogram, else its target card's, ``size_mm`` square; "" without."""
    size = f"{size_mm:.2f}mm"
    if design.pictogram_svg:
        return f'<img src="{design.pictogram_svg.url}" style="width:{size};height:{size}" alt="">'
    image = design.pictogram_image if design.pictogram_image_id else None
    name = design.pictogram_name
    if image is None and not name and card is not None:
        image, name = card.pictogram_image, card.pictogram
    if image is not None:
        rendition = image.get_rendition("max-600x600")
        return f'<img src="{rendition.url}" style="width:{size};height:{size}" alt="">'
    if name:
        return lucide_svg(name, 48, width=size, height=size, stroke=design.text_colour)
    return ""


def _font_size(text, width, height, lines=1):
    """A font size (mm) that fits ``text`` in a ``width`` × ``height`` mm box.

    Bold DejaVu Sans averages about 0.7 em per character; words never break,
    so the longest word must fit on one line.
    """
    text = text or ""
    words = text.split() or [""]
    lines = max(1, min(lines, len(words)))
    per_line = max(len(text) / lines, max(len(word) for word in words), 3)
    by_width = width / (per_line * 0.72)
    by_height = height / (1.2 * lines)
    return max(1.8, min(by_width, by_height, 11.0))


def label_layout(design, geometry, card=None):
    """Where things go inside one label of ``geometry``, in mm from its corner.

    What the design leaves blank (its text, its pictogram) comes from ``card``,
    the card of the page it leads to (:func:`target_cards`), when there is one.
    """
    text = design.text or (card.title if card is not None else "")
    w, h = geometry.label_width, geometry.label_height
    pad = max(1.2, min(w, h) * 0.06)
    wide = not geometry.is_round and w >= 1.4 * h
    layout = {"kind": design.kind, "wide": wide, "qr": None, "pictogram": "", "text": text}
    if design.has_qr:
        if wide:
            side = min(h - 2 * pad, w * 0.5)
            qr = (pad, (h - side) / 2, side)
            content = (pad + side + pad * 0.5, pad, w - side - 2.5 * pad, h - 2 * pad)
        else:
            side = min(w, h) * (0.55 if geometry.is_round else 0.62)
            top = h * (0.42 if geometry.is_round else 0.36) - side / 2
            qr = ((w - side) / 2, max(pad * 0.5, top), side)
            below = qr[1] + side
            inset = w * 0.18 if geometry.is_round else pad
            content = (inset, below, w - 2 * inset, max(h - below - pad, 2.0))
        layout["qr"] = qr
        cx, cy, cw, ch = content
        if wide:
            picto = min(ch * 0.42, cw * 0.5)
            layout["pictogram"] = pictogram_html(design, picto, card) if picto >= 4 else ""
            text_h = ch - (picto if layout["pictogram"] else 0)
            layout["font_size"] = _font_size(text, cw, text_h * 0.6, lines=2)
        else:
            layout["font_size"] = _font_size(text, cw, ch, lines=1)
        layout["content"] = content
    elif design.kind == design.Kind.BLANK:
        layout["content"] = (pad, pad, w - 2 * pad, h - 2 * pad)
        layout["font_size"] = 3.0
    elif design.kind == design.Kind.HEADER:
        inset = w * 0.12 if geometry.is_round else pad
        content = (inset, pad, w - 2 * inset, h - 2 * pad)
        layout["content"] = content
        layout["font_size"] = _font_size(text, content[2], content[3] * 0.7, lines=1)
    else:  # a pictogram sticker ("I lend" a drill)
        inset = w * 0.15 if geometry.is_round else pad
        content = (inset, pad, w - 2 * inset, h - 2 * pad)
        cx, cy, cw, ch = content
        if wide:
            picto = ch
            text_w = cw - picto - pad
            layout["font_size"] = _font_size(text, text_w, ch * 0.6, lines=2)
        else:
            picto = ch * (0.62 if text else 0.9)
            layout["font_size"] = _font_size(text, cw, ch - picto, lines=1)
        layout["pictogram"] = pictogram_html(design, picto, card)
        layout["content"] = content
    return layout


def _mm(value):
    return f"{value:.3f}mm"


def mirrored_x(x, width, outer_width):
    """Where a box at ``x`` (``width`` wide) lands once its label (``outer_width``) is mirrored."""
    return outer_width - x - width


def _label_context(design, geometry, x, y, outlines, layouts, card=None):
    key = design.pk
    if key not in layouts:
        layouts[key] = label_layout(design, geometry, card)
    layout = layouts[key]
    radius = geometry.label_width / 2 if geometry.is_round else geometry.corner_radius
    context = {
        "design": design,
        "layout": layout,
        "style": (
            f"left:{_mm(x)};top:{_mm(y)};width:{_mm(geometry.label_width)};"
            f"height:{_mm(geometry.label_height)};border-radius:{_mm(radius)};"
            f"background-color:{design.background_colour};color:{design.text_colour}"
        ),
        "outline_style": f"border-radius:{_mm(radius)}",
        "outlines": outlines,
        "font_size": _mm(layout.get("font_size", 3.0)),
    }
    cx, cy, cw, ch = layout["content"]
    context["content_style"] = f"left:{_mm(cx)};top:{_mm(cy)};width:{_mm(cw)};height:{_mm(ch)}"
    if layout["qr"]:
        qx, qy, side = layout["qr"]
        context["qr_style"] = f"left:{_mm(qx)};top:{_mm(qy)};width:{_mm(side)};height:{_mm(side)}"
    return context


# -- QR codes as PDF operators ------------------------------------------------


def sticker_qr_matrix(data):
    """Rows of modules (True for dark), without quiet zone, for a sticker's code.

    Same symbol parameters as ``links.qr.qr_matrix`` (error correction M, no
    boost, alphanumeric mode for upper-case URLs), with the fixed ``QR_MASK``.
    """
    if QR_MASK is None:
        return qr_matrix(data, error_correction=QR_ERROR_CORRECTION)
    import segno

    code = segno.make_qr(data, error=QR_ERROR_CORRECTION, boost_error=False, mask=QR_MASK)
    return [[bool(module) for module in row] for row in code.matrix]


def qr_operators(data, box, page_height, mirrored=False):
    """PDF operators drawing the QR code of ``data`` in ``box`` (mm, quiet zone included).

    ``box`` is in page coordinates from the top-left corner (mm); the
    operators set a matrix where one unit is one module and y grows
    downwards like the matrix rows, then draw one rectangle per run of dark
    modules and fill them all at once. ``mirrored`` flips the code left to
    right within its box (x grows leftwards from the box's right edge), for a
    sticker read through glass.
    """
    matrix = sticker_qr_matrix(data)
    modules = len(matrix)
    module = box.width / (modules + 2 * QR_QUIET_ZONE)
    scale = module * PT_PER_MM
    if mirrored:
        x = (box.x + box.width - QR_QUIET_ZONE * module) * PT_PER_MM
        x_scale = -scale
    else:
        x = (box.x + QR_QUIET_ZONE * module) * PT_PER_MM
        x_scale = scale
    y = (page_height - box.y - QR_QUIET_ZONE * module) * PT_PER_MM
    parts = [f"q {x_scale:.5f} 0 0 {-scale:.5f} {x:.4f} {y:.4f} cm"]
    append = parts.append
    for row_index, row in enumerate(matrix):
        column = 0
        while column < modules:
            if row[column]:
                run_start = column
                while column < modules and row[column]:
                    column += 1
                append(f"{run_start} {row_index} {column - run_start} 1 re")
            else:
                column += 1
    append("f Q")
    return "\n".join(parts)


def _page_stream(operators):
    body = "\n".join(operators).encode("ascii")
    return pydyf.Stream([b"Q\n0 g\n" + body], compress=True)


class StampingFinisher:
    """Builds the final page list from the distinct layout pages WeasyPrint drew.

    ``page_plan`` has one entry per output page: ``(layout_index, operators)``.
    """

    def __init__(self, page_plan):
        self.page_plan = page_plan

    def __call__(self, document, pdf):
        layout_pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
        original_contents = [page["Contents"] for page in layout_pages]
        # The layout streams change the transformation matrix without
        # restoring it: wrap them in q ... Q before drawing the codes.
        save_state = pydyf.Stream([b"q"])
        pdf.add_object(save_state)
        kids = pydyf.Array()
        used = set()
        for layout_index, operators in self.page_plan:
            base = layout_pages[layout_index]
            if layout_index in used:
                page = pydyf.Dictionary(dict(base.items()))
                pdf.add_object(page)
            else:
                page = base
                used.add(layout_index)
            contents = [save_state.reference, original_contents[layout_index]]
            if operators:
                stream = _page_stream(operators)
                pdf.add_object(stream)
                contents.append(stream.reference)
            else:
                closing = pydyf.Stream([b"Q"])
                pdf.add_object(closing)
                contents.append(closing.reference)
            page["Contents"] = pydyf.Array(contents)
            kids.extend([page.number, 0, "R"])
        pdf.pages["Kids"] = kids
        pdf.pages["Count"] = len(self.page_plan)


# -- the sheet ---------------------------------------------------------------


def _no_progress(percent, message):
    pass


def render_sticker_sheet(
    items,
    *,
    geometry: LabelGeometry,
    start=1,
    unique_codes=False,
    outlines=False,
    offset=(0.0, 0.0),
    user=None,
    language=None,
    progress=None,
    placement=Placement.OUTSIDE,
):
    """Plan, link and render a sticker sheet; returns a :class:`StickerSheet`.

    ``progress(percent, message)``, when given, is told how far the work is
    (background jobs show it; it may raise to stop the work). ``placement``
    :attr:`Placement.INSIDE` mirrors every label's content (window film).
    """
    report = progress or _no_progress
    try:
        mirrored = Placement(placement) == Placement.INSIDE
    except ValueError:
        raise StickerSheetError(
            _("Unknown placement “%(placement)s”.") % {"placement": placement},
            field="placement",
        ) from None
    designs = plan_sheet(items, geometry, start)
    report(5, _("Making the short links of %(count)d stickers") % {"count": len(designs)})
    links = make_links(designs, unique_codes=unique_codes, user=user)
    cards = target_cards({design.pk: design for design in designs}.values())
    dx, dy = offset
    per_sheet = geometry.per_sheet

    stickers = []
    pages = {}  # page index -> {position: sticker}
    for index, (design, link) in enumerate(zip(designs, links, strict=True)):
        slot = start - 1 + index
        page, position = divmod(slot, per_sheet)
        x, y = geometry.position(position)
        sticker = PlacedSticker(
            design=design,
            page=page,
            position=position,
            label=Box(x + dx, y + dy, geometry.label_width, geometry.label_height),
            link=link,
        )
        stickers.append(sticker)
        pages.setdefault(page, {})[position] = sticker

    # Distinct layouts: the same designs at the same positions.
    layout_keys, layout_index_of, page_plan = [], {}, []
    label_layouts = {}
    page_count = max(pages) + 1
    for page in range(page_count):
        report(
            15 + 55 * page // page_count,
            _("QR codes of page %(page)d of %(pages)d") % {"page": page + 1, "pages": page_count},
        )
        slots = pages.get(page, {})
        key = tuple(sorted((position, s.design.pk) for position, s in slots.items()))
        if key not in layout_index_of:
            layout_index_of[key] = len(layout_keys)
            layout_keys.append(slots)
        operators = []
        for sticker in slots.values():
            layout = label_layouts.get(sticker.design.pk) or label_layout(
                sticker.design, geometry, cards.get(sticker.design.pk)
            )
            label_layouts[sticker.design.pk] = layout
            if layout["qr"] and sticker.link is not None:
                qx, qy, side = layout["qr"]
                if mirrored:
                    qx = mirrored_x(qx, side, geometry.label_width)
                sticker.qr = Box(sticker.label.x + qx, sticker.label.y + qy, side, side)
                operators.append(
                    qr_operators(
                        sticker.link.qr_url, sticker.qr, geometry.page_height, mirrored=mirrored
                    )
                )
        page_plan.append((layout_index_of[key], operators))

    contexts = {}
    html_pages = []
    for slots in layout_keys:
        labels = []
        for sticker in sorted(slots.values(), key=lambda s: s.position):
            context = _label_context(
                sticker.design,
                geometry,
                sticker.label.x,
                sticker.label.y,
                outlines,
                contexts,
                cards.get(sticker.design.pk),
            )
            if not unique_codes and sticker.link is not None:
                context["short_url"] = sticker.link.short_url
            labels.append(context)
        html_pages.append(labels)

    with override(language):
        html = render_to_string(
            "stickers/sticker_sheet.html",
            {
                "geometry": geometry,
                "page_width": _mm(geometry.page_width),
                "page_height": _mm(geometry.page_height),
                "pages": html_pages,
                "mirrored": mirrored,
                "language": language or "fr",
            },
        )
    finisher = StampingFinisher(page_plan)
    report(70, _("Laying out and writing the PDF (%(pages)d pages)") % {"pages": page_count})
    try:
        pdf = render_pdf(html, finisher=finisher)
    except RenderTimeout as error:
        raise StickerSheetError(error.message) from error
    return StickerSheet(pdf=pdf, stickers=stickers, pages=len(page_plan), layouts=len(layout_keys))
