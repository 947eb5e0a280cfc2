"""Helpers of the kiosk tests: a running campaign with one item of each kind."""

import datetime
from dataclasses import dataclass, field

from campaigns.models import CampaignEvent
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@dataclass
class Campaign:
    page: object
    service: object
    regulation: object
    testimonial: object
    events: list = field(default_factory=list)

    def add(self, page):
        self.page.items.create(page=page, sort_order=self.page.items.count())
        return page


def make_campaign(site_tree, slug="semaine", **kwargs):
    service = publish(
        ServicePageFactory(
            parent=site_tree.services,
            title="Outilthèque",
            slug=f"{slug}-outils",
            teaser="Empruntez perceuses et échelles près de chez vous.",
            pictogram_name="hammer",
            trial_offer="Un mois d’essai gratuit",
        )
    )
    regulation = publish(
        RegulationPageFactory(
            parent=site_tree.regulations,
            slug=f"{slug}-voiture",
            question="Puis-je prêter ma voiture à un voisin ?",
            answer="yes",
            answer_summary="Oui : votre assurance couvre le conducteur occasionnel.",
        )
    )
    testimonial = publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            slug=f"{slug}-amina",
            display_name="Amina",
            quote="J’ai rencontré mes voisins en prêtant ma perceuse.",
        )
    )
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug=slug, **kwargs)
    for order, page in enumerate([service, regulation, testimonial]):
        campaign.items.create(page=page, sort_order=order)
    publish(campaign)
    return Campaign(campaign, service, regulation, testimonial)


def add_event(campaign, name, starts_at, hours=3, place="Place du marché"):
    event = CampaignEvent.objects.create(
        campaign=campaign.page,
        locale=campaign.page.locale,
        name=name,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        place=place,
        what_to_try="Essayer l’outilthèque",
        sort_order=len(campaign.events),
    )
    campaign.events.append(event)
    return event


def slide_kinds(playlist):
    return [slide["kind"] for slide in playlist["slides"]]


def slide_ids(playlist):
    return [slide["id"] for slide in playlist["slides"]]
