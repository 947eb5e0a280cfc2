"""Hostile input in the calendar feeds and in the schema.org data of the pages that list events.

Editors' text goes into an iCalendar file (where a line break could start a
property or an event of its own) and into a ``<script>`` element (where
``</script>`` could end it): neither may break out. The feeds' addresses take
nothing but an id and a language.
"""

import datetime
import json
import re

from django.utils import timezone

import icalendar
import pytest

from campaigns.models import CampaignEvent
from tests.campaigns.conftest import campaign, fresh_link_cache, publish  # noqa: F401

pytestmark = pytest.mark.django_db

BREAKOUT = "</script><script>alert(1)</script>"
INJECTION = "Fête\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Faux\nUID:1@evil;x,y\\"
RTL = "\u202eتجربة\u202c 🛠️👩🏽‍🔧"
LONG = "Très long texte, sans fin ; " * 45  # 1,260 characters


@pytest.fixture
def hostile(campaign):  # noqa: F811
    starts = timezone.now() + datetime.timedelta(days=3)
    campaign.events = {
        name: CampaignEvent.objects.create(
            campaign=campaign.page,
            locale=campaign.page.locale,
            sort_order=order,
            name=name,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place=place,
            what_to_try=what,
        )
        for order, (name, place, what) in enumerate(
            [
                (BREAKOUT, "<b>Salle</b> & co", "<img src=x onerror=alert(1)>"),
                (INJECTION, "Place\rdu\nmarché\x0b", LONG),
                (RTL, RTL, RTL + "\x07"),
            ],
            start=1,
        )
    }
    publish(campaign.page)
    return campaign


def test_feed_keeps_each_text_in_its_event(client, hostile):
    response = client.get(f"/calendar/campaign/{hostile.page.pk}.ics")
    assert response.status_code == 200
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded, as RFC 5545 asks
    assert b"\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Faux" not in raw
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 4  # the fixture's event and the three hostile ones: no forged one

    def event_for(name):
        return events[f"{hostile.events[name].pk}-event@testserver"]

    injected = event_for(INJECTION)
    assert str(injected["SUMMARY"]) == INJECTION.replace("\r\n", "\n")
    assert str(injected["LOCATION"]) == "Place\ndu\nmarché"  # control characters dropped
    assert str(injected["DESCRIPTION"]) == LONG
    assert str(event_for(BREAKOUT)["SUMMARY"]) == BREAKOUT
    assert str(event_for(RTL)["SUMMARY"]) == RTL
    assert str(event_for(RTL)["DESCRIPTION"]) == RTL


def test_json_ld_cannot_end_its_script(client, hostile):
    html = client.get(hostile.page.url).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.DOTALL)
    (data,) = [json.loads(text) for text in scripts]  # one script only: no break-out
    by_name = {event["name"]: event for event in data}
    assert set(by_name) >= {BREAKOUT, INJECTION, RTL}
    assert by_name[BREAKOUT]["location"]["name"] == "<b>Salle</b> & co"
    assert by_name[BREAKOUT]["description"] == "<img src=x onerror=alert(1)>"
    assert by_name[INJECTION]["description"] == LONG


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/campaign/99999999999999999999999.ics",
        "/calendar/campaign/0.ics",
        "/calendar/campaign/-1.ics",
        "/calendar/campaign/1%00.ics",
        "/calendar/events.ics?lang=%3Cscript%3E",
        "/calendar/events.ics?lang=../../etc/passwd",
        "/calendar/events.ics?lang=" + "x" * 5000,
    ],
)
def test_feed_addresses_take_nothing_else(client, hostile, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"<script" not in response.content


def test_feeds_are_read_only(client, hostile):
    for path in (f"/calendar/campaign/{hostile.page.pk}.ics", "/calendar/events.ics"):
        assert client.post(path).status_code == 405
        assert client.head(path).status_code == 200
