"""One short link per channel for a campaign and each piece of content it selects.

When a campaign is published, the campaign page and each page it selects get
one link per channel the campaign runs on (``ShortLink.objects.get_or_create_for``
semantics: made once, reused after), so every QR code printed or shown for
the campaign can be attributed to its channel.

Links follow their page into the visitor's language, so the translations of a
campaign share the links of its source: the campaign in the default language
when it is live (the kiosk playlists and the demo loader make the same choice).
"""

from django.conf import settings
from django.db.models import Q
from django.utils.text import Truncator

from crieur.channels import Channel
from links.models import ShortLink

from .models import CampaignPage

__all__ = ["campaign_group_ids", "channel_link", "ensure_campaign_links", "source_campaign"]


def source_campaign(campaign):
    """The translation of ``campaign`` that owns its links."""
    if campaign.locale.language_code == settings.LANGUAGE_CODE:
        return campaign
    source = (
        CampaignPage.objects.live()
        .filter(
            translation_key=campaign.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .first()
    )
    return source or campaign


def campaign_group_ids(campaign):
    """Ids of every translation of ``campaign`` (links may point at any of them)."""
    return list(
        CampaignPage.objects.filter(translation_key=campaign.translation_key).values_list(
            "pk", flat=True
        )
    )


def link_label(campaign, channel):
    """ "<campaign title> · <channel>", cut to fit the label's column (a title may be 255 long)."""
    suffix = f" · {Channel(channel).label}"
    room = ShortLink._meta.get_field("label").max_length - len(suffix)
    return Truncator(campaign.title).chars(room) + suffix


def ensure_campaign_links(campaign, user=None):
    """Make the missing links of ``campaign`` (one per page and channel); returns them new.

    A testimonial gets a link only on the channels its author consents to today.
    Existing links are found in one query; only missing ones are made.
    """
    campaign = source_campaign(campaign)
    channels = [value for value in campaign.channels or [] if value in Channel.values]
    if not channels:
        return []
    wanted = []
    for channel in channels:
        pages = [campaign, *campaign.selected_pages(Channel(channel))]
        wanted.extend((page, channel) for page in pages)
    existing = set(
        ShortLink.objects.active()
        .filter(campaign=campaign, channel__in=channels)
        .filter(Q(page_id__in={page.pk for page, _channel in wanted}))
        .values_list("page_id", "channel")
    )
    created = []
    for page, channel in wanted:
        if (page.pk, channel) in existing:
            continue
        existing.add((page.pk, channel))
        created.append(
            ShortLink.objects.create_unique(
                page, channel, campaign=campaign, label=link_label(campaign, channel), user=user
            )
        )
    return created


def channel_link(page, channel, campaign=None, user=None):
    """The short link ``channel`` prints or shows for ``page`` (within ``campaign``).

    One link per page, channel and campaign, whoever asks (publishing the
    campaign, a poster, the social kit, a crier's card): within a campaign,
    the link its publication made is reused whatever staff relabelled it, and
    translations share their source campaign's links. Outside a campaign, the
    page has one link per channel. Links for a kiosk or a sticker design are
    their own (they count per screen or design) and are never returned here.
    """
    channel = Channel(channel)
    if campaign is not None:
        campaign = source_campaign(campaign)
    existing = (
        ShortLink.objects.active()
        .filter(page=page, channel=channel, campaign=campaign, kiosk=None, sticker_design=None)
        .order_by("created_at", "pk")
        .first()
    )
    if existing is not None:
        return existing
    label = link_label(campaign, channel) if campaign is not None else str(channel.label)
    return ShortLink.objects.create_unique(page, channel, campaign=campaign, label=label, user=user)
