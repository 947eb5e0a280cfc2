"""A WeasyPrint URL fetcher that never touches the network.

It serves only the project's own files:

* static files, by path under ``STATIC_URL`` (from ``STATIC_ROOT`` or the
  staticfiles finders);
* media files, by path under ``MEDIA_URL`` or as ``file://`` URLs inside
  ``MEDIA_ROOT``;
* ``data:`` URLs.

"By path" means the URL's path on the internal base URL that
:func:`pdf.rendering.render_pdf` gives WeasyPrint (``INTERNAL_BASE_URL``) or
on the site's own host (``WAGTAILADMIN_BASE_URL``): the file is read from disk,
no request is made. Every other URL (another host, ``https://``, ``file://``
outside ``MEDIA_ROOT``, ``ftp:``...) is refused, and so is any path that
resolves outside its root (``..``, symbolic links).
"""

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Base URL for documents rendered by the project; ``.invalid`` never resolves.
INTERNAL_BASE_URL = "http://crieur.invalid/"

#: Files larger than this are refused (a pictogram or a photo, not a film).
MAX_FILE_BYTES = 25 * 1024 * 1024


class RefusedURL(ValueError):
    """The fetcher refused to serve this URL."""


def _inside(path, root):
    try:
        return path.is_relative_to(Path(root).resolve())
    except (OSError, ValueError):
        return False


class ProjectURLFetcher(URLFetcher):
    """Serves the project's static and media files and ``data:`` URLs only."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allowed_protocols", ("data", "file", "http", "https"))
        kwargs.setdefault("allow_redirects", False)
        super().__init__(*args, **kwargs)

    # -- public API ---------------------------------------------------------

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._fetch_data(url)
        if scheme == "file":
            path = Path(url2pathname(unquote(urlsplit(url).path)))
            return self._serve(url, self._media_file(path))
        if scheme in ("http", "https"):
            return self._serve(url, self._file_for_http_url(url))
        raise RefusedURL(f"Refused URL scheme: {url[:80]}")

    # -- helpers ------------------------------------------------------------

    def _own_hosts(self):
        hosts = {urlsplit(INTERNAL_BASE_URL).netloc}
        base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
        if base:
            hosts.add(urlsplit(base).netloc)
        return hosts

    def _file_for_http_url(self, url):
        parts = urlsplit(url)
        if parts.netloc not in self._own_hosts():
            raise RefusedURL(f"Refused external URL: {url[:80]}")
        path = unquote(parts.path)
        if ".." in path.split("/") or "\\" in path or "\x00" in path:
            raise RefusedURL(f"Refused path: {url[:80]}")
        if settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
            relative = path[len(settings.MEDIA_URL) :]
            return self._media_file(Path(settings.MEDIA_ROOT) / relative)
        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return self._static_file(path[len(settings.STATIC_URL) :])
        raise RefusedURL(f"Refused URL outside static and media files: {url[:80]}")

    def _media_file(self, path):
        resolved = Path(path).resolve()
        if not _inside(resolved, settings.MEDIA_ROOT):
            raise RefusedURL(f"Refused file outside MEDIA_ROOT: {path}")
        return resolved

    def _static_file(self, relative):
        if settings.STATIC_ROOT:
            candidate = (Path(settings.STATIC_ROOT) / relative).resolve()
            if _inside(candidate, settings.STATIC_ROOT) and candidate.is_file():
                return candidate
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation as error:
            raise RefusedURL(f"Refused static path: {relative}") from error
        if not found:
            raise RefusedURL(f"No such static file: {relative}")
        resolved = Path(found).resolve()
        roots = [Path(root) for root in getattr(settings, "STATICFILES_DIRS", [])]
        for finder in finders.get_finders():
            for storage in getattr(finder, "storages", {}).values():
                location = getattr(storage, "location", None)
                if location:
                    roots.append(Path(location))
        if not any(_inside(resolved, root) for root in roots):
            raise RefusedURL(f"Refused static path: {relative}")
        return resolved

    def _serve(self, url, path):
        if not path.is_file():
            raise RefusedURL(f"No such file: {url[:80]}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RefusedURL(f"File too large: {url[:80]}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime_type}
        )

    def _fetch_data(self, url):
        header, _, payload = url[5:].partition(",")
        if not _:
            raise RefusedURL("Malformed data: URL")
        params = header.split(";")
        mime_type = params[0] or "text/plain"
        if "base64" in params[1:]:
            body = base64.b64decode(unquote(payload))
        else:
            body = unquote_to_bytes(payload)
        return URLFetcherResponse(url[:64], body=body, headers={"Content-Type": mime_type})
