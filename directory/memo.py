"""What every request would compute alike from the directory, computed once per process
and language until the directory changes: the options of the search form, the home
page's figures, counts that many pages ask for.

Every change to the directory bumps a version (page_cache.directory_changed, also on the
save and delete signals of its models). A process forgets its values at once when the
change is its own, and learns of another process's change by reading the shared version
(Redis, when REDIS_URL is set) at most once every VERSION_CHECK_SECONDS. Without a shared
cache, processes cannot tell each other: a value then lives MAX_AGE_SECONDS at most.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "page-cache:version"
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
