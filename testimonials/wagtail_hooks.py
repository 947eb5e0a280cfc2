from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from .views import EXPIRING_WITHIN_DAYS, ExpiringConsentsReportView, expiring_consents

#: Consents listed on the dashboard (the report has them all).
PANEL_ROWS = 8


def can_see_content_reports(user):
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


@hooks.register("register_admin_urls")
def register_expiring_consents_urls():
    return [
        path(
            "reports/expiring-consents/",
            ExpiringConsentsReportView.as_view(),
            name="expiring_consents_report",
        ),
        path(
            "reports/expiring-consents/results/",
            ExpiringConsentsReportView.as_view(results_only=True),
            name="expiring_consents_report_results",
        ),
    ]


class ContentReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_content_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_expiring_consents_menu_item():
    return ContentReportMenuItem(
        _("Consents expiring"),
        reverse("expiring_consents_report"),
        name="expiring-consents",
        icon_name="time",
        order=1310,
    )


class ExpiringConsentsPanel(Component):
    """Dashboard panel: testimonials whose consent ends in the next 60 days."""

    name = "expiring_consents"
    template_name = "testimonials/admin/expiring_consents_panel.html"
    order = 120

    def __init__(self, testimonials, total):
        self.testimonials = testimonials
        self.total = total

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            {
                "testimonials": self.testimonials,
                "total": self.total,
                "days": EXPIRING_WITHIN_DAYS,
                "more": self.total - len(self.testimonials),
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_expiring_consents_panel(request, panels):
    if not can_see_content_reports(request.user):
        return
    queryset = expiring_consents()
    testimonials = list(queryset[:PANEL_ROWS])
    if testimonials:
        total = queryset.count() if len(testimonials) == PANEL_ROWS else len(testimonials)
        panels.append(ExpiringConsentsPanel(testimonials, total))
