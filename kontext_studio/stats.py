"""A small statistics view over the ledger: how many jobs, how they ended, how long they took.

Everything is computed from :class:`Snapshot` copies, so the numbers can be checked on crafted
rows without a database. Uploaded artworks count in ``total``, ``artworks`` and ``uploaded``
only: they never went through KIE, so they say nothing about success, duration, errors or
models. So do the extra artworks kept for a job (:attr:`Snapshot.made_for_job`: a task of an
earlier send of it that finished late): each is one more image of a job, not one more job,
and counted as jobs they made "3 generation jobs" of two. Of the generated jobs, only those
of one mode are counted, live or demo (the window's): the demo server's made-up times,
failures and models said nothing of how the artist's jobs on KIE went, and counted with them
they misled.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kontext_studio.errors import ExpiredResultError
from kontext_studio.explain import explain_kind
from kontext_studio.jobs.states import TERMINAL, JobState
from kontext_studio.store.ledger import UPLOADED, Ledger, Snapshot

DAYS = 14
_ERROR_STATES = (JobState.FAILED, JobState.TIMEOUT, JobState.UNKNOWN)
# The kind to count when an old row ended in an error state without one.
_FALLBACK_KIND = {
    JobState.FAILED: "error",
    JobState.TIMEOUT: "timeout",
    JobState.UNKNOWN: "outcome_unknown",
}


@dataclass(frozen=True)
class ErrorCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class Stats:
    """Counts and times. ``total`` counts every row, ``artworks`` those with an image (completed
    jobs and uploads; a failed, cancelled or running job has none), of either mode: they are
    the library's. ``extra`` counts the images kept for a job (of either mode), not jobs; a
    row kept for one with no image (its late task failed) is neither a job nor an artwork.
    ``by_state``, ``by_model``, ``errors``, ``per_day``, the rate and the times cover the
    generated jobs of the mode counted only, ``other_mode`` counts the others; a rate or time
    is ``None`` when there is nothing to compute it from."""

    total: int
    artworks: int
    uploaded: int
    generated: int
    """The generated jobs counted: those of the mode counted."""
    extra: int
    other_mode: int
    by_state: dict[JobState, int]
    success_rate: float | None
    mean_duration_s: float | None
    p90_duration_s: float | None
    errors: tuple[ErrorCount, ...]
    by_model: dict[str, int]
    per_day: tuple[tuple[date, int], ...]


def compute_stats(
    snapshots: Iterable[Snapshot], *, demo: bool, today: date | None = None, days: int = DAYS
) -> Stats:
    """Statistics of ``snapshots``, their generated jobs those of demo mode if ``demo``, else
    of live mode; ``per_day`` ends at ``today`` (local time, default now)."""
    rows = list(snapshots)
    generated = [s for s in rows if s.source != UPLOADED]
    every_job = [s for s in generated if s.made_for_job is None]
    jobs = [s for s in every_job if s.simulated is demo]
    durations = _durations(jobs)
    return Stats(
        total=len(rows),
        artworks=sum(s.state is JobState.COMPLETED for s in rows),
        uploaded=len(rows) - len(generated),
        generated=len(jobs),
        extra=sum(s.state is JobState.COMPLETED for s in generated if s.made_for_job is not None),
        other_mode=len(every_job) - len(jobs),
        by_state=_by_state(jobs),
        success_rate=_success_rate(jobs),
        mean_duration_s=statistics.fmean(durations) if durations else None,
        p90_duration_s=_p90(durations),
        errors=_errors(jobs),
        by_model=dict(_most_first(Counter(s.model for s in jobs if s.model))),
        per_day=_per_day(jobs, today or date.today(), days),
    )


def stats_for_ledger(ledger: Ledger, *, demo: bool, today: date | None = None) -> Stats:
    """Statistics of the whole library, read through ``search()``, its generated jobs those
    of demo mode if ``demo``, else of live mode (:func:`compute_stats`).

    Building full snapshots costs about 0.5 s per 10,000 rows (measured), so call this
    off the GUI thread; a column-only ledger query would cut the read to about 0.06 s.
    """
    return compute_stats(ledger.search(), demo=demo, today=today)


def _by_state(jobs: list[Snapshot]) -> dict[JobState, int]:
    counts = Counter(s.state for s in jobs)
    return {state: counts[state] for state in JobState if counts[state]}


def _success_rate(jobs: list[Snapshot]) -> float | None:
    """Completed among ended jobs; cancelled ones count as not completed."""
    ended = [s for s in jobs if s.state in TERMINAL]
    if not ended:
        return None
    return sum(s.state is JobState.COMPLETED for s in ended) / len(ended)


def _durations(jobs: list[Snapshot]) -> list[float]:
    """Seconds from submission to the downloaded file, for completed jobs. A negative value
    (the clock was set back) is left out rather than pulling the mean down."""
    values = (s.duration_s for s in jobs if s.state is JobState.COMPLETED)
    return [d for d in values if d is not None and d >= 0]


def _p90(values: list[float]) -> float | None:
    """90th percentile by linear interpolation between the closest ranks (numpy's default)."""
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def _errors(jobs: list[Snapshot]) -> tuple[ErrorCount, ...]:
    """Failures by kind, each named as the job's own mode names it (a demo job's in the demo
    server's words, not KIE's)."""
    rows = Counter(_error_row(s) for s in jobs if s.state in _ERROR_STATES)
    ordered = sorted(rows.items(), key=lambda item: (-item[1], *item[0]))
    return tuple(ErrorCount(kind, label, count) for (kind, label), count in ordered)


def _error_row(job: Snapshot) -> tuple[str, str]:
    """The kind of ``job``'s failure and its name in the statistics: a label, no full stop.
    The detail names no row (a file, KIE's words), but for a result link: a link its host
    refused is named so, apart from one that expired (:func:`explain_kind`), as the job's
    own words say. Counted with them, "The result link has expired (KIE keeps results 14
    days)" was said of links refused minutes after KIE made the image."""
    kind = job.error_kind or _FALLBACK_KIND[job.state]
    detail = job.error_detail if kind == ExpiredResultError.kind else ""
    words = explain_kind(kind, detail, facts=job.facts, brief=True)
    return kind, words.message.rstrip(".。")


def _most_first(counts: Counter[str]) -> list[tuple[str, int]]:
    """Highest count first, ties by name, so the order does not depend on the rows' order."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _per_day(jobs: list[Snapshot], today: date, days: int) -> tuple[tuple[date, int], ...]:
    counts = Counter(datetime.fromtimestamp(s.created_at).date() for s in jobs)
    first = today - timedelta(days=days - 1)
    return tuple((day, counts[day]) for day in (first + timedelta(n) for n in range(days)))
