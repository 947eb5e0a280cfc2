"""The e-mails of a lending request: received (resident and person in charge), answered.

The resident's e-mails are in the language they made the request in; the
person in charge gets theirs in the site's default language, with a link to
the request in the admin. Subjects carry the reference and the resource's
name, never what the resident typed.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from crieur.models import BrandingSettings

from .models import Status

__all__ = ["notify_decision", "notify_received", "staff_recipients"]

logger = logging.getLogger(__name__)


def _admin_url(lending_request):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("lending_requests:edit", args=[lending_request.pk])


def _one_line(text):
    return " ".join(str(text).split())


def staff_recipients(lending_request):
    """The place's person in charge, else ``CRIEUR_LENDING_EMAIL``, else the site's contact."""
    place = lending_request.place
    address = getattr(place, "contact_email", "") if place is not None else ""
    address = address or getattr(settings, "CRIEUR_LENDING_EMAIL", "")
    if not address:
        site = place.get_site() if place is not None else None
        site = site or Site.objects.filter(is_default_site=True).first()
        address = BrandingSettings.for_site(site).contact_email if site else ""
    return [address] if address else []


def _send(template, lending_request, recipients, language, **context):
    context = {"lending_request": lending_request, **context}
    with translation.override(language):
        subject = render_to_string(f"lending/email/{template}_subject.txt", context)
        body = render_to_string(f"lending/email/{template}.txt", context)
    send_mail(_one_line(subject), body, None, recipients)


def notify_received(lending_request, *, page_url=""):
    """Tell the resident their request is received, and the person in charge it waits."""
    _send(
        "received",
        lending_request,
        [lending_request.email],
        lending_request.language,
        page_url=page_url,
    )
    staff = staff_recipients(lending_request)
    if not staff:
        logger.warning("No address to send lending request %s to", lending_request.reference)
        return
    _send(
        "to_staff",
        lending_request,
        staff,
        settings.LANGUAGE_CODE,
        admin_url=_admin_url(lending_request),
    )


def notify_decision(lending_request):
    """Tell the resident the answer (accepted, declined or cancelled) and the staff's message."""
    if lending_request.status == Status.PENDING:
        return
    _send("decision", lending_request, [lending_request.email], lending_request.language)
