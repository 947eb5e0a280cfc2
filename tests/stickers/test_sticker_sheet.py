"""Render sheets, read them back like a resident would: decode every QR code and follow it."""

import pytest

from links.models import ShortLink
from stickers.label_formats import get_format
from stickers.sheet import (
    MAX_STICKERS_PER_REQUEST,
    QR_QUIET_ZONE,
    DesignCount,
    StickerSheetError,
    plan_sheet,
    render_sticker_sheet,
    sticker_qr_matrix,
)
from tests.pdf.pdf_helpers import decode_pages, find_rect, hex_to_rgb, page_paths

pytestmark = pytest.mark.django_db


def _code(qr_text):
    return qr_text.rsplit("/", 1)[-1]


def test_unique_codes_decode_and_lead_to_each_designs_page(client, designs, service, other_service):
    geometry = get_format("avery-l7160")
    sheet = render_sticker_sheet(
        [
            DesignCount(designs["outils"], 4),
            DesignCount(designs["covoit"], 3),
            DesignCount(designs["perceuse"], None),
        ],
        geometry=geometry,
        start=16,
        unique_codes=True,
        outlines=True,
    )
    # Positions 16..21 on page 1, then 1 on page 2, and the pictogram stickers fill page 2.
    assert sheet.pages == 2
    assert [s.position for s in sheet.stickers[:7]] == [15, 16, 17, 18, 19, 20, 0]
    assert len(sheet.stickers) == 6 + 21

    decoded = decode_pages(sheet.pdf)
    expected = [
        [s.link.qr_url for s in sheet.stickers if s.page == page and s.link]
        for page in range(sheet.pages)
    ]
    assert [sorted(page) for page in decoded] == [sorted(page) for page in expected]
    codes = [_code(text) for page in decoded for text in page]
    assert len(set(codes)) == 7  # a unique code per sticker

    targets = {"outils": service, "covoit": other_service}
    for sticker in sheet.stickers:
        if sticker.link is None:
            assert sticker.design.slug == "perceuse"
            continue
        link = ShortLink.objects.get(code=sticker.link.code)
        assert link.channel == "sticker"
        response = client.get(f"/q/{link.code}")
        assert response.status_code == 302
        assert response["Location"].endswith(targets[sticker.design.slug].url)


def test_label_and_qr_positions_match_the_format_geometry(designs):
    geometry = get_format("avery-l7160")
    offset = (1.5, -0.7)
    sheet = render_sticker_sheet(
        [DesignCount(designs["outils"], 5), DesignCount(designs["covoit"], 2)],
        geometry=geometry,
        start=2,
        offset=offset,
    )
    paths = page_paths(sheet.pdf)[0]
    for sticker in sheet.stickers:
        x, y = geometry.position(sticker.position)
        x, y = x + offset[0], y + offset[1]
        expected_label = (x, y, x + geometry.label_width, y + geometry.label_height)
        colour = hex_to_rgb(sticker.design.background_colour)
        assert find_rect(paths, colour, expected_label), (sticker.position, expected_label)

        # The QR symbol: its finder patterns touch the corners of the box minus the quiet zone.
        box = sticker.qr
        assert box.x >= x and box.x + box.width <= x + geometry.label_width
        modules = len(sticker_qr_matrix(sticker.link.qr_url))
        module = box.width / (modules + 2 * QR_QUIET_ZONE)
        inset = QR_QUIET_ZONE * module
        expected_qr = (
            box.x + inset,
            box.y + inset,
            box.x + box.width - inset,
            box.y + box.width - inset,
        )
        assert find_rect(paths, (0, 0, 0), expected_qr), (sticker.position, expected_qr)


def test_one_code_per_design_shares_the_designs_link(client, designs, service):
    sheet = render_sticker_sheet(
        [DesignCount(designs["outils"], None)],
        geometry=get_format("avery-l7651"),
        start=60,
    )
    assert len(sheet.stickers) == 6  # positions 60..65 of 65
    decoded = decode_pages(sheet.pdf)[0]
    link = designs["outils"].short_link()
    assert decoded == [link.qr_url] * 6
    response = client.get(f"/q/{link.code}")
    assert response["Location"].endswith(service.url)


def test_round_labels_and_letter_paper(designs):
    for slug in ("avery-l7780", "avery-5160"):
        geometry = get_format(slug)
        sheet = render_sticker_sheet(
            [DesignCount(designs["covoit"], 2), DesignCount(designs["perceuse"], 1)],
            geometry=geometry,
        )
        decoded = decode_pages(sheet.pdf, dpi=200)
        assert decoded == [[designs["covoit"].short_link().qr_url] * 2]


def test_many_stickers_lay_out_each_distinct_page_once(designs):
    sheet = render_sticker_sheet(
        [DesignCount(designs["outils"], 50)], geometry=get_format("avery-l7160"), unique_codes=True
    )
    assert sheet.pages == 3 and sheet.layouts == 2  # two full pages share one layout
    decoded = decode_pages(sheet.pdf, dpi=200)
    assert [len(page) for page in decoded] == [21, 21, 8]
    assert len({text for page in decoded for text in page}) == 50


@pytest.mark.parametrize(
    ("count", "start", "message"),
    [
        (0, 1, "1 or more"),
        (-3, 1, "1 or more"),
        (MAX_STICKERS_PER_REQUEST + 1, 1, "At most"),
        (1, 0, "between 1 and 21"),
        (1, 22, "between 1 and 21"),
    ],
)
def test_plan_refuses_bad_counts_and_start_positions(designs, count, start, message):
    with pytest.raises(StickerSheetError, match=message):
        plan_sheet([DesignCount(designs["perceuse"], count)], get_format("avery-l7160"), start)


def test_plan_fills_the_rest_of_the_last_sheet(designs):
    geometry = get_format("avery-l7160")
    planned = plan_sheet(
        [DesignCount(designs["outils"], 3), DesignCount(designs["perceuse"], None)], geometry, 5
    )
    assert len(planned) == 21 - 4
    assert [d.slug for d in planned[:4]] == ["outils", "outils", "outils", "perceuse"]
