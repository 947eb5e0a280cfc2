"""Staff answer lending requests from the admin: permissions, e-mails, history, idempotence."""

from django.contrib.auth.models import Group, Permission
from django.core import mail

from wagtail.models import ModelLogEntry

import pytest

from lending.models import LendingRequest, Status
from tests.lending.conftest import (
    form_data,
    moment,
    next_week,
    request_page_url,
    resource_named,
    stored_request,
)

pytestmark = pytest.mark.django_db

INDEX = "/admin/lending_requests/"


def edit_url(lending_request):
    return f"/admin/lending_requests/edit/{lending_request.pk}/"


@pytest.fixture
def answer(client, django_capture_on_commit_callbacks):
    """Post an answer; the e-mail leaves once the answer is committed."""

    def post(lending_request, status, message=""):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                edit_url(lending_request), {"status": status, "staff_message": message}
            )

    return post


@pytest.fixture
def pending(lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    day = next_week()
    return stored_request(
        lending_place, room, moment(day, 14), moment(day, 16), language="en", name="Sam Lee"
    )


@pytest.fixture
def communication_staff(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


def test_anonymous_visitors_and_users_without_the_permissions_get_nothing(
    client, django_user_model, pending
):
    for url in (INDEX, edit_url(pending), f"/admin/lending_requests/inspect/{pending.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    editor = django_user_model.objects.create_user("editor", "e@example.org", "password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in (INDEX, edit_url(pending)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Sam Lee" not in response.content.decode()
    response = client.post(edit_url(pending), {"status": "accepted", "staff_message": ""})
    assert response.status_code in (302, 403)
    assert LendingRequest.objects.get().status == Status.PENDING
    assert mail.outbox == []


def test_a_user_who_may_only_see_requests_cannot_answer_them(client, django_user_model, pending):
    viewer = django_user_model.objects.create_user("viewer", "v@example.org", "password")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_lendingrequest"),
    )
    client.force_login(viewer)
    assert client.get(INDEX).status_code == 200

    response = client.post(edit_url(pending), {"status": "accepted", "staff_message": ""})

    assert response.status_code in (302, 403)
    assert LendingRequest.objects.get().status == Status.PENDING


def test_communication_staff_list_requests_by_place_status_and_date(
    client, communication_staff, pending, lending_place
):
    bike = resource_named(lending_place, "Vélo cargo")
    day = next_week()
    stored_request(lending_place, bike, moment(day, 8), moment(day, 9), Status.DECLINED)
    client.force_login(communication_staff)

    listing = client.get(INDEX).content.decode()
    assert pending.reference in listing and "Maison des associations" in listing

    only_pending = client.get(INDEX, {"status": "pending", "place": lending_place.pk})
    assert pending.reference in only_pending.content.decode()
    assert "Vélo cargo" not in only_pending.content.decode()
    dated = client.get(INDEX, {"starts_at_after": (day.replace(day=1)).isoformat()})
    assert dated.status_code == 200
    # Residents make requests: staff cannot add one.
    assert client.get("/admin/lending_requests/new/").status_code in (302, 403)


def test_staff_accept_and_the_resident_gets_the_answer_once(
    client, answer, communication_staff, pending
):
    client.force_login(communication_staff)
    page = client.get(edit_url(pending)).content.decode()
    assert "Sam Lee" in page and "Atelier secret" in page  # what was asked, to decide on

    message = "La clé est à l’accueil de la mairie."
    response = answer(pending, "accepted", message)

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.ACCEPTED
    assert pending.decided_by == communication_staff and pending.decided_at is not None
    (sent,) = mail.outbox
    assert sent.to == ["dominique.secret@example.org"]
    assert "accepted" in sent.subject and pending.reference in sent.subject  # in English
    assert message in sent.body
    entry = ModelLogEntry.objects.get(object_id=str(pending.pk), action="lending.accept")
    assert entry.user == communication_staff

    # The same answer again (a double click, a second tab): nothing changes, nothing is sent.
    answer(pending, "accepted", message)
    assert len(mail.outbox) == 1
    assert ModelLogEntry.objects.filter(action="lending.accept").count() == 1


def test_a_declined_request_cannot_be_accepted_afterwards(
    client, answer, communication_staff, pending
):
    client.force_login(communication_staff)
    answer(pending, "declined", "Salle en travaux.")
    pending.refresh_from_db()
    assert pending.status == Status.DECLINED
    assert "declined" in mail.outbox[0].subject and "Salle en travaux." in mail.outbox[0].body

    answer(pending, "accepted")

    pending.refresh_from_db()
    assert pending.status == Status.DECLINED
    assert len(mail.outbox) == 1


def test_declining_frees_the_slot_for_the_next_resident(
    client, answer, communication_staff, pending, lending_place
):
    room = resource_named(lending_place, "Salle polyvalente")
    resident = type(client)()
    assert resident.post(request_page_url(lending_place), form_data(room)).status_code == 409

    client.force_login(communication_staff)
    answer(pending, "declined")

    assert resident.post(request_page_url(lending_place), form_data(room)).status_code == 302
