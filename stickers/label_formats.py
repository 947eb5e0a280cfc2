"""Label-sheet formats as data.

Every geometry is in millimetres, measured from the top-left corner of the
sheet, as label manufacturers publish it: page size, top and left margins,
horizontal and vertical pitch (the distance from one label's edge to the same
edge of the next one), label size and corner radius. Editors add their own
formats as ``print.LabelFormat`` snippets; :func:`get_format` looks up both.

Corner radii only change the outlines drawn when "outlines" is ticked; the
positions are what matters and the per-site printer calibration corrects a
printer's own offset.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH

A4 = (210.0, 297.0)
US_LETTER = (8.5 * MM_PER_INCH, 11 * MM_PER_INCH)

# Rounding slack when checking that labels fit, in millimetres.
FIT_TOLERANCE = 0.05


class Shape:
    RECTANGLE = "rectangle"
    ROUND = "round"


@dataclass(frozen=True)
class LabelGeometry:
    slug: str
    name: str
    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    top_margin: float
    left_margin: float
    horizontal_pitch: float
    vertical_pitch: float
    corner_radius: float = 0.0
    shape: str = Shape.RECTANGLE
    builtin: bool = True

    @property
    def per_sheet(self):
        return self.columns * self.rows

    @property
    def is_round(self):
        return self.shape == Shape.ROUND

    def position(self, index):
        """Top-left corner (x, y) in mm of the label at 0-based ``index`` on a sheet.

        Labels are numbered across, then down, as on the manufacturer's sheet.
        """
        row, column = divmod(index, self.columns)
        return (
            self.left_margin + column * self.horizontal_pitch,
            self.top_margin + row * self.vertical_pitch,
        )

    def positions(self):
        return [self.position(index) for index in range(self.per_sheet)]

    def __str__(self):
        return self.name


def validate_geometry(values):
    """Field errors for a label geometry given as a dict of field values.

    Returns ``{field: [messages]}``; empty when the format is usable.
    """
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    positive = [
        "page_width",
        "page_height",
        "label_width",
        "label_height",
        "horizontal_pitch",
        "vertical_pitch",
    ]
    for field in positive:
        value = values.get(field)
        if value is None or value <= 0:
            add(field, _("Enter a size greater than zero."))
    for field in ("columns", "rows"):
        value = values.get(field)
        if value is None or value < 1:
            add(field, _("There must be at least one label in each direction."))
    for field in ("top_margin", "left_margin", "corner_radius"):
        value = values.get(field)
        if value is not None and value < 0:
            add(field, _("This cannot be negative."))
    if errors:
        return errors

    if values["horizontal_pitch"] + FIT_TOLERANCE < values["label_width"]:
        add(
            "horizontal_pitch",
            _("The horizontal pitch must be at least the label width (labels would overlap)."),
        )
    if values["vertical_pitch"] + FIT_TOLERANCE < values["label_height"]:
        add(
            "vertical_pitch",
            _("The vertical pitch must be at least the label height (labels would overlap)."),
        )
    radius = values.get("corner_radius") or 0
    if radius > min(values["label_width"], values["label_height"]) / 2 + FIT_TOLERANCE:
        add("corner_radius", _("The corner radius cannot exceed half the label's smaller side."))

    right = (
        values["left_margin"]
        + (values["columns"] - 1) * values["horizontal_pitch"]
        + values["label_width"]
    )
    if right > values["page_width"] + FIT_TOLERANCE:
        add(
            "columns",
            _(
                "The labels end %(right).1f mm from the left edge, beyond the page "
                "width of %(width).1f mm: check the left margin, pitch and columns."
            )
            % {"right": right, "width": values["page_width"]},
        )
    bottom = (
        values["top_margin"]
        + (values["rows"] - 1) * values["vertical_pitch"]
        + values["label_height"]
    )
    if bottom > values["page_height"] + FIT_TOLERANCE:
        add(
            "rows",
            _(
                "The labels end %(bottom).1f mm from the top edge, beyond the page "
                "height of %(height).1f mm: check the top margin, pitch and rows."
            )
            % {"bottom": bottom, "height": values["page_height"]},
        )
    return errors


def _fmt(slug, name, page, columns, rows, width, height, top, left, hpitch, vpitch, **kw):
    return LabelGeometry(
        slug=slug,
        name=name,
        page_width=page[0],
        page_height=page[1],
        columns=columns,
        rows=rows,
        label_width=width,
        label_height=height,
        top_margin=top,
        left_margin=left,
        horizontal_pitch=hpitch,
        vertical_pitch=vpitch,
        **kw,
    )


_IN = MM_PER_INCH

#: The built-in formats, from the manufacturers' published template geometry.
BUILTIN_FORMATS = {
    geometry.slug: geometry
    for geometry in (
        # Avery L7160: 21 per A4 sheet, 63.5 x 38.1 mm.
        _fmt("avery-l7160", "Avery L7160 (A4, 3 × 7, 63.5 × 38.1 mm)", A4,
             3, 7, 63.5, 38.1, 15.15, 7.25, 66.04, 38.1, corner_radius=2.0),
        # Avery L7163: 14 per A4 sheet, 99.1 x 38.1 mm.
        _fmt("avery-l7163", "Avery L7163 (A4, 2 × 7, 99.1 × 38.1 mm)", A4,
             2, 7, 99.1, 38.1, 15.15, 4.65, 101.6, 38.1, corner_radius=2.0),
        # Avery L7651: 65 per A4 sheet, 38.1 x 21.2 mm.
        _fmt("avery-l7651", "Avery L7651 (A4, 5 × 13, 38.1 × 21.2 mm)", A4,
             5, 13, 38.1, 21.2, 10.7, 4.75, 40.6, 21.2, corner_radius=1.0),
        # Avery L7780: 24 round labels of 40 mm per A4 sheet.
        _fmt("avery-l7780", "Avery L7780 (A4, round Ø 40 mm, 4 × 6)", A4,
             4, 6, 40.0, 40.0, 13.5, 16.0, 46.0, 46.0, corner_radius=20.0,
             shape=Shape.ROUND),
        # Avery 5160: 30 per US Letter sheet, 2 5/8 x 1 in.
        _fmt("avery-5160", "Avery 5160 (US Letter, 3 × 10, 2⅝ × 1 in)", US_LETTER,
             3, 10, 2.625 * _IN, 1 * _IN, 0.5 * _IN, 0.1875 * _IN, 2.75 * _IN, 1 * _IN,
             corner_radius=0.0625 * _IN),
        # Windscreen corners (carpooling, "I share my car"): no maker's die-cut sheet
        # here, but plain A4 window film (static cling, or clear adhesive printed on
        # its glue side for inside the glass), cut by hand or plotter along the
        # outlines. Sized to sit in the lower corner of a windscreen, outside the
        # wipers' and the driver's field of view; centred on A4 with 10 mm between
        # labels and at least 8 mm from the edges that home printers leave blank.
        _fmt("window-square-80", _("Window film A4, square 80 × 80 mm, 2 × 3"), A4,
             2, 3, 80.0, 80.0, 23.5, 20.0, 90.0, 90.0, corner_radius=6.0),
        _fmt("window-round-90", _("Window film A4, round Ø 90 mm, 2 × 3"), A4,
             2, 3, 90.0, 90.0, 8.5, 10.0, 100.0, 95.0, corner_radius=45.0,
             shape=Shape.ROUND),
    )
}  # fmt: skip

DEFAULT_FORMAT = "avery-l7160"

#: Formats that fit a windscreen corner (offered first for stickers inside the glass).
WINDSCREEN_FORMATS = ("window-square-80", "window-round-90")


class UnknownFormat(LookupError):
    pass


def all_formats():
    """Built-in formats, then the editors' custom formats, by slug."""
    # A real cycle: the model validates its geometry with this module's rules.
    from stickers.models import LabelFormat

    formats = dict(BUILTIN_FORMATS)
    for custom in LabelFormat.objects.order_by("name"):
        formats.setdefault(custom.slug, custom.geometry())
    return formats


def format_choices():
    return [(slug, geometry.name) for slug, geometry in all_formats().items()]


def get_format(slug):
    """The geometry for ``slug`` (built-in or custom); ``UnknownFormat`` otherwise."""
    if slug in BUILTIN_FORMATS:
        return BUILTIN_FORMATS[slug]
    # A real cycle: the model validates its geometry with this module's rules.
    from stickers.models import LabelFormat

    custom = LabelFormat.objects.filter(slug=slug).first()
    if custom is None:
        raise UnknownFormat(slug)
    return custom.geometry()


def check_builtin_formats():
    """Raise ``ValidationError`` if a built-in format is inconsistent (used by tests)."""
    for geometry in BUILTIN_FORMATS.values():
        errors = validate_geometry(geometry.__dict__)
        if errors:
            raise ValidationError({f"{geometry.slug}.{k}": v for k, v in errors.items()})
