from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintConfig(AppConfig):
    name = "print"
    label = "print"
    verbose_name = _("Print: bulletins and sticker sheets")
    default_auto_field = "django.db.models.BigAutoField"
