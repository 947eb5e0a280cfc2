from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RegulationPage, ServiceCategory, ServicePage
from .views import EndedTrialsReportView, StaleRegulationsReportView


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "tag"
    menu_label = _("Service categories")
    list_display = ["name", "slug", "pictogram_name"]
    search_fields = ["name"]


register_snippet(ServiceCategoryViewSet)


@hooks.register("register_admin_urls")
def register_stale_report_urls():
    return [
        path(
            "reports/stale-regulations/",
            StaleRegulationsReportView.as_view(),
            name="stale_regulations_report",
        ),
        path(
            "reports/stale-regulations/results/",
            StaleRegulationsReportView.as_view(results_only=True),
            name="stale_regulations_report_results",
        ),
        path("reports/ended-trials/", EndedTrialsReportView.as_view(), name="ended_trials_report"),
        path(
            "reports/ended-trials/results/",
            EndedTrialsReportView.as_view(results_only=True),
            name="ended_trials_report_results",
        ),
    ]


def can_review(user):
    """Whether ``user`` edits pages, and so sees the review reports and reminders."""
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class StaleReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review(request.user)


@hooks.register("register_reports_menu_item")
def register_stale_report_menu_item():
    return StaleReportMenuItem(
        _("Explainers to review"),
        reverse("stale_regulations_report"),
        name="stale-regulations",
        icon_name="warning",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_ended_trials_menu_item():
    return StaleReportMenuItem(
        _("Trial offers ended"),
        reverse("ended_trials_report"),
        name="ended-trials",
        icon_name="calendar-alt",
        order=1305,
    )


#: Rows per list on the dashboard panel (the reports have them all).
PANEL_ROWS = 6


class ContentToReviewPanel(Component):
    """Dashboard panel: explainers to check again and services whose trial offer has ended."""

    name = "content_to_review"
    template_name = "services/admin/content_to_review_panel.html"
    order = 130

    def __init__(self, stale, stale_total, trials, trials_total):
        self.stale, self.stale_total = stale, stale_total
        self.trials, self.trials_total = trials, trials_total

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            {
                "stale": self.stale,
                "stale_more": self.stale_total - len(self.stale),
                "trials": self.trials,
                "trials_more": self.trials_total - len(self.trials),
            }
        )
        return context


def _first_rows(queryset):
    rows = list(queryset[:PANEL_ROWS])
    total = queryset.count() if len(rows) == PANEL_ROWS else len(rows)
    return rows, total


@hooks.register("construct_homepage_panels")
def add_content_to_review_panel(request, panels):
    if not can_review(request.user):
        return
    today = timezone.localdate()
    stale, stale_total = _first_rows(
        RegulationPage.objects.stale(on=today).select_related("locale").order_by("last_checked")
    )
    trials, trials_total = _first_rows(
        ServicePage.objects.trial_ended(on=today)
        .select_related("locale")
        .order_by("trial_until", "title")
    )
    if stale or trials:
        panels.append(ContentToReviewPanel(stale, stale_total, trials, trials_total))
