"""The website's cards, rendered once per version of their page and kept.

A card (``crieur/includes/card.html``) is the same markup for every visitor
as long as its page is not published again and nothing site-wide changes, so
listings take it from the cache instead of reading what it shows (images,
renditions, categories, events) and rendering it on every request.

**The gate is not here.** Which cards a listing shows is decided on every
request by the listing's own query (``crieur.gate``: live, public, consent
for the website on the day). The store only keeps what a card looks like; a
card is never shown because it is in the store.

A card's key names everything its markup is made of:

- the page's version: Wagtail's ``Page.cache_key`` (id, URL path, last
  publication) and its live revision. Everything a card shows of its page
  (text, dates, consent fields, inline events, photos, references) changes
  only by publishing it, which changes both;
- the site-wide generation (``crieur.sitewide``): images and their
  renditions, service categories, sites, a page moved, the daily consent
  sweep all bump it;
- today's date (a trial that ends, a campaign that starts), the active
  language, the request's site (a card's link is relative to it) and the
  card template's own text (a deployment that changes it).

Cards are kept until midnight at most. In a preview (Wagtail's
``request.is_preview``) nothing is read from or written to the store. With
``REDIS_URL`` the store is shared by every node; when Redis cannot be
reached, the cache answers nothing (``IGNORE_EXCEPTIONS``) and cards are rendered.

**What a page lists** is kept the same way (:func:`kept_refs`): the pages its
own rows name (a service's explainers, a campaign's selection), which change
only when the page is published. Only the references are kept; the gate
still decides on every request which of those pages are shown, and in which
language.
"""

import functools
import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from wagtail.models import Site

from .models import page_refs, prepare_cards
from .page_cache import seconds_to_midnight
from .sitewide import snapshot

__all__ = ["TEMPLATE", "kept_refs", "render_cards"]

TEMPLATE = "crieur/includes/card.html"


@functools.cache
def _template_digest():
    """The card template's text, as a short digest: a deployment that changes it changes keys."""
    source = get_template(TEMPLATE).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def _stored(request):
    """Whether ``request`` may use the store: not in a preview, whose page is a draft."""
    return request is not None and not getattr(request, "is_preview", False)


def _prefix(request):
    site = Site.find_for_request(request)
    return ":".join(
        (
            "cards",
            str(snapshot().generation),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            str(site.pk if site is not None else 0),
            _template_digest(),
        )
    )


def _key(prefix, page):
    return f"{prefix}:{page.cache_key}:{page.live_revision_id}"


def _full(pages):
    """``pages`` with every field read: those a listing read only in part are read again.

    As their specific type (a listing may have read them as ``Page``).
    """
    partial = defaultdict(list)
    for page in pages:
        if page.get_deferred_fields():
            partial[page.specific_class or type(page)].append(page.pk)
    if not partial:
        return pages
    read = {}
    for model, pks in partial.items():
        read.update(model.objects.filter(pk__in=pks).select_related("locale").in_bulk())
    full = [read.get(page.pk) if page.get_deferred_fields() else page for page in pages]
    return [page for page in full if page is not None]  # gone since the listing read it


def _render(pages):
    template = get_template(TEMPLATE)
    return {page.pk: template.render({"card": page.card}) for page in prepare_cards(_full(pages))}


def render_cards(pages, request=None):
    """The card of each of ``pages`` (already through the gate), as markup, in their order.

    Cards in the store are taken from it; the others are rendered (what they
    show is fetched in a bounded number of queries, ``prepare_cards``) and
    kept. ``pages`` may have been read with only ``crieur.models.CARD_FIELDS``: the
    pages whose card must be rendered are then read in full (one query per
    page type).
    """
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    if not _stored(request):
        rendered = _render(pages)
        return [mark_safe(rendered[page.pk]) for page in pages if page.pk in rendered]  # noqa: S308
    prefix = _prefix(request)
    keys = {page.pk: _key(prefix, page) for page in pages}
    kept = cache.get_many(list(keys.values()))
    missing = [page for page in pages if keys[page.pk] not in kept]
    if missing:
        rendered = _render(missing)
        fresh = {}
        for page in missing:
            if page.pk in rendered:
                kept[keys[page.pk]] = fresh[keys[page.pk]] = rendered[page.pk]
        cache.set_many(fresh, seconds_to_midnight())
    return [mark_safe(kept[keys[page.pk]]) for page in pages if keys[page.pk] in kept]  # noqa: S308


def kept_refs(page, rows, field, request):
    """``page_refs(rows, field)`` for ``rows``, ``page``'s own (a ``ParentalKey``), kept.

    A page's own rows are saved when it is published, so they are kept under
    its version (as a card is), with the site-wide generation that deleting a
    page they name bumps. A page with no live revision (saved by a script, not
    published) and a preview read the rows every time.
    """
    if not _stored(request) or page.live_revision_id is None:
        return page_refs(rows, field)
    key = _key(f"refs:{snapshot().generation}:{rows.model._meta.label_lower}:{field}", page)
    refs = cache.get(key)
    if refs is None:
        refs = page_refs(rows, field)
        cache.set(key, refs, seconds_to_midnight())
    return refs
