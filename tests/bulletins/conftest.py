"""An edition made of every kind of article, and helpers to read its PDF back."""

import datetime
import io
import re

from django.utils import timezone

import pytest

from bulletins.models import BulletinIndexPage, BulletinPage
from crieur.demo.images import get_or_create_image
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)
from tests.stickers.conftest import english_messages, fresh_link_cache  # noqa: F401

ISSUE_DATE = datetime.date(2026, 3, 1)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def bulletin_index(site_tree):
    index = BulletinIndexPage(title="Le bulletin", slug="bulletin")
    site_tree.home.add_child(instance=index)
    return publish(index)


@pytest.fixture
def content_pages(site_tree):
    photo = get_or_create_image("Outilthèque photo", "Des outils rangés sur une étagère")
    figure = get_or_create_image("Atelier figure", "L’atelier du samedi matin")
    service = ServicePageFactory(
        parent=site_tree.services,
        slug="outilotheque",
        title="Outilthèque des Aulnes",
        teaser="Empruntez une perceuse au lieu de l’acheter.",
        image=photo,
        join_address="12 rue des Tilleuls",
        join_opening_hours="Samedi 10 h – 12 h",
        body=[
            ("heading", {"text": "Comment ça marche ?", "level": "h2"}),
            ("paragraph", "<p>On adhère, on emprunte, on rapporte.</p>"),
            ("figure", {"image": figure, "caption": "L’atelier"}),
            (
                "info_box",
                {"title": "Bon à savoir", "text": "<p>Adhésion gratuite pour tous.</p>"},
            ),
        ],
    )
    regulation = RegulationPageFactory(
        parent=site_tree.regulations,
        slug="preter-sa-voiture",
        title="Prêter sa voiture",
        question="Puis-je prêter ma voiture à un voisin ?",
        details="<p>Oui, si votre contrat d’assurance le permet.</p>",
    )
    consenting = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="claire",
        title="Claire et la perceuse",
        display_name="Claire",
        quote="J’ai rencontré trois voisins en empruntant une perceuse.",
        story="<p>Tout a commencé un samedi.</p>",
        portrait=get_or_create_image("Claire portrait", "Portrait de Claire", portrait=True),
        consent_print=True,
        consent_date=ISSUE_DATE - datetime.timedelta(days=40),
    )
    refusing = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="mehdi",
        title="Mehdi et le covoiturage",
        display_name="Mehdi",
        quote="Je covoiture tous les jours.",
        consent_print=False,
        consent_date=ISSUE_DATE - datetime.timedelta(days=40),
    )
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="semaine-du-partage",
        title="Semaine du partage",
        start_date=ISSUE_DATE,
        end_date=ISSUE_DATE + datetime.timedelta(days=30),
        description="<p>Un mois pour essayer.</p>",
    )
    tz = timezone.get_current_timezone()
    for name, day in (("Fête des voisins", 5), ("Forum des associations", 200)):
        starts = timezone.make_aware(
            datetime.datetime.combine(ISSUE_DATE + datetime.timedelta(days=day), datetime.time(17)),
            tz,
        )
        campaign.events.add(
            campaign.events.model(name=name, place="Place du Marché", starts_at=starts)
        )
    campaign.save()
    pages = {
        "service": service,
        "regulation": regulation,
        "consenting": consenting,
        "refusing": refusing,
        "campaign": campaign,
    }
    for page in pages.values():
        publish(page)
    return pages


def page_article(page, title="", teaser=""):
    return ("page_article", {"page": page, "print_title": title, "print_teaser": teaser})


def free_article(title="Le mot des associations", body="<p>Rejoignez les bénévoles.</p>"):
    return (
        "free_article",
        {"title": title, "teaser": "Trente bénévoles.", "image": None, "body": body},
    )


@pytest.fixture
def make_edition(bulletin_index):
    def make(articles, *, number=12, slug=None, live=True, **fields):
        edition = BulletinPage(
            title=f"Bulletin {number}",
            slug=slug or f"bulletin-{number}",
            edition_number=number,
            issue_date=ISSUE_DATE,
            agenda_until=ISSUE_DATE + datetime.timedelta(days=60),
            cover_headline="Le partage s’installe dans nos rues",
            editorial="<p>Une perceuse sert treize minutes dans sa vie.</p>",
            editorial_signature="La maire",
            articles=articles,
            **fields,
        )
        bulletin_index.add_child(instance=edition)
        revision = edition.save_revision()
        if live:
            revision.publish()
        else:
            edition.live = False
            edition.save(update_fields=["live"])
        edition.refresh_from_db()
        return edition

    return make


@pytest.fixture
def edition(make_edition, content_pages):
    """Service (renamed for print), free article, regulation, two testimonials, campaign."""
    return make_edition(
        [
            page_article(content_pages["service"], title="L’outilthèque ouvre le samedi"),
            free_article(),
            page_article(content_pages["regulation"]),
            page_article(content_pages["consenting"]),
            page_article(content_pages["refusing"]),
            page_article(content_pages["campaign"]),
        ]
    )


# -- reading PDFs back -------------------------------------------------------


def pdf_reader(pdf_bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf_bytes))


def page_texts(pdf_bytes):
    return [normalise(page.extract_text() or "") for page in pdf_reader(pdf_bytes).pages]


def normalise(text):
    """Text as extracted, with whitespace and typographic apostrophes made plain."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"-\n", "", text)  # hyphenated at the end of a line
    return re.sub(r"\s+", " ", text)
