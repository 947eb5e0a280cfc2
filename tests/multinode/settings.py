"""Settings of the application processes ("nodes") that the multi-node tests start.

The test settings, pointed at the running test's database (``CRIEUR_NODE_DB_NAME``)
and media; the cache comes from ``REDIS_URL`` as in production (``crieur.settings.base``),
under a key prefix that the nodes of one test share (``CRIEUR_NODE_CACHE_PREFIX``).
Rates and the page cache are read from the same variables as in production.
"""

import os
from pathlib import Path

from crieur.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["CRIEUR_NODE_DB_NAME"]  # noqa: F405
MEDIA_ROOT = Path(os.environ["CRIEUR_NODE_MEDIA_ROOT"])
CACHES["default"]["KEY_PREFIX"] = os.environ["CRIEUR_NODE_CACHE_PREFIX"]  # noqa: F405
CRIEUR_RATE_LIMITS = {
    group: os.environ.get(f"RATE_LIMIT_{group.upper()}", rate)
    for group, rate in CRIEUR_RATE_LIMITS.items()  # noqa: F405
}
CRIEUR_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
