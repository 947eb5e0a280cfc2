"""Backups hold the documents, which live outside MEDIA_ROOT (in the private root)."""

import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from crieur.storage import private_root

# pg_restore needs the data committed, as in real life.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RECORD = b"Formulaire de consentement (sauvegarde)"


@pytest.fixture
def document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = get_document_model()(
        title="Consentement sauvegarde", collection=Collection.get_first_root_node()
    )
    document.file.save("consentement-sauvegarde.txt", ContentFile(RECORD), save=False)
    document.save()
    return document


def served(client, user, document):
    client.force_login(user)
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    if response.streaming:
        return response.status_code, b"".join(response.streaming_content)
    return response.status_code, response.content


def test_backup_then_restore_brings_private_documents_back(
    client, staff_user, document, settings, tmp_path
):
    path = Path(document.file.path)
    assert private_root() in path.parents
    call_command("backup", output=str(tmp_path / "backup"), stdout=io.StringIO())

    path.unlink()  # lost
    assert served(client, staff_user, document)[0] == 404

    call_command("restore", source=str(tmp_path / "backup"), yes=True, stdout=io.StringIO())

    assert path.read_bytes() == RECORD
    assert not (Path(settings.MEDIA_ROOT) / "documents").exists()
    assert served(client, staff_user, document) == (200, RECORD)


def test_restoring_an_older_backup_takes_documents_out_of_media_root(
    client, staff_user, document, settings, tmp_path
):
    """Backups made before documents were private hold them in the media archive."""
    path = Path(document.file.path)
    public = Path(settings.MEDIA_ROOT) / document.file.name
    public.parent.mkdir(parents=True)
    path.rename(public)  # where documents were kept then
    call_command("backup", output=str(tmp_path / "backup"), stdout=io.StringIO())
    public.unlink()

    call_command("restore", source=str(tmp_path / "backup"), yes=True, stdout=io.StringIO())

    assert not public.exists()
    assert path.read_bytes() == RECORD
    assert served(client, staff_user, document) == (200, RECORD)
