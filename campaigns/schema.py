"""Campaign events as schema.org ``Event`` data (JSON-LD), for search engines and phones.

The pages that list events (a campaign's page, a service's "come and try it")
carry, beside the list people read, the same events as JSON-LD, so search
engines and phone assistants show their dates where residents look. The
template tag ``{% events_json_ld events %}`` (``campaign_events`` library)
writes it; it reads events only, whoever listed them.

Editors' text goes inside a ``<script>`` element: it is escaped as Django's
``json_script`` escapes it (``<``, ``>`` and ``&`` as ``\\u003C``…), so a
name such as ``</script><script>`` stays a string of the JSON and cannot end
the element.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .calendars import site_zone

__all__ = ["event_data", "json_ld_script"]

SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"

#: The escapes of Django's ``json_script``: nothing the HTML parser reads as markup.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def event_data(event, *, url, language, organizer):
    """The schema.org ``Event`` of ``event`` (a ``CampaignEvent`` whose campaign is loaded).

    ``url``: the absolute URL of the page that presents it; ``organizer``: a
    dict (``{"name": ..., "url": ...}``) for the authority running the campaign.
    """
    zone = site_zone()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "startDate": event.starts_at.astimezone(zone).isoformat(timespec="seconds"),
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": OFFLINE,
        "inLanguage": language,
    }
    if event.ends_at and event.ends_at > event.starts_at:
        data["endDate"] = event.ends_at.astimezone(zone).isoformat(timespec="seconds")
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place, "address": event.place}
    description = event.what_to_try or event.campaign.slogan
    if description:
        data["description"] = description
    if url:
        data["url"] = url
    if organizer and organizer.get("name"):
        data["organizer"] = {"@type": "Organization", **organizer}
    return data


def json_ld_script(data):
    """``data`` in a ``<script type="application/ld+json">`` element, safe in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    # The text is JSON whose <, > and & are escaped: nothing in it is markup.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
