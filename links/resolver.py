"""Resolving a short code to a path of this site, with two levels of cache.

A resolution is a small dict, the same for every visitor::

    {"link": 42, "urls": {"fr": "/fr/services/x/", "en": "/en/services/x/"},
     "default": "/fr/services/x/"}

``link`` is ``None`` for an unknown code. ``urls`` holds the live, public
translations of the target page; it is empty when the link is inactive or its
target is gone, and ``default`` is then the campaign page or the home page.

Resolutions are cached in-process and in the configured Django cache under
keys that include the *answers' generation* of ``crieur.invalidation``
(``ANSWERS``), which every publish or unpublish changes, as does every
site-wide bump: a change of a link, a site or anything else a resolution
depends on (``crieur/signals.py``; ``signals.py`` here declares the links).
The resolver reads it with ``current_cached(ANSWERS)``: a scan costs one cache
read (the generation) and no database query besides the scan count. With the in-process
``LocMemCache`` and several server processes, each process has its own cache
and sees another's bump within ``crieur.invalidation.MIRROR_SECONDS``; use a
shared cache (``REDIS_URL``) when running more than one process. A cache
server down makes scans resolve from the database, it does not stop them.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_supported_language_variant

from wagtail.models import Page, Site

from crieur import invalidation
from crieur.channels import Channel
from crieur.gate import gate

from .cache import (
    CACHE_TIMEOUT,
    LOCAL,
    LOCAL_LOCK,
    LOCAL_MAX_ENTRIES,
    cache_key,
    clear_local_cache,
    forget_codes,
)
from .models import ShortLink

logger = logging.getLogger(__name__)


def safe_path(url):
    """``url`` if it is a path of this site (one leading slash, no control character)."""
    if (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url.isprintable()
        and " " not in url
    ):
        return url
    return None


def _page_urls(page):
    """Paths of the translations of ``page`` the website may show, by language code."""
    urls = {}
    translations = gate(
        Page.objects.filter(translation_key=page.translation_key), Channel.WEBSITE
    ).select_related("locale")
    for translation in translations.specific():
        parts = translation.get_url_parts()
        path = safe_path(parts[2]) if parts else None
        if path:
            urls[translation.locale.language_code] = path
    return urls


def _reachable(page_id, channel=Channel.WEBSITE):
    """The page ``page_id`` if a link of ``channel`` may lead to it, else ``None``.

    The gate decides, twice: the page may be shown on the link's channel (a
    testimonial's author consented to it) and on the website the visitor lands on.
    """
    if page_id is None:
        return None
    pages = Page.objects.filter(pk=page_id).select_related("locale")
    return gate(gate(pages, channel), Channel.WEBSITE).first()


def _target(page_id, channel):
    """Where a link of ``channel`` to ``page_id`` leads: the page, else its own fallback.

    A page the gate refuses may name where its links lead instead
    (``BasePage.link_fallback_id``: a testimonial without consent leads to its
    service); ``None`` when neither may be shown.
    """
    page = _reachable(page_id, channel)
    if page is not None or page_id is None:
        return page
    refused = Page.objects.filter(pk=page_id).first()
    fallback_of = getattr(refused.specific if refused else None, "link_fallback_id", None)
    return _reachable(fallback_of()) if fallback_of else None


def _home_page_id():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.order_by("pk").first()
    return site.root_page_id if site else None


def resolve_uncached(code):
    link = (
        ShortLink.objects.filter(code=code)
        .only("pk", "page_id", "campaign_id", "is_active", "channel")
        .first()
    )
    if link is None:
        return {"link": None, "urls": {}, "default": None}
    try:
        channel = Channel(link.channel)
    except ValueError:
        channel = Channel.OTHER
    page = _target(link.page_id, channel) if link.is_active else None
    if page is not None:
        urls = _page_urls(page)
        default = urls.get(page.locale.language_code)
        if default:
            return {"link": link.pk, "urls": urls, "default": default}
    # Inactive link or target gone: the campaign, else the home page, in the
    # visitor's language when possible. Never a draft or a private page.
    for fallback_id in (link.campaign_id, _home_page_id()):
        fallback = _reachable(fallback_id)
        if fallback is None:
            continue
        urls = _page_urls(fallback)
        default = urls.get(fallback.locale.language_code)
        if default:
            return {"link": link.pk, "urls": urls, "default": default}
    return {"link": link.pk, "urls": {}, "default": "/"}


def resolve(code):
    """The cached resolution of a normalised, syntactically valid ``code``."""
    generation = invalidation.current_cached(invalidation.ANSWERS)
    # Consent and campaign dates change answers at midnight: a new day, new keys.
    marker = (generation, timezone.localdate())
    with LOCAL_LOCK:
        if LOCAL["generation"] != marker:
            LOCAL["generation"] = marker
            LOCAL["entries"] = {}
        entry = LOCAL["entries"].get(code)
    if entry is not None and entry[0] > time.monotonic():
        return entry[1]
    key = cache_key(generation, code)
    try:
        resolution = cache.get(key)
    except Exception:
        resolution = None
    if resolution is None:
        resolution = resolve_uncached(code)
        try:
            cache.set(key, resolution, CACHE_TIMEOUT)
        except Exception:
            logger.warning("Could not cache the resolution of a short code", exc_info=True)
    with LOCAL_LOCK:
        if LOCAL["generation"] == marker:
            entries = LOCAL["entries"]
            if len(entries) >= LOCAL_MAX_ENTRIES:
                entries.clear()
            entries[code] = (time.monotonic() + CACHE_TIMEOUT, resolution)
    return resolution


def _accept_language_ranges(header):
    """Language ranges of an ``Accept-Language`` header, best first (RFC 9110, 12.5.4).

    Django parses the header only inside its private translation machinery, so
    the few lines are here: at most ten ranges, a range with q=0 is refused.
    """
    ranges = []
    for position, item in enumerate(header.split(",")[:10]):
        language, _semicolon, parameters = item.strip().partition(";")
        quality = 1.0
        name, _equals, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                continue
        if language and 0 < quality <= 1:
            ranges.append((-quality, position, language.strip()))
    return [language for _quality, _position, language in sorted(ranges)]


def preferred_languages(accept_language):
    """Supported language codes from an ``Accept-Language`` header, best first."""
    supported = []
    for language in _accept_language_ranges(accept_language or ""):
        if language == "*":
            continue
        try:
            code = get_supported_language_variant(language)
        except LookupError:
            continue
        if code not in supported and code in dict(settings.LANGUAGES):
            supported.append(code)
    return supported


def location_for(resolution, accept_language):
    """The path to redirect a visitor to, in the first of their languages available."""
    urls = resolution["urls"]
    for language in preferred_languages(accept_language):
        if language in urls:
            return urls[language]
    return safe_path(resolution["default"]) or "/"


__all__ = [
    "clear_local_cache",
    "forget_codes",
    "location_for",
    "resolve",
    "resolve_uncached",
    "safe_path",
]
