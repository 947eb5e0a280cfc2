"""The resident's request form: what, when, for how many, why, who.

Every impossible request is refused here with a message that says what to
change (end before start, in the past, too far ahead, too long, more people
than the resource takes, outside a temporary place's dates). Whether the slot
is free is decided later, under a lock (``lending.booking``).
"""

import datetime
import uuid
import zoneinfo

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import LendingRequest

__all__ = ["MAX_DAYS_AHEAD", "MAX_DURATION", "MAX_PEOPLE", "LendingRequestForm"]

#: How far ahead a request may start, in days (about six months).
MAX_DAYS_AHEAD = 183
#: The longest a resource may be borrowed for at once.
MAX_DURATION = datetime.timedelta(days=7)
#: People (or units) at most when a resource states no capacity.
MAX_PEOPLE = 500

phone_validator = RegexValidator(
    r"^\+?[0-9 ().\-]{6,30}$",
    _("Enter a phone number with digits, spaces and at most a leading +."),
)


def site_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class ResourceChoiceField(forms.ModelChoiceField):
    """One of the place's lendable resources, by id (no id beyond 64 bits reaches the database)."""

    def to_python(self, value):
        if value not in self.empty_values and not (str(value).isdigit() and int(value) < 2**63):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def label_from_instance(self, resource):
        if resource.capacity:
            return _("%(name)s (up to %(capacity)s)") % {
                "name": resource.name,
                "capacity": resource.capacity,
            }
        return resource.name


class LendingRequestForm(forms.Form):
    resource = ResourceChoiceField(
        label=_("What would you like to borrow?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of this place's resources.")},
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_date = forms.DateField(
        label=_("Return date"),
        required=False,
        help_text=_("Only if you bring it back on another day (a week at most)."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    people = forms.IntegerField(
        label=_("How many people (or items)?"),
        min_value=1,
        max_value=MAX_PEOPLE,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    purpose = forms.CharField(
        label=_("What is it for?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two: a neighbours' meeting, a workshop, a move…"),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The answer is sent there. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    # Honeypot: hidden from people (off-screen, out of the tab order); robots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, place, resources, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.now = now or timezone.now()
        self.fields["resource"].queryset = resources
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            if len(resources) == 1:
                self.initial.setdefault("resource", resources[0].pk)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("This field must stay empty: leave it blank and send the form again.")
            )
        return ""

    def _moment(self, day, time):
        naive = datetime.datetime.combine(day, time)
        return timezone.make_aware(naive, site_zone())

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        resource = data.get("resource")
        if day is None or start is None or end is None:
            return data
        end_day = data.get("end_date") or day
        try:
            starts_at = self._moment(day, start)
            ends_at = self._moment(end_day, end)
        except (OverflowError, ValueError):
            self.add_error("date", _("Enter a real date."))
            return data
        if ends_at <= starts_at:
            self.add_error("end_time", _("The end must come after the start."))
        elif ends_at - starts_at > MAX_DURATION:
            self.add_error(
                "end_date",
                ngettext_lazy(
                    "A request covers %(days)d day at most.",
                    "A request covers %(days)d days at most: make several requests.",
                    MAX_DURATION.days,
                )
                % {"days": MAX_DURATION.days},
            )
        if starts_at <= self.now:
            self.add_error("date", _("This moment has passed: choose a date and time to come."))
        elif starts_at > self.now + datetime.timedelta(days=MAX_DAYS_AHEAD):
            self.add_error(
                "date",
                _("Requests are taken up to six months ahead: choose an earlier date."),
            )
        self._check_place_dates(starts_at, ends_at)
        people = data.get("people")
        if resource is not None and people and resource.capacity and people > resource.capacity:
            self.add_error(
                "people",
                _("%(name)s takes %(capacity)s at most.")
                % {"name": resource.name, "capacity": resource.capacity},
            )
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    def _check_place_dates(self, starts_at, ends_at):
        """A temporary place lends only between its first and last day."""
        place = self.place
        if getattr(place, "permanent", True):
            return
        first = getattr(place, "available_from", None)
        last = getattr(place, "available_until", None)
        zone = site_zone()
        if first and starts_at.astimezone(zone).date() < first:
            self.add_error(
                "date",
                _("This place opens on %(date)s: choose a later date.")
                % {"date": formats.date_format(first)},
            )
        if last and ends_at.astimezone(zone).date() > last:
            self.add_error(
                "date",
                _("This place closes after %(date)s: choose an earlier date.")
                % {"date": formats.date_format(last)},
            )

    def to_request(self, *, language):
        """An unsaved ``LendingRequest`` from the cleaned data."""
        data = self.cleaned_data
        resource = data["resource"]
        return LendingRequest(
            place=self.place,
            place_title=self.place.title[:255],
            resource=resource,
            resource_key=resource.translation_key,
            resource_name=resource.name[:120],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            people=data["people"],
            purpose=data["purpose"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            language=language,
            token=data["token"],
        )
