from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .admin_views import (
    KioskScreenPanel,
    PairScreenView,
    RegenerateTokenView,
    can_change_kiosks,
    can_view_kiosks,
    preview,
)
from .forms import KioskForm
from .models import Kiosk


class KioskIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_change_kiosks(self.request.user):
            buttons.append(
                HeaderButton(_("Pair a screen"), url=reverse("kiosk_pair"), icon_name="desktop")
            )
        return buttons


class KioskViewSet(SnippetViewSet):
    model = Kiosk
    icon = "desktop"
    menu_label = _("Kiosks")
    menu_order = 310
    add_to_admin_menu = True
    index_view_class = KioskIndexView
    copy_view_enabled = False
    list_display = [
        "name",
        "place",
        "orientation",
        StatusTagColumn(
            "state_label",
            label=_("State"),
            accessor="get_state_display",
            primary=lambda kiosk: kiosk.state() == Kiosk.State.ONLINE,
        ),
        DateColumn("last_seen_at", label=_("Last report")),
        Column("last_slide", label=_("Slide shown")),
    ]
    list_filter = ["orientation", "language"]
    search_fields = ["name", "place"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    KioskScreenPanel(heading=_("Screen state")),
                    MultiFieldPanel([FieldPanel("name"), FieldPanel("place")], heading=_("Screen")),
                    MultiFieldPanel(
                        [
                            FieldRowPanel([FieldPanel("orientation"), FieldPanel("language")]),
                            FieldPanel("seconds_per_slide"),
                        ],
                        heading=_("Display"),
                    ),
                    FieldPanel("campaigns", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Kiosk"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "opening_hours",
                        label=_("Opening hours"),
                        help_text=_(
                            "Outside these hours the screen shows a standby slide. None: always on."
                        ),
                    )
                ],
                heading=_("Opening hours"),
            ),
        ],
        base_form_class=KioskForm,
    )


register_snippet(KioskViewSet)


@hooks.register("register_admin_urls")
def register_kiosk_admin_urls():
    return [
        path("kiosk/pair/", PairScreenView.as_view(), name="kiosk_pair"),
        path(
            "kiosk/<int:pk>/regenerate-token/",
            RegenerateTokenView.as_view(),
            name="kiosk_regenerate_token",
        ),
        path("kiosk/<int:pk>/preview/", preview, name="kiosk_preview"),
    ]


class SilentKiosksPanel(Component):
    """Dashboard panel: the kiosks that stopped reporting (silent for more than 5 minutes)."""

    name = "silent_kiosks"
    template_name = "kiosk/admin/silent_kiosks_panel.html"
    order = 90  # above the moderation and recent-edits panels: a dark screen is urgent

    def __init__(self, kiosks):
        self.kiosks = kiosks

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["kiosks"] = self.kiosks
        return context


@hooks.register("construct_homepage_panels")
def add_silent_kiosks_panel(request, panels):
    if not can_view_kiosks(request.user):
        return
    silent = list(Kiosk.objects.silent().order_by("last_seen_at"))
    if silent:
        panels.append(SilentKiosksPanel(silent))
