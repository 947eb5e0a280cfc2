"""Images at exact pixel sizes, laid out from the card's parts, with alternative texts."""

import dataclasses
import datetime
import io

from django.utils import timezone

import pytest
from PIL import Image

from crieur.cards import Card, CardEvent
from pdf.print_style import print_style
from social.images import (
    FORMATS,
    SQUARE,
    fit_text,
    image_html,
    image_layout,
    layout_kind,
    render_image,
)
from social.images import alt_text as image_alt_text

pytestmark = pytest.mark.django_db

SIZES = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "link": (1200, 630),
}


def _png(data):
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def test_every_format_is_a_png_of_the_exact_size(pages):
    service = pages["service"]
    style = print_style(service)
    assert {fmt.key: (fmt.width, fmt.height) for fmt in FORMATS} == SIZES
    for fmt in FORMATS:
        image = _png(render_image(service.card, fmt, style=style, short_url="testserver/q/ABC"))
        assert image.size == SIZES[fmt.key]
        # The site's primary colour fills the panel under the illustration.
        primary = tuple(int(style["primary"][i : i + 2], 16) for i in (1, 3, 5))
        pixel = image.convert("RGB").getpixel(
            (fmt.width - 8, fmt.height - round(min(SIZES[fmt.key]) * 0.2))
        )
        assert max(abs(a - b) for a, b in zip(pixel, primary, strict=True)) < 8, fmt.key


def test_the_layout_follows_the_cards_parts(pages):
    now = timezone.now()
    service, social, campaign = pages["service"], pages["social"], pages["campaign"]
    assert layout_kind(service.card, now) == "feature"
    assert layout_kind(social.card, now) == "quote"
    assert layout_kind(campaign.card, now) == "agenda"
    # Events over: a campaign falls back on its illustration and slogan.
    assert layout_kind(campaign.card, now + datetime.timedelta(days=400)) == "feature"

    quote = image_layout(social.card, SQUARE, primary="#1d4e89", accent="#f4b400", now=now)
    kinds = [block.kind for block in quote]
    assert "quote_mark" in kinds
    portrait = next(block for block in quote if block.kind == "image")
    assert portrait.w == portrait.h < 300  # a small square portrait beside the words
    agenda = image_layout(campaign.card, SQUARE, primary="#1d4e89", accent="#f4b400", now=now)
    events = [block for block in agenda if block.kind == "event"]
    assert [block.text for block in events] == ["Fête des voisins — Place du Marché"]
    for blocks in (quote, agenda):
        for block in blocks:  # nothing leaves the image or runs into the footer
            assert block.x >= 0 and block.x + block.w <= SQUARE.width
            assert block.y >= 0 and block.y + block.h <= SQUARE.height - round(1080 * 0.095)


def test_a_regulation_shows_its_verdict_and_a_service_its_trial(pages):
    regulation = image_layout(pages["regulation"].card, SQUARE, primary="#1d4e89", accent="#f4b400")
    assert [b.text for b in regulation if b.kind == "badge"] == ["Oui"]
    html = image_html(pages["service"].card, SQUARE, style=print_style(pages["service"]))
    assert "Un mois d’essai gratuit" in html
    assert '<html lang="fr">' in html
    assert "@page { size: 1080px 1080px" in html


def test_alternative_text_in_the_pages_language(pages):
    social = image_alt_text(pages["social"].card, short_url="testserver/q/ABC")
    assert "Claire" in social
    assert "J’ai rencontré trois voisins" in social
    assert "Portrait de Claire" in social
    assert "testserver/q/ABC" in social
    assert "Portrait" in social and "Une citation de Claire" in social
    english = image_alt_text(pages["service_en"].card)
    assert english.startswith("Tool library: Borrow a drill instead of buying one.")
    assert "Try it: One month free" in english
    assert "Picture: Des outils rangés sur une étagère." in english


def test_texts_shrink_then_cut_to_fit_their_box():
    short = fit_text("Outilthèque", 900, 200, largest=90, smallest=40, face="bold")
    assert short.size == 90 and short.text == "Outilthèque"
    long = fit_text("Outilthèque des Aulnes " * 100, 900, 200, largest=90, smallest=40)
    assert long.size == 40
    assert long.text.endswith("…")
    assert long.height <= 200


def test_an_image_made_from_a_card_without_image_or_page_uses_the_pictogram(pages):
    card = dataclasses.replace(pages["service"].card, image=None)
    blocks = image_layout(card, SQUARE, primary="#1d4e89", accent="#f4b400")
    assert blocks[0].kind == "pictogram" and "<svg" in blocks[0].markup
    bare = Card(
        kind="page",
        title="Une page",
        teaser="",
        url="",
        locale="fr",
        events=(CardEvent(1, "Passé", timezone.now() - datetime.timedelta(days=2)),),
    )
    assert layout_kind(bare) == "feature"
    assert [b.kind for b in image_layout(bare, SQUARE, primary="#000000", accent="#ffffff")] == [
        "text"
    ]
