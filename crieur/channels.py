"""The channels content is published on, and the consent channels of testimonials.

A campaign runs on *publication channels*; a testimonial's author consents to
*consent channels*. Each publication channel needs consent for one of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    BULLETIN = "bulletin", _("Bulletin")
    KIOSK = "kiosk", _("Kiosk")
    STICKER = "sticker", _("Sticker")
    POSTER = "poster", _("Poster")
    SOCIAL = "social", _("Social media")
    BADGE = "badge", _("Badge")
    CRIER = "crier", _("Street crier")
    OTHER = "other", _("Other")


class ConsentChannel(models.TextChoices):
    WEB = "web", _("Website")
    PRINT = "print", _("Print")
    KIOSK = "kiosk", _("Kiosk")
    SOCIAL = "social", _("Social media")


CONSENT_NEEDED = {
    Channel.WEBSITE: ConsentChannel.WEB,
    Channel.BULLETIN: ConsentChannel.PRINT,
    Channel.POSTER: ConsentChannel.PRINT,
    Channel.STICKER: ConsentChannel.PRINT,
    Channel.KIOSK: ConsentChannel.KIOSK,
    Channel.SOCIAL: ConsentChannel.SOCIAL,
    # A badge is printed; a crier reads aloud in the street and hands out a printed
    # flyer: both are print, in public, as a poster is.
    Channel.BADGE: ConsentChannel.PRINT,
    Channel.CRIER: ConsentChannel.PRINT,
    Channel.OTHER: ConsentChannel.PRINT,
}
