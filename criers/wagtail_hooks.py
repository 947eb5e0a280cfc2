from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from campaigns.models import CampaignPage

from .views import CrierCardsView, can_make_cards, crier_cards_pdf


@hooks.register("register_admin_urls")
def register_crier_urls():
    return [
        path("criers/<int:page_id>/", CrierCardsView.as_view(), name="crier_cards"),
        path("criers/<int:page_id>/pdf/<str:layout>/", crier_cards_pdf, name="crier_cards_pdf"),
    ]


def _crier_buttons(page, user, priority):
    if page is None or page.pk is None:
        return []
    if not isinstance(page.specific_deferred, CampaignPage) or not can_make_cards(user, page):
        return []
    return [
        Button(
            _("Street criers"),
            reverse("crier_cards", args=[page.pk]),
            icon_name="comment",
            priority=priority,
        )
    ]


@hooks.register("register_page_header_buttons")
def crier_header_button(page, user, view_name=None, next_url=None):
    return _crier_buttons(page, user, priority=75)


@hooks.register("register_page_listing_more_buttons")
def crier_listing_button(page, user, next_url=None):
    return _crier_buttons(page, user, priority=55)
