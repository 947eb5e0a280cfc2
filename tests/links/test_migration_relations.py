"""The data migration that turns the ``kiosk:<pk>`` and ``sticker:<slug>`` labels into relations.

The database is migrated back to the links app's state before the foreign keys,
rows are made through the historical models with the old labels, and the
database is migrated forward again. A transactional test, so that it runs the
same on SQLite (whose schema editor refuses to work inside a transaction) and
on PostgreSQL.
"""

import uuid

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from links.models import ShortLink
from tests.factories import ServicePageFactory

# Committed data, as the migration sees it; the database's first contents come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = ("links", "0002_staff_permissions")
AFTER = ("links", "0004_relations_from_labels")


def migrate(*targets):
    """Migrate to ``targets``; the historical apps of every app at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    loader = executor.loader
    loader.build_graph()
    applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    return loader.project_state(applied).apps


@pytest.fixture
def back_to_before():
    """The database at ``BEFORE``; every app's latest migration again afterwards."""
    old_apps = migrate(BEFORE)
    yield old_apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def pages(site_tree, locales):
    french = ServicePageFactory(parent=site_tree.services, slug="outils", locale=locales["fr"])
    english = ServicePageFactory(parent=site_tree.services, slug="tools", locale=locales["en"])
    return french, english


def test_labels_become_foreign_keys(pages, locales, back_to_before):
    old = back_to_before
    french_page, english_page = pages
    Kiosk = old.get_model("kiosk", "Kiosk")
    StickerDesign = old.get_model("print", "StickerDesign")
    Link = old.get_model("links", "ShortLink")
    hall = Kiosk.objects.create(name="Hall", token="a" * 43, token_digest="a" * 64)
    gone = hall.pk + 1000  # a kiosk deleted before the migration
    key = uuid.uuid4()
    french = StickerDesign.objects.create(
        translation_key=key,
        locale_id=locales["fr"].pk,
        slug="perceuse",
        kind="service",
        target_page_id=french_page.pk,
    )
    english = StickerDesign.objects.create(
        translation_key=key,
        locale_id=locales["en"].pk,
        slug="perceuse",
        kind="service",
        target_page_id=english_page.pk,
    )
    alone = StickerDesign.objects.create(locale_id=locales["fr"].pk, slug="echelle", kind="lend")
    rows = {
        "hall": ("kiosk", f"kiosk:{hall.pk}", french_page),
        "hall_too": ("kiosk", f"kiosk:{hall.pk}", english_page),
        "gone": ("kiosk", f"kiosk:{gone}", french_page),
        "not_a_number": ("kiosk", "kiosk:hall", french_page),
        "other_digits": ("kiosk", "kiosk:١٢", french_page),
        "upper_case": ("kiosk", f"Kiosk:{hall.pk}", french_page),
        "too_large": ("kiosk", "kiosk:99999999999999999999", french_page),
        "kiosk_label_on_a_poster": ("poster", f"kiosk:{hall.pk}", french_page),
        "shared": ("kiosk", "Printemps · Borne", french_page),
        "french": ("sticker", "sticker:perceuse", french_page),
        "english": ("sticker", "sticker:perceuse", english_page),
        "moved": ("sticker", "sticker:echelle", english_page),
        "deleted_page": ("sticker", "sticker:perceuse", None),
        "unknown": ("sticker", "sticker:inconnu", french_page),
        "empty": ("sticker", "sticker:", french_page),
    }
    codes = {}
    for number, (name, (channel, label, page)) in enumerate(rows.items()):
        codes[name] = f"MIGR{number:02d}"
        Link.objects.create(
            code=codes[name], channel=channel, label=label, page_id=page.pk if page else None
        )

    migrate(AFTER)

    links = {
        name: ShortLink.objects.get(code=code)
        for name, code in codes.items()  # current models: the migrated schema
    }
    kiosks = {name: (link.kiosk_id, link.kiosk_number) for name, link in links.items()}
    assert kiosks == {
        **dict.fromkeys(rows, (None, None)),
        "hall": (hall.pk, hall.pk),
        "hall_too": (hall.pk, hall.pk),
        "gone": (None, gone),  # the dashboard still shows it as a deleted kiosk
    }
    designs = {name: link.sticker_design_id for name, link in links.items()}
    assert designs == {
        **dict.fromkeys(rows),
        "french": french.pk,
        "english": english.pk,
        "moved": alone.pk,
        "deleted_page": french.pk,  # the oldest design of that slug
    }
    # The labels stay as they were, for staff to rewrite if they like.
    assert {name: link.label for name, link in links.items()} == {
        name: label for name, (_channel, label, _page) in rows.items()
    }


def test_the_migration_goes_back(back_to_before):
    migrate(AFTER)
    migrate(BEFORE)  # no error: the relations are dropped, the labels were kept
