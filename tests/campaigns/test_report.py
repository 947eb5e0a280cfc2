"""The campaign report: a PDF of one to three pages, in the campaign's language, with the totals."""

import io

from django.urls import reverse

import pypdf
import pypdfium2
import pytest

from links.models import ShortLink

pytestmark = pytest.mark.django_db


def pdf_text(data):
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    try:
        pages = [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()
    return pages


def test_report_pdf(admin_client, campaign, locales):
    for page, channel, times in [
        (campaign.service, "website", 4),
        (campaign.testimonial, "kiosk", 3),
    ]:
        code = ShortLink.objects.get(campaign=campaign.page, page=page, channel=channel).code
        for _ in range(times):
            admin_client.get(f"/q/{code}")

    response = admin_client.get(reverse("campaign_report_pdf", args=[campaign.page.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pages = pdf_text(response.content)
    assert 1 <= len(pages) <= 3
    text = " ".join(" ".join(pages).split())
    assert "Semaine du partage" in text
    assert "7 scans du" in text  # the summary
    assert "Site web 4 57 %" in text  # totals per channel
    assert "Borne 3 43 %" in text
    assert "Outilthèque Présentation de service 4 57 %" in text  # totals per content
    assert "Amina et la perceuse Témoignage 3 43 %" in text
    assert "Fête des voisins" in text
    # In the campaign's language (French), whatever the admin's language.
    assert "Scans par jour et par canal" in text
    catalog = pypdf.PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert catalog["/Lang"] == "fr"


def test_report_follows_the_campaign_language(admin_client, campaign, locales):
    from .conftest import publish

    english = campaign.page.copy_for_translation(locales["en"], copy_parents=True)
    publish(english)
    response = admin_client.get(reverse("campaign_report_pdf", args=[english.pk]))
    text = " ".join(" ".join(pdf_text(response.content)).split())
    assert "Scans per day and per channel" in text
