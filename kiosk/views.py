"""The screens' side: pairing, the player, its playlist, heartbeat and service worker.

Every endpoint that concerns a kiosk takes its token in the URL; an unknown
token is a 404 (looked up by digest, compared in constant time, see
``KioskQuerySet.for_token``), and the logs show it masked (``crieur.logs``).
Pairing takes JSON bodies only: a page of another site cannot post one
without a CORS preflight, which is never granted. The player's HTML, CSS and JavaScript are plain
files in ``kiosk/static/kiosk/``, served here under ``/kiosk/`` so that the
service worker (``/kiosk/sw.js``) controls the player and caches them; the
pages carry a Content-Security-Policy that allows no inline script.
"""

import datetime
import functools
import json
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import parse_etags
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from django_ratelimit.decorators import ratelimit

from crieur.middleware import service_unavailable
from crieur.views import rate

from .models import Kiosk, PairingRequest, digest
from .player import (
    ASSETS,
    SERVICE_WORKER,
    asset_bytes,
    asset_url,
    player_context,
    player_version,
    protect,
)
from .playlist import build_playlist

#: Heartbeat fields and their maximum length; anything else is refused.
HEARTBEAT_FIELDS = {"slide": 100, "version": 40, "online_since": 40, "playlist": 64}
HEARTBEAT_REQUIRED = {"slide", "version", "online_since"}
MAX_HEARTBEAT_BYTES = 512
MAX_PAIRING_BYTES = 256
#: New screens waiting for a code to be entered, at most (anyone may ask for a code;
#: one address may hold a few only: the "kiosk-pairing" rate of CRIEUR_RATE_LIMITS).
MAX_PENDING_PAIRINGS = 200


@require_GET
def asset(request, name):
    if name not in ASSETS:
        return not_found(request)
    version = player_version()
    response = HttpResponse(asset_bytes(name), content_type=ASSETS[name])
    if request.GET.get("v") == version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "no-cache"
    response["ETag"] = f'"{version}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def service_worker(request):
    source = asset_bytes(SERVICE_WORKER).decode()
    source = (
        source.replace("__VERSION__", player_version())
        .replace("__SHELL__", json.dumps([asset_url(name) for name in ("player.css", "player.js")]))
        .replace("__MEDIA_URL__", json.dumps(settings.MEDIA_URL))
    )
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("kiosk:pair_page")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def not_found(request, json_body=False):
    if json_body:
        response = JsonResponse({"error": "not found"}, status=404)
    else:
        response = HttpResponse("Not found", status=404, content_type="text/plain; charset=utf-8")
    # Outside i18n_patterns, LocaleMiddleware would turn a 404 into a redirect to
    # /<language>/kiosk/... (Wagtail's catch-all route matches it): it reads
    # ``request.urlconf``, so point it at this app's URLconf, which has no prefix.
    request.urlconf = "kiosk.urls"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def catch_all(request, rest=""):
    return not_found(request)


# -- pairing --------------------------------------------------------------------


def pair_context(request, revoked=False):
    return {
        "lang": settings.LANGUAGE_CODE,
        "css_url": asset_url("player.css"),
        "js_url": asset_url("pair.js"),
        "start_url": reverse("kiosk:pair_start"),
        "status_url": reverse("kiosk:pair_status"),
        "sw_url": reverse("kiosk:service_worker"),
        "poll_seconds": getattr(settings, "KIOSK_PAIR_POLL_SECONDS", 3),
        "revoked": revoked,
    }


@require_GET
def pair_page(request):
    """What a new screen shows: a pairing code, until a staff member enters it."""
    return protect(TemplateResponse(request, "kiosk/pair.html", pair_context(request)))


def _json_body(request, max_bytes):
    """The request's JSON object, or None when it is not one or is too large."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length > max_bytes or request.content_type != "application/json":
        return None
    body = request.read(max_bytes + 1)
    if len(body) > max_bytes:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def require_json(view):
    """415 for a body that is not declared JSON, before any rate limit counts it.

    Forms and ``text/plain`` bodies are what a page of another site can make a
    visitor's browser post without asking; JSON needs a CORS preflight first.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.content_type != "application/json":
            response = JsonResponse(
                {"error": "send a JSON object with Content-Type: application/json"}, status=415
            )
            response["Cache-Control"] = "no-store"
            return response
        return view(request, *args, **kwargs)

    return wrapped


@csrf_exempt
@require_POST
@require_json
@ratelimit(group="kiosk", key="ip", rate=rate)
@ratelimit(group="kiosk-pairing", key="ip", rate=rate)
def pair_start(request):
    """A new pairing code and the secret only this screen will hold.

    Each address may ask for a few codes per pairing lifetime ("kiosk-pairing"),
    so no address can fill ``MAX_PENDING_PAIRINGS`` and keep real screens out.
    """
    if _json_body(request, MAX_PAIRING_BYTES) is None:
        return JsonResponse({"error": "a JSON object is expected"}, status=400)
    now = timezone.now()
    lifetime = datetime.timedelta(seconds=settings.KIOSK_PAIRING_SECONDS)
    PairingRequest.objects.expired(now).delete()
    if PairingRequest.objects.pending(now).count() >= MAX_PENDING_PAIRINGS:
        return JsonResponse({"error": "too many screens waiting"}, status=429)
    secret = secrets.token_urlsafe(32)
    for _attempt in range(10):
        try:
            with transaction.atomic():
                pairing = PairingRequest.objects.create(
                    code=PairingRequest.generate_code(),
                    secret_digest=digest(secret),
                    created_at=now,
                    expires_at=now + lifetime,
                )
        except IntegrityError:
            continue
        break
    else:
        return service_unavailable(request)
    response = JsonResponse(
        {
            "code": pairing.display_code,
            "secret": secret,
            "expires_in": int(lifetime.total_seconds()),
        },
        status=201,
    )
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
@require_json
@ratelimit(group="kiosk", key="ip", rate=rate)
def pair_status(request):
    """Whether the screen holding ``secret`` was paired; if so, its kiosk's URL (once)."""
    data = _json_body(request, MAX_PAIRING_BYTES)
    secret = data.get("secret") if data else None
    if not isinstance(secret, str) or not 20 <= len(secret) <= 64:
        return JsonResponse({"error": "bad request"}, status=400)
    pairing = (
        PairingRequest.objects.select_related("kiosk")
        .filter(secret_digest=digest(secret), expires_at__gt=timezone.now())
        .first()
    )
    if pairing is None:
        return not_found(request, json_body=True)
    if pairing.kiosk is None:
        response = JsonResponse({"paired": False})
    else:
        url = reverse("kiosk:player", args=[pairing.kiosk.token])
        pairing.delete()  # single use: the code and the secret are spent
        response = JsonResponse({"paired": True, "url": url})
    response["Cache-Control"] = "no-store"
    return response


# -- the player -----------------------------------------------------------------


@require_GET
def player(request, token):
    kiosk = Kiosk.objects.for_token(token)
    if kiosk is None:
        # A screen whose token was regenerated shows a new pairing code.
        response = TemplateResponse(
            request, "kiosk/pair.html", pair_context(request, revoked=True), status=404
        )
        request.urlconf = "kiosk.urls"
        return protect(response)
    return protect(TemplateResponse(request, "kiosk/player.html", player_context(request, kiosk)))


@require_GET
def playlist(request, token):
    kiosk = Kiosk.objects.for_token(token)
    if kiosk is None:
        return not_found(request, json_body=True)
    payload = build_playlist(kiosk)
    etag = f'"{payload["version"]}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _bad(message):
    return JsonResponse({"error": message}, status=400)


@csrf_exempt
@require_POST
@ratelimit(group="kiosk", key="ip", rate=rate)
def heartbeat(request, token):
    """What the screen shows now: its slide, its version and since when it is online."""
    kiosk = Kiosk.objects.for_token(token)
    if kiosk is None:
        return not_found(request, json_body=True)
    data = _json_body(request, MAX_HEARTBEAT_BYTES)
    if data is None:
        return _bad("a JSON object of at most 512 bytes is expected")
    unknown = set(data) - set(HEARTBEAT_FIELDS)
    if unknown:
        return _bad("unknown fields: " + ", ".join(sorted(unknown))[:200])
    if not set(data) >= HEARTBEAT_REQUIRED:
        return _bad("missing fields: " + ", ".join(sorted(HEARTBEAT_REQUIRED - set(data))))
    for field, limit in HEARTBEAT_FIELDS.items():
        value = data.get(field, "")
        if not isinstance(value, str) or len(value) > limit:
            return _bad(f"{field} must be a string of at most {limit} characters")
    now = timezone.now()
    online_since = parse_datetime(data["online_since"]) if data["online_since"] else None
    if data["online_since"] and (online_since is None or timezone.is_naive(online_since)):
        return _bad("online_since must be an ISO 8601 date and time with its offset")
    if online_since is not None:
        # A screen's clock may drift: never in the future, never before a year ago.
        online_since = max(min(online_since, now), now - datetime.timedelta(days=365))
    Kiosk.objects.filter(pk=kiosk.pk).update(
        last_seen_at=now,
        last_slide=data["slide"],
        last_player_version=data["version"],
        last_playlist_version=data.get("playlist", ""),
        online_since=online_since,
    )
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
