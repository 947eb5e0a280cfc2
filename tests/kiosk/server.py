"""A live server the kiosk tests can stop and start again on the same port.

pytest-django's ``live_server`` lives for the whole session and cannot be
stopped in the middle of a test. This one runs Django's threaded WSGI server
in a thread against the test database (the in-memory SQLite connection is
shared, as ``LiveServerTestCase`` does). ``stop()`` closes the listening
socket *and* every open connection, so a browser's keep-alive connections
fail too: for the browser the server is gone. ``start()`` binds the same port
again. Requests reach Django one at a time (the threads share one database
connection).
"""

import contextlib
import socket
import threading

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import QuietWSGIRequestHandler, _MediaFilesHandler


def free_port(host="127.0.0.1"):
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class StoppableServer(ThreadedWSGIServer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_requests = set()
        self.requests_lock = threading.Lock()
        self.handlers = 0
        self.idle = threading.Condition()

    def process_request_thread(self, request, client_address):
        with self.idle:
            self.handlers += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.idle:
                self.handlers -= 1
                self.idle.notify_all()

    def wait_idle(self, timeout=10):
        with self.idle:
            self.idle.wait_for(lambda: self.handlers == 0, timeout=timeout)

    def process_request(self, request, client_address):
        with self.requests_lock:
            self.open_requests.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.requests_lock:
            self.open_requests.discard(request)
        super().shutdown_request(request)

    def drop_connections(self):
        with self.requests_lock:
            requests = list(self.open_requests)
        for request in requests:
            with contextlib.suppress(OSError):
                request.shutdown(socket.SHUT_RDWR)


class SerialApp:
    """One request at a time through Django: the threads share one SQLite connection."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return list(self.app(environ, start_response))


class KioskServer:
    def __init__(self, host="127.0.0.1", port=None):
        self.host = host
        self.port = port or free_port(host)
        self.url = f"http://{host}:{self.port}"
        self.httpd = None
        self.thread = None
        self.overrides = {
            conn.alias: conn
            for conn in connections.all()
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }

    def start(self):
        assert self.httpd is None, "already running"
        for conn in self.overrides.values():
            conn.inc_thread_sharing()
        self.httpd = StoppableServer(
            (self.host, self.port),
            QuietWSGIRequestHandler,
            allow_reuse_address=True,
            connections_override=self.overrides,
        )
        self.httpd.set_app(SerialApp(_MediaFilesHandler(WSGIHandler())))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.httpd is None:
            return
        self.httpd.shutdown()  # no new connections...
        self.httpd.server_close()
        self.httpd.drop_connections()  # ...and none of the open ones either
        self.httpd.wait_idle()
        self.thread.join(timeout=10)
        self.httpd = None
        for conn in self.overrides.values():
            conn.dec_thread_sharing()

    def is_up(self):
        try:
            with socket.create_connection((self.host, self.port), timeout=1):
                return True
        except OSError:
            return False
