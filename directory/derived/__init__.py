"""Everything computed from other columns, in one place, on sets of ids.

Derived data: a service's points (the public points of its places, see places.py: the
first and their number on its row, all of them as ServicePoints when there are several),
search document and category list; the quartiers each published service covers and
the categories each quartier has, for the staff coverage page; a place's commune and
quartier; workers' search text; the search vocabulary; and the `modified` version of a
service whose place, phone, hours or status changed (locking.py), and of a place whose
hours changed.

Signals (signals.py) only `mark` ids. The marks of a transaction are flushed once, when
it commits (at once in autocommit), in a handful of queries whatever the number of ids:
`flush` reads the sources of each kind in one query and writes each kind once. Bulk
paths (the HSDS importer, `import_boundaries`, `load_demo`, `seed_bench`) call the same
functions on their sets after their batches; the importer and `seed_bench`, which hold
the rows in memory, call the rules themselves (`service_document`, `service_points`).
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from .. import geo, places
from ..models import Category, Location, SearchTerm, Service, ServicePoint, Worker
from ..models.areas import PLACE_AREAS, PLACE_AREAS_GEOMETRY
from ..page_cache import directory_changed
from ..search.engine import document
from ..search.vocabulary import MIN_TYPO_LENGTH
from ..staff import vocabulary
from ..text import normalise, tokens
from ..transactions import on_commit_once
from ..translation import CONTENT_LANGUAGES, all_languages
from .coverage import refresh_reach

# What may be marked: each a set of ids, resolved and recomputed by `flush`.
KINDS = (
    "documents",  # services whose names, descriptions or categories changed
    "points",  # services whose places moved, appeared, went or changed their secrecy
    "edited",  # services edited through a part (place, phone, hours, status): `modified`
    "edited_places",  # places whose hours changed: their `modified`, and their services'
    "organisations",  # renamed organisations: their services' documents, workers' text
    "categories",  # renamed categories: their services' documents
    "workers",  # workers whose profile or organisations changed
)

# Set by tests/conftest.py: flush on every mark, as test transactions never commit.
FLUSH_AT_ONCE = False

_state = threading.local()


def _pending(using):
    if not hasattr(_state, "pending"):
        _state.pending = {}
    return _state.pending.setdefault(using, {kind: set() for kind in KINDS})


def mark(kind, ids, using=DEFAULT_DB_ALIAS):
    """Notes that the derived data of `ids` (of `kind`, see KINDS) needs recomputing."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    _pending(using)[kind] |= ids
    if FLUSH_AT_ONCE and not getattr(_state, "batched", 0):
        flush(using)
        return
    on_commit_once("derived", lambda: flush(using), using)


@contextmanager
def batched(using=DEFAULT_DB_ALIAS):
    """A bulk writer's block (load_demo), which flushes what its rows marked itself, once,
    on the whole set: with FLUSH_AT_ONCE (tests), its marks wait for its end too, as
    they wait for the commit otherwise, instead of a flush per row saved (712 for the
    demo: 10 s)."""
    _state.batched = getattr(_state, "batched", 0) + 1
    try:
        yield
    finally:
        _state.batched -= 1
    if FLUSH_AT_ONCE and not _state.batched:
        flush(using)


def flush(using=DEFAULT_DB_ALIAS):
    """Recomputes everything marked so far on this connection; returns what it did."""
    pending = _pending(using)
    marked = {kind: set(ids) for kind, ids in pending.items() if ids}
    for ids in pending.values():
        ids.clear()
    if not marked:
        return {}
    reached = set().union(marked.get("documents", ()), marked.get("points", ()))
    with transaction.atomic(using=using, savepoint=False):
        if organisations := marked.get("organisations"):
            renamed = Service._base_manager.filter(organisation_id__in=organisations)
            marked.setdefault("documents", set()).update(renamed.values_list("pk", flat=True))
            workers = Worker.organisations.through.objects.filter(organisation_id__in=organisations)
            marked.setdefault("workers", set()).update(workers.values_list("worker_id", flat=True))
        if categories := marked.get("categories"):
            links = Service.categories.through.objects.filter(category_id__in=categories)
            marked.setdefault("documents", set()).update(links.values_list("service_id", flat=True))
        if places_edited := marked.get("edited_places"):
            edited = Location._base_manager.filter(pk__in=places_edited)
            edited.update(modified=timezone.now())
            marked.setdefault("edited", set()).update(edited.values_list("service_id", flat=True))
        refresh_services(
            documents=marked.get("documents", ()),
            points=marked.get("points", ()),
            edited=marked.get("edited", ()),
        )
        if reached:
            refresh_reach(reached)
        refresh_workers(marked.get("workers", ()))
        if marked.get("documents"):
            # New documents, new vocabulary: what memo.py keeps of a query's reading is
            # old once they commit, whenever the change that marked them bumped.
            directory_changed()
    return marked


# Services ------------------------------------------------------------------------------


def service_document(names, category_words, descriptions):
    """A service's search document (search.engine.document) from its texts."""
    return document(names, category_words, descriptions)


def category_words(category):
    """What a category adds to the documents of its services: names and synonyms."""
    return all_languages(category, "name") + category.synonyms()


def category_list(slugs):
    """The categories of a service as one string, for ranking without a join."""
    return " " + " ".join(sorted(slugs)) + " "


def build_document(service):
    """The search document of one Service instance (with its organisation and categories)."""
    words = [w for category in service.categories.all() for w in category_words(category)]
    return service_document(
        all_languages(service, "name") + all_languages(service.organisation, "name"),
        words,
        all_languages(service, "description"),
    )


def service_point(locations):
    """A service's sort point from its places (Location rows or dicts with their columns
    and `centre`, their commune's centre): the public point of the first by id."""
    return places.sort_point(sorted((_public(loc) for loc in locations), key=lambda p: p.id))


def service_points(locations):
    """The public points of a service's places (as `service_point` reads them), each once,
    in the order of the places' ids: its ServicePoints, the first its sort point."""
    public = sorted((_public(loc) for loc in locations), key=lambda p: p.id)
    return list(dict.fromkeys((p.latitude, p.longitude) for p in public if p.latitude is not None))


def _public(location):
    if isinstance(location, dict):
        latitude, longitude = places.public_point(
            location["address_hidden"],
            location["latitude"],
            location["longitude"],
            location["centre"],
        )
        return _Point(location["id"], latitude, longitude)
    return location.public


class _Point:
    __slots__ = ("id", "latitude", "longitude")

    def __init__(self, id, latitude, longitude):
        self.id, self.latitude, self.longitude = id, latitude, longitude


def _documents(ids):
    """{service id: (document, category list)} read in three queries."""
    ordered = list(Category.objects.all())  # in the order Service.categories gives them
    rank = {c.pk: i for i, c in enumerate(ordered)}
    of_service = defaultdict(list)
    links = Service.categories.through.objects.filter(service_id__in=ids)
    for service_id, category_id in links.values_list("service_id", "category_id"):
        of_service[service_id].append(rank[category_id])
    texts = [f"{key}_{code}" for key in ("name", "description") for code in CONTENT_LANGUAGES]
    org_names = [f"organisation__name_{code}" for code in CONTENT_LANGUAGES]
    rows = Service._base_manager.filter(pk__in=ids).values("pk", *texts, *org_names)
    computed = {}
    for row in rows:
        chosen = [ordered[i] for i in sorted(of_service[row["pk"]])]
        names = [row[f"name_{c}"] for c in CONTENT_LANGUAGES] + [row[n] for n in org_names]
        text = service_document(
            [n for n in names if n],
            [w for category in chosen for w in category_words(category)],
            [row[f"description_{c}"] for c in CONTENT_LANGUAGES if row[f"description_{c}"]],
        )
        computed[row["pk"]] = (text, category_list(c.slug for c in chosen))
    return computed


def _points(ids):
    """{service id: [(latitude, longitude)]}, its public points, read in one query."""
    located = defaultdict(list)
    rows = Location._base_manager.filter(service_id__in=ids)
    for location in rows.select_related(*PLACE_AREAS).defer(*PLACE_AREAS_GEOMETRY):
        located[location.service_id].append(location)
    return {pk: service_points(located[pk]) for pk in ids}


def write_points(points):
    """Replaces the ServicePoints of services, {service id: [(latitude, longitude)]}: those
    of a service with several points (one is on its row only)."""
    ServicePoint.objects.filter(service_id__in=list(points)).delete()
    ServicePoint.objects.bulk_create(
        [
            ServicePoint(service_id=pk, latitude=latitude, longitude=longitude)
            for pk, found in points.items()
            if len(found) > 1
            for latitude, longitude in found
        ],
        batch_size=2000,
    )


def refresh_services(documents=(), points=(), edited=()):
    """Recomputes the documents and points of these services; moves `edited` ones' version.

    Each service gets one UPDATE (or one per group of services changed alike, when many
    are), its ServicePoints one DELETE and one INSERT with all the others; the words of
    new documents join the vocabulary.
    """
    documents, points, edited = set(documents), set(points), set(edited)
    values = defaultdict(dict)
    if documents:
        for pk, (text, slugs) in _documents(documents).items():
            values[pk] |= {"search_document": text, "search_categories": slugs}
        add_terms(
            word
            for pk in documents
            if pk in values
            for word in values[pk]["search_document"].split()
        )
    if points:
        found = _points(points)
        for pk, public in found.items():
            latitude, longitude = public[0] if public else (None, None)
            values[pk] |= {"latitude": latitude, "longitude": longitude}
            values[pk]["point_count"] = len(public)
        write_points(found)
    now = timezone.now()
    for pk in edited:
        values[pk]["modified"] = now
    _write(Service, values)


def _write(model, values):
    """One UPDATE per row, or bulk updates grouped by the columns written."""
    if len(values) == 1:
        ((pk, columns),) = values.items()
        model._base_manager.filter(pk=pk).update(**columns)
        return
    groups = defaultdict(list)
    for pk, columns in values.items():
        groups[tuple(sorted(columns))].append(model(pk=pk, **columns))
    for fields, rows in groups.items():
        model._base_manager.bulk_update(rows, fields, batch_size=500)


def add_terms(terms):
    """Adds words of documents to the vocabulary that typos are corrected against."""
    terms = {t for t in terms if t != "|" and len(t) >= MIN_TYPO_LENGTH - 1}
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t) for t in terms], ignore_conflicts=True, batch_size=2000
    )


# Places --------------------------------------------------------------------------------


def locate_place(location):
    """Sets the commune and quartier of a place about to be written, from its point.

    Done as the row is written (not at the flush), so the row and its history agree.
    """
    if location.has_point:
        location.commune, location.quartier = geo.locate(
            location.lat, location.lon, location.postcode
        )


def relocate_places(ids=None):
    """Recomputes the commune and quartier of these places (all, for None) from their
    points, in one pass; the services of those that moved get their point again.
    Returns how many places have a point."""
    rows = Location._base_manager.exclude(latitude=None).exclude(longitude=None)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    rows = list(
        rows.values_list(
            "pk", "service_id", "latitude", "longitude", "postcode", "commune_id", "quartier_id"
        )
    )
    points = [(lat, lon, postcode) for _, _, lat, lon, postcode, *_ in rows]
    located = geo.AreaLocator().locate(points)
    changed, services = {}, set()
    for (pk, service_id, *_, commune_id, quartier_id), areas in zip(rows, located, strict=True):
        if areas != (commune_id, quartier_id):
            changed[pk] = {"commune_id": areas[0], "quartier_id": areas[1]}
            services.add(service_id)
    _write(Location, changed)
    # A refuge sorts at its commune's centre: when its commune changes, so does the point.
    refresh_services(points=services)
    return len(rows)


# Workers -------------------------------------------------------------------------------


def worker_text(words):
    """What `WorkerQuerySet.matching` reads: the words, the other forms of the functions
    they name (every gender, number and language, staff/vocabulary.py), and every form of
    each word (text.tokens), between spaces so that a whole form can be looked for."""
    text = normalise(" ".join(w for w in words if w))
    forms = dict.fromkeys(tokens(f"{text} {vocabulary.other_forms(text)}"))
    return f" {text} {' '.join(forms)} "


def worker_texts(name, function, can_help_with, organisation_names):
    """A worker's search text (everything) and function text (what "Fonction" reads)."""
    return {
        "search_text": worker_text([name, function, can_help_with, *organisation_names]),
        "function_text": worker_text([function]),
    }


def refresh_workers(ids):
    """Recomputes the search texts of these workers, in two reads and one write each."""
    if not ids:
        return
    names = defaultdict(list)
    links = Worker.organisations.through.objects.filter(worker_id__in=ids)
    links = links.order_by("organisation__name_fr", "pk")
    org_names = [f"organisation__name_{code}" for code in CONTENT_LANGUAGES]
    for worker_id, *names_of_org in links.values_list("worker_id", *org_names):
        names[worker_id] += names_of_org
    rows = Worker.objects.filter(pk__in=ids).values_list("pk", "name", "function", "can_help_with")
    _write(
        Worker,
        {
            pk: worker_texts(name, function, help_with, names[pk])
            for pk, name, function, help_with in rows
        },
    )
