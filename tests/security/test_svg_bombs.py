"""Bad input: SVG pictures small on disk and huge once drawn (``<use>`` bombs).

Each ``<use>`` draws a copy of what it points to: ten ``<use>`` of a group of
ten ``<use>``... make 10^depth shapes from a few hundred bytes (WeasyPrint
took 4.7 s per sticker at depth 4). The sanitiser counts what drawing the
picture makes, references expanded, and refuses it above a bound, with a
message the editor can act on; it refuses reference loops and deep nesting
too, and it decides fast however big the expansion would be.
"""

import io
import time

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from pdf.svg_sanitiser import (
    MAX_DEPTH,
    MAX_DRAWN_ELEMENTS,
    UnsafeSVGError,
    sanitise_svg,
    sanitise_uploaded_svg,
)
from stickers.models import StickerDesign

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 10 10">{}</svg>'
)


def use_bomb(depth, fan=10, attribute="href"):
    """``fan`` uses of the previous level at each level: fan**depth paths drawn."""
    levels = ['<path id="a0" d="M0 0h1v1z"/>']
    for level in range(1, depth + 1):
        uses = f'<use {attribute}="#a{level - 1}"/>' * fan
        levels.append(f'<g id="a{level}">{uses}</g>')
    return SVG.format("<defs>" + "".join(levels[:-1]) + "</defs>" + levels[-1])


@pytest.mark.parametrize("depth", [4, 6])
@pytest.mark.parametrize("attribute", ["href", "xlink:href"])
def test_nested_use_bombs_are_refused_fast(depth, attribute):
    bomb = use_bomb(depth, attribute=attribute)
    if depth == 4 and attribute == "href":
        assert len(bomb) < 1000  # the 900-byte bomb
    started = time.monotonic()
    with pytest.raises(UnsafeSVGError, match="draws more than"):
        sanitise_svg(bomb)
    assert time.monotonic() - started < 1


def test_the_editor_is_told_what_to_do():
    with pytest.raises(ValidationError) as error:
        sanitise_uploaded_svg(io.BytesIO(use_bomb(4).encode()))
    message = error.value.messages[0]
    assert str(MAX_DRAWN_ELEMENTS) in message and "<use>" in message


@pytest.mark.django_db
def test_a_sticker_design_with_a_bomb_gets_a_field_error(locales):
    design = StickerDesign(
        locale=locales["fr"],
        slug="bombe",
        kind=StickerDesign.Kind.LEND,
        text="Bombe",
        pictogram_svg=SimpleUploadedFile("bomb.svg", use_bomb(4).encode()),
    )
    with pytest.raises(ValidationError) as error:
        design.full_clean()
    assert "<use>" in error.value.message_dict["pictogram_svg"][0]


@pytest.mark.parametrize(
    ("tag", "reference"),
    [
        ("clipPath", 'clip-path="url(#c{})"'),
        ("clipPath", 'style="clip-path: url(#c{})"'),
        ("mask", 'mask="url(#c{})"'),
        ("marker", 'marker-mid="url(#c{})"'),
    ],
)
def test_bombs_through_clip_paths_masks_and_markers_are_refused(tag, reference):
    """The same bomb without <use>: clip paths (masks, markers) of shapes clipped by the last."""
    shape = '<path d="M0 0h1v1h1" {}/>'
    levels = [f'<{tag} id="c0">{shape.format("")}</{tag}>']
    for level in range(1, 6):
        levels.append(
            f'<{tag} id="c{level}">{shape.format(reference.format(level - 1)) * 10}</{tag}>'
        )
    document = SVG.format(
        "<defs>" + "".join(levels) + "</defs>" + shape.format(reference.format(5))
    )
    with pytest.raises(UnsafeSVGError, match="draws more than"):
        sanitise_svg(document)


@pytest.mark.parametrize(
    "body",
    [
        '<g id="a"><use href="#a"/></g>',
        '<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>',
        '<use id="a" href="#a"/>',
        '<clipPath id="c"><rect width="1" height="1" clip-path="url(#c)"/></clipPath>',
    ],
)
def test_reference_loops_are_refused(body):
    with pytest.raises(UnsafeSVGError, match="loop"):
        sanitise_svg(SVG.format(body))


def test_deep_nesting_is_refused_not_a_crash():
    deep = SVG.format("<g>" * 5_000 + '<rect width="1" height="1"/>' + "</g>" * 5_000)
    with pytest.raises(UnsafeSVGError, match="nested"):
        sanitise_svg(deep)


def test_long_reference_chains_are_refused_not_a_crash():
    chain = ['<rect id="a0" width="1" height="1"/>']
    chain += [f'<g id="a{level}"><use href="#a{level - 1}"/></g>' for level in range(1, 3_000)]
    with pytest.raises(UnsafeSVGError, match="nested"):
        sanitise_svg(SVG.format("".join(chain)))


def test_single_level_use_keeps_working():
    """A sprite drawn a few times (what pictogram tools export) is kept as it was."""
    icon = '<symbol id="i" viewBox="0 0 10 10"><path d="M0 0h10v10z"/><circle r="2"/></symbol>'
    uses = "".join(f'<use xlink:href="#i" x="{x}" width="2" height="2"/>' for x in range(8))
    clean = sanitise_svg(SVG.format(f"<defs>{icon}</defs>{uses}"))
    assert clean.count('href="#i"') == 8 and "<symbol" in clean


def test_a_busy_but_honest_picture_is_kept():
    nested = '<g id="row">' + '<rect width="1" height="1"/>' * 20 + "</g>"
    uses = '<use href="#row"/>' * 20
    within = SVG.format(f"<defs>{nested}</defs>{uses}")
    assert sanitise_svg(within).count("<use") == 20
    assert MAX_DEPTH >= 20
