"""The kiosk's part of a campaign kit: what a kiosk showing the campaign plays.

The slides come from the playlist's own builder (``kiosk.playlist.campaign_slides``:
the campaign's cards through the gate on the kiosk channel, its upcoming
events, its shared kiosk QR codes), on the day the kit is made, or on the
campaign's first day when it has not begun. The kit holds them twice: as a
PDF of 1920 × 1080 pages, one slide a page, for staff to check before a
screen plays them, and as the playlist JSON a player reads. What the gate
refused on the kiosk channel, and events already over, are listed as left out.
"""

import json

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from crieur.cards import upcoming_from
from crieur.channels import Channel
from crieur.outputs import LeftOut, Output
from pdf.print_style import print_style
from pdf.rendering import render_pdf

from .playlist import branding, campaign_slides, labels

__all__ = ["kit_outputs", "preview_moment"]

#: The folder of the kiosk's files in a kit.
FOLDER = "kiosk"
PDF_VARIANT = "pdf/ua-1"


def preview_moment(campaign, on=None):
    """When the preview is taken: now (or ``on``), or the first day of a campaign to come."""
    return upcoming_from(max(on or timezone.localdate(), campaign.start_date))


def _left_out(campaign, slides, moment):
    channel = Channel.KIOSK
    day = timezone.localdate(moment)
    if not slides:  # the campaign itself did not pass the gate on the kiosk channel
        note = LeftOut.refused(campaign, channel, day)
        return [note] if note else []
    _shown, notes = campaign.channel_selection(channel, on=day)
    notes.extend(
        LeftOut(event.name, channel.value, _("the event is over"))
        for event in campaign.card.events
        if not event.upcoming(moment)
    )
    return notes


def slides_pdf(campaign, slides, moment):
    """The slides as a PDF, one 1920 × 1080 page each (WeasyPrint, the project's fetcher)."""
    language = campaign.locale.language_code
    html = render_to_string(
        "kiosk/kit/slides.html",
        {
            **print_style(campaign),
            "language": language,
            "campaign": campaign,
            "slides": slides,
            "labels": labels(language),
            "theme": branding(),
            "moment": date_format(timezone.localtime(moment), "DATETIME_FORMAT"),
        },
    )
    return render_pdf(html, pdf_variant=PDF_VARIANT)


def kit_outputs(campaign, *, on=None, user=None):
    """The kiosk preview of ``campaign``: a PDF of its slides and the playlist JSON."""
    language = campaign.locale.language_code
    with override(language):
        moment = preview_moment(campaign, on)
        slides = campaign_slides(campaign, moment)
        left_out = _left_out(campaign, slides, moment)
        if not slides:
            return [], left_out
        playlist = {
            "campaign": campaign.title,
            "language": language,
            "at": moment.isoformat(),
            "theme": branding(),
            "labels": labels(language),
            "slides": slides,
        }
        day = date_format(timezone.localtime(moment), "j F Y")
        count = ngettext("%(count)d slide", "%(count)d slides", len(slides)) % {
            "count": len(slides)
        }
        outputs = [
            Output(
                f"{FOLDER}/kiosk-{campaign.slug}-{language}.pdf",
                slides_pdf(campaign, slides, moment),
                _(
                    "Kiosk preview: what a screen showing the campaign plays on %(day)s, "
                    "%(count)s, one 1920 × 1080 page each, with the kiosk channel's QR codes."
                )
                % {"day": day, "count": count},
            ),
            Output(
                f"{FOLDER}/playlist-{campaign.slug}-{language}.json",
                json.dumps(playlist, ensure_ascii=False, indent=1).encode(),
                _("The same slides as the playlist a kiosk player reads (JSON)."),
            ),
        ]
    return outputs, left_out
