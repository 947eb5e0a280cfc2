"""The resolver's caches: this process's resolutions and the shared Django cache's keys.

Apart from the resolver so that the short-link model can forget new codes
(``ShortLink.objects.bulk_create_unique``) without importing the resolver,
which itself reads the model.
"""

import logging
import threading

from django.core.cache import cache
from django.utils import timezone

from crieur import invalidation

logger = logging.getLogger(__name__)

CACHE_TIMEOUT = 300
LOCAL_MAX_ENTRIES = 10_000

#: This process's resolutions, valid for one (generation, day).
LOCAL = {"generation": None, "entries": {}}
LOCAL_LOCK = threading.Lock()


def cache_key(generation, code):
    return f"links:resolve:{generation}:{timezone.localdate().isoformat()}:{code}"


def forget_codes(codes):
    """Drop cached answers for new codes (a scan may have cached "unknown" before).

    New links need no global invalidation: only these codes can have changed.
    """
    generation = invalidation.current_cached(invalidation.ANSWERS)
    with LOCAL_LOCK:
        for code in codes:
            LOCAL["entries"].pop(code, None)
    try:
        cache.delete_many([cache_key(generation, code) for code in codes])
    except Exception:
        logger.warning("Cache unavailable: new short codes not forgotten there", exc_info=True)


def clear_local_cache():
    with LOCAL_LOCK:
        LOCAL["generation"] = None
        LOCAL["entries"] = {}
