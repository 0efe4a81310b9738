"""geo.py owns geometry: its measures agree with each other, and no other module does any.

Distances people read come from `geo.distance_m`; boxes, radii, rings and grids must
reach exactly as far by that measure, so a service "à 1 km" is never left out of a
search that says "within 1 km".
"""

import ast
import math
import random
from pathlib import Path

import pytest
from django.db.models import F

from directory import geo
from directory.models import Commune, Service
from tests.factories import make_service

APP = Path(__file__).resolve().parent.parent / "directory"
BRUSSELS = (50.8467, 4.3525)


def moved(lat, lon, north_m=0, east_m=0):
    """The point `north_m` north and `east_m` east of (lat, lon), by distance_m."""
    dlat = north_m / geo.METRES_PER_DEGREE
    dlon = east_m / (geo.METRES_PER_DEGREE * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def test_a_degree_of_latitude_is_as_long_as_distance_m_says():
    assert geo.distance_m(50.0, 4.0, 51.0, 4.0) == pytest.approx(geo.METRES_PER_DEGREE)
    assert round(geo.METRES_PER_DEGREE) == 111_195


@pytest.mark.parametrize(("north", "east"), [(1, 0), (-1, 0), (0, 1), (0, -1)])
def test_a_box_reaches_as_far_as_it_says_on_each_side(north, east):
    box = geo.box_around(*BRUSSELS, 1000)

    assert box.holds(*moved(*BRUSSELS, 999 * north, 999 * east))
    assert not box.holds(*moved(*BRUSSELS, 1001 * north, 1001 * east))
    edge = moved(*BRUSSELS, 1000 * north, 1000 * east)
    assert geo.distance_m(*BRUSSELS, *edge) == pytest.approx(1000, abs=0.01)


def test_a_covering_box_holds_every_box():
    boxes = [geo.box_around(50.80, 4.30, 500), geo.box_around(50.88, 4.42, 2000)]
    cover = geo.Box.covering(boxes)

    for box in boxes:
        assert cover.holds(box.south, box.west) and cover.holds(box.north, box.east)
    assert (cover.south, cover.east) == (boxes[0].south, boxes[1].east)


def test_a_grid_finds_every_point_within_its_side_among_the_nine_cells_around():
    rng = random.Random(12)
    grid = geo.Grid(1000, max_lat=50.92)
    points = [(rng.uniform(50.76, 50.92), rng.uniform(4.24, 4.49)) for _ in range(2000)]
    for n, (lat, lon) in enumerate(points):
        grid.add(lat, lon, n)

    for lat, lon in points[:200]:
        around = {n for _, _, n in grid.around(lat, lon)}
        near = {n for n, p in enumerate(points) if geo.distance_m(lat, lon, *p) <= 1000}
        assert near <= around


@pytest.mark.django_db
def test_within_and_the_sql_distance_agree_with_distance_m(reference):
    for metres in (150, 990, 1010, 4000):
        make_service(
            f"À {metres} m", [], *moved(*BRUSSELS, north_m=metres * 0.6, east_m=metres * 0.8)
        )

    inside = Service.objects.filter(
        geo.within(*BRUSSELS, 1000, "locations__latitude", "locations__longitude")
    )
    measured = Service.objects.annotate(
        d=geo.distance_expression(*BRUSSELS, "locations__latitude", "locations__longitude")
    ).annotate(metres=geo.rank_metres(F("d")))

    assert sorted(s.name_fr for s in inside) == ["À 150 m", "À 990 m"]
    for service in measured:
        expected = int(service.name_fr.split()[1])
        assert service.metres == pytest.approx(expected, rel=1e-3)


@pytest.mark.django_db
def test_nearest_first_reads_the_page_a_full_sort_gives(reference):
    for n in range(12):  # 360 m apart, on a diagonal
        make_service(f"Service {n:02}", [], *moved(*BRUSSELS, north_m=300 * n, east_m=-200 * n))
    make_service("Loin", [], *moved(*BRUSSELS, north_m=15_000))
    by_distance = Service.objects.near(*BRUSSELS)
    everything = list(by_distance.values_list("pk", flat=True))

    assert geo.nearest_first(by_distance, *BRUSSELS, 0, 3) == everything[:3]
    assert geo.nearest_first(by_distance, *BRUSSELS, 3, 8) == everything[3:8]
    assert geo.nearest_first(by_distance, *BRUSSELS, 8, 12) == everything[8:12]
    # The last one is further than the largest box reaches: the caller sorts them all.
    assert geo.nearest_first(by_distance, *BRUSSELS, 8, 13) is None


@pytest.mark.django_db
def test_the_communes_of_a_postcode(reference):
    assert [c.name_fr for c in geo.communes_with_postcode("1080")] == ["Molenbeek-Saint-Jean"]
    assert geo.commune_with_postcode("9999") is None
    communes = list(Commune.objects.filter(name_fr__startswith="Ixelles"))
    assert geo.communes_with_postcode("1080", communes) == []


def test_a_point_carries_its_label():
    assert geo.Point(50.85, 4.35) == geo.Point(50.85, 4.35, "")
    assert geo.Point(50.85, 4.35, "1080 Molenbeek").label == "1080 Molenbeek"


# The guard: geometry stays in geo.py -------------------------------------------------


def _modules():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" not in path.parts and path.name != "geo.py":
            yield path.relative_to(APP.parent), ast.parse(path.read_text(), str(path))


def _geometry_in(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        for name in names:
            if name.split(".")[0] == "shapely":
                yield f"imports {name}"
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if "PER_DEGREE" in name or name == "radians":
                yield f"uses {name}"
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            if 110.5 <= node.value <= 111.5 or 110_500 <= node.value <= 111_500:
                yield f"has the constant {node.value}"


def test_no_module_but_geo_does_geometry():
    """No shapely, no degrees-to-metres constant, no radians outside geo.py: callers
    speak metres, so moving to PostGIS touches geo.py only."""
    found = [f"{path}: {what}" for path, tree in _modules() for what in _geometry_in(tree)]

    assert found == []
