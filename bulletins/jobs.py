"""Bulletin PDFs as background render jobs (see :mod:`pdf.jobs`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Page

from pdf.jobs import RenderJobError, create_job
from pdf.models import RenderJob

from .models import BulletinPage
from .render import BulletinTooLarge, OutputKind, edition_version, get_or_render, pdf_filename

__all__ = ["create_bulletin_job", "render_bulletin_job"]


def create_bulletin_job(page, kind, *, user):
    """A job for the PDF (``kind``: ``OutputKind``) of the latest revision of ``page``."""
    parameters = {
        "page_id": page.pk,
        "kind": str(kind),
        "draft": True,
        "title": page.title,
    }
    return create_job(RenderJob.Kind.BULLETIN, parameters, user)


def render_bulletin_job(job, report):
    parameters = job.parameters
    report(1, _("Preparing the edition"))
    page = Page.objects.filter(pk=parameters["page_id"]).first()
    if page is None or page.specific_class is not BulletinPage:
        raise RenderJobError(_("This edition was deleted."))
    kind = OutputKind(parameters["kind"])
    edition, revision_id = edition_version(page.specific, draft=parameters.get("draft", True))
    report(10, _("Laying out the edition"))
    try:
        row, _rendered = get_or_render(edition, kind, revision_id=revision_id)
    except BulletinTooLarge as error:
        raise RenderJobError(error.message) from None
    with row.file.open("rb") as stored:
        content = stored.read()
    return pdf_filename(edition, kind), content


def again_url(job):
    return reverse("print_bulletin", args=[job.parameters["page_id"]])
