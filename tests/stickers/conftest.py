import io

from django.utils import translation

import pytest

from links.resolver import clear_local_cache
from stickers.models import StickerDesign
from tests.factories import ServicePageFactory


@pytest.fixture(autouse=True)
def english_messages(settings):
    """These tests read the English messages; the site's default language is French."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_link_cache():
    from django.core.cache import cache

    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


@pytest.fixture
def service(site_tree):
    page = ServicePageFactory(parent=site_tree.services, title="Outilthèque", slug="outilotheque")
    page.save_revision().publish()
    return page


@pytest.fixture
def other_service(site_tree):
    page = ServicePageFactory(parent=site_tree.services, title="Covoiturage", slug="covoiturage")
    page.save_revision().publish()
    return page


@pytest.fixture
def designs(locales, service, other_service):
    """A service sticker, a carpool badge and a pictogram sticker, in French."""
    return {
        "outils": StickerDesign.objects.create(
            locale=locales["fr"],
            slug="outils",
            kind=StickerDesign.Kind.SERVICE,
            text="Outilthèque",
            pictogram_name="hammer",
            text_colour="#ffffff",
            background_colour="#1d4e89",
            target_page=service,
        ),
        "covoit": StickerDesign.objects.create(
            locale=locales["fr"],
            slug="covoit",
            kind=StickerDesign.Kind.CARPOOL,
            text="Je covoiture",
            pictogram_name="car",
            text_colour="#000000",
            background_colour="#f5c518",
            target_page=other_service,
        ),
        "perceuse": StickerDesign.objects.create(
            locale=locales["fr"],
            slug="perceuse",
            kind=StickerDesign.Kind.LEND,
            text="Perceuse",
            pictogram_name="drill",
            text_colour="#1d1d1b",
            background_colour="#ffffff",
        ),
    }


def rasterise(pdf_bytes, dpi=300):
    """One PIL image per page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(io.BytesIO(pdf_bytes))
    try:
        return [page.render(scale=dpi / 72).to_pil() for page in document]
    finally:
        document.close()
