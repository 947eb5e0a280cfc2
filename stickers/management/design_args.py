"""``--design SLUG[:COUNT]`` on the command line, for ``sticker_sheet`` and ``badge_sheet``."""

from django.core.management.base import CommandError

from stickers.models import StickerDesign
from stickers.sheet import DesignCount

__all__ = ["parse_design_argument", "design_counts"]


def parse_design_argument(value):
    """``("slug", count or None)`` from ``SLUG[:COUNT]``."""
    slug, colon, count = value.partition(":")
    slug = slug.strip()
    if not slug:
        raise CommandError(f"--design {value!r}: give a design slug, as SLUG or SLUG:COUNT.")
    if not colon:
        return slug, None
    try:
        number = int(count)
    except ValueError:
        raise CommandError(
            f"--design {value!r}: the count must be a whole number, e.g. {slug}:6."
        ) from None
    if number < 1:
        raise CommandError(f"--design {value!r}: the count must be 1 or more (got {number}).")
    return slug, number


def design_counts(values, language):
    """``DesignCount`` items for the ``--design`` values, designs looked up in ``language``."""
    if not values:
        raise CommandError("Give at least one --design SLUG[:COUNT].")
    items = []
    for value in values:
        slug, count = parse_design_argument(value)
        design = (
            StickerDesign.objects.filter(slug=slug, locale__language_code=language)
            .select_related("locale", "target_page")
            .first()
        )
        if design is None:
            known = ", ".join(
                StickerDesign.objects.filter(locale__language_code=language).values_list(
                    "slug", flat=True
                )
            )
            raise CommandError(
                f"Unknown sticker design {slug!r} in locale {language!r}. "
                f"Known designs: {known or 'none'}."
            )
        items.append(DesignCount(design, count))
    return items
