"""Test runs that share one Redis server do not read each other's cache entries."""

import os
import subprocess
import sys

from django.conf import settings as django_settings

SET_THEN_GET = (
    "import sys\n"
    "from django.core.cache import cache\n"
    "seen = cache.get('crieur-probe')\n"
    "cache.set('crieur-probe', sys.argv[1], 60)\n"
    "print(seen)\n"
)


def run_with_test_settings(redis_url, name):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crieur.settings.test",
        "REDIS_URL": redis_url,
    }
    finished = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SET_THEN_GET, name],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return finished.stdout.strip()


def test_two_test_runs_on_one_redis_keep_their_entries_apart(redis_url):
    assert run_with_test_settings(redis_url, "first run") == "None"
    assert run_with_test_settings(redis_url, "second run") == "None"
