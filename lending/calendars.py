"""A place's calendar: its accepted lending requests as an iCalendar feed (RFC 5545).

``/calendar/place/<id>.ics``, outside the language prefix like the campaigns'
feeds (``campaigns.calendars``, whose conventions this follows): one VEVENT per
accepted request of the place's resources (keyed on the resources'
translation keys, so requests made in any language appear), from
``RECENT_DAYS`` ago on. Each event says only which resource is booked, in the
place's language ("Salle polyvalente · réservé"): never who booked it, why or
how to reach them. UIDs are the request's id and the site's host name, stable
from one download to the next; times carry the site's time zone (Europe/Paris)
with its VTIMEZONE; DTSTAMP is the moment staff answered, so an unchanged feed
is the same bytes and its ETag answers 304.

Only a place the website shows today has a feed (the gate): a draft, private
or finished place answers 404.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils import timezone, translation
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from wagtail.models import Site

import icalendar

from .models import LendingRequest, Status
from .views import shown_place

__all__ = ["place_calendar", "requests_calendar"]

#: Events in one feed at most (bounded work).
FEED_MAX_EVENTS = 1000
#: Accepted requests stay in the feed this many days after they end.
RECENT_DAYS = 30
#: Seconds a browser, a proxy or a calendar application may keep a feed.
FEED_MAX_AGE = 15 * 60
REFRESH_INTERVAL = datetime.timedelta(hours=1)
PRODUCT_ID = "-//Crieur//Lending calendar//FR"

conditional = decorator_from_middleware(ConditionalGetMiddleware)


def site_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _text(value):
    """Plain text for a TEXT property: C0 controls but newlines and tabs dropped."""
    value = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char for char in value if char in "\n\t" or ord(char) >= 32)


def request_uid(lending_request, host):
    return f"{lending_request.pk}-lending@{host}"


def requests_calendar(requests, *, names, name, language, host, url=""):
    """The iCalendar file (bytes) of accepted ``requests``.

    ``names`` maps a resource key to the resource's name in ``language``
    (the snapshot taken with the request is used for a resource since removed).
    """
    zone = site_zone()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _text(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    requests = list(requests)
    with translation.override(language):
        for lending_request in requests:
            resource = names.get(lending_request.resource_key, lending_request.resource_name)
            stamp = (lending_request.decided_at or lending_request.created_at).astimezone(
                datetime.UTC
            )
            event = icalendar.Event()
            event.add("uid", request_uid(lending_request, host))
            event.add("dtstamp", stamp)
            event.add("last-modified", stamp)
            event.add("dtstart", lending_request.starts_at.astimezone(zone))
            event.add("dtend", lending_request.ends_at.astimezone(zone))
            summary = gettext("%(resource)s · booked") % {"resource": resource}
            event.add("summary", _text(summary), parameters={"LANGUAGE": language})
            if url:
                event.add("url", url)
            event.add("status", "CONFIRMED")
            event.add("transp", "OPAQUE")
            event.add("class", "PUBLIC")
            calendar.add_component(event)
    if requests:
        first = min(item.starts_at for item in requests).astimezone(zone).date()
        last = max(item.ends_at for item in requests).astimezone(zone).date()
        calendar.add_missing_timezones(
            first_date=first.replace(month=1, day=1), last_date=last.replace(month=12, day=31)
        )
    return calendar.to_ical()


def _host(request):
    site = Site.find_for_request(request)
    if site is not None and site.hostname and site.hostname != "*":
        return site.hostname
    return request.get_host().rsplit(":", 1)[0]


@require_safe
@conditional
@cache_control(public=True, max_age=FEED_MAX_AGE)
def place_calendar(request, place_id):
    """The accepted requests of one place the website shows, in the place's language."""
    place = shown_place(place_id)
    resources = list(place.resources.all())
    names = {resource.translation_key: resource.name for resource in resources}
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    requests = LendingRequest.objects.filter(
        status=Status.ACCEPTED, resource_key__in=list(names), ends_at__gt=since
    ).order_by("starts_at", "pk")[:FEED_MAX_EVENTS]
    language = place.locale.language_code
    with translation.override(language):
        name = gettext("%(place)s · bookings") % {"place": place.title}
    body = requests_calendar(
        requests,
        names=names,
        name=name,
        language=language,
        host=_host(request),
        url=place.get_full_url(request) or "",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{place.slug}.ics"'
    return response
