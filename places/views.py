"""``/places.geojson``: the places the website shows, as GeoJSON, for other tools.

Outside the language prefix (a stable address): ``?lang=fr|en`` picks the
language (the site's default without it), ``?kind=`` and ``?resource=`` filter
as the map page does. An unknown language or filter value is a 400 with the
reason in JSON, never a silent "everything". Public and cacheable like the
calendar feeds: ``Cache-Control: public`` for ``FEED_MAX_AGE`` seconds and an
ETag (304 while nothing changed). What the gate refuses to the website today
(drafts, private pages, a temporary place outside its dates) is not there; nor
is any contact e-mail: properties are listed one by one below.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.http import require_safe

from .forms import PlaceFilterForm
from .models import PlacePage

__all__ = ["FEED_MAX_AGE", "MAX_FEATURES", "feature", "places_geojson"]

#: Seconds a browser, a proxy or a tool may keep the feed.
FEED_MAX_AGE = 15 * 60
#: At most this many places in one answer (a town has dozens to hundreds).
MAX_FEATURES = 5000

conditional = decorator_from_middleware(ConditionalGetMiddleware)


def feature(place, request):
    """One place as a GeoJSON Feature (coordinates are longitude, latitude)."""
    return {
        "type": "Feature",
        "id": place.pk,
        "geometry": {
            "type": "Point",
            "coordinates": [float(place.longitude), float(place.latitude)],
        },
        "properties": {
            "name": place.title,
            "kind": place.kind,
            "kind_label": str(place.get_kind_display()),
            "teaser": place.teaser,
            "address": place.address,
            "url": place.get_full_url(request),
            "opening_hours": place.opening_hours,
            "accessibility": {
                "step_free_access": place.step_free_access,
                "accessible_toilets": place.accessible_toilets,
                "notes": place.accessibility_notes,
                "summary": str(place.accessibility_text()),
            },
            "run_by": place.run_by,
            "runner_kind": place.runner_kind,
            "permanent": place.permanent,
            "available_from": None if place.permanent else place.available_from,
            "available_until": None if place.permanent else place.available_until,
            "lends": place.lends,
            "resources": [
                {
                    "name": resource.name,
                    "kind": resource.kind,
                    "capacity": resource.capacity,
                    "lendable": resource.lendable,
                }
                for resource in place.resources.all()
            ],
            "language": place.locale.language_code,
        },
    }


def _bad_request(message):
    response = JsonResponse({"error": message}, status=400)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@conditional
def places_geojson(request):
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    languages = dict(settings.LANGUAGES)
    if language not in languages:
        return _bad_request(f"Unknown language; use one of: {', '.join(languages)}.")
    with translation.override(language):
        form = PlaceFilterForm(request.GET)
        if not form.is_valid():
            return _bad_request(form.error_text())
        places = form.filter(PlacePage.objects.filter(locale__language_code=language).for_map())
        features = [feature(place, request) for place in places[:MAX_FEATURES]]
    body = json.dumps(
        {"type": "FeatureCollection", "features": features},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    )
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response
