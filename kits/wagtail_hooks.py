from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from campaigns.models import CampaignPage
from crieur.admin_buttons import page_button
from pdf.permissions import user_can_print

from .views import CampaignKitView


@hooks.register("register_admin_urls")
def register_kit_urls():
    return [path("campaigns/<int:page_id>/kit/", CampaignKitView.as_view(), name="campaign_kit")]


kit_header_button, kit_listing_button = page_button(
    _("Campaign kit"),
    "campaign_kit",
    icon_name="download",
    shown=lambda page, user: (
        isinstance(page.specific_deferred, CampaignPage) and user_can_print(user)
    ),
    priority=72,
    listing_priority=52,
)
