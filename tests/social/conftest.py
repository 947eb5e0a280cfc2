"""A campaign with a service, a regulation and two testimonials (one without social-media
consent), in French with an English translation of the service."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from crieur.demo.images import get_or_create_image
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)
from tests.stickers.conftest import fresh_link_cache  # noqa: F401

HASHTAGS = "#SemaineDuPartage #ValDesAulnes #Réemploi"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


@pytest.fixture
def pages(site_tree, locales):
    service = ServicePageFactory(
        parent=site_tree.services,
        slug="outilotheque",
        title="Outilthèque des Aulnes",
        teaser="Perceuse, escabeau, taille-haie : empruntez l’outil plutôt que de l’acheter.",
        image=get_or_create_image("Outilthèque social", "Des outils rangés sur une étagère"),
        trial_offer="Un mois d’essai gratuit",
    )
    regulation = RegulationPageFactory(
        parent=site_tree.regulations,
        slug="preter-sa-voiture",
        title="Prêter sa voiture",
        question="Puis-je prêter ma voiture à un voisin ?",
    )
    consent_day = timezone.localdate() - datetime.timedelta(days=30)
    social = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="claire",
        title="Claire et la perceuse",
        display_name="Claire",
        quote="J’ai rencontré trois voisins en empruntant une perceuse.",
        portrait=get_or_create_image("Claire social", "Portrait de Claire", portrait=True),
        consent_social=True,
        consent_date=consent_day,
    )
    print_only = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="mehdi",
        title="Mehdi et le covoiturage",
        display_name="Mehdi",
        quote="Je covoiture tous les jours.",
        consent_print=True,
        consent_social=False,
        consent_date=consent_day,
    )
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="semaine-du-partage",
        title="Semaine du partage",
        slogan="Prêter, c’est gagner des voisins",
        hashtags=HASHTAGS,
        channels=["website", "social"],
    )
    starts = timezone.now() + datetime.timedelta(days=5)
    campaign.events.add(
        campaign.events.model(name="Fête des voisins", place="Place du Marché", starts_at=starts)
    )
    for page in (service, print_only):
        campaign.items.add(campaign.items.model(page=page))
    campaign.save()
    result = {
        "service": publish(service),
        "regulation": publish(regulation),
        "social": publish(social),
        "print_only": publish(print_only),
        "campaign": publish(campaign),
    }
    english = service.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Tool library"
    english.teaser = "Borrow a drill instead of buying one."
    english.trial_offer = "One month free"
    result["service_en"] = publish(english)
    return result


@pytest.fixture
def communication_user(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user("contrib", "contrib@example.org", "password")
    user.groups.add(Group.objects.get(name="Contributors"))
    return user
