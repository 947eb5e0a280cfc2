"""A tool lending box: a content type no channel has ever heard of.

It describes itself once, as a card; tests/crieur/test_card_contract.py finds
it on every channel without any channel code knowing it exists.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from crieur.cards import Card, Fact, Section, TrialOffer
from crieur.models import BasePage


class ToolBoxPage(BasePage):
    teaser = models.CharField("teaser", max_length=160)
    address = models.CharField("address", max_length=255, blank=True)
    opening_hours = models.CharField("opening hours", max_length=255, blank=True)
    trial_offer = models.CharField("trial offer", max_length=255, blank=True)
    trial_until = models.DateField("trial offer valid until", null=True, blank=True)
    how_to_borrow = RichTextField("how to borrow", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("trial_offer"),
        FieldPanel("trial_until"),
        FieldPanel("how_to_borrow"),
    ]
    parent_page_types = ["crieur.HomePage"]
    subpage_types = []
    template = "crieur/standard_page.html"
    card_kind = "toolbox"

    class Meta:
        verbose_name = "tool lending box"

    def get_card(self):
        return Card(
            kind=self.card_kind,
            title=self.title,
            teaser=self.teaser,
            url=self.url or "",
            locale=self.locale.language_code,
            pictogram="wrench",
            facts=tuple(
                Fact(label, value)
                for label, value in (("Where", self.address), ("Open", self.opening_hours))
                if value
            ),
            trial=TrialOffer(self.trial_offer, self.trial_until) if self.trial_offer else None,
            sections=(Section("How to borrow", self.how_to_borrow),) if self.how_to_borrow else (),
            page=self,
        )
