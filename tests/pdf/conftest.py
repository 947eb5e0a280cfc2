# Jobs render sticker sheets and bulletins: the channels' fixtures (and their English messages).
from tests.bulletins.conftest import bulletin_index, content_pages, edition, make_edition  # noqa: F401
from tests.stickers.conftest import (  # noqa: F401
    designs,
    english_messages,
    fresh_link_cache,
    other_service,
    service,
)
