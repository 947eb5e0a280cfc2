"""Admin views of a campaign's street criers' cards: the list of announcements, the PDFs.

Every view requires the right to edit the campaign and to print
(``pdf.permissions.user_can_print``); URLs registered with
``register_admin_urls`` also require access to the Wagtail admin. The list
makes no short link and renders nothing; a download renders at most
``criers.cards.MAX_CARDS`` cards within the render time limit.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.models import CampaignPage
from crieur.channels import Channel
from pdf.permissions import user_can_print
from pdf.rendering import RenderTimeout

from .cards import MAX_CARDS, MAX_SECONDS, WORDS_PER_MINUTE, TooManyCards, build_cards
from .render import Layout, cards_filename, duration_text, render_cards

__all__ = ["CrierCardsView", "can_make_cards", "crier_cards_pdf"]


def can_make_cards(user, campaign):
    """Whether ``user`` may see and print ``campaign``'s criers' cards."""
    return user_can_print(user) and campaign.permissions_for_user(user).can_edit()


def get_campaign(request, page_id):
    campaign = get_object_or_404(CampaignPage.objects.select_related("locale"), pk=page_id)
    if not can_make_cards(request.user, campaign):
        raise PermissionDenied
    return campaign


class CrierCardsView(WagtailAdminTemplateMixin, TemplateView):
    """Each card's announcement against 45 seconds, what was left out, and the downloads."""

    template_name = "criers/admin/cards.html"
    header_icon = "comment"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.campaign = get_campaign(request, page_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Street criers: “%(title)s”") % {"title": self.campaign.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.campaign.pk]),
                "label": self.campaign.title,
            },
            {"url": "", "label": _("Street criers")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            cards = build_cards(self.campaign, links=False)
        except TooManyCards as error:
            cards, context["error"] = None, error.message
        rows = []
        for card in cards.cards if cards else []:
            rows.append(
                {
                    "card": card,
                    "duration": duration_text(card.seconds),
                    "percent": min(100, round(card.seconds * 100 / MAX_SECONDS)),
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[card.page.pk]),
                }
            )
        context.update(
            {
                "campaign": self.campaign,
                "cards": cards,
                "rows": rows,
                "too_long": cards.too_long if cards else [],
                "left_out": cards.left_out if cards else [],
                "max_seconds": MAX_SECONDS,
                "max_cards": MAX_CARDS,
                "words_per_minute": WORDS_PER_MINUTE,
                "not_on_channel": Channel.CRIER.value not in (self.campaign.channels or []),
                "has_draft": self.campaign.has_unpublished_changes,
                "downloads": [
                    (
                        layout.label,
                        reverse("crier_cards_pdf", args=[self.campaign.pk, layout.value]),
                    )
                    for layout in Layout
                ],
            }
        )
        return context


def crier_cards_pdf(request, page_id, layout):
    """The cards as a PDF download (``layout``: ``a6`` or ``a4``)."""
    campaign = get_campaign(request, page_id)
    if layout not in Layout.values:
        raise Http404
    try:
        cards = build_cards(campaign, user=request.user)
        pdf = render_cards(cards, layout)
    except (TooManyCards, RenderTimeout) as error:
        messages.error(request, error.message)
        return redirect("crier_cards", campaign.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cards_filename(cards, layout)}"'
    response["Cache-Control"] = "private, no-store"
    return response
