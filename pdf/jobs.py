"""Background rendering: big sticker sheets and bulletins made by a worker.

A request above the synchronous bound (:data:`MAX_SYNCHRONOUS_STICKERS`
stickers, or any bulletin the editor sends to the background) becomes a
:class:`~pdf.models.RenderJob` and a task of Django's tasks framework on the
``background`` backend (the database queue of django-tasks-db, run by
``manage.py db_worker --backend background``). The admin follows the job's
status page until the file is ready, then downloads it from private storage.

A worker that dies in the middle of a job does not lose it:

* a running job holds a *lease*: ``heartbeat_at`` is renewed by every
  progress report and by a heartbeat thread, every
  ``CRIEUR_RENDER_JOB_HEARTBEAT_SECONDS``;
* a job whose heartbeat is older than ``CRIEUR_RENDER_JOB_LEASE_SECONDS`` is
  *stale*: :func:`requeue_stale_jobs` queues it again (a new task) until it has
  been started ``CRIEUR_RENDER_JOB_MAX_ATTEMPTS`` times, then marks it failed
  with a clear error. It runs at the start of every job task, whenever the
  admin shows a job or the list of jobs, and as ``manage.py requeue_stale_jobs``
  (cron);
* every change of a running job is conditional on its ``lease_token``: a
  worker that lost its lease (it was only slow) cannot overwrite the new run,
  and a job already done or failed is never run again.

This module knows no channel: each channel registers the function that renders
its kind of job (:func:`register_kind`, from its ``AppConfig.ready``), and makes
its jobs with :func:`create_job`.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from django_tasks import TaskResultStatus, task

from .models import RenderJob

logger = logging.getLogger(__name__)

__all__ = [
    "JobKind",
    "RenderJobError",
    "create_job",
    "job_kind",
    "register_kind",
    "requeue_stale_jobs",
    "run_job",
    "run_render_job",
]

Status = RenderJob.Status


def lease_seconds():
    """How long a running job may go without a heartbeat before it is stale."""
    return float(getattr(settings, "CRIEUR_RENDER_JOB_LEASE_SECONDS", 120))


def heartbeat_seconds():
    return float(getattr(settings, "CRIEUR_RENDER_JOB_HEARTBEAT_SECONDS", lease_seconds() / 4))


def max_attempts():
    """How many times a job is started before a dying worker makes it fail."""
    return int(getattr(settings, "CRIEUR_RENDER_JOB_MAX_ATTEMPTS", 3))


def step_delay():
    """Seconds slept at every progress step: tests only, to kill a worker mid-job."""
    return float(getattr(settings, "CRIEUR_RENDER_JOB_STEP_DELAY", 0))


class RenderJobError(Exception):
    """A job that cannot be done (a deleted design or edition...): failed with ``message``."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class LeaseLost(Exception):
    """This run no longer owns its job (its lease expired and it was queued again)."""


# -- the kinds of job, registered by the channels -----------------------------------


@dataclass(frozen=True)
class JobKind:
    """What a channel registers for its kind of job.

    ``render(job, report)`` returns ``(filename, content)`` (a PDF, or a ZIP whose
    filename ends in .zip: the download says which); it calls
    ``report(percent, message)`` as it goes and raises :class:`RenderJobError`
    for a job that cannot be done. ``again_url(job)`` is where to ask for the
    same thing again after a failure. ``background_above`` is the channel's
    synchronous bound, shown on the empty job list, if it has one.
    """

    render: Callable
    again_url: Callable
    background_above: int | None = None


_KINDS = {}


def register_kind(kind, render, *, again_url, background_above=None):
    """Register how jobs of ``kind`` (a ``RenderJob.Kind`` value) are rendered."""
    _KINDS[RenderJob.Kind(kind).value] = JobKind(render, again_url, background_above)


def job_kind(kind):
    """The registered :class:`JobKind` of ``kind``; ``None`` if its channel is not installed."""
    return _KINDS.get(str(kind))


# -- creating jobs -------------------------------------------------------------


def _ui_language():
    return translation.get_language() or settings.LANGUAGE_CODE


def create_job(kind, parameters, user):
    """A queued job of ``kind`` with the channel's ``parameters`` (JSON), asked by ``user``.

    ``ui_language`` is added to ``parameters``: the job's messages are in the
    language of the admin who asked for it.
    """
    return _create(kind, {**parameters, "ui_language": _ui_language()}, user)


def _create(kind, parameters, user):
    job = RenderJob.objects.create(
        kind=kind,
        parameters=parameters,
        requested_by=user if user is not None and user.is_authenticated else None,
        progress_message=_("Waiting for a worker"),
    )
    _enqueue(job.pk)
    job.refresh_from_db()
    return job


def _enqueue(job_id):
    """Queue the task that runs job ``job_id`` (runs it at once on an immediate backend)."""
    RenderJob.objects.filter(pk=job_id).update(queued_at=timezone.now())
    result = run_render_job.enqueue(job_id)
    RenderJob.objects.filter(pk=job_id).update(task_id=str(result.id))
    return result


# -- stale jobs ----------------------------------------------------------------


def requeue_stale_jobs(now=None):
    """Queue again (or fail, after the last attempt) the jobs a dead worker left behind.

    Two cases: a running job whose lease expired (the worker died while
    rendering), and a queued job whose task has ended, or has been running for
    longer than the lease, without starting it (the worker died between taking
    the task and taking the job). Two indexed queries when nothing is stale.
    Returns ``{"requeued": [...], "failed": [...]}`` (job ids). Safe to run
    from any number of processes at once: every change is a conditional
    update, so a job is taken over once.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=lease_seconds())
    report = {"requeued": [], "failed": []}
    expired = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    fields = ("pk", "attempts", "lease_token", "task_id", "parameters")
    for job in RenderJob.objects.filter(expired, status=Status.RUNNING).only(*fields):
        mine = RenderJob.objects.filter(expired, pk=job.pk, status=Status.RUNNING)
        _take_over(job, mine.filter(lease_token=job.lease_token), job.attempts, now, report)
    for job in _queued_without_a_live_task(cutoff):
        mine = RenderJob.objects.filter(pk=job.pk, status=Status.QUEUED, task_id=job.task_id)
        _take_over(job, mine, job.attempts + 1, now, report, count_attempt=True)
    return report


def _take_over(job, mine, attempts, now, report, *, count_attempt=False):
    """Queue ``job`` again, or fail it after ``attempts``; ``mine`` selects it if still stale."""
    changes = {"attempts": F("attempts") + 1} if count_attempt else {}
    with translation.override(job.parameters.get("ui_language") or settings.LANGUAGE_CODE):
        if attempts >= max_attempts():
            failed = mine.update(
                status=Status.FAILED,
                lease_token="",
                finished_at=now,
                progress_message=_("Failed"),
                error=ngettext(
                    "The worker rendering this job stopped before the end, %(attempts)d time: "
                    "giving up. Check that the workers have enough memory and time, then try "
                    "again.",
                    "The worker rendering this job stopped before the end, %(attempts)d times: "
                    "giving up. Check that the workers have enough memory and time, then try "
                    "again.",
                    attempts,
                )
                % {"attempts": attempts},
                **changes,
            )
            if failed:
                _forget_task(job.task_id, now)
                report["failed"].append(job.pk)
                logger.warning("Render job %s: its worker stopped, failed", job.pk)
            return
        requeued = mine.update(
            status=Status.QUEUED,
            lease_token="",
            heartbeat_at=None,
            progress_message=_(
                "The worker stopped before the end: queued again (attempt %(next)d of %(max)d)."
            )
            % {"next": attempts + 1, "max": max_attempts()},
            **changes,
        )
    if requeued:
        _forget_task(job.task_id, now)
        report["requeued"].append(job.pk)
        logger.warning("Render job %s: its worker stopped, queued again", job.pk)
        _enqueue(job.pk)


def _queued_without_a_live_task(cutoff):
    """Queued jobs (for longer than the lease) whose database task will never start them."""
    from django_tasks_db.models import DBTaskResult

    waiting = {}
    for job in RenderJob.objects.filter(status=Status.QUEUED, queued_at__lt=cutoff).only(
        "pk", "attempts", "task_id", "parameters"
    )[:200]:
        try:
            waiting[uuid.UUID(job.task_id)] = job
        except ValueError:  # not a database task (tests' immediate or dummy backends)
            continue
    if not waiting:
        return []
    tasks = {
        uuid.UUID(str(pk)): (status, started_at)
        for pk, status, started_at in DBTaskResult.objects.filter(id__in=list(waiting)).values_list(
            "id", "status", "started_at"
        )
    }
    lost = []
    for task_id, job in waiting.items():
        status, started_at = tasks.get(task_id, (None, None))
        if status == TaskResultStatus.READY:
            continue  # still waiting for a worker
        if status == TaskResultStatus.RUNNING and started_at and started_at >= cutoff:
            continue  # just taken by a worker
        lost.append(job)  # finished, dead or deleted without running the job
    return lost


def _forget_task(task_id, now):
    """Mark the dead worker's task result failed, so django-tasks-db shows no endless run."""
    try:
        uuid.UUID(str(task_id))
    except ValueError:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="pdf.jobs.LeaseLost",
        traceback="The worker running this task stopped: its render job's lease expired.",
    )


# -- running a job ---------------------------------------------------------------


class Lease:
    """The run's hold on its job: progress reports, heartbeat, and the final state."""

    def __init__(self, job, token):
        self.job = job
        self.token = token
        self.last_write = 0.0
        self.last = None
        self.lost = False
        self._stop = threading.Event()
        self._thread = None

    def _mine(self):
        return RenderJob.objects.filter(
            pk=self.job.pk, lease_token=self.token, status=Status.RUNNING
        )

    def report(self, percent, message):
        """Progress ``percent`` (0–100) and a short message; renews the lease."""
        delay = step_delay()
        if delay:
            time.sleep(delay)
        if self.lost:
            raise LeaseLost
        percent = max(0, min(100, int(percent)))
        message = str(message)[:200]
        now = time.monotonic()
        if (percent, message) == self.last or (
            self.last and message == self.last[1] and now - self.last_write < 0.5
        ):
            return
        if not self._mine().update(
            progress=percent, progress_message=message, heartbeat_at=timezone.now()
        ):
            self.lost = True
            raise LeaseLost
        self.last, self.last_write = (percent, message), now

    # A separate thread renews the lease while WeasyPrint works between reports.
    # It has its own database connection, which cannot see an uncommitted job:
    # when the task runs inside a transaction (the immediate backend in tests)
    # there is no thread, and no need for one.

    def start_heartbeat(self):
        if connection.in_atomic_block or heartbeat_seconds() <= 0:
            return
        self._thread = threading.Thread(target=self._beat, name="render-job-heartbeat", daemon=True)
        self._thread.start()

    def stop_heartbeat(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _beat(self):
        try:
            while not self._stop.wait(heartbeat_seconds()):
                try:
                    if not self._mine().update(heartbeat_at=timezone.now()):
                        self.lost = True
                        return
                except Exception:  # a busy database: the next beat will do
                    logger.warning("Render job %s: heartbeat failed", self.job.pk, exc_info=True)
        finally:
            connections.close_all()

    def finish(self, filename, content):
        job = self.job
        name = PurePosixPath(filename)  # a PDF, or a ZIP of several files
        job.file.save(
            f"job-{job.pk}-{name.stem}{name.suffix or '.pdf'}", ContentFile(content), save=False
        )
        done = self._mine().update(
            status=Status.DONE,
            file=job.file.name,
            filename=filename,
            size=len(content),
            progress=100,
            progress_message=_("Ready"),
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            lease_token="",
        )
        if not done:
            job.file.delete(save=False)
            raise LeaseLost

    def fail(self, message):
        return self._mine().update(
            status=Status.FAILED,
            error=message,
            progress_message=_("Failed"),
            finished_at=timezone.now(),
            lease_token="",
        )


def _claim(job_id):
    """Take job ``job_id`` if it is queued; ``(job, token)`` or ``(None, None)``."""
    token = get_random_string(32)
    now = timezone.now()
    claimed = RenderJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        lease_token=token,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
        progress=0,
        progress_message=_("Started"),
        error="",
    )
    if not claimed:
        return None, None
    return RenderJob.objects.select_related("requested_by").get(pk=job_id), token


def run_job(job_id):
    """Run job ``job_id`` in this process, if it is queued. Returns a short report."""
    job, token = _claim(job_id)
    if job is None:
        current = RenderJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return {"job": job_id, "status": current or "missing", "skipped": True}
    lease = Lease(job, token)
    lease.start_heartbeat()
    try:
        with translation.override(job.parameters.get("ui_language") or settings.LANGUAGE_CODE):
            try:
                kind = job_kind(job.kind)
                if kind is None:
                    raise RenderJobError(_("This kind of job cannot be made here."))
                filename, content = kind.render(job, lease.report)
                lease.report(95, _("Storing the file"))
                lease.finish(filename, content)
            except LeaseLost:
                logger.warning("Render job %s: lease lost, another run took it over", job_id)
                return {"job": job_id, "status": "lost"}
            except RenderJobError as error:
                lease.fail(str(error.message))
                return {"job": job_id, "status": Status.FAILED.value, "error": str(error.message)}
            except Exception as error:
                lease.fail(_("The rendering failed: %(error)s") % {"error": _describe(error)})
                raise
    finally:
        lease.stop_heartbeat()
    return {"job": job_id, "status": Status.DONE.value}


def _describe(error):
    text = str(getattr(error, "message", "") or error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@task(backend="background")
def run_render_job(job_id: int) -> dict:
    """The background task: take over stale jobs, then run job ``job_id``."""
    requeue_stale_jobs()
    return run_job(job_id)
