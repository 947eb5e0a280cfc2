from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.reports import PageReportView

from .models import TestimonialPage

#: The report lists consents whose last valid day falls within this many days.
EXPIRING_WITHIN_DAYS = 60


def expiring_consents(on=None, days=EXPIRING_WITHIN_DAYS):
    return (
        TestimonialPage.objects.expiring(on=on or timezone.localdate(), days=days)
        .select_related("locale")
        .order_by("consent_until", "title")
    )


class ExpiringConsentsReportView(PageReportView):
    """Testimonials whose consent ends in the next 60 days."""

    page_title = _("Consents expiring")
    header_icon = "time"
    results_template_name = "testimonials/admin/expiring_consents_results.html"
    index_url_name = "expiring_consents_report"
    index_results_url_name = "expiring_consents_report_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "display_name", "consent_date", "consent_until", "locale"]
    export_headings = {
        "display_name": _("Display name"),
        "consent_date": _("Consent given on"),
        "consent_until": _("Consent valid until"),
        "locale": _("Language"),
    }

    def get_queryset(self):
        self.queryset = expiring_consents()
        return super().get_queryset()
