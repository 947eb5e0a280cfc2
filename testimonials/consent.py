"""The consent lifecycle: what the daily sweep does.

A testimonial whose consent has expired disappears from every channel by
itself: each channel selects testimonials with
``TestimonialPage.objects.consented_for(channel, on=date)``. The sweep makes
sure nothing cached outlives the consent (it bumps the content generation,
``crieur.invalidation``: cached pages and short-link resolutions are made
again, so that a testimonial's codes lead to its service instead), and
e-mails its editors 30 days before the consent expires and on the day it has
expired. Each e-mail is recorded (``ConsentNotice``), so running the sweep
twice sends nothing twice.

Portraits outlive no consent: renditions are public files under ``MEDIA_URL``,
so the sweep deletes the renditions (rows and files) of every portrait that no
testimonial any channel may show today still uses (``forget_portraits``).
Editors' own changes (a consent withdrawn or narrowed, a page unpublished or
deleted, a portrait replaced) do the same at once: see ``signals.py``. Channels
that may still show an image make new renditions when they next render it; the
original file stays in the image library (see the README, *Consent*).

Dates: ``consent_until`` is the last valid day; the consent *expires* the day
after, when the testimonial disappears.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.images import get_image_model

from crieur import invalidation
from crieur.channels import ConsentChannel
from crieur.gate import gate, passes

from .models import ConsentNotice, TestimonialPage

logger = logging.getLogger(__name__)

__all__ = [
    "NOTICE_DAYS",
    "SweepReport",
    "delete_renditions",
    "forget_portraits",
    "recipients_for",
    "shown_on",
    "showing",
    "sweep",
]

#: Editors are warned this many days before a consent expires.
NOTICE_DAYS = 30
#: A sweep that did not run for a few days still sends the "expired" notices this late.
CATCH_UP_DAYS = 7
#: Members of this group are told about every consent (see crieur/migrations/0003).
STAFF_GROUP = "Communication staff"


@dataclass
class SweepReport:
    on: datetime.date
    expired: list = field(default_factory=list)  # testimonial titles expired on ``on``
    notices: list = field(default_factory=list)  # (kind, title, [e-mail addresses])
    renditions_deleted: int = 0  # portrait renditions no channel may show any more

    def as_dict(self):
        return {
            "on": self.on.isoformat(),
            "expired": self.expired,
            "renditions_deleted": self.renditions_deleted,
            "notices": [
                {"kind": kind, "testimonial": title, "recipients": emails}
                for kind, title, emails in self.notices
            ],
        }


def recipients_for(testimonial):
    """Who is told about ``testimonial``'s consent: its owner, its last editor, the staff."""
    users = {}
    for user in (testimonial.owner, getattr(testimonial.latest_revision, "user", None)):
        if user is not None:
            users[user.pk] = user
    for user in get_user_model().objects.filter(groups__name=STAFF_GROUP):
        users[user.pk] = user
    return [user for user in users.values() if user.is_active and user.email]


def _language_of(user):
    try:
        from wagtail.users.models import UserProfile

        language = UserProfile.get_for_user(user).get_preferred_language()
    except Exception:  # a missing profile must not stop the sweep
        language = None
    return language or settings.LANGUAGE_CODE


def _edit_url(testimonial):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("wagtailadmin_pages:edit", args=[testimonial.pk])


def _send(kind, testimonial, users):
    context = {
        "testimonial": testimonial,
        "last_day": testimonial.consent_until,
        "expires_on": testimonial.consent_until + datetime.timedelta(days=1),
        "edit_url": _edit_url(testimonial),
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Crieur"),
    }
    for user in users:
        with translation.override(_language_of(user)):
            subject = render_to_string(f"testimonials/email/consent_{kind}_subject.txt", context)
            body = render_to_string(
                f"testimonials/email/consent_{kind}.txt", {**context, "user": user}
            )
        send_mail(" ".join(subject.split()), body, None, [user.email])


def _one_per_translation(testimonials):
    """One testimonial per translation group, the default language's when live."""
    chosen = {}
    for page in testimonials:
        current = chosen.get(page.translation_key)
        if current is None or page.locale.language_code == settings.LANGUAGE_CODE:
            chosen[page.translation_key] = page
    return list(chosen.values())


def _notify(kind, testimonials, report):
    for testimonial in _one_per_translation(testimonials):
        users = recipients_for(testimonial)
        try:
            with transaction.atomic():
                notice = ConsentNotice.objects.create(
                    testimonial=testimonial, kind=kind, consent_until=testimonial.consent_until
                )
                notice.recipients.set(users)
                # Sent inside the transaction: a failure leaves no record, and the
                # next sweep tries again; a concurrent sweep stops at the constraint.
                _send(kind, testimonial, users)
        except IntegrityError:
            continue  # already sent by another sweep
        report.notices.append((kind, testimonial.title, [user.email for user in users]))


def showing(on=None):
    """Testimonials some channel may show on ``on`` (today): they pass the gate for one."""
    shown = Q()
    for consent in ConsentChannel:
        shown |= Q(pk__in=gate(TestimonialPage.objects.all(), consent, on=on).values("pk"))
    return TestimonialPage.objects.filter(shown)


def shown_on(testimonial, on=None):
    """The consent channels that may show ``testimonial`` (as saved) on ``on`` (today)."""
    return {consent for consent in ConsentChannel if passes(testimonial, consent, on=on)}


def delete_renditions(images):
    """Delete every rendition of ``images`` (images, ids or a queryset), rows and files.

    Wagtail deletes each rendition's file from storage once the transaction
    commits and forgets it in the renditions cache; the page cache is emptied,
    so that no cached page points at a deleted file. Returns how many were deleted.
    """
    rendition_model = get_image_model().get_rendition_model()
    deleted, _per_model = rendition_model.objects.filter(image__in=images).delete()
    if deleted:
        invalidation.bump("portrait renditions deleted")
    return deleted


def forget_portraits(on=None):
    """Delete the renditions of portraits only testimonials no channel may show use.

    A portrait another testimonial may still show keeps its renditions. Returns
    how many renditions were deleted (none once done: the sweep is idempotent).
    """
    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    images = image_model.objects.filter(
        Exists(TestimonialPage.objects.filter(portrait=OuterRef("pk"))),
        Exists(rendition_model.objects.filter(image=OuterRef("pk"))),
    ).exclude(Exists(showing(on).filter(portrait=OuterRef("pk"))))
    return delete_renditions(images)


def _notified(kind):
    """Whether this consent (same translation group, same last day) got a ``kind`` notice."""
    return Exists(
        ConsentNotice.objects.filter(
            kind=kind,
            consent_until=OuterRef("consent_until"),
            testimonial__translation_key=OuterRef("translation_key"),
        )
    )


def sweep(on=None):
    """Run the consent lifecycle for the day ``on`` (today); returns a :class:`SweepReport`."""
    on = on or timezone.localdate()
    report = SweepReport(on=on)
    live = (
        TestimonialPage.objects.live()
        .with_any_consent()
        .select_related("locale", "owner", "latest_revision__user")
        .order_by("consent_until", "pk")
    )
    just_expired = live.filter(consent_until=on - datetime.timedelta(days=1))
    report.expired = [page.title for page in just_expired]
    # Every day: cheap, and no cached page or short-link answer outlives a consent.
    invalidation.bump("consent sweep")
    soon = live.filter(
        consent_until__gte=on,
        consent_until__lt=on + datetime.timedelta(days=NOTICE_DAYS),
    ).exclude(_notified(ConsentNotice.Kind.SOON))
    expired = live.filter(
        consent_until__lt=on,
        consent_until__gte=on - datetime.timedelta(days=CATCH_UP_DAYS),
    ).exclude(_notified(ConsentNotice.Kind.EXPIRED))
    _notify(ConsentNotice.Kind.SOON, list(soon), report)
    _notify(ConsentNotice.Kind.EXPIRED, list(expired), report)
    report.renditions_deleted = forget_portraits(on)
    if report.renditions_deleted:
        logger.info("Deleted %d portrait renditions without consent", report.renditions_deleted)
    for kind, title, emails in report.notices:
        logger.info("Consent notice %s for %s sent to %d editors", kind, title, len(emails))
    return report
