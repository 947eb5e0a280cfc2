import io

from django.test import override_settings

import pytest
import segno
import zxingcpp
from PIL import Image

from links import qr
from links.models import ShortLink

pytestmark = pytest.mark.django_db


def decode(image):
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    return results[0].text


def test_png_decodes_to_qr_url(link):
    assert link.qr_url == f"HTTP://TESTSERVER/Q/{link.code}"
    image = Image.open(io.BytesIO(qr.qr_png(link.qr_url)))
    assert decode(image) == link.qr_url


@pytest.mark.parametrize("level", ["L", "M", "Q", "H", "h"])
def test_error_correction_levels(level):
    data = "HTTPS://EXAMPLE.ORG/Q/ABC234"
    image = Image.open(io.BytesIO(qr.qr_png(data, error_correction=level, scale=4)))
    assert decode(image) == data
    assert qr.make(data, error_correction=level).error == level.upper()


def test_matrix_has_no_quiet_zone_and_decodes_once_drawn():
    data = "HTTPS://EXAMPLE.ORG/Q/ABC234"
    matrix = qr.qr_matrix(data)
    size = len(matrix)
    assert size == 25 and all(len(row) == size for row in matrix)
    assert all(isinstance(module, bool) for row in matrix for module in row)
    # Finder pattern in the top-left corner: a dark 7×7 ring starts right at (0, 0).
    assert all(matrix[0][:7]) and not matrix[0][7]
    scale, border = 8, 4
    image = Image.new("L", ((size + 2 * border) * scale,) * 2, 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                box = ((x + border) * scale, (y + border) * scale)
                image.paste(0, (*box, box[0] + scale, box[1] + scale))
    assert decode(image) == data


def test_svg_is_inline_vector_markup():
    svg = qr.qr_svg("HTTPS://EXAMPLE.ORG/Q/ABC234", size_mm=25, quiet_zone=2)
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert 'width="25mm" height="25mm"' in svg
    assert 'viewBox="0 0 29 29"' in svg  # 25 modules + 2 × 2 of quiet zone
    assert "<path" in svg and "<image" not in svg
    assert 'width="' not in qr.qr_svg("HTTPS://EXAMPLE.ORG/Q/ABC234")


def test_svg_decodes_once_printed_by_weasyprint(link):
    pdfium = pytest.importorskip("pypdfium2")
    weasyprint = pytest.importorskip("weasyprint")
    html = f"<html><body>{qr.qr_svg(link.qr_url, size_mm=40)}</body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    assert decode(image) == link.qr_url


@override_settings(CRIEUR_QR_BASE_URL="https://crieur.val-des-aulnes.example")
def test_upper_case_url_uses_alphanumeric_mode_and_a_smaller_symbol(link):
    assert link.qr_url == f"HTTPS://CRIEUR.VAL-DES-AULNES.EXAMPLE/Q/{link.code}"
    assert link.short_url == f"crieur.val-des-aulnes.example/q/{link.code}"
    upper = qr.make(link.qr_url)
    lower = segno.make_qr(link.qr_url.lower(), error="m", boost_error=False)
    assert upper.mode == "alphanumeric"
    assert lower.mode == "byte"
    assert len(qr.qr_matrix(link.qr_url)) < len(lower.matrix)


def test_short_url_default_base(link, settings):
    settings.CRIEUR_QR_BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    assert link.qr_url == f"HTTP://127.0.0.1:8000/Q/{link.code}"
    assert link.short_url == f"127.0.0.1:8000/q/{link.code}"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"error_correction": "X"},
        {"error_correction": ""},
        {"quiet_zone": -1},
        {"quiet_zone": 100},
        {"quiet_zone": "4"},
        {"scale": 0},
        {"scale": 1000},
    ],
)
def test_png_rejects_bad_parameters(kwargs):
    with pytest.raises(ValueError):
        qr.qr_png("HTTPS://EXAMPLE.ORG/Q/ABC234", **kwargs)


@pytest.mark.parametrize("size_mm", [0, -5, 100_000, "25", True])
def test_svg_rejects_bad_size(size_mm):
    with pytest.raises(ValueError):
        qr.qr_svg("HTTPS://EXAMPLE.ORG/Q/ABC234", size_mm=size_mm)


def test_rejects_empty_and_huge_data():
    with pytest.raises(ValueError):
        qr.qr_matrix("")
    with pytest.raises(ValueError):
        qr.qr_matrix("A" * 5000)


def test_codes_avoid_look_alikes_and_are_unique(service):
    links = ShortLink.objects.create_many_unique(service, "sticker", 300, label="Planche")
    codes = [link.code for link in links]
    assert len(set(codes)) == 300
    assert all(link.pk for link in links)
    assert ShortLink.objects.filter(code__in=codes).count() == 300
    joined = "".join(codes)
    assert not set(joined) & set("0O1IL")
    assert all(len(code) >= 6 and code == code.upper() for code in codes)
