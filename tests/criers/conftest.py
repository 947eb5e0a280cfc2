"""A campaign for the street criers: items the crier channel may show, and some it may not."""

import datetime
import io
import re

from django.core.cache import cache
from django.utils import timezone

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from links.resolver import clear_local_cache
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)

#: 40 words: 16 s at 150 words a minute.
SERVICE_ANNOUNCEMENT = (
    "Oyez, oyez ! Besoin d’une perceuse, d’une échelle ou d’une scie ? N’achetez plus : "
    "empruntez-les à l’outilthèque des Aulnes, rue des Tilleuls, chaque samedi matin. "
    "L’adhésion est gratuite et le premier mois d’essai aussi. Venez nombreux, voisins !"
)
CAMPAIGN_ANNOUNCEMENT = "Oyez, oyez ! C’est la Semaine du partage : prêtez, empruntez, réparez !"
REFUSED_QUOTE = "Je covoiture tous les jours avec mon voisin Mehdi."
EXPIRING_QUOTE = "Mon jardin partagé nourrit trois familles."


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture(autouse=True)
def fresh_link_cache():
    """Short links are cached by code: each test starts and ends with an empty cache."""
    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


def at(days, hour=17):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour)), timezone.get_current_timezone()
    )


@pytest.fixture
def crier_pages(site_tree):
    today = timezone.localdate()
    service = ServicePageFactory(
        parent=site_tree.services,
        slug="outilotheque",
        title="Outilthèque des Aulnes",
        teaser="Empruntez une perceuse au lieu de l’acheter.",
        announcement=SERVICE_ANNOUNCEMENT,
    )
    regulation = RegulationPageFactory(
        parent=site_tree.regulations,
        slug="preter-sa-voiture",
        title="Prêter sa voiture",
        question="Puis-je prêter ma voiture à un voisin ?",
        answer_summary="Oui, si votre assurance le permet.",
    )
    consenting = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="claire",
        title="Claire et la perceuse",
        display_name="Claire",
        quote="J’ai rencontré trois voisins en empruntant une perceuse.",
        consent_print=True,
    )
    refusing = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="mehdi",
        title="Mehdi et le covoiturage",
        display_name="Mehdi",
        quote=REFUSED_QUOTE,
        consent_print=False,
    )
    expiring = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="sophie",
        title="Sophie au jardin",
        display_name="Sophie",
        quote=EXPIRING_QUOTE,
        consent_print=True,
        consent_until=today + datetime.timedelta(days=10),
    )
    draft = ServicePageFactory(
        parent=site_tree.services, slug="brouillon", title="Service en préparation"
    )
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="semaine-du-partage",
        title="Semaine du partage",
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=30),
        channels=["website", "crier"],
        announcement=CAMPAIGN_ANNOUNCEMENT,
    )
    for page in (service, regulation, consenting, refusing, expiring):
        publish(page)
    draft.live = False
    draft.save(update_fields=["live"])
    for order, page in enumerate((service, regulation, consenting, refusing, expiring, draft)):
        campaign.items.add(campaign.items.model(page=page, sort_order=order))
    campaign.events.add(
        campaign.events.model(
            name="Fête des voisins", place="Place du Marché", starts_at=at(5), service=service
        )
    )
    campaign.events.add(
        campaign.events.model(
            name="Forum des associations", place="Salle des fêtes", starts_at=at(12, 14)
        )
    )
    campaign.events.add(
        campaign.events.model(name="Vide-grenier", place="Parc", starts_at=at(-2))  # over
    )
    campaign.save()
    publish(campaign)
    return {
        "campaign": campaign,
        "service": service,
        "regulation": regulation,
        "consenting": consenting,
        "refusing": refusing,
        "expiring": expiring,
        "draft": draft,
    }


@pytest.fixture
def campaign(crier_pages):
    return crier_pages["campaign"]


def pdf_reader(pdf_bytes):
    return PdfReader(io.BytesIO(pdf_bytes))


def normalise(text):
    """Extracted text with plain apostrophes and spaces, hyphenation at line ends undone."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("\u200b", "").replace("\ufffe", "").replace("\x02", "")
    text = re.sub(r"-\r?\n", "", text)
    return re.sub(r"\s+", " ", text)


def page_texts(pdf_bytes):
    """Each page's text, read back with pdfium (it copes with mixed scripts and emoji)."""
    document = pdfium.PdfDocument(io.BytesIO(pdf_bytes))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(normalise(textpage.get_text_range()))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()
