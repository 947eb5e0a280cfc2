from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimonialsConfig(AppConfig):
    name = "testimonials"
    label = "testimonials"
    verbose_name = _("Testimonials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from testimonials import signals  # models are loaded only now

        signals.connect()
