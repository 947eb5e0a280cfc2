"""The social media kit in the admin: its URLs and a "Social media kit" button on content pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from crieur.admin_buttons import page_button
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


social_header_button, social_listing_button = page_button(
    _("Social media kit"),
    "social_kit",
    icon_name="image",
    shown=lambda page, user: user_can_print(user) and has_kit(page),
    priority=30,
)
