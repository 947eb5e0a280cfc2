from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo commune (``manage.py load_demo``): above every other app, imported by none."""

    name = "demo"
    label = "demo"
    verbose_name = _("Demo content")
