from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskConfig(AppConfig):
    name = "kiosk"
    label = "kiosk"
    verbose_name = _("Kiosk screens")
    default_auto_field = "django.db.models.BigAutoField"
