"""The places the map tests share: live, draft, private and temporary ones."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from wagtail.models import PageViewRestriction

from places.models import PlaceKind, PlacePage, ResourceKind
from tests.factories.places import PlacePageFactory, PlaceResourceFactory

CONTACT = "secret-contact@example.org"


def publish(page):
    page.save_revision().publish()
    return PlacePage.objects.get(pk=page.pk)


@dataclass
class Places:
    tools: PlacePage
    garden: PlacePage
    room: PlacePage
    temporary: PlacePage
    draft: PlacePage
    private: PlacePage
    expired: PlacePage
    future: PlacePage

    @property
    def shown(self):
        return [self.tools, self.garden, self.room, self.temporary]

    @property
    def hidden(self):
        return [self.draft, self.private, self.expired, self.future]


def make_places(index):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)

    def place(slug, title, kind, live=True, **kwargs):
        page = PlacePageFactory(
            parent=index, slug=slug, title=title, kind=kind, contact_email=CONTACT, **kwargs
        )
        if not live:
            page.unpublish()
            return PlacePage.objects.get(pk=page.pk)
        return publish(page)

    tools = place(
        "outiltheque",
        "Outilthèque",
        PlaceKind.TOOL_LIBRARY,
        latitude=Decimal("45.191234"),
        longitude=Decimal("5.721234"),
        address="3 place du Marché",
    )
    PlaceResourceFactory(page=tools, name="Vélo cargo", kind=ResourceKind.VEHICLE)
    PlaceResourceFactory(page=tools, name="Perceuse", kind=ResourceKind.TOOLS)
    garden = place("jardin", "Jardin des Aulnes", PlaceKind.GARDEN, step_free_access=False)
    PlaceResourceFactory(
        page=garden, name="Parcelle", kind=ResourceKind.GARDEN_PLOT, lendable=False
    )
    room = place("salle", "Salle des fêtes", PlaceKind.ROOM, accessible_toilets=True)
    PlaceResourceFactory(page=room, name="Grande salle", kind=ResourceKind.ROOM, capacity=80)
    temporary = place(
        "troc",
        "Troc’ été",
        PlaceKind.MEETING_PLACE,
        permanent=False,
        available_from=today - day,
        available_until=today + 10 * day,
    )
    draft = place("brouillon", "Lieu en brouillon", PlaceKind.FRIDGE, live=False)
    private = place("prive", "Lieu privé", PlaceKind.BOOK_BOX)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    expired = place(
        "fini",
        "Lieu terminé",
        PlaceKind.OTHER,
        permanent=False,
        available_from=today - 30 * day,
        available_until=today - day,
    )
    future = place(
        "bientot",
        "Lieu à venir",
        PlaceKind.REPAIR_CAFE,
        permanent=False,
        available_from=today + 3 * day,
        available_until=today + 30 * day,
    )
    return Places(tools, garden, room, temporary, draft, private, expired, future)
