"""Playwright against Debian's Chromium; skipped (with the reason) only outside CI."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def busiest_quartier():
    """The demo quartier with the most places: the fullest pages, the longest poster."""
    from django.db.models import Count

    from directory.models import Quartier

    return Quartier.objects.annotate(n=Count("locations")).order_by("-n").first()


def a_service_with_a_phone_in(quartier):
    """A published service of `quartier` that has a phone, with its organisation."""
    from directory.models import Service

    return (
        Service.objects.public()
        .filter(locations__quartier=quartier, phones__isnull=False)
        .select_related("organisation")
        .first()
    )


# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; browser tests never skip under CI=true")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _no_tiles(route):
    route.abort()


@pytest.fixture
def page(chromium):
    """A phone-sized page; map tiles are blocked (no network here, and not under test)."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="fr-BE")
    context.route("**/tile.openstreetmap.org/**", _no_tiles)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db, live_server):
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)
    return live_server


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo loaded once for a whole test module, its database open to the module.

    `demo_site` reloads the demo for every test (about 7 s each, as `live_server` empties
    the tables after each test). Tests on these data only read (or add what they need in
    module fixtures); the tables are emptied when the module ends, as after any
    transactional test.
    """
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        call_command("load_demo", verbosity=0)
        try:
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


def start_server(static_from_app=False):
    """A live server of our own (`live_server` would empty the tables after each test).

    With `static_from_app`, static files are left to the app's WhiteNoise, as in
    production, instead of Django's test handler (uncompressed, no cache headers).
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    if static_from_app:
        server.thread.static_handler = lambda app: app
    server.start()
    return server


@pytest.fixture(scope="module")
def demo_server(demo_data):
    """The demo, served for a whole module."""
    server = start_server()
    yield server
    server.stop()
