"""The stack bench/load.py loads: its own seeded database, gunicorn as production runs it,
and what the processes cost (CPU time per request, memory per worker) read from /proc."""

import io
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.mixes import Directory

ROOT = Path(__file__).resolve().parent.parent


def prepare_database(name, services, mix_size):
    """The database `name` on local PostgreSQL with at least `services` published services;
    returns its URL, its number of public services and what the mixes are drawn from."""
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

    from directory import localities
    from directory.hsds import values
    from directory.models import Audience, Category, Service

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
    slugs = list(Service.objects.public().order_by("pk").values_list("slug", flat=True))
    categories = sorted(Category.objects.values_list("slug", flat=True))
    directory = Directory(
        localities=sorted(localities.LOCALITIES, key=lambda locality: locality.code),
        categories=categories,
        audiences=sorted(Audience.objects.values_list("slug", flat=True)),
        taxonomy_term_ids=[values.taxonomy_term_id(slug) for slug in categories],
        services=slugs[:: max(len(slugs) // mix_size, 1)],
    )
    connections.close_all()
    return url, len(slugs), directory


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _app_env(database_url, redis_url=None, **more):
    """The environment of the app as production runs it: DEBUG off, its own database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        **more,
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def start_gunicorn(database_url, port, workers, log, redis_url, page_cache_seconds):
    """gunicorn as the image starts it (gunicorn.conf.py), DEBUG off, on `port`."""
    env = _app_env(
        database_url,
        redis_url,
        ALLOWED_HOSTS="127.0.0.1",
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
    )
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # no page of an earlier run
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "quartier.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "30",
         # Not replaced during a run: the /healthz rows alone send more requests than
         # gunicorn.conf.py's max_requests, and a new worker starts with an empty memo.
         "--max-requests", "0"],
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


def directory_changed(database_url, redis_url):
    """What a coordinator's edit does to what the server's processes keep: the directory's
    version bumped once, as a committed change does (page_cache.directory_changed)."""
    code = (
        "from django.db import transaction\n"
        "from directory.page_cache import directory_changed\n"
        "with transaction.atomic():\n"
        "    directory_changed()\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT, env=_app_env(database_url, redis_url), check=True,
    )  # fmt: skip


def _workers(server_pid):
    """The pids of gunicorn's workers (its children)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == server_pid:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue  # ended meanwhile
    return sorted(pids)


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


def _rollup(pid):
    """RSS, PSS (shared pages split between their sharers) and private memory, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value, *_ = line.split()
        fields[key.rstrip(":")] = int(value) / 1024
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return {"rss": fields["Rss"], "pss": fields["Pss"], "private": private}


def memory(server_pid, workers=0):
    """The master's and each worker's memory: what gunicorn's processes cost together is
    the sum of their PSS; a worker's private memory is what one more worker adds. Waits
    (up to 10 s) until `workers` workers are up: gunicorn forks them one after another."""
    for _ in range(100):
        if len(_workers(server_pid)) >= workers:
            break
        time.sleep(0.1)
    return {"master": _rollup(server_pid)} | {
        f"worker {pid}": _rollup(pid) for pid in _workers(server_pid)
    }
