"""The demo places (demo/places.py): a dozen places on the map, in French and English, once."""

import json

import pytest

from campaigns.models import CampaignEvent
from crieur.demo import translate as localize
from demo.places import PLACES, create_demo_places
from places.models import PlaceIndexPage, PlacePage
from tests.factories import CampaignPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(site_tree, locales, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        localize.translate(site_tree.home, locales["en"], {"Accueil": "Home"})
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="semaine-du-partage")
    campaign.save_revision().publish()

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return create_demo_places()

    return run


def test_the_demo_places_are_made_once_in_french_and_english(client, demo, locales):
    assert demo() > len(PLACES)
    assert demo() == 0  # idempotent
    french = PlacePage.objects.live().filter(locale=locales["fr"])
    english = PlacePage.objects.live().filter(locale=locales["en"])
    assert french.count() == english.count() == len(PLACES) == 12
    index_en = PlaceIndexPage.objects.get(locale=locales["en"])
    assert index_en.title == "Shared places"
    assert index_en.url == "/en/places/"
    assert PlaceIndexPage.objects.get(locale=locales["fr"]).url.endswith("/lieux/")
    assert len({place.kind for place in french}) >= 6
    lending = [place for place in french.prefetch_related("resources") if place.lends]
    assert len(lending) >= 6
    assert french.filter(permanent=False).count() == 1
    walk = CampaignEvent.objects.get(kind=CampaignEvent.Kind.WALK, locale=locales["fr"])
    assert walk.places_found.get().slug == "placette-des-aulnes"
    assert (
        CampaignEvent.objects.filter(
            kind=CampaignEvent.Kind.WALK, translation_key=walk.translation_key
        ).count()
        == 2
    )
    walk_en = CampaignEvent.objects.get(kind=CampaignEvent.Kind.WALK, locale=locales["en"])
    assert walk_en.name == "Urban walk: the shared places of the town centre"
    assert english.get(slug="aulnes-square").found_on_walk == walk_en
    cargo = english.get(slug="market-tool-library").resources.order_by("sort_order").first()
    assert cargo.name == "Cargo bike"
    features = json.loads(client.get("/places.geojson").content)["features"]
    assert len(features) == 12
    english_features = json.loads(client.get("/places.geojson?lang=en").content)["features"]
    assert "Cargo bike" in json.dumps(english_features)
    page = client.get(index_en.url)
    assert page.status_code == 200 and "Market tool library" in page.content.decode()
