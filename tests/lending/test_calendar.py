"""A place's bookings as an iCalendar feed: accepted requests only, nobody's details."""

import icalendar
import pytest

from lending.models import Status
from tests.lending.conftest import (
    make_lending_place,
    moment,
    next_week,
    resource_named,
    stored_request,
)

pytestmark = pytest.mark.django_db


def feed_url(place):
    return f"/calendar/place/{place.pk}.ics"


def test_the_feed_has_the_accepted_requests_without_personal_details(client, lending_place):
    room = resource_named(lending_place, "Salle polyvalente")
    bike = resource_named(lending_place, "Vélo cargo")
    day = next_week()
    accepted = stored_request(lending_place, room, moment(day, 9), moment(day, 11), "accepted")
    stored_request(lending_place, bike, moment(day, 9), moment(day, 11), Status.PENDING)
    stored_request(lending_place, bike, moment(day, 14), moment(day, 15), Status.DECLINED)

    response = client.get(feed_url(lending_place))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    for secret in ("Dominique", "dominique.secret", "Atelier secret", "responsable@"):
        assert secret not in body
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Salle polyvalente · réservé"
    assert str(event["UID"]) == f"{accepted.pk}-lending@testserver"
    assert event["DTSTART"].dt == moment(day, 9)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTEND"].dt == moment(day, 11)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    # Stable: the same bytes on the next download, and a 304 for the same ETag.
    again = client.get(feed_url(lending_place))
    assert again.content == response.content
    assert (
        client.get(feed_url(lending_place), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    )


def test_a_draft_or_unknown_place_has_no_feed(client, place_index):
    draft = make_lending_place(place_index, slug="brouillon", publish=False)
    assert client.get(feed_url(draft)).status_code == 404
    assert client.get("/calendar/place/999999.ics").status_code == 404
    assert client.get(f"/calendar/place/{2**40}.ics").status_code == 404
    assert client.post(f"/calendar/place/{draft.pk}.ics").status_code == 405
