"""gLabels template files: parsing, admin import, a sheet printed on an imported format."""

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest

from stickers.glabels import GlabelsError, parse_templates, preview_svg
from stickers.label_formats import MM_PER_INCH, get_format
from stickers.models import LabelFormat, StickerDesign
from stickers.sheet import DesignCount, render_sticker_sheet

# A small file written for these tests (not taken from gLabels): a namespaced
# root as gLabels 3 writes it, each kind of template the importer meets.
FIXTURE = b"""<?xml version="1.0"?>
<Glabels-templates xmlns="http://glabels.org/xmlns/3.0/">
  <Template brand="Testa" part="R321" size="A4" description="Address labels">
    <Meta category="label"/>
    <Label-rectangle id="0" width="63.5mm" height="38.1mm" round="1.5mm" x_waste="0" y_waste="0">
      <Markup-margin size="1.5mm"/>
      <Layout nx="3" ny="7" x0="7.2mm" y0="15.1mm" dx="66mm" dy="38.1mm"/>
    </Label-rectangle>
  </Template>
  <Template brand="Testa" part="R321-EQ" equiv="R321"/>
  <Template brand="Testa" part="C150" size="US-Letter" description="Round 1.5 in">
    <Label-round id="0" radius="0.75in" waste="0">
      <Layout nx="4" ny="5" x0="0.5in" y0="0.75in" dx="2in" dy="2in"/>
    </Label-round>
  </Template>
  <Template brand="Testa" part="E10" size="A4" description="Ovals">
    <Label-ellipse id="0" width="60mm" height="40mm">
      <Layout nx="3" ny="6" x0="10mm" y0="10mm" dx="65mm" dy="45mm"/>
    </Label-ellipse>
  </Template>
  <Template brand="Testa" part="P1" size="Other" width="288" height="144" description="In points">
    <Label-rectangle id="0" width="144" height="72">
      <Layout nx="2" ny="1" x0="0" y0="36" dx="144" dy="0"/>
    </Label-rectangle>
  </Template>
  <Template brand="Testa" part="M2" size="A4" description="Two layouts">
    <Label-rectangle id="0" width="50mm" height="20mm">
      <Layout nx="1" ny="5" x0="10mm" y0="10mm" dx="0" dy="25mm"/>
      <Layout nx="1" ny="5" x0="100mm" y0="10mm" dx="0" dy="25mm"/>
    </Label-rectangle>
  </Template>
</Glabels-templates>
"""


def _by_part(parsed):
    return {item.part: item for item in parsed.found}


def test_rectangle_round_equiv_and_other_sizes_are_converted_to_millimetres():
    parsed = parse_templates(FIXTURE)
    found = _by_part(parsed)
    assert set(found) == {"R321", "R321-EQ", "C150", "P1"}

    rect = found["R321"].geometry
    assert rect.slug == "testa-r321"
    assert rect.name == "Testa R321 (Address labels)"
    assert (rect.page_width, rect.page_height) == (210.0, 297.0)
    assert (rect.columns, rect.rows, rect.per_sheet) == (3, 7, 21)
    assert (rect.label_width, rect.label_height, rect.corner_radius) == (63.5, 38.1, 1.5)
    assert rect.position(4) == pytest.approx((7.2 + 66, 15.1 + 38.1))

    equiv = found["R321-EQ"]
    assert equiv.equivalent_of == "R321" and equiv.slug == "testa-r321-eq"
    assert equiv.description == "Address labels"
    assert equiv.geometry.positions() == rect.positions()

    round_ = found["C150"].geometry
    assert round_.is_round
    assert round_.label_width == pytest.approx(1.5 * MM_PER_INCH)
    assert round_.page_width == pytest.approx(215.9)
    assert round_.left_margin == pytest.approx(12.7)
    assert round_.horizontal_pitch == pytest.approx(50.8)

    points = found["P1"].geometry  # no unit: points
    assert (points.page_width, points.page_height) == pytest.approx((101.6, 50.8))
    assert points.label_width == pytest.approx(50.8)
    assert points.vertical_pitch == pytest.approx(points.label_height)  # one row: dy="0"

    skipped = {item.part: item.reason for item in parsed.skipped}
    assert set(skipped) == {"E10", "M2"}
    assert "elliptical" in skipped["E10"]
    assert "has 2" in skipped["M2"]


def test_preview_draws_every_label_of_the_sheet():
    geometry = _by_part(parse_templates(FIXTURE))["R321"].geometry
    svg = preview_svg(geometry)
    assert svg.count("<rect") == 1 + 21
    assert 'viewBox="0 0 210.00 297.00"' in svg


def test_an_unresolved_equiv_is_skipped_and_a_file_without_sheets_is_an_error():
    parsed = parse_templates(
        FIXTURE.replace(
            b"</Glabels-templates>", b'<Template brand="X" part="Y" equiv="Z"/></Glabels-templates>'
        )
    )
    assert "not in this file" in {i.part: i.reason for i in parsed.skipped}["Y"]
    with pytest.raises(GlabelsError, match="None of the 1 templates"):
        parse_templates(
            b'<Glabels-templates><Template brand="X" part="Y" equiv="Z"/></Glabels-templates>'
        )
    with pytest.raises(GlabelsError, match="no label template"):
        parse_templates(b"<Glabels-templates/>")


@pytest.mark.django_db
def test_an_imported_format_prints_nx_times_ny_stickers(locales):
    values = _by_part(parse_templates(FIXTURE))["R321"].field_values()
    label_format = LabelFormat(**values)
    label_format.full_clean()
    label_format.save()
    geometry = get_format("testa-r321")
    design = StickerDesign.objects.create(
        locale=locales["fr"], slug="perceuse", kind=StickerDesign.Kind.LEND, text="Perceuse"
    )
    sheet = render_sticker_sheet([DesignCount(design)], geometry=geometry, outlines=True)
    assert len(sheet.stickers) == 3 * 7
    assert sheet.pages == 1
    assert sheet.stickers[4].label.x == pytest.approx(7.2 + 66)
    assert sheet.pdf.startswith(b"%PDF")


# -- admin ---------------------------------------------------------------------


@pytest.fixture
def importer(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    user.user_permissions.add(
        Permission.objects.get(codename="add_labelformat", content_type__app_label="stickers")
    )
    return user


def _upload(content=FIXTURE, name="testa.xml"):
    return SimpleUploadedFile(name, content, content_type="text/xml")


@pytest.mark.django_db
def test_import_needs_print_and_add_label_format_permissions(client, django_user_model):
    url = reverse("stickers_label_import")
    staff = django_user_model.objects.create_user("staff", "s@example.org", "password")
    staff.groups.add(Group.objects.get(name="Communication staff"))  # may print, not add formats
    client.force_login(staff)
    assert client.get(url).status_code in (302, 403)  # Wagtail sends the denied to the dashboard
    assert client.post(url, {"file": _upload()}).status_code in (302, 403)
    adder = django_user_model.objects.create_user("adder", "a@example.org", "password")
    adder.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_labelformat", content_type__app_label="stickers"),
    )
    client.force_login(adder)  # may add formats, not print
    assert client.get(url).status_code in (302, 403)
    listing = client.get(reverse("wagtailsnippets_stickers_labelformat:list"))
    assert url not in listing.content.decode()
    client.logout()
    assert "login" in client.get(url)["Location"]
    assert not LabelFormat.objects.exists()


@pytest.mark.django_db
def test_upload_preview_choose_and_import(client, importer):
    client.force_login(importer)
    url = reverse("stickers_label_import")
    listing = client.get(reverse("wagtailsnippets_stickers_labelformat:list"))
    assert url in listing.content.decode()  # the listing's "Import from gLabels" button
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": _upload()})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Testa R321 (Address labels)" in content
    assert content.count('class="label-sheet-preview"') == 4  # one drawing per sheet found
    assert "elliptical" in content  # the skipped ones, with the reason
    payload = response.context["import_form"]["payload"].value()

    LabelFormat.objects.create(
        name="Mine",
        slug="testa-c150",
        columns=1,
        rows=1,
        label_width=10,
        label_height=10,
        top_margin=0,
        left_margin=0,
        horizontal_pitch=10,
        vertical_pitch=10,
    )
    response = client.post(
        url, {"payload": payload, "selected": ["testa-r321", "testa-c150", "testa-p1"]}
    )
    assert response.status_code == 302
    assert set(LabelFormat.objects.values_list("slug", flat=True)) == {
        "testa-r321",
        "testa-c150",
        "testa-p1",
    }
    assert LabelFormat.objects.get(slug="testa-c150").name == "Mine"  # existing kept
    imported = get_format("testa-r321")
    assert imported.per_sheet == 21 and imported.corner_radius == 1.5
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2" in m and "imported" in m for m in messages)
    assert any("testa-c150" in m for m in messages)


@pytest.mark.django_db
def test_a_tampered_payload_is_refused(client, importer):
    client.force_login(importer)
    url = reverse("stickers_label_import")
    response = client.post(url, {"file": _upload()})
    payload = response.context["import_form"]["payload"].value()
    response = client.post(url, {"payload": payload[:-3] + "abc", "selected": ["testa-r321"]})
    assert response.status_code == 200
    assert not LabelFormat.objects.exists()


def test_reasons_are_given_in_french():
    with translation.override("fr"):
        skipped = {item.part: item.reason for item in parse_templates(FIXTURE).skipped}
        assert skipped["E10"].startswith("les étiquettes elliptiques")
        assert "cette planche en a 2" in skipped["M2"]
        with pytest.raises(GlabelsError, match="pas du XML bien formé"):
            parse_templates(b"<oops")
