"""Where generated PDFs (bulletin editions, finished render jobs) are kept: private storage.

The private root is the project's (``crieur.storage``): never under ``MEDIA_ROOT``,
no URL; the views that hand a PDF out check who asks.
"""

from functools import cache

from crieur.storage import PrivateStorage, private_root

__all__ = ["PrivateStorage", "pdf_storage", "private_root"]


@cache
def pdf_storage():
    return PrivateStorage()
