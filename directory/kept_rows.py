"""Model rows kept for long (memo.kept) and read back by every process (memo.shared):
their prefetched relations held as rows, without their queries.

A prefetched relation is a QuerySet holding its rows, and its query: the Prefetch's own,
with the relation's filter waiting on the row it belongs to. Pickled, those queries were
60% of a card row (~15 KB with them, ~6 KB without) and half the time to read it back;
read back, the row took 82 KB of memory with them, 31 KB without. A kept row's relations are
only read (`service.phones.all()`, `{% for category in service.categories.all %}`), never
queried again: what would run a query on one (a filter, an ordering, `first()`) fails
loudly instead, rather than read the database once per row, or answer wrongly.
"""

import copyreg
import hashlib
import pickle
from collections import defaultdict

import django
from django.db.models import Prefetch, QuerySet
from django.db.models.base import DJANGO_VERSION_PICKLE_KEY, model_unpickle
from django.db.models.query import ModelIterable


class KeptRelation(QuerySet):
    """The rows of a prefetched relation, as `service.locations.all()` gives them."""

    def __reduce__(self):
        return (_holding, (self.model, self._result_cache))

    @property
    def query(self):
        raise TypeError(
            f"these {self.model._meta.verbose_name_plural} belong to a kept row, whose "
            "relations are read, not queried: ask the database for them instead"
        )


def _holding(model, rows):
    relation = KeptRelation.__new__(KeptRelation)
    # What QuerySet.__init__ sets, for a QuerySet whose rows are all read already.
    relation.__dict__.update(
        model=model,
        _db=None,
        _hints={},
        _result_cache=rows,
        _sticky_filter=False,
        _for_write=False,
        _prefetch_related_lookups=(),
        _prefetch_done=True,
        _known_related_objects={},
        _iterable_class=ModelIterable,
        _fields=None,
        _defer_next_filter=False,
        _deferred_filter=None,
    )
    return relation


def read(queryset):
    """The rows of `queryset`, its prefetch_related lookups read as Django reads them, a
    query each, and held as a kept row holds them (KeptRelation, `to_attr` a list).

    Django makes a QuerySet for each row and relation it prefetches, to hold its rows: for
    twenty card rows, 140 QuerySets and some 40% of the time to read them. A lookup is a
    relation's name or a Prefetch of one relation (`Prefetch("locations", queryset=…)`,
    whose queryset may prefetch in turn); a path through relations is refused."""
    rows = list(queryset.prefetch_related(None))
    _prefetch(rows, queryset._prefetch_related_lookups)
    return rows


def _prefetch(rows, lookups):
    for lookup in lookups:
        lookup = lookup if isinstance(lookup, Prefetch) else Prefetch(lookup)
        name = lookup.prefetch_through
        if "__" in name:
            raise ValueError(f"{name}: prefetch each relation with a Prefetch of its own")
        if not rows:
            continue
        manager = getattr(rows[0], name)  # as prefetch_related: the first row's manager
        querysets, inner = None, ()  # None: the relation's default queryset
        if (queryset := lookup.queryset) is not None:
            querysets, inner = [queryset.prefetch_related(None)], queryset._prefetch_related_lookups
        found = manager.get_prefetch_querysets(rows, querysets)
        related, of_related, of_row, single, cache_name = found[:5]
        if single:
            raise ValueError(f"{name}: a row's single relation is read with select_related")
        related = list(related)
        _prefetch(related, inner)
        grouped = defaultdict(list)
        for item in related:
            grouped[of_related(item)].append(item)
        for row in rows:
            held = grouped.get(of_row(row), [])
            if lookup.to_attr:
                setattr(row, lookup.to_attr, held)
            else:
                cache = row.__dict__.setdefault("_prefetched_objects_cache", {})
                cache[cache_name] = _holding(manager.model, held)


def kept(row):
    """`row`, its prefetched relations (and theirs) made KeptRelations: to be kept, with
    `kept_digest`, a digest of all it holds, which changes with any of it: what is made
    from the row alone (a card's HTML, with the page's language) is named by it, and stays
    true while the directory changes elsewhere (`{% remembered … from row %}`)."""
    _relations_kept(row)
    row.__dict__.pop("kept_digest", None)
    held = pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL)
    row.kept_digest = hashlib.blake2b(held, digest_size=16).hexdigest()
    return row


def _relations_kept(row):
    relations = getattr(row, "_prefetched_objects_cache", None)
    if relations:
        for name, related in relations.items():
            rows = [_relations_kept(item) for item in related]
            relations[name] = _holding(related.model, rows)
    return row


def pickled_by_class(models):
    """Rows of `models` pickled naming their class, where Django names its app label and
    model name: read back, each row then looked its model up in the app registry, and a
    card row holds about a hundred rows (40% of the time to read one back). Everything
    else is Model.__reduce__'s (its state, Django's version)."""
    for model in models:
        copyreg.pickle(model, _reduced)


def _reduced(row):
    state = row.__getstate__()
    state[DJANGO_VERSION_PICKLE_KEY] = django.__version__
    return model_unpickle, (type(row),), state
