"""Search at scale: median and p95 per query kind at 10 000 and 100 000 services.

    .venv/bin/python bench/search.py            # fresh database quartier_bench on local PostgreSQL
    .venv/bin/python bench/search.py --sizes 10000 100000 --repeat 30

Times what the search page runs: the filters, the text engine (typo corrections
included), the ranked page of 20 results with everything a card shows, and the count.
Not a test: it prints figures.
"""

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = {
    "text FR": [
        {"q": "colis alimentaire"},
        {"q": "logement"},
        {"q": "avocat gratuit"},
        {"q": "sante mentale"},
        {"q": "école de devoirs"},
    ],
    "text NL": [
        {"q": "voedselpakket"},
        {"q": "huisvesting"},
        {"q": "advocaat"},
        {"q": "huiswerkbegeleiding"},
    ],
    "text EN": [{"q": "food bank"}, {"q": "housing"}, {"q": "free lawyer"}],
    "typo": [{"q": "logment"}, {"q": "alimentiare"}, {"q": "psycologue"}],
    "text + near": [
        {"q": "colis alimentaire", "near": "1080"},
        {"q": "avocat", "near": "1000"},
        {"q": "voedselpakket", "near": "50.85,4.35"},
    ],
    "near only": [{"near": "1080"}, {"near": "Uccle"}],
    "filters": [
        {"category": "alimentation", "free": "on"},
        {"category": "sante", "walk_in": "on", "accessible": "on"},
    ],
}


def database_url(name):
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def fresh_database(name):
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql], check=True)


def run_query(params):
    from django.conf import settings
    from django.db import connection
    from django.http import QueryDict

    from directory.models import Service
    from directory.search.filters import ServiceFilter
    from directory.search.pages import search_page_results

    start = time.perf_counter()
    found = ServiceFilter(QueryDict(urlencode(params)), queryset=Service.objects.public())
    services = search_page_results(found)
    page = services[: settings.SEARCH_PAGE_SIZE]
    total = services.count()
    elapsed = (time.perf_counter() - start) * 1000
    connection.queries_log.clear()
    return elapsed, total, len(page)


def measure(repeat):
    figures = {}
    for kind, queries in QUERIES.items():
        timings, totals = [], []
        for params in queries:
            run_query(params)  # warm caches, as a server would be
            for _ in range(repeat):
                elapsed, total, _shown = run_query(params)
                timings.append(elapsed)
            totals.append(total)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        figures[kind] = (statistics.median(timings), p95, totals)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", default="quartier_bench")
    args = parser.parse_args()

    fresh_database(args.database)
    os.environ["DATABASE_URL"] = database_url(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from directory.bench_data import seed_services

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    results, seeded = {}, 0
    for size in sorted(args.sizes):
        started = time.perf_counter()
        seed_services(size - seeded, seed=size)
        seeded = size
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would, before it runs mid-measure
        print(f"seeded {size} services in {time.perf_counter() - started:.0f} s", flush=True)
        # A server process does not hold the seeding's objects: keep them out of the
        # garbage collector's later passes, or they show as pauses in the figures.
        gc.collect()
        gc.freeze()
        results[size] = measure(args.repeat)
        print(f"\n{size} services ({args.repeat} runs per query)")
        print(f"{'kind':<14}{'median ms':>11}{'p95 ms':>9}  results")
        for kind, (median, p95, totals) in results[size].items():
            print(f"{kind:<14}{median:>11.1f}{p95:>9.1f}  {totals}")
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"\ngrowth of p95 from {small} to {large} services")
        for kind in QUERIES:
            print(f"{kind:<14}{results[large][kind][1] / results[small][kind][1]:>6.2f}x")


if __name__ == "__main__":
    main()
