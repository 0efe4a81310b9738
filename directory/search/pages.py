"""Reading one page of ranked search results without sorting more than needed.

Ranking is done on ids alone, so the sort stays narrow, and the joins and prefetches a
page needs run for its twenty rows only. Sorted by distance, a page is first read
nearest-first from boxes around the point (geo.nearest_first, on the services' public
points), with words in rings of distance, after the few services reserved to the
residents of the point's commune (they come first wherever they are). Otherwise, when
the matches are few, or when no box settles the page, every match is ranked.
"""

import math
from functools import cached_property

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone

from .. import geo, kept_rows, memo
from ..backends import backend
from ..models import Service
from ..models.listings import BY_PHONE_ANYWHERE, point_in
from ..translation import CONTENT_LANGUAGES
from .engine import BAND_KM, OPEN

# The services reached by phone that the first page of a search by distance shows apart.
BY_PHONE_SHOWN = 3
# Up to this many services, counted already, a page by distance is read from a sort of
# them all: one query over a few rows, where each box costs two, and the page may need
# three boxes and the sort after them (a rare word near a point, a small directory).
RANK_ALL_UP_TO = 250


class Ranked:
    """The ranked services as a sequence for a Paginator, read a page at a time.

    `services` is ordered by `search.search`; `listing` reads the page's rows with what
    the page shows (joins, prefetches), for those rows only: a queryset, or a function of
    the ids returning {id: row} (card_rows). `apart`, if given, is a
    second ordered queryset whose first BY_PHONE_SHOWN rows are read with the first page,
    in the same reads, into `apart_rows` (`apart_more` says if there are more).

    `services` may also be a function returning (services, apart), called when first
    needed; with a `key` (search_page_results), the count and the ids of each page are
    kept per process under it (kept_answer), and read from the database once.
    """

    def __init__(self, services, listing, result=None, count_up_to=None, apart=None, key=None):
        self._services = services if callable(services) else lambda: (services, apart)
        self.count_up_to, self.key = count_up_to, key
        self.read = listing if callable(listing) else listing.in_bulk
        self.words = bool(result and result.query.words)
        self.place = result.place if result else None
        self.result = result
        self.apart_rows, self.apart_more = [], False
        self.rank_all_up_to = RANK_ALL_UP_TO

    @cached_property
    def _ranked(self):
        return self._services()

    @property
    def services(self):
        return self._ranked[0]

    @property
    def apart(self):
        return self._ranked[1]

    @property
    def mine(self):
        return self.result.residents_of_place if self.result else None

    def _kept(self, part, compute):
        return compute() if self.key is None else kept_answer((self.key, *part), compute)

    @cached_property
    def total(self):
        """The number of services, or `count_up_to` if there are at least that many."""
        return self._kept(("total",), self._count)

    def _count(self):
        if self.count_up_to is None:
            return self.services.count()
        if not self.words:
            return self.services.order_by()[: self.count_up_to].count()
        return backend().count_up_to(self.services, self.count_up_to)

    @property
    def counted_all(self):
        return self.count_up_to is None or self.total < self.count_up_to

    @property
    def few(self):
        """Whether the services are known, counted, to be few enough to sort them all."""
        counted = "total" in self.__dict__  # a Paginator counts before it reads a page
        return counted and self.counted_all and self.total <= self.rank_all_up_to

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        page = self._kept(("page", start, stop), lambda: self._ids(start, stop))
        ids, apart, self.apart_more = page
        rows = self.read([*ids, *apart])
        self.apart_rows = [rows[pk] for pk in apart if pk in rows]
        return [rows[pk] for pk in ids if pk in rows]

    def _ids(self, start, stop):
        """(ids of the page, ids shown apart, whether more are apart), as tuples."""
        boxes = self.place and (stop or 0) > start and not self.few
        ids = self._from_boxes(start, stop) if boxes else None
        if ids is None:
            ids = [pk for (pk,) in self._read(self.services.values_list("pk")[start:stop])]
        apart, more = [], False
        if self.apart is not None and start == 0:
            apart = [pk for (pk,) in self._read(self.apart.values_list("pk")[: BY_PHONE_SHOWN + 1])]
            apart, more = apart[:BY_PHONE_SHOWN], len(apart) > BY_PHONE_SHOWN
        return tuple(ids), tuple(apart), more

    def _from_boxes(self, start, stop):
        # The services reserved to the resident's commune come first: they are few, read
        # in their order; the others from the boxes.
        services, first = self.services, []
        if self.mine is not None:
            first = [
                pk for (pk,) in self._read(services.filter(pk__in=self.mine).values_list("pk"))
            ]
            if stop <= len(first):
                return first[start:stop]
            services = services.exclude(pk__in=first) if first else services
        rest = self._rest_from_boxes(services, max(start - len(first), 0), stop - len(first))
        return None if rest is None else first[start:] + rest

    def _rest_from_boxes(self, services, start, stop):
        # Outside a box reaching `metres`, a service is open to all (or in a later group)
        # and further away: the page stands if its last one is open to all and closer.
        if self.words:

            def closer(ring, metres):
                return ring < math.floor(metres / 1000 / BAND_KM)

        else:

            def closer(rank, metres):
                return rank <= geo.rank_limit(metres)

        def before(last, metres):
            group, distance = last
            return group == OPEN and distance is not None and closer(distance, metres)

        return geo.nearest_first(
            services,
            self.place.lat,
            self.place.lon,
            start,
            stop,
            keys=("near_group", "distance_band" if self.words else "distance_rank"),
            before=before,
            in_box=point_in,
            read=self._read,
        )

    def _read(self, rows):
        # Matches of words are read through the text index (PostgreSQL.rows).
        return backend().rows(rows) if self.words else list(rows)


def search_page_results(found):
    """What the search page lists for a ServiceFilter: ranked, with what a card shows,
    counted up to SEARCH_COUNT_LIMIT.

    Sorted by distance, the services reached by phone anywhere in the Region are near
    nothing: they are not in the list but `apart`, unless the resident asked for them.

    What a search answers (whether it had to relax its words, its count, the ids of a
    page) changes only with the directory, and the minute if it asks what is open now:
    each process keeps it (memo.kept), and a search asked again reads only the cards it
    shows.
    """
    if not found.is_bound:
        return Ranked(found.qs, card_rows, None, settings.SEARCH_COUNT_LIMIT)
    result = found.understood()
    key = answer_key(found.form.cleaned_data)
    result.relaxed = kept_answer((key, "relaxed"), lambda: result.relaxed)
    return Ranked(
        lambda: split_by_phone(found),
        card_rows,
        result,
        settings.SEARCH_COUNT_LIMIT,
        key=key,
    )


def split_by_phone(found):
    """(the services listed, those shown apart or None)."""
    services, result = found.qs, found.result
    if result and result.place and not found.form.cleaned_data.get("by_phone"):
        return services.exclude(BY_PHONE_ANYWHERE), services.filter(BY_PHONE_ANYWHERE)
    return services, None


def answer_key(data):
    """What a search's answer depends on, from its cleaned data (what was not understood
    is left out, as the search leaves it). What is open now is known to the minute:
    opening hours are set to the minute, and a status changes the directory."""
    key = tuple(sorted((name, _plain(value)) for name, value in data.items()))
    if data.get("open_now"):
        key += (("minute", timezone.localtime().strftime("%Y-%m-%d %H:%M")),)
    return key


def _plain(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, geo.Point):  # its label, in the page's language, ranks nothing
        return (value.lat, value.lon, value.commune, value.quartier)
    if isinstance(value, list | tuple | QuerySet):
        return tuple(sorted(_plain(item) for item in value))
    return value


def kept_answer(key, compute):
    """compute()'s value, kept per process for `key` until the directory changes, and
    shared by the node's processes (memo.shared): one asks the database, the others
    read its answer (counts, ids: a few hundred bytes)."""

    def shared(_keys):
        return {key: memo.shared(f"answer:{memo.digest(key)}", compute)}

    return memo.kept(
        "search-answers",
        [key],
        shared,
        per_language=False,
        most=settings.MEMO_KEPT_ROWS,
    )[key]


def card_rows(ids):
    """{id: service} with what its card shows (for_cards), for the public services among
    `ids`. Each process keeps them until the directory changes (memo.kept), for the day
    only: the statuses and check-ins read are those not ended or running today. A row is
    read once for the node's processes (memo.shared_many: ~6 KB, its relations held as
    rows (kept_rows), 0.1 ms to read back, where 20 rows are 8 queries and ~25 ms)."""
    day = timezone.localdate()

    def read(keys):
        wanted = {f"{day}:{pk}": (day, pk) for _day, pk in keys}
        rows = memo.shared_many(
            "card-row", list(wanted), lambda missing: _read_card_rows(missing, wanted)
        )
        return {wanted[name]: row for name, row in _with_shared_categories(rows).items()}

    keys = [(day, pk) for pk in ids]
    rows = memo.kept("card-rows", keys, read, per_language=False, most=settings.MEMO_KEPT_ROWS)
    return {key[1]: rows[key] for key in keys if key in rows}


# What a card never shows: the long texts of the service's page, in every language. Left
# out, a kept row is smaller, and quicker to read.
NOT_ON_CARDS = [
    f"{name}_{code}"
    for name in ("description", "how_to_access", "fees")
    for code in CONTENT_LANGUAGES
] + ["hsds_extra", "email", "website"]


def _read_card_rows(names, wanted):
    """{name: row} of the public services among wanted[name] = (day, id)."""
    ids = {wanted[name][1]: name for name in names}
    rows = kept_rows.read(
        Service.objects.public().for_cards().defer(*NOT_ON_CARDS).filter(pk__in=ids)
    )
    return {ids[row.pk]: kept_rows.kept(row) for row in rows}


def _with_shared_categories(rows):
    # Twenty categories serve every row: kept once, not once per service (a third of it).
    shared = memo.remembered("card-categories", dict, per_language=False)
    for service in rows.values():
        categories = service._prefetched_objects_cache["categories"]
        categories._result_cache = [shared.setdefault(c.pk, c) for c in categories]
    return rows
