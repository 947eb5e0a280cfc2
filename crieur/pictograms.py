"""Pictograms: a name from the Lucide icon set, or an uploaded image.

The Lucide set ships inside the ``lucide`` package, so rendering an icon reads
a local zip file and never the network.
"""

import functools
import zipfile
from importlib import resources

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from lucide.templatetags.lucide import lucide as lucide_icon


@functools.cache
def lucide_names():
    zip_path = resources.files("lucide").joinpath("lucide.zip")
    with zip_path.open("rb") as data, zipfile.ZipFile(data) as archive:
        names = archive.namelist()
    return tuple(sorted(name.removesuffix(".svg") for name in names if name.endswith(".svg")))


def validate_lucide_name(value):
    if value and value not in set(lucide_names()):
        raise ValidationError(
            _("“%(name)s” is not a Lucide icon name (for example: hammer, car, book-open)."),
            params={"name": value},
        )


def lucide_svg(name, size=48, **attributes):
    """The inline SVG markup of a Lucide icon, decorative by default."""
    attributes.setdefault("aria_hidden", "true")
    attributes.setdefault("focusable", "false")
    # Lucide's own Django template tag: it builds the markup with ElementTree,
    # which escapes the attribute values, and marks it safe.
    return lucide_icon(name, size=size, **attributes)


class LucideIconInput(forms.TextInput):
    """A text input that suggests the Lucide names as the editor types."""

    template_name = "crieur/widgets/lucide_icon_input.html"

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "list": f"{attrs.get('id', name)}-lucide-names",
            "autocomplete": "off",
        }
        context = super().get_context(name, value, attrs)
        context["widget"]["lucide_names"] = lucide_names()
        context["widget"]["datalist_id"] = attrs["list"]
        return context


class PictogramMixin(models.Model):
    """A Lucide icon name or an uploaded image; the image wins when both are set."""

    pictogram_name = models.CharField(
        _("pictogram (Lucide icon)"),
        max_length=64,
        blank=True,
        validators=[validate_lucide_name],
        help_text=_("A Lucide icon name, such as hammer, car, book-open or sprout."),
    )
    pictogram_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("pictogram (uploaded image)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Used instead of the Lucide icon when set."),
    )

    pictogram_panels = [
        MultiFieldPanel(
            [
                FieldPanel("pictogram_name", widget=LucideIconInput),
                FieldPanel("pictogram_image"),
            ],
            heading=_("Pictogram"),
        )
    ]

    class Meta:
        abstract = True
