"""The coordinators' coverage page at scale: its time and queries on the current database.

    DATABASE_URL=postgres://…/quartier_bench .venv/bin/python manage.py seed_bench --services 10000
    DATABASE_URL=postgres://…/quartier_bench .venv/bin/python bench/coverage.py --repeat 15

Times `network.coverage()` (145 quartiers × 21 categories) computed afresh (cold: as
after a change to the directory) and as kept by memo.py, and the whole page as a
superuser sees it: the first request after a change (page cold: the table computed and
rendered again) and the next ones (page). Not a test: it prints figures.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = function()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), len(queries.captured_queries), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from directory import memo
    from directory.models import Location, Service
    from directory.staff import network

    user, _created = get_user_model().objects.get_or_create(
        username="bench-coverage", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    print(f"{Service.objects.count()} services, {Location.objects.count()} locations")

    def cold():
        memo.forget()
        return network.coverage()

    for label, function in [
        ("cold", cold),
        ("coverage()", network.coverage),
        ("page cold", lambda: memo.forget() or client.get("/fr/staff/couverture/")),
        ("page", lambda: client.get("/fr/staff/couverture/")),
    ]:
        median, worst, queries, result = timed(function, args.repeat)
        size = f", {len(result.content) // 1000} kB" if label.startswith("page") else ""
        print(f"{label:12} median {median:.0f} ms, max {worst:.0f} ms, {queries} queries{size}")


if __name__ == "__main__":
    main()
