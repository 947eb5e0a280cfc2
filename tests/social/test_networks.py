"""Counting as the networks count, and trimming that never exceeds a limit."""

import pytest

from social.networks import (
    BLUESKY,
    FACEBOOK,
    INSTAGRAM,
    MASTODON,
    NETWORKS,
    fit_post,
    post_length,
)
from social.text import graphemes, shorten, tidy

FAMILY = "👨‍👩‍👧‍👦"  # man, woman, girl, boy joined by zero-width joiners: 7 code points
LINK = "Find out more: https://www.val-des-aulnes.fr/q/ABC234"
TAGS = ["#SemaineDuPartage", "#ValDesAulnes", "#Réemploi"]


def test_an_emoji_family_counts_one_on_bluesky_and_mastodon():
    assert len(FAMILY) == 7
    assert post_length(FAMILY, BLUESKY) == 1
    assert post_length(FAMILY, MASTODON) == 1
    # UTF-16 units on Facebook and Instagram: never fewer than they count.
    assert post_length(FAMILY, FACEBOOK) == 11
    assert post_length("e\u0301té", BLUESKY) == 3  # é written with a combining accent: one


def test_mastodon_counts_any_address_as_23():
    long_address = "https://www.val-des-aulnes.fr/q/" + "A" * 200
    assert post_length(long_address, MASTODON) == 23
    assert post_length(f"Voir {long_address} !", MASTODON) == 5 + 23 + 2
    assert post_length(long_address, BLUESKY) == len(long_address)


@pytest.mark.parametrize("network", NETWORKS, ids=lambda n: n.key)
def test_a_long_body_is_cut_at_a_word_and_keeps_link_and_hashtags(network):
    body = "Outilthèque des Aulnes\n\n" + "empruntez une perceuse plutôt que l’acheter " * 2000
    text = fit_post(body, LINK, TAGS, network)
    assert post_length(text, network) <= network.limit
    assert LINK in text
    assert text.endswith(" ".join(TAGS))
    cut = text.split("\n\n" + LINK)[0]
    assert cut.endswith("…")
    assert not cut[:-1].endswith(" ")
    words = body.split()
    assert all(word in words for word in cut[:-1].split())  # no word cut in two


@pytest.mark.parametrize("network", NETWORKS, ids=lambda n: n.key)
def test_a_short_post_is_left_whole(network):
    text = fit_post("Outilthèque des Aulnes", LINK, TAGS, network)
    assert text == f"Outilthèque des Aulnes\n\n{LINK}\n\n{' '.join(TAGS)}"


def test_many_hashtags_instagram_keeps_30_and_bluesky_what_fits():
    tags = [f"#Partage{number:03d}" for number in range(60)]
    instagram = fit_post("Texte", LINK, tags, INSTAGRAM)
    assert instagram.count("#") == 30
    bluesky = fit_post("Texte " * 100, LINK, tags, BLUESKY)
    assert post_length(bluesky, BLUESKY) <= 300
    assert LINK in bluesky
    assert 0 < bluesky.count("#") < 60
    # The text keeps at least 40 % of the room.
    assert post_length(bluesky.split("\n\n")[0], BLUESKY) >= 0.4 * 300 - 6


def test_emoji_are_never_cut_in_half():
    body = FAMILY * 600
    text = fit_post(body, LINK, TAGS, BLUESKY)
    assert post_length(text, BLUESKY) <= 300
    cut = text.split("\n\n")[0]
    assert set(graphemes(cut)) == {FAMILY, "…"}


def test_shorten_and_tidy():
    assert shorten("un deux trois quatre", 100) == "un deux trois quatre"
    assert shorten("un deux trois quatre", 12) == "un deux…"
    assert shorten("Anticonstitutionnellement", 6) == "Antic…"
    assert shorten("", 0) == ""
    assert tidy("a\u0000b\t c\n\nd") == "ab c d"
    assert tidy("a\n\n\n\nb", keep_lines=True) == "a\n\nb"
    assert tidy("\u202eRTL\u200f") == "\u202eRTL\u200f"  # marks are text, kept
