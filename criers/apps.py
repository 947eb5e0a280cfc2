from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriersConfig(AppConfig):
    name = "criers"
    label = "criers"
    verbose_name = _("Street criers: announcement cards")
    default_auto_field = "django.db.models.BigAutoField"
