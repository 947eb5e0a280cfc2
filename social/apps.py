from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "social"
    label = "social"
    verbose_name = _("Social media kit: images and post texts")
    default_auto_field = "django.db.models.BigAutoField"
