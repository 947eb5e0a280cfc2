"""Cluster: Varnish in front of two gunicorn nodes sharing PostgreSQL, Redis and media.

Run from the repository root (needs Debian's ``varnish``, ``wrk`` and PostgreSQL
and Redis server binaries)::

    .venv/bin/python bench/cluster.py [--duration 15] [--warmup 3] [--connections 32]
        [--workers 2] [--keep]

It starts the cluster of ``make serve-cluster`` (``deploy/cluster.py``) on 127.0.0.1
only, with its own PostgreSQL (port 54334) and Redis (port 63804) and a fresh
database with the demo, then:

1. **scans**: wrk on a demo short link ``/q/<code>`` through Varnish; the 302s
   received are compared with the scans counted in ``links_scancount``: none may be
   lost (a scan counted while wrk stopped, its 302 unseen, is "extra");
2. **pages**: wrk on the home, a service and a campaign page through Varnish (the
   share of Varnish hits), then on each node directly (the page cache in Redis);
3. **publish**: a new title is saved as a draft (``manage.py`` with node 1's
   settings: a visitor sees nothing of it), then published over HTTP on node 1's
   admin (a real login, Wagtail's publish action); at once, node 2 directly and
   Varnish must serve the new title (Varnish had the page as a hit before);
4. **rate limit**: the search, limited to ``SEARCH_LIMIT`` an hour in this cluster,
   asked alternately of node 1 and node 2 from one (made-up) visitor's address:
   the ``SEARCH_LIMIT + 1``-th request is refused (429), not the ``2 × SEARCH_LIMIT + 1``-th.

Prints the figures; exits 1 on any failure (errors, a scan lost, a publish not
seen, a limit not shared); stops everything it started.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.cluster import Cluster, Postgres  # noqa: E402

SEARCH_LIMIT = 10
PAGES = {
    "home /fr/": "/fr/",
    "service page": "/fr/services/outilotheque/",
    "campaign page": "/fr/campagnes/semaine-du-partage/",
}
SERVICE_SLUG = "outilotheque"
HOST = "127.0.0.1"

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} caches = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local x = headers["X-Cache"] or headers["x-cache"] or "none"
  caches[x] = (caches[x] or 0) + 1
end
local function merge(name)
  local totals = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get(name)) do totals[key] = (totals[key] or 0) + n end
  end
  local parts = {}
  for key, n in pairs(totals) do table.insert(parts, string.format('"%s": %d', key, n)) end
  return table.concat(parts, ", ")
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d,'
    .. ' "socket_errors": %d, "statuses": {%s}, "caches": {%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, merge("statuses"), merge("caches")))
end
"""


def wrk(port, path, args, workdir, duration):
    script = workdir / "count.lua"
    script.write_text(WRK_SCRIPT)
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk",
            f"-t{max(1, min(os.cpu_count() or 1, args.connections))}",
            f"-c{args.connections}",
            f"-d{duration}s",
            f"--timeout={args.timeout}s",
            "-s",
            str(script),
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=duration + args.timeout + 60,
        check=True,
    )
    match = re.search(r"^BENCH (.*)$", result.stdout, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk printed no figures:\n{result.stdout}\n{result.stderr}")
    data = json.loads(match.group(1))
    statuses = {int(k): v for k, v in data["statuses"].items()}
    bad = sum(n for status, n in statuses.items() if not 200 <= status < 400)
    return {
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1e3,
        "p99_ms": data["p99_us"] / 1e3,
        "statuses": statuses,
        "caches": data["caches"],
        "errors": bad + data["socket_errors"],
    }


def measure(name, port, path, args, workdir):
    if args.warmup:
        wrk(port, path, args, workdir, args.warmup)
    result = wrk(port, path, args, workdir, args.duration)
    result["name"] = name
    hits = result["caches"].get("HIT", 0)
    result["hit_rate"] = hits / result["requests"] if result["requests"] else 0
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(result["statuses"].items()))
    caches = ", ".join(f"{c}: {n}" for c, n in sorted(result["caches"].items()))
    print(
        f"  {name:<34} {result['rps']:>7.0f} req/s  p50 {result['p50_ms']:>6.1f} ms"
        f"  p99 {result['p99_ms']:>7.1f} ms  errors {result['errors']}  ({statuses}; {caches})",
        flush=True,
    )
    return result


# --- plain HTTP with cookies, for the admin ------------------------------------------


class Browser:
    """Requests to one node with the cookies it set (Secure ones too: plain http here)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None, headers=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text


class CsrfToken(HTMLParser):
    def __init__(self):
        super().__init__()
        self.token = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.token = self.token or attrs.get("value")


def csrf_token(html):
    parser = CsrfToken()
    parser.feed(html)
    if not parser.token:
        raise RuntimeError("no CSRF token in the admin's form")
    return parser.token


def get(port, path, headers=None):
    """GET with the Host a browser sends (the address and port), as wrk does."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        connection.close()


def title_of(html):
    match = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    return " ".join(match.group(1).split()) if match else ""


# --- the checks ---------------------------------------------------------------------


def demo_link(cluster):
    server, database = cluster.database_url.rsplit("/", 1)
    query = (
        "SELECT l.id, l.code FROM links_shortlink l JOIN wagtailcore_page p ON p.id = l.page_id "
        "WHERE l.is_active ORDER BY (p.slug = 'semaine-du-partage') DESC, "
        "(l.channel = 'poster') DESC, l.id LIMIT 1"
    )
    rows = Postgres.sql(server, query, database)  # our own constants only
    if not rows:
        raise RuntimeError("load_demo made no short link")
    return rows[0]


def scans_of(cluster, link_id):
    server, database = cluster.database_url.rsplit("/", 1)
    rows = Postgres.sql(
        server,
        f"SELECT COALESCE(SUM(count), 0) FROM links_scancount WHERE link_id = {int(link_id)}",  # noqa: S608
        database,
    )
    return int(rows[0][0])


def check_scans_exactly(cluster, args, workdir):
    """Scans through Varnish: every 302 received must be counted in the database."""
    link_id, code = demo_link(cluster)
    if args.warmup:
        wrk(cluster.port, f"/q/{code}", args, workdir, args.warmup)
        time.sleep(1)  # the warm-up's last scans
    before = scans_of(cluster, link_id)
    result = wrk(cluster.port, f"/q/{code}", args, workdir, args.duration)
    time.sleep(1)
    counted = scans_of(cluster, link_id) - before
    redirects = result["statuses"].get(302, 0)
    result.update(
        name=f"scans /q/{code} via Varnish",
        counted=counted,
        redirects=redirects,
        lost=max(0, redirects - counted),
        extra=max(0, counted - redirects),
    )
    caches = ", ".join(f"{c}: {n}" for c, n in sorted(result["caches"].items()))
    print(
        f"  {result['name']:<34} {result['rps']:>7.0f} req/s  p99 {result['p99_ms']:.1f} ms  "
        f"errors {result['errors']}  302: {redirects}, counted: {counted} ({caches})",
        flush=True,
    )
    return result


def check_publish(cluster):
    """A draft title published on node 1's admin is served at once by node 2 and Varnish."""
    first, second = cluster.nodes[:2]
    path = PAGES["service page"]
    get(cluster.port, path)
    status, headers, html = get(cluster.port, path)
    before = {"status": status, "x_cache": headers["X-Cache"], "title": title_of(html)}
    new_title = f"Outilthèque {secrets.token_hex(3)}"
    output = cluster.manage(
        "shell",
        "--no-imports",
        "-c",
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(slug={SERVICE_SLUG!r}, locale__language_code='fr').specific\n"
        f"page.title = {new_title!r}\n"
        "page.save_revision()\n"
        "print('PAGE', page.pk)\n",
    )
    page_id = int(re.search(r"PAGE (\d+)", output).group(1))
    draft_seen = new_title in get(second.port, path)[2]

    admin = Browser(first.port)
    _status, _headers, login_form = admin.request("GET", "/admin/login/")
    status, headers, _text = admin.request(
        "POST",
        "/admin/login/",
        form={
            "csrfmiddlewaretoken": csrf_token(login_form),
            "username": "admin",
            "password": cluster.admin_password,
            "next": "/admin/",
        },
    )
    if status != 302 or "sessionid" not in admin.cookies:
        raise RuntimeError(f"admin login on node 1 failed ({status})")
    action = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    _status, _headers, confirm = admin.request("GET", action)
    started = time.perf_counter()
    status, _headers, _text = admin.request(
        "POST", action, form={"csrfmiddlewaretoken": csrf_token(confirm)}
    )
    published_in = time.perf_counter() - started
    if status != 302:
        raise RuntimeError(f"publishing on node 1's admin answered {status}")

    status_b, _headers_b, html_b = get(second.port, path)
    status_v, headers_v, html_v = get(cluster.port, path)
    result = {
        "before": before,
        "draft_seen": draft_seen,
        "published_in": published_in,
        "new_title": new_title,
        "node_b": {"status": status_b, "fresh": new_title in title_of(html_b)},
        "varnish": {
            "status": status_v,
            "x_cache": headers_v["X-Cache"],
            "fresh": new_title in title_of(html_v),
        },
    }
    print(
        f"  before: Varnish {before['x_cache']} “{before['title'][:40]}”; draft visible to "
        f"visitors: {draft_seen}; publish on node 1's admin took {published_in * 1000:.0f} ms",
        flush=True,
    )
    print(
        f"  at once after: node 2 {status_b} new title {result['node_b']['fresh']}; "
        f"Varnish {status_v} {headers_v['X-Cache']} new title {result['varnish']['fresh']}",
        flush=True,
    )
    return result


def check_rate_limit(cluster):
    visitor = f"198.51.100.{secrets.randbelow(250) + 1}"
    statuses = []
    for number in range(SEARCH_LIMIT + 1):
        node = cluster.nodes[number % 2]
        status, _headers, _text = get(
            node.port, f"/fr/search/?q=outil{number}", {"X-Real-IP": visitor}
        )
        statuses.append(status)
    other = get(
        cluster.nodes[(SEARCH_LIMIT + 1) % 2].port, "/fr/search/?q=x", {"X-Real-IP": visitor}
    )
    print(
        f"  search limited to {SEARCH_LIMIT}/h, alternating nodes from {visitor}: "
        f"{statuses}; then the other node: {other[0]}",
        flush=True,
    )
    return {"statuses": statuses, "other": other[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per load phase (15)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node (2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)")
        return 1

    workdir = Path(tempfile.mkdtemp(prefix="crieur-bench-cluster-"))
    cluster = Cluster(
        workdir,
        nodes=2,
        workers=args.workers,
        pg_port=54334,
        redis_port=63804,
        database="crieur_bench_cluster",
        fresh=True,
        env={
            # Every scan comes from 127.0.0.1 here: the per-address limit would answer 429.
            "RATE_LIMIT_RESOLVER": "100000000/m",
            "RATE_LIMIT_SEARCH": f"{SEARCH_LIMIT}/h",  # per hour: no window turns mid-check
        },
    )
    try:
        with cluster:
            print(cluster.describe(), flush=True)
            print(
                f"Load: wrk, {args.connections} connections, {args.duration} s per phase; "
                f"2 nodes × {args.workers} gunicorn workers; {os.cpu_count()} CPUs shared by "
                "wrk, Varnish, gunicorn, PostgreSQL and Redis.",
                flush=True,
            )
            print("1. Scans through Varnish:", flush=True)
            scans = check_scans_exactly(cluster, args, workdir)
            print("2. Pages through Varnish, then on each node directly:", flush=True)
            pages = [
                measure(f"{name} via Varnish", cluster.port, path, args, workdir)
                for name, path in PAGES.items()
            ]
            for node in cluster.nodes:
                pages += [
                    measure(f"{name} on {node.name}", node.port, path, args, workdir)
                    for name, path in PAGES.items()
                ]
            print("3. A publish on node 1, seen through node 2 and Varnish:", flush=True)
            publish = check_publish(cluster)
            print("4. A rate limit shared by both nodes:", flush=True)
            limit = check_rate_limit(cluster)
            dead = cluster.failed()
            if dead:
                raise RuntimeError("a process stopped:\n" + "\n".join(dead))
    except (RuntimeError, subprocess.SubprocessError, OSError) as error:
        print(f"FAILED: {error}")
        return 1
    finally:
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return report(scans, pages, publish, limit)


def report(scans, pages, publish, limit):
    print()
    problems = []
    print(
        f"Scans: {scans['redirects']} redirects (302) received through Varnish, "
        f"{scans['counted']} counted in the database: {scans['lost']} lost"
        + (f", {scans['extra']} counted while wrk stopped" if scans["extra"] else "")
        + f"; {scans['rps']:.0f}/s."
    )
    if scans["lost"] or scans["errors"] or scans["caches"].get("HIT"):
        problems.append("scans lost, failed or served from Varnish")
    for result in pages:
        rate = f"  Varnish hits {result['hit_rate']:.1%}" if "Varnish" in result["name"] else ""
        print(
            f"  {result['name']:<34} {result['rps']:>7.0f} req/s"
            f"  p99 {result['p99_ms']:>7.1f} ms{rate}"
        )
    if any(result["errors"] for result in pages):
        problems.append("page errors")
    if any(r["hit_rate"] < 0.5 for r in pages if "Varnish" in r["name"]):
        problems.append("Varnish kept too few pages (mark_shared not set by the page cache?)")
    fresh = publish["node_b"]["fresh"] and publish["varnish"]["fresh"]
    print(
        f"Publish on node 1 seen at once by node 2: {publish['node_b']['fresh']}, through "
        f"Varnish: {publish['varnish']['fresh']} "
        f"(Varnish had it as {publish['before']['x_cache']})."
    )
    if not fresh or publish["draft_seen"]:
        problems.append("publish not seen at once (or a draft shown)")
    if publish["before"]["x_cache"] != "HIT" or publish["varnish"]["x_cache"] == "HIT":
        problems.append("Varnish did not hold the page before the publish, or was not purged")
    expected = [200] * SEARCH_LIMIT + [429]
    shared = limit["statuses"] == expected and limit["other"] == 429
    print(
        f"Rate limit of {SEARCH_LIMIT}: refused at request {SEARCH_LIMIT + 1} across both "
        f"nodes: {shared}."
    )
    if not shared:
        problems.append("rate limit not shared")
    if problems:
        print("PROBLEM: " + "; ".join(problems))
        return 1
    print("No errors, no scan lost, publish seen at once, rate limit shared.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
