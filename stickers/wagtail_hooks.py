from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from pdf.permissions import PrintMenuItem

from .label_import import LabelImportView, user_can_import
from .models import LabelFormat, StickerDesign
from .views import BadgeSheetView, CalibrationSheetView, StickerSheetView


class StickerDesignViewSet(SnippetViewSet):
    model = StickerDesign
    icon = "tag"
    menu_label = _("Sticker designs")
    list_display = ["__str__", "kind", "target_page", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["slug", "text"]


class LabelFormatIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if user_can_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Import from gLabels"),
                    url=reverse("stickers_label_import"),
                    icon_name="upload",
                )
            )
        return buttons


class LabelFormatViewSet(SnippetViewSet):
    model = LabelFormat
    index_view_class = LabelFormatIndexView
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
        path("print/badges/", BadgeSheetView.as_view(), name="print_badge_sheet"),
        path("stickers/label-import/", LabelImportView.as_view(), name="stickers_label_import"),
    ]


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
def register_badge_menu_item():
    return PrintMenuItem(
        _("Print badges"),
        reverse("print_badge_sheet"),
        name="print-badges",
        icon_name="tag",
        order=851,
    )
