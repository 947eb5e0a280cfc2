"""The two editorial groups and the moderation workflow contributors go through."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = "Communication staff"
CONTRIBUTORS = "Contributors"
WORKFLOW = "Review by communication staff"

STAFF_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
CONTRIBUTOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
STAFF_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
CONTRIBUTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]
STAFF_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    ("crieur", "print_material"),
    ("crieur", "change_brandingsettings"),
    ("services", "add_servicecategory"),
    ("services", "change_servicecategory"),
    ("services", "delete_servicecategory"),
]
CONTRIBUTOR_MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    root = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    def grant(group, page_codenames, collection_perms, model_perms):
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission(apps, "wagtailcore", codename)
            )
        for app_label, codename in collection_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=permission(apps, app_label, codename),
            )
        group.permissions.add(*(permission(apps, a, c) for a, c in model_perms))

    staff, _ = Group.objects.get_or_create(name=STAFF)
    grant(staff, STAFF_PAGE_PERMISSIONS, STAFF_COLLECTION_PERMISSIONS, STAFF_MODEL_PERMISSIONS)
    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTORS)
    grant(
        contributors,
        CONTRIBUTOR_PAGE_PERMISSIONS,
        CONTRIBUTOR_COLLECTION_PERMISSIONS,
        CONTRIBUTOR_MODEL_PERMISSIONS,
    )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Approval by communication staff",
        defaults={"content_type": task_type, "active": True},
    )
    task.groups.add(staff)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Group.objects.filter(name__in=[STAFF, CONTRIBUTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("crieur", "0002_initial_site"),
        ("services", "0001_initial"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
