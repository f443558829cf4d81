"""How late the GUI thread gets while 100 jobs run through the real window.

``gui_stall_p99_ms``, ``gui_stall_max_ms``
    A 5 ms ``QTimer`` (``PreciseTimer``) ticks on the GUI thread of the real main window
    (``benchmarks.launch_app stall``: the app started through its own entry point, offscreen
    Qt). Lateness of a tick = time since the previous tick minus 5 ms. Measured from the first
    of 100 Generate presses (the prompt typed into the Generate tab and ``generate()`` called,
    100 times in a row, yielding to the event loop between presses as separate key presses
    would) until every job is completed in the
    library model and the thumbnails of the visible tiles are in. p99 and max of the
    lateness. The idle lateness (1 s before the presses) is reported as the baseline.

The simulator runs in its own process: KIE's default 20 generations per 10 s (``--quick``:
20 per 5 s, both in the simulator and the app's settings), tasks of 5-20 s (quick: 3-8 s),
2 MP PNG results with grain (~2.8 MB each, like real ones); the app polls on its default
schedule (its prior scaled to the task durations with ``KONTEXT_STUDIO_POLL_SCALE``).
Ticks over 20 ms late have their interval split by the GUI thread's ``schedstat`` (Linux):
its own work, waiting in the run queue for a core, and blocked (the GIL, a lock, I/O)
(``stall_causes``, ``stalls_over_20ms`` in the JSON). With ``diagnose`` a sampling thread
also records the GUI thread's Python stack whenever the heartbeat is more than 12 ms late
(``stall_stacks``).
"""

from __future__ import annotations

from typing import Any

from benchmarks.bench_startup import launch_app
from benchmarks.common import (
    SimProcess,
    app_env,
    log,
    percentile,
    rounded,
    temp_home,
    write_settings,
)

JOBS = 100


def stall_causes(stalls: list[dict[str, float]]) -> dict[str, Any]:
    """Where the time of the late ticks went, summed over them (percent of their time)."""
    parts = {
        name: sum(s[f"{name}_ms"] for s in stalls) for name in ("gui_cpu", "runqueue", "blocked")
    }
    total = sum(parts.values()) or 1.0
    return {"stalls": len(stalls)} | {
        f"{name}_pct": rounded(100 * v / total, 1) for name, v in parts.items()
    }


def run(
    quick: bool = False,
    only: set[str] | None = None,
    diagnose: bool = False,
    variants: list[str] | None = None,
) -> dict[str, Any]:
    window = 5.0 if quick else 10.0
    latency = [3.0, 8.0] if quick else [5.0, 20.0]
    scale = latency[1] / 20.0
    with (
        temp_home("stall") as home,
        SimProcess(
            latency_s=latency,
            rate_limit=20,
            rate_window_s=window,
            megapixels=2.0,
            noise=24,
            seed=11,
        ) as sim,
    ):
        write_settings(home, submit_limit=20, submit_window_s=window, default_format="png")
        env = app_env(home, kie_url=sim.url, extra={"KONTEXT_STUDIO_POLL_SCALE": f"{scale:g}"})
        params = {"jobs": JOBS, "diagnose": diagnose, "timeout_s": 600, "variants": variants or []}
        _seconds, result = launch_app(env, "stall", params)
    lateness = result["lateness_ms"]
    idle = result["idle_lateness_ms"]
    p99, worst = percentile(lateness, 99), max(lateness, default=float("nan"))
    log(
        f"gui stall: {result['completed']}/{JOBS} completed in {result['busy_s']:.1f} s, "
        f"lateness p99 {p99:.1f} ms, max {worst:.1f} ms (idle p99 {percentile(idle, 99):.1f} ms)"
    )
    causes = stall_causes(result["stalls"])
    if causes["stalls"]:
        log(
            f"gui stall: {causes['stalls']} ticks over 20 ms late; their time: "
            f"{causes['gui_cpu_pct']:.0f} % GUI thread working, {causes['runqueue_pct']:.0f} % "
            f"waiting for a core, {causes['blocked_pct']:.0f} % blocked (GIL, locks, I/O)"
        )
    return {
        "gui_stall_p99_ms": rounded(p99, 1),
        "gui_stall_max_ms": rounded(worst, 1),
        "gui_stall": {
            "jobs": JOBS,
            "completed": result["completed"],
            "states": result["states"],
            "ticks": len(lateness),
            "p50_ms": rounded(percentile(lateness, 50), 2),
            "p90_ms": rounded(percentile(lateness, 90), 2),
            "first_1_5s_max_ms": rounded(result["burst_max_ms"], 1),
            "after_1_5s_p99_ms": rounded(percentile(result["steady_lateness_ms"], 99), 1),
            "after_1_5s_max_ms": rounded(max(result["steady_lateness_ms"], default=0.0), 1),
            "idle_p99_ms": rounded(percentile(idle, 99), 2),
            "idle_max_ms": rounded(max(idle, default=float("nan")), 2),
            "ticks_over_16ms": sum(1 for x in lateness if x > 16),
            "ticks_over_50ms": sum(1 for x in lateness if x > 50),
            "submit_loop_s": rounded(result["submit_loop_s"]),
            "busy_s": rounded(result["busy_s"], 1),
            "gui_thread_cpu_s": rounded(result["gui_thread_cpu_s"], 2),
            "process_cpu_s": rounded(result["process_cpu_s"], 2),
            "worst": result["worst"],
            "stall_causes": causes,
            "stalls_over_20ms": sorted(result["stalls"], key=lambda x: -x["late_ms"])[:15],
            "stall_stacks": result.get("stall_stacks", []),
            "peak_rss_mb": rounded(result["peak_rss_mb"], 1),
            "simulator": {
                "latency_s": latency,
                "rate": f"20 per {window:g} s",
                "megapixels": 2.0,
                "format": "png",
            },
        },
    }
