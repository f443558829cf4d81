"""Library statistics: exact numbers on crafted rows, and the same numbers through a real ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from kontext_studio.errors import LINK_REFUSED
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.stats import ErrorCount, compute_stats, stats_for_ledger
from kontext_studio.store.ledger import Ledger, Snapshot
from tests.fixtures import library_image, snapshot

TODAY = date(2025, 3, 14)


def at(day: date, hour: int = 12) -> float:
    """A timestamp in local time, the calendar the per-day counts use."""
    return datetime(day.year, day.month, day.day, hour).timestamp()


def snap(state: JobState, **values: Any) -> Snapshot:
    """A row made today at noon (the per-day counts' calendar), with ``values``."""
    return snapshot(state, **{"created_at": at(TODAY), "updated_at": at(TODAY), **values})


def completed(duration: float | None, **values: Any) -> Snapshot:
    start = at(TODAY, 9)
    return snap(
        JobState.COMPLETED,
        submitted_at=None if duration is None else start,
        completed_at=start + (duration or 0),
        **values,
    )


def crafted() -> list[Snapshot]:
    return [
        completed(10),
        completed(20),
        completed(30, model="flux-kontext-max"),
        completed(40),
        completed(100, model="flux-kontext-max", created_at=at(TODAY - timedelta(days=13))),
        completed(None),  # no submission time: counts as completed, has no duration
        snap(JobState.FAILED, error_kind="generation_failed"),
        snap(JobState.FAILED, error_kind="generation_failed"),
        snap(JobState.FAILED, error_kind="content_policy"),
        snap(JobState.FAILED),  # an old row without a kind
        snap(JobState.TIMEOUT, error_kind="timeout"),
        snap(JobState.UNKNOWN, error_kind="outcome_unknown"),
        snap(JobState.CANCELLED, created_at=at(TODAY - timedelta(days=1))),
        snap(JobState.GENERATING, created_at=at(TODAY - timedelta(days=14))),
        snap(JobState.QUEUED, error_kind="rate_limited"),  # still waiting: not an error
        snap(JobState.COMPLETED, source="uploaded", model="", completed_at=at(TODAY)),
        snap(JobState.COMPLETED, source="uploaded", model="", completed_at=at(TODAY)),
    ]


def test_counts_rates_and_times_of_crafted_rows():
    stats = compute_stats(crafted(), demo=False, today=TODAY)
    assert (stats.total, stats.uploaded, stats.generated) == (17, 2, 15)
    assert stats.artworks == 8, "six completed jobs and two uploads: no failed or running one"
    assert stats.by_state == {
        JobState.QUEUED: 1,
        JobState.GENERATING: 1,
        JobState.COMPLETED: 6,
        JobState.FAILED: 4,
        JobState.CANCELLED: 1,
        JobState.TIMEOUT: 1,
        JobState.UNKNOWN: 1,
    }
    assert stats.success_rate == 6 / 13  # uploads and active jobs left out, cancelled counted
    assert stats.mean_duration_s == 40.0
    assert stats.p90_duration_s == 76.0  # 40 + 0.6 * (100 - 40)
    assert stats.by_model == {"flux-kontext-pro": 13, "flux-kontext-max": 2}


def test_errors_are_counted_by_kind_with_a_human_label():
    errors = compute_stats(crafted(), demo=False, today=TODAY).errors
    assert [(e.kind, e.count) for e in errors] == [
        ("generation_failed", 2),
        ("content_policy", 1),
        ("error", 1),
        ("outcome_unknown", 1),
        ("timeout", 1),
    ]
    assert errors[0] == ErrorCount("generation_failed", "KIE could not generate this image", 2)


def test_demo_failures_are_named_in_the_demo_server_s_words():
    """Every failure was named in live mode's words: a demo job the demo server could not
    make counted under "KIE could not generate this image"."""
    rows = [
        snap(JobState.FAILED, error_kind="generation_failed", simulated=True),
        snap(JobState.FAILED, error_kind="generation_failed", simulated=True),
        snap(JobState.FAILED, error_kind="network", simulated=True),
        snap(JobState.TIMEOUT, error_kind="timeout", simulated=True),
    ]
    assert compute_stats(rows, demo=True, today=TODAY).errors == (
        ErrorCount("generation_failed", "The demo server could not generate this image", 2),
        ErrorCount("network", "The demo server stopped answering", 1),
        ErrorCount("timeout", "No result arrived within the time limit", 1),
    )


def test_a_refused_download_link_has_its_own_line_apart_from_an_expired_one():
    """A result link whose host refused it (even the fresh one KIE had just given) is not
    one made too long ago: its own line, in the words its job says. Before, both counted
    under "The result link has expired (KIE keeps results 14 days)"."""
    refused = snap(JobState.FAILED, error_kind="expired_result", error_message=LINK_REFUSED)
    expired = snap(JobState.FAILED, error_kind="expired_result")
    assert compute_stats([refused, refused, expired], demo=False, today=TODAY).errors == (
        ErrorCount(
            "expired_result",
            "The server holding the image refused its download link, even the new one KIE "
            "had just given",
            2,
        ),
        ErrorCount("expired_result", "The result link has expired (KIE keeps results 14 days)", 1),
    )
    turned_down = snap(
        JobState.FAILED,
        error_kind="expired_result",
        error_code=422,
        error_message="Only files generated by KIE are supported",
        simulated=True,
    )
    demo = [replace(refused, simulated=True), replace(expired, simulated=True), turned_down]
    assert [e.label for e in compute_stats(demo, demo=True, today=TODAY).errors] == [
        "The demo server refused the image's download link, even the new one it had just given",
        "The demo server turned down the request for a new link to the image",
        "The result link has expired (the demo server keeps results 14 days)",
    ]


def demo_jobs() -> list[Snapshot]:
    """Three demo jobs: two images the demo server made in 2 s, one it could not make."""
    return [
        completed(2, model="flux-kontext-max", simulated=True),
        completed(2, model="flux-kontext-max", simulated=True),
        snap(JobState.FAILED, error_kind="generation_failed", simulated=True),
    ]


def test_the_jobs_of_the_other_mode_are_left_out_of_every_job_number():
    """Demo jobs counted with live ones: "Flux Kontext Max 5" of two made on KIE, the demo
    server's 2 s pulling the mean generation time down, its failures the success rate. An
    artist reading how their KIE jobs went read the demo's. Each mode counts its own jobs;
    the artworks are the library's, whichever mode made them."""
    live = compute_stats([*crafted(), *demo_jobs()], demo=False, today=TODAY)
    alone = compute_stats(crafted(), demo=False, today=TODAY)
    assert (live.by_model, live.success_rate, live.mean_duration_s) == (
        {"flux-kontext-pro": 13, "flux-kontext-max": 2},
        6 / 13,
        40.0,
    )
    assert (live.by_state, live.errors, live.per_day, live.p90_duration_s) == (
        alone.by_state,
        alone.errors,
        alone.per_day,
        alone.p90_duration_s,
    )
    assert (live.generated, live.other_mode, live.artworks, live.total) == (15, 3, 10, 20)

    demo = compute_stats([*crafted(), *demo_jobs()], demo=True, today=TODAY)
    assert (demo.by_model, demo.success_rate, demo.mean_duration_s) == (
        {"flux-kontext-max": 2, "flux-kontext-pro": 1},
        2 / 3,
        2.0,
    )
    assert demo.errors == (
        ErrorCount("generation_failed", "The demo server could not generate this image", 1),
    )
    assert (demo.generated, demo.other_mode, demo.artworks, demo.uploaded) == (3, 15, 10, 2)
    assert demo.per_day[-1] == (TODAY, 3)


def test_jobs_per_day_cover_the_last_fourteen_local_days():
    per_day = compute_stats(crafted(), demo=False, today=TODAY).per_day
    assert len(per_day) == 14
    assert per_day[0] == (date(2025, 3, 1), 1)  # the 100 s job; the one a day earlier is out
    assert per_day[-2] == (date(2025, 3, 13), 1)
    assert per_day[-1] == (TODAY, 12)
    assert sum(n for _, n in per_day) == 14
    assert [d for d, _ in per_day] == [date(2025, 3, 1) + timedelta(n) for n in range(14)]


def test_an_empty_library_has_no_rates():
    stats = compute_stats([], demo=False, today=TODAY)
    assert (stats.total, stats.success_rate, stats.mean_duration_s, stats.p90_duration_s) == (
        0,
        None,
        None,
        None,
    )
    assert stats.errors == () and stats.by_state == {} and stats.by_model == {}
    assert [n for _, n in stats.per_day] == [0] * 14


def test_one_duration_is_its_own_p90_and_negative_ones_are_ignored():
    broken = completed(-5)  # the clock was set back
    stats = compute_stats([completed(12.5), broken], demo=False, today=TODAY)
    assert (stats.mean_duration_s, stats.p90_duration_s) == (12.5, 12.5)


def test_stats_for_a_real_ledger(tmp_path: Path):
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    for duration in (8.0, 12.0):
        job = ledger.create_job(GenerateRequest("a fox").validated())
        ledger.transition(job.id, JobState.SUBMITTING)
        ledger.transition(job.id, JobState.GENERATING, task_id=f"t{job.id}", submitted_at=1000.0)
        ledger.transition(job.id, JobState.DOWNLOADING)
        ledger.transition(job.id, JobState.COMPLETED, completed_at=1000.0 + duration)
    failed = ledger.create_job(GenerateRequest("an owl", model="max").validated())
    ledger.transition(failed.id, JobState.FAILED, error_kind="credits")
    ledger.create_upload(file_path=library_image("x.png"), sha256="s")

    made = date.fromtimestamp(ledger.search(limit=1)[0].created_at)
    stats = stats_for_ledger(ledger, demo=False, today=made)  # a run over midnight as any
    ledger.close()
    assert (stats.total, stats.uploaded) == (4, 1)
    assert stats.success_rate == 2 / 3
    assert (stats.mean_duration_s, stats.p90_duration_s) == (10.0, 11.6)
    assert [(e.kind, e.count) for e in stats.errors] == [("credits", 1)]
    assert stats.by_model == {"flux-kontext-pro": 2, "flux-kontext-max": 1}
    assert stats.per_day[-1] == (made, 3)
