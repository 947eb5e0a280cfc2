"""Empty the page cache whenever something a visitor sees changes."""

from django.db.models.signals import post_delete, post_save

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from crieur.models import BrandingSettings, CacheGeneration


def bump(**kwargs):
    CacheGeneration.bump()


def bump_for_pages(sender, instance, **kwargs):
    if isinstance(instance, Page):
        CacheGeneration.bump()


def connect():
    page_published.connect(bump, dispatch_uid="crieur-cache-published")
    page_unpublished.connect(bump, dispatch_uid="crieur-cache-unpublished")
    post_page_move.connect(bump, dispatch_uid="crieur-cache-moved")
    post_delete.connect(bump_for_pages, dispatch_uid="crieur-cache-page-deleted")
    for model in (Site, Locale, PageViewRestriction, BrandingSettings, get_image_model()):
        label = model._meta.label_lower
        post_save.connect(bump, sender=model, dispatch_uid=f"crieur-cache-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"crieur-cache-delete-{label}")
    from services.models import ServiceCategory

    post_save.connect(bump, sender=ServiceCategory, dispatch_uid="crieur-cache-category")
    post_delete.connect(bump, sender=ServiceCategory, dispatch_uid="crieur-cache-category-del")
