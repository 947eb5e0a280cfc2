"""Production settings on the running test's database, for the gunicorn of test_token_logging.py."""

import os

from crieur.settings.production import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["CRIEUR_TEST_DB_NAME"]  # noqa: F405
