"""A page cache for anonymous visitors, emptied at once when content changes.

Public pages are the same for every anonymous visitor, so their rendered
response is kept in the configured cache. Keys carry the content *generation*,
read from the database (``crieur.invalidation.current``: every change a
visitor could see bumps it), and today's date (consent and event dates change
what a page shows), so no visitor sees a page older than the last publish, in
any process. A database outage while reading it is answered by the 500
handler, which delegates to ``crieur.middleware`` (a 503).

Only anonymous GET/HEAD requests of language-prefixed pages are cached (not
the search, not the admin, not QR codes or kiosks), and only plain 200 HTML
responses that set no cookie and are not marked private.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from crieur import invalidation

UNCACHED_PREFIXES = ("/admin/", "/documents/", "/q/", "/Q/", "/kiosk/")


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # editors (and anyone logged in) always get a fresh page
    path = request.path
    if path.startswith(UNCACHED_PREFIXES):
        return False
    parts = path.split("/")
    languages = {code for code, _name in settings.LANGUAGES}
    if len(parts) < 3 or parts[1] not in languages:
        return False
    return parts[2] != "search"


def _cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and response.get("Content-Type", "").startswith("text/html")
    )


def cache_key(request, generation):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"pages:{generation}:{timezone.localdate().isoformat()}:{digest}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "CRIEUR_PAGE_CACHE_SECONDS", 0)
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request, invalidation.current())
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cache.set(key, response, seconds)
            response["X-Page-Cache"] = "miss"
        return response
