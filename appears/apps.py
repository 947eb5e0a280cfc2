from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppearsConfig(AppConfig):
    name = "appears"
    label = "appears"
    verbose_name = _("Where it appears: every channel carrying a page")
    default_auto_field = "django.db.models.BigAutoField"
