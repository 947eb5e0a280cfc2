"""Fill ``ShortLink.kiosk`` and ``ShortLink.sticker_design`` from the labels of older links.

Before 0003, the kiosk app labelled each kiosk's links ``kiosk:<pk>`` and the
print app labelled a sticker design's links ``sticker:<slug>``; the campaign
dashboard read them back. The labels are read here the way the dashboard read
them, once, and left as they are: they are free text for staff from now on.

* ``kiosk:<pk>`` (ASCII digits) on a kiosk link: that kiosk, and its number,
  which the dashboard keeps showing as a deleted kiosk when there is no such
  kiosk any more.
* ``sticker:<slug>`` on a sticker link: the design with that slug. A design
  translated into several languages has one row per language with the same
  slug: the one whose target is the link's page, else the one in the page's
  language, else the oldest.

Going back drops the columns (0003); the labels were never changed.
"""

from django.db import migrations

KIOSK_PREFIX = "kiosk:"
STICKER_PREFIX = "sticker:"
#: Largest value of a PositiveIntegerField on every database.
MAX_NUMBER = 2_147_483_647


def kiosk_number(label):
    number = label.removeprefix(KIOSK_PREFIX)
    if not (label.startswith(KIOSK_PREFIX) and number.isascii() and number.isdigit()):
        return None
    return int(number) if int(number) <= MAX_NUMBER else None


def fill_kiosks(apps):
    ShortLink = apps.get_model("links", "ShortLink")
    Kiosk = apps.get_model("kiosk", "Kiosk")
    links = ShortLink.objects.filter(channel="kiosk", label__startswith=KIOSK_PREFIX)
    numbers = {}
    for label in links.values_list("label", flat=True).distinct().order_by():
        number = kiosk_number(label)
        if number is not None:
            numbers[label] = number
    existing = set(Kiosk.objects.filter(pk__in=set(numbers.values())).values_list("pk", flat=True))
    for label, number in numbers.items():
        links.filter(label=label).update(
            kiosk_id=number if number in existing else None, kiosk_number=number
        )


def fill_sticker_designs(apps):
    ShortLink = apps.get_model("links", "ShortLink")
    StickerDesign = apps.get_model("print", "StickerDesign")
    Page = apps.get_model("wagtailcore", "Page")
    links = ShortLink.objects.filter(channel="sticker", label__startswith=STICKER_PREFIX)
    pairs = [
        (label, page_id)
        for label, page_id in links.values_list("label", "page_id").distinct().order_by()
        if label.startswith(STICKER_PREFIX) and label != STICKER_PREFIX
    ]
    designs = {}
    slugs = {label.removeprefix(STICKER_PREFIX) for label, _page_id in pairs}
    for design in StickerDesign.objects.filter(slug__in=slugs).order_by("pk"):
        designs.setdefault(design.slug, []).append(design)
    locales = dict(
        Page.objects.filter(pk__in={page_id for _label, page_id in pairs}).values_list(
            "pk", "locale_id"
        )
    )
    for label, page_id in pairs:
        candidates = designs.get(label.removeprefix(STICKER_PREFIX))
        if not candidates:
            continue
        design = min(
            candidates,
            key=lambda design: (
                page_id is None or design.target_page_id != page_id,
                page_id is None or design.locale_id != locales.get(page_id),
                design.pk,
            ),
        )
        links.filter(label=label, page_id=page_id).update(sticker_design_id=design.pk)


def forwards(apps, schema_editor):
    fill_kiosks(apps)
    fill_sticker_designs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("links", "0003_shortlink_kiosk_sticker_design"),
        ("wagtailcore", "0098_apitoken"),  # Page.locale
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
