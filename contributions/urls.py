"""Translated paths: /fr/lieux/proposer/ and /en/places/propose/ (under i18n_patterns)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "contributions"

urlpatterns = [
    path(_("places/propose/"), views.propose, name="propose"),
    path(_("places/propose/thanks/<str:reference>/"), views.thanks, name="thanks"),
]
