"""Campaign events as iCalendar feeds (RFC 5545) residents subscribe to.

Two feeds, served by ``campaigns.views`` at stable addresses outside the
language prefix (a subscription outlives a redesign of the site):

- ``/calendar/campaign/<id>.ics``: the events of one campaign, in the
  campaign's language (each translation of a campaign has its own id);
- ``/calendar/events.ics?lang=fr``: every upcoming event of the campaigns in
  one language (``lang``, the default language without it).

What a feed may show is decided by the gate: only campaigns the website may
show today (live, public), through ``CampaignEvent.objects.shown_on``; a
draft or private campaign is never in a feed, and its own feed answers 404.

Each event has a UID made of its id and the site's host name, stable from one
download to the next, so that calendars update an event instead of adding it
twice; its times carry the site's time zone (``TIME_ZONE``, Europe/Paris) with
the VTIMEZONE that defines it; DTSTAMP and LAST-MODIFIED are the campaign's
last publication (events are edited with their campaign), so a feed whose
content has not changed is the same bytes and its ETag answers 304.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

import icalendar

__all__ = [
    "FEED_MAX_EVENTS",
    "RECENT_DAYS",
    "event_uid",
    "events_calendar",
    "feed_links",
    "webcal_url",
]

#: Events in one feed at most (bounded work; a campaign has a handful).
FEED_MAX_EVENTS = 500
#: The all-events feed keeps events this many days after they end, so that a
#: subscriber's calendar does not lose an event the day after it took place.
RECENT_DAYS = 30
#: How often calendar applications should download the feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=6)

PRODUCT_ID = "-//Crieur//Campaign events//FR"


def site_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def event_uid(event, host):
    """The event's UID: its id and the site's host name (``42-event@ville.example``)."""
    return f"{event.pk}-event@{host}"


def webcal_url(url):
    """``url`` (absolute, http or https) with the ``webcal://`` scheme calendar apps open."""
    return "webcal://" + url.split("://", 1)[-1]


def feed_links(request, path):
    """What a page links to for the feed at ``path``: ``calendar_url`` and ``webcal_url``."""
    url = request.build_absolute_uri(path)
    return {"calendar_url": url, "webcal_url": webcal_url(url)}


def _text(value):
    """Plain text for a TEXT property: NUL and other C0 controls (but newlines) dropped."""
    value = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char for char in value if char == "\n" or char == "\t" or ord(char) >= 32)


def _stamp(campaign):
    moment = campaign.last_published_at or campaign.latest_revision_created_at
    return (moment or timezone.now()).astimezone(datetime.UTC)


def vevent(event, *, host, url, language):
    """One VEVENT for ``event`` (a ``CampaignEvent`` whose ``campaign`` is loaded)."""
    zone = site_zone()
    campaign = event.campaign
    item = icalendar.Event()
    item.add("uid", event_uid(event, host))
    item.add("dtstamp", _stamp(campaign))
    item.add("last-modified", _stamp(campaign))
    item.add("dtstart", event.starts_at.astimezone(zone))
    if event.ends_at and event.ends_at > event.starts_at:
        item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", _text(event.name), parameters={"LANGUAGE": language})
    if event.place:
        item.add("location", _text(event.place), parameters={"LANGUAGE": language})
    description = event.what_to_try or campaign.slogan
    if description:
        item.add("description", _text(description), parameters={"LANGUAGE": language})
    if url:
        item.add("url", url)
    item.add("status", "CONFIRMED")
    item.add("transp", "OPAQUE")
    return item


def events_calendar(events, *, name, language, host, url_for, description=""):
    """The iCalendar file (bytes) of ``events``.

    ``name`` is the calendar's name shown by applications (X-WR-CALNAME), in
    ``language``; ``url_for(event)`` gives the absolute URL of the page that
    presents the event (its campaign's page).
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _text(name))
    if description:
        calendar.add("x-wr-caldesc", _text(description))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    events = list(events)
    for event in events:
        calendar.add_component(vevent(event, host=host, url=url_for(event), language=language))
    if events:
        # The time zone's definition, only over the years the events need (a few lines).
        first = min(event.starts_at for event in events).astimezone(site_zone()).date()
        last = max(event.ends_at or event.starts_at for event in events)
        calendar.add_missing_timezones(
            first_date=first.replace(month=1, day=1),
            last_date=last.astimezone(site_zone()).date().replace(month=12, day=31),
        )
    return calendar.to_ical()
