"""A page cache for anonymous visitors: refreshed page by page, rendered once at a time.

Public pages are the same for every anonymous visitor, so their rendered
response is kept in the configured cache. Whether a copy is still good is
decided by the database, in one query a request (``crieur.invalidation.page_state``):

- keys carry the site-wide *generation* (changes every page may show empty
  everything) and today's date (consent and event dates change what a page
  shows), so no copy outlives a site-wide change or a day;
- each copy holds the *stamp* its path had when it was rendered: a publish
  gives new stamps to the paths of the pages it affects only
  (``crieur.invalidation.affected_pages``), every other copy stays good.

No stampede: when a copy is out of date (a publish) or missing, one request
renders the page, holding a lock (``cache.add``) for at most
``LOCK_SECONDS``. Meanwhile the others get the previous copy
(stale-while-revalidate, ``X-Page-Cache: stale``) if one is allowed, else wait
for the new one for at most ``WAIT_SECONDS`` (then render it themselves). A
previous copy is never served after a change for the worse (a page
unpublished, a consent withdrawn: the path's *floor*), after a site-wide change
(a view restriction: other generation) or from another day. With the
per-process default cache, locks and copies are per process; with a shared
cache (``REDIS_URL``) one render serves every process.

Only anonymous GET/HEAD requests of language-prefixed pages are cached (not
the search, not the admin, not QR codes or kiosks), and only plain 200 HTML
responses that set no cookie and are not marked private. Fresh copies are
marked for the proxy in front (``crieur.proxy.mark_shared``) for what is left
of their life and of the day; stale ones are not. A database outage while
reading the state is answered by the 500 handler, which delegates to
``crieur.middleware`` (a 503).
"""

import datetime
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from crieur import invalidation, proxy

UNCACHED_PREFIXES = ("/admin/", "/documents/", "/q/", "/Q/", "/kiosk/")

#: The most one render may hold the lock of a page (then another request may render it).
LOCK_SECONDS = 10
#: The most a request waits for another's render when no previous copy may be served.
WAIT_SECONDS = 2.0
#: How often a waiting request looks for the new copy.
POLL_SECONDS = 0.05


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


def seconds_to_midnight():
    """Seconds until the next local midnight (at least 1): when consents and dates turn."""
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    return max(1, int((midnight - now).total_seconds()))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "CRIEUR_PAGE_CACHE_SECONDS", 0)
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        state = invalidation.page_state(request.path)
        key = cache_key(request, state.generation)
        entry = cache.get(key)  # (stamp, fresh until (epoch seconds), response)
        if _fresh(entry, state):
            return _served(entry, "hit")
        lock = f"{key}:lock:{state.stamp}"
        if not cache.add(lock, 1, LOCK_SECONDS):
            if entry is not None and entry[0] >= state.floor:
                return _served(entry, "stale")
            entry = _wait(key, lock, state)
            if entry is not None:
                return _served(entry, "hit")
            return self._render(request, key, state, seconds, None)
        return self._render(request, key, state, seconds, lock)

    def _render(self, request, key, state, seconds, lock):
        try:
            response = self.get_response(request)
            if _cacheable_response(response):
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                fresh_until = time.time() + seconds
                # Kept twice as long as fresh: the previous copy, served while it renders again.
                cache.set(key, (state.stamp, fresh_until, response), 2 * seconds)
                response["X-Page-Cache"] = "miss"
                proxy.mark_shared(response, min(seconds, seconds_to_midnight()))
            return response
        finally:
            if lock is not None:
                cache.delete(lock)


def _fresh(entry, state):
    return entry is not None and entry[0] == state.stamp and entry[1] > time.time()


def _served(entry, how):
    _stamp, fresh_until, response = entry
    response["X-Page-Cache"] = how
    if how == "hit":
        left = int(fresh_until - time.time())
        if left > 0:
            proxy.mark_shared(response, min(left, seconds_to_midnight()))
    return response


def _wait(key, lock, state):
    """The new copy of ``key`` once another request stored it, else ``None``.

    Gives up after ``WAIT_SECONDS``, or as soon as nobody holds the lock any
    more (the other render made nothing cacheable, or the cache server is down).
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        entry = cache.get(key)
        if _fresh(entry, state):
            return entry
        if cache.get(lock) is None or time.monotonic() >= deadline:
            return None
        time.sleep(POLL_SECONDS)
