"""Replace Wagtail's welcome page by the Crieur home page, add the English locale."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("crieur.HomePage")

    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")

    if HomePage.objects.exists():
        return
    # The page Wagtail's own migrations create, if it is still the plain welcome page.
    page_type = ContentType.objects.get_for_model(Page)
    Page.objects.filter(depth=2, content_type=page_type, slug="home").delete()
    root = Page.objects.get(depth=1)
    if Page.objects.filter(depth=2).exists():
        return  # someone already built a tree: leave it alone

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="crieur")
    home = HomePage.objects.create(
        title="Accueil",
        draft_title="Accueil",
        slug="accueil",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=french,
        live=True,
        has_unpublished_changes=False,
    )
    Page.objects.filter(pk=root.pk).update(numchild=1)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True)


class Migration(migrations.Migration):
    dependencies = [
        ("crieur", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
