"""Where to go instead of a service full today: the nearest of the same kind with room.

"Same kind" is a category in common; "with room" is neither full nor shut today
(ServiceQuerySet.not_full_on). Distances are between the services' public points
(places.py), so a refuge's real address plays no part. A page asks once for all its full
services: one query for the nearest of each, and the few a card needs to name them.
"""

from django.db.models import Prefetch
from django.utils import timezone

from .. import geo
from ..models import PLACE_AREAS, PLACE_AREAS_GEOMETRY, Location, Service

Categories = Service.categories.through
# How far to look for another service: across the whole Region from anywhere in it.
REACH_M = 25_000


def nearest_with_room(services, day=None):
    """{service pk: the nearest published service sharing a category with it that is not
    full on `day`}, for `services` (Services with their categories prefetched); services
    with none within REACH_M, or without a point, are left out.

    A constant number of queries, none when `services` is empty: the candidates in the
    box around them all, one row per (service, category), then the chosen ones' cards.
    """
    day = day or timezone.localdate()
    located = [s for s in services if s.latitude is not None and s.longitude is not None]
    if not located:
        return {}
    wanted = {s.pk: {c.pk for c in s.categories.all()} for s in located}
    box = geo.Box.covering(
        geo.box_around(float(s.latitude), float(s.longitude), REACH_M) for s in located
    )
    with_room = Service.objects.public().not_full_on(day).filter(box.lookup())
    rows = Categories.objects.filter(
        category_id__in=set().union(*wanted.values()), service__in=with_room.values("pk")
    ).values_list(
        "service_id", "category_id", "service__latitude", "service__longitude", "service__name_fr"
    )
    candidates = {}
    for pk, category, lat, lon, name in rows:
        candidates.setdefault(pk, [float(lat), float(lon), name, set()])[3].add(category)
    chosen = {}
    for service in located:
        here = (float(service.latitude), float(service.longitude))
        near = [
            (geo.distance_m(*here, lat, lon), name, str(pk), pk)
            for pk, (lat, lon, name, categories) in candidates.items()
            if pk != service.pk and categories & wanted[service.pk]
        ]
        if near:
            chosen[service.pk] = min(near)[3]
    # Their places only: a pointer names the service, its commune and its street.
    places = Location.objects.select_related(*PLACE_AREAS).defer(*PLACE_AREAS_GEOMETRY)
    found = Service.objects.prefetch_related(Prefetch("locations", queryset=places)).in_bulk(
        set(chosen.values())
    )
    return {pk: found[other] for pk, other in chosen.items() if other in found}


def point_to_others(cards, day=None):
    """Sets `card.alternative` (a Card-like pair of the other service and its place) on each
    card of a service full on `day`."""
    day = day or timezone.localdate()
    full = [card for card in cards if card.service.is_full_on(day)]
    found = nearest_with_room([card.service for card in full], day)
    for card in full:
        card.full = True
        other = found.get(card.service.pk)
        if other is not None:
            card.alternative = Alternative.of(other, card.place)
    return cards


class Alternative:
    """The service to go to instead, its place nearest to the full one's, and the
    commune to name when it is in another one."""

    def __init__(self, service, place, other_commune):
        self.service, self.place, self.other_commune = service, place, other_commune

    @classmethod
    def of(cls, service, near):
        point = near if near is not None and near.has_point else None
        place = service.nearest_place(point)
        here = getattr(near, "commune", None)
        there = getattr(place, "commune", None)
        other = there if there is not None and here is not None and there.pk != here.pk else None
        return cls(service, place, other)
