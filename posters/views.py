"""The admin's poster of a page: a preview, the choice of size and variant, the download.

Only users who may print (``pdf.permissions.user_can_print``) reach these
views; others get a plain 403 (not Wagtail's redirect to the dashboard: the
preview and the PDF are fetched as an image and a file), and anonymous
visitors the admin's login. A page the gate refuses on the poster channel
shows why instead of a preview.
"""

import functools
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

import pypdfium2 as pdfium

from crieur.channels import Channel
from crieur.outputs import LeftOut
from pdf.permissions import user_can_print
from pdf.rendering import RenderTimeout

from .render import SIZES, PosterRefused, campaign_of, gate_days, poster_filename, poster_pdf

__all__ = [
    "PosterForm",
    "PosterView",
    "can_make_poster",
    "poster_download",
    "poster_preview",
    "print_required",
]

#: Width of the preview image, in pixels.
PREVIEW_WIDTH_PX = 720


class PosterForm(forms.Form):
    size = forms.ChoiceField(
        label=_("Size"),
        choices=[("a4", _("A4 (21 × 29.7 cm)")), ("a3", _("A3 (29.7 × 42 cm)"))],
        initial="a4",
        widget=forms.RadioSelect,
    )
    print_ready = forms.BooleanField(
        label=_("Print-ready (3 mm bleed, crop marks), for a print shop"),
        required=False,
        help_text=_("Leave unticked for a home or office printer."),
    )


def can_make_poster(page):
    """Whether ``page`` is a content page with a card (what a poster is made from)."""
    specific_class = page.specific_class if page is not None and page.pk else None
    return specific_class is not None and hasattr(specific_class, "card") and not page.is_root()


def print_required(view):
    """403 for users who may not make printed material (checked before anything else)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_can_print(request.user):
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return wrapped


def _poster_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not can_make_poster(page):
        raise Http404
    return page.specific


def _options(request):
    form = PosterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["size"], form.cleaned_data["print_ready"]
    return form, "a4", False


def _render(request, page):
    """``(pdf, None)`` or ``(None, reason)``, with the options of the request."""
    _form, size, print_ready = _options(request)
    campaign = campaign_of(page)
    first, last = gate_days(campaign)
    try:
        pdf = poster_pdf(
            page,
            size=size,
            print_ready=print_ready,
            on=first,
            through=last,
            campaign=campaign,
            user=request.user,
        )
    except PosterRefused as refused:
        return None, refused.reason
    except RenderTimeout as error:
        return None, str(error.message)
    return pdf, None


@method_decorator(print_required, name="dispatch")
class PosterView(WagtailAdminTemplateMixin, TemplateView):
    """A page's poster: what it would print (preview), its options and the download."""

    template_name = "posters/admin/poster.html"
    header_icon = "doc-full"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = _poster_page(request, page_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Poster of “%(title)s”") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": _("Poster")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, size, print_ready = _options(self.request)
        campaign = campaign_of(self.page)
        first, last = gate_days(campaign)
        refused = LeftOut.refused(self.page, Channel.POSTER, first, last)
        query = urlencode({"size": size, "print_ready": "on" if print_ready else ""})
        context.update(
            {
                "page": self.page,
                "form": form,
                "size": SIZES[size],
                "print_ready": print_ready,
                "campaign": campaign,
                "through": last if last != first else None,
                "refusal": refused.reason if refused else "",
                "preview_url": f"{reverse('posters_preview', args=[self.page.pk])}?{query}",
                "download_url": f"{reverse('posters_pdf', args=[self.page.pk])}?{query}",
                "filename": poster_filename(self.page, size, print_ready=print_ready),
            }
        )
        return context


def _refused_response(reason):
    response = HttpResponse(reason, status=409, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@print_required
def poster_download(request, page_id):
    """The poster's PDF, as a download."""
    page = _poster_page(request, page_id)
    pdf, reason = _render(request, page)
    if pdf is None:
        return _refused_response(reason)
    _form, size, print_ready = _options(request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = poster_filename(page, size, print_ready=print_ready)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@print_required
def poster_preview(request, page_id):
    """The poster's page as a PNG image (what the admin shows as its preview)."""
    page = _poster_page(request, page_id)
    pdf, reason = _render(request, page)
    if pdf is None:
        return _refused_response(reason)
    document = pdfium.PdfDocument(pdf)
    try:
        first = document[0]
        image = first.render(scale=PREVIEW_WIDTH_PX / first.get_width()).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
