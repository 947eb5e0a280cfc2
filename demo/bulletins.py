"""The demo bulletin: an index page and one edition (French, translated into English).

Idempotent: the demo loader can call :func:`create_demo_bulletin` on every run.
"""

from django.utils import timezone

from wagtail.models import Locale, Page, Site

from bulletins.models import BulletinIndexPage, BulletinPage
from campaigns.models import CampaignPage
from crieur.demo.images import get_or_create_image
from crieur.demo.translate import translate
from crieur.models import HomePage
from services.models import RegulationPage, ServicePage
from testimonials.models import TestimonialPage


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


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
