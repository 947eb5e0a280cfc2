"""The pages of calls for projects: the index, the call, and each project it funded.

Anyone can answer a call, whatever their status (an association, an informal
group, a resident), with a short form and no account (``calls.views``). Staff
accept almost every application; the call page shows, live, how many projects
are accepted and the equal share each receives (``calls.shares``). Once the
call has closed, an accepted project can become a page of its own
(:class:`ProjectPage`), with a card, so it reaches every channel once an
editor publishes it. The applicant's contact details stay on the application:
they are never copied to a page.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from crieur.cards import Card, Fact
from crieur.channels import Channel
from crieur.gate import gate
from crieur.models import CARD_FIELDS, BasePage

from ..shares import equal_share
from ..views import apply
from .applications import MAX_BUDGET, Application

__all__ = ["CallIndexPage", "CallPage", "ProjectPage", "euros"]

TEASER_MAX_LENGTH = 160


class CallIndexPage(BasePage):
    """The town's calls for projects, open ones first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["crieur.HomePage"]
    subpage_types = ["calls.CallPage"]
    max_count_per_parent = 1
    template = "calls/call_index_page.html"

    class Meta:
        verbose_name = _("calls for projects index")
        verbose_name_plural = _("calls for projects indexes")

    #: The home page shows the calls open today (``HomePage.get_context``).
    home_section = "open_calls"

    def card_teaser(self):
        return self.intro or self.search_description

    def home_cards(self):
        """The calls the website shows that take applications today, soonest closing first."""
        today = timezone.localdate()
        calls = gate(CallPage.objects.child_of(self), Channel.WEBSITE).filter(
            opens_on__lte=today, closes_on__gte=today
        )
        return calls.only(*CARD_FIELDS).order_by("closes_on")[:3]  # {% cards %}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calls = (
            gate(CallPage.objects.child_of(self), Channel.WEBSITE)
            .select_related("locale")
            .order_by("-closes_on", "title")
        )
        context["calls"] = calls
        return context


class CallPage(RoutablePageMixin, BasePage):
    """A call for projects: its budget, its dates and, in plain words, who may answer."""

    teaser = models.CharField(
        _("teaser"),
        max_length=TEASER_MAX_LENGTH,
        help_text=_("At most 160 characters: kiosks, posters and social previews show it."),
    )
    budget = models.PositiveIntegerField(
        _("budget (euros)"),
        validators=[MaxValueValidator(MAX_BUDGET)],
        help_text=_("Divided equally among the projects accepted, rounded down to the euro."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day to apply."))
    eligibility = models.TextField(
        _("what projects"),
        help_text=_("In plain words: what kind of project the call funds, and where."),
    )
    who_can_apply = models.TextField(
        _("who can apply"),
        default=_(
            "Anyone: an association, an informal group of neighbours or a resident on their own."
        ),
    )
    next_steps = models.TextField(
        _("what happens next"),
        blank=True,
        help_text=_("After the call closes: when applicants hear back, when the money comes."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        MultiFieldPanel(
            [FieldPanel("budget"), FieldPanel("opens_on"), FieldPanel("closes_on")],
            heading=_("Budget and dates"),
        ),
        FieldPanel("eligibility"),
        FieldPanel("who_can_apply"),
        FieldPanel("next_steps"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("eligibility"),
    ]
    parent_page_types = ["calls.CallIndexPage"]
    subpage_types = ["calls.ProjectPage"]
    template = "calls/call_page.html"
    card_kind = "call"

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A call closes on or after the day it opens.")})

    # The call's state on a day -------------------------------------------------

    def has_opened(self, on=None):
        return (on or timezone.localdate()) >= self.opens_on

    def has_closed(self, on=None):
        return (on or timezone.localdate()) > self.closes_on

    def is_open(self, on=None):
        return self.has_opened(on) and not self.has_closed(on)

    def applications_of_call(self):
        """The applications to this call, made on any of its translations."""
        return Application.objects.filter(call__translation_key=self.translation_key)

    def share(self):
        """The equal share of today (``calls.shares.Share``): one query."""
        accepted = self.applications_of_call().filter(status=Application.Status.ACCEPTED).count()
        return equal_share(self.budget, accepted)

    def get_card(self):
        facts = [
            Fact(str(_("Budget")), euros(self.budget)),
            Fact(
                str(_("Applications")),
                str(_("from %(start)s to %(end)s"))
                % {
                    "start": date_format(self.opens_on, "j F Y"),
                    "end": date_format(self.closes_on, "j F Y"),
                },
            ),
            Fact(str(_("Who can apply")), self.who_can_apply),
        ]
        return Card(
            kind=self.card_kind,
            title=self.title,
            teaser=self.teaser,
            url=self.url or "",
            locale=self.locale.language_code if self.locale_id else "",
            pictogram="hand-coins",
            facts=tuple(facts),
            page=self,
        )

    # The public application form (``calls.views``) -----------------------------

    @path("")
    def index_route(self, request, *args, **kwargs):
        return super().index_route(request, *args, **kwargs)

    @path("apply/")
    def apply(self, request):
        return apply(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["share"] = self.share()
        context["call_open"] = self.is_open()
        context["call_opened"] = self.has_opened()
        context["apply_url"] = self.url + self.reverse_subpage("apply") if self.url else ""
        context["projects"] = gate(
            ProjectPage.objects.child_of(self), Channel.WEBSITE
        ).select_related("locale")
        return context


def euros(amount):
    """``amount`` whole euros as text in the active language: "12 000 €", "12,000 €"."""
    return str(_("%(amount)s €")) % {"amount": number_format(amount, force_grouping=True)}


class ProjectPage(BasePage):
    """A project accepted in a call, told as content: what, where, when, by whom.

    Made as a draft from its application once the call has closed
    (``calls.publishing``); only the group's public name is copied, never the
    contact details.
    """

    teaser = models.CharField(_("teaser"), max_length=TEASER_MAX_LENGTH)
    group_name = models.CharField(_("run by"), max_length=200)
    description = models.TextField(_("the project"))
    where = models.CharField(_("where"), max_length=300, blank=True)
    when = models.CharField(_("when"), max_length=300, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("group_name"),
        FieldPanel("description"),
        FieldPanel("where"),
        FieldPanel("when"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("description"),
    ]
    parent_page_types = ["calls.CallPage"]
    subpage_types = []
    template = "calls/project_page.html"
    card_kind = "project"

    class Meta:
        verbose_name = _("project of a call")
        verbose_name_plural = _("projects of calls")

    def get_card(self):
        facts = (
            (_("Run by"), self.group_name),
            (_("Where"), self.where),
            (_("When"), self.when),
        )
        return Card(
            kind=self.card_kind,
            title=self.title,
            teaser=self.teaser,
            url=self.url or "",
            locale=self.locale.language_code if self.locale_id else "",
            pictogram="sprout",
            facts=tuple(Fact(str(label), value) for label, value in facts if value),
            page=self,
        )
