"""Invalidate cached resolutions when anything a resolution depends on changes.

Any change to an existing link, a page's publication, place, privacy or translations, or
the sites bumps one global generation (see ``resolver.py``): simple, and cheap
because pages change far less often than codes are scanned. A new link only
drops the cached answer for its own code, so printing a sheet of unique codes
does not empty the cache.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .resolver import bump_generation, forget_codes


def invalidate(**kwargs):
    bump_generation()
    # Once more after the commit, so that a scan resolving between the signal
    # and the commit cannot keep the old state cached.
    transaction.on_commit(bump_generation)


def link_saved(sender, instance, created, raw=False, **kwargs):
    if created:
        forget_codes([instance.code])
        transaction.on_commit(lambda: forget_codes([instance.code]))
    else:
        invalidate()


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
    post_save.connect(link_saved, sender=ShortLink, dispatch_uid=f"{uid}.ShortLink.save")
    post_delete.connect(invalidate, sender=ShortLink, dispatch_uid=f"{uid}.ShortLink.delete")
    for model in (PageViewRestriction, Site):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{model.__name__}.save")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{model.__name__}.delete")
