"""Print pin-back badges of sticker designs, as many as fit on A4, to a PDF file.

    python manage.py badge_sheet --design covoiturage:4 --design outils --size 58 \\
        --output badges.pdf
    python manage.py badge_sheet --design ambassadeur --size 25 --guides \\
        --campaign semaine-du-partage --locale en --output proof.pdf

``SLUG:COUNT`` prints COUNT badges; a bare ``SLUG`` shares the free places left
on the last sheet. ``--guides`` adds the face and safe-area circles (a proof);
``--campaign`` ties the badges' QR codes to a campaign (its dashboard counts
them) and checks the designs' pages through the campaign's last day.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import CampaignPage
from crieur.lookup import PageNotFound, find_page
from stickers.badges import (
    BADGE_SIZES,
    DEFAULT_BADGE_SIZE,
    campaign_days,
    render_badge_sheet,
)
from stickers.management.design_args import design_counts
from stickers.sheet import StickerSheetError


class Command(BaseCommand):
    help = "Print pin-back badges of sticker designs on A4 sheets to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--design",
            action="append",
            default=[],
            metavar="SLUG[:COUNT]",
            help="A design and how many badges of it; without a count, fill the sheet.",
        )
        parser.add_argument(
            "--size",
            default=str(DEFAULT_BADGE_SIZE),
            help=(
                "Face of the badge in mm, the size of your press: "
                f"{', '.join(str(face) for face in BADGE_SIZES)} (default {DEFAULT_BADGE_SIZE})."
            ),
        )
        parser.add_argument("--locale", default=None, help="Language of the designs (fr, en).")
        parser.add_argument(
            "--guides",
            action="store_true",
            default=False,
            help="Also print the face and safe-area circles (for a proof).",
        )
        parser.add_argument(
            "--no-guides",
            action="store_false",
            dest="guides",
            help="Only the cut circles (the default).",
        )
        parser.add_argument(
            "--campaign",
            default=None,
            metavar="ID_OR_SLUG",
            help="The campaign the badges are made for (their codes count for it).",
        )
        parser.add_argument("--output", required=True, help="PDF file to write.")

    def handle(self, *args, **options):
        size = options["size"]
        try:
            face = int(str(size).strip().removesuffix("mm").strip())
        except ValueError:
            face = None
        if face not in BADGE_SIZES:
            raise CommandError(
                f"Unknown badge size {size!r}. Sizes (face, mm): "
                f"{', '.join(str(face) for face in BADGE_SIZES)}."
            )
        language = options["locale"] or settings.LANGUAGE_CODE
        campaign = None
        if options["campaign"]:
            try:
                campaign = find_page(options["campaign"], language, model=CampaignPage)
            except PageNotFound as error:
                raise CommandError(str(error.message)) from None
        items = design_counts(options["design"], language)
        on, through = campaign_days(campaign)
        try:
            sheet = render_badge_sheet(
                items,
                size=face,
                guides=options["guides"],
                campaign=campaign,
                language=language,
                on=on,
                through=through,
            )
        except StickerSheetError as error:
            raise CommandError(str(error.message)) from None
        output = Path(options["output"])
        output.write_bytes(sheet.pdf)
        self.stdout.write(
            f"Wrote {len(sheet.badges)} badges of {face} mm (cut at "
            f"{sheet.geometry.size.cut:g} mm, {sheet.geometry.per_sheet} per sheet) on "
            f"{sheet.pages} page(s) to {output}."
        )
