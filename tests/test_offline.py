"""Offline mode for outreach tablets: the manifest, the service worker and the list of what
"keep this quartier offline" saves (the browser test drives the whole of it)."""

import json
import struct
from datetime import date, time
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Quartier, ScheduleException, TemporaryStatus
from tests.factories import make_service
from tests.staff_factories import make_worker

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


def test_keeping_a_quartier_saves_home_its_pages_its_commune_its_services_and_our_offline_page(
    client, reference, settings
):
    settings.SEARCH_PAGE_SIZE = 2
    services = [make_service(f"Service {n}", lat=50.8549, lon=4.3260) for n in range(3)]
    unpublished = make_service("Brouillon", lat=50.8549, lon=4.3260, is_active=False)
    make_service("Ailleurs", lat=50.7990, lon=4.3370, postcode="1180")
    quartier = services[0].locations.get().quartier
    assert Quartier.objects.filter(pk=quartier.pk, locations__service=unpublished).exists()

    saved = client.get(f"/fr/quartiers/{quartier.slug}/offline.json").json()

    assert saved["pages"] == [
        "/fr/",
        "/fr/hors-ligne/",
        f"/fr/quartiers/{quartier.slug}/",
        f"/fr/quartiers/{quartier.slug}/?page=2",
        quartier.commune.get_absolute_url(),
        *[service.get_absolute_url() for service in services],
    ]
    assert [s["name"] for s in saved["services"]] == ["Service 0", "Service 1", "Service 2"]
    assert "/static/css/quartier.css" in saved["assets"]
    assert "/static/js/offline-app.js" in saved["assets"]
    for asset in saved["assets"]:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert client.get("/fr/quartiers/nowhere/offline.json").status_code == 404
    # Each language the worker ticks is a pack of its own, its pages in that language.
    dutch = client.get(f"/nl/quartiers/{quartier.slug}/offline.json").json()
    assert (saved["lang"], dutch["lang"]) == ("fr", "nl")
    assert dutch["pages"][:2] == ["/nl/", "/nl/hors-ligne/"]


def test_the_pack_carries_hours_as_data_so_the_tablet_says_if_a_service_is_open(client, reference):
    service = make_service(hours=((time(9), time(12)), (time(22), time(2))), weekdays=[0])
    quartier = service.locations.get().quartier
    location = service.locations.get()
    ScheduleException.objects.create(
        location=location, start_date=date(2026, 12, 24), end_date=date(2026, 12, 26)
    )
    TemporaryStatus.objects.create(service=service, kind="closed", starts_on=date(2027, 1, 4))

    entry = client.get(f"/fr/quartiers/{quartier.slug}/offline.json").json()["services"][0]

    assert entry["hours"] == {
        "places": [
            {
                "slots": [[0, "09:00", "12:00"], [0, "22:00", "02:00"]],
                "exceptions": [["2026-12-24", "2026-12-26", None, None]],
            }
        ],
        "shut": [["2027-01-04", None]],
    }
    assert "Alimentation" in entry["text"] or "alimentaire" in entry["text"]


def test_a_quartier_without_a_category_keeps_the_nearest_services_of_the_region_for_it(
    client, reference
):
    here = make_service("Colis ici", lat=50.8549, lon=4.3260)
    quartier = here.locations.get().quartier
    far = make_service("Abri loin", ["sans-abri"], lat=50.80, lon=4.40, postcode="1160")
    near = make_service("Abri proche", ["sans-abri"], lat=50.835, lon=4.30, postcode="1070")

    saved = client.get(f"/fr/quartiers/{quartier.slug}/offline.json").json()

    shelter = next(m for m in saved["missing"] if m["category"] == "Sans-abrisme")
    assert shelter["services"][:2] == [near.get_absolute_url(), far.get_absolute_url()]
    assert near.get_absolute_url() in saved["pages"]
    assert {s["url"] for s in saved["services"]} >= {
        here.get_absolute_url(),
        near.get_absolute_url(),
    }
    assert all(m["category"] != "Aide alimentaire" for m in saved["missing"])


def test_a_confidential_address_looks_the_same_in_the_pack_whatever_the_secret(client, reference):
    """Twin refuges differing only in their hidden street and point: the same pack."""

    def pack(street, lat, lon):
        refuge = make_service("Refuge", ["violences"], lat=lat, lon=lon, postcode="1160")
        refuge.locations.update(address_hidden=True, street_fr=street, street_nl=street)
        found = client.get(f"/fr/quartiers/{quartier.slug}/offline.json").json()
        refuge.delete()
        found.pop("generated")
        return found

    quartier = make_service("Colis ici", lat=50.8549, lon=4.3260).locations.get().quartier
    # In Auderghem, the nearest refuge for a quartier of Molenbeek that has none.
    first = pack("Rue Secrète 1", 50.8150, 4.4300)
    second = pack("Autre Rue 99", 50.8100, 4.4450)

    assert first == second
    refuge = next(s for s in first["services"] if s["name"] == "Refuge")
    assert refuge["where"] == "Auderghem"
    assert "Secrète" not in json.dumps(first) and "Autre Rue" not in json.dumps(second)


def test_our_offline_page_offers_a_search_and_the_need_tally(client, reference):
    html = client.get("/fr/hors-ligne/").content.decode()

    assert "<h1>Hors ligne</h1>" in html
    assert 'class="offline-search" role="search"' in html
    assert '<option value="sans-abri">Sans-abrisme</option>' in html
    assert 'data-send="/fr/staff/besoins/"' in html


def test_only_a_logged_in_worker_is_offered_to_keep_colleagues_and_never_by_default(
    client, reference
):
    quartier = make_service().locations.get().quartier

    assert 'name="keep-staff"' not in client.get(quartier.get_absolute_url()).content.decode()
    client.force_login(make_worker().user)
    html = client.get(quartier.get_absolute_url()).content.decode()
    box = html[
        html.index('name="keep-staff"') : html.index("</label>", html.index('name="keep-staff"'))
    ]
    assert "checked" not in box
    assert f"/fr/staff/quartiers/{quartier.slug}/" in box


def test_a_pack_costs_the_same_queries_for_few_or_many_services(client, reference):
    quartier = make_service("Colis 0", lat=50.8549, lon=4.3260).locations.get().quartier
    url = f"/fr/quartiers/{quartier.slug}/offline.json"
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    for n in range(1, 8):
        make_service(f"Colis {n}", lat=50.8549, lon=4.3260)
        make_service(f"Abri {n}", ["sans-abri"], lat=50.80, lon=4.40 + n / 1000, postcode="1160")
    with CaptureQueriesContext(connection) as many:
        saved = client.get(url).json()

    assert len(saved["services"]) == 8 + 3  # its own, and the 3 nearest shelters
    assert len(many) == len(few)
