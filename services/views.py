from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.reports import PageReportView

from .models import RegulationPage


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
