from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import CampaignPage

from .badges import BADGE_SIZES, DEFAULT_BADGE_SIZE, MAX_BADGES_PER_REQUEST, badge_geometry
from .label_formats import DEFAULT_FORMAT, UnknownFormat, format_choices, get_format
from .models import StickerDesign
from .sheet import (
    MAX_STICKERS_PER_REQUEST,
    DesignCount,
    Placement,
    StickerSheetError,
    plan_sheet,
)

#: Lines of "design + quantity" the form offers.
DESIGN_ROWS = 8


class DesignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} – {obj.locale.language_code}"


class DesignRowsForm(forms.Form):
    """Lines of "design + quantity" and "fill the sheet": what sticker and badge sheets share.

    ``clean()`` puts the ``DesignCount`` items in ``cleaned_data["items"]``;
    subclasses check them against their sheet in :meth:`clean_sheet`.
    """

    #: The most of one design a request may ask for, and the word for what is printed.
    maximum = MAX_STICKERS_PER_REQUEST
    too_many = _("At most %(max)d stickers can be printed at once.")

    fill_sheet = forms.BooleanField(
        label=_("Fill the sheet"),
        required=False,
        help_text=_("Designs without a quantity share the free labels left on the last sheet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        designs = StickerDesign.objects.select_related("locale").order_by(
            "locale__language_code", "slug"
        )
        for row in range(1, DESIGN_ROWS + 1):
            self.fields[f"design_{row}"] = DesignChoiceField(
                queryset=designs, required=False, label=_("Design %(row)d") % {"row": row}
            )
            self.fields[f"quantity_{row}"] = forms.IntegerField(
                required=False,
                label=_("Quantity %(row)d") % {"row": row},
                help_text=_("Leave empty with “Fill the sheet” ticked."),
            )

        # The visual form: one card per design, with its quantity and "fill the sheet with it".
        self.designs = list(designs)
        for design in self.designs:
            self.fields[f"count_{design.pk}"] = forms.IntegerField(
                required=False,
                min_value=0,
                label=_("Quantity of “%(design)s”") % {"design": design},
            )
            self.fields[f"fill_{design.pk}"] = forms.BooleanField(
                required=False,
                label=_("Fill the rest of the sheet with it"),
            )

    def design_cards(self):
        """``(design, quantity field, fill field)`` per design, for the grid of cards."""
        return [
            (design, self[f"count_{design.pk}"], self[f"fill_{design.pk}"])
            for design in self.designs
        ]

    def design_rows(self):
        return [
            (self[f"design_{row}"], self[f"quantity_{row}"]) for row in range(1, DESIGN_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        items = []
        for row in range(1, DESIGN_ROWS + 1):
            design = cleaned.get(f"design_{row}")
            quantity = cleaned.get(f"quantity_{row}")
            if f"design_{row}" in self.errors or f"quantity_{row}" in self.errors:
                continue
            if design is None:
                if quantity is not None:
                    self.add_error(f"design_{row}", _("Choose a design for this quantity."))
                continue
            if quantity is None:
                if not cleaned.get("fill_sheet"):
                    self.add_error(
                        f"quantity_{row}",
                        _("Give a quantity, or tick “Fill the sheet”."),
                    )
                    continue
            elif quantity < 1:
                self.add_error(f"quantity_{row}", _("The quantity must be 1 or more."))
                continue
            elif quantity > self.maximum:
                self.add_error(f"quantity_{row}", self.too_many % {"max": self.maximum})
                continue
            if design.has_qr and design.target_page_id is None:
                self.add_error(f"design_{row}", _("This design has a QR code but no target page."))
                continue
            items.append(DesignCount(design, quantity))
        items += self.card_items(cleaned)
        if self.errors:
            return cleaned
        if not items:
            raise forms.ValidationError(_("Choose at least one sticker design."))
        return self.clean_sheet(cleaned, items)

    def card_items(self, cleaned):
        """The ``DesignCount`` items the grid of design cards asks for, in the designs' order."""
        items = []
        for design in self.designs:
            count_name, fill_name = f"count_{design.pk}", f"fill_{design.pk}"
            if count_name in self.errors:
                continue
            quantity = cleaned.get(count_name) or None
            fill = cleaned.get(fill_name)
            if quantity is None and not fill:
                continue
            if quantity is not None and quantity > self.maximum:
                self.add_error(count_name, self.too_many % {"max": self.maximum})
                continue
            if design.has_qr and design.target_page_id is None:
                self.add_error(count_name, _("This design has a QR code but no target page."))
                continue
            if quantity is not None:
                items.append(DesignCount(design, quantity))
            if fill:
                items.append(DesignCount(design, None))
        return items

    def clean_sheet(self, cleaned, items):
        cleaned["items"] = items
        return cleaned


class StickerSheetForm(DesignRowsForm):
    """Choose designs and quantities, the label format and how to print them."""

    format = forms.ChoiceField(label=_("Label format"), initial=DEFAULT_FORMAT)
    start = forms.IntegerField(
        label=_("First free position"),
        initial=1,
        help_text=_(
            "On a partly used sheet, the number of the first free label, counting "
            "across then down from 1."
        ),
    )
    codes = forms.ChoiceField(
        label=_("QR codes"),
        choices=[
            ("design", _("One code per design")),
            ("sticker", _("A unique code per sticker (counts each sticker's scans)")),
        ],
        initial="design",
        widget=forms.RadioSelect,
    )
    placement = forms.ChoiceField(
        label=_("Placement"),
        choices=Placement.choices,
        initial=Placement.OUTSIDE,
        required=False,  # outside, as before the choice existed
        widget=forms.RadioSelect,
        help_text=_(
            "Inside the glass: each label is printed mirrored, to be stuck printed side "
            "against a windscreen or a window and read from outside. Print on clear "
            "window film; the “Window film” formats fit a windscreen corner."
        ),
    )
    outlines = forms.BooleanField(
        label=_("Print label outlines"),
        required=False,
        help_text=_("Useful on plain paper, to cut by hand or to check the alignment."),
    )

    field_order = ["format", "start", "fill_sheet", "codes", "placement", "outlines"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = format_choices()

    def clean_sheet(self, cleaned, items):
        try:
            geometry = get_format(cleaned.get("format"))
        except UnknownFormat:
            self.add_error("format", _("Unknown label format."))
            return cleaned
        start = cleaned.get("start")
        if start is None:
            return cleaned
        try:
            plan_sheet(items, geometry, start)
        except StickerSheetError as error:
            self.add_error(error.field if error.field in ("start",) else None, error.message)
            return cleaned
        cleaned["items"] = items
        cleaned["geometry"] = geometry
        cleaned["placement"] = cleaned.get("placement") or Placement.OUTSIDE
        return cleaned


class BadgeSheetForm(DesignRowsForm):
    """Choose designs and quantities, the badge size, guides, and the campaign if any."""

    maximum = MAX_BADGES_PER_REQUEST
    too_many = _("At most %(max)d badges can be printed at once.")

    size = forms.TypedChoiceField(
        label=_("Badge size (face)"),
        coerce=int,
        initial=DEFAULT_BADGE_SIZE,
        help_text=_(
            "The size of your press. Each badge is printed on a disc cut larger "
            "than its face, for the margin the press folds under."
        ),
    )
    guides = forms.BooleanField(
        label=_("Print the face and safe-area guides"),
        required=False,
        help_text=_(
            "For a proof: a dashed circle where the face ends and a dotted one that "
            "text and codes stay inside. Leave unticked for the sheet you cut out."
        ),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=CampaignPage.objects.none(),
        required=False,
        help_text=_(
            "Badges made for a campaign count their scans for it, and their pages "
            "must be printable until the campaign ends."
        ),
    )

    field_order = ["size", "fill_sheet", "guides", "campaign"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size"].choices = [
            (
                face,
                _("%(face)s mm (cut at %(cut)s mm, %(count)d per A4 sheet)")
                % {"face": face, "cut": f"{size.cut:g}", "count": badge_geometry(face).per_sheet},
            )
            for face, size in BADGE_SIZES.items()
        ]
        self.fields["fill_sheet"].help_text = _(
            "Designs without a quantity share the free places left on the last sheet."
        )
        self.fields["campaign"].queryset = (
            CampaignPage.objects.live().select_related("locale").order_by("-start_date")
        )

    def clean_sheet(self, cleaned, items):
        size = cleaned.get("size")
        if size is None:
            return cleaned
        try:
            plan = plan_sheet(items, badge_geometry(size), 1)
        except StickerSheetError as error:
            self.add_error(None, error.message)
            return cleaned
        if len(plan) > MAX_BADGES_PER_REQUEST:
            self.add_error(
                None,
                _("At most %(max)d badges can be printed at once (asked: %(total)d).")
                % {"max": MAX_BADGES_PER_REQUEST, "total": len(plan)},
            )
            return cleaned
        cleaned["items"] = items
        return cleaned


class CalibrationForm(forms.Form):
    format = forms.ChoiceField(label=_("Label format"), initial=DEFAULT_FORMAT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = format_choices()
