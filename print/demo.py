"""Demo sticker designs: one per live demo service and a resident's Pumpipumpe-style set.

Idempotent: designs are found by (slug, locale) and updated in place, so the
demo loader can call :func:`create_demo_stickers` on every run.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.models import Locale

from crieur.colours import MIN_TEXT_CONTRAST, contrast_ratio, readable_text_colour
from services.models import ServicePage

from .models import StickerDesign

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


# -- the demo bulletin ---------------------------------------------------------

#: (French, English) pairs of the demo edition.
BULLETIN = {
    "index_title": ("Le bulletin municipal", "The town bulletin"),
    "index_intro": (
        "Chaque trimestre, les nouvelles du partage à Val-des-Aulnes, "
        "dans votre boîte aux lettres.",
        "Every quarter, sharing news from Val-des-Aulnes, in your letterbox.",
    ),
    "title": ("Bulletin n° 1 – La semaine du partage", "Bulletin no. 1 – Sharing week"),
    "headline": (
        "Prêter, emprunter, réparer : le partage s’installe dans nos rues",
        "Lending, borrowing, repairing: sharing moves into our streets",
    ),
    "editorial": (
        "Une perceuse sert treize minutes dans toute sa vie. À Val-des-Aulnes, des voisins "
        "ont décidé de faire autrement : une outilthèque, un repair café, des boîtes à livres "
        "et un jardin partagé. Ce numéro vous les présente, avec celles et ceux qui les font "
        "vivre et les rendez-vous où vous pourrez les essayer.",
        "A drill is used for thirteen minutes in its whole life. In Val-des-Aulnes, neighbours "
        "decided to do otherwise: a tool library, a repair café, book boxes and a shared "
        "garden. This issue introduces them, with the people who run them and the events "
        "where you can try them.",
    ),
    "signature": ("Le maire de Val-des-Aulnes", "The mayor of Val-des-Aulnes"),
    "free_title": ("Le mot des associations", "A word from the associations"),
    "free_teaser": (
        "Trente bénévoles font vivre les services de partage de la commune.",
        "Thirty volunteers run the town’s sharing services.",
    ),
    "free_body": (
        "Vous avez deux heures par mois ? Rejoignez l’équipe de l’outilthèque ou du repair "
        "café. On vous forme, on vous accueille, et on partage un café.",
        "Do you have two hours a month? Join the tool library or the repair café team. "
        "We train you, welcome you, and share a coffee.",
    ),
    "outil_title": ("L’outilthèque ouvre le samedi", "The tool library opens on Saturdays"),
}

#: Content pages of the demo edition, in print order (slugs of the demo content).
BULLETIN_ARTICLES = [
    ("services", "outilotheque"),
    ("testimonials", "claire-perceuse"),
    ("services", "repair-cafe"),
    ("testimonials", "paul-repair-cafe"),
    ("regulations", "outil-prete-accident"),
    ("services", "boites-a-livres"),
    ("services", "jardin-partage"),
    ("testimonials", "mehdi-covoiturage"),  # no print consent: left out, and the admin says so
    ("regulations", "preter-sa-voiture"),
    ("campaigns", "semaine-du-partage"),
]


def create_demo_bulletin(stdout=None):
    """The demo edition (French, translated into English); returns the French edition.

    Idempotent: the index and the edition are found by slug under the French
    home page; translations are made only when missing.
    """
    import datetime

    from django.utils import timezone

    from wagtail.models import Page, Site

    from campaigns.models import CampaignPage
    from crieur.demo.images import get_or_create_image
    from crieur.demo.translate import translate
    from crieur.models import HomePage
    from services.models import RegulationPage
    from testimonials.models import TestimonialPage

    from .models import BulletinIndexPage, BulletinPage

    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site is not None else None
    if isinstance(home, HomePage) and home.locale_id != french.pk:
        home = home.get_translation_or_none(french)
    if not isinstance(home, HomePage):
        home = HomePage.objects.filter(locale=french, depth=2).first()
    if home is None:
        _write(stdout, "Demo bulletin: no French home page, skipped.")
        return None
    strings = dict(BULLETIN.values())

    index = BulletinIndexPage.objects.child_of(home).filter(slug="bulletin").first()
    if index is None:
        index = BulletinIndexPage(
            title=BULLETIN["index_title"][0],
            slug="bulletin",
            intro=f"<p>{BULLETIN['index_intro'][0]}</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    if not index.has_translation(english) and home.has_translation(english):
        translate(index, english, strings)

    edition = BulletinPage.objects.child_of(index).filter(slug="bulletin-n-1").first()
    if edition is None:
        models = {
            "services": ServicePage,
            "regulations": RegulationPage,
            "testimonials": TestimonialPage,
            "campaigns": CampaignPage,
        }
        articles = []
        for model_key, slug in BULLETIN_ARTICLES:
            page = models[model_key].objects.filter(locale=french, slug=slug).first()
            if page is None:
                continue
            value = {"page": page, "print_title": "", "print_teaser": ""}
            if slug == "outilotheque":
                value["print_title"] = BULLETIN["outil_title"][0]
            articles.append(("page_article", value))
        articles.insert(
            1,
            (
                "free_article",
                {
                    "title": BULLETIN["free_title"][0],
                    "teaser": BULLETIN["free_teaser"][0],
                    "image": None,
                    "body": f"<p>{BULLETIN['free_body'][0]}</p>",
                    "link_page": None,
                },
            ),
        )
        today = timezone.localdate()
        cover = Page.objects.filter(locale=french, slug="semaine-du-partage").specific().first()
        cover_image = getattr(cover, "image", None) or get_or_create_image(
            "Val-des-Aulnes", "Vue dessinée de la commune, ses toits et ses collines"
        )
        edition = BulletinPage(
            title=BULLETIN["title"][0],
            slug="bulletin-n-1",
            edition_number=1,
            issue_date=today,
            agenda_until=today + datetime.timedelta(days=60),
            cover_image=cover_image,
            cover_headline=BULLETIN["headline"][0],
            editorial=f"<p>{BULLETIN['editorial'][0]}</p>",
            editorial_signature=BULLETIN["signature"][0],
            articles=articles,
        )
        index.add_child(instance=edition)
        edition.save_revision().publish()
    if not edition.has_translation(english) and index.has_translation(english):
        translate(edition, english, strings)
    _write(
        stdout,
        f"Bulletin: edition no. {edition.edition_number} ready "
        f"({len(edition.articles)} articles, {edition.url}pdf/).",
    )
    return edition
