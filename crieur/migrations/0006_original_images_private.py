"""Take the images' original uploads out of MEDIA_ROOT, which the web server publishes.

A portrait's original must not stay at a public address once its author's
consent has ended: originals now live under the private root
(``crieur.storage``) with the same names, and only renditions, which the
consent rules delete, are published. Only files move; going back moves them
back.
"""

from django.db import migrations

from crieur.storage import ORIGINAL_IMAGES, make_private, make_public


def forwards(apps, schema_editor):
    make_private([ORIGINAL_IMAGES])


def backwards(apps, schema_editor):
    make_public([ORIGINAL_IMAGES])


class Migration(migrations.Migration):

    dependencies = [
        ("crieur", "0005_documents_private"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
