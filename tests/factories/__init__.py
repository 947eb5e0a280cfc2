from .pages import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    HomePageFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    TestimonialIndexPageFactory,
    TestimonialPageFactory,
)

__all__ = [
    "CampaignIndexPageFactory",
    "CampaignPageFactory",
    "HomePageFactory",
    "RegulationIndexPageFactory",
    "RegulationPageFactory",
    "ServiceIndexPageFactory",
    "ServicePageFactory",
    "TestimonialIndexPageFactory",
    "TestimonialPageFactory",
]
