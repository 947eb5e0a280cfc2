"""E-mails to applicants, each in the language they applied in."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from crieur.models import BrandingSettings


def _send(application, subject, template, context):
    with translation.override(application.language):
        authority = _authority_name(application)
        context = {"application": application, "authority": authority, **context}
        body = render_to_string(template, context)
        send_mail(
            gettext(subject) % {"receipt": application.receipt},
            body,
            settings.DEFAULT_FROM_EMAIL,
            [application.contact_email],
        )


def _authority_name(application):
    site = application.call.get_site()
    if site is None:
        return "Crieur"
    return BrandingSettings.for_site(site).authority_name


def send_confirmation(application, call_url):
    """The receipt of a new application."""
    _send(
        application,
        gettext_noop("Your application %(receipt)s has been received"),
        "calls/emails/confirmation.txt",
        {"call_url": call_url},
    )


def send_decision(application):
    """The staff's decision (accepted or not) and their message."""
    _send(
        application,
        gettext_noop("Your application %(receipt)s: the decision"),
        "calls/emails/decision.txt",
        {"accepted": application.status == application.Status.ACCEPTED},
    )
