"""Stickers inside the glass: printed mirrored, read the right way round through the windscreen."""

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest
import zxingcpp
from PIL import ImageOps

from links.models import ShortLink
from stickers.jobs import create_sticker_job
from stickers.label_formats import WINDSCREEN_FORMATS, get_format
from stickers.sheet import DesignCount, Placement, label_layout, render_sticker_sheet
from tests.pdf.pdf_helpers import find_rect, hex_to_rgb, page_paths
from tests.stickers.conftest import rasterise

pytestmark = pytest.mark.django_db


def _read(image):
    """``[(text, orientation)]`` of the QR codes zxing-cpp finds in ``image``."""
    return sorted(
        (result.text, result.orientation)
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    )


def _assert_mirrored(pdf, expected_urls):
    """Seen through the glass (the raster mirrored back), every code reads upright; as
    printed, the codes are mirror images (read, if at all, only as transposed symbols)."""
    for page, expected in zip(rasterise(pdf, dpi=200), expected_urls, strict=True):
        through_the_glass = _read(ImageOps.mirror(page))
        assert sorted(text for text, _o in through_the_glass) == sorted(expected)
        assert all(orientation == 0 for _text, orientation in through_the_glass)
        as_printed = _read(page)
        assert as_printed != through_the_glass
        assert all(orientation != 0 for _text, orientation in as_printed)


@pytest.mark.parametrize("slug", WINDSCREEN_FORMATS)
def test_inside_the_glass_sheet_is_mirrored_and_every_code_reads_through_it(
    client, designs, other_service, slug
):
    geometry = get_format(slug)
    assert geometry.per_sheet == 6 and geometry.label_width >= 80
    sheet = render_sticker_sheet(
        [DesignCount(designs["covoit"], 4), DesignCount(designs["outils"], 2)],
        geometry=geometry,
        unique_codes=True,
        outlines=True,
        placement=Placement.INSIDE,
    )
    urls = [sticker.link.qr_url for sticker in sheet.stickers]
    assert len(set(urls)) == 6
    _assert_mirrored(sheet.pdf, [urls])

    # The labels stay where the sheet has them; inside each, the code moved to the mirror place.
    paths = page_paths(sheet.pdf)[0]
    for sticker in sheet.stickers:
        x, y = geometry.position(sticker.position)
        colour = hex_to_rgb(sticker.design.background_colour)
        label = (x, y, x + geometry.label_width, y + geometry.label_height)
        if not geometry.is_round:
            assert find_rect(paths, colour, label), (sticker.position, label)
        qx, _qy, side = label_layout(sticker.design, geometry)["qr"]
        assert sticker.qr.x == pytest.approx(x + geometry.label_width - qx - side)

    covoit = next(s.link for s in sheet.stickers if s.design.slug == "covoit")
    assert ShortLink.objects.get(pk=covoit.pk).channel == "sticker"
    assert client.get(f"/q/{covoit.code}")["Location"].endswith(other_service.url)


def test_outside_placement_prints_as_before(designs):
    sheet = render_sticker_sheet(
        [DesignCount(designs["covoit"], 2)], geometry=get_format("window-square-80")
    )
    url = designs["covoit"].short_link().qr_url
    page = rasterise(sheet.pdf, dpi=200)[0]
    assert _read(page) == [(url, 0), (url, 0)]


def test_command_prints_mirrored_windscreen_stickers(tmp_path, designs):
    output = tmp_path / "pare-brise.pdf"
    call_command(
        "sticker_sheet",
        "--design",
        "covoit",
        "--format",
        "window-round-90",
        "--placement",
        "inside",
        "--no-calibration",
        "--locale",
        "fr",
        "--output",
        str(output),
    )
    _assert_mirrored(output.read_bytes(), [[designs["covoit"].short_link().qr_url] * 6])
    with pytest.raises(CommandError, match="invalid choice"):
        call_command(
            "sticker_sheet", "--design", "covoit", "--placement", "ceiling", "--output", "x.pdf"
        )


def test_admin_form_prints_mirrored_stickers(client, staff_user, designs):
    client.force_login(staff_user)
    response = client.get(reverse("print_sticker_sheet"))
    assert b'name="placement"' in response.content and b"window-round-90" in response.content
    response = client.post(
        reverse("print_sticker_sheet"),
        {
            "format": "window-square-80",
            "start": "1",
            "codes": "design",
            "placement": "inside",
            "design_1": designs["covoit"].pk,
            "quantity_1": "3",
        },
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "mirrored" in response["Content-Disposition"]
    _assert_mirrored(response.content, [[designs["covoit"].short_link().qr_url] * 3])


def test_background_jobs_keep_the_placement(designs, staff_user):
    job = create_sticker_job(
        [DesignCount(designs["covoit"], 600)],
        geometry=get_format("window-round-90"),
        start=1,
        unique_codes=False,
        outlines=False,
        offset=(0, 0),
        language="fr",
        user=staff_user,
        placement=Placement.INSIDE,
    )
    assert job.parameters["placement"] == "inside"
