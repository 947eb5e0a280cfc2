"""Print a campaign's street criers' cards to a PDF file.

    python manage.py crier_cards --page semaine-du-partage --output criers.pdf
    python manage.py crier_cards --page 42 --locale en --layout a4 --output criers-en.pdf

``--page`` takes the campaign's id or slug (``--locale`` picks its translation).
One A6 card a page (``--layout a4``: four on each A4 sheet, with cut lines):
the campaign's card, then one per item the crier channel may show from today
through the campaign's end date. Prints each card's reading time, warns about
those over 45 seconds, and lists what was left out and why.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from campaigns.models import CampaignPage
from crieur.lookup import PageNotFound, find_page
from pdf.rendering import RenderTimeout

from ...cards import MAX_SECONDS, TooManyCards, build_cards
from ...render import Layout, duration_text, render_cards, too_long_text


class Command(BaseCommand):
    help = "Print a campaign's street criers' cards (A6, with reading times, events and QR codes)."

    def add_arguments(self, parser):
        parser.add_argument("--page", required=True, help="The campaign's page id or slug.")
        parser.add_argument("--locale", help="Language of the campaign, e.g. en.")
        parser.add_argument(
            "--layout",
            choices=Layout.values,
            default=Layout.A6,
            help="a6: one card a page (default); a4: four cards on each A4 sheet, with cut lines.",
        )
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, **options):
        try:
            page = find_page(options["page"], options.get("locale"))
        except PageNotFound as error:
            raise CommandError(error.message) from None
        if not isinstance(page, CampaignPage):
            raise CommandError(
                _(
                    "“%(title)s” is a %(kind)s, not a campaign: street criers' cards are made "
                    "for a campaign."
                )
                % {"title": page.title, "kind": page.specific_class._meta.verbose_name}
            )
        try:
            cards = build_cards(page)
            pdf = render_cards(cards, options["layout"])
        except TooManyCards as error:
            raise CommandError(error.message) from None
        except RenderTimeout as error:
            raise CommandError(str(error.message)) from None
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf)
        with override(cards.language):
            for card in cards.cards:
                line = f"{card.number}. {card.title}: {duration_text(card.seconds)}"
                if card.too_long:
                    self.stdout.write(self.style.WARNING(f"{line}. {too_long_text(card)}"))
                else:
                    self.stdout.write(line)
            for item in cards.left_out:
                self.stderr.write(
                    _("Left out: %(title)s: %(reason)s.")
                    % {"title": item.title, "reason": item.reason}
                )
            if cards.too_long:
                self.stderr.write(
                    self.style.WARNING(
                        _("%(count)d of %(total)d announcements last over %(max)d seconds.")
                        % {
                            "count": len(cards.too_long),
                            "total": len(cards.cards),
                            "max": MAX_SECONDS,
                        }
                    )
                )
            self.stdout.write(
                ngettext(
                    "%(file)s: %(count)d card (%(layout)s), %(language)s.",
                    "%(file)s: %(count)d cards (%(layout)s), %(language)s.",
                    len(cards.cards),
                )
                % {
                    "file": output,
                    "count": len(cards.cards),
                    "layout": Layout(options["layout"]).label,
                    "language": cards.language,
                }
            )
