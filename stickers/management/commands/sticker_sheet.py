"""Print a sticker sheet (or the calibration page) to a PDF file.

    python manage.py sticker_sheet --design perceuse:6 --design je-prete:2 \\
        --design vierge --format avery-l7160 --start 4 --outlines --output sheet.pdf
    python manage.py sticker_sheet --design covoiturage --format window-round-90 \\
        --placement inside --output windscreen.pdf     # mirrored, for window film

``SLUG:COUNT`` prints COUNT stickers; a bare ``SLUG`` shares the free labels left
on the last sheet ("fill the sheet").
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from stickers.calibration import render_calibration_sheet
from stickers.label_formats import BUILTIN_FORMATS, UnknownFormat, all_formats, get_format
from stickers.management.design_args import design_counts
from stickers.models import PrinterCalibration
from stickers.sheet import Placement, StickerSheetError, render_sticker_sheet


class Command(BaseCommand):
    help = "Print sticker designs on a label sheet format to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--design",
            action="append",
            default=[],
            metavar="SLUG[:COUNT]",
            help="A design and how many stickers of it; without a count, fill the sheet.",
        )
        parser.add_argument(
            "--format",
            default="avery-l7160",
            help=f"Label format slug (built in: {', '.join(BUILTIN_FORMATS)}).",
        )
        parser.add_argument("--start", type=int, default=1, help="First free position (1-based).")
        parser.add_argument("--unique-codes", action="store_true", help="One code per sticker.")
        parser.add_argument("--outlines", action="store_true", help="Print label outlines.")
        parser.add_argument(
            "--placement",
            choices=Placement.values,
            default=Placement.OUTSIDE,
            help=(
                "outside (default), or inside: every label mirrored, to stick printed side "
                "against a windscreen or window and read from outside (window film; formats "
                "window-square-80 and window-round-90 fit a windscreen corner)."
            ),
        )
        parser.add_argument("--locale", default=None, help="Language of the designs (fr, en).")
        parser.add_argument(
            "--calibration-sheet",
            action="store_true",
            help="Print the calibration page of the format instead of stickers.",
        )
        parser.add_argument(
            "--no-calibration",
            action="store_true",
            help="Ignore the site's printer calibration offsets.",
        )
        parser.add_argument("--output", required=True, help="PDF file to write.")

    def handle(self, *args, **options):
        try:
            geometry = get_format(options["format"])
        except UnknownFormat:
            known = ", ".join(all_formats())
            raise CommandError(
                f"Unknown label format {options['format']!r}. Known formats: {known}."
            ) from None
        offset = (0.0, 0.0)
        if not options["no_calibration"]:
            site = Site.objects.filter(is_default_site=True).first()
            if site is not None:
                offset = PrinterCalibration.for_site(site).offset
        language = options["locale"] or settings.LANGUAGE_CODE
        output = Path(options["output"])

        if options["calibration_sheet"]:
            pdf = render_calibration_sheet(geometry, offset, language=language)
            output.write_bytes(pdf)
            self.stdout.write(f"Wrote the calibration page of {geometry.slug} to {output}.")
            return

        items = design_counts(options["design"], language)
        try:
            sheet = render_sticker_sheet(
                items,
                geometry=geometry,
                start=options["start"],
                unique_codes=options["unique_codes"],
                outlines=options["outlines"],
                offset=offset,
                language=language,
                placement=options["placement"],
            )
        except StickerSheetError as error:
            raise CommandError(str(error.message)) from None
        output.write_bytes(sheet.pdf)
        self.stdout.write(
            f"Wrote {len(sheet.stickers)} stickers on {sheet.pages} page(s) of "
            f"{geometry.slug}{' (mirrored)' if options['placement'] == Placement.INSIDE else ''} "
            f"to {output}."
        )
