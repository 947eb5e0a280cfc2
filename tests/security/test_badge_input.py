"""Hostile and unusual text on the smallest badge (25 mm) and on mirrored windscreen stickers:
one page, text never markup, every code still decodes."""

import io

import pypdfium2 as pdfium
import pytest

from links.models import ShortLink
from stickers.badges import MAX_BADGE_TEXT, render_badge_sheet
from stickers.label_formats import get_format
from stickers.models import StickerDesign
from stickers.sheet import DesignCount, Placement, render_sticker_sheet
from tests.factories import ServicePageFactory
from tests.pdf.pdf_helpers import decode_pages

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
TEXTS = {
    "long": ("Covoiturage solidaire du quartier des Aulnes " * 30)[:1200],
    "unbroken": "Anticonstitutionnellement" * 48,  # 1,200 characters, no space
    "script": SCRIPT,
    "emoji": "🚗🚲📚🔨 Je covoiture ! 👩‍👩‍👧‍👦🏳️‍🌈",
    "rtl": "\u202eerutiovoc eJ\u202c مشاركة السيارات \u200f",
}


def _text(pdf):
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.fixture
def service(site_tree):
    page = ServicePageFactory(parent=site_tree.services, slug="covoiturage", title="Covoiturage")
    page.save_revision().publish()
    return page


def _design(locales, service, text=""):
    design = StickerDesign.objects.create(
        locale=locales["fr"],
        slug="covoit",
        kind=StickerDesign.Kind.CARPOOL,
        text="Covoiturage",
        pictogram_name="car",
        text_colour="#000000",
        background_colour="#f5c518",
        target_page=service,
    )
    # The field holds 80 characters; what reaches the printer is tested beyond it
    # (an import, a shell, another database), without saving.
    design.text = text
    return design


@pytest.mark.parametrize("name", TEXTS)
def test_25mm_badges_print_any_design_text_on_one_page(locales, service, name):
    design = _design(locales, service, TEXTS[name])
    sheet = render_badge_sheet([DesignCount(design, None)], size=25)
    assert sheet.pages == 1 and len(sheet.badges) == 36
    link = ShortLink.objects.get(channel="badge", sticker_design=design)
    # Every printed code decodes to the link. zxing-cpp may also "find" a short numeric
    # code in the small print of a 25 mm face (seen once in CI: "812641"), which is no
    # code we print: only the site's URLs are compared.
    decoded = [
        [text for text in page if text.startswith("HTTP")] for page in decode_pages(sheet.pdf)
    ]
    assert decoded == [[link.qr_url] * 36]
    printed = _text(sheet.pdf)
    if name == "script":
        assert "alert" in printed  # the characters themselves: text, never markup
    if name in ("long", "unbroken"):
        # Shortened to a few words, not 1,200 characters per badge.
        assert len("".join(printed.split())) <= 36 * MAX_BADGE_TEXT


@pytest.mark.parametrize("name", ["script", "long"])
def test_a_hostile_page_title_reaches_the_badge_as_text(locales, site_tree, name):
    page = ServicePageFactory(parent=site_tree.services, slug="hostile", title=TEXTS[name][:255])
    page.save_revision().publish()
    design = _design(locales, page, text="")  # the badge takes its text from the card
    sheet = render_badge_sheet([DesignCount(design, 3)], size=25)
    assert sheet.pages == 1
    link = ShortLink.objects.get(channel="badge", sticker_design=design)
    assert decode_pages(sheet.pdf) == [[link.qr_url] * 3]


def test_mirrored_windscreen_stickers_take_hostile_text(locales, service):
    design = _design(locales, service, TEXTS["emoji"] + TEXTS["rtl"] + SCRIPT)
    sheet = render_sticker_sheet(
        [DesignCount(design, 6)],
        geometry=get_format("window-square-80"),
        placement=Placement.INSIDE,
    )
    assert sheet.pages == 1
    assert "alert" in _text(sheet.pdf)
