"""Every body block says how it prints, and the bulletin prints it without knowing its type."""

from django.urls import reverse

from wagtail import blocks

import pytest
from bs4 import BeautifulSoup

from bulletins.content import build_bulletin
from bulletins.models import BulletinPage
from bulletins.render import _template_fingerprint, bulletin_html
from crieur.blocks import (
    HeadingBlock,
    blocks_missing_print_protocol,
    page_blocks_missing_print_protocol,
)
from services.models import ServicePage

from .conftest import page_article, publish

pytestmark = pytest.mark.django_db

#: An edition's articles are the bulletin itself: each kind prints as a whole article.
BULLETIN_ARTICLES = f"{BulletinPage._meta.label}.articles"


class MapBlock(blocks.CharBlock):
    """A block that cannot be printed, and says why."""

    class Meta:
        not_printed = "a map needs a screen to be zoomed"


class SoundBlock(blocks.CharBlock):
    """A block that says nothing about print."""


def add_body_block(monkeypatch, name, block):
    """``block`` as a body block of services, for this test only."""
    block.set_name(name)
    stream_block = ServicePage._meta.get_field("body").stream_block
    monkeypatch.setitem(stream_block.child_blocks, name, block)


def test_every_body_block_of_every_page_model_says_how_it_prints():
    assert BULLETIN_ARTICLES in {
        f"{field.model._meta.label}.{field.name}" for field in BulletinPage._meta.get_fields()
    }
    assert page_blocks_missing_print_protocol(skip={BULLETIN_ARTICLES}) == []


def test_a_block_that_says_nothing_about_print_fails_the_check(monkeypatch):
    stream = blocks.StreamBlock(
        [
            ("heading", HeadingBlock()),
            ("map", MapBlock()),
            ("sound", SoundBlock()),
            ("both", MapBlock(print_template="blocks/print/heading_block.html")),
            ("nested", blocks.StreamBlock([("sound", SoundBlock())], not_printed="no")),
            ("playlist", blocks.ListBlock(blocks.StreamBlock([("sound", SoundBlock())]))),
        ]
    )
    assert blocks_missing_print_protocol(stream) == [
        "sound",
        "both",
        "nested: sound",
        "playlist",
        "playlist: sound",
    ]

    add_body_block(monkeypatch, "sound", SoundBlock())
    assert page_blocks_missing_print_protocol(skip={BULLETIN_ARTICLES}) == [
        "services.ServicePage.body: sound"
    ]


def test_todays_blocks_print_as_before(edition, content_pages):
    service = content_pages["service"]
    service.body.append(("quote", {"text": "Une citation", "attribution": "Paul"}))
    service.body.append(("call_to_action", {"label": "Adhérer", "url": "https://example.org/"}))
    publish(service)

    content = build_bulletin(edition)
    image = content.articles[0].blocks[2].context["image"]
    assert image.width_px == 1016 and image.url.startswith("/media/images/")
    html = bulletin_html(edition, "home", content=content)
    columns = BeautifulSoup(html, "html.parser").find(id="article-1").find(class_="article-columns")
    printed = [str(child) for child in columns.children if child.name]
    start = printed.index("<h3>Comment ça marche ?</h3>")
    assert printed[start : start + 7] == [
        "<h3>Comment ça marche ?</h3>",
        "<p>On adhère, on emprunte, on rapporte.</p>",
        f'<figure><img alt="L’atelier du samedi matin" src="{image.url}"/>'
        "<figcaption>L’atelier</figcaption></figure>",
        '<div class="info-box"><h3>Bon à savoir</h3><p>Adhésion gratuite pour tous.</p></div>',
        "<blockquote><p>Une citation</p><p>— Paul</p></blockquote>",
        '<p class="cta">→ Adhérer</p>',
        str(columns.find("dl", class_="facts")),
    ]


def test_a_block_not_printed_says_why_in_the_print_preview_and_the_print_view(
    monkeypatch, make_edition, content_pages, client, staff_user
):
    add_body_block(monkeypatch, "map", MapBlock(label="Carte"))
    service = content_pages["service"]
    service.body = [
        ("paragraph", "<p>Avant la carte.</p>"),
        ("map", "48.85,2.35"),
        ("paragraph", "<p>Après la carte.</p>"),
    ]
    publish(service)
    edition = make_edition([page_article(service, title="L’outilthèque")])

    content = build_bulletin(edition)
    assert [(item.title, item.code, item.reason) for item in content.left_out] == [
        (
            "L’outilthèque · Carte",
            "not_printed",
            "this block is not printed: a map needs a screen to be zoomed",
        )
    ]

    preview = bulletin_html(edition, "home", preview=True, content=content)
    article = BeautifulSoup(preview, "html.parser").find(id="article-1")
    note = article.find(class_="not-printed")
    assert note is not None and note.find_previous("p").text == "Avant la carte."
    assert "Carte" in note.text and "a map needs a screen to be zoomed" in note.text
    printed = bulletin_html(edition, "home", content=content)
    assert "48.85" not in printed and "a map needs a screen" not in printed
    assert "Après la carte." in printed

    client.force_login(staff_user)
    print_view = client.get(reverse("print_bulletin", args=[edition.pk])).content.decode()
    assert "L’outilthèque · Carte" in print_view
    assert "a map needs a screen to be zoomed" in print_view


@pytest.fixture
def fresh_fingerprint():
    _template_fingerprint.cache_clear()
    yield
    _template_fingerprint.cache_clear()


def test_the_block_print_templates_are_part_of_the_stored_pdfs_key(monkeypatch, fresh_fingerprint):
    before = _template_fingerprint()
    quote = ServicePage._meta.get_field("body").stream_block.child_blocks["quote"]
    monkeypatch.setattr(quote.meta, "print_template", "blocks/print/heading_block.html")
    _template_fingerprint.cache_clear()
    assert _template_fingerprint() != before
