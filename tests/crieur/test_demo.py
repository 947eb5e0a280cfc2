"""The demo content loads, is complete, and loading it twice changes nothing."""

import io

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

import pytest

from campaigns.models import CampaignPage
from links.models import ScanCount
from services.models import RegulationPage, ServicePage
from testimonials.models import TestimonialPage

# Real commits, as in `make demo`: wagtail-localize publishes translations on commit.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "scans": list(
            ScanCount.objects.order_by("link_id", "day").values_list("link_id", "day", "count")
        ),
        "by_locale": dict(
            Page.objects.values_list("locale__language_code").annotate(n=Count("id"))
        ),
    }


def load():
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())


def test_demo_loads_twice_cleanly(client):
    load()
    assert Page.find_problems() == ([], [], [], [], [])
    first = snapshot()
    load()
    assert snapshot() == first
    assert Page.find_problems() == ([], [], [], [], [])

    french = {"locale__language_code": "fr"}
    assert ServicePage.objects.filter(**french).count() >= 6
    assert TestimonialPage.objects.filter(**french).count() >= 6
    assert RegulationPage.objects.filter(**french).count() >= 5
    assert CampaignPage.objects.filter(**french).count() >= 2
    assert RegulationPage.objects.filter(**french).stale().count() == 1
    assert all(campaign.events.exists() for campaign in CampaignPage.objects.all())
    # Scan history: the running campaign since ten weeks, the finished one to compare with.
    for slug in ("semaine-du-partage", "printemps-du-reemploi"):
        campaign = CampaignPage.objects.get(slug=slug)
        assert ScanCount.objects.filter(link__campaign=campaign).count() > 100, slug
    assert CampaignPage.objects.get(slug="printemps-du-reemploi").end_date < timezone.localdate()
    # Every French content page has a live English translation.
    for model in (ServicePage, TestimonialPage, RegulationPage, CampaignPage):
        for page in model.objects.filter(**french):
            english = page.get_translations().filter(locale__language_code="en").live()
            assert english.exists(), page

    # Consent variety: one expired, one without web consent.
    web = set(TestimonialPage.objects.filter(**french).consented_for("web"))
    assert len(web) < TestimonialPage.objects.filter(**french).count() - 1

    english_url = "/en/sharing-services/aulnes-tool-library/"  # slugs in the page's language
    for url in ("/fr/", "/en/", "/fr/services/outilotheque/", english_url):
        assert client.get(url).status_code == 200, url
    english_service = client.get(english_url).content.decode()
    assert "Borrow any tool free of charge for a month." in english_service
    assert client.get("/fr/temoignages/jeanne-boite-a-livres/").status_code == 404
    assert client.get("/fr/campagnes/semaine-du-partage/").status_code == 200
    assert client.get("/en/campaigns/sharing-week/").status_code == 200
    assert client.get("/en/campagnes/semaine-du-partage/").status_code == 404
    assert client.get("/fr/ce-que-dit-la-loi/preter-sa-voiture/").status_code == 200
