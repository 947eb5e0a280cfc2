"""A campaign of every kind of content, and its kit, made once per test module.

Building a real kit renders every channel (posters, sheets, images, cards,
slides, bulletin pages): too slow to do for each test. ``campaign_world``
makes the content and ``kit_world`` the kit once per module, inside a
transaction rolled back at the end of the module; the tests that use them
run inside it (pytest-django's ``db`` nests a savepoint in it).
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from wagtail.models import Locale, Page, Site

import pytest

from crieur.demo.images import get_or_create_image
from kits.build import make_campaign_kit
from links.resolver import clear_local_cache
from stickers.models import StickerDesign
from tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    HomePageFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    TestimonialIndexPageFactory,
    TestimonialPageFactory,
)

#: The quote of the testimonial whose author consented to the website only.
WEB_ONLY_QUOTE = "Je covoiture avec Mehdi tous les matins depuis deux ans."
CONSENTING_QUOTE = "J’ai rencontré trois voisins en empruntant une perceuse."


@dataclass
class World:
    home: Page
    campaign: Page
    service: Page
    regulation: Page
    consenting: Page
    web_only: Page


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_world(*, title="Semaine du partage", slogan="Prêter, c’est gagner des voisins"):
    """A site, a service, an explainer, two testimonials, a campaign selecting them, and
    sticker designs leading to three of them (one to the testimonial shown on the web only)."""
    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="accueil-kit", locale=french)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home, "site_name": "Test"},
    )
    Site.clear_site_root_paths_cache()
    services = ServiceIndexPageFactory(parent=home, slug="services")
    regulations = RegulationIndexPageFactory(parent=home, slug="reglementation")
    testimonials = TestimonialIndexPageFactory(parent=home, slug="temoignages")
    campaigns = CampaignIndexPageFactory(parent=home, slug="campagnes")
    today = timezone.localdate()
    service = ServicePageFactory(
        parent=services,
        slug="outilotheque",
        title="Outilthèque des Aulnes",
        teaser="Empruntez une perceuse au lieu de l’acheter.",
        image=get_or_create_image("Outilthèque photo", "Des outils rangés sur une étagère"),
    )
    regulation = RegulationPageFactory(
        parent=regulations,
        slug="preter-sa-voiture",
        title="Prêter sa voiture",
        question="Puis-je prêter ma voiture à un voisin ?",
    )
    consenting = TestimonialPageFactory(
        parent=testimonials,
        slug="claire",
        title="Claire et la perceuse",
        display_name="Claire",
        quote=CONSENTING_QUOTE,
        portrait=get_or_create_image("Claire portrait", "Portrait de Claire", portrait=True),
        consent_web=True,
        consent_print=True,
        consent_kiosk=True,
        consent_social=True,
        consent_date=today - datetime.timedelta(days=40),
    )
    web_only = TestimonialPageFactory(
        parent=testimonials,
        slug="mehdi",
        title="Mehdi et le covoiturage",
        display_name="Mehdi",
        quote=WEB_ONLY_QUOTE,
        consent_web=True,
        consent_print=False,
        consent_kiosk=False,
        consent_social=False,
        consent_date=today - datetime.timedelta(days=40),
    )
    for page in (service, regulation, consenting, web_only):
        publish(page)
    campaign = CampaignPageFactory(
        parent=campaigns,
        slug="semaine-du-partage",
        title=title,
        slogan=slogan,
        hashtags="#SemaineDuPartage #ValDesAulnes",
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=28),
        channels=["website", "bulletin", "kiosk", "sticker", "poster", "social", "badge", "crier"],
        description="<p>Un mois pour essayer les services de partage.</p>",
        image=get_or_create_image(title[:60], "Affiche de la campagne"),
    )
    for page in (service, consenting, regulation, web_only):
        campaign.items.add(campaign.items.model(page=page))
    tz = timezone.get_current_timezone()
    for name, day, place in (
        ("Fête des voisins", 3, "Place du Marché"),
        ("Forum des associations", 10, "Gymnase des Aulnes"),
    ):
        starts = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=day), datetime.time(17)), tz
        )
        campaign.events.add(
            campaign.events.model(
                name=name,
                place=place,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                what_to_try="Emprunter un outil sur place",
            )
        )
    campaign.save()
    publish(campaign)
    for slug, kind, target, text in (
        ("outils", StickerDesign.Kind.SERVICE, service, "Outilthèque"),
        ("covoit", StickerDesign.Kind.CARPOOL, regulation, "Je covoiture"),
        ("mehdi", StickerDesign.Kind.AMBASSADOR, web_only, "Ambassadeur"),
    ):
        StickerDesign.objects.create(
            locale=french,
            slug=slug,
            kind=kind,
            text=text,
            pictogram_name="car",
            text_colour="#ffffff",
            background_colour="#1d4e89",
            target_page=target,
        )
    return World(home, campaign, service, regulation, consenting, web_only)


def _clear_caches():
    cache.clear()
    clear_local_cache()
    Site.clear_site_root_paths_cache()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction for the whole module, rolled back at its end."""
    with django_db_blocker.unblock():
        _clear_caches()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            _clear_caches()


@pytest.fixture(scope="module")
def campaign_world(module_transaction):
    with translation.override("fr"):
        return make_world()


@pytest.fixture(scope="module")
def kit_world(campaign_world):
    """The campaign's kit, made once: ``(world, kit, zip file)``."""
    progress = []
    with translation.override("en"):
        kit = make_campaign_kit(campaign_world.campaign, report=lambda *step: progress.append(step))
    return campaign_world, kit, zipfile.ZipFile(io.BytesIO(kit.archive)), progress


def normalise(text):
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"-\n", "", text)
    return re.sub(r"\s+", " ", text)
