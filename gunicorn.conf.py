"""gunicorn's settings, read from the working directory: `gunicorn quartier.wsgi` (see README).

Workers: WEB_CONCURRENCY (3 in the Docker image); address: 0.0.0.0:$PORT, or --bind.
"""

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
