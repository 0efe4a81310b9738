"""Residents' searches, counted anonymously by week, so that the vocabulary grows from use.

A search with a text or a place (the search page, in every language, page 1) and the
API's `search=` add one to the row of its week (Monday) that holds what is kept of it:

- its text, normalised (lower case, no accents, no punctuation), its first MAX_WORDS
  words and MAX_TEXT characters at most. A text that may say who someone is, where they
  live or how to reach them is not kept, only counted as such: any digit (a phone, a
  house number, a date of birth, a national number), an "@" or a web address, a word for
  a street. A text in a script the engine does not read is counted as such, without it;
- the page's language, the number of results (up to RESULTS_CAP) and the slugs of the
  categories the text names or the search filters on;
- at most a commune or a quartier: the one `near` names (a postcode or a commune: the
  commune; a quartier's name: that quartier), or, for a position or a street address,
  the quartier it lies in (and its commune); without `near`, the commune or quartier
  filter. Never the point, the address typed, the time, the visitor (no IP, no cookie).

Rows of weeks older than SEARCH_COUNTS_WEEKS are deleted by `purge_search_counts`, and,
should no cron run it, at the first count of each day in each process.

The view attaches what it counts to its response (`attach`); SearchCountMiddleware (here),
outside the page cache, writes it (`record`), so a page served from the cache is counted
too: the cache keeps the count with the page. A process writes its searches together,
within SEARCH_COUNTS_FLUSH_SECONDS, in one upsert (`flush`); a failure is logged and the
page goes out as if nothing happened.
"""

import atexit
import hashlib
import logging
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connections, router
from django.utils import timezone, translation

from .. import geo
from ..models import Quartier, SearchCount
from ..models.search_counts import RESULTS_CAP
from ..text import normalise, unreadable_script
from .engine import MAX_QUERY_LENGTH, MAX_QUERY_WORDS
from .filters import areas_by_code, looks_like_address

logger = logging.getLogger("quartier.search_counts")

MAX_WORDS = MAX_QUERY_WORDS
MAX_TEXT = SearchCount._meta.get_field("text").max_length
# An e-mail address or a web address, in the text as typed (normalising drops "@").
_REACHABLE = re.compile(r"@|https?:|www\.", re.IGNORECASE)

Kind = SearchCount.Kind


@dataclass(frozen=True)
class Search:
    """What a count keeps of one search (stored with a cached page, so plain values)."""

    kind: str
    text: str
    language: str
    commune_id: int | None
    quartier_id: int | None
    results: int
    categories: str  # " slug slug " or ""


def kept_text(typed):
    """(kind, text) of a search's typed text: what may be kept of it, and why not if not.

    None for a text with nothing to search (empty, punctuation only)."""
    typed = (typed or "")[:MAX_QUERY_LENGTH]
    words = normalise(typed).split()
    if not words:
        return (Kind.UNREADABLE, "") if unreadable_script(typed) else None
    if _REACHABLE.search(typed) or looks_like_address(typed) or looks_like_address(" ".join(words)):
        return Kind.WITHHELD, ""
    text = " ".join(words[:MAX_WORDS])
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT + 1].rsplit(" ", 1)[0][:MAX_TEXT]
    return Kind.TEXT, text


# Outside any quartier's boundary (none imported, or at the Region's edge), a position
# belongs to the quartier with the nearest centre, if one is this close.
QUARTIER_REACH_M = 2000


def _quartier_at(lat, lon):
    """The quartier a position lies in, by the boundaries, else by the nearest centre."""
    quartiers = Quartier.objects.all()
    if quartier := geo.area_at(quartiers, lat, lon):
        return quartier
    nearest = geo.nearest_area(quartiers, lat, lon)
    if nearest is None:
        return None
    distance = geo.distance_m(lat, lon, float(nearest.latitude), float(nearest.longitude))
    return nearest if distance <= QUARTIER_REACH_M else None


def area_of(data):
    """(commune id, quartier id) a search is about, from its cleaned data: at most a
    commune or a quartier (with its commune), never anything finer."""
    point, quartier, commune = data.get("near"), data.get("quartier"), data.get("commune")
    if point is not None:
        quartier = commune = None
        communes, quartiers = areas_by_code()
        if point.quartier:  # the text named a quartier
            quartier = quartiers.get(point.quartier)
        elif point.commune:  # a postcode, a commune, a locality: the commune, not a spot in it
            commune = communes.get(point.commune)
        else:  # a position or a street address: the quartier around it, never the point
            quartier = _quartier_at(point.lat, point.lon)
    if quartier is not None:
        return quartier.commune_id, quartier.pk
    return (commune.pk if commune else None), None


def searched(request, found, results, needs_text=False):
    """What a count keeps of the search `found` (a bound ServiceFilter whose results were
    read) that gave `results` results; None when it is not counted: counting is off, a
    page after the first, nothing typed and no place (the API: no text)."""
    if not (settings.SEARCH_COUNTS_WEEKS and found.is_bound):
        return None
    if request.GET.get("page", "1") not in ("", "1"):
        return None
    found.form.errors  # noqa: B018 -- runs validation once; cleaned_data holds what is valid
    data = found.form.cleaned_data
    # The words searched: a place among them ("colis 1080") is where, counted as the area.
    kept = kept_text(found.result.query.text if found.result else data.get("q"))
    if kept is None and (needs_text or data.get("near") is None):
        return None
    kind, text = kept or (Kind.PLACE, "")
    # The needs a text names, only for a text kept: a withheld one says nothing of itself.
    named = set(found.result.query.categories) if found.result and kind == Kind.TEXT else set()
    named |= {category.slug for category in data.get("category") or ()}
    commune_id, quartier_id = area_of(data)
    return Search(
        kind=kind,
        text=text,
        language=(translation.get_language() or settings.LANGUAGE_CODE)[:8],
        commune_id=commune_id,
        quartier_id=quartier_id,
        results=min(results, RESULTS_CAP),
        categories=f" {' '.join(sorted(named))} " if named else "",
    )


def attach(response, search):
    """Gives the response the search to count, for SearchCountMiddleware (and the cache)."""
    response.search_count = search
    return response


def week_of(day):
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def first_week_kept(today=None):
    """The Monday of the oldest week kept: SEARCH_COUNTS_WEEKS weeks, this one included."""
    this_week = week_of(today or timezone.localdate())
    return this_week - timedelta(weeks=settings.SEARCH_COUNTS_WEEKS - 1)


def kept(queryset=None, today=None):
    """The rows of the weeks kept (reads never show an older one, purged or not)."""
    queryset = SearchCount.objects.all() if queryset is None else queryset
    return queryset.filter(week__gte=first_week_kept(today))


def purge(today=None):
    """Deletes the rows of weeks older than those kept; returns how many."""
    deleted, _by_model = SearchCount.objects.filter(week__lt=first_week_kept(today)).delete()
    return deleted


_purged_on = None  # the day this process last purged
# Searches not written yet: (week, Search) -> how many, since the monotonic time held.
_pending = {"searches": Counter(), "since": None}
_pending_lock = threading.Lock()
# Past this many rows waiting, they are written whatever SEARCH_COUNTS_FLUSH_SECONDS says.
MAX_PENDING = 500


def record(search, today=None):
    """Adds one to the row of `search` this week; True if counted (or waiting to be).

    A process writes the searches it counted together, at most SEARCH_COUNTS_FLUSH_SECONDS
    after the first (0: each at once), and when it exits: one statement for many
    searches rather than one each. Never raises.
    """
    today = today or timezone.localdate()
    now = time.monotonic()
    with _pending_lock:
        _pending["searches"][(week_of(today), search)] += 1
        since = _pending["since"] = _pending["since"] or now
        due = now - since >= settings.SEARCH_COUNTS_FLUSH_SECONDS
        if not due and len(_pending["searches"]) < MAX_PENDING:
            return True
    return flush(today)


def flush(today=None):
    """Writes the searches counted and not written yet; True if they were (or none waited).

    INSERT … ON CONFLICT DO UPDATE is the same on PostgreSQL and SQLite (3.24+): two
    processes counting the same search each add theirs, whichever creates the row.
    """
    global _purged_on
    with _pending_lock:
        batch, _pending["searches"], _pending["since"] = _pending["searches"], Counter(), None
    if not batch:
        return True
    today = today or timezone.localdate()
    try:
        if _purged_on != today:
            purge(today)
            _purged_on = today
        _upsert(batch)
    except Exception:
        logger.warning("search not counted (%d)", sum(batch.values()), exc_info=True)
        return False
    return True


atexit.register(flush)


def _upsert(batch):
    """One statement for the rows of `batch` ({(week, Search): searches})."""
    connection = connections[router.db_for_write(SearchCount)]
    rows = []
    for (week, search), searches in batch.items():
        values = {
            "week": connection.ops.adapt_datefield_value(week),
            "kind": search.kind,
            "text": search.text,
            "language": search.language,
            "commune_id": search.commune_id,
            "quartier_id": search.quartier_id,
            "results": search.results,
            "categories": search.categories,
        }
        values["key"] = hashlib.sha256(
            "|".join("" if v is None else str(v) for v in values.values()).encode()
        ).hexdigest()
        rows.append([*values.values(), searches])
    rows.sort(key=lambda row: row[-2])  # by key: writers lock rows in one order
    quote = connection.ops.quote_name
    table = quote(SearchCount._meta.db_table)
    columns = [*values, "searches"]
    one = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(map(quote, columns))})"  # noqa: S608 -- our names
            f" VALUES {', '.join([one] * len(rows))}"
            f" ON CONFLICT ({quote('key')})"
            f" DO UPDATE SET {quote('searches')} = {table}.{quote('searches')}"
            f" + EXCLUDED.{quote('searches')}",
            [value for row in rows for value in row],
        )


class SearchCountMiddleware:
    """Counts the search a page answered, whether its view computed it or the page cache,
    below this middleware, served it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        search = getattr(response, "search_count", None)
        if search is not None and request.method == "GET" and response.status_code == 200:
            record(search)
        return response
