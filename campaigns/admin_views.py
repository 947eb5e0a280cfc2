"""Admin views of a campaign: its dashboard, the CSV of its daily figures, its PDF report.

Every view requires the right to edit the campaign page (URLs registered with
``register_admin_urls`` also require access to the Wagtail admin). The period
is validated and bounded (``MAX_PERIOD_DAYS``); all figures come from a fixed
number of aggregate queries (see ``measurement.py``).
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from crieur.channels import Channel
from crieur.exports import neutralise_row
from crieur.models import BrandingSettings
from pdf.rendering import RenderTimeout, render_pdf

from .charts import bar_chart, line_chart
from .forms import PeriodForm
from .measurement import (
    MAX_PERIOD_DAYS,
    REPORT_ROWS,
    CampaignFigures,
    default_period,
    grouped_rows,
)
from .models import CampaignPage


def can_see_dashboard(user, campaign):
    return campaign.permissions_for_user(user).can_edit()


def get_campaign(request, page_id):
    campaign = get_object_or_404(CampaignPage.objects.select_related("locale"), pk=page_id)
    if not can_see_dashboard(request.user, campaign):
        raise PermissionDenied
    return campaign


def period_from(request, campaign):
    """(form, start, end): the period asked for when valid, the default period otherwise."""
    start, end = default_period(campaign)
    data = request.GET if {"start", "end"} & set(request.GET) else None
    form = PeriodForm(data, initial={"start": start, "end": end}, max_days=MAX_PERIOD_DAYS)
    if data is not None and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


def css_string(value):
    """``value`` as a quoted CSS string: anything but letters, digits and spaces escaped."""
    escaped = "".join(
        char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in str(value)
    )
    return f'"{escaped}"'


def summary_text(figures):
    """One or two sentences that say what the chart shows."""
    period = {
        "start": formats.date_format(figures.start, "DATE_FORMAT"),
        "end": formats.date_format(figures.end, "DATE_FORMAT"),
    }
    if not figures.total:
        return gettext("No scan from %(start)s to %(end)s.") % period
    best = figures.best_channel()
    peak_position = max(range(len(figures.days)), key=figures.daily_total.__getitem__)
    text = ngettext(
        "%(total)d scan from %(start)s to %(end)s.",
        "%(total)d scans from %(start)s to %(end)s.",
        figures.total,
    ) % {"total": figures.total, **period}
    text += " " + gettext(
        "%(channel)s brought the most (%(count)d, %(share)d %%). "
        "The busiest day was %(day)s with %(peak)d scans."
    ) % {
        "channel": best.label,
        "count": best.total,
        "share": round(best.share * 100),
        "day": formats.date_format(figures.days[peak_position], "DATE_FORMAT"),
        "peak": figures.daily_total[peak_position],
    }
    return text


def charts_for(figures, prefix, width=760, bar_width=None):
    summary = summary_text(figures)
    daily = line_chart(
        chart_id=f"{prefix}-daily",
        title=gettext("Scans per day and per channel, %(campaign)s")
        % {"campaign": figures.campaign.title},
        summary=summary,
        days=figures.days,
        series=[(str(label), figures.daily[value]) for value, label in figures.channels],
        bands=[
            (share.days[0], share.days[-1], share.event.name)
            for share in figures.events
            if share.days
        ],
        width=width,
    )
    channels = bar_chart(
        chart_id=f"{prefix}-channels",
        title=gettext("Scans per channel"),
        summary=", ".join(f"{row.label}: {row.total}" for row in figures.per_channel),
        rows=[(row.label, row.total) for row in figures.per_channel],
        width=bar_width or width,
    )
    return {"summary": summary, "daily_chart": daily, "channel_chart": channels}


def show_kiosks(figures):
    """Whether the table per kiosk has a place: the campaign runs on kiosks, or they had scans."""
    return Channel.KIOSK.value in (figures.campaign.channels or []) or bool(figures.per_kiosk)


def query_string(start, end):
    return urlencode({"start": start.isoformat(), "end": end.isoformat()})


class CampaignDashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/admin/dashboard.html"
    page_title = _("Campaign dashboard")
    header_icon = "view"

    def dispatch(self, request, page_id):
        self.campaign = get_campaign(request, page_id)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.campaign.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.campaign.pk]),
                "label": self.campaign.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, start, end = period_from(self.request, self.campaign)
        figures = CampaignFigures.compute(self.campaign, start, end)
        query = query_string(start, end)
        context.update(
            {
                "campaign": self.campaign,
                "form": form,
                "figures": figures,
                "max_days": MAX_PERIOD_DAYS,
                "csv_url": reverse("campaign_dashboard_csv", args=[self.campaign.pk]) + "?" + query,
                "report_url": reverse("campaign_report_pdf", args=[self.campaign.pk]) + "?" + query,
                "show_kiosks": show_kiosks(figures),
                **charts_for(figures, f"campaign-{self.campaign.pk}"),
            }
        )
        return context


def dashboard_csv(request, page_id):
    """The daily figures of the period as CSV: one row per day, one column per channel."""
    campaign = get_campaign(request, page_id)
    _form, start, end = period_from(request, campaign)
    figures = CampaignFigures.compute(campaign, start, end)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="campaign-{campaign.pk}-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    response.write("\ufeff")  # spreadsheets then read the file as UTF-8
    writer = csv.writer(response)
    headers = [_("Date"), *(label for _value, label in figures.channels), _("Total")]
    writer.writerow(neutralise_row(headers))
    for day, counts, total in figures.daily_rows():
        writer.writerow(neutralise_row([day.isoformat(), *counts, total]))
    return response


def report_pdf(request, page_id):
    """The campaign report for elected officials, as PDF, in the campaign's language."""
    campaign = get_campaign(request, page_id)
    _form, start, end = period_from(request, campaign)
    try:
        with translation.override(campaign.locale.language_code):
            html = report_html(campaign, start, end)
            pdf = render_pdf(html, pdf_variant="pdf/ua-1")
    except RenderTimeout as error:
        messages.error(request, error.message)  # in the user's language
        dashboard = reverse("campaign_dashboard", args=[campaign.pk])
        return redirect(f"{dashboard}?{query_string(start, end)}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="campaign-report-{campaign.slug}-{start.isoformat()}.pdf"'
    )
    return response


def report_html(campaign, start, end):
    """The report's HTML (tables cut at ``REPORT_ROWS`` rows: one to three pages)."""
    figures = CampaignFigures.compute(campaign, start, end)
    unit, grouped = grouped_rows(figures)
    site = Site.objects.filter(is_default_site=True).first()
    branding = BrandingSettings.for_site(site) if site else None
    return render_to_string(
        "campaigns/report/report.html",
        {
            "campaign": campaign,
            "figures": figures,
            "rows": REPORT_ROWS,
            "generated_on": timezone.localdate(),
            "language": translation.get_language(),
            "authority": branding.authority_name if branding else "Crieur",
            "authority_css": css_string(branding.authority_name if branding else "Crieur"),
            "report_label_css": css_string(gettext("Campaign report")),
            "primary": branding.primary_colour if branding else "#1d4e89",
            "fonts": {
                "regular": static("pdf/fonts/Inter-Regular.otf"),
                "bold": static("pdf/fonts/Inter-Bold.otf"),
            },
            "unit": unit,
            "grouped": grouped,
            "items": figures.per_item[:REPORT_ROWS],
            "items_more": max(0, len(figures.per_item) - REPORT_ROWS),
            "stickers": figures.per_sticker[:REPORT_ROWS],
            "stickers_more": max(0, len(figures.per_sticker) - REPORT_ROWS),
            "show_kiosks": show_kiosks(figures),
            "kiosks": figures.per_kiosk[:REPORT_ROWS],
            "kiosks_more": max(0, len(figures.per_kiosk) - REPORT_ROWS),
            **charts_for(figures, "report", width=680, bar_width=330),
        },
    )
