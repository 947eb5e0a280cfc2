"""Fixtures of the lending requests' tests: a published place that lends, the form's data."""

import datetime
import uuid

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from lending.models import LendingRequest
from places.models import PlacePage, ResourceKind
from tests.factories.places import PlaceIndexPageFactory, PlacePageFactory, PlaceResourceFactory


@pytest.fixture(autouse=True)
def lending_rate(settings):
    """Submissions are rate-limited per address; tests submit many from one address."""
    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "lending-request": "100000/m"}


def make_lending_place(
    parent, *, slug="maison-des-associations", contact_email="responsable@example.org", publish=True
):
    page = PlacePageFactory(
        parent=parent,
        title="Maison des associations",
        slug=slug,
        contact_email=contact_email,
    )
    PlaceResourceFactory(page=page, name="Salle polyvalente", kind=ResourceKind.ROOM, capacity=30)
    PlaceResourceFactory(page=page, name="Vélo cargo", kind=ResourceKind.VEHICLE, capacity=1)
    PlaceResourceFactory(page=page, name="Perceuse", kind=ResourceKind.TOOLS, lendable=False)
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish()
    return PlacePage.objects.get(pk=page.pk)


@pytest.fixture
def place_index(site_tree):
    return PlaceIndexPageFactory(parent=site_tree.home)


@pytest.fixture
def lending_place(place_index):
    return make_lending_place(place_index)


def resource_named(place, name):
    return place.resources.get(name=name)


def next_week():
    """A day a week from now, in the site's time zone."""
    return timezone.localdate() + datetime.timedelta(days=7)


def moment(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def form_data(resource, *, day=None, start="14:00", end="16:00", **overrides):
    data = {
        "resource": resource.pk,
        "date": (day or next_week()).isoformat(),
        "start_time": start,
        "end_time": end,
        "end_date": "",
        "people": "4",
        "purpose": "Réunion du comité de quartier",
        "name": "Camille Martin",
        "email": "camille@example.org",
        "phone": "06 12 34 56 78",
        "website": "",
        "token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def request_page_url(place, language="fr"):
    with translation.override(language):
        return reverse("lending:request", kwargs={"slug": place.slug})


def stored_request(place, resource, starts_at, ends_at, status="pending", **fields):
    """A request stored directly (as if made earlier), e.g. to take a slot."""
    values = {
        "place": place,
        "place_title": place.title,
        "resource": resource,
        "resource_key": resource.translation_key,
        "resource_name": resource.name,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "people": 2,
        "purpose": "Atelier secret de Dominique",
        "name": "Dominique Secret",
        "email": "dominique.secret@example.org",
        "status": status,
        **fields,
    }
    return LendingRequest.objects.create(**values)
