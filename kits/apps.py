from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitsConfig(AppConfig):
    name = "kits"
    label = "kits"
    verbose_name = _("Campaign kit: every channel's output at once")
    default_auto_field = "django.db.models.BigAutoField"
