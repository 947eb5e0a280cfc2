"""The demo's lending requests: one pending, one accepted, made once."""

import pytest

from demo.lending import create_demo_lending
from lending.models import LendingRequest, Status
from tests.lending.conftest import make_lending_place

pytestmark = pytest.mark.django_db


def test_the_demo_makes_one_pending_and_one_accepted_request_once(place_index):
    assert create_demo_lending() == []  # no place lends yet: nothing, no error
    place = make_lending_place(place_index)

    first = create_demo_lending()
    again = create_demo_lending()

    assert [item.pk for item in first] == [item.pk for item in again]
    assert LendingRequest.objects.count() == 2
    assert sorted(LendingRequest.objects.values_list("status", flat=True)) == [
        Status.ACCEPTED,
        Status.PENDING,
    ]
    assert {item.place_id for item in first} == {place.pk}
    assert all(item.starts_at > item.created_at for item in first)
