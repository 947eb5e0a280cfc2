"""Kinds of places, of resources and of runners (re-exported by ``places.models``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PICTOGRAMS", "PlaceKind", "ResourceKind", "RunnerKind"]


class PlaceKind(models.TextChoices):
    ROOM = "room", _("Room")
    TOOL_LIBRARY = "tool-library", _("Tool library")
    GARDEN = "garden", _("Shared garden")
    BOOK_BOX = "book-box", _("Book box")
    REPAIR_CAFE = "repair-cafe", _("Repair café")
    FRIDGE = "fridge", _("Community fridge")
    MEETING_PLACE = "meeting-place", _("Meeting place")
    OTHER = "other", _("Other")


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Room")
    TOOLS = "tools", _("Tools")
    VEHICLE = "vehicle", _("Vehicle (bike, cargo bike, trailer)")
    KITCHEN = "kitchen", _("Kitchen")
    EVENT_EQUIPMENT = "event-equipment", _("Event equipment")
    GARDEN_PLOT = "garden-plot", _("Garden plot")
    BOOKS = "books", _("Books")
    OTHER = "other", _("Other")


class RunnerKind(models.TextChoices):
    TOWN = "town", _("The town")
    ASSOCIATION = "association", _("An association")
    BUSINESS = "business", _("A business")
    RESIDENTS = "residents", _("Residents")


#: Lucide pictogram of each kind of place, for cards and markers.
PICTOGRAMS = {
    PlaceKind.ROOM: "door-open",
    PlaceKind.TOOL_LIBRARY: "hammer",
    PlaceKind.GARDEN: "sprout",
    PlaceKind.BOOK_BOX: "book-open",
    PlaceKind.REPAIR_CAFE: "wrench",
    PlaceKind.FRIDGE: "refrigerator",
    PlaceKind.MEETING_PLACE: "users",
    PlaceKind.OTHER: "map-pin",
}
