"""The social media kit in the admin: its URLs and a "Social media kit" button on content pages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from pdf.permissions import user_can_print

from .views import SocialKitView, has_kit, social_kit_image, social_kit_zip_view


@hooks.register("register_admin_urls")
def register_social_urls():
    return [
        path("social/<int:page_id>/", SocialKitView.as_view(), name="social_kit"),
        path(
            "social/<int:page_id>/image/<slug:format_key>.png",
            social_kit_image,
            name="social_kit_image",
        ),
        path("social/<int:page_id>/zip/", social_kit_zip_view, name="social_kit_zip"),
    ]


def _social_buttons(page, user, priority):
    if page is None or page.pk is None or not user_can_print(user) or not has_kit(page):
        return []
    return [
        Button(
            _("Social media kit"),
            reverse("social_kit", args=[page.pk]),
            icon_name="image",
            priority=priority,
        )
    ]


@hooks.register("register_page_header_buttons")
def social_header_button(page, user, view_name=None, next_url=None):
    return _social_buttons(page, user, priority=30)


@hooks.register("register_page_listing_more_buttons")
def social_listing_button(page, user, next_url=None):
    return _social_buttons(page, user, priority=30)
