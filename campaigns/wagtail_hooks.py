import datetime

from django.db.models import Sum
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from crieur.admin_buttons import page_button
from links.models import ScanCount

from .admin_views import CampaignDashboardView, can_see_dashboard, dashboard_csv, report_pdf
from .models import CampaignEvent, CampaignPage

#: Rows of the dashboard panels.
PANEL_ROWS = 8


@hooks.register("register_admin_urls")
def register_campaign_admin_urls():
    return [
        path(
            "campaigns/<int:page_id>/dashboard/",
            CampaignDashboardView.as_view(),
            name="campaign_dashboard",
        ),
        path("campaigns/<int:page_id>/dashboard.csv", dashboard_csv, name="campaign_dashboard_csv"),
        path("campaigns/<int:page_id>/report.pdf", report_pdf, name="campaign_report_pdf"),
    ]


page_header_dashboard_button, page_listing_dashboard_button = page_button(
    _("Dashboard"),
    "campaign_dashboard",
    icon_name="view",
    shown=lambda page, user: (
        isinstance(page.specific_deferred, CampaignPage) and can_see_dashboard(user, page)
    ),
    priority=70,
    listing_priority=50,
)


def can_see_panels(user):
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class RunningCampaignsPanel(Component):
    """Dashboard panel: the campaigns running today and their scans of the last seven days."""

    name = "running_campaigns"
    template_name = "campaigns/admin/running_campaigns_panel.html"
    order = 100

    def __init__(self, campaigns):
        self.campaigns = campaigns

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["campaigns"] = self.campaigns
        return context


class UpcomingEventsPanel(Component):
    """Dashboard panel: the next events where residents can try services."""

    name = "upcoming_events"
    template_name = "campaigns/admin/upcoming_events_panel.html"
    order = 110

    def __init__(self, events):
        self.events = events

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["events"] = self.events
        return context


def running_campaigns_with_scans(today=None):
    """Running campaigns (one per translation group) with ``week_scans`` of the last 7 days."""
    today = today or timezone.localdate()
    campaigns = {}
    for campaign in (
        CampaignPage.objects.running(today).select_related("locale").order_by("end_date", "pk")
    ):
        current = campaigns.get(campaign.translation_key)
        if current is None or campaign.locale.is_default:
            campaigns[campaign.translation_key] = campaign
    if not campaigns:
        return []
    scans = dict(
        ScanCount.objects.filter(
            day__gt=today - datetime.timedelta(days=7),
            day__lte=today,
            link__campaign__translation_key__in=list(campaigns),
        )
        .values_list("link__campaign__translation_key")
        .annotate(total=Sum("count"))
        .order_by()
    )
    result = list(campaigns.values())[:PANEL_ROWS]
    for campaign in result:
        campaign.week_scans = scans.get(campaign.translation_key, 0)
    return result


@hooks.register("construct_homepage_panels")
def add_campaign_panels(request, panels):
    if not can_see_panels(request.user):
        return
    campaigns = running_campaigns_with_scans()
    if campaigns:
        panels.append(RunningCampaignsPanel(campaigns))
    events = list(CampaignEvent.objects.upcoming().select_related("service")[:PANEL_ROWS])
    if events:
        panels.append(UpcomingEventsPanel(events))
