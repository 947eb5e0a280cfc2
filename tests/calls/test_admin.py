"""Staff review: listing and filters, decisions (e-mailed, idempotent, logged), permissions, CSV."""

import csv
import io

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from calls.models import Application
from tests.factories.calls import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(call):
    return {
        "received": make_application(call, title="Potager"),
        "accepted": make_application(call, status=Application.Status.ACCEPTED, title="Fresque"),
        "declined": make_application(
            call,
            status=Application.Status.NOT_ACCEPTED,
            title="Concert",
            decision_reason="Hors de la commune.",
        ),
    }


@pytest.fixture
def admin_only_user(django_user_model):
    """Someone who may open the admin but has no right on the call page."""
    user = django_user_model.objects.create_user("lea", "lea@example.org", "password")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_listing_filters_by_status(admin_client, call, applications):
    url = reverse("calls_applications", args=[call.pk])
    page = admin_client.get(url).content.decode()
    assert all(a.title in page for a in applications.values())
    accepted = admin_client.get(url, {"status": "accepted"}).content.decode()
    assert "Fresque" in accepted and "Potager" not in accepted and "Concert" not in accepted
    declined = admin_client.get(url, {"status": "not_accepted"}).content.decode()
    assert "Concert" in declined and "Fresque" not in declined
    unknown = admin_client.get(url, {"status": "<script>"}).content.decode()
    assert "Potager" in unknown and "<script>" not in unknown


def test_detail_shows_the_contact_to_staff(admin_client, applications):
    page = admin_client.get(reverse("calls_application", args=[applications["received"].pk]))
    assert "camille.secret@example.org" in page.content.decode()


def test_declining_needs_a_reason_and_emails_it(admin_client, applications, staff_user):
    url = reverse("calls_application", args=[applications["received"].pk])
    response = admin_client.post(url, {"status": "not_accepted", "reason": "  "})
    assert response.status_code == 400
    assert Application.objects.get(pk=applications["received"].pk).status == "received"
    response = admin_client.post(
        url, {"status": "not_accepted", "reason": "Le projet est hors du territoire."}
    )
    assert response.status_code == 302
    application = Application.objects.get(pk=applications["received"].pk)
    assert application.status == Application.Status.NOT_ACCEPTED
    assert application.decided_at is not None
    assert len(mail.outbox) == 1
    assert "Le projet est hors du territoire." in mail.outbox[0].body
    assert mail.outbox[0].to == ["camille.secret@example.org"]
    assert application.receipt in mail.outbox[0].subject


def test_the_same_decision_twice_changes_nothing(admin_client, applications):
    url = reverse("calls_application", args=[applications["received"].pk])
    admin_client.post(url, {"status": "accepted", "reason": "Bravo"})
    admin_client.post(url, {"status": "accepted", "reason": "Bravo"})
    assert len(mail.outbox) == 1
    logs = ModelLogEntry.objects.filter(
        object_id=str(applications["received"].pk), action="calls.accepted"
    )
    assert logs.count() == 1
    assert logs.get().user.username == "admin"


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("calls_applications", "get"),
        ("calls_applications_csv", "get"),
        ("calls_application", "get"),
        ("calls_application", "post"),
        ("calls_publish_project", "post"),
    ],
)
def test_permissions(client, call, applications, admin_only_user, name, method):
    target = call.pk if name.startswith("calls_applications") else applications["received"].pk
    url = reverse(name, args=[target])
    data = {"status": "accepted", "reason": ""}
    response = getattr(client, method)(url, data if method == "post" else None)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(admin_only_user)
    response = getattr(client, method)(url, data if method == "post" else None)
    # Wagtail answers a refusal in its admin with a redirect to the dashboard and a message.
    assert response.status_code in {302, 403}
    assert "login" not in response.get("Location", "")
    assert "Potager" not in response.content.decode()
    assert Application.objects.get(pk=applications["received"].pk).status == "received"
    assert not mail.outbox


def test_applications_button_on_the_call_page(admin_client, call):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[call.pk]))
    assert reverse("calls_applications", args=[call.pk]) in edit.content.decode()
    home = admin_client.get(reverse("wagtailadmin_pages:edit", args=[call.get_parent().pk]))
    assert "/applications/" not in home.content.decode()


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


#: The finance file's columns, in order.
COLUMNS = [
    "receipt", "submitted", "status", "applicant", "kind", "project", "where", "when",
    "requested", "share", "contact_name", "contact_email", "contact_phone", "reason",
]  # fmt: skip


def test_csv_for_the_finance_department(admin_client, call, applications):
    more = [
        make_application(call, status=Application.Status.ACCEPTED, requested_amount=1250),
        make_application(call, status=Application.Status.ACCEPTED),
    ]
    rows = read_csv(admin_client.get(reverse("calls_applications_csv", args=[call.pk])))
    header, body = rows[0], rows[1:]
    assert len(header) == len(COLUMNS)
    by_receipt = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in body}
    assert len(by_receipt) == 5
    accepted = [applications["accepted"], *more]
    assert {by_receipt[a.receipt]["share"] for a in accepted} == {"3333.00"}  # 10,000 € / 3
    assert by_receipt[more[0].receipt]["requested"] == "1250.00"
    declined = by_receipt[applications["declined"].receipt]
    assert declined["share"] == ""
    assert declined["reason"] == "Hors de la commune."
    assert declined["contact_email"] == "camille.secret@example.org"
    assert by_receipt[applications["received"].receipt]["share"] == ""


def test_csv_neutralises_formulas(admin_client, call):
    hostile = {
        "group_name": '=HYPERLINK("http://evil.example")',
        "title": "+SUM(A1:A9)",
        "description": "-2+3",
        "where": "@SUM(1)",
        "when": "\t=1+1",
        "contact_name": "\r=cmd",
        "contact_phone": "-1",
    }
    make_application(call, **hostile)
    rows = read_csv(admin_client.get(reverse("calls_applications_csv", args=[call.pk])))
    cells = [cell for row in rows[1:] for cell in row]
    for value in hostile.values():
        if value in {hostile["description"]}:
            continue  # the description is not in the finance file
        assert "'" + value in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
