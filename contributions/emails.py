"""E-mails to contributors (only with an address and their consent), and to staff.

Each e-mail is written in the contribution's language (the one the resident
used on the form), whoever sends it.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

__all__ = ["notify_staff", "send_declined", "send_received"]


def _context(contribution):
    return {
        "contribution": contribution,
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Crieur"),
    }


def _send(template, contribution, recipients, language=None, extra=None):
    context = {**_context(contribution), **(extra or {})}
    with translation.override(language or contribution.language):
        subject = render_to_string(f"contributions/email/{template}_subject.txt", context)
        body = render_to_string(f"contributions/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, recipients)


def send_received(contribution):
    """The receipt: the reference and what happens next."""
    if contribution.may_contact:
        _send("received", contribution, [contribution.contributor_email])


def send_declined(contribution):
    """The decision and its reason."""
    if contribution.may_contact:
        _send("declined", contribution, [contribution.contributor_email])


def notify_staff(contribution):
    """Tell ``CRIEUR_CONTRIBUTIONS_EMAIL`` (when set) that a contribution waits."""
    address = getattr(settings, "CRIEUR_CONTRIBUTIONS_EMAIL", "")
    if not address:
        return
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    url = base + reverse(
        "wagtailsnippets_contributions_placecontribution:edit", args=[contribution.pk]
    )
    _send("staff", contribution, [address], language=settings.LANGUAGE_CODE, extra={"url": url})
