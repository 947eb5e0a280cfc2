"""Hostile text on the print forms' SVG previews (design thumbnails, sheet preview):
always well-formed SVG, text never markup, bounded length; bad thumbnail ids are 404."""

import re

from django.urls import reverse

import pytest
from defusedxml import ElementTree as ET

from stickers.models import StickerDesign
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
LONG_TITLE = ("Covoiturage solidaire du quartier des Aulnes " * 30)[:255]
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def hostile_designs(locales, site_tree):
    page = ServicePageFactory(parent=site_tree.services, slug="long", title=LONG_TITLE)
    page.save_revision().publish()
    texts = {
        "script": SCRIPT[:80],
        "rtl": "\u202eerutiovoc eJ\u202c مشاركة \u200f",
        "emoji": "🚗🚲📚🔨 Je covoiture ! 👩‍👩‍👧‍👦",
        "quote": '" onload="alert(1)',
    }
    designs = [
        StickerDesign.objects.create(locale=locales["fr"], slug=slug, text=text)
        for slug, text in texts.items()
    ]
    designs.append(
        StickerDesign.objects.create(
            locale=locales["fr"],
            slug="long-title",
            kind=StickerDesign.Kind.SERVICE,
            text="",  # the target page's 255-character title
            target_page=page,
        )
    )
    return designs


def _well_formed(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert not list(root.iter(f"{SVG_NS}script"))
    for element in root.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib)
    return root


def test_thumbnails_of_hostile_designs_are_inert_svg(client, staff_user, hostile_designs):
    client.force_login(staff_user)
    url = reverse("print_sticker_sheet")
    page = client.get(url).content.decode()
    thumbnails = {
        int(pk): link.replace("&amp;", "&")
        for link, pk in re.findall(r'<img src="([^"]*\?thumbnail=(\d+)[^"]*)"', page)
    }
    assert "<script>alert" not in page
    for design in hostile_designs:
        answer = client.get(thumbnails[design.pk])
        assert answer.status_code == 200
        assert answer["Content-Security-Policy"] == "default-src 'none'"
        root = _well_formed(answer.content.decode())
        texts = "".join(text.text or "" for text in root.iter(f"{SVG_NS}text"))
        assert len(texts) <= 120
    assert "&lt;script&gt;" in client.get(thumbnails[hostile_designs[0].pk]).content.decode()
    for bad in ("x", "999999", "1e9", "-1", "1 OR 1=1"):
        assert client.get(url, {"thumbnail": bad}, follow=True).status_code == 404


def test_the_sheet_preview_of_hostile_designs_is_inert_svg(client, staff_user, hostile_designs):
    client.force_login(staff_user)
    data = {"format": "avery-l7160", "start": "3", "codes": "design", "action": "preview"}
    data.update({f"count_{design.pk}": "2" for design in hostile_designs})
    response = client.post(reverse("print_sticker_sheet"), data)
    assert response.status_code == 200
    content = response.content.decode()
    section = content.index('class="sticker-sheet-preview"')
    svg = content[content.index("<svg", section) : content.index("</svg>", section) + 6]
    root = _well_formed(svg)
    filled = [g for g in root.iter(f"{SVG_NS}g") if g.get("data-state") == "filled"]
    assert len(filled) == 2 * len(hostile_designs)
    assert "<script>alert" not in content
