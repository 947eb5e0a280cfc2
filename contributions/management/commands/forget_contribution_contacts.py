"""Erase contributors' names and e-mail addresses 30 days after the decision (run daily)."""

from django.core.management.base import BaseCommand

from contributions.models import CONTACT_KEPT_DAYS, PlaceContribution


class Command(BaseCommand):
    help = (
        f"Erase the contact details of contributions decided more than {CONTACT_KEPT_DAYS} days "
        "ago. Run it every day (cron)."
    )

    def handle(self, *args, **options):
        erased = 0
        for contribution in PlaceContribution.objects.contact_expired():
            contribution.forget_contact()
            erased += 1
        self.stdout.write(f"{erased} contributor contact(s) erased.")
