from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StickersConfig(AppConfig):
    name = "stickers"
    label = "stickers"
    verbose_name = _("Stickers: label formats, designs and sheets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # apps.py is imported before any model exists: the job code only once apps are ready.
        from pdf.jobs import register_kind
        from pdf.models import RenderJob

        from .jobs import MAX_SYNCHRONOUS_STICKERS, again_url, render_sticker_job

        register_kind(
            RenderJob.Kind.STICKER_SHEET,
            render_sticker_job,
            again_url=again_url,
            background_above=MAX_SYNCHRONOUS_STICKERS,
        )
