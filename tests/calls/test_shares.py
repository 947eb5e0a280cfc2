"""The equal share: budget ÷ accepted projects, rounded down to the euro, the rest shown."""

import pytest

from calls.shares import equal_share


@pytest.mark.parametrize(
    ("budget", "projects", "each", "undivided"),
    [
        (10_000, 3, 3_333, 1),
        (12_000, 7, 1_714, 2),
        (10_000, 1, 10_000, 0),
        (10_000, 10_001, 0, 10_000),
        (1, 2, 0, 1),
        (0, 4, 0, 0),
        (1_000_000_000, 999_999, 1_000, 1_000),
    ],
)
def test_the_share_is_rounded_down_and_the_rest_is_left(budget, projects, each, undivided):
    share = equal_share(budget, projects)
    assert (share.each, share.undivided) == (each, undivided)
    assert share.each * projects + share.undivided == budget
    assert share.divided


def test_no_project_accepted_divides_nothing():
    share = equal_share(10_000, 0)
    assert not share.divided
    assert (share.each, share.undivided) == (0, 10_000)


def test_negative_figures_are_refused():
    with pytest.raises(ValueError):
        equal_share(-1, 3)
    with pytest.raises(ValueError):
        equal_share(100, -3)
