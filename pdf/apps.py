from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdfConfig(AppConfig):
    name = "pdf"
    label = "pdf"
    verbose_name = _("PDF: rendering and background jobs")
    default_auto_field = "django.db.models.BigAutoField"
