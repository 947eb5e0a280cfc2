"""The street criers' part of the campaign kit: the cards, the script, and what was left out.

    outputs, left_out = kit_outputs(campaign)

``criers/cards-<lang>.pdf`` (A6, one card a page) and ``criers/script-<lang>.txt``
(the announcements in order, with reading times and events), in the campaign's
language; every item the gate refused on the crier channel from today through
the campaign's end date is a :class:`crieur.outputs.LeftOut`, in no file.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from crieur.outputs import Output

from .cards import MAX_SECONDS, build_cards
from .render import Layout, render_cards, script_filename, script_text

__all__ = ["FOLDER", "kit_outputs"]

#: The kit's folder for this channel.
FOLDER = "criers"


def kit_outputs(campaign, *, on=None, user=None):
    """``(outputs, left_out)`` of the criers' channel for ``campaign``.

    ``on`` is the first day the material is used (today by default); short
    links are made by ``user``. Raises ``criers.cards.TooManyCards`` and
    ``pdf.rendering.RenderTimeout`` as the cards do.
    """
    cards = build_cards(campaign, on=on, user=user)
    language = cards.language
    with override(language):
        too_long = cards.too_long
        description = ngettext(
            "Street criers' cards: %(count)d A6 card to read aloud, one a page.",
            "Street criers' cards: %(count)d A6 cards to read aloud, one a page.",
            len(cards.cards),
        ) % {"count": len(cards.cards)}
        if too_long:
            description += " " + _("Over %(max)d seconds, to shorten: %(titles)s.") % {
                "max": MAX_SECONDS,
                "titles": ", ".join(card.title for card in too_long),
            }
        outputs = []
        if cards.cards:
            outputs.append(
                Output(
                    f"{FOLDER}/cards-{language}.pdf",
                    render_cards(cards, Layout.A6),
                    description,
                )
            )
        outputs.append(
            Output(
                f"{FOLDER}/{script_filename(language)}",
                script_text(cards).encode("utf-8"),
                _("The criers' script: each announcement with its reading time and events."),
            )
        )
    return outputs, list(cards.left_out)
