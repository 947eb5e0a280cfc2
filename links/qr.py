"""QR codes as inline SVG, PNG or a bare module matrix, drawn with ``segno``.

``segno`` is faster than ``qrcode`` for the same symbol and its SVG is one
compact path (see ``bench/qr_render.py``), which is what keeps WeasyPrint
quick on sheets of hundreds of stickers. Upper-case data made of the QR
alphanumeric characters (``0-9 A-Z $%*+-./:`` and space), such as
``ShortLink.qr_url``, is encoded in alphanumeric mode: a smaller symbol.

The exact error correction level asked for is used (no automatic boost), so the
same input always gives the same symbol.
"""

import io
from functools import lru_cache

import segno

__all__ = [
    "ERROR_CORRECTION_LEVELS",
    "MAX_QUIET_ZONE",
    "MAX_SCALE",
    "MAX_SIZE_MM",
    "qr_matrix",
    "qr_png",
    "qr_svg",
]

ERROR_CORRECTION_LEVELS = ("L", "M", "Q", "H")
MAX_QUIET_ZONE = 16
MAX_SCALE = 40
MAX_SIZE_MM = 1000
MAX_DATA_LENGTH = 1024


def _level(error_correction):
    level = str(error_correction or "").upper()
    if level not in ERROR_CORRECTION_LEVELS:
        raise ValueError(f"error_correction must be one of {', '.join(ERROR_CORRECTION_LEVELS)}.")
    return level


def _bounded_int(name, value, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}.")
    return value


@lru_cache(maxsize=256)
def _make(data, level):
    if not isinstance(data, str) or not data:
        raise ValueError("QR data must be a non-empty string.")
    if len(data) > MAX_DATA_LENGTH:
        raise ValueError(f"QR data must be at most {MAX_DATA_LENGTH} characters.")
    try:
        return segno.make_qr(data, error=level, boost_error=False)
    except segno.DataOverflowError as error:
        raise ValueError(str(error)) from error


def make(data, *, error_correction="M"):
    """The ``segno.QRCode`` for ``data`` (cached: sheets repeat the same codes)."""
    return _make(data, _level(error_correction))


def qr_matrix(data, *, error_correction="M"):
    """Rows of modules, ``True`` for dark, without the quiet zone."""
    return [
        [bool(module) for module in row]
        for row in make(data, error_correction=error_correction).matrix
    ]


def qr_svg(data, *, error_correction="M", quiet_zone=4, size_mm=None):
    """Inline SVG markup (no XML declaration), one path of black modules.

    The ``viewBox`` counts modules, quiet zone included. With ``size_mm`` the
    symbol (quiet zone included) gets that width and height in millimetres;
    without it the SVG has no size and fills the box CSS gives it.
    """
    quiet_zone = _bounded_int("quiet_zone", quiet_zone, 0, MAX_QUIET_ZONE)
    size = ""
    if size_mm is not None:
        if (
            isinstance(size_mm, bool)
            or not isinstance(size_mm, int | float)
            or not 0 < size_mm <= MAX_SIZE_MM
        ):
            raise ValueError(f"size_mm must be a number above 0 and at most {MAX_SIZE_MM}.")
        size = f'width="{size_mm:g}mm" height="{size_mm:g}mm" '
    code = make(data, error_correction=error_correction)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        border=quiet_zone,
        svgclass="qr",
        lineclass=None,
    )
    markup = buffer.getvalue().decode()
    return markup.replace("<svg ", f"<svg {size}", 1) if size else markup


def qr_png(data, *, error_correction="M", quiet_zone=4, scale=10):
    """PNG bytes, black on white, ``scale`` pixels per module."""
    quiet_zone = _bounded_int("quiet_zone", quiet_zone, 0, MAX_QUIET_ZONE)
    scale = _bounded_int("scale", scale, 1, MAX_SCALE)
    buffer = io.BytesIO()
    make(data, error_correction=error_correction).save(
        buffer, kind="png", border=quiet_zone, scale=scale
    )
    return buffer.getvalue()
