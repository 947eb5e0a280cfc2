from django.core.management.base import BaseCommand, CommandError

from crieur.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the media files by a backup made with `backup`."

    def add_arguments(self, parser):
        parser.add_argument(
            "--input", dest="source", required=True, help="folder written by `backup`"
        )
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: the current content is replaced"
        )

    def handle(self, *args, source, yes, **options):
        if not yes:
            answer = input(f"Replace the current content by the backup in {source}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "o", "oui"}:
                raise CommandError("Nothing restored.")
        try:
            manifest = restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{label}: {count}" for label, count in manifest["counts"].items())
        self.stdout.write(self.style.SUCCESS(f"Restored and checked ({counts})."))
