"""wrk, driven by bench/load.py: one URL, or a mix of paths drawn at random per request."""

import json
import os
import subprocess
import time
import urllib.error
import urllib.request

from bench.stack import cpu_seconds, used_since

# wrk calls done() once at the end; we read the one JSON line it prints.
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'QUARTIER {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "max_us": %d,'
    .. ' "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""
# Each wrk thread reads the paths from the file named after `--`, and draws one per
# request; threads are numbered so that every run draws the same sequence.
MIX = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("number", threads)
end

local paths = {}
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(number)
end

request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
"""
# Paths of a mix asked one at a time before the load, as a sample: one in every SAMPLE.
SAMPLE = 25


def write_scripts(folder):
    """The Lua scripts for one URL and for a mix, in `folder`."""
    single, mix = folder / "single.lua", folder / "mix.lua"
    single.write_text(REPORT)
    mix.write_text(REPORT + MIX)
    return single, mix


def check_once(url, timeout=30):
    """One plain request: a URL that fails alone needs no load to show it."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def failing(base, paths, most=5):
    """Up to `most` paths that do not answer 200, each with its status."""
    found = []
    for path in paths:
        if (status := check_once(base + path)) != 200:
            found.append(f"{status} {path}")
            if len(found) == most:
                break
    return found


def drain(base):
    """Waits out the requests wrk left queued when it stopped: gunicorn still serves them.

    The listen queue is first in, first out, so once /healthz answers, every earlier
    connection has been taken by a worker.
    """
    check_once(f"{base}/healthz", timeout=300)
    time.sleep(1)


def run(target, duration, args, scripts):
    """wrk's figures for `target` (a URL, or (base, paths file) for a mix)."""
    single, mix = scripts
    url, extra = (target, []) if isinstance(target, str) else (target[0], ["--", target[1]])
    command = [
        "wrk", f"--threads={args.threads}", f"--connections={args.connections}",
        f"--duration={duration}s", f"--timeout={args.timeout}s",
        f"--script={single if isinstance(target, str) else mix}", url, *extra,
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    [line] = [line for line in output.splitlines() if line.startswith("QUARTIER ")]
    figures = json.loads(line.removeprefix("QUARTIER "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return figures


def measure(server, base, paths, args, scripts, folder, edit=None):
    """wrk's figures for one path or a mix of them, with the CPU time each request cost
    the app and the database, and the machine's load average at the end. `edit`, if
    given, is called after the warm-up, right before the load measured."""
    sample = paths[::SAMPLE] if len(paths) > 1 else paths
    if bad := failing(base, sample, most=1):
        raise SystemExit(f"{bad[0]} before any load")
    if len(paths) == 1:
        target = base + paths[0]
    else:
        listed = folder / f"paths-{abs(hash(tuple(paths)))}.txt"
        listed.write_text("".join(f"{path}\n" for path in paths))
        target = (base + "/", str(listed))
    if args.warm_up:  # what a worker keeps fills first (memo.py)
        run(target, args.warm_up, args, scripts)
    drain(base)
    if edit:
        edit()
    before = cpu_seconds(server.pid, args.database)
    figures = run(target, args.duration, args, scripts)
    after = cpu_seconds(server.pid, args.database)
    figures["load"] = os.getloadavg()[0]
    drain(base)
    for side, used_before, used_after in zip(("app", "db"), before, after, strict=True):
        used = used_since(used_before, used_after)
        figures[f"{side}_cpu_ms"] = used * 1000 / max(figures["requests"], 1)
    if figures["status"] and len(paths) > 1:
        figures["failing"] = failing(base, paths)
    return figures
