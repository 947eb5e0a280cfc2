from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ServiceCategory
from .views import StaleRegulationsReportView


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
    ]


class StaleReportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_stale_report_menu_item():
    return StaleReportMenuItem(
        _("Explainers to review"),
        reverse("stale_regulations_report"),
        name="stale-regulations",
        icon_name="warning",
        order=1300,
    )
