"""QR resolver throughput: ``/q/<code>`` under gunicorn, against a bare Django view and nginx.

Run from the repository root (needs ``gunicorn`` in ``.venv``; ``wrk`` and
``nginx`` from Debian are used when installed, ``apt-get install wrk
nginx-light``)::

    .venv/bin/python bench/qr_resolver.py [--duration 10] [--connections 32]
        [--workers N] [--threads 4] [--links 100] [--conn-max-age 60]

What it does, on 127.0.0.1 only, in a temporary directory it deletes at the end:

1. migrates a fresh SQLite file database (WAL, as in ``crieur.settings.base``),
   publishes a page and makes ``--links`` short links to it;
2. serves Crieur with gunicorn (``gthread`` workers, the in-process cache of
   each worker, persistent database connections: ``--conn-max-age``, since
   opening a SQLite connection per request costs more than the scan itself)
   and loads ``/q/<code>`` over all the codes with ``--connections``
   concurrent connections for ``--duration`` seconds (``wrk``, or a threaded
   Python client when ``wrk`` is absent), after ``--warmup`` seconds;
3. the same against a bare-minimum Django view (``bench/resolver_support``: no
   middleware, look the code up, ``F("count") + 1``, redirect) on its own
   SQLite file, and against nginx's ``return 302`` when nginx is installed;
4. prints scans per second, median and p99 latency, the ratios between them,
   and checks that no scan was lost: the database must have counted at least
   every redirect the load generator received (in-flight requests at the stop
   may add a few), then exactly ``--exact`` scans sent by a Python client.

It stops by itself (each phase is bounded) and prints figures; it asserts
nothing about speed. Exit status 1 if scans were lost or requests failed.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent
TARGET_SLUG = "outilotheque"


# --- set-up, run in child processes (one Django configuration per process) ----


def setup_crieur(links):
    import django

    django.setup()
    from django.core.management import call_command

    from wagtail.models import Page

    from crieur.models import StandardPage
    from links.models import ShortLink

    call_command("migrate", verbosity=0, interactive=False)
    home = Page.objects.get(depth=2).specific
    page = home.add_child(instance=StandardPage(title="Outilthèque", slug=TARGET_SLUG))
    page.save_revision().publish()
    created = ShortLink.objects.create_many_unique(page, "poster", links, label="bench")
    print(json.dumps({"codes": [link.code for link in created], "target": page.url}))


def setup_bare(codes, target):
    import django

    django.setup()
    from django.core.management import call_command

    from resolver_support.models import BareLink

    call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
    BareLink.objects.bulk_create(BareLink(code=code, target=target) for code in codes)


# --- helpers ------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, path, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("HEAD", path)
            status = connection.getresponse().status
            connection.close()
            if status == 302:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"Nothing answers 302 on 127.0.0.1:{port}{path}")


def stop(process):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def percentile(values, fraction):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(fraction * len(values)))]


def python_load(port, paths, connections, duration=None, total=None):
    """Keep-alive GETs from ``connections`` threads; for ``duration`` s or ``total`` requests."""
    lock = threading.Lock()
    state = {"sent": 0, "ok": 0, "failed": 0, "latencies": []}
    deadline = time.monotonic() + duration if duration else None

    def take():
        with lock:
            if total is not None and state["sent"] >= total:
                return None
            if deadline is not None and time.monotonic() >= deadline:
                return None
            state["sent"] += 1
            return paths[state["sent"] % len(paths)]

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, ok, failed = [], 0, 0
        while (path := take()) is not None:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers={"User-Agent": "bench"})
                response = connection.getresponse()
                response.read()
                if response.status == 302:
                    ok += 1
                else:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
            latencies.append(time.perf_counter() - start)
        connection.close()
        with lock:
            state["ok"] += ok
            state["failed"] += failed
            state["latencies"].extend(latencies)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": state["ok"],
        "failed": state["failed"],
        "rps": state["ok"] / elapsed,
        "p50_ms": percentile(state["latencies"], 0.50) * 1e3,
        "p99_ms": percentile(state["latencies"], 0.99) * 1e3,
        "tool": "python",
    }


def wrk_load(port, paths, connections, duration, workdir):
    script = workdir / "paths.lua"
    script.write_text(
        "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        '  return wrk.format("GET", paths[(i % #paths) + 1])\n'
        "end\n"
    )
    threads = max(1, min(os.cpu_count() or 1, connections))
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk"),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    )
    out = result.stdout

    def latency_ms(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in errors.groups()) if errors else 0
    )
    return {
        "requests": requests - (int(bad.group(1)) if bad else 0),
        "failed": failed,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "tool": "wrk",
    }


def load(port, paths, args, workdir, duration):
    if shutil.which("wrk"):
        return wrk_load(port, paths, args.connections, duration, workdir)
    return python_load(port, paths, args.connections, duration=duration)


def counted(database, sql):
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0] or 0


def measure(name, port, paths, args, workdir, count_scans=None):
    """Warm up, load for ``--duration`` seconds, then check the counts in the database."""
    load(port, paths, args, workdir, duration=args.warmup)
    before = count_scans() if count_scans else None
    result = load(port, paths, args, workdir, duration=args.duration)
    result["name"] = name
    if count_scans:
        time.sleep(1)  # let in-flight requests finish
        result["counted"] = count_scans() - before
        result["lost"] = max(0, result["requests"] - result["counted"])
        if args.exact:
            before = count_scans()
            exact = python_load(port, paths, args.connections, total=args.exact)
            result["exact_sent"] = exact["requests"] + exact["failed"]
            result["exact_failed"] = exact["failed"]
            result["exact_counted"] = count_scans() - before
    return result


def gunicorn(app, port, env, args, workdir, name):
    log = open(workdir / f"{name}.log", "w")  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603
        [
            str(VENV_BIN / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def nginx(port, target, workdir):
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if binary is None:
        return None
    prefix = workdir / "nginx"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""
worker_processes auto;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location ~* ^/q/ {{ return 302 {target}; }}
    }}
}}
"""
    )
    return subprocess.Popen(  # noqa: S603
        [binary, "-p", str(prefix), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=open(prefix / "stderr.log", "w"),  # noqa: SIM115
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per phase")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--links", type=int, default=100)
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DB_CONN_MAX_AGE of both Django apps (0 = a new SQLite connection per request)",
    )
    parser.add_argument("--exact", type=int, default=2000, help="scans of the exact count check")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="crieur-bench-resolver-"))
    crieur_db = workdir / "crieur.sqlite3"
    bare_db = workdir / "bare.sqlite3"
    pythonpath = os.pathsep.join([str(ROOT), str(BENCH)])
    base_env = {
        **os.environ,
        "PYTHONPATH": pythonpath,
        "PYTHONDONTWRITEBYTECODE": "1",
        "DB_CONN_MAX_AGE": str(args.conn_max_age),
    }
    crieur_env = {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "resolver_support.crieur_settings",
        "DATABASE_URL": f"sqlite:///{crieur_db}",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
    }
    crieur_env.pop("REDIS_URL", None)
    bare_env = {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "resolver_support.bare_settings",
        "BENCH_BARE_DB": str(bare_db),
    }
    processes = []
    results = []
    try:
        print(f"Setting up in {workdir} (migrations take a while)…", flush=True)
        started = time.perf_counter()
        setup = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--setup-crieur", str(args.links)],
            env=crieur_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        data = json.loads(setup.stdout.strip().splitlines()[-1])
        codes, target = data["codes"], data["target"]
        subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--setup-bare", json.dumps(data)],
            env=bare_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        print(f"  ready in {time.perf_counter() - started:.0f} s: {len(codes)} codes → {target}")
        # Mixed case, as scanned QR codes (upper) and typed codes (lower) arrive.
        paths = [f"/q/{code}" if i % 2 else f"/Q/{code.lower()}" for i, code in enumerate(codes)]
        tool = "wrk" if shutil.which("wrk") else "a threaded Python client (wrk not found)"
        print(
            f"Load: {tool}, {args.connections} connections, {args.duration} s per phase; "
            f"gunicorn gthread, {args.workers} workers × {args.threads} threads, "
            f"DB_CONN_MAX_AGE={args.conn_max_age}; "
            f"{os.cpu_count()} CPUs shared with the load generator."
        )

        port = free_port()
        server = gunicorn("crieur.wsgi:application", port, crieur_env, args, workdir, "crieur")
        processes.append(server)
        wait_for(port, paths[0])
        results.append(
            measure(
                "Crieur /q/<code>",
                port,
                paths,
                args,
                workdir,
                lambda: counted(crieur_db, "SELECT SUM(count) FROM links_scancount"),
            )
        )
        stop(server)

        port = free_port()
        server = gunicorn(
            "django.core.wsgi:get_wsgi_application()", port, bare_env, args, workdir, "bare"
        )
        processes.append(server)
        wait_for(port, paths[0])
        results.append(
            measure(
                "bare Django view",
                port,
                paths,
                args,
                workdir,
                lambda: counted(bare_db, "SELECT SUM(count) FROM resolver_support_barelink"),
            )
        )
        stop(server)

        port = free_port()
        server = nginx(port, target, workdir)
        if server is None:
            print("nginx is not installed: skipping its phase (apt-get install nginx-light).")
        else:
            processes.append(server)
            wait_for(port, paths[0])
            results.append(measure("nginx return 302", port, paths, args, workdir))
            stop(server)
    except subprocess.CalledProcessError as error:
        print(f"Set-up failed ({' '.join(error.cmd[-2:])}):\n{error.stderr[-3000:]}")
        return 1
    finally:
        for process in processes:
            stop(process)
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"{'':22} {'scans/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7}  counted")
    for result in results:
        check = ""
        if "counted" in result:
            check = (
                f"{result['counted']} in DB for {result['requests']} redirects "
                f"({result['lost']} lost)"
            )
            if "exact_sent" in result:
                check += (
                    f"; exact check: {result['exact_counted']} counted"
                    f" / {result['exact_sent']} sent"
                )
        print(
            f"{result['name']:22} {result['rps']:>10.0f} {result['p50_ms']:>8.2f}"
            f" {result['p99_ms']:>8.2f} {result['failed']:>7}  {check}"
        )
    crieur = results[0]
    for other in results[1:]:
        print(
            f"Crieur / {other['name']}: {crieur['rps'] / other['rps']:.2f}× the throughput, "
            f"{crieur['p99_ms'] / other['p99_ms']:.2f}× the p99 latency"
        )
    problems = [
        r
        for r in results
        if r["failed"]
        or r.get("lost")
        or r.get("exact_failed")
        or ("exact_sent" in r and r["exact_counted"] != r["exact_sent"])
    ]
    print("Scans lost: none." if not problems else "PROBLEM: failed requests or lost scans above.")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--setup-crieur":
        setup_crieur(int(sys.argv[2]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "--setup-bare":
        data = json.loads(sys.argv[2])
        setup_bare(data["codes"], data["target"])
    else:
        sys.exit(main())
