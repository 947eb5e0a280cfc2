from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "bulletins"
    label = "bulletins"
    verbose_name = _("Bulletins")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # apps.py is imported before any model exists: the job code only once apps are ready.
        from pdf.jobs import register_kind
        from pdf.models import RenderJob

        from .jobs import again_url, render_bulletin_job

        register_kind(RenderJob.Kind.BULLETIN, render_bulletin_job, again_url=again_url)
