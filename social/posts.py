"""Post texts for each network, written from a card, in the card's language.

A post says what the card says (its title, then the quote and who said it, or
the teaser), the trial offer while it runs, the next events, then the social
channel's short link and the campaign's hashtags. :func:`networks.fit_post`
shortens the text part so that the post never exceeds the network's limit,
keeping the link and the hashtags.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from links.conf import base_url

from .networks import NETWORKS, SEPARATOR, Network, fit_post, post_length
from .text import shorten, tidy

__all__ = ["Post", "build_posts", "event_line", "link_url", "upcoming_events"]

#: A title longer than this is cut in posts (the page keeps it whole).
TITLE_GRAPHEMES = 120


@dataclass(frozen=True)
class Post:
    """One network's text for one card."""

    network: Network
    text: str
    language: str

    @property
    def length(self):
        return post_length(self.text, self.network)

    @property
    def limit(self):
        return self.network.limit

    @property
    def within_limit(self):
        return self.length <= self.limit


def link_url(link):
    """The short link as a clickable address: ``https://host/q/CODE``."""
    return f"{base_url()}/q/{link.code}"


def upcoming_events(card, now=None):
    """The card's events that have not ended at ``now``, soonest first."""
    now = now or timezone.now()
    return sorted(
        (event for event in card.events or () if event.upcoming(now)),
        key=lambda event: event.starts_at,
    )


def event_line(event):
    """ "samedi 7 mars, 17:00 – Fête des voisins, place du Marché" in the active language."""
    local = timezone.localtime(event.starts_at)
    when = f"{date_format(local, 'l j F')}, {time_format(local, 'TIME_FORMAT')}"
    what = ", ".join(part for part in (tidy(event.name), tidy(event.place)) if part)
    return f"{when} – {what}" if what else when


def _body(card, network, now):
    title = shorten(tidy(card.title), TITLE_GRAPHEMES)
    paragraphs = [title] if title else []
    if card.quote:
        quote = tidy(card.quote)
        if card.attribution:
            paragraphs.append(
                _("“%(quote)s” — %(name)s") % {"quote": quote, "name": tidy(card.attribution)}
            )
        else:
            paragraphs.append(_("“%(quote)s”") % {"quote": quote})
    elif tidy(card.teaser) and tidy(card.teaser) != title:
        paragraphs.append(tidy(card.teaser))
    if card.trial is not None and card.trial.running(timezone.localdate(now)):
        paragraphs.append(_("Try it: %(offer)s") % {"offer": tidy(card.trial.text)})
    events = upcoming_events(card, now)[: network.max_events]
    if events:
        lines = [_("Come and meet us:")] + [f"• {event_line(event)}" for event in events]
        paragraphs.append("\n".join(lines))
    return SEPARATOR.join(paragraphs)


def _link_line(link, network):
    if network.link_in_bio:
        return _("Link in bio, or type %(address)s") % {"address": link.short_url}
    return _("Find out more: %(address)s") % {"address": link_url(link)}


def build_posts(card, link, hashtags=(), *, now=None, networks=NETWORKS):
    """One :class:`Post` per network for ``card``, in the card's language.

    ``link`` is the social channel's :class:`links.models.ShortLink` for the
    card's page; ``hashtags`` the campaign's ("#SemaineDuPartage"...).
    """
    now = now or timezone.now()
    language = card.locale
    with override(language):
        return [
            Post(
                network,
                fit_post(_body(card, network, now), _link_line(link, network), hashtags, network),
                language,
            )
            for network in networks
        ]
