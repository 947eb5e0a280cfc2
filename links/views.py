"""The QR resolver: ``GET /q/<code>`` → 302 to the target page, counted.

This is the hot path and a security boundary: it redirects only to paths of
this site (``Location`` starts with a single ``/``), answers 302 so the target
can change after printing, counts each scan with one atomic upsert committed
before the response is sent, and stores no IP address, user agent or cookie.
"""

import logging
import re

from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from django_ratelimit.decorators import ratelimit

from crieur.views import rate

from . import codes
from .models import ScanCount, UnknownCodeCount, upsert_count
from .resolver import location_for, resolve

logger = logging.getLogger(__name__)

#: Link-preview robots and crawlers: they fetch the URL, no resident scanned it.
BOT_USER_AGENT = re.compile(
    r"bot(?:[/;)_\-]|$)|robot|crawl|spider|slurp|facebookexternalhit|facebookcatalog"
    r"|whatsapp|telegrambot|preview|embedly|iframely|mastodon|vkshare"
    r"|google-inspectiontool|headlesschrome|lighthouse",
    re.IGNORECASE,
)


def is_bot(user_agent):
    return bool(user_agent) and bool(BOT_USER_AGENT.search(user_agent))


def _count(model, key_field, key_value):
    try:
        upsert_count(model, key_field, key_value)
    except (OperationalError, InterfaceError):
        # The database is out of reach: no redirect without its count. The
        # answer is a 503 (DatabaseUnavailableMiddleware) the resident can
        # retry; the page the redirect leads to needs the database as well.
        raise
    except DatabaseError:
        # A lost count is better than a resident facing an error page.
        logger.exception("Could not count a scan of %s", key_value)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def not_found(request, code=""):
    response = render(request, "links/not_found.html", {"code": code}, status=404)
    # LocaleMiddleware answers a 404 outside i18n_patterns by redirecting to the
    # same path under /<language>/ when that path exists there, and Wagtail's
    # catch-all route matches /fr/q/XYZ/: the friendly 404 would become a 302.
    # The middleware reads ``request.urlconf``: point it at the resolver's own
    # URLconf, which has no language prefix. The response is already rendered.
    request.urlconf = "links.urls"
    return _no_store(response)


def known_resolution(code):
    """The cached resolution of ``code`` if it is a known link's code, else None."""
    if len(code) > codes.MAX_INPUT_LENGTH:
        return None
    normalised = codes.normalise(code)
    if not codes.is_valid_code(normalised):
        return None
    resolution = resolve(normalised)
    if resolution is None or resolution["link"] is None:
        return None
    return resolution


@transaction.non_atomic_requests
@require_http_methods(["GET", "HEAD"])
@ratelimit(group="resolver", key="ip", rate=rate)  # over the limit: 429, not counted
def resolve_code(request, code):
    counted = request.method == "GET" and not is_bot(request.META.get("HTTP_USER_AGENT", ""))
    if len(code) > codes.MAX_INPUT_LENGTH:
        return not_found(request)  # no lookup, no write
    # ShortLinkMiddleware has resolved known codes already: no second lookup.
    resolution = getattr(request, "short_link_resolution", None) or known_resolution(code)
    if resolution is None:
        if counted:
            _count(UnknownCodeCount, "code", codes.sanitise_unknown(code))
        return not_found(request, codes.sanitise_unknown(code))
    if counted:
        _count(ScanCount, "link", resolution["link"])
    location = location_for(resolution, request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    return _no_store(HttpResponseRedirect(location))
