"""Staff views of the moderation queue: accept, merge, decline a contribution.

Who may act: a user with the app's ``change_placecontribution`` permission;
accepting also needs the right to add a page under the map of places of the
contribution's language, merging the right to edit the chosen place (Wagtail's
page permissions). Anyone else gets a 403; anonymous users go to the login.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.panels import Panel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from places.models import PlacePage

from . import moderation
from .models import PlaceContribution

__all__ = [
    "AcceptView",
    "DeclineView",
    "MergeView",
    "ModerationPanel",
    "can_accept",
    "can_merge",
    "can_moderate",
    "can_view",
    "edit_url",
    "list_url",
]


def can_view(user):
    return user.is_active and any(
        user.has_perm(f"contributions.{action}_placecontribution")
        for action in ("view", "change", "delete")
    )


def can_moderate(user):
    return user.is_active and user.has_perm("contributions.change_placecontribution")


def can_accept(user, contribution):
    if not can_moderate(user):
        return False
    index = moderation.place_index_for(contribution.locale)
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def can_merge(user, place=None):
    if not can_moderate(user):
        return False
    return place is None or place.permissions_for_user(user).can_edit()


def edit_url(contribution):
    return reverse("wagtailsnippets_contributions_placecontribution:edit", args=[contribution.pk])


def list_url():
    return reverse("wagtailsnippets_contributions_placecontribution:list")


class AcceptForm(forms.Form):
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("A place needs its coordinates: check them, or find them from the address."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )


class MergeForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Place to merge it into"),
        queryset=PlacePage.objects.none(),
        help_text=_(
            "Its proposed values go into a new draft of this place: publish it to show them."
        ),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "E-mailed to the contributor if they left an address and agreed, in their language: "
            "write it in that language."
        ),
    )


class ContributionActionView(WagtailAdminTemplateMixin, FormView):
    header_icon = "comment"
    template_name = "contributions/admin/action.html"
    submit_label = ""

    def dispatch(self, request, pk):
        self.contribution = get_object_or_404(
            PlaceContribution.objects.select_related("locale", "place"), pk=pk
        )
        if not can_moderate(request.user):
            raise PermissionDenied
        if not self.contribution.is_pending:
            messages.warning(request, str(moderation.AlreadyDecided(self.contribution)))
            return redirect(self.done_url())
        self.check_permission()
        return super().dispatch(request, pk)

    def check_permission(self):
        pass

    def done_url(self):
        place = self.contribution.result_place
        if place is not None:
            return reverse("wagtailadmin_pages:edit", args=[place.pk])
        return edit_url(self.contribution)

    def get_page_subtitle(self):
        return str(self.contribution)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": list_url(), "label": _("Contributions")},
            {"url": edit_url(self.contribution), "label": str(self.contribution)},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contribution=self.contribution, submit_label=self.submit_label, **kwargs
        )

    def form_valid(self, form):
        try:
            target = self.act(form)
        except moderation.AlreadyDecided as error:
            messages.warning(self.request, str(error))
            self.contribution = error.contribution
            return redirect(self.done_url())
        except moderation.ModerationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return redirect(target)


class AcceptView(ContributionActionView):
    page_title = _("Accept as a new draft place")
    form_class = AcceptForm
    submit_label = _("Make a draft place")

    def check_permission(self):
        if not can_accept(self.request.user, self.contribution):
            raise PermissionDenied

    def get_initial(self):
        return {"latitude": self.contribution.latitude, "longitude": self.contribution.longitude}

    def act(self, form):
        page = moderation.accept(
            self.contribution,
            self.request.user,
            latitude=form.cleaned_data["latitude"],
            longitude=form.cleaned_data["longitude"],
        )
        messages.success(
            self.request,
            _("“%(title)s” is a draft place: check it, then publish it to put it on the map.")
            % {"title": page.title},
        )
        return reverse("wagtailadmin_pages:edit", args=[page.pk])


class MergeView(ContributionActionView):
    page_title = _("Merge into an existing place")
    form_class = MergeForm
    submit_label = _("Merge into a new draft of this place")

    def check_permission(self):
        if not can_merge(self.request.user):
            raise PermissionDenied

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["place"].queryset = PlacePage.objects.order_by("title")
        return form

    def get_initial(self):
        return {"place": self.contribution.place}

    def act(self, form):
        place = form.cleaned_data["place"]
        if not can_merge(self.request.user, place):
            raise PermissionDenied
        moderation.merge(self.contribution, place, self.request.user)
        messages.success(
            self.request,
            _("A new draft of “%(title)s” holds the proposal: publish it to show it.")
            % {"title": place.title},
        )
        return reverse("wagtailadmin_pages:edit", args=[place.pk])


class DeclineView(ContributionActionView):
    page_title = _("Decline")
    form_class = DeclineForm
    submit_label = _("Decline")

    def act(self, form):
        contribution = moderation.decline(
            self.contribution, self.request.user, form.cleaned_data["reason"]
        )
        if contribution.may_contact:
            messages.success(
                self.request, _("Declined; the reason was e-mailed to the contributor.")
            )
        else:
            messages.success(
                self.request, _("Declined (the contributor left no address to write to).")
            )
        return list_url()


class ModerationPanel(Panel):
    """On a contribution's edit page: its state, the contributor, the place, the actions."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "contributions/admin/moderation_panel.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            contribution = self.instance
            user = self.request.user
            context.update(
                contribution=contribution,
                can_accept=contribution.is_pending
                and contribution.kind == PlaceContribution.Kind.NEW
                and can_accept(user, contribution),
                can_merge=contribution.is_pending and can_merge(user),
                can_decline=contribution.is_pending and can_moderate(user),
            )
            return context
