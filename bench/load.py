"""Load: requests/s and p50/p95 latency of the main pages under gunicorn, against /healthz.

    apt-get install wrk                   # the load generator (C, light on a 2-core machine)
    .venv/bin/python bench/load.py        # cache off, then on; 100 connections, 60 s a row
    .venv/bin/python bench/load.py --duration 15 --connections 50
    .venv/bin/python bench/load.py --page-cache 0    # every page computed: the app's own cost
    .venv/bin/python bench/load.py --page-cache 30   # the shared page cache on (Redis), only
    .venv/bin/python bench/load.py --warm-up 30      # steady: each row loaded 30 s unmeasured
    .venv/bin/python bench/load.py --warm-up 30 --edit   # steady, then the directory changes

Seeds a PostgreSQL database of its own (`quartier_load`, reused once it has the services),
starts gunicorn on a free port as production would run it (gunicorn.conf.py, DEBUG off,
request logs on, persistent database connections, Redis), then loads each row in turn
with wrk: single URLs, each hammered alone, and mixes of distinct URLs (bench/mixes.py),
each request drawn from the mix, as residents in a crisis send them. By default it runs
twice, with the page cache off, then on (`--page-cache both`), and prints a table per
run: each row's throughput as a share of /healthz's in the same run (the cost of the
stack without work; the mean of its rows at the start and at the end), p50/p95, the CPU
each request cost the app and PostgreSQL, the share /healthz's CPU cost per request makes
of the row's (what the share would be on cores of its own: other programs' load moves
requests/s, not CPU per request), and the machine's load average at the end of the row;
then the memory of gunicorn's processes. Targets are printed beside the rows,
not enforced: the run exits non-zero only when a response is an error (status >= 400,
timeout, socket error). Not a test: it prints figures.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import mixes, stack, wrk  # noqa: E402

# Throughput as a share of /healthz's, by row, with the page cache off, then on.
TARGETS = {
    0: {"search mix": 0.10, "API mix": 0.10, "home pages": 0.30, "service pages": 0.30},
    "on": {"search text": 0.5, "search text + near": 0.5},
}
ON_SECONDS = 30  # the page cache's default lifetime with Redis (settings.py)


def rows(slug, directory, mix_size):
    """Each row's name and its paths: one for a single URL, many for a mix."""
    return {
        "/healthz": ["/healthz"],
        "home": ["/fr/"],
        "search text": ["/fr/services/?q=colis+alimentaire"],
        "search text + near": ["/fr/services/?q=colis+alimentaire&near=1080"],
        "service page": [f"/fr/services/{slug}/"],
        "API list": ["/api/v1/services"],
        **mixes.mixes(directory, mix_size),
        # Other programs' load moves during a run: the shares are of /healthz's mean.
        "/healthz again": ["/healthz"],
    }


def page_cache_runs(value):
    if value == "both":
        return [0, ON_SECONDS]
    if value.isdigit():
        return [int(value)]
    raise argparse.ArgumentTypeError("a number of seconds, or 'both'")


def run_once(page_cache, database_url, table, args, folder):
    """Every row against one gunicorn; returns the figures, the memory and the log's end."""
    port = stack.free_port()
    base = f"http://127.0.0.1:{port}"
    scripts = wrk.write_scripts(folder)
    log_path = folder / f"gunicorn-{page_cache}.log"
    with log_path.open("w") as log:
        server = stack.start_gunicorn(database_url, port, args.workers, log, args.redis, page_cache)
        edit = args.edit and (lambda: stack.directory_changed(database_url, args.redis))
        try:
            started = stack.memory(server.pid, args.workers)
            results = {}
            for name, paths in table.items():
                results[name] = wrk.measure(server, base, paths, args, scripts, folder, edit)
                print(f"  {name}: {results[name]['rps']:.0f} req/s", file=sys.stderr, flush=True)
            loaded = stack.memory(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return results, (started, loaded), problems(log_path)


def problems(log_path):
    """The last lines of gunicorn's log other than requests, a line each: an entry's
    message, and the last line of its traceback (what went wrong)."""
    found = []
    for line in log_path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:  # gunicorn's own lines
            if "] [INFO] " not in line:
                found.append(line[:200])
            continue
        if entry.get("level") != "INFO":
            error = entry.get("exception", "").strip().rsplit("\n", 1)[-1]
            said = f"{entry.get('time')} {entry.get('level')} {entry.get('message')}"
            found.append(said[:200] + (f" ({error[:200]})" if error else ""))
    return found[-20:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per row (60)")
    parser.add_argument("--connections", type=int, default=100, help="concurrent (100)")
    parser.add_argument(
        "--warm-up",
        type=int,
        default=2,
        help="seconds of each row's load before it is measured (2): a longer warm-up shows a "
        "server whose processes have kept what the mix asks (memo.py), a short one a cold one",
    )
    parser.add_argument(
        "--edit",
        action="store_true",
        help="the directory changes once after each row's warm-up, as a coordinator's edit "
        "does: what the processes kept from the directory is read again (memo.py)",
    )
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--database", default="quartier_load")
    parser.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 1) + 1,
        help="gunicorn workers: one per core, plus one, as the image runs (WEB_CONCURRENCY)",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--timeout", type=int, default=10, help="seconds before a request fails")
    parser.add_argument("--mix-size", type=int, default=400, help="distinct URLs per mix (400)")
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/8", help="cache and sessions, as in production"
    )
    parser.add_argument(
        "--only",
        help="measure only these rows, comma-separated (with /healthz before and after)",
    )
    parser.add_argument(
        "--page-cache",
        type=page_cache_runs,
        default="both",
        help="PAGE_CACHE_SECONDS: 0 (every page computed), seconds, or both (0, then 30)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    database_url, count, directory = stack.prepare_database(
        args.database, args.services, args.mix_size
    )
    table = rows(directory.services[len(directory.services) // 2], directory, args.mix_size)
    if args.only:
        wanted = {"/healthz", "/healthz again", *args.only.split(",")}
        if unknown := wanted - table.keys():
            raise SystemExit(f"no such row: {', '.join(sorted(unknown))}")
        table = {name: paths for name, paths in table.items() if name in wanted}
    print(
        f"{count} published services in {args.database}; gunicorn with {args.workers} workers "
        f"(gunicorn.conf.py); wrk: {args.connections} connections, {args.duration} s per row "
        f"after {args.warm_up} s unmeasured{', then an edit' if args.edit else ''}; "
        f"{os.cpu_count()} cores\n",
        flush=True,
    )
    errors = 0
    with tempfile.TemporaryDirectory() as name:
        for page_cache in args.page_cache:
            results, memory, problems = run_once(page_cache, database_url, table, args, Path(name))
            run_errors = report(results, table, page_cache, memory)
            if run_errors:
                print("\ngunicorn's log, less the request lines:", *problems, sep="\n")
            errors += run_errors
    return 1 if errors else 0


def report(results, table, page_cache, memory):
    """Prints one run's table and memory; returns its number of error responses."""
    state = f"on ({page_cache} s, Redis)" if page_cache else "off (PAGE_CACHE_SECONDS=0)"
    targets = TARGETS[0 if not page_cache else "on"]
    health = (results["/healthz"]["rps"] + results["/healthz again"]["rps"]) / 2
    health_cpu = results["/healthz"]["app_cpu_ms"] + results["/healthz"]["db_cpu_ms"]
    print(
        f"\npage cache {state}\n"
        f"{'row':<19} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} "
        f"{'vs /healthz':>11} {'target':>9} {'CPU ms/req: app':>15} {'db':>5} {'by CPU':>6} "
        f"{'load':>5}  paths"
    )
    for name, paths in table.items():
        r = results[name]
        share = r["rps"] / health
        # What the share would be if the app and PostgreSQL had the cores to themselves.
        by_cpu = health_cpu / max(r["app_cpu_ms"] + r["db_cpu_ms"], 1e-3)
        target = ""
        if name in targets:
            target = f"{targets[name]:.0%} {'ok' if share >= targets[name] else 'no'}"
        what = paths[0] if len(paths) == 1 else f"{len(paths)} distinct, e.g. {paths[-1]}"
        print(
            f"{name:<19} {r['rps']:>6.0f} {r['p50_us'] / 1000:>7.1f} {r['p95_us'] / 1000:>7.1f} "
            f"{r['errors']:>6} {share:>11.1%} {target:>9} "
            f"{r['app_cpu_ms']:>15.1f} {r['db_cpu_ms']:>5.1f} {by_cpu:>6.1%} "
            f"{r['load']:>5.1f}  {what}"
        )
    print(f"\n{'memory, MB':<14} {'RSS':>13} {'PSS':>13} {'private':>13}  (at start → after)")
    started, loaded = memory
    for name, after in loaded.items():
        before = started.get(name)
        figures = [
            f"{before[k]:.0f} → {after[k]:.0f}" if before else f"{after[k]:.0f}"
            for k in ("rss", "pss", "private")
        ]
        print(f"{name:<14} {' '.join(f'{figure:>13}' for figure in figures)}")
    total = sum(process["pss"] for process in loaded.values())
    print(f"all processes: {total:.0f} MB PSS after the rows")
    for name, r in results.items():
        if r["errors"]:
            kinds = {k: r[k] for k in ("status", "timeout", "connect", "read", "write") if r[k]}
            print(f"errors on {name}: {kinds}", *r.get("failing", []), sep="\n  ")
    return sum(r["errors"] for r in results.values())


if __name__ == "__main__":
    sys.exit(main())
