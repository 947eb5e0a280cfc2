"""The demo edition: French, translated into English, idempotent."""

import io

import pytest

from bulletins.content import select_articles
from bulletins.models import BulletinPage
from crieur.demo.translate import translate
from demo.bulletins import BULLETIN, create_demo_bulletin
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)

pytestmark = pytest.mark.django_db


def test_demo_bulletin_is_made_once_in_french_and_english(
    site_tree, locales, django_capture_on_commit_callbacks
):
    ServicePageFactory(parent=site_tree.services, slug="outilotheque", title="Outilthèque")
    ServicePageFactory(parent=site_tree.services, slug="repair-cafe", title="Repair café")
    RegulationPageFactory(parent=site_tree.regulations, slug="preter-sa-voiture")
    TestimonialPageFactory(parent=site_tree.testimonials, slug="claire-perceuse")
    TestimonialPageFactory(
        parent=site_tree.testimonials, slug="mehdi-covoiturage", consent_print=False
    )
    CampaignPageFactory(parent=site_tree.campaigns, slug="semaine-du-partage")
    with django_capture_on_commit_callbacks(execute=True):
        translate(site_tree.home, locales["en"], {})
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        edition = create_demo_bulletin(stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        again = create_demo_bulletin()
    assert again.pk == edition.pk
    assert BulletinPage.objects.count() == 2  # French and English
    assert "Bulletin: edition no. 1 ready" in out.getvalue()

    assert edition.live and edition.locale == locales["fr"]
    selection = select_articles(edition)
    assert len(selection.articles) == 6  # five pages and the free article
    assert [item.code for item in selection.left_out] == ["no_print_consent"]
    assert selection.agenda == []  # the factory campaign has no event

    english = edition.get_translation(locales["en"])
    assert english.live
    assert english.cover_headline == BULLETIN["headline"][1]
    assert english.specific.articles[0].value["print_title"] == BULLETIN["outil_title"][1]
