"""Several application nodes on one machine, as in production: ``make serve-cluster``.

::

    .venv/bin/python deploy/cluster.py [--port 8000] [--nodes 2] [--workers 2] [--fresh]

Starts, on 127.0.0.1 only::

    Varnish :PORT  (deploy/varnish/crieur.vcl: round robin, health probes, PURGE/BAN)
       ├── gunicorn node 1 ──┐   crieur.settings.production, same SECRET_KEY,
       └── gunicorn node 2 ──┤   same static, media and private media folders
                             ├── PostgreSQL (.ci/postgres.sh, its own port and data)
    task worker (db_worker) ─┴── Redis (.ci/redis.sh: cache, page cache, rate limits)

migrates, loads the demo once (``--fresh`` drops the database first), collects the
static files, points the demo site at Varnish's address, resets the ``admin``
password (printed), and prints every address. Ctrl-C stops everything it started
(PostgreSQL and Redis too, when they were not already running; their data stays
in ``/tmp/crieur-cluster-*`` for the next start; the rest in ``var/cluster/``).

``bench/cluster.py`` runs the same cluster (:class:`Cluster`) with its own ports
and a fresh database, and measures it.
"""

import argparse
import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: deploy/cluster.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.varnishd import Varnish, free_port, varnishd_path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
MANAGE = [str(PYTHON), "manage.py"]
START_TIMEOUT = 180
# gunicorn 27 opens a control socket at one path per user: the nodes would share it.
GUNICORN_CONTROL = ["--no-control-socket"]


def as_owner(command):
    """PostgreSQL's tools run as ``postgres`` when we are root (as .ci/postgres.sh does)."""
    command = [str(part) for part in command]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def pg_bin():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    return found[-1]


class Postgres:
    """A server started with ``.ci/postgres.sh`` on its own port; stopped if we started it."""

    def __init__(self, port, database):
        self.port = port
        self.database = database
        self.datadir = Path(f"/tmp/crieur-cluster-pg-{port}")  # noqa: S108
        self.started = False

    def ready(self):
        command = as_owner([pg_bin() / "pg_isready", "-q", "-h", "127.0.0.1", "-p", self.port])
        return subprocess.run(command, check=False).returncode == 0  # noqa: S603

    def start(self, fresh=False):
        was_running = self.ready()
        output = subprocess.run(  # noqa: S603
            [str(ROOT / ".ci" / "postgres.sh")],
            env={
                **os.environ,
                "PGPORT": str(self.port),
                "PGDATA_DIR": str(self.datadir),
                "PGDATABASE_NAME": "postgres",
            },
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout
        self.started = not was_running
        server = output.strip().splitlines()[-1].rsplit("/", 1)[0]
        exists = self.sql(server, f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'")  # noqa: S608
        if fresh and exists:
            self.sql(server, f'DROP DATABASE "{self.database}" WITH (FORCE)')
        if fresh or not exists:
            self.sql(server, f'CREATE DATABASE "{self.database}"')
        return f"{server}/{self.database}"

    @staticmethod
    def sql(server, statement, database="postgres"):
        import psycopg  # the project's driver; imported here so --help needs no database

        with psycopg.connect(f"{server}/{database}", autocommit=True) as connection:
            cursor = connection.execute(statement)
            return cursor.fetchall() if cursor.description else None

    def stop(self):
        if self.started and self.ready():
            subprocess.run(  # noqa: S603
                as_owner([pg_bin() / "pg_ctl", "-D", self.datadir, "stop", "-m", "fast", "-w"]),
                capture_output=True,
                check=False,
                timeout=120,
            )
        self.started = False


class Redis:
    """A server started with ``.ci/redis.sh`` on its own port; stopped if we started it."""

    def __init__(self, port):
        self.port = port
        self.datadir = Path(f"/tmp/crieur-cluster-redis-{port}")  # noqa: S108
        self.started = False

    def ready(self):
        result = subprocess.run(  # noqa: S603
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "ping"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip() == "PONG"

    def start(self):
        was_running = shutil.which("redis-cli") is not None and self.ready()
        output = subprocess.run(  # noqa: S603
            [str(ROOT / ".ci" / "redis.sh")],
            env={**os.environ, "REDIS_PORT": str(self.port), "REDIS_DATA_DIR": str(self.datadir)},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout
        self.started = not was_running
        return output.strip().splitlines()[-1]

    def stop(self):
        if self.started and self.ready():
            subprocess.run(  # noqa: S603
                ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "shutdown", "nosave"],  # noqa: S607
                capture_output=True,
                check=False,
                timeout=30,
            )
        self.started = False


class Process:
    """A child in its own process group, its output in a log file."""

    def __init__(self, name, command, env, log_path, stop_signal=signal.SIGTERM):
        self.name = name
        self.log_path = log_path
        self.stop_signal = stop_signal
        with open(log_path, "ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self):
        return self.popen.poll() is None

    def log_tail(self):
        try:
            return f"{self.name}:\n{self.log_path.read_text(errors='replace')[-3000:]}"
        except OSError:
            return f"{self.name}: no log"

    def signal(self):
        if self.alive():
            self.popen.send_signal(self.stop_signal)

    def wait(self, timeout=40):
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)  # workers left behind, if any


class Node(Process):
    def __init__(self, name, port, env, log_path):
        self.port = port
        super().__init__(
            name,
            [str(PYTHON), "-m", "gunicorn", "-c", "gunicorn.conf.py", *GUNICORN_CONTROL]
            + ["crieur.wsgi"],
            {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            log_path,
        )

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def wait_until_serving(self, deadline):
        while time.monotonic() < deadline:
            if not self.alive():
                break
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                connection.request("GET", "/robots.txt", headers={"Host": "127.0.0.1"})
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not start.\n{self.log_tail()}")


class Cluster:
    """Varnish → ``nodes`` gunicorn nodes → PostgreSQL and Redis, plus a task worker."""

    def __init__(
        self,
        workdir,
        *,
        port=None,
        nodes=2,
        workers=2,
        pg_port=54333,
        redis_port=63803,
        database="crieur_cluster",
        fresh=False,
        env=None,
        log=print,
    ):
        self.workdir = Path(workdir)
        self.port = port or free_port()
        self.node_count = nodes
        self.workers = workers
        self.postgres = Postgres(pg_port, database)
        self.redis = Redis(redis_port)
        self.fresh = fresh
        self.extra_env = dict(env or {})
        self.log = log
        self.nodes = []
        self.worker = None
        self.varnish = None
        self.database_url = None
        self.redis_url = None
        self.admin_password = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def secret_key(self):
        path = self.workdir / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(60))
            path.chmod(0o600)
        return path.read_text().strip()

    def environment(self):
        """What every node, the worker and the set-up commands run with."""
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "crieur.settings.production",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "SECRET_KEY": self.secret_key(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "WAGTAILADMIN_BASE_URL": self.url,
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),  # private files: media-private beside it
            "FRONTEND_CACHE_PURGE_URL": self.url,
            # The visitor's address as Varnish saw it, for rate limits and the login lockout.
            "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
            "GUNICORN_WORKERS": str(self.workers),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
            **self.extra_env,
        }

    def manage(self, *args, timeout=900):
        result = subprocess.run(  # noqa: S603
            [*MANAGE, *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(
                f"manage.py {args[0]} failed:\n{(result.stdout + result.stderr)[-3000:]}"
            )
        return result.stdout

    def start(self):
        if not varnishd_path():
            raise RuntimeError("varnishd is not installed (apt-get install varnish)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log(f"PostgreSQL on 127.0.0.1:{self.postgres.port}, Redis on {self.redis.port}…")
        self.database_url = self.postgres.start(fresh=self.fresh)
        self.redis_url = self.redis.start().rsplit("/", 1)[0] + "/0"
        self.set_up()
        env = self.environment()
        logs = self.workdir / "logs"
        logs.mkdir(exist_ok=True)
        ports = [free_port() for _ in range(self.node_count)]
        self.nodes = [
            Node(f"node {number}", port, env, logs / f"node-{number}.log")
            for number, port in enumerate(ports, start=1)
        ]
        self.worker = Process(
            "task worker",
            [*MANAGE, "db_worker", "--backend", "background", "--queue-name", "*"],
            env,
            logs / "worker.log",
            stop_signal=signal.SIGINT,  # finishes its current task, then stops
        )
        deadline = time.monotonic() + START_TIMEOUT
        for node in self.nodes:  # they start side by side
            node.wait_until_serving(deadline)
        self.varnish = Varnish(ports, self.workdir / "varnish", port=self.port)
        self.varnish.start()
        return self

    def set_up(self):
        started = time.perf_counter()
        self.log("Migrating, collecting static files, loading the demo if needed…")
        collect = Process(
            "collectstatic",
            [*MANAGE, "collectstatic", "--no-input", "--verbosity", "0"],
            self.environment(),
            self.workdir / "setup.log",
        )
        try:
            self.manage("migrate", "--no-input", "--verbosity", "0")
            if not self.demo_loaded():
                self.manage("load_demo")
            # Pages' own URLs (and so the URLs purged) name the address visitors use.
            self.manage(
                "shell",
                "--no-imports",
                "-c",
                "from wagtail.models import Site; "
                f"Site.objects.filter(is_default_site=True).update(hostname='127.0.0.1', "
                f"port={self.port}); Site.clear_site_root_paths_cache()",
            )
            output = self.manage("ensure_demo_admin", "--base-url", self.url)
            match = re.search(r"Password:\s*(\S+)", output)
            self.admin_password = match.group(1) if match else None
            collect.popen.wait(timeout=900)
            if collect.popen.returncode:
                raise RuntimeError(f"collectstatic failed:\n{collect.log_tail()}")
        finally:
            collect.signal()
            collect.wait()
        self.log(f"  ready in {time.perf_counter() - started:.0f} s")

    def demo_loaded(self):
        server, database = self.database_url.rsplit("/", 1)
        rows = Postgres.sql(
            server,
            "SELECT count(*) FROM wagtailcore_page WHERE slug = 'semaine-du-partage'",
            database,
        )
        return bool(rows and rows[0][0])

    def failed(self):
        """The processes that have died, with their log's tail."""
        return [
            process.log_tail()
            for process in [*self.nodes, self.worker]
            if process and not process.alive()
        ]

    def stop(self):
        if self.varnish:
            self.varnish.stop()
        processes = [process for process in [*self.nodes, self.worker] if process]
        for process in processes:  # all at once: each takes seconds to stop
            process.signal()
        for process in processes:
            process.wait()
        self.nodes, self.worker, self.varnish = [], None, None
        self.redis.stop()
        self.postgres.stop()

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()

    def describe(self):
        lines = [
            f"Site (Varnish):   {self.url}/",
            f"Admin:            {self.url}/admin/  login admin, password {self.admin_password}",
        ]
        lines += [f"{node.name + ':':<17} {node.url}/  (directly)" for node in self.nodes]
        lines += [
            f"Task worker:      pid {self.worker.popen.pid}",
            f"PostgreSQL:       {self.database_url}",
            f"Redis:            {self.redis_url}",
            f"Files and logs:   {self.workdir}",
        ]
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="Varnish's port (8000)")
    parser.add_argument("--nodes", type=int, default=2, help="application nodes (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node (2)")
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    parser.add_argument("--workdir", default=str(ROOT / "var" / "cluster"))
    args = parser.parse_args()

    stopping = []

    def interrupted(signum, frame):
        stopping.append(signum)

    cluster = Cluster(
        args.workdir, port=args.port, nodes=args.nodes, workers=args.workers, fresh=args.fresh
    )
    try:
        with cluster:
            signal.signal(signal.SIGINT, interrupted)
            signal.signal(signal.SIGTERM, interrupted)
            print(cluster.describe(), flush=True)
            print("Ctrl-C stops everything.", flush=True)
            while not stopping:
                dead = cluster.failed()
                if dead:
                    print("\n".join(["A process stopped:", *dead]), flush=True)
                    return 1
                time.sleep(1)
            print("Stopping…", flush=True)
    except (RuntimeError, subprocess.SubprocessError, OSError) as error:
        print(f"FAILED: {error}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
