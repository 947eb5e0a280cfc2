"""Pages of every kind a poster is made from, a campaign with events, and PDF readers."""

import datetime
import io
import re

from django.core.cache import cache
from django.utils import timezone

import pytest

from crieur.demo.images import get_or_create_image
from links.resolver import clear_local_cache
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)

PT_PER_MM = 72 / 25.4


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


@pytest.fixture(autouse=True)
def fresh_link_cache():
    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


@pytest.fixture
def service(site_tree):
    return publish(
        ServicePageFactory(
            parent=site_tree.services,
            slug="outilotheque",
            title="Outilthèque des Aulnes",
            teaser="Empruntez une perceuse au lieu de l’acheter.",
            image=get_or_create_image("Outilthèque photo", "Des outils rangés sur une étagère"),
            join_address="12 rue des Tilleuls",
            join_opening_hours="Samedi 10 h – 12 h",
            trial_offer="Un mois d’essai gratuit",
            trial_until=timezone.localdate() + datetime.timedelta(days=60),
        )
    )


@pytest.fixture
def regulation(site_tree):
    return publish(
        RegulationPageFactory(
            parent=site_tree.regulations,
            slug="preter-sa-voiture",
            title="Prêter sa voiture",
            question="Puis-je prêter ma voiture ?",
            answer_summary="Oui, si votre contrat d’assurance le permet.",
        )
    )


@pytest.fixture
def testimonial(site_tree):
    return publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            slug="claire",
            title="Claire et la perceuse",
            display_name="Claire",
            quote="J’ai rencontré trois voisins en empruntant une perceuse.",
            portrait=get_or_create_image("Claire portrait", "Portrait de Claire", portrait=True),
            consent_print=True,
        )
    )


@pytest.fixture
def refusing(site_tree):
    """A testimonial whose author consented to the website, not to print."""
    return publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            slug="mehdi",
            title="Mehdi et le covoiturage",
            display_name="Mehdi",
            quote="Je covoiture tous les jours.",
            consent_print=False,
        )
    )


def at(days, hour):
    moment = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=days), datetime.time(hour)
    )
    return timezone.make_aware(moment, timezone.get_current_timezone())


@pytest.fixture
def campaign(site_tree, service, testimonial, refusing, regulation):
    page = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="semaine-du-partage",
        title="Semaine du partage",
        slogan="Prêter, c’est gagner des voisins",
        end_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    for name, days, place in (
        ("Fête des voisins", 5, "Place du Marché"),
        ("Atelier réparation", 12, "Salle des fêtes"),
        ("Vide-grenier d’hier", -3, "Parc municipal"),  # over: not announced
    ):
        page.events.add(
            page.events.model(name=name, place=place, starts_at=at(days, 17), ends_at=at(days, 19))
        )
    for item in (service, testimonial, refusing, regulation):
        page.items.add(page.items.model(page=item))
    page.save()
    return publish(page)


# -- reading PDFs back -------------------------------------------------------------------


def pdf_reader(pdf_bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf_bytes))


def normalise(text):
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"-\n", "", text)
    return re.sub(r"\s+", " ", text)


def pdf_text(pdf_bytes):
    return " ".join(normalise(page.extract_text() or "") for page in pdf_reader(pdf_bytes).pages)


def size_mm(box):
    return (float(box.width) / PT_PER_MM, float(box.height) / PT_PER_MM)


def font_sizes(pdf_bytes, text):
    """The font sizes (pt) of the characters of the first occurrence of ``text`` on page 1."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        textpage = document[0].get_textpage()
        whole = textpage.get_text_range()
        start = whole.find(text)
        assert start >= 0, (text, whole[:300])
        return [
            pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
            for index in range(start, start + len(text))
            if not whole[index].isspace()
        ]
    finally:
        document.close()


def struct_elements(node, found=None, depth=0):
    """(tag, alt) of every element of a PDF structure tree."""
    found = [] if found is None else found
    if depth > 60:
        return found
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            struct_elements(child, found, depth + 1)
        return found
    if not hasattr(node, "get"):
        return found
    if "/S" in node:
        found.append((str(node["/S"]), str(node.get("/Alt", ""))))
    if "/K" in node:
        struct_elements(node["/K"], found, depth + 1)
    return found


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    from crieur.demo import translate as localize

    def run(instance, locale, strings):
        with django_capture_on_commit_callbacks(execute=True):
            translated, _missing = localize.translate(instance, locale, strings)
        return type(translated).objects.get(pk=translated.pk)

    return run


@pytest.fixture
def english_service(site_tree, locales, service, translate):
    """The service translated into English (its parents first, as editors do)."""
    translate(site_tree.home, locales["en"], {"Accueil": "Home"})
    translate(site_tree.services, locales["en"], {})
    return translate(
        service,
        locales["en"],
        {
            "Outilthèque des Aulnes": "Aulnes tool library",
            "Empruntez une perceuse au lieu de l’acheter.": "Borrow a drill instead of buying one.",
            "Un mois d’essai gratuit": "One month free",
        },
    )
