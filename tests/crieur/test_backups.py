"""A backup, then a restore, brings back every page, revision, translation, link and scan."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from wagtail.models import Page, Revision

import pytest

from crieur.backups import content_counts
from crieur.demo.translate import translate
from links.models import ScanCount, ShortLink
from tests.factories import ServicePageFactory

# pg_restore needs the data committed, as in real life.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_backup_then_restore_brings_everything_back(client, site_tree, locales, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "photo.txt").write_text("a picture")
    service = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outils")
    service.save_revision().publish()
    translate(site_tree.home, locales["en"], {})
    translate(site_tree.services, locales["en"], {})
    translate(service, locales["en"], {"Outils": "Tools"})
    link = ShortLink.objects.get_or_create_for(service, "poster")
    for _ in range(3):
        assert client.get(f"/q/{link.code}").status_code == 302
    before = content_counts()
    assert before["scans"] == 3

    call_command("backup", output=str(tmp_path / "backup"), stdout=io.StringIO())

    # Damage: pages, links, scans and media disappear or change.
    ScanCount.objects.all().delete()
    ShortLink.objects.all().delete()
    Page.objects.get(pk=service.pk).delete()
    (settings.MEDIA_ROOT / "images" / "photo.txt").unlink()
    assert content_counts() != before

    call_command("restore", source=str(tmp_path / "backup"), yes=True, stdout=io.StringIO())

    assert content_counts() == before
    assert ScanCount.objects.aggregate(total=Sum("count"))["total"] == 3
    assert Page.objects.filter(slug="outils", locale__language_code="en").get().title == "Tools"
    assert Revision.objects.filter(object_id=str(service.pk)).exists()
    assert (settings.MEDIA_ROOT / "images" / "photo.txt").read_text() == "a picture"
    assert client.get(f"/q/{link.code}").status_code == 302


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="not a Crieur backup"):
        call_command("restore", source=str(tmp_path), yes=True, stdout=io.StringIO())
