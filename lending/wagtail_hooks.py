"""Lending requests in the admin: the listing and the answer form.

Staff with the app's permissions (``lending.view_lendingrequest`` to see,
``change`` to answer, ``delete`` to erase a record) find requests under
*Lending requests*, filtered by place, status and date. A request is not
edited: its edit page shows what the resident asked for and takes the answer
(accepted, declined or cancelled, with a message), which ``lending.booking``
applies under the resource's lock and e-mails to the resident. Answering
again with the same answer changes nothing and sends nothing; each answer is
logged in the request's history (``lending.accept``, ``lending.decline``,
``lending.cancel``). Requests are made by residents only: there is no "add".
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from places.models import PlacePage

from .booking import NotAllowed, decide
from .emails import notify_decision
from .models import LendingRequest, Status

#: The log action of each answer.
LOG_ACTIONS = {
    Status.ACCEPTED: ("lending.accept", _("Lending request accepted")),
    Status.DECLINED: ("lending.decline", _("Lending request declined")),
    Status.CANCELLED: ("lending.cancel", _("Lending request cancelled")),
}


@hooks.register("register_log_actions")
def register_lending_actions(actions):
    for action, label in LOG_ACTIONS.values():
        actions.register_action(action, label, label)


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, except "add": requests come from residents only."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])


register_permission_policy(LendingRequest, NoAddPermissionPolicy(LendingRequest), exact_class=True)


class RequestPanel(Panel):
    """What the resident asked for, read-only, above the answer."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lending/admin/request_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["lending_request"] = self.instance
            return context


class AnswerForm(WagtailAdminModelForm):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(status.value, status.label) for status in LOG_ACTIONS],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = LendingRequest
        fields = ["status", "staff_message"]
        help_texts = {
            "staff_message": _(
                "Sent to the resident with the answer: where to collect the key, "
                "why it is declined…"
            )
        }


class LendingRequestFilterSet(WagtailFilterSet):
    place = django_filters.ModelChoiceFilter(
        label=_("Place"), queryset=PlacePage.objects.order_by("title")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    starts_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = LendingRequest
        fields = ["place", "status", "starts_at"]


class LendingRequestIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("place")


class AnswerView(EditView):
    """Takes the answer and applies it with ``lending.booking.decide``."""

    def get_initial(self):
        initial = super().get_initial()
        if self.object.status == Status.PENDING:
            initial["status"] = ""
        return initial

    def save_instance(self):
        data = self.form.cleaned_data
        lending_request = LendingRequest.objects.get(pk=self.object.pk)
        try:
            changed = decide(
                lending_request,
                data["status"],
                message=data["staff_message"],
                user=self.request.user,
            )
        except NotAllowed:
            messages.warning(
                self.request,
                _("This request is already %(status)s: that answer can no longer be given.")
                % {"status": lending_request.get_status_display().lower()},
            )
            return lending_request
        if changed:
            action, _label = LOG_ACTIONS[Status(data["status"])]
            log(lending_request, action, user=self.request.user)
            transaction.on_commit(lambda: notify_decision(lending_request))
        else:
            messages.info(self.request, _("This answer was already given: nothing was sent."))
        return lending_request


class LendingRequestViewSet(ModelViewSet):
    model = LendingRequest
    icon = "calendar"
    menu_label = _("Lending requests")
    menu_order = 320
    add_to_admin_menu = True
    name = "lending_requests"
    index_view_class = LendingRequestIndexView
    edit_view_class = AnswerView
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = LendingRequestFilterSet
    search_fields = ["reference", "name", "email", "resource_name", "place_title"]
    list_display = [
        "reference",
        "place_title",
        "resource_name",
        DateColumn("starts_at", label=_("Starts")),
        DateColumn("ends_at", label=_("Ends")),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda item: item.status == Status.PENDING,
        ),
        Column("people", label=_("People")),
        DateColumn("created_at", label=_("Received")),
    ]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            RequestPanel(heading=_("The request")),
            FieldPanel("status"),
            FieldPanel("staff_message"),
        ],
        base_form_class=AnswerForm,
    )


@hooks.register("register_admin_viewset")
def register_lending_viewset():
    return LendingRequestViewSet()
