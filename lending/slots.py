"""The taken slots of a place's resources, as residents see them: times, no names."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import LendingRequest, Status

__all__ = ["SHOWN_WEEKS", "TakenSlot", "taken_slots"]

#: How many weeks of taken slots the request page shows.
SHOWN_WEEKS = 6
#: Taken slots listed per resource at most (bounded page).
MAX_SLOTS = 100


@dataclass(frozen=True)
class TakenSlot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    accepted: bool


@dataclass(frozen=True)
class ResourceSlots:
    resource: object  # a places.PlaceResource, in the page's language
    slots: list


def taken_slots(resources, *, now=None, weeks=SHOWN_WEEKS):
    """For each resource, the pending and accepted slots of the coming ``weeks``."""
    now = now or timezone.now()
    keys = {resource.translation_key: resource for resource in resources}
    found = {key: [] for key in keys}
    rows = (
        LendingRequest.objects.holding()
        .filter(
            resource_key__in=list(keys),
            ends_at__gt=now,
            starts_at__lt=now + datetime.timedelta(weeks=weeks),
        )
        .order_by("starts_at")
        .values_list("resource_key", "starts_at", "ends_at", "status")
    )
    for key, starts_at, ends_at, status in rows:
        if len(found[key]) < MAX_SLOTS:
            found[key].append(TakenSlot(starts_at, ends_at, status == Status.ACCEPTED))
    return [ResourceSlots(resource, found[key]) for key, resource in keys.items()]
