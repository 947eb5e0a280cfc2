"""What the caches keep, and how they learn that content changed.

Two ways, for every cache that keeps something made from content (a rendered
page, the answer to a QR code):

- **Everything** — :func:`bump` changes the site-wide *generation* (every
  cached page and answer is out of date at once). It is for the changes every
  page may show: sites, locales, view restrictions, branding, images, service
  categories, short links, a page moved (its URL and its descendants' change)
  or deleted, the daily consent sweep. The receivers are in
  ``crieur/signals.py``, plus the models other apps declare with
  ``crieur.signals.watch``; code that changes content behind the signals' back
  calls :func:`bump` itself.
- **What changed** — publishing or unpublishing a page calls
  :func:`invalidate_pages` with :func:`affected_pages`: the *stamps* of those
  pages' paths change (:class:`crieur.models.PageCacheStamp`) and every other
  cached page stays cached. QR answers are cheap to make again: every publish
  changes their own counter (:data:`ANSWERS`).

Keys carry the generation and today's date (consents and campaign dates turn
at midnight); the page cache also compares each entry with its path's stamp.
The generation and the stamps are database rows: every process reads the same
values whatever the cache backend (the per-process default cache included),
a cache flush or a Redis restart does not lose them, and they change in the
same transaction as the content. A bump sets a value never used before, even
after the database is restored from an older backup.

They are read in two ways:

- :func:`page_state`, one query for the generation and a path's stamps: the
  page cache. A publish is seen at once by every process.
- :func:`current_cached`, a value mirrored in the Django cache, without a
  query: the QR resolver (``current_cached(ANSWERS)``), where a scan may cost
  no query but its count. With a shared cache (``REDIS_URL``) a bump is seen
  at once by every process; with the per-process default cache, within
  ``MIRROR_SECONDS``. When the cache server cannot be reached it reads the
  row: scans slow down, they go on.

A bump made inside a transaction is made again once it commits: the mirror is
written at once, so between the two another process may cache an answer made
from the state before the commit under the new generation.

After the commit, the proxy in front (``crieur.proxy``) is purged of the same
pages (or of everything), and the pages a publish made out of date are
rendered again in the background (``crieur.tasks.refresh_pages``) so that the
next visitor gets a cached page.

Stored artefacts keyed by what they are made of need no generation: a stored
bulletin PDF is keyed by a fingerprint of everything it is made from
(``bulletins/render.py``), so a bump does not render it again (rendering takes
seconds). What decides *visibility* in such a key comes from here,
:func:`visibility_fingerprint`: the gate's verdict on the day and the view
restrictions, so a stored artefact is never served once something it shows
stops being allowed.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Subquery
from django.db.models.functions import Greatest

from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site, get_page_models

from crieur import proxy
from crieur.channels import Channel
from crieur.gate import gate, passes
from crieur.models import CacheGeneration, PageCacheStamp
from crieur.sitewide import ANSWERS, SITE, current
from crieur.tasks import MAX_REFRESH, refresh_pages

logger = logging.getLogger(__name__)

__all__ = [
    "ANSWERS",
    "MIRROR_SECONDS",
    "SITE",
    "affected_pages",
    "bump",
    "current",
    "current_cached",
    "invalidate_pages",
    "page_state",
    "path_digest",
    "visibility_fingerprint",
]

#: The key of the generation's copy in the Django cache.
MIRROR_KEY = "crieur:generation"
#: How long a copy lives: the most a per-process cache can lag behind another process.
MIRROR_SECONDS = 30


def _mirror_key(scope):
    return MIRROR_KEY if scope == SITE else f"{MIRROR_KEY}:{scope}"


def current_cached(scope=SITE):
    """The generation of ``scope``, from the Django cache when it holds it (no query)."""
    try:
        value = cache.get(_mirror_key(scope))
    except Exception:  # a cache server down must not stop scans
        logger.warning(
            "Cache unavailable: content generation read from the database", exc_info=True
        )
        return current(scope)
    if value is None:
        value = current(scope)
        # add, not set: a copy written by a bump since the row was read wins.
        _mirror(scope, value, cache.add)
    return value


def bump(reason):
    """Make every cached page and answer out of date, in every process.

    ``reason`` says which change it was, for the logs. Once committed, the
    proxy in front is emptied too.
    """
    logger.debug("Content generation bumped: %s", reason)
    _bump_everything()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_everything, robust=True)
    proxy.purge_everything()  # once committed


def _bump_everything():
    _bump_and_mirror(SITE)
    _bump_and_mirror(ANSWERS)
    # Every page is out of date under the new generation: the stamps are no longer needed.
    PageCacheStamp.objects.all().delete()


def _bump_answers():
    _bump_and_mirror(ANSWERS)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_and_mirror(ANSWERS), robust=True)


def _bump_and_mirror(scope):
    never_used = time.time_ns()  # above any value a restored backup may hold
    with transaction.atomic():  # the row stays locked until the copy is written
        updated = CacheGeneration.objects.filter(pk=scope).update(
            value=Greatest(
                models.F("value") + 1,
                models.Value(never_used),
                output_field=models.BigIntegerField(),
            )
        )
        if not updated:
            CacheGeneration.objects.get_or_create(pk=scope, defaults={"value": never_used})
        _mirror(scope, current(scope), cache.set)


def _mirror(scope, value, write):
    try:
        write(_mirror_key(scope), value, MIRROR_SECONDS)
    except Exception:
        logger.warning("Cache unavailable: content generation not copied", exc_info=True)


# --- What a change of one page affects ---------------------------------------


def path_digest(path):
    """The key of a page path (as ``request.path`` has it: decoded) in the stamps."""
    return hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class PageState:
    """What the page cache needs to know about one path, read in one query.

    ``generation``: the site-wide generation; ``stamp``: when the path was last
    made out of date (0 if never); ``floor``: the stamp of its last change for
    the worse: no copy cached before it may be served, even while another
    request renders the page again.
    """

    generation: int
    stamp: int
    floor: int


def page_state(path):
    """The :class:`PageState` of ``path``: one query by primary key and unique digest."""
    stamps = PageCacheStamp.objects.filter(digest=path_digest(path))
    row = (
        CacheGeneration.objects.filter(pk=SITE)
        .annotate(
            stamp=Subquery(stamps.values("value")[:1]),
            floor=Subquery(stamps.values("floor")[:1]),
        )
        .values_list("value", "stamp", "floor")
        .first()
    )
    if row is None:  # a database never bumped yet: the stamps alone
        row = (0, *(stamps.values_list("value", "floor").first() or (0, 0)))
    generation, stamp, floor = row
    return PageState(generation or 0, stamp or 0, floor or 0)


@dataclass
class Before:
    """A page as it was before a save: its URL path and the pages it referenced."""

    url_path: str
    references: set = field(default_factory=set)
    live: bool = True


_before = threading.local()


def remember(page):
    """Note, before ``page`` is saved, its URL path and the pages it references.

    A publish that changes the URL empties everything (descendants move with
    it); pages the page no longer references after the publish (a testimonial
    moved to another service) must be refreshed too. Two small queries a save.
    """
    if page.pk is None:
        return
    row = Page.objects.filter(pk=page.pk).values_list("url_path", "live").first()
    if row is None:
        return
    pages = getattr(_before, "pages", None)
    if pages is None or len(pages) > 1000:
        pages = _before.pages = {}
    pages[page.pk] = Before(row[0], set(_referenced_ids([page.pk])), live=row[1])


def recall(page):
    """What :func:`remember` noted of ``page`` before its last save (``None`` if nothing)."""
    pages = getattr(_before, "pages", None) or {}
    return pages.pop(page.pk, None)


def _page_type():
    return ContentType.objects.get_for_model(Page)


def _referenced_ids(ids):
    """Ids of the pages the pages ``ids`` reference (Wagtail's reference index)."""
    page_type = _page_type()
    return {
        int(value)
        for value in ReferenceIndex.objects.filter(
            base_content_type=page_type,
            object_id__in=[str(pk) for pk in ids],
            to_content_type=page_type,
        ).values_list("to_object_id", flat=True)
        if str(value).isdigit()
    }


def _referencing_ids(ids):
    """Ids of the pages that reference the pages ``ids`` (Wagtail's reference index)."""
    page_type = _page_type()
    return {
        int(value)
        for value in ReferenceIndex.objects.filter(
            base_content_type=page_type,
            to_content_type=page_type,
            to_object_id__in=[str(pk) for pk in ids],
        ).values_list("object_id", flat=True)
        if str(value).isdigit()
    }


def _listing_ids(page):
    """Pages of the models that declare they list pages of ``page``'s model by a query.

    A page model whose pages show pages of other models found by a query (not
    by a reference: a bulletin's agenda lists every campaign's events) declares
    them with ``cache_lists = ("app_label.ModelName", ...)``.
    """
    label = page.specific_class._meta.label_lower if page.specific_class else None
    ids = set()
    for model in get_page_models():
        listed = {name.lower() for name in getattr(model, "cache_lists", ())}
        if label in listed:
            ids |= set(model.objects.values_list("pk", flat=True))
    return ids


def affected_pages(page, *, also=(), descendants=False):
    """The pages whose rendering may change when ``page`` is published or unpublished.

    - the page itself, in every language (its translations share its
      ``translation_key``);
    - its ancestors below the root: the index that lists it, the home page
      (listings, menus and breadcrumbs show it);
    - the pages that reference it, found in Wagtail's reference index: a
      campaign that selects it (``CampaignItem``) or holds an event at a
      service (``CampaignEvent.service``), a bulletin edition whose articles
      show it;
    - the pages it references, in the same index, because some pages list
      what points at them by a reverse query: a service page lists the
      testimonials about it (``TestimonialPage.service``), a regulation the
      services that cite it. ``also`` adds the pages it referenced before the
      change (a testimonial moved to another service leaves the old one);
    - the pages of models that declare they list its model by a query
      (``cache_lists``);
    - with ``descendants`` (an unpublish), the pages under it;
    - and the translations of every page above: lists fall back across
      languages (``localize_pages``), an English campaign shows a French
      service that has no English version.

    The search and the sitemap are not page-cached (their own URLs, not under a
    page), kiosks and QR answers neither (``/kiosk/``, ``/q/``: the answers have
    their own counter, :data:`ANSWERS`). Returns base ``Page`` objects.
    """
    group = list(Page.objects.filter(translation_key=page.translation_key).values("pk", "path"))
    if not any(row["pk"] == page.pk for row in group):
        group.append({"pk": page.pk, "path": page.path})
    ids = {row["pk"] for row in group} | set(also)
    ids |= _referencing_ids(ids) | _referenced_ids(ids)
    ids |= _listing_ids(page)
    paths = [row["path"] for row in group]
    ancestors = {path for path in _ancestor_paths(paths) if len(path) > Page.steplen}
    tree = models.Q(pk__in=ids) | models.Q(path__in=ancestors)
    if descendants:
        for path in paths:
            tree |= models.Q(path__startswith=path)
    keys = Page.objects.filter(tree).values("translation_key")
    return list(
        Page.objects.filter(models.Q(pk__in=ids) | models.Q(translation_key__in=keys))
        .filter(depth__gt=1)
        .order_by("path")
    )


def _urls(pages):
    """``{path: absolute URL}`` of the routable ``pages`` (paths decoded, as requests have them)."""
    urls = {}
    for page in pages:
        parts = page.get_url_parts()
        if not parts or not parts[2]:
            continue
        _site_id, root_url, path = parts
        urls[unquote(path)] = f"{root_url or ''}{path}"
    return urls


def invalidate_pages(pages, reason, *, stale_allowed=True):
    """Make the cached copies of ``pages`` (and nothing else) out of date, in every process.

    Their paths get a new stamp in the database, in the current transaction.
    With ``stale_allowed=False`` (a change for the worse: a page unpublished, a
    consent withdrawn) no copy cached before may be served again, not even
    while another request renders the page. The QR answers' counter changes.
    Once committed, the proxy is purged of these pages (and the sitemap) and
    the first :data:`crieur.tasks.MAX_REFRESH` of them are rendered again in
    the background. Returns the absolute URLs made out of date.
    """
    urls = _urls(pages)
    logger.debug("%d page paths made out of date: %s", len(urls), reason)
    stamp = time.time_ns()
    if urls:
        PageCacheStamp.objects.bulk_create(
            [
                PageCacheStamp(
                    digest=path_digest(path), value=stamp, floor=0 if stale_allowed else stamp
                )
                for path in urls
            ],
            update_conflicts=True,
            unique_fields=["digest"],
            update_fields=["value"] if stale_allowed else ["value", "floor"],
        )
    _bump_answers()
    absolute = sorted(set(urls.values()))
    if absolute:
        transaction.on_commit(lambda: _after_commit(absolute), robust=True)
    return absolute


def _sitemaps(urls):
    roots = {url.split("/", 3)[2] for url in urls if url.startswith(("http://", "https://"))}
    return sorted(
        f"{site.root_url}/sitemap.xml"
        for site in Site.objects.all()
        if site.root_url.split("/", 3)[2] in roots
    )


def _after_commit(urls):
    proxy.purge_urls([*urls, *_sitemaps(urls)])
    if getattr(settings, "CRIEUR_PAGE_CACHE_SECONDS", 0):
        refresh_pages.enqueue(urls[:MAX_REFRESH])


def published(page, before=None):
    """``page`` was published: refresh what it affects, or everything if its URL changed.

    A copy cached before may be served stale while the page renders again only
    when the page the website may show (live, public, consent) — else the
    change may be for the worse (a testimonial's web consent withdrawn).
    """
    label = page._meta.label_lower
    if before is not None and before.url_path != page.url_path:
        bump(f"page {label} published under a new URL")
        return
    if (before is None or not before.live) and _is_home(page):
        bump(f"home page {label} published")  # Wagtail routes through the live home pages
        return
    also = before.references if before is not None else ()
    invalidate_pages(
        affected_pages(page, also=also),
        f"page {label} published",
        stale_allowed=passes(page, Channel.WEBSITE),
    )


def unpublished(page):
    """``page`` was unpublished: refresh what it affects and what is under it, never stale."""
    if _is_home(page):
        bump(f"home page {page._meta.label_lower} unpublished")  # it no longer routes
        return
    invalidate_pages(
        affected_pages(page, descendants=True),
        f"page {page._meta.label_lower} unpublished",
        stale_allowed=False,
    )


def _is_home(page):
    """Whether ``page`` is a site's root page or one of its translations (they route the site)."""
    return Site.objects.filter(root_page__translation_key=page.translation_key).exists()


def _ancestor_paths(paths):
    """Every tree path of the pages at ``paths`` and of their ancestors."""
    step = Page.steplen
    return {path[:end] for path in paths for end in range(step, len(path) + 1, step)}


def visibility_fingerprint(pages, channel, on=None, through=None):
    """What decides what ``channel`` may show of ``pages`` (a page queryset), as text.

    The pages that pass the gate for ``channel`` from ``on`` through ``through``,
    and the view restrictions on the pages and their ancestors. A stored
    artefact whose key carries it changes key as soon as a page it shows is
    refused (a consent ended, a page unpublished or made private).
    """
    allowed = gate(pages, channel, on, through).order_by("pk").values_list("pk", flat=True)
    restrictions = (
        PageViewRestriction.objects.filter(
            page__path__in=_ancestor_paths(pages.values_list("path", flat=True))
        )
        .order_by("pk")
        .values_list("pk", "page_id", "restriction_type")
    )
    return f"gate:{channel}:{list(allowed)}|restrictions:{list(restrictions)}"
