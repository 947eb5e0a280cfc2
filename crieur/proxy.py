"""The caching proxy in front of the application (Varnish), told what changed.

The contract the page cache and the invalidation rely on (issue #14):

- :func:`purge_urls` purges the given absolute page URLs from the proxy
  (Wagtail's front-end cache invalidation, ``WAGTAILFRONTENDCACHE``);
- :func:`purge_everything` empties the proxy, for changes every page shows
  (branding, sites, locales);
- :func:`mark_shared` marks a response the proxy may keep, and for how long.

With no proxy configured, they do nothing. A proxy that is down, refuses or
does not answer within its ``TIMEOUT`` is logged as a warning: publishing goes
on (its pages then stay in the proxy until their ``s-maxage`` runs out).

The proxy is configured by ``WAGTAILFRONTENDCACHE`` (``crieur/settings/production.py``
sets it from ``FRONTEND_CACHE_PURGE_URL``) with :class:`PurgeBackend`, Wagtail's
``HTTPBackend`` with a timeout and a way to purge everything. The VCL that
answers these requests is ``deploy/varnish/crieur.vcl``.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django.utils.cache import patch_cache_control

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

logger = logging.getLogger(__name__)

__all__ = ["PurgeBackend", "configured", "mark_shared", "purge_everything", "purge_urls"]

#: Seconds a purge request may take before it is given up (``TIMEOUT`` of a backend).
DEFAULT_TIMEOUT = 5.0


class PurgeBackend(HTTPBackend):
    """Wagtail's ``HTTPBackend`` (``PURGE <path>`` with the page's ``Host``), with a timeout.

    Wagtail's own waits for ever on a proxy that accepts the connection and
    never answers; this one gives up after ``TIMEOUT`` seconds and logs a
    warning. :meth:`purge_all` sends ``BAN /``, which the VCL answers by
    dropping every stored response.
    """

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        self._send("PURGE", parts.path or "/", parts.query, host, url)

    def purge_all(self):
        self._send("BAN", "/", "", self.cache_netloc, "everything")

    def _send(self, method, path, query, host, what):
        request = Request(  # noqa: S310 - the scheme is the configured LOCATION's
            urlunsplit((self.cache_scheme, self.cache_netloc, path, query, "")),
            method=method,
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310
                pass
        except HTTPError as error:
            logger.warning("Proxy refused %s of %s: %s %s", method, what, error.code, error.reason)
        except (URLError, OSError) as error:  # refused, unreachable, timed out
            reason = getattr(error, "reason", error)
            logger.warning("Proxy unreachable, %s of %s not done: %s", method, what, reason)


def configured():
    """Whether a proxy (a front-end cache) is configured."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_urls(urls):
    """Purge ``urls`` (absolute URLs of pages) from the proxy, if there is one.

    Inside a transaction, the purge waits for the commit: purged earlier, the
    proxy could fetch and keep the page as it was before the change.
    """
    urls = sorted({url for url in urls if url})
    if not urls or not configured():
        return
    transaction.on_commit(lambda: _purge_urls(urls), robust=True)


def _purge_urls(urls):
    try:
        purge_urls_from_cache(urls)
    except Exception:  # a proxy (or its configuration) must never break a publish
        logger.warning("Proxy not purged of %d URLs", len(urls), exc_info=True)
    else:
        logger.info("Proxy purged of %d URLs", len(urls))


def purge_everything():
    """Purge every page from the proxy, if there is one (after the commit, as above)."""
    if configured():
        transaction.on_commit(_purge_everything, robust=True)


def _purge_everything():
    try:
        backends = get_backends()
    except Exception:
        logger.warning("Proxy not purged: its configuration is wrong", exc_info=True)
        return
    for name, backend in backends.items():
        if hasattr(backend, "purge_all"):
            backend.purge_all()
            logger.info("Proxy %s purged of everything", name)
        else:
            logger.warning("Front-end cache %s cannot be purged of everything", name)


def mark_shared(response, seconds):
    """Let the proxy keep ``response`` for at most ``seconds``, if there is one.

    ``Cache-Control: public, max-age=0, s-maxage=<seconds>``: the proxy keeps it,
    browsers ask again each time. A response that sets a cookie or is already
    marked private or no-store is left as it is.
    """
    seconds = int(seconds or 0)
    if seconds <= 0 or not configured() or response.cookies:
        return response
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return response
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    return response
