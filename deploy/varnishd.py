"""Start Debian's ``varnishd`` in front of application nodes, as an ordinary process.

``make serve-cluster``, ``bench/cluster.py`` and ``tests/deploy`` use it: no root
needed, no systemd. The VCL is ``deploy/varnish/crieur.vcl``; the nodes go into a
``backends.vcl`` written into the working directory (:func:`backends_vcl`), which
varnishd finds on its ``vcl_path``.
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

VARNISH_DIR = Path(__file__).resolve().parent / "varnish"
VCL = VARNISH_DIR / "crieur.vcl"
#: A cheap URL every node answers (no page, no database query).
PROBE_PATH = "/robots.txt"


def varnishd_path():
    """``varnishd``'s path (Debian installs it in /usr/sbin), or None."""
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def backends_vcl(node_ports, *, probe_host="127.0.0.1", node_host="127.0.0.1"):
    """The ``backends.vcl`` of ``crieur.vcl``: one backend per port, probed, round-robin."""
    probe = f"""probe crieur_health {{
    .request =
        "GET {PROBE_PATH} HTTP/1.1"
        "Host: {probe_host}"
        "X-Forwarded-Proto: https"
        "Connection: close"
        "User-Agent: varnish-health-probe";
    .interval = 1s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}}
"""
    backends = "".join(
        f"""
backend node{number} {{
    .host = "{node_host}";
    .port = "{port}";
    .probe = crieur_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 65s;
}}
"""
        for number, port in enumerate(node_ports, start=1)
    )
    adds = "".join(
        f"    nodes.add_backend(node{number});\n" for number in range(1, len(node_ports) + 1)
    )
    init = f"\nsub vcl_init {{\n    new nodes = directors.round_robin();\n{adds}}}\n"
    return probe + backends + init


class Varnish:
    """One ``varnishd -F`` on ``127.0.0.1:port`` in front of ``node_ports``; stop() ends it."""

    def __init__(self, node_ports, workdir, *, port=None, probe_host="127.0.0.1", memory="64m"):
        self.node_ports = list(node_ports)
        self.workdir = Path(workdir)
        self.port = port or free_port()
        self.probe_host = probe_host
        self.memory = memory
        self.process = None
        self.log_path = self.workdir / "varnishd.log"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        return [
            varnishd_path() or "varnishd",
            "-F",  # in the foreground: our child, stopped with it
            "-j",
            "none",  # no jail: runs as whoever starts it, root or not
            "-n",
            str(self.workdir / "instance"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-T",
            "none",  # no management port
            "-f",
            str(VCL),
            "-p",
            f"vcl_path={self.workdir}:{VARNISH_DIR}",
            "-s",
            f"malloc,{self.memory}",
        ]

    def start(self, timeout=30):
        if not varnishd_path():
            raise RuntimeError("varnishd is not installed (apt-get install varnish)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "backends.vcl").write_text(
            backends_vcl(self.node_ports, probe_host=self.probe_host)
        )
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited:\n{self.log()}")
            with contextlib.suppress(OSError):
                # Listening, and a node is healthy (Varnish answers 503 until a probe passes).
                status, _headers, _body = self.request(
                    "GET", PROBE_PATH, {"Host": self.probe_host}, timeout=5
                )
                if status < 500:
                    return self
            time.sleep(0.2)
        raise RuntimeError(f"varnishd did not serve on {self.port}:\n{self.log()}")

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def request(self, method, path, headers=None, timeout=30):
        """One request to Varnish: (status, headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def stop(self):
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # its child (the cache process), if left

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
