"""All geometry lives here: the point type, distances, boxes, nearest-first reads,
point-in-polygon (one point or a batch), GeoJSON, and the communes of a postcode.

Points are latitude/longitude columns and boundaries GeoJSON, so moving to PostGIS
later means rewriting this module and nothing else. Callers speak metres; degrees, and
the one metres-per-degree constant, stay in here (tests/test_geo.py keeps it so).
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import numpy
import shapely
from django.apps import apps
from django.db.models import ExpressionWrapper, F, FloatField, Q, Value
from django.db.models.functions import Sqrt
from django.db.models.lookups import LessThanOrEqual
from shapely import set_precision
from shapely.geometry import mapping, shape
from shapely.prepared import prep

from . import localities

EARTH_RADIUS_M = 6_371_000
# One degree of latitude on the sphere of `distance_m`, so that boxes, rings and radii
# agree with the distances people read (the ellipsoid's 111 246 m at Brussels is 0.05%
# away; the 111 320 m sometimes quoted is a degree of longitude at the equator).
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180
# Brussels sits at ~50.85°N: one degree of longitude is cos(50.85°) of one of latitude.
BRUSSELS_LAT = 50.85
# Enough for a map at street level, ten times lighter than the UrbIS originals.
DISPLAY_TOLERANCE_DEG = 0.0001
# A map of all 145 quartiers at once: 20 m is under a pixel there, and a third lighter.
OVERVIEW_TOLERANCE_DEG = 0.0002
# Nearest-first reads try boxes reaching this far around the point, smallest first.
NEAREST_BOXES_M = (1000, 3000, 10000)


@dataclass(frozen=True)
class Point:
    """A point on the map in WGS84 degrees, and what to call it ("1080 Molenbeek")."""

    lat: float
    lon: float
    label: str = ""
    commune: str = ""  # the NIS code of the commune the text named (a postcode, a name)
    quartier: int | None = None  # the monitoring code of the quartier the text named


def valid_point(lat, lon):
    return -90 <= lat <= 90 and -180 <= lon <= 180


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def distance_expression(lat, lon, lat_field="latitude", lon_field="longitude"):
    """An SQL expression that orders rows by distance to (lat, lon), portable to SQLite.

    Equirectangular squared distance in degrees of latitude: exact enough to sort within
    a region, and plain arithmetic, so no database extension is needed. `rank_limit` and
    `rank_metres` translate its unit; nothing outside this module should read it.
    """
    k = math.cos(math.radians(lat))
    dlat = F(lat_field) - Value(lat, output_field=FloatField())
    dlon = (F(lon_field) - Value(lon, output_field=FloatField())) * Value(
        k, output_field=FloatField()
    )
    return ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())


def rank_limit(metres):
    """The largest value of `distance_expression` for a row within `metres`."""
    return (float(metres) / METRES_PER_DEGREE) ** 2


def rank_metres(rank):
    """An SQL expression: metres from the point, for the `distance_expression` named `rank`."""
    return Sqrt(rank) * Value(METRES_PER_DEGREE, output_field=FloatField())


def within(lat, lon, metres, lat_field="latitude", lon_field="longitude"):
    """A filter: the row's point is within `metres` of (lat, lon)."""
    distance = distance_expression(lat, lon, lat_field, lon_field)
    return LessThanOrEqual(distance, Value(rank_limit(metres), output_field=FloatField()))


@dataclass(frozen=True)
class Box:
    """A latitude/longitude box, edges included."""

    south: float
    north: float
    west: float
    east: float

    def holds(self, lat, lon):
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def lookup(self, lat_field="latitude", lon_field="longitude"):
        """A filter: the row's point is in the box (an index on either column serves it)."""
        return Q(
            **{
                f"{lat_field}__range": (self.south, self.north),
                f"{lon_field}__range": (self.west, self.east),
            }
        )

    @classmethod
    def covering(cls, boxes):
        """The smallest box that holds all of `boxes`."""
        boxes = list(boxes)
        return cls(
            min(b.south for b in boxes),
            max(b.north for b in boxes),
            min(b.west for b in boxes),
            max(b.east for b in boxes),
        )


def box_around(lat, lon, metres):
    """The box reaching `metres` from (lat, lon) north, south, east and west.

    A point outside it is further than `metres` from (lat, lon), by `distance_m` and by
    `distance_expression` alike.
    """
    dlat = metres / METRES_PER_DEGREE
    dlon = dlat / math.cos(math.radians(lat))
    return Box(lat - dlat, lat + dlat, lon - dlon, lon + dlon)


def nearest_first(
    rows, lat, lon, start, stop, keys=("distance_rank",), before=None, in_box=None, read=list
):
    """The pks of `rows[start:stop]`, rows ordered nearest (lat, lon) first, read from the
    smallest box around the point that settles them; None when no box does.

    A resident's nearest services then cost no sort of the whole directory. `rows` is
    ordered by `keys`, by default its `distance_expression`: a page read in a box stands
    when its last row is no further than the box reaches, every row outside being further.
    For other keys (groups, rings of distance), `before(last, metres)` says whether a row
    keyed `last` (a tuple) comes before every row further than `metres`. `in_box(box)`: a
    filter for rows with a point in the box (default: their own latitude and longitude),
    and those that rank as close wherever they are. `read(values_list)`: its rows.
    """
    if before is None:

        def before(last, metres):
            return last[0] is not None and last[0] <= rank_limit(metres)

    named = {f"_key{i}": F(key) for i, key in enumerate(keys)}
    for reach in NEAREST_BOXES_M:
        box = box_around(lat, lon, reach)
        near = in_box(box) if in_box else box.lookup()
        page = read(rows.filter(near).annotate(**named).values_list("pk", *named)[start:stop])
        if len(page) == stop - start and before(page[-1][1:], reach):
            return [pk for pk, *_keys in page]
    return None


class Grid:
    """Points in square cells at least `metres` on a side up to latitude `max_lat`: those
    within `metres` of a point are among the points `around` it, in nine cells."""

    def __init__(self, metres, max_lat):
        self.cell_lat = metres / METRES_PER_DEGREE
        self.cell_lon = self.cell_lat / math.cos(math.radians(max_lat))
        self.cells = defaultdict(list)

    def _cell(self, lat, lon):
        return math.floor(lat / self.cell_lat), math.floor(lon / self.cell_lon)

    def add(self, lat, lon, item):
        self.cells[self._cell(lat, lon)].append((lat, lon, item))

    def around(self, lat, lon):
        """(lat, lon, item) of the points in the point's cell and the eight around it."""
        row, column = self._cell(lat, lon)
        for key in product((row - 1, row, row + 1), (column - 1, column, column + 1)):
            yield from self.cells.get(key, ())


def bbox(geometry):
    """(min_lon, min_lat, max_lon, max_lat) of a GeoJSON geometry."""
    return shape(geometry).bounds


def bbox_holds(lat, lon):
    """A filter on areas: their bounding-box columns (those `bbox` fills) hold the point."""
    return Q(min_lat__lte=lat, max_lat__gte=lat, min_lon__lte=lon, max_lon__gte=lon)


def simplify(geometry):
    return mapping(shape(geometry).simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True))


def overview(geometry):
    """A lighter copy of a boundary for a map of the whole region (coordinates to ~1 m)."""
    simpler = shape(geometry).simplify(OVERVIEW_TOLERANCE_DEG, preserve_topology=True)
    return mapping(set_precision(simpler, 1e-5))


def centroid(geometry):
    """(lat, lon) of a point inside the geometry (the centroid can fall outside)."""
    geom = shape(geometry)
    point = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
    return point.y, point.x


def validate_geometry(geometry):
    """Raises ValueError unless `geometry` is a valid (Multi)Polygon in WGS84 degrees."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError("geometry must be a Polygon or MultiPolygon")
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise ValueError(f"unreadable coordinates ({exc})") from exc
    if geom.is_empty or not geom.is_valid:
        raise ValueError("the polygon is empty or self-intersecting")
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    if not (valid_point(min_lat, min_lon) and valid_point(max_lat, max_lon)):
        raise ValueError("coordinates are not WGS84 longitude/latitude degrees")


def largest_overlaps(parts, wholes):
    """{part key: the key of the whole that shares the most surface with it}, for
    `parts` and `wholes` as {key: GeoJSON geometry}; a part touching no whole is left out
    (a quartier goes to the commune it overlaps most)."""
    shapes = {key: shape(geometry) for key, geometry in wholes.items()}
    for whole in shapes.values():
        shapely.prepare(whole)
    found = {}
    for key, geometry in parts.items():
        part = shape(geometry)
        overlaps = [
            (part.intersection(whole).area, whole_key)
            for whole_key, whole in shapes.items()
            if whole.intersects(part)
        ]
        overlaps = [(area, whole_key) for area, whole_key in overlaps if area > 0]
        if overlaps:
            found[key] = max(overlaps, key=lambda overlap: overlap[0])[1]
    return found


def postcode_point(postcode, language="fr"):
    """The point of a postcode of the Region, inside its own area (not its commune's
    centre), labelled "1020 Laeken"; None for a postcode the Region does not have."""
    locality = localities.BY_POSTCODE.get(postcode)
    if locality is None:
        return None
    label = f"{postcode} {locality.name(language)}"
    return Point(locality.lat, locality.lon, label, commune=locality.commune)


def communes_with_postcode(postcode, communes=None):
    """The communes that have `postcode`, of `communes` (all of them by default), in
    their order."""
    if communes is None:
        communes = apps.get_model("directory", "Commune").objects.all()
    return [commune for commune in communes if postcode in commune.postcodes]


def commune_with_postcode(postcode, communes=None):
    """The first commune that has `postcode`, or None."""
    return next(iter(communes_with_postcode(postcode, communes)), None)


@lru_cache(maxsize=512)
def _prepared(model_label, pk, version):
    area = apps.get_model(model_label).objects.only("boundary").get(pk=pk)
    return prep(shape(area.boundary))


def area_at(queryset, lat, lon):
    """The area of `queryset` whose boundary contains the point, or None.

    The bounding-box columns narrow the candidates in SQL; shapely decides.
    """
    candidates = queryset.containing_bbox(lat, lon)
    point = shapely.Point(lon, lat)
    for pk, max_lat in candidates.values_list("pk", "max_lat"):
        # max_lat is part of the cache key so a re-imported boundary is re-read.
        if _prepared(queryset.model._meta.label, pk, max_lat).contains(point):
            return queryset.get(pk=pk)
    return None


def nearest_area(queryset, lat, lon):
    k = math.cos(math.radians(BRUSSELS_LAT))
    return min(
        queryset,
        key=lambda a: (float(a.latitude) - lat) ** 2 + ((float(a.longitude) - lon) * k) ** 2,
        default=None,
    )


def commune_at(lat, lon, within_m=3000):
    """The commune a point lies in; without imported boundaries, the one whose centre is
    nearest, if within `within_m`, else None."""
    communes = apps.get_model("directory", "Commune").objects.defer("boundary", "boundary_display")
    if communes.filter(min_lat__isnull=False).exists():
        return area_at(communes, lat, lon)
    commune = nearest_area(communes, lat, lon)
    if (
        commune
        and distance_m(lat, lon, float(commune.latitude), float(commune.longitude)) < within_m
    ):
        return commune
    return None


def locate(lat, lon, postcode=""):
    """(commune, quartier) for a point.

    With imported boundaries this is point-in-polygon. Without them, the commune comes
    from the postcode and the quartier is the commune's quartier with the nearest centre.
    """
    Commune = apps.get_model("directory", "Commune")
    Quartier = apps.get_model("directory", "Quartier")
    commune = area_at(Commune.objects.all(), lat, lon)
    quartier = area_at(Quartier.objects.all(), lat, lon)
    if commune is None and not Commune.objects.filter(min_lat__isnull=False).exists():
        commune = commune_with_postcode(postcode)
    if quartier is None and commune and not Quartier.objects.filter(min_lat__isnull=False).exists():
        quartier = nearest_area(commune.quartiers.all(), lat, lon)
    return commune, quartier


class AreaLocator:
    """`locate` for many points at once, as ids: the polygons are read once and tested
    against a whole batch in vectorised shapely calls (imports of 100 000 places)."""

    def __init__(self):
        Commune = apps.get_model("directory", "Commune")
        Quartier = apps.get_model("directory", "Quartier")
        self.communes = list(Commune.objects.all())
        self.quartiers = list(Quartier.objects.all())
        self.commune_shapes = self._shapes(Commune)
        self.quartier_shapes = self._shapes(Quartier)

    @staticmethod
    def _shapes(model):
        """[(pk, prepared polygon)] in the model's order, as `area_at` tries them."""
        rows = model._base_manager.filter(min_lat__isnull=False).order_by(*model._meta.ordering)
        shapes = []
        for pk, boundary in rows.values_list("pk", "boundary"):
            polygon = shape(boundary)
            shapely.prepare(polygon)
            shapes.append((pk, polygon))
        return shapes

    @staticmethod
    def _first_containing(shapes, lats, lons):
        found = numpy.full(len(lats), None, dtype=object)
        for pk, polygon in shapes:
            free = numpy.equal(found, None)
            if not free.any():
                break
            inside = shapely.contains_xy(polygon, lons, lats) & free
            found[inside] = pk
        return found

    def locate(self, points):
        """[(commune id, quartier id)] for [(lat, lon, postcode)]."""
        if not points:
            return []
        lats = numpy.array([float(p[0]) for p in points])
        lons = numpy.array([float(p[1]) for p in points])
        communes = self._first_containing(self.commune_shapes, lats, lons)
        quartiers = self._first_containing(self.quartier_shapes, lats, lons)
        located = []
        for (lat, lon, postcode), commune_id, quartier_id in zip(
            points, communes, quartiers, strict=True
        ):
            if commune_id is None and not self.commune_shapes:
                commune_id = self.commune_by_postcode(postcode)
            if quartier_id is None and commune_id and not self.quartier_shapes:
                mine = [q for q in self.quartiers if q.commune_id == commune_id]
                nearest = nearest_area(mine, float(lat), float(lon))
                quartier_id = nearest.pk if nearest else None
            located.append((commune_id, quartier_id))
        return located

    def commune_by_postcode(self, postcode):
        commune = commune_with_postcode(postcode, self.communes)
        return commune.pk if commune else None
