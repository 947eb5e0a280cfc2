"""Pages behind a password or a login never appear as cards on public pages.

Campaign pages, a service's related explainers, a testimonial's "About" link,
home and index listings, search, kiosk playlists and QR links all select
through the channel gate (``crieur.gate``), which keeps drafts and private
pages out.
"""

import datetime

from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from links.models import ShortLink
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Projet confidentiel"


def restrict(page, kind):
    if kind == "password":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    else:
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


@pytest.fixture(params=["password", "login"])
def private_pages(request, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="secret", title=SECRET)
    regulation = RegulationPageFactory(
        parent=site_tree.regulations,
        slug="regle-secrete",
        title=f"{SECRET} ?",
        question=f"{SECRET} ?",
    )
    restrict(service, request.param)
    restrict(regulation, request.param)
    return service, regulation


def body(response):
    assert response.status_code == 200
    return response.content.decode()


def test_campaign_page_shows_no_private_card(site_tree, private_pages):
    service, regulation = private_pages
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="printemps")
    campaign.items.create(page=service, sort_order=0)
    campaign.items.create(page=regulation, sort_order=1)
    campaign.save_revision().publish()
    html = body(Client().get(campaign.url))
    assert SECRET not in html
    assert service.url not in html
    assert campaign.selected_pages() == []


def test_related_explainers_leave_private_ones_out(site_tree, private_pages):
    _service, regulation = private_pages
    public = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outils")
    public.related_regulations.create(regulation=regulation)
    public.save_revision().publish()
    html = body(Client().get(public.url))
    assert SECRET not in html
    assert public.regulations() == []


def test_testimonial_about_link_hides_a_private_service(site_tree, private_pages):
    service, _regulation = private_pages
    testimonial = TestimonialPageFactory(
        parent=site_tree.testimonials, slug="marie", service=service
    )
    html = body(Client().get(testimonial.url))
    assert SECRET not in html
    assert service.url not in html
    assert testimonial.about_service() is None


def test_testimonial_about_link_is_kept_for_a_public_service(site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outilthèque")
    testimonial = TestimonialPageFactory(
        parent=site_tree.testimonials, slug="marie", service=service
    )
    html = body(Client().get(testimonial.url))
    assert f'href="{service.url}"' in html
    assert "Outilthèque" in html


def test_home_listing_and_search_leave_private_services_out(site_tree, private_pages):
    html = body(Client().get(site_tree.home.url))
    assert SECRET not in html
    html = body(Client().get("/fr/search/", {"q": "confidentiel"}))
    assert SECRET not in html


def test_qr_link_to_a_private_page_leads_elsewhere(site_tree, private_pages):
    service, _regulation = private_pages
    link = ShortLink.objects.get_or_create_for(service, "poster")
    response = Client().get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] != service.url


def test_service_page_lists_no_event_of_a_private_campaign(site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outils")
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="interne")
    campaign.events.create(
        name="Réunion interne confidentielle",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Salle du conseil",
        what_to_try="Rien",
        service=service,
    )
    campaign.save_revision().publish()
    restrict(campaign, "login")
    html = body(Client().get(service.url))
    assert "Réunion interne confidentielle" not in html
    assert list(service.upcoming_events()) == []
