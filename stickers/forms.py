from django import forms
from django.utils.translation import gettext_lazy as _

from .label_formats import DEFAULT_FORMAT, UnknownFormat, format_choices, get_format
from .models import StickerDesign
from .sheet import MAX_STICKERS_PER_REQUEST, DesignCount, StickerSheetError, plan_sheet

#: Lines of "design + quantity" the form offers.
DESIGN_ROWS = 8


class DesignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} – {obj.locale.language_code}"


class StickerSheetForm(forms.Form):
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
    fill_sheet = forms.BooleanField(
        label=_("Fill the sheet"),
        required=False,
        help_text=_("Designs without a quantity share the free labels left on the last sheet."),
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
    outlines = forms.BooleanField(
        label=_("Print label outlines"),
        required=False,
        help_text=_("Useful on plain paper, to cut by hand or to check the alignment."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = format_choices()
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
            elif quantity > MAX_STICKERS_PER_REQUEST:
                self.add_error(
                    f"quantity_{row}",
                    _("At most %(max)d stickers can be printed at once.")
                    % {"max": MAX_STICKERS_PER_REQUEST},
                )
                continue
            if design.has_qr and design.target_page_id is None:
                self.add_error(f"design_{row}", _("This design has a QR code but no target page."))
                continue
            items.append(DesignCount(design, quantity))
        if self.errors:
            return cleaned
        if not items:
            raise forms.ValidationError(_("Choose at least one sticker design."))
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
        return cleaned


class CalibrationForm(forms.Form):
    format = forms.ChoiceField(label=_("Label format"), initial=DEFAULT_FORMAT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = format_choices()
