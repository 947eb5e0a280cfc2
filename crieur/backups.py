"""Back up and restore the content (database) and the media files.

The database is copied with its own tools: SQLite's online backup API, or
``pg_dump`` / ``pg_restore`` for PostgreSQL. Media files go into a tar archive,
with the documents and the images' originals, which are kept outside ``MEDIA_ROOT``
(``crieur.storage``).
A manifest records what the backup holds, so a restore can prove it brought
everything back.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.models import Sum

from crieur.storage import PRIVATE_FOLDERS, make_private, private_root

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"

# What a restore must bring back, by model label.
COUNTED_MODELS = [
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.Locale",
    "wagtail_localize.Translation",
    "wagtail_localize.StringTranslation",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "links.ShortLink",
    "links.ScanCount",
]


class BackupError(Exception):
    pass


def content_counts():
    counts = {}
    for label in COUNTED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model.objects.count()
    try:
        # The core names the model by label: the backup knows no app above it.
        scan_counts = apps.get_model("links.ScanCount")
    except LookupError:
        return counts
    counts["scans"] = scan_counts.objects.aggregate(total=Sum("count"))["total"] or 0
    return counts


def _vendor():
    return connection.vendor


def _pg_env_and_args():
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", str(db.get("HOST") or "localhost"), "-U", str(db.get("USER") or "postgres")]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    return env, args, connection.settings_dict["NAME"]


def _tool(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")


def backup(directory):
    """Write a backup of the database and the media files into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    vendor = _vendor()
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(directory / SQLITE_FILE)
        with target:
            connection.connection.backup(target)
        target.close()
    elif vendor == "postgresql":
        env, args, name = _pg_env_and_args()
        subprocess.run(  # noqa: S603
            [
                _tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "-f",
                str(directory / POSTGRES_FILE),
                name,
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(directory / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
        for folder in PRIVATE_FOLDERS:
            if (private_root() / folder).exists():
                archive.add(private_root() / folder, arcname=folder)
    manifest = {"database": vendor, "counts": content_counts()}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _safe_members(archive, destination):
    destination = destination.resolve()
    for member in archive.getmembers():
        if not (member.isfile() or member.isdir()):
            continue  # no links or devices from an archive
        target = (destination / member.name).resolve()
        if destination not in target.parents and target != destination:
            raise BackupError(f"Refusing to extract {member.name!r} outside the media folder.")
        yield member


def restore(directory):
    """Replace the database and the media files by the backup in ``directory``.

    Returns the manifest; raises BackupError when the restored content does
    not match it.
    """
    directory = Path(directory)
    manifest_path = directory / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"No {MANIFEST} in {directory}: not a Crieur backup.")
    manifest = json.loads(manifest_path.read_text())
    vendor = _vendor()
    if manifest["database"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']} database; the current one is {vendor}."
        )
    if vendor == "sqlite":
        source = sqlite3.connect(directory / SQLITE_FILE)
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
    else:
        env, args, name = _pg_env_and_args()
        connections.close_all()
        subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                name,
                str(directory / POSTGRES_FILE),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    media_root = Path(settings.MEDIA_ROOT)
    staging = media_root.with_name(media_root.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(directory / MEDIA_ARCHIVE, "r:gz") as archive:
        archive.extractall(staging, members=list(_safe_members(archive, staging)))  # noqa: S202
    shutil.rmtree(media_root, ignore_errors=True)
    restored_media = staging / "media"
    if restored_media.exists():
        restored_media.rename(media_root)
    else:
        media_root.mkdir(parents=True, exist_ok=True)
    for folder in PRIVATE_FOLDERS:
        shutil.rmtree(private_root() / folder, ignore_errors=True)
        if (staging / folder).exists():
            (private_root() / folder).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / folder, private_root() / folder)
    make_private()  # a backup made before these folders left MEDIA_ROOT
    shutil.rmtree(staging, ignore_errors=True)
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()  # cached pages and short-link answers belong to the old content
    counts = content_counts()
    if counts != manifest["counts"]:
        raise BackupError(
            f"Restored content differs from the backup: {counts} != {manifest['counts']}"
        )
    return manifest
