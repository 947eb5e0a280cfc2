"""The public application form, end to end: receipt, e-mail, double submission, closed call."""

import datetime
import re
import uuid

from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

import pytest

from calls.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # rate-limit counters
    yield
    cache.clear()


def apply_url(call):
    return call.url + call.reverse_subpage("apply")


def form_data(client, call, **fields):
    """The fields of a fresh form, as a resident fills them in."""
    response = client.get(apply_url(call))
    assert response.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    return {
        "token": token,
        "website": "",
        "group_name": "Association des Riverains",
        "applicant_kind": "association",
        "title": "Boîte à livres du marché",
        "description": "Une boîte à livres construite avec les enfants du quartier.",
        "where": "Place du marché",
        "when": "Juin 2026",
        "requested_amount": "800",
        "contact_name": "Noé Martin",
        "contact_email": "noe@example.org",
        "contact_phone": "",
        **fields,
    }


def test_an_application_gets_a_receipt_and_an_email(client, call):
    response = client.post(apply_url(call), form_data(client, call))
    assert response.status_code == 200
    application = Application.objects.get()
    year = timezone.localdate().year
    assert application.receipt == f"AP-{year}-0001"
    assert application.receipt in response.content.decode()
    assert application.call == call and application.language == "fr"
    assert application.status == Application.Status.RECEIVED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["noe@example.org"]
    assert application.receipt in message.subject and application.receipt in message.body
    assert "Votre candidature" in message.subject  # in French, the language it was made in


def test_the_email_is_in_the_language_of_the_form(client, call, locales):
    english = call.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    client.post(apply_url(english), form_data(client, english))
    application = Application.objects.get()
    assert application.language == "en"
    assert "Your application" in mail.outbox[0].subject
    assert "receipt number" in mail.outbox[0].body
    # counted with the French call: one call, two languages
    assert call.applications_of_call().count() == 1


def test_receipts_follow_each_other(client, call):
    for _number in range(3):
        client.post(apply_url(call), form_data(client, call))
    year = timezone.localdate().year
    assert [a.receipt for a in Application.objects.all()] == [
        f"AP-{year}-0001",
        f"AP-{year}-0002",
        f"AP-{year}-0003",
    ]


def test_the_same_form_sent_twice_makes_one_application(client, call):
    data = form_data(client, call)
    first = client.post(apply_url(call), data)
    second = client.post(apply_url(call), data)
    assert Application.objects.count() == 1
    receipt = Application.objects.get().receipt
    assert receipt in first.content.decode() and receipt in second.content.decode()
    assert len(mail.outbox) == 1


def test_csrf_is_checked(call):
    client = Client(enforce_csrf_checks=True)
    data = form_data(client, call)
    del data["token"]
    data["token"] = str(uuid.uuid4())
    response = Client(enforce_csrf_checks=True).post(apply_url(call), data)
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_the_honeypot_refuses_robots(client, call):
    response = client.post(apply_url(call), form_data(client, call, website="http://spam.example"))
    assert response.status_code == 400
    assert not Application.objects.exists()
    assert not mail.outbox


def test_errors_keep_what_was_typed(client, call):
    response = client.post(apply_url(call), form_data(client, call, contact_email="not-an-address"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Boîte à livres du marché" in page
    assert 'aria-invalid="true"' in page
    assert not Application.objects.exists()


def test_the_rate_limit_counts_applications(client, call, settings):
    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "call-application": "2/h"}
    for _number in range(2):
        assert client.post(apply_url(call), form_data(client, call)).status_code == 200
    response = client.post(apply_url(call), form_data(client, call))
    assert response.status_code == 429
    assert Application.objects.count() == 2


def test_before_opening_the_form_says_when(client, call):
    call.opens_on = timezone.localdate() + datetime.timedelta(days=2)
    call.save_revision().publish()
    response = client.get(apply_url(call))
    assert "Cet appel ouvre le" in " ".join(response.content.decode().split())
    assert '<form method="post"' not in response.content.decode()


def test_a_post_after_closing_is_refused_and_earlier_ones_are_kept(client, call):
    data = form_data(client, call)
    client.post(apply_url(call), data)
    late = form_data(client, call, title="Trop tard")
    call.opens_on = timezone.localdate() - datetime.timedelta(days=30)
    call.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    call.save_revision().publish()
    response = client.post(apply_url(call), late)
    assert response.status_code == 403
    page = " ".join(response.content.decode().split())
    assert "Cet appel a fermé le" in page
    assert "n’a pas été enregistrée" in page
    assert list(Application.objects.values_list("title", flat=True)) == ["Boîte à livres du marché"]


def test_the_form_is_never_cached(client, call, settings):
    settings.CRIEUR_PAGE_CACHE_SECONDS = 300
    first = client.get(apply_url(call))
    second = client.get(apply_url(call))
    assert "no-store" in first["Cache-Control"] or "no-cache" in first["Cache-Control"]
    token = re.compile(r'name="token" value="([^"]+)"')
    assert token.search(first.content.decode())[1] != token.search(second.content.decode())[1]
