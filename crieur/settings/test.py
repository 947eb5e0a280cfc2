"""Settings for the test suite (pytest-django)."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Login lockout (django-axes) needs a request at each login, which `client.login` does
# not give: tests/security/test_login_lockout.py switches it on.
AXES_ENABLED = False
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="crieur-test-media-"))  # noqa: F405
# SQLite's test database is a file, not the in-memory default, so that another process
# (a real `db_worker`, tests/pdf/test_jobs_worker.py) can share it. One per test run.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    TEST_DATABASE_FILE = MEDIA_ROOT.with_name(f"{MEDIA_ROOT.name}.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_DATABASE_FILE)}  # noqa: F405
    # A throwaway file: no need to wait for the disk at each commit.
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON;"
    )
# With REDIS_URL the cache is a server that outlives a test run and may serve several:
# each run (and each process a test starts) keys its entries apart, as the in-process
# cache did, so that no run reads what another cached (the same pages, ids and codes).
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": f"test-{MEDIA_ROOT.name}"}}  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "crieur.storage.MediaStorage"},  # documents kept private
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A content type that exists only in the test suite: channels find it through its card
# alone (tests/crieur/test_card_contract.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.newcontent"]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tasks run inline in tests, whatever queue they are meant for.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# Tests make many requests from one address; the rate-limit tests set low rates themselves.
CRIEUR_RATE_LIMITS = {
    "resolver": "100000/m",
    "search": "100000/m",
    "kiosk": "100000/m",
    "kiosk-pairing": "100000/m",
    "place-proposal": "100000/m",
    "lending-request": "100000/m",
    "call-application": "100000/m",
}

# Each test's database starts afresh while the in-process cache does not: the page
# cache is switched on by the tests that are about it.
CRIEUR_PAGE_CACHE_SECONDS = 0
