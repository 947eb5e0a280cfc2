"""The social networks a kit writes for, their limits, and the one way a post's length is counted.

:func:`post_length` is the only function that counts: the trimming
(:func:`fit_post`), the admin ("287 / 300"), the README of the ZIP and the
tests all call it, so what staff see is what the network will count.

- **Mastodon**: 500 characters counted as grapheme clusters, every web address
  counting 23 whatever its length (Mastodon's ``StatusLengthValidator``).
- **Bluesky**: 300 graphemes, web addresses counted in full.
- **Facebook** (63,206) and **Instagram** (2,200, at most 30 hashtags): counted
  in UTF-16 units, as their composers' JavaScript counts (an emoji counts 2):
  never fewer than the networks count. Links in Instagram captions are not
  clickable: its post says "link in bio" and gives the short address.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

import regex

from .text import graphemes, shorten

__all__ = [
    "BLUESKY",
    "FACEBOOK",
    "INSTAGRAM",
    "MASTODON",
    "NETWORKS",
    "Network",
    "fit_post",
    "get_network",
    "post_length",
]

GRAPHEMES = "graphemes"
UTF16 = "utf-16"

#: A web address as networks recognise one in a post (with its scheme).
URL = regex.compile(r"https?://[^\s<>\"]+", regex.IGNORECASE)

#: Between the parts of a post: the text, the link, the hashtags.
SEPARATOR = "\n\n"

#: The share of a post's room always left to its text, however many hashtags there are.
TEXT_SHARE = 0.4

#: Graphemes kept above a network's limit before searching where to cut a body (room for
#: web addresses Mastodon counts as 23, however long).
PRE_CUT_SLACK = 2000


@dataclass(frozen=True)
class Network:
    key: str
    label: str
    limit: int
    unit: str  # GRAPHEMES or UTF16
    url_length: int | None = None  # every web address counts this many, whatever its length
    max_hashtags: int | None = None
    link_in_bio: bool = False  # links are not clickable: say where to find it
    max_events: int = 2  # upcoming events a post lists

    def __str__(self):
        return str(self.label)


MASTODON = Network("mastodon", _("Mastodon"), 500, GRAPHEMES, url_length=23, max_events=2)
BLUESKY = Network("bluesky", _("Bluesky"), 300, GRAPHEMES, max_events=1)
FACEBOOK = Network("facebook", _("Facebook"), 63206, UTF16, max_events=5)
INSTAGRAM = Network(
    "instagram", _("Instagram"), 2200, UTF16, max_hashtags=30, link_in_bio=True, max_events=3
)

NETWORKS = (MASTODON, BLUESKY, FACEBOOK, INSTAGRAM)
_BY_KEY = {network.key: network for network in NETWORKS}


def get_network(network):
    """The :class:`Network` for a key ("bluesky") or a network."""
    if isinstance(network, Network):
        return network
    try:
        return _BY_KEY[str(network)]
    except KeyError:
        raise ValueError(f"Unknown network: {network!r}") from None


def post_length(text, network):
    """How long ``network`` counts ``text``: the one rule for trimming, the admin and the tests."""
    network = get_network(network)
    text = text or ""
    if network.url_length is not None:
        text = URL.sub("x" * network.url_length, text)
    if network.unit == GRAPHEMES:
        return len(graphemes(text))
    return len(text.encode("utf-16-le")) // 2


def _join(*parts):
    return SEPARATOR.join(part for part in parts if part)


def fit_post(body, link_line, hashtags, network):
    """The post ``body`` + ``link_line`` + ``hashtags``, within ``network``'s limit.

    The link line always stays; the hashtags are kept, but for those past the
    network's own maximum or that would leave the text less than
    :data:`TEXT_SHARE` of the room (dropped from the end); the body is
    shortened at a word boundary with "…" until the whole fits.
    """
    network = get_network(network)
    tags = list(hashtags or ())
    if network.max_hashtags is not None:
        tags = tags[: network.max_hashtags]
    # Hashtags leave the text at least TEXT_SHARE of the room: past it, the last go.
    room = network.limit * (1 - TEXT_SHARE)
    while tags and post_length(_join(link_line, " ".join(tags)), network) > room:
        tags.pop()
    tail = _join(link_line, " ".join(tags))
    whole = _join(body, tail)
    if post_length(whole, network) <= network.limit:
        return whole
    # The longest cut body that fits: lengths grow with the graphemes kept. No network
    # counts fewer units than graphemes, bar the 23 of a Mastodon address: the search
    # starts from a body cut to what could ever fit.
    clusters = graphemes(body)
    body = "".join(clusters[: network.limit + PRE_CUT_SLACK])
    low, high = 0, min(len(clusters), network.limit + PRE_CUT_SLACK)
    while low < high:
        middle = (low + high + 1) // 2
        if post_length(_join(shorten(body, middle), tail), network) <= network.limit:
            low = middle
        else:
            high = middle - 1
    text = _join(shorten(body, low), tail)
    room = network.limit
    while post_length(text, network) > network.limit:  # the link alone is too long: cut it too
        text = shorten(text, room)
        room -= 1
    return text
