import datetime

import pytest

from services.models import RegulationPage
from tests.factories import RegulationPageFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def test_explainer_unchecked_for_twelve_months_is_stale(site_tree):
    fresh = RegulationPageFactory(parent=site_tree.regulations, last_checked=TODAY)
    almost = RegulationPageFactory(
        parent=site_tree.regulations, last_checked=TODAY - datetime.timedelta(days=364)
    )
    stale = RegulationPageFactory(
        parent=site_tree.regulations, last_checked=TODAY - datetime.timedelta(days=365)
    )
    very_stale = RegulationPageFactory(
        parent=site_tree.regulations, last_checked=TODAY - datetime.timedelta(days=800)
    )

    assert set(RegulationPage.objects.stale(on=TODAY)) == {stale, very_stale}
    assert not fresh.is_stale(on=TODAY)
    assert not almost.is_stale(on=TODAY)
    assert stale.is_stale(on=TODAY)


def test_stale_report_lists_only_stale_explainers(client, site_tree, staff_user):
    RegulationPageFactory(
        parent=site_tree.regulations,
        question="Question vérifiée récemment ?",
        last_checked=datetime.date.today(),
    )
    RegulationPageFactory(
        parent=site_tree.regulations,
        question="Question oubliée depuis longtemps ?",
        last_checked=datetime.date.today() - datetime.timedelta(days=400),
    )
    client.force_login(staff_user)

    response = client.get("/admin/reports/stale-regulations/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Question oubliée depuis longtemps ?" in html
    assert "Question vérifiée récemment ?" not in html


def test_stale_report_needs_page_permissions(client, site_tree, django_user_model):
    user = django_user_model.objects.create_user("resident", password="password")
    client.force_login(user)
    response = client.get("/admin/reports/stale-regulations/")
    assert response.status_code in (302, 403)


def test_regulation_page_shows_when_it_was_checked(client, site_tree):
    page = RegulationPageFactory(
        parent=site_tree.regulations,
        question="Puis-je prêter ma voiture ?",
        last_checked=datetime.date(2026, 3, 2),
    )
    page.legal_references.create(label="Code des assurances, L211-1", url="https://example.org/")
    page.save_revision().publish()
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Puis-je prêter ma voiture ?" in html
    assert "2 mars 2026" in html
    assert "Code des assurances, L211-1" in html
