"""The fault soak, longer: N jobs (default 1000) through the real engine, real SQLite and real
HTTP to the simulator on 127.0.0.1 while it breaks about 42 % of replies (20 % 5xx pages,
10 % 429, 5 % stalls past the client timeout, 5 % truncated bodies, 2 % HTTP-200 error
envelopes; 5 % of tasks fail; result downloads are truncated too).

    python -m benchmarks.soak [--jobs 1000] [--time-limit 300] [--seed N]
                              [--interrupt-at SECONDS] [--json FILE]

Prints a table (final states, generates per job, faults per endpoint, error kinds) and every
broken rule; the rules are those of ``tests/reliability/soak_harness.py``, which
``tests/reliability/test_fault_soak.py`` runs with 200 jobs. Exit status 1 when a rule was
broken or the time limit was hit; timings are printed, never judged.

The simulator runs in this process (its request log, with the fault drawn for each request,
is what the checks read), so it shares the interpreter with the engine: the job rate printed
is a floor, not the app's speed against KIE.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.reliability.soak_harness import SoakConfig, run_soak, summary  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument(
        "--time-limit", type=float, default=300.0, help="seconds for the jobs to finish"
    )
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--interrupt-at",
        type=float,
        default=None,
        help="close the engine this many seconds in and resume with a new one",
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the app home here")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args(argv)
    if not 1 <= args.jobs <= 20000:
        parser.error("--jobs must be between 1 and 20000")
    if not 1 <= args.time_limit <= 3600:
        parser.error("--time-limit must be between 1 and 3600 seconds")
    return args


async def soak(args: argparse.Namespace, home: Path) -> int:
    config = SoakConfig(
        jobs=args.jobs,
        seed=args.seed,
        deadline_s=args.time_limit,
        interrupt_at_s=args.interrupt_at,
    )
    print(f"soak: {args.jobs} jobs, seed {args.seed}, home {home}", file=sys.stderr, flush=True)
    result = await run_soak(home, config)
    print(summary(result))
    if args.json is not None:
        per_prompt = Counter(
            (r.body or {}).get("prompt") for r in result.requests if r.endpoint == "generate"
        )
        numbers = {
            "jobs": len(result.jobs),
            "elapsed_s": round(result.elapsed_s, 3),
            "jobs_per_s": round(len(result.jobs) / result.elapsed_s, 2),
            "states": dict(Counter(s.state.value for s in result.jobs)),
            "requests": result.counts,
            "faults": dict(Counter(f"{r.endpoint}:{r.fault}" for r in result.requests if r.fault)),
            "tasks_created": len(result.tasks),
            "max_generates_per_job": max(per_prompt.values(), default=0),
            "error_records": len(result.error_records),
            "loop_errors": len(result.loop_errors),
            "integrity_ok": result.integrity_ok,
            "timed_out": result.timed_out,
            "violations": result.violations,
        }
        args.json.write_text(json.dumps(numbers, indent=2))
    return 1 if result.violations or result.timed_out else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return asyncio.run(soak(args, args.keep))
    with tempfile.TemporaryDirectory(prefix="kontext-soak-") as folder:
        return asyncio.run(soak(args, Path(folder)))


if __name__ == "__main__":
    raise SystemExit(main())
