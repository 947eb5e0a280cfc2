"""Listing pages cost the same number of SQL queries whatever the number of items."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from crieur.demo.images import get_or_create_image
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm up: renditions and caches are made on the first view
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_services(site_tree, count, start=0):
    services = []
    for number in range(start, start + count):
        services.append(
            ServicePageFactory(
                parent=site_tree.services,
                slug=f"service-{number}",
                image=get_or_create_image(f"Service {number}", "Illustration"),
            )
        )
    return services


def test_service_index_queries_do_not_grow(client, site_tree):
    add_services(site_tree, 2)
    small = count_queries(client, site_tree.services.url)
    add_services(site_tree, 8, start=2)
    large = count_queries(client, site_tree.services.url)
    assert small == large


def test_home_page_queries_do_not_grow(client, site_tree):
    add_services(site_tree, 1)
    CampaignPageFactory(parent=site_tree.campaigns)
    small = count_queries(client, site_tree.home.url)
    add_services(site_tree, 5, start=1)
    CampaignPageFactory(parent=site_tree.campaigns)
    CampaignPageFactory(parent=site_tree.campaigns)
    large = count_queries(client, site_tree.home.url)
    assert small == large


def enrich_service(site_tree, service, campaign, count, start):
    for number in range(start, start + count):
        regulation = RegulationPageFactory(parent=site_tree.regulations, slug=f"regle-{number}")
        service.related_regulations.add(service.related_regulations.model(regulation=regulation))
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            slug=f"temoin-{number}",
            service=service,
            portrait=get_or_create_image(f"Portrait {number}", "Portrait", portrait=True),
        )
        campaign.events.add(
            campaign.events.model(
                name=f"Événement {number}",
                starts_at=timezone.now() + datetime.timedelta(days=number + 1),
                place="Place du Marché",
                service=service,
            )
        )
    service.save_revision().publish()
    campaign.save_revision().publish()


def test_service_page_queries_do_not_grow(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque")
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        end_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    enrich_service(site_tree, service, campaign, 1, 0)
    small = count_queries(client, service.url)
    enrich_service(site_tree, service, campaign, 5, 1)
    large = count_queries(client, service.url)
    html = client.get(service.url).content.decode()
    assert html.count('class="event"') == 6
    assert small == large


def test_campaign_page_queries_do_not_grow(client, site_tree):
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="semaine")

    def add_items(count, start):
        for number in range(start, start + count):
            service = ServicePageFactory(parent=site_tree.services, slug=f"s-{number}")
            testimonial = TestimonialPageFactory(
                parent=site_tree.testimonials, slug=f"t-{number}", service=service
            )
            regulation = RegulationPageFactory(parent=site_tree.regulations, slug=f"r-{number}")
            for page in (service, testimonial, regulation):
                campaign.items.add(campaign.items.model(page=page))
        campaign.save_revision().publish()

    add_items(1, 0)
    small = count_queries(client, campaign.url)
    add_items(5, 1)
    large = count_queries(client, campaign.url)
    html = client.get(campaign.url).content.decode()
    assert html.count('class="card ') == 18
    assert small == large


def test_testimonial_and_regulation_indexes_do_not_grow(client, site_tree):
    for number in range(2):
        TestimonialPageFactory(parent=site_tree.testimonials, slug=f"t-{number}")
        RegulationPageFactory(parent=site_tree.regulations, slug=f"r-{number}")
    small_t = count_queries(client, site_tree.testimonials.url)
    small_r = count_queries(client, site_tree.regulations.url)
    for number in range(2, 9):
        TestimonialPageFactory(parent=site_tree.testimonials, slug=f"t-{number}")
        RegulationPageFactory(parent=site_tree.regulations, slug=f"r-{number}")
    assert count_queries(client, site_tree.testimonials.url) == small_t
    assert count_queries(client, site_tree.regulations.url) == small_r
