"""Render jobs run by real ``manage.py db_worker`` processes, one of them killed mid-job.

The worker is another process: it needs the test database on disk (the test
settings put SQLite's in a file; PostgreSQL's always is) and committed data
(``transaction=True``). The worker renders slowly on purpose
(``CRIEUR_RENDER_JOB_STEP_DELAY`` at each progress step) so that it can be
killed in the middle of a job, and holds a short lease so that the job is
seen as stale quickly.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

import pytest
from django_tasks import TaskResultStatus

from pdf.models import RenderJob
from pdf.storage import private_root
from stickers.label_formats import get_format
from stickers.sheet import DesignCount
from tests.pdf.pdf_helpers import decode_pages

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite" and connection.is_in_memory_db(),
        reason="a worker process cannot share an in-memory SQLite database",
    ),
]

LEASE_SECONDS = 1.5
STEP_DELAY = 0.4
TIMEOUT = 45


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    settings.CRIEUR_RENDER_JOB_LEASE_SECONDS = LEASE_SECONDS


@pytest.fixture
def workers(tmp_path, database_queue):
    """``start(step_delay=...)`` starts a ``db_worker`` process; all are stopped at the end."""
    started = []

    def start(step_delay=0.0):
        log = tmp_path / f"worker-{len(started) + 1}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.pdf.jobs_worker_settings",
            "CRIEUR_WORKER_DB_NAME": str(connection.settings_dict["NAME"]),
            "CRIEUR_WORKER_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            "CRIEUR_WORKER_PRIVATE_ROOT": str(private_root()),
            "CRIEUR_WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
            "CRIEUR_WORKER_STEP_DELAY": str(step_delay),
        }
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--backend",
                    "background",
                    "--interval",
                    "0.1",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        process.log = log
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(job, condition, *, process=None, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.05)
    log = process.log.read_text(errors="replace") if process is not None else ""
    raise AssertionError(
        f"job {job.pk} still {job.status} ({job.progress} %, {job.progress_message!r}, "
        f"{job.error!r})\nworker log:\n{log[-3000:]}"
    )


def make_job(designs, user, count=30):
    from stickers.jobs import create_sticker_job

    job = create_sticker_job(
        [DesignCount(designs["covoit"], count)],
        geometry=get_format("avery-l7160"),
        start=1,
        unique_codes=True,
        outlines=False,
        offset=(0.0, 0.0),
        language="fr",
        user=user,
    )
    assert job.status == RenderJob.Status.QUEUED  # in the database queue now
    return job


def check_sheet(job, count=30):
    pdf = job.file.read()
    codes = [code for page in decode_pages(pdf, dpi=150) for code in page]
    assert len(codes) == count
    assert len(set(codes)) == count  # a unique code per sticker


def test_a_worker_process_renders_the_job(designs, staff_user, workers):
    from django_tasks_db.models import DBTaskResult

    job = make_job(designs, staff_user)
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.READY

    worker = workers()
    wait_for(job, lambda j: j.status == RenderJob.Status.DONE, process=worker)

    assert (job.progress, job.progress_message, job.attempts) == (100, "Ready", 1)
    check_sheet(job)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == {"job": job.pk, "status": "done"}


def test_a_job_survives_a_killed_worker(client, designs, staff_user, workers):
    from django_tasks_db.models import DBTaskResult

    job = make_job(designs, staff_user)
    first_task = job.task_id
    doomed = workers(step_delay=STEP_DELAY)
    wait_for(
        job, lambda j: j.status == RenderJob.Status.RUNNING and j.progress >= 5, process=doomed
    )

    doomed.send_signal(signal.SIGKILL)  # in the middle of the rendering
    doomed.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.RUNNING  # nobody is left to say otherwise
    assert 5 <= job.progress < 100

    # Once the lease has expired, the next look at the job's status page takes it over.
    client.force_login(staff_user)
    status_url = reverse("print_job", args=[job.pk])
    deadline = time.monotonic() + 10
    while job.status == RenderJob.Status.RUNNING and time.monotonic() < deadline:
        time.sleep(0.2)
        client.get(status_url)
        job.refresh_from_db()
    assert job.status == RenderJob.Status.QUEUED
    assert job.attempts == 1
    assert job.progress_message == (
        "The worker stopped before the end: queued again (attempt 2 of 3)."
    )
    assert DBTaskResult.objects.get(id=first_task).status == TaskResultStatus.FAILED
    assert job.task_id != first_task

    rescuer = workers()
    wait_for(job, lambda j: j.status == RenderJob.Status.DONE, process=rescuer)
    assert job.attempts == 2
    check_sheet(job)
    assert client.get(reverse("print_job_download", args=[job.pk])).status_code == 200


def test_a_job_whose_worker_dies_at_the_last_attempt_fails(designs, staff_user, workers, settings):
    settings.CRIEUR_RENDER_JOB_MAX_ATTEMPTS = 1
    job = make_job(designs, staff_user)
    doomed = workers(step_delay=STEP_DELAY)
    wait_for(
        job, lambda j: j.status == RenderJob.Status.RUNNING and j.progress >= 5, process=doomed
    )
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)

    time.sleep(LEASE_SECONDS + 0.2)
    call_command("requeue_stale_jobs", verbosity=0)

    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.error.startswith(
        "The worker rendering this job stopped before the end, 1 time: giving up."
    )
    assert job.finished_at is not None
    assert not job.file
