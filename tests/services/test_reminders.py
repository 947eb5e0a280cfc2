"""Review reminders: stale explainers and ended trial offers, in reports and on the dashboard."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from services.models import RegulationPage, ServicePage
from tests.factories import RegulationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(site_tree):
    today = timezone.localdate()

    def service(slug, **fields):
        page = ServicePageFactory(parent=site_tree.services, slug=slug, title=slug, **fields)
        page.save_revision().publish()
        return page

    def regulation(slug, days_ago):
        page = RegulationPageFactory(
            parent=site_tree.regulations,
            slug=slug,
            question=f"Question {slug} ?",
            last_checked=today - datetime.timedelta(days=days_ago),
        )
        page.save_revision().publish()
        return page

    return {
        "ended": service("essai-fini", trial_until=today - datetime.timedelta(days=1)),
        "running": service("essai-en-cours", trial_until=today),
        "open_ended": service("essai-sans-fin", trial_until=None),
        "no_trial": service(
            "sans-essai", trial_offer="", trial_until=today - datetime.timedelta(days=9)
        ),
        "stale": regulation("ancienne", 400),
        "fresh": regulation("recente", 30),
    }


def test_querysets(content):
    assert list(ServicePage.objects.trial_ended()) == [content["ended"]]
    assert list(RegulationPage.objects.stale()) == [content["stale"]]


def test_ended_trials_report(admin_client, content):
    response = admin_client.get(reverse("ended_trials_report"))
    assert response.status_code == 200
    assert [page.pk for page in response.context["object_list"]] == [content["ended"].pk]


def test_dashboard_panels(admin_client, content):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="content-to-review-section"' in html
    assert "Question ancienne ?" in html and "Question recente ?" not in html
    assert "essai-fini" in html and "essai-en-cours" not in html
