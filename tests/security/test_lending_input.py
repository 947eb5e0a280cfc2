"""Hostile input to the lending request form: each gets a clear answer, nothing is lost.

Script, huge and right-to-left texts, impossible dates, a resource of another
place or one that is not lent, unknown ids, a form sent twice.
"""

import uuid

from django.core import mail
from django.test import Client

import pytest

from lending.models import LendingRequest
from tests.factories.places import PlaceIndexPageFactory
from tests.lending.conftest import form_data, make_lending_place, request_page_url, resource_named

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lending_rate(settings):
    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "lending-request": "100000/m"}


@pytest.fixture
def place_index(site_tree):
    return PlaceIndexPageFactory(parent=site_tree.home)


@pytest.fixture
def lending_place(place_index):
    return make_lending_place(place_index)


SCRIPT = '<script>alert("x")</script>'
RTL = "\u202eCamille\u202c Martin 🚲"


def post(client, place, data):
    return client.post(request_page_url(place), data)


def test_script_and_rtl_marks_are_stored_as_text_and_escaped_everywhere(client, lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    data = form_data(room, name=f"{SCRIPT} {RTL}", purpose=f"{SCRIPT}\n{RTL}")

    response = post(client, lending_place, data)

    assert response.status_code == 302
    stored = LendingRequest.objects.get()
    assert stored.name == f"{SCRIPT} {RTL}"
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in page
    assert all("\n" not in message.subject for message in mail.outbox)
    assert all(SCRIPT not in message.subject for message in mail.outbox)


def test_huge_texts_are_refused_with_the_limit_and_kept(client, lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    huge = "Réunion " * 1200
    data = form_data(room, purpose=huge, name="N" * 1200)

    response = post(client, lending_place, data)

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "1000" in " ".join(errors["purpose"]) and "120" in " ".join(errors["name"])
    assert huge.strip() in response.content.decode()
    assert LendingRequest.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"date": "99999-01-01"},
        {"date": "0000-00-00"},
        {"date": "9999-12-31", "end_date": "9999-12-31"},
        {"start_time": "25:00"},
        {"end_time": "-1:00"},
        {"date": "2026-13-01"},
        {"people": "-3"},
        {"people": "1e9"},
        {"people": "99999999999999999999"},
        {"date": "\x00"},
        {"purpose": "\x00"},
    ],
)
def test_impossible_values_are_refused_without_an_error_page(client, lending_place, overrides):
    data = form_data(resource_named(lending_place, "Salle polyvalente"), **overrides)

    response = post(client, lending_place, data)

    assert response.status_code == 422
    assert response.context["form"].errors
    assert LendingRequest.objects.count() == 0


def test_a_resource_of_another_place_or_not_lent_or_unknown_is_refused(
    client, lending_place, place_index
):
    other = make_lending_place(place_index, slug="autre-lieu")
    drill = resource_named(lending_place, "Perceuse")  # not lendable
    for resource_id in (
        resource_named(other, "Salle polyvalente").pk,
        drill.pk,
        999999,
        "1 OR 1=1",
        2**70,
    ):
        data = {**form_data(resource_named(lending_place, "Vélo cargo")), "resource": resource_id}
        response = post(client, lending_place, data)
        assert response.status_code == 422, resource_id
        assert "resource" in response.context["form"].errors
    assert LendingRequest.objects.count() == 0


def test_unknown_places_tokens_and_requests_answer_404(client, lending_place):
    assert client.get("/fr/lieux/nulle-part/emprunter/").status_code == 404
    assert client.get(f"/fr/lieux/demande/{uuid.uuid4()}/").status_code == 404
    assert client.get("/fr/lieux/demande/pas-un-uuid/").status_code == 404
    bad_token = form_data(resource_named(lending_place, "Vélo cargo"), people="1", token="x")
    assert post(client, lending_place, bad_token).status_code == 422


def test_a_form_sent_twice_at_once_stores_one_request_and_sends_two_emails(client, lending_place):
    data = form_data(resource_named(lending_place, "Vélo cargo"), people="1")
    answers = [post(client, lending_place, data) for _ in range(3)]

    assert {answer.status_code for answer in answers} == {302}
    assert LendingRequest.objects.count() == 1
    assert len(mail.outbox) == 2


def test_without_the_csrf_token_nothing_is_stored(lending_place):
    strict = Client(enforce_csrf_checks=True)
    data = form_data(resource_named(lending_place, "Vélo cargo"), people="1")

    assert strict.post(request_page_url(lending_place), data).status_code == 403
    assert LendingRequest.objects.count() == 0


def test_the_same_form_sent_again_with_another_slot_is_a_new_request(client, lending_place):
    bike = resource_named(lending_place, "Vélo cargo")
    first = form_data(bike, people="1")
    changed = {**first, "start_time": "17:00", "end_time": "18:00"}

    assert post(client, lending_place, first).status_code == 302
    assert post(client, lending_place, changed).status_code == 302

    assert LendingRequest.objects.count() == 2
    assert len(set(LendingRequest.objects.values_list("token", flat=True))) == 2
