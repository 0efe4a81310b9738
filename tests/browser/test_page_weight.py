"""Light pages for old phones and small data plans: the home and search pages weigh under
150 KB on a first visit (map tiles aside) and under 30 KB on the next, with no web font
and nothing fetched from another site."""

from fnmatch import fnmatch

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.browser.conftest import start_server

# The test database must exist; `demo_data` loads the demo once for the module.
pytestmark = pytest.mark.django_db

FIRST_VISIT_BUDGET = 150_000
REPEAT_VISIT_BUDGET = 30_000
PAGES = ["/fr/", "/fr/services/?q=colis+alimentaire&near=1080"]


@pytest.fixture(scope="module")
def production_server(demo_data, tmp_path_factory):
    """The demo served as in production: static files collected with hashed, compressed
    names (STATIC_MANIFEST=true) and served by WhiteNoise with their cache headers."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static"), STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        server = start_server(static_from_app=True)
        yield server
        server.stop()


class Wire:
    """Bytes on the wire per request, as Chromium's network panel counts them.

    Map tiles are blocked here rather than by Playwright's routing, which would turn
    the browser's cache off and so hide what a repeat visit costs.
    """

    def __init__(self, page):
        self.page = page
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self.sent)
        cdp.on("Network.loadingFinished", self.finished)
        cdp.send("Network.enable")
        cdp.send("Network.setBlockedURLs", {"urls": [tiles_pattern()]})

    def visit(self, url):
        self.urls, self.sizes, self.types = {}, {}, {}
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return sum(self.sizes.values())

    def sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]
        self.types[event["requestId"]] = event.get("type")

    def finished(self, event):
        self.sizes[event["requestId"]] = event["encodedDataLength"]

    def report(self):
        return "\n".join(f"{self.sizes.get(i, 0):>8} {url}" for i, url in self.urls.items())


def tiles_pattern():
    return settings.MAP_TILES_URL.split("{")[0] + "*"


@pytest.fixture
def browser_page(chromium):
    """A phone-sized page with the browser's cache on (see Wire)."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="fr-BE")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_is_light_on_first_and_repeat_visits(browser_page, production_server, path):
    url = production_server.url + path
    wire = Wire(browser_page)

    first = wire.visit(url)
    first_report, first_urls, first_types = wire.report(), wire.urls.values(), wire.types
    if browser_page.locator(".map-toggle").is_visible():  # a phone: the map is one tap away
        browser_page.locator(".map-toggle").click()
    markers = browser_page.locator("#map .leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() > 0 and markers.first.evaluate("img => img.naturalWidth") > 0
    repeat = wire.visit(url)

    print(f"\n{path}: first visit {first} B, repeat visit {repeat} B\n{first_report}")
    assert first < FIRST_VISIT_BUDGET, first_report
    assert repeat < REPEAT_VISIT_BUDGET, wire.report()
    requested = [u for u in first_urls if not fnmatch(u, tiles_pattern())]
    assert all(u.startswith(production_server.url) for u in requested), requested
    assert "Font" not in first_types.values()


def test_pages_and_static_files_travel_compressed_and_static_files_are_cached(
    page, production_server
):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(production_server.url + PAGES[0])
    page.wait_for_load_state("networkidle")
    assert not [r.url for r in responses if r.status >= 400]

    html = next(r for r in responses if r.url == production_server.url + PAGES[0])
    assert html.all_headers().get("content-encoding") in ("gzip", "br")
    static = [r for r in responses if "/static/" in r.url and r.url.endswith((".css", ".js"))]
    assert len(static) >= 3
    for response in static:
        headers = response.all_headers()
        assert headers.get("content-encoding") in ("gzip", "br"), response.url
        assert "immutable" in headers.get("cache-control", ""), response.url
