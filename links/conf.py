"""The base URL printed in QR codes and short links.

``CRIEUR_QR_BASE_URL`` (setting, read from the environment variable of the same
name in ``crieur.settings.base``) wins; when empty, ``WAGTAILADMIN_BASE_URL``
is used. It should be a scheme and a host (and port), e.g.
``https://www.example.org``: scheme and host are upper-cased in QR codes (DNS
and URL schemes are case-insensitive), any path is kept as it is.
"""

from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url():
    value = getattr(settings, "CRIEUR_QR_BASE_URL", "") or getattr(
        settings, "WAGTAILADMIN_BASE_URL", ""
    )
    return (value or DEFAULT_BASE_URL).rstrip("/")


def qr_url_for(code):
    """``HTTPS://HOST/Q/CODE``: all in the QR alphanumeric character set."""
    parts = urlsplit(base_url())
    prefix = f"{parts.scheme}://{parts.netloc}".upper() + parts.path.rstrip("/")
    return f"{prefix}/Q/{code}"


def short_url_for(code):
    """``host/q/CODE`` without scheme, for printing in text under a QR code."""
    parts = urlsplit(base_url())
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}/q/{code}"
