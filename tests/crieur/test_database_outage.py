"""A database outage is answered with 503 and Retry-After, never a 500."""

from unittest import mock

from django.db import OperationalError

import pytest

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def test_pages_answer_503_while_the_database_is_unreachable(client, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    outage = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch("wagtail.models.Page.route_for_request", side_effect=outage):
        response = client.get(service.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert client.get(service.url).status_code == 200  # and it recovers by itself


def test_the_resolver_answers_503_while_the_database_is_unreachable(client, site_tree):
    outage = OperationalError("server closed the connection unexpectedly")
    with mock.patch("links.views.resolve", side_effect=outage):
        response = client.get("/q/ABC234")
    assert response.status_code == 503


def test_other_errors_are_not_hidden(client, site_tree):
    client.raise_request_exception = True
    with (
        mock.patch("wagtail.models.Page.route_for_request", side_effect=ValueError("bug")),
        pytest.raises(ValueError),
    ):
        client.get(site_tree.home.url)
