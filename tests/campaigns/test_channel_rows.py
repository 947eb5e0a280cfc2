"""Posters, social kits, badges and street criers on the campaign dashboard, CSV and report.

Links are made as the channels make them (for the campaign, or for one page
with no campaign, a badge tied to its sticker design) and scanned through the
resolver.
"""

import csv
import io

from django.urls import reverse
from django.utils import translation

import pytest

from campaigns.measurement import CampaignFigures
from crieur.channels import Channel
from links.models import ShortLink
from stickers.models import StickerDesign
from tests.factories import CampaignPageFactory, ServicePageFactory

from .conftest import publish
from .test_report import pdf_text

pytestmark = pytest.mark.django_db


def scan(client, link, times):
    for _ in range(times):
        assert client.get(f"/q/{link.code}").status_code == 302


@pytest.fixture
def channel_scans(client, campaign, site_tree, locales):
    """Scans on every new channel, and scans that must not count for the campaign."""
    links = ShortLink.objects
    design = StickerDesign.objects.create(
        locale=locales["fr"],
        slug="covoit",
        kind=StickerDesign.Kind.CARPOOL,
        target_page=campaign.regulation,
    )
    plan = [
        # A campaign poster, its street crier's card for the service.
        (links.get_or_create_for(campaign.page, Channel.POSTER, campaign=campaign.page), 2),
        (links.get_or_create_for(campaign.service, Channel.CRIER, campaign=campaign.page), 4),
        # Made for one page, no campaign: they promote the campaign's content all the same.
        (links.get_or_create_for(campaign.service, Channel.SOCIAL), 3),
        (links.get_or_create_for(campaign.regulation, Channel.BADGE, sticker_design=design), 1),
        (links.get_or_create_for(campaign.regulation, Channel.STICKER, sticker_design=design), 1),
        (links.get_or_create_for(campaign.regulation, Channel.BULLETIN, label="bulletin 12"), 1),
    ]
    # Not the campaign's: another campaign's poster of the same service, and a page it
    # does not promote.
    other = publish(CampaignPageFactory(parent=site_tree.campaigns, slug="autre"))
    elsewhere = publish(ServicePageFactory(parent=site_tree.services, slug="ailleurs"))
    plan += [
        (links.get_or_create_for(campaign.service, Channel.POSTER, campaign=other), 5),
        (links.get_or_create_for(elsewhere, Channel.CRIER), 7),
    ]
    for link, times in plan:
        scan(client, link, times)
    return campaign


def test_each_channel_has_its_row(channel_scans):
    figures = CampaignFigures.compute(channel_scans.page)
    # The campaign's own channels first, then the others in the channels' order.
    assert [(row.label, row.total) for row in figures.per_channel] == [
        ("Site web", 0),
        ("Borne", 0),
        ("Autocollant", 1),
        ("Bulletin", 1),
        ("Affiche", 2),
        ("Réseaux sociaux", 3),
        ("Badge", 1),
        ("Crieur de rue", 4),
    ]
    assert figures.total == 12
    items = {row.label: row.total for row in figures.per_item}
    assert items == {"Outilthèque": 7, "Prêter sa voiture": 3, "Semaine du partage": 2}
    # One design, printed as a sticker and as a badge: a row each, saying which.
    designs = {(row.label, row.kind): (row.detail, row.total) for row in figures.per_sticker}
    assert designs == {
        ("covoit", "Autocollant"): ("Prêter sa voiture", 1),
        ("covoit", "Badge"): ("Prêter sa voiture", 1),
    }


def test_dashboard_shows_the_channels_in_english(admin_client, channel_scans):
    url = reverse("campaign_dashboard", args=[channel_scans.page.pk])
    with translation.override("en"):
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    labels = [row.label for row in response.context["figures"].per_channel]
    assert labels[-5:] == ["Bulletin", "Poster", "Social media", "Badge", "Street crier"]
    for label in ("Poster", "Social media", "Badge", "Street crier", "Printed as"):
        assert label in html
    assert "Totals per sticker and badge design" in html


def test_csv_and_report_name_the_channels_in_french(admin_client, channel_scans):
    csv_url = reverse("campaign_dashboard_csv", args=[channel_scans.page.pk])
    with translation.override("fr"):
        response = admin_client.get(csv_url, HTTP_ACCEPT_LANGUAGE="fr")
    header, *days = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert header == [
        "Date",
        "Site web",
        "Borne",
        "Autocollant",
        "Bulletin",
        "Affiche",
        "Réseaux sociaux",
        "Badge",
        "Crieur de rue",
        "Total",
    ]
    (today,) = [row for row in days if row[-1] != "0"]
    assert today[1:] == ["0", "0", "1", "1", "2", "3", "1", "4", "12"]

    report = admin_client.get(reverse("campaign_report_pdf", args=[channel_scans.page.pk]))
    text = " ".join(pdf_text(report.content))
    for label in ("Affiche", "Réseaux sociaux", "Badge", "Crieur de rue", "Imprimé sur"):
        assert label in text
