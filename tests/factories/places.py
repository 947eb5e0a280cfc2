"""Factories for shared places (issue #15): ``from tests.factories.places import ...``."""

from decimal import Decimal

import factory
import wagtail_factories

from places.models import PlaceIndexPage, PlaceKind, PlacePage, PlaceResource, ResourceKind


class PlaceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lieux partagés"
    slug = "lieux"

    class Meta:
        model = PlaceIndexPage


class PlacePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lieu {n}")
    kind = PlaceKind.TOOL_LIBRARY
    teaser = "Un lieu partagé près de chez vous."
    address = factory.Sequence(lambda n: f"{n} rue des Tilleuls, Val-des-Aulnes")
    latitude = factory.Sequence(lambda n: Decimal("45.190000") + Decimal(n % 50) / 1000)
    longitude = factory.Sequence(lambda n: Decimal("5.720000") + Decimal(n % 50) / 1000)
    opening_hours = "Mercredi et samedi, 10 h – 18 h"
    step_free_access = True
    run_by = "Association Les Mains Vertes"
    contact_email = "pret@example.org"

    class Meta:
        model = PlacePage


class PlaceResourceFactory(factory.django.DjangoModelFactory):
    """A resource of a place: pass ``page=`` (its locale is the page's)."""

    name = factory.Sequence(lambda n: f"Ressource {n}")
    kind = ResourceKind.TOOLS
    lendable = True
    locale = factory.LazyAttribute(lambda resource: resource.page.locale)

    class Meta:
        model = PlaceResource
