"""Bad input: short link labels that look like the old ``kiosk:<pk>`` / ``sticker:<slug>`` marks.

A label is free text any member of staff may type. Whatever it says, it must
not take over a kiosk's or a sticker design's code, nor move scans to a kiosk
the code was never shown on.
"""

from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest

from campaigns.measurement import CampaignFigures
from kiosk.models import Kiosk
from kiosk.playlist import build_playlist
from links.models import ShortLink
from stickers.models import StickerDesign
from tests.kiosk.helpers import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(site_tree):
    return make_campaign(site_tree)


@pytest.fixture
def hall(campaign):
    kiosk = Kiosk.objects.create(name="Hall de la mairie", place="Mairie")
    build_playlist(kiosk)  # the kiosk's own codes
    return kiosk


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize("label", ["kiosk:{pk}", "kiosk:0{pk}"])
def test_a_label_naming_a_kiosk_neither_gets_nor_counts_for_its_codes(
    admin_client, campaign, hall, label
):
    label = label.format(pk=hall.pk)
    own = ShortLink.objects.get(kiosk=hall, page=campaign.service)
    response = admin_client.post(
        reverse("links_page", args=[campaign.service.pk]),
        {"channel": "kiosk", "campaign": campaign.page.pk, "label": label},
    )
    assert response.status_code == 302
    typed = ShortLink.objects.get(label=label)
    assert typed != own and typed.kiosk is None and typed.kiosk_number is None

    visitor = Client()
    for _ in range(3):
        assert visitor.get(f"/q/{typed.code}").status_code == 302
    with translation.override("en"):
        rows = {r.label: r.total for r in CampaignFigures.compute(campaign.page).per_kiosk}
    assert rows == {"Other / shared codes": 3}


def test_a_label_naming_a_design_does_not_take_its_code(locales, campaign):
    service = campaign.service
    typed = ShortLink.objects.get_or_create_for(service, "sticker", label="sticker:perceuse")
    design = StickerDesign.objects.create(
        locale=locales["fr"],
        slug="perceuse",
        kind=StickerDesign.Kind.SERVICE,
        target_page=service,
    )
    assert design.short_link() != typed
    assert typed.sticker_design is None
