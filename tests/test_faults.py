"""Faults on a real stack: gunicorn nodes sharing one PostgreSQL and one Redis.

The PostgreSQL cluster is a throwaway one of the test's own (initdb in a temporary
folder, on a free port), so stopping or freezing it never touches the database the suite
runs on. Every node runs as the Docker image runs it (its CMD, gunicorn.conf.py). Redis
faults are played by a port of the test's own, where nothing listens (down) or a server
accepts and never answers (hanging): the shared Redis is never stopped.
PostgreSQL runs only: on SQLite there is no server to stop.
"""

import html
import http.cookiejar
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
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from glob import glob
from pathlib import Path

import pytest
from django.conf import settings

from tests.admin_forms import FormReader

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/7"
PASSWORD = secrets.token_urlsafe(16)
RESUME_SECONDS = 5
# A visitor gets an answer, if only the 503 page, within this much of PostgreSQL hanging.
HANGING_DATABASE_SECONDS = 5

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="fault tests stop a PostgreSQL server; this run is on SQLite",
)


def missing(reason):
    """Skips on a developer's machine without the tool; fails in CI, where it must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run as the `postgres` user if we are root."""

    def __init__(self, folder):
        binaries = sorted(
            glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
        )
        if not binaries:
            missing("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
        self.bin = Path(binaries[-1]).parent
        self.folder, self.data, self.port = folder, folder / "data", free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/quartier"

    def run(self, *command):
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(
            [*as_postgres, str(self.bin / command[0]), *command[1:]],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{command[0]} failed: {done.stderr}"

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C", "--no-sync")  # fmt: skip
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "quartier")

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run("pg_ctl", "start", "-D", str(self.data), "-w", "-t", "30", "-o", options,
                 "-l", str(self.folder / "postgresql.log"))  # fmt: skip

    def stop(self, mode="fast"):
        self.run("pg_ctl", "stop", "-D", str(self.data), "-w", "-m", mode)

    @property
    def running(self):
        return (self.data / "postmaster.pid").exists()

    @contextmanager
    def frozen(self):
        """The postmaster and its backends stopped (SIGSTOP): connections open, no answer."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, signal.SIGSTOP)  # first: it forks no new backend meanwhile
        children = child_processes(postmaster)
        for pid in children:
            os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            for pid in [postmaster, *children]:
                os.kill(pid, signal.SIGCONT)


def child_processes(parent):
    children = []
    for stat in glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == parent:
            children.append(int(Path(stat).parent.name))
    return children


@dataclass
class Node:
    """One gunicorn instance: its address, its process and its log."""

    base: str
    process: subprocess.Popen
    log: object

    def url(self, path):
        return self.base + path


def image_start():
    """The Docker image's start: its CMD, and its number of gunicorn workers."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M)[1])
    return command, re.search(r"WEB_CONCURRENCY=(\d+)", dockerfile)[1]


def start_node(env, folder, name, workers="1"):
    """gunicorn started as the image starts it, on a free $PORT, with `workers` workers."""
    command, _ = image_start()
    port = free_port()
    log = (folder / f"{name}.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / command[0]), *command[1:]],
        cwd=ROOT, env={**env, "PORT": str(port), "WEB_CONCURRENCY": workers},
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(150):
        if port_open(port):
            return Node(f"http://127.0.0.1:{port}", process, log)
        assert process.poll() is None, (folder / f"{name}.log").read_text()
        time.sleep(0.1)
    raise AssertionError(f"gunicorn {name} did not start")


SETUP = """
import json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from tests.factories import make_service
call_command("load_reference", verbosity=0)
service = make_service("Colis du Canal", phones=["02 410 00 00"])
make_service("Épicerie sociale des Marolles", postcode="1000", lat=50.8405, lon=4.3470)
get_user_model().objects.create_superuser("coordinatrice", "c@example.org", "{password}")
print(json.dumps({{"id": str(service.pk), "slug": service.slug}}))
"""


@pytest.fixture(scope="module")
def stack():
    """A PostgreSQL cluster with a migrated database, and three nodes on it.

    A runs with the image's number of workers; B with one; C with one, and its Redis on a
    port of the test's own (`redis_fault`).
    """
    if not port_open(6379):
        missing("Redis is not listening on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # no page or session of an earlier run
    folder = Path(tempfile.mkdtemp(prefix="quartier-faults-"))
    cluster, nodes = None, []
    try:
        cluster = Cluster(folder)
        cluster.create()
        env = {
            **os.environ,
            "DATABASE_URL": cluster.url,
            "REDIS_URL": REDIS_URL,
            "SECRET_KEY": secrets.token_urlsafe(50),  # the same on both: one site
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PRODUCTION": "false",
            # Pages come from the shared cache: an edit must still show at once on both.
            "PAGE_CACHE_SECONDS": "30",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
        made = subprocess.run(
            [*manage, "shell", "-c", SETUP.format(password=PASSWORD)],
            cwd=ROOT, env=env, check=True, timeout=60, capture_output=True, text=True,
        )  # fmt: skip
        service = json.loads(made.stdout.strip().splitlines()[-1])
        redis_port = free_port()
        nodes = [
            start_node(env, folder, "a", workers=image_start()[1]),
            start_node(env, folder, "b"),
            start_node({**env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/7"}, folder, "c"),
        ]
        yield {
            "cluster": cluster,
            **dict(zip("abc", nodes, strict=True)),
            "redis_port": redis_port,
            "service": service,
        }
    finally:
        for node in nodes:
            node.process.terminate()  # all at once: each finishes its requests first
        for node in nodes:
            node.process.wait(timeout=30)
            node.log.close()
        if cluster and cluster.running:
            cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def outage(stack):
    """PostgreSQL stopped; started again afterwards if the test did not."""
    stack["cluster"].stop()
    yield stack["cluster"]
    if not stack["cluster"].running:
        stack["cluster"].start()


@pytest.fixture(params=["down", "hanging"])
def redis_fault(request, stack):
    """Node C's Redis: nothing listening on its port, or a server that accepts and never
    answers (its connections wait in the listening socket's queue, as with a frozen Redis)."""
    if request.param == "down":
        yield request.param
    else:
        with socket.create_server(("127.0.0.1", stack["redis_port"]), backlog=128):
            yield request.param


# HTTP as a browser would do it: cookies kept, redirects not followed, errors are answers.


class Browser:
    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, body), timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def submit(self, url, form_id, changes):
        """Opens the page, fills the form as it stands with `changes`, and posts it."""
        status, _, page = self.request(url)
        assert status == 200, page[:500]
        form = FormReader(form_id)
        form.feed(page)
        fields = [(name, value) for name, value in form.data if name not in changes]
        return self.request(url, [*fields, *changes.items()])


def log_in(browser, node):
    login = node.url("/admin/login/?next=/admin/")
    status, _, _ = browser.submit(
        login, "login-form", {"username": "coordinatrice", "password": PASSWORD}
    )
    assert status == 302, "the coordinator could not log in"


def timed(request):
    """What `request()` answered, and how many seconds it took."""
    started = time.monotonic()
    answer = request()
    return answer, time.monotonic() - started


def still_failing(urls, seconds):
    """The URLs that have not answered 200 again within `seconds`."""
    deadline = time.monotonic() + seconds
    waiting = set(urls)
    while waiting and time.monotonic() < deadline:
        waiting = {url for url in waiting if Browser().request(url)[0] != 200}
        time.sleep(0.1)
    return waiting


def log_of(node):
    return Path(node.log.name).read_text()


# The stories


def test_an_admin_edit_on_one_node_shows_at_once_on_the_other(stack):
    a, b, service = stack["a"], stack["b"], stack["service"]
    coordinator = Browser()
    log_in(coordinator, a)
    resident = Browser()
    page_on_b = b.url(f"/fr/services/{service['slug']}/")
    assert "Colis du Canal" in resident.request(page_on_b)[2]  # seen on B before the edit
    assert "Colis du Canal" in resident.request(page_on_b)[2]  # and now in the page cache

    status, _, body = coordinator.submit(
        a.url(f"/admin/directory/service/{service['id']}/change/"),
        "service_form",
        {"name_fr": "Colis solidaire du Canal", "_save": "Enregistrer"},
    )

    assert status == 302, re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
    assert "Colis solidaire du Canal" in html.unescape(resident.request(page_on_b)[2])
    status, _, body = resident.request(b.url(f"/api/v1/services/{service['id']}"))
    assert json.loads(body)["name"] == "Colis solidaire du Canal"
    # The session made on A (in the database) is good on B.
    assert coordinator.request(b.url("/admin/"))[0] == 200


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [
        ("/fr/services/?q=colis", "fr", "Quartier est momentanément indisponible"),
        ("/nl/services/?q=voedselpakket", "nl", "Quartier is tijdelijk niet beschikbaar"),
        ("/en/services/?q=food", "en", "Quartier is temporarily unavailable"),
    ],
)
# Searches read the database; a page a process keeps (memo.py) is served without it.
def test_with_postgresql_stopped_pages_say_503_in_the_visitors_language(
    stack, outage, path, language, text
):
    for node in (stack["a"], stack["b"]):
        status, headers, body = Browser().request(node.url(path))

        assert status == 503
        assert headers["Retry-After"] == "30"
        assert f'<html lang="{language}">' in body
        assert text in body
        assert "Traceback" not in body and "OperationalError" not in body


def test_with_postgresql_stopped_health_and_api_say_503(stack, outage):
    health = Browser().request(stack["a"].url("/healthz"))
    api = Browser().request(stack["b"].url("/api/v1/services"))

    assert health[0] == 503
    assert json.loads(health[2]) == {"status": "unavailable"}
    assert api[0] == 503
    assert api[1]["Content-Type"] == "application/json"
    assert json.loads(api[2]) == {"error": "The database is unavailable."}


def test_service_resumes_by_itself_when_postgresql_comes_back(stack, outage):
    nodes = (stack["a"], stack["b"])
    pages = [node.url("/nl/services/?q=voedselpakket") for node in nodes]
    assert [Browser().request(page)[0] for page in pages] == [503, 503]

    outage.start()
    waiting = still_failing(pages + [node.url("/healthz") for node in nodes], RESUME_SECONDS)

    assert not waiting, f"still failing {RESUME_SECONDS} s after PostgreSQL came back"
    assert all(node.process.poll() is None for node in nodes)  # the same gunicorns


def test_with_postgresql_frozen_visitors_get_the_503_page_within_5_s(stack):
    a, b = stack["a"], stack["b"]
    worker = Browser()
    log_in(worker, b)
    for node in (a, b):  # the nodes' threads keep their connections open, as in production
        assert Browser().request(node.url("/healthz"))[0] == 200
    # Query strings no page has had: none comes from the page cache. A search reads the
    # database (a service page a process keeps would be served without it).
    page = "/fr/services/?q=colis&frozen=1"
    requests = {
        "page on A": lambda: Browser().request(a.url(page)),
        "page on B": lambda: Browser().request(b.url(page)),
        "staff page on B": lambda: worker.request(b.url("/fr/staff/?frozen=1")),
        "health on A": lambda: Browser().request(a.url("/healthz")),
        "health on B": lambda: Browser().request(b.url("/healthz")),
    }

    with stack["cluster"].frozen(), ThreadPoolExecutor(len(requests)) as pool:
        futures = {name: pool.submit(timed, request) for name, request in requests.items()}
        answers = {name: future.result() for name, future in futures.items()}

    seconds = {name: round(took, 1) for name, (_, took) in answers.items()}
    assert max(seconds.values()) < HANGING_DATABASE_SECONDS, seconds
    for name, ((status, headers, body), _) in answers.items():
        assert status == 503, name
        if name.startswith("health"):
            assert json.loads(body) == {"status": "unavailable"}
        else:
            assert headers["Retry-After"] == "30"
            assert "Quartier est momentanément indisponible" in body
    urls = [a.url("/healthz"), b.url("/healthz"), a.url(page), b.url(page)]
    assert not still_failing(urls, RESUME_SECONDS), "no recovery after PostgreSQL woke up"


def test_a_query_stuck_behind_a_lock_gets_the_503_page_within_5_s(stack):
    import psycopg

    a = stack["a"]
    with psycopg.connect(stack["cluster"].url) as other_session:
        # A migration, or a long transaction, holding the table.
        other_session.execute("LOCK TABLE directory_service IN ACCESS EXCLUSIVE MODE")
        # A search no other test asks: its answer is in no process nor in Redis (a
        # page some process has read is served through the lock, as it should be).
        page = a.url("/fr/services/?q=verrou+serrure")
        (status, headers, body), seconds = timed(lambda: Browser().request(page))

    assert seconds < HANGING_DATABASE_SECONDS
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Quartier est momentanément indisponible" in body
    assert "canceling statement due to statement timeout" in log_of(a)
    assert Browser().request(page)[0] == 200  # the same node, once the lock is gone


def test_with_redis_down_or_hanging_logins_and_pages_still_work(stack, redis_fault):
    c, service = stack["c"], stack["service"]
    logged_before = len(log_of(c))
    page = c.url(f"/fr/services/{service['slug']}/")
    Browser().request(page)  # the worker's first request loads the pages' code

    (status, _, body), seconds = timed(lambda: Browser().request(page))

    assert status == 200 and "du Canal" in body
    assert seconds < 1, f"an anonymous page took {seconds:.1f} s with Redis {redis_fault}"
    coordinator = Browser()
    log_in(coordinator, c)
    assert coordinator.request(c.url("/fr/staff/"))[0] == 200
    status, _, _ = coordinator.submit(
        c.url(f"/admin/directory/service/{service['id']}/change/"),
        "service_form",
        {"_save": "Enregistrer"},
    )
    assert status == 302  # saved, though no node could be told that pages changed
    log = log_of(c)[logged_before:]
    assert "page cache unavailable" in log and "page cache version not bumped" in log


def test_six_slow_clients_do_not_hold_up_the_others(stack):
    """Three send their headers a byte at a time, three send nothing (slowloris)."""
    a = stack["a"]  # as the image runs it: gunicorn.conf.py, WEB_CONCURRENCY workers
    address = ("127.0.0.1", int(a.base.rsplit(":", 1)[1]))
    slow = [socket.create_connection(address) for _ in range(6)]
    stop = threading.Event()

    def trickle():
        headers = b"GET /fr/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"z" * 4000
        for byte in headers:
            for sock in slow[:3]:
                sock.send(bytes([byte]))
            if stop.wait(0.2):
                return

    sender = threading.Thread(target=trickle)
    sender.start()
    try:
        time.sleep(0.5)  # every slow client has been accepted and is being read
        answers = [
            timed(lambda url=url: Browser().request(a.url(url)))
            for url in ("/healthz", f"/fr/services/{stack['service']['slug']}/?slow=1")
        ]
    finally:
        stop.set()
        sender.join()
        for sock in slow:
            sock.close()

    assert [status for (status, _, _), _ in answers] == [200, 200]
    seconds = [round(took, 1) for _, took in answers]
    assert max(seconds) < 2, f"answered in {seconds} s with six slow clients connected"
