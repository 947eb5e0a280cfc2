"""One place turns a database outage into a 503 (try again in a moment), never a 500.

Where the outage is met decides who calls :func:`outage_response`:

- in a view: :class:`DatabaseUnavailableMiddleware` (``process_exception``);
- anywhere else (a middleware: the page cache reads the content generation
  before any view, Wagtail's redirects read their table after it): Django
  calls the 500 handler, :func:`crieur.views.server_error`, which delegates here;
- a middleware that calls a view itself (``links.middleware`` answers known
  short codes early) answers that view's outage here, as the handler would.

The answer reads nothing from the database: 503 with ``Retry-After`` and
``Cache-Control: no-store``; JSON (``{"error": "try again"}``) to a client that
sends JSON or prefers it (the kiosks' playlist, heartbeat and pairing), a small
HTML page in the request's language otherwise. :func:`service_unavailable` is
that answer, for other passing troubles (a kiosk pairing that finds no free code).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

__all__ = [
    "DATABASE_UNAVAILABLE",
    "DatabaseUnavailableMiddleware",
    "outage_response",
    "service_unavailable",
]

#: What Django raises when the database cannot be reached (refused, cut, restarting).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
UNAVAILABLE = _("The service is briefly unavailable. Please try again in a moment.\n")


def wants_json(request):
    """Whether the client sent JSON or prefers it to HTML (``Accept``)."""
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return request.content_type == "application/json" or preferred == "application/json"


def service_unavailable(request):
    """The 503 answer: try again in a moment, and do not cache this."""
    if wants_json(request):
        response = JsonResponse({"error": "try again"}, status=503)
    else:
        context = {"language": get_language(), "message": UNAVAILABLE.strip()}
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def outage_response(request, exception):
    """The 503 answer when ``exception`` says the database is out of reach, else ``None``."""
    if not isinstance(exception, DATABASE_UNAVAILABLE):
        return None
    logger.error("Database unavailable: %s", exception)
    return service_unavailable(request)


class DatabaseUnavailableMiddleware:
    """Answers an outage met in a view; Django's 500 handler delegates the others here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return outage_response(request, exception)
