"""Documents are served only through Wagtail's document view (Crieur issue 10, finding 6).

The consent records of the private *Registres de consentement* collection were
refused at ``/documents/<id>/<name>`` but readable at ``/media/documents/<name>``
(names are guessable). Document files now live outside ``MEDIA_ROOT``, which a
reverse proxy publishes at ``/media/``; here ``urlpatterns`` adds that
publication the way nginx (or Django's ``static()`` in development) does it.
"""

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import re_path
from django.views.static import serve

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest
from wagtail_factories import ImageFactory

from crieur.storage import private_root
from crieur.urls import urlpatterns as site_urlpatterns

# The site, plus MEDIA_ROOT published at MEDIA_URL as the reverse proxy does.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": django_settings.MEDIA_ROOT}),
    *site_urlpatterns,
]

RECORD = b"Formulaire de consentement: Lucie M., web et affichage, sign\xc3\xa9."
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def consent_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Registres de consentement")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def make_document(collection, name="consentement-lucie.txt"):
    document = get_document_model()(title="Consentement de Lucie", collection=collection)
    document.file.save(name, ContentFile(RECORD), save=False)
    document.save()
    return document


def test_document_files_are_kept_outside_media_root(consent_collection, settings):
    document = make_document(consent_collection)
    path = Path(document.file.path)
    assert Path(settings.MEDIA_ROOT) not in path.parents
    assert private_root() in path.parents
    assert path.read_bytes() == RECORD
    assert document.file.name.startswith("documents/")  # the name in the database is unchanged
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert document.url == f"/documents/{document.pk}/{document.filename}"


@pytest.mark.urls(__name__)
def test_media_url_does_not_serve_documents(client, consent_collection):
    document = make_document(consent_collection)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    # MEDIA_ROOT itself is still published: renditions and other media are not affected.
    image = Path(django_settings.MEDIA_ROOT) / "images" / "still-public.txt"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_text("public")
    assert client.get("/media/images/still-public.txt").status_code == 200


@pytest.mark.urls(__name__)
def test_image_originals_are_kept_out_of_media_root(client, db):
    """A portrait's original upload has no public address: only its renditions have one."""
    image = ImageFactory(title="Portrait de Lucie", width=300, height=300)
    assert image.file.name.startswith("original_images/")  # the name is unchanged
    original = private_root() / image.file.name
    assert original.is_file()
    assert not (Path(django_settings.MEDIA_ROOT) / image.file.name).exists()
    assert client.get(f"/media/{image.file.name}").status_code == 404
    # Renditions are made from the private original, and published.
    rendition = image.get_rendition("fill-120x120")
    assert rendition.file.name.startswith("images/")
    assert client.get(rendition.url).status_code == 200


def test_migration_moves_existing_originals(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CRIEUR_PRIVATE_ROOT = tmp_path / "private"
    old = settings.MEDIA_ROOT / "original_images" / "lucie.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"jpeg")
    migration = importlib.import_module("crieur.migrations.0006_original_images_private")
    migration.forwards(None, None)
    assert not old.exists()
    assert (tmp_path / "private" / "original_images" / "lucie.jpg").read_bytes() == b"jpeg"
    migration.backwards(None, None)
    assert old.read_bytes() == b"jpeg"


@pytest.mark.urls(__name__)
def test_private_document_is_refused_to_anonymous_and_served_to_staff(
    client, consent_collection, staff_user
):
    document = make_document(consent_collection)
    url = f"/documents/{document.pk}/{document.filename}"

    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]

    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == RECORD
    assert response["X-Content-Type-Options"] == "nosniff"


def test_migration_moves_existing_document_files_and_keeps_them_readable(
    client, consent_collection, staff_user, settings, tmp_path
):
    """Documents uploaded before sit in MEDIA_ROOT/documents: the migration moves them."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the private root follows: tmp_path/media-private
    migration = importlib.import_module("crieur.migrations.0005_documents_private")
    old = Path(settings.MEDIA_ROOT) / "documents" / "consentement-ancien.txt"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(RECORD)
    document = get_document_model().objects.create(
        title="Ancien consentement", collection=consent_collection, file=f"documents/{old.name}"
    )

    migration.forwards(None, None)

    assert not old.exists()
    assert (private_root() / "documents" / old.name).read_bytes() == RECORD
    client.force_login(staff_user)
    response = client.get(f"/documents/{document.pk}/{old.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == RECORD

    migration.backwards(None, None)  # and back, for a rollback of the code
    assert old.read_bytes() == RECORD
    assert not (private_root() / "documents" / old.name).exists()


def database_url():
    """The running test database, for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"


PRODUCTION_CHECK = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.test import Client, RequestFactory
from django.views.static import serve
from wagtail.documents import get_document_model

document = get_document_model().objects.get(pk=int(sys.argv[1]))
url = f"/documents/{document.pk}/{document.filename}"
anonymous = Client(HTTP_HOST="crieur.example").get(url, secure=True)
staff = Client(HTTP_HOST="crieur.example")
staff.force_login(get_user_model().objects.get(username="staff"))
served = staff.get(url, secure=True)
try:  # what a reverse proxy publishing MEDIA_ROOT at /media/ answers
    serve(RequestFactory().get("/media/" + document.file.name), document.file.name,
          document_root=settings.MEDIA_ROOT)
    proxy = 200
except Http404:
    proxy = 404
print(json.dumps({
    "serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
    "debug": settings.DEBUG,
    "url": document.url,
    "path": document.file.path,
    "media_root": str(settings.MEDIA_ROOT),
    "anonymous": [anonymous.status_code, anonymous.get("Location", "")],
    "staff": [served.status_code, b"".join(served.streaming_content).decode()],
    "proxy": proxy,
}))
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite" and connection.is_in_memory_db(),
    reason="another process cannot share an in-memory SQLite database",
)
def test_production_settings_serve_documents_only_through_the_view(
    consent_collection, staff_user, settings
):
    document = make_document(consent_collection)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="crieur.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="crieur.example",
        DATABASE_URL=database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_CHECK, str(document.pk)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["debug"] is False
    assert seen["serve_method"] == "serve_view"
    assert seen["url"] == f"/documents/{document.pk}/{document.filename}"
    assert Path(seen["media_root"]) not in Path(seen["path"]).parents
    assert seen["proxy"] == 404, seen
    assert seen["anonymous"][0] == 302 and "login" in seen["anonymous"][1]
    assert seen["staff"] == [200, RECORD.decode()]
