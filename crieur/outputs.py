"""What a channel hands over when it makes files for a campaign: files, and what it left out.

Every channel that prints or exports (posters, the social kit, badges and
stickers, criers' cards, the kiosk preview, the bulletin) returns
:class:`Output` files and :class:`LeftOut` notes; the campaign kit puts the
files in one ZIP and lists the notes in its README. A note says, in words,
why the gate (``crieur.gate``) refused an item on that channel:
:meth:`LeftOut.refused` words ``crieur.gate.refusal``.
"""

from dataclasses import dataclass

from .gate import refusal, refusal_text

__all__ = ["LeftOut", "Output"]


@dataclass(frozen=True)
class Output:
    """A file a channel made: its path in a kit (``posters/velo-a3.pdf``), bytes, one line."""

    name: str
    content: bytes
    description: str = ""


@dataclass(frozen=True)
class LeftOut:
    """Something a channel did not put in its output, and why (in the active language)."""

    title: str
    channel: str  # a crieur.channels.Channel value
    reason: str

    @classmethod
    def refused(cls, page, channel, on=None, through=None):
        """The note for ``page``, refused by the gate on ``channel``; ``None`` if it passes."""
        found = refusal(page, channel, on, through)
        if found is None:
            return None
        code, day = found
        return cls(
            page.title, str(getattr(channel, "value", channel)), refusal_text(code, channel, day)
        )
