"""Reading badge sheets back: the stroked circles (cut line, guides), measured in mm."""

import ctypes
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

MM_PER_PT = 25.4 / 72


def _path_points(obj):
    """The path's points (anchors and control points) in page space, in pt."""
    matrix = obj.get_matrix()
    points = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        x, y = ctypes.c_float(), ctypes.c_float()
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        points.append(matrix.on_point(x.value, y.value))
    return points


def stroked_paths(pdf_bytes):
    """Per page, ``((r, g, b), width_mm, height_mm, (cx, cy))`` of each path that is
    stroked and not filled (the cut circles and the guides).

    Sizes come from the path's own points, not from pdfium's bounds (which pad a
    stroked path by its line width): for a circle drawn as four Bézier arcs from
    its four extreme points, the points' extent is the diameter. ``(cx, cy)`` is
    in mm from the page's top-left corner.
    """
    document = pdfium.PdfDocument(io.BytesIO(pdf_bytes))
    pages = []
    try:
        for page in document:
            height = page.get_height()
            found = []
            for obj in page.get_objects(max_depth=4):
                if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                    continue
                fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
                pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill_mode, stroke)
                if not stroke.value or fill_mode.value:
                    continue
                r, g, b, a = (ctypes.c_uint() for _ in range(4))
                pdfium_c.FPDFPageObj_GetStrokeColor(obj.raw, r, g, b, a)
                points = _path_points(obj)
                xs = [x for x, _y in points]
                ys = [y for _x, y in points]
                found.append(
                    (
                        (r.value, g.value, b.value),
                        (max(xs) - min(xs)) * MM_PER_PT,
                        (max(ys) - min(ys)) * MM_PER_PT,
                        (
                            (max(xs) + min(xs)) / 2 * MM_PER_PT,
                            (height - (max(ys) + min(ys)) / 2) * MM_PER_PT,
                        ),
                    )
                )
            pages.append(found)
    finally:
        document.close()
    return pages


def page_sizes_pt(pdf_bytes):
    """(width, height) in pt of each page's media box."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
