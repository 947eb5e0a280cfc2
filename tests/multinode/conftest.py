"""Real application processes sharing one database and one Redis.

``redis_url`` is ``REDIS_URL`` when it is set (CI's second run, ``.ci/redis.sh``),
else a throwaway ``redis-server`` started for the session (no persistence), else
the tests that need it are skipped. ``start_nodes`` starts gunicorn processes
(``gunicorn.conf.py``, one worker, one thread each) on free 127.0.0.1 ports, with
``tests.multinode.settings``: the running test's database, which must hold
committed data (``transaction=True``), and the cache named by ``REDIS_URL``.
Every process is stopped when the test ends.
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection

import gunicorn
import pytest
import redis

START_TIMEOUT = 120  # importing Wagtail takes seconds; more on a busy machine
REQUEST_TIMEOUT = 30
STOP_TIMEOUT = 20
SITE_HOST = "testserver"  # the test site's hostname (tests/conftest.py)
# gunicorn 27 opens a control socket at one path per user: the nodes would share it.
GUNICORN_ARGS = ["--no-control-socket"] if gunicorn.version_info >= (27,) else []


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process):
    """Stop ``process`` and its children (it leads its own session)."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # a worker left behind, if any
    process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip(
            "needs Redis: set REDIS_URL, or install redis-server "
            "(apt-get install redis-server; .ci/redis.sh starts one)"
        )
    directory = tmp_path_factory.mktemp("redis")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    log = directory / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            [server, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(directory)]
            + ["--save", "", "--appendonly", "no", "--protected-mode", "yes"],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        client = redis.Redis.from_url(url, socket_timeout=1)
        deadline = time.monotonic() + 15
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"redis-server did not start:\n{log.read_text(errors='replace')}"
                    ) from None
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        stop(process)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def __getitem__(self, header):
        return self.headers[header]


@dataclass
class Node:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def get(self, path):
        """GET ``path`` from this node (redirects are not followed).

        Every node is asked for the same host, as behind a load balancer.
        """
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request("GET", path, headers={"Host": SITE_HOST})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()

    def log_tail(self):
        return f"{self.name} log:\n{self.log.read_text(errors='replace')[-3000:]}"

    def wait_until_ready(self, deadline):
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.get("/robots.txt").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.name} did not start.\n{self.log_tail()}")


@pytest.fixture
def node_environment(transactional_db, tmp_path):
    """``environment(redis_url, **variables)``: what a node process (or a command) runs with."""
    prefix = f"multinode-{uuid.uuid4().hex}"  # the nodes of one test share their cache keys

    def environment(redis_url, **variables):
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.multinode.settings",
            "REDIS_URL": redis_url,
            "CRIEUR_NODE_DB_NAME": str(connection.settings_dict["NAME"]),
            "CRIEUR_NODE_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            "CRIEUR_NODE_CACHE_PREFIX": prefix,
            **variables,
        }

    return environment


@pytest.fixture
def start_nodes(node_environment, tmp_path):
    """``start_nodes(count, redis_url, **variables)``: that many gunicorn nodes, all ready."""
    started = []

    def start(count, redis_url, **variables):
        nodes = []
        for _ in range(count):
            name = f"node-{len(started) + 1}"
            port = free_port()
            log = tmp_path / f"{name}.log"
            environment = node_environment(
                redis_url,
                GUNICORN_BIND=f"127.0.0.1:{port}",
                GUNICORN_WORKERS="1",
                GUNICORN_THREADS="1",
                GUNICORN_TIMEOUT="60",
                GUNICORN_ACCESSLOG="-",
                **variables,
            )
            with log.open("wb") as output:
                process = subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *GUNICORN_ARGS]
                    + ["crieur.wsgi"],
                    cwd=django_settings.BASE_DIR,
                    env=environment,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            started.append(process)
            nodes.append(Node(name, port, process, log))
        deadline = time.monotonic() + START_TIMEOUT
        for node in nodes:  # they start side by side
            node.wait_until_ready(deadline)
        return nodes

    yield start
    for process in started:  # all at once: each takes seconds to stop
        if process.poll() is None:
            process.terminate()
    for process in started:
        stop(process)
