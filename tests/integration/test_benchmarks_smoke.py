"""The benchmark harness works: its pieces run and report. No timing is asserted here."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from benchmarks import bench_row_index
from benchmarks import run as bench_run
from benchmarks.bench_engine import MODULE as ENGINE_MODULE
from benchmarks.bench_engine import FixedSchedule
from benchmarks.bench_gui_stall import stall_causes
from benchmarks.bench_startup import FLOOR_SCRIPT, STACK_FLOOR_SCRIPT, launch_app, time_floor
from benchmarks.common import SimProcess, app_env, percentile, run_worker, write_settings
from benchmarks.servers import _unique


def test_statistics_and_verdicts() -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 100.0], 99) == 100.0
    assert bench_run.verdict("startup_ratio", 1.2) == "ok"
    assert bench_run.verdict("startup_ratio", 2.0) == "MISS"
    assert bench_run.verdict("publish_ratio", 0.95) == "ok"
    assert bench_run.verdict("burst_429s", None) == "n/a"
    text = bench_run.table({"burst_429s": 0, "publish_ratio": 0.5})
    assert "burst_429s" in text and "MISS" in text
    text = bench_run.table({"details": {"startup_stack_ratio": 1.9}})
    assert "startup_stack_ratio" in text and "1.9" in text


def test_the_table_s_values_stand_in_one_column_whatever_the_figure_s_name() -> None:
    """Each figure's value ends where the "value" heading ends, the longest names too: a
    name wider than the column pushed its value and verdict out of line."""
    header, _rule, *rows = bench_run.table({}).splitlines()
    value_end = header.index("value") + len("value")
    assert {row[:value_end].rstrip()[-1] for row in rows} == {"-"}


def test_stall_causes_are_shares_of_the_late_ticks_time() -> None:
    stalls = [
        {"gui_cpu_ms": 10.0, "runqueue_ms": 20.0, "blocked_ms": 10.0},
        {"gui_cpu_ms": 10.0, "runqueue_ms": 0.0, "blocked_ms": 0.0},
    ]
    assert stall_causes(stalls) == {
        "stalls": 2,
        "gui_cpu_pct": 40.0,
        "runqueue_pct": 40.0,
        "blocked_pct": 20.0,
    }
    assert stall_causes([])["stalls"] == 0


def test_fixed_schedule_never_changes() -> None:
    schedule = FixedSchedule(3.0)
    schedule.learn("flux-kontext-pro", 9.0)
    intervals = schedule.intervals("flux-kontext-pro")
    assert [next(intervals) for _ in range(5)] == [3.0] * 5


def test_simulator_results_stay_valid_distinct_images() -> None:
    for fmt in ("PNG", "JPEG"):
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (10, 20, 30)).save(buffer, fmt)
        one, two = _unique(buffer.getvalue(), "1:a"), _unique(buffer.getvalue(), "2:b")
        assert one != two
        for data in (one, two):
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                assert image.size == (64, 48)


def test_engine_worker_runs_jobs_against_a_simulator_process(tmp_path: Path) -> None:
    with SimProcess(latency_s=[0.05, 0.1], rate_limit=None, megapixels=0.05, seed=1) as sim:
        write_settings(tmp_path, submit_limit=1000, submit_window_s=1.0)
        env = app_env(tmp_path, kie_url=sim.url)
        params = {
            "batches": [2],
            "format": "png",
            "schedule": "prior",
            "prior": [0.05, 0.1],
            "min_interval_s": 0.02,
        }
        result = run_worker(ENGINE_MODULE, "engine_batches", params, env, timeout=90)
        tasks = sim.tasks()
    rows = result["batches"][0]
    assert [row["state"] for row in rows] == ["completed", "completed"]
    assert tasks["counts"]["generate"] == 2
    finished = {task["task_id"]: task["completed"] for task in tasks["tasks"]}
    assert all(finished[row["task_id"]] is not None for row in rows)


def test_the_row_index_worker_reports_each_case_and_its_floor() -> None:
    took = bench_row_index.run(quick=True)
    assert set(took["library_index"]) == {
        "rows", "insert_end_us", "insert_top_us", "page_short_us", "page_long_us"
    }  # fmt: skip
    assert took["library_index_insert_ratio"] > 0 and took["library_index_page_ratio"] > 0


def test_the_app_launcher_reports_ready(tmp_path: Path) -> None:
    with SimProcess(latency_s=[0.5, 1.0]) as sim:
        seconds, result = launch_app(app_env(tmp_path, kie_url=sim.url))
    assert seconds > 0
    assert result["rows"] == 0
    assert result["process_started"] <= result["window_returned"] <= result["ready"]
    json.dumps(result)


def test_both_start_up_floors_show_their_window_and_report(tmp_path: Path) -> None:
    env = app_env(tmp_path, kie_url="http://127.0.0.1:9")
    assert time_floor(env, FLOOR_SCRIPT) > 0
    assert time_floor(env, STACK_FLOOR_SCRIPT) > 0
