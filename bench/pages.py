"""Public pages' medians on the current database, without the page cache.

    DATABASE_URL=postgres://…/quartier_bench .venv/bin/python manage.py seed_bench --services 10000
    DATABASE_URL=postgres://…/quartier_bench .venv/bin/python bench/pages.py --repeat 20

Each page is asked for with a few distinct URLs in turn (different words, services,
communes, filters), through Django's test client in one process, with DEBUG off and
PAGE_CACHE_SECONDS=0: what a worker computes per request once warm (memo.py's values and
cached counts are warm after the first round, as in a long-lived process). Run it at 10 000
and at 100 000 services and compare: no public page should grow more than 1.5 times.
Not a test: it prints figures.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pages():
    """{page: [URLs]}, from the rows of the current database."""
    from directory.models import Commune, Service

    services = list(Service.objects.public().order_by("pk").values_list("slug", flat=True)[:4])
    communes = list(Commune.objects.order_by("slug").values_list("slug", flat=True)[:4])
    return {
        "home": ["/fr/", "/nl/"],
        "search text": [
            "/fr/services/?q=logement",
            "/fr/services/?q=colis+alimentaire",
            "/fr/services/?q=avocat",
            "/nl/services/?q=huisvesting",
        ],
        "search text+near": [
            "/fr/services/?q=colis+alimentaire&near=1080",
            "/fr/services/?q=avocat&near=1000",
            "/fr/services/?q=logement&near=1050",
            "/nl/services/?q=voedselpakket&near=50.85,4.35",
        ],
        "service page": [f"/fr/services/{slug}/" for slug in services],
        "commune page": [f"/fr/communes/{slug}/" for slug in communes],
        "API list": [
            "/api/v1/services",
            "/api/v1/services?search=logement",
            "/api/v1/services?page=3&per_page=20",
            "/api/v1/services?search=avocat&per_page=10",
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="rounds over each page's URLs")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from directory.models import Service

    client = Client()
    print(f"{Service.objects.public().count()} published services")
    print(f"{'page':18} {'median ms':>9} {'p90 ms':>7} {'queries':>7}")
    for name, urls in pages().items():
        for url in urls:  # warm: the first round fills memo.py and the counts
            assert client.get(url).status_code == 200, url
        times, queries = [], []
        for _ in range(args.repeat):
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                queries.append(len(captured))
                reset_queries()
        median, p90 = statistics.median(times), statistics.quantiles(times, n=10)[-1]
        print(f"{name:18} {median:9.1f} {p90:7.1f} {statistics.median(queries):7.0f}")


if __name__ == "__main__":
    main()
