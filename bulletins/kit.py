"""The bulletin's part of a campaign kit: the campaign's content as bulletin pages.

An edition that is never saved (``BulletinPage`` without a place in the page
tree) holds the campaign itself and every piece of its content as articles,
in the campaign's language; ``bulletins.render`` lays it out as any edition
(home printer, A4, tagged PDF, a QR code of the bulletin channel per article)
and its own left-out list says what it did not print and why. The kit hands
over that PDF, for the communication team to drop into the next edition or
print as an insert.
"""

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from crieur.channels import Channel
from crieur.outputs import LeftOut, Output

from .blocks import MAX_ARTICLES
from .models import BulletinPage
from .render import OutputKind, render_bulletin

__all__ = ["campaign_edition", "kit_outputs"]

#: The folder of the bulletin's files in a kit.
FOLDER = "bulletin"


def campaign_edition(campaign, on=None):
    """An unsaved edition of ``campaign``'s content, and the items left over (above the bound).

    Its number is the next one in the campaign's language; its issue date is
    the campaign's first day, or ``on`` (today) once the campaign has begun;
    its agenda runs to the campaign's last day. The campaign is the first
    article, then its items in the editors' order, at most
    :data:`~bulletins.blocks.MAX_ARTICLES` in all.
    """
    on = on or timezone.localdate()
    issue_date = max(campaign.start_date, on)
    number = (
        BulletinPage.objects.filter(locale_id=campaign.locale_id).aggregate(
            number=Max("edition_number")
        )["number"]
        or 0
    ) + 1
    pages = [campaign] + [item.page for item in campaign.items.select_related("page")]
    kept, over = pages[:MAX_ARTICLES], pages[MAX_ARTICLES:]
    edition = BulletinPage(
        title=campaign.title,
        slug=f"kit-{campaign.slug}",
        locale=campaign.locale,
        edition_number=number,
        issue_date=issue_date,
        agenda_until=max(campaign.end_date, issue_date),
        cover_headline=campaign.slogan,
        cover_image=campaign.image,
        articles=[
            ("page_article", {"page": page, "print_title": "", "print_teaser": ""}) for page in kept
        ],
    )
    return edition, over


def kit_outputs(campaign, *, on=None, user=None):
    """The bulletin pages of ``campaign`` as one PDF, and what the bulletin left out."""
    language = campaign.locale.language_code
    with override(language):
        edition, over = campaign_edition(campaign, on)
        rendered = render_bulletin(edition, OutputKind.HOME)
        channel = Channel.BULLETIN.value
        left_out = [LeftOut(item.title, channel, item.reason) for item in rendered.left_out]
        left_out.extend(
            LeftOut(
                page.title,
                channel,
                _("an edition holds at most %(max)d articles") % {"max": MAX_ARTICLES},
            )
            for page in over
        )
        description = _(
            "Bulletin pages of the campaign (A4, home printer, %(pages)d pages, "
            "%(articles)d articles), in edition no. %(number)d of %(date)s: each article "
            "with the QR code of the bulletin channel."
        ) % {
            "pages": rendered.page_count,
            "articles": len(rendered.content.articles),
            "number": edition.edition_number,
            "date": rendered.content.date_label,
        }
    name = f"{FOLDER}/bulletin-{campaign.slug}-{language}.pdf"
    return [Output(name, rendered.pdf, description)], left_out
