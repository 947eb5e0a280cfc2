import pytest

from kiosk.models import Kiosk

from .helpers import make_campaign


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    from links.resolver import clear_local_cache

    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


@pytest.fixture
def campaign(site_tree):
    return make_campaign(site_tree)


@pytest.fixture
def kiosk(campaign):
    return Kiosk.objects.create(name="Hall de la mairie", place="Mairie", seconds_per_slide=10)


@pytest.fixture
def bare_kiosk(db):
    """A kiosk and nothing to show: for tests of tokens, heartbeats and permissions."""
    return Kiosk.objects.create(name="Gymnase", place="Entrée")
