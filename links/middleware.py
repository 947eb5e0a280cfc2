"""Scans of known codes are answered before the rest of the middleware stack.

A scan needs no session, language negotiation, CSRF or Content-Security-Policy:
for a code that resolves, this middleware calls the resolver view at once
(rate limit, scan counting and the 302 included), so a scan costs only the
work it needs. Anything else (unknown or malformed codes, other methods) goes
through the full stack to the same view, which renders the friendly 404.
"""

import re

from django_ratelimit.exceptions import Ratelimited

from crieur.middleware import DATABASE_UNAVAILABLE, outage_response
from crieur.views import rate_limited

from .views import known_resolution, resolve_code

SHORT_LINK_PATH = re.compile(r"^/[qQ]/(?P<code>[^/]{1,64})$")


class ShortLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            match = SHORT_LINK_PATH.match(request.path_info)
            if match:
                # The stack below this middleware is skipped for known codes:
                # answer what the handler would (429; an outage: crieur.middleware).
                try:
                    resolution = known_resolution(match["code"])
                    if resolution is not None:
                        request.short_link_resolution = resolution
                        return resolve_code(request, match["code"])
                except Ratelimited:
                    return rate_limited(request)
                except DATABASE_UNAVAILABLE as error:
                    return outage_response(request, error)
        return self.get_response(request)
