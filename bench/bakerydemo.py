"""Side by side: Crieur's pages without the page cache against Wagtail's bakerydemo blog page.

Run from the repository root (needs ``gunicorn`` in ``.venv``, Debian's ``wrk``
and a bakerydemo checkout with its own virtualenv, see below)::

    .venv/bin/python bench/bakerydemo.py [--rounds 3] [--duration 10] [--warmup 3]
        [--connections 32] [--bakerydemo /tmp/bakerydemo]
        [--bakerydemo-python /tmp/bakerydemo-venv/bin/python] [--keep]

The reference is bakerydemo at commit 3c7e3af (the last on Django 5.2) with
Wagtail 8.0.1 instead of its pin; none of its code is in this repository::

    git clone https://github.com/wagtail/bakerydemo /tmp/bakerydemo
    git -C /tmp/bakerydemo checkout 3c7e3af
    python3.11 -m venv /tmp/bakerydemo-venv
    /tmp/bakerydemo-venv/bin/pip install -r /tmp/bakerydemo/requirements/base.txt \\
        'wagtail==8.0.1' whitenoise==6.6.0 gunicorn

What it does, on 127.0.0.1 only:

1. Crieur: a fresh SQLite database in a temporary directory, migrated, the demo
   loaded (``load_demo``), static files collected; served with
   ``crieur.settings.production`` and ``PAGE_CACHE_SECONDS=0`` (no page cache;
   the card store, ``crieur/card_store.py``, is on as in production: after the
   warm-up every card shown is in it, as for any page view but the first after
   a publish of that card's page);
2. bakerydemo: a fresh SQLite database in the same directory, migrated,
   ``load_initial_data``, static files collected; served with
   ``bakerydemo.settings.production`` (DEBUG off, its in-process cache);
3. both with the same gunicorn command line: two sync workers
   (``-w 2 -k sync``), no configuration file, no access log;
4. rounds of wrk (``--connections``, a ``--warmup`` then ``--duration``
   seconds per target), every request with ``X-Forwarded-Proto: https`` as a
   TLS proxy would send: bakerydemo's blog post, Crieur's home, bakerydemo,
   a Crieur service page, bakerydemo, the Crieur campaign page, bakerydemo.
   Each Crieur figure is divided by the mean of the two bakerydemo runs
   around it, so that both sides see the same load from the rest of the
   machine;
5. prints, per page, the ratio of every round and its minimum and median.

It stops by itself and kills what it started (``finally``). Exit status 1
only when something fails (a set-up, an error status, a socket error); the
ratio is printed, not asserted (the target is 2×). Without a bakerydemo
checkout it says how to make one and exits 0.
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from load import (
    PAGES,
    ROOT,
    VENV_BIN,
    free_port,
    prepare,
    production_env,
    stop,
    wait_until_serving,
    wrk,
)

BAKERY_POST = "/blog/bread-circuses/"
HTTPS = {"X-Forwarded-Proto": "https"}


def gunicorn(python, cwd, env, module, workdir, name):
    """Two sync workers, nothing else: the same command line for both sites."""
    port = free_port()
    log_path = workdir / f"gunicorn-{name}.log"
    log = open(log_path, "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(python).parent / "gunicorn"),
            "--config",
            "/dev/null",  # not ./gunicorn.conf.py
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--threads",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            f"{module}.wsgi",
        ],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.port = port
    process.log_path = log_path
    return process


def bakery_env(checkout, workdir):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "DATABASE", "VIRTUAL_ENV", "REDIS"))
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'bakerydemo.sqlite3'}",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONWARNINGS": "ignore",
    }


def prepare_bakery(python, checkout, env, workdir):
    log_path = workdir / "bakerydemo-setup.log"
    with open(log_path, "w") as log:
        for command in (
            ["migrate", "--no-input", "--verbosity", "0"],
            ["load_initial_data"],
            ["collectstatic", "--no-input", "--verbosity", "0"],
        ):
            result = subprocess.run(  # noqa: S603
                [python, "manage.py", *command],
                cwd=checkout,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=900,
                check=False,
            )
            if result.returncode:
                print(log_path.read_text()[-3000:])
                raise RuntimeError(f"bakerydemo: manage.py {command[0]} failed")


def status_of(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=HTTPS)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status


def load(server, path, args, workdir):
    headers = [f"{name}: {value}" for name, value in HTTPS.items()]
    if args.warmup:
        wrk(server.port, path, args.connections, args.warmup, args.timeout, workdir, headers)
    result = wrk(server.port, path, args.connections, args.duration, args.timeout, workdir, headers)
    if not result["requests"]:
        raise RuntimeError(f"{path}: no answer in {args.duration} s (is the machine saturated?)")
    if result["errors"] or set(result["statuses"]) != {200}:
        raise RuntimeError(f"{path}: {result['statuses']}, socket errors {result['socket_errors']}")
    return result


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S607


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per target (10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--bakerydemo", default="/tmp/bakerydemo", help="its checkout")  # noqa: S108
    parser.add_argument(
        "--bakerydemo-python",
        default="/tmp/bakerydemo-venv/bin/python",  # noqa: S108
        help="the python of its virtualenv (with gunicorn)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--crieur-settings",
        default="crieur.settings.production",
        help="Crieur's settings module (crieur.settings.production)",
    )
    parser.add_argument(
        "--workdir",
        help="use (and keep) this directory; databases already prepared in it are reused",
    )
    args = parser.parse_args()

    checkout = Path(args.bakerydemo)
    if not (checkout / "manage.py").exists() or not Path(args.bakerydemo_python).exists():
        print(f"SKIPPED: no bakerydemo checkout or virtualenv; {__doc__.split('::')[2].strip()}")
        return 0
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)")
        return 1

    if args.workdir:
        workdir = Path(args.workdir).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        args.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix="crieur-bench-bakerydemo-"))
    crieur = bakery = None
    figures = {name: [] for name in PAGES}
    bakery_rates = []
    try:
        print("Preparing Crieur (SQLite, demo) and bakerydemo (SQLite, initial data)…", flush=True)
        started = time.perf_counter()
        crieur_env = production_env(
            f"sqlite:///{workdir / 'crieur.sqlite3'}",
            workdir,
            PAGE_CACHE_SECONDS="0",
            DJANGO_SETTINGS_MODULE=args.crieur_settings,
        )
        bakery_environment = bakery_env(checkout, workdir)
        if not (workdir / "crieur.ready").exists():
            prepare(crieur_env, workdir)
            (workdir / "crieur.ready").touch()
        if not (workdir / "bakerydemo.ready").exists():
            prepare_bakery(args.bakerydemo_python, checkout, bakery_environment, workdir)
            (workdir / "bakerydemo.ready").touch()
        print(f"  ready in {time.perf_counter() - started:.0f} s", flush=True)

        crieur = gunicorn(VENV_BIN / "python", ROOT, crieur_env, "crieur", workdir, "crieur")
        bakery = gunicorn(
            args.bakerydemo_python, checkout, bakery_environment, "bakerydemo", workdir, "bakery"
        )
        for server, path in ((crieur, "/fr/"), (bakery, "/")):
            wait_until_serving(server, path)
        for server, path in ((bakery, BAKERY_POST), *((crieur, p) for p in PAGES.values())):
            if status_of(server.port, path) != 200:
                raise RuntimeError(f"{path} does not answer 200")

        print(
            f"wrk, {args.connections} connections, {args.warmup} s warm-up + {args.duration} s "
            f"per target, {args.rounds} rounds; 2 sync gunicorn workers each; "
            f"{os.cpu_count()} CPUs. {uptime()}",
            flush=True,
        )
        for round_number in range(1, args.rounds + 1):
            before = load(bakery, BAKERY_POST, args, workdir)["rps"]
            bakery_rates.append(before)
            for name, path in PAGES.items():
                rate = load(crieur, path, args, workdir)["rps"]
                after = load(bakery, BAKERY_POST, args, workdir)["rps"]
                bakery_rates.append(after)
                ratio = rate / ((before + after) / 2)
                figures[name].append((rate, ratio))
                print(
                    f"  round {round_number}: {name:<14} {rate:6.1f}/s  bakerydemo "
                    f"{before:5.1f}/s, {after:5.1f}/s  ratio {ratio:.2f}×",
                    flush=True,
                )
                before = after
    except (RuntimeError, subprocess.SubprocessError, OSError) as error:
        print(f"FAILED: {error}")
        return 1
    finally:
        stop(crieur)
        stop(bakery)
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"bakerydemo {BAKERY_POST}: median {statistics.median(bakery_rates):.1f}/s")
    print(
        f"{'page cache off':<16} {'median req/s':>12} {'ratio min':>10} {'median':>8}  (target 2×)"
    )
    for name, results in figures.items():
        ratios = [ratio for _rate, ratio in results]
        print(
            f"{name:<16} {statistics.median(r for r, _ in results):12.1f} {min(ratios):9.2f}×"
            f" {statistics.median(ratios):7.2f}×  {'met' if min(ratios) >= 2 else 'NOT met'}"
        )
    print(uptime())
    return 0


if __name__ == "__main__":
    sys.exit(main())
