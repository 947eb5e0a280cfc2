"""Communication staff answer lending requests: see, answer (change) and erase (delete) them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = "Communication staff"
CODENAMES = ["change_lendingrequest", "delete_lendingrequest", "view_lendingrequest"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    staff, _ = Group.objects.get_or_create(name=STAFF)
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="lending", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for staff in Group.objects.filter(name=STAFF):
        staff.permissions.remove(
            *Permission.objects.filter(content_type__app_label="lending", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("lending", "0001_initial"),
        ("crieur", "0003_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
