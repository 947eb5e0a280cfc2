# The bulletin's fixtures, for the bad-input cases that print editions.
from tests.print.bulletin.conftest import bulletin_index, make_edition  # noqa: F401
