"""Load: the resolver and the main pages on PostgreSQL, two gunicorn workers, wrk.

Run from the repository root (needs ``gunicorn`` in ``.venv``, Debian's
``wrk`` and PostgreSQL server binaries)::

    .venv/bin/python bench/load.py [--duration 30] [--connections 32] [--warmup 5]
        [--pg-port 54331] [--keep]

What it does, on 127.0.0.1 only:

1. starts its own throwaway PostgreSQL with ``.ci/postgres.sh`` (``--pg-port``,
   data in ``/tmp/crieur-bench-pg-<port>``; a server already running there is
   reused and left running), drops and recreates the ``crieur_bench``
   database, migrates it, loads the demo (``load_demo``, which makes the
   demo campaign's short links) and runs ``collectstatic`` into a temporary
   directory;
2. serves ``crieur.settings.production`` (a fresh ``SECRET_KEY``,
   ``ALLOWED_HOSTS=127.0.0.1``, ``SECURE_SSL_REDIRECT=false``, DEBUG off) with
   ``gunicorn -c gunicorn.conf.py`` and two worker processes, the in-process
   cache of each worker (no ``REDIS_URL``), access log on, and the resolver's
   rate limit raised (``RATE_LIMIT_RESOLVER``: every request comes from one
   address here);
3. for each target (a demo short code ``/q/<code>``, ``/fr/``, a service page, a
   campaign page): ``--warmup`` seconds of load, then ``--duration`` seconds
   with ``--connections`` connections (wrk, a Lua script counts responses by
   status); prints requests per second, p50/p99 latency and errors (any status
   other than 2xx/3xx, and socket errors, including requests slower than
   ``--timeout``);
4. for the resolver, compares the scans counted in ``links_scancount`` for that
   link before and after with the number of 302 responses: scans lost =
   302s received that the database did not count (requests still in flight
   when wrk stops may be counted without their 302 being seen: "extra");
5. serves the same again with ``PAGE_CACHE_SECONDS=0`` and loads the three
   pages, for comparison;
6. prints the pages' throughput against the reference: Wagtail's bakerydemo
   serves about 82 pages/s on this machine (two gunicorn workers, SQLite,
   uncached). Target for anonymous pages with the page cache: 10× that.
   ``bench/bakerydemo.py`` measures the uncached pages against bakerydemo
   itself, side by side on SQLite (a fixed 82/s is only right on a quiet machine).

It stops by itself and kills what it started (``finally``). Exit status 1 only
on a real failure: errors, lost scans, or a set-up that fails. Speed is
printed, not asserted. Figures depend on the machine: the load generator,
PostgreSQL and gunicorn share its cores.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BAKERYDEMO_PAGES_PER_SECOND = 82
DATABASE_NAME = "crieur_bench"
RESOLVER = "resolver /q/<code>"
PAGES = {
    "home /fr/": "/fr/",
    "service page": "/fr/services/outilotheque/",
    "campaign page": "/fr/campagnes/semaine-du-partage/",
}
CAMPAIGN_SLUG = "semaine-du-partage"


# --- PostgreSQL -----------------------------------------------------------------


def pg_bin():
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not candidates:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    return candidates[-1]


def as_owner(command):
    """Run PostgreSQL's tools as ``postgres`` when we are root (as .ci/postgres.sh does)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *map(str, command)]
    return [str(c) for c in command]


class Postgres:
    """A throwaway server started with .ci/postgres.sh; stopped at the end if we started it."""

    def __init__(self, port):
        self.port = port
        self.datadir = Path(f"/tmp/crieur-bench-pg-{port}")  # noqa: S108
        self.started = False
        self.created_datadir = False

    def ready(self):
        result = subprocess.run(  # noqa: S603
            as_owner([pg_bin() / "pg_isready", "-q", "-h", "127.0.0.1", "-p", self.port]),
            check=False,
        )
        return result.returncode == 0

    def start(self):
        was_running = self.ready()
        self.created_datadir = not (self.datadir / "PG_VERSION").exists() and not was_running
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
        server_url = output.strip().splitlines()[-1]
        return server_url.rsplit("/", 1)[0]

    def pg_ctl(self, *args, timeout=120):
        return subprocess.run(  # noqa: S603
            as_owner([pg_bin() / "pg_ctl", "-D", self.datadir, *args]),
            capture_output=True,
            text=True,
            check=True,
            timeout=timeout,
        )

    def stop_server(self, mode="fast"):
        self.pg_ctl("stop", "-m", mode, "-w")

    def start_server(self):
        # The options .ci/postgres.sh starts it with.
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.datadir} -c fsync=off"
        self.pg_ctl("-l", self.datadir / "server.log", "-o", options, "-w", "start")

    def cleanup(self):
        if self.started and self.ready():
            try:
                self.stop_server()
            except (subprocess.SubprocessError, OSError) as error:
                print(f"Could not stop PostgreSQL on port {self.port}: {error}")
        if self.created_datadir and not self.ready():
            shutil.rmtree(self.datadir, ignore_errors=True)


def psql(server_url, database, sql, params=()):
    import psycopg

    with psycopg.connect(f"{server_url}/{database}", autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def recreate_database(server_url, name):
    psql(server_url, "postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(server_url, "postgres", f'CREATE DATABASE "{name}"')


def demo_link(database_url):
    """A real demo short code: the campaign page's poster link if there is one."""
    rows = psql(
        *database_url.rsplit("/", 1),
        """
        SELECT l.id, l.code FROM links_shortlink l
        JOIN wagtailcore_page p ON p.id = l.page_id
        WHERE l.is_active
        ORDER BY (p.slug = %s) DESC, (l.channel = 'poster') DESC, l.id
        LIMIT 1
        """,
        (CAMPAIGN_SLUG,),
    )
    if not rows:
        raise RuntimeError("load_demo made no short link")
    return rows[0]


def scans_of(database_url, link_id):
    rows = psql(
        *database_url.rsplit("/", 1),
        "SELECT COALESCE(SUM(count), 0) FROM links_scancount WHERE link_id = %s",
        (link_id,),
    )
    return int(rows[0][0])


# --- the application --------------------------------------------------------------


def production_env(database_url, workdir, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crieur.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
        # Every request comes from 127.0.0.1: the per-address limit would answer 429.
        "RATE_LIMIT_RESOLVER": "100000000/m",
        "GUNICORN_WORKERS": "2",
        **extra,
    }
    env.pop("REDIS_URL", None)
    return env


def prepare(env, workdir):
    """Migrate and load the demo, with collectstatic beside it (it needs no database)."""
    manage = [str(VENV_BIN / "python"), "manage.py"]
    log = open(workdir / "setup.log", "w")  # noqa: SIM115
    static = subprocess.Popen(  # noqa: S603
        [*manage, "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for command in (["migrate", "--no-input", "--verbosity", "0"], ["load_demo"]):
            result = subprocess.run(  # noqa: S603
                [*manage, *command],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=900,
                check=False,
            )
            if result.returncode:
                raise RuntimeError(f"manage.py {command[0]} failed: see the tail below")
        if static.wait(timeout=900):
            raise RuntimeError("manage.py collectstatic failed: see the tail below")
    except Exception:
        log.flush()
        print((workdir / "setup.log").read_text()[-3000:])
        raise
    finally:
        stop(static)
        log.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, workdir, name):
    """``gunicorn -c gunicorn.conf.py crieur.wsgi`` in its own process group."""
    port = free_port()
    log = open(workdir / f"gunicorn-{name}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "crieur.wsgi"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.port = port
    process.log_path = workdir / f"gunicorn-{name}.log"
    return process


def wait_until_serving(process, path, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited ({process.returncode}):\n{process.log_path.read_text()[-3000:]}"
            )
        try:
            connection = http.client.HTTPConnection("127.0.0.1", process.port, timeout=10)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status < 400:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"Nothing answers on 127.0.0.1:{process.port}{path}")


def stop(process):
    """Stop a process we started, then anything left in its process group."""
    if process is None:
        return
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # workers orphaned by a crash, if any


# --- wrk ---------------------------------------------------------------------------

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(totals) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d,'
    .. ' "connect": %d, "read": %d, "write": %d, "timeout": %d, "statuses": {%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout, table.concat(parts, ", ")))
end
"""


def wrk(port, path, connections, duration, timeout, workdir, headers=()):
    script = workdir / "count.lua"
    script.write_text(WRK_SCRIPT)
    threads = max(1, min(os.cpu_count() or 1, connections))
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            f"--timeout={timeout}s",
            "-s",
            str(script),
            *(option for header in headers for option in ("-H", header)),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=duration + timeout + 60,
        check=True,
    )
    match = re.search(r"^BENCH (.*)$", result.stdout, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk printed no figures:\n{result.stdout}\n{result.stderr}")
    data = json.loads(match.group(1))
    statuses = {int(k): v for k, v in data["statuses"].items()}
    bad = sum(n for status, n in statuses.items() if not 200 <= status < 400)
    socket_errors = data["connect"] + data["read"] + data["write"] + data["timeout"]
    return {
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1e3,
        "p99_ms": data["p99_us"] / 1e3,
        "max_ms": data["max_us"] / 1e3,
        "statuses": statuses,
        "errors": bad + socket_errors,
        "socket_errors": {k: data[k] for k in ("connect", "read", "write", "timeout") if data[k]},
    }


def measure(server, name, path, args, workdir, count=None):
    if args.warmup:
        wrk(server.port, path, args.connections, args.warmup, args.timeout, workdir)
    before = count() if count else None
    result = wrk(server.port, path, args.connections, args.duration, args.timeout, workdir)
    result["name"] = name
    result["path"] = path
    if count:
        time.sleep(1)  # requests in flight when wrk stopped
        counted = count() - before
        redirects = result["statuses"].get(302, 0)
        result["counted"] = counted
        result["redirects"] = redirects
        result["lost"] = max(0, redirects - counted)
        result["extra"] = max(0, counted - redirects)
    print(f"  {summary_line(result)}", flush=True)
    return result


def summary_line(result):
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(result["statuses"].items()))
    line = (
        f"{result['name']:<20} {result['rps']:>8.0f} req/s  p50 {result['p50_ms']:>7.1f} ms"
        f"  p99 {result['p99_ms']:>7.1f} ms  errors {result['errors']}  ({statuses})"
    )
    if result["socket_errors"]:
        line += f" socket errors {result['socket_errors']}"
    return line


def check_setup(args):
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    if not (VENV_BIN / "gunicorn").exists():
        raise RuntimeError(f"gunicorn is not installed in {VENV_BIN}")
    pg_bin()


def set_up(args, workdir, postgres):
    """PostgreSQL, a fresh database with the demo; returns (database_url, link_id, code)."""
    print(f"PostgreSQL on 127.0.0.1:{args.pg_port}, database {DATABASE_NAME}…", flush=True)
    server_url = postgres.start()
    recreate_database(server_url, DATABASE_NAME)
    database_url = f"{server_url}/{DATABASE_NAME}"
    started = time.perf_counter()
    print("Migrating, loading the demo, collecting static files (a minute or two)…", flush=True)
    prepare(production_env(database_url, workdir), workdir)
    link_id, code = demo_link(database_url)
    print(f"  ready in {time.perf_counter() - started:.0f} s; demo short code {code}", flush=True)
    return database_url, link_id, code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per phase (30)")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per phase")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--timeout", type=int, default=30, help="wrk: a request slower than this is an error"
    )
    parser.add_argument("--pg-port", type=int, default=54331)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    check_setup(args)

    workdir = Path(tempfile.mkdtemp(prefix="crieur-bench-load-"))
    postgres = Postgres(args.pg_port)
    server = None
    cached, uncached = [], []
    try:
        database_url, link_id, code = set_up(args, workdir, postgres)
        resolver_path = f"/q/{code}"
        print(
            f"Load: wrk, {args.connections} connections, {args.warmup} s warm-up then "
            f"{args.duration} s per target; gunicorn.conf.py with 2 workers; "
            f"{os.cpu_count()} CPUs shared by wrk, gunicorn and PostgreSQL.",
            flush=True,
        )

        print("With the page cache (production defaults):", flush=True)
        server = start_gunicorn(production_env(database_url, workdir), workdir, "cached")
        wait_until_serving(server, "/fr/")
        cached.append(
            measure(
                server,
                RESOLVER,
                resolver_path,
                args,
                workdir,
                count=lambda: scans_of(database_url, link_id),
            )
        )
        for name, path in PAGES.items():
            cached.append(measure(server, name, path, args, workdir))
        stop(server)

        print("Without the page cache (PAGE_CACHE_SECONDS=0):", flush=True)
        env = production_env(database_url, workdir, PAGE_CACHE_SECONDS="0")
        server = start_gunicorn(env, workdir, "uncached")
        wait_until_serving(server, "/fr/")
        for name, path in PAGES.items():
            uncached.append(measure(server, name, path, args, workdir))
        stop(server)
    except (RuntimeError, subprocess.SubprocessError, OSError) as error:
        print(f"FAILED: {error}")
        return 1
    finally:
        stop(server)
        postgres.cleanup()
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    return report(cached, uncached)


def report(cached, uncached):
    print()
    print(f"{'':34} {'req/s':>7} {'p99 ms':>8} {'errors':>7}  × bakerydemo (82/s)")
    for label, results in (("page cache on ", cached), ("page cache off", uncached)):
        for r in results:
            ratio = (
                "" if r["name"] == RESOLVER else f"{r['rps'] / BAKERYDEMO_PAGES_PER_SECOND:.1f}×"
            )
            print(
                f"{label}  {r['name']:<18} {r['rps']:>7.0f} {r['p99_ms']:>8.1f} "
                f"{r['errors']:>7}  {ratio}"
            )
    resolver = next(r for r in cached if r["name"] == RESOLVER)
    print(
        f"Resolver: {resolver['redirects']} redirects (302) received, {resolver['counted']} "
        f"scans counted in the database: {resolver['lost']} lost"
        + (f", {resolver['extra']} counted while wrk stopped" if resolver["extra"] else "")
        + "."
    )
    pages = [r for r in cached if r["name"] != RESOLVER]
    mean = sum(r["rps"] for r in pages) / len(pages)
    ratio = mean / BAKERYDEMO_PAGES_PER_SECOND
    mean_off = sum(r["rps"] for r in uncached) / len(uncached)
    print(
        f"Anonymous pages, mean of the three: {mean:.0f}/s with the page cache = {ratio:.1f}× "
        f"bakerydemo's 82/s (target 10×: {'met' if ratio >= 10 else 'NOT met'}); "
        f"{mean_off:.0f}/s without it ({mean_off / BAKERYDEMO_PAGES_PER_SECOND:.1f}×)."
    )
    errors = sum(r["errors"] for r in cached + uncached)
    if errors or resolver["lost"]:
        print(f"PROBLEM: {errors} errors, {resolver['lost']} scans lost.")
        return 1
    print("No errors, no scan lost.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
