"""The demo lending requests: one awaiting an answer, one accepted, on the demo places.

Run after the demo places exist (``create_demo_lending(stdout)``). Each
request is found by its fixed reference, so running it again makes nothing
twice. The requests are booked the way a resident's are (``lending.booking``,
so they never take a slot twice): the pending one on the first demo place that
lends something, next Saturday morning; the accepted one on the second place
that lends (the first one's other resource, or the same one another day)
next Wednesday evening. Without a place that lends, nothing is made.
"""

import datetime

from django.utils import timezone

from crieur.channels import Channel
from crieur.gate import gate
from lending.booking import SlotTaken, book, decide
from lending.models import LendingRequest, Status
from places.models import PlacePage

__all__ = ["DEMO_REQUESTS", "create_demo_lending"]

#: reference: (status, weekday (0 = Monday), start hour, end hour, people, purpose, name, email)
DEMO_REQUESTS = {
    "PRT-DEMO-0001": (
        Status.PENDING,
        5,
        10,
        12,
        12,
        "Atelier de réparation de vélos avec les enfants du quartier",
        "Inès Garnier",
        "ines.garnier@example.org",
    ),
    "PRT-DEMO-0002": (
        Status.ACCEPTED,
        2,
        18,
        21,
        20,
        "Assemblée générale de l’association des jardins partagés",
        "Marc Lefèvre",
        "marc.lefevre@example.org",
    ),
}


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _lending_places():
    """The French demo places the website shows that lend something, by title."""
    places = (
        gate(PlacePage.objects.filter(locale__language_code="fr"), Channel.WEBSITE)
        .prefetch_related("resources")
        .order_by("title")
    )
    return [place for place in places if place.lendable_resources()]


def _next(weekday, today):
    """The first ``weekday`` at least three days after ``today``."""
    day = today + datetime.timedelta(days=3)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def create_demo_lending(stdout=None, today=None):
    """Make the demo requests that are missing; return every demo request."""
    today = today or timezone.localdate()
    places = _lending_places()
    if not places:
        _write(stdout, "Lending requests: no demo place lends anything yet, none made.")
        return []
    found = []
    for index, (reference, values) in enumerate(DEMO_REQUESTS.items()):
        existing = LendingRequest.objects.filter(reference=reference).first()
        if existing is not None:
            found.append(existing)
            continue
        status, weekday, start, end, people, purpose, name, email = values
        place = places[index % len(places)]
        resources = place.lendable_resources()
        resource = resources[index % len(resources)] if len(places) == 1 else resources[0]
        day = _next(weekday, today)
        zone = timezone.get_default_timezone()
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(start)), zone)
        ends_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(end)), zone)
        if resource.capacity:
            people = min(people, resource.capacity)
        lending_request = LendingRequest(
            place=place,
            place_title=place.title,
            resource=resource,
            resource_key=resource.translation_key,
            resource_name=resource.name,
            starts_at=starts_at,
            ends_at=ends_at,
            people=people,
            purpose=purpose,
            name=name,
            email=email,
            language="fr",
            reference=reference,
        )
        try:
            lending_request, _created = book(lending_request)
        except SlotTaken:
            _write(stdout, f"Lending request {reference}: its slot is taken, not made.")
            continue
        if status != Status.PENDING:
            decide(
                lending_request, status, message="La clé est à retirer à l’accueil de la mairie."
            )
        found.append(lending_request)
        _write(stdout, f"Lending request {reference}: {lending_request.get_status_display()}.")
    return found
