"""A testimonial's short links lead to its service when consent for their channel is missing."""

import datetime

from django.utils import timezone

import pytest

from links.models import ShortLink
from testimonials.models import TestimonialPage
from tests.factories import TestimonialPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def testimonial(site_tree, service):
    page = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="amina",
        service=service,
        consent_web=True,
        consent_print=True,
        consent_kiosk=False,
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_consented_channel_leads_to_the_testimonial(client, testimonial):
    link = ShortLink.objects.get_or_create_for(testimonial, "sticker")
    assert client.get(f"/q/{link.code}")["Location"] == testimonial.url


def test_channel_without_consent_leads_to_the_service(client, testimonial, service):
    link = ShortLink.objects.get_or_create_for(testimonial, "kiosk")
    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == service.url


def test_expired_consent_leads_to_the_service_after_invalidation(client, testimonial, service):
    from crieur import invalidation

    link = ShortLink.objects.get_or_create_for(testimonial, "website")
    assert client.get(f"/q/{link.code}")["Location"] == testimonial.url
    TestimonialPage.objects.filter(pk=testimonial.pk).update(
        consent_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    invalidation.bump("consent sweep")  # what the consent sweep does every day
    assert client.get(f"/q/{link.code}")["Location"] == service.url


def test_without_service_the_link_falls_back_to_the_home_page(client, testimonial, site_tree):
    TestimonialPage.objects.filter(pk=testimonial.pk).update(service=None, consent_web=False)
    link = ShortLink.objects.get_or_create_for(testimonial, "website")
    assert client.get(f"/q/{link.code}")["Location"] == site_tree.home.url
