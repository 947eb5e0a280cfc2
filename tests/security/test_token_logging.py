"""Kiosk tokens never reach the logs.

A screen requests ``/kiosk/<token>/...`` every minute, and whoever reads a
token can follow that kiosk: gunicorn's access and error logs and Django's own
records (``django.request``, ``django.security.csrf``, runserver's
``django.server``) show ``/kiosk/***/`` instead.
"""

import datetime
import http.client
import io
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings as django_settings
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import connection
from django.test import Client
from django.utils.log import ServerFormatter

import pytest
from gunicorn.config import Config

from crieur.logs import GunicornLogger, MaskKioskTokens, mask_kiosk_tokens
from kiosk.models import Kiosk, new_token
from tests.kiosk.server import free_port

pytestmark = pytest.mark.django_db

TOKEN = new_token()


@pytest.mark.parametrize(
    ("logged", "shown"),
    [
        (f"GET /kiosk/{TOKEN}/ HTTP/1.1", "GET /kiosk/***/ HTTP/1.1"),
        (f"/kiosk/{TOKEN}/playlist.json", "/kiosk/***/playlist.json"),
        (f"Bad Request: /kiosk/{TOKEN}/heartbeat", "Bad Request: /kiosk/***/heartbeat"),
        (f"https://crieur.example/kiosk/{TOKEN}/", "https://crieur.example/kiosk/***/"),
        (f"/kiosk/{TOKEN}", "/kiosk/***"),
        (f"/kiosk/{TOKEN[:30]}/", "/kiosk/***/"),  # cut short: still most of the secret
        (f"/kiosk%2F{TOKEN}/", "/kiosk%2F***/"),
        (f"/kiosk//{TOKEN}/", "/kiosk//***/"),
        # The public routes are left as they are.
        ("POST /kiosk/pair/status/ HTTP/1.1", "POST /kiosk/pair/status/ HTTP/1.1"),
        ("/kiosk/assets/player.js?v=0123456789ab", "/kiosk/assets/player.js?v=0123456789ab"),
        ("/kiosk/sw.js", "/kiosk/sw.js"),
        ("/kiosk/", "/kiosk/"),
    ],
)
def test_mask(logged, shown):
    assert mask_kiosk_tokens(logged) == shown


# -- Django's records ------------------------------------------------------------------


@pytest.fixture
def kiosk(db):
    return Kiosk.objects.create(name="Hall", place="Mairie")


def messages(caplog, logger):
    return [record.getMessage() for record in caplog.records if record.name == logger]


def test_django_request_warnings_are_masked(client, kiosk, caplog):
    unknown = new_token()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/kiosk/{unknown}/playlist.json").status_code == 404
        answer = client.post(
            f"/kiosk/{kiosk.token}/heartbeat", "[]", content_type="application/json"
        )
        assert answer.status_code == 400
    assert messages(caplog, "django.request") == [
        "Not Found: /kiosk/***/playlist.json",
        "Bad Request: /kiosk/***/heartbeat",
    ]
    assert unknown not in caplog.text and kiosk.token not in caplog.text


def test_csrf_failures_are_masked(kiosk, caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        assert client.post(f"/kiosk/{kiosk.token}/", {"a": "b"}).status_code == 403
    logged = messages(caplog, "django.security.csrf")
    assert len(logged) == 1 and "/kiosk/***/" in logged[0]
    assert kiosk.token not in caplog.text


def test_runserver_request_lines_are_masked(caplog):
    """``manage.py runserver`` logs each request line to ``django.server``."""
    server_logger = logging.getLogger("django.server")
    (handler,) = [h for h in server_logger.handlers if isinstance(h.formatter, ServerFormatter)]
    printed = io.StringIO()
    previous = handler.setStream(printed)
    server_logger.addHandler(caplog.handler)  # it does not propagate to the root logger
    try:
        request_handler = SimpleNamespace(
            request=None, log_date_time_string=lambda: "01/Dec/2026 10:00:00"
        )
        WSGIRequestHandler.log_message(
            request_handler, '"%s" %s %s', f"GET /kiosk/{TOKEN}/ HTTP/1.1", "200", "2048"
        )
    finally:
        server_logger.removeHandler(caplog.handler)
        handler.setStream(previous)
    assert messages(caplog, "django.server") == ['"GET /kiosk/***/ HTTP/1.1" 200 2048']
    assert "/kiosk/***/" in printed.getvalue() and TOKEN not in printed.getvalue()


def test_anything_else_printed_is_masked_too():
    """The root console handler masks records of any logger (a library's, ours)."""
    (console,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, MaskKioskTokens) for f in handler.filters)
    ]
    printed = io.StringIO()
    previous = console.setStream(printed)
    try:
        record = logging.LogRecord(
            "some.library", logging.ERROR, __file__, 1, "Failed on %s", (f"/kiosk/{TOKEN}/",), None
        )
        console.handle(record)
    finally:
        console.setStream(previous)
    assert printed.getvalue() == "Failed on /kiosk/***/\n"


# -- gunicorn's logger, in this process ---------------------------------------------------


@pytest.fixture
def gunicorn_logger(tmp_path):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    logger = GunicornLogger(cfg)
    yield logger
    for log in (logger.error_log, logger.access_log):
        for handler in list(log.handlers):
            log.removeHandler(handler)
            handler.close()


def test_gunicorn_logger_masks_the_access_and_error_logs(gunicorn_logger, tmp_path):
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/kiosk/{TOKEN}/playlist.json",
        "PATH_INFO": f"/kiosk/{TOKEN}/playlist.json",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://crieur.example/kiosk/{TOKEN}/",
        "HTTP_USER_AGENT": "Kiosk",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    gunicorn_logger.access(response, request, environ, datetime.timedelta(milliseconds=3))
    atoms = gunicorn_logger.atoms(response, request, environ, datetime.timedelta(0))
    gunicorn_logger.exception("Error handling request %s", environ["RAW_URI"])

    access = (tmp_path / "access.log").read_text()
    assert '"GET /kiosk/***/playlist.json HTTP/1.1" 200 512' in access
    assert '"https://crieur.example/kiosk/***/"' in access
    assert atoms["U"] == "/kiosk/***/playlist.json"
    assert atoms["{referer}i"] == atoms["{http_referer}e"] == "https://crieur.example/kiosk/***/"
    assert "Error handling request /kiosk/***/playlist.json" in (tmp_path / "error.log").read_text()
    assert TOKEN not in access + (tmp_path / "error.log").read_text()


# -- a real gunicorn with the production settings ------------------------------------------

BASE_DIR = Path(django_settings.BASE_DIR)


def gunicorn_env(port, access_log):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.security.gunicorn_settings",
        CRIEUR_TEST_DB_NAME=str(connection.settings_dict["NAME"]),
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        GUNICORN_ACCESSLOG=str(access_log),
    )
    return env


def wait_for_port(port, process, output, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not start:\n{output.read_text(errors='replace')[-3000:]}")


def fetch(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite" and connection.is_in_memory_db(),
    reason="gunicorn cannot share an in-memory SQLite database",
)
def test_gunicorn_logs_hold_no_kiosk_token(tmp_path):
    kiosk = Kiosk.objects.create(name="Hall", place="Mairie")
    unknown = new_token()
    port = free_port()
    access_log = tmp_path / "access.log"
    output = tmp_path / "gunicorn.log"  # gunicorn's error log and Django's console
    with output.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "crieur.wsgi"],
            cwd=BASE_DIR,
            env=gunicorn_env(port, access_log),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, output)
        report = {"slide": "s", "version": "v", "online_since": ""}
        json_headers = {"Content-Type": "application/json"}
        answers = [
            fetch(port, "GET", f"/kiosk/{kiosk.token}/"),
            fetch(
                port,
                "POST",
                f"/kiosk/{kiosk.token}/heartbeat",
                json.dumps(report),
                {**json_headers, "Referer": f"http://127.0.0.1:{port}/kiosk/{kiosk.token}/"},
            ),
            fetch(port, "POST", f"/kiosk/{kiosk.token}/heartbeat", "[]", json_headers),
            fetch(port, "GET", f"/kiosk/{unknown}/playlist.json"),
        ]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    logged = output.read_text(errors="replace")
    assert answers == [200, 204, 400, 404], logged[-3000:]

    access = access_log.read_text().splitlines()
    assert len(access) == 4
    assert all('"GET /kiosk/***/' in line or '"POST /kiosk/***/' in line for line in access)
    assert f'"http://127.0.0.1:{port}/kiosk/***/"' in access[1]  # the referer
    assert "Bad Request: /kiosk/***/heartbeat" in logged
    assert "Not Found: /kiosk/***/playlist.json" in logged
    for token in (kiosk.token, unknown):
        assert token not in "\n".join(access)
        assert token not in logged
