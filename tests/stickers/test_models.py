from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Site

import pytest

from links.models import ShortLink
from stickers.models import PrinterCalibration, StickerDesign

pytestmark = pytest.mark.django_db


def _design(locales, **kwargs):
    values = {
        "locale": locales["fr"],
        "slug": "perceuse-2",
        "kind": StickerDesign.Kind.LEND,
        "text": "Perceuse",
        "pictogram_name": "drill",
    }
    values.update(kwargs)
    return StickerDesign(**values)


def test_low_contrast_colours_get_a_field_error(locales):
    design = _design(locales, text_colour="#777777", background_colour="#888888")
    with pytest.raises(ValidationError) as error:
        design.full_clean()
    message = error.value.message_dict["text_colour"][0]
    assert "contrast of 1.3:1" in message and "4.5:1" in message
    _design(locales, text_colour="#1d1d1b", background_colour="#f5c518").full_clean()


def test_qr_kinds_need_a_target_page_and_get_their_link_on_save(locales, service):
    design = _design(locales, slug="outils", kind=StickerDesign.Kind.SERVICE)
    with pytest.raises(ValidationError) as error:
        design.full_clean()
    assert "target_page" in error.value.message_dict
    design.target_page = service
    design.full_clean()
    design.save()
    link = ShortLink.objects.get(page=service, channel="sticker")
    assert design.short_link() == link


def test_slug_is_unique_per_locale(locales):
    _design(locales).save()
    with pytest.raises(ValidationError) as error:
        _design(locales).full_clean()
    assert "slug" in error.value.message_dict
    _design(locales, locale=locales["en"]).full_clean()


def test_uploaded_svg_pictogram_is_sanitised(locales):
    upload = SimpleUploadedFile(
        "drill.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x</script>'
        b'<circle r="4" cx="5" cy="5"/></svg>',
        content_type="image/svg+xml",
    )
    design = _design(locales, pictogram_svg=upload)
    design.full_clean()
    design.save()
    stored = design.pictogram_svg.read()
    assert b"<circle" in stored and b"script" not in stored and b"onload" not in stored


def test_hostile_svg_upload_is_refused_with_a_field_error(locales):
    upload = SimpleUploadedFile(
        "bomb.svg",
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    )
    with pytest.raises(ValidationError) as error:
        _design(locales, pictogram_svg=upload).full_clean()
    assert "refused" in error.value.message_dict["pictogram_svg"][0]


def test_calibration_offsets_are_bounded(site_tree):
    calibration = PrinterCalibration.for_site(Site.objects.get(is_default_site=True))
    calibration.x_offset = "10.5"
    calibration.y_offset = "-0.3"
    with pytest.raises(ValidationError) as error:
        calibration.full_clean()
    assert list(error.value.message_dict) == ["x_offset"]
    calibration.x_offset = "-10.0"
    calibration.full_clean()
    assert calibration.offset == (-10.0, -0.3)


def test_design_translates_with_wagtail_localize(locales, designs):
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(designs["perceuse"])
    translation = source.create_or_update_translation(locales["en"], fallback=True)[0]
    assert translation.locale == locales["en"]
    assert translation.slug == "perceuse"
    assert translation.translation_key == designs["perceuse"].translation_key
    assert translation.pictogram_name == "drill"
