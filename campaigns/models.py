import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from crieur.card_store import kept_refs
from crieur.cards import Card, CardEvent, Fact, Section, on_first_use
from crieur.channels import Channel
from crieur.gate import gate, gate_condition, gate_pages
from crieur.models import CARD_FIELDS, BasePage, localize_pages, prepare_cards
from crieur.outputs import LeftOut

from .calendars import feed_links
from .forms import CampaignPageForm

__all__ = ["CampaignEvent", "CampaignIndexPage", "CampaignItem", "CampaignPage"]

#: What a campaign promotes: the project's content types (one list, in the
#: settings), except campaigns themselves.
SELECTABLE_PAGE_TYPES = [
    label for label in settings.CRIEUR_CONTENT_PAGE_TYPES if label != "campaigns.CampaignPage"
]


#: A hashtag: "#" then letters, digits or underscores (accented letters too).
HASHTAG = re.compile(r"#\w+")


def split_hashtags(value):
    """The hashtags written in ``value``, in order, each once: "#a, b #a" gives ["#a", "#b"]."""
    tags = []
    for word in re.split(r"[\s,;]+", value or ""):
        if not word:
            continue
        tag = word if word.startswith("#") else f"#{word}"
        if tag not in tags:
            tags.append(tag)
    return tags


def validate_hashtags(value):
    wrong = [tag for tag in split_hashtags(value) if not HASHTAG.fullmatch(tag)]
    if wrong:
        raise ValidationError(
            _("Not a hashtag: %(tags)s. Use letters, digits and underscores after the #.")
            % {"tags": " ".join(wrong)}
        )


def _period(start, end):
    return _("from %(start)s to %(end)s") % {
        "start": date_format(start, "j F"),
        "end": date_format(end, "j F Y"),
    }


#: "from 1 March to 31 March 2026", in the language active where it is shown.
period_text = lazy(_period, str)


class CampaignPageQuerySet(PageQuerySet):
    def running(self, on=None):
        on = on or timezone.localdate()
        return gate(self, Channel.WEBSITE, on=on).filter(start_date__lte=on, end_date__gte=on)

    def running_or_upcoming(self, on=None):
        on = on or timezone.localdate()
        return gate(self, Channel.WEBSITE, on=on).filter(end_date__gte=on).order_by("start_date")


CampaignPageManager = PageManager.from_queryset(CampaignPageQuerySet)


class CampaignIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["crieur.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count_per_parent = 1
    template = "campaigns/campaign_index_page.html"

    #: On the home page, the campaigns running now or soon (``HomePage.get_context``).
    home_section = "current_campaigns"

    class Meta:
        verbose_name = _("campaign index")
        verbose_name_plural = _("campaign indexes")

    def home_cards(self):
        campaigns = CampaignPage.objects.child_of(self).running_or_upcoming()
        return campaigns.only(*CARD_FIELDS)[:3]  # {% cards %}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        campaigns = (
            gate(CampaignPage.objects.child_of(self), Channel.WEBSITE)
            .select_related("locale", "image")
            .prefetch_related("image__renditions")
        )
        context["current_campaigns"] = campaigns.filter(end_date__gte=today).order_by("start_date")
        context["past_campaigns"] = Paginator(
            campaigns.filter(end_date__lt=today).order_by("-end_date"), 12
        ).get_page(request.GET.get("page"))
        feed = reverse("events_calendar") + "?" + urlencode({"lang": self.locale.language_code})
        context.update(feed_links(request, feed))
        return context


class CampaignPage(BasePage):
    slogan = models.CharField(_("slogan"), max_length=160)
    hashtags = models.CharField(
        _("hashtags"),
        max_length=200,
        blank=True,
        validators=[validate_hashtags],
        help_text=_("Added to the campaign's social media posts, e.g. #SemaineDuPartage #Réemploi"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    description = RichTextField(
        _("description"), blank=True, features=["h3", "bold", "italic", "link", "ol", "ul"]
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)

    objects = CampaignPageManager()
    base_form_class = CampaignPageForm
    card_prefetch = ("image__renditions", "events")

    content_panels = Page.content_panels + [
        FieldPanel("slogan"),
        FieldPanel("hashtags"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Period")),
        FieldPanel("image"),
        FieldPanel("description"),
        FieldPanel("channels"),
        InlinePanel("items", label=_("Content"), heading=_("Selected content")),
        InlinePanel("events", label=_("Event"), heading=_("Events where residents try services")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("slogan", boost=2),
        index.SearchField("description"),
    ]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []
    template = "campaigns/campaign_page.html"
    card_kind = "campaign"

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign cannot end before it starts.")})
        unknown = set(self.channels or []) - set(Channel.values)
        if unknown:
            raise ValidationError(
                {"channels": _("Unknown channel: %s") % ", ".join(sorted(unknown))}
            )

    def get_card(self):
        return Card(
            kind=self.card_kind,
            title=self.title,
            teaser=self.slogan,
            url=self.url or "",
            locale=self.locale.language_code,
            pictogram="megaphone",
            image=self.image,
            facts=(Fact(_("When"), period_text(self.start_date, self.end_date)),),
            sections=(Section("", self.description),) if self.description else (),
            events=on_first_use(
                lambda: (
                    CardEvent(
                        id=event.pk,
                        name=event.name,
                        starts_at=event.starts_at,
                        ends_at=event.ends_at,
                        place=event.place,
                        what_to_try=event.what_to_try,
                    )
                    for event in self.events.all()
                )
            ),
            page=self,
        )

    def hashtag_list(self):
        """The campaign's hashtags, each starting with "#"."""
        return split_hashtags(self.hashtags)

    def get_channels_display(self):
        labels = dict(Channel.choices)
        return [labels[value] for value in self.channels or [] if value in labels]

    def is_running(self, on=None):
        on = on or timezone.localdate()
        return self.start_date <= on <= self.end_date

    def selected_pages(self, channel=Channel.WEBSITE, on=None, *, prepare=True, request=None):
        """The selection in this campaign's language that ``channel`` may show on ``on``.

        Drafts, private pages and testimonials without consent for the channel
        are left out by the gate (``crieur.gate``). ``prepare``: as
        ``localize_pages`` (``False`` for cards from the card store). With the
        ``request`` of a page view, the items are read once per version of
        the campaign (``crieur.card_store.kept_refs``).
        """
        refs = kept_refs(self, self.items.order_by("sort_order", "pk"), "page", request)
        return localize_pages(refs, self.locale, channel=channel, on=on, prepare=prepare)

    def item_versions(self):
        """Every item of the campaign in its language, in order, each once, before any gate.

        For each item: its live translation in the campaign's language, else the
        live page chosen, else the version to name when a channel explains why
        it leaves the item out (a draft: "the page is not published"). Two queries.
        """
        items = self.items.select_related("page").order_by("sort_order", "pk")
        chosen = [item.page for item in items]
        chosen = [page for page in chosen if page is not None]
        if not chosen:
            return []
        keys = {page.translation_key for page in chosen}
        versions = (
            Page.objects.filter(
                Q(pk__in=[page.pk for page in chosen])
                | Q(locale_id=self.locale_id, translation_key__in=keys)
            )
            .select_related("locale")
            .specific()
        )
        originals, translated = {}, {}
        for version in versions:
            originals[version.pk] = version
            if version.locale_id == self.locale_id:
                translated[version.translation_key] = version
        result, seen = [], set()
        for page in chosen:
            candidates = [
                version
                for version in (translated.get(page.translation_key), originals.get(page.pk))
                if version is not None
            ]
            version = next((v for v in candidates if v.live), candidates[0] if candidates else None)
            if version is not None and version.pk not in seen:
                seen.add(version.pk)
                result.append(version)
        return result

    def channel_selection(self, channel, on=None, through=None):
        """``(shown, left_out)``: the items ``channel`` may show from ``on`` through ``through``.

        ``shown``: the items the gate lets through, in order, their cards prepared;
        ``left_out``: a ``crieur.outputs.LeftOut`` note, in words, for each of the others.
        What every channel making material for the campaign starts from.
        """
        versions = self.item_versions()
        allowed = {page.pk for page in gate_pages(versions, channel, on, through)}
        shown = prepare_cards([page for page in versions if page.pk in allowed])
        refused = [page for page in versions if page.pk not in allowed]
        notes = [LeftOut.refused(page, channel, on, through) for page in refused]
        return shown, [note for note in notes if note is not None]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["selection"] = self.selected_pages(prepare=False, request=request)  # {% cards %}
        context["events"] = self.events.order_by("starts_at")
        if self.pk:  # a campaign previewed before its first save has no feed yet
            context.update(feed_links(request, reverse("campaign_calendar", args=[self.pk])))
        return context


class CampaignItem(Orderable):
    """One piece of content a campaign promotes, in the order editors chose."""

    campaign = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("content"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page", SELECTABLE_PAGE_TYPES)]

    class Meta(Orderable.Meta):
        verbose_name = _("campaign content")
        verbose_name_plural = _("campaign content")

    def clean(self):
        super().clean()
        if self.page_id and self.page.specific_class is not None:
            allowed = {label.lower() for label in SELECTABLE_PAGE_TYPES}
            label = (
                f"{self.page.specific_class._meta.app_label}.{self.page.specific_class.__name__}"
            )
            if label.lower() not in allowed:
                types = ", ".join(
                    str(apps.get_model(name)._meta.verbose_name) for name in SELECTABLE_PAGE_TYPES
                )
                raise ValidationError(
                    {
                        "page": _("Choose a page of one of these types: %(types)s.")
                        % {"types": types}
                    }
                )


class CampaignEventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        now = now or timezone.now()
        return (
            self.filter(campaign__live=True)
            .filter(models.Q(ends_at__gte=now) | models.Q(ends_at__isnull=True, starts_at__gte=now))
            .select_related("campaign")
            .order_by("starts_at")
        )

    def shown_on(self, channel, on=None):
        """Events of the campaigns ``channel`` may show (the gate: live, public)."""
        return self.filter(gate_condition(CampaignPage, channel, on=on, via="campaign"))


class CampaignEvent(TranslatableMixin, Orderable):
    """A neighbourhood event where residents can try a service, or an urban walk."""

    class Kind(models.TextChoices):
        TRIAL = "trial", _("Event where residents try services")
        WALK = "walk", _("Urban walk (finding shared places with residents)")

    campaign = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TRIAL)
    name = models.CharField(_("name"), max_length=160)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    what_to_try = models.TextField(_("what residents can try"), blank=True)
    service = models.ForeignKey(
        "services.ServicePage",
        verbose_name=_("service to try"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trial_events",
    )

    objects = CampaignEventQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("place"),
        FieldPanel("what_to_try"),
        PageChooserPanel("service", "services.ServicePage"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.name

    @property
    def date(self):
        return timezone.localdate(self.starts_at)
