from django.core.exceptions import ValidationError

import pytest

from stickers.label_formats import (
    BUILTIN_FORMATS,
    UnknownFormat,
    check_builtin_formats,
    get_format,
    validate_geometry,
)
from stickers.models import LabelFormat


def test_builtin_formats_have_the_published_geometry():
    check_builtin_formats()
    l7160 = BUILTIN_FORMATS["avery-l7160"]
    assert (l7160.columns, l7160.rows, l7160.per_sheet) == (3, 7, 21)
    assert (l7160.label_width, l7160.label_height) == (63.5, 38.1)
    assert l7160.position(0) == (7.25, 15.15)
    assert l7160.position(4) == pytest.approx((7.25 + 66.04, 15.15 + 38.1))
    assert BUILTIN_FORMATS["avery-l7163"].per_sheet == 14
    assert BUILTIN_FORMATS["avery-l7651"].per_sheet == 65
    assert BUILTIN_FORMATS["avery-l7780"].is_round
    avery_5160 = BUILTIN_FORMATS["avery-5160"]
    assert avery_5160.page_width == pytest.approx(215.9)
    assert avery_5160.label_width == pytest.approx(66.675)
    assert avery_5160.per_sheet == 30


def test_every_builtin_label_fits_on_its_page():
    for geometry in BUILTIN_FORMATS.values():
        for x, y in geometry.positions():
            assert x >= 0 and y >= 0
            assert x + geometry.label_width <= geometry.page_width
            assert y + geometry.label_height <= geometry.page_height


def _values(**overrides):
    values = {
        "page_width": 210,
        "page_height": 297,
        "columns": 2,
        "rows": 5,
        "label_width": 100,
        "label_height": 50,
        "top_margin": 10,
        "left_margin": 4,
        "horizontal_pitch": 101,
        "vertical_pitch": 55,
        "corner_radius": 2,
    }
    values.update(overrides)
    return values


def test_geometry_validation_reports_each_problem_on_its_field():
    assert validate_geometry(_values()) == {}
    assert "label_width" in validate_geometry(_values(label_width=0))
    assert "vertical_pitch" in validate_geometry(_values(vertical_pitch=-1))
    assert "horizontal_pitch" in validate_geometry(_values(horizontal_pitch=90))
    assert "columns" in validate_geometry(_values(columns=3))
    assert "rows" in validate_geometry(_values(rows=6))
    assert "corner_radius" in validate_geometry(_values(corner_radius=30))


@pytest.mark.django_db
def test_custom_format_model_validation_and_lookup():
    custom = LabelFormat(name="Trop large", slug="trop-large", **_values(columns=3))
    with pytest.raises(ValidationError) as error:
        custom.full_clean()
    assert "columns" in error.value.message_dict
    assert "beyond the page width" in error.value.message_dict["columns"][0]

    taken = LabelFormat(name="Copie", slug="avery-l7160", **_values())
    with pytest.raises(ValidationError) as error:
        taken.full_clean()
    assert "slug" in error.value.message_dict

    good = LabelFormat(name="Maison", slug="maison", **_values())
    good.full_clean()
    good.save()
    geometry = get_format("maison")
    assert geometry.per_sheet == 10 and not geometry.builtin
    with pytest.raises(UnknownFormat):
        get_format("nope")
