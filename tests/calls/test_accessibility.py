"""axe-core finds no serious violation on the call page, its form, its errors and its receipt."""

import pytest

from calls.models import Application
from tests.accessibility import CHROMIUM_MISSING, chromium_page, describe, serious_violations
from tests.factories.calls import make_application

pytestmark = [
    pytest.mark.browser,
    CHROMIUM_MISSING,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_call_page_and_form_have_no_serious_violation(live_server, call):
    make_application(call, status=Application.Status.ACCEPTED)
    make_application(call, status=Application.Status.ACCEPTED)
    make_application(call, status=Application.Status.ACCEPTED)
    apply_url = live_server.url + call.url + call.reverse_subpage("apply")
    with chromium_page(live_server.url) as page:
        page.goto(live_server.url + call.url, wait_until="load")
        shown = page.inner_text("main").replace("\u202f", " ").replace("\xa0", " ")
        assert "3 333 €" in shown
        violations = serious_violations(page)
        assert violations == [], describe(violations)

        page.goto(apply_url, wait_until="load")
        violations = serious_violations(page)
        assert violations == [], describe(violations)

        # Sent empty: the errors, then filled: the receipt.
        page.click(".call-form button[type=submit]")
        page.wait_for_selector("[role=alert]")
        violations = serious_violations(page)
        assert violations == [], describe(violations)

        page.fill("#id_group_name", "Les Voisins")
        page.check("#id_applicant_kind_1")
        page.fill("#id_title", "Une fête de rue")
        page.fill("#id_description", "Un repas partagé.")
        page.fill("#id_where", "Rue des Saules")
        page.fill("#id_when", "En juin")
        page.fill("#id_contact_name", "Lou")
        page.fill("#id_contact_email", "lou@example.org")
        page.click(".call-form button[type=submit]")
        page.wait_for_selector(".call-receipt")
        assert page.inner_text(".call-receipt").startswith("AP-")
        violations = serious_violations(page)
        assert violations == [], describe(violations)
