from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from pdf.permissions import PrintPermissionMixin

from .badges import campaign_days, render_badge_sheet
from .calibration import render_calibration_sheet
from .forms import BadgeSheetForm, CalibrationForm, StickerSheetForm
from .jobs import MAX_SYNCHRONOUS_STICKERS, create_sticker_job
from .label_formats import get_format
from .models import PrinterCalibration
from .sheet import StickerSheetError, plan_sheet, render_sticker_sheet


def calibration_offset(request):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return (0.0, 0.0)
    return PrinterCalibration.for_site(site).offset


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class StickerSheetView(PrintPermissionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = StickerSheetForm
    template_name = "stickers/admin/sticker_sheet.html"
    page_title = _("Print stickers")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calibration_form"] = CalibrationForm()
        context["calibration_url"] = reverse("print_calibration_sheet")
        context["offset"] = calibration_offset(self.request)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        items = data["items"]
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


class BadgeSheetView(PrintPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Pin-back badges from the sticker designs: designs and counts, face size, guides."""

    form_class = BadgeSheetForm
    template_name = "stickers/admin/badge_sheet.html"
    page_title = _("Print badges")
    header_icon = "tag"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

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
