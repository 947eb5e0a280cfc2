"""The categories every territory starts with; editors add their own."""

import uuid

from django.db import migrations

CATEGORIES = [
    ("pret-d-objets", "Prêt d’objets", "hammer"),
    ("mobilite", "Mobilité", "car"),
    ("alimentation", "Alimentation", "carrot"),
    ("livres-et-culture", "Livres et culture", "book-open"),
    ("savoir-faire", "Savoir-faire", "wrench"),
    ("espaces-partages", "Espaces partagés", "house"),
]


def create_categories(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    ServiceCategory = apps.get_model("services.ServiceCategory")
    french, _ = Locale.objects.get_or_create(language_code="fr")
    for slug, name, pictogram in CATEGORIES:
        ServiceCategory.objects.get_or_create(
            slug=slug,
            locale=french,
            defaults={"name": name, "pictogram_name": pictogram, "translation_key": uuid.uuid4()},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0001_initial"),
        ("crieur", "0002_initial_site"),
    ]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
