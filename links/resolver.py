"""Resolving a short code to a path of this site, with two levels of cache.

A resolution is a small dict, the same for every visitor::

    {"link": 42, "urls": {"fr": "/fr/services/x/", "en": "/en/services/x/"},
     "default": "/fr/services/x/"}

``link`` is ``None`` for an unknown code. ``urls`` holds the live, public
translations of the target page; it is empty when the link is inactive or its
target is gone, and ``default`` is then the campaign page or the home page.

Resolutions are cached in-process and in the configured Django cache under
keys that include a *generation*, a value in the Django cache replaced by
:func:`bump_generation` whenever a link or any page changes (see
``signals.py``). A scan therefore costs one cache read (the generation) and no
database query besides the scan count. With the in-process ``LocMemCache`` and
several server processes, each process has its own cache: entries also expire
after ``CACHE_TIMEOUT`` seconds, which bounds how stale another process can be.
Use a shared cache (``REDIS_URL``) when running more than one process.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from wagtail.models import Page, Site

logger = logging.getLogger(__name__)

GENERATION_KEY = "links:generation"
CACHE_TIMEOUT = 300
LOCAL_MAX_ENTRIES = 10_000

_local = {"generation": None, "entries": {}}
_local_lock = threading.Lock()


def bump_generation():
    """Invalidate every cached resolution (in every process sharing the cache)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def current_generation():
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = time.time_ns()
            if not cache.add(GENERATION_KEY, generation, None):
                generation = cache.get(GENERATION_KEY, generation)
    except Exception:  # a cache server down must not stop scans
        logger.warning("Cache unavailable: resolving short codes without it", exc_info=True)
        return None
    return generation


def _cache_key(generation, code):
    return f"links:resolve:{generation}:{timezone.localdate().isoformat()}:{code}"


def forget_codes(codes):
    """Drop cached answers for new codes (a scan may have cached "unknown" before).

    New links need no global invalidation: only these codes can have changed.
    """
    generation = current_generation()
    with _local_lock:
        for code in codes:
            _local["entries"].pop(code, None)
    if generation is not None:
        cache.delete_many([_cache_key(generation, code) for code in codes])


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
    """Paths of the live, public translations of ``page``, by language code."""
    urls = {}
    translations = (
        Page.objects.live()
        .public()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
        .specific()
    )
    for translation in translations:
        parts = translation.get_url_parts()
        path = safe_path(parts[2]) if parts else None
        if path:
            urls[translation.locale.language_code] = path
    return urls


def _live_page(page_id):
    if page_id is None:
        return None
    return Page.objects.live().public().filter(pk=page_id).select_related("locale").first()


def _consented_target(page, channel):
    """``page``, or its service when it is a testimonial without consent for ``channel``.

    A testimonial whose author does not (or no longer) consent to the link's
    channel must not be reached through it: the link leads to the service the
    testimonial is about, else to the link's fallbacks (``None``).
    """
    from crieur.channels import CONSENT_NEEDED, Channel
    from testimonials.models import TestimonialPage

    if not issubclass(page.specific_class or Page, TestimonialPage):
        return page
    try:
        consent = CONSENT_NEEDED[Channel(channel)]
    except ValueError:
        consent = CONSENT_NEEDED[Channel.OTHER]
    testimonials = TestimonialPage.objects.filter(pk=page.pk)
    if testimonials.consented_for(consent).exists():
        return page
    return _live_page(testimonials.values_list("service_id", flat=True).first())


def _home_page_id():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.order_by("pk").first()
    return site.root_page_id if site else None


def resolve_uncached(code):
    from .models import ShortLink

    link = (
        ShortLink.objects.filter(code=code)
        .only("pk", "page_id", "campaign_id", "is_active", "channel")
        .first()
    )
    if link is None:
        return {"link": None, "urls": {}, "default": None}
    page = _live_page(link.page_id) if link.is_active else None
    if page is not None:
        page = _consented_target(page, link.channel)
    if page is not None:
        urls = _page_urls(page)
        default = urls.get(page.locale.language_code)
        if default:
            return {"link": link.pk, "urls": urls, "default": default}
    # Inactive link or target gone: the campaign, else the home page, in the
    # visitor's language when possible. Never a draft or a private page.
    for fallback_id in (link.campaign_id, _home_page_id()):
        fallback = _live_page(fallback_id)
        if fallback is None:
            continue
        urls = _page_urls(fallback)
        default = urls.get(fallback.locale.language_code)
        if default:
            return {"link": link.pk, "urls": urls, "default": default}
    return {"link": link.pk, "urls": {}, "default": "/"}


def resolve(code):
    """The cached resolution of a normalised, syntactically valid ``code``."""
    generation = current_generation()
    if generation is None:
        return resolve_uncached(code)
    # Consent and campaign dates change answers at midnight: a new day, new keys.
    marker = (generation, timezone.localdate())
    with _local_lock:
        if _local["generation"] != marker:
            _local["generation"] = marker
            _local["entries"] = {}
        entry = _local["entries"].get(code)
    if entry is not None and entry[0] > time.monotonic():
        return entry[1]
    key = _cache_key(generation, code)
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
    with _local_lock:
        if _local["generation"] == marker:
            entries = _local["entries"]
            if len(entries) >= LOCAL_MAX_ENTRIES:
                entries.clear()
            entries[code] = (time.monotonic() + CACHE_TIMEOUT, resolution)
    return resolution


def clear_local_cache():
    with _local_lock:
        _local["generation"] = None
        _local["entries"] = {}


def preferred_languages(accept_language):
    """Supported language codes from an ``Accept-Language`` header, best first."""
    supported = []
    for language, _quality in parse_accept_lang_header(accept_language or "")[:10]:
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
    "bump_generation",
    "clear_local_cache",
    "forget_codes",
    "location_for",
    "resolve",
    "resolve_uncached",
    "safe_path",
]
