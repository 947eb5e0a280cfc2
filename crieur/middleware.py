"""When the database is out of reach, answer 503 (try again) instead of 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


#: What Django raises when the database cannot be reached (refused, cut, restarting).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable_response(exception):
    """The 503 answer to a database outage: try again in a moment, and do not cache it."""
    logger.error("Database unavailable: %s", exception)
    response = HttpResponse(
        _("The service is briefly unavailable. Please try again in a moment.\n"),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """503 for an outage met in a view (``process_exception`` only sees views).

    Middleware that reads the database itself answers with
    :func:`database_unavailable_response` (the page cache does), and the 500
    handler (:func:`crieur.views.server_error`) turns any outage error left
    over into a 503 as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        return database_unavailable_response(exception)
