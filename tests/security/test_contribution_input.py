"""Hostile input on the public proposal form and the moderation views (#15)."""

import re

from django.core.cache import cache
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from contributions.models import PlaceContribution
from places.models import PlacePage
from tests.contributions.conftest import build_place_map, make_place

pytestmark = pytest.mark.django_db

FORM = "/en/places/propose/"


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.CRIEUR_RATE_LIMITS = {**settings.CRIEUR_RATE_LIMITS, "place-proposal": "1000/m"}
    cache.clear()
    yield
    cache.clear()


def same_page(html):
    """The page with the place id it echoes (in its language links) blanked."""
    return re.sub(r"place=\d+", "place=N", html)


@pytest.fixture
def place_map(site_tree, locales):
    return build_place_map(site_tree, locales)


def proposal(**overrides):
    data = {"name": "Book box", "place_kind": "book-box", "address": "Mill square", "website": ""}
    data.update(overrides)
    return data


def test_script_is_stored_as_text_and_escaped_everywhere(client, place_map, staff_user):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(FORM, proposal(name=script, description=script))
    item = PlaceContribution.objects.get()
    assert item.name == script
    client.force_login(staff_user)
    for page in (
        reverse("wagtailsnippets_contributions_placecontribution:list"),
        reverse("wagtailsnippets_contributions_placecontribution:edit", args=[item.pk]),
        reverse("contributions_accept", args=[item.pk]),
    ):
        text = client.get(page).text
        assert script not in text and "<img src=x" not in text
    client.post(
        reverse("contributions_accept", args=[item.pk]), {"latitude": "1", "longitude": "1"}
    )
    place = PlacePage.objects.get(title=script)
    place.get_latest_revision().publish()
    client.logout()
    public = client.get(PlacePage.objects.get(pk=place.pk).get_url()).text
    assert "<script>alert" not in public and "<img src=x" not in public


def test_huge_texts_are_refused_clearly_and_nothing_is_lost(client, place_map):
    huge = "Ω" * 100_000
    response = client.post(FORM, proposal(description=huge, name="N" * 1200))
    assert response.status_code == 200
    assert PlaceContribution.objects.count() == 0
    assert "at most 4000 characters" in response.text
    assert "at most 255 characters" in response.text
    assert "Mill square" in response.text


def test_rtl_marks_and_emoji_are_kept(client, place_map):
    name = "\u202eboîte\u200f à livres 📚🏳️‍🌈"
    response = client.post(FORM, proposal(name=name, opening_hours="24/7 ⏰"))
    assert response.status_code == 302
    assert PlaceContribution.objects.get().name == name


@pytest.mark.parametrize(
    "latitude, longitude",
    [
        ("91", "5"),
        ("45", "-180.5"),
        ("NaN", "5"),
        ("45", "inf"),
        ("1e400", "5"),
        ("45,2", "5"),
        ("45", ""),
    ],
)
def test_impossible_coordinates_are_refused(client, place_map, latitude, longitude):
    response = client.post(FORM, proposal(latitude=latitude, longitude=longitude))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert PlaceContribution.objects.count() == 0


def test_long_decimals_are_rounded_to_the_map_precision(client, place_map):
    client.post(FORM, proposal(latitude="45.18852912345", longitude="-5.7245245"))
    item = PlaceContribution.objects.get()
    assert str(item.latitude) == "45.188529" and str(item.longitude) == "-5.724525"


def test_a_correction_of_a_draft_or_private_place_leaks_nothing(client, place_map):
    draft = make_place(place_map["en"], "Secret draft place", live=False)
    private = make_place(place_map["en"], "Secret private place")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="pw")
    unknown = client.get(FORM, {"place": 999999})
    assert unknown.status_code == 404
    for hidden in (draft, private):
        response = client.get(FORM, {"place": hidden.pk})
        assert response.status_code == 404
        assert same_page(response.text) == same_page(unknown.text)
        posted = client.post(FORM, {"place": hidden.pk, "opening_hours": "x", "website": ""})
        assert posted.status_code == 200 and "Secret" not in posted.text
        assert "This place is not on the map" in posted.text
    assert PlaceContribution.objects.count() == 0


@pytest.mark.parametrize("value", ["abc", "-1", "1" * 40, "1 OR 1=1", ""])
def test_unknown_place_ids_answer_404(client, place_map, value):
    assert client.get(FORM, {"place": value}).status_code == 404


def test_unknown_ids_and_references(client, place_map, staff_user):
    assert client.get("/en/places/propose/thanks/not-a-ref/").status_code == 404
    assert client.get("/en/places/propose/thanks/" + "A" * 200 + "/").status_code == 404
    client.force_login(staff_user)
    for name in ("accept", "merge", "decline"):
        # (Django's LocaleMiddleware sends a 404 outside /fr/ to /fr/…, a 404 too)
        response = client.get(f"/admin/contributions/999999/{name}/", follow=True)
        assert response.status_code == 404
    item = PlaceContribution(name="x", address="y", locale=place_map["fr"].locale)
    item.save()
    merge = client.post(reverse("contributions_merge", args=[item.pk]), {"place": "999999"})
    assert merge.status_code == 200
    item.refresh_from_db()
    assert item.is_pending
