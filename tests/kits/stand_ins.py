"""Stand-in channels for the kit's plumbing tests: files and notes without rendering."""

from django.utils import translation

from crieur.outputs import LeftOut, Output
from kits.build import KitChannel


class Stand:
    """A channel module: hands over ``outputs`` and ``left_out``, or raises ``error``."""

    def __init__(self, outputs=(), left_out=(), error=None):
        self.outputs, self.left_out, self.error = list(outputs), list(left_out), error
        self.calls = []

    def kit_outputs(self, campaign, *, on=None, user=None):
        self.calls.append((campaign.pk, translation.get_language()))
        if self.error is not None:
            raise self.error
        return self.outputs, self.left_out


def channel(folder, module, label=None):
    return KitChannel(folder, label or folder.title(), module)


def quick_channels():
    """Two channels that make a file each, one of which leaves a testimonial out."""
    return (
        channel("posters", Stand([Output("posters/poster.pdf", b"%PDF-1.7 poster", "A poster")])),
        channel(
            "kiosk",
            Stand(
                [Output("kiosk/slides.pdf", b"%PDF-1.7 slides", "Slides")],
                [LeftOut("Mehdi et le covoiturage", "kiosk", "no kiosk consent")],
            ),
        ),
    )
