"""The resident's request page, under the language prefix (``crieur/urls.py``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "lending"

urlpatterns = [
    path(_("places/<slug:slug>/borrow/"), views.request_form, name="request"),
    path(_("places/request/<uuid:token>/"), views.confirmation, name="confirmation"),
]
