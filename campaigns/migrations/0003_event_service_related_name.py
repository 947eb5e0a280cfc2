import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Services read their events through this reverse relation (no import of campaigns)."""

    dependencies = [
        ("campaigns", "0002_initial"),
        ("services", "0002_default_categories"),
    ]

    operations = [
        migrations.AlterField(
            model_name="campaignevent",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="trial_events",
                to="services.servicepage",
                verbose_name="service to try",
            ),
        ),
    ]
