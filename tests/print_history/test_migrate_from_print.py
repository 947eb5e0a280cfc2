"""A database made before ``print`` was split migrates to ``bulletins``, ``stickers`` and ``pdf``.

The database goes back to the last state of the old layout (``print`` 0005,
``links`` 0004, none of the new apps), rows are made through the historical
``print`` models, and it migrates forward again: every row is still there, read
through the new models, and everything that points at the old content types by
id (pages, revisions, permissions, groups) follows them. A transactional test,
so that it runs the same on SQLite and on PostgreSQL.
"""

import datetime
import uuid

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Page

import pytest

from bulletins.models import BulletinIndexPage, BulletinPage, BulletinPDF
from links.models import ShortLink
from pdf.models import RenderJob
from stickers.models import LabelFormat, StickerDesign

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_SPLIT = [
    ("print", "0005_alter_bulletinpage_issue_date"),
    ("links", "0004_relations_from_labels"),
    ("bulletins", None),
    ("stickers", None),
    ("pdf", None),
]


def migrate(targets):
    """Migrate to ``targets``; the historical apps of every app at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    loader = executor.loader
    loader.build_graph()
    applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    return loader.project_state(applied).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_split(site_tree):
    old_apps = migrate(BEFORE_THE_SPLIT)
    yield old_apps
    migrate(leaves())


def child_path(parent_path, number):
    """A treebeard materialised path (steps of four base-36 digits) below ``parent_path``."""
    return f"{parent_path}{number:04d}"


def make_page(old, model_name, *, parent, number, title, slug, locale_id, **fields):
    ContentType = old.get_model("contenttypes", "ContentType")
    Model = old.get_model("print", model_name)
    content_type = ContentType.objects.get(app_label="print", model=model_name.lower())
    page = Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        path=child_path(parent.path, number),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        content_type_id=content_type.pk,
        locale_id=locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        **fields,
    )
    old.get_model("wagtailcore", "Page").objects.filter(pk=parent.pk).update(
        numchild=parent.numchild + 1
    )
    return page


def test_every_row_survives_the_split(site_tree, locales, before_the_split):
    old = before_the_split
    french = locales["fr"].pk
    OldPage = old.get_model("wagtailcore", "Page")
    home = OldPage.objects.get(pk=site_tree.home.pk)

    label_format = old.get_model("print", "LabelFormat").objects.create(
        name="Planche maison",
        slug="planche-maison",
        columns=2,
        rows=4,
        label_width=90,
        label_height=60,
        top_margin=10,
        left_margin=10,
        horizontal_pitch=95,
        vertical_pitch=65,
    )
    design = old.get_model("print", "StickerDesign").objects.create(
        locale_id=french, slug="perceuse", kind="service", text="Perceuse"
    )
    link = old.get_model("links", "ShortLink").objects.create(
        code="SPLIT1", channel="sticker", label="Perceuse", sticker_design_id=design.pk
    )
    job = old.get_model("print", "RenderJob").objects.create(
        kind="sticker-sheet", parameters={"format": "planche-maison"}, status="done"
    )
    index = make_page(
        old,
        "BulletinIndexPage",
        parent=home,
        number=9001,
        title="Le bulletin",
        slug="bulletin",
        locale_id=french,
    )
    index = OldPage.objects.get(pk=index.pk)
    edition = make_page(
        old,
        "BulletinPage",
        parent=index,
        number=1,
        title="Bulletin n° 7",
        slug="bulletin-7",
        locale_id=french,
        edition_number=7,
        issue_date=datetime.date(2026, 3, 1),
        cover_headline="Le printemps du partage",
    )
    pdf = old.get_model("print", "BulletinPDF").objects.create(
        page_id=edition.pk, key="k" * 64, kind="home", file="bulletins/bulletin-7.pdf", size=10
    )
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldPermission = old.get_model("auth", "Permission")
    editors = old.get_model("auth", "Group").objects.create(name="Imprimeurs")
    editors.permissions.add(
        OldPermission.objects.get(
            codename="change_stickerdesign",
            content_type=OldContentType.objects.get(app_label="print", model="stickerdesign"),
        )
    )

    migrate(leaves())

    assert LabelFormat.objects.get(pk=label_format.pk).slug == "planche-maison"
    assert StickerDesign.objects.get(pk=design.pk).text == "Perceuse"
    assert ShortLink.objects.get(pk=link.pk).sticker_design == StickerDesign.objects.get(
        pk=design.pk
    )
    assert RenderJob.objects.get(pk=job.pk).parameters == {"format": "planche-maison"}
    assert BulletinPDF.objects.get(pk=pdf.pk).page_id == edition.pk

    page = Page.objects.get(pk=edition.pk)
    assert isinstance(page.specific, BulletinPage)
    assert page.specific.cover_headline == "Le printemps du partage"
    assert page.content_type.app_label == "bulletins"
    assert isinstance(Page.objects.get(pk=index.pk).specific, BulletinIndexPage)
    assert page.get_parent().pk == index.pk  # the tree is whole
    assert not ContentType.objects.filter(app_label="print").exists()

    group = Group.objects.get(name="Imprimeurs")
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("stickers", "change_stickerdesign")
    ]
    # The three models that came from print keep their four permissions each, once.
    moved = Permission.objects.filter(
        content_type__app_label="stickers",
        content_type__model__in=["labelformat", "stickerdesign", "printercalibration"],
    )
    assert moved.count() == 12


def test_the_split_goes_back_and_forth(before_the_split):
    migrate(leaves())
    migrate(BEFORE_THE_SPLIT)
    assert ContentType.objects.filter(app_label="print", model="bulletinpage").exists()
    assert not ContentType.objects.filter(app_label="bulletins").exists()
