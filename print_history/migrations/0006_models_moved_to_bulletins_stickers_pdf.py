"""The models of ``print`` now belong to ``bulletins``, ``stickers`` and ``pdf``.

Their tables and rows stay where they are (the new apps' models keep the
``print_*`` table names): the models leave the ``print`` migration state only.

Their content types are relabelled (``print.stickerdesign`` becomes
``stickers.stickerdesign``, and so on). Pages, revisions, permissions (and the
groups that hold them), translation sources, log entries and the reference index
point at a content type by id, so they all follow. A row for the new label can
already exist, empty: migrations that make permissions in the middle of a run
(``links`` 0002 on a fresh database) make one for every model of the state,
old and new label alike. It gives way to the old row, which carries the data.
"""

from django.db import migrations

MOVED = {
    "bulletinindexpage": "bulletins",
    "bulletinpage": "bulletins",
    "bulletinpdf": "bulletins",
    "labelformat": "stickers",
    "printercalibration": "stickers",
    "stickerdesign": "stickers",
    "renderjob": "pdf",
}


def relabel(apps, schema_editor, *, backwards=False):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.db_manager(schema_editor.connection.alias)
    for model, new_label in MOVED.items():
        old_label, to_label = (new_label, "print") if backwards else ("print", new_label)
        row = content_types.filter(app_label=old_label, model=model).first()
        if row is None:  # no row yet: post_migrate makes it under the right label
            continue
        content_types.filter(app_label=to_label, model=model).delete()
        row.app_label = to_label
        row.save(update_fields=["app_label"])
    content_types.clear_cache()


def relabel_backwards(apps, schema_editor):
    relabel(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("print", "0005_alter_bulletinpage_issue_date"),
        ("bulletins", "0001_initial"),
        ("stickers", "0001_initial"),
        ("pdf", "0001_initial"),
        ("links", "0005_alter_shortlink_sticker_design"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="BulletinPDF"),
                migrations.DeleteModel(name="BulletinPage"),
                migrations.DeleteModel(name="BulletinIndexPage"),
                migrations.DeleteModel(name="RenderJob"),
                migrations.DeleteModel(name="StickerDesign"),
                migrations.DeleteModel(name="PrinterCalibration"),
                migrations.DeleteModel(name="LabelFormat"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel, relabel_backwards),
    ]
