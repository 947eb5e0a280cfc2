"""The place model: created, translated with its resources, with a card every channel reads."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

import pytest

from crieur.channels import Channel
from crieur.demo import translate as localize
from crieur.gate import passes, refusal, refusal_text
from places.models import PlaceKind, PlacePage, ResourceKind
from tests.factories.places import PlacePageFactory, PlaceResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    """wagtail-localize publishes translations on commit: run those callbacks at once."""

    def run(instance, locale, strings):
        with django_capture_on_commit_callbacks(execute=True):
            return localize.translate(instance, locale, strings)

    return run


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def place(place_index):
    page = PlacePageFactory(
        parent=place_index,
        title="Outilthèque des Aulnes",
        slug="outiltheque",
        kind=PlaceKind.TOOL_LIBRARY,
        teaser="Perceuses, échelles et scies à emprunter.",
        address="3 place du Marché, Val-des-Aulnes",
        opening_hours="Samedi 10 h – 12 h",
        step_free_access=True,
        accessible_toilets=False,
        accessibility_notes="Rampe à l’entrée latérale.",
        run_by="Association Les Mains Vertes",
        contact_email="responsable@example.org",
    )
    PlaceResourceFactory(page=page, name="Vélo cargo", kind=ResourceKind.VEHICLE, capacity=1)
    PlaceResourceFactory(page=page, name="Perceuse", kind=ResourceKind.TOOLS, lendable=False)
    page.save_revision().publish()
    return PlacePage.objects.get(pk=page.pk)


def test_a_place_has_a_card_with_its_facts_and_no_contact_email(place, english):
    card = place.card
    assert card.kind == "place"
    assert card.title == "Outilthèque des Aulnes"
    assert card.teaser == "Perceuses, échelles et scies à emprunter."
    assert card.pictogram == "hammer"
    facts = {str(fact.label): str(fact.value) for fact in card.facts}
    assert facts["Address"] == "3 place du Marché, Val-des-Aulnes"
    assert facts["Opening hours"] == "Samedi 10 h – 12 h"
    assert "Rampe à l’entrée latérale." in facts["Accessibility"]
    assert facts["Run by"] == "Association Les Mains Vertes"
    assert facts["To borrow"] == "Vélo cargo"  # the drill is not lent
    assert card.valid_until is None
    assert "responsable@example.org" not in repr(card.facts) + card.teaser
    assert place.lends


def test_a_place_is_translated_with_its_resources_sharing_their_key(
    place, place_index, site_tree, locales, translate, english
):
    translate(site_tree.home, locales["en"], {"Accueil": "Home"})
    translate(place_index, locales["en"], {"Lieux partagés": "Shared places"})
    place_en, missing = translate(
        place,
        locales["en"],
        {
            "Outilthèque des Aulnes": "Aulnes tool library",
            "Perceuses, échelles et scies à emprunter.": "Drills, ladders and saws to borrow.",
            "Samedi 10 h – 12 h": "Saturday 10 am – 12 pm",
            "Rampe à l’entrée latérale.": "Ramp at the side entrance.",
            "Association Les Mains Vertes": "Les Mains Vertes association",
            "Vélo cargo": "Cargo bike",
            "Perceuse": "Drill",
        },
    )
    assert missing == []
    place_en = PlacePage.objects.get(pk=place_en.pk)
    assert place_en.url.startswith("/en/")
    assert place_en.address == place.address  # synchronised, not translated
    assert place_en.latitude == place.latitude
    resources_en = {r.translation_key: r for r in place_en.resources.all()}
    for resource in place.resources.all():
        translated = resources_en[resource.translation_key]
        assert translated.locale.language_code == "en"
        assert translated.kind == resource.kind
    assert {r.name for r in resources_en.values()} == {"Cargo bike", "Drill"}
    facts = {str(fact.label): str(fact.value) for fact in place_en.card.facts}
    assert facts["To borrow"] == "Cargo bike"
    assert place_en.card.locale == "en"


def test_coordinates_out_of_range_and_temporary_dates_are_refused(place_index):
    page = PlacePage(
        title="Lieu", slug="lieu", address="Ici", latitude=Decimal("91"), longitude=Decimal("5")
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "latitude" in error.value.message_dict
    page = PlacePage(
        title="Lieu",
        slug="lieu",
        address="Ici",
        latitude=Decimal("45"),
        longitude=Decimal("5"),
        permanent=False,
        available_from=datetime.date(2026, 5, 2),
        available_until=datetime.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "available_until" in error.value.message_dict


def test_a_temporary_place_passes_the_gate_only_within_its_dates(place_index, english):
    today = timezone.localdate()
    page = PlacePageFactory(
        parent=place_index,
        permanent=False,
        available_from=today - datetime.timedelta(days=1),
        available_until=today + datetime.timedelta(days=5),
    )
    assert page.card.valid_until == today + datetime.timedelta(days=5)
    assert passes(page, Channel.WEBSITE)
    assert not passes(page, Channel.WEBSITE, on=today + datetime.timedelta(days=6))
    assert not passes(page, Channel.WEBSITE, on=today - datetime.timedelta(days=2))
    # Material that stays up through a later day: refused, with the reason in words.
    later = today + datetime.timedelta(days=30)
    assert not passes(page, Channel.POSTER, on=today, through=later)
    code, day = refusal(page, Channel.POSTER, on=today, through=later)
    assert code == "shown_ends"
    assert refusal_text(code, Channel.POSTER, day).startswith("the page is shown until")
