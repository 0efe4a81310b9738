"""gunicorn as the image runs it (gunicorn.conf.py): the app is loaded once, in the master,
and its workers are forked from it, sharing that memory and opening their own connections.

PostgreSQL only: the workers reach the test database over the network.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="the workers reach the database over the network; this run is on SQLite",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(parent):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(stat.parent.name))
        except OSError:  # ended meanwhile
            continue
    return found


def connections_to(pid, port):
    """How many TCP connections process `pid` holds open to `port`."""
    sockets = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            sockets.add(target[len("socket:[") : -1])
    count = 0
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in sockets and int(fields[2].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


def private_and_rss_kb(pid):
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value, *_ = line.split()
        fields[key.rstrip(":")] = int(value)
    return fields["Private_Clean"] + fields["Private_Dirty"], fields["Rss"]


@pytest.fixture
def gunicorn(db, tmp_path):
    """gunicorn started as the image starts it, with two workers, on the test database."""
    database = settings.DATABASES["default"]
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PRODUCTION": "false",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    env.pop("REDIS_URL", None)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "quartier.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(300):
            if len(children(server.pid)) == 2 and answers(f"http://127.0.0.1:{port}/healthz"):
                break
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.1)
        yield server, port, int(database["PORT"] or 5432)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def test_workers_share_the_app_the_master_loaded(gunicorn):
    server, _, _ = gunicorn
    workers = children(server.pid)
    assert len(workers) == 2
    # Forked from a master that loaded the app, a worker holds little of its own: without
    # preloading, each loads Django and the project itself (over half its RSS, private).
    for pid in workers:
        private, rss = private_and_rss_kb(pid)
        assert private < rss / 3, f"worker {pid}: {private} kB private of {rss} kB"


def test_each_worker_opens_its_own_database_connections(gunicorn):
    """A connection opened by the master would be shared by the forked workers: their
    queries would mix on one socket."""
    server, port, database_port = gunicorn
    urls = [f"http://127.0.0.1:{port}{path}" for path in ("/healthz", "/fr/", "/api/v1/services")]
    with ThreadPoolExecutor(6) as pool:
        assert all(pool.map(answers, urls * 4))
    assert connections_to(server.pid, database_port) == 0
    assert sum(connections_to(pid, database_port) for pid in children(server.pid)) >= 1
