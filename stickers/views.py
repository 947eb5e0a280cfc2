from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from pdf.permissions import PrintPermissionMixin

from .badges import BADGE_SIZES, DEFAULT_BADGE_SIZE, campaign_days, render_badge_sheet
from .calibration import render_calibration_sheet
from .forms import BadgeSheetForm, CalibrationForm, StickerSheetForm
from .jobs import MAX_SYNCHRONOUS_STICKERS, create_sticker_job
from .label_formats import DEFAULT_FORMAT, UnknownFormat, get_format
from .models import PrinterCalibration, StickerDesign, StickerPrintPreference
from .preview import (
    badge_preview_geometry,
    design_thumbnail_svg,
    design_version,
    sheet_preview_svg,
)
from .sheet import StickerSheetError, plan_sheet, render_sticker_sheet, target_cards


def calibration_offset(request):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return (0.0, 0.0)
    return PrinterCalibration.for_site(site).offset


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def svg_response(svg, etag=None):
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'"
    if etag:
        response["ETag"] = etag
        patch_cache_control(response, private=True, max_age=86400)
    return response


class DesignThumbnailMixin:
    """``?thumbnail=<design pk>`` on a print form answers that design's label as an SVG.

    The thumbnail's URL carries the design's version (:func:`design_version`),
    so a browser keeps it until the design or the geometry changes.
    """

    def thumbnail_geometry(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if "thumbnail" not in request.GET:
            return super().get(request, *args, **kwargs)
        try:
            pk = int(request.GET["thumbnail"])
        except ValueError:
            raise Http404 from None
        design = get_object_or_404(StickerDesign.objects.select_related("locale"), pk=pk)
        geometry = self.thumbnail_geometry()
        etag = f'"{design_version(design, geometry)}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponseNotModified(headers={"ETag": etag})
        card = target_cards([design]).get(design.pk)
        return svg_response(design_thumbnail_svg(design, geometry, card), etag)

    def thumbnails(self, form):
        geometry = self.thumbnail_geometry()
        base = self.request.path
        return {
            design.pk: f"{base}?thumbnail={design.pk}&{self.thumbnail_query}&v="
            f"{design_version(design, geometry)}"
            for design in form.designs
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        thumbnails = self.thumbnails(form)
        context["design_cards"] = [
            (design, count, fill, thumbnails[design.pk])
            for design, count, fill in form.design_cards()
        ]
        return context


class StickerSheetView(
    DesignThumbnailMixin, PrintPermissionMixin, WagtailAdminTemplateMixin, FormView
):
    form_class = StickerSheetForm
    template_name = "stickers/admin/sticker_sheet.html"
    page_title = _("Print stickers")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def preference(self):
        return StickerPrintPreference.objects.filter(user=self.request.user).first()

    def get_initial(self):
        initial = super().get_initial()
        preference = self.preference()
        if preference is not None:
            try:
                geometry = get_format(preference.format)
            except UnknownFormat:
                return initial
            initial["format"] = geometry.slug
            initial["start"] = min(max(preference.start, 1), geometry.per_sheet)
        return initial

    def thumbnail_geometry(self):
        slug = self.request.GET.get("format") or self.get_form_format()
        try:
            return get_format(slug)
        except UnknownFormat:
            return get_format(DEFAULT_FORMAT)

    def get_form_format(self):
        if self.request.method == "POST":
            return self.request.POST.get("format") or DEFAULT_FORMAT
        return self.get_initial().get("format", DEFAULT_FORMAT)

    @property
    def thumbnail_query(self):
        return f"format={self.thumbnail_geometry().slug}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calibration_form"] = CalibrationForm()
        context["calibration_url"] = reverse("print_calibration_sheet")
        context["offset"] = calibration_offset(self.request)
        return context

    def remember(self, data):
        StickerPrintPreference.objects.update_or_create(
            user=self.request.user,
            defaults={"format": data["geometry"].slug, "start": data["start"]},
        )

    def preview(self, form):
        """The "Preview" step: the first sheet drawn, the form kept as it was filled."""
        data = form.cleaned_data
        geometry = data["geometry"]
        designs = plan_sheet(data["items"], geometry, data["start"])
        cards = target_cards({design.pk: design for design in designs}.values())
        sheets = (data["start"] - 1 + len(designs) - 1) // geometry.per_sheet + 1
        return self.render_to_response(
            self.get_context_data(
                form=form,
                sheet_preview=mark_safe(  # noqa: S308 - built with format_html / escape
                    sheet_preview_svg(designs, geometry, data["start"], cards)
                ),
                preview_count=len(designs),
                preview_sheets=sheets,
            )
        )

    def form_valid(self, form):
        data = form.cleaned_data
        items = data["items"]
        self.remember(data)
        if self.request.POST.get("action") == "preview":
            return self.preview(form)
        if len(plan_sheet(items, data["geometry"], data["start"])) > MAX_SYNCHRONOUS_STICKERS:
            return self.render_in_background(data)
        try:
            sheet = render_sticker_sheet(
                items,
                geometry=data["geometry"],
                start=data["start"],
                unique_codes=data["codes"] == "sticker",
                outlines=data["outlines"],
                offset=calibration_offset(self.request),
                user=self.request.user,
                language=items[0].design.locale.language_code,
                placement=data["placement"],
            )
        except StickerSheetError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        suffix = "-mirrored" if data["placement"] == "inside" else ""
        return pdf_response(sheet.pdf, f"stickers-{data['geometry'].slug}{suffix}.pdf")

    def render_in_background(self, data):
        """Above the synchronous bound: a background job, and its status page."""
        items = data["items"]
        job = create_sticker_job(
            items,
            geometry=data["geometry"],
            start=data["start"],
            unique_codes=data["codes"] == "sticker",
            outlines=data["outlines"],
            offset=calibration_offset(self.request),
            language=items[0].design.locale.language_code,
            user=self.request.user,
            placement=data["placement"],
        )
        return redirect("print_job", job.pk)


class BadgeSheetView(
    DesignThumbnailMixin, PrintPermissionMixin, WagtailAdminTemplateMixin, FormView
):
    """Pin-back badges from the sticker designs: designs and counts, face size, guides."""

    form_class = BadgeSheetForm
    template_name = "stickers/admin/badge_sheet.html"
    page_title = _("Print badges")
    header_icon = "tag"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def badge_face(self):
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        try:
            face = int(source.get("size") or DEFAULT_BADGE_SIZE)
        except ValueError:
            face = DEFAULT_BADGE_SIZE
        return face if face in BADGE_SIZES else DEFAULT_BADGE_SIZE

    def thumbnail_geometry(self):
        return badge_preview_geometry(self.badge_face())

    @property
    def thumbnail_query(self):
        return f"size={self.badge_face()}"

    def form_valid(self, form):
        data = form.cleaned_data
        items = data["items"]
        campaign = data.get("campaign")
        on, through = campaign_days(campaign)
        try:
            sheet = render_badge_sheet(
                items,
                size=data["size"],
                guides=data["guides"],
                campaign=campaign,
                user=self.request.user,
                language=items[0].design.locale.language_code,
                on=on,
                through=through,
            )
        except StickerSheetError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return pdf_response(sheet.pdf, f"{sheet.geometry.slug}.pdf")


class CalibrationSheetView(PrintPermissionMixin, FormView):
    form_class = CalibrationForm
    success_url = reverse_lazy("print_sticker_sheet")

    def get(self, request, *args, **kwargs):
        form = CalibrationForm(request.GET or None)
        if not form.is_valid():
            return HttpResponse(status=400, content=str(_("Unknown label format.")))
        geometry = get_format(form.cleaned_data["format"])
        pdf = render_calibration_sheet(
            geometry, calibration_offset(request), language=request.LANGUAGE_CODE
        )
        return pdf_response(pdf, f"calibration-{geometry.slug}.pdf")

    def post(self, request, *args, **kwargs):
        return HttpResponse(status=405)
