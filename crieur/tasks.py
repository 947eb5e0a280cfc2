"""Background tasks of the core (Django's tasks framework, django-tasks).

:func:`refresh_pages` renders again the pages a publish made out of date, so
that the next visitor gets a cached page instead of waiting for a render.
"""

from urllib.parse import urlsplit

from django.test import Client

from wagtail.models import Site

from django_tasks import task

__all__ = ["MAX_REFRESH", "refresh_pages"]

#: At most this many pages are rendered again after one publish (the first ones
#: of the affected pages, in tree order: the home page and the indexes come first);
#: the others are rendered by their next visitor.
MAX_REFRESH = 30


@task(backend="background")
def refresh_pages(urls: list[str]) -> int:
    """Render ``urls`` (absolute URLs of this site's pages) as an anonymous visitor.

    Each goes through Django's whole request handling with the page's host, as
    a visitor's request would: the page cache stores the response (a page still
    cached is not rendered again). Only the sites' own pages are asked for
    (scheme and host of a ``Site``); anything else is skipped. Returns how
    many were rendered.
    """
    roots = {site.root_url for site in Site.objects.all()}
    client = Client(raise_request_exception=False)
    rendered = 0
    for url in urls[:MAX_REFRESH]:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" not in roots:
            continue  # not one of this site's pages
        if not parts.path.startswith("/") or parts.path.startswith("//"):
            continue
        response = client.get(
            f"{parts.path}?{parts.query}" if parts.query else parts.path,
            headers={"host": parts.netloc},
            secure=parts.scheme == "https",
        )
        rendered += response.get("X-Page-Cache") == "miss"
    return rendered
