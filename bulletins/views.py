"""Serving bulletin PDFs: the edition's ``pdf/`` URL and the admin's preview and downloads.

Who gets what:

* everyone: the PDF of a published edition (its live version), at
  ``<edition url>pdf/`` and ``<edition url>pdf/print-ready/``;
* editors of the page (``can_edit``): also an edition that is not published
  (its latest revision) at the same URLs, and in the admin the latest revision
  of any edition, its HTML print preview and what was left out;
* nobody else ever sees a draft: an unpublished edition answers 404.

Every PDF is served from the store when its content has not changed, with an
``ETag`` (the store key) and ``Last-Modified``; conditional requests get 304.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from pdf.permissions import user_can_print

from .content import build_bulletin, select_articles
from .jobs import create_bulletin_job
from .models import BulletinPage
from .render import (
    MAX_PAGES,
    BulletinTooLarge,
    OutputKind,
    bulletin_html,
    edition_version,
    get_or_render,
    left_out_of,
    pdf_filename,
    stored_pdf,
)


def pdf_response(request, edition, kind, revision_id, *, private):
    """The stored (or freshly rendered) PDF, with validators; raises BulletinTooLarge."""
    row, _rendered = get_or_render(edition, kind, revision_id=revision_id)
    etag = f'"{row.key}"'
    last_modified = int(row.created_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        response = not_modified
    else:
        response = FileResponse(
            row.file.open("rb"),
            content_type="application/pdf",
            filename=pdf_filename(edition, kind),
        )
        response["Content-Length"] = str(row.size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    return response


def serve_edition_pdf(request, page, kind):
    """``<edition url>pdf/``: the live edition for everyone, the latest draft for editors."""
    editor = page.user_can_edit(request.user)
    if not page.live and not editor:
        raise Http404
    edition, revision_id = edition_version(page)
    # An edition behind a view restriction: Wagtail's check_view_restrictions
    # hook marks the response private and never cached.
    try:
        return pdf_response(request, edition, kind, revision_id, private=not page.live)
    except BulletinTooLarge as error:
        return HttpResponse(error.message, status=422, content_type="text/plain; charset=utf-8")


# -- admin ---------------------------------------------------------------------


def _editable_edition(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, BulletinPage):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


class BulletinPrintView(WagtailAdminTemplateMixin, TemplateView):
    """Print an edition: what is printed, what was left out and why, preview and PDFs."""

    template_name = "bulletins/admin/print.html"
    header_icon = "doc-full"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = _editable_edition(request, page_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Print “%(title)s”") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": _("Print")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition, revision_id = edition_version(self.page, draft=True)
        content = build_bulletin(edition)
        stored = {}
        for kind in OutputKind:
            _key, row = stored_pdf(edition, kind, revision_id)
            stored[kind.value] = row
        context.update(
            {
                "page": self.page,
                "edition": edition,
                "bulletin": content,
                "left_out": content.left_out,
                "stored": stored,
                "max_pages": MAX_PAGES,
                "is_draft": self.page.has_unpublished_changes or not self.page.live,
                "downloads": [
                    (
                        kind.label,
                        reverse("print_bulletin_pdf", args=[self.page.pk, kind.value]),
                        stored[kind.value],
                    )
                    for kind in OutputKind
                ],
                "preview_url": reverse("print_bulletin_html", args=[self.page.pk]),
                "background": bulletin_background_buttons(self.request.user, self.page),
                "public_url": self.page.url if self.page.live else "",
            }
        )
        return context


@xframe_options_sameorigin
def bulletin_preview_html(request, page_id):
    """The print HTML of the latest revision, opened by the admin's preview button."""
    page = _editable_edition(request, page_id)
    edition, _revision_id = edition_version(page, draft=True)
    kind = request.GET.get("kind", OutputKind.HOME)
    if kind not in OutputKind.values:
        kind = OutputKind.HOME
    response = HttpResponse(bulletin_html(edition, kind, preview=True))
    response["Cache-Control"] = "private, no-cache"
    return response


def bulletin_admin_pdf(request, page_id, kind):
    """The PDF of the latest revision (what the editor sees in the editor)."""
    page = _editable_edition(request, page_id)
    if kind not in OutputKind.values:
        return HttpResponse(status=404)
    edition, revision_id = edition_version(page, draft=True)
    try:
        response = pdf_response(request, edition, kind, revision_id, private=True)
    except BulletinTooLarge as error:
        messages.error(request, error.message)
        return redirect("print_bulletin", page.pk)
    return response


def bulletin_background(request, page_id, kind):
    """POST: render a PDF of the edition's latest revision as a background job."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = _editable_edition(request, page_id)
    if not user_can_print(request.user):
        raise PermissionDenied
    if kind not in OutputKind.values:
        raise Http404
    job = create_bulletin_job(page, OutputKind(kind), user=request.user)
    return redirect("print_job", job.pk)


def bulletin_background_buttons(user, page):
    """``(label, url)`` of the "render in the background" forms of the bulletin print view."""
    if not user_can_print(user):
        return []
    return [
        (kind.label, reverse("print_bulletin_background", args=[page.pk, kind.value]))
        for kind in OutputKind
    ]


def left_out_messages(page):
    """What a cheap selection leaves out of ``page`` (for the messages after saving)."""
    return select_articles(page).left_out


__all__ = [
    "BulletinPrintView",
    "bulletin_admin_pdf",
    "bulletin_background",
    "bulletin_background_buttons",
    "bulletin_preview_html",
    "left_out_of",
    "left_out_messages",
    "pdf_filename",
    "pdf_response",
    "serve_edition_pdf",
]
