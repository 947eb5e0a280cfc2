"""What the demo loader remembers between runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedHistory(models.Model):
    """A marker: this piece of invented history was written once and must not be written again.

    ``demo.scans`` writes a campaign's invented scan history once; this row
    says so, so that ``load_demo`` run again (even days later) neither doubles
    it nor adds invented days among the residents' real scans.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows written"), default=0)

    class Meta:
        verbose_name = _("demo history loaded")
        verbose_name_plural = _("demo histories loaded")

    def __str__(self):
        return self.name
