"""Offline mode for outreach tablets: the manifest, the service worker and the list of what
"keep this quartier offline" saves (the browser test drives the whole of it)."""

import json
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from directory.models import Quartier
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_so_it_covers_every_language(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert 'addEventListener("fetch"' in response.content.decode()
    # Registering it is allowed by the pages' CSP: scripts from our own origin.
    csp = client.get("/fr/staff/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "worker-src" not in csp or "worker-src 'self'" in csp


def test_the_manifest_makes_quartier_installable_with_its_icon(client):
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.content)

    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["short_name"] == "Quartier" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon


def test_every_page_links_the_manifest_and_the_quartier_page_offers_to_keep_it(client, reference):
    service = make_service()
    quartier = service.locations.get().quartier

    assert (
        '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/fr/").content.decode()
    )
    html = client.get(quartier.get_absolute_url()).content.decode()
    # Hidden until offline.js finds a browser that can keep pages.
    assert 'class="keep-offline button-secondary" hidden' in html
    assert f'data-list="/fr/quartiers/{quartier.slug}/offline.json"' in html
    assert "keep-offline" not in client.get(quartier.commune.get_absolute_url()).content.decode()


def test_the_manifest_has_the_png_icons_chromium_asks_to_install(client):
    manifest = client.get("/manifest.webmanifest").json()

    pngs = {icon["sizes"]: icon["src"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert set(pngs) == {"192x192", "512x512"}
    for sizes, src in pngs.items():
        header = Path(finders.find(src.removeprefix("/static/"))).read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", header[16:24])
        assert f"{width}x{height}" == sizes


def test_keeping_a_quartier_saves_all_its_pages_and_services_and_the_sites_files(
    client, reference, settings
):
    settings.SEARCH_PAGE_SIZE = 2
    services = [make_service(f"Service {n}", lat=50.8549, lon=4.3260) for n in range(3)]
    hidden = make_service("Refuge", lat=50.8549, lon=4.3260)
    hidden.locations.update(address_hidden=True)
    unpublished = make_service("Brouillon", lat=50.8549, lon=4.3260, is_active=False)
    make_service("Ailleurs", lat=50.7990, lon=4.3370, postcode="1180")
    quartier = services[0].locations.get().quartier
    assert Quartier.objects.filter(pk=quartier.pk, locations__service=unpublished).exists()

    saved = client.get(f"/fr/quartiers/{quartier.slug}/offline.json").json()

    assert saved["pages"] == [
        f"/fr/quartiers/{quartier.slug}/",
        f"/fr/quartiers/{quartier.slug}/?page=2",
        *[service.get_absolute_url() for service in services],
    ]
    assert "/static/css/quartier.css" in saved["assets"]
    assert "/static/js/offline.js" in saved["assets"]
    for asset in saved["assets"]:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert client.get("/fr/quartiers/nowhere/offline.json").status_code == 404
