"""QR rendering speed: ``qrcode`` against ``segno`` for the SVG of the same data.

Run from the repository root::

    .venv/bin/python bench/qr_render.py [--count 1000]

For ``count`` distinct short-link URLs (upper case, so alphanumeric mode), it
times building an inline path SVG with each library at error correction M and
a quiet zone of 4, checks that both libraries chose the same symbol size, and
times the other outputs of ``links.qr`` (PNG, module matrix). It prints its
figures and stops by itself; no network, no database.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import qrcode  # noqa: E402
import qrcode.image.svg  # noqa: E402
import segno  # noqa: E402

from links import qr  # noqa: E402
from links.codes import generate_code  # noqa: E402

BASE = "HTTPS://CRIEUR.VAL-DES-AULNES.FR/Q/"


def qrcode_svg(data):
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    return code.make_image().to_string(encoding="unicode"), code.modules_count


def segno_svg(data):
    # What links.qr.qr_svg does, without its cache of QRCode objects.
    code = segno.make_qr(data, error="M", boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=4)
    return buffer.getvalue().decode(), code.symbol_size(border=0)[0]


def timed(function, items, repeat=1):
    """Best of ``repeat`` runs, in seconds for all items, and the last outputs."""
    best, outputs = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        outputs = [function(item) for item in items]
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    items = [BASE + generate_code() for _ in range(args.count)]

    fresh = [BASE + generate_code() for _ in range(400)]
    qrcode_time, qrcode_out = timed(qrcode_svg, items)
    segno_time, segno_out = timed(segno_svg, items)
    sizes_match = all(a[1] == b[1] for a, b in zip(qrcode_out, segno_out, strict=True))
    qrcode_bytes = statistics.mean(len(svg) for svg, _ in qrcode_out)
    segno_bytes = statistics.mean(len(svg) for svg, _ in segno_out)

    png_time, _ = timed(lambda data: qr.qr_png(data, scale=10), fresh[:200])
    matrix_time, _ = timed(qr.qr_matrix, fresh[200:400])

    print(
        f"QR SVG of {args.count} distinct URLs like {items[0]} (error correction M, quiet zone 4)"
    )
    print(f"  symbol size: {segno_out[0][1]} modules; same size in both libraries: {sizes_match}")
    print(
        f"  qrcode (SvgPathImage): {qrcode_time:.3f} s, {qrcode_time / args.count * 1e3:.3f} ms"
        f" per code, {qrcode_bytes:.0f} bytes per SVG"
    )
    print(
        f"  segno (path SVG):      {segno_time:.3f} s, {segno_time / args.count * 1e3:.3f} ms"
        f" per code, {segno_bytes:.0f} bytes per SVG"
    )
    faster = "segno" if segno_time < qrcode_time else "qrcode"
    ratio = max(qrcode_time, segno_time) / min(qrcode_time, segno_time)
    print(f"  faster: {faster}, by {ratio:.1f}×  (links.qr uses segno)")
    print("links.qr, 200 other URLs (encoding included):")
    print(f"  qr_png(scale=10): {png_time / 200 * 1e3:.3f} ms per code")
    print(f"  qr_matrix:        {matrix_time / 200 * 1e3:.3f} ms per code")
    if not sizes_match:
        print("WARNING: the libraries chose different symbol sizes for some URLs.")


if __name__ == "__main__":
    main()
