"""SVG previews for the print forms: one design's label, and a laid-out sheet.

Both are drawn from the same geometry and label layout as the PDF
(:func:`stickers.sheet.label_layout`, :func:`stickers.sheet.plan_sheet`), in
millimetres (the SVG ``viewBox``), with presentation attributes only (no
``style``: the admin's Content-Security-Policy forbids inline styles). No
short link is made and nothing is fetched: the QR code drawn is a stand-in
of the right size, the real one is made when the PDF is.
"""

import hashlib

from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from .label_formats import LabelGeometry, Shape
from .sheet import QR_QUIET_ZONE, label_layout, sticker_qr_matrix

#: The longest text drawn on a preview; the PDF has its own bounds.
MAX_PREVIEW_TEXT = 120

SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.3f} {h:.3f}" '
    'width="{pw:.0f}" height="{ph:.0f}" role="img" aria-label="{label}">'
)


def badge_preview_geometry(face):
    """A one-label round geometry of ``face`` mm, to draw a badge's face."""
    return LabelGeometry(
        slug=f"badge-{face}",
        name=f"{face} mm",
        page_width=face,
        page_height=face,
        columns=1,
        rows=1,
        label_width=face,
        label_height=face,
        top_margin=0,
        left_margin=0,
        horizontal_pitch=face,
        vertical_pitch=face,
        shape=Shape.ROUND,
    )


def design_version(design, geometry):
    """A short hash of what a design's thumbnail shows: its URL changes when the design does."""
    parts = [
        design.pk,
        design.kind,
        design.text,
        design.text_colour,
        design.background_colour,
        design.pictogram_name,
        design.pictogram_image_id,
        design.pictogram_svg.name if design.pictogram_svg else "",
        design.target_page_id,
        geometry.slug,
        geometry.label_width,
        geometry.label_height,
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _shape(geometry, x, y, **attributes):
    extra = "".join(
        f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items()
    )
    w, h = geometry.label_width, geometry.label_height
    if geometry.is_round:
        return (
            f'<ellipse cx="{x + w / 2:.3f}" cy="{y + h / 2:.3f}" '
            f'rx="{w / 2:.3f}" ry="{h / 2:.3f}"{extra}/>'
        )
    radius = geometry.corner_radius
    return (
        f'<rect x="{x:.3f}" y="{y:.3f}" width="{w:.3f}" height="{h:.3f}" rx="{radius:.3f}"{extra}/>'
    )


def _qr_stand_in(x, y, side, colour):
    """A QR-looking square of ``side`` mm (quiet zone included) at (x, y)."""
    matrix = sticker_qr_matrix("PREVIEW")
    modules = len(matrix)
    module = side / (modules + 2 * QR_QUIET_ZONE)
    ox, oy = x + QR_QUIET_ZONE * module, y + QR_QUIET_ZONE * module
    path = "".join(
        f"M{ox + column * module:.3f} {oy + row * module:.3f}"
        f"h{module:.3f}v{module:.3f}h{-module:.3f}z"
        for row, cells in enumerate(matrix)
        for column, dark in enumerate(cells)
        if dark
    )
    return (
        f'<rect x="{x:.3f}" y="{y:.3f}" width="{side:.3f}" height="{side:.3f}" fill="#ffffff"/>'
        f'<path d="{path}" fill="{escape(colour)}"/>'
    )


def label_svg(design, geometry, x=0.0, y=0.0, card=None):
    """The inside of one label at (x, y): background, QR stand-in, pictogram box, text."""
    layout = label_layout(design, geometry, card)
    parts = [_shape(geometry, x, y, fill=design.background_colour)]
    if layout["qr"]:
        qx, qy, side = layout["qr"]
        parts.append(_qr_stand_in(x + qx, y + qy, side, "#000000"))
    cx, cy, cw, ch = layout["content"]
    text = (layout["text"] or "")[:MAX_PREVIEW_TEXT]
    font = layout.get("font_size", 3.0)
    if layout["pictogram"] and not layout["qr"]:
        side = min(cw, ch * (0.62 if text else 0.9))
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="none" '
                'stroke="{}" stroke-width="0.4" stroke-dasharray="1 1"/>',
                f"{x + cx + (cw - side) / 2:.3f}",
                f"{y + cy:.3f}",
                f"{side:.3f}",
                f"{side:.3f}",
                f"{side * 0.1:.3f}",
                design.text_colour,
            )
        )
        text_y = y + cy + side + font
    else:
        text_y = y + cy + min(ch, font * 1.2)
    if text:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" font-family="DejaVu Sans, sans-serif" '
                'font-weight="bold" text-anchor="middle" fill="{}" textLength="{}" '
                'lengthAdjust="spacingAndGlyphs" direction="ltr" unicode-bidi="embed">{}</text>',
                f"{x + cx + cw / 2:.3f}",
                f"{text_y:.3f}",
                f"{font:.3f}",
                design.text_colour,
                f"{min(cw, len(text) * font * 0.62):.3f}",
                text,
            )
        )
    return "".join(str(part) for part in parts)


def design_thumbnail_svg(design, geometry, card=None, width_px=160):
    """A standalone SVG of ``design`` on one label of ``geometry``, with its outline."""
    w, h = geometry.label_width, geometry.label_height
    pad = 0.5
    scale = width_px / (w + 2 * pad)
    return (
        SVG_HEAD.format(
            w=w + 2 * pad,
            h=h + 2 * pad,
            pw=width_px,
            ph=(h + 2 * pad) * scale,
            label=escape(str(design)),
        ).replace('viewBox="0 0', f'viewBox="{-pad} {-pad}')
        + label_svg(design, geometry, card=card)
        + _shape(geometry, 0, 0, fill="none", stroke="#767676", stroke_width="0.3")
        + "</svg>"
    )


def sheet_preview_svg(designs, geometry, start=1, cards=None, width_px=420):
    """The first sheet of a plan: every position outlined and numbered, the used ones
    (before ``start``) crossed out, the start position marked, each planned label drawn.

    ``designs`` is :func:`stickers.sheet.plan_sheet`'s list, one design per
    sticker; only the first sheet is drawn.
    """
    cards = cards or {}
    w, h = geometry.page_width, geometry.page_height
    per_sheet = geometry.per_sheet
    parts = [
        SVG_HEAD.format(
            w=w,
            h=h,
            pw=width_px,
            ph=width_px * h / w,
            label=escape(_("Preview of the first sheet")),
        ),
        f'<rect x="0" y="0" width="{w:.3f}" height="{h:.3f}" fill="#ffffff" '
        'stroke="#767676" stroke-width="0.5"/>',
    ]
    number_size = max(2.0, min(geometry.label_width, geometry.label_height) * 0.18)
    for position in range(per_sheet):
        x, y = geometry.position(position)
        index = position - (start - 1)
        design = designs[index] if 0 <= index < len(designs) else None
        state = "used" if index < 0 else ("filled" if design is not None else "free")
        parts.append(
            f'<g class="sheet-position" data-position="{position + 1}" data-state="{state}">'
        )
        if design is not None:
            parts.append(label_svg(design, geometry, x, y, cards.get(design.pk)))
        elif state == "used":
            parts.append(_shape(geometry, x, y, fill="#d9d9d9"))
            parts.append(
                f'<path d="M{x:.3f} {y:.3f}l{geometry.label_width:.3f} {geometry.label_height:.3f}'
                f"M{x + geometry.label_width:.3f} {y:.3f}l{-geometry.label_width:.3f} "
                f'{geometry.label_height:.3f}" stroke="#8c8c8c" stroke-width="0.3"/>'
            )
        stroke, width = ("#0a7d2c", "1.2") if index == 0 else ("#767676", "0.3")
        parts.append(_shape(geometry, x, y, fill="none", stroke=stroke, stroke_width=width))
        parts.append(
            f'<text x="{x + 1:.3f}" y="{y + number_size + 0.5:.3f}" font-size="{number_size:.2f}" '
            f'font-family="sans-serif" fill="#595959">{position + 1}</text>'
        )
        if index == 0:
            parts.append(
                format_html(
                    "<title>{}</title>",
                    _("Start: position %(position)d") % {"position": position + 1},
                )
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
