from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem

from crieur.admin_buttons import page_button

from .models import BulletinPage
from .views import (
    BulletinPrintView,
    bulletin_admin_pdf,
    bulletin_background,
    bulletin_preview_html,
    left_out_messages,
)


@hooks.register("register_admin_urls")
def register_bulletin_urls():
    return [
        path("print/bulletins/<int:page_id>/", BulletinPrintView.as_view(), name="print_bulletin"),
        path(
            "print/bulletins/<int:page_id>/preview/",
            bulletin_preview_html,
            name="print_bulletin_html",
        ),
        path(
            "print/bulletins/<int:page_id>/pdf/<str:kind>/",
            bulletin_admin_pdf,
            name="print_bulletin_pdf",
        ),
        path(
            "print/bulletins/<int:page_id>/background/<str:kind>/",
            bulletin_background,
            name="print_bulletin_background",
        ),
    ]


def _is_edition(page):
    return page is not None and page.pk is not None and page.specific_class is BulletinPage


bulletin_header_button, bulletin_listing_button = page_button(
    _("Print preview and PDF"),
    "print_bulletin",
    icon_name="doc-full",
    shown=lambda page, user: _is_edition(page) and page.permissions_for_user(user).can_edit(),
    priority=5,
)


class PrintBulletinActionMenuItem(ActionMenuItem):
    """ "Print preview and PDF" in the edit view's action menu of a bulletin edition."""

    label = _("Print preview and PDF")
    name = "action-print-bulletin"
    icon_name = "doc-full"
    order = 90

    def is_shown(self, context):
        page = context.get("page")
        return (
            context.get("view") == "edit"
            and _is_edition(page)
            and page.permissions_for_user(context["request"].user).can_edit()
        )

    def get_url(self, context):
        return reverse("print_bulletin", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_print_bulletin_menu_item():
    return PrintBulletinActionMenuItem()


def _warn_left_out(request, page):
    if not _is_edition(page):
        return
    edition = page.specific.get_latest_revision_as_object()
    for item in left_out_messages(edition):
        messages.warning(
            request,
            _("Left out of the printed edition: “%(title)s”, because %(reason)s.")
            % {"title": item.title, "reason": item.reason},
        )


@hooks.register("after_create_page")
def bulletin_after_create(request, page):
    _warn_left_out(request, page)


@hooks.register("after_edit_page")
def bulletin_after_edit(request, page):
    _warn_left_out(request, page)
