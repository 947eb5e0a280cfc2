"""Print by looking: design thumbnails, quantities on a grid of cards, the sheet preview,
and the label format and start position remembered per user."""

import re

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest
from pypdf import PdfReader

from stickers.models import StickerDesign, StickerPrintPreference
from tests.pdf.pdf_helpers import decode_pages

pytestmark = pytest.mark.django_db

THUMBNAIL = re.compile(rb'<img src="([^"]*\?thumbnail=(\d+)[^"]*)"')


def _sheet(**overrides):
    data = {"format": "avery-l7160", "start": "1", "codes": "design"}
    data.update(overrides)
    return data


@pytest.fixture
def printer(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.org", "password")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def _thumbnails(content):
    return {int(pk): url.decode().replace("&amp;", "&") for url, pk in THUMBNAIL.findall(content)}


@pytest.mark.parametrize("view", ["print_sticker_sheet", "print_badge_sheet"])
def test_the_form_shows_a_thumbnail_per_design_for_those_who_may_print(
    client, printer, editor, designs, view
):
    client.force_login(printer)
    response = client.get(reverse(view))
    assert response.status_code == 200
    thumbnails = _thumbnails(response.content)
    assert set(thumbnails) == {design.pk for design in designs.values()}
    for design in designs.values():
        assert f'name="count_{design.pk}"'.encode() in response.content
    answer = client.get(thumbnails[designs["covoit"].pk])
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("image/svg+xml")
    assert "private" in answer["Cache-Control"]
    svg = answer.content.decode()
    assert svg.startswith("<svg") and "Je covoiture" in svg and "#f5c518" in svg
    # Cached by version: the same version answers 304; a changed design changes its URL.
    again = client.get(thumbnails[designs["covoit"].pk], HTTP_IF_NONE_MATCH=answer["ETag"])
    assert again.status_code == 304
    StickerDesign.objects.filter(pk=designs["covoit"].pk).update(text="Covoiturage")
    changed = _thumbnails(client.get(reverse(view)).content)[designs["covoit"].pk]
    assert changed != thumbnails[designs["covoit"].pk]
    assert client.get(changed, HTTP_IF_NONE_MATCH=answer["ETag"]).status_code == 200

    client.force_login(editor)
    assert client.get(thumbnails[designs["covoit"].pk]).status_code in (302, 403)


def _pdf_text(pdf):
    return [page.extract_text() for page in PdfReader(__import__("io").BytesIO(pdf)).pages]


def test_quantities_from_the_cards_make_the_same_pdf_as_the_rows(client, printer, designs):
    client.force_login(printer)
    url = reverse("print_sticker_sheet")
    rows = client.post(
        url,
        _sheet(
            start="17",
            design_1=designs["covoit"].pk,
            quantity_1="3",
            design_2=designs["perceuse"].pk,
            fill_sheet="on",
        ),
    )
    cards = client.post(
        url,
        _sheet(
            start="17",
            **{
                f"count_{designs['covoit'].pk}": "3",
                f"fill_{designs['perceuse'].pk}": "on",
                f"count_{designs['outils'].pk}": "",
            },
        ),
    )
    assert rows["Content-Type"] == cards["Content-Type"] == "application/pdf"
    assert _pdf_text(cards.content) == _pdf_text(rows.content)
    assert [len(page) for page in decode_pages(cards.content, dpi=150)] == [3]
    assert [len(page) for page in decode_pages(rows.content, dpi=150)] == [3]


def test_a_card_quantity_is_checked(client, printer, designs):
    client.force_login(printer)
    response = client.post(
        reverse("print_sticker_sheet"), _sheet(**{f"count_{designs['perceuse'].pk}": "-2"})
    )
    assert response.status_code == 200
    assert b"greater than or equal to 0" in response.content
    response = client.post(
        reverse("print_sticker_sheet"), _sheet(**{f"count_{designs['perceuse'].pk}": "5001"})
    )
    assert b"At most 5000 stickers" in response.content


def test_the_preview_shows_the_planned_labels_and_marks_the_start(client, printer, designs):
    client.force_login(printer)
    response = client.post(
        reverse("print_sticker_sheet"),
        _sheet(
            start="5",
            action="preview",
            **{
                f"count_{designs['covoit'].pk}": "4",
                f"count_{designs['perceuse'].pk}": "2",
            },
        ),
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    section = content.index('class="sticker-sheet-preview"')
    svg = content[content.index("<svg", section) : content.index("</section>", section)]
    states = re.findall(r'data-position="(\d+)" data-state="(\w+)"', svg)
    assert len(states) == 21  # every position of an Avery L7160
    assert [int(p) for p, state in states if state == "used"] == [1, 2, 3, 4]
    assert [int(p) for p, state in states if state == "filled"] == list(range(5, 11))
    assert "Start: position 5" in svg
    assert svg.count("Je covoiture") == 4 and svg.count("Perceuse") == 2
    assert "6 stickers on 1 sheet(s)" in content


def test_format_and_start_are_remembered_for_that_user_only(
    client, printer, django_user_model, designs
):
    client.force_login(printer)
    url = reverse("print_sticker_sheet")
    response = client.post(
        url,
        _sheet(
            format="avery-l7163",
            start="7",
            **{f"count_{designs['perceuse'].pk}": "2"},
        ),
    )
    assert response["Content-Type"] == "application/pdf"
    preference = StickerPrintPreference.objects.get(user=printer)
    assert (preference.format, preference.start) == ("avery-l7163", 7)
    form = client.get(url).context["form"]
    assert form["format"].value() == "avery-l7163" and form["start"].value() == 7

    other = django_user_model.objects.create_user("other", "o@example.org", "password")
    other.groups.add(Group.objects.get(name="Communication staff"))
    client.force_login(other)
    form = client.get(url).context["form"]
    assert form["format"].value() == "avery-l7160" and form["start"].value() == 1
