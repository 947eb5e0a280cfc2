"""Publishing a campaign makes its short links (one per page and channel)."""

from wagtail.signals import page_published

from .attribution import ensure_campaign_links
from .models import CampaignPage


def campaign_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, CampaignPage):
        return
    user = getattr(revision, "user", None) if revision is not None else None
    ensure_campaign_links(instance, user=user)


def connect():
    page_published.connect(
        campaign_published, sender=CampaignPage, dispatch_uid="campaigns.links_on_publish"
    )
