"""The resident's procedure through the test client: one screen, a reference, e-mails."""

import datetime
import re

from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string

import pytest

from lending.models import LendingRequest, Status
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


def test_the_request_page_shows_what_can_be_borrowed_and_the_taken_slots_only(
    client, lending_place
):
    room = resource_named(lending_place, "Salle polyvalente")
    day = next_week()
    stored_request(lending_place, room, moment(day, 9), moment(day, 11), Status.ACCEPTED)
    stored_request(lending_place, room, moment(day, 18), moment(day, 20), Status.PENDING)
    stored_request(lending_place, room, moment(day, 12), moment(day, 13), Status.DECLINED)

    response = client.get(request_page_url(lending_place))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert request_page_url(lending_place) == "/fr/lieux/maison-des-associations/emprunter/"
    assert "Salle polyvalente (jusqu’à 30)" in html or "Salle polyvalente (jusqu'à 30)" in html
    assert "Vélo cargo" in html
    assert "Perceuse" not in html  # not lendable
    # The taken slots, accepted and pending; the declined one freed its slot.
    assert "09:00" in html and "11:00" in html
    assert "18:00" in html and "20:00" in html
    assert "12:00" not in html
    # Nobody's details: not the other residents', not the person in charge's address.
    for secret in ("Dominique", "dominique.secret@example.org", "Atelier secret", "responsable@"):
        assert secret not in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'href="/calendar/place/{lending_place.pk}.ics"' in html


def test_a_request_is_stored_held_confirmed_and_emailed(client, lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    data = form_data(room, people="12")

    response = client.post(request_page_url(lending_place), data)

    assert response.status_code == 302
    stored = LendingRequest.objects.get()
    assert response["Location"] == f"/fr/lieux/demande/{stored.token}/"
    assert stored.status == Status.PENDING
    assert stored.place == lending_place and stored.resource_key == room.translation_key
    assert stored.resource_name == "Salle polyvalente"
    assert stored.starts_at == moment(next_week(), 14) and stored.ends_at == moment(next_week(), 16)
    assert stored.people == 12 and stored.language == "fr"
    assert re.fullmatch(r"PRT-[A-Z2-9]{4}-[A-Z2-9]{4}", stored.reference)

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert stored.reference in confirmation.content.decode()
    assert "camille@example.org" not in confirmation.content.decode()

    resident, staff = sorted(mail.outbox, key=lambda message: message.to != ["camille@example.org"])
    assert resident.to == ["camille@example.org"]
    assert stored.reference in resident.subject and stored.reference in resident.body
    assert "Bonjour Camille Martin" in resident.body  # French, the language it was made in
    assert "14:00" in resident.body and "16:00" in resident.body
    assert staff.to == ["responsable@example.org"]
    assert f"http://testserver/admin/lending_requests/edit/{stored.pk}/" in staff.body
    assert "camille@example.org" in staff.body and "Réunion du comité" in staff.body


def test_without_a_contact_on_the_place_the_settings_address_gets_the_request(
    client, place_index, settings
):
    settings.CRIEUR_LENDING_EMAIL = "pret@mairie.example"
    place = make_lending_place(place_index, slug="sans-contact", contact_email="")

    client.post(request_page_url(place), form_data(resource_named(place, "Vélo cargo"), people="1"))

    assert sorted(message.to[0] for message in mail.outbox) == [
        "camille@example.org",
        "pret@mairie.example",
    ]


def test_a_request_made_in_english_gets_english_emails(client, lending_place):
    data = form_data(resource_named(lending_place, "Vélo cargo"), people="1")

    response = client.post(request_page_url(lending_place, "en"), data)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/places/request/")
    assert LendingRequest.objects.get().language == "en"
    resident = next(message for message in mail.outbox if message.to == ["camille@example.org"])
    assert "Hello Camille Martin" in resident.body


def test_a_taken_slot_is_refused_at_once_and_nothing_typed_is_lost(client, lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    day = next_week()
    stored_request(lending_place, room, moment(day, 15), moment(day, 17), Status.PENDING)
    data = form_data(room, purpose="Assemblée générale des jardiniers")

    response = client.post(request_page_url(lending_place), data)

    assert response.status_code == 409
    html = response.content.decode()
    assert "déjà pris" in html
    assert "Assemblée générale des jardiniers" in html  # what was typed comes back
    assert 'value="camille@example.org"' in html
    assert LendingRequest.objects.count() == 1
    assert mail.outbox == []


def test_slots_are_half_open_and_per_resource(client, lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    bike = resource_named(lending_place, "Vélo cargo")
    day = next_week()
    stored_request(lending_place, room, moment(day, 12), moment(day, 14), Status.ACCEPTED)

    # Starts when the other ends: free. Another resource at the same time: free.
    assert client.post(request_page_url(lending_place), form_data(room)).status_code == 302
    other = form_data(bike, start="12:00", end="14:00", people="1")
    assert client.post(request_page_url(lending_place), other).status_code == 302
    assert LendingRequest.objects.count() == 3


def test_a_declined_request_frees_its_slot(client, lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    day = next_week()
    taken = stored_request(lending_place, room, moment(day, 14), moment(day, 16))
    assert client.post(request_page_url(lending_place), form_data(room)).status_code == 409

    taken.status = Status.DECLINED
    taken.save()

    assert client.post(request_page_url(lending_place), form_data(room)).status_code == 302


def test_a_form_sent_twice_stores_one_request(client, lending_place):
    data = form_data(resource_named(lending_place, "Salle polyvalente"))

    first = client.post(request_page_url(lending_place), data)
    second = client.post(request_page_url(lending_place), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert LendingRequest.objects.count() == 1
    assert len(mail.outbox) == 2  # the resident and the person in charge, once


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_time": "16:00", "end_time": "14:00"}, "end_time", "après le début"),
        ({"date": "2020-01-06"}, "date", "passé"),
        (
            {"date": (datetime.date.today() + datetime.timedelta(days=400)).isoformat()},
            "date",
            "six mois",
        ),
        (
            {"end_date": (next_week() + datetime.timedelta(days=9)).isoformat()},
            "end_date",
            "7 jours",
        ),
        ({"people": "31"}, "people", "30"),
        ({"people": "0"}, "people", "1"),
        ({"date": "2026-02-30"}, "date", "date valide"),
        ({"email": "pas-une-adresse"}, "email", "adresse"),
        ({"phone": "<script>"}, "phone", "téléphone"),
    ],
)
def test_impossible_requests_are_refused_with_a_clear_message(
    client, lending_place, overrides, field, message
):
    data = form_data(resource_named(lending_place, "Salle polyvalente"), **overrides)

    response = client.post(request_page_url(lending_place), data)

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert "Réunion du comité de quartier" in response.content.decode()
    assert LendingRequest.objects.count() == 0


def test_a_draft_place_or_a_place_that_lends_nothing_takes_no_request(client, place_index):
    draft = make_lending_place(place_index, slug="brouillon", publish=False)
    assert client.get(request_page_url(draft)).status_code == 404
    assert client.get("/fr/lieux/inconnu/emprunter/").status_code == 404

    nothing = make_lending_place(place_index, slug="rien-a-preter")
    nothing.resources.update(lendable=False)
    assert client.get(request_page_url(nothing)).status_code == 404


def test_the_honeypot_stores_nothing(client, lending_place):
    data = form_data(
        resource_named(lending_place, "Vélo cargo"), people="1", website="spam.example"
    )

    response = client.post(request_page_url(lending_place), data)

    assert response.status_code == 422
    assert LendingRequest.objects.count() == 0
    assert mail.outbox == []


def test_submissions_are_rate_limited_and_what_was_typed_is_kept(client, lending_place, settings):
    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "lending-request": "2/h"}
    cache.clear()
    bike = resource_named(lending_place, "Vélo cargo")
    day = next_week()
    for hour in (8, 10):
        data = form_data(bike, start=f"{hour}:00", end=f"{hour + 1}:00", people="1")
        assert client.post(request_page_url(lending_place), data).status_code == 302

    data = form_data(bike, start="15:00", end="16:00", people="1", purpose="Déménagement de Lou")
    response = client.post(request_page_url(lending_place), data)

    assert response.status_code == 429
    assert "Déménagement de Lou" in response.content.decode()
    assert LendingRequest.objects.filter(starts_at=moment(day, 15)).count() == 0
    # Reading the page is not limited.
    assert client.get(request_page_url(lending_place)).status_code == 200
    cache.clear()


def test_the_place_page_include_links_to_the_request_page_only_when_it_lends(lending_place):
    html = render_to_string("lending/place_link.html", {"place": lending_place})
    assert 'href="/fr/lieux/maison-des-associations/emprunter/"' in html
    assert f'href="/calendar/place/{lending_place.pk}.ics"' in html

    lending_place.resources.update(lendable=False)
    place = type(lending_place).objects.get(pk=lending_place.pk)
    assert render_to_string("lending/place_link.html", {"place": place}).strip() == ""
