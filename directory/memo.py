"""What every request would compute alike from the directory, computed once per process
and language until the directory changes: the options of the search form, the home
page's figures, counts that many pages ask for.

Every change to the directory bumps a version (page_cache.directory_changed, also on the
save and delete signals of its models). A process forgets its values at once when the
change is its own, and learns of another process's change by reading the shared version
(Redis, when REDIS_URL is set) at most once every VERSION_CHECK_SECONDS. Without a shared
cache, processes cannot tell each other: a value then lives MAX_AGE_SECONDS at most.

Values kept for many keys (each service's item in the API's list, its card rows) are kept
by `kept`, at most a given number of each kind (MEMO_KEPT_ITEMS unless told otherwise),
the least recently used forgotten first. Those whose keys name all they are made from (a
digest of the rows they show: kept_rows.kept) are `lasting`: they stay true whatever
changes, and are kept across changes to the directory, the least recently used forgotten.

Exact counts asked for with many filter sets (the API's `total_items`), and what a search
answers, are kept in Django's cache as well (Redis in production, bounded by its
eviction), under the version, so that the processes of a node compute them once:
`shared` and `counted` below.
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .transactions import waiting

VERSION_KEY = "page-cache:version"
# The key under which a change waits for its transaction to commit to bump the version.
CHANGE = "page-cache"
# How long a count stays in the cache (the version makes it old sooner).
COUNT_SECONDS = 24 * 3600
# How long another shared value does: rows are ~10 KB, and each change to the directory
# leaves those of the version before to expire.
SHARED_SECONDS = 600
VERSION_CHECK_SECONDS = 1
MAX_AGE_SECONDS = 60

_lock = threading.Lock()
_values = {}  # key -> (value, computed at)
_kept = {}  # name -> OrderedDict((language, key) -> (value, computed at)), oldest use first
_lasting = {}  # the same, for `kept(..., lasting=True)`: never cleared
_shared = {"version": None, "checked": 0.0}
_cleared = [0]  # how many times the kept values were forgotten (see `kept`)
# (name, language, key) -> threading.Event set when the thread computing it is done.
_flying = {}
# How long a thread waits for another's computation before it computes the value itself.
FLIGHT_SECONDS = 5


def forget(lasting=False):
    """Forgets every value this process keeps (the directory changed here); the lasting
    ones too if told (a test starts afresh)."""
    with _lock:
        _values.clear()
        _kept.clear()
        if lasting:
            _lasting.clear()
        _cleared[0] += 1


def _shared_version():
    try:
        return cache.get_or_set(VERSION_KEY, 1, timeout=None)
    except Exception:  # the cache is down: keep values for MAX_AGE_SECONDS, as without it
        return None


def _check_shared(now):
    if now - _shared["checked"] < VERSION_CHECK_SECONDS:
        return
    saw_version(_shared_version(), now)


def saw_version(version, now=None):
    """The shared version as just read (by the page cache, for each request it looks up):
    a change another process made is then known at once, not within a second."""
    if not settings.MEMO_SHARED:  # a cache of this process's own: it knows its changes
        return
    now = time.monotonic() if now is None else now
    with _lock:
        if version != _shared["version"]:
            _values.clear()
            _kept.clear()
            _cleared[0] += 1
            _shared["version"] = version
        _shared["checked"] = now


def remembered(name, compute, *, per_language=True):
    """`compute()`'s value, computed once while the directory stays as it is (per language
    unless told otherwise: labels and names are in the page's language)."""
    now = time.monotonic()
    if settings.MEMO_SHARED:
        _check_shared(now)
    key = (name, get_language() if per_language else None)
    found = _values.get(key)
    if found is not None and (settings.MEMO_SHARED or now - found[1] < MAX_AGE_SECONDS):
        return found[0]
    value = compute()
    with _lock:
        _values[key] = (value, now)
    return value


def kept(name, keys, compute, *, per_language=True, most=None, lasting=False):
    """{key: value} for each of `keys` that has one: those this process keeps, and for
    the others `compute(missing keys)`'s {key: value}, kept in turn while the directory
    stays as it is (per language unless told otherwise), `most` of this name at most
    (MEMO_KEPT_ITEMS by default). The values are shared by the process's requests:
    callers must not change them.

    While this process's own change waits for its transaction to commit, what is computed
    is not kept: the transaction may roll back; nor what was read before a change that
    another thread of this process made meanwhile.

    A value is computed by one thread at a time: when many requests ask for it at once
    (a popular search, right after a change), the others wait for it (FLIGHT_SECONDS at
    most) rather than compute it too.

    `lasting` values are named by their keys alone, whose values say all they are made
    from (a digest of the rows they show): a change to the directory leaves them true, and
    they are kept across it; what a change that rolls back made is kept under keys no row
    will have."""
    now = time.monotonic()
    if settings.MEMO_SHARED and not lasting:
        _check_shared(now)
    language = get_language() if per_language else None
    stores = _lasting if lasting else _kept
    cleared = _cleared[0]
    found, missing = _found(stores, name, language, keys, now, lasting)
    if not missing:
        return found
    if not lasting and waiting(CHANGE):  # read inside this request's own change: its own
        return found | compute(missing)
    claimed, awaited = _claim(name, language, missing)
    try:
        if claimed:
            computed = compute(claimed)
            found |= computed
            with _lock:
                if lasting or _cleared[0] == cleared:
                    store = stores.setdefault(name, OrderedDict())
                    for key, value in computed.items():
                        store[(language, key)] = (value, now)
                        store.move_to_end((language, key))
                    while len(store) > (most or settings.MEMO_KEPT_ITEMS):
                        store.popitem(last=False)
    finally:
        _land(name, language, claimed)
    if awaited:
        for _key, flight in awaited:
            flight.wait(FLIGHT_SECONDS)
        landed, rest = _found(stores, name, language, [key for key, _ in awaited], now, lasting)
        found |= landed
        if rest:  # not kept by the thread that computed them (a change came meanwhile)
            found |= compute(rest)
    return found


def _found(stores, name, language, keys, now, lasting):
    """({key: value} kept, [keys missing])."""
    found, missing = {}, []
    with _lock:
        store = stores.setdefault(name, OrderedDict())
        for key in keys:
            entry = store.get((language, key))
            if entry is not None and (
                lasting or settings.MEMO_SHARED or now - entry[1] < MAX_AGE_SECONDS
            ):
                store.move_to_end((language, key))
                found[key] = entry[0]
            else:
                missing.append(key)
    return found, missing


def _claim(name, language, keys):
    """(the keys this thread computes, [(key, event) another thread computes now])."""
    claimed, awaited = [], []
    with _lock:
        for key in keys:
            flight = _flying.get((name, language, key))
            if flight is None:
                _flying[(name, language, key)] = threading.Event()
                claimed.append(key)
            else:
                awaited.append((key, flight))
    return claimed, awaited


def _land(name, language, claimed):
    with _lock:
        for key in claimed:
            _flying.pop((name, language, key)).set()


def counted(name, count):
    """`count()`, an exact figure, kept in the cache under the directory's version until
    it changes. `name` says what is counted (a digest of the filters, for instance)."""
    return shared(f"count:{name}", count, COUNT_SECONDS)


# What a release is made of, for `release_of`: every file the pages are made from.
RELEASE_FOLDERS = ("directory", "quartier", "templates", "locale", "static")


def release_of(root):
    """A digest of the release whose project folder is `root`."""
    digest = hashlib.blake2b(digest_size=6)
    for folder in RELEASE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def release():
    """This process's release: a shared value holds model rows or readings of queries,
    whose form changes from one release to the next, and the processes of a new release
    may share the cache with those of the old (one node after another)."""
    return release_of(Path(__file__).resolve().parent.parent)


def digest(value):
    """A short name for `value` (its repr) in a key the cache accepts: the same in every
    process, for values whose repr is (strings, numbers, dates, tuples of them)."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def shared(name, compute, seconds=SHARED_SECONDS):
    """`compute()`'s value (small, picklable), kept in the cache under the directory's
    version until it changes (`seconds` at most), for every process of the node: what one
    computed, the others read. `name` says what it is, in a key the cache accepts."""
    return shared_many("", [name], lambda _names: {name: compute()}, seconds)[name]


def shared_many(name, keys, compute, seconds=SHARED_SECONDS):
    """{key: value} for `keys` (each a string the cache accepts), as `shared` keeps one
    value, for many at once: those the cache holds for this version, and for the others
    `compute(missing keys)`'s {key: value}, stored in turn (`seconds` at most).

    While this process's own change waits for its transaction to commit, the version is
    not bumped yet: the values are computed, not read nor kept. Without a shared cache a
    value lives MAX_AGE_SECONDS at most, as `remembered` values do.
    """
    if waiting(CHANGE):
        return compute(keys)
    version = _shared_version()
    if version is None:
        return compute(keys)
    prefix = f"{version}:{release()}:{name}:"
    try:
        found = cache.get_many([prefix + key for key in keys])
    except Exception:  # the cache is down: compute, as without it
        return compute(keys)
    values = {key: found[prefix + key] for key in keys if prefix + key in found}
    if missing := [key for key in keys if key not in values]:
        computed = compute(missing)
        timeout = seconds if settings.MEMO_SHARED else MAX_AGE_SECONDS
        try:
            cache.set_many({prefix + key: value for key, value in computed.items()}, timeout)
        except Exception:
            pass
        values |= computed
    return values
