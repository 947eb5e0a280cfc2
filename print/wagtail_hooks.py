from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LabelFormat, StickerDesign
from .views import CalibrationSheetView, StickerSheetView, user_can_print


class StickerDesignViewSet(SnippetViewSet):
    model = StickerDesign
    icon = "tag"
    menu_label = _("Sticker designs")
    list_display = ["__str__", "kind", "target_page", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["slug", "text"]


class LabelFormatViewSet(SnippetViewSet):
    model = LabelFormat
    icon = "table"
    menu_label = _("Label formats")
    list_display = ["name", "slug", "columns", "rows", "label_width", "label_height"]
    search_fields = ["name", "slug"]


class StickerViewSetGroup(SnippetViewSetGroup):
    items = (StickerDesignViewSet, LabelFormatViewSet)
    menu_icon = "tag"
    menu_label = _("Stickers")
    menu_name = "stickers"


register_snippet(StickerViewSetGroup)


@hooks.register("register_admin_urls")
def register_print_urls():
    return [
        path("print/stickers/", StickerSheetView.as_view(), name="print_sticker_sheet"),
        path("print/calibration/", CalibrationSheetView.as_view(), name="print_calibration_sheet"),
    ]


@hooks.register("register_admin_urls")
def register_job_urls():
    from .job_views import (
        RenderJobListView,
        RenderJobStatusView,
        bulletin_background,
        render_job_download,
    )

    return [
        path("print/jobs/", RenderJobListView.as_view(), name="print_jobs"),
        path("print/jobs/<int:pk>/", RenderJobStatusView.as_view(), name="print_job"),
        path("print/jobs/<int:pk>/download/", render_job_download, name="print_job_download"),
        path(
            "print/bulletins/<int:page_id>/background/<str:kind>/",
            bulletin_background,
            name="print_bulletin_background",
        ),
    ]


class PrintMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_print(request.user)


@hooks.register("register_admin_menu_item")
def register_print_menu_item():
    return PrintMenuItem(
        _("Print stickers"),
        reverse("print_sticker_sheet"),
        name="print-stickers",
        icon_name="doc-full",
        order=850,
    )


@hooks.register("register_admin_menu_item")
def register_print_jobs_menu_item():
    return PrintMenuItem(
        _("Print jobs"),
        reverse("print_jobs"),
        name="print-jobs",
        icon_name="doc-full",
        order=851,
    )


# -- bulletins ---------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_bulletin_urls():
    from .bulletins.views import BulletinPrintView, bulletin_admin_pdf, bulletin_preview_html

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
    ]


def _is_edition(page):
    from .models import BulletinPage

    return page is not None and page.pk is not None and page.specific_class is BulletinPage


def _bulletin_buttons(page, user, priority):
    if not _is_edition(page) or not page.permissions_for_user(user).can_edit():
        return []
    return [
        Button(
            _("Print preview and PDF"),
            reverse("print_bulletin", args=[page.pk]),
            icon_name="doc-full",
            priority=priority,
        )
    ]


@hooks.register("register_page_header_buttons")
def bulletin_header_button(page, user, view_name=None, next_url=None):
    return _bulletin_buttons(page, user, priority=5)


@hooks.register("register_page_listing_more_buttons")
def bulletin_listing_button(page, user, next_url=None):
    return _bulletin_buttons(page, user, priority=5)


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
    from .bulletins.views import left_out_messages

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
