"""Work done once per transaction, when it commits."""

import weakref

from django.db import DEFAULT_DB_ALIAS, transaction

# Per connection, the callbacks waiting for its transaction to commit, by key and by
# weak reference. Only Django's list of on-commit callbacks holds them: when the
# transaction, or the savepoint one was registered in, rolls back, Django drops it,
# CPython frees it and the reference dies, as it does once the callback has run; the
# next request for that key registers a new one.
_waiting = weakref.WeakKeyDictionary()


def on_commit_once(key, func, using=DEFAULT_DB_ALIAS):
    """Calls `func` when the current transaction commits (at once in autocommit), once
    however many times `key` is asked for before then."""
    connection = transaction.get_connection(using)
    waiting = _waiting.setdefault(connection, {})
    if (registered := waiting.get(key)) is not None and registered() is not None:
        return

    def callback():
        # Run: nothing waits under `key` any more, whoever still holds this function.
        if waiting.get(key) is registered:
            del waiting[key]
        func()

    waiting[key] = registered = weakref.ref(callback)
    transaction.on_commit(callback, using=using)


def waiting(key, using=DEFAULT_DB_ALIAS):
    """Whether a callback asked for under `key` still waits for the current transaction to
    commit (False once it has run, or once its transaction or savepoint rolled back)."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:  # in autocommit a callback runs at once
        return False
    registered = _waiting.get(connection, {}).get(key)
    return registered is not None and registered() is not None
