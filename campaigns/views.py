"""The iCalendar feeds of campaign events (see ``campaigns.calendars``).

Public, anonymous and cacheable: ``Cache-Control: public`` for
``FEED_MAX_AGE`` seconds and an ETag (a calendar application that asks again
with ``If-None-Match`` gets a 304 while nothing changed). Only what the gate
lets the website show today is served.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from wagtail.models import Site

from crieur.channels import Channel
from crieur.gate import gate
from crieur.models import BrandingSettings

from .calendars import FEED_MAX_EVENTS, RECENT_DAYS, events_calendar
from .models import CampaignEvent, CampaignPage

__all__ = ["campaign_calendar", "events_calendar_view"]

#: Seconds a browser, a proxy or a calendar application may keep a feed.
FEED_MAX_AGE = 15 * 60
#: Page ids are 32-bit integers: a larger number in the address is no page (and
#: SQLite would refuse to compare it).
MAX_PAGE_ID = 2**31 - 1

conditional = decorator_from_middleware(ConditionalGetMiddleware)


def _host(request):
    """The site's host name, for the events' UIDs (stable whatever name the request used)."""
    site = Site.find_for_request(request)
    if site is not None and site.hostname and site.hostname != "*":
        return site.hostname
    return request.get_host().rsplit(":", 1)[0]


def _response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _feed(request, events, *, name, language, description=""):
    return events_calendar(
        events,
        name=name,
        language=language,
        host=_host(request),
        url_for=lambda event: event.campaign.get_full_url(request),
        description=description,
    )


@require_safe
@conditional
@cache_control(public=True, max_age=FEED_MAX_AGE)
def campaign_calendar(request, page_id):
    """The events of one campaign the website may show, in the campaign's language."""
    if page_id > MAX_PAGE_ID:
        raise Http404("No such campaign")
    campaign = get_object_or_404(
        gate(CampaignPage.objects.filter(pk=page_id), Channel.WEBSITE).select_related("locale")
    )
    events = (
        CampaignEvent.objects.filter(campaign=campaign)
        .select_related("campaign")
        .order_by("starts_at", "pk")[:FEED_MAX_EVENTS]
    )
    language = campaign.locale.language_code
    body = _feed(
        request, events, name=campaign.title, language=language, description=campaign.slogan
    )
    return _response(body, f"{campaign.slug}.ics")


@require_safe
@conditional
@cache_control(public=True, max_age=FEED_MAX_AGE)
def events_calendar_view(request):
    """Upcoming events (and those of the last ``RECENT_DAYS`` days) of every campaign shown.

    In one language: ``?lang=`` (the site's default language without it);
    campaigns in other languages are left out, so a French and an English
    translation of one event are not both in a subscriber's calendar.
    """
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        raise Http404("Unknown language")
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    events = (
        CampaignEvent.objects.upcoming(now=since)
        .shown_on(Channel.WEBSITE)
        .filter(campaign__locale__language_code=language)
        .order_by("starts_at", "pk")[:FEED_MAX_EVENTS]
    )
    with translation.override(language):
        authority = BrandingSettings.for_request(request).authority_name
        name = gettext("Events · %(authority)s") % {"authority": authority}
        description = gettext("Events where residents can try the services of %(authority)s") % {
            "authority": authority
        }
    body = _feed(request, events, name=name, language=language, description=description)
    return _response(body, f"events-{language}.ics")
