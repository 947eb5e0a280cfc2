"""Demo sticker designs: one per live demo service and a resident's Pumpipumpe-style set.

Idempotent: designs are found by (slug, locale) and updated in place, so the
demo loader can call :func:`create_demo_stickers` on every run.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.models import Locale

from crieur.colours import MIN_TEXT_CONTRAST, contrast_ratio, readable_text_colour
from services.models import ServicePage
from stickers.models import StickerDesign

#: Background colours of the service stickers, in turn (white or black text is chosen).
PALETTE = ["#1d4e89", "#2f6b2f", "#8a2c0f", "#5b2a86", "#0f5f66", "#7a5a00"]

#: A ladder drawn for the demo (Lucide has no ladder): an uploaded SVG pictogram,
#: stored after going through the sanitiser like any editor's upload.
LADDER_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
    b'stroke="#1d1d1b" stroke-width="2" stroke-linecap="round">'
    b'<path d="M7 2 5 22M17 2l2 20M6.6 6h10.8M6.2 10h11.6M5.8 14h12.4M5.4 18h13.2"/></svg>'
)

RESIDENT_SET = [
    # slug, kind, text, Lucide pictogram
    ("je-prete", StickerDesign.Kind.HEADER, "Je prête :", ""),
    ("perceuse", StickerDesign.Kind.LEND, "Perceuse", "drill"),
    ("echelle", StickerDesign.Kind.LEND, "Échelle", ""),
    ("livres", StickerDesign.Kind.LEND, "Livres", "book-open"),
    ("velo", StickerDesign.Kind.LEND, "Vélo", "bike"),
    ("outils-jardin", StickerDesign.Kind.LEND, "Outils de jardin", "shovel"),
    ("vierge", StickerDesign.Kind.BLANK, "", ""),
]


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _upsert(locale, slug, **values):
    design = StickerDesign.objects.filter(locale=locale, slug=slug).first()
    created = design is None
    if created:
        design = StickerDesign(locale=locale, slug=slug)
    for name, value in values.items():
        setattr(design, name, value)
    design.full_clean()
    design.save()
    return design, created


def create_demo_stickers(stdout=None):
    """Make (or update) the demo sticker designs; returns them by slug."""
    french, _ = Locale.objects.get_or_create(language_code="fr")
    designs = {}
    with transaction.atomic():
        services = list(
            ServicePage.objects.live()
            .filter(locale=french)
            .select_related("category")
            .order_by("path")
        )
        for index, service in enumerate(services):
            background = PALETTE[index % len(PALETTE)]
            text_colour = readable_text_colour(background)
            assert contrast_ratio(text_colour, background) >= MIN_TEXT_CONTRAST
            card = service.get_card()
            carpool = "covoiturage" in service.slug or card.pictogram in ("car", "car-front")
            design, _created = _upsert(
                french,
                f"service-{service.slug}"[:80],
                kind=StickerDesign.Kind.CARPOOL if carpool else StickerDesign.Kind.SERVICE,
                text=("Je covoiture" if carpool else service.title)[:80],
                pictogram_name=card.pictogram or "",
                text_colour=text_colour,
                background_colour=background,
                target_page=service,
            )
            designs[design.slug] = design
        if services:
            design, _created = _upsert(
                french,
                "ambassadeur",
                kind=StickerDesign.Kind.AMBASSADOR,
                text="Ambassadeur du partage",
                pictogram_name="heart-handshake",
                text_colour="#1d1d1b",
                background_colour="#f5c518",
                target_page=services[0],
            )
            designs[design.slug] = design

        lending = next(
            (s for s in services if "outil" in s.slug), services[0] if services else None
        )
        for slug, kind, text, pictogram in RESIDENT_SET:
            design, created = _upsert(
                french,
                slug,
                kind=kind,
                text=text,
                pictogram_name=pictogram,
                text_colour="#1d1d1b",
                background_colour="#ffffff",
            )
            if slug == "echelle" and not design.pictogram_svg:
                design.pictogram_svg = ContentFile(LADDER_SVG, name="echelle.svg")
                design.save()
            designs[slug] = design
        if lending is not None:
            design, _created = _upsert(
                french,
                "je-prete-qr",
                kind=StickerDesign.Kind.SERVICE,
                text="Empruntez près de chez vous",
                pictogram_name="hand-heart",
                text_colour="#ffffff",
                background_colour="#1d4e89",
                target_page=lending,
            )
            designs[design.slug] = design
    _write(stdout, f"Sticker designs: {len(designs)} ready ({', '.join(sorted(designs))}).")
    return designs


#: The resident's sheet of the demo, for the command line:
#: python manage.py sticker_sheet --design je-prete:2 --design perceuse:3 ...
RESIDENT_SHEET = [
    ("je-prete", 3),
    ("perceuse", 3),
    ("echelle", 3),
    ("livres", 3),
    ("velo", 2),
    ("outils-jardin", 2),
    ("je-prete-qr", 2),
    ("vierge", None),
]
