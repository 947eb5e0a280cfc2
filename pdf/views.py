"""Admin views of the background render jobs: list, status page, download.

Only users who may print (``crieur.print_material``) see jobs, and only their
own ones; superusers see everyone's. The file is served from private storage
through :func:`render_job_download`, never from a public URL.
"""

import mimetypes

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .jobs import job_kind, requeue_stale_jobs
from .models import RenderJob
from .permissions import PrintPermissionMixin, user_can_print

#: Seconds between two reloads of a page that shows a queued or running job.
REFRESH_SECONDS = 2
#: Jobs listed on the jobs page.
LIST_LIMIT = 50


def visible_jobs(user):
    jobs = RenderJob.objects.select_related("requested_by")
    if user.is_superuser:
        return jobs
    return jobs.filter(requested_by=user)


def get_job(request, pk):
    """The job ``pk`` if ``request.user`` may see it (a printer's own job, or a superuser)."""
    if not user_can_print(request.user):
        raise PermissionDenied
    job = get_object_or_404(RenderJob.objects.select_related("requested_by"), pk=pk)
    if not (request.user.is_superuser or job.requested_by_id == request.user.pk):
        raise PermissionDenied
    return job


class RenderJobListView(PrintPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "pdf/jobs/list.html"
    page_title = _("Print jobs")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        requeue_stale_jobs()
        context = super().get_context_data(**kwargs)
        jobs = list(visible_jobs(self.request.user)[:LIST_LIMIT])
        context.update(
            {
                "jobs": jobs,
                "show_owner": self.request.user.is_superuser,
                "max_synchronous": _background_above(RenderJob.Kind.STICKER_SHEET),
                "refresh_seconds": REFRESH_SECONDS if any(job.is_active for job in jobs) else None,
            }
        )
        return context


class RenderJobStatusView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "pdf/jobs/status.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, *args, **kwargs):
        self.job = get_job(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("%(kind)s, job %(number)d") % {
            "kind": self.job.get_kind_display(),
            "number": self.job.pk,
        }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("print_jobs"), "label": _("Print jobs")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        if self.job.is_active:  # a cheap query; takes over the job if its worker died
            requeue_stale_jobs()
            self.job.refresh_from_db()
        context = super().get_context_data(**kwargs)
        job = self.job
        context.update(
            {
                "job": job,
                "refresh_seconds": REFRESH_SECONDS if job.is_active else None,
                "download_url": reverse("print_job_download", args=[job.pk]) if job.is_done else "",
                "download_is_pdf": (job.filename or ".pdf").lower().endswith(".pdf"),
                "again_url": _again_url(job),
            }
        )
        return context


def _background_above(kind):
    registered = job_kind(kind)
    return registered.background_above if registered else None


def _again_url(job):
    """Where to ask for the same thing again after a failure (its channel says)."""
    registered = job_kind(job.kind)
    return registered.again_url(job) if registered else ""


def render_job_download(request, pk):
    job = get_job(request, pk)
    if not job.is_done or not job.file.storage.exists(job.file.name):
        return redirect("print_job", job.pk)  # not ready (or gone): the status page says why
    filename = job.filename or "render.pdf"
    response = FileResponse(
        job.file.open("rb"),
        content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
        as_attachment=True,
        filename=filename,
    )
    response["Cache-Control"] = "private, no-store"
    return response
