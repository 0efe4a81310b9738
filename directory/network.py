"""A quartier's network for staff: who works there, who works with whom, what is missing.

The partnership graph is laid out here (organisations on a circle) and drawn as SVG by
a template, so it needs no JavaScript; the page lists the same links as text.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Q

from . import geo
from .models import Category, Location, Organisation, Partnership, Service, Worker

# "Near" a quartier: a walk of about a quarter of an hour from its centre.
NEAR_M = 1000
METRES_PER_DEGREE_LAT = 111_320

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

    @property
    def organisations_without_partners(self):
        linked = {p.from_organisation_id for p in self.partnerships}
        linked |= {p.to_organisation_id for p in self.partnerships}
        return [o for o in self.organisations if o.pk not in linked]


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


def served_points(quartier):
    """(service id, lat, lon, in the quartier) of published locations around the quartier.

    A confidential address counts at its commune's centre, as everywhere else.
    """
    lat, lon = float(quartier.latitude), float(quartier.longitude)
    dlat = NEAR_M / METRES_PER_DEGREE_LAT
    dlon = dlat / math.cos(math.radians(lat))
    around = Q(latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon))
    rows = (
        Location.objects.filter(service__is_active=True)
        .filter(
            Q(address_hidden=False) & (Q(quartier=quartier) | around)
            | Q(address_hidden=True, commune=quartier.commune_id)
        )
        .values_list("service_id", "latitude", "longitude", "quartier_id", "address_hidden")
    )
    commune = quartier.commune
    for service_id, point_lat, point_lon, quartier_id, hidden in rows:
        if hidden:
            yield service_id, float(commune.latitude), float(commune.longitude), False
        elif point_lat is None or point_lon is None:
            yield service_id, None, None, quartier_id == quartier.pk
        else:
            yield service_id, float(point_lat), float(point_lon), quartier_id == quartier.pk


def missing_categories(quartier):
    """Categories with no published service in the quartier or within NEAR_M of its centre."""
    lat, lon = float(quartier.latitude), float(quartier.longitude)
    services = {
        service_id
        for service_id, point_lat, point_lon, inside in served_points(quartier)
        if inside
        or (point_lat is not None and geo.distance_m(lat, lon, point_lat, point_lon) <= NEAR_M)
    }
    present = Service.categories.through.objects.filter(service_id__in=services).values(
        "category_id"
    )
    return list(Category.objects.exclude(pk__in=present))


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
    )
