"""Coordinates as every model that places something on a map stores them (WGS 84, degrees)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def _degrees_field(label, bound, options):
    return models.DecimalField(
        label,
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-bound), MaxValueValidator(bound)],
        **options,
    )


def latitude_field(**options):
    """A latitude in degrees, six decimals (about 11 cm), between -90 and 90."""
    return _degrees_field(_("latitude"), 90, options)


def longitude_field(**options):
    """A longitude in degrees, six decimals, between -180 and 180."""
    return _degrees_field(_("longitude"), 180, options)
