"""HSDS import at scale: 100 000 services exported, then imported into an empty directory.

    .venv/bin/python bench/import_hsds.py                     # fresh database quartier_bench_import
    .venv/bin/python bench/import_hsds.py --services 20000 --database my_bench

Seeds N services (directory.bench_data), exports them to HSDS JSON, empties the
services (organisations, services, locations, hours, phones and their history; the
reference data and boundaries stay), then times `manage.py import_hsds` on the file,
in a process of its own as an operator runs it, and a second time, which must change
nothing. Not a test: it prints figures, with the peak memory (RSS) of the import's two
processes and the machine's load average (other work on the machine slows it down).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import database_url, fresh_database  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def timed(label, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.1f} s", flush=True)
    return result, seconds


def empty_services():
    """TRUNCATE what an import writes (fast, no signals), keeping the reference data."""
    from django.db import connection

    from directory.models import Location, Organisation, Phone, Schedule, Service

    models = [Organisation, Service, Location, Phone, Schedule]
    tables = [m._meta.db_table for m in models] + [m.history.model._meta.db_table for m in models]
    tables += [
        getattr(Service, name).through._meta.db_table
        for name in ("categories", "audiences", "languages")
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


# Runs manage.py, then prints the peak RSS of its process and of the reading process
# it forks (a waited-for child), in kB as Linux gives them.
MEASURED = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    own, child = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,
                                                                 resource.RUSAGE_CHILDREN))
    print(f"peak RSS: {own / 1024:.0f} MB importing, {child / 1024:.0f} MB reading the file")
"""


def run_import(path, size, label):
    """`manage.py import_hsds PATH` in a process of its own, as an operator runs it."""
    command = [sys.executable, "-c", MEASURED, str(ROOT / "manage.py"), "import_hsds", str(path)]
    command += ["--max-size", str(size // 2**20 + 1), "--progress", "20000"]
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    for line in output.splitlines():
        print(f"  {line}")
    print(f"{label}: {seconds:.1f} s", flush=True)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--database", default="quartier_bench_import")
    parser.add_argument("--keep", metavar="PATH", help="keep the exported file at PATH")
    args = parser.parse_args()

    fresh_database(args.database)
    os.environ["DATABASE_URL"] = database_url(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from directory.bench_data import seed_services
    from directory.hsds.export import export_json
    from directory.models import Location, Schedule, Service

    def counts():
        models = {"services": Service, "locations": Location, "schedules": Schedule}
        return {name: model.objects.count() for name, model in models.items()}

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    if (SHARED / "brussels-communes.geojson").exists():
        for kind in ("communes", "quartiers"):
            path = SHARED / f"brussels-{kind}.geojson"
            call_command("import_boundaries", kind, str(path), verbosity=0)
        print("boundaries loaded: communes and quartiers by point-in-polygon")
    timed(f"seed {args.services} services", seed_services, args.services)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.keep) if args.keep else Path(folder) / "services.json"
        count, _ = timed("export to HSDS JSON", export_json, path)
        size = path.stat().st_size
        print(f"{count} services, {size / 2**20:.0f} MB", flush=True)
        expected = counts()
        empty_services()
        # As after any bulk load: the seeding's dirty pages flushed, statistics fresh.
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
            cursor.execute("ANALYZE")
        connection.close()
        first = run_import(path, size, "import into an empty directory")
        found = counts()
        print(f"rows before: {expected}\nrows after:  {found}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        connection.close()
        second = run_import(path, size, "same file again")
    print(f"\nfirst import: {count / first:.0f} services/s, {first:.1f} s in all")
    print(f"second import (no change): {count / second:.0f} services/s, {second:.1f} s in all")
    if found != expected:
        sys.exit("the import did not give back the same directory")


if __name__ == "__main__":
    main()
