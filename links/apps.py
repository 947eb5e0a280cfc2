from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    name = "links"
    label = "links"
    verbose_name = _("QR short links")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal receivers import models: only once the apps are ready.
        from . import signals

        signals.connect()
