"""The demo's queue: one pending new place, one pending correction, made once."""

import pytest

from contributions.models import PlaceContribution
from demo.contributions import create_demo_contributions

pytestmark = pytest.mark.django_db


def test_the_demo_queue_is_made_once(place_map):
    assert len(create_demo_contributions()) == 2
    create_demo_contributions()
    queue = PlaceContribution.objects.pending()
    assert queue.count() == 2
    assert set(queue.values_list("kind", flat=True)) == {"new", "correction"}
    assert queue.get(kind="correction").place.pk == place_map["place"].pk


def test_without_a_live_place_the_demo_makes_nothing(site_tree, locales):
    assert create_demo_contributions() == []
    assert not PlaceContribution.objects.exists()
