from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from crieur.admin_buttons import page_button

from .admin_views import (
    ApplicationsView,
    ApplicationView,
    applications_csv,
    can_review,
    publish_project,
)
from .models import CallPage


@hooks.register("register_admin_urls")
def register_call_admin_urls():
    return [
        path(
            "calls/<int:page_id>/applications/",
            ApplicationsView.as_view(),
            name="calls_applications",
        ),
        path(
            "calls/<int:page_id>/applications.csv",
            applications_csv,
            name="calls_applications_csv",
        ),
        path(
            "calls/applications/<int:pk>/",
            ApplicationView.as_view(),
            name="calls_application",
        ),
        path(
            "calls/applications/<int:pk>/project/",
            publish_project,
            name="calls_publish_project",
        ),
    ]


@hooks.register("register_log_actions")
def register_call_log_actions(actions):
    actions.register_action("calls.accepted", _("Application accepted"), _("Accepted"))
    actions.register_action("calls.not_accepted", _("Application not accepted"), _("Not accepted"))
    actions.register_action("calls.received", _("Application back to received"), _("Received"))


page_header_applications_button, page_listing_applications_button = page_button(
    _("Applications"),
    "calls_applications",
    icon_name="form",
    shown=lambda page, user: (
        isinstance(page.specific_deferred, CallPage) and can_review(user, page)
    ),
    priority=70,
    listing_priority=50,
)
