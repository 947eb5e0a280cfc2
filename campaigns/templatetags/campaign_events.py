"""``{% events_json_ld events %}``: schema.org data of the events a page lists."""

from django import template
from django.utils import translation

from wagtail.models import Site

from crieur.models import BrandingSettings

from ..schema import event_data, json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def events_json_ld(context, events):
    """A JSON-LD ``<script>`` with one schema.org ``Event`` per event (nothing without events).

    Each event links to its campaign's page; the organizer is the authority
    named in the site's branding settings.
    """
    events = list(events or ())
    if not events:
        return ""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    organizer = {}
    if site is not None:
        organizer = {
            "name": BrandingSettings.for_request(request).authority_name,
            "url": site.root_url,
        }
    language = translation.get_language()
    return json_ld_script(
        [
            event_data(
                event,
                url=event.campaign.get_full_url(request),
                language=language,
                organizer=organizer,
            )
            for event in events
        ]
    )
