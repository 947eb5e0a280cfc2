from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    label = "contributions"
    verbose_name = _("Residents' contributions")
    default_auto_field = "django.db.models.BigAutoField"
