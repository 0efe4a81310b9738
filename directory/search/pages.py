"""Reading one page of ranked search results without sorting more than needed.

Ranking is done on ids alone, so the sort stays narrow, and the joins and prefetches a
page needs run for its twenty rows only. Sorted by distance, a page is first read from
the services in a box around the point (1, then 3, then 10 km), plus, with words, those
serving their whole commune or the region (they rank as if close); it is kept when its
last service is closer than anything outside the box, so a resident's nearest services
do not cost a sort of the whole directory. Otherwise every match is ranked.
"""

import math
from functools import cached_property

from django.conf import settings
from django.db.models import F, Q

from .. import geo
from ..backends import backend
from ..models import Service
from .engine import AREA_SERVED_BAND, BAND_KM

BOXES_KM = (1, 3, 10)


class Ranked:
    """The ranked services as a sequence for a Paginator, read a page at a time.

    `services` is ordered by `search.search`; `listing` reads the page's rows with what
    the page shows (joins, prefetches), for those rows only.
    """

    def __init__(self, services, listing, result=None, count_up_to=None):
        self.services, self.listing, self.count_up_to = services, listing, count_up_to
        self.words = bool(result and result.query.words)
        self.place = result.place if result else None

    @cached_property
    def total(self):
        """The number of services, or `count_up_to` if there are at least that many."""
        if self.count_up_to is None:
            return self.services.count()
        capped = self.services.order_by()[: self.count_up_to]
        if not self.words:
            return capped.count()
        # The planner multiplies the selectivities of a word's alternative stems as if
        # they were independent, over-estimates the matches, and expects a sequential
        # scan to find `count_up_to` of them soon: it unpacks every document instead,
        # 85 to 145 ms at 100 000 services, against 6 or 7 through the GIN index. Only
        # this query: with ORDER BY or without LIMIT the planner picks the index itself.
        with backend().index_scans():
            return capped.count()

    @property
    def counted_all(self):
        return self.count_up_to is None or self.total < self.count_up_to

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        ids = self._from_boxes(start, stop) if self.place and (stop or 0) > start else None
        if ids is None:
            ids = list(self.services.values_list("pk", flat=True)[start:stop])
        rows = self.listing.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def _from_boxes(self, start, stop):
        lat, lon = self.place.lat, self.place.lon
        for km in BOXES_KM:
            near = geo.box_around(lat, lon, km * 1000).lookup()
            if self.words:
                near |= Q(area_served__in=list(AREA_SERVED_BAND))
            key = F("distance_band") if self.words else F("distance_rank")
            rows = list(
                self.services.filter(near).annotate(_key=key).values_list("pk", "_key")[start:stop]
            )
            if len(rows) < stop - start or rows[-1][1] is None:
                continue
            # Outside the box a service is further than `km`: if the page's last one is
            # closer (in a closer ring, with words), nothing outside comes before it.
            last = rows[-1][1]
            if self.words:
                closer = last < math.floor(km / BAND_KM)
            else:
                closer = last <= geo.rank_limit(km * 1000)
            if closer:
                return [pk for pk, _key in rows]
        return None


def search_page_results(found):
    """What the search page lists for a ServiceFilter: ranked, with what a card shows,
    counted up to SEARCH_COUNT_LIMIT."""

    return Ranked(found.qs, Service.objects.for_cards(), found.result, settings.SEARCH_COUNT_LIMIT)
