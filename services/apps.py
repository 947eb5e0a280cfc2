from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    label = "services"
    verbose_name = _("Services and regulations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models exist only once the apps are ready.
        from crieur.signals import watch

        from .models import ServiceCategory

        # Category names show on service pages and listings: a change empties the caches.
        watch(ServiceCategory)
