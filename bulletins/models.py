"""Bulletin editions: pages that print as an A4 PDF (see ``bulletins.render``)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from crieur.channels import Channel
from crieur.gate import gate
from crieur.models import BasePage
from pdf.storage import pdf_storage

from .blocks import BulletinArticlesBlock
from .content import select_articles

__all__ = ["BulletinIndexPage", "BulletinPage", "BulletinPDF"]

#: The agenda covers this many days from the issue date unless editors say otherwise.
DEFAULT_AGENDA_DAYS = 92


class BulletinIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["crieur.HomePage"]
    subpage_types = ["bulletins.BulletinPage"]
    max_count_per_parent = 1
    template = "bulletins/bulletin_index_page.html"

    class Meta:
        verbose_name = _("bulletin index")
        verbose_name_plural = _("bulletin indexes")
        db_table = "print_bulletinindexpage"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["editions"] = (
            gate(BulletinPage.objects.child_of(self), Channel.WEBSITE)
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
            .order_by("-issue_date", "-edition_number")
        )
        return context


class BulletinPage(RoutablePageMixin, BasePage):
    """One edition of the bulletin: a cover, an editorial, articles and the agenda."""

    #: The agenda lists every campaign's events by a query, not by a reference:
    #: publishing a campaign refreshes the editions' cached web pages.
    cache_lists = ("campaigns.CampaignPage",)

    edition_number = models.PositiveIntegerField(_("edition number"))
    issue_date = models.DateField(
        _("issue date"),
        default=datetime.date.today,
        help_text=_(
            "Testimonials print only with a print consent valid from the day the PDF "
            "is made through this day."
        ),
    )
    agenda_until = models.DateField(
        _("agenda until"),
        null=True,
        blank=True,
        help_text=_(
            "The agenda lists the campaign events from the issue date to this day "
            "(three months when empty)."
        ),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_headline = models.CharField(_("cover headline"), max_length=160)
    editorial = RichTextField(
        _("editorial"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    editorial_signature = models.CharField(
        _("editorial signed by"),
        max_length=160,
        blank=True,
        help_text=_("For example “Jeanne Martin, mayor”."),
    )
    articles = StreamField(
        BulletinArticlesBlock(),
        verbose_name=_("articles"),
        blank=True,
        help_text=_("In print order; at most 60."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel(
            [FieldPanel("edition_number"), FieldPanel("issue_date"), FieldPanel("agenda_until")],
            heading=_("Edition"),
        ),
        MultiFieldPanel(
            [FieldPanel("cover_headline"), FieldPanel("cover_image")], heading=_("Cover")
        ),
        MultiFieldPanel(
            [FieldPanel("editorial"), FieldPanel("editorial_signature")],
            heading=_("Editorial"),
        ),
        FieldPanel("articles"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("cover_headline", boost=2),
        index.SearchField("editorial"),
        index.SearchField("articles"),
        index.FilterField("issue_date"),
    ]
    preview_modes = [("", _("Web page")), ("print", _("Print (HTML)"))]
    parent_page_types = ["bulletins.BulletinIndexPage"]
    subpage_types = []
    template = "bulletins/bulletin_page.html"
    card_kind = "bulletin"
    card_prefetch = ("cover_image__renditions",)

    class Meta:
        verbose_name = _("bulletin edition")
        verbose_name_plural = _("bulletin editions")
        db_table = "print_bulletinpage"

    def clean(self):
        super().clean()
        if self.issue_date and self.agenda_until and self.agenda_until < self.issue_date:
            raise ValidationError(
                {"agenda_until": _("The agenda cannot end before the issue date.")}
            )

    def card_teaser(self):
        return self.cover_headline

    def card_image(self):
        return self.cover_image

    @property
    def agenda_period(self):
        start = self.issue_date or timezone.localdate()
        days = min(datetime.timedelta(days=DEFAULT_AGENDA_DAYS), datetime.date.max - start)
        return start, self.agenda_until or start + days

    def user_can_edit(self, user):
        return bool(
            user is not None
            and user.is_authenticated
            and self.pk is not None
            and self.permissions_for_user(user).can_edit()
        )

    # -- serving -------------------------------------------------------------

    def route(self, request, path_components):
        # Editors download the PDF of an edition that is not published yet;
        # for everyone else a draft does not exist.
        if not self.live and path_components and path_components[0] == "pdf":
            if not self.user_can_edit(request.user):
                raise Http404
            subpath = "/" + "/".join(path_components) + "/"
            resolver_match = self.resolve_subpage(subpath)
            request.routable_resolver_match = resolver_match
            from wagtail.url_routing import RouteResult

            view, args, kwargs = resolver_match
            return RouteResult(self, args=(view, args, kwargs))
        return super().route(request, path_components)

    @path("pdf/", name="pdf")
    def pdf_home(self, request):
        # A real cycle: the views serve this model's PDFs (models load before views).
        from bulletins.views import serve_edition_pdf

        return serve_edition_pdf(request, self, "home")

    @path("pdf/print-ready/", name="pdf_print_ready")
    def pdf_print_ready(self, request):
        # A real cycle: the views serve this model's PDFs (models load before views).
        from bulletins.views import serve_edition_pdf

        return serve_edition_pdf(request, self, "print-ready")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The web page shows what the website may show today (not what the
        # bulletin may print on the issue date).
        selection = select_articles(self, Channel.WEBSITE)
        context["selection"] = selection.articles
        context["agenda"] = selection.agenda
        return context

    def serve_preview(self, request, mode_name):
        if mode_name == "print":
            # A real cycle: rendering stores PDFs in this module's BulletinPDF.
            from bulletins.render import bulletin_html

            return HttpResponse(bulletin_html(self, "home", preview=True))
        return super().serve_preview(request, mode_name)


class BulletinPDF(models.Model):
    """A rendered PDF, kept until the content it was made from changes."""

    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("output"), max_length=20)
    revision_id = models.PositiveIntegerField(_("revision of the edition"), null=True)
    file = models.FileField(_("file"), storage=pdf_storage, upload_to="bulletins/")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    page_count = models.PositiveSmallIntegerField(_("pages"), default=0)
    left_out = models.JSONField(_("left out"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bulletin PDF")
        verbose_name_plural = _("bulletin PDFs")
        db_table = "print_bulletinpdf"
        indexes = [models.Index(fields=["page", "kind"])]

    def __str__(self):
        return f"{self.page_id} {self.kind} {self.key[:12]}"
