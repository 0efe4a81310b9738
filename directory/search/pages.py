"""Reading one page of ranked search results without sorting more than needed.

Ranking is done on ids alone, so the sort stays narrow, and the joins and prefetches a
page needs run for its twenty rows only. Sorted by distance, a page is first read
nearest-first from boxes around the point (geo.nearest_first, on the services' public
points), with words in rings of distance, plus the services serving their whole commune
or the region (they rank as if close). Otherwise, or when no box settles the page, every
match is ranked.
"""

import math
from functools import cached_property

from django.conf import settings
from django.db.models import Q

from .. import geo
from ..backends import backend
from ..models import Service
from ..models.listings import point_in
from .engine import AREA_SERVED_BAND, BAND_KM


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
        if not self.words:
            return geo.nearest_first(
                self.services, self.place.lat, self.place.lon, start, stop, in_box=point_in
            )

        # Outside a box reaching `metres`, a service is in that ring or further: the page
        # stands if its last one is in a closer ring.
        def before(last, metres):
            return last[0] is not None and last[0] < math.floor(metres / 1000 / BAND_KM)

        return geo.nearest_first(
            self.services,
            self.place.lat,
            self.place.lon,
            start,
            stop,
            keys=("distance_band",),
            before=before,
            in_box=point_in,
            anywhere=Q(area_served__in=list(AREA_SERVED_BAND)),
        )


def search_page_results(found):
    """What the search page lists for a ServiceFilter: ranked, with what a card shows,
    counted up to SEARCH_COUNT_LIMIT."""

    return Ranked(found.qs, Service.objects.for_cards(), found.result, settings.SEARCH_COUNT_LIMIT)
