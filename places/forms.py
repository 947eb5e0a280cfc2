"""The filters of the map, the list and the GeoJSON feed: one form, validated the same way."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import PlaceKind, ResourceKind

__all__ = ["PlaceFilterForm"]


class PlaceFilterForm(forms.Form):
    """``?kind=`` (a kind of place) and ``?resource=`` (something lent there), both optional.

    A plain GET form: it works without JavaScript, and the map follows the list
    it filters. An unknown value is an error (the GeoJSON feed answers 400 with
    it; the page shows every place and says the filter was not understood).
    """

    kind = forms.ChoiceField(
        label=_("Kind of place"),
        required=False,
        choices=[("", _("All kinds"))] + PlaceKind.choices,
    )
    resource = forms.ChoiceField(
        label=_("What can be borrowed"),
        required=False,
        choices=[("", _("Anything"))] + ResourceKind.choices,
    )

    def filter(self, places):
        """``places`` narrowed by the valid filters (all of them when the form is invalid)."""
        if not self.is_valid():
            return places
        return places.of_kind(self.cleaned_data["kind"]).lending(self.cleaned_data["resource"])

    def error_text(self):
        """The errors in one sentence, for a 400 answer or a note above the list."""
        return " ".join(
            f"{field}: {' '.join(str(message) for message in messages)}"
            for field, messages in self.errors.items()
        )
