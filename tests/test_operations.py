"""Running Quartier: the 503 page, request logs, the replica router, the image and its start."""

import json
import logging
import os
import secrets
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.db.backends.utils import CursorWrapper
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from directory.middleware import JsonLogFormatter
from directory.models import Commune, Service
from quartier import db_router
from tests.factories import make_service

ROOT = Path(__file__).resolve().parent.parent


# The database is down


@pytest.fixture
def database_down(db):
    """Every query fails, as when PostgreSQL stops; the test database is back for teardown."""

    def broken(*args, **kwargs):
        raise OperationalError("database is down")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", broken)
        yield


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [
        ("/fr/services/?q=colis", "fr", "Quartier est momentanément indisponible"),
        ("/nl/services/?q=voedselpakket", "nl", "Quartier is tijdelijk niet beschikbaar"),
        ("/en/", "en", "Quartier is temporarily unavailable"),
    ],
)
def test_resident_gets_a_friendly_503_in_their_language_when_the_database_is_down(
    client, db, database_down, path, language, text
):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert f'<html lang="{language}">' in html
    assert text in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_api_says_503_in_json_when_the_database_is_down(client, db, database_down):
    response = client.get("/api/v1/services")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"error": "The database is unavailable."}


def test_database_failure_is_logged_as_an_error_with_its_cause(client, db, database_down, caplog):
    client.get("/fr/services/?q=colis")

    [error] = [r for r in caplog.records if r.name == "django.request"]
    assert error.levelname == "ERROR"
    assert error.status_code == 503
    assert "database is down" in JsonLogFormatter().format(error)


def test_other_errors_still_get_the_500_page(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("directory.views.public.render", broken)
    client.raise_request_exception = False

    response = client.get("/fr/")

    assert response.status_code == 500
    assert "Retry-After" not in response


# Request logs


def request_records(caplog):
    return [r for r in caplog.records if r.name == "quartier.requests"]


def test_each_request_writes_one_json_line_with_timing_queries_and_ids(client, reference, caplog):
    make_service()
    caplog.set_level(logging.INFO, logger="quartier.requests")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/services/?q=colis&near=1080")

    [record] = request_records(caplog)
    line = JsonLogFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["logger"] == "quartier.requests"
    assert entry["level"] == "INFO"
    assert entry["method"] == "GET"
    assert entry["path"] == "/fr/services/"  # no query string: it may say where someone lives
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] > 0
    assert entry["db_queries"] == len(queries.captured_queries) > 0
    assert entry["user_id"] is None
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(entry["request_id"]) == 32


def test_request_log_names_the_logged_in_user(admin_client, admin_user, caplog):
    caplog.set_level(logging.INFO, logger="quartier.requests")

    admin_client.get("/admin/")

    [record] = request_records(caplog)
    assert record.user_id == admin_user.pk
    assert record.status == 200


def test_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(client, db, caplog):
    caplog.set_level(logging.INFO, logger="quartier.requests")

    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-1234abcd"})
    replaced = client.get("/healthz", headers={"X-Request-ID": 'x"\n{"admin": true}'})

    assert kept["X-Request-ID"] == "proxy-1234abcd"
    assert replaced["X-Request-ID"] != 'x"\n{"admin": true}'
    assert [r.request_id for r in request_records(caplog)] == [
        "proxy-1234abcd",
        replaced["X-Request-ID"],
    ]


def test_request_log_counts_no_query_for_health_beyond_its_own(client, db, caplog):
    caplog.set_level(logging.INFO, logger="quartier.requests")

    client.get("/healthz")

    [record] = request_records(caplog)
    assert record.db_queries == 1


# Read replicas


@pytest.fixture
def router():
    return db_router.PrimaryReplicaRouter()


def test_router_reads_from_the_replica_and_writes_to_the_primary(router):
    assert router.db_for_read(Service) == "replica"
    assert router.db_for_write(Service) == "default"
    assert router.allow_relation(Service(), Service())


def test_router_migrates_the_primary_only(router):
    assert router.allow_migrate("default", "directory")
    assert not router.allow_migrate("replica", "directory")


def test_router_keeps_reads_on_the_primary_when_asked_or_inside_a_transaction(router, monkeypatch):
    with db_router.primary():
        assert router.db_for_read(Service) == "default"
    assert router.db_for_read(Service) == "replica"

    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(Service) == "default"


@pytest.mark.parametrize(
    ("method", "cookies", "expected"),
    [
        ("get", {}, "replica"),  # a resident reading
        ("head", {}, "replica"),
        ("post", {}, "default"),  # any write
        ("get", {"sessionid": "abc"}, "default"),  # a logged-in worker sees their own edits
    ],
)
def test_writers_and_logged_in_people_read_from_the_primary(router, method, cookies, expected):
    seen = []
    middleware = db_router.PrimaryForWritersMiddleware(
        lambda request: seen.append(router.db_for_read(Service))
    )
    request = getattr(RequestFactory(), method)("/fr/services/")
    request.COOKIES.update(cookies)

    middleware(request)

    assert seen == [expected]
    assert router.db_for_read(Service) == "replica"


def settings_under(**env):
    script = (
        "from django.conf import settings; import json; print(json.dumps({"
        "'routers': settings.DATABASE_ROUTERS, 'middleware': settings.MIDDLEWARE, "
        "'databases': {k: v.get('TEST', {}) for k, v in settings.DATABASES.items()}, "
        "'session_engine': settings.SESSION_ENGINE, "
        "'cache': settings.CACHES['default']['BACKEND']}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_replica_router_and_redis_cache_come_on_with_their_urls():
    plain = settings_under(DATABASE_REPLICA_URL="", REDIS_URL="")
    scaled = settings_under(
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/quartier",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert plain["routers"] == [] and list(plain["databases"]) == ["default"]
    assert plain["session_engine"] == "django.contrib.sessions.backends.db"
    assert scaled["routers"] == ["quartier.db_router.PrimaryReplicaRouter"]
    assert "quartier.db_router.PrimaryForWritersMiddleware" in scaled["middleware"]
    assert scaled["databases"]["replica"]["MIRROR"] == "default"
    # Sessions stay in the database: logins must not fail with Redis (tests/test_faults.py).
    assert scaled["session_engine"] == "django.contrib.sessions.backends.db"
    assert scaled["cache"] == "quartier.redis_cache.RedisCache"


# The image and its start


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        lines.append(current + line)
        current = ""
    return [tuple(line.split(None, 1)) for line in lines]


def instruction(name):
    return [args for instr, args in dockerfile_instructions() if instr == name]


def test_image_is_slim_runs_as_a_user_and_collects_static_files():
    instructions = [instr for instr, _ in dockerfile_instructions()]
    [base] = instruction("FROM")
    [user] = instruction("USER")
    collect = [
        i for i, (instr, args) in enumerate(dockerfile_instructions()) if "collectstatic" in args
    ]

    assert base.startswith("python:3.") and base.endswith("-slim")
    assert user not in ("root", "0")
    assert collect and collect[0] < instructions.index("USER")
    assert "PRODUCTION=true" in instruction("ENV")[0]


def dockerfile_start_commands():
    [cmd] = instruction("CMD")
    [healthcheck] = instruction("HEALTHCHECK")
    probe = json.loads(healthcheck.split("CMD", 1)[1])
    env = dict(pair.split("=", 1) for pair in shlex.split(instruction("ENV")[0]))
    return json.loads(cmd), probe, env


def test_image_starts_gunicorn_and_probes_healthz():
    command, probe, _ = dockerfile_start_commands()

    assert command[:2] == ["gunicorn", "quartier.wsgi"]
    assert "/healthz" in " ".join(probe)


def test_compose_starts_postgresql_redis_and_the_app_with_a_healthcheck():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    app = services["app"]

    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert app["build"] == "."
    assert "/healthz" in " ".join(app["healthcheck"]["test"])
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "PRODUCTION"):
        assert name in app["environment"]
    assert app["environment"]["DATABASE_URL"].startswith("postgres://")
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url, headers):
    """Status and headers, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=5) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_image_start_commands_serve_and_pass_their_healthcheck_outside_docker(tmp_path):
    command, probe, image_env = dockerfile_start_commands()
    port = free_port()
    env = {
        **os.environ,
        **image_env,
        "STATIC_MANIFEST": "false",  # collectstatic runs in the image build, not here
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "quartier.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    }
    env.pop("DEBUG", None)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / command[0]), *command[1:]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        healthcheck = subprocess.run(
            [sys.executable, *probe[1:]], env=env, capture_output=True, text=True, timeout=10
        )
        base = f"http://127.0.0.1:{port}"
        plain = http_get(f"{base}/fr/", {"Host": "quartier.example.org"})
        proxied = http_get(
            f"{base}/healthz", {"Host": "quartier.example.org", "X-Forwarded-Proto": "https"}
        )
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)

    assert probe[0] == "python"
    assert healthcheck.returncode == 0, healthcheck.stderr + stderr
    assert plain[0] == 301
    assert plain[1]["Location"] == "https://quartier.example.org/fr/"
    assert proxied[0] == 200
    assert "preload" in proxied[1]["Strict-Transport-Security"]
    logs = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    requests = [entry for entry in logs if entry["logger"] == "quartier.requests"]
    assert [(r["path"], r["status"]) for r in requests] == [
        ("/healthz", 200),
        ("/fr/", 301),
        ("/healthz", 200),
    ]


# Backups


def test_backup_restores_into_an_empty_database(transactional_db, tmp_path):
    """The README's pg_dump and pg_restore commands, on the test database."""
    # Committed, for pg_dump's own session to see (a transactional test before this one,
    # in the same process, may have emptied the tables the session loaded).
    call_command("load_reference", verbosity=0)
    settings_dict = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump backups are for PostgreSQL; this run is on SQLite")
    server = {
        "PGHOST": settings_dict["HOST"] or "",
        "PGPORT": str(settings_dict["PORT"] or ""),
        "PGUSER": settings_dict["USER"] or "",
        "PGPASSWORD": settings_dict["PASSWORD"] or "",
    }
    env = {**os.environ, **{k: v for k, v in server.items() if v}}
    dump = tmp_path / "quartier.dump"
    restored = f"{settings_dict['NAME']}_restored"

    def run(*command):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", settings_dict["NAME"])
    run("dropdb", "--if-exists", restored)
    run("createdb", restored)
    try:
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump))
        count = f"SELECT count(*) FROM {Commune._meta.db_table}"
        communes = run("psql", "-tAc", count, restored)
    finally:
        run("dropdb", "--if-exists", restored)

    assert int(communes) == Commune.objects.count() == 19
