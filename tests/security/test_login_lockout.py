"""A brake on password guessing (Crieur issue 10, finding 12), with django-axes.

Forty wrong admin passwords from one address used to be answered as usual, and
so were page passwords. Now, after ``AXES_FAILURE_LIMIT`` failures from one
address, that address gets a 429 with a clear message (even for the right
password) until ``AXES_COOLOFF_TIME`` has passed or staff run
``manage.py axes_reset_ip ADDRESS``. Other addresses are not affected. The test
settings switch axes off (``client.login`` has no request); these tests switch
it on.
"""

import datetime
import io

from django.contrib.auth import SESSION_KEY
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from axes.models import AccessAttempt

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
NEIGHBOUR = "198.51.100.20"
WRONG_TRIES = 40


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


def admin_login(client, address, password, **headers):
    return client.post(
        "/admin/login/",
        {"username": "staff", "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def assert_locked_out(response):
    assert response.status_code == 429
    text = response.content.decode()
    assert "Trop de tentatives" in text  # French, the default language
    assert "axes_reset_ip" not in text  # staff know the command; visitors need not
    assert response["Retry-After"] == str(30 * 60)
    assert response["Cache-Control"] == "no-store"


def test_the_limit_and_the_cool_off_are_ten_failures_and_thirty_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesBackend"


def test_admin_login_locks_an_address_out_after_repeated_failures(client, staff_user, settings):
    limit = settings.AXES_FAILURE_LIMIT
    answers = [admin_login(client, ATTACKER, f"guess-{n}") for n in range(WRONG_TRIES)]

    assert [r.status_code for r in answers[: limit - 1]] == [200] * (limit - 1)
    for response in answers[limit - 1 :]:
        assert_locked_out(response)

    # The right password is refused too while the address is locked out.
    assert_locked_out(admin_login(client, ATTACKER, "password"))
    assert SESSION_KEY not in client.session

    # Another address logs in as usual.
    neighbour = Client()
    response = admin_login(neighbour, NEIGHBOUR, "password")
    assert response.status_code == 302
    assert SESSION_KEY in neighbour.session

    # Staff unlock the address, as the README says.
    call_command("axes_reset_ip", ATTACKER, stdout=io.StringIO())
    response = admin_login(client, ATTACKER, "password")
    assert response.status_code == 302
    assert SESSION_KEY in client.session


def test_lockout_is_lifted_after_the_cool_off_time(client, staff_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, ATTACKER, f"guess-{n}")
    assert admin_login(client, ATTACKER, "password").status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )
    assert admin_login(client, ATTACKER, "password").status_code == 302


def test_attempts_keep_no_password(client, staff_user):
    admin_login(client, ATTACKER, "my-secret-guess")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == ATTACKER
    assert "my-secret-guess" not in attempt.post_data


def test_behind_a_proxy_the_lockout_sees_the_address_the_rate_limits_see(
    client, staff_user, settings
):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    proxy = "10.0.0.2"  # every request comes from the reverse proxy
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, proxy, f"guess-{n}", HTTP_X_REAL_IP=ATTACKER)

    assert admin_login(client, proxy, "password", HTTP_X_REAL_IP=ATTACKER).status_code == 429
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    neighbour = Client()
    assert admin_login(neighbour, proxy, "password", HTTP_X_REAL_IP=NEIGHBOUR).status_code == 302


def test_an_ipv6_client_is_locked_out_as_its_slash_64_like_the_rate_limits(
    client, staff_user, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, f"2001:db8:5:7::{n + 1:x}", f"guess-{n}")
    assert admin_login(client, "2001:db8:5:7:ffff::1", "password").status_code == 429
    other = Client()
    assert admin_login(other, "2001:db8:5:8::1", "password").status_code == 302
    call_command("axes_reset_ip", "2001:db8:5:7::", stdout=io.StringIO())
    assert admin_login(client, "2001:db8:5:7::1", "password").status_code == 302


@pytest.fixture
def private_page(site_tree):
    page = ServicePageFactory(parent=site_tree.services, slug="reserve", title="Réservé")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sesame-ouvre-toi"
    )
    return page, restriction


def page_password(client, private_page, address, password):
    page, restriction = private_page
    return client.post(
        f"/fr/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": password, "return_url": page.url},
        REMOTE_ADDR=address,
    )


def test_page_password_form_locks_an_address_out_after_repeated_failures(
    client, private_page, settings
):
    page, restriction = private_page
    # The page's own form posts to the view counted here.
    form = client.get(page.url, REMOTE_ADDR=ATTACKER).content.decode()
    assert f'action="/fr/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"' in form
    limit = settings.AXES_FAILURE_LIMIT
    answers = [page_password(client, private_page, ATTACKER, f"guess-{n}") for n in range(40)]

    assert [r.status_code for r in answers[: limit - 1]] == [200] * (limit - 1)
    for response in answers[limit - 1 :]:
        assert_locked_out(response)

    # The right password is refused while locked out, and the page stays closed.
    assert_locked_out(page_password(client, private_page, ATTACKER, "sesame-ouvre-toi"))
    assert 'name="password"' in client.get(page.url, REMOTE_ADDR=ATTACKER).content.decode()

    neighbour = Client()
    response = page_password(neighbour, private_page, NEIGHBOUR, "sesame-ouvre-toi")
    assert response.status_code == 302
    assert response["Location"] == page.url

    call_command("axes_reset_ip", ATTACKER, stdout=io.StringIO())
    response = page_password(client, private_page, ATTACKER, "sesame-ouvre-toi")
    assert response.status_code == 302
    assert 'name="password"' not in client.get(page.url, REMOTE_ADDR=ATTACKER).content.decode()


def test_admin_and_page_password_failures_count_together(client, private_page, staff_user):
    for n in range(5):
        admin_login(client, ATTACKER, f"guess-{n}")
    for n in range(5):
        page_password(client, private_page, ATTACKER, f"guess-{n}")
    assert admin_login(client, ATTACKER, "password").status_code == 429


def test_collection_password_form_locks_an_address_out_too(client, settings):
    collection = Collection.get_first_root_node().add_child(name="Dossiers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="sesame-ouvre-toi",
    )
    document = get_document_model()(title="Dossier", collection=collection)
    document.file.save("dossier.txt", ContentFile(b"dossier"), save=False)
    document.save()

    form = client.get(document.url, REMOTE_ADDR=ATTACKER).content.decode()
    assert f'action="/documents/authenticate_with_password/{restriction.pk}/"' in form

    def attempt(password):
        return client.post(
            f"/documents/authenticate_with_password/{restriction.pk}/",
            {"password": password, "return_url": document.url},
            REMOTE_ADDR=ATTACKER,
        )

    answers = [attempt(f"guess-{n}").status_code for n in range(settings.AXES_FAILURE_LIMIT)]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert_locked_out(attempt("sesame-ouvre-toi"))
    assert not client.get(document.url, REMOTE_ADDR=ATTACKER).streaming  # the form, no file
