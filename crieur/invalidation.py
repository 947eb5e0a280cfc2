"""The content generation: how every cache of the site learns that content changed.

The rule, for every cache that keeps something made from content (a rendered
page, the answer to a QR code):

- its keys carry the *generation* (:func:`current` or :func:`current_cached`)
  and today's date (consents and campaign dates turn at midnight). An entry of
  an older generation is never read again; it expires by itself.
- every change a visitor could see calls :func:`bump`. The receivers that do
  it are all in ``crieur/signals.py`` (pages published, unpublished, moved or
  deleted; sites, locales, view restrictions, branding, images, service
  categories), plus the models other apps declare with
  ``crieur.signals.watch`` (a short link changed or deleted). Code that
  changes content behind the signals' back (the consent sweep, deleted
  renditions) calls :func:`bump` itself.

The generation is the value of one database row
(:class:`crieur.models.CacheGeneration`): every process reads the same value
whatever the cache backend (the per-process default cache included), a cache
flush or a Redis restart does not lose it, and it changes in the same
transaction as the content. A bump sets it to a value never used before, even
after the database is restored from an older backup.

It is read in two ways:

- :func:`current`, the row itself (one query by primary key): the page cache.
  A publish is seen at once by every process.
- :func:`current_cached`, the same value mirrored in the Django cache, without
  a query: the QR resolver, where a scan may cost no query but its count. With
  a shared cache (``REDIS_URL``) a bump is seen at once by every process; with
  the per-process default cache, within ``MIRROR_SECONDS``. When the cache
  server cannot be reached it reads the row: scans slow down, they go on.

A bump made inside a transaction is made again once it commits: the mirror is
written at once, so between the two another process may cache an answer made
from the state before the commit under the new generation.

Stored artefacts keyed by what they are made of need no generation: a stored
bulletin PDF is keyed by a fingerprint of everything it is made from
(``bulletins/render.py``), so a bump does not render it again (rendering takes
seconds). What decides *visibility* in such a key comes from here,
:func:`visibility_fingerprint`: the gate's verdict on the day and the view
restrictions, so a stored artefact is never served once something it shows
stops being allowed.
"""

import logging
import time

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.functions import Greatest

from wagtail.models import Page, PageViewRestriction

from crieur.gate import gate
from crieur.models import CacheGeneration

logger = logging.getLogger(__name__)

__all__ = ["MIRROR_SECONDS", "bump", "current", "current_cached", "visibility_fingerprint"]

#: The key of the generation's copy in the Django cache.
MIRROR_KEY = "crieur:generation"
#: How long a copy lives: the most a per-process cache can lag behind another process.
MIRROR_SECONDS = 30


def current():
    """The content generation, read from the database."""
    return CacheGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def current_cached():
    """The content generation, from the Django cache when it holds it (no query)."""
    try:
        value = cache.get(MIRROR_KEY)
    except Exception:  # a cache server down must not stop scans
        logger.warning(
            "Cache unavailable: content generation read from the database", exc_info=True
        )
        return current()
    if value is None:
        value = current()
        # add, not set: a copy written by a bump since the row was read wins.
        _mirror(value, cache.add)
    return value


def bump(reason):
    """Make every cached page and answer out of date, in every process.

    ``reason`` says which change it was, for the logs.
    """
    logger.debug("Content generation bumped: %s", reason)
    _bump_and_mirror()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_and_mirror, robust=True)


def _bump_and_mirror():
    never_used = time.time_ns()  # above any value a restored backup may hold
    with transaction.atomic():  # the row stays locked until the copy is written
        updated = CacheGeneration.objects.filter(pk=1).update(
            value=Greatest(
                models.F("value") + 1,
                models.Value(never_used),
                output_field=models.BigIntegerField(),
            )
        )
        if not updated:
            CacheGeneration.objects.get_or_create(pk=1, defaults={"value": never_used})
        _mirror(current(), cache.set)


def _mirror(value, write):
    try:
        write(MIRROR_KEY, value, MIRROR_SECONDS)
    except Exception:
        logger.warning("Cache unavailable: content generation not copied", exc_info=True)


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
