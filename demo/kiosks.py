"""Demo kiosks: the town hall's hall (landscape) and the library's entrance (portrait)."""

import datetime

from campaigns.models import CampaignPage
from kiosk.models import ALTERNATE, Kiosk, KioskOpeningHours

DEMO_CAMPAIGN = "semaine-du-partage"

KIOSKS = [
    {
        "name": "Hall de la mairie",
        "place": "Mairie de Val-des-Aulnes, hall d’accueil",
        "orientation": Kiosk.Orientation.LANDSCAPE,
        "language": "fr",
        "seconds_per_slide": 12,
        # The screen faces the square through the windows: on from early to late.
        "hours": [(day, (7, 0), (22, 0)) for day in range(6)],
    },
    {
        "name": "Entrée de la médiathèque",
        "place": "Médiathèque des Aulnes, entrée",
        "orientation": Kiosk.Orientation.PORTRAIT,
        "language": ALTERNATE,
        "seconds_per_slide": 15,
        "hours": [(day, (9, 0), (20, 0)) for day in range(1, 7)],
    },
]


def create_demo_kiosks(stdout=None):
    """Make the two demo kiosks showing the demo campaign; safe to run again.

    Returns the number of kiosks created.
    """
    campaign = CampaignPage.objects.filter(slug=DEMO_CAMPAIGN).order_by("pk").first()
    created = 0
    for data in KIOSKS:
        kiosk = Kiosk.objects.filter(name=data["name"]).first()
        if kiosk is not None:
            continue
        kiosk = Kiosk(
            name=data["name"],
            place=data["place"],
            orientation=data["orientation"],
            language=data["language"],
            seconds_per_slide=data["seconds_per_slide"],
        )
        kiosk.opening_hours = [
            KioskOpeningHours(
                weekday=day, opens=datetime.time(*opens), closes=datetime.time(*closes)
            )
            for day, opens, closes in data["hours"]
        ]
        if campaign is not None:
            kiosk.campaigns = [campaign]
        kiosk.save()
        created += 1
    if stdout is not None:
        stdout.write(f"Kiosks: {created} created, {Kiosk.objects.count()} in all.\n")
    return created
