"""Every change a visitor could see makes what shows it out of date (``crieur.invalidation``).

These receivers are all the invalidation there is. Publishing or unpublishing
a page refreshes the pages it affects (``invalidation.published`` and
``unpublished``: the page, its listings, the pages that reference it or that it
references, their translations), and only them. Everything else bumps the
site-wide generation: a page moved, deleted or published under a new URL;
saving or deleting a site, a locale, a view restriction, the branding, an
image; and the models other apps declare with :func:`watch` from their
``ready()`` (short links, service categories): the core names no app built on it.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from crieur import invalidation
from crieur.models import BrandingSettings


def _label(model):
    return model._meta.label_lower


def page_saving(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, Page):
        invalidation.remember(instance)


def page_published_receiver(sender, instance, **kwargs):
    invalidation.published(instance, invalidation.recall(instance))


def page_unpublished_receiver(sender, instance, **kwargs):
    invalidation.recall(instance)
    invalidation.unpublished(instance)


def page_moved(sender, **kwargs):
    invalidation.bump(f"page {_label(sender)} moved")


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidation.bump(f"page {_label(sender)} deleted")


#: Per watched model, the fields a save of only those changes nothing a visitor sees.
_unseen = {}


def _seen(sender, update_fields):
    return not update_fields or not set(update_fields) <= _unseen.get(sender, frozenset())


def saved(sender, update_fields=None, **kwargs):
    if _seen(sender, update_fields):
        invalidation.bump(f"{_label(sender)} saved")


def changed(sender, created=False, update_fields=None, **kwargs):
    if not created and _seen(sender, update_fields):
        invalidation.bump(f"{_label(sender)} changed")


def deleted(sender, **kwargs):
    invalidation.bump(f"{_label(sender)} deleted")


def watch(model, *, on_create=True, unseen=()):
    """Bump the content generation whenever a row of ``model`` is saved or deleted.

    ``model`` is a model class. With
    ``on_create=False`` a new row bumps nothing (nothing cached can be made from
    it yet: a new short link drops only its own code's answer). A save of the
    ``unseen`` fields only (``save(update_fields=...)``) bumps nothing either.
    """
    label = _label(model)
    _unseen[model] = frozenset(unseen)
    receiver = saved if on_create else changed
    post_save.connect(receiver, sender=model, dispatch_uid=f"crieur-invalidation-save-{label}")
    post_delete.connect(deleted, sender=model, dispatch_uid=f"crieur-invalidation-delete-{label}")


def connect():
    pre_save.connect(page_saving, dispatch_uid="crieur-invalidation-page-saving")
    page_published.connect(page_published_receiver, dispatch_uid="crieur-invalidation-published")
    page_unpublished.connect(
        page_unpublished_receiver, dispatch_uid="crieur-invalidation-unpublished"
    )
    post_page_move.connect(page_moved, dispatch_uid="crieur-invalidation-moved")
    post_delete.connect(page_deleted, dispatch_uid="crieur-invalidation-page-deleted")
    for model in (Site, Locale, PageViewRestriction):
        watch(model)
    # Wagtail makes a site's branding row, with the defaults already shown, on first read.
    watch(BrandingSettings, on_create=False)
    # Wagtail records an image's size and hash the first time it renders it.
    watch(get_image_model(), unseen=("file_size", "file_hash"))
