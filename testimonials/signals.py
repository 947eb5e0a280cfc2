"""A portrait leaves no public copy once its testimonial may no longer show it.

Renditions are files under ``MEDIA_URL`` that anyone with their address can
fetch. When a testimonial is saved in a way that takes it off a channel (a
consent withdrawn, narrowed or already expired, the page unpublished), or its
portrait is replaced, or the page is deleted, the portrait's renditions are
deleted at once, rows and files (``consent.delete_renditions``). Channels that
may still show the image make new ones when they next render it. Consents that
simply run out are handled by the daily sweep (``consent.forget_portraits``).

Drafts change nothing public: Wagtail saves them with ``update_fields`` that
name none of the fields watched here, so they cost no query.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from .consent import delete_renditions, shown_on
from .models import TestimonialPage

__all__ = ["connect"]

#: The fields of the page row that decide whether a channel may show the portrait.
WATCHED_FIELDS = frozenset(
    {
        "live",
        "expired",
        "portrait",
        "consent_web",
        "consent_print",
        "consent_kiosk",
        "consent_social",
        "consent_date",
        "consent_until",
    }
)


def remember_what_was_shown(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not WATCHED_FIELDS.intersection(update_fields):
        return
    saved = TestimonialPage.objects.filter(pk=instance.pk).values_list("portrait_id", flat=True)
    if not saved:
        return  # a new page
    instance._shown_before = (shown_on(instance), saved[0])


def forget_withdrawn_portrait(sender, instance, raw=False, **kwargs):
    before = instance.__dict__.pop("_shown_before", None)
    if before is None:
        return
    channels_before, portrait_before = before
    images = set()
    if portrait_before is not None and portrait_before != instance.portrait_id:
        images.add(portrait_before)
    if instance.portrait_id is not None and channels_before - shown_on(instance):
        images.add(instance.portrait_id)
    if images:
        delete_renditions(images)


def forget_deleted_portrait(sender, instance, **kwargs):
    if instance.portrait_id is not None:
        delete_renditions([instance.portrait_id])


def connect():
    pre_save.connect(
        remember_what_was_shown, sender=TestimonialPage, dispatch_uid="testimonial-shown-before"
    )
    post_save.connect(
        forget_withdrawn_portrait, sender=TestimonialPage, dispatch_uid="testimonial-withdrawn"
    )
    post_delete.connect(
        forget_deleted_portrait, sender=TestimonialPage, dispatch_uid="testimonial-deleted"
    )
