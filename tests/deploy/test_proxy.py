"""crieur.proxy: what it sends the proxy, and that a proxy down never breaks a publish."""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.http import HttpResponse
from django.test import override_settings

import pytest

from crieur import proxy


class Recorder(BaseHTTPRequestHandler):
    requests = []

    def _record(self):
        self.requests.append((self.command, self.path, self.headers["Host"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def frontend_cache(location, timeout=2):
    return override_settings(
        WAGTAILFRONTENDCACHE={
            "proxy": {
                "BACKEND": "crieur.proxy.PurgeBackend",
                "LOCATION": location,
                "TIMEOUT": timeout,
            }
        },
        WAGTAILFRONTENDCACHE_LANGUAGES=[],
    )


def location(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_without_a_proxy_nothing_is_marked_or_sent(recorder):
    response = proxy.mark_shared(HttpResponse("page"), 300)
    proxy.purge_urls(["http://site.test/fr/a/"])
    proxy.purge_everything()
    assert "Cache-Control" not in response
    assert Recorder.requests == []


def test_mark_shared_lets_the_proxy_keep_a_page_and_browsers_ask_again():
    with frontend_cache("http://127.0.0.1:9"):
        response = proxy.mark_shared(HttpResponse("page"), 300)
        unmarked = proxy.mark_shared(HttpResponse("page"), 0)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=300"}
    assert "Cache-Control" not in unmarked


def test_mark_shared_leaves_private_and_cookie_setting_responses_alone():
    private = HttpResponse("mine")
    private["Cache-Control"] = "private"
    with_cookie = HttpResponse("form")
    with_cookie.set_cookie("csrftoken", "x")
    with frontend_cache("http://127.0.0.1:9"):
        proxy.mark_shared(private, 300)
        proxy.mark_shared(with_cookie, 300)
    assert private["Cache-Control"] == "private"
    assert "Cache-Control" not in with_cookie


@pytest.mark.django_db
def test_purge_urls_sends_one_purge_per_url_with_its_host_after_the_commit(
    recorder, django_capture_on_commit_callbacks
):
    urls = ["http://site.test/fr/a/", "https://other.test:8443/en/b/?page=2", "", None]
    with frontend_cache(location(recorder)), django_capture_on_commit_callbacks(execute=True):
        proxy.purge_urls(urls)
        assert Recorder.requests == []  # not before the new content is committed
    assert sorted(Recorder.requests) == [
        ("PURGE", "/en/b/?page=2", "other.test:8443"),
        ("PURGE", "/fr/a/", "site.test"),
    ]


@pytest.mark.django_db
def test_purge_everything_sends_a_ban(recorder, django_capture_on_commit_callbacks):
    with frontend_cache(location(recorder)), django_capture_on_commit_callbacks(execute=True):
        proxy.purge_everything()
    assert [(method, path) for method, path, _host in Recorder.requests] == [("BAN", "/")]


@pytest.mark.django_db
def test_a_proxy_down_is_a_warning_not_an_error(caplog, django_capture_on_commit_callbacks):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    caplog.set_level(logging.WARNING, logger="crieur.proxy")
    proxy_down = frontend_cache(f"http://127.0.0.1:{port}")
    with proxy_down, django_capture_on_commit_callbacks(execute=True):
        proxy.purge_urls(["http://site.test/fr/a/"])
        proxy.purge_everything()
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert all("unreachable" in message for message in messages)


@pytest.mark.django_db
def test_a_stuck_proxy_is_given_up_after_its_timeout(caplog, django_capture_on_commit_callbacks):
    with socket.socket() as stuck:  # accepts connections, never answers
        stuck.bind(("127.0.0.1", 0))
        stuck.listen(8)
        caplog.set_level(logging.WARNING, logger="crieur.proxy")
        started = time.monotonic()
        stuck_proxy = frontend_cache(f"http://127.0.0.1:{stuck.getsockname()[1]}", timeout=0.5)
        with stuck_proxy, django_capture_on_commit_callbacks(execute=True):
            proxy.purge_urls(["http://site.test/fr/a/"])
        elapsed = time.monotonic() - started
    assert elapsed < 5
    assert "unreachable" in caplog.records[-1].getMessage()
