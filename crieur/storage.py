"""Where files live, and which of them the web server may publish.

``MEDIA_ROOT`` is public: the reverse proxy (Django itself in development)
serves it at ``MEDIA_URL`` to anyone who knows or guesses a file's name. Files
that only a view may hand out, after its own permission checks, live under the
*private root* instead, which has no URL: Wagtail's documents (a collection can
be private, like the consent records), the images' original uploads (a
portrait must not stay public once its author's consent ends: only renditions,
which the consent rules delete, are published) and the print jobs' PDFs.

Wagtail's ``Document.file`` has no setting for its storage (a custom document
model would be the only other way), so the default storage routes the names
Wagtail gives documents (``documents/...``) to the private root, under the same
names: the database keeps them as they are, and a document is served only
through Wagtail's view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``).
"""

import filecmp
import os
import posixpath
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

#: Wagtail's ``Document.file`` uploads there (``upload_to="documents"``).
DOCUMENTS = "documents"
#: Wagtail's ``Image.file`` uploads there; pages, kiosks and prints use renditions
#: (``images/``), made from the original through the storage.
ORIGINAL_IMAGES = "original_images"
PRIVATE_FOLDERS = (DOCUMENTS, ORIGINAL_IMAGES)


def private_root():
    """``CRIEUR_PRIVATE_ROOT`` when set, else a ``-private`` sibling of ``MEDIA_ROOT``.

    ``var/media-private`` in development; never under ``MEDIA_ROOT``.
    """
    root = getattr(settings, "CRIEUR_PRIVATE_ROOT", "")
    if root:
        return Path(root)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(f"{media.name}-private")


def is_private(name):
    """Whether a storage name belongs under the private root (its first folder decides)."""
    first = posixpath.normpath(str(name).replace("\\", "/")).split("/", 1)[0]
    return first in PRIVATE_FOLDERS


class PrivateStorage(FileSystemStorage):
    """Files under :func:`private_root`, with no URL: a view serves them.

    The location is read at each use, so that tests (and settings changes) move it.
    """

    @property
    def base_location(self):
        return str(private_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # no public URL

    def url(self, name):
        # NotImplementedError is what Wagtail's document view expects of a storage
        # without URLs (it then serves the file itself).
        raise NotImplementedError("Private files have no URL: a view serves them.")


class MediaStorage(FileSystemStorage):
    """The default storage: ``MEDIA_ROOT``, except the private folders (documents, originals).

    Every operation on a name under a private folder goes to :class:`PrivateStorage`
    with the same name; everything else is plain ``FileSystemStorage`` on ``MEDIA_ROOT``.
    """

    private = PrivateStorage()

    def _for(self, name):
        return self.private if is_private(name) else super()

    def _open(self, name, mode="rb"):
        return self._for(name)._open(name, mode)

    def _save(self, name, content):
        return self._for(name)._save(name, content)

    def delete(self, name):
        return self._for(name).delete(name)

    def exists(self, name):
        return self._for(name).exists(name)

    def listdir(self, path):
        return self._for(path).listdir(path)

    def path(self, name):
        return self._for(name).path(name)

    def size(self, name):
        return self._for(name).size(name)

    def url(self, name):
        return self._for(name).url(name)

    def get_accessed_time(self, name):
        return self._for(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._for(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._for(name).get_modified_time(name)


def move_folder(source, target):
    """Move every file of ``source`` into ``target`` (same relative paths), merging folders.

    A file already in ``target`` wins if it has the same bytes; a different one
    stops the move (nothing is overwritten). Used to take documents out of
    ``MEDIA_ROOT`` (migration ``crieur.0005``, restoring an older backup) and back.
    """
    source, target = Path(source), Path(target)
    if not source.is_dir():
        return 0
    moved = 0
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        destination = target / path.relative_to(source)
        if destination.exists():
            if not filecmp.cmp(path, destination, shallow=False):
                raise FileExistsError(f"{destination} exists and differs from {path}")
            path.unlink()
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, destination)
        moved += 1
    shutil.rmtree(source, ignore_errors=True)
    return moved


def make_private(folders=PRIVATE_FOLDERS):
    """Move the files of the private ``folders`` left under ``MEDIA_ROOT`` to the private root."""
    media = Path(settings.MEDIA_ROOT)
    return sum(move_folder(media / folder, private_root() / folder) for folder in folders)


def make_public(folders):
    """The way back (migrations going backwards): ``folders`` return under ``MEDIA_ROOT``."""
    media = Path(settings.MEDIA_ROOT)
    return sum(move_folder(private_root() / folder, media / folder) for folder in folders)
