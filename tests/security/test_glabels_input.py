"""Hostile gLabels files: entities, DTDs, huge files, bad sizes, 10,000 templates, hostile text."""

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest

from stickers.glabels import MAX_FILE_BYTES, MAX_TEMPLATES, GlabelsError, parse_templates
from stickers.models import LabelFormat


@pytest.fixture(autouse=True)
def english_messages(settings):
    """These tests read the English messages; the site's default language is French."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _template(
    part="T1",
    size='size="A4"',
    width="60mm",
    height="30mm",
    nx="3",
    ny="8",
    x0="10mm",
    y0="10mm",
    dx="62mm",
    dy="32mm",
    brand="Evil",
):
    return (
        f'<Template brand="{brand}" part="{part}" {size}>'
        f'<Label-rectangle id="0" width="{width}" height="{height}">'
        f'<Layout nx="{nx}" ny="{ny}" x0="{x0}" y0="{y0}" dx="{dx}" dy="{dy}"/>'
        "</Label-rectangle></Template>"
    )


def _file(*templates):
    return ("<Glabels-templates>" + "".join(templates) + "</Glabels-templates>").encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Glabels-templates [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Glabels-templates><Template brand="&lol4;" part="X" size="A4"/></Glabels-templates>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Glabels-templates [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Glabels-templates><Template brand="&secret;" part="X" size="A4"/></Glabels-templates>
"""


@pytest.mark.parametrize(
    "data, message",
    [
        (b"this is not xml", "not well-formed"),
        (b"", "not well-formed"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a gLabels template file"),
        (BILLION_LAUGHS, "DTD or entities"),
        (EXTERNAL_ENTITY, "DTD or entities"),
        (b"<Glabels-templates>" + b" " * (MAX_FILE_BYTES + 1) + b"</Glabels-templates>", "larger"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, message):
    with pytest.raises(GlabelsError, match=message):
        parse_templates(data)


def test_ten_thousand_templates_are_refused_before_any_is_read():
    data = _file(*(f'<Template brand="B" part="{n}" equiv="0"/>' for n in range(10_000)))
    assert len(data) < MAX_FILE_BYTES
    with pytest.raises(GlabelsError, match=f"at most {MAX_TEMPLATES}"):
        parse_templates(data)


@pytest.mark.parametrize(
    "template, reason",
    [
        (_template(width="-60mm"), "greater than zero"),
        (_template(x0="-5mm"), "cannot be negative"),
        (_template(nx="4"), "beyond the page width"),  # 10 + 3 * 62 + 60 > 210
        (_template(y0="1000mm"), "beyond the page height"),
        (_template(dx="20mm"), "overlap"),
        (_template(nx="0"), "whole number"),
        (_template(nx="100000", ny="100000"), "whole number"),
        (_template(nx="20", ny="30", width="5mm", dx="5mm", height="5mm", dy="5mm"), "more than"),
        (_template(width="1e9mm"), "not a length"),
        (_template(width="nan"), "not a length"),
        (_template(width="60furlongs"), "not a length"),
        (_template(size='size="Other" width="100000mm" height="10mm"'), "at most"),
        (_template(size='size="Tabloid-of-doom"'), "unknown page size"),
        (_template(size='size="roll"'), "continuous"),
    ],
)
def test_impossible_sheets_are_skipped_with_the_reason(template, reason):
    parsed = parse_templates(_file(template, _template(part="OK")))
    assert [item.part for item in parsed.found] == ["OK"]
    assert len(parsed.skipped) == 1
    assert reason in parsed.skipped[0].reason


def test_hostile_text_is_kept_short_and_on_one_line():
    brand = "<script>alert(1)</script>\u202e\u200b🙂" + "x" * 1200
    data = _file(_template(brand=brand.replace("<", "&lt;").replace(">", "&gt;"), part="A\nB"))
    item = parse_templates(data).found[0]
    assert len(item.brand) <= 60 and "\n" not in item.part
    assert "\u202e" not in item.name  # no bidirectional override
    assert len(item.name) <= 120 and len(item.slug) <= 60
    assert item.slug.startswith("scriptalert1script")


@pytest.mark.django_db
def test_hostile_names_are_escaped_in_the_admin_and_imported_safely(client, django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    user.user_permissions.add(
        Permission.objects.get(codename="add_labelformat", content_type__app_label="stickers")
    )
    client.force_login(user)
    url = reverse("stickers_label_import")
    brand = "&lt;script&gt;alert(1)&lt;/script&gt;" + "é" * 1200
    upload = SimpleUploadedFile("evil.xml", _file(_template(brand=brand)), "text/xml")
    response = client.post(url, {"file": upload})
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)" in content
    payload = response.context["import_form"]["payload"].value()
    slug = response.context["found"][0]["values"]["slug"]
    response = client.post(url, {"payload": payload, "selected": [slug]})
    assert response.status_code == 302
    assert LabelFormat.objects.get(slug=slug).name.startswith("<script>")

    bad = SimpleUploadedFile("bad.xml", BILLION_LAUGHS, "text/xml")
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    assert "DTD or entities" in response.content.decode()
    assert LabelFormat.objects.count() == 1


@pytest.mark.django_db
def test_previews_stop_at_a_bounded_number_of_labels(client, admin_user, monkeypatch):
    monkeypatch.setattr("stickers.label_import.MAX_PREVIEW_LABELS", 30)
    client.force_login(admin_user)
    data = _file(*(_template(part=f"P{n}") for n in range(3)))  # 24 labels each
    upload = SimpleUploadedFile("many.xml", data, "text/xml")
    response = client.post(reverse("stickers_label_import"), {"file": upload})
    content = response.content.decode()
    assert content.count('class="label-sheet-preview"') == 1
    assert content.count('name="selected"') == 3  # every sheet can still be imported
