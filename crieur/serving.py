"""The view every page is served by: Wagtail's, routed through ``crieur.sitewide``."""

from wagtail import views as wagtail_views

from crieur.models import read_served_page
from crieur.sitewide import snapshot

__all__ = ["serve"]


def serve(request, path):
    """Wagtail's page view, with its site and its route found through ``crieur.sitewide``.

    Wagtail reads the site, the home page in the request's language and every
    page on the path on each request; here the site and the pages on the way
    are known once per content generation and only the page served is read.
    Wagtail's own view then serves it (its hooks, view restrictions and all).
    """
    known = snapshot()
    site = known.site(request)
    request._wagtail_site = site
    if site is not None:
        route = known.route(request, site, path, read=read_served_page)
        if route is not NotImplemented:
            request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)
