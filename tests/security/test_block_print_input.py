"""Bad input in body blocks on paper: a block prints only through its print template and the
printer, so an editor's markup never makes the renderer fetch a URL nor becomes markup."""

from wagtail import blocks

import pytest
from bs4 import BeautifulSoup

from bulletins.content import build_bulletin
from bulletins.render import bulletin_html
from services.models import ServicePage
from tests.bulletins.conftest import (
    content_pages,  # noqa: F401 - a fixture
    page_article,
    publish,
)

pytestmark = pytest.mark.django_db

OUTSIDE = "http://127.0.0.1:9/x.png"


class NoticeBlock(blocks.RichTextBlock):
    """A block added after the bulletin was written: a print template, no code in the bulletin."""

    def get_print_context(self, value, printer):
        return {"html": printer.rich_text(value.source)}

    class Meta:
        print_template = "blocks/print/paragraph_block.html"


@pytest.fixture
def notice_block(monkeypatch):
    block = NoticeBlock()
    block.set_name("notice")
    stream_block = ServicePage._meta.get_field("body").stream_block
    monkeypatch.setitem(stream_block.child_blocks, "notice", block)


def urls_in(html):
    soup = BeautifulSoup(html, "html.parser")
    return [
        value
        for element in soup.find_all(True)
        for name, value in element.attrs.items()
        if name in ("src", "href", "style", "srcset") and "127.0.0.1:9" in str(value)
    ]


def test_a_new_blocks_rich_text_goes_through_the_printer(
    notice_block,
    make_edition,
    content_pages,  # noqa: F811
):
    service = content_pages["service"]
    service.body = [
        (
            "notice",
            f'<p style="background: url({OUTSIDE})">Fermé en août.<img src="{OUTSIDE}" alt="">'
            f"<script>fetch('{OUTSIDE}')</script></p>",
        ),
    ]
    publish(service)
    edition = make_edition([page_article(service)])

    content = build_bulletin(edition)
    html = bulletin_html(edition, "home", content=content)
    assert "<p>Fermé en août.</p>" in html
    assert "127.0.0.1:9" not in html and "<script>fetch" not in html
    assert [(item.code, item.detail) for item in content.left_out] == [("external_url", OUTSIDE)]


def test_markup_typed_in_plain_text_fields_prints_as_text(
    make_edition,
    content_pages,  # noqa: F811
):
    markup = f'<img src="{OUTSIDE}">'
    service = content_pages["service"]
    service.body = [
        ("heading", {"text": markup, "level": "h2"}),
        ("quote", {"text": markup, "attribution": markup}),
        ("call_to_action", {"label": markup, "url": "https://example.org/"}),
        ("info_box", {"title": markup, "text": "<p>Bon à savoir.</p>"}),
    ]
    publish(service)
    edition = make_edition([page_article(service)])

    html = bulletin_html(edition, "home")
    assert urls_in(html) == []
    article = BeautifulSoup(html, "html.parser").find(id="article-1")
    assert article.text.count(markup) == 5
