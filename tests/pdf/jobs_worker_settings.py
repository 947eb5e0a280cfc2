"""Settings of the ``db_worker`` processes that ``test_jobs_worker.py`` starts.

The test settings, pointed at the running test's database (``CRIEUR_WORKER_DB_NAME``)
and files, with the ``background`` tasks in the database and the job timings
the test chooses.
"""

import os
from pathlib import Path

from crieur.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["CRIEUR_WORKER_DB_NAME"]  # noqa: F405
MEDIA_ROOT = Path(os.environ["CRIEUR_WORKER_MEDIA_ROOT"])
CRIEUR_PRIVATE_ROOT = os.environ["CRIEUR_WORKER_PRIVATE_ROOT"]
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
CRIEUR_RENDER_JOB_LEASE_SECONDS = float(os.environ["CRIEUR_WORKER_LEASE_SECONDS"])
CRIEUR_RENDER_JOB_HEARTBEAT_SECONDS = CRIEUR_RENDER_JOB_LEASE_SECONDS / 5
CRIEUR_RENDER_JOB_STEP_DELAY = float(os.environ.get("CRIEUR_WORKER_STEP_DELAY", "0"))
