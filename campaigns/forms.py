from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from crieur.channels import Channel


class CampaignPageForm(WagtailAdminPageForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each channel gets its own QR codes, to see which one brought residents."),
    )

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The campaign cannot end before it starts."))
            return cleaned_data
        events = self.formsets.get("events")
        if start and end and events is not None:
            events.is_valid()  # clean the event forms now, to check them against the period
            for form in events.forms:
                if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                    continue
                starts_at = form.cleaned_data.get("starts_at")
                ends_at = form.cleaned_data.get("ends_at")
                if starts_at and not start <= timezone.localdate(starts_at) <= end:
                    form.add_error(
                        "starts_at",
                        _("The event must take place during the campaign (%(start)s – %(end)s).")
                        % {"start": start, "end": end},
                    )
                if starts_at and ends_at and ends_at < starts_at:
                    form.add_error("ends_at", _("The event cannot end before it starts."))
        return cleaned_data


class PeriodForm(forms.Form):
    """The period a campaign dashboard, its CSV and its report cover (bounded)."""

    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, max_days, **kwargs):
        self.max_days = max_days
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period cannot come before its start."))
            elif (end - start).days + 1 > self.max_days:
                self.add_error(
                    "end",
                    _("Choose a period of at most %(days)d days.") % {"days": self.max_days},
                )
        return cleaned_data
