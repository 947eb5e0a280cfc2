from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from campaigns.models import CampaignPage
from crieur.admin_buttons import page_button

from .views import CrierCardsView, can_make_cards, crier_cards_pdf


@hooks.register("register_admin_urls")
def register_crier_urls():
    return [
        path("criers/<int:page_id>/", CrierCardsView.as_view(), name="crier_cards"),
        path("criers/<int:page_id>/pdf/<str:layout>/", crier_cards_pdf, name="crier_cards_pdf"),
    ]


crier_header_button, crier_listing_button = page_button(
    _("Street criers"),
    "crier_cards",
    icon_name="comment",
    shown=lambda page, user: (
        isinstance(page.specific_deferred, CampaignPage) and can_make_cards(user, page)
    ),
    priority=75,
    listing_priority=55,
)
