"""Hostile input on "Where it appears": titles, dates in the query string, other pages' ids."""

import datetime

from django.urls import reverse

import pytest

from appears.views import chosen_day
from tests.factories import CampaignPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

# A page title holds at most 255 characters.
HOSTILE = ("<script>alert('x')</script> \u202eélbatrop\u202c 🛠️ " + "Outilthèque " * 100)[:255]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


@pytest.mark.parametrize(
    "value",
    ["", "demain", "0001-01-01", "9999-12-31", "2026-02-30", "<script>", "1" * 5000, "2026-1-1"],
)
def test_a_day_that_is_not_a_usable_date_is_refused(value):
    assert chosen_day(value) is None


def test_a_usable_day_is_read():
    assert chosen_day("2026-03-01") == datetime.date(2026, 3, 1)


def test_hostile_titles_and_dates_are_escaped_and_never_crash(client, site_tree, staff_user):
    service = publish(ServicePageFactory(parent=site_tree.services, slug="outils", title=HOSTILE))
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="c", title=HOSTILE)
    campaign.items.add(campaign.items.model(page=service))
    campaign.save()
    publish(campaign)
    client.force_login(staff_user)
    url = reverse("appears_page", args=[service.pk])
    for on in ("0001-01-01", "9999-12-31", "<script>alert(1)</script>", "x" * 10_000):
        response = client.get(url, {"on": on})
        assert response.status_code == 200, on
        text = response.content.decode()
        assert "<script>alert" not in text
        assert "&lt;script&gt;alert" in text
        assert "Ce n’est pas une date" in text


def test_an_unknown_page_is_404_and_the_root_is_refused(client, site_tree, staff_user):
    client.force_login(staff_user)
    unknown = client.get(reverse("appears_page", args=[999_999]), follow=True)
    assert unknown.status_code == 404
    root = site_tree.home.get_parent()
    response = client.get(reverse("appears_page", args=[root.pk]))
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != reverse("appears_page", args=[root.pk])
