"""Print the poster of a page to a PDF file.

    python manage.py poster --page outilotheque --output outilotheque.pdf
    python manage.py poster --page 42 --size a3 --print-ready --locale en --output poster.pdf

``--page`` takes the page's id or slug (any content page: a service, a
testimonial, a regulation explainer, a campaign...). A campaign's poster lists
its upcoming events and must be allowed on the poster channel through the
campaign's end date; any other page's poster, today.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crieur.lookup import PageNotFound, find_page
from pdf.rendering import RenderTimeout
from posters.render import SIZES, PosterRefused, campaign_of, gate_days, poster_pdf


class Command(BaseCommand):
    help = "Print the A4 or A3 poster of a page to a PDF file (tagged; --print-ready adds bleed)."

    def add_arguments(self, parser):
        parser.add_argument("--page", required=True, help="The page's id or slug.")
        parser.add_argument(
            "--size", default="a4", choices=sorted(SIZES), help="Paper size (default: a4)."
        )
        parser.add_argument(
            "--print-ready",
            action="store_true",
            help="3 mm bleed and crop marks, for a print shop (home printer otherwise).",
        )
        parser.add_argument("--locale", help="Language of the poster, e.g. en.")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, **options):
        try:
            page = find_page(options["page"], options.get("locale"))
        except PageNotFound as error:
            raise CommandError(error.message) from None
        if not hasattr(page, "card"):
            raise CommandError(f"{page.title} is not a content page: it has no card to print.")
        campaign = campaign_of(page)
        first, last = gate_days(campaign)
        try:
            pdf = poster_pdf(
                page,
                size=options["size"],
                print_ready=options["print_ready"],
                on=first,
                through=last,
                campaign=campaign,
            )
        except PosterRefused as refused:
            raise CommandError(
                f"No poster of “{refused.left_out.title}”: {refused.reason}."
            ) from None
        except RenderTimeout as error:
            raise CommandError(str(error.message)) from None
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf)
        kind = "print-ready" if options["print_ready"] else "home printer"
        self.stdout.write(
            f"{output}: poster of “{page.title}”, {options['size'].upper()}, {kind}, "
            f"{page.locale.language_code}, {len(pdf) // 1024} KiB."
        )
