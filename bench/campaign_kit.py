"""Bench: the demo campaign's full kit (every channel, one ZIP), built three times.

Loads the demo (``load_demo``) into a throw-away SQLite database in a temporary
directory, then builds the kit of the demo campaign (*Semaine du partage*, in
French) three times with ``kits.build.make_campaign_kit``, in a forked process
so that its memory is measured apart from the demo's loading. Prints:

* the wall time of each build, and their minimum and median (the first also
  makes the renditions and the short links; later builds reuse them);
* the peak RSS of the building process (``ru_maxrss``; it starts from the
  size of the process at the fork, printed too);
* the peak of Python allocations (``tracemalloc``) over one more build, traced
  apart because tracing slows everything down;
* the ZIP: size, files, items left out, channels not made.

    .venv/bin/python bench/campaign_kit.py

No network. Exit status 0 unless the set-up or a build fails (a channel not
made counts as a failure here). Figures depend on the machine: other work on
the same cores slows them (the load average is printed).
"""

import json
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="crieur-bench-kit-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORKDIR / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crieur.settings.test")

import django  # noqa: E402

django.setup()
# The demo's loading and the renders warn about things this bench does not measure.
warnings.filterwarnings("ignore", message="The input passed in on this line looks more like")
logging.getLogger("weasyprint").setLevel(logging.ERROR)

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

BUILDS = 3
CAMPAIGN = "semaine-du-partage"


def rss_mib(kib):
    return kib / 1024  # ru_maxrss is in KiB on Linux


def build_once():
    from campaigns.models import CampaignPage
    from kits.build import make_campaign_kit

    campaign = CampaignPage.objects.get(slug=CAMPAIGN, locale__language_code="fr")
    started = time.perf_counter()
    kit = make_campaign_kit(campaign)
    return time.perf_counter() - started, kit


def child(write_end):
    """The builds, measured; their figures go back to the parent as JSON."""
    times = []
    for _number in range(BUILDS):
        elapsed, kit = build_once()
        times.append(elapsed)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    traced_time, _kit = build_once()
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report = {
        "times": times,
        "peak_kib": peak_kib,
        "traced_peak": traced_peak,
        "traced_time": traced_time,
        "zip_bytes": len(kit.archive),
        "files": [(output.name, len(output.content)) for output in kit.files],
        "left_out": len(kit.left_out),
        "not_made": [f"{item.channel.folder}: {item.error}" for item in kit.not_made],
    }
    os.write(write_end, json.dumps(report).encode())


def main():
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    setup = time.perf_counter() - started
    connections.close_all()
    at_fork_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 0
        try:
            child(write_end)
        except BaseException as error:  # the parent reports it
            os.write(write_end, json.dumps({"error": repr(error)}).encode())
            code = 1
        finally:
            os.close(write_end)
            os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    _pid, status = os.waitpid(pid, 0)
    report = json.loads(b"".join(chunks) or b'{"error": "no report"}')
    if "error" in report or os.waitstatus_to_exitcode(status):
        print(f"The kit could not be built: {report.get('error')}")
        return 1

    times = report["times"]
    print(f"Campaign kit of the demo campaign ({CAMPAIGN}, fr), {BUILDS} builds")
    print(f"  set-up (migrate + load_demo): {setup:.1f} s")
    print("  builds: " + ", ".join(f"{elapsed:.2f} s" for elapsed in times))
    print(f"  wall time: min {min(times):.2f} s, median {statistics.median(times):.2f} s")
    print(
        f"  peak RSS of the building process: {rss_mib(report['peak_kib']):.0f} MiB "
        f"(the process weighed {rss_mib(at_fork_kib):.0f} MiB when it started building)"
    )
    print(
        f"  tracemalloc peak over one more build: {report['traced_peak'] / 2**20:.0f} MiB "
        f"(that build, traced: {report['traced_time']:.2f} s)"
    )
    print(
        f"  ZIP: {report['zip_bytes'] / 2**20:.1f} MiB, {len(report['files'])} files, "
        f"{report['left_out']} items left out, channels not made: {len(report['not_made'])}"
    )
    folders = {}
    for name, size in report["files"]:
        folder = name.split("/", 1)[0]
        count, total = folders.get(folder, (0, 0))
        folders[folder] = (count + 1, total + size)
    for folder, (count, total) in folders.items():
        print(f"    {folder + '/':10} {count:3d} files, {total / 1024:7.0f} KiB")
    for line in report["not_made"]:
        print(f"  NOT MADE {line}")
    print(f"  (load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 1 if report["not_made"] else 0


if __name__ == "__main__":
    sys.exit(main())
