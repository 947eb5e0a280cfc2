"""The public form: a new place, or a correction of a place the website shows."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from crieur.channels import Channel
from places.models import PlaceKind, PlacePage

from .models import NAME_MAX_LENGTH, TEXT_MAX_LENGTH, PlaceContribution

__all__ = ["HONEYPOT_FIELD", "ProposalForm", "shown_places", "walks"]

#: The trap field: hidden from people by the stylesheet; a bot fills it.
HONEYPOT_FIELD = "website"
#: Walks older than this are not offered.
WALKS_SINCE_DAYS = 400
SIX_PLACES = Decimal("0.000001")


def shown_places():
    """The places a resident may correct: those the website shows today."""
    return PlacePage.objects.shown_on(Channel.WEBSITE)


def walks(locale):
    """The urban walks a new place may have been found on, in ``locale``, latest first."""
    event_model = PlaceContribution._meta.get_field("found_on_walk").related_model
    since = timezone.now() - datetime.timedelta(days=WALKS_SINCE_DAYS)
    return (
        event_model.objects.filter(
            kind="walk",
            locale=locale,
            campaign__live=True,
            starts_at__gte=since,
            starts_at__lte=timezone.now() + datetime.timedelta(days=1),
        )
        .select_related("campaign")
        .order_by("-starts_at")
    )


class WalkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        day = timezone.localtime(obj.starts_at).date()
        return f"{obj.name} ({day.strftime('%d/%m/%Y')})"


def text_field(label, help_text="", rows=3):
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def coordinate_field(label, limit, help_text):
    return forms.DecimalField(
        label=label,
        required=False,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ProposalForm(forms.Form):
    place = forms.ModelChoiceField(
        queryset=PlacePage.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "This place is not on the map. You can propose it as a new place instead."
            )
        },
    )
    name = forms.CharField(label=_("Name of the place"), required=False, max_length=NAME_MAX_LENGTH)
    place_kind = forms.ChoiceField(
        label=_("Kind of place"),
        required=False,
        choices=[("", _("Choose…"))] + PlaceKind.choices,
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=255,
        help_text=_("Street and number, or where to find it (“behind the library”)."),
    )
    latitude = coordinate_field(
        _("Latitude (optional)"), 90, _("If you know them: between -90 and 90, e.g. 45.188529.")
    )
    longitude = coordinate_field(
        _("Longitude (optional)"), 180, _("Between -180 and 180, e.g. 5.724524.")
    )
    to_borrow = text_field(
        _("What can be used or borrowed there"),
        _("One thing a line: a room for 30 people, a cargo bike, tools…"),
    )
    opening_hours = text_field(_("Opening hours"), rows=2)
    accessibility_notes = text_field(
        _("Accessibility"), _("Step-free access, accessible toilets, anything that helps.")
    )
    description = text_field(_("Anything else worth knowing"), rows=5)
    found_on_walk = WalkChoiceField(
        label=_("Found during an urban walk"),
        queryset=None,
        required=False,
        empty_label=_("No"),
    )
    contributor_name = forms.CharField(
        label=_("Your name (optional)"), required=False, max_length=120
    )
    contributor_email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("To receive a receipt and the town's answer."),
    )
    contact_consent = forms.BooleanField(
        label=_("The town may write to me about this proposal at this address"),
        required=False,
        help_text=_(
            "Never published. Without this box ticked, your address is not kept. "
            "It is erased 30 days after the decision."
        ),
    )
    # The trap: hidden from people by the stylesheet and from assistive technology.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale = locale or Locale.get_active()
        self.fields["place"].queryset = shown_places()
        walk_choices = walks(self.locale)
        if walk_choices.exists():
            self.fields["found_on_walk"].queryset = walk_choices
        else:
            del self.fields["found_on_walk"]

    def clean_latitude(self):
        return self._six_places(self.cleaned_data.get("latitude"))

    def clean_longitude(self):
        return self._six_places(self.cleaned_data.get("longitude"))

    @staticmethod
    def _six_places(value):
        if value is None:
            return None
        return value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                _("Give both the latitude and the longitude, or neither."),
            )
        if data.get("place") is None:
            if not data.get("name", "").strip():
                self.add_error("name", _("Give the place's name."))
            if not data.get("place_kind"):
                self.add_error("place_kind", _("Choose the kind of place."))
            if not data.get("address", "").strip() and latitude is None:
                self.add_error("address", _("Say where the place is: its address is enough."))
        else:
            proposed = [
                data.get(name)
                for name in PlaceContribution.PROPOSED_FIELDS
                if name in data and name != "place"
            ]
            if not any(value not in (None, "") for value in proposed):
                raise forms.ValidationError(
                    _("Say what should change: fill in at least one field.")
                )
        return data

    def build(self):
        """The contribution the cleaned form describes (not saved)."""
        data = self.cleaned_data
        place = data.get("place")
        consent = bool(data.get("contact_consent") and data.get("contributor_email"))
        return PlaceContribution(
            kind=PlaceContribution.Kind.CORRECTION if place else PlaceContribution.Kind.NEW,
            place=place,
            name=data["name"].strip(),
            place_kind=data["place_kind"],
            address=data["address"].strip(),
            latitude=data["latitude"],
            longitude=data["longitude"],
            to_borrow=data["to_borrow"].strip(),
            opening_hours=data["opening_hours"].strip(),
            accessibility_notes=data["accessibility_notes"].strip(),
            description=data["description"].strip(),
            found_on_walk=data.get("found_on_walk"),
            locale=self.locale,
            contributor_name=data["contributor_name"].strip() if consent else "",
            contributor_email=data["contributor_email"] if consent else "",
            contact_consent=consent,
        )
