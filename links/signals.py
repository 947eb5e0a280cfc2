"""Short links and the content generation (``crieur.invalidation``).

A link changed or deleted changes its resolution: it bumps the content
generation, like every change of the pages and sites resolutions are made of
(``crieur.signals``, which holds every receiver that bumps). A new link only
drops the cached answer for its own code, so printing a sheet of unique codes
does not empty the caches.
"""

from django.db import transaction
from django.db.models.signals import post_save

from crieur.signals import watch

from .models import ShortLink
from .resolver import forget_codes


def link_created(sender, instance, created, raw=False, **kwargs):
    if created:
        forget_codes([instance.code])
        # Once more after the commit: a scan between the two may have cached "unknown".
        transaction.on_commit(lambda: forget_codes([instance.code]))


def connect():
    watch(ShortLink, on_create=False)
    post_save.connect(link_created, sender=ShortLink, dispatch_uid="links.forget_new_codes")
