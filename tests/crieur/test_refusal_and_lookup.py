"""What channels share beside the gate: the refusal in words, the card's spoken text,
campaign hashtags, and finding a page from a command line."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from wagtail.models import Locale, PageViewRestriction

import pytest

from campaigns.models import split_hashtags, validate_hashtags
from crieur.channels import Channel
from crieur.gate import refusal, refusal_text
from crieur.lookup import PageNotFound, find_page
from crieur.outputs import LeftOut
from services.models import ServicePage
from tests.factories import ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_refusal_names_the_reason_the_gate_refused(site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    web_only = TestimonialPageFactory(
        parent=site_tree.testimonials, slug="web-seul", consent_print=False
    )
    ends = TestimonialPageFactory(
        parent=site_tree.testimonials, slug="finit", consent_until=TODAY + 3 * DAY
    )
    assert refusal(service, Channel.POSTER) is None
    assert refusal(web_only, Channel.POSTER) == ("no_consent", None)
    assert refusal(web_only, Channel.WEBSITE) is None
    # Up for ten days: the consent ends before the last day.
    assert refusal(ends, Channel.BADGE, TODAY, TODAY + 10 * DAY) == (
        "consent_ends",
        TODAY + 3 * DAY,
    )
    PageViewRestriction.objects.create(page=service, restriction_type="login")
    assert refusal(service, Channel.POSTER) == ("private", None)
    ends.unpublish()
    assert refusal(ends, Channel.CRIER) == ("unpublished", None)


def test_left_out_words_the_refusal_in_the_active_language(site_tree):
    web_only = TestimonialPageFactory(
        parent=site_tree.testimonials, title="Claire", consent_print=False
    )
    service = ServicePageFactory(parent=site_tree.services)
    assert LeftOut.refused(service, Channel.CRIER) is None
    with translation.override("fr"):
        note = LeftOut.refused(web_only, Channel.CRIER)
    assert note.title == "Claire"
    assert note.channel == "crier"
    assert note.reason == "l’auteur n’a pas consenti à ce canal (Imprimés)"
    with translation.override("en"):
        assert refusal_text("consent_expired", Channel.SOCIAL, TODAY) == (
            f"the consent (Social media) expired on {TODAY:%d/%m/%Y}"
        )


def test_spoken_text_is_the_announcement_else_the_teaser(site_tree):
    quiet = ServicePageFactory(parent=site_tree.services, teaser="Empruntez une perceuse.")
    loud = ServicePageFactory(
        parent=site_tree.services, teaser="Court.", announcement="Oyez, oyez ! L’outilthèque ouvre."
    )
    assert quiet.card.spoken == "Empruntez une perceuse."
    assert loud.card.spoken == "Oyez, oyez ! L’outilthèque ouvre."
    assert loud.card.announcement == "Oyez, oyez ! L’outilthèque ouvre."


def test_hashtags_are_split_and_checked():
    assert split_hashtags("#Partage, réemploi #Partage  #Val_2") == [
        "#Partage",
        "#réemploi",
        "#Val_2",
    ]
    validate_hashtags("#SemaineDuPartage #Réemploi")
    with pytest.raises(ValidationError):
        validate_hashtags("#ok #pas-bien")


def test_find_page_by_id_or_slug_in_a_language(site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outils")
    assert find_page(str(service.pk)) == service
    assert find_page("outils").specific_class is ServicePage
    with pytest.raises(PageNotFound, match="nope"):
        find_page("nope")
    with pytest.raises(PageNotFound):
        find_page("outils", "de")
    english = Locale.objects.get(language_code="en")
    with pytest.raises(PageNotFound):
        find_page("outils", "en")  # not translated yet
    translated = service.copy_for_translation(english, copy_parents=True)
    translated.save_revision().publish()
    assert find_page("outils", "en").pk == translated.pk
    assert find_page(str(service.pk), "en").pk == translated.pk
