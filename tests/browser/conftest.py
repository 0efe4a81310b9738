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
