"""Storing a request and answering it without ever booking a slot twice.

Every change that can make a slot taken (a new request; staff accepting one)
runs in one transaction that first locks the resource:

- **PostgreSQL**: the resource's ``ResourceLock`` row is created if missing
  (``INSERT ... ON CONFLICT DO NOTHING``) then locked with ``SELECT ... FOR
  UPDATE``. A second booking of the same resource waits at that lock until the
  first commits, then (READ COMMITTED: each statement sees what was committed
  before it) finds the first request among the overlapping ones and is
  refused. Bookings of other resources do not wait.
- **SQLite**: ``FOR UPDATE`` does nothing there, but the project opens every
  transaction with ``BEGIN IMMEDIATE`` (``transaction_mode`` in
  ``crieur/settings/base.py``): a transaction takes the database's write lock
  when it starts, so two bookings run one after the other, and the second sees
  the first. ``check_sqlite_mode`` (a system check) refuses a SQLite database
  configured otherwise, where two deferred transactions could both read "free".

The test of two residents submitting the same slot at the same moment is
``tests/lending/test_concurrency.py``.
"""

import uuid

from django.core import checks
from django.db import connection, transaction
from django.utils import timezone

from .models import LendingRequest, ResourceLock, Status

__all__ = ["SlotTaken", "book", "decide"]


class SlotTaken(Exception):
    """The slot asked for intersects a pending or accepted request of the same resource."""

    def __init__(self, conflicts):
        super().__init__("slot taken")
        self.conflicts = conflicts


def lock_resource(resource_key):
    """Lock ``resource_key`` until the end of the current transaction (see the module)."""
    ResourceLock.objects.bulk_create(
        [ResourceLock(resource_key=resource_key)], ignore_conflicts=True
    )
    ResourceLock.objects.select_for_update().get(resource_key=resource_key)


def conflicts(resource_key, starts_at, ends_at, *, exclude=None):
    """The requests that hold a slot of the resource intersecting [starts_at, ends_at)."""
    found = LendingRequest.objects.overlapping(resource_key, starts_at, ends_at)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return list(found.order_by("starts_at")[:10])


def book(lending_request):
    """Store ``lending_request`` (unsaved, pending) unless its slot is taken: ``SlotTaken``.

    A request with the same form token and the same slot, resource and
    e-mail address already stored is returned as it is (a form submitted twice
    stores one request): ``(request, created)``.
    """
    with transaction.atomic():
        lock_resource(lending_request.resource_key)
        existing = LendingRequest.objects.filter(token=lending_request.token).first()
        if existing is not None:
            if _same(existing, lending_request):
                return existing, False
            # The same form sent again after a change (back button): a new request.
            lending_request.token = uuid.uuid4()
        taken = conflicts(
            lending_request.resource_key, lending_request.starts_at, lending_request.ends_at
        )
        if taken:
            raise SlotTaken(taken)
        lending_request.status = Status.PENDING
        lending_request.save(force_insert=True)
    return lending_request, True


def _same(stored, new):
    fields = ("resource_key", "starts_at", "ends_at", "email")
    return all(getattr(stored, name) == getattr(new, name) for name in fields)


#: The answers staff may give, and the statuses they may give them from.
TRANSITIONS = {
    Status.ACCEPTED: {Status.PENDING},
    Status.DECLINED: {Status.PENDING},
    Status.CANCELLED: {Status.PENDING, Status.ACCEPTED},
}


class NotAllowed(Exception):
    """This answer cannot be given to a request in its current status."""


def decide(lending_request, status, *, message="", user=None):
    """Give ``status`` to the request: ``True`` if it changed, ``False`` if it already had it.

    Idempotent: answering a request again with the answer it has changes
    nothing (no second e-mail). Another change of a decided request raises
    ``NotAllowed`` (a declined slot may have been booked by someone else since).
    """
    status = Status(status)
    with transaction.atomic():
        lock_resource(lending_request.resource_key)
        current = LendingRequest.objects.select_for_update().get(pk=lending_request.pk)
        if current.status == status:
            lending_request.refresh_from_db()
            return False
        if current.status not in TRANSITIONS.get(status, ()):
            raise NotAllowed(current.status)
        if status == Status.ACCEPTED and conflicts(
            current.resource_key, current.starts_at, current.ends_at, exclude=current
        ):
            # Cannot happen while every booking goes through ``book``: refuse all the same.
            raise NotAllowed(current.status)
        current.status = status
        current.staff_message = message
        current.decided_by = user if user is not None and user.is_authenticated else None
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "staff_message", "decided_by", "decided_at"])
    lending_request.refresh_from_db()
    return True


@checks.register()
def check_sqlite_mode(app_configs=None, **kwargs):
    """SQLite must open transactions with BEGIN IMMEDIATE for ``book`` to be serialized."""
    if connection.vendor != "sqlite":
        return []
    mode = connection.settings_dict.get("OPTIONS", {}).get("transaction_mode")
    if (mode or "").upper() in {"IMMEDIATE", "EXCLUSIVE"}:
        return []
    return [
        checks.Error(
            "SQLite must run with OPTIONS['transaction_mode'] = 'IMMEDIATE' "
            "so that two lending requests cannot book the same slot.",
            id="lending.E001",
        )
    ]
