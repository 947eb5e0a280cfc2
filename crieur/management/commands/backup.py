from django.core.management.base import BaseCommand, CommandError

from crieur.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media files into a folder (restore with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="folder to write the backup into")

    def handle(self, *args, output, **options):
        try:
            manifest = backup(output)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{label}: {count}" for label, count in manifest["counts"].items())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({counts})."))
