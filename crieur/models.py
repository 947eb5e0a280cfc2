import dataclasses
import uuid
from collections import defaultdict
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
from wagtail.search import index

from .blocks import BodyBlock
from .cards import Card
from .channels import Channel
from .colours import contrast_ratio, validate_hex_colour
from .gate import gate, gate_condition
from .sitewide import snapshot

__all__ = [
    "BasePage",
    "BrandingSettings",
    "CARD_FIELDS",
    "CacheGeneration",
    "PageCacheStamp",
    "HomePage",
    "PageRef",
    "StandardPage",
    "PrintPermissions",
    "localize_pages",
    "page_refs",
    "prepare_cards",
]


def _image_fields(page_class):
    """The image foreign keys named in ``card_prefetch`` as ``<field>__renditions``."""
    fields = []
    for lookup in getattr(page_class, "card_prefetch", ()):
        name, _sep, rest = lookup.partition("__")
        if rest != "renditions":
            continue
        try:
            field = page_class._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one and issubclass(field.related_model, AbstractImage):
            fields.append(field)
    return fields


def read_served_page(model, pk):
    """The page of ``model`` served at a URL, with its locale and what its card points at.

    Every page shows its own card in its head (title, description, preview
    image): the objects its card reads through a foreign key (``card_prefetch``:
    images, a category) come with the page, in the same query. Their
    renditions come from Wagtail's rendition cache.
    """
    related = set()
    for lookup in getattr(model, "card_prefetch", ()):
        name = lookup.split("__", 1)[0]
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one and field.concrete:
            related.add(name)
    # No ORDER BY (``first()`` would add one): ordering makes Django hash every column selected.
    found = model.objects.filter(pk=pk).select_related("locale", *sorted(related)).order_by()
    return next(iter(found), None)


def prepare_cards(pages):
    """Fetch what the cards of ``pages`` show, in a bounded number of queries.

    Each page class lists what its card reads in ``card_prefetch``. The pages'
    locales come in one query for the whole list, their images (the
    ``<image field>__renditions`` lookups) in one query plus one for their
    renditions, whatever the page types; the other lookups in one query per
    page type and relation. What a page already holds (``select_related``) is
    not fetched again.
    """
    by_class = defaultdict(list)
    for page in pages:
        by_class[type(page)].append(page)
    locale_field = Page._meta.get_field("locale")
    missing = {page.locale_id for page in pages if not locale_field.is_cached(page)}
    if missing:
        locales = Locale.objects.in_bulk(missing)
        for page in pages:
            if not locale_field.is_cached(page) and page.locale_id in locales:
                locale_field.set_cached_value(page, locales[page.locale_id])
    wanted = defaultdict(list)  # image model -> [(page, field)]
    rest = {}
    for page_class, group in by_class.items():
        image_fields = _image_fields(page_class)
        for field in image_fields:
            for page in group:
                if getattr(page, field.attname) is not None and not field.is_cached(page):
                    wanted[field.related_model].append((page, field))
        done = {f"{field.name}__renditions" for field in image_fields}
        rest[page_class] = [
            lookup for lookup in getattr(page_class, "card_prefetch", ()) if lookup not in done
        ]
    for image_model, slots in wanted.items():
        images = image_model.objects.prefetch_related("renditions").in_bulk(
            {getattr(page, field.attname) for page, field in slots}
        )
        for page, field in slots:
            field.set_cached_value(page, images.get(getattr(page, field.attname)))
    for page_class, group in by_class.items():
        lookups = [*rest[page_class], *(f"{f.name}__renditions" for f in _image_fields(page_class))]
        if lookups:
            prefetch_related_objects(group, *lookups)
    return pages


#: The page fields a listing reads when the card store renders its cards
#: (``crieur.card_store``): what a card's key is made of. The store reads the
#: rest of a page only when its card must be rendered.
CARD_FIELDS = (
    "id",
    "content_type",
    "locale",
    "translation_key",
    "url_path",
    "last_published_at",
    "live_revision",
)


class PageRef(NamedTuple):
    """A page named without being read: all ``localize_pages`` needs of the pages it is given."""

    pk: int
    translation_key: uuid.UUID
    content_type_id: int


def page_refs(rows, field):
    """A :class:`PageRef` for the page each of ``rows`` (a queryset) points at through ``field``.

    In the queryset's order, rows pointing at no page left out. One light query:
    no page is read, only its id, translation key and type.
    """
    values = rows.values_list(field, f"{field}__translation_key", f"{field}__content_type_id")
    return [PageRef(*row) for row in values if row[0] is not None]


def localize_pages(pages, locale, channel, on=None, *, prepare=True):
    """The translation in ``locale`` of each page, else the page itself, through the gate.

    ``pages`` are pages or :class:`PageRef` (pages named by a foreign key need
    not be read for this: see :func:`page_refs`).

    Page foreign keys are synchronised across translations, so a translated page
    still points at the source pages; this swaps them for their translations,
    then keeps only what ``channel`` may show on ``on``, today by default
    (``crieur.gate``): a draft, a private page or a testimonial without consent
    never becomes a card. A live translation the gate refuses leaves the item
    out (it never falls back to the page in another language).

    Queries: one per page type, for the specific pages and their translations
    with the gate's verdict on each (the gate of that type only) and their
    locale; then what ``prepare_cards`` fetches for the cards. With
    ``prepare=False``, for a listing whose cards come from the card store
    (``crieur.card_store.render_cards``): one query for every type, reading
    only :data:`CARD_FIELDS` of ``Page`` (the store reads the specific page
    when it renders a card), with the gate of those types only.
    """
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    locale_id = getattr(locale, "pk", locale)
    by_model = defaultdict(list)
    for page in pages:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class() or Page
        by_model[model].append(page)
    if prepare:
        batches = [(model, group, None) for model, group in by_model.items()]
    else:
        batches = [(Page, pages, list(by_model))]
    translations, originals = {}, {}
    for model, group, types in batches:
        allowed = gate_condition(model, channel, on=on, types=types)
        candidates = (
            model.objects.live()
            .filter(
                Q(locale_id=locale_id, translation_key__in={p.translation_key for p in group})
                | Q(pk__in=[p.pk for p in group])
            )
            .annotate(shown=ExpressionWrapper(allowed, output_field=BooleanField()))
            .order_by()
        )
        if prepare:
            candidates = candidates.select_related("locale")
        else:
            candidates = candidates.only(*CARD_FIELDS)
        for candidate in candidates:
            if candidate.locale_id == locale_id:
                translations[candidate.translation_key] = candidate
            originals[candidate.pk] = candidate
    chosen = []
    for page in pages:
        found = translations.get(page.translation_key) or originals.get(page.pk)
        if found is not None and found.shown:
            chosen.append(found)
    return prepare_cards(chosen) if prepare else chosen


class BasePage(Page):
    """What every page of the site shares: a card and social-preview metadata."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social preview image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; the page's main image otherwise."),
    )
    announcement = models.TextField(
        _("street crier's announcement"),
        blank=True,
        max_length=1200,
        help_text=_(
            "What a street crier reads aloud about this page: at most 45 seconds, about "
            "110 words. The teaser is read when it is empty."
        ),
    )

    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("announcement")],
            heading=_("Other channels"),
        )
    ]

    card_kind = "page"

    class Meta:
        abstract = True

    def card_teaser(self):
        return self.search_description

    def card_image(self):
        return None

    def card_body(self):
        """The page's StreamField value a channel may print, or ``None``."""
        return None

    def get_card(self):
        """This page as channels see it (``crieur.cards``): a content type overrides it."""
        return Card(
            kind=self.card_kind,
            title=self.title,
            teaser=self.card_teaser(),
            url=self.url or "",
            locale=self.locale.language_code if self.locale_id else "",
            image=self.card_image(),
            body=self.card_body(),
            page=self,
        )

    def get_view_restrictions(self):
        """Wagtail's, without its two queries when no restriction can apply (``sitewide``)."""
        if not snapshot().may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def link_fallback_id(self):
        """The page a short link to this page leads to when the gate refuses this one.

        ``None``: the link's campaign, else the home page (``links.resolver``).
        """
        return None

    @property
    def card(self):
        if not hasattr(self, "_card"):
            card = self.get_card()
            if self.announcement and not card.announcement:
                card = dataclasses.replace(card, announcement=self.announcement)
            self._card = card
        return self._card

    @property
    def social_preview_image(self):
        """The image social networks copy when the page is shared (``og:image``).

        A page class whose content needs consent to be shared overrides it.
        """
        return self.social_image or self.card.image or self.card.pictogram_image

    @property
    def social_description(self):
        """The description social networks copy (``og:description``, ``description``)."""
        return self.search_description or self.card.teaser


class HomePage(BasePage):
    intro = models.CharField(_("introduction"), max_length=255, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "services.ServiceIndexPage",
        "services.RegulationIndexPage",
        "testimonials.TestimonialIndexPage",
        "campaigns.CampaignIndexPage",
        "places.PlaceIndexPage",
        "crieur.StandardPage",
        "bulletins.BulletinIndexPage",
        "calls.CallIndexPage",
    ]
    template = "crieur/home_page.html"
    card_prefetch = ("hero_image__renditions",)

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def card_teaser(self):
        return self.intro or self.search_description

    def card_image(self):
        return self.hero_image

    def card_body(self):
        return self.body

    def get_context(self, request, *args, **kwargs):
        """Each index below the home page that has a ``home_section`` fills that section.

        The home page names no content type: the indexes say what they show on
        it (``home_cards``), in one query for the indexes plus their own.
        """
        context = super().get_context(request, *args, **kwargs)
        sections = [model for model in get_page_models() if getattr(model, "home_section", None)]
        indexes = (
            gate(self.get_children(), Channel.WEBSITE, types=sections)
            # ``home_cards`` reads the index's place in the tree, not its own fields.
            .specific(defer=True)
        )
        for index_page in indexes:
            context.setdefault(index_page.home_section, index_page.home_cards())
        return context


class StandardPage(BasePage):
    """A plain page: about, legal notice, accessibility statement."""

    intro = models.CharField(_("introduction"), max_length=255, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["crieur.HomePage", "crieur.StandardPage"]
    subpage_types = ["crieur.StandardPage"]
    template = "crieur/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def card_teaser(self):
        return self.intro or self.search_description

    def card_body(self):
        return self.body


@register_setting(icon="palette")
class BrandingSettings(BaseSiteSetting):
    authority_name = models.CharField(
        _("name of the authority"),
        max_length=120,
        default="Crieur",
        help_text=_("Shown in the header, the footer and on printed material."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#1d4e89",
        validators=[validate_hex_colour],
        help_text=_("Used behind white text: it must contrast at least 4.5:1 with white."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#f4b400",
        validators=[validate_hex_colour],
        help_text=_("Used for highlights and focus outlines."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("authority_name"), FieldPanel("logo")], heading=_("Identity")),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour")], heading=_("Colours")
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("branding")

    @classmethod
    def for_request(cls, request):
        """Wagtail's, read once per content generation (``sitewide``), a new object each time."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            setting = snapshot().site_setting(cls, site) if site else cls.for_site(site)
            setting._request = request
            setattr(request, attr_name, setting)
        return getattr(request, attr_name)

    def clean(self):
        super().clean()
        try:
            validate_hex_colour(self.primary_colour)
        except ValidationError:  # reported on the field by its own validator
            return
        ratio = contrast_ratio(self.primary_colour, "#ffffff")
        if ratio < 4.5:
            raise ValidationError(
                {
                    "primary_colour": _(
                        "White text on this colour has a contrast of %(ratio).1f:1; "
                        "choose a darker colour (at least 4.5:1)."
                    )
                    % {"ratio": ratio}
                }
            )


class PrintPermissions(models.Model):
    """Holds the permission to print bulletins and sticker sheets (no table)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("print_material", _("Can print bulletins and sticker sheets"))]

    def __str__(self):
        return str(self._meta.verbose_name)


class CacheGeneration(models.Model):
    """The content generation: one row whose value changes whenever content changes.

    Read and bumped through ``crieur.invalidation`` only, which says why it is a row.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("cache generation")

    def __str__(self):
        return str(self.value)


class PageCacheStamp(models.Model):
    """When the cached copies of one page path were last made out of date.

    Read and written through ``crieur.invalidation`` only (a selective
    invalidation: a publish refreshes the paths of the pages it affects).
    ``digest`` is the SHA-256 of the path; ``floor`` is the stamp of the last
    change that made the page show less (unpublished, private, a consent
    withdrawn): no copy cached before it may be served, not even as stale.
    """

    digest = models.CharField(max_length=64, unique=True)
    value = models.BigIntegerField(default=0)
    floor = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("page cache stamp")

    def __str__(self):
        return f"{self.digest[:12]}: {self.value}"
