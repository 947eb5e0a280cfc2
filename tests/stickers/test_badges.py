"""Badge sheets, read back as at the press: sizes measured, every code scanned."""

import datetime
import io
import itertools
import math

from django.utils import timezone

import pytest
from pypdf import PdfReader

from links.models import ShortLink
from stickers.badges import (
    BADGE_SIZES,
    CUT_GAP,
    MAX_BADGES_PER_REQUEST,
    PAGE_MARGIN,
    BadgeSheetGeometry,
    badge_geometry,
    render_badge_sheet,
)
from stickers.models import StickerDesign
from stickers.sheet import DesignCount, StickerSheetError
from tests.factories import CampaignPageFactory, TestimonialPageFactory
from tests.pdf.pdf_helpers import decode_pages
from tests.stickers.badge_helpers import page_sizes_pt, stroked_paths

pytestmark = pytest.mark.django_db

A4_PT = (595.28, 841.89)
CUT_COLOUR = (26, 26, 26)  # stickers.badges.CUT_RGB in 0-255
FACE_COLOUR = (0, 153, 217)
SAFE_COLOUR = (217, 0, 140)

#: What fits on A4 inside 5 mm margins with 3 mm between cut circles (worked out by hand:
#: 25 mm: hexagonal rows of 5 and 4 × 8 rows; 32: a 4 × 6 grid; 38: hexagonal rows of 3 × 6;
#: 45: hexagonal rows 3, 2, 3, 2, 3; 58: hexagonal columns of 3 × 3).
PER_A4 = {25: 36, 32: 24, 38: 18, 45: 13, 58: 9}


def _circles(paths, colour):
    return [path for path in paths if path[0] == colour]


@pytest.mark.parametrize("face", list(BADGE_SIZES))
def test_as_many_badges_as_fit_on_a4_without_overlapping(face):
    size = BADGE_SIZES[face]
    geometry = BadgeSheetGeometry(size)
    assert geometry.per_sheet == PER_A4[face]
    assert size.face < size.cut and size.safe < size.face
    radius = size.cut / 2
    for x, y in geometry.centres:
        assert x - radius >= PAGE_MARGIN - 1e-6 and x + radius <= 210 - PAGE_MARGIN + 1e-6
        assert y - radius >= PAGE_MARGIN - 1e-6 and y + radius <= 297 - PAGE_MARGIN + 1e-6
    for (x1, y1), (x2, y2) in itertools.combinations(geometry.centres, 2):
        assert math.dist((x1, y1), (x2, y2)) >= size.cut + CUT_GAP - 1e-6


def test_the_cut_discs_follow_the_press_makers_table():
    assert {face: size.cut for face, size in BADGE_SIZES.items()} == {
        25: 37,
        32: 45,
        38: 50,
        45: 56,
        58: 70,
    }


def test_58mm_sheet_is_a4_its_cut_circles_measure_70mm_and_every_code_leads_to_the_page(
    client, designs, service
):
    design = designs["outils"]
    sheet = render_badge_sheet([DesignCount(design, None)], size=58, language="fr")
    assert len(sheet.badges) == 9 and sheet.pages == 1
    assert page_sizes_pt(sheet.pdf) == [pytest.approx(A4_PT, abs=0.1)]

    cuts = _circles(stroked_paths(sheet.pdf)[0], CUT_COLOUR)
    assert len(cuts) == 9
    for (_colour, width, height, centre), badge in zip(
        sorted(cuts, key=lambda c: (round(c[3][1], 1), c[3][0])), sheet.badges, strict=True
    ):
        assert width == pytest.approx(70, abs=0.05) and height == pytest.approx(70, abs=0.05)
        assert centre == pytest.approx(badge.centre, abs=0.05)
    assert not _circles(stroked_paths(sheet.pdf)[0], FACE_COLOUR)  # no guides by default

    link = ShortLink.objects.get(channel="badge", sticker_design=design)
    assert link.campaign is None
    assert decode_pages(sheet.pdf) == [[link.qr_url] * 9]
    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"].endswith(service.url)
    assert link.scans.get().count == 1  # counted for the badge channel, apart from stickers
    assert design.short_link().channel == "sticker" and design.short_link() != link

    catalog = PdfReader(io.BytesIO(sheet.pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "fr" and "/StructTreeRoot" in catalog  # tagged, in French


def test_25mm_sheets_with_guides_for_a_campaign(client, designs, service, site_tree):
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="partage")
    campaign.save_revision().publish()
    sheet = render_badge_sheet(
        [DesignCount(designs["outils"], 38), DesignCount(designs["perceuse"], None)],
        size=25,
        guides=True,
        campaign=campaign,
    )
    assert sheet.pages == 2
    assert [sum(1 for b in sheet.badges if b.page == page) for page in (0, 1)] == [36, 36]

    paths = stroked_paths(sheet.pdf)
    for page, count in ((0, 36), (1, 36)):
        for colour, diameter in ((CUT_COLOUR, 37), (FACE_COLOUR, 25), (SAFE_COLOUR, 22.5)):
            circles = _circles(paths[page], colour)
            assert len(circles) == count
            assert {round(width, 1) for _c, width, _h, _centre in circles} == {diameter}

    link = ShortLink.objects.get(channel="badge", sticker_design=designs["outils"])
    assert link.campaign_id == campaign.pk
    decoded = decode_pages(sheet.pdf)
    assert [len(page) for page in decoded] == [36, 2]  # the pictogram badges have no code
    assert {text for page in decoded for text in page} == {link.qr_url}
    assert client.get(f"/q/{link.code}")["Location"].endswith(service.url)


def test_a_testimonial_without_print_consent_is_never_on_a_badge(locales, site_tree):
    refusing = TestimonialPageFactory(parent=site_tree.testimonials, consent_print=False)
    refusing.save_revision().publish()
    design = StickerDesign.objects.create(
        locale=locales["fr"],
        slug="ambassadrice",
        kind=StickerDesign.Kind.AMBASSADOR,
        text="Ambassadrice",
        target_page=refusing,
    )
    with pytest.raises(StickerSheetError, match="did not consent to this channel"):
        render_badge_sheet([DesignCount(design, 2)], size=32)
    assert not ShortLink.objects.filter(channel="badge").exists()


def test_a_campaign_badge_needs_consent_until_the_campaign_ends(locales, site_tree):
    today = timezone.localdate()
    ending = TestimonialPageFactory(
        parent=site_tree.testimonials, consent_until=today + datetime.timedelta(days=5)
    )
    ending.save_revision().publish()
    design = StickerDesign.objects.create(
        locale=locales["fr"],
        slug="claire",
        kind=StickerDesign.Kind.AMBASSADOR,
        text="Claire",
        target_page=ending,
    )
    assert len(render_badge_sheet([DesignCount(design, 1)], size=45).badges) == 1  # today: fine
    with pytest.raises(StickerSheetError, match="ends on"):
        render_badge_sheet(
            [DesignCount(design, 1)], size=45, on=today, through=today + datetime.timedelta(30)
        )


@pytest.mark.parametrize(
    ("items", "size", "message"),
    [
        ([("outils", MAX_BADGES_PER_REQUEST + 1)], 38, "At most 300 badges"),
        ([("outils", 0)], 38, "1 or more"),
        ([("outils", 2)], 60, "Unknown badge size"),
        ([], 38, "at least one"),
    ],
)
def test_bad_requests_are_refused_in_words(designs, items, size, message):
    with pytest.raises(StickerSheetError, match=message):
        render_badge_sheet([DesignCount(designs[slug], count) for slug, count in items], size=size)


def test_unknown_sizes_name_the_known_ones():
    with pytest.raises(StickerSheetError, match="25, 32, 38, 45, 58"):
        badge_geometry("big")
