"""Make a campaign's kit: every channel's output in one ZIP with a README.

    python manage.py campaign_kit --page semaine-du-partage --output kit.zip
    python manage.py campaign_kit --page 42 --locale en --output kit-en.zip

Runs in this process (no worker needed), prints its progress, what was left
out and why, and any channel that could not be made.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import CampaignPage
from crieur.lookup import PageNotFound, find_page
from kits.build import make_campaign_kit


class Command(BaseCommand):
    help = "Make a campaign's kit (posters, stickers and badges, social, criers, kiosk, bulletin)."

    def add_arguments(self, parser):
        parser.add_argument("--page", required=True, help="The campaign's page id or slug.")
        parser.add_argument("--locale", help="Language of the campaign, e.g. en.")
        parser.add_argument("--output", required=True, help="Where to write the ZIP.")

    def handle(self, *args, **options):
        try:
            campaign = find_page(options["page"], options.get("locale"))
        except PageNotFound as error:
            raise CommandError(error.message) from None
        if not isinstance(campaign, CampaignPage):
            raise CommandError(f"{campaign.title} (id {campaign.pk}) is not a campaign.")

        def report(percent, message):
            self.stderr.write(f"[{percent:3d} %] {message}")

        kit = make_campaign_kit(campaign, report=report)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(kit.archive)
        for note in kit.left_out:
            self.stderr.write(f"Left out ({note.channel}): {note.title}: {note.reason}")
        for item in kit.not_made:
            self.stderr.write(self.style.ERROR(f"Not made: {item.channel.label}: {item.error}"))
        self.stdout.write(
            f"{output}: {len(kit.files)} files, {len(kit.archive) // 1024} KiB, "
            f"{len(kit.left_out)} left out, channels not made: {len(kit.not_made)}, "
            f"{campaign.locale.language_code}."
        )
        if len(kit.not_made) == len(kit.channels):
            raise CommandError("No channel could be made.")
