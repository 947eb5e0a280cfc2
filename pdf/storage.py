"""Where generated PDFs (bulletin editions, finished render jobs) are kept: private storage."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

__all__ = ["PrivateStorage", "pdf_storage", "private_root"]


def private_root():
    """Where generated PDFs are kept: never under ``MEDIA_ROOT``, which is served.

    ``CRIEUR_PRIVATE_ROOT`` when set, else a ``-private`` sibling of
    ``MEDIA_ROOT`` (``var/media-private`` in development).
    """
    root = getattr(settings, "CRIEUR_PRIVATE_ROOT", "")
    if root:
        return Path(root)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(f"{media.name}-private")


class PrivateStorage(FileSystemStorage):
    """File storage under :func:`private_root`, read when first used (tests change it)."""

    @cached_property
    def base_location(self):
        return str(private_root())

    @cached_property
    def base_url(self):
        return None


@cache
def pdf_storage():
    return PrivateStorage()
