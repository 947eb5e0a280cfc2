"""Residents' contributions to the map of shared places (issue #15).

A resident proposes a new place, or a correction of a place the website shows,
with the public form (no account). The proposal waits in a moderation queue in
the admin; staff accept it (it becomes a DRAFT place, never published by
itself), merge it into an existing place (a new draft revision of that place:
its live version is untouched until an editor publishes) or decline it with a
reason.

Contact details are the contributor's, not the town's: the name and e-mail
address are kept only with ``contact_consent`` (without it the address is not
stored at all), are never published (no page, card, GeoJSON feed, kit or public
export reads this model), and are erased ``CONTACT_KEPT_DAYS`` days after the
decision by ``manage.py forget_contribution_contacts`` (a daily cron line,
like the consent sweep): the decision e-mail has gone by then, and staff had a
month to ask a question about the proposal.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crieur.geo import latitude_field, longitude_field
from places.models import PlaceKind

__all__ = ["CONTACT_KEPT_DAYS", "PlaceContribution"]

#: The contributor's name and e-mail are erased this many days after the decision.
CONTACT_KEPT_DAYS = 30

#: Lengths of what a resident may type (the form says so; the admin checks them too).
NAME_MAX_LENGTH = 255
TEXT_MAX_LENGTH = 4000

#: Receipt references: no 0/O, 1/I/L, so a reference read over the phone is unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class PlaceContributionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=PlaceContribution.Status.PENDING)

    def contact_expired(self, now=None):
        """Decided contributions whose contact details are due for erasure."""
        limit = (now or timezone.now()) - datetime.timedelta(days=CONTACT_KEPT_DAYS)
        return self.filter(decided_at__lte=limit).exclude(
            contributor_name="", contributor_email="", contact_consent=False
        )


class PlaceContribution(models.Model):
    """A resident's proposal of a new place, or of a correction to a place."""

    class Kind(models.TextChoices):
        NEW = "new", _("New place")
        CORRECTION = "correction", _("Correction")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted (draft place)")
        MERGED = "merged", _("Merged into a place")
        DECLINED = "declined", _("Declined")

    reference = models.CharField(
        _("reference"),
        max_length=12,
        unique=True,
        default=new_reference,
        editable=False,
        help_text=_("Given to the contributor as a receipt."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NEW)
    place = models.ForeignKey(
        "places.PlacePage",
        verbose_name=_("place to correct"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections_proposed",
    )
    # What the resident proposes (blank: nothing proposed, or unchanged for a correction)
    name = models.CharField(_("name of the place"), max_length=NAME_MAX_LENGTH, blank=True)
    place_kind = models.CharField(
        _("kind of place"), max_length=20, choices=PlaceKind.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    to_borrow = models.TextField(
        _("what can be used or borrowed"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    opening_hours = models.TextField(_("opening hours"), max_length=TEXT_MAX_LENGTH, blank=True)
    accessibility_notes = models.TextField(
        _("accessibility"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    found_on_walk = models.ForeignKey(
        "campaigns.CampaignEvent",
        verbose_name=_("found on the urban walk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="place_contributions",
        limit_choices_to={"kind": "walk"},
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The language it was written in: the place is made in it."),
    )
    # The contributor (never published; erased CONTACT_KEPT_DAYS after the decision)
    contributor_name = models.CharField(_("contributor's name"), max_length=120, blank=True)
    contributor_email = models.EmailField(_("contributor's e-mail"), blank=True)
    contact_consent = models.BooleanField(
        _("may be contacted about this proposal"),
        default=False,
        help_text=_("Never published. The address is erased 30 days after the decision."),
    )
    # The decision
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    result_place = models.ForeignKey(
        "places.PlacePage",
        verbose_name=_("resulting place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        editable=False,
        help_text=_("The draft place made from it, or the place it was merged into."),
    )
    contact_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: The proposal's content (not the contact details) hashed: the same proposal
    #: sent twice while it waits is one contribution (unique among pending ones).
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)

    objects = PlaceContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(status="pending"),
                name="contributions_one_pending_per_content",
            )
        ]

    def __str__(self):
        title = self.name or (self.place.title if self.place_id and self.place else "")
        return f"{self.reference} · {title}" if title else self.reference

    def save(self, *args, **kwargs):
        if not self.fingerprint:
            self.fingerprint = self.compute_fingerprint()
        super().save(*args, **kwargs)

    PROPOSED_FIELDS = (
        "name",
        "place_kind",
        "address",
        "latitude",
        "longitude",
        "to_borrow",
        "opening_hours",
        "accessibility_notes",
        "description",
    )

    def compute_fingerprint(self):
        parts = [self.kind, str(self.place_id or ""), str(self.locale_id or "")]
        parts += [
            " ".join(str(getattr(self, f) or "").split()).casefold() for f in self.PROPOSED_FIELDS
        ]
        parts.append(str(self.found_on_walk_id or ""))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def summary(self):
        """What it is about, in a few words: the proposed name, else the place corrected."""
        if self.kind == self.Kind.CORRECTION and self.place_id and self.place:
            return _("Correction of “%(title)s”") % {"title": self.place.title}
        return self.name or self.address

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def may_contact(self):
        """Whether the contributor may be written to: an address and their consent."""
        return bool(self.contact_consent and self.contributor_email)

    @property
    def language(self):
        return self.locale.language_code if self.locale_id else settings.LANGUAGE_CODE

    def proposed_values(self):
        """``[(label, value)]`` of what was proposed, for staff (empty values left out)."""
        values = []
        for name in self.PROPOSED_FIELDS:
            value = getattr(self, name)
            if value in (None, ""):
                continue
            if name == "place_kind":
                value = self.get_place_kind_display()
            values.append((self._meta.get_field(name).verbose_name, value))
        if self.found_on_walk_id:
            values.append((self._meta.get_field("found_on_walk").verbose_name, self.found_on_walk))
        return values

    def forget_contact(self, now=None):
        self.contributor_name = ""
        self.contributor_email = ""
        self.contact_consent = False
        self.contact_erased_at = now or timezone.now()
        self.save(
            update_fields=[
                "contributor_name",
                "contributor_email",
                "contact_consent",
                "contact_erased_at",
            ]
        )
