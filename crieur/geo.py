"""Coordinates as every model that places something on a map stores them (WGS 84, degrees)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def latitude_field(**options):
    """A latitude in degrees, six decimals (about 11 cm), between -90 and 90."""
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        **options,
    )


def longitude_field(**options):
    """A longitude in degrees, six decimals, between -180 and 180."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        **options,
    )
