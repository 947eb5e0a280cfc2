"""Render jobs: a sticker sheet or a bulletin PDF made by a background worker.

The work itself is a task of Django's tasks framework (``pdf.jobs``); this
row is what the admin shows (status, progress, error, the file when done) and
what makes the work survive a worker that dies: a running job holds a *lease*
(``heartbeat_at``, renewed while it runs); a job whose lease expired is queued
again or, after ``max attempts``, marked failed (``pdf.jobs.requeue_stale_jobs``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .storage import pdf_storage

__all__ = ["RenderJob"]


class RenderJob(models.Model):
    class Kind(models.TextChoices):
        STICKER_SHEET = "sticker-sheet", _("Sticker sheet")
        BULLETIN = "bulletin", _("Bulletin")
        CAMPAIGN_KIT = "campaign-kit", _("Campaign kit")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), storage=pdf_storage, upload_to="jobs/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    lease_token = models.CharField(_("lease token"), max_length=32, blank=True, editable=False)
    task_id = models.CharField(_("task id"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("render job")
        verbose_name_plural = _("render jobs")
        db_table = "print_renderjob"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["status", "queued_at"]),
            models.Index(fields=["requested_by", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self):
        return self.status == self.Status.DONE and bool(self.file)
