"""Places as residents say them: every postcode of the Region is a point inside its own
area, checked against real addresses (the AFMPS pharmacies) and the UrbIS communes."""

import json
import statistics
from collections import defaultdict

import pytest
from shapely.geometry import MultiPoint, Point, shape

from directory import geo, localities
from directory.models import Commune
from tests.factories import make_service

pytestmark = pytest.mark.django_db

SEARCH = "/fr/services/"
GRAND_PLACE = (50.8467, 4.3525)


@pytest.fixture
def pharmacies_by_postcode(shared_data):
    """{postcode: [(lat, lon)]} of the official list of pharmacies of the Region."""
    found = defaultdict(list)
    for record in json.loads((shared_data / "brussels-pharmacies-afmps.json").read_text()):
        point = next(g for g in record["geo"] if g["format"] == "epsg:4326")
        found[str(record["zipCode"])].append((point["latitude"], point["longitude"]))
    return found


@pytest.fixture
def commune_shapes(shared_data):
    features = json.loads((shared_data / "brussels-communes.geojson").read_text())["features"]
    return {f["properties"]["national_code"]: shape(f["geometry"]) for f in features}


def test_the_table_has_every_postcode_of_the_communes(reference):
    postcodes = {p: c.nis_code for c in Commune.objects.all() for p in c.postcodes}
    table = {loc.code: loc.commune for loc in localities.LOCALITIES}
    assert table == postcodes
    assert len(table) == 22


def test_every_postcode_resolves_inside_the_area_of_its_addresses(
    pharmacies_by_postcode, commune_shapes
):
    """Inside its commune, among its own pharmacies (inside their convex hull, or next to
    the only one), and near their median: where the postcode's people and shops are."""
    for locality in localities.LOCALITIES:
        point = geo.postcode_point(locality.code)
        where = Point(point.lon, point.lat)
        assert commune_shapes[locality.commune].contains(where), locality.code
        pharmacies = pharmacies_by_postcode[locality.code]
        assert pharmacies, locality.code
        nearest = min(geo.distance_m(point.lat, point.lon, *p) for p in pharmacies)
        if len(pharmacies) >= 3:
            hull = MultiPoint([(lon, lat) for lat, lon in pharmacies]).convex_hull
            assert hull.contains(where), locality.code
        else:
            assert nearest < 300, locality.code
        median = (
            statistics.median(lat for lat, _ in pharmacies),
            statistics.median(lon for _, lon in pharmacies),
        )
        assert geo.distance_m(point.lat, point.lon, *median) < 500, locality.code


def test_the_four_postcodes_of_the_city_of_brussels_are_four_places():
    points = {code: geo.postcode_point(code, "fr") for code in ("1000", "1020", "1120", "1130")}
    assert [p.label for p in points.values()] == [
        "1000 Bruxelles",
        "1020 Laeken",
        "1120 Neder-Over-Heembeek",
        "1130 Haren",
    ]
    assert geo.distance_m(points["1000"].lat, points["1000"].lon, *GRAND_PLACE) < 500
    for a in points.values():
        for b in points.values():
            assert a is b or geo.distance_m(a.lat, a.lon, b.lat, b.lon) > 2000
    assert geo.postcode_point("1020", "nl").label == "1020 Laken"
    assert geo.postcode_point("1300") is None


def test_near_1000_lists_the_centre_before_evere(client, reference):
    make_service("Colis à Evere", lat=50.8710, lon=4.4030, postcode="1140")
    make_service("Colis aux Marolles", lat=50.8390, lon=4.3460, postcode="1000")
    make_service("Colis à Laeken", lat=50.8830, lon=4.3480, postcode="1020")

    def first(near):
        response = client.get(SEARCH, {"near": near})
        assert not response.context["filter"].form.errors
        return response.context["cards"][0].service.name_fr

    assert first("1000") == "Colis aux Marolles"
    assert first("1020") == "Colis à Laeken"
    assert first("1130") == "Colis à Evere"


def test_the_api_measures_from_the_postcode_s_own_point(client, reference):
    laeken = make_service("Colis à Laeken", lat=50.8830, lon=4.3480, postcode="1020")
    make_service("Colis aux Marolles", lat=50.8390, lon=4.3460, postcode="1000")

    body = client.get("/api/v1/services", {"postcode": "1020", "proximity": "1000"}).json()
    assert [s["id"] for s in body["contents"]] == [str(laeken.id)]
    body = client.get("/api/v1/services", {"near": "1020"}).json()
    assert body["contents"][0]["id"] == str(laeken.id)
