"""gunicorn's settings, read from the working directory: `gunicorn quartier.wsgi` (see README).

Workers: WEB_CONCURRENCY (3 in the Docker image); address: 0.0.0.0:$PORT, or --bind.
"""

import gc
import os

# Each worker serves requests on a pool of threads, so a client that sends its request
# slowly (a bad mobile network, or a slowloris attack) holds one thread, not a whole
# worker: with sync workers, as many such clients as workers stop the site. A connection
# that sends nothing is set aside after 5 s and closed soon after. The threads share
# their worker's CPU: more of them only help while requests wait (network, PostgreSQL).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A worker that stops answering its heartbeat is restarted. A request is not bounded
# here: PostgreSQL and Redis have their own timeouts (settings.py).
timeout = 30
graceful_timeout = 20

# The app is loaded once, in the master, and the workers are forked from it: they share
# the memory of its modules and objects instead of each loading its own copy, and a worker
# that replaces another serves at once. A new release therefore needs a restart of the
# master (or USR2), not a HUP: a HUP forks new workers from the code already loaded.
preload_app = True
# A worker is replaced after about this many requests (the jitter keeps workers from
# restarting together), so that what a long-lived process gains over days (fragmented
# memory, a library's leak) stays bounded; a fork of the loaded master costs milliseconds.
max_requests = 100_000
max_requests_jitter = 10_000

# The collector stays off while the master loads the app, so that it frees no objects in
# the middle of pages the workers will share (their holes would be filled, and so
# copied, by each worker); see the gc module's documentation on fork().
gc.disable()


def when_ready(server):
    """Before the first fork: the app is loaded, its objects are set aside for good."""
    if server.cfg.preload_app:  # else (`--reload` in development) Django is not set up here
        from django.db import connections
        from django.urls import get_resolver

        from directory import memo

        # Every view and form module is imported here, once for all the workers, rather
        # than by each worker at its first request.
        get_resolver().url_patterns  # noqa: B018
        memo.release()  # the digest of the release's files, read once for all
        # A worker must open its own database connections: a socket shared between forked
        # processes mixes their queries. Loading opens none; this keeps it so.
        connections.close_all()
    # What is loaded now lives as long as the process: frozen, the collector never walks
    # it, so a worker's collections neither cost time over it nor write to its pages.
    gc.freeze()
    collect_seldom()


def collect_seldom():
    """A worker keeps many rows and pieces of pages between requests (memo.py): with
    Python's default thresholds (700, 10, 10) its collections walk them ever more often:
    5 000 card rows read back from the cache took 1.1 ms each, 0.25 ms without them.
    Requests' own garbage dies young, in the first two generations, collected after
    50 000 and 1 000 000 allocations."""
    gc.set_threshold(50_000, 20, 100)
    gc.enable()


def on_reload(server):
    """On a HUP this file is read again, which turned the collector off."""
    collect_seldom()
