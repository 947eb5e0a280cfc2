import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)

pytestmark = pytest.mark.django_db


def test_service_page_shows_trial_testimonials_regulations_and_events(client, site_tree):
    service = ServicePageFactory(
        parent=site_tree.services, title="Outilthèque", slug="outilotheque"
    )
    regulation = RegulationPageFactory(parent=site_tree.regulations, question="Qui est assuré ?")
    service.related_regulations.create(regulation=regulation)
    service.save_revision().publish()
    TestimonialPageFactory(parent=site_tree.testimonials, service=service, quote="Super outil !")
    TestimonialPageFactory(
        parent=site_tree.testimonials,
        service=service,
        quote="Pas de consentement web",
        consent_web=False,
    )
    campaign = CampaignPageFactory(parent=site_tree.campaigns)
    campaign.events.create(
        name="Fête des voisins",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Place du marché",
        what_to_try="Emprunter une perceuse",
        service=service,
    )
    campaign.save_revision().publish()

    response = client.get(service.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Un mois d’essai gratuit" in html
    assert "Super outil !" in html
    assert "Pas de consentement web" not in html
    assert "Qui est assuré ?" in html
    assert "Fête des voisins" in html
    assert 'lang="fr"' in html


def test_a_service_page_shows_no_event_of_a_draft_or_private_campaign(client, site_tree):
    """The events come through the campaigns' gate (``CampaignEvent.objects.shown_on``)."""
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque")
    soon = timezone.now() + datetime.timedelta(days=3)
    for slug, name in (("ouverte", "Atelier ouvert"), ("privee", "Atelier réservé")):
        campaign = CampaignPageFactory(parent=site_tree.campaigns, slug=slug)
        campaign.events.create(name=name, starts_at=soon, place="Place du marché", service=service)
        campaign.save_revision().publish()
    draft = CampaignPageFactory(parent=site_tree.campaigns, slug="brouillon", live=False)
    draft.events.create(name="Atelier en projet", starts_at=soon, place="Mairie", service=service)
    draft.save()
    private = site_tree.campaigns.get_children().get(slug="privee")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    html = client.get(service.url).content.decode()

    assert "Atelier ouvert" in html
    assert "Atelier réservé" not in html
    assert "Atelier en projet" not in html
