"""The VCL's rules, against a stand-in application that answers what each test needs.

``deploy/varnish/crieur.vcl`` in a real varnishd, in front of a small HTTP server
whose answers (Cache-Control, Set-Cookie) are chosen by the path, and which
counts the requests that reach it.
"""

import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.deploy.conftest import running_varnish

SHARED = "public, max-age=0, s-maxage=300"


class Application(BaseHTTPRequestHandler):
    """``/shared/…`` is marked shared; ``/cookie/…`` too but sets a cookie;
    ``/private/…`` is marked private; anything else has no Cache-Control."""

    seen = Counter()

    def do_GET(self):
        self.seen[self.path] += 1
        body = f"{self.path} #{self.seen[self.path]} ip={self.headers.get('X-Real-IP')}".encode()
        self.send_response(200)
        if self.path.startswith(("/shared/", "/cookie/", "/q/", "/admin/", "/kiosk/")):
            self.send_header("Cache-Control", SHARED)
        if self.path.startswith("/cookie/"):
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        if self.path.startswith("/private/"):
            self.send_header("Cache-Control", "private, s-maxage=300")
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def application():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Application)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def module_varnish(application, tmp_path_factory):
    with running_varnish([application.server_address[1]], tmp_path_factory.mktemp("vcl")) as v:
        yield v


@pytest.fixture
def varnish(module_varnish):
    assert module_varnish.request("BAN", "/")[0] == 200  # every test starts empty
    Application.seen.clear()
    return module_varnish


def get(varnish, path, **headers):
    status, answer, body = varnish.request("GET", path, {"Host": "site.test", **headers})
    return status, answer["X-Cache"], body.decode()


def test_a_shared_response_is_kept_for_its_s_maxage(varnish):
    assert get(varnish, "/shared/a")[:2] == (200, "MISS")
    status, cache, body = get(varnish, "/shared/a")
    assert (status, cache) == (200, "HIT")
    assert body.startswith("/shared/a #1")  # the application saw one request
    assert Application.seen["/shared/a"] == 1


@pytest.mark.parametrize("path", ["/plain/a", "/cookie/a", "/private/a"])
def test_responses_not_marked_shared_or_setting_a_cookie_are_not_kept(varnish, path):
    assert [get(varnish, path)[1] for _ in range(3)] == ["PASS"] * 3
    assert Application.seen[path] == 3


@pytest.mark.parametrize(
    "path", ["/q/ABC123", "/Q/abc123", "/admin/", "/admin/pages/", "/kiosk/pair/", "/documents/1/"]
)
def test_the_resolver_admin_kiosks_and_documents_always_reach_the_application(varnish, path):
    # Even if the application marked them shared (it does not): every scan is counted.
    assert [get(varnish, path)[1] for _ in range(3)] == ["PASS"] * 3
    assert Application.seen[path] == 3


@pytest.mark.parametrize("cookie", ["sessionid=abc", "a=1; csrftoken=xyz", "csrftoken=1"])
def test_a_session_or_csrf_cookie_passes(varnish, cookie):
    get(varnish, "/shared/b")
    assert get(varnish, "/shared/b", Cookie=cookie)[1] == "PASS"
    assert Application.seen["/shared/b"] == 2


def test_other_cookies_do_not_stop_the_cache(varnish):
    get(varnish, "/shared/c")
    assert get(varnish, "/shared/c", Cookie="django_language=en; _pk_id=1")[1] == "HIT"


def test_post_passes(varnish):
    get(varnish, "/shared/d")
    status, answer, _body = varnish.request("POST", "/shared/d", {"Host": "site.test"})
    assert (status, answer["X-Cache"]) == (200, "PASS")


def test_the_application_sees_the_visitors_address_not_one_it_sent(varnish):
    body = get(varnish, "/plain/ip", **{"X-Real-IP": "203.0.113.9"})[2]
    assert body.endswith("ip=127.0.0.1")


def test_purge_drops_every_variant_of_one_path_on_one_host(varnish):
    for path in ("/shared/p", "/shared/p?page=2", "/shared/other"):
        get(varnish, path)
    get(varnish, "/shared/p", Host="other.test")

    status, _answer, _body = varnish.request("PURGE", "/shared/p", {"Host": "site.test"})

    assert status == 200
    assert get(varnish, "/shared/p")[1] == "MISS"
    assert get(varnish, "/shared/p?page=2")[1] == "MISS"
    assert get(varnish, "/shared/other")[1] == "HIT"
    assert get(varnish, "/shared/p", Host="other.test")[1] == "HIT"


def test_ban_drops_everything(varnish):
    for path in ("/shared/e", "/shared/f"):
        get(varnish, path)
    assert varnish.request("BAN", "/", {"Host": "anything"})[0] == 200
    assert [get(varnish, path)[1] for path in ("/shared/e", "/shared/f")] == ["MISS", "MISS"]


@pytest.mark.parametrize("method", ["PURGE", "BAN"])
def test_purge_and_ban_only_from_the_purgers_addresses(varnish, method):
    get(varnish, "/shared/g")
    # Another address of this machine: not in the VCL's `purgers` ACL.
    connection = http.client.HTTPConnection(
        "127.0.0.1", varnish.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    try:
        connection.request(method, "/shared/g", headers={"Host": "site.test"})
        assert connection.getresponse().status == 403
    finally:
        connection.close()
    assert get(varnish, "/shared/g")[1] == "HIT"
