"""Demo short links: one per channel for each campaign and each page it promotes."""

from wagtail.models import Locale

from campaigns.models import CampaignPage
from crieur.channels import Channel
from links.models import ShortLink


def _campaigns():
    """Live campaigns, one per translation group (the default language's when it exists)."""
    default_locale_id = Locale.get_default().pk
    chosen = {}
    for campaign in CampaignPage.objects.live().order_by("pk"):
        current = chosen.get(campaign.translation_key)
        if current is None or (
            campaign.locale_id == default_locale_id and current.locale_id != default_locale_id
        ):
            chosen[campaign.translation_key] = campaign
    return list(chosen.values())


def create_demo_links(stdout=None):
    """Make (or reuse) the links of every live campaign; safe to run again.

    For each campaign, one link per channel it runs on, for the campaign page
    itself and each page of its selection. A link follows its page into the
    visitor's language, so translations of a campaign share its links.
    Returns the number of links created.
    """
    before = ShortLink.objects.count()
    for campaign in _campaigns():
        channels = [value for value in campaign.channels or [] if value in Channel.values]
        pages = [campaign, *campaign.selected_pages()]
        for page in pages:
            for channel in channels:
                ShortLink.objects.get_or_create_for(
                    page,
                    channel,
                    campaign=campaign,
                    label=f"{campaign.title} · {Channel(channel).label}",
                )
    created = ShortLink.objects.count() - before
    if stdout is not None:
        stdout.write(f"Short links: {created} created, {ShortLink.objects.count()} in all.\n")
    return created
