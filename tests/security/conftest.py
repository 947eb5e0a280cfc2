# The bulletin's fixtures, for the bad-input cases that print editions.
from tests.bulletins.conftest import bulletin_index, make_edition  # noqa: F401
