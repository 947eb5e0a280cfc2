import sys

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page

from django_ratelimit.decorators import ratelimit

from crieur.channels import Channel
from crieur.colours import HEX_COLOUR
from crieur.gate import gate_pages
from crieur.middleware import outage_response
from crieur.models import BrandingSettings

MAX_QUERY_LENGTH = 200


def rate(group, request):
    """The rate of a group of endpoints, read from settings at each request."""
    return settings.CRIEUR_RATE_LIMITS[group]


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """Django's 500 page, unless ``crieur.middleware`` answers the error (a database outage).

    Django calls it for errors raised outside a view (in a middleware), which
    ``DatabaseUnavailableMiddleware`` does not see.
    """
    return outage_response(request, sys.exc_info()[1]) or defaults.server_error(
        request, template_name
    )


def rate_limited(request, exception=None):
    response = HttpResponse(
        _("Too many requests: please wait a minute and try again.\n"),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


MAX_RESULTS = 200


@require_GET
@ratelimit(group="search", key="ip", rate=rate)
def search(request):
    # Control characters (a NUL breaks SQLite's full-text syntax) are dropped.
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())
    query = query.strip()[:MAX_QUERY_LENGTH]
    results = []
    if query:
        found = list(
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(query)[:MAX_RESULTS]
        )
        # What the website may show today: testimonials need web consent (the gate).
        # Their cards come from the card store ({% cards %}), the page shown only.
        results = gate_pages(found, Channel.WEBSITE)
    page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "crieur/search.html", {"search_query": query, "search_results": page_obj}
    )


@require_GET
@cache_control(max_age=300, public=True)
def branding_css(request):
    """The site's colours as CSS custom properties (no inline style: strict CSP)."""
    branding = BrandingSettings.for_request(request)
    colours = {"primary": branding.primary_colour, "accent": branding.accent_colour}
    css = (
        ":root { "
        + " ".join(
            f"--{name}: {value};" for name, value in colours.items() if HEX_COLOUR.match(value)
        )
        + " }\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
