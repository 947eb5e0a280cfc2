from django import template

from calls.models import euros as euros_text

register = template.Library()


@register.filter
def euros(amount):
    """Whole euros in the active language: "12 000 €"."""
    return euros_text(amount)
