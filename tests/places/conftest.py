import pytest

from tests.factories.places import PlaceIndexPageFactory

from .helpers import make_places


@pytest.fixture
def place_index(site_tree):
    """The map page under the test site's home page."""
    return PlaceIndexPageFactory(parent=site_tree.home)


@pytest.fixture
def places(place_index):
    """Four places the website shows, and a draft, a private and two out-of-dates ones."""
    return make_places(place_index)
