from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("crieur", "0007_homepage_announcement_standardpage_announcement"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageCacheStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("value", models.BigIntegerField(default=0)),
                ("floor", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "page cache stamp",
            },
        ),
    ]
