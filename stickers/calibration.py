"""The calibration page: label outlines and millimetre rulers to print and measure."""

from django.template.loader import render_to_string
from django.utils.translation import override

from pdf.rendering import render_pdf

from .label_formats import LabelGeometry

#: Rulers start this far from the page edge (printers leave the edge blank).
RULER_START_MM = 5
RULER_LABEL_EVERY_MM = 10


def _ruler_ticks(length, offset):
    ticks = []
    for mm in range(RULER_START_MM, int(length) - RULER_START_MM + 1):
        if mm % 10 == 0:
            size = 4.0
        elif mm % 5 == 0:
            size = 2.5
        else:
            size = 1.5
        ticks.append(
            {
                "at": f"{mm + offset:.2f}mm",
                "size": f"{size}mm",
                "label": mm if mm % RULER_LABEL_EVERY_MM == 0 else None,
            }
        )
    return ticks


def render_calibration_sheet(geometry: LabelGeometry, offset=(0.0, 0.0), language=None):
    """PDF bytes of the calibration page of ``geometry`` with ``offset`` applied."""
    dx, dy = offset
    radius = geometry.label_width / 2 if geometry.is_round else geometry.corner_radius
    labels = [
        {
            "number": index + 1,
            "style": (
                f"left:{x + dx:.3f}mm;top:{y + dy:.3f}mm;width:{geometry.label_width:.3f}mm;"
                f"height:{geometry.label_height:.3f}mm;border-radius:{radius:.3f}mm"
            ),
        }
        for index, (x, y) in enumerate(geometry.positions())
    ]
    with override(language):
        html = render_to_string(
            "stickers/calibration_sheet.html",
            {
                "geometry": geometry,
                "labels": labels,
                "page_width": f"{geometry.page_width:.3f}mm",
                "page_height": f"{geometry.page_height:.3f}mm",
                "top_ticks": _ruler_ticks(geometry.page_width, dx),
                "left_ticks": _ruler_ticks(geometry.page_height, dy),
                "dx": dx,
                "dy": dy,
                "ruler_top": f"{dy:.3f}mm",
                "ruler_left": f"{dx:.3f}mm",
                "first_left": geometry.left_margin,
                "first_top": geometry.top_margin,
                "language": language or "fr",
            },
        )
    return render_pdf(html)
