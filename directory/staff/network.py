"""A quartier's network for staff: who works there, who works with whom, what is missing.

The partnership graph is laid out here (organisations on a circle) and drawn as SVG by
a template, so it needs no JavaScript; the page lists the same links as text.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db.models import FloatField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from .. import geo, memo, places
from ..models import (
    Category,
    Location,
    Organisation,
    Partnership,
    PresenceSlot,
    Quartier,
    QuartierCategory,
    Service,
    Worker,
)
from ..models.presence import week_of
from .liaison import HandOverSummary, handovers_between

# "Near" a quartier: a walk of about a quarter of an hour from its centre.
NEAR_M = 1000

# The drawing's coordinate system; CSS scales it to the screen. Numbers and names are
# large in it, so they stay readable once shrunk to a 360 px phone.
WIDTH, HEIGHT = 800, 560
RADIUS = 150
NODE_RADIUS = 26
LABEL_GAP = 10
LABEL_CHARS = 14


@dataclass
class Node:
    number: int
    organisation: Organisation
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str

    @property
    def label(self):
        name = self.organisation.name
        return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


@dataclass
class Edge:
    partnership: Partnership
    source: Node
    target: Node
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Graph:
    nodes: list
    edges: list
    width: int = WIDTH
    height: int = HEIGHT
    node_radius: int = NODE_RADIUS


@dataclass
class QuartierNetwork:
    organisations: list
    workers: list
    partnerships: list
    graph: Graph
    missing_categories: list = field(default_factory=list)
    handovers: HandOverSummary = None  # with organisations anywhere, in the last months
    week: list = field(default_factory=list)  # [PresenceDay]: who is present where

    @property
    def week_has_slots(self):
        return any(day.slots for day in self.week)

    @property
    def organisations_without_partners(self):
        linked = {p.from_organisation_id for p in self.partnerships}
        linked |= {p.to_organisation_id for p in self.partnerships}
        return [o for o in self.organisations if o.pk not in linked]


@dataclass
class PresenceDay:
    day: date
    slots: list  # PresenceSlot, by time
    is_today: bool


def presence_week(quartier, today=None):
    """Who is present where in the quartier in the week of `today`: a PresenceDay for each
    day from Monday to Friday, and Saturday and Sunday when someone is there. Slots at
    published places the public knows to be in the quartier, in one query."""
    today = today or timezone.localdate()
    days = week_of(today)
    slots = list(
        PresenceSlot.objects.in_quartier(quartier)
        .at_published_places()
        .between(days[0], days[-1])
        .for_pages()
    )
    week = [PresenceDay(d, [s for s in slots if s.is_on(d)], d == today) for d in days]
    return [day for day in week if day.slots or day.day.weekday() < 5]


def circle_layout(organisations, partnerships):
    """Organisations evenly on a circle, the first at the top, then clockwise."""
    cx, cy, count = WIDTH / 2, HEIGHT / 2, len(organisations)
    nodes = {}
    for i, organisation in enumerate(organisations):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        radius = RADIUS if count > 1 else 0
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        reach = radius + NODE_RADIUS + LABEL_GAP
        cos = math.cos(angle) if count > 1 else 0
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        label_y = cy + reach * math.sin(angle) if count > 1 else cy + NODE_RADIUS + 2 * LABEL_GAP
        nodes[organisation.pk] = Node(
            number=i + 1,
            organisation=organisation,
            x=round(x, 1),
            y=round(y, 1),
            label_x=round(cx + reach * math.cos(angle), 1),
            # Labels below a node need room for the text's height.
            label_y=round(label_y + (18 if math.sin(angle) > 0.2 else 8), 1),
            anchor=anchor,
        )
    edges = []
    for partnership in partnerships:
        source = nodes[partnership.from_organisation_id]
        target = nodes[partnership.to_organisation_id]
        # Lines stop at the circles' edges, so an arrowhead stays visible.
        dx, dy = target.x - source.x, target.y - source.y
        length = math.hypot(dx, dy) or 1
        ux, uy = dx / length, dy / length
        edges.append(
            Edge(
                partnership=partnership,
                source=source,
                target=target,
                x1=round(source.x + ux * NODE_RADIUS, 1),
                y1=round(source.y + uy * NODE_RADIUS, 1),
                x2=round(target.x - ux * (NODE_RADIUS + 2), 1),
                y2=round(target.y - uy * (NODE_RADIUS + 2), 1),
            )
        )
    return Graph(nodes=list(nodes.values()), edges=edges)


def active_organisations(quartier, workers):
    """Organisations with a published service in the quartier, or a worker active there."""
    services = Service.objects.public().in_quartier(quartier).values("organisation_id")
    members = Worker.organisations.through.objects.filter(worker__in=workers)
    return Organisation.objects.filter(
        Q(pk__in=services) | Q(pk__in=members.values("organisation_id"))
    ).only("pk", "slug", "name_fr", "name_nl", "name_en")


def _categories_in(quartiers):
    """{quartier pk: bits of the categories with a published place the public knows to be
    in it}, grouped by the database: one row per quartier and category, whatever the size
    of the directory (a confidential place is in no quartier: it counts by its commune)."""
    found = dict.fromkeys((q.pk for q in quartiers), 0)
    published = Location.objects.filter(service__is_active=True)
    for quartier_pk, category_id in places.categories_in_quartiers(published, list(found)):
        if category_id is not None:
            found[quartier_pk] |= 1 << category_id
    return found


def _places_near(lacking):
    """Published places, with their public point, of the categories each quartier lacks
    ({quartier: category pks}) around that quartier: (category, lat, lon, commune pk if the
    point is a confidential place's commune centre, else None)."""
    condition = Q()
    for quartier, category_ids in lacking.items():
        box = geo.box_around(float(quartier.latitude), float(quartier.longitude), NEAR_M)
        condition |= Q(service__categories__in=category_ids) & places.point_within(box)
    if not condition:
        return []
    # Points as floats from the database: thousands of Decimals would cost more than the
    # distances.
    rows = (
        Location.objects.filter(service__is_active=True)
        .filter(condition)
        .with_public_place()
        .annotate(
            lat=Cast("public_latitude", FloatField()), lon=Cast("public_longitude", FloatField())
        )
        .filter(lat__isnull=False, lon__isnull=False)
        .values_list("service__categories", "lat", "lon", "commune_id", "public_exact")
    )
    return [
        (category_id, lat, lon, None if exact else commune_id)
        for category_id, lat, lon, commune_id, exact in rows
    ]


def _has_point_near(grid, quartier):
    """Whether `grid` has a point within NEAR_M of the quartier's centre that counts for
    it (a confidential place's commune centre only counts for its own commune)."""
    lat, lon = float(quartier.latitude), float(quartier.longitude)
    near = geo.box_around(lat, lon, NEAR_M)
    return any(
        only_commune in (None, quartier.commune_id)
        and near.holds(point_lat, point_lon)
        and geo.distance_m(lat, lon, point_lat, point_lon) <= NEAR_M
        for point_lat, point_lon, only_commune in grid.around(lat, lon)
    )


def categories_served(quartiers, category_ids):
    """{quartier pk: those of `category_ids` with a published service in the quartier or
    within NEAR_M of its centre}, in two queries at most for any number of quartiers.

    Places count as the public knows them (places.py): a confidential address at its
    commune's centre, and only for that commune's quartiers. The database groups the
    places in each quartier by category; only the categories a quartier still lacks are
    then looked for around it, among the places of those categories nearby: points go
    in a grid per category, of cells at least NEAR_M wide, so a quartier measures its
    distance to the points of nine cells of the categories it lacks, until one is near.
    """
    if not quartiers:
        return {}
    found = _categories_in(quartiers)
    lacking = {}
    for quartier in quartiers:
        if without := [c for c in category_ids if not found[quartier.pk] >> c & 1]:
            lacking[quartier] = without
    max_lat = max(float(q.latitude) for q in quartiers)
    grids = {}
    for category_id, lat, lon, only_commune in _places_near(lacking):
        grids.setdefault(category_id, geo.Grid(NEAR_M, max_lat)).add(lat, lon, only_commune)
    for quartier, without in lacking.items():
        for category_id in without:
            if category_id in grids and _has_point_near(grids[category_id], quartier):
                found[quartier.pk] |= 1 << category_id
    return {
        pk: {i for i in range(mask.bit_length()) if mask >> i & 1} for pk, mask in found.items()
    }


def missing_categories(quartier):
    """Categories with no published service in the quartier or within NEAR_M of its centre."""
    categories = memo.remembered(
        "categories", lambda: list(Category.objects.all()), per_language=False
    )
    present = categories_served([quartier], [c.pk for c in categories])[quartier.pk]
    return [c for c in categories if c.pk not in present]


# Colour classes of the coverage map by number of missing categories (their lower
# bounds), from ColorBrewer's YlOrRd: colour-blind safe and ordered in greyscale too.
COVERAGE_CLASSES = [
    (0, "#ffffb2"),
    (1, "#fecc5c"),
    (6, "#fd8d3c"),
    (11, "#f03b20"),
    (16, "#bd0026"),
]


@dataclass
class CoverageRow:
    quartier: Quartier
    present: list  # one boolean per category, in the order of Coverage.categories

    @property
    def missing(self):
        return self.present.count(False)

    @property
    def colour_class(self):
        return max(i for i, (low, _colour) in enumerate(COVERAGE_CLASSES) if self.missing >= low)


@dataclass
class Coverage:
    categories: list
    rows: list

    def by_commune(self):
        """[(commune, rows)] in the order of the rows (communes, then quartiers, by name)."""
        return [
            (commune, list(rows))
            for commune, rows in groupby(self.rows, key=lambda row: row.quartier.commune)
        ]

    def legend(self):
        """[(lowest, highest, colour, number of quartiers)] for each colour class."""
        bounds = [low for low, _colour in COVERAGE_CLASSES] + [len(self.categories) + 1]
        counts = Counter(row.colour_class for row in self.rows)
        return [
            (low, bounds[i + 1] - 1, colour, counts[i])
            for i, (low, colour) in enumerate(COVERAGE_CLASSES)
            if low <= len(self.categories)
        ]

    def map_areas(self):
        """What the map script draws: each quartier's shape (or centre), class and link."""
        return [
            {
                "name": row.quartier.name,
                "url": reverse("staff:quartier-network", args=[row.quartier.slug]),
                "missing": row.missing,
                "colour": COVERAGE_CLASSES[row.colour_class][1],
                "lat": float(row.quartier.latitude),
                "lon": float(row.quartier.longitude),
                "shape": geo.overview(row.quartier.boundary_display)
                if row.quartier.boundary_display
                else None,
            }
            for row in self.rows
        ]


def coverage():
    """For every quartier, which categories have a service in or near it (as on the
    network page: categories_served), in three queries whatever the size of the
    directory, read from what derived.py keeps (QuartierCategory); in none once it is
    kept, until the directory changes (memo.py): staff open it again and again.
    Categories and quartiers are kept with it; their names are read in each request's
    language."""
    return memo.remembered("coverage", _coverage, per_language=False)


def _coverage():
    categories = list(Category.objects.all())
    geometry = ("boundary", "commune__boundary", "commune__boundary_display")
    quartiers = list(
        Quartier.objects.defer(None)
        .defer(*geometry)
        .select_related("commune")
        .order_by("commune__name_fr", "name_fr")
    )
    served = set(QuartierCategory.objects.values_list("quartier_id", "category_id"))
    rows = [
        CoverageRow(quartier, [(quartier.pk, category.pk) in served for category in categories])
        for quartier in quartiers
    ]
    return Coverage(categories=categories, rows=rows)


def quartier_network(quartier):
    """Everything the staff network page of a quartier shows, in a fixed number of queries."""
    workers = Worker.objects.visible_to_colleagues().in_quartier(quartier)
    organisations = list(active_organisations(quartier, workers).order_by("name_fr"))
    partnerships = list(
        Partnership.objects.active()
        .between([o.pk for o in organisations])
        .select_related("from_organisation", "to_organisation")
    )
    return QuartierNetwork(
        organisations=organisations,
        workers=list(workers.for_directory()),
        partnerships=partnerships,
        graph=circle_layout(organisations, partnerships),
        missing_categories=missing_categories(quartier),
        handovers=handovers_between([o.pk for o in organisations]),
        week=presence_week(quartier),
    )
