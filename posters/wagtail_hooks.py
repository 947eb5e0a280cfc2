"""A *Poster* button on every content page (header and listing menu), for users who may print."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from pdf.permissions import user_can_print

from .views import PosterView, can_make_poster, poster_download, poster_preview


@hooks.register("register_admin_urls")
def register_poster_urls():
    return [
        path("posters/<int:page_id>/", PosterView.as_view(), name="posters_page"),
        path("posters/<int:page_id>/preview.png", poster_preview, name="posters_preview"),
        path("posters/<int:page_id>/pdf/", poster_download, name="posters_pdf"),
    ]


def _poster_buttons(page, user, priority):
    if not user_can_print(user) or not can_make_poster(page):
        return []
    return [
        Button(
            _("Poster"),
            reverse("posters_page", args=[page.pk]),
            icon_name="doc-full",
            priority=priority,
        )
    ]


@hooks.register("register_page_header_buttons")
def poster_header_button(page, user, view_name=None, next_url=None):
    return _poster_buttons(page, user, priority=6)


@hooks.register("register_page_listing_more_buttons")
def poster_listing_button(page, user, next_url=None):
    return _poster_buttons(page, user, priority=6)
