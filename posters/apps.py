from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostersConfig(AppConfig):
    name = "posters"
    label = "posters"
    verbose_name = _("Posters: A4 and A3 posters of any card or campaign")
    default_auto_field = "django.db.models.BigAutoField"
