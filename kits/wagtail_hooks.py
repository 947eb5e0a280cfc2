from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from campaigns.models import CampaignPage
from pdf.permissions import user_can_print

from .views import CampaignKitView


@hooks.register("register_admin_urls")
def register_kit_urls():
    return [path("campaigns/<int:page_id>/kit/", CampaignKitView.as_view(), name="campaign_kit")]


def _kit_buttons(page, user, priority):
    if page is None or page.pk is None or not isinstance(page.specific_deferred, CampaignPage):
        return []
    if not user_can_print(user):
        return []
    return [
        Button(
            _("Campaign kit"),
            reverse("campaign_kit", args=[page.pk]),
            icon_name="download",
            priority=priority,
        )
    ]


@hooks.register("register_page_header_buttons")
def kit_header_button(page, user, view_name=None, next_url=None):
    return _kit_buttons(page, user, priority=72)


@hooks.register("register_page_listing_more_buttons")
def kit_listing_button(page, user, next_url=None):
    return _kit_buttons(page, user, priority=52)
