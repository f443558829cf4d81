"""A burst of 100 submissions against a simulator that enforces KIE's rate limit.

``burst_429s``
    Generate requests the simulator refused with 429 (requests received minus tasks created;
    cross-checked with the engine's own ``submit_count``s).
``burst_time_ratio``
    Time from the burst (100 ``JobEngine.submit`` calls at once, as 100 Generate presses would
    make) to the last task created, over the theoretical minimum
    ``(ceil(100 / limit) - 1) * window``: the last batch cannot start before that.

Full run: KIE's 20 requests per 10 s (minimum 40 s). ``--quick``: 20 per 5 s (minimum 20 s),
set the same way on both sides: the simulator's ``rate_limit``/``rate_window_s`` and the
app's ``submit_limit``/``submit_window_s`` settings (its settings file, as an artist's
would be). Task durations are short (0.2-0.5 s); the job is done when every task exists.

The engine's limiter dates a slot by the *reply* to its request (the latest moment KIE can have
counted it), so each window after the first starts one request latency late: on this box
~0.1-0.2 s, i.e. ~1-2 % of a 10 s window. A shorter window inflates that share, which is why
``--quick`` does not go below 5 s (at 2 s the same run reads ~1.1).
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any

from benchmarks.common import (
    SimProcess,
    app_env,
    log,
    rounded,
    run_worker,
    temp_home,
    worker_main,
    write_settings,
)

MODULE = "benchmarks.bench_burst"
JOBS = 100
LIMIT = 20


async def _burst(p: dict[str, Any]) -> dict[str, Any]:
    from benchmarks.memory_keyring import install_memory_keyring
    from kontext_studio.jobs.schedule import PollSchedule
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.session import open_session

    install_memory_keyring()
    schedule = PollSchedule(prior=(0.2, 0.3, 0.4, 0.5), min_interval_s=0.05)
    session = open_session(schedule=schedule)
    try:
        engine = session.engine
        await engine.resume()
        requests = [
            GenerateRequest(prompt=f"burst {i}", aspect_ratio="1:1", output_format="jpeg")
            for i in range(p["jobs"])
        ]
        started = time.time()
        snaps = await asyncio.gather(*(engine.submit(r) for r in requests))
        await engine.wait_idle()
        finals = [session.ledger.get(s.id) for s in snaps]
    finally:
        await session.aclose()
    accepted = [f.submitted_at for f in finals if f is not None and f.submitted_at]
    return {
        "started": started,
        "last_accepted": max(accepted) if accepted else None,
        "accepted": len(accepted),
        "completed": sum(1 for f in finals if f is not None and f.state.value == "completed"),
        "submit_attempts": sum(f.submit_count for f in finals if f is not None),
        "states": sorted({f.state.value for f in finals if f is not None}),
    }


def run(quick: bool = False, only: set[str] | None = None) -> dict[str, Any]:
    window = 5.0 if quick else 10.0
    minimum = (math.ceil(JOBS / LIMIT) - 1) * window
    with (
        temp_home("burst") as home,
        SimProcess(
            latency_s=[0.2, 0.5],
            rate_limit=LIMIT,
            rate_window_s=window,
            megapixels=0.05,
            seed=3,
        ) as sim,
    ):
        write_settings(home, submit_limit=LIMIT, submit_window_s=window)
        env = app_env(home, kie_url=sim.url)
        result = run_worker(MODULE, "burst", {"jobs": JOBS}, env)
        tasks = sim.tasks()
    generate_calls = tasks["counts"].get("generate", 0)
    refused = generate_calls - len(tasks["tasks"])
    elapsed = (result["last_accepted"] or float("nan")) - result["started"]
    log(
        f"burst: {result['accepted']}/{JOBS} accepted in {elapsed:.2f} s "
        f"(minimum {minimum:.1f} s), {refused} refused with 429"
    )
    return {
        "burst_429s": refused,
        "burst_time_ratio": rounded(elapsed / minimum),
        "burst": {
            "jobs": JOBS,
            "limit": LIMIT,
            "window_s": window,
            "elapsed_s": rounded(elapsed),
            "theoretical_min_s": minimum,
            "generate_requests": generate_calls,
            "tasks_created": len(tasks["tasks"]),
            "engine_submit_attempts": result["submit_attempts"],
            "completed": result["completed"],
            "final_states": result["states"],
        },
    }


if __name__ == "__main__":
    worker_main({"burst": lambda params: asyncio.run(_burst(params))})
