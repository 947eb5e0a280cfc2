"""Take the documents' files out of MEDIA_ROOT, which the web server publishes.

Document files now live under the private root (``crieur.storage``) with the
same names, so the database does not change: only the files move, from
``MEDIA_ROOT/documents/`` to ``<private root>/documents/``. Going back moves
them back.
"""

from django.db import migrations

from crieur.storage import DOCUMENTS, make_private, make_public


def forwards(apps, schema_editor):
    make_private([DOCUMENTS])


def backwards(apps, schema_editor):
    make_public([DOCUMENTS])


class Migration(migrations.Migration):

    dependencies = [
        ("crieur", "0004_cache_generation"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
