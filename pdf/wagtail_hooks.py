from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from .permissions import PrintMenuItem
from .views import RenderJobListView, RenderJobStatusView, render_job_download


@hooks.register("register_admin_urls")
def register_job_urls():
    return [
        path("print/jobs/", RenderJobListView.as_view(), name="print_jobs"),
        path("print/jobs/<int:pk>/", RenderJobStatusView.as_view(), name="print_job"),
        path("print/jobs/<int:pk>/download/", render_job_download, name="print_job_download"),
    ]


@hooks.register("register_admin_menu_item")
def register_print_jobs_menu_item():
    return PrintMenuItem(
        _("Print jobs"),
        reverse("print_jobs"),
        name="print-jobs",
        icon_name="doc-full",
        order=851,
    )
