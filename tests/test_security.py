"""Production settings, security headers, the content security policy and login throttling."""

import json
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axes.models import AccessAttempt
from django.db import OperationalError
from django.test import Client, RequestFactory

from directory.http import client_ip
from directory.middleware import DatabaseUnavailableMiddleware
from quartier.settings import url_origin
from tests.factories import make_service

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "PRODUCTION": "true",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "quartier.example.org",
}


def run_manage(*args, **env):
    """manage.py in a fresh interpreter, with only the given settings variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "PRODUCTION"))}
    clean.pop("DEBUG", None)
    clean.pop("SECRET_KEY", None)
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def production_settings(**env):
    script = (
        "from django.conf import settings; import json; print(json.dumps({name: "
        "getattr(settings, name, None) for name in ["
        "'DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE']}))"
    )
    result = run_manage("shell", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# Production settings


def test_production_settings_pass_check_deploy_with_no_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_turns_on_https_hsts_and_secure_cookies():
    production = production_settings(**PRODUCTION_ENV)

    assert production == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_each_part_of_production_can_be_set_on_its_own():
    custom = production_settings(
        **PRODUCTION_ENV,
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_PRELOAD="false",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_PROXY_SSL_HEADER="false",
    )

    assert custom["SECURE_HSTS_SECONDS"] == 3600
    assert custom["SECURE_HSTS_PRELOAD"] is False
    assert custom["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert custom["SECURE_PROXY_SSL_HEADER"] is None
    assert custom["SECURE_SSL_REDIRECT"] is True


def test_development_defaults_stay_on_plain_http_without_debug_pages():
    development = production_settings()

    assert development["DEBUG"] is False
    assert development["SECURE_SSL_REDIRECT"] is False
    assert development["SESSION_COOKIE_SECURE"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", PRODUCTION="true")

    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_make_run_starts_in_debug_without_a_secret_key():
    assert run_manage("check", DEBUG="true").returncode == 0


def test_behind_the_proxy_plain_http_is_redirected_and_https_gets_hsts(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    plain = client.get("/fr/")
    secure = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/fr/"
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert client.get("/healthz").status_code == 200  # probes from inside, over http


# Headers and content security policy


class PageParts(HTMLParser):
    """The scripts and inline styles of a page, as a browser applying CSP would see them."""

    def __init__(self):
        super().__init__()
        self.scripts, self.style_attributes, self.style_elements = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "style":
            self.style_elements += 1
        if "style" in attrs:
            self.style_attributes.append((tag, attrs["style"]))


def parse(response):
    parts = PageParts()
    parts.feed(response.content.decode())
    return parts


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.fixture
def pages(client, reference):
    service = make_service(lat=50.8549, lon=4.3260, postcode="1080")
    return {
        "home": client.get("/fr/"),
        "search": client.get("/fr/services/?q=colis&near=1080"),
        "service": client.get(service.get_absolute_url()),
        "commune": client.get("/nl/communes/molenbeek-saint-jean/"),
        "not found": client.get("/fr/services/nothing-here/"),
    }


def test_public_pages_send_a_strict_policy_without_unsafe_inline(pages, settings):
    for name, response in pages.items():
        policy = directives(response)

        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], name
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"][0] == "'self'"
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


def test_scripts_are_files_or_json_data_and_carry_the_nonce_of_the_policy(pages):
    search = pages["search"]
    nonce = re.search(r"'nonce-([^']+)'", search["Content-Security-Policy"]).group(1)

    assert [s for s in parse(search).scripts if s.get("nonce")]
    for name, response in pages.items():
        for script in parse(response).scripts:
            assert script.get("src") or script.get("type") == "application/json", (name, script)
            if script.get("src") and response is search:
                assert script.get("nonce") == nonce


def test_every_response_gets_a_new_nonce(client, reference):
    first = client.get("/fr/services/?q=colis")["Content-Security-Policy"]
    second = client.get("/fr/services/?q=colis")["Content-Security-Policy"]

    assert "'nonce-" in first
    assert first != second


def test_pages_have_no_inline_styles(pages):
    for name, response in pages.items():
        parts = parse(response)
        assert parts.style_attributes == [] and parts.style_elements == 0, name


def test_map_tiles_origin_comes_from_the_tiles_setting():
    assert url_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert url_origin("https://{s}.tiles.example.be/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.be"
    )


def test_public_pages_send_referrer_permissions_and_framing_headers(pages):
    for response in pages.values():
        permissions = response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "geolocation=(self)" in permissions
        assert "camera=()" in permissions and "microphone=()" in permissions
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_admin_change_page_works_under_the_policy(admin_client, reference):
    service = make_service()

    response = admin_client.get(f"/admin/directory/location/{service.locations.get().pk}/change/")

    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    parts = parse(response)
    assert parts.scripts
    for script in parts.scripts:
        assert script.get("src") or script.get("type") == "application/json", script
    assert parts.style_attributes == [] and parts.style_elements == 0


def test_admin_history_page_works_under_the_policy(admin_client, reference):
    service = make_service()
    service.name_fr = "Colis du quartier, nouveau nom"
    service.save()

    response = admin_client.get(f"/admin/directory/service/{service.pk}/history/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="change-history"' in html and 'class="paginator"' in html
    assert "/static/css/admin.css" in html  # where the history table's style went
    parts = parse(response)
    assert parts.style_attributes == [] and parts.style_elements == 0


def test_admin_login_form_requires_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "admin", "password": "x"})

    assert response.status_code == 403


# Login throttling


LOGIN_URL = "/admin/login/?next=/admin/"


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create_superuser("coordinatrice", "c@example.org", "right")


def log_in(client, password, address="192.0.2.10", username="coordinatrice"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_admin_login(client, coordinator):
    for _ in range(4):
        assert log_in(client, "wrong").status_code == 200

    fifth = log_in(client, "wrong")
    with_the_right_password = log_in(client, "right")

    assert fifth.status_code == 429
    assert with_the_right_password.status_code == 429
    assert client.get("/admin/").status_code == 302  # still not logged in
    assert AccessAttempt.objects.get().failures_since_start == 6


def test_lockout_holds_one_username_from_one_address(client, coordinator):
    for _ in range(5):
        log_in(client, "wrong")

    assert log_in(client, "right", address="198.51.100.7").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, coordinator):
    for _ in range(5):
        log_in(client, "wrong")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert log_in(client, "right").status_code == 302


def test_a_successful_login_forgives_earlier_mistakes(client, coordinator):
    for _ in range(4):
        log_in(client, "wrong")
    assert log_in(client, "right").status_code == 302
    client.post("/admin/logout/")

    for _ in range(4):
        log_in(client, "wrong")

    assert log_in(client, "right").status_code == 302


def test_password_spraying_from_one_address_locks_that_address_out(client, coordinator, settings):
    # One address, one wrong password for each of many usernames: no pair reaches its limit.
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        assert log_in(client, "Bruxelles2026", username=f"agent{number}").status_code == 200

    assert log_in(client, "Bruxelles2026", username="agent-last").status_code == 429
    assert log_in(client, "right").status_code == 429  # a real account, from that address
    assert log_in(client, "right", address="198.51.100.7").status_code == 302  # from elsewhere


def test_an_attack_on_one_username_from_many_addresses_locks_that_username_out(
    client, coordinator, settings, django_user_model
):
    django_user_model.objects.create_user("collegue", password="hers", is_staff=True)
    for number in range(settings.AXES_USERNAME_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong", address=f"203.0.113.{number}").status_code == 200

    assert log_in(client, "wrong", address="203.0.113.200").status_code == 429
    assert log_in(client, "right", address="198.51.100.7").status_code == 429
    # The addresses themselves are not locked: a colleague logs in from one of them.
    assert log_in(client, "hers", address="203.0.113.0", username="collegue").status_code == 302


def test_an_office_behind_one_address_logs_in_while_one_colleague_is_locked_out(
    client, coordinator, django_user_model
):
    django_user_model.objects.create_user("collegue", password="hers", is_staff=True)
    for _ in range(5):
        log_in(client, "wrong", username="collegue")
    assert log_in(client, "hers", username="collegue").status_code == 429

    assert log_in(client, "right").status_code == 302


def test_a_successful_login_does_not_forgive_the_failures_of_other_usernames(
    client, coordinator, settings
):
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        log_in(client, "Bruxelles2026", username=f"agent{number}")
    assert log_in(client, "right").status_code == 302  # the sprayer's own account
    client.post("/admin/logout/")

    assert log_in(client, "Bruxelles2026", username="agent-last").status_code == 429


@pytest.mark.parametrize(
    ("url", "accept_language", "language", "title", "how_long"),
    [
        (LOGIN_URL, "fr", "fr", "Connexion bloquée pour un moment", "pendant 15 minutes"),
        (LOGIN_URL, "en", "en", "Sign-in blocked for a while", "for 15 minutes"),
        ("/nl/staff/login/", "fr", "nl", "Aanmelden even geblokkeerd", "15 minuten"),
    ],
)
def test_a_locked_out_coordinator_is_told_why_and_for_how_long_in_their_language(
    client, coordinator, url, accept_language, language, title, how_long
):
    for _ in range(5):
        response = client.post(
            url,
            {"username": "coordinatrice", "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_ACCEPT_LANGUAGE=accept_language,
        )

    html = response.content.decode()
    assert response.status_code == 429
    assert f'<html lang="{language}">' in html
    assert title in html and how_long in html
    assert "Account locked" not in html  # django-axes' own text, in English


def test_throttling_reads_the_visitor_address_behind_the_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )

    settings.PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"
    settings.PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"


# Links and redirects stay on this site


class Links(HTMLParser):
    """Every address a page links to or sends a form to."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("href", "action") and value]


def off_site(url):
    """Whether a browser reading `url` on our page would go to another host."""
    browser = url.strip().replace("\\", "/")  # browsers read a backslash as a slash
    return bool(urlsplit(browser).netloc) or browser.startswith("//")


def links(response):
    parser = Links()
    parser.feed(response.content.decode())
    return parser.urls


# As a server passes them on (gunicorn decodes %2F): the test client would read a leading
# "//" as a host, so the path goes in PATH_INFO as it is.
HOSTILE_PATHS = [
    "//evil.example/fr/",
    "//evil.example/fr",
    "//evil.example/",
    "//evil.example/fr/services/",
    "/\\evil.example",
    "/\\evil.example/fr/",
    "///evil.example",
    "///evil.example/",
    "/%2F%2Fevil.example",
    "/%2F%2Fevil.example/fr/",
    "/%5Cevil.example",
    "/fr//evil.example",
    "/fr//evil.example/",
    "/fr/services//evil.example",
    "/api/v1//evil.example",
    "/admin//evil.example",
    "/",
    "/services",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_no_page_for_an_odd_path_links_or_redirects_off_site(client, reference, path):
    response = client.get("/", PATH_INFO=unquote(path), HTTP_ACCEPT_LANGUAGE="nl")

    assert not off_site(response.get("Location", "")), response["Location"]
    assert [url for url in links(response) if off_site(url)] == []


def test_the_404_page_of_an_odd_path_switches_language_to_the_home_pages(client, reference):
    response = client.get("/", PATH_INFO="//evil.example/fr/")

    assert response.status_code == 404
    assert {"/nl/", "/en/"} <= set(links(response))


def test_the_database_unavailable_page_links_back_on_site(rf):
    request = rf.get("/", PATH_INFO="//evil.example/fr/")

    response = DatabaseUnavailableMiddleware(None).process_exception(request, OperationalError())

    assert response.status_code == 503
    assert links(response) and not [url for url in links(response) if off_site(url)]


# Settings are read strictly: a typo stops the start instead of meaning "off"


@pytest.mark.parametrize(
    "variable, value",
    [
        ("PRODUCTION", "ture"),
        ("DEBUG", "flase"),
        ("SECURE_COOKIES", "maybe"),
        ("PAGE_CACHE_SECONDS", "30s"),
        ("AXES_FAILURE_LIMIT", "-1"),
        ("AXES_USERNAME_FAILURE_LIMIT", "0"),
        ("REDIS_TIMEOUT", "fast"),
        ("EMAIL_PORT", "smtp"),
        ("EMAIL_USE_TLS", "starttls"),
        ("INVITATION_VALID_DAYS", "0"),
    ],
)
def test_a_setting_with_a_typo_stops_the_start_and_names_the_variable(variable, value):
    env = {"SECRET_KEY": "x" * 50, "REDIS_URL": "redis://127.0.0.1:6379/15", variable: value}
    result = run_manage("check", **env)

    assert result.returncode != 0
    assert f"{variable}={value!r}" in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "env, problem",
    [
        ({"PRODUCTION": "true", "DEBUG": "true"}, "quartier.E001"),
        (
            {
                "DATABASE_REPLICA_URL": "postgres://replica/quartier",
                "DATABASE_URL": "sqlite://:memory:",
            },
            "quartier.E002",
        ),
        ({"HELPLINE_NUMBER": "call us"}, "quartier.E003"),
        ({"PAGE_CACHE_SECONDS": "30"}, "quartier.W001"),
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "quartier.E004"),
    ],
)
def test_settings_that_cannot_work_together_are_reported_by_check(env, problem):
    env = {"SECRET_KEY": "x" * 50, **env}
    env.setdefault("DATABASE_URL", "sqlite://:memory:")
    result = run_manage("check", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    assert problem in result.stderr + result.stdout


def mail_settings(**env):
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL"]
    script = (
        "from django.conf import settings; import json; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = run_manage("shell", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_mail_is_printed_in_development_and_sent_over_smtp_when_configured():
    development = mail_settings(DEBUG="true")
    configured = mail_settings(
        DEBUG="true",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="Quartier <quartier@example.org>",
    )

    assert development["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert configured == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "Quartier <quartier@example.org>",
    }
    assert mail_settings(SECRET_KEY="x" * 50)["EMAIL_BACKEND"].endswith("smtp.EmailBackend")


def test_yes_and_no_are_read_in_the_usual_spellings():
    assert production_settings(PRODUCTION="yes", SECRET_KEY="x" * 50)["SECURE_HSTS_PRELOAD"] is True
    assert production_settings(PRODUCTION="Off")["SECURE_HSTS_PRELOAD"] is False
