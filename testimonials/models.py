import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from crieur.cards import PORTRAIT, Card, Section
from crieur.channels import Channel, ConsentChannel
from crieur.gate import gate, passes
from crieur.models import BasePage, localize_pages

__all__ = ["ConsentNotice", "TestimonialIndexPage", "TestimonialPage", "QUOTE_MAX_LENGTH"]

QUOTE_MAX_LENGTH = 280
LISTING_PAGE_SIZE = 24


class TestimonialPageQuerySet(PageQuerySet):
    def consented_for(self, channel, on=None, through=None):
        """Testimonials whose author consents to ``channel`` on the date ``on`` (today).

        The rule itself is ``TestimonialPage.gate_q``, which the channel gate
        (``crieur.gate``) applies; channels select through the gate, which
        also checks that pages are live and public.
        """
        on = on or timezone.localdate()
        return self.filter(TestimonialPage.gate_q(ConsentChannel(channel), on, through or on))

    def with_any_consent(self):
        """Testimonials whose author consented to at least one channel."""
        return self.filter(
            Q(consent_web=True)
            | Q(consent_print=True)
            | Q(consent_kiosk=True)
            | Q(consent_social=True),
            consent_date__isnull=False,
        )

    def expiring(self, on=None, days=60):
        """Consents whose last valid day falls within ``days`` days from ``on`` (today)."""
        on = on or timezone.localdate()
        return self.with_any_consent().filter(
            consent_until__gte=on, consent_until__lt=on + datetime.timedelta(days=days)
        )


TestimonialPageManager = PageManager.from_queryset(TestimonialPageQuerySet)


class TestimonialIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["crieur.HomePage"]
    subpage_types = ["testimonials.TestimonialPage"]
    max_count_per_parent = 1
    template = "testimonials/testimonial_index_page.html"

    class Meta:
        verbose_name = _("testimonial index")
        verbose_name_plural = _("testimonial indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        testimonials = (
            gate(TestimonialPage.objects.child_of(self), Channel.WEBSITE)
            .select_related("locale", "portrait", "service")
            .prefetch_related("portrait__renditions")
            .order_by("-first_published_at")
        )
        context["testimonials"] = Paginator(testimonials, LISTING_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return context


class TestimonialPage(BasePage):
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("A first name or a pseudonym, never a full name without consent."),
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quote = models.TextField(
        _("quote"),
        max_length=QUOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(QUOTE_MAX_LENGTH)],
        help_text=_("At most 280 characters: the sentence kiosks and bulletins show."),
    )
    story = RichTextField(_("story"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    service = models.ForeignKey(
        "services.ServicePage",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonials_about",
    )

    consent_web = models.BooleanField(_("website"), default=False)
    consent_print = models.BooleanField(_("print (bulletin, posters, stickers)"), default=False)
    consent_kiosk = models.BooleanField(_("kiosk screens"), default=False)
    consent_social = models.BooleanField(_("social media"), default=False)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_until = models.DateField(
        _("consent valid until"),
        null=True,
        blank=True,
        help_text=_("The last day the consent is valid; leave empty if it does not expire."),
    )
    consent_record = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("consent record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The signed form or e-mail; keep it in a private collection."),
    )

    objects = TestimonialPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("display_name"),
        FieldPanel("portrait"),
        FieldPanel("quote"),
        FieldPanel("story"),
        PageChooserPanel("service", "services.ServicePage"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("consent_web"),
                        FieldPanel("consent_print"),
                        FieldPanel("consent_kiosk"),
                        FieldPanel("consent_social"),
                    ],
                    heading=_("Channels agreed to"),
                ),
                FieldRowPanel([FieldPanel("consent_date"), FieldPanel("consent_until")]),
                FieldPanel("consent_record"),
            ],
            heading=_("Consent"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("quote"),
        index.SearchField("story"),
        index.SearchField("display_name"),
        index.FilterField("consent_web"),
    ]
    override_translatable_fields = [SynchronizedField("display_name")]
    card_prefetch = ("portrait__renditions",)
    parent_page_types = ["testimonials.TestimonialIndexPage"]
    subpage_types = []
    template = "testimonials/testimonial_page.html"
    card_kind = "testimonial"

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def clean(self):
        super().clean()
        if self.consent_date and self.consent_until and self.consent_until < self.consent_date:
            raise ValidationError(
                {"consent_until": _("The consent cannot expire before the date it was given.")}
            )
        channels = [self.consent_web, self.consent_print, self.consent_kiosk, self.consent_social]
        if any(channels) and not self.consent_date:
            raise ValidationError(
                {"consent_date": _("Give the date of the consent for the channels ticked.")}
            )

    @classmethod
    def gate_q(cls, consent, first_day, last_day):
        """The consent rule the channel gate applies to testimonials.

        Consent was given for the channel on or before ``first_day`` and is
        still valid on ``last_day`` (the expiry date is its last valid day).
        """
        return Q(
            Q(consent_until__isnull=True) | Q(consent_until__gte=last_day),
            **{f"consent_{ConsentChannel(consent).value}": True},
            consent_date__isnull=False,
            consent_date__lte=first_day,
        )

    def gate_refusal(self, consent, first_day, last_day):
        """Why :meth:`gate_q` refuses this testimonial, for editors: ``(code, date)``.

        Written next to the rule it explains, so the two change together; the
        gate alone decides. ``None`` when the consent rule is not the reason.
        """
        consent = ConsentChannel(consent)
        until = self.consent_until
        if not getattr(self, f"consent_{consent.value}"):
            return "no_consent", None
        if self.consent_date is None:
            return "no_consent_date", None
        if self.consent_date > first_day:
            return "consent_later", self.consent_date
        if until is not None and until < first_day:
            return "consent_expired", until
        if until is not None and until < last_day:
            return "consent_ends", until
        return None

    def has_consent(self, channel, on=None):
        """Whether this testimonial may appear on ``channel`` on the date ``on``."""
        return TestimonialPage.objects.filter(pk=self.pk).consented_for(channel, on=on).exists()

    def link_fallback_id(self):
        """Without consent for a link's channel, its QR codes lead to the service."""
        return self.service_id

    def about_service(self):
        """The service this testimonial is about, if the website may show it (else None)."""
        if self.service_id is None:
            return None
        shown = localize_pages([self.service], self.locale, Channel.WEBSITE)
        return shown[0] if shown else None

    def get_card(self):
        return Card(
            kind=self.card_kind,
            title=self.title,
            teaser=self.quote,
            url=self.url or "",
            locale=self.locale.language_code,
            pictogram="quote",
            image=self.portrait,
            image_role=PORTRAIT,
            quote=self.quote,
            attribution=self.display_name,
            sections=(Section("", self.story),) if self.story else (),
            # The consent's last day, whatever the channel (the gate checks each channel).
            valid_until=self.consent_until,
            page=self,
        )

    def _shared_socially(self):
        """Whether the gate lets this testimonial go to social networks today.

        Asked once per page object (one request): both the image and the
        description of a shared link depend on it.
        """
        if not hasattr(self, "_social_verdict"):
            self._social_verdict = passes(self, Channel.SOCIAL)
        return self._social_verdict

    @property
    def social_preview_image(self):
        """No image in what social networks copy without the author's social-media consent."""
        if not self._shared_socially():
            return None
        return super().social_preview_image

    @property
    def social_description(self):
        """The quote goes to social networks only with the author's social-media consent."""
        if not self._shared_socially():
            return self.search_description or _("A resident's testimonial.")
        return super().social_description

    def get_sitemap_urls(self, request=None):
        if not self.has_consent(ConsentChannel.WEB):
            return []
        return super().get_sitemap_urls(request)

    def serve(self, request, *args, **kwargs):
        # Without valid web consent, the testimonial does not exist for the public
        # (editors still preview it from the admin).
        if not getattr(request, "is_preview", False) and not self.has_consent(ConsentChannel.WEB):
            raise Http404
        return super().serve(request, *args, **kwargs)


class ConsentNotice(models.Model):
    """An e-mail sent about a testimonial's consent, so that no sweep sends it twice."""

    class Kind(models.TextChoices):
        SOON = "soon", _("Expires in 30 days")
        EXPIRED = "expired", _("Expired")

    testimonial = models.ForeignKey(
        TestimonialPage,
        verbose_name=_("testimonial"),
        on_delete=models.CASCADE,
        related_name="consent_notices",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    consent_until = models.DateField(
        _("consent valid until"),
        help_text=_("A renewed consent (another date) gets notices of its own."),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("recipients"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent notice")
        verbose_name_plural = _("consent notices")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["testimonial", "kind", "consent_until"],
                name="testimonials_consentnotice_once",
            )
        ]

    def __str__(self):
        return f"{self.testimonial_id} {self.kind} {self.consent_until}"
