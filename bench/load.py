"""Load: requests/s and p50/p95 latency of the main pages under gunicorn, against /healthz.

    apt-get install wrk                   # the load generator (C, light on a 2-core machine)
    .venv/bin/python bench/load.py        # 100 connections, 60 s per URL, 10 000 services
    .venv/bin/python bench/load.py --duration 10 --connections 50
    .venv/bin/python bench/load.py --page-cache 0   # every page computed: the app's own cost

Seeds a PostgreSQL database of its own (`quartier_load`, reused once it has the services),
starts gunicorn on a free port as production would run it (DEBUG off, request logs on,
persistent database connections), then loads each URL in turn with wrk and prints a table
with each URL's throughput as a share of /healthz's, the cost of the stack without work.
Exits non-zero when any response is an error (status >= 400, timeout, socket error) or
when search falls under half of /healthz's throughput. Not a test: it prints figures.
"""

import argparse
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCH_TARGET = 0.5  # search throughput, as a share of /healthz's

# wrk calls done() once at the end; we read the one JSON line it prints.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'QUARTIER {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "max_us": %d,'
    .. ' "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def prepare_database(name, services):
    """The database `name` on local PostgreSQL with at least `services` published services."""
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    exists = subprocess.run(
        ["psql", "-qtA", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(
            ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
            check=True,
        )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from directory.models import Service

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    present = Service.objects.public().count()
    if present < services:
        print(f"seeding {services - present} services into {name}…", flush=True)
        call_command("seed_bench", services=services - present, verbosity=0)
        # Seeding rewrites each row while it computes search documents: compact the
        # tables, as autovacuum would have done on a database that grew over months.
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM FULL")
    with connections["default"].cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    public = Service.objects.public()
    count = public.count()
    slug = public.order_by("pk").values_list("slug", flat=True)[count // 2]
    connections.close_all()
    return url, count, slug


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url, port, workers, log, redis_url, page_cache_seconds):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
    }
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # no page of an earlier run
        env["REDIS_URL"] = redis_url
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "quartier.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
            return server
        except (OSError, urllib.error.HTTPError):
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start; see its log above") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def check_once(url, timeout=30):
    """One plain request first: a URL that fails alone needs no load to show it."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def cpu_seconds(server_pid, database):
    """CPU time used so far by each gunicorn worker and each backend of `database`.

    Other programs share the machine's cores, so requests per second move with them;
    CPU time per request does not, and says which side (Python or PostgreSQL) does the work.
    """
    tick = os.sysconf("SC_CLK_TCK")
    app, db = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if int(fields[1]) == server_pid:
            app[stat.parent.name] = seconds
        elif command.startswith("postgres: ") and f" {database} " in command:
            db[stat.parent.name] = seconds
    return app, db


def used_since(before, after):
    return sum(seconds - before.get(pid, 0) for pid, seconds in after.items())


def drain(base):
    """Waits out the requests wrk left queued when it stopped: gunicorn still serves them.

    The listen queue is first in, first out, so once /healthz answers, every earlier
    connection has been taken by a worker.
    """
    check_once(f"{base}/healthz", timeout=300)
    time.sleep(1)


def load(url, duration, connections, threads, timeout, script):
    command = [
        "wrk", f"--threads={threads}", f"--connections={connections}",
        f"--duration={duration}s", f"--timeout={timeout}s", f"--script={script}", url,
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    [line] = [line for line in output.splitlines() if line.startswith("QUARTIER ")]
    figures = json.loads(line.removeprefix("QUARTIER "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return figures


def measure(server, url, args, script):
    """wrk's figures for one URL, with the CPU time each request cost the app and the db."""
    status = check_once(url)
    if status != 200:
        raise SystemExit(f"{url} answered {status} before any load")
    base = url.split("/", 3)[:3]
    load(url, 2, args.connections, args.threads, args.timeout, script)  # warm up
    drain("/".join(base))
    before = cpu_seconds(server.pid, args.database)
    figures = load(url, args.duration, args.connections, args.threads, args.timeout, script)
    after = cpu_seconds(server.pid, args.database)
    drain("/".join(base))
    for side, used_before, used_after in zip(("app", "db"), before, after, strict=True):
        used = used_since(used_before, used_after)
        figures[f"{side}_cpu_ms"] = used * 1000 / max(figures["requests"], 1)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per URL (60)")
    parser.add_argument("--connections", type=int, default=100, help="concurrent (100)")
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--database", default="quartier_load")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--timeout", type=int, default=10, help="seconds before a request fails")
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/8", help="cache and sessions, as in production"
    )
    parser.add_argument(
        "--page-cache", type=int, default=30, help="PAGE_CACHE_SECONDS (0: every page computed)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    database_url, count, slug = prepare_database(args.database, args.services)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    urls = {
        "/healthz": "/healthz",
        "home": "/fr/",
        "search text": "/fr/services/?q=colis+alimentaire",
        "search text + near": "/fr/services/?q=colis+alimentaire&near=1080",
        "service page": f"/fr/services/{slug}/",
        "API list": "/api/v1/services",
    }
    print(
        f"{count} published services in {args.database}; gunicorn with {args.workers} workers; "
        f"wrk: {args.connections} connections, {args.duration} s per URL; "
        f"page cache {args.page_cache} s\n",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(WRK_REPORT)
        log_path = Path(folder) / "gunicorn.log"
        with log_path.open("w") as log:
            server = start_gunicorn(
                database_url, port, args.workers, log, args.redis, args.page_cache
            )
            try:
                results = {
                    name: measure(server, base + path, args, script) for name, path in urls.items()
                }
            finally:
                server.terminate()
                server.wait(timeout=30)
        errors = report(results, urls)
        if errors:
            lines = log_path.read_text().splitlines()
            problems = [line for line in lines if '"level": "INFO"' not in line]
            print("\ngunicorn's log, less the request lines:", *problems[-20:], sep="\n")
    slow = [
        name
        for name in urls
        if name.startswith("search")
        and results[name]["rps"] < SEARCH_TARGET * results["/healthz"]["rps"]
    ]
    if slow:
        print(f"under target (search >= {SEARCH_TARGET:.0%} of /healthz): {', '.join(slow)}")
    return 1 if errors or slow else 0


def report(results, urls):
    """Prints the table; returns the number of error responses."""
    health = results["/healthz"]["rps"]
    print(
        f"{'URL':<20} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs /healthz':>12}"
        f" {'CPU ms/req: app':>16} {'db':>5}"
    )
    for name, path in urls.items():
        r = results[name]
        print(
            f"{name:<20} {r['rps']:>7.0f} {r['p50_us'] / 1000:>8.1f} {r['p95_us'] / 1000:>8.1f} "
            f"{r['errors']:>7} {r['rps'] / health:>12.1%} {r['app_cpu_ms']:>16.1f} "
            f"{r['db_cpu_ms']:>5.1f}   {path}"
        )
    total = sum(r["errors"] for r in results.values())
    if total:
        for name, r in results.items():
            if r["errors"]:
                kinds = {k: r[k] for k in ("status", "timeout", "connect", "read", "write") if r[k]}
                print(f"errors on {name}: {kinds}")
    return total


if __name__ == "__main__":
    sys.exit(main())
