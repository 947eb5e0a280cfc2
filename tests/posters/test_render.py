"""Posters read back like a passer-by would: sizes, type, text, QR codes that lead to the page."""

import datetime
import math

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst

import pytest

from links.models import ShortLink
from posters.render import PosterRefused, poster_pdf
from tests.pdf.pdf_helpers import decode_pages

from .conftest import font_sizes, pdf_reader, pdf_text, size_mm, struct_elements

pytestmark = pytest.mark.django_db


def follow(client, qr_text):
    """The page a scanned code leads to: /q/<code> answers 302 to a live page (200)."""
    code = qr_text.rsplit("/", 1)[-1]
    response = client.get(f"/q/{code}")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return response["Location"], ShortLink.objects.get(code=code)


@pytest.mark.parametrize(
    ("size", "print_ready", "media", "trim"),
    [
        ("a4", False, (210, 297), (210, 297)),
        ("a3", False, (297, 420), (297, 420)),
        ("a4", True, (216, 303), (210, 297)),
        ("a3", True, (303, 426), (297, 420)),
    ],
)
def test_page_sizes_with_and_without_bleed(regulation, size, print_ready, media, trim):
    reader = pdf_reader(poster_pdf(regulation, size=size, print_ready=print_ready))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert size_mm(page.mediabox) == pytest.approx(media, abs=0.1)
    assert size_mm(page.trimbox) == pytest.approx(trim, abs=0.1)
    if print_ready:  # 3 mm of bleed on every side, and crop marks drawn in it
        assert float(page.trimbox.left - page.mediabox.left) * 25.4 / 72 == pytest.approx(3, 0.05)


def test_service_poster_prints_its_card_and_a_poster_code_that_leads_to_it(client, service):
    pdf = poster_pdf(service, size="a4")
    text = pdf_text(pdf)
    for expected in (
        "Outilthèque des Aulnes",
        "Empruntez une perceuse au lieu de l'acheter.",
        "À essayer : Un mois d'essai gratuit",  # the running trial offer, French labels
        "Adresse",
        "12 rue des Tilleuls",
        "scannez le code",
    ):
        assert expected in text, expected
    [decoded] = decode_pages(pdf, dpi=150)
    assert len(decoded) == 1
    link = ShortLink.objects.get(page=service, channel="poster")
    assert decoded == [link.qr_url]
    assert link.short_url in text  # printed under the code, for those who type it
    assert link.campaign is None
    location, followed = follow(client, decoded[0])
    assert location.endswith(service.url)
    assert followed.channel == "poster"
    # A second poster of the same page reuses its code.
    assert decode_pages(poster_pdf(service, size="a3"), dpi=100) == [[link.qr_url]]
    assert ShortLink.objects.filter(page=service, channel="poster").count() == 1


def test_a3_type_is_read_from_three_metres_and_a4_is_the_same_layout_scaled(service):
    a3 = poster_pdf(service, size="a3")
    a4 = poster_pdf(service, size="a4")
    title_a3 = font_sizes(a3, "Outilthèque")
    body_a3 = font_sizes(a3, "12 rue des Tilleuls")
    assert min(title_a3) >= 90
    assert min(body_a3) >= 28
    assert min(font_sizes(a4, "Outilthèque")) == pytest.approx(
        min(title_a3) / math.sqrt(2), rel=0.02
    )
    assert min(font_sizes(a4, "12 rue des Tilleuls")) == pytest.approx(
        min(body_a3) / math.sqrt(2), rel=0.02
    )


def test_layout_follows_the_cards_parts(regulation, testimonial, service):
    # An answer: the question as the title, the verdict in words, the one-line answer.
    text = pdf_text(poster_pdf(regulation))
    assert "Puis-je prêter ma voiture ?" in text
    assert "CE QUE DIT LA RÉGLEMENTATION" in text  # the kicker, in capitals
    assert "Oui" in text and "si votre contrat d'assurance le permet" in text
    # A quote: in French quotation marks, signed, with its portrait (and its alt text).
    pdf = poster_pdf(testimonial)
    text = pdf_text(pdf)
    assert "« J'ai rencontré trois voisins en empruntant une perceuse. »" in text
    assert "— Claire" in text
    figures = [
        alt
        for tag, alt in struct_elements(pdf_reader(pdf).trailer["/Root"]["/StructTreeRoot"])
        if tag == "/Figure"
    ]
    assert "Portrait de Claire" in figures
    # A trial offer that has ended is not offered any more.
    service.trial_until = timezone.localdate() - datetime.timedelta(days=1)
    service.save_revision().publish()
    service.refresh_from_db()
    assert "essai" not in pdf_text(poster_pdf(service.specific))


def test_tagged_pdf_in_the_pages_language_with_alt_text(service):
    reader = pdf_reader(poster_pdf(service, size="a3", print_ready=True))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "fr"
    elements = struct_elements(root["/StructTreeRoot"])
    tags = [tag for tag, _alt in elements]
    assert tags.count("/H1") == 1
    figures = [alt for tag, alt in elements if tag == "/Figure"]
    assert "Des outils rangés sur une étagère" in figures
    assert any(alt.startswith("QR code menant à testserver/q/") for alt in figures)
    assert reader.metadata.title == "Outilthèque des Aulnes"


def test_testimonial_without_print_consent_is_refused(refusing):
    with pytest.raises(PosterRefused) as refused:
        poster_pdf(refusing)
    assert refused.value.left_out.title == "Mehdi et le covoiturage"
    assert refused.value.left_out.channel == "poster"
    assert "consent" in refused.value.reason or "consenti" in refused.value.reason
    assert not ShortLink.objects.filter(page=refusing).exists()


def test_a_consent_must_last_as_long_as_the_poster_stays_up(testimonial):
    testimonial.consent_until = timezone.localdate() + datetime.timedelta(days=10)
    testimonial.save_revision().publish()
    today = timezone.localdate()
    assert poster_pdf(testimonial, on=today).startswith(b"%PDF")
    with pytest.raises(PosterRefused):
        poster_pdf(testimonial, on=today, through=today + datetime.timedelta(days=30))


def test_campaign_poster_lists_its_upcoming_events_with_day_hour_and_place(client, campaign):
    pdf = poster_pdf(campaign, size="a3", campaign=campaign)
    text = pdf_text(pdf)
    assert "Semaine du partage" in text
    assert "Prêter, c'est gagner des voisins" in text
    assert "VENEZ ESSAYER : LES RENDEZ-VOUS" in text
    for days, name, place in (
        (5, "Fête des voisins", "Place du Marché"),
        (12, "Atelier réparation", "Salle des fêtes"),
    ):
        day = timezone.localdate() + datetime.timedelta(days=days)
        with translation.override("fr"):
            label = capfirst(date_format(day, "l j F"))  # "Samedi 14 mars"
        assert f"{label} · 17:00 – 19:00 {name} — {place}" in text
    assert "17:00 – 19:00" in text
    assert "Vide-grenier" not in text  # over already
    [decoded] = decode_pages(pdf, dpi=100)
    location, link = follow(client, decoded[0])
    assert location.endswith(campaign.url)
    assert (link.channel, link.campaign_id, link.page_id) == ("poster", campaign.pk, campaign.pk)


def test_unknown_size_is_a_clear_error(service):
    with pytest.raises(ValueError, match="a3, a4"):
        poster_pdf(service, size="letter")


def test_english_page_gets_an_english_poster(client, english_service):
    pdf = poster_pdf(english_service, size="a4")
    assert pdf_reader(pdf).trailer["/Root"]["/Lang"] == "en"
    text = pdf_text(pdf)
    for expected in (
        "Aulnes tool library",
        "Borrow a drill instead of buying one.",
        "Try it: One month free",
        "Address",
        "Find out more and join: scan the code, or type",
    ):
        assert expected in text, expected
    assert "Adresse" not in text and "essayer" not in text
    [decoded] = decode_pages(pdf, dpi=150)
    location, link = follow(client, decoded[0])
    assert link.page_id == english_service.pk
    assert location.endswith(english_service.url)
