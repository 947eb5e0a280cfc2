from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    label = "places"
    verbose_name = _("Shared places and equipment")
    default_auto_field = "django.db.models.BigAutoField"
