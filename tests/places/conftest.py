import pytest

from tests.factories.places import PlaceIndexPageFactory


@pytest.fixture
def place_index(site_tree):
    """The map page under the test site's home page."""
    return PlaceIndexPageFactory(parent=site_tree.home)
