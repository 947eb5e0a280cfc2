import pytest

from links.models import ShortLink
from links.resolver import clear_local_cache
from tests.factories import ServicePageFactory


@pytest.fixture(autouse=True)
def fresh_link_cache():
    from django.core.cache import cache

    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


@pytest.fixture
def service(site_tree):
    page = ServicePageFactory(parent=site_tree.services, title="Outilthèque", slug="outilotheque")
    page.save_revision().publish()
    return page


@pytest.fixture
def link(service):
    return ShortLink.objects.get_or_create_for(service, "sticker", label="Boîte aux lettres")
