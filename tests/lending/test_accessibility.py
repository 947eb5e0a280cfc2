"""axe-core on the request page, as it first shows and with its errors after a wrong submission."""

import pytest

from lending.models import Status
from tests.accessibility import CHROMIUM_MISSING, chromium_page, describe, serious_violations
from tests.lending.conftest import (
    moment,
    next_week,
    request_page_url,
    resource_named,
    stored_request,
)

pytestmark = [
    pytest.mark.browser,
    CHROMIUM_MISSING,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_request_page_has_no_serious_violation(live_server, lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    day = next_week()
    stored_request(lending_place, room, moment(day, 9), moment(day, 11), Status.ACCEPTED)
    stored_request(lending_place, room, moment(day, 18), moment(day, 20), Status.PENDING)

    with chromium_page(live_server.url) as page:
        page.goto(live_server.url + request_page_url(lending_place), wait_until="load")
        assert page.locator("h1").inner_text() == "Demander à emprunter"
        violations = serious_violations(page)
        assert violations == [], describe(violations)

        # Sent with the end before the start: the errors, what was typed, still accessible.
        page.get_by_label("Salle polyvalente").check()
        page.get_by_label("Date", exact=True).fill(day.isoformat())
        page.get_by_label("Heure de début").fill("16:00")
        page.get_by_label("Heure de fin").fill("14:00")
        page.get_by_label("Pour quoi faire ?").fill("Réunion de quartier")
        page.get_by_label("Votre nom").fill("Camille")
        page.get_by_label("Votre adresse e-mail").fill("camille@example.org")
        page.get_by_role("button", name="Envoyer ma demande").click()
        page.wait_for_load_state("load")
        assert "La fin doit venir après le début." in page.content()
        assert page.get_by_label("Pour quoi faire ?").input_value() == "Réunion de quartier"
        violations = serious_violations(page)
        assert violations == [], describe(violations)
