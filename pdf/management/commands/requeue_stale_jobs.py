"""``python manage.py requeue_stale_jobs``: take over render jobs whose worker died.

A running render job whose heartbeat is older than
``CRIEUR_RENDER_JOB_LEASE_SECONDS`` (the worker was killed, ran out of memory,
or the machine restarted) is queued again, or marked failed with its error once
it has been started ``CRIEUR_RENDER_JOB_MAX_ATTEMPTS`` times. Every job task and
the admin's job pages do the same check; run this from cron every few minutes so
that a job is taken over even when nobody looks and no other job starts.
"""

from django.core.management.base import BaseCommand

from pdf.jobs import requeue_stale_jobs


class Command(BaseCommand):
    help = "Queue again (or fail, after the last attempt) render jobs whose worker stopped."

    def handle(self, *args, **options):
        report = requeue_stale_jobs()
        for pk in report["requeued"]:
            self.stdout.write(f"render job {pk}: queued again")
        for pk in report["failed"]:
            self.stdout.write(f"render job {pk}: failed (no attempt left)")
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{len(report['requeued'])} job(s) queued again, {len(report['failed'])} failed."
            )
