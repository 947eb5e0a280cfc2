"""axe-core finds no serious violation on the proposal form, blank and with its errors shown."""

import re

import pytest

from contributions.models import PlaceContribution
from tests.accessibility import CHROMIUM_MISSING, chromium_page, describe, serious_violations

pytestmark = [
    pytest.mark.browser,
    CHROMIUM_MISSING,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_proposal_form_is_accessible_blank_with_errors_and_sent(live_server, place_map):
    with chromium_page(live_server.url) as page:
        page.goto(live_server.url + "/fr/lieux/proposer/", wait_until="load")
        assert serious_violations(page) == [], describe(serious_violations(page))
        assert not page.locator("#id_website").is_visible()  # the trap is hidden
        page.get_by_role("button", name="Envoyer ma proposition").click()
        page.wait_for_load_state("load")
        assert page.locator("[aria-invalid=true]").count() >= 2
        violations = serious_violations(page)
        assert violations == [], describe(violations)
        page.get_by_label(re.compile("^Nom du lieu")).fill("Frigo solidaire de la gare")
        page.get_by_label(re.compile("^Type de lieu")).select_option("fridge")
        page.get_by_label(re.compile("^Adresse")).fill("Parvis de la gare")
        page.get_by_role("button", name="Envoyer ma proposition").click()
        page.wait_for_load_state("load")
        assert "Merci pour votre proposition" in page.content()
        assert serious_violations(page) == []
        page.goto(
            live_server.url + f"/en/places/propose/?place={place_map['place'].pk}",
            wait_until="load",
        )
        assert serious_violations(page) == []
    assert PlaceContribution.objects.get().name == "Frigo solidaire de la gare"
