"""Staff views: pair a screen, regenerate a kiosk's token, preview what a kiosk shows."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import FormView, TemplateView

from wagtail.admin.panels import Panel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import Kiosk, PairingRequest
from .player import player_context, protect


def can_change_kiosks(user):
    return user.is_active and user.has_perm("kiosk.change_kiosk")


def can_view_kiosks(user):
    return user.is_active and (
        user.has_perm("kiosk.view_kiosk") or user.has_perm("kiosk.change_kiosk")
    )


def edit_url(kiosk):
    return reverse("wagtailsnippets_kiosk_kiosk:edit", args=[kiosk.pk])


class PairScreenForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown on the screen"),
        max_length=20,
        help_text=_("Open /kiosk/ on the new screen: it shows this code."),
    )
    kiosk = forms.ModelChoiceField(label=_("Kiosk"), queryset=Kiosk.objects.all())

    def clean_code(self):
        code = PairingRequest.normalise(self.cleaned_data["code"])
        self.pairing = PairingRequest.objects.pending().filter(code=code).first()
        if self.pairing is None:
            raise forms.ValidationError(
                _("No screen is waiting with this code. Check it, or reload /kiosk/ on the screen.")
            )
        return code


class ChangeKioskPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_change_kiosks(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PairScreenView(ChangeKioskPermissionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = PairScreenForm
    template_name = "kiosk/admin/pair.html"
    page_title = _("Pair a screen")
    header_icon = "desktop"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_kiosk_kiosk:list"), "label": _("Kiosks")},
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self):
        initial = super().get_initial()
        kiosk_id = self.request.GET.get("kiosk", "")
        if kiosk_id.isdigit():
            initial["kiosk"] = kiosk_id
        return initial

    def form_valid(self, form):
        kiosk = form.cleaned_data["kiosk"]
        pairing = form.pairing
        pairing.kiosk = kiosk
        pairing.paired_at = timezone.now()
        pairing.paired_by = self.request.user
        pairing.save(update_fields=["kiosk", "paired_at", "paired_by"])
        messages.success(
            self.request,
            _("The screen showing %(code)s now shows “%(kiosk)s”.")
            % {"code": pairing.display_code, "kiosk": kiosk},
        )
        return redirect(edit_url(kiosk))


class RegenerateTokenView(ChangeKioskPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "kiosk/admin/regenerate_token.html"
    page_title = _("Regenerate the secret token")
    header_icon = "key"

    def dispatch(self, request, pk):
        self.kiosk = get_object_or_404(Kiosk, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.kiosk)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_kiosk_kiosk:list"), "label": _("Kiosks")},
            {"url": edit_url(self.kiosk), "label": str(self.kiosk)},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(kiosk=self.kiosk, **kwargs)

    def post(self, request, pk):
        self.kiosk.regenerate_token()
        messages.success(
            request,
            _("“%(kiosk)s” has a new token: screens using the old one now show a pairing code.")
            % {"kiosk": self.kiosk},
        )
        return redirect(edit_url(self.kiosk))


@xframe_options_sameorigin
def preview(request, pk):
    """The player as the kiosk shows it now, with its current playlist (no heartbeat)."""
    if not can_view_kiosks(request.user):
        raise PermissionDenied
    kiosk = get_object_or_404(Kiosk, pk=pk)
    response = TemplateResponse(
        request, "kiosk/player.html", player_context(request, kiosk, preview=True)
    )
    return protect(response, frame_ancestors="'self'")


class KioskScreenPanel(Panel):
    """The kiosk's state, its URL and its actions, on its edit page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "kiosk/admin/screen_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            kiosk = self.instance
            context["kiosk"] = kiosk
            context["saved"] = bool(kiosk.pk)
            if kiosk.pk:
                user = self.request.user
                context.update(
                    state=kiosk.state(),
                    player_url=self.request.build_absolute_uri(
                        reverse("kiosk:player", args=[kiosk.token])
                    ),
                    pair_url=reverse("kiosk_pair") + f"?kiosk={kiosk.pk}",
                    regenerate_url=reverse("kiosk_regenerate_token", args=[kiosk.pk]),
                    preview_url=reverse("kiosk_preview", args=[kiosk.pk]),
                    can_change=can_change_kiosks(user),
                )
            return context
