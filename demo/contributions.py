"""The demo's moderation queue: one pending proposal of a new place, one pending correction.

Run after the demo places exist (``create_demo_contributions(stdout)``). Each
contribution is found by its fixed reference, so running it again makes
nothing twice. The new place is proposed in French (a book box found on an
urban walk when the demo has one); the correction is of the first live French
place, in alphabetical order. Without a live French place, nothing is made.
"""

from decimal import Decimal

from wagtail.models import Locale

from contributions.models import PlaceContribution
from crieur.channels import Channel
from places.models import PlacePage

__all__ = ["DEMO_REFERENCES", "create_demo_contributions"]

NEW_PLACE = "DEMNEWP2"
CORRECTION = "DEMCRRC2"
DEMO_REFERENCES = (NEW_PLACE, CORRECTION)


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def create_demo_contributions(stdout=None):
    french = Locale.objects.filter(language_code="fr").first()
    places = (
        PlacePage.objects.shown_on(Channel.WEBSITE).filter(locale=french).order_by("title")
        if french
        else PlacePage.objects.none()
    )
    corrected = places.first()
    if corrected is None:
        _write(stdout, "No live French place: no demo contribution made.")
        return []
    event_model = PlaceContribution._meta.get_field("found_on_walk").related_model
    walk = event_model.objects.filter(kind="walk", locale=french).order_by("starts_at").first()
    made = []
    contribution, created = PlaceContribution.objects.get_or_create(
        reference=NEW_PLACE,
        defaults={
            "kind": PlaceContribution.Kind.NEW,
            "name": "Boîte à livres du lavoir",
            "place_kind": "book-box",
            "address": "Place du Lavoir, Val-des-Aulnes",
            "latitude": Decimal("45.193120"),
            "longitude": Decimal("5.731480"),
            "to_borrow": "Livres pour enfants\nRomans\nBandes dessinées",
            "opening_hours": "Toujours ouverte",
            "accessibility_notes": "De plain-pied, sur la place ; la porte s’ouvre sans effort.",
            "description": (
                "Une ancienne cabine téléphonique transformée en boîte à livres par les "
                "habitants du quartier du Lavoir."
            ),
            "found_on_walk": walk,
            "locale": french,
            "contributor_name": "Camille Roux",
            "contributor_email": "camille.roux@example.org",
            "contact_consent": True,
        },
    )
    made.append((contribution, created))
    contribution, created = PlaceContribution.objects.get_or_create(
        reference=CORRECTION,
        defaults={
            "kind": PlaceContribution.Kind.CORRECTION,
            "place": corrected,
            "opening_hours": "Mercredi 14 h – 18 h et samedi 9 h – 12 h (nouveaux horaires)",
            "accessibility_notes": "Une rampe a été installée à l’entrée en septembre.",
            "locale": french,
        },
    )
    made.append((contribution, created))
    count = sum(1 for _item, was_created in made if was_created)
    _write(stdout, f"{count} demo contribution(s) made ({len(made)} in the queue).")
    return [item for item, _was_created in made]
