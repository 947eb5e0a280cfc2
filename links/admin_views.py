"""Admin views: QR codes of a page, QR downloads, and the short link inspect view.

Every view checks permissions: the ``links`` model permissions, or the right
to edit the target page. URLs registered through ``register_admin_urls`` also
require access to the Wagtail admin.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.snippets.views.snippets import CreateView, InspectView

from crieur.channels import Channel

from . import qr
from .models import ScanCount, ShortLink

#: Days of scans shown on a link's inspect page.
SCAN_HISTORY_DAYS = 366
#: Bounds of the QR download parameters.
MIN_SIZE_MM = 5


def can_edit_page(user, page):
    return page is not None and page.permissions_for_user(user).can_edit()


def can_view_links_of(user, page):
    return user.has_perm("links.view_shortlink") or can_edit_page(user, page)


def can_view_link(user, link):
    return user.has_perm("links.view_shortlink") or can_edit_page(user, link.page)


def download_urls(link):
    svg = reverse("links_qr", args=[link.pk, "svg"])
    png = reverse("links_qr", args=[link.pk, "png"])
    return {
        "svg": f"{svg}?download=1",
        "png": f"{png}?download=1",
        "svg_print": f"{svg}?download=1&size_mm=30&ec=Q",
        "png_large": f"{png}?download=1&scale=20&ec=Q",
    }


class PageLinkForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=None,
        required=False,
        help_text=_("Scans are then counted for this campaign."),
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=255,
        required=False,
        help_text=_("Where the code is printed, e.g. “poster at the town hall”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The campaign model through the link's own relation: links import no content app.
        campaigns = ShortLink._meta.get_field("campaign").related_model
        self.fields["campaign"].queryset = campaigns.objects.order_by("-start_date", "title")


class PageLinksView(WagtailAdminTemplateMixin, TemplateView):
    """The QR codes of one page: make (or reuse) one for a channel, see and download them."""

    template_name = "links/admin/page_links.html"
    page_title = _("QR codes")
    header_icon = "link"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific_deferred
        if self.page.is_root() or not can_view_links_of(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def can_add(self):
        return self.request.user.has_perm("links.add_shortlink")

    def get(self, request, page_id):
        return self.render_to_response(self.get_context_data(form=PageLinkForm()))

    def post(self, request, page_id):
        if not self.can_add():
            raise PermissionDenied
        form = PageLinkForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        link = ShortLink.objects.get_or_create_for(
            self.page,
            form.cleaned_data["channel"],
            campaign=form.cleaned_data["campaign"],
            label=form.cleaned_data["label"],
            user=request.user,
        )
        messages.success(request, _("QR code %(code)s is ready.") % {"code": link.code})
        return redirect(f"{reverse('links_page', args=[self.page.pk])}?link={link.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = list(
            ShortLink.objects.filter(page=self.page)
            .with_total_scans()
            .select_related("campaign")
            .order_by("-is_active", "channel", "-created_at")
        )
        selected = self.request.GET.get("link", "")
        for link in links:
            link.qr_markup = qr.qr_svg(link.qr_url)
            link.downloads = download_urls(link)
            link.selected = str(link.pk) == selected
        context.update(
            {
                "page": self.page,
                "links": links,
                "can_add": self.can_add(),
                "can_inspect": self.request.user.has_perm("links.view_shortlink"),
            }
        )
        return context


def _int_param(request, name, default, low, high):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(_("%(name)s must be a whole number.") % {"name": name}) from None
    if not low <= value <= high:
        raise ValueError(
            _("%(name)s must be between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return value


@require_GET
def qr_download(request, pk, fmt):
    """The QR code of a link as SVG or PNG.

    Query parameters: ``ec`` error correction (L, M, Q or H; M by default),
    ``quiet_zone`` in modules (0–16, 4 by default), ``size_mm`` for SVG
    (5–1000, none by default: the SVG scales), ``scale`` for PNG in pixels per
    module (1–40, 10 by default), ``download=1`` to save as a file.
    """
    link = get_object_or_404(ShortLink.objects.select_related("page"), pk=pk)
    if not can_view_link(request.user, link):
        raise PermissionDenied
    level = (request.GET.get("ec") or "M").upper()
    try:
        if level not in qr.ERROR_CORRECTION_LEVELS:
            raise ValueError(_("ec must be one of L, M, Q or H."))
        quiet_zone = _int_param(request, "quiet_zone", 4, 0, qr.MAX_QUIET_ZONE)
        if fmt == "svg":
            size_mm = _int_param(request, "size_mm", None, MIN_SIZE_MM, qr.MAX_SIZE_MM)
            body = qr.qr_svg(
                link.qr_url, error_correction=level, quiet_zone=quiet_zone, size_mm=size_mm
            )
            content_type = "image/svg+xml"
        else:
            scale = _int_param(request, "scale", 10, 1, qr.MAX_SCALE)
            body = qr.qr_png(
                link.qr_url, error_correction=level, quiet_zone=quiet_zone, scale=scale
            )
            content_type = "image/png"
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=content_type)
    disposition = "attachment" if request.GET.get("download") == "1" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="qr-{link.code}-{level}.{fmt}"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ShortLinkCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ShortLinkInspectView(InspectView):
    template_name = "links/admin/shortlink_inspect.html"

    def get_campaign_display_value(self):
        return self.object.campaign or "—"

    def get_kiosk_display_value(self):
        return self.object.kiosk or "—"

    def get_sticker_design_display_value(self):
        return self.object.sticker_design or "—"

    def get_page_display_value(self):
        return self.object.page or _("deleted page")

    def get_created_by_display_value(self):
        return self.object.created_by or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link = self.object
        since = timezone.localdate() - datetime.timedelta(days=SCAN_HISTORY_DAYS - 1)
        scans = ScanCount.objects.filter(link=link)
        context.update(
            {
                "link": link,
                "scans_per_day": scans.filter(day__gte=since).order_by("-day"),
                "scan_history_days": SCAN_HISTORY_DAYS,
                "total_scans": scans.aggregate(total=Sum("count", default=0))["total"],
                "qr_markup": qr.qr_svg(link.qr_url),
                "downloads": download_urls(link),
                "page_links_url": reverse("links_page", args=[link.page_id])
                if link.page_id
                else "",
            }
        )
        return context
