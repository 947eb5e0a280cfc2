"""A *Where it appears* button on every page (header and listing menu), for its editors."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from crieur.admin_buttons import page_button

from .views import WhereView, can_see


@hooks.register("register_admin_urls")
def register_where_urls():
    return [path("appears/<int:page_id>/", WhereView.as_view(), name="appears_page")]


where_header_button, where_listing_button = page_button(
    _("Where it appears"),
    "appears_page",
    icon_name="site",
    shown=can_see,
    priority=3,
)
