"""The sticker design of a short link is now ``stickers.StickerDesign`` (same table: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("links", "0004_relations_from_labels"),
        ("stickers", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="shortlink",
                    name="sticker_design",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The sticker design this code is printed on.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="short_links",
                        to="stickers.stickerdesign",
                        verbose_name="sticker design",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
