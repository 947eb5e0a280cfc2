"""Invalidate cached resolutions when anything a resolution depends on changes.

Any change to a link, a page's publication, place, privacy or translations, or
the sites bumps one global generation (see ``resolver.py``): simple, and cheap
because pages change far less often than codes are scanned.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .resolver import bump_generation


def invalidate(**kwargs):
    bump_generation()
    # Once more after the commit, so that a scan resolving between the signal
    # and the commit cannot keep the old state cached.
    transaction.on_commit(bump_generation)


def invalidate_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate()


def connect():
    from .models import ShortLink

    uid = "links.invalidate"
    page_published.connect(invalidate, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(invalidate, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(invalidate, dispatch_uid=f"{uid}.moved")
    post_delete.connect(invalidate_on_page_delete, dispatch_uid=f"{uid}.page_deleted")
    for model in (ShortLink, PageViewRestriction, Site):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{model.__name__}.save")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{model.__name__}.delete")
