"""Faults: PostgreSQL stopped and restarted while the resolver and a page are under load.

Run from the repository root (same needs as ``bench/load.py``)::

    .venv/bin/python bench/faults.py [--duration 60] [--outage 5] [--clients 8]
        [--pg-port 54332] [--keep]

What it does, on 127.0.0.1 only:

1. the set-up of ``bench/load.py`` on its own throwaway PostgreSQL
   (``--pg-port``, default 54332, so the server other tests use is never
   restarted): fresh ``crieur_bench`` database, migrations, demo, and
   ``crieur.settings.production`` under gunicorn with two workers;
2. ``--clients`` threads (half on a demo short code ``/q/<code>``, half on the
   cached service page) send requests for ``--duration`` seconds and record
   every answer with its time;
3. at a third of the run, PostgreSQL is stopped (``pg_ctl stop -m fast``, which
   also cuts the workers' open connections), left down for ``--outage``
   seconds, and started again; gunicorn is not touched;
4. prints the statuses seen before, during and after the outage, how long the
   application took to answer normally again, and compares the 302s received
   from the resolver with the scans counted in the database.

Must hold: no 500 (or any 5xx other than 503, or a dropped connection) at any
time; during the outage the answers are 503; the application recovers by itself
(every answer of the last quarter of the run is a 2xx or 3xx); no scan that got
a 302 is lost. Exit status 1 otherwise. It stops by itself and kills what it
started (``finally``).
"""

import argparse
import collections
import http.client
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from load import (
    PAGES,
    Postgres,
    production_env,
    scans_of,
    set_up,
    start_gunicorn,
    stop,
    wait_until_serving,
)

PAGE = PAGES["service page"]


def client(port, path, kind, deadline, records, lock):
    """Keep-alive GETs of ``path`` until ``deadline``; record (time, kind, status)."""
    connection = None
    mine = []
    while time.monotonic() < deadline:
        if connection is None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        try:
            connection.request("GET", path, headers={"User-Agent": "crieur-faults-bench"})
            response = connection.getresponse()
            response.read()
            mine.append((time.monotonic(), kind, response.status))
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            mine.append((time.monotonic(), kind, type(error).__name__))
            connection.close()
            connection = None
            time.sleep(0.05)
    if connection is not None:
        connection.close()
    with lock:
        records.extend(mine)


def ok(status):
    return isinstance(status, int) and 200 <= status < 400


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL stays down")
    parser.add_argument("--clients", type=int, default=8, help="client threads (8)")
    parser.add_argument("--pg-port", type=int, default=54332)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if args.duration < 20:
        parser.error("--duration must be at least 20 s")
    for tool in ("gunicorn",):
        if not (Path(sys.executable).parent / tool).exists():
            print(f"{tool} is not installed in .venv")
            return 1

    workdir = Path(tempfile.mkdtemp(prefix="crieur-bench-faults-"))
    postgres = Postgres(args.pg_port)
    server = None
    threads = []
    records, lock = [], threading.Lock()
    events = {}
    try:
        database_url, link_id, code = set_up(args, workdir, postgres)
        resolver_path = f"/q/{code}"
        server = start_gunicorn(production_env(database_url, workdir), workdir, "faults")
        wait_until_serving(server, PAGE)
        wait_until_serving(server, resolver_path)
        master_pid = server.pid
        scans_before = scans_of(database_url, link_id)

        print(
            f"Load: {args.clients} client threads for {args.duration} s on {resolver_path} and "
            f"{PAGE}; PostgreSQL stopped at {args.duration // 3} s for {args.outage:g} s.",
            flush=True,
        )
        start = time.monotonic()
        deadline = start + args.duration
        for i in range(args.clients):
            path, kind = (resolver_path, "resolver") if i % 2 == 0 else (PAGE, "page")
            thread = threading.Thread(
                target=client, args=(server.port, path, kind, deadline, records, lock)
            )
            thread.start()
            threads.append(thread)

        time.sleep(args.duration / 3)
        events["stopping"] = time.monotonic()
        postgres.stop_server(mode="fast")
        events["down"] = time.monotonic()
        print(f"  {events['down'] - start:5.1f} s  PostgreSQL stopped", flush=True)
        time.sleep(args.outage)
        events["starting"] = time.monotonic()
        postgres.start_server()
        events["up"] = time.monotonic()
        print(f"  {events['up'] - start:5.1f} s  PostgreSQL accepting connections", flush=True)

        for thread in threads:
            thread.join(timeout=args.duration + 60)
        time.sleep(1)
        scans_after = scans_of(database_url, link_id)
        restarted = server.poll() is not None or server.pid != master_pid
    except Exception as error:  # noqa: BLE001 - report any set-up failure, then clean up
        print(f"FAILED: {type(error).__name__}: {error}")
        return 1
    finally:
        if postgres.started and not postgres.ready():
            try:
                postgres.start_server()  # so that cleanup can stop it properly
            except Exception as error:  # noqa: BLE001
                print(f"Could not restart PostgreSQL: {error}")
        stop(server)
        postgres.cleanup()
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    return report(args, records, events, start, scans_after - scans_before, restarted)


def report(args, records, events, start, counted, restarted):
    def phase(t):
        if t < events["stopping"]:
            return "before"
        if t < events["up"]:
            return "outage"
        return "after"

    by_phase = collections.defaultdict(collections.Counter)
    for t, kind, status in records:
        by_phase[(phase(t), kind)][status] += 1

    print()
    print(f"{'':8} {'':9} statuses (count)")
    for name in ("before", "outage", "after"):
        for kind in ("resolver", "page"):
            counts = by_phase[(name, kind)]
            text = ", ".join(f"{s}: {n}" for s, n in sorted(counts.items(), key=str))
            print(f"{name:8} {kind:9} {text or '-'}")

    # Recovery: the first moment after PostgreSQL is back from which every
    # answer, of both kinds, is a success.
    after = sorted(r for r in records if r[0] >= events["up"])
    last_failure = max((t for t, _kind, status in after if not ok(status)), default=None)
    recovered_at = None
    if after:
        successes = [t for t, _kind, status in after if ok(status)]
        if last_failure is None:
            recovered_at = successes[0] if successes else None
        else:
            later = [t for t in successes if t > last_failure]
            recovered_at = later[0] if later else None
    tail_start = start + args.duration * 0.75
    tail = [status for t, _kind, status in records if t >= tail_start]
    recovered = bool(tail) and all(ok(s) for s in tail) and not restarted

    redirects = sum(1 for _t, kind, status in records if kind == "resolver" and status == 302)
    lost = max(0, redirects - counted)
    bad = collections.Counter(
        status for _t, _kind, status in records if not ok(status) and status not in (503, 429)
    )
    outage_statuses = collections.Counter(
        status for t, _kind, status in records if phase(t) == "outage" and not ok(status)
    )

    print()
    print(
        f"PostgreSQL down from {events['stopping'] - start:.1f} s to {events['up'] - start:.1f} s "
        f"({events['up'] - events['stopping']:.1f} s, restart included)."
    )
    print(
        "Answers during the outage other than success: "
        + (", ".join(f"{s}: {n}" for s, n in sorted(outage_statuses.items(), key=str)) or "none")
    )
    if recovered_at is not None:
        print(
            f"Recovered by itself {recovered_at - events['up']:.1f} s after PostgreSQL was back "
            f"(gunicorn not restarted: {not restarted}); last quarter of the run: "
            f"{len(tail)} answers, {sum(1 for s in tail if not ok(s))} failures."
        )
    else:
        print("Did NOT recover: failures until the end of the run.")
    print(f"Resolver: {redirects} redirects (302) received, {counted} scans counted: {lost} lost.")

    problems = []
    if bad:
        problems.append(f"unclean failures {dict(bad)}")
    if not recovered:
        problems.append("no recovery")
    if lost:
        problems.append(f"{lost} scans lost")
    if not by_phase[("outage", "resolver")] or not by_phase[("outage", "page")]:
        problems.append("no request completed during the outage (inconclusive)")
    if problems:
        print("PROBLEM: " + "; ".join(problems) + ".")
        return 1
    print("Clean: 503 during the outage, no 500, recovered by itself, no scan lost.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
