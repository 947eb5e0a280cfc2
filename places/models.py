"""Shared places of the territory (issue #15): rooms, tool libraries, gardens, book boxes…

A place is content like a service: written once, with a card (``crieur.cards``)
that every channel reads. What can be used or borrowed there is a list of
resources; a resource is the same thing in every language (its
``translation_key`` is shared by the place's translations), so lending requests
can be keyed on it. The contact e-mail of the person in charge of lending is
for staff only: no card, template, feed or export ever shows it.

A temporary place is shown only between its first and last day: that rule is
the place's own ``gate_q``, applied by the channel gate (``crieur.gate``) like a
testimonial's consent, so the map, the list, the GeoJSON feed and every channel
agree.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from crieur.blocks import BodyBlock
from crieur.cards import Card, Fact
from crieur.channels import Channel
from crieur.gate import gate, passes
from crieur.geo import latitude_field, longitude_field
from crieur.models import BasePage

from .forms import PlaceFilterForm
from .kinds import PICTOGRAMS, PlaceKind, ResourceKind, RunnerKind
from .tiles import map_tiles, tile_origin

__all__ = [
    "PlaceIndexPage",
    "PlaceKind",
    "PlacePage",
    "PlacePhoto",
    "PlaceResource",
    "ResourceKind",
    "RunnerKind",
]

TEASER_MAX_LENGTH = 160


class PlacePageQuerySet(PageQuerySet):
    def shown_on(self, channel=Channel.WEBSITE, on=None, through=None):
        """Places ``channel`` may show on ``on`` (the gate: live, public, within their dates)."""
        return gate(self, channel, on=on, through=through)

    def for_map(self, on=None):
        """Places the website shows on ``on``, with what the list and the map need."""
        return (
            self.shown_on(Channel.WEBSITE, on=on)
            .select_related("locale")
            .prefetch_related("resources")
            .order_by("title")
        )

    def of_kind(self, kind):
        return self.filter(kind=kind) if kind else self

    def lending(self, resource_kind):
        """Places with a lendable resource of ``resource_kind`` (everything when empty)."""
        if not resource_kind:
            return self
        return self.filter(
            pk__in=PlaceResource.objects.filter(kind=resource_kind, lendable=True).values("page")
        )


PlacePageManager = PageManager.from_queryset(PlacePageQuerySet)


class PlaceIndexPage(BasePage):
    """The map of shared places, with the same places as a list beside it.

    The list is the page: headings, address, kind, what can be borrowed,
    accessibility, opening hours, a link to each place, and a GET form that
    filters it on the server (no JavaScript needed). The map is drawn from the
    list's data attributes by ``places/map.js``, so it shows exactly the places
    listed. Tiles come from ``CRIEUR_MAP_TILES``, the one host the page's
    Content-Security-Policy adds.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["crieur.HomePage"]
    subpage_types = ["places.PlacePage"]
    max_count_per_parent = 1
    template = "places/place_index_page.html"

    class Meta:
        verbose_name = _("map of shared places")
        verbose_name_plural = _("maps of shared places")

    #: The home page links to the map (``HomePage.get_context``).
    home_section = "places_map"

    def card_teaser(self):
        return self.intro or self.search_description

    def home_cards(self):
        """The map itself: the home page introduces it and links to it."""
        return self

    def places(self, on=None):
        """The places of this map the website shows on ``on``, by name."""
        return PlacePage.objects.child_of(self).for_map(on=on)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = PlaceFilterForm(request.GET or None)
        places = form.filter(self.places())
        context.update(
            filter_form=form,
            filter_error=form.error_text() if form.is_bound and not form.is_valid() else "",
            filtered=form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
            places=places,
            tiles=map_tiles(),
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        origin = tile_origin(map_tiles()["url"])
        if origin:
            # The tile server is the one other host this page loads anything from.
            response._csp_update = {"img-src": [origin]}
        return response


class PlacePage(BasePage):
    """A shared place: where it is, when it opens, what can be used or borrowed there."""

    kind = models.CharField(
        _("kind of place"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.OTHER
    )
    teaser = models.CharField(
        _("teaser"),
        max_length=TEASER_MAX_LENGTH,
        blank=True,
        help_text=_(
            "At most 160 characters: the map, kiosks, stickers and social previews show it."
        ),
    )
    description = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255)
    latitude = latitude_field(help_text=_("Between -90 and 90, e.g. 45.188529."))
    longitude = longitude_field(help_text=_("Between -180 and 180, e.g. 5.724524."))
    opening_hours = models.TextField(_("opening hours"), blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessible_toilets = models.BooleanField(_("accessible toilets"), default=False)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    run_by = models.CharField(_("run by"), max_length=255, blank=True)
    runner_kind = models.CharField(
        _("kind of runner"), max_length=20, choices=RunnerKind.choices, default=RunnerKind.TOWN
    )
    contact_email = models.EmailField(
        _("contact e-mail (never published)"),
        blank=True,
        help_text=_(
            "The person in charge of lending: receives the requests. Never shown to the public."
        ),
    )
    permanent = models.BooleanField(
        _("permanent"),
        default=True,
        help_text=_("Untick for a temporary place, and give its first and last day."),
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    found_on_walk = models.ForeignKey(
        "campaigns.CampaignEvent",
        verbose_name=_("found on the urban walk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places_found",
        limit_choices_to={"kind": "walk"},
    )

    objects = PlacePageManager()

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("teaser"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("opening_hours"),
            ],
            heading=_("Where and when"),
        ),
        InlinePanel("resources", label=_("Resource"), heading=_("What can be used or borrowed")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("step_free_access"), FieldPanel("accessible_toilets")]),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Accessibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("run_by"), FieldPanel("runner_kind"), FieldPanel("contact_email")],
            heading=_("Who runs it"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("permanent"),
                FieldRowPanel([FieldPanel("available_from"), FieldPanel("available_until")]),
            ],
            heading=_("Permanent or temporary"),
        ),
        InlinePanel("photos", label=_("Photo"), heading=_("Photos")),
        FieldPanel("found_on_walk"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("description"),
        index.SearchField("address"),
        index.FilterField("kind"),
    ]
    override_translatable_fields = [
        SynchronizedField("address"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("contact_email"),
    ]
    card_prefetch = ("photos__image__renditions", "resources")
    parent_page_types = ["places.PlaceIndexPage"]
    subpage_types = []
    template = "places/place_page.html"
    card_kind = "place"

    class Meta:
        verbose_name = _("shared place")
        verbose_name_plural = _("shared places")

    def clean(self):
        super().clean()
        errors = {}
        if not self.permanent:
            if self.available_from is None:
                errors["available_from"] = _("A temporary place needs its first day.")
            if self.available_until is None:
                errors["available_until"] = _("A temporary place needs its last day.")
        if (
            self.available_from
            and self.available_until
            and self.available_until < self.available_from
        ):
            errors["available_until"] = _("The last day cannot come before the first day.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def gate_q(cls, consent, first_day, last_day):
        """A temporary place is shown only within its dates, on every day asked for."""
        return Q(permanent=True) | Q(
            Q(available_from__isnull=True) | Q(available_from__lte=first_day),
            Q(available_until__isnull=True) | Q(available_until__gte=last_day),
        )

    def gate_refusal(self, consent, first_day, last_day):
        """Why :meth:`gate_q` refuses this place: ``(code, date)`` of ``crieur.gate.REFUSALS``."""
        if self.permanent:
            return None
        if self.available_from and self.available_from > first_day:
            return "shown_later", self.available_from
        if self.available_until and self.available_until < first_day:
            return "shown_until_passed", self.available_until
        if self.available_until and self.available_until < last_day:
            return "shown_ends", self.available_until
        return None

    def within_dates(self, on=None):
        """Whether this place's own rule (:meth:`gate_q`) lets it be shown on ``on``."""
        on = on or timezone.localdate()
        rule = self.gate_q(None, on, on)
        return PlacePage.objects.filter(pk=self.pk).filter(rule).exists()

    def get_sitemap_urls(self, request=None):
        if not self.within_dates():
            return []
        return super().get_sitemap_urls(request)

    def serve(self, request, *args, **kwargs):
        # Outside its dates a temporary place does not exist for the public
        # (editors still preview it from the admin).
        if not getattr(request, "is_preview", False) and not self.within_dates():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def walk_shown(self):
        """The urban walk this place was found on, if the website may show its campaign."""
        walk = self.found_on_walk
        if walk is None or not passes(walk.campaign, Channel.WEBSITE):
            return None
        return walk

    @property
    def is_temporary(self):
        return not self.permanent

    @property
    def lends(self):
        """Whether any resource here takes lending requests."""
        return any(resource.lendable for resource in self.resources.all())

    def lendable_resources(self):
        return [resource for resource in self.resources.all() if resource.lendable]

    @property
    def pictogram(self):
        return PICTOGRAMS.get(self.kind, "map-pin")

    @property
    def first_photo(self):
        photos = list(self.photos.all())
        return photos[0] if photos else None

    def accessibility_text(self):
        """Accessibility in words (lazy: read in the language a channel renders in)."""
        text = format_lazy(
            "{}, {}",
            _("Step-free access") if self.step_free_access else _("No step-free access"),
            _("accessible toilets") if self.accessible_toilets else _("no accessible toilets"),
        )
        if self.accessibility_notes:
            text = format_lazy("{}. {}", text, self.accessibility_notes)
        return text

    def resources_text(self):
        """What can be borrowed here, in words: "Cargo bike, Meeting room"."""
        return ", ".join(resource.name for resource in self.lendable_resources())

    def dates_text(self):
        """A temporary place's dates in words ("" for a permanent place)."""
        if self.permanent or not (self.available_from and self.available_until):
            return ""
        return format_lazy(
            _("From {start} to {end}"),
            start=self.available_from.strftime("%d/%m/%Y"),
            end=self.available_until.strftime("%d/%m/%Y"),
        )

    def get_card(self):
        photo = self.first_photo
        facts = (
            (_("Kind"), PlaceKind(self.kind).label if self.kind in PlaceKind.values else ""),
            (_("Address"), self.address),
            (_("Opening hours"), self.opening_hours),
            (_("Accessibility"), self.accessibility_text()),
            (_("To borrow"), self.resources_text()),
            (_("Run by"), self.run_by),
            (_("Dates"), self.dates_text()),
        )
        return Card(
            kind=self.card_kind,
            title=self.title,
            teaser=self.teaser or self.search_description or self.address,
            url=self.url or "",
            locale=self.locale.language_code,
            pictogram=self.pictogram,
            image=photo.image if photo else None,
            facts=tuple(Fact(label, value) for label, value in facts if value),
            body=self.description,
            valid_until=None if self.permanent else self.available_until,
            page=self,
        )


class PlacePhoto(Orderable):
    """A photo of a place; its alternative text is the image's own description."""

    page = ParentalKey(PlacePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Describe the image for people who cannot see it in its description."),
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    @property
    def alt(self):
        return getattr(self.image, "default_alt_text", "") or self.image.title


class PlaceResource(TranslatableMixin, Orderable):
    """Something that can be used or borrowed at a place: a room, a cargo bike, tools.

    The same resource in every language shares its ``translation_key``: lending
    requests are keyed on it.
    """

    page = ParentalKey(PlacePage, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ResourceKind.choices, default=ResourceKind.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("People for a room, units for equipment."),
    )
    lendable = models.BooleanField(
        _("takes lending requests"),
        default=False,
        help_text=_("Residents can ask to borrow it; requests go to the place's contact."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("lendable")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return self.name
