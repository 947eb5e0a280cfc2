from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintHistoryConfig(AppConfig):
    name = "print_history"
    label = "print"
    verbose_name = _("Print (migration history)")
    default_auto_field = "django.db.models.BigAutoField"
