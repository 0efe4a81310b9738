"""Places as residents say them: every postcode of the Region is a point inside its own
area, checked against real addresses (the AFMPS pharmacies) and the UrbIS communes."""

import json
import statistics
import unicodedata
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from shapely.geometry import MultiPoint, Point, shape

from directory import geo, localities
from directory.models import Commune, Quartier
from directory.search.filters import resolve_place
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


# Place names as residents write them --------------------------------------------------

# The names of each postcode's place, written by hand (not read from the table): the 19
# communes in FR and NL, the former communes of the City of Brussels, short forms.
NAMES = {
    "1000": ["Bruxelles", "Brussel", "Bruxelles-Ville", "Brussel-Stad", "Ville de Bruxelles",
             "Stad Brussel", "City of Brussels", "Brussels"],
    "1020": ["Laeken", "Laken"],
    "1030": ["Schaerbeek", "Schaarbeek"],
    "1040": ["Etterbeek"],
    "1050": ["Ixelles", "Elsene"],
    "1060": ["Saint-Gilles", "Sint-Gillis", "St-Gilles"],
    "1070": ["Anderlecht"],
    "1080": ["Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek", "Molenbeek", "St-Jans-Molenbeek"],
    "1081": ["Koekelberg"],
    "1082": ["Berchem-Sainte-Agathe", "Sint-Agatha-Berchem", "Berchem-Ste-Agathe"],
    "1083": ["Ganshoren"],
    "1090": ["Jette"],
    "1120": ["Neder-Over-Heembeek"],
    "1130": ["Haren"],
    "1140": ["Evere"],
    "1150": ["Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe"],
    "1160": ["Auderghem", "Oudergem"],
    "1170": ["Watermael-Boitsfort", "Watermaal-Bosvoorde", "Boitsfort", "Watermael",
             "Bosvoorde"],
    "1180": ["Uccle", "Ukkel"],
    "1190": ["Forest", "Vorst"],
    "1200": ["Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe"],
    "1210": ["Saint-Josse-ten-Noode", "Sint-Joost-ten-Node", "Saint-Josse", "Sint-Joost"],
}  # fmt: skip


def without_accents(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def written_forms(name, code):
    """How people type a place: any case, accents or not, hyphens as spaces or nothing,
    and with its postcode before or after."""
    forms = {name, name.lower(), name.upper(), without_accents(name).lower()}
    forms |= {form.replace("-", " ") for form in list(forms)}
    forms |= {name.replace("-", "").replace(" ", "")}
    forms |= {f"{code} {name}", f"{name} {code}", f"{name} ({code})", f"B-{code} {name}"}
    forms |= {f"{code} {without_accents(name).lower()}", f"{code} {name}, Belgique"}
    return forms


def all_forms():
    return [(form, code) for code, names in NAMES.items() for name in names
            for form in written_forms(name, code)]  # fmt: skip


def test_hundreds_of_written_forms_of_brussels_places_are_understood(reference):
    cases = all_forms()
    wrong = []
    for form, code in cases:
        expected = geo.postcode_point(code)
        try:
            point = resolve_place(form)
        except ValidationError:
            wrong.append((form, "refused"))
            continue
        if (point.lat, point.lon) != (expected.lat, expected.lon):
            wrong.append((form, point.label))
    assert len(cases) > 500
    assert wrong == []


@pytest.mark.parametrize(
    "form, quartier",
    [
        ("Gare de l'Ouest", 15), ("gare de l ouest", 15), ("Weststation", 15),
        ("Châtelain", 42), ("chatelain", 42), ("Kastelein", 42), ("Stockel", 94),
        ("Stokkel", 94), ("Heysel", 74), ("Heizel", 74), ("Marolles", 8), ("Marollen", 8),
        ("Sablon", 7), ("Zavel", 7), ("Flagey", 37), ("Cureghem", 11), ("Kuregem", 11),
        ("Haut Saint-Gilles", 47), ("Hoog Sint-Gillis", 47), ("Forêt de Soignes", 906),
        ("foret de soignes", 906), ("Zonienwoud", 906), ("Universite", 107),
    ],
)  # fmt: skip
def test_quartiers_are_understood_by_their_names(reference, form, quartier):
    centre = Quartier.objects.get(code=quartier)
    point = resolve_place(form)
    assert (point.lat, point.lon) == (float(centre.latitude), float(centre.longitude))


ISSUE_FORMS = [
    "1000 Bruxelles", "1020 Laeken", "Laeken", "Haren", "Neder-Over-Heembeek", "1190 Forest",
    "Sint-Jans-Molenbeek", "Elsene", "neder over heembeek", "Molenbeek St Jean",
]  # fmt: skip


@pytest.mark.parametrize("form", ISSUE_FORMS)
def test_the_search_and_the_api_understand_the_issue_s_place_names(client, reference, form):
    make_service("Colis aux Marolles", lat=50.8390, lon=4.3460, postcode="1000")

    response = client.get(SEARCH, {"near": form})
    assert not response.context["filter"].form.errors
    assert response.context["filter"].place.label in response.content.decode()
    api = client.get("/api/v1/services", {"near": form})
    assert api.status_code == 200, api.content[:300]


@pytest.mark.parametrize(
    "form, message",
    [
        ("Atlantide", "Nous ne trouvons pas"),
        ("1300 Wavre", "n'est pas un code postal bruxellois"),
        ("de", "Nous ne trouvons pas"),
    ],
)
def test_places_elsewhere_are_still_refused(reference, form, message):
    with pytest.raises(ValidationError, match=message):
        resolve_place(form)


def test_a_postcode_s_label_follows_the_page_language(client, reference):
    with translation.override("nl"):
        assert resolve_place("Laeken").label == "1020 Laken"
    assert resolve_place("Laken").label == "1020 Laeken"
    assert resolve_place("Elsene").label == "1050 Ixelles"
