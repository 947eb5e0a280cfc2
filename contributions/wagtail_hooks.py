from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import (
    AcceptView,
    DeclineView,
    MergeView,
    ModerationPanel,
    can_accept,
    can_merge,
    can_moderate,
)
from .models import PlaceContribution


class ContributionViewSet(SnippetViewSet):
    """The moderation queue: contributions by status, pending ones first in the menu."""

    model = PlaceContribution
    icon = "comment"
    menu_label = _("Contributions")
    menu_name = "contributions"
    menu_order = 320
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        Column("reference", label=_("Reference")),
        Column("summary", label=_("Place"), accessor="summary"),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda contribution: contribution.is_pending,
        ),
        Column("locale", label=_("Language")),
        DateColumn("created_at", label=_("Received")),
    ]
    list_filter = ["status", "kind", "locale"]
    panels = [
        ModerationPanel(heading=_("Moderation")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("locale")]),
                PageChooserPanel("place", "places.PlacePage"),
                FieldPanel("found_on_walk"),
            ],
            heading=_("Contribution"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("place_kind"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("to_borrow"),
                FieldPanel("opening_hours"),
                FieldPanel("accessibility_notes"),
                FieldPanel("description"),
            ],
            heading=_("What was proposed (you may correct it before accepting)"),
        ),
    ]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("list")) + "?status=pending"

    @cached_property
    def menu_item_class(self):
        base = super().menu_item_class

        def render_component(item, request):
            pending = PlaceContribution.objects.pending().count()
            label = f"{item.label} ({pending})" if pending else item.label
            return LinkMenuItemComponent(
                item.name,
                label,
                item.url,
                icon_name=item.icon_name,
                classname=item.classname,
                attrs=item.attrs,
            )

        return type("ContributionsMenuItem", (base,), {"render_component": render_component})


register_snippet(ContributionViewSet)


@hooks.register("register_admin_urls")
def register_contribution_admin_urls():
    return [
        path("contributions/<int:pk>/accept/", AcceptView.as_view(), name="contributions_accept"),
        path("contributions/<int:pk>/merge/", MergeView.as_view(), name="contributions_merge"),
        path(
            "contributions/<int:pk>/decline/", DeclineView.as_view(), name="contributions_decline"
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def contribution_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, PlaceContribution) or not snippet.is_pending:
        return []
    buttons = []
    if snippet.kind == PlaceContribution.Kind.NEW and can_accept(user, snippet):
        buttons.append(
            Button(
                _("Accept"),
                reverse("contributions_accept", args=[snippet.pk]),
                icon_name="check",
                priority=10,
            )
        )
    if can_merge(user):
        buttons.append(
            Button(
                _("Merge"),
                reverse("contributions_merge", args=[snippet.pk]),
                icon_name="resubmit",
                priority=20,
            )
        )
    if can_moderate(user):
        buttons.append(
            Button(
                _("Decline"),
                reverse("contributions_decline", args=[snippet.pk]),
                icon_name="cross",
                priority=30,
            )
        )
    return buttons


@hooks.register("register_log_actions")
def register_contribution_log_actions(actions):
    actions.register_action(
        "contributions.accept", _("Accept"), _("Accepted: a draft place was made")
    )
    actions.register_action(
        "contributions.merge", _("Merge"), _("Merged into a new draft of a place")
    )
    actions.register_action("contributions.decline", _("Decline"), _("Declined"))
