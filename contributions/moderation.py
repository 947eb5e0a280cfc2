"""What staff do with a contribution: accept, merge, decline. Each is idempotent.

Each action locks the contribution's row and acts only on a pending one, so a
second click (or two moderators at once) makes no second place: it raises
``AlreadyDecided``, which the admin views turn into a message. Nothing here
publishes a page: a place made or changed from a contribution is a draft until
an editor publishes it. Every action is in Wagtail's log (the contribution's
history; the place's own history for the page it made or changed).
"""

import logging
import re

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.rich_text import RichText

from places.models import PlaceIndexPage, PlaceKind, PlacePage, PlaceResource

from .emails import send_declined
from .models import PlaceContribution

__all__ = [
    "AlreadyDecided",
    "ModerationError",
    "accept",
    "decline",
    "description_blocks",
    "merge",
    "resource_names",
]

logger = logging.getLogger(__name__)

#: At most this many resources are made from the "what can be used or borrowed" text.
MAX_RESOURCES = 20


class ModerationError(Exception):
    """The action cannot be done; the message says why, for staff."""


class AlreadyDecided(ModerationError):
    def __init__(self, contribution):
        self.contribution = contribution
        super().__init__(
            _("This contribution was already decided (%(status)s).")
            % {"status": contribution.get_status_display()}
        )


def description_blocks(text):
    """The resident's plain text as paragraph blocks of the place's description."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [escape(line.strip()) for line in paragraph.splitlines() if line.strip()]
        if lines:
            blocks.append(("paragraph", RichText("<p>" + "<br/>".join(lines) + "</p>")))
    return blocks


def resource_names(text):
    """One resource per line (or comma) of "what can be used or borrowed"."""
    names = []
    for part in re.split(r"[\n,;]", text):
        name = " ".join(part.split()).strip(" -•*")[:120]
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names[:MAX_RESOURCES]


def _lock(contribution):
    locked = PlaceContribution.objects.select_for_update().get(pk=contribution.pk)
    if not locked.is_pending:
        raise AlreadyDecided(locked)
    return locked


def _decided(contribution, status, user, place=None):
    contribution.status = status
    contribution.decided_at = timezone.now()
    contribution.decided_by = user
    if place is not None:
        contribution.result_place = place
    contribution.save()


def place_index_for(locale):
    return PlaceIndexPage.objects.filter(locale=locale).first()


def accept(contribution, user, latitude=None, longitude=None):
    """Make a DRAFT place from a new place's proposal, in its language; return it.

    ``latitude`` and ``longitude`` are those staff confirmed (a place needs
    them; residents often give only an address).
    """
    with transaction.atomic():
        contribution = _lock(contribution)
        index = place_index_for(contribution.locale)
        if index is None:
            raise ModerationError(
                _("There is no map of places in this language (%(language)s): create it first.")
                % {"language": contribution.locale.get_display_name()}
            )
        latitude = contribution.latitude if latitude is None else latitude
        longitude = contribution.longitude if longitude is None else longitude
        if latitude is None or longitude is None:
            raise ModerationError(_("A place needs its latitude and longitude."))
        title = contribution.name or contribution.address or contribution.reference
        page = PlacePage(
            title=title,
            slug=find_available_slug(index, slugify(title)[:80].strip("-") or "lieu"),
            locale=contribution.locale,
            kind=contribution.place_kind or PlaceKind.OTHER,
            address=contribution.address,
            latitude=latitude,
            longitude=longitude,
            opening_hours=contribution.opening_hours,
            accessibility_notes=contribution.accessibility_notes,
            description=description_blocks(contribution.description),
            found_on_walk_id=contribution.found_on_walk_id,
            live=False,
            has_unpublished_changes=True,
            owner=user,
        )
        page.resources = [
            PlaceResource(name=name, locale=contribution.locale)
            for name in resource_names(contribution.to_borrow)
        ]
        index.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=False)
        log(instance=page, action="wagtail.create", user=user, revision=revision)
        _decided(contribution, PlaceContribution.Status.ACCEPTED, user, page)
        log(
            instance=contribution,
            action="contributions.accept",
            user=user,
            data={"place": page.pk},
        )
    return page


def merge(contribution, place, user):
    """Write the proposal's non-empty values into a new DRAFT revision of ``place``.

    The live version is untouched until an editor publishes the revision.
    The name, kind, address, coordinates, opening hours and accessibility
    notes replace the place's; the description is added after the place's
    own, and each thing to borrow not already listed becomes a resource.
    """
    with transaction.atomic():
        contribution = _lock(contribution)
        draft = place.get_latest_revision_as_object()
        c = contribution
        if c.name:
            draft.title = c.name
        if c.place_kind:
            draft.kind = c.place_kind
        for field in ("address", "opening_hours", "accessibility_notes"):
            if getattr(c, field):
                setattr(draft, field, getattr(c, field))
        if c.latitude is not None and c.longitude is not None:
            draft.latitude, draft.longitude = c.latitude, c.longitude
        if c.description.strip():
            draft.description = [
                (child.block_type, child.value) for child in draft.description
            ] + description_blocks(c.description)
        if c.found_on_walk_id and not draft.found_on_walk_id:
            draft.found_on_walk_id = c.found_on_walk_id
        known = {resource.name.casefold() for resource in draft.resources.all()}
        new_resources = [
            PlaceResource(name=name, locale=draft.locale)
            for name in resource_names(c.to_borrow)
            if name.casefold() not in known
        ]
        if new_resources:
            draft.resources = list(draft.resources.all()) + new_resources
        draft.save_revision(user=user, log_action=True)
        _decided(contribution, PlaceContribution.Status.MERGED, user, place)
        log(
            instance=contribution,
            action="contributions.merge",
            user=user,
            data={"place": place.pk},
        )
    return place


def decline(contribution, user, reason):
    """Decline with ``reason``, e-mailed to the contributor if they agreed to be contacted."""
    with transaction.atomic():
        contribution = _lock(contribution)
        contribution.decline_reason = reason
        _decided(contribution, PlaceContribution.Status.DECLINED, user)
        log(instance=contribution, action="contributions.decline", user=user)
    if contribution.may_contact:
        send_declined(contribution)
    return contribution
