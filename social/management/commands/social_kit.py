"""Write the social media kit of a page or a campaign to a ZIP file.

    python manage.py social_kit --page ID_OR_SLUG [--locale en] [--campaign ID_OR_SLUG] \\
        --output FILE.zip

The kit is in the page's language (``--locale`` picks a translation); a
campaign's kit holds the campaign and each of its items. A page refused on
social media today (a testimonial without social-media consent) is an error
that says why.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.models import CampaignPage
from crieur.lookup import PageNotFound, find_page
from pdf.rendering import RenderTimeout
from social.kit import SocialKitRefused, build_social_kit, social_kit_files, zip_outputs


class Command(BaseCommand):
    help = (
        "Write the social media kit of a page or a campaign (images at the networks' sizes, "
        "their alternative texts and the post texts) to a ZIP file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--page", required=True, help="The page's id or slug.")
        parser.add_argument(
            "--locale", help="Language of the kit (fr, en); the page's own by default."
        )
        parser.add_argument(
            "--campaign",
            help="A campaign the page is part of: its hashtags and its short link (id or slug).",
        )
        parser.add_argument("--output", required=True, help="The ZIP file to write.")

    def handle(self, *args, page, locale=None, campaign=None, output, **options):
        try:
            found = find_page(page, locale)
            chosen = find_page(campaign, locale, model=CampaignPage) if campaign else None
        except PageNotFound as error:
            raise CommandError(error.message) from error
        try:
            kit = build_social_kit(found, campaign=chosen)
            content = zip_outputs(social_kit_files(kit))
        except SocialKitRefused as refused:
            raise CommandError(refused.message) from refused
        except RenderTimeout as error:
            raise CommandError(str(error.message)) from error
        target = Path(output)
        try:
            target.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": output, "error": error}
            ) from error
        images = sum(len(item.images()) for item in kit.items)
        texts = sum(len(item.posts) for item in kit.items)
        self.stdout.write(
            _(
                "%(path)s: %(items)d item(s), %(images)d images, %(texts)d post texts, "
                "%(size)d bytes."
            )
            % {
                "path": output,
                "items": len(kit.items),
                "images": images,
                "texts": texts,
                "size": len(content),
            }
        )
        for note in kit.left_out:
            self.stdout.write(
                _("Left out: %(title)s (%(reason)s)") % {"title": note.title, "reason": note.reason}
            )
