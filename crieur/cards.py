"""The channel-neutral card every content page exposes.

Listings on the website use cards today; kiosk slides, bulletin articles,
sticker designs and social previews are built from the same cards, so no
channel ever reaches into another channel's code.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Card:
    kind: str  # "service", "regulation", "testimonial", "campaign", "page"
    title: str
    teaser: str
    url: str
    locale: str
    pictogram: str = ""  # a Lucide icon name
    pictogram_image: Any = None  # a Wagtail image, used instead of the icon when set
    image: Any = None  # a Wagtail image
    quote: str = ""
    attribution: str = ""
    page: Any = None

    @property
    def image_alt(self):
        """Alternative text of the card's image (the image's own description)."""
        image = self.image
        if image is None:
            return ""
        return getattr(image, "default_alt_text", "") or image.title
