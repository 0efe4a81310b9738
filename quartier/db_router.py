"""Reads on a PostgreSQL replica, writes on the primary; active when DATABASE_REPLICA_URL is set.

A replica lags its primary by a moment. Residents only read, and a listing a second old
is fine for them; but people who write must see their own edits at once. So a request
stays on the primary when it writes (any method but GET, HEAD, OPTIONS) or when it
carries a session cookie (logged-in social workers and coordinators); residents have no
session. Inside a transaction, reads stay on the primary too, to see its own writes.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_on_primary = contextvars.ContextVar("on_primary", default=False)


@contextmanager
def primary():
    """Every read in this block goes to the primary."""
    token = _on_primary.set(True)
    try:
        yield
    finally:
        _on_primary.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _on_primary.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def wants_primary(request):
    return request.method not in SAFE_METHODS or settings.SESSION_COOKIE_NAME in request.COOKIES


class PrimaryForWritersMiddleware:
    """Keeps writing and logged-in requests on the primary, as the module docstring says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if wants_primary(request):
            with primary():
                return self.get_response(request)
        return self.get_response(request)
