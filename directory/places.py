"""What the public may know of a place: the one owner of the rule for confidential addresses.

A place with a confidential address (`Location.address_hidden`, a refuge) is known to
the public by its commune and the commune's centre only: no name, street, postcode,
quartier or point of its own. Pages, the API, exports, posters, the offline list and
the staff network and coverage pages read places through this module, `PublicPlace` in
Python and the `public_*` lookups in SQL, and nothing else: which place a card shows,
an order, a distance or a count then cannot depend on where a refuge really is. Only the
admin, the HSDS importer and the integrity check read a place's own columns
(tests/test_place_projection.py keeps it so).
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, Value, When

from . import geo
from .translation import in_active_language

HIDDEN = Q(address_hidden=True)
SHOWN = Q(address_hidden=False)


def public_point(hidden, latitude, longitude, commune_centre):
    """(latitude, longitude) the public may know of a place, or (None, None).

    A place's own point; for a confidential one, its commune's centre
    (`commune_centre`, a (latitude, longitude) pair or None), whatever its own point.
    """
    if hidden:
        return commune_centre or (None, None)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


@dataclass(frozen=True, eq=False)
class PublicPlace:
    """A place as residents, the API and staff pages see it (build it with `public_place`).

    Its opening hours are public, read from the place (prefetched schedules and
    exceptions); `_location` is out of reach of templates, which ignore private names.
    """

    id: object
    hidden: bool  # a confidential address: known by its commune only
    name: str
    street_address_fr: str
    street_address_nl: str
    postal_code: str
    commune: object  # a Commune, or None
    quartier: object  # a Quartier, or None (always None for a hidden place)
    latitude: object  # Decimal, or None: the commune's centre for a hidden place
    longitude: object
    wheelchair_accessible: bool
    _location: object = field(repr=False)

    @property
    def street_address(self):
        return in_active_language(self, "street_address", ("fr", "nl"))

    @property
    def has_point(self):
        return self.latitude is not None

    @property
    def exact(self):
        """The point is the place's own: it may carry a marker and a distance."""
        return self.has_point and not self.hidden

    @property
    def lat(self):
        return float(self.latitude)

    @property
    def lon(self):
        return float(self.longitude)

    @property
    def geo_uri(self):
        """A `geo:` link to the place for a phone's maps app; "" unless the point is its own."""
        if not self.exact:
            return ""
        return f"geo:{self.lat:.6f},{self.lon:.6f}?q={self.lat:.6f},{self.lon:.6f}"

    @property
    def osm_url(self):
        """The place on OpenStreetMap; "" unless the point is its own (never a refuge's)."""
        if not self.exact:
            return ""
        lat, lon = f"{self.lat:.6f}", f"{self.lon:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"

    def distance_m(self, point):
        """Metres from `point` (with .lat, .lon) to the place's public point."""
        return geo.distance_m(point.lat, point.lon, self.lat, self.lon)

    @property
    def schedules(self):
        return self._location.schedules

    def current_schedules(self, day=None):
        return self._location.current_schedules(day)

    def weekly_hours(self):
        return self._location.weekly_hours()

    def upcoming_exceptions(self, today=None):
        return self._location.upcoming_exceptions(today)

    def hours_on(self, day):
        return self._location.hours_on(day)


def public_place(location):
    """The PublicPlace of a Location (read with its commune and quartier: select_related)."""
    hidden = location.address_hidden
    commune = location.commune
    centre = (commune.latitude, commune.longitude) if commune else None
    latitude, longitude = public_point(hidden, location.latitude, location.longitude, centre)
    return PublicPlace(
        id=location.id,
        hidden=hidden,
        name="" if hidden else location.name,
        street_address_fr="" if hidden else location.street_fr,
        street_address_nl="" if hidden else location.street_nl,
        postal_code="" if hidden else location.postcode,
        commune=commune,
        quartier=None if hidden else location.quartier,
        latitude=latitude,
        longitude=longitude,
        wheelchair_accessible=location.wheelchair_accessible,
        _location=location,
    )


def nearest(places, point=None):
    """The place to show first: the nearest to `point` (with .lat, .lon), else the first."""
    located = [place for place in places if place.has_point]
    if point is None or not located:
        return next(iter(places), None)
    return min(located, key=lambda place: place.distance_m(point))


def first_point(points):
    """The first (latitude, longitude) pair that is a point, or (None, None)."""
    return next((point for point in points if point[0] is not None), (None, None))


def sort_point(places):
    """The public point of the first place that has one, in the order given, or (None, None).

    What Service.latitude/longitude hold: searches sorted by distance read it (the
    importer computes the same from its rows, through first_point).
    """
    return first_point((p.latitude, p.longitude) for p in places)


# The same rule in SQL, on Location querysets -----------------------------------------


def public_columns():
    """Annotations for a Location queryset: the public point, quartier and exactness."""
    return {
        "public_latitude": Case(When(HIDDEN, then=F("commune__latitude")), default=F("latitude")),
        "public_longitude": Case(
            When(HIDDEN, then=F("commune__longitude")), default=F("longitude")
        ),
        "public_quartier_id": Case(When(HIDDEN, then=Value(None)), default=F("quartier_id")),
        "public_exact": ExpressionWrapper(SHOWN, output_field=BooleanField()),
    }


def in_quartiers(quartiers):
    """Places the public knows to be in one of `quartiers` (a hidden place is in none)."""
    return SHOWN & Q(quartier__in=quartiers)


def categories_in_quartiers(locations, quartiers):
    """(quartier pk, category pk) of `locations` the public knows to be in one of
    `quartiers`, each pair once: grouped by the database (a hidden place is in none)."""
    return (
        locations.filter(in_quartiers(quartiers))
        .values_list("quartier_id", "service__categories")
        .order_by()
        .distinct()
    )


def point_within(box):
    """Places whose public point is in `box`, a geo.Box (their own columns' index does the
    work)."""
    return SHOWN & box.lookup() | HIDDEN & box.lookup("commune__latitude", "commune__longitude")


def at_postcode(postcode, communes):
    """Places the public knows to be at `postcode`: by their own postcode, or for a hidden
    place by its commune (one of `communes`, those that have the postcode)."""
    return SHOWN & Q(postcode=postcode) | HIDDEN & Q(commune__in=communes)
