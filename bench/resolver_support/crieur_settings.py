"""Crieur as deployed, for the resolver benchmark: base settings, no debug, quiet logs."""

from crieur.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# One load generator on 127.0.0.1 is one "client": lift the per-address limits.
CRIEUR_RATE_LIMITS = {"resolver": "100000000/m", "search": "100000000/m", "kiosk": "100000000/m"}
