"""The social media kit: images and post texts for a page or a campaign, in one ZIP.

For a page, the kit holds its card's images at the networks' sizes
(:data:`social.images.FORMATS`), each with its alternative text, and one post
text per network (:data:`social.networks.NETWORKS`), in the page's language.
For a campaign, the same for the campaign and for each item it selects, in
the campaign's language, with the campaign's hashtags.

- Everything passes the gate (``crieur.gate``) on ``Channel.SOCIAL`` on the
  day the kit is made (posts go out that day): a testimonial enters only with
  its author's social-media consent valid that day. A page refused raises
  :class:`SocialKitRefused`; a campaign's items refused are listed as
  :class:`crieur.outputs.LeftOut`, never put in a file.
- Each item gets the social channel's short link (label ``"social"``, tied to
  the campaign when there is one): one per item, in every post and on every
  image, so the campaign dashboard counts what social media brought.
- The ZIP has ``images/``, ``texts/`` (``<slug>-<network>-<language>.txt``),
  ``alt-text.txt`` and a ``README.txt`` listing each image with its
  alternative text and each text with its length against the network's limit
  (a campaign's kit has one folder per item). ``kit_outputs`` hands the same
  files to the campaign kit, under ``social/``.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from campaigns.attribution import channel_link
from campaigns.models import CampaignPage
from crieur.cards import upcoming_from
from crieur.channels import Channel
from crieur.gate import gate_pages
from crieur.models import prepare_cards
from crieur.outputs import LeftOut, Output
from pdf.print_style import print_style

from .images import FORMATS, alt_text, get_format, render_image
from .posts import build_posts
from .text import shorten, tidy

__all__ = [
    "MAX_ITEMS",
    "KitItem",
    "SocialKit",
    "SocialKitRefused",
    "build_social_kit",
    "kit_outputs",
    "social_kit_files",
    "social_kit_zip",
]

#: The most cards one kit holds (a campaign's and its items'): a bound on one request
#: (four images each, about half a second an image).
MAX_ITEMS = 20
#: ZIP entries are dated this way (a fixed date keeps the ZIP the same for the same files).
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


class SocialKitRefused(Exception):
    """The gate refuses the page on social media; ``left_out`` says why, ``message`` in words."""

    def __init__(self, left_out):
        self.left_out = left_out
        self.message = _("“%(title)s” cannot go on social media: %(reason)s.") % {
            "title": left_out.title,
            "reason": left_out.reason,
        }
        super().__init__(self.message)


@dataclass
class KitItem:
    """One card of the kit: its page, short link, hashtags, posts and image names."""

    number: int
    page: Any
    card: Any
    link: Any  # links.models.ShortLink
    hashtags: list
    folder: str  # "" for a page's kit, "01-semaine-du-partage/" in a campaign's
    slug: str
    posts: list = field(default_factory=list)  # of social.posts.Post
    alt: str = ""  # the images' alternative text (the same parts on every format)

    def image_name(self, fmt):
        return f"{self.folder}images/{self.slug}-{fmt.key}-{fmt.width}x{fmt.height}.png"

    def text_name(self, post):
        return f"{self.folder}texts/{self.slug}-{post.network.key}-{post.language}.txt"

    def images(self):
        """``(format, file name)`` of each image."""
        return [(fmt, self.image_name(fmt)) for fmt in FORMATS]


@dataclass
class SocialKit:
    """A page's or a campaign's kit, in one language, for one day."""

    page: Any
    campaign: Any  # the campaign whose hashtags and links are used, or None
    language: str
    on: datetime.date
    now: datetime.datetime
    style: dict
    items: list = field(default_factory=list)  # of KitItem
    left_out: list = field(default_factory=list)  # of crieur.outputs.LeftOut

    def item(self, page_id):
        return next((item for item in self.items if item.page.pk == page_id), None)


def _file_slug(page):
    return (slugify(page.slug)[:60].strip("-")) or f"page-{page.pk}"


def _campaign_for(page, campaign):
    """The campaign whose hashtags and links go with ``page``: itself if it is one."""
    if isinstance(page, CampaignPage):
        return page
    return campaign.specific if campaign is not None else None


def build_social_kit(page, *, on=None, campaign=None, user=None, links=True):
    """The :class:`SocialKit` of ``page`` (texts and alternative texts; images are drawn by
    :func:`social_kit_files` or one by one by :func:`item_image`).

    ``campaign`` gives an item its campaign's hashtags and link. A campaign page
    makes the kit of the campaign and its items. Raises :class:`SocialKitRefused`
    when the gate refuses ``page`` on social media on ``on`` (today). Without
    ``links`` (the admin's listing) no short link is made: posts show none.
    """
    return _build(page.specific, on=on, campaign=campaign, user=user, links=links, strict=True)


def _build(page, *, on, campaign, user, links, strict):
    on = on or timezone.localdate()
    campaign = _campaign_for(page, campaign)
    language = page.locale.language_code
    kit = SocialKit(page, campaign, language, on, upcoming_from(on), print_style(page))
    candidates = [page, *page.item_versions()] if isinstance(page, CampaignPage) else [page]
    with override(language):
        allowed = {p.pk for p in gate_pages(candidates, Channel.SOCIAL, on=on)}
        if page.pk not in allowed and strict:
            raise SocialKitRefused(LeftOut.refused(page, Channel.SOCIAL, on=on))
        shown = []
        for candidate in candidates:
            if candidate.pk not in allowed:
                kit.left_out.append(LeftOut.refused(candidate, Channel.SOCIAL, on=on))
            elif len(shown) >= MAX_ITEMS:
                kit.left_out.append(
                    LeftOut(
                        candidate.title,
                        Channel.SOCIAL.value,
                        _("a social media kit holds at most %(max)d items") % {"max": MAX_ITEMS},
                    )
                )
            else:
                shown.append(candidate)
        kit.left_out = [item for item in kit.left_out if item is not None]
        hashtags = kit.campaign.hashtag_list() if kit.campaign is not None else []
        several = len(candidates) > 1
        for number, shown_page in enumerate(prepare_cards(shown), start=1):
            card = shown_page.card
            slug = _file_slug(shown_page)
            link = None
            if links:
                link = channel_link(shown_page, Channel.SOCIAL, kit.campaign, user=user)
            item = KitItem(
                number=number,
                page=shown_page,
                card=card,
                link=link,
                hashtags=hashtags,
                folder=f"{number:02d}-{slug}/" if several else "",
                slug=slug,
            )
            short_url = link.short_url if link is not None else ""
            item.alt = alt_text(card, short_url=short_url, now=kit.now)
            if link is not None:
                item.posts = build_posts(card, link, hashtags, now=kit.now)
            kit.items.append(item)
    return kit


def item_image(kit, item, fmt):
    """The PNG bytes of ``item``'s image in ``fmt`` (a format or its key)."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    short_url = item.link.short_url if item.link is not None else ""
    return render_image(item.card, fmt, style=kit.style, short_url=short_url, now=kit.now)


def readme(kit):
    """The kit's README: what is inside, each image's alternative text, each text's length."""
    with override(kit.language):
        lines = [
            _("Social media kit: %(title)s") % {"title": tidy(kit.page.title)},
            _("Made on %(date)s, in %(language)s, for posting that day.")
            % {"date": date_format(kit.on, "DATE_FORMAT"), "language": kit.language},
            "",
        ]
        if kit.campaign is not None and kit.items and kit.items[0].hashtags:
            lines += [
                _("Hashtags: %(tags)s") % {"tags": " ".join(kit.items[0].hashtags)},
                "",
            ]
        for item in kit.items:
            lines += [f"== {tidy(item.card.title)}", ""]
            if item.link is not None:
                lines.append(_("Short link: %(url)s") % {"url": item.link.short_url})
            lines += ["", _("Images (alternative text to paste with each):")]
            for fmt, name in item.images():
                lines.append(f"- {name}: {fmt.label}, {fmt.size} px, {fmt.use}")
            lines += [_("Alternative text: %(text)s") % {"text": item.alt}, ""]
            lines.append(_("Post texts (length / the network's limit):"))
            for post in item.posts:
                lines.append(
                    f"- {item.text_name(post)}: {post.network.label}, {post.length} / {post.limit}"
                )
            lines.append("")
        if kit.left_out:
            lines.append(_("Left out of this kit:"))
            for note in kit.left_out:
                lines.append(f"- {tidy(note.title)}: {note.reason}")
        else:
            lines.append(_("Nothing was left out."))
        return "\n".join(lines).rstrip() + "\n"


def social_kit_files(kit):
    """Every file of ``kit`` as :class:`crieur.outputs.Output` (images drawn here)."""
    outputs = []
    with override(kit.language):
        for item in kit.items:
            title = shorten(tidy(item.card.title), 80)
            for fmt, name in item.images():
                outputs.append(
                    Output(
                        name,
                        item_image(kit, item, fmt),
                        _("%(format)s of “%(title)s”") % {"format": fmt, "title": title},
                    )
                )
            for post in item.posts:
                outputs.append(
                    Output(
                        item.text_name(post),
                        (post.text + "\n").encode(),
                        _("%(network)s post of “%(title)s” (%(length)d / %(limit)d)")
                        % {
                            "network": post.network.label,
                            "title": title,
                            "length": post.length,
                            "limit": post.limit,
                        },
                    )
                )
            outputs.append(
                Output(
                    f"{item.folder}alt-text.txt",
                    (item.alt + "\n").encode(),
                    _("Alternative text of the images of “%(title)s”") % {"title": title},
                )
            )
        outputs.append(Output("README.txt", readme(kit).encode(), _("What the kit holds")))
    return outputs


def zip_outputs(outputs):
    """The ZIP bytes of ``outputs`` (PNG stored as they are, texts compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for output in outputs:
            info = zipfile.ZipInfo(output.name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            png = output.name.endswith(".png")
            info.compress_type = zipfile.ZIP_STORED if png else zipfile.ZIP_DEFLATED
            archive.writestr(info, output.content)
    return buffer.getvalue()


def social_kit_zip(page, *, on=None, campaign=None, user=None) -> bytes:
    """The ZIP of ``page``'s social media kit (a campaign's: with its items).

    Raises :class:`SocialKitRefused` when the gate refuses ``page`` on social
    media on ``on`` (today).
    """
    kit = build_social_kit(page, on=on, campaign=campaign, user=user)
    return zip_outputs(social_kit_files(kit))


def kit_outputs(campaign, *, on=None, user=None):
    """The campaign kit's social files (under ``social/``) and what was left out.

    The campaign and each item through the gate on social media today (``on``);
    a refused campaign or item is a :class:`LeftOut`, never a file.
    """
    kit = _build(campaign.specific, on=on, campaign=None, user=user, links=True, strict=False)
    if not kit.items:
        return [], kit.left_out
    outputs = [
        Output(f"social/{output.name}", output.content, output.description)
        for output in social_kit_files(kit)
    ]
    return outputs, kit.left_out
