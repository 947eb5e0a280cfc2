"""The map's tile server, from the settings: ``CRIEUR_MAP_TILES``.

``{"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
"attribution": "© OpenStreetMap contributors",
"attribution_url": "https://www.openstreetmap.org/copyright"}`` by default;
a town with its own tile server sets its URL template and attribution there.
"""

from urllib.parse import urlsplit

from django.conf import settings

__all__ = ["DEFAULT_TILES", "map_tiles", "tile_origin"]

DEFAULT_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "© OpenStreetMap contributors",
    "attribution_url": "https://www.openstreetmap.org/copyright",
}


def map_tiles():
    """The tile settings, the defaults filling what ``CRIEUR_MAP_TILES`` leaves out."""
    configured = getattr(settings, "CRIEUR_MAP_TILES", None) or {}
    tiles = {**DEFAULT_TILES, **configured}
    if "url" in configured and "attribution_url" not in configured:
        tiles["attribution_url"] = ""  # another server: OpenStreetMap's link may not apply
    return tiles


def tile_origin(url):
    """The Content-Security-Policy source of the tile server, ``None`` for the site itself.

    ``https://{s}.tile.example.org/...`` (Leaflet's subdomains) gives
    ``https://*.tile.example.org``.
    """
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None  # a relative URL: the site's own tiles, already allowed
    host = parts.netloc.replace("{s}", "*")
    if "{" in host or parts.scheme not in ("http", "https"):
        raise ValueError(f"CRIEUR_MAP_TILES url has an unusable host: {url!r}")
    return f"{parts.scheme}://{host}"
