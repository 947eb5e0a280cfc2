import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Services read their testimonials through this reverse relation (no import of testimonials)."""

    dependencies = [
        ("services", "0002_default_categories"),
        ("testimonials", "0002_consent_notice"),
    ]

    operations = [
        migrations.AlterField(
            model_name="testimonialpage",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="testimonials_about",
                to="services.servicepage",
                verbose_name="service",
            ),
        ),
    ]
