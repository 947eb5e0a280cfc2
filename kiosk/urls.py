"""Kiosk routes, included as ``/kiosk/`` at the root of ``crieur.urls`` (no language prefix).

The service worker lives at ``/kiosk/sw.js`` so that its scope, ``/kiosk/``,
covers the players at ``/kiosk/<token>/``. Anything else under ``/kiosk/`` is
a plain 404 answered here.
"""

from django.urls import path, re_path

from . import views

app_name = "kiosk"

urlpatterns = [
    path("", views.pair_page, name="pair_page"),
    path("pair/", views.pair_start, name="pair_start"),
    path("pair/status/", views.pair_status, name="pair_status"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("assets/<str:name>", views.asset, name="asset"),
    path("<str:token>/", views.player, name="player"),
    path("<str:token>/playlist.json", views.playlist, name="playlist"),
    path("<str:token>/heartbeat", views.heartbeat, name="heartbeat"),
    re_path(r"^(?P<rest>.*)$", views.catch_all),
]
