"""The one reading-time rule: 150 words a minute, rounded up, 45 seconds at most."""

import pytest

from criers.cards import MAX_SECONDS, reading_seconds, word_count


def words(count):
    return " ".join(f"mot{number}" for number in range(count))


@pytest.mark.parametrize(
    ("count", "seconds"),
    [(0, 0), (1, 1), (75, 30), (110, 44), (112, 45), (113, 46), (150, 60)],
)
def test_seconds_at_150_words_a_minute_rounded_up(count, seconds):
    assert reading_seconds(words(count)) == seconds


def test_the_limit_falls_between_112_and_113_words():
    assert reading_seconds(words(112)) <= MAX_SECONDS < reading_seconds(words(113))


def test_another_speed():
    assert reading_seconds(words(75), words_per_minute=100) == 45
    with pytest.raises(ValueError):
        reading_seconds("oyez", words_per_minute=0)


def test_punctuation_emoji_and_markup_are_not_words_elisions_and_hyphens_join():
    assert word_count("Oyez, oyez ! — 🔨🚗 … ?") == 2
    assert word_count("l’outilthèque, l'atelier et le vide-grenier") == 5
    assert word_count("<script>alert(1)</script>") == 4  # read as the letters they are
    assert word_count("") == word_count(None) == 0
    assert word_count("مكتبة الأدوات المشتركة") == 3
