"""What an edition prints: its articles in its language, the agenda, and what was left out.

:func:`select_articles` is cheap (a handful of queries, no image): it picks the
pages in the edition's language and keeps those that pass the channel gate
(``crieur.gate``: live, public, consent for the channel) on the days that
matter (:func:`gate_days`), and says what it left out and why (the reasons are
explanations for editors; the gate alone decides). :func:`build_bulletin` then
makes everything the template prints: renditions at 300 dpi, safe rich text,
short links and their QR codes.
"""

import base64
import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from wagtail.models import Locale, Page, Site

from campaigns.models import CampaignEvent
from crieur.blocks import not_printed_reason, print_context, print_template
from crieur.cards import PORTRAIT
from crieur.channels import Channel, ConsentChannel
from crieur.gate import consent_channel_for, gate, gate_pages, refusal
from crieur.models import BrandingSettings, prepare_cards
from links.models import ShortLink
from links.qr import qr_svg

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
    "consent_later": gettext_lazy("the print consent only starts on %(date)s"),
    "consent_expired": gettext_lazy("the print consent expired on %(date)s"),
    "consent_ends": gettext_lazy("the print consent ends on %(date)s, before the issue date"),
    "not_allowed": gettext_lazy("the page may not be shown on this channel"),
    "no_consent_date": gettext_lazy("the consent has no date"),
    "external_url": gettext_lazy("an image or file outside the site was left out: %(url)s"),
    "agenda_full": gettext_lazy("the agenda holds %(max)d events; %(count)d more are online"),
    "not_printed": gettext_lazy("this block is not printed: %(detail)s"),
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
        return str(message) % {
            "date": self.detail,
            "url": self.detail[:120],
            "detail": self.detail,
            **_agenda(self),
        }

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


def gate_days(edition, channel=Channel.BULLETIN):
    """``(first, last)``: the days ``channel`` must be allowed to show an article on.

    The web page of an edition shows what the website may show today. A PDF is
    made today and read until the issue date: what it prints must be allowed on
    every day from today through the issue date when that date is ahead, and
    today when it has passed (a past issue date never brings back a consent
    that has ended).
    """
    today = timezone.localdate()
    issue_date = edition.issue_date
    if Channel(channel) != Channel.WEBSITE and issue_date and issue_date > today:
        return today, issue_date
    return today, today


def _refusal(page, channel, first, last):
    """Why the gate refused ``page``, in the bulletin's words (``crieur.gate.refusal``)."""
    code, day = refusal(page, channel, first, last) or ("not_allowed", None)
    if code == "no_consent":
        consent = consent_channel_for(channel)
        code = "no_print_consent" if consent == ConsentChannel.PRINT else "not_allowed"
    return LeftOut(page.title, code, date_format(day, "d/m/Y") if day else "")


def agenda_events(edition, channel=Channel.BULLETIN):
    """Events of the campaigns ``channel`` may show today, in the edition's language
    and during its period, by start time."""
    start, end = edition.agenda_period
    # Whatever dates editors typed, the bounds stay a day inside what datetimes hold.
    day = datetime.timedelta(days=1)
    start = max(start, datetime.date.min + day)
    end = min(end, datetime.date.max - day)
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    until = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max), tz)
    return (
        CampaignEvent.objects.shown_on(channel)
        .filter(campaign__locale_id=edition.locale_id, starts_at__gte=since, starts_at__lte=until)
        .order_by("starts_at", "pk")
    )


def select_articles(edition, channel=Channel.BULLETIN):
    """The articles ``channel`` shows of the edition, in order, and what it leaves out.

    ``Channel.BULLETIN`` (the PDF, the admin's print view) or ``Channel.WEBSITE``
    (the edition's web page); see :func:`gate_days` for the days checked.
    """
    first, last = gate_days(edition, channel)
    selection = Selection(edition=edition)
    blocks = list(edition.articles or [])
    referenced = [
        block.value.get("page")
        for block in blocks
        if block.block_type == "page_article" and block.value.get("page") is not None
    ]
    versions = {}
    allowed = set()
    if referenced:
        keys = {page.translation_key for page in referenced}
        candidates = Page.objects.filter(translation_key__in=keys)
        allowed = set(gate(candidates, channel, first, last).values_list("pk", flat=True))
        for page in candidates.select_related("locale").specific():
            versions.setdefault(page.translation_key, {})[page.locale_id] = page
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
        # The edition's language when that version may be shown, else the page chosen.
        shown = [
            version
            for version in (found.get(edition.locale_id), found.get(page.locale_id))
            if version is not None and version.pk in allowed
        ]
        if shown:
            selection.articles.append(Selected("page", block.value, shown[0]))
            continue
        refused = found.get(edition.locale_id) or found.get(page.locale_id)
        if refused is None:
            selection.left_out.append(LeftOut(page.title, "unpublished"))
            continue
        selection.left_out.append(_refusal(refused, channel, first, last))
    prepare_cards([selected.page for selected in selection.articles if selected.page])

    events = list(
        agenda_events(edition, channel).select_related("campaign")[: MAX_AGENDA_EVENTS + 1]
    )
    selection.agenda_total = len(events)
    if len(events) > MAX_AGENDA_EVENTS:
        selection.agenda_total = agenda_events(edition, channel).count()
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
    svg = qr_svg(data, error_correction="M", quiet_zone=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _link_candidates(selected):
    """The pages (or page ids) a printed article's QR code may lead to, best first."""
    if selected.kind == "free":
        return [selected.value.get("link_page")]
    # A page the website may not show (a testimonial consented to print but not
    # to the website) leads where its short links lead (``link_fallback_id``).
    fallback = getattr(selected.page, "link_fallback_id", None)
    return [selected.page, fallback() if fallback else None]


def link_targets(articles, edition):
    """The page each printed article's QR code leads to: the first of its candidates the
    website may show today, else the edition; never a page the public cannot see."""
    candidates = [_link_candidates(selected) for selected in articles]
    fallback_ids = {page for pages in candidates for page in pages if isinstance(page, int)}
    fallbacks = {page.pk: page for page in Page.objects.filter(pk__in=fallback_ids).specific()}
    candidates = [
        [fallbacks.get(page) if isinstance(page, int) else page for page in pages]
        for pages in candidates
    ]
    shown = {
        page.pk
        for page in gate_pages(
            [page for pages in candidates for page in pages if page is not None],
            Channel.WEBSITE,
        )
    }
    fallback = edition if edition.pk else None
    return [
        next((page for page in pages if page is not None and page.pk in shown), fallback)
        for pages in candidates
    ]


@dataclass
class BlockPrinter:
    """The printer a body block makes its print context with (see ``crieur.blocks``)."""

    report: object  # report(title, url): an image or file outside the site, left out
    title: str

    def rich_text(self, html):
        return print_rich_text(html, report=self.report, title=self.title)

    def image(self, image, width_mm=None):
        return print_image(image, width_mm or COLUMN_WIDTH_MM, report=self.report, title=self.title)


@dataclass
class PrintedBlock:
    """A body block as the bulletin prints it: its print template rendered, or why not."""

    block_type: str
    label: str
    html: str = ""
    context: dict = field(default_factory=dict)
    not_printed: str = ""


def _stream_blocks(body, report, title):
    """The body's blocks printed with their ``print_template``; each block that is not
    printed is reported (``report(title, reason, code="not_printed")``) with its reason."""
    printer = BlockPrinter(report, title)
    items = []
    for child in body or []:
        block, label = child.block, str(child.block.label)
        template = print_template(block)
        if template is None:
            reason = str(not_printed_reason(block) or "")
            report(f"{title} · {label}", reason, code="not_printed")
            items.append(PrintedBlock(child.block_type, label, not_printed=reason))
            continue
        context = print_context(block, child.value, printer)
        html = render_to_string(template, context)
        items.append(PrintedBlock(child.block_type, label, html, context))
    return items


def _page_article(article, card, report, on):
    """Fill ``article`` with what ``card`` carries: the parts it has choose the layout."""
    title = article.title
    if card.image_role == PORTRAIT:
        article.portrait = print_image(
            card.image, PORTRAIT_MM, PORTRAIT_MM, report=report, title=title
        )
    else:
        article.image = print_image(card.image, *ARTICLE_IMAGE_MM, report=report, title=title)
    article.quote = card.quote
    article.attribution = card.attribution
    article.blocks = _stream_blocks(card.body, report, title)
    for section in card.sections:
        if section.heading:
            article.blocks.append({"type": "heading", "text": section.heading})
        article.blocks.append(
            {"type": "rich", "html": print_rich_text(section.rich_text, report=report, title=title)}
        )
    article.facts = [(fact.label, fact.value) for fact in card.facts]
    if card.trial is not None and card.trial.running(on=on):
        article.highlight = card.trial.text
    article.references = [reference.label for reference in card.references]
    return article


def build_bulletin(edition, *, selection=None):
    """Everything the print template needs, in the edition's language."""
    language = edition.locale.language_code if edition.locale_id else "fr"
    with override(language):
        selection = selection or select_articles(edition)
        left_out = list(selection.left_out)

        def report(title, detail, code="external_url"):
            left_out.append(LeftOut(title or "?", code, detail or "?"))

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

        targets = link_targets(selection.articles, edition)
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
                # A teaser that only repeats the card's quote is printed once, as the quote.
                teaser = "" if card.quote and card.teaser == card.quote else card.teaser
                article = Article(
                    anchor=f"article-{number}",
                    kind=card.kind,
                    kind_label=str(KIND_LABELS.get(card.kind, "")),
                    title=value.get("print_title") or card.title,
                    teaser=value.get("print_teaser") or teaser,
                    page=page,
                )
                _page_article(article, card, report, on)
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
