"""The public form: a proposal reaches the queue; errors keep what was typed; spam is kept out."""

import logging

from django.core import mail
from django.test import Client

import pytest

from contributions.models import PlaceContribution

pytestmark = pytest.mark.django_db

FORM_FR = "/fr/lieux/proposer/"
FORM_EN = "/en/places/propose/"


def proposal(**overrides):
    data = {
        "name": "Boîte à livres du lavoir",
        "place_kind": "book-box",
        "address": "Place du Lavoir",
        "latitude": "",
        "longitude": "",
        "to_borrow": "Livres\nBandes dessinées",
        "opening_hours": "Toujours ouverte",
        "accessibility_notes": "De plain-pied",
        "description": "Une ancienne cabine téléphonique.",
        "contributor_name": "Aïcha",
        "contributor_email": "aicha@example.org",
        "contact_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_form_is_in_french_and_english_and_never_cached(client, place_map):
    french = client.get(FORM_FR)
    assert french.status_code == 200
    assert "Proposer un lieu" in french.text
    assert 'lang="fr"' in french.text
    assert "no-store" in french["Cache-Control"]
    assert "X-Page-Cache" not in french
    english = client.get(FORM_EN)
    assert english.status_code == 200
    assert "Propose a place" in english.text
    assert 'href="/en/places/propose/"' in french.text  # the language switcher


def test_a_proposal_reaches_the_queue_with_a_receipt(client, place_map):
    response = client.post(FORM_FR, proposal())
    contribution = PlaceContribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/lieux/proposer/merci/{contribution.reference}/"
    assert contribution.status == "pending" and contribution.kind == "new"
    assert contribution.locale.language_code == "fr"
    assert contribution.name == "Boîte à livres du lavoir"
    assert contribution.place_kind == "book-box"
    assert contribution.contributor_email == "aicha@example.org" and contribution.contact_consent
    thanks = client.get(response["Location"])
    assert contribution.reference in thanks.text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aicha@example.org"]
    assert contribution.reference in mail.outbox[0].subject
    assert "Merci" in mail.outbox[0].body


def test_without_consent_the_address_is_not_kept_and_no_mail_is_sent(client, place_map):
    client.post(FORM_EN, proposal(contact_consent=""))
    contribution = PlaceContribution.objects.get()
    assert contribution.locale.language_code == "en"
    assert contribution.contributor_email == "" and contribution.contributor_name == ""
    assert not contribution.contact_consent
    assert mail.outbox == []


def test_errors_are_clear_and_nothing_typed_is_lost(client, place_map):
    response = client.post(FORM_FR, proposal(name="", place_kind=""))
    assert response.status_code == 200
    assert PlaceContribution.objects.count() == 0
    assert "Indiquez le nom du lieu." in response.text
    assert 'aria-invalid="true"' in response.text
    for typed in ("Place du Lavoir", "Une ancienne cabine téléphonique.", "aicha@example.org"):
        assert typed in response.text


def test_a_new_place_needs_to_say_where_it_is(client, place_map):
    response = client.post(FORM_EN, proposal(address=""))
    assert response.status_code == 200
    assert "Say where the place is" in response.text
    located = client.post(FORM_EN, proposal(address="", latitude="45.19", longitude="5.72"))
    assert located.status_code == 302


def test_the_same_proposal_sent_twice_is_one_contribution(client, place_map):
    first = client.post(FORM_FR, proposal())
    second = client.post(FORM_FR, proposal(description="  Une ancienne cabine   téléphonique. "))
    assert PlaceContribution.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1
    different = client.post(FORM_FR, proposal(name="Boîte à livres de la gare"))
    assert different["Location"] != first["Location"]
    assert PlaceContribution.objects.count() == 2


def test_a_bot_filling_the_trap_is_thanked_and_nothing_is_stored(client, place_map, caplog):
    with caplog.at_level(logging.WARNING, logger="contributions.views"):
        response = client.post(FORM_FR, proposal(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/lieux/proposer/merci/")
    assert client.get(response["Location"]).status_code == 200
    assert PlaceContribution.objects.count() == 0
    assert mail.outbox == []
    assert "trap field" in caplog.text


def test_sending_is_rate_limited_and_the_form_comes_back_filled(client, place_map, settings):
    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "place-proposal": "2/m"}
    answers = [client.post(FORM_EN, proposal(name=f"Book box {n}")).status_code for n in range(3)]
    assert answers == [302, 302, 429]
    refused = client.post(FORM_EN, proposal(name="Book box 9"))
    assert refused.status_code == 429
    assert "Book box 9" in refused.text and "Too many proposals" in refused.text
    assert PlaceContribution.objects.count() == 2
    assert client.get(FORM_EN).status_code == 200  # reading the form is not limited
    other = client.post(FORM_EN, proposal(name="Book box 10"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_csrf_is_checked(place_map):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(FORM_FR, proposal()).status_code == 403
    page = strict.get(FORM_FR)
    token = page.cookies["csrftoken"].value
    response = strict.post(FORM_FR, {**proposal(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert PlaceContribution.objects.count() == 1


def test_a_correction_from_a_place_page(client, place_map):
    place = place_map["place"]
    page = client.get(FORM_FR, {"place": place.pk})
    assert page.status_code == 200
    assert "Outilthèque des Aulnes" in page.text
    assert "Proposer une correction" in page.text
    response = client.post(
        FORM_FR, {"place": place.pk, "opening_hours": "Samedi 9 h – 13 h", "website": ""}
    )
    assert response.status_code == 302
    contribution = PlaceContribution.objects.get()
    assert contribution.kind == "correction" and contribution.place == place
    assert contribution.opening_hours == "Samedi 9 h – 13 h" and contribution.name == ""


def test_a_correction_must_say_what_changes(client, place_map):
    response = client.post(FORM_EN, {"place": place_map["en_place"].pk, "website": ""})
    assert response.status_code == 200
    assert "Say what should change" in response.text
    assert PlaceContribution.objects.count() == 0


def test_the_correction_link_of_a_french_place_opens_its_english_translation(client, place_map):
    page = client.get(FORM_EN, {"place": place_map["place"].pk})
    assert "Aulnes tool library" in page.text
    assert f'value="{place_map["en_place"].pk}"' in page.text


def test_the_form_is_not_page_cached_even_with_the_cache_on(place_map, settings):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    tokens = set()
    for _visitor in range(2):
        visitor = Client()
        response = visitor.get(FORM_FR)
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        tokens.add(response.cookies["csrftoken"].value)
    assert len(tokens) == 2  # each visitor got their own form and cookie
