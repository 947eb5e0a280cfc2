"""Sticker sheets as background render jobs (see :mod:`pdf.jobs`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from pdf.jobs import RenderJobError, create_job
from pdf.models import RenderJob

from .label_formats import UnknownFormat, get_format
from .models import StickerDesign
from .sheet import DesignCount, Placement, StickerSheetError, render_sticker_sheet

__all__ = ["MAX_SYNCHRONOUS_STICKERS", "create_sticker_job", "render_sticker_job"]

#: Sticker requests above this many stickers render in the background.
MAX_SYNCHRONOUS_STICKERS = 500


def create_sticker_job(
    items,
    *,
    geometry,
    start,
    unique_codes,
    outlines,
    offset,
    language,
    user,
    placement=Placement.OUTSIDE,
):
    """A job for the sticker sheet the form validated (``items``: ``DesignCount``)."""
    parameters = {
        "designs": [{"design": item.design.pk, "count": item.count} for item in items],
        "format": geometry.slug,
        "start": start,
        "codes": "sticker" if unique_codes else "design",
        "outlines": bool(outlines),
        "offset": [float(offset[0]), float(offset[1])],
        "language": language,
        "placement": str(placement),
    }
    return create_job(RenderJob.Kind.STICKER_SHEET, parameters, user)


def render_sticker_job(job, report):
    parameters = job.parameters
    report(1, _("Preparing the sheet"))
    rows = parameters["designs"]
    designs = StickerDesign.objects.select_related("locale").in_bulk(
        [row["design"] for row in rows]
    )
    if any(row["design"] not in designs for row in rows):
        raise RenderJobError(_("A sticker design of this request was deleted."))
    try:
        geometry = get_format(parameters["format"])
    except UnknownFormat:
        raise RenderJobError(_("Unknown label format.")) from None
    try:
        sheet = render_sticker_sheet(
            [DesignCount(designs[row["design"]], row["count"]) for row in rows],
            geometry=geometry,
            start=parameters["start"],
            unique_codes=parameters["codes"] == "sticker",
            outlines=parameters["outlines"],
            offset=tuple(parameters["offset"]),
            user=job.requested_by,
            language=parameters["language"],
            progress=report,
            placement=parameters.get("placement", Placement.OUTSIDE),  # older jobs: outside
        )
    except StickerSheetError as error:
        raise RenderJobError(error.message) from None
    return f"stickers-{geometry.slug}.pdf", sheet.pdf


def again_url(job):
    return reverse("print_sticker_sheet")
