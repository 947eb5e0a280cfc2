"""The call page: its dates, the live equal share (page cache on), its card, no contact shown."""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from calls.models import Application
from crieur.channels import Channel
from crieur.gate import passes
from tests.calls.conftest import CommittingClient
from tests.factories.calls import CallPageFactory, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def text(response):
    return " ".join(response.content.decode().split())


def test_no_project_accepted_says_so(client, call):
    page = text(client.get(call.url))
    assert "Aucun projet accepté pour l’instant." in page or "No project accepted yet." in page
    assert "10 000" in page or "10,000" in page


def test_the_share_changes_at_once_when_staff_accept_one_more(page_cache, client, call, staff_user):
    for number in range(2):
        make_application(call, status=Application.Status.ACCEPTED, title=f"Projet {number}")
    waiting = make_application(call, title="Projet en attente")
    client.get("/branding.css")  # makes the site's branding row (a change: it empties the cache)
    client.get(call.url)  # the first view fills the page cache
    cached = client.get(call.url)
    assert cached["X-Page-Cache"] == "hit"
    assert "5 000 €" in text(cached).replace("\u202f", " ").replace("\xa0", " ")

    staff = CommittingClient()
    staff.force_login(staff_user)
    response = staff.post(
        reverse("calls_application", args=[waiting.pk]), {"status": "accepted", "reason": ""}
    )
    assert response.status_code == 302

    fresh = client.get(call.url)
    assert fresh["X-Page-Cache"] == "miss"
    page = text(fresh).replace("\u202f", " ").replace("\xa0", " ")
    assert "3 projets acceptés : chacun reçoit 3 333 €." in page
    assert "1 € non réparti" in page


def test_english_page_shows_the_share_in_english(client, call, locales):
    make_application(call, status=Application.Status.ACCEPTED)
    make_application(call, status=Application.Status.ACCEPTED)
    make_application(call, status=Application.Status.ACCEPTED)
    english = call.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    page = text(client.get(english.url))
    assert "3 projects accepted: each receives 3,333 €." in page
    assert "1 € left undivided." in page


def test_dates_are_told(client, call):
    today = timezone.localdate()
    call.opens_on = today + datetime.timedelta(days=3)
    call.closes_on = today + datetime.timedelta(days=10)
    call.save_revision().publish()
    assert "Cet appel ouvre le" in text(client.get(call.url))
    call.opens_on = today - datetime.timedelta(days=30)
    call.closes_on = today - datetime.timedelta(days=1)
    call.save_revision().publish()
    assert "Cet appel a fermé le" in text(client.get(call.url))


def test_closing_before_opening_is_refused(call):
    call.closes_on = call.opens_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "closes_on" in error.value.message_dict


def test_the_call_has_a_card_every_channel_reads(call):
    card = call.card
    assert card.kind == "call"
    assert card.title == call.title
    assert card.teaser == call.teaser
    assert any(
        fact.value.replace("\u202f", " ").replace("\xa0", " ") == "10 000 €" for fact in card.facts
    )
    assert passes(call, Channel.POSTER)


def test_contact_details_never_on_public_pages(client, call):
    make_application(call, status=Application.Status.ACCEPTED)
    for url in (call.url, call.get_parent().url):
        page = client.get(url).content.decode()
        assert "Camille Secret" not in page
        assert "camille.secret@example.org" not in page
        assert "06 12 34 56 78" not in page


def test_index_lists_calls(client, call, call_index):
    other = CallPageFactory(parent=call_index, slug="autre", title="Appel d’automne")
    other.save_revision().publish()
    page = client.get(call_index.url).content.decode()
    assert call.title in page and "Appel d’automne" in page
