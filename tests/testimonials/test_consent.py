import datetime

import pytest

from testimonials.models import TestimonialPage
from tests.factories import ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def make(site_tree, slug, **consent):
    defaults = {
        "consent_web": False,
        "consent_print": False,
        "consent_kiosk": False,
        "consent_social": False,
        "consent_date": TODAY - datetime.timedelta(days=10),
        "consent_until": None,
    }
    defaults.update(consent)
    return TestimonialPageFactory(parent=site_tree.testimonials, slug=slug, **defaults)


def selected(channel, on):
    return set(TestimonialPage.objects.consented_for(channel, on=on).values_list("slug", flat=True))


def test_consented_for_selects_by_channel_and_date(site_tree):
    make(site_tree, "web-only", consent_web=True)
    make(site_tree, "print-kiosk", consent_print=True, consent_kiosk=True)
    make(site_tree, "expired", consent_web=True, consent_until=TODAY - datetime.timedelta(days=1))
    make(site_tree, "last-day", consent_web=True, consent_until=TODAY)
    make(site_tree, "future", consent_web=True, consent_date=TODAY + datetime.timedelta(days=1))

    assert selected("web", TODAY) == {"web-only", "last-day"}
    assert selected("print", TODAY) == {"print-kiosk"}
    assert selected("kiosk", TODAY) == {"print-kiosk"}
    assert selected("social", TODAY) == set()
    # The day after its last valid day, "last-day" is gone; "future" has started.
    assert selected("web", TODAY + datetime.timedelta(days=1)) == {"web-only", "future"}
    # Before the expiry, the expired one was valid.
    assert "expired" in selected("web", TODAY - datetime.timedelta(days=2))


def test_consented_for_rejects_unknown_channel(site_tree):
    with pytest.raises(ValueError):
        TestimonialPage.objects.consented_for("billboard")


def test_testimonial_without_web_consent_is_404_and_not_listed(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services)
    shown = TestimonialPageFactory(
        parent=site_tree.testimonials, quote="Visible en ligne", service=service
    )
    hidden = TestimonialPageFactory(
        parent=site_tree.testimonials,
        quote="Réservé au papier",
        consent_web=False,
        service=service,
    )
    expired = TestimonialPageFactory(
        parent=site_tree.testimonials,
        quote="Consentement expiré",
        consent_until=datetime.date.today() - datetime.timedelta(days=1),
    )

    assert client.get(shown.url).status_code == 200
    assert client.get(hidden.url).status_code == 404
    assert client.get(expired.url).status_code == 404

    listing = client.get(site_tree.testimonials.url).content.decode()
    assert "Visible en ligne" in listing
    assert "Réservé au papier" not in listing
    assert "Consentement expiré" not in listing

    service_html = client.get(service.url).content.decode()
    assert "Visible en ligne" in service_html
    assert "Réservé au papier" not in service_html

    sitemap = client.get("/sitemap.xml").content.decode()
    assert shown.slug in sitemap
    assert hidden.slug not in sitemap

    search = client.get("/fr/search/", {"q": "papier"}).content.decode()
    assert "Réservé au papier" not in search


def test_editors_can_still_preview_a_testimonial_without_consent(site_tree):
    hidden = TestimonialPageFactory(
        parent=site_tree.testimonials, quote="Brouillon de témoignage", consent_web=False
    )
    response = hidden.make_preview_request()
    assert response.status_code == 200
    assert "Brouillon de témoignage" in response.content.decode()
