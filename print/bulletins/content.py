"""What an edition prints: its articles in its language, the agenda, and what was left out.

:func:`select_articles` is cheap (a handful of queries, no image): it picks the
pages in the edition's language, keeps testimonials only with a print consent
valid on the issue date (``TestimonialPage.objects.consented_for``) and says
what it left out and why. :func:`build_bulletin` then makes everything the
template prints: renditions at 300 dpi, safe rich text, short links and their
QR codes.
"""

import base64
import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from wagtail.models import Locale, Page, Site

from crieur.channels import Channel, ConsentChannel
from crieur.models import BrandingSettings, prepare_cards

from .richtext import print_image, print_rich_text

#: Printed sizes, in millimetres (A4 with 16 mm side margins, two columns 6 mm apart).
PAGE_WIDTH_MM = 210
SIDE_MARGIN_MM = 16
COLUMN_GAP_MM = 6
COLUMN_WIDTH_MM = (PAGE_WIDTH_MM - 2 * SIDE_MARGIN_MM - COLUMN_GAP_MM) / 2  # 86 mm
COVER_IMAGE_MM = (PAGE_WIDTH_MM + 2 * 3, 150)  # full width, bleed included
ARTICLE_IMAGE_MM = (COLUMN_WIDTH_MM, 48)  # column width, cropped around the focal point
PORTRAIT_MM = 28
QR_SIZE_MM = 20

#: The agenda lists at most this many events (the rest is on the website).
MAX_AGENDA_EVENTS = 40

KIND_LABELS = {
    "service": gettext_lazy("Service"),
    "regulation": gettext_lazy("What the rules say"),
    "testimonial": gettext_lazy("Testimonial"),
    "campaign": gettext_lazy("Campaign"),
    "free": gettext_lazy("News"),
}

REASONS = {
    "deleted": gettext_lazy("the page was deleted"),
    "unpublished": gettext_lazy("the page is not published"),
    "private": gettext_lazy("the page is private"),
    "no_print_consent": gettext_lazy("the author did not consent to print"),
    "consent_later": gettext_lazy("the print consent was given on %(date)s, after the issue date"),
    "consent_expired": gettext_lazy("the print consent expired on %(date)s"),
    "no_consent_date": gettext_lazy("the consent has no date"),
    "external_url": gettext_lazy("an image or file outside the site was left out: %(url)s"),
    "agenda_full": gettext_lazy("the agenda holds %(max)d events; %(count)d more are online"),
}


@dataclass
class LeftOut:
    """Something the bulletin does not print, and why (``code`` in ``REASONS``)."""

    title: str
    code: str
    detail: str = ""

    @property
    def reason(self):
        message = REASONS.get(self.code, self.code)
        return str(message) % {"date": self.detail, "url": self.detail[:120], **_agenda(self)}

    def as_dict(self):
        return {"title": self.title, "code": self.code, "detail": self.detail}

    @classmethod
    def from_dict(cls, data):
        return cls(data.get("title", ""), data.get("code", ""), data.get("detail", ""))


def _agenda(left_out):
    if left_out.code != "agenda_full":
        return {}
    count = int(left_out.detail or 0)
    return {"max": MAX_AGENDA_EVENTS, "count": count}


@dataclass
class Selected:
    kind: str  # "page" or "free"
    value: object  # the block's StructValue
    page: object = None  # the page printed, in the edition's language when translated


@dataclass
class Selection:
    edition: object
    articles: list = field(default_factory=list)
    left_out: list = field(default_factory=list)
    agenda: list = field(default_factory=list)
    agenda_total: int = 0


def _consent_left_out(testimonial, on):
    if not testimonial.consent_print:
        return LeftOut(testimonial.title, "no_print_consent")
    if testimonial.consent_date is None:
        return LeftOut(testimonial.title, "no_consent_date")
    if testimonial.consent_date > on:
        return LeftOut(
            testimonial.title, "consent_later", date_format(testimonial.consent_date, "d/m/Y")
        )
    if testimonial.consent_until is not None and testimonial.consent_until < on:
        return LeftOut(
            testimonial.title, "consent_expired", date_format(testimonial.consent_until, "d/m/Y")
        )
    return LeftOut(testimonial.title, "no_print_consent")


def agenda_events(edition):
    """Events of live campaigns in the edition's language during its period, by start time."""
    from campaigns.models import CampaignEvent

    start, end = edition.agenda_period
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    until = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz
    )
    return CampaignEvent.objects.filter(
        campaign__live=True,
        campaign__locale_id=edition.locale_id,
        starts_at__gte=since,
        starts_at__lt=until,
    ).order_by("starts_at", "pk")


def select_articles(edition):
    """The articles the edition prints, in order, and what it leaves out."""
    from testimonials.models import TestimonialPage

    selection = Selection(edition=edition)
    blocks = list(edition.articles or [])
    referenced = [
        block.value.get("page")
        for block in blocks
        if block.block_type == "page_article" and block.value.get("page") is not None
    ]
    versions = {}
    if referenced:
        keys = {page.translation_key for page in referenced}
        candidates = Page.objects.live().filter(translation_key__in=keys)
        public_ids = set(candidates.public().values_list("pk", flat=True))
        for page in candidates.select_related("locale").specific():
            versions.setdefault(page.translation_key, {})[page.locale_id] = (
                page,
                page.pk in public_ids,
            )
    chosen = []
    for block in blocks:
        if block.block_type == "free_article":
            selection.articles.append(Selected("free", block.value))
            continue
        if block.block_type != "page_article":
            continue
        page = block.value.get("page")
        if page is None:
            selection.left_out.append(LeftOut(block.value.get("print_title") or "?", "deleted"))
            continue
        found = versions.get(page.translation_key, {})
        version = found.get(edition.locale_id) or found.get(page.locale_id)
        if version is None:
            selection.left_out.append(LeftOut(page.title, "unpublished"))
            continue
        localized, public = version
        if not public:
            selection.left_out.append(LeftOut(localized.title, "private"))
            continue
        selected = Selected("page", block.value, localized)
        selection.articles.append(selected)
        chosen.append(localized)

    testimonials = [page for page in chosen if isinstance(page, TestimonialPage)]
    if testimonials:
        on = edition.issue_date or timezone.localdate()
        allowed = set(
            TestimonialPage.objects.filter(pk__in=[page.pk for page in testimonials])
            .consented_for(ConsentChannel.PRINT, on=on)
            .values_list("pk", flat=True)
        )
        kept = []
        for selected in selection.articles:
            page = selected.page
            if isinstance(page, TestimonialPage) and page.pk not in allowed:
                selection.left_out.append(_consent_left_out(page, on))
                continue
            kept.append(selected)
        selection.articles = kept
    prepare_cards([selected.page for selected in selection.articles if selected.page])

    events = list(agenda_events(edition).select_related("campaign")[: MAX_AGENDA_EVENTS + 1])
    selection.agenda_total = len(events)
    if len(events) > MAX_AGENDA_EVENTS:
        selection.agenda_total = agenda_events(edition).count()
        events = events[:MAX_AGENDA_EVENTS]
        selection.left_out.append(
            LeftOut(
                str(gettext_lazy("Agenda")),
                "agenda_full",
                str(selection.agenda_total - MAX_AGENDA_EVENTS),
            )
        )
    selection.agenda = events
    return selection


# -- building what the template prints ---------------------------------------


@dataclass
class Article:
    anchor: str
    kind: str
    kind_label: str
    title: str
    teaser: str = ""
    image: object = None
    portrait: object = None
    quote: str = ""
    attribution: str = ""
    blocks: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    highlight: str = ""
    references: list = field(default_factory=list)
    link: object = None
    qr_src: str = ""
    page: object = None


@dataclass
class AgendaDay:
    date: datetime.date
    label: str
    events: list = field(default_factory=list)


@dataclass
class BulletinContent:
    edition: object
    language: str
    title: str
    authority: str
    edition_label: str
    date_label: str
    branding: object
    cover_image: object = None
    editorial: str = ""
    articles: list = field(default_factory=list)
    agenda: list = field(default_factory=list)
    agenda_period: str = ""
    left_out: list = field(default_factory=list)
    contacts: dict = field(default_factory=dict)
    signature: str = ""


def canonical_pages(pages):
    """Map page pk → the same page in the default language (else the page itself).

    Short links point at the canonical page, so the QR codes and short URLs of
    an edition are the same in every language; the resolver sends each reader
    to the translation in their language.
    """
    pages = [page for page in pages if page is not None and page.pk is not None]
    if not pages:
        return {}
    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        return {page.pk: page for page in pages}
    by_key = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in={page.translation_key for page in pages}, locale=default
        )
    }
    return {page.pk: by_key.get(page.translation_key, page) for page in pages}


def qr_data_uri(data):
    from links.qr import qr_svg

    svg = qr_svg(data, error_correction="M", quiet_zone=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _link_target(selected, edition):
    """The page a printed article's QR code leads to."""
    from testimonials.models import TestimonialPage

    if selected.kind == "free":
        return selected.value.get("link_page") or (edition if edition.pk else None)
    page = selected.page
    on = edition.issue_date or timezone.localdate()
    if isinstance(page, TestimonialPage) and not page.has_consent(ConsentChannel.WEB, on=on):
        # Consent for print but not for the website: the QR code leads to the
        # service the resident talks about, never to a page the public cannot see.
        return page.service or (edition if edition.pk else None)
    return page


def _stream_blocks(body, report, title):
    items = []
    for block in body or []:
        value = block.value
        kind = block.block_type
        if kind == "heading":
            items.append({"type": "heading", "text": value.get("text", "")})
        elif kind == "paragraph":
            items.append(
                {"type": "rich", "html": print_rich_text(value.source, report=report, title=title)}
            )
        elif kind == "figure":
            image = print_image(value.get("image"), COLUMN_WIDTH_MM, report=report, title=title)
            if image:
                items.append({"type": "figure", "image": image, "caption": value.get("caption")})
        elif kind == "quote":
            items.append(
                {
                    "type": "quote",
                    "text": value.get("text", ""),
                    "attribution": value.get("attribution", ""),
                }
            )
        elif kind == "call_to_action":
            items.append({"type": "cta", "text": value.get("label", "")})
        elif kind == "info_box":
            items.append(
                {
                    "type": "info",
                    "title": value.get("title", ""),
                    "html": print_rich_text(value.get("text").source, report=report, title=title),
                }
            )
    return items


def _page_article(article, page, report, on):
    from campaigns.models import CampaignPage
    from services.models import RegulationPage, ServicePage
    from testimonials.models import TestimonialPage

    title = article.title
    if isinstance(page, ServicePage):
        article.image = print_image(page.image, *ARTICLE_IMAGE_MM, report=report, title=title)
        article.blocks = _stream_blocks(page.body, report, title)
        if page.join_instructions:
            article.blocks.append(
                {"type": "heading", "text": _("How to join")},
            )
            article.blocks.append(
                {
                    "type": "rich",
                    "html": print_rich_text(page.join_instructions, report=report, title=title),
                }
            )
        article.facts = [
            (label, value)
            for label, value in (
                (_("Address"), page.join_address),
                (_("Opening hours"), page.join_opening_hours),
                (_("Contact"), page.join_contact),
                (_("Price"), page.join_price),
            )
            if value
        ]
        if page.trial_is_running(on=on):
            article.highlight = page.trial_offer
    elif isinstance(page, RegulationPage):
        article.blocks = [
            {"type": "rich", "html": print_rich_text(page.details, report=report, title=title)}
        ]
        article.references = [reference.label for reference in page.legal_references.all()]
    elif isinstance(page, TestimonialPage):
        article.portrait = print_image(
            page.portrait, PORTRAIT_MM, PORTRAIT_MM, report=report, title=title
        )
        article.quote = page.quote
        article.attribution = page.display_name
        article.teaser = ""
        article.blocks = [
            {"type": "rich", "html": print_rich_text(page.story, report=report, title=title)}
        ]
    elif isinstance(page, CampaignPage):
        article.image = print_image(page.image, *ARTICLE_IMAGE_MM, report=report, title=title)
        article.blocks = [
            {"type": "rich", "html": print_rich_text(page.description, report=report, title=title)}
        ]
        article.facts = [
            (
                _("When"),
                _("from %(start)s to %(end)s")
                % {
                    "start": date_format(page.start_date, "j F"),
                    "end": date_format(page.end_date, "j F Y"),
                },
            )
        ]
    return article


def build_bulletin(edition, *, selection=None):
    """Everything the print template needs, in the edition's language."""
    from links.models import ShortLink

    language = edition.locale.language_code if edition.locale_id else "fr"
    with override(language):
        selection = selection or select_articles(edition)
        left_out = list(selection.left_out)

        def report(title, url):
            left_out.append(LeftOut(title or "?", "external_url", url or "?"))

        site = edition.get_site() if edition.pk else None
        site = site or Site.objects.filter(is_default_site=True).first()
        branding = BrandingSettings.for_site(site) if site else BrandingSettings()
        on = edition.issue_date or timezone.localdate()
        edition_label = _("Bulletin no. %(number)s · %(date)s") % {
            "number": edition.edition_number,
            "date": date_format(on, "F Y"),
        }
        content = BulletinContent(
            edition=edition,
            language=language,
            title=f"{edition_label} · {branding.authority_name}",
            authority=branding.authority_name,
            edition_label=edition_label,
            date_label=date_format(on, "F Y"),
            branding=branding,
            cover_image=print_image(
                edition.cover_image, *COVER_IMAGE_MM, report=report, title=_("Cover")
            ),
            editorial=print_rich_text(edition.editorial, report=report, title=_("Editorial")),
        )

        targets = [_link_target(selected, edition) for selected in selection.articles]
        canonical = canonical_pages(targets)
        links = {}
        for number, (selected, target) in enumerate(
            zip(selection.articles, targets, strict=True), start=1
        ):
            value = selected.value
            if selected.kind == "free":
                title = value.get("title", "")
                article = Article(
                    anchor=f"article-{number}",
                    kind="free",
                    kind_label=str(KIND_LABELS["free"]),
                    title=title,
                    teaser=value.get("teaser", ""),
                )
                image = value.get("image")
                article.image = (
                    print_image(image, COLUMN_WIDTH_MM, report=report, title=title)
                    if image
                    else None
                )
                article.blocks = [
                    {
                        "type": "rich",
                        "html": print_rich_text(
                            value.get("body").source, report=report, title=title
                        ),
                    }
                ]
            else:
                page = selected.page
                card = page.card
                article = Article(
                    anchor=f"article-{number}",
                    kind=card.kind,
                    kind_label=str(KIND_LABELS.get(card.kind, "")),
                    title=value.get("print_title") or card.title,
                    teaser=value.get("print_teaser") or card.teaser,
                    page=page,
                )
                _page_article(article, page, report, on)
                if value.get("print_teaser") and card.kind == "testimonial":
                    article.teaser = value.get("print_teaser")
            target = canonical.get(target.pk) if target is not None and target.pk else None
            if target is not None:
                if target.pk not in links:
                    links[target.pk] = ShortLink.objects.get_or_create_for(
                        target,
                        Channel.BULLETIN,
                        label=f"bulletin {edition.edition_number}",
                    )
                article.link = links[target.pk]
                article.qr_src = qr_data_uri(article.link.qr_url)
            content.articles.append(article)

        days = {}
        for event in selection.agenda:
            day = timezone.localdate(event.starts_at)
            if day not in days:
                days[day] = AgendaDay(date=day, label=date_format(day, "l j F"))
            days[day].events.append(
                {
                    "name": event.name,
                    "time": date_format(timezone.localtime(event.starts_at), "TIME_FORMAT"),
                    "end": date_format(timezone.localtime(event.ends_at), "TIME_FORMAT")
                    if event.ends_at
                    else "",
                    "place": event.place,
                    "what_to_try": event.what_to_try,
                    "campaign": event.campaign.title,
                }
            )
        content.agenda = list(days.values())
        start, end = edition.agenda_period
        content.agenda_period = _("from %(start)s to %(end)s") % {
            "start": date_format(start, "j F"),
            "end": date_format(end, "j F Y"),
        }
        content.contacts = {
            "address": branding.contact_address,
            "phone": branding.contact_phone,
            "email": branding.contact_email,
        }
        content.left_out = left_out
        content.signature = edition.editorial_signature
    return content
