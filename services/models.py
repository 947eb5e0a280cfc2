import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from crieur.blocks import BodyBlock
from crieur.card_store import kept_refs
from crieur.cards import Answer as CardAnswer
from crieur.cards import Card, Fact, Reference, Section, TrialOffer, on_first_use
from crieur.channels import Channel
from crieur.gate import gate
from crieur.geo import latitude_field, longitude_field
from crieur.models import CARD_FIELDS, BasePage, localize_pages
from crieur.pictograms import PictogramMixin

__all__ = [
    "LegalReference",
    "RegulationIndexPage",
    "RegulationPage",
    "ServiceCategory",
    "ServiceIndexPage",
    "ServicePage",
    "ServiceRegulation",
]

TEASER_MAX_LENGTH = 160
LISTING_PAGE_SIZE = 24


class ServiceCategory(TranslatableMixin, models.Model):
    """A kind of collaborative practice; editors can add their own."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    pictogram_name = models.CharField(_("pictogram (Lucide icon)"), max_length=64, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("pictogram_name")]
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("pictogram_name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class ServicePageQuerySet(PageQuerySet):
    def for_listing(self):
        """Live services, for a listing whose cards come from the card store (``{% cards %}``)."""
        return gate(self, Channel.WEBSITE).only(*CARD_FIELDS).order_by("title")

    def trial_ended(self, on=None):
        """Services still offering a trial whose last day has passed (to update or remove)."""
        on = on or timezone.localdate()
        return self.exclude(trial_offer="").filter(trial_until__lt=on)


ServicePageManager = PageManager.from_queryset(ServicePageQuerySet)


class ServiceIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["crieur.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count_per_parent = 1
    template = "services/service_index_page.html"

    #: On the home page, a few services (``HomePage.get_context``).
    home_section = "services"

    class Meta:
        verbose_name = _("service index")
        verbose_name_plural = _("service indexes")

    def home_cards(self):
        return ServicePage.objects.child_of(self).for_listing()[:6]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = ServicePage.objects.child_of(self).for_listing()
        categories = ServiceCategory.objects.filter(locale=self.locale)
        selected = request.GET.get("category", "")
        if selected:
            services = services.filter(category__slug=selected)
        context["categories"] = categories
        context["selected_category"] = selected
        context["services"] = Paginator(services, LISTING_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return context


class ServicePage(PictogramMixin, BasePage):
    teaser = models.CharField(
        _("teaser"),
        max_length=TEASER_MAX_LENGTH,
        help_text=_(
            "At most 160 characters: kiosks, stickers and social previews show this sentence."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
    )
    body = StreamField(BodyBlock(), verbose_name=_("presentation"), blank=True)

    join_address = models.TextField(_("address"), blank=True)
    join_opening_hours = models.TextField(_("opening hours"), blank=True)
    join_contact = models.CharField(_("contact"), max_length=255, blank=True)
    join_price = models.CharField(_("price"), max_length=255, blank=True)
    join_instructions = RichTextField(
        _("how to join"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    trial_offer = models.CharField(
        _("trial offer"),
        max_length=255,
        blank=True,
        help_text=_("What residents can try, for example “Borrow any tool free for a month”."),
    )
    trial_until = models.DateField(_("trial offer valid until"), null=True, blank=True)

    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)

    objects = ServicePageManager()

    content_panels = (
        Page.content_panels
        + [FieldPanel("teaser"), FieldPanel("category"), FieldPanel("image")]
        + PictogramMixin.pictogram_panels
        + [
            FieldPanel("body"),
            MultiFieldPanel(
                [
                    FieldPanel("join_instructions"),
                    FieldPanel("join_address"),
                    FieldPanel("join_opening_hours"),
                    FieldPanel("join_contact"),
                    FieldPanel("join_price"),
                ],
                heading=_("How to join"),
            ),
            MultiFieldPanel(
                [FieldPanel("trial_offer"), FieldPanel("trial_until")],
                heading=_("Trial offer"),
            ),
            InlinePanel(
                "related_regulations",
                label=_("Related regulation explainer"),
                heading=_("Related regulation explainers"),
            ),
            MultiFieldPanel(
                [FieldPanel("latitude"), FieldPanel("longitude")],
                heading=_("Location (optional)"),
            ),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.SearchField("trial_offer"),
        index.FilterField("category"),
    ]
    override_translatable_fields = [SynchronizedField("pictogram_name")]
    card_prefetch = ("image__renditions", "pictogram_image__renditions", "category")
    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types = []
    template = "services/service_page.html"
    card_kind = "service"

    class Meta:
        verbose_name = _("service presentation")
        verbose_name_plural = _("service presentations")

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({field: _("Give both latitude and longitude, or neither.")})

    def get_card(self):
        facts = (
            (_("Address"), self.join_address),
            (_("Opening hours"), self.join_opening_hours),
            (_("Contact"), self.join_contact),
            (_("Price"), self.join_price),
        )
        return Card(
            kind=self.card_kind,
            title=self.title,
            teaser=self.teaser,
            url=self.url or "",
            locale=self.locale.language_code,
            pictogram=self.pictogram_name
            or (self.category.pictogram_name if self.category else ""),
            pictogram_image=self.pictogram_image,
            image=self.image,
            facts=tuple(Fact(label, value) for label, value in facts if value),
            trial=TrialOffer(self.trial_offer, self.trial_until) if self.trial_offer else None,
            sections=(
                (Section(_("How to join"), self.join_instructions),)
                if self.join_instructions
                else ()
            ),
            body=self.body,
            page=self,
        )

    def trial_is_running(self, on=None):
        return TrialOffer(self.trial_offer, self.trial_until).running(on)

    def regulations(self, request=None):
        refs = kept_refs(self, self.related_regulations.all(), "regulation", request)
        return localize_pages(refs, self.locale, Channel.WEBSITE, prepare=False)  # {% cards %}

    def _related_model(self, relation):
        """The model of a relation other apps declare towards services.

        Testimonials and campaign events point at the service they are about;
        the service reads them through those reverse relations (Django's
        ``_meta`` API), so services import neither app.
        """
        return self._meta.get_field(relation).related_model

    def web_testimonials(self):
        testimonials = self._related_model("testimonials_about").objects.all()
        return (
            gate(testimonials, Channel.WEBSITE)
            .filter(locale=self.locale, service__translation_key=self.translation_key)
            .only(*CARD_FIELDS)  # {% cards %}
        )

    def upcoming_events(self):
        events = self._related_model("trial_events").objects
        return (
            events.upcoming()
            .shown_on(Channel.WEBSITE)
            .filter(campaign__locale=self.locale, service__translation_key=self.translation_key)
            # What the page shows of an event and its schema.org data reads of its campaign.
            .only(*SHOWN_EVENT_FIELDS, "campaign__slogan", "campaign__url_path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regulations"] = self.regulations(request)
        context["testimonials"] = self.web_testimonials()
        context["events"] = self.upcoming_events()
        return context


#: The fields of a campaign event a page lists (``crieur/includes/event.html``, its JSON-LD).
SHOWN_EVENT_FIELDS = ("name", "starts_at", "ends_at", "place", "what_to_try", "campaign")


class ServiceRegulation(Orderable):
    """A regulation explainer related to a service, in the order editors chose."""

    service = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="related_regulations")
    regulation = models.ForeignKey(
        "services.RegulationPage",
        verbose_name=_("regulation explainer"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("regulation", "services.RegulationPage")]


class RegulationPageQuerySet(PageQuerySet):
    def stale(self, on=None):
        """Explainers not checked for CRIEUR_STALE_AFTER_DAYS (twelve months)."""
        on = on or timezone.localdate()
        limit = on - datetime.timedelta(days=settings.CRIEUR_STALE_AFTER_DAYS)
        return self.filter(last_checked__lte=limit)


RegulationPageManager = PageManager.from_queryset(RegulationPageQuerySet)


class RegulationIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["crieur.HomePage"]
    subpage_types = ["services.RegulationPage"]
    max_count_per_parent = 1
    template = "services/regulation_index_page.html"

    class Meta:
        verbose_name = _("regulation index")
        verbose_name_plural = _("regulation indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        regulations = (
            gate(RegulationPage.objects.child_of(self), Channel.WEBSITE)
            .select_related("locale")
            .order_by("question")
        )
        context["regulations"] = Paginator(regulations, LISTING_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return context


class RegulationPage(BasePage):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        DEPENDS = "depends", _("It depends")

    question = models.CharField(
        _("question"),
        max_length=255,
        help_text=_("The question as residents ask it: “May I lend my car to a neighbour?”"),
    )
    answer = models.CharField(_("short answer"), max_length=10, choices=Answer.choices)
    answer_summary = models.CharField(
        _("answer in one sentence"),
        max_length=TEASER_MAX_LENGTH,
        help_text=_("One sentence, at most 160 characters."),
    )
    details = RichTextField(
        _("details"), blank=True, features=["h3", "bold", "italic", "link", "ol", "ul"]
    )
    last_checked = models.DateField(
        _("last checked on"),
        default=datetime.date.today,
        help_text=_("Rules change: an explainer not checked for a year is flagged to editors."),
    )

    objects = RegulationPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("answer_summary"),
        FieldPanel("details"),
        InlinePanel("legal_references", label=_("Legal reference"), heading=_("Legal references")),
        FieldPanel("last_checked"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("question", boost=2),
        index.SearchField("answer_summary"),
        index.SearchField("details"),
    ]
    card_prefetch = ("legal_references",)
    parent_page_types = ["services.RegulationIndexPage"]
    subpage_types = []
    template = "services/regulation_page.html"
    card_kind = "regulation"

    class Meta:
        verbose_name = _("regulation explainer")
        verbose_name_plural = _("regulation explainers")

    def is_stale(self, on=None):
        on = on or timezone.localdate()
        return (on - self.last_checked).days >= settings.CRIEUR_STALE_AFTER_DAYS

    def get_card(self):
        return Card(
            kind=self.card_kind,
            title=self.question,
            teaser=f"{self.get_answer_display()}. {self.answer_summary}",
            url=self.url or "",
            locale=self.locale.language_code,
            pictogram="scale",
            answer=CardAnswer(
                question=self.question,
                verdict=self.answer,
                # The label itself (translated where it is shown), not its text today.
                verdict_label=dict(self.Answer.choices).get(self.answer, self.answer),
                summary=self.answer_summary,
            ),
            references=on_first_use(
                lambda: (Reference(row.label, row.url) for row in self.legal_references.all())
            ),
            sections=(Section("", self.details),) if self.details else (),
            page=self,
        )


class LegalReference(TranslatableMixin, Orderable):
    page = ParentalKey(RegulationPage, on_delete=models.CASCADE, related_name="legal_references")
    label = models.CharField(_("label"), max_length=255)
    url = models.URLField(_("web address"), blank=True)

    panels = [FieldPanel("label"), FieldPanel("url")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")

    def __str__(self):
        return self.label
