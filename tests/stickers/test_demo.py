import io

import pytest

from demo.stickers import RESIDENT_SHEET, create_demo_stickers
from stickers.label_formats import get_format
from stickers.models import StickerDesign
from stickers.sheet import DesignCount, render_sticker_sheet
from tests.factories import ServicePageFactory
from tests.pdf.pdf_helpers import decode_pages

pytestmark = pytest.mark.django_db


def test_demo_stickers_are_idempotent_and_print_a_residents_sheet(client, site_tree):
    outils = ServicePageFactory(parent=site_tree.services, slug="outilotheque", title="Outilthèque")
    ServicePageFactory(
        parent=site_tree.services, slug="covoiturage-gare", title="Covoit", pictogram_name="car"
    )
    out = io.StringIO()
    first = create_demo_stickers(stdout=out)
    count = StickerDesign.objects.count()
    second = create_demo_stickers()
    assert StickerDesign.objects.count() == count == len(first) == len(second)
    assert "Sticker designs" in out.getvalue()
    assert first["service-covoiturage-gare"].kind == StickerDesign.Kind.CARPOOL
    assert b"<path" in first["echelle"].pictogram_svg.read()

    items = [DesignCount(first[slug], count) for slug, count in RESIDENT_SHEET]
    sheet = render_sticker_sheet(items, geometry=get_format("avery-l7160"))
    assert sheet.pages == 1 and len(sheet.stickers) == 21
    decoded = decode_pages(sheet.pdf, dpi=200)[0]
    link = first["je-prete-qr"].short_link()
    assert decoded == [link.qr_url] * 2
    assert client.get(f"/q/{link.code}")["Location"].endswith(outils.url)
