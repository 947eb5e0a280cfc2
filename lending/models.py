"""Lending requests: a resident asks to borrow a place's room or equipment for a slot.

A request names the place (the page in the resident's language) and the
resource (a ``places.PlaceResource``). Bookings are keyed on the resource's
``translation_key``, the same in every language, so a request made on the
English page and one made on the French page compete for the same slot.

**Which requests hold a slot.** A *pending* request holds its slot from the
moment it is stored, so that the resident is told at once when the slot is
taken (staff do not have to arbitrate between two people who both believed
they had it); an *accepted* request keeps it; a *declined* or *cancelled*
request frees it. Two requests overlap when they are for the same resource key
and their half-open intervals ``[starts_at, ends_at)`` intersect: one ending
at 14:00 and the next starting at 14:00 do not overlap.

How "no double booking" holds under concurrent requests is in
``lending.booking``.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["LendingRequest", "ResourceLock", "Status", "new_reference"]

#: Letters and digits a resident cannot misread over the phone (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8


def new_reference():
    """A random reference a resident can read out: ``PRT-7K3M-9QAZ``."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"PRT-{code[:4]}-{code[4:]}"


class Status(models.TextChoices):
    PENDING = "pending", pgettext_lazy("lending request", "Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("lending request", "Accepted")
    DECLINED = "declined", pgettext_lazy("lending request", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("lending request", "Cancelled")


#: The statuses that hold a slot: nobody else may book it meanwhile.
HOLDING = (Status.PENDING, Status.ACCEPTED)


class LendingRequestQuerySet(models.QuerySet):
    def holding(self):
        """Requests that hold their slot (pending or accepted)."""
        return self.filter(status__in=HOLDING)

    def overlapping(self, resource_key, starts_at, ends_at):
        """Requests holding a slot of ``resource_key`` that intersects [starts_at, ends_at)."""
        return self.holding().filter(
            resource_key=resource_key, starts_at__lt=ends_at, ends_at__gt=starts_at
        )


class ResourceLock(models.Model):
    """One row per lendable resource (its translation key): what a booking locks.

    ``lending.booking`` locks this row (``SELECT ... FOR UPDATE``) before it
    looks for overlapping requests and stores a new one, so that two bookings
    of the same resource happen one after the other on PostgreSQL.
    """

    resource_key = models.UUIDField(_("resource"), unique=True, editable=False)

    class Meta:
        verbose_name = _("resource lock")
        verbose_name_plural = _("resource locks")

    def __str__(self):
        return str(self.resource_key)


class LendingRequest(models.Model):
    place = models.ForeignKey(
        "places.PlacePage",
        verbose_name=_("place"),
        null=True,
        on_delete=models.SET_NULL,  # the request's record outlives a deleted page
        related_name="lending_requests",
    )
    place_title = models.CharField(_("place (when requested)"), max_length=255, editable=False)
    resource = models.ForeignKey(
        "places.PlaceResource",
        verbose_name=_("resource"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="lending_requests",
    )
    resource_key = models.UUIDField(_("resource key"), editable=False, db_index=True)
    resource_name = models.CharField(_("what"), max_length=120, editable=False)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    people = models.PositiveIntegerField(_("how many"))
    purpose = models.TextField(_("purpose"), max_length=1000)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=10, default="fr", help_text=_("The resident's e-mails' language.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    staff_message = models.TextField(_("message to the resident"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("received on"), default=timezone.now, editable=False)
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference, editable=False
    )
    #: The form's one-time key: a second submission of the same form finds this
    #: request instead of storing another. Also the address of the confirmation page.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = LendingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("lending request")
        verbose_name_plural = _("lending requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["resource_key", "starts_at"], name="lending_slot_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="lending_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.reference} · {self.resource_name}"

    @property
    def holds_slot(self):
        return self.status in HOLDING

    @property
    def is_pending(self):
        return self.status == Status.PENDING
