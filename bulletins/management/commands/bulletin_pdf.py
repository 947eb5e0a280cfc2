"""Print a bulletin edition to a PDF file.

    python manage.py bulletin_pdf --page 42 --output bulletin.pdf
    python manage.py bulletin_pdf --page bulletin-n-1 --locale en --print-ready --output en.pdf

``--page`` takes the edition's id or slug. The published version is printed; an
edition that was never published prints its latest revision (``--draft``
prints the latest revision of any edition). The PDF is kept in the store, as
for downloads: printing the same content again costs no rendering.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Locale

from bulletins.models import BulletinPage
from bulletins.render import (
    BulletinTooLarge,
    OutputKind,
    edition_version,
    get_or_render,
    left_out_of,
)


def find_edition(page, locale_code=None):
    editions = BulletinPage.objects.select_related("locale")
    if str(page).isdigit():
        edition = editions.filter(pk=int(page)).first()
        if edition is None:
            raise CommandError(f"No bulletin edition with id {page}.")
    else:
        matches = list(editions.filter(slug=page).order_by("pk"))
        if not matches:
            raise CommandError(f"No bulletin edition with slug {page!r}.")
        edition = matches[0]
        if locale_code:
            edition = next(
                (match for match in matches if match.locale.language_code == locale_code),
                edition,
            )
        elif len(matches) > 1:
            default = Locale.get_default()
            edition = next((m for m in matches if m.locale_id == default.pk), edition)
    if locale_code and edition.locale.language_code != locale_code:
        locale = Locale.objects.filter(language_code=locale_code).first()
        if locale is None:
            raise CommandError(f"Unknown locale {locale_code!r}.")
        translation = edition.get_translation_or_none(locale)
        if translation is None:
            raise CommandError(f"The edition {edition.slug!r} has no {locale_code} translation.")
        edition = translation.specific
    return edition


class Command(BaseCommand):
    help = "Print a bulletin edition to a PDF file (A4, tagged; --print-ready adds bleed)."

    def add_arguments(self, parser):
        parser.add_argument("--page", required=True, help="The edition's page id or slug.")
        parser.add_argument("--locale", help="Language of the edition, e.g. en.")
        parser.add_argument(
            "--print-ready",
            action="store_true",
            help="3 mm bleed and crop marks, for a print shop (home printer otherwise).",
        )
        parser.add_argument(
            "--draft", action="store_true", help="Print the latest revision, even if unpublished."
        )
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, **options):
        page = find_edition(options["page"], options.get("locale"))
        kind = OutputKind.PRINT_READY if options["print_ready"] else OutputKind.HOME
        edition, revision_id = edition_version(page, draft=options["draft"])
        if not page.live and not options["draft"]:
            self.stderr.write("This edition is not published: printing its latest revision.")
        try:
            row, rendered = get_or_render(edition, kind, revision_id=revision_id)
        except BulletinTooLarge as error:
            raise CommandError(error.message) from None
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        with row.file.open("rb") as source:
            output.write_bytes(source.read())
        for item in left_out_of(row):
            self.stderr.write(f"Left out: {item.title}: {item.reason}")
        self.stdout.write(
            f"{output}: {row.page_count} pages, {row.size // 1024} KiB, "
            f"{kind.label}, {edition.locale.language_code}"
            f"{'' if rendered else ' (from the store)'}."
        )
