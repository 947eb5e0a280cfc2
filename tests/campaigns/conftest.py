"""A published campaign with a service, an explainer and a testimonial, and its links."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

import pytest

from campaigns.models import CampaignEvent
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)


@pytest.fixture(autouse=True)
def fresh_link_cache():
    from django.core.cache import cache

    from links.resolver import clear_local_cache

    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@dataclass
class CampaignSetup:
    page: object
    service: object
    regulation: object
    testimonial: object
    event: object


@pytest.fixture
def campaign(site_tree):
    today = timezone.localdate()
    service = publish(
        ServicePageFactory(parent=site_tree.services, title="Outilthèque", slug="outilotheque")
    )
    regulation = publish(
        RegulationPageFactory(
            parent=site_tree.regulations,
            title="Prêter sa voiture",
            slug="preter-sa-voiture",
        )
    )
    testimonial = publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            title="Amina et la perceuse",
            slug="amina",
            display_name="Amina",
            service=service,
        )
    )
    page = CampaignPageFactory(
        parent=site_tree.campaigns,
        title="Semaine du partage",
        slug="semaine-du-partage",
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=10),
        channels=["website", "kiosk", "sticker"],
    )
    for order, item in enumerate([service, regulation, testimonial]):
        page.items.create(page=item, sort_order=order)
    event = CampaignEvent.objects.create(
        campaign=page,
        locale=page.locale,
        name="Fête des voisins",
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        place="Place du marché",
        sort_order=0,
    )
    publish(page)
    return CampaignSetup(page, service, regulation, testimonial, event)
