"""Label formats from gLabels template files.

gLabels describes commercial label sheets in XML: a ``<Glabels-templates>``
root holding ``<Template brand="…" part="…" size="A4|US-Letter|Other" …>``
elements, each with one label shape (``<Label-rectangle>``, ``<Label-round>``,
``<Label-ellipse>``, ``<Label-cd>``…) and, inside it, one or more
``<Layout nx ny x0 y0 dx dy>`` (columns, rows, first label's top-left corner,
pitches). Lengths carry a unit (``mm``, ``cm``, ``in``, ``pt``, ``pc``) or
none, which means points. A template may instead be ``equiv="PART"``: the same
sheet as another part of the same brand.

:func:`parse_templates` reads such a file safely (``defusedxml`` with no DTD,
so no entity expansion; a size and a template-count limit) and returns the
rectangular and round sheets the sticker sheets can print, as
:class:`ImportedTemplate` (a :class:`LabelGeometry` plus the ``LabelFormat``
field values), and every other template as :class:`SkippedTemplate` with the
reason in words.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree.ElementTree import ParseError

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .label_formats import A4, MM_PER_INCH, US_LETTER, LabelGeometry, Shape, validate_geometry

#: Largest file read (gLabels' biggest template file is well under this).
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Most templates one file may hold (gLabels ships some 1,700 in all, split by brand).
MAX_TEMPLATES = 2_000
#: Most labels on one imported sheet (a sticker sheet request prints at most 5,000).
MAX_LABELS_PER_SHEET = 500
#: Largest page side accepted, in millimetres (LabelFormat stores at most 9999.99).
MAX_PAGE_MM = 2_000.0
#: Longest brand, part or description kept.
MAX_TEXT = 60

ROOT_TAG = "Glabels-templates"

_MM_PER_UNIT = {
    "mm": 1.0,
    "cm": 10.0,
    "in": MM_PER_INCH,
    "pt": MM_PER_INCH / 72,
    "pc": MM_PER_INCH / 6,
    "": MM_PER_INCH / 72,  # no unit: points
}
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(mm|cm|in|pt|pc)?\s*$")

#: gLabels' named paper sizes, in millimetres (portrait).
PAPER_SIZES = {
    "A4": A4,
    "A5": (148.0, 210.0),
    "A3": (297.0, 420.0),
    "US-Letter": US_LETTER,
    "US-Legal": (8.5 * MM_PER_INCH, 14 * MM_PER_INCH),
}

_UNPRINTABLE_SHAPES = {
    "Label-ellipse": _("elliptical labels are not supported by the sticker sheets"),
    "Label-cd": _("CD/DVD labels are not supported by the sticker sheets"),
    "Label-continuous": _("continuous rolls are not label sheets"),
    "Label-path": _("labels of a free shape are not supported by the sticker sheets"),
}


class GlabelsError(ValueError):
    """The file cannot be read as gLabels templates; the message says why."""


@dataclass(frozen=True)
class ImportedTemplate:
    brand: str
    part: str
    description: str
    geometry: LabelGeometry
    equivalent_of: str = ""

    @property
    def slug(self):
        return self.geometry.slug

    @property
    def name(self):
        return self.geometry.name

    def field_values(self):
        """Keyword arguments for a ``LabelFormat``."""
        geometry = self.geometry
        values = {"name": geometry.name, "slug": geometry.slug, "shape": geometry.shape}
        for name in (
            "page_width",
            "page_height",
            "label_width",
            "label_height",
            "top_margin",
            "left_margin",
            "horizontal_pitch",
            "vertical_pitch",
            "corner_radius",
        ):
            values[name] = Decimal(f"{getattr(geometry, name):.2f}")
        values["columns"] = geometry.columns
        values["rows"] = geometry.rows
        return values


@dataclass(frozen=True)
class SkippedTemplate:
    brand: str
    part: str
    reason: str


@dataclass
class ParsedTemplates:
    found: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


class _Skip(Exception):
    pass


def _tag(element):
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _text(value):
    """One line of printable text, at most MAX_TEXT characters."""
    value = " ".join((value or "").split())
    value = "".join(ch for ch in value if ch.isprintable())
    return value[:MAX_TEXT]


def parse_length(value):
    """Millimetres from a gLabels length such as ``63.5mm``, ``1.5in`` or ``72``."""
    match = _LENGTH.match(value or "")
    if match is None:
        raise _Skip(_("“%(value)s” is not a length") % {"value": _text(value)})
    return float(match.group(1)) * _MM_PER_UNIT[match.group(2) or ""]


def _length(element, name, default=None):
    value = element.get(name)
    if value is None:
        if default is not None:
            return default
        raise _Skip(_("the %(attribute)s attribute is missing") % {"attribute": name})
    return parse_length(value)


def _count(element, name):
    value = (element.get(name) or "").strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_LABELS_PER_SHEET:
        raise _Skip(
            _("%(attribute)s must be a whole number from 1 to %(maximum)d")
            % {"attribute": name, "maximum": MAX_LABELS_PER_SHEET}
        )
    return int(value)


def _page_size(template):
    size = template.get("size", "")
    if size in PAPER_SIZES:
        return PAPER_SIZES[size]
    if size == "Other":
        width, height = _length(template, "width"), _length(template, "height")
        if not (0 < width <= MAX_PAGE_MM and 0 < height <= MAX_PAGE_MM):
            raise _Skip(
                _("the page must be larger than zero and at most %(maximum)d mm")
                % {"maximum": MAX_PAGE_MM}
            )
        return width, height
    if size.lower() == "roll":
        raise _Skip(_UNPRINTABLE_SHAPES["Label-continuous"])
    raise _Skip(_("unknown page size “%(size)s”") % {"size": _text(size)})


def _geometry(template, slug, name):
    page_width, page_height = _page_size(template)
    shapes = [child for child in template if _tag(child).startswith("Label-")]
    if len(shapes) != 1:
        raise _Skip(_("a sheet must have exactly one kind of label"))
    shape = shapes[0]
    kind = _tag(shape)
    if kind in _UNPRINTABLE_SHAPES:
        raise _Skip(_UNPRINTABLE_SHAPES[kind])
    if kind == "Label-rectangle":
        width, height = _length(shape, "width"), _length(shape, "height")
        radius = _length(shape, "round", 0.0)
        form = Shape.RECTANGLE
    elif kind == "Label-round":
        radius = _length(shape, "radius")
        width = height = 2 * radius
        form = Shape.ROUND
    else:
        raise _Skip(_("unknown label shape “%(shape)s”") % {"shape": _text(kind)})
    layouts = [child for child in shape if _tag(child) == "Layout"]
    if len(layouts) != 1:
        raise _Skip(
            _("the sticker sheets print one grid of labels; this sheet has %(count)d")
            % {"count": len(layouts)}
        )
    layout = layouts[0]
    columns, rows = _count(layout, "nx"), _count(layout, "ny")
    if columns * rows > MAX_LABELS_PER_SHEET:
        raise _Skip(
            _("more than %(maximum)d labels on one sheet") % {"maximum": MAX_LABELS_PER_SHEET}
        )
    # A pitch means nothing with a single label in that direction (gLabels writes 0).
    hpitch = _length(layout, "dx", 0.0) if columns > 1 else width
    vpitch = _length(layout, "dy", 0.0) if rows > 1 else height
    values = {
        "page_width": page_width,
        "page_height": page_height,
        "columns": columns,
        "rows": rows,
        "label_width": width,
        "label_height": height,
        "top_margin": _length(layout, "y0", 0.0),
        "left_margin": _length(layout, "x0", 0.0),
        "horizontal_pitch": hpitch,
        "vertical_pitch": vpitch,
        "corner_radius": radius,
    }
    # LabelFormat keeps hundredths of a millimetre: validate what will be stored.
    values = {
        key: value if key in ("columns", "rows") else round(value, 2)
        for key, value in values.items()
    }
    errors = validate_geometry(values)
    if errors:
        raise _Skip(" ".join(str(message) for messages in errors.values() for message in messages))
    return LabelGeometry(slug=slug, name=name, shape=form, builtin=False, **values)


def _name(brand, part, description):
    name = f"{brand} {part}".strip()
    if description:
        name = f"{name} ({description})"
    return name[:120]


def parse_templates(data):
    """The printable label sheets of a gLabels template file (bytes or text).

    Raises :class:`GlabelsError` for a file that is too large, not XML, holds a
    DTD or entities, has another root or too many templates.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise GlabelsError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise GlabelsError(
            _("The file declares a DTD or entities; gLabels templates have none.")
        ) from None
    except (ParseError, ValueError):
        raise GlabelsError(_("The file is not well-formed XML.")) from None
    if _tag(root) != ROOT_TAG:
        raise GlabelsError(
            _("This is not a gLabels template file (its root element is “%(tag)s”, not %(root)s).")
            % {"tag": _text(_tag(root)), "root": ROOT_TAG}
        )
    templates = [child for child in root if _tag(child) == "Template"]
    if len(templates) > MAX_TEMPLATES:
        raise GlabelsError(
            _("The file holds %(count)d templates; at most %(maximum)d can be read at once.")
            % {"count": len(templates), "maximum": MAX_TEMPLATES}
        )

    by_part = {}
    for template in templates:
        key = (_text(template.get("brand")), _text(template.get("part")))
        if template.get("equiv") is None:
            by_part.setdefault(key, template)

    result = ParsedTemplates()
    seen = set()
    for template in templates:
        brand, part = _text(template.get("brand")), _text(template.get("part"))
        description = _text(template.get("description"))
        equiv = _text(template.get("equiv"))
        source = template
        try:
            if not part:
                raise _Skip(_("the template has no part number"))
            if equiv:
                source = by_part.get((brand, equiv))
                if source is None:
                    raise _Skip(
                        _("it is the same sheet as %(part)s, which is not in this file")
                        % {"part": equiv}
                    )
                description = description or _text(source.get("description"))
            slug = slugify(f"{brand}-{part}")[:60].strip("-")
            if not slug:
                raise _Skip(_("no slug can be made from its brand and part"))
            if slug in seen:
                raise _Skip(_("another template of this file has the same brand and part"))
            geometry = _geometry(source, slug, _name(brand, part, description))
        except _Skip as skip:
            result.skipped.append(SkippedTemplate(brand, part, str(skip.args[0])))
            continue
        seen.add(slug)
        result.found.append(ImportedTemplate(brand, part, description, geometry, equiv))
    if not result.skipped and not result.found:
        raise GlabelsError(_("The file holds no label template."))
    if not result.found:
        reasons = "; ".join(
            f"{item.brand} {item.part}: {item.reason}" for item in result.skipped[:5]
        )
        raise GlabelsError(
            _("None of the %(count)d templates of the file can be printed: %(reasons)s")
            % {"count": len(result.skipped), "reasons": reasons}
        )
    return result


def preview_svg(geometry, width_px=160):
    """An SVG drawing of the sheet: the page and each label's outline (millimetre units)."""
    height_px = round(width_px * geometry.page_height / geometry.page_width)
    radius = geometry.label_width / 2 if geometry.is_round else geometry.corner_radius
    labels = "".join(
        f'<rect x="{x:.2f}" y="{y:.2f}" width="{geometry.label_width:.2f}" '
        f'height="{geometry.label_height:.2f}" rx="{radius:.2f}"/>'
        for x, y in geometry.positions()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{height_px}" '
        f'viewBox="0 0 {geometry.page_width:.2f} {geometry.page_height:.2f}" '
        'class="label-sheet-preview" aria-hidden="true">'
        f'<rect width="{geometry.page_width:.2f}" height="{geometry.page_height:.2f}" '
        'fill="#fff" stroke="#555" stroke-width="0.8"/>'
        f'<g fill="#e8eef7" stroke="#1f5fa8" stroke-width="0.5">{labels}</g></svg>'
    )
