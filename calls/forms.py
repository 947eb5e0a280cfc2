"""The public application form and the staff's decision form.

The application form is short on purpose (who, what, where, when, how much,
contact) and asks for no account. It carries a honeypot field (``website``,
hidden from people, filled by robots) and a token, one per form shown, so that
a form sent twice makes one application.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models.applications import MAX_BUDGET, Application

#: The honeypot field's name: a field people never see, that robots fill.
HONEYPOT = "website"


class ApplicationForm(forms.ModelForm):
    token = forms.UUIDField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    requested_amount = forms.IntegerField(
        label=_("Amount you would need (euros, optional)"),
        help_text=_(
            "For information only: the budget is shared equally among the projects accepted."
        ),
        required=False,
        min_value=0,
        max_value=MAX_BUDGET,
    )

    class Meta:
        model = Application
        fields = [
            "group_name",
            "applicant_kind",
            "title",
            "description",
            "where",
            "when",
            "requested_amount",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        labels = {
            "group_name": _("Name of your association, group, or your own name"),
            "applicant_kind": _("You are"),
            "title": _("Your project in a few words"),
            "description": _("What you want to do"),
            "where": _("Where"),
            "when": _("When"),
            "contact_name": _("Your name"),
            "contact_email": _("Your e-mail address"),
            "contact_phone": _("Your phone number (optional)"),
        }
        help_texts = {
            "group_name": _("Shown publicly if your project is accepted and published."),
            "description": _("A few lines are enough; at most 5,000 characters."),
            "where": _("A street, a neighbourhood, a place."),
            "when": _("A date, a period, or “every Saturday from May”."),
            "contact_name": _("Never published: only the staff reviewing the call see it."),
            "contact_email": _("We send your receipt here."),
        }
        widgets = {
            "applicant_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].choices = Application.ApplicantKind.choices

    def is_spam(self):
        """Whether the honeypot was filled (read before ``is_valid``)."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


class DecisionForm(forms.Form):
    """Staff's answer to an application: accepted or not, and a message to the applicant."""

    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Application.Status.ACCEPTED, Application.Status.ACCEPTED.label),
            (Application.Status.NOT_ACCEPTED, Application.Status.NOT_ACCEPTED.label),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Message to the applicant"),
        help_text=_("Sent by e-mail. Required when the application is not accepted."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Application.Status.NOT_ACCEPTED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Tell the applicant why their project is not accepted."))
        return cleaned
