from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from crieur.admin_buttons import page_button

from .admin_views import (
    PageLinksView,
    ShortLinkCreateView,
    ShortLinkInspectView,
    can_view_links_of,
    qr_download,
)
from .models import ShortLink


class ShortLinkViewSet(SnippetViewSet):
    model = ShortLink
    icon = "link"
    menu_label = _("QR short links")
    menu_order = 300
    add_to_admin_menu = True
    add_view_class = ShortLinkCreateView
    inspect_view_class = ShortLinkInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "code",
        "label",
        "page",
        "campaign",
        "channel",
        "kiosk",
        "sticker_design",
        "is_active",
        Column("scan_total", label=_("Scans"), sort_key="scan_total"),
        "created_at",
    ]
    list_filter = ["campaign", "channel", "is_active"]
    search_fields = ["code", "label"]
    inspect_view_fields = [
        "code",
        "page",
        "campaign",
        "channel",
        "label",
        "kiosk",
        "sticker_design",
        "is_active",
        "created_by",
        "created_at",
    ]

    def get_queryset(self, request):
        return ShortLink.objects.with_total_scans("scan_total").select_related(
            "page", "campaign", "kiosk", "sticker_design"
        )


register_snippet(ShortLinkViewSet)


@hooks.register("register_admin_urls")
def register_links_admin_urls():
    return [
        path("links/page/<int:page_id>/", PageLinksView.as_view(), name="links_page"),
        re_path(r"^links/(?P<pk>[0-9]+)/qr\.(?P<fmt>svg|png)$", qr_download, name="links_qr"),
    ]


page_header_qr_button, page_listing_qr_button = page_button(
    _("QR codes"),
    "links_page",
    icon_name="link",
    shown=lambda page, user: (
        not page.is_root() and page.depth > 1 and can_view_links_of(user, page)
    ),
    priority=75,
    listing_priority=55,
)
