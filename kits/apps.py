from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitsConfig(AppConfig):
    name = "kits"
    label = "kits"
    verbose_name = _("Campaign kit: every channel's output at once")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # apps.py is imported before any model exists: the job code only once apps are ready.
        from pdf.jobs import register_kind
        from pdf.models import RenderJob

        from .jobs import again_url, render_kit_job

        register_kind(RenderJob.Kind.CAMPAIGN_KIT, render_kit_job, again_url=again_url)
