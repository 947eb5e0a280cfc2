"""``python manage.py consent_sweep [--date YYYY-MM-DD]``: the daily consent sweep.

Meant for a daily cron job or systemd timer. The work is a task of Django's
tasks framework: with the database backend it is queued and a
``manage.py db_worker --backend background`` process runs it; with the
immediate backend (tests, or ``--inline``) it runs at once.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from testimonials.consent import sweep
from testimonials.tasks import consent_sweep_task


class Command(BaseCommand):
    help = (
        "Run the consent lifecycle (hide expired testimonials everywhere, e-mail their "
        "editors 30 days before and on the day) as a background task."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to sweep for, YYYY-MM-DD (today by default).")
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Run the sweep in this process instead of queueing a task.",
        )

    def handle(self, *args, date=None, inline=False, **options):
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("--date must be a date written YYYY-MM-DD.") from None
        else:
            day = timezone.localdate()
        if inline:
            self.summary(sweep(day).as_dict())
            return
        result = consent_sweep_task.enqueue(day.isoformat())
        if result.is_finished:
            if result.errors:
                raise CommandError(f"The consent sweep failed: {result.errors[-1].traceback}")
            self.summary(result.return_value)
        else:
            self.stdout.write(
                f"Consent sweep for {day.isoformat()} queued as task {result.id}; "
                "a `manage.py db_worker --backend background` process runs it."
            )

    def summary(self, report):
        self.stdout.write(
            f"Consent sweep for {report['on']}: {len(report['expired'])} consent(s) expired, "
            f"{len(report['notices'])} notice(s) sent."
        )
        for title in report["expired"]:
            self.stdout.write(f"  expired: {title}")
        for notice in report["notices"]:
            count = len(notice["recipients"])
            self.stdout.write(f"  {notice['kind']}: {notice['testimonial']} → {count} editor(s)")
