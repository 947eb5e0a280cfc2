"""Reading sticker sheets back: path rectangles from the PDF, QR codes from the raster."""

import ctypes
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp

MM_PER_PT = 25.4 / 72


def hex_to_rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def page_paths(pdf_bytes):
    """Per page, a list of ((r, g, b), (left, top, right, bottom) in mm from the top-left)."""
    document = pdfium.PdfDocument(io.BytesIO(pdf_bytes))
    pages = []
    try:
        for page in document:
            height = page.get_height()
            paths = []
            for obj in page.get_objects(max_depth=4):
                if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                    continue
                r, g, b, a = (ctypes.c_uint() for _ in range(4))
                pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
                left, bottom, right, top = obj.get_bounds()
                paths.append(
                    (
                        (r.value, g.value, b.value),
                        (
                            left * MM_PER_PT,
                            (height - top) * MM_PER_PT,
                            right * MM_PER_PT,
                            (height - bottom) * MM_PER_PT,
                        ),
                    )
                )
            pages.append(paths)
    finally:
        document.close()
    return pages


def decode_pages(pdf_bytes, dpi=300):
    """Per page, the decoded QR texts (rasterised with pdfium, decoded with zxing-cpp)."""
    document = pdfium.PdfDocument(io.BytesIO(pdf_bytes))
    try:
        pages = []
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            pages.append(
                [
                    result.text
                    for result in zxingcpp.read_barcodes(
                        image, formats=zxingcpp.BarcodeFormat.QRCode
                    )
                ]
            )
        return pages
    finally:
        document.close()


def find_rect(paths, colour, expected, tolerance=0.2):
    """The path of ``colour`` whose bounds match ``expected`` (mm) within ``tolerance``."""
    for fill, bounds in paths:
        if fill == colour and all(
            abs(a - b) <= tolerance for a, b in zip(bounds, expected, strict=True)
        ):
            return bounds
    return None
