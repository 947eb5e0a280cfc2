"""Hostile and very long texts on a poster: one page, the QR code still there, text as text."""

import dataclasses

import pytest

from links.models import ShortLink
from posters.render import poster_html, poster_pdf
from tests.factories import CampaignPageFactory, ServicePageFactory, TestimonialPageFactory
from tests.pdf.pdf_helpers import decode_pages
from tests.posters.conftest import fresh_link_cache, pdf_reader, pdf_text, publish  # noqa: F401

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
RTL = "\u202eRÉTSIM\u202c \u200fمكتبة الأدوات المشتركة\u200f"
EMOJI = "🔨🚗📚🥕 Prêtez, partagez ! 👩‍👩‍👧‍👦"
LONG_WORD = "Anticonstitutionnellement" * 48  # 1,200 characters, no space to break at


def hostile_title(length=1200):
    text = f"{SCRIPT} {EMOJI} {RTL} " + "Outilthèque partagée des Aulnes " * 60
    return text[:length]


def check_one_page_with_its_code(pdf, page):
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 1
    link = ShortLink.objects.get(page=page, channel="poster")
    assert decode_pages(pdf, dpi=100) == [[link.qr_url]]
    assert link.short_url in pdf_text(pdf)


@pytest.mark.parametrize("size", ["a4", "a3"])
@pytest.mark.parametrize("title", [hostile_title(), LONG_WORD], ids=["sentence", "one-word"])
def test_a_1200_character_title_keeps_the_code_on_one_page(site_tree, size, title):
    # The database caps titles at 255 characters; a card may carry more (a new content type).
    page = publish(ServicePageFactory(parent=site_tree.services, slug="outils", teaser="x"))
    page._card = dataclasses.replace(page.card, title=title)
    pdf = poster_pdf(page, size=size, print_ready=size == "a3")
    check_one_page_with_its_code(pdf, page)


def test_every_field_at_its_longest_and_hostile(site_tree):
    page = publish(
        ServicePageFactory(
            parent=site_tree.services,
            slug="outils",
            title=hostile_title(255),
            teaser=(SCRIPT + EMOJI + RTL)[:160],
            join_address="<b>gratuit</b> " * 70,
            join_opening_hours=LONG_WORD,
            join_contact=EMOJI * 8,
            join_price=(SCRIPT + " ") * 7,
            trial_offer=hostile_title(255),
        )
    )
    pdf = poster_pdf(page, size="a4")
    check_one_page_with_its_code(pdf, page)
    text = pdf_text(pdf)
    # Markup is printed as the characters typed, never interpreted.
    assert '<script>alert("x")</script>' in text
    assert "<b>gratuit</b>" in text
    # Emoji are dropped (the bundled font has none), not printed as empty boxes.
    assert "Prêtez, partagez !" in text and "🔨" not in text
    html = poster_html_of(page)
    assert "<script>" not in html and "&lt;script&gt;" in html


def poster_html_of(page):
    from posters.render import SIZES, build_content

    return poster_html(build_content(page, SIZES["a4"]), SIZES["a4"])


def test_a_long_quote_and_a_campaign_full_of_events(site_tree):
    testimonial = publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            slug="long",
            display_name="N" * 80,
            quote=("Je prête ma perceuse. " * 20)[:280],
        )
    )
    testimonial._card = dataclasses.replace(testimonial.card, quote=("Je prête. " * 120)[:1200])
    check_one_page_with_its_code(poster_pdf(testimonial, size="a3"), testimonial)

    from datetime import timedelta

    from django.utils import timezone

    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="fete", slogan=RTL[:160])
    for day in range(1, 30):
        campaign.events.add(
            campaign.events.model(
                name=hostile_title(160),
                place=LONG_WORD[:255],
                starts_at=timezone.now() + timedelta(days=day),
            )
        )
    campaign.save()
    campaign = publish(campaign)
    pdf = poster_pdf(campaign, size="a4", campaign=campaign)
    check_one_page_with_its_code(pdf, campaign)
    assert "rendez-vous : voir le site" in pdf_text(pdf)  # "and 26 more events: see the website"


def test_an_image_outside_the_site_is_never_fetched(site_tree, monkeypatch):
    """A rendition whose URL points elsewhere (remote storage, tampering) is left out."""
    from crieur.demo.images import get_or_create_image

    image = get_or_create_image("Outilthèque photo", "Des outils")
    page = publish(ServicePageFactory(parent=site_tree.services, slug="outils", image=image))
    rendition_class = image.get_rendition_model()
    monkeypatch.setattr(
        rendition_class, "url", property(lambda self: "http://169.254.169.254/latest/x.jpg")
    )
    fetched = []
    from pdf import fetcher

    original = fetcher.ProjectURLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher.ProjectURLFetcher, "fetch", spy)
    pdf = poster_pdf(page, size="a4")
    assert len(pdf_reader(pdf).pages) == 1
    # The fetcher was asked and refused (no request leaves the machine); the poster printed.
    assert any("169.254.169.254" in url for url in fetched)
