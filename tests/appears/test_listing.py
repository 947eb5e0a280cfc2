"""The listing's "Where it appears" line costs no query (the listing itself grows per page)."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail import hooks

import pytest

from appears.wagtail_hooks import where_listing_button
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def listing_queries(client, parent):
    url = reverse("wagtailadmin_explore", args=[parent.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def without_the_button():
    entries = hooks._hooks["register_page_listing_more_buttons"]
    saved = list(entries)

    def remove():
        entries[:] = [entry for entry in entries if entry[0] is not where_listing_button]

    yield remove
    entries[:] = saved


def test_the_listing_button_adds_no_query(client, django_user_model, site_tree, without_the_button):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    client.force_login(user)
    pages = [ServicePageFactory(parent=site_tree.services, slug=f"s{n}") for n in range(6)]
    with_button, text = listing_queries(client, site_tree.services)
    for page in pages:
        assert reverse("appears_page", args=[page.pk]) in text
    without_the_button()
    without, text = listing_queries(client, site_tree.services)
    for page in pages:
        assert reverse("appears_page", args=[page.pk]) not in text
    assert with_button == without
