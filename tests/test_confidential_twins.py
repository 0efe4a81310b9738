"""Non-interference: nothing public depends on where a refuge really is.

Twin worlds differ only in the secret. In world A three confidential places (refuges,
`address_hidden`) are in Haren (1130); in world B the same rows, moved through the
model's save path, are in the Marolles (1000): 7 km away, with another street, postcode,
name and quartier, in the same commune (the City of Brussels). One refuge shares its
service with a public office, as in the attacker's finding. Every answer of the public
pages, the API, the posters, the offline lists, the HSDS export and the staff network and
coverage pages is collected in each world and must be byte for byte the same, once CSP
nonces, CSRF tokens and the poster's printing date are set aside.

One world at a time, in one database, is the sound comparison: ids, slugs, creation
order and (with the clock stopped) timestamps stay the same, so only the secret differs.
Two services side by side would differ in ids and names and meet in every ordering.
The control tests show the harness sees a leak: with the old rule (the card picks the
place by its real point), the twins differ and the attack finds the refuge.
"""

import dataclasses
import difflib
import math
import re
import uuid
from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from directory import derived, places
from directory.geo import Point
from directory.hsds import export as hsds_export
from directory.hsds import values
from directory.models import (
    Category,
    Commune,
    Location,
    Organisation,
    Phone,
    PresenceSlot,
    Quartier,
    Schedule,
    ScheduleException,
    SearchCount,
    Service,
)
from directory.search.engine import search
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_coordinator

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 10, 30, tzinfo=ZoneInfo("Europe/Brussels"))  # a Wednesday
LANGUAGES = ("fr", "nl", "en")
# Where the refuges really are in each world: the two ends of one commune.
SECRETS = {
    "A": {
        "lat": 50.8921,
        "lon": 4.4180,
        "postcode": "1130",
        "streets": ("Rue de Haren 12", "Harenstraat 12"),
        "name": "Maison Iris",
        "quartier": "haren",
    },
    "B": {
        "lat": 50.8372,
        "lon": 4.3480,
        "postcode": "1000",
        "streets": ("Rue Haute 200", "Hoogstraat 200"),
        "name": "Maison Lys",
        "quartier": "marolles",
    },
}
# What an attacker may type: a refuge's name or street.
SECRET_WORDS = ("Maison Iris", "Maison Lys", "Rue de Haren", "Rue Haute")
OFFICE = (50.8540, 4.3700)  # Saint-Josse-ten-Noode, public
# Ids fix which place comes first (Service.latitude comes from the first): the refuge
# for "Refuge Iris", the office for "Refuge Lys".
IRIS_REFUGE, IRIS_OFFICE = uuid.UUID(int=1), uuid.UUID(int=2**100)
LYS_OFFICE, LYS_REFUGE = uuid.UUID(int=2), uuid.UUID(int=2**100 + 1)
ALONE_REFUGE = uuid.UUID(int=3)
REFUGES = {IRIS_REFUGE: 0, LYS_REFUGE: 1, ALONE_REFUGE: 2}  # id: offset from the secret
# Everything a search count holds but its row id.
SEARCH_COUNT_COLUMNS = [f.attname for f in SearchCount._meta.concrete_fields if f.name != "id"]
# The quartiers where something happens: the refuges' quartiers in either world, their
# neighbours, and the offices'.
QUARTIERS = ["haren", "heembeek", "industrie-otan", "marolles", "sablon", "stalingrad"]


def secret_columns(world, offset):
    secret = SECRETS[world]
    return {
        "name": f"{secret['name']} {offset}",
        "street_fr": secret["streets"][0],
        "street_nl": secret["streets"][1],
        "postcode": secret["postcode"],
        "latitude": Decimal(f"{secret['lat'] + offset * 0.0011:.6f}"),
        "longitude": Decimal(f"{secret['lon'] - offset * 0.0013:.6f}"),
    }


def add_place(service, id, hidden=False, **columns):
    location = Location.objects.create(
        id=id, service=service, address_hidden=hidden, wheelchair_accessible=hidden, **columns
    )
    Schedule.objects.bulk_create(
        Schedule(location=location, weekday=day, opens_at=time(9), closes_at=time(17))
        for day in range(5)
    )
    ScheduleException.objects.create(
        location=location,
        start_date=NOW.date().replace(day=10),
        end_date=NOW.date().replace(day=12),
        reason_fr="Travaux",
    )
    return location


def add_refuge_service(name, organisation, refuge, office=None):
    service = Service.objects.create(
        name_fr=name,
        name_nl=name,
        description_fr="Hébergement confidentiel pour femmes et enfants.",
        description_nl="Vertrouwelijk onthaal voor vrouwen en kinderen.",
        organisation=organisation,
        walk_in=office is not None,
    )
    service.categories.set(Category.objects.filter(slug__in=["violences", "logement"]))
    Phone.objects.create(service=service, number="02 500 00 00")
    add_place(service, refuge, hidden=True, **secret_columns("A", REFUGES[refuge]))
    if office:
        add_place(
            service,
            office,
            name="Bureau d'accueil",
            street_fr="Rue de l'Accueil 5",
            street_nl="Onthaalstraat 5",
            postcode="1210",
            latitude=Decimal(f"{OFFICE[0]:.6f}"),
            longitude=Decimal(f"{OFFICE[1] + (0.004 if office == LYS_OFFICE else 0):.6f}"),
        )
    return service


@pytest.fixture
def frozen_clock(monkeypatch, settings):
    """The same moment in both worlds ("open now", `modified`), and no page cache."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    settings.PAGE_CACHE_SECONDS = 0
    settings.SEARCH_PAGE_SIZE = 4  # pages of four: orders show across pages


@pytest.fixture
def world(reference, frozen_clock):
    """World A: three refuges in Haren, and ordinary services around them and elsewhere."""
    organisation = make_organisation("Asbl Refuges")
    add_refuge_service("Refuge Iris", organisation, IRIS_REFUGE, IRIS_OFFICE)
    add_refuge_service("Refuge Lys", organisation, LYS_REFUGE, LYS_OFFICE)
    add_refuge_service("Abri confidentiel", make_organisation("Asbl Abri"), ALONE_REFUGE)
    ordinary = [
        ("Colis de Haren", ["alimentation"], 50.8935, 4.4201, "1130", {}),
        ("Avocat des Marolles", ["aide-juridique", "violences"], 50.8368, 4.3475, "1000", {}),
        ("Maison médicale du Nord", ["sante"], 50.8642, 4.3593, "1000", {}),
        ("Épicerie sociale de Laeken", ["alimentation"], 50.8767, 4.3527, "1020", {}),
        ("Écoute violences", ["violences"], 50.7899, 4.3614, "1180", {"area_served": "region"}),
        ("CPAS d'Ixelles", ["aide-sociale"], 50.8223, 4.3771, "1050", {"area_served": "commune"}),
        ("Logement Anderlecht", ["logement"], 50.8290, 4.2929, "1070", {}),
        ("Santé mentale Schaerbeek", ["sante-mentale"], 50.8618, 4.3861, "1030", {}),
        ("Aide juridique de Neder", ["aide-juridique"], 50.8958, 4.3850, "1120", {}),
    ]
    for name, categories, lat, lon, postcode, fields in ordinary:
        make_service(
            name,
            categories=categories,
            lat=lat,
            lon=lon,
            postcode=postcode,
            organisation=make_organisation(f"Asbl {name}"),
            phones=["02 600 00 00"],
            **fields,
        )
    # Permanences of an ordinary service held at a refuge and at a refuge's public office,
    # and one in the Marolles: the service's page and the staff quartier pages show them.
    for service, where in (
        ("CPAS d'Ixelles", ALONE_REFUGE),
        ("CPAS d'Ixelles", IRIS_OFFICE),
        ("Avocat des Marolles", None),
    ):
        service = Service.objects.get(name_fr=service)
        PresenceSlot.objects.create(
            organisation=service.organisation,
            service=service,
            location_id=where or service.locations.get().pk,
            role="assistante sociale",
            weekday=2,
            starts_at=time(14),
            ends_at=time(16),
        )
    staff = Client()
    staff.force_login(make_coordinator("twins", communes=["bruxelles"]))
    return staff


def move_refuges(world):
    """The secret changes through the model's save path (commune, quartier, sort point)."""
    for location in Location.objects.filter(address_hidden=True):
        for column, value in secret_columns(world, REFUGES[location.id]).items():
            setattr(location, column, value)
        location.save()


def grid(rows=4, columns=4):
    """Points over the Region, and the points an attacker would try first."""
    points = [
        (50.78 + row * (50.91 - 50.78) / (rows - 1), 4.26 + column * (4.46 - 4.26) / (columns - 1))
        for row in range(rows)
        for column in range(columns)
    ]
    secrets = [(s["lat"], s["lon"]) for s in SECRETS.values()]
    bruxelles = Commune.objects.get(slug="bruxelles")
    return points + secrets + [OFFICE, (float(bruxelles.latitude), float(bruxelles.longitude))]


def near(point):
    return f"{point[0]:.6f},{point[1]:.6f}"


def search_requests(languages=LANGUAGES):
    """Searches near points of the grid, with and without words, in every language (the
    whole grid in French, the points near the secrets in Dutch and English)."""
    for lang in languages:
        points = grid() if lang == "fr" else grid()[-4:]
        for point in points:
            for q in ("", "refuge"):
                yield f"/{lang}/services/?near={near(point)}&q={q}"
            yield f"/{lang}/services/?near={near(point)}&page=2"


def page_requests():
    """The residents' pages: all in French; in Dutch and English those of the refuges'
    services and organisations and of the quartiers where something happens."""
    services = Service.objects.order_by("name_fr")
    refuges = services.filter(locations__address_hidden=True).distinct()
    quartiers = Quartier.objects.filter(commune__slug="bruxelles").order_by("slug")
    for lang in LANGUAGES:
        every = lang == "fr"
        yield f"/{lang}/"
        for q in ("refuge", "refgue", *SECRET_WORDS):
            yield f"/{lang}/services/?q={q}"
        for params in (
            "commune=bruxelles",
            "commune=bruxelles&page=2",
            "quartier=haren",
            "quartier=marolles",
            "category=violences&near=1000",
            "near=1130",
            "near=Haren&q=refuge",
            "near=Marolles",
            "accessible=on&near=1000",
            "open_now=on&near=50.8372,4.3480",
        ):
            yield f"/{lang}/services/?{params}"
        shown = list((services if every else refuges).select_related("organisation"))
        for service in shown:
            yield f"/{lang}/services/{service.slug}/"
            yield f"/{lang}/services/{service.slug}/aujourdhui/"
            yield f"/{lang}/services/{service.slug}/autocollant/"
        for slug in sorted({service.organisation.slug for service in shown}):
            yield f"/{lang}/organisations/{slug}/"
        for commune in ("bruxelles", "saint-josse-ten-noode", "schaerbeek"):
            yield f"/{lang}/communes/{commune}/"
        yield f"/{lang}/communes/bruxelles/?page=2"
        for quartier in quartiers:
            if every or quartier.slug in QUARTIERS:
                yield f"/{lang}/quartiers/{quartier.slug}/"
                yield f"/{lang}/quartiers/{quartier.slug}/print/"
                yield f"/{lang}/quartiers/{quartier.slug}/offline.json"
    for quartier in QUARTIERS:
        yield f"/fr/quartiers/{quartier}/print/?bilingual=1"
        yield f"/nl/quartiers/{quartier}/print/?also=en"


def api_requests():
    services = Service.objects.order_by("name_fr").values_list("pk", flat=True)
    organisations = Organisation.objects.order_by("name_fr").values_list("pk", flat=True)
    locations = Location.objects.order_by("pk").values_list("pk", flat=True)
    for lang in LANGUAGES:
        for path in (
            "/services",
            "/services?full=true",
            "/services?search=refuge",
            "/services?commune=bruxelles&full=true",
            "/services?quartier=haren",
            "/services?quartier=marolles",
            "/services?postcode=1000",
            "/services?postcode=1020",
            "/services?postcode=1120",
            "/services?postcode=1130",
            "/services?postcode=1210",
            "/services?postcode=1130&proximity=3000",
            "/services?near=Haren&proximity=2000",
            "/service_at_locations",
            "/service_at_locations?full=true",
            "/service_at_locations?quartier=haren",
            "/organizations",
            "/organizations?full=true",
            "/organizations?full_service=true&search=refuge",
            "/locations",
        ):
            yield f"/api/v1{path}{'&' if '?' in path else '?'}lang={lang}"
        for pk in services:
            yield f"/api/v1/services/{pk}?lang={lang}"
        for pk in organisations:
            yield f"/api/v1/organizations/{pk}?lang={lang}"
        for pk in locations:
            yield f"/api/v1/locations/{pk}?lang={lang}"
            yield f"/api/v1/service_at_locations/{values.service_at_location_id(pk)}?lang={lang}"
    for point in grid():
        yield f"/api/v1/services?near={near(point)}&per_page=5"
        for metres in (2000, 6000):
            yield f"/api/v1/services?near={near(point)}&proximity={metres}"
            yield f"/api/v1/service_at_locations?near={near(point)}&proximity={metres}"


def staff_requests():
    for lang in LANGUAGES:
        yield f"/{lang}/staff/couverture/"
        for quartier in QUARTIERS:
            yield f"/{lang}/staff/quartiers/{quartier}/"


NOISE = [
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'name="shown" value="[^"]*"'), 'name="shown"'),  # when a report form was shown
    (re.compile(r"· \d{1,2}/\d{2}/\d{4}</p></footer>"), "· (date)</p></footer>"),
]


def answer(client, url):
    response = client.get(url)
    text = response.content.decode()
    for pattern, replacement in NOISE:
        text = pattern.sub(replacement, text)
    headers = [response.get(name, "") for name in ("Content-Type", "Content-Language", "Location")]
    return f"{response.status_code} {' '.join(headers)}\n{text}"


def exports(folder):
    """The HSDS export: JSON in each language, and the CSV data package."""
    folder.mkdir(parents=True)
    for lang in LANGUAGES:
        hsds_export.export_json(folder / f"{lang}.json", lang=lang)
    hsds_export.export_csv(folder / "csv")
    return {
        f"export {path.relative_to(folder)}": f"200 export\n{path.read_text()}"
        for path in sorted(folder.rglob("*.*"))
    }


def answers(staff, tmp_path, urls=None):
    """Every public answer of the current world, by request, and the search counts the
    world's searches leave (coordinators read them, and the coverage page shows them)."""
    SearchCount.objects.all().delete()  # each world counts its own searches
    resident = Client()
    if urls is not None:
        return {url: answer(resident, url) for url in urls}
    found = {url: answer(resident, url) for url in search_requests()}
    found |= {url: answer(resident, url) for url in page_requests()}
    found |= {url: answer(resident, url) for url in api_requests()}
    found |= {url: answer(staff, url) for url in staff_requests()}
    found |= exports(tmp_path)
    counted = SearchCount.objects.order_by("key").values_list(*SEARCH_COUNT_COLUMNS)
    found["search counts"] = "200 counts\n" + "\n".join(map(str, counted))
    return found


def differences(first, second, shown=3):
    """The requests whose answers differ, with the start of each difference."""
    differing = [key for key in first if first[key] != second.get(key)]
    report = []
    for key in differing[:shown]:
        diff = difflib.unified_diff(
            first[key].splitlines(), second.get(key, "").splitlines(), lineterm="", n=0
        )
        report.append(key + "\n" + "\n".join(list(diff)[2:12]))
    return differing, "\n\n".join(report)


def check_the_worlds_differ_only_in_the_secret(a_places, b_places):
    for a, b in zip(a_places, b_places, strict=True):
        assert a.commune_id == b.commune_id == Commune.objects.get(slug="bruxelles").pk
        assert a.quartier.slug == "haren" and b.quartier.slug in ("marolles", "stalingrad")
        assert a.postcode != b.postcode and a.street_fr != b.street_fr and a.name != b.name
        distance = places.geo.distance_m(a.lat, a.lon, b.lat, b.lon)
        assert distance > 6000


def refuges():
    return list(Location.objects.filter(address_hidden=True).select_related("quartier"))


def test_every_public_answer_is_the_same_wherever_the_refuges_really_are(world, tmp_path):
    in_a = refuges()
    a = answers(world, tmp_path / "a")
    move_refuges("B")
    check_the_worlds_differ_only_in_the_secret(in_a, refuges())

    b = answers(world, tmp_path / "b")

    differing, report = differences(a, b)
    assert not differing, f"{len(differing)} of {len(a)} answers differ:\n{report}"
    failed = [url for url, text in a.items() if not text.startswith("200")]
    assert failed == [url for url in a if "/api/v1/locations" in url]  # no such endpoint
    assert sum("Refuge Iris" in text for text in a.values()) > len(a) / 4
    assert a["search counts"].count("\n") > 20  # the searches were counted, alike
    text = "\n".join(t for url, t in a.items() if not url.endswith(SECRET_WORDS))
    for secret in SECRETS.values():
        assert secret["name"] not in text and secret["streets"][0] not in text


def the_old_rule(monkeypatch):
    """A projection that, like the code before places.py, lets a refuge's real point
    choose the place a card shows (its address stays hidden)."""
    projection = places.public_place

    def real_point(location):
        return dataclasses.replace(
            projection(location), latitude=location.latitude, longitude=location.longitude
        )

    monkeypatch.setattr(places, "public_place", real_point)


def test_control_the_twins_differ_under_the_old_rule(world, tmp_path, monkeypatch):
    the_old_rule(monkeypatch)
    urls = list(search_requests(["nl"]))  # the searches near the refuges only
    a = answers(world, tmp_path, urls)
    move_refuges("B")

    differing, _ = differences(a, answers(world, tmp_path, urls))

    assert differing


def rankings():
    """The whole order of the searches near each point of the grid, as the engine gives it
    and as the API pages it: services with a refuge and an office rank by their nearest
    public place."""
    client, found = Client(), {}
    for point in grid():
        for q in ("", "refuge", "violences"):
            ranked = search(Service.objects.public(), q, Point(*point)).services
            found[point, q] = [service.name_fr for service in ranked]
            params = {"near": near(point), "search": q, "per_page": 200}
            found[point, q, "api"] = [
                row["name"] for row in client.get("/api/v1/services", params).json()["contents"]
            ]
    return found


def test_services_with_several_places_rank_the_same_wherever_the_refuge_really_is(world):
    a = rankings()
    move_refuges("B")

    assert rankings() == a
    # Near the office, by the office: "Refuge Iris" is there, though its first place (its
    # row's point) is its refuge, known at the commune's centre, 2 km away; "Refuge Lys"
    # has its office 280 m away; "Abri confidentiel" only a refuge.
    order = a[OFFICE, "refuge"]
    assert order.index("Refuge Iris") < order.index("Refuge Lys") < order.index("Abri confidentiel")


def test_control_the_rankings_differ_if_the_points_searched_were_the_real_ones(world, monkeypatch):
    def real_point(hidden, latitude, longitude, commune_centre):
        if latitude is not None and longitude is not None:
            return latitude, longitude
        return commune_centre or (None, None)

    monkeypatch.setattr(places, "public_point", real_point)
    derived.refresh_services(points=Service.objects.values_list("pk", flat=True))
    a = rankings()
    move_refuges("B")

    assert rankings() != a


# The attacks -----------------------------------------------------------------------

METRES_PER_DEGREE = 111_195  # the API's own (geo.EARTH_RADIUS_M in radians per degree)


def to_point(origin, x, y):
    """The point `x` metres east and `y` metres north of `origin` (lat, lon)."""
    lat = origin[0] + y / METRES_PER_DEGREE
    return lat, origin[1] + x / (METRES_PER_DEGREE * math.cos(math.radians(origin[0])))


def to_xy(origin, point):
    y = (point[0] - origin[0]) * METRES_PER_DEGREE
    return (point[1] - origin[1]) * METRES_PER_DEGREE * math.cos(math.radians(origin[0])), y


def shows_the_refuge(client, point):
    """Does the search card of "Refuge Iris" near `point` show the refuge (no distance)?"""
    html = client.get("/fr/services/", {"q": "Refuge Iris", "near": near(point)}).content
    cards = html.decode().split('class="service-card"')[1:]
    card = next(card for card in cards if "Refuge Iris" in card)
    return "Adresse communiquée par téléphone" in card


def bisection_attack(shows_refuge, office, reach=15_000, precision=0.05):
    """The finding's attack: where the card switches from the office to the refuge is the
    perpendicular bisector of the two; two points of it, and the office reflected across
    it is the refuge. Returns the estimate and the number of requests."""
    requests, edge = 0, []
    for degrees in range(0, 360, 45):
        direction = (math.cos(math.radians(degrees)), math.sin(math.radians(degrees)))
        requests += 1
        if not shows_refuge(to_point(office, reach * direction[0], reach * direction[1])):
            continue
        low, high = 0.0, reach  # the office at `low`, the refuge at `high`
        while high - low > precision:
            middle = (low + high) / 2
            requests += 1
            if shows_refuge(to_point(office, middle * direction[0], middle * direction[1])):
                high = middle
            else:
                low = middle
        edge.append((high * direction[0], high * direction[1]))
        if len(edge) == 2:
            break
    (x1, y1), (x2, y2) = edge
    dx, dy = x2 - x1, y2 - y1
    t = -(x1 * dx + y1 * dy) / (dx * dx + dy * dy)
    return to_point(office, 2 * (x1 + t * dx), 2 * (y1 + t * dy)), requests


def within_radius(client, point, metres):
    """Is the refuge of "Refuge Iris" among the API's places within `metres` of `point`?"""
    page = client.get(
        "/api/v1/service_at_locations",
        {"near": near(point), "proximity": f"{metres:.2f}", "search": "Refuge Iris"},
    ).json()
    return str(IRIS_REFUGE) in {row["location_id"] for row in page["contents"]}


def radius_attack(is_within, probes, precision=0.5):
    """Bisects the radius of `proximity` from three points, then trilaterates."""
    origin, circles = probes[0], []
    for probe in probes:
        low, high = 0.0, 50_000.0
        while high - low > precision:
            middle = (low + high) / 2
            low, high = (low, middle) if is_within(probe, middle) else (middle, high)
        circles.append((*to_xy(origin, probe), high))
    (x1, y1, r1), (x2, y2, r2), (x3, y3, r3) = circles
    a, b = 2 * (x2 - x1), 2 * (y2 - y1)
    c = r1 * r1 - r2 * r2 - x1 * x1 + x2 * x2 - y1 * y1 + y2 * y2
    d, e = 2 * (x3 - x1), 2 * (y3 - y1)
    f = r1 * r1 - r3 * r3 - x1 * x1 + x3 * x3 - y1 * y1 + y3 * y3
    x = (c * e - f * b) / (a * e - b * d)
    return to_point(origin, x, (c - a * x) / b)


def metres(p, q):
    return places.geo.distance_m(*p, *q)


def test_bisection_over_near_finds_the_commune_centre_not_the_refuge(world):
    client = Client()
    bruxelles = Commune.objects.get(slug="bruxelles")
    centre = (float(bruxelles.latitude), float(bruxelles.longitude))
    found_a, requests = bisection_attack(lambda p: shows_the_refuge(client, p), OFFICE)
    move_refuges("B")
    found_b, _ = bisection_attack(lambda p: shows_the_refuge(client, p), OFFICE)

    assert requests < 60
    assert found_a == found_b
    assert metres(found_a, centre) < 30
    for world_name, secret in SECRETS.items():
        refuge = (secret["lat"], secret["lon"])
        assert metres(found_a, refuge) > 2000, world_name


def test_control_bisection_finds_the_refuge_under_the_old_rule(world, monkeypatch):
    the_old_rule(monkeypatch)
    client = Client()
    found, requests = bisection_attack(lambda p: shows_the_refuge(client, p), OFFICE)

    refuge = Location.objects.get(pk=IRIS_REFUGE)
    assert metres(found, (refuge.lat, refuge.lon)) < 30
    assert requests < 60


def test_radius_search_in_the_api_finds_the_commune_centre_not_the_refuge(world):
    client = Client()
    bruxelles = Commune.objects.get(slug="bruxelles")
    centre = (float(bruxelles.latitude), float(bruxelles.longitude))
    probes = [OFFICE, (50.80, 4.30), (50.90, 4.45)]
    found_a = radius_attack(lambda p, r: within_radius(client, p, r), probes)
    move_refuges("B")
    found_b = radius_attack(lambda p, r: within_radius(client, p, r), probes)

    assert found_a == found_b
    assert metres(found_a, centre) < 30
    for secret in SECRETS.values():
        assert metres(found_a, (secret["lat"], secret["lon"])) > 2000
