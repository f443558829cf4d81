"""Run the benchmarks, print a table, write one JSON object.

    python benchmarks/run.py [--quick] [--json FILE] [--only engine,burst,...] [--diagnose]

Every speed figure is a ratio against a floor measured in the same run, on this machine, so
the numbers travel between machines better than seconds do. Nothing here passes or fails:
the table marks figures that miss their target, and the exit code is 0 whenever the
benchmarks themselves ran (1 if one of them crashed). ``--quick`` (fewer jobs and runs, a
shorter rate-limit window) finishes in a few minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import (
    bench_batch_publish,
    bench_burst,
    bench_engine,
    bench_gui_stall,
    bench_library,
    bench_publish,
    bench_row_index,
    bench_startup,
    bench_upload_list,
)
from benchmarks.common import log, machine_info

# key: (what, "<=" or ">=", target, unit)
TARGETS: dict[str, tuple[str, str, float, str]] = {
    "startup_ratio": ("start-up, app / bare QMainWindow", "<=", 1.5, "x"),
    "gui_stall_p99_ms": ("GUI heartbeat lateness p99, 100 jobs", "<=", 16, "ms"),
    "gui_stall_max_ms": ("GUI heartbeat lateness max, 100 jobs", "<=", 50, "ms"),
    "engine_throughput_ratio": ("engine jobs/s / raw httpx, 200 jobs", ">=", 0.8, "x"),
    "detect_latency_p50_s": ("task done -> job completed, p50", "<=", 1.0, "s"),
    "polls_per_job_ratio": ("polls per job, adaptive / fixed 3 s", "<=", 1.0, "x"),
    "burst_429s": ("429s in a burst of 100", "<=", 0, ""),
    "burst_time_ratio": ("burst time / theoretical minimum", "<=", 1.1, "x"),
    "library_start_ratio": ("start-up, 10 000 artworks / empty", "<=", 1.5, "x"),
    "library_rss_mb": ("peak RSS with 10 000 artworks", "<=", 400, "MB"),
    "library_search_ms": ("prompt search, p50 over words", "<=", 50, "ms"),
    "library_sort_page_ratio": ("a page, slowest Sort / Newest first", "<=", 2.0, "x"),
    "library_index_insert_ratio": ("row index, a row at the top / at the end", "<=", 3.0, "x"),
    "library_index_page_ratio": ("row index, a page after 100 000 / after 300", "<=", 2.0, "x"),
    "publish_ratio": ("50 MB publish, raw boto3 / app", ">=", 0.9, "x"),
    "upload_check_ratio": ("Upload tab check, per file, 2 000 / 250 files", "<=", 1.3, "x"),
    "upload_add_ratio": ("Upload tab add, per file, 2 000 / 250 files", "<=", 1.3, "x"),
}

# Reference figures with no target of their own: they say where a target's miss comes from.
REFERENCES: dict[str, str] = {
    "startup_stack_ratio": "start-up, bare window with the stack (asyncio, qasync, httpx, "
    "peewee, keyring) / bare QMainWindow",
    "startup_app_over_stack": "start-up, app / bare window with the stack",
    **{
        f"batch_publish_ratio_{k}": f"Publish of several, artworks/s, {k} at once / 1 at once"
        for k in bench_batch_publish.AT_ONCE[1:]
    },
}

BENCHMARKS: dict[str, Callable[..., dict[str, Any]]] = {
    "engine": bench_engine.run,
    "burst": bench_burst.run,
    "publish": bench_publish.run,
    "batch": bench_batch_publish.run,
    "startup": bench_startup.run,
    "library": bench_library.run,
    "index": bench_row_index.run,
    "stall": bench_gui_stall.run,
    "upload": bench_upload_list.run,
}


def verdict(key: str, value: Any) -> str:
    if value is None:
        return "n/a"
    _what, op, target, _unit = TARGETS[key]
    ok = value <= target if op == "<=" else value >= target
    return "ok" if ok else "MISS"


def table(results: dict[str, Any]) -> str:
    wide = max(map(len, [*TARGETS, *REFERENCES]))
    lines = [
        f"{'figure':<{wide}} {'value':>9}  {'target':>8}  {'':4}  what",
        f"{'-' * wide} {'-' * 9}  {'-' * 8}  {'-' * 4}  {'-' * 38}",
    ]
    for key, (what, op, target, unit) in TARGETS.items():
        value = results.get(key)
        shown = "-" if value is None else f"{value:g}"
        lines.append(
            f"{key:<{wide}} {shown:>9}  {op + ' ' + f'{target:g}':>8}  {verdict(key, value):4}  "
            f"{what}{' (' + unit + ')' if unit and unit != 'x' else ''}"
        )
    for key, what in REFERENCES.items():
        value = results.get("details", {}).get(key)
        if value is not None:
            lines.append(f"{key:<{wide}} {value:>9g}  {'':8}  {'':4}  {what}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer jobs/runs (minutes)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument(
        "--only", default="", help=f"comma-separated subset of: {', '.join(BENCHMARKS)}"
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="GUI stall: sample the GUI thread's stack during stalls (in the JSON)",
    )
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(BENCHMARKS)
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    started = time.time()
    results: dict[str, Any] = {
        "quick": args.quick,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "machine": machine_info(),
    }
    details: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in chosen:
        log(f"== {name}")
        begun = time.monotonic()
        try:
            kwargs: dict[str, Any] = {"quick": args.quick}
            if name == "stall":
                kwargs["diagnose"] = args.diagnose
            figures = BENCHMARKS[name](**kwargs)
        except Exception as error:
            errors[name] = f"{type(error).__name__}: {error}"
            log(f"{name} failed:\n{traceback.format_exc()}")
            continue
        errors.update(figures.pop("_errors", {}))
        for key, value in figures.items():
            (results if key in TARGETS else details)[key] = value
        details.setdefault("seconds", {})[name] = round(time.monotonic() - begun, 1)
    results["duration_s"] = round(time.time() - started, 1)
    results["verdicts"] = {key: verdict(key, results.get(key)) for key in TARGETS if key in results}
    results["details"] = details
    if errors:
        results["errors"] = errors

    print(table(results))
    print(f"\n{'quick' if args.quick else 'full'} run, {results['duration_s']:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"results: {args.json}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
