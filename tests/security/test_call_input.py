"""Hostile input on calls for projects: the public form, the call's figures, the admin.

Each case gets a clear answer and nothing is lost: applications already
received stay as they were, and a refused form keeps what was typed.
"""

import datetime
import re
import uuid

from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from calls.models import MAX_BUDGET, Application, CallPage
from tests.calls.conftest import CommittingClient, call, call_index  # noqa: F401
from tests.factories.calls import make_application

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
RTL_EMOJI = "\u202eélbatrop\u202c 🌱 مشروع الحي 👩🏽‍🌾"
HUGE = "Très long projet. " * 6000  # about 100 kB


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    return CommittingClient()


def apply_url(page):
    return page.url + page.reverse_subpage("apply")


def form_data(client, page, **fields):
    response = client.get(apply_url(page))
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    return {
        "token": token,
        "website": "",
        "group_name": "Voisins",
        "applicant_kind": "group",
        "title": "Projet",
        "description": "Une description.",
        "where": "Ici",
        "when": "Bientôt",
        "requested_amount": "",
        "contact_name": "Lou",
        "contact_email": "lou@example.org",
        "contact_phone": "",
        **fields,
    }


def test_script_rtl_and_emoji_are_kept_as_text_and_escaped(client, call):  # noqa: F811
    data = form_data(
        client,
        call,
        group_name=SCRIPT,
        title=f"{SCRIPT} {RTL_EMOJI}",
        description=f"{SCRIPT}\n{RTL_EMOJI}",
        where=RTL_EMOJI,
    )
    response = client.post(apply_url(call), data)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.title == f"{SCRIPT} {RTL_EMOJI}"
    page = response.content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    # The e-mail is plain text: the applicant reads what they typed.
    assert SCRIPT in mail.outbox[0].body


def test_hostile_text_in_the_admin_is_escaped(admin_client, call):  # noqa: F811
    application = make_application(call, title=SCRIPT, group_name=SCRIPT, description=HUGE)
    for url in (
        reverse("calls_applications", args=[call.pk]),
        reverse("calls_application", args=[application.pk]),
    ):
        page = admin_client.get(url).content.decode()
        assert "<script>alert('x')" not in page
        assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", HUGE),
        ("title", "x" * 5000),
        ("group_name", "x" * 100_000),
        ("where", "y" * 100_000),
        ("contact_email", "not an address"),
        ("contact_email", "a@" + "b" * 300 + ".org"),
        ("contact_phone", "0" * 1000),
        ("applicant_kind", "mayor"),
        ("requested_amount", "-5"),
        ("requested_amount", str(MAX_BUDGET + 1)),
        ("requested_amount", "9" * 40),
        ("requested_amount", "1e9"),
        ("requested_amount", "NaN"),
        ("title", ""),
        ("title", "\x00"),
    ],
)
def test_bad_fields_get_a_clear_answer_and_keep_the_rest(client, call, field, value):  # noqa: F811
    data = form_data(client, call, **{field: value})
    response = client.post(apply_url(call), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page or "errorlist" in page
    if field != "where":
        assert 'value="Ici"' in page  # what was typed is kept
    assert not Application.objects.exists()


def test_forged_status_and_call_fields_are_ignored(client, call):  # noqa: F811
    data = form_data(
        client,
        call,
        status="accepted",
        decision_reason="Auto-accepté",
        call="999999",
        receipt_number="1",
        receipt_year="1999",
        project_page="1",
        submitted_at="2000-01-01",
        language="xx",
    )
    assert client.post(apply_url(call), data).status_code == 200
    application = Application.objects.get()
    assert application.status == Application.Status.RECEIVED
    assert application.decision_reason == ""
    assert application.call_id == call.pk
    assert application.project_page_id is None
    assert application.receipt == f"AP-{timezone.localdate().year}-0001"
    assert application.language == "fr"


def test_a_forged_or_missing_token_is_refused(client, call):  # noqa: F811
    data = form_data(client, call)
    for token in ("", "not-a-uuid", "' OR 1=1 --"):
        response = client.post(apply_url(call), {**data, "token": token})
        assert response.status_code == 400
    assert not Application.objects.exists()
    # A token the server never issued but well-formed: one application, as any.
    assert client.post(apply_url(call), {**data, "token": str(uuid.uuid4())}).status_code == 200


def test_double_submission_makes_one_application(client, call):  # noqa: F811
    data = form_data(client, call)
    responses = [client.post(apply_url(call), data) for _attempt in range(3)]
    assert {response.status_code for response in responses} == {200}
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 1


def test_post_to_a_closed_call_is_refused_and_keeps_earlier_ones(client, call):  # noqa: F811
    make_application(call, title="Reçue à temps")
    data = form_data(client, call, title="Trop tard")
    call.opens_on = timezone.localdate() - datetime.timedelta(days=60)
    call.closes_on = timezone.localdate() - datetime.timedelta(days=30)
    call.save_revision().publish()
    response = client.post(apply_url(call), data)
    assert response.status_code == 403
    assert list(Application.objects.values_list("title", flat=True)) == ["Reçue à temps"]
    assert not mail.outbox


def test_post_before_opening_is_refused(client, call):  # noqa: F811
    data = form_data(client, call)
    call.opens_on = timezone.localdate() + datetime.timedelta(days=1)
    call.closes_on = timezone.localdate() + datetime.timedelta(days=10)
    call.save_revision().publish()
    assert client.post(apply_url(call), data).status_code == 403
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "budget", "field"),
    [
        (10, 5, 1000, "closes_on"),  # closes before it opens
        (0, 5, -1, "budget"),
        (0, 5, MAX_BUDGET + 1, "budget"),
    ],
)
def test_impossible_call_figures_are_refused(call, opens, closes, budget, field):  # noqa: F811
    today = timezone.localdate()
    call.opens_on = today + datetime.timedelta(days=opens)
    call.closes_on = today + datetime.timedelta(days=closes)
    call.budget = budget
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert field in error.value.message_dict


def test_impossible_dates_in_the_admin_form_are_refused(admin_client, call):  # noqa: F811
    url = reverse("wagtailadmin_pages:edit", args=[call.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    # A date that does not exist never reaches the model: the form says so.
    form_class = CallPage.get_edit_handler().get_form_class()
    form = form_class(
        data={
            "title": call.title,
            "slug": call.slug,
            "teaser": call.teaser,
            "budget": "1000",
            "opens_on": "2026-02-30",
            "closes_on": "2026-13-01",
            "eligibility": "x",
            "who_can_apply": "x",
        },
        instance=call,
        parent_page=call.get_parent(),
    )
    assert not form.is_valid()
    assert {"opens_on", "closes_on"} <= set(form.errors)


def test_a_decision_with_forged_status_is_refused(admin_client, call):  # noqa: F811
    application = make_application(call)
    url = reverse("calls_application", args=[application.pk])
    for status in ("received", "approved", "<script>", ""):
        response = admin_client.post(url, {"status": status, "reason": "x"})
        assert response.status_code == 400
    assert Application.objects.get().status == Application.Status.RECEIVED
    response = admin_client.post(url, {"status": "accepted", "reason": "x" * 6000})
    assert response.status_code == 400
    assert not mail.outbox
