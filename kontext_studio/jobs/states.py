"""The job state machine. Every transition is written to the store before the side effect
that follows it, so a crash at any moment leaves a state :func:`resume_state` can act on."""

from __future__ import annotations

from enum import StrEnum


class JobState(StrEnum):
    QUEUED = "queued"
    UPLOADING = "uploading"
    SUBMITTING = "submitting"
    GENERATING = "generating"
    DOWNLOADING = "downloading"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    UNKNOWN = "unknown"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL

    @property
    def is_active(self) -> bool:
        return self not in TERMINAL


TERMINAL = frozenset(
    {JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED, JobState.TIMEOUT, JobState.UNKNOWN}
)
RUNNING = frozenset(state for state in JobState if state.is_active)

ALLOWED: dict[JobState, frozenset[JobState]] = {
    # A job waiting to be sent again takes the task KIE made for an earlier send of it, one
    # cancelled while it was out (jobs.engine: a late answer), and is not sent again.
    JobState.QUEUED: frozenset({JobState.UPLOADING, JobState.SUBMITTING, JobState.GENERATING}),
    JobState.UPLOADING: frozenset({JobState.QUEUED, JobState.SUBMITTING, JobState.GENERATING}),
    JobState.SUBMITTING: frozenset({JobState.QUEUED, JobState.GENERATING, JobState.UNKNOWN}),
    JobState.GENERATING: frozenset({JobState.DOWNLOADING}),
    JobState.DOWNLOADING: frozenset({JobState.COMPLETED}),
    # A finished image whose file went missing is fetched again from KIE's link.
    JobState.COMPLETED: frozenset({JobState.DOWNLOADING}),
    # Check a timed-out job again; resubmit an unknown one only when the artist asks, or
    # follow the task the artist found for it in their logs on kie.ai, as if KIE had
    # answered its send with it (jobs.engine: attach_task).
    JobState.TIMEOUT: frozenset({JobState.GENERATING}),
    JobState.UNKNOWN: frozenset({JobState.QUEUED, JobState.GENERATING}),
    # A failed download is fetched again, a task the app's side stopped following (a bug, the
    # disk) is checked again, and any other failure is queued again.
    JobState.FAILED: frozenset({JobState.QUEUED, JobState.GENERATING, JobState.DOWNLOADING}),
    # KIE has no cancel: a cancelled job's task is followed again, or it is queued again.
    JobState.CANCELLED: frozenset({JobState.QUEUED, JobState.GENERATING, JobState.DOWNLOADING}),
}
SHOWN_AS: dict[str, tuple[JobState, ...]] = {
    "active": tuple(state for state in JobState if state.is_active),
    "completed": (JobState.COMPLETED,),
    "failed": (JobState.FAILED, JobState.TIMEOUT, JobState.UNKNOWN),
    "cancelled": (JobState.CANCELLED,),
}
"""The states each of the library's filters shows, by the name ``jobs --state`` takes: the
window's filter and the command line show the same jobs for one name ("failed" is the
window's *Failed / timed out / unknown*)."""
_ANY_TO = frozenset({JobState.FAILED, JobState.CANCELLED, JobState.TIMEOUT})


def can_move(old: JobState, new: JobState) -> bool:
    """Failure, cancel and timeout may end any active job; the rest follows ``ALLOWED``."""
    if old.is_active and new in _ANY_TO:
        return True
    return new in ALLOWED[old]


def resume_state(state: JobState) -> JobState:
    """Where an interrupted job continues after a restart.

    Uploads are free, so ``uploading`` starts again from ``queued``. A job that died while
    ``submitting`` may or may not have been created at KIE: it becomes ``unknown`` and is never
    sent again without the artist.
    """
    if state is JobState.UPLOADING:
        return JobState.QUEUED
    if state is JobState.SUBMITTING:
        return JobState.UNKNOWN
    return state
