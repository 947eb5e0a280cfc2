"""A campaign selects content pages only, and says which types when it refuses one."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from campaigns.models import CampaignItem
from tests.factories import CampaignPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def test_a_page_of_another_type_is_refused_with_the_types_allowed(site_tree):
    campaign = CampaignPageFactory(parent=site_tree.campaigns)
    item = CampaignItem(campaign=campaign, page=site_tree.home)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        item.clean()
    message = refused.value.message_dict["page"][0]
    for kind in ("service presentation", "testimonial", "shared place", "call for projects"):
        assert kind in message.lower(), kind
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        item.clean()
    assert refused.value.message_dict["page"][0].startswith(
        "Choisissez une page de l’un de ces types"
    )


def test_a_service_is_accepted(site_tree):
    campaign = CampaignPageFactory(parent=site_tree.campaigns)
    service = ServicePageFactory(parent=site_tree.services)
    CampaignItem(campaign=campaign, page=service).clean()  # raises nothing
