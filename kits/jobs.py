"""The campaign kit as a background render job (see :mod:`pdf.jobs`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.models import CampaignPage
from pdf.jobs import RenderJobError, create_job
from pdf.models import RenderJob

from .build import kit_filename, make_campaign_kit

__all__ = ["again_url", "create_kit_job", "render_kit_job"]


def create_kit_job(campaign, *, user):
    """A job for the kit of ``campaign``, asked by ``user``."""
    parameters = {"page_id": campaign.pk, "title": campaign.title[:200]}
    return create_job(RenderJob.Kind.CAMPAIGN_KIT, parameters, user)


def render_kit_job(job, report):
    report(1, _("Preparing the kit"))
    campaign = (
        CampaignPage.objects.select_related("locale").filter(pk=job.parameters["page_id"]).first()
    )
    if campaign is None:
        raise RenderJobError(_("This campaign was deleted."))
    kit = make_campaign_kit(campaign, user=job.requested_by, report=report)
    if kit.channels and len(kit.not_made) == len(kit.channels):
        raise RenderJobError(
            _("No channel could be made: %(errors)s")
            % {"errors": "; ".join(f"{item.channel.label}: {item.error}" for item in kit.not_made)}
        )
    return kit_filename(campaign, kit.made_at), kit.archive


def again_url(job):
    return reverse("campaign_kit", args=[job.parameters["page_id"]])
