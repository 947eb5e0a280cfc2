"""The demo call for projects: open, 12,000 €, a few applications, French and English, once."""

import io

import pytest

from calls.models import Application, CallIndexPage, CallPage
from crieur.demo.translate import translate
from demo.calls import CALL, create_demo_calls

pytestmark = pytest.mark.django_db


def test_demo_call_is_made_once_in_french_and_english(
    site_tree, locales, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translate(site_tree.home, locales["en"], {})
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call = create_demo_calls(stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        again = create_demo_calls()
    assert again.pk == call.pk
    assert CallPage.objects.count() == 2 and CallIndexPage.objects.count() == 2
    assert Application.objects.count() == 7
    assert "Call for projects: Fonds des voisins 2026 ready (7 new applications" in out.getvalue()

    assert call.is_open() and call.budget == 12_000
    counts = {
        status: Application.objects.filter(status=status).count()
        for status in Application.Status.values
    }
    assert counts == {"received": 2, "accepted": 4, "not_accepted": 1}
    declined = Application.objects.get(status="not_accepted")
    assert declined.decision_reason
    share = call.share()
    assert (share.projects, share.each, share.undivided) == (4, 3_000, 0)

    english = call.get_translation(locales["en"])
    assert english.live and english.title == CALL["title"][1]
    assert english.slug == CALL["slug"][1]
    response = client.get(english.url)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "4 projects accepted: each receives 3,000 €." in page
    french_page = " ".join(client.get(call.url).content.decode().split())
    assert "candidature1@example.org" not in french_page
