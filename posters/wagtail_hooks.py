"""A *Poster* button on every content page (header and listing menu), for users who may print."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from crieur.admin_buttons import page_button
from pdf.permissions import user_can_print

from .views import PosterView, can_make_poster, poster_download, poster_preview


@hooks.register("register_admin_urls")
def register_poster_urls():
    return [
        path("posters/<int:page_id>/", PosterView.as_view(), name="posters_page"),
        path("posters/<int:page_id>/preview.png", poster_preview, name="posters_preview"),
        path("posters/<int:page_id>/pdf/", poster_download, name="posters_pdf"),
    ]


poster_header_button, poster_listing_button = page_button(
    _("Poster"),
    "posters_page",
    icon_name="doc-full",
    shown=lambda page, user: user_can_print(user) and can_make_poster(page),
    priority=6,
)
