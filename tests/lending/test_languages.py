"""A resource is the same in every language: a slot taken in French is taken in English."""

import datetime

from django.utils import timezone

import icalendar
import pytest

from crieur.demo import translate as localize
from lending.models import LendingRequest, Status
from places.models import PlacePage
from tests.lending.conftest import (
    form_data,
    make_lending_place,
    moment,
    next_week,
    request_page_url,
    resource_named,
    stored_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_place(
    lending_place, place_index, site_tree, locales, django_capture_on_commit_callbacks
):
    def translate(instance, strings):
        with django_capture_on_commit_callbacks(execute=True):
            return localize.translate(instance, locales["en"], strings)

    translate(site_tree.home, {"Accueil": "Home"})
    translate(place_index, {"Lieux partagés": "Shared places"})
    translated, _missing = translate(
        lending_place,
        {
            "Maison des associations": "Community centre",
            "Salle polyvalente": "Multi-purpose room",
            "Vélo cargo": "Cargo bike",
            "Perceuse": "Drill",
        },
    )
    return PlacePage.objects.get(pk=translated.pk)


def test_a_slot_taken_on_the_french_page_is_taken_on_the_english_one(
    client, lending_place, english_place
):
    room_fr = resource_named(lending_place, "Salle polyvalente")
    room_en = resource_named(english_place, "Multi-purpose room")
    assert room_en.translation_key == room_fr.translation_key
    day = next_week()
    stored_request(lending_place, room_fr, moment(day, 14), moment(day, 16), Status.ACCEPTED)

    page = client.get(request_page_url(english_place, "en"))
    assert page.status_code == 200
    assert "Multi-purpose room" in page.content.decode() and "14:00" in page.content.decode()

    response = client.post(request_page_url(english_place, "en"), form_data(room_en))
    assert response.status_code == 409
    assert "already taken" in response.content.decode()
    # The French resource offered on the English page is not one of its resources.
    wrong = client.post(request_page_url(english_place, "en"), form_data(room_fr))
    assert wrong.status_code == 422
    assert LendingRequest.objects.count() == 1

    feed = client.get(f"/calendar/place/{english_place.pk}.ics")
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Multi-purpose room · booked"


def test_a_temporary_place_lends_only_within_its_dates(client, place_index):
    place = make_lending_place(place_index, slug="pop-up")
    today = timezone.localdate()
    place.permanent = False
    place.available_from = today - datetime.timedelta(days=1)
    place.available_until = today + datetime.timedelta(days=10)
    place.save_revision().publish()
    bike = resource_named(place, "Vélo cargo")

    late = form_data(bike, day=today + datetime.timedelta(days=12), people="1")
    response = client.post(request_page_url(place), late)

    assert response.status_code == 422
    assert "ferme après le" in " ".join(response.context["form"].errors["date"])
    within = form_data(bike, day=today + datetime.timedelta(days=5), people="1")
    assert client.post(request_page_url(place), within).status_code == 302
