from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.reports import PageReportView

from .models import RegulationPage, ServicePage


class StaleRegulationsReportView(PageReportView):
    """Regulation explainers nobody has checked for twelve months."""

    page_title = _("Explainers to review")
    header_icon = "warning"
    results_template_name = "services/admin/stale_regulations_results.html"
    index_url_name = "stale_regulations_report"
    index_results_url_name = "stale_regulations_report_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "question", "last_checked", "locale"]
    export_headings = {
        "question": _("Question"),
        "last_checked": _("Last checked on"),
        "locale": _("Language"),
    }

    def get_queryset(self):
        self.queryset = (
            RegulationPage.objects.stale(on=timezone.localdate())
            .select_related("locale")
            .order_by("last_checked")
        )
        return super().get_queryset()


class EndedTrialsReportView(PageReportView):
    """Services whose trial offer is over but still written on the page."""

    page_title = _("Trial offers ended")
    header_icon = "calendar-alt"
    results_template_name = "services/admin/ended_trials_results.html"
    index_url_name = "ended_trials_report"
    index_results_url_name = "ended_trials_report_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "trial_offer", "trial_until", "locale"]
    export_headings = {
        "trial_offer": _("Trial offer"),
        "trial_until": _("Trial offer valid until"),
        "locale": _("Language"),
    }

    def get_queryset(self):
        self.queryset = (
            ServicePage.objects.trial_ended(on=timezone.localdate())
            .select_related("locale")
            .order_by("trial_until", "title")
        )
        return super().get_queryset()
