"""The words about money never contradict what Retry does.

Each row below is one the engine writes (its state, why it stopped, whether KIE made its
task, whether its image has a link, a cancel's note, an artwork kept for another job's late
task). What Retry does with it is :mod:`kontext_studio.jobs.stopped`'s word
(:func:`~kontext_studio.jobs.stopped.retry_sends`: a new generate, charged as any new job);
what is said of it is the hint of its stop (:func:`~kontext_studio.explain.explain_kind`,
the preview's and a notification's), a cancel's note, Retry's tooltip, and the command
line's next step. A
sentence that says Retry is free is said only of a Retry that sends nothing, and one that
says it is charged only of one that sends."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Any

import pytest

from kontext_studio.cli.job_output import next_step
from kontext_studio.explain import explain_kind
from kontext_studio.jobs import stopped
from kontext_studio.jobs.notes import (
    CANCEL_NOTE,
    FINISHED_NOTE,
    LATE_TASK_NOTE,
    LATE_TASK_RESENT_NOTE,
    NOT_SENT_AGAIN_NOTE,
    NOT_SENT_NOTE,
    NOT_SENT_UPLOADED_NOTE,
    NOT_TAKEN_AGAIN_NOTE,
    NOT_TAKEN_NOTE,
    REFUSED_NOTE,
)
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.job_actions import cancelled_retry_words
from tests.fixtures import snapshot

FAILED, TIMEOUT, CANCELLED = JobState.FAILED, JobState.TIMEOUT, JobState.CANCELLED
TASK, LINK = "task-1", "https://cdn.example/task-1.png"

# (state, kind, task id, result link, note, kept for job): the rows the engine writes.
REACHABLE: list[tuple[JobState, str, str | None, str, str, int | None]] = [
    # A send that made no task: it never left, KIE turned it away, or the app's side stopped
    # it before it went out (JobEngine._send, _stop_on_our_side).
    *(
        (FAILED, kind, None, "", "", None)
        for kind in (
            "network",
            "upload_refused",
            "rate_limited",
            "maintenance",
            "server",
            "kie_error",
            "auth",
            "credits",
            "feature_disabled",
            "malformed_reply",
            "internal",
            "storage",
        )
    ),
    # KIE made the task, then ended it without an image (_task_ended, _finish_poll), or had
    # no record of it (_poll, _task_forgotten); or the app's side stopped following it.
    *(
        (FAILED, kind, TASK, "", "", None)
        for kind in (
            "generation_failed",
            "server",
            "upstream_timeout",
            "not_found",
            "internal",
            "storage",
            "library_busy",
        )
    ),
    # Its image was made, and its download gave up (_download, _no_fresh_copy).
    *(
        (FAILED, kind, TASK, LINK, "", None)
        for kind in (
            "result_download",
            "damaged_result",
            "network",
            "reply_cut",
            "malformed_reply",
            "rate_limited",
            "maintenance",
            "expired_result",
            "invalid_input",
            "internal",
            "storage",
        )
    ),
    # KIE could not be asked about its task until the time limit (_poll, _time_out).
    *(
        (TIMEOUT, kind, TASK, "", "", None)
        for kind in (
            "kie_address",
            "timeout",
            "malformed_reply",
            "network",
            "reply_cut",
            "auth",
            "credits",
            "rate_limited",
            "maintenance",
            "server",
            "kie_error",
            "upstream_timeout",
        )
    ),
    # A cancel, and the late answer of a send out then (cancel_fields, late_answer_fields).
    (CANCELLED, "", TASK, "", CANCEL_NOTE, None),
    (CANCELLED, "", None, "", NOT_SENT_NOTE, None),
    (CANCELLED, "", None, "", NOT_SENT_UPLOADED_NOTE, None),
    (CANCELLED, "", None, "", NOT_SENT_AGAIN_NOTE, None),
    (CANCELLED, "rate_limited", None, "", NOT_TAKEN_NOTE, None),
    (CANCELLED, "", None, "", NOT_TAKEN_AGAIN_NOTE, None),
    (CANCELLED, "", None, "", REFUSED_NOTE, None),
    (CANCELLED, "", TASK, "", LATE_TASK_NOTE, None),
    (CANCELLED, "", TASK, "", LATE_TASK_RESENT_NOTE, None),
    (CANCELLED, "", TASK, LINK, FINISHED_NOTE, None),
    # An artwork kept for a late task of another job's earlier send (_keep_as_own_artwork).
    (FAILED, "generation_failed", TASK, "", "", 3),
    (TIMEOUT, "timeout", TASK, "", "", 3),
    (FAILED, "result_download", TASK, LINK, "", 3),
]

FREE = re.compile(
    r"without paying (again|twice)|not paid twice|is free|, free|without lowering .* again"
    r"|without making it twice"
)
"""A Retry, or what it does, said to cost nothing."""
CHARGED = re.compile(r"charged as (any|a) new job|as a new job, and it is charged")
"""A Retry said to be charged as a new job."""


def row(
    state: JobState, kind: str, task: str | None, link: str, note: str, kept_for: int | None
) -> Snapshot:
    now = time.time()
    return snapshot(
        state,
        id=7,
        request_json=GenerateRequest("a fox").to_json(),
        task_id=task,
        submitted_at=now if task else None,
        error_kind=kind,
        error_message=note,
        result_url=link,
        made_for_job=kept_for,
    )


def said_of(snap: Snapshot) -> dict[str, str]:
    """What each place says of ``snap``: its stop's hint (a cancelled job shows its note in
    its place), what Retry does with a cancelled job (its tooltip, and the preview's hint),
    and the command line's next step."""
    if snap.state is CANCELLED:
        hint = snap.error_detail
    else:
        hint = explain_kind(snap.error_kind, snap.error_detail, snap.facts).hint
    retry = cancelled_retry_words(snap)
    return {"hint": hint, "Retry's tooltip": retry, "next step": next_step(snap)}


def _id(combination: tuple[Any, ...]) -> str:
    state, kind, task, link, note, kept_for = combination
    parts = [state.value, kind or "-", "task" if task else "no task", "link" if link else ""]
    parts += [note[:24], f"kept for {kept_for}" if kept_for else ""]
    return " ".join(part for part in parts if part)


@pytest.mark.parametrize("demo", [False, True], ids=["live", "demo"])
@pytest.mark.parametrize("combination", REACHABLE, ids=[_id(c) for c in REACHABLE])
def test_a_retry_said_free_sends_nothing_and_one_said_charged_sends_the_job(combination, demo):
    snap = replace(row(*combination), simulated=demo)
    sends = stopped.retry_sends(snap)
    for where, words in said_of(snap).items():
        if FREE.search(words):
            assert not sends, f"{where} says Retry is free, but it sends the job: {words}"
        if CHARGED.search(words):
            assert sends, f"{where} says Retry is charged, but it sends nothing: {words}"


@pytest.mark.parametrize("kind", ["generation_failed", "server", "upstream_timeout"])
def test_the_next_step_of_a_task_kie_ended_says_its_retry_is_charged_as_a_new_job(kind):
    """KIE made the task and ended it without an image: a retry sends the job anew, charged
    as any new job. Before, the command line said it "carries it on without paying twice"."""
    snap = row(FAILED, kind, TASK, "", "", None)
    assert next_step(snap) == "`kontext-studio retry 7` sends it to KIE, charged as any new job."
    demo = replace(snap, simulated=True)
    assert next_step(demo) == (
        "`kontext-studio retry 7 --demo` sends it to the demo server; a demo job uses no real "
        "credits."
    )


@pytest.mark.parametrize(
    "combination",
    [
        (JobState.UNKNOWN, "outcome_unknown", None, "", "", None),
        (CANCELLED, "outcome_unknown", None, "", CANCEL_NOTE, None),
        (CANCELLED, "", None, "", CANCEL_NOTE, None),  # cancelled before its kind was kept
    ],
    ids=["unknown", "cancelled while sending", "cancelled while sending, older row"],
)
def test_a_send_whose_outcome_is_unknown_is_never_sent_again_by_a_retry(combination):
    """Whether KIE made its task is not known: only Resubmit, which asks first, sends it."""
    snap = row(*combination)
    assert stopped.needs_resubmit(snap) and not stopped.retry_sends(snap)
    assert "resubmit" in next_step(snap) and "retry" not in next_step(snap)


MADE = re.compile(r"made this image")
"""The job's image said to be made."""


@pytest.mark.parametrize("demo", [False, True], ids=["live", "demo"])
@pytest.mark.parametrize("combination", REACHABLE, ids=[_id(c) for c in REACHABLE])
def test_an_image_is_said_to_be_made_only_of_a_job_with_a_link_to_it(combination, demo):
    """A task KIE took may not have its image yet. Before, a job that timed out while KIE's
    rate limit, its maintenance or a wrong address kept it from being asked about its task
    read "KIE had already made this image", of an image no one knew was made."""
    snap = replace(row(*combination), simulated=demo)
    for where, words in said_of(snap).items():
        if MADE.search(words):
            assert snap.result_url, f"{where} says its image was made, with no link to it: {words}"


@pytest.mark.parametrize(
    ("kind", "demo", "hint"),
    [
        (
            "rate_limited",
            False,
            "KIE had already taken this job, so it was charged; retry in a minute: Retry "
            "checks on it without paying again.",
        ),
        (
            "maintenance",
            True,
            "The demo server had already taken this job; try again later: Retry checks on it "
            "without lowering the demo balance again.",
        ),
    ],
)
def test_a_job_timed_out_at_the_rate_limit_or_maintenance_says_retry_checks_on_its_task(
    kind, demo, hint
):
    """Its Retry follows the task KIE took (:func:`stopped.retry_state`), free."""
    snap = replace(row(TIMEOUT, kind, TASK, "", "", None), simulated=demo)
    assert stopped.retry_state(snap) is JobState.GENERATING and not stopped.retry_sends(snap)
    assert explain_kind(kind, snap.error_detail, snap.facts).hint == hint
