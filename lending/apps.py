from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LendingConfig(AppConfig):
    name = "lending"
    label = "lending"
    verbose_name = _("Lending requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import booking  # noqa: F401  (registers the SQLite check)
