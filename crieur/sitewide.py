"""What every page view reads and hardly ever changes, read once per content generation.

A page view needs the site of its host name, the home page in its language,
the pages on its path, the view restrictions and the branding. None of them
changes without bumping the site-wide *generation* (``crieur.signals``: sites,
locales, view restrictions, branding, images, a page moved, deleted,
published under a new URL, a home page published or unpublished), so they are
read once per generation and kept in the process (:class:`Snapshot`). A
request reads the generation once, in one small query, the first time it
needs the snapshot (:func:`snapshot`); a bump is seen by every process at the
next request.

Nothing kept here is shared with a request: page objects are never kept (the
page itself is read on every request, live or not, with its content), the site
and the branding are handed out as new objects, so nothing one request sets on
them reaches another. What a page may show is decided by the gate on every
request (``crieur.gate``); the snapshot only tells it where the private
sections are.
"""

import contextvars
import pickle
import threading
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

__all__ = [
    "ANSWERS",
    "SITE",
    "Snapshot",
    "SnapshotMiddleware",
    "current",
    "snapshot",
]

#: The site-wide generation (every cached page and answer).
SITE = 1
#: The QR resolver's answers: changed by every bump and by every publish or unpublish.
ANSWERS = 2

#: Paths routed and kept per generation, at most (a crawler asking for every URL).
MAX_ROUTES = 5000
#: Host names and ports kept per generation, at most.
MAX_HOSTS = 100


def current(scope=SITE):
    """The generation of ``scope`` (:data:`SITE` or :data:`ANSWERS`), read from the database.

    Every page view asks this first, so it is one line of SQL: building the same
    query through the ORM cost ten times as long as running it.
    """
    # By name: crieur.models (the row's model) asks the gate, which asks this module.
    table = connection.ops.quote_name(apps.get_model("crieur", "CacheGeneration")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = %s", [scope])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else 0


@dataclass(frozen=True)
class Restriction:
    page_id: int
    path: str


class Snapshot:
    """The sites, home pages, routes, view restrictions and branding of one generation."""

    def __init__(self, generation):
        self.generation = generation
        self._sites = {}  # (hostname, port) -> Site fields, or None
        self._roots = {}  # (site id, locale id) -> the home page's (id, url_path, type, key)
        self._routes = {}  # url_path -> (page id, content type id)
        self._settings = {}  # (model label, site id) -> the pickled setting
        self._restrictions = None
        self._aliases = ()
        self._locales = None

    # --- Sites and languages

    def site(self, request):
        """The request's site, as Wagtail finds it (a new object each time), or ``None``."""
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        if key not in self._sites:
            try:
                found = get_site_for_hostname(*key)
            except Site.DoesNotExist:
                found = None
            fields = None
            if found is not None:
                fields = {f.attname: getattr(found, f.attname) for f in Site._meta.concrete_fields}
            if len(self._sites) < MAX_HOSTS:
                self._sites[key] = fields
        else:
            fields = self._sites[key]
        return Site(**fields) if fields is not None else None

    def _locale_ids(self):
        if self._locales is None:
            self._locales = dict(Locale.objects.values_list("language_code", "pk"))
        return self._locales

    def language_codes(self):
        """``{locale id: language code}`` of every locale."""
        return {pk: code for code, pk in self._locale_ids().items()}

    def locale_id(self):
        """The id of the active language's locale, as ``Locale.get_active()`` finds it."""
        self._locale_ids()
        for language in (translation.get_language(), settings.LANGUAGE_CODE):
            try:
                code = get_supported_content_language_variant(language)
            except LookupError:
                continue
            if code in self._locales:
                return self._locales[code]
        return None

    # --- Routing

    def _root(self, site):
        """``(id, url_path, content type id, translation key)`` of the site's home page.

        In the active language: Wagtail's ``localized``, the live translation,
        else the site's root page.
        """
        key = (site.pk, self.locale_id())
        if key not in self._roots:
            root = Page.objects.get(pk=site.root_page_id).localized
            self._roots[key] = (root.pk, root.url_path, root.content_type_id, root.translation_key)
        return self._roots[key]

    def home_translation_key(self, site):
        """The translation key the site's home pages share (one per language)."""
        return self._root(site)[3]

    def route(self, request, site, path, read):
        """Wagtail's answer to ``path`` under ``site`` (``(page, args, kwargs)``), or ``None``.

        Wagtail walks the path a slug at a time, two queries a level. The pages
        on the way are found here by their ``url_path`` (made of the slugs,
        kept up to date by Wagtail, changed only with a bump) and kept; only the
        last one is read, on every request, by ``read(model, pk)``
        (``crieur.models.read_served_page``), and its own ``route`` decides (live or 404). Returns
        ``NotImplemented`` when Wagtail must route it itself: a page on the way
        is missing or routes its own sub-paths (``RoutablePageMixin``).
        """
        root_pk, root_url_path, root_type, _key = self._root(site)
        components = [component for component in path.split("/") if component]
        prefixes = [
            f"{root_url_path}{'/'.join(components[:depth])}/"
            for depth in range(1, len(components) + 1)
        ]
        chain = [self._routes.get(url_path) for url_path in prefixes]
        missing = [url_path for url_path, hit in zip(prefixes, chain, strict=True) if hit is None]
        if missing:
            found = {
                url_path: (pk, content_type_id)
                for pk, url_path, content_type_id in Page.objects.filter(
                    url_path__in=missing
                ).values_list("pk", "url_path", "content_type_id")
            }
            if len(self._routes) + len(found) <= MAX_ROUTES:
                self._routes.update(found)
            chain = [
                hit or found.get(url_path) for url_path, hit in zip(prefixes, chain, strict=True)
            ]
            if None in chain:
                return NotImplemented
        chain = [(root_pk, root_type), *chain]
        classes = [ContentType.objects.get_for_id(ct).model_class() for _pk, ct in chain]
        if any(model is None for model in classes) or any(
            model.route is not Page.route for model in classes[:-1]
        ):
            return NotImplemented
        page = read(classes[-1], chain[-1][0])
        if page is None or page.url_path != ([root_url_path, *prefixes])[-1]:
            return NotImplemented
        try:
            return page.route(request, [])
        except Http404:
            return None

    # --- View restrictions

    def restrictions(self):
        """Every view restriction, with the tree path of its page."""
        if self._restrictions is None:
            rows = PageViewRestriction.objects.values_list("page_id", "page__path")
            self._restrictions = [Restriction(*row) for row in rows]
            self._aliases = self._restricted_aliases()
        return self._restrictions

    def _restricted_aliases(self):
        """Tree paths of the aliases of restricted pages (Wagtail checks an alias's source)."""
        restricted = {r.page_id for r in self._restrictions}
        if not restricted:
            return ()
        sources = dict(Page.objects.filter(alias_of__isnull=False).values_list("pk", "alias_of_id"))
        paths = dict(Page.objects.filter(pk__in=sources).values_list("pk", "path"))

        def source(pk):
            seen = set()
            while pk in sources and pk not in seen:
                seen.add(pk)
                pk = sources[pk]
            return pk

        return tuple(path for pk, path in paths.items() if source(pk) in restricted)

    def private_q(self):
        """Wagtail's ``PageQuerySet.private_q`` without its query: the private sections."""
        q = Q()
        for restriction in self.restrictions():
            q |= Q(path__startswith=restriction.path)
        return q

    def may_be_restricted(self, page):
        """Whether a view restriction may apply to ``page`` (else it has none for sure)."""
        restrictions = self.restrictions()
        if not restrictions:
            return False
        prefixes = [r.path for r in restrictions] + list(self._aliases)
        if any(page.path.startswith(prefix) for prefix in prefixes):
            return True
        return page.alias_of_id is not None

    # --- Settings

    def site_setting(self, model, site):
        """``model.for_site(site)`` (a Wagtail site setting) and its images, as a new object.

        Its images come with their renditions, so ``{% image %}`` reads nothing.
        """
        key = (model._meta.label, site.pk)
        stored = self._settings.get(key)
        if stored is None:
            setting = model.for_site(site)
            for field in model._meta.concrete_fields:
                if field.many_to_one and issubclass(field.related_model, AbstractImage):
                    image = getattr(setting, field.name)
                    if image is not None:
                        prefetch_related_objects([image], "renditions")
            stored = self._settings[key] = pickle.dumps(setting)
        return pickle.loads(stored)  # noqa: S301 (made just above, from the database)


_latest = None
_latest_lock = threading.Lock()
_request_snapshot = contextvars.ContextVar("crieur_snapshot", default=None)


def _for_generation(generation):
    global _latest
    with _latest_lock:
        if _latest is None or _latest.generation != generation:
            _latest = Snapshot(generation)
        return _latest


def snapshot():
    """The :class:`Snapshot` of the current generation.

    In a request (:class:`SnapshotMiddleware`) the generation is read once, on
    first use; elsewhere (commands, tasks) on every call.
    """
    holder = _request_snapshot.get()
    if holder is None:
        return _for_generation(current())
    if not holder:
        holder.append(_for_generation(current()))
    return holder[0]


class SnapshotMiddleware:
    """Lets a request read the generation once, the first time it needs the snapshot."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_snapshot.set([])
        try:
            return self.get_response(request)
        finally:
            _request_snapshot.reset(token)
