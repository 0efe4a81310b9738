"""What every request would compute alike from the directory, computed once per process
and language until the directory changes: the options of the search form, the home
page's figures, counts that many pages ask for.

Every change to the directory bumps a version (page_cache.directory_changed, also on the
save and delete signals of its models). A process forgets its values at once when the
change is its own, and learns of another process's change by reading the shared version
(Redis, when REDIS_URL is set) at most once every VERSION_CHECK_SECONDS. Without a shared
cache, processes cannot tell each other: a value then lives MAX_AGE_SECONDS at most.

Exact counts asked for with many filter sets (the API's `total_items`) are not kept here
but in Django's cache (Redis in production, bounded by its eviction), under the version:
`counted` below.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .transactions import waiting

VERSION_KEY = "page-cache:version"
# The key under which a change waits for its transaction to commit to bump the version.
CHANGE = "page-cache"
# How long a count stays in a shared cache (the version makes it old sooner).
COUNT_SECONDS = 24 * 3600
VERSION_CHECK_SECONDS = 1
MAX_AGE_SECONDS = 60

_lock = threading.Lock()
_values = {}  # key -> (value, computed at)
_shared = {"version": None, "checked": 0.0}


def forget():
    """Forgets every value this process keeps (the directory changed here)."""
    with _lock:
        _values.clear()


def _shared_version():
    try:
        return cache.get_or_set(VERSION_KEY, 1, timeout=None)
    except Exception:  # the cache is down: keep values for MAX_AGE_SECONDS, as without it
        return None


def _check_shared(now):
    if now - _shared["checked"] < VERSION_CHECK_SECONDS:
        return
    version = _shared_version()
    with _lock:
        if version != _shared["version"]:
            _values.clear()
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


def counted(name, count):
    """`count()`, an exact figure, kept in the cache under the directory's version until
    it changes. `name` says what is counted (a digest of the filters, for instance).

    While this process's own change waits for its transaction to commit, the version is
    not bumped yet: the figure is counted, not read nor kept. Without a shared cache a
    figure lives MAX_AGE_SECONDS at most, as `remembered` values do.
    """
    if waiting(CHANGE):
        return count()
    version = _shared_version()
    if version is None:
        return count()
    key = f"count:{version}:{name}"
    timeout = COUNT_SECONDS if settings.MEMO_SHARED else MAX_AGE_SECONDS
    try:
        found = cache.get(key)
    except Exception:  # the cache is down: count, as without it
        return count()
    if found is None:
        found = count()
        try:
            cache.set(key, found, timeout=timeout)
        except Exception:
            pass
    return found
