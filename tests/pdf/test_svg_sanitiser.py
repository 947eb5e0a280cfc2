import io

from django.core.exceptions import ValidationError

import pytest

from pdf.svg_sanitiser import UnsafeSVGError, sanitise_svg, sanitise_uploaded_svg

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'  # noqa: E501


def test_keeps_a_plain_picture():
    clean = sanitise_svg(SVG.format('<g fill="#123456"><path d="M0 0h10v10z"/></g>'))
    assert "<path" in clean and 'd="M0 0h10v10z"' in clean and "#123456" in clean


@pytest.mark.parametrize(
    ("payload", "forbidden"),
    [
        ("<script>alert(1)</script><rect width='1' height='1'/>", "script"),
        ("<rect width='1' height='1' onload='alert(1)' onclick='x()'/>", "onload"),
        ("<a href='javascript:alert(1)'><rect width='1' height='1'/></a>", "javascript"),
        ("<use xlink:href='http://evil.example/sprite.svg#icon'/>", "evil.example"),
        ("<image href='file:///etc/passwd' width='10' height='10'/>", "passwd"),
        ("<image xlink:href='http://evil.example/x.png'/>", "evil.example"),
        (
            "<foreignObject><body xmlns='http://www.w3.org/1999/xhtml'>"
            "<iframe src='http://evil.example'/></body></foreignObject>",
            "foreignObject",
        ),
        ("<style>@import url(http://evil.example/a.css);</style>", "evil.example"),
        ("<rect style='fill: url(http://evil.example/p.svg#g)' width='1' height='1'/>", "evil"),
        ("<rect fill='url(https://evil.example/#g)' width='1' height='1'/>", "evil"),
        ("<set attributeName='href' to='javascript:alert(1)'/>", "javascript"),
        ("<animate attributeName='onload' values='alert(1)'/>", "animate"),
    ],
)
def test_removes_hostile_content(payload, forbidden):
    clean = sanitise_svg(SVG.format(payload))
    assert forbidden not in clean
    assert "<script" not in clean and " on" not in clean.replace(" one", "")


def test_keeps_internal_references():
    clean = sanitise_svg(
        SVG.format(
            '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
            '<path id="p" d="M0 0h1"/></defs>'
            '<rect fill="url(#g)" width="1" height="1" style="stroke: url(#g); position: fixed"/>'
            '<use xlink:href="#p"/>'
        )
    )
    assert 'fill="url(#g)"' in clean and 'href="#p"' in clean
    assert "stroke: url(#g)" in clean and "position" not in clean


@pytest.mark.parametrize(
    "document",
    [
        # Billion laughs: entity expansion.
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>',
        # External entity (XXE).
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>',
        # External DTD.
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg"/>',
        # Not SVG, not XML.
        "<html><body>hello</body></html>",
        "<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>",
        b"\x89PNG\r\n\x1a\n",
    ],
)
def test_refuses_files_that_cannot_be_made_safe(document):
    with pytest.raises(UnsafeSVGError):
        sanitise_svg(document)


def test_refuses_a_huge_file():
    huge = SVG.format('<rect width="1" height="1"/>' * 40_000)
    with pytest.raises(UnsafeSVGError, match="larger"):
        sanitise_svg(huge)


def test_uploaded_file_gives_a_clear_validation_error():
    with pytest.raises(ValidationError) as error:
        sanitise_uploaded_svg(io.BytesIO(b"<!DOCTYPE x [<!ENTITY a 'b'>]><svg/>"))
    assert "refused" in error.value.messages[0]
    clean = sanitise_uploaded_svg(io.BytesIO(SVG.format("<script>x</script>").encode()))
    assert b"script" not in clean.read()
