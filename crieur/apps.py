from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrieurConfig(AppConfig):
    name = "crieur"
    label = "crieur"
    verbose_name = _("Crieur site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal receivers import models: only once the apps are ready.
        from crieur import exports, signals

        signals.connect()
        exports.protect_spreadsheet_exports()
