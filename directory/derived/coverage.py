"""What each published service covers, for the staff coverage page: the quartiers its
places are in or near (ServiceReach), and the categories each quartier has
(QuartierCategory). When it is computed: see the package's docstring."""

from collections import defaultdict

from .. import geo, places
from ..models import Location, Quartier, Service
from ..models.coverage import QuartierCategory, ServiceReach
from ..staff.network import NEAR_M


def _reach(locations):
    """{service id: {quartier ids}} its published `locations` cover (as categories_served
    counts): the quartier a place is known to be in, those with their centre within NEAR_M
    of its public point (a refuge's, its commune's centre, covers its commune's only)."""
    grid = geo.Grid(NEAR_M, 89)
    for pk, *centre, commune_id in Quartier._base_manager.values_list(
        "pk", "latitude", "longitude", "commune_id"
    ):
        lat, lon = map(float, centre)
        grid.add(lat, lon, (pk, commune_id, geo.box_around(lat, lon, NEAR_M)))
    covered = defaultdict(set)
    for service_id, hidden, *point, quartier_id, commune_id, c_lat, c_lon in locations.filter(
        service__is_active=True
    ).values_list(*PLACE_COLUMNS):
        if quartier_id is not None and not hidden:
            covered[service_id].add(quartier_id)
        centre = (c_lat, c_lon) if commune_id is not None else None
        lat, lon = places.public_point(hidden, *point, centre)
        if lat is None or lon is None:
            continue
        lat, lon = float(lat), float(lon)
        for q_lat, q_lon, (pk, q_commune, box) in grid.around(lat, lon):
            if not hidden or q_commune == commune_id:
                if box.holds(lat, lon) and geo.distance_m(q_lat, q_lon, lat, lon) <= NEAR_M:
                    covered[service_id].add(pk)
    return covered


PLACE_COLUMNS = ("service_id", "address_hidden", "latitude", "longitude", "quartier_id")
PLACE_COLUMNS += ("commune_id", "commune__latitude", "commune__longitude")  # _reach


def refresh_reach(ids=None):
    """Recomputes what these services (all, for None) cover, then those quartiers' categories."""
    old, locations = ServiceReach.objects.all(), Location._base_manager.all()
    links, quartiers = Service.categories.through.objects.all(), None
    if ids is not None:
        old, locations = old.filter(service_id__in=ids), locations.filter(service_id__in=ids)
        links, quartiers = links.filter(service_id__in=ids), set(old.values_list("quartier_id"))
    covered, of_service = _reach(locations), defaultdict(list)
    for service_id, category_id in links.values_list("service_id", "category_id"):
        of_service[service_id].append(category_id)
    old.delete()
    rows = ((s, q, c) for s, found in covered.items() for q in found for c in of_service[s])
    reach = [ServiceReach(service_id=s, quartier_id=q, category_id=c) for s, q, c in rows]
    ServiceReach.objects.bulk_create(reach, batch_size=5000)
    cells, pairs = QuartierCategory.objects.all(), ServiceReach.objects.all()
    if quartiers is not None:
        quartiers = {q for (q,) in quartiers} | {r.quartier_id for r in reach}
        cells, pairs = cells.filter(quartier_id__in=quartiers), pairs.filter(quartier__in=quartiers)
    pairs = pairs.values_list("quartier_id", "category_id").order_by().distinct()
    found = [QuartierCategory(quartier_id=q, category_id=c) for q, c in pairs]
    cells.delete()
    QuartierCategory.objects.bulk_create(found, batch_size=5000)
