"""An allow-list sanitiser for uploaded SVG files, shared by the whole project.

An SVG file is XML that a browser (or WeasyPrint) may treat as a document:
scripts, event handlers, external references (images, stylesheets, fonts,
``<use>`` of another file), ``<foreignObject>`` (HTML inside the picture),
entity tricks (billion laughs) and external DTDs are all ways in. This module
parses with :mod:`defusedxml` and rebuilds a new tree from an allow-list:

* files that cannot be made safe are **refused** with :class:`UnsafeSVGError`:
  too large, not well-formed XML, a DOCTYPE or entity declaration, not an
  ``<svg>`` root, too many elements, nested too deeply;
* files small on disk but huge once drawn are **refused** too: each ``<use>``
  draws a copy of what it points to, and so does each clip path, mask or
  marker reference, so ten ``<use>`` of a group of ten ``<use>``... draw
  10^depth shapes from a few hundred bytes (WeasyPrint took 4.7 s per sticker
  at depth 4). :func:`_check_drawing` counts the elements drawing the picture
  makes, every reference expanded (a memoised walk, linear in the file
  whatever the expansion), and refuses above :data:`MAX_DRAWN_ELEMENTS`, a
  reference loop, or nesting deeper than :data:`MAX_DEPTH` through references;
* everything else is **sanitised**: elements and attributes not on the allow
  lists are dropped (with their content, for elements), references are kept
  only when they point inside the document (``#id``), ``style`` attributes
  keep only allowed properties without external ``url()``.

Use :func:`sanitise_svg` on bytes, or :func:`sanitise_uploaded_svg` as the
cleaning step of a Django ``FileField``.
"""

import re
import xml.etree.ElementTree as ET  # noqa: S405  (building a tree, not parsing)

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

MAX_BYTES = 512 * 1024
MAX_ELEMENTS = 20_000
#: Elements drawn, every reference expanded: a pictogram needs far fewer (WeasyPrint
#: draws about 4,000 a second, again for every sticker of a sheet).
MAX_DRAWN_ELEMENTS = 2_000
#: Nesting depth of elements, through references too.
MAX_DEPTH = 100

ALLOWED_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "defs",
        "title",
        "desc",
        "symbol",
        "use",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "marker",
    ]
)
TEXT_ELEMENTS = frozenset({"text", "tspan", "title", "desc"})

PRESENTATION_PROPERTIES = frozenset(
    [
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-opacity",
        "opacity",
        "clip-path",
        "clip-rule",
        "mask",
        "color",
        "display",
        "visibility",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "font-variant",
        "text-anchor",
        "dominant-baseline",
        "letter-spacing",
        "word-spacing",
        "text-decoration",
        "stop-color",
        "stop-opacity",
        "marker-start",
        "marker-mid",
        "marker-end",
        "vector-effect",
        "paint-order",
        "shape-rendering",
    ]
)
ALLOWED_ATTRIBUTES = PRESENTATION_PROPERTIES | frozenset(
    [
        "id",
        "class",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "fr",
        "d",
        "points",
        "transform",
        "offset",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "preserveAspectRatio",
        "version",
        "dx",
        "dy",
        "rotate",
        "lengthAdjust",
        "textLength",
        "clipPathUnits",
        "maskUnits",
        "maskContentUnits",
        "markerWidth",
        "markerHeight",
        "refX",
        "refY",
        "orient",
        "markerUnits",
        "pathLength",
        "href",
        "style",
    ]
)

_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
_DANGEROUS_VALUE = re.compile(r"javascript:|vbscript:|data:|expression\s*\(|@import|\\", re.I)


#: Properties whose ``url(#id)`` draws the element ``id`` (``fill`` and ``stroke``
#: point to gradients, which draw no elements).
DRAWING_REFERENCES = frozenset(["clip-path", "mask", "marker-start", "marker-mid", "marker-end"])


class UnsafeSVGError(ValueError):
    """The file cannot be made into a safe SVG picture.

    ``str()`` is the reason (for logs); ``message``, when set, is what the
    editor is told instead of the generic refusal.
    """

    def __init__(self, reason, message=None):
        super().__init__(reason)
        self.message = message


TOO_DEEP = _(
    "This picture nests its elements (groups, or copies made by <use>) more than "
    "%(max)d levels deep. Ungroup it and upload it again."
)


def _local(name):
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _safe_value(value):
    """The value if every ``url()`` in it points inside the document, else None."""
    if _DANGEROUS_VALUE.search(value):
        return None
    for match in _URL.finditer(value):
        if not match.group(2).strip().startswith("#"):
            return None
    if "url" in value.lower() and not _URL.search(value):
        return None
    return value


def _safe_style(style):
    kept = []
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not colon or name not in PRESENTATION_PROPERTIES:
            continue
        value = _safe_value(value)
        if value is not None:
            kept.append(f"{name}: {value}")
    return "; ".join(kept)


def _clean_attributes(source, target):
    for name, value in source.attrib.items():
        namespace, local = _local(name)
        if namespace == XLINK_NS and local == "href":
            local = "href"
        elif namespace == XML_NS and local == "space":
            target.set(f"{{{XML_NS}}}space", value if value in ("default", "preserve") else "")
            continue
        elif namespace:
            continue
        if local not in ALLOWED_ATTRIBUTES or local.lower().startswith("on"):
            continue
        if local == "href":
            if value.strip().startswith("#"):
                target.set("href", value.strip())
            continue
        if local == "style":
            value = _safe_style(value)
            if value:
                target.set("style", value)
            continue
        value = _safe_value(value)
        if value is not None:
            target.set(local, value)


def _copy(source, counter, depth=1):
    namespace, local = _local(source.tag) if isinstance(source.tag, str) else ("?", "")
    if namespace not in ("", SVG_NS) or local not in ALLOWED_ELEMENTS:
        return None
    counter[0] += 1
    if counter[0] > MAX_ELEMENTS:
        raise UnsafeSVGError("too many elements")
    if depth > MAX_DEPTH:
        raise UnsafeSVGError("elements nested too deeply", TOO_DEEP % {"max": MAX_DEPTH})
    target = ET.Element(local)
    _clean_attributes(source, target)
    if local in TEXT_ELEMENTS and source.text:
        target.text = source.text
    for child in source:
        copied = _copy(child, counter, depth + 1)
        if copied is not None:
            target.append(copied)
            if local in TEXT_ELEMENTS and child.tail:
                copied.tail = child.tail
    return target


def _references(element):
    """Ids of the elements that drawing ``element`` draws a copy of."""
    href = element.get("href")
    if href:
        yield href[1:]  # the clean tree keeps only "#id" references
    values = [element.get(name) for name in DRAWING_REFERENCES]
    for declaration in element.get("style", "").split(";"):
        name, _colon, value = declaration.partition(":")
        if name.strip() in DRAWING_REFERENCES:
            values.append(value)
    for value in values:
        for match in _URL.finditer(value or ""):
            yield match.group(2).strip()[1:]


def _check_drawing(root):
    """Refuse a (clean) tree whose drawing is too big, loops, or nests too deeply.

    The size of an element is itself plus its children plus, for every
    reference, the size of the element referred to: what drawing it makes.
    Elements are visited once (sizes are memoised) in an explicit depth-first
    walk, so a bomb of 10^9 shapes is refused after visiting its few elements,
    and a long chain of references cannot exhaust Python's stack. Definitions
    (``<defs>``, a ``<symbol>`` never used) are counted where they stand too:
    an over-estimate of at most twice the real drawing.
    """
    by_id = {}
    for element in root.iter():
        if element.get("id"):
            by_id.setdefault(element.get("id"), []).append(element)
    size, depth, parts = {}, {}, {}
    stack = [(root, False)]
    while stack:
        element, children_done = stack.pop()
        if children_done:
            size[element] = 1 + sum(size[part] for part in parts[element])
            depth[element] = 1 + max((depth[part] for part in parts[element]), default=0)
            del parts[element]
            if size[element] > MAX_DRAWN_ELEMENTS:
                raise UnsafeSVGError(
                    f"draws more than {MAX_DRAWN_ELEMENTS} elements once references are expanded",
                    _(
                        "This picture draws more than %(max)d shapes once the copies made by "
                        "<use> (and by clip paths, masks and markers) are counted. Simplify it "
                        "(fewer copies, paths combined) and upload it again."
                    )
                    % {"max": MAX_DRAWN_ELEMENTS},
                )
            if depth[element] > MAX_DEPTH:
                raise UnsafeSVGError(
                    "elements nested too deeply through references", TOO_DEEP % {"max": MAX_DEPTH}
                )
            continue
        if element in size:
            continue
        if element in parts:  # started and not finished: reached again from inside itself
            raise UnsafeSVGError(
                "a reference loop",
                _(
                    "This picture refers to itself in a loop (a <use>, clip path, mask or "
                    "marker that contains itself). Export it again as a plain SVG picture."
                ),
            )
        parts[element] = [
            *element,
            *(target for ref in _references(element) for target in by_id.get(ref, ())),
        ]
        stack.append((element, True))
        stack.extend((part, False) for part in parts[element] if part not in size)


def sanitise_svg(data, *, max_bytes=MAX_BYTES):
    """Safe SVG markup (``str``) rebuilt from ``data`` (bytes or str).

    Raises :class:`UnsafeSVGError` when the file is refused.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise UnsafeSVGError(f"file larger than {max_bytes} bytes")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise UnsafeSVGError(f"forbidden XML construct: {type(error).__name__}") from error
    except (ParseError, ValueError) as error:
        raise UnsafeSVGError(f"not well-formed XML: {error}") from error
    namespace, local = _local(root.tag)
    if local != "svg" or namespace not in ("", SVG_NS):
        raise UnsafeSVGError("the root element is not <svg>")
    clean = _copy(root, [0])
    _check_drawing(clean)
    clean.set("xmlns", SVG_NS)
    return ET.tostring(clean, encoding="unicode")


def sanitise_uploaded_svg(uploaded, *, max_bytes=MAX_BYTES):
    """A ``ContentFile`` with the sanitised content of an uploaded SVG file.

    Raises ``ValidationError`` (a clear message for the editor) when refused.
    """
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    try:
        clean = sanitise_svg(data, max_bytes=max_bytes)
    except UnsafeSVGError as error:
        if error.message:
            raise ValidationError(error.message, code="unsafe_svg") from error
        raise ValidationError(
            _("This SVG file was refused (%(reason)s). Export it again as a plain SVG picture."),
            code="unsafe_svg",
            params={"reason": str(error)},
        ) from error
    return ContentFile(clean.encode("utf-8"), name=getattr(uploaded, "name", "pictogram.svg"))
