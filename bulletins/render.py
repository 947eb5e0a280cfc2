"""The bulletin as HTML and as PDF, and the store of rendered PDFs.

A PDF is stored (``BulletinPDF``) under a key made of everything it is made
from: the edition's revision, the revisions of every page it refers to (in
every language), the agenda's campaigns, the branding, the locale and the
output kind, and what decides what it may show: the pages that pass the
channel gate today (for the bulletin from today through the issue date, and
for the website, where its QR codes lead) and the view restrictions on those
pages and their ancestors. A download computes the key (a few small queries),
and serves the stored file when there is one; publishing any included page
changes the key, so the next download renders again; so do a consent that
ends or starts, a page made private or public, a new print template or a new
compiled translation catalogue. Image files replaced in place (same image, new
file) are not part of the key: publish the page again to reprint.
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.models import Page

from bulletins.blocks import MAX_ARTICLES
from bulletins.models import BulletinPDF
from crieur.blocks import page_body_blocks, print_template
from crieur.channels import Channel
from crieur.invalidation import visibility_fingerprint
from crieur.models import BrandingSettings
from links.conf import base_url
from pdf.rendering import RenderTimeout, render_document, within_time_limit

from .content import (
    COLUMN_GAP_MM,
    QR_SIZE_MM,
    SIDE_MARGIN_MM,
    LeftOut,
    agenda_events,
    build_bulletin,
    gate_days,
)

#: The most pages one edition may print.
MAX_PAGES = 64
#: Stored PDFs kept per edition and output (live and draft downloads alternate).
KEEP_PER_OUTPUT = 3
#: Changes whenever the template or the layout changes, so stored PDFs are redone.
RENDER_VERSION = "2"

PDF_VARIANT = "pdf/ua-1"


class OutputKind(models.TextChoices):
    HOME = "home", _("Home printer")
    PRINT_READY = "print-ready", _("Print-ready (3 mm bleed, crop marks)")


def pdf_filename(edition, kind):
    suffix = "-print-ready" if kind == OutputKind.PRINT_READY else ""
    return f"bulletin-{edition.edition_number}-{edition.locale.language_code}{suffix}.pdf"


class BulletinTooLarge(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class RenderedBulletin:
    pdf: bytes
    page_count: int
    left_out: list
    content: object


def css_string(value):
    """``value`` as a CSS string literal (for running headers)."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    escaped = "".join(ch if ch.isprintable() else " " for ch in escaped)
    return f'"{escaped}"'


def _check_article_count(edition):
    count = len(edition.articles or [])
    if count > MAX_ARTICLES:
        raise BulletinTooLarge(
            str(
                _(
                    "An edition holds at most %(max)d articles (this one has %(count)d): "
                    "move some to the next edition."
                )
            )
            % {"max": MAX_ARTICLES, "count": count}
        )


def bulletin_html(edition, kind=OutputKind.HOME, *, preview=False, content=None):
    """The HTML WeasyPrint lays out (also the admin's print preview)."""
    kind = OutputKind(kind)
    content = content or build_bulletin(edition)
    branding = content.branding
    with override(content.language):
        return render_to_string(
            "bulletins/bulletin.html",
            {
                "bulletin": content,
                "edition": edition,
                "print_ready": kind == OutputKind.PRINT_READY,
                "preview": preview,
                "primary": branding.primary_colour or "#1d4e89",
                "accent": branding.accent_colour or "#f4b400",
                "header_left": css_string(content.authority),
                "header_right": css_string(content.edition_label),
                "fonts": {
                    "regular": static("pdf/fonts/Inter-Regular.otf"),
                    "italic": static("pdf/fonts/Inter-Italic.otf"),
                    "bold": static("pdf/fonts/Inter-Bold.otf"),
                    "bold_italic": static("pdf/fonts/Inter-BoldItalic.otf"),
                },
                "side_margin": f"{SIDE_MARGIN_MM}mm",
                "column_gap": f"{COLUMN_GAP_MM}mm",
                "qr_size": f"{QR_SIZE_MM}mm",
            },
        )


def render_bulletin(edition, kind=OutputKind.HOME):
    """Lay the edition out and return its PDF; raises ``BulletinTooLarge`` above the bounds."""
    _check_article_count(edition)
    content = build_bulletin(edition)
    html = bulletin_html(edition, kind, content=content)
    try:  # layout, page count and PDF within one time limit
        pdf, pages = within_time_limit(_lay_out_and_write, html)
    except RenderTimeout as error:
        raise BulletinTooLarge(str(error.message)) from error
    return RenderedBulletin(pdf=pdf, page_count=pages, left_out=content.left_out, content=content)


def _lay_out_and_write(html):
    """``(pdf, page count)`` of the bulletin's HTML; raises ``BulletinTooLarge`` above MAX_PAGES."""
    document = render_document(html)
    pages = len(document.pages)
    if pages > MAX_PAGES:
        raise BulletinTooLarge(
            str(
                _(
                    "This edition would print %(pages)d pages; at most %(max)d can be "
                    "printed. Remove or shorten articles."
                )
            )
            % {"pages": pages, "max": MAX_PAGES}
        )
    return document.write_pdf(pdf_variant=PDF_VARIANT), pages


# -- which version of an edition ----------------------------------------------


def edition_version(page, *, draft=False):
    """The edition to print and its revision id: the live one, or the latest draft."""
    page = page.specific
    if draft or not page.live:
        revision = page.latest_revision
        if revision is not None:
            return revision.as_object(), revision.pk
        return page, None
    return page, page.live_revision_id


# -- the store ----------------------------------------------------------------


def _referenced_page_ids(edition):
    ids = set()
    for item in edition.articles.raw_data if edition.articles else []:
        value = item.get("value") or {}
        for name in ("page", "link_page"):
            if isinstance(value.get(name), int):
                ids.add(value[name])
    return ids


@lru_cache(maxsize=1)
def _template_fingerprint():
    """The print templates (the bulletin's, its blocks') and style sheet as deployed: a change
    re-renders stored PDFs."""
    digest = hashlib.sha256()
    blocks = sorted({print_template(block) for _path, block in page_body_blocks()} - {None})
    for name in ("bulletins/bulletin.html", "bulletins/bulletin.css", *blocks):
        template = get_template(name)
        digest.update(template.template.source.encode())
    return digest.hexdigest()[:16]


def _catalogue_fingerprint(language):
    """Size and time of the compiled interface translations of ``language``."""
    parts = []
    for root in getattr(settings, "LOCALE_PATHS", []):
        catalogue = Path(root) / language / "LC_MESSAGES" / "django.mo"
        if catalogue.exists():
            stat = catalogue.stat()
            parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return ",".join(parts)


def _visibility_parts(versions, edition):
    """What decides what the PDF may show of the pages ``versions``, as key parts.

    The core's :func:`crieur.invalidation.visibility_fingerprint` for the pages
    the bulletin may print from today through the issue date, and for those the
    website may show (where the QR codes lead).
    """
    first, last = gate_days(edition, Channel.BULLETIN)
    return [
        visibility_fingerprint(versions, Channel.BULLETIN, first, last),
        visibility_fingerprint(versions, Channel.WEBSITE),
    ]


def cache_key(edition, kind, revision_id):
    """What the PDF of ``edition`` is made from, hashed (no rendering, a few queries)."""
    parts = [
        RENDER_VERSION,
        f"edition:{edition.pk}:{revision_id}:{edition.locale_id}",
        f"kind:{OutputKind(kind).value}",
        f"qr:{base_url()}",
        f"template:{_template_fingerprint()}",
        f"messages:{_catalogue_fingerprint(edition.locale.language_code)}",
    ]
    if revision_id is None:  # no revision: the row itself (tests, imports)
        parts.append(f"fields:{edition.latest_revision_created_at}:{edition.last_published_at}")
    ids = _referenced_page_ids(edition)
    if ids:
        keys = Page.objects.filter(pk__in=ids).values_list("translation_key", flat=True)
        versions = Page.objects.filter(translation_key__in=list(keys))
        rows = versions.order_by("pk").values_list(
            "pk", "locale_id", "live", "live_revision_id", "last_published_at"
        )
        parts.extend(f"page:{row}" for row in rows)
        parts.extend(_visibility_parts(versions, edition))
    events = agenda_events(edition).values_list(
        "pk", "campaign_id", "campaign__live_revision_id", "campaign__last_published_at"
    )
    parts.extend(f"event:{row}" for row in events)
    site = edition.get_site()
    if site is not None:
        branding = BrandingSettings.for_site(site)
        parts.append(
            "branding:"
            + "|".join(
                str(getattr(branding, name))
                for name in (
                    "authority_name",
                    "logo_id",
                    "primary_colour",
                    "accent_colour",
                    "contact_email",
                    "contact_phone",
                    "contact_address",
                )
            )
        )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def stored_pdf(edition, kind, revision_id):
    """The stored PDF for this version of the edition, or ``None``."""
    key = cache_key(edition, kind, revision_id)
    row = BulletinPDF.objects.filter(key=key).first()
    if row is not None and row.file and row.file.storage.exists(row.file.name):
        return key, row
    if row is not None:
        row.delete()
    return key, None


def get_or_render(edition, kind=OutputKind.HOME, *, revision_id=None):
    """``(BulletinPDF, rendered_now)``: from the store, or rendered and stored."""
    kind = OutputKind(kind)
    key, row = stored_pdf(edition, kind, revision_id)
    if row is not None:
        return row, False
    rendered = render_bulletin(edition, kind)
    language = edition.locale.language_code
    row = BulletinPDF(
        key=key,
        page_id=edition.pk,
        kind=kind.value,
        revision_id=revision_id,
        size=len(rendered.pdf),
        page_count=rendered.page_count,
        left_out=[item.as_dict() for item in rendered.left_out],
    )
    name = f"{edition.slug}-{edition.edition_number}-{language}-{kind.value}-{key[:16]}.pdf"
    row.file.save(name, ContentFile(rendered.pdf), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # a concurrent download stored the same PDF first
        row.file.delete(save=False)
        return BulletinPDF.objects.get(key=key), True
    older = BulletinPDF.objects.filter(page_id=edition.pk, kind=kind.value).order_by(
        "-created_at", "-pk"
    )[KEEP_PER_OUTPUT:]
    for old in list(older):
        old.file.delete(save=False)
        old.delete()
    return row, True


def left_out_of(row):
    return [LeftOut.from_dict(item) for item in row.left_out or []]
