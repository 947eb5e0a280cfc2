"""The kiosk player: its files, the security headers of its pages and its template context.

Apart from the views so that the kiosk model's admin preview uses them too
without importing the views.
"""

import functools
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from .playlist import build_playlist

ASSET_DIR = Path(__file__).resolve().parent / "static" / "kiosk"
ASSETS = {
    "player.js": "text/javascript; charset=utf-8",
    "player.css": "text/css; charset=utf-8",
    "pair.js": "text/javascript; charset=utf-8",
}
SERVICE_WORKER = "sw.js"

# -- assets ---------------------------------------------------------------------


def _read(name):
    return (ASSET_DIR / name).read_bytes()


@functools.cache
def _cached(name):
    return _read(name)


def asset_bytes(name):
    return _read(name) if settings.DEBUG else _cached(name)


def player_version():
    """A short hash of the player's files: changes with every deployment of new code."""
    data = hashlib.sha256()
    for name in sorted([*ASSETS, SERVICE_WORKER]):
        data.update(asset_bytes(name))
    return data.hexdigest()[:12]


def asset_url(name):
    return f"{reverse('kiosk:asset', args=[name])}?v={player_version()}"


# -- security headers ----------------------------------------------------------


def media_origin():
    parts = urlsplit(settings.MEDIA_URL)
    return f" {parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(frame_ancestors="'none'"):
    media = media_origin()
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data:{media}",
            f"connect-src 'self'{media}",
            "worker-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def protect(response, frame_ancestors="'none'"):
    """Headers of every kiosk page: CSP, no referrer (the URL holds the token), no index."""
    response["Content-Security-Policy"] = content_security_policy(frame_ancestors)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-cache"
    return response


# -- the player's page -------------------------------------------------------------


def player_context(request, kiosk, preview=False):
    languages = kiosk.languages()
    context = {
        "kiosk": kiosk,
        "lang": languages[0],
        "orientation": kiosk.orientation,
        "css_url": asset_url("player.css"),
        "js_url": asset_url("player.js"),
        "version": player_version(),
        "preview": preview,
        "poll_seconds": getattr(settings, "KIOSK_POLL_SECONDS", 60),
        "heartbeat_seconds": getattr(settings, "KIOSK_HEARTBEAT_SECONDS", 60),
    }
    if preview:
        context["playlist"] = build_playlist(kiosk)
    else:
        context.update(
            home_url=reverse("kiosk:player", args=[kiosk.token]),
            playlist_url=reverse("kiosk:playlist", args=[kiosk.token]),
            heartbeat_url=reverse("kiosk:heartbeat", args=[kiosk.token]),
            sw_url=reverse("kiosk:service_worker"),
            pair_url=reverse("kiosk:pair_page"),
        )
    return context
