"""The posters of a campaign kit: the campaign's own poster, and one per item it promotes.

* the campaign poster in A3 print-ready (for the print shop) and A4 for a home
  printer: its slogan, its period and its upcoming events with their day,
  hour and place;
* an A4 poster (home printer) of each item of the campaign, in the campaign's
  language, that the gate lets through on the poster channel from today
  through the campaign's end date (posters stay up until then);
* a :class:`~crieur.outputs.LeftOut` note, in the campaign's language, for each
  item the gate refused (a testimonial without print consent for the whole
  period, a draft, a private page) and for the items past :data:`MAX_ITEM_POSTERS`.

Every QR code is the poster channel's short link of its page for this
campaign, so the campaign dashboard counts posters apart from other channels.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from crieur.channels import Channel
from crieur.outputs import LeftOut, Output

from .render import PosterRefused, gate_days, poster_pdf

__all__ = ["MAX_ITEM_POSTERS", "kit_outputs"]

#: Posters of items one kit makes at most (each takes about a second to lay out).
MAX_ITEM_POSTERS = 40

FOLDER = "posters"

#: What the campaign's two posters are, by size.
CAMPAIGN_POSTERS = {
    "a3": gettext_lazy(
        "Poster of the campaign “%(title)s”, A3, print-ready (3 mm bleed, crop marks)"
    ),
    "a4": gettext_lazy("Poster of the campaign “%(title)s”, A4, for a home printer"),
}


def _unique_name(name, taken):
    stem, dot, extension = name.rpartition(".")
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{stem}-{number}{dot}{extension}"
        number += 1
    taken.add(candidate)
    return candidate


def kit_outputs(campaign, *, on=None, user=None):
    """``(outputs, left_out)``: the campaign's posters and what the gate kept out of them."""
    campaign = campaign.specific
    on = on or timezone.localdate()
    first, last = gate_days(campaign, on)
    outputs, left_out, taken = [], [], set()
    language = campaign.locale.language_code
    with override(language):
        # The campaign's own poster, large for a print shop and small for a home printer.
        for size, print_ready in (("a3", True), ("a4", False)):
            try:
                pdf = poster_pdf(
                    campaign,
                    size=size,
                    print_ready=print_ready,
                    on=first,
                    through=last,
                    campaign=campaign,
                    user=user,
                )
            except PosterRefused as refused:
                left_out.append(refused.left_out)
                break
            description = CAMPAIGN_POSTERS[size] % {"title": campaign.title}
            name = f"{FOLDER}/{campaign.slug}-{size}{'-print-ready' if print_ready else ''}.pdf"
            outputs.append(Output(_unique_name(name, taken), pdf, description))

        shown, refused = campaign.channel_selection(Channel.POSTER, first, last)
        left_out.extend(refused)
        for page in shown[MAX_ITEM_POSTERS:]:
            left_out.append(
                LeftOut(
                    page.title,
                    Channel.POSTER.value,
                    _("a kit holds at most %(max)d item posters") % {"max": MAX_ITEM_POSTERS},
                )
            )
        for page in shown[:MAX_ITEM_POSTERS]:
            try:
                pdf = poster_pdf(
                    page, size="a4", on=first, through=last, campaign=campaign, user=user
                )
            except PosterRefused as refused:  # its consent changed meanwhile
                left_out.append(refused.left_out)
                continue
            outputs.append(
                Output(
                    _unique_name(f"{FOLDER}/{page.slug}-a4.pdf", taken),
                    pdf,
                    _("Poster of “%(title)s”, A4, for a home printer") % {"title": page.title},
                )
            )
    return outputs, [item for item in left_out if item is not None]
