"""``resume``, ``retry``, ``resubmit`` and ``attach``: jobs carried on, sent again, or given
the task found for them, and waited for."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial

from kontext_studio.cli.job_output import (
    Progress,
    next_step,
    print_waited,
    report_waited,
    results_of,
    tell_kept_apart,
    wait_for_kept_apart,
    waited_json,
    waited_note,
)
from kontext_studio.cli.jobs import no_such_job
from kontext_studio.cli.library import (
    close_session,
    open_command_session,
    tell_other_mode,
    tell_recovered,
    waits_for_key,
)
from kontext_studio.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_CARRIED_ON,
    EXIT_JOB_FAILED,
    EXIT_OK,
    emit,
    say,
)
from kontext_studio.errors import JobRunningError, Joined, KeptImageError, Refusal, join_names
from kontext_studio.explain import explain_kind
from kontext_studio.i18n import QT_TRANSLATE_NOOP, moment, translate
from kontext_studio.jobs.claim import WINDOW, Holder, who_runs
from kontext_studio.jobs.engine import JobEngine
from kontext_studio.jobs.given_task import attach_refused, task_id_problem
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import (
    awaits_link,
    kept_image_there,
    kept_sends_anew,
    needs_resubmit,
    resubmit_only_refusal,
    resubmit_refused,
    retry_refused,
    retry_sends,
    retry_sends_anew,
    task_lost,
)
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot


async def resume(args: argparse.Namespace) -> int:
    session = open_command_session(args.demo, args.command)
    tell_recovered(session.ledger)
    try:
        progress = Progress()
        session.engine.subscribe(progress)
        with progress.learning_awaited():  # a job may end before the list of them is back
            ids = await session.engine.resume(runs_own_jobs=False)
            progress.awaits(*ids)
        tell_other_mode(session.engine, args.demo)
        await session.engine.wait_idle()
        read = [s for s in (session.ledger.get(i) for i in ids) if s is not None]
        tried = [s for s in read if awaits_link(s) and session.engine.failed_by_itself(s.id)]
        held = [s for s in map(session.ledger.get, session.engine.links_held) if s is not None]
        rows = [s for s in read if s not in tried]
        kept = {s.id: session.ledger.kept_for(s.id) for s in rows}  # told in the next step
        # Still running: another process took it over (the window, opened meanwhile beside
        # this command, took the task KIE made for a send of it), or its run here crashed.
        elsewhere = any(s.state.is_active for s in rows) and await session.engine.runs_elsewhere()
        holder = await _holder(session) if session.engine.left_to_another else None
    finally:
        await close_session(session, args)

    engine = session.engine
    left = engine.left_to_another or engine.waits_for_guests

    def human() -> None:
        for snap in rows:
            print_waited(snap, elsewhere=elsewhere, kept=kept[snap.id])
        if not rows and not left and not engine.other_mode_jobs and not tried and not held:
            say(translate("cli", "No unfinished jobs."))  # a notice: stdout holds jobs only

    listed = [waited_json(s, elsewhere=elsewhere, kept=kept[s.id]) for s in rows]
    with results_of(
        rows,
        as_json=args.json,
        notes=partial(waited_note, elsewhere=elsewhere),
        steps=lambda snap: next_step(snap, kept[snap.id]),
    ):
        emit(listed, args.json, human)
    for snap in tried:  # on stderr: no job of the list, and no failure of this run's
        say(_still_refused(snap))
    for snap in held:
        say(_not_tried_yet(snap))
    if (tried or held) and not rows and not left and not engine.other_mode_jobs and not args.json:
        # After those lines, not "No unfinished jobs." before them, which each then belied.
        say(translate("cli", "No other unfinished jobs."))
    # Why nothing was resumed, on stderr with --json too: the script's "[]" does not say.
    if engine.left_to_another:
        say(_left_to_another(holder, demo=session.demo))
    elif engine.waits_for_guests:
        say(translate("cli", _GUESTS_RUNNING))
    return _resumed_code(rows, elsewhere=elsewhere, key_missing=waits_for_key(engine, args.demo))


def _still_refused(snap: Snapshot) -> str:
    """What ``resume`` says of a job whose refused result link it tried again by itself,
    free, in vain (:meth:`~kontext_studio.jobs.engine.JobEngine.failed_by_itself`), with
    what stopped that try, as its row says it (its link refused again, the rate limit, a
    download cut off, no network): before, one line said "its link still refused, or the
    network or a server down" of each. One the rate limit stopped says from when the next
    ``resume`` tries it (:attr:`Snapshot.link_try_at`). Such a job is left out of its list
    and its exit code, as before these tries: a script that retries on a failed resume
    would run it again for a job nothing it does moves, and a failure nothing new caused
    reads as one this run made."""
    why = _stop_words(snap)
    if snap.link_try_at is not None:
        words = _STILL_LIMITED_DEMO if snap.simulated else _STILL_LIMITED
        at = moment(snap.link_try_at)
        return translate("cli", words).format(job_id=snap.id, why=why, at=at)
    words = _STILL_NOT_FETCHED_DEMO if snap.simulated else _STILL_NOT_FETCHED
    return translate("cli", words).format(job_id=snap.id, why=why)


def _not_tried_yet(snap: Snapshot) -> str:
    """What ``resume`` says of a job whose refused result link it did not try again, the
    back-off after the rate limit its last try met not over
    (:attr:`~kontext_studio.jobs.engine.JobEngine.links_held`): before, each resume tried
    every such job at once, adding to the limit; said, the artist knows it is not lost."""
    words = _NOT_TRIED_YET_DEMO if snap.simulated else _NOT_TRIED_YET
    at = moment(snap.link_try_at or time.time())
    return translate("cli", words).format(job_id=snap.id, why=_stop_words(snap), at=at)


def _stop_words(snap: Snapshot) -> str:
    """Why ``snap``'s last try of its refused link stopped, as its failure line says it."""
    return explain_kind(snap.error_kind, snap.error_detail, snap.facts).message


_STILL_NOT_FETCHED = QT_TRANSLATE_NOOP(
    "cli",
    "Job {job_id}: its image was tried again, free, and could not be fetched yet. {why} It "
    "is tried again at the next resume, while KIE keeps the image (14 days).",
)
_STILL_NOT_FETCHED_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "Job {job_id}: its demo image was tried again and could not be fetched yet. {why} It is "
    "tried again at the next resume, while the demo server keeps the image (14 days).",
)
_STILL_LIMITED = QT_TRANSLATE_NOOP(
    "cli",
    "Job {job_id}: its image was tried again, free, and could not be fetched yet. {why} It "
    "is tried again at the first resume from {at}, once the limit has had time to pass, "
    "while KIE keeps the image (14 days).",
)
_STILL_LIMITED_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "Job {job_id}: its demo image was tried again and could not be fetched yet. {why} It is "
    "tried again at the first resume from {at}, once the limit has had time to pass, while "
    "the demo server keeps the image (14 days).",
)
_NOT_TRIED_YET = QT_TRANSLATE_NOOP(
    "cli",
    "Job {job_id}: its image was not tried again this time: its last try met a limit. {why} "
    "It is tried again, free, at the first resume from {at}, while KIE keeps the image (14 "
    "days).",
)
_NOT_TRIED_YET_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "Job {job_id}: its demo image was not tried again this time: its last try met a limit. "
    "{why} It is tried again at the first resume from {at}, while the demo server keeps the "
    "image (14 days).",
)


def _resumed_code(rows: list[Snapshot], *, elsewhere: bool, key_missing: bool) -> int:
    """``resume``'s exit code: 0 when every job it carried on completed; 4
    (:data:`EXIT_CARRIED_ON`) when the others that did not are still running, taken over by
    another process (``elsewhere``: the window), as ``generate``, ``retry`` and
    ``resubmit`` say of theirs; else 1. Before, a job the window took over exited 1, which
    says the command failed, and a script retrying on failure would send it once more.
    ``key_missing``: jobs sent to KIE in live mode were left waiting for want of a key
    (:func:`waits_for_key`); of a resume whose own jobs all completed, 2 (as a ``publish``
    without R2 set up is refused), not 0: before, it exited 0 having carried nothing on."""
    unfinished = [s for s in rows if s.state is not JobState.COMPLETED]
    if not unfinished:
        return EXIT_BAD_INPUT if key_missing else EXIT_OK
    if elsewhere and all(s.state.is_active for s in unfinished):
        return EXIT_CARRIED_ON
    return EXIT_JOB_FAILED


_LEFT_TO_ANOTHER = QT_TRANSLATE_NOOP(
    "cli",
    "Kontext Studio is open on this library elsewhere (the window or another command) and "
    "carries on its unfinished jobs; nothing was resumed here.",
)

_LEFT_TO_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "The window (live mode) has this library open and carries on its unfinished live jobs; "
    "nothing was resumed here.",
)
_LEFT_TO_WINDOW_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "The window (demo mode) has this library open and carries on its unfinished demo jobs; "
    "nothing was resumed here.",
)
_BESIDE_DEMO_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "The window (demo mode) has this library open, so nothing was resumed here: it does not "
    "run live jobs; switch it to live mode, or quit it and run `kontext-studio resume` again.",
)
_BESIDE_LIVE_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "The window (live mode) has this library open, so nothing was resumed here: it does not "
    "run demo jobs; quit it and run `kontext-studio resume --demo` again.",
)
_BESIDE_COMMAND = QT_TRANSLATE_NOOP(
    "cli",
    "`kontext-studio {command}` (pid {pid}) has this library open, so nothing was resumed "
    "here: run `kontext-studio resume` again once it has ended.",
)
_BESIDE_COMMAND_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "`kontext-studio {command}` (pid {pid}) has this library open, so nothing was resumed "
    "here: run `kontext-studio resume --demo` again once it has ended.",
)


async def _holder(session: Session) -> Holder | None:
    """Who holds the library's jobs, by its record (:func:`~kontext_studio.jobs.claim.
    who_runs`); ``None`` when unknown, or nothing holds them any more."""
    claim = session.engine.claim
    if claim is None:
        return None
    return (await asyncio.to_thread(who_runs, claim.path, guests=False)).holder


def _left_to_another(holder: Holder | None, *, demo: bool) -> str:
    """Why a ``resume`` (in demo mode with ``demo``) resumed nothing, another process holding
    the library's jobs: the window in this mode carries them on; in the other mode it leaves
    them alone; a command carries on only those it found as it started. Of a holder without
    a record, :data:`_LEFT_TO_ANOTHER`."""
    if holder is None:
        return translate("cli", _LEFT_TO_ANOTHER)
    if holder.kind != WINDOW:
        words = _BESIDE_COMMAND_DEMO if demo else _BESIDE_COMMAND
        return translate("cli", words).format(command=holder.kind, pid=holder.pid)
    if holder.demo is demo:
        return translate("cli", _LEFT_TO_WINDOW_DEMO if demo else _LEFT_TO_WINDOW)
    return translate("cli", _BESIDE_LIVE_WINDOW if demo else _BESIDE_DEMO_WINDOW)


_GUESTS_RUNNING = QT_TRANSLATE_NOOP(
    "cli",
    "Kontext Studio is running jobs on this library elsewhere (the window or another "
    "command), so nothing was resumed here: that way no job is sent twice. Run "
    "`kontext-studio resume` again once it has ended.",
)


async def _send_again(
    args: argparse.Namespace,
    again: Callable[[JobEngine, int], Awaitable[Snapshot]],
    first: Callable[[Session], Awaitable[None]] | None = None,
) -> int:
    """Carry job ``args.id`` on with ``again`` (retry, resubmit) after the other unfinished
    jobs are resumed, and wait for it; ``first`` may refuse before anything is sent."""
    session = open_command_session(args.demo, args.command)
    tell_recovered(session.ledger)
    try:
        if first is not None:
            await first(session)
        progress = Progress()
        session.engine.subscribe(progress)
        await session.engine.resume(tries_links=False)
        tell_other_mode(session.engine, args.demo)
        progress.awaits(args.id)
        snap = await again(session.engine, args.id)
        snap = await session.engine.wait_for(snap.id)
        # Still running: another process took it over (the window took the task KIE made
        # for the send of it the window cancelled), or its run here crashed.
        elsewhere = snap.state.is_active and await session.engine.runs_elsewhere()
        kept = await wait_for_kept_apart(session.engine, snap.id)
        kept_for = session.ledger.kept_for(snap.id)  # as `jobs --json`
    finally:
        await close_session(session, args)
    code = report_waited(snap, args.json, elsewhere=elsewhere, kept=kept_for)
    tell_kept_apart(snap, kept)
    return code


async def _require_here(
    args: argparse.Namespace, session: Session, refused: Callable[[Snapshot], Refusal | None]
) -> Snapshot:
    """:meth:`JobEngine.require_here` of job ``args.id``, a number not in the library refused
    in the command's words (where to find the right one), and a live job in a session that
    is in demo mode for want of a key (no --demo) with how to set one, where live mode would
    take it on. Before, it was said to carry on "only in live mode, with your API key", to a
    command the artist had run in live mode as far as they could tell. One still running
    while another process has the library open runs there if that one is in live mode: a
    window in demo mode (no key there either, the key being kept for both) leaves it alone.
    The window's record says which (:func:`_live_elsewhere`); without one, both are said:
    before, "running already … wait for it to end", which then never came; before that, a
    key for a `resume`, refused while the window is open."""
    snap = session.ledger.get(args.id)
    if snap is None:
        raise no_such_job(args.id)
    if not snap.simulated and session.demo and not args.demo and refused(snap) is None:
        if snap.state.is_active and await session.engine.runs_elsewhere():
            raise await _live_elsewhere(session, args.id)
        # One still running, left by a command that ended, is resume's, not sent again.
        needs_key = _LIVE_LEFT_NEEDS_KEY if snap.state.is_active else _LIVE_NEEDS_KEY
        raise Refusal.worded(needs_key, id=args.id, command=_run_again(args))
    return await session.engine.require_here(args.id, refused)


def _run_again(args: argparse.Namespace) -> str:
    """The command ``args`` are of, as it is run again: with its job, and ``attach``'s task
    ID (checked to be one word before: :func:`attach`). Before, `kontext-studio attach 1`
    was said, which is refused for want of its TASK_ID."""
    words = [args.command, str(args.id)]
    if args.command == "attach":
        words.append(args.task_id.strip())
    return " ".join(words)


_LIVE_NEEDS_KEY = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was sent to KIE in live mode: it carries on only in live mode, and no KIE API "
    "key is set, so this command ran in demo mode. Set your key with `kontext-studio key set` "
    "(or in KIE_API_KEY), then run `kontext-studio {command}` again.",
)
_LIVE_LEFT_NEEDS_KEY = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was sent to KIE in live mode: it carries on only in live mode, and no KIE API "
    "key is set, so this command ran in demo mode. Set your key with `kontext-studio key set` "
    "(or in KIE_API_KEY), then `kontext-studio resume` carries it on.",
)
_LIVE_MAY_RUN_ELSEWHERE = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was sent to KIE in live mode and has not ended; the window or another command "
    "has this library open, and carries it on if it runs in live mode, so there is nothing "
    "to send again (`kontext-studio jobs {id}` shows how it goes). No KIE API key is set "
    "here, so this command ran in demo mode: if the window is in demo mode too, set your key "
    "with `kontext-studio key set` (or in KIE_API_KEY), then close the window and run "
    "`kontext-studio resume`.",
)


_LIVE_IN_LIVE_WINDOW = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was sent to KIE in live mode and has not ended; the window (live mode) has this "
    "library open and carries it on, so there is nothing to send again (`kontext-studio jobs "
    "{id}` shows how it goes).",
)
_LIVE_BESIDE_DEMO_WINDOW = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was sent to KIE in live mode and has not ended, and the window (demo mode) has "
    "this library open: it does not run live jobs. No KIE API key is set here either, so this "
    "command ran in demo mode: set your key with `kontext-studio key set` (or in "
    "KIE_API_KEY), then switch the window to live mode, or quit it and run `kontext-studio "
    "resume`.",
)


async def _live_elsewhere(session: Session, job_id: int) -> Refusal:
    """Why a live job still running, found run elsewhere, is refused to a command in demo
    mode for want of a key: by the record of the window that holds the library's jobs
    (:func:`~kontext_studio.jobs.claim.who_runs`), it carries the job on in live mode, or
    leaves it alone in demo mode, while no command runs its own beside it (it may be one
    of theirs). Of a command holding them, or one without a record, both ways are said."""
    claim = session.engine.claim
    seen = await asyncio.to_thread(who_runs, claim.path) if claim is not None else None
    holder = seen.holder if seen is not None and not seen.guests else None
    if holder is not None and holder.kind == WINDOW and holder.demo:
        return Refusal.worded(_LIVE_BESIDE_DEMO_WINDOW, id=job_id)
    if holder is not None and holder.kind == WINDOW:
        return JobRunningError.worded(_LIVE_IN_LIVE_WINDOW, id=job_id)
    return JobRunningError.worded(_LIVE_MAY_RUN_ELSEWHERE, id=job_id)


_RUNS_ELSEWHERE = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} is running already, in the window or another command open on this library, so "
    "there is nothing to send again. Wait for it to end; `kontext-studio jobs {id}` shows how "
    "it goes.",
)
_LEFT_UNFINISHED = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was left unfinished by a window or command that ended before it did, so there is "
    "nothing to send again: `kontext-studio resume` carries it on.",
)
_LEFT_UNFINISHED_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was left unfinished by a window or command that ended before it did, so there is "
    "nothing to send again: `kontext-studio resume --demo` carries it on.",
)


async def _not_stopped(session: Session, snap: Snapshot) -> Refusal | None:
    """A job that has not stopped (queued, being sent, generating, downloading) has nothing
    for a retry or resubmit to send again: said so, with where it runs, or, when nothing runs
    it any more, the ``resume`` that carries it on."""
    if not snap.state.is_active:
        return None
    if await session.engine.runs_elsewhere():
        return JobRunningError.worded(_RUNS_ELSEWHERE, id=snap.id)
    left = _LEFT_UNFINISHED_DEMO if snap.simulated else _LEFT_UNFINISHED
    return Refusal.worded(left, id=snap.id)


# Why ``retry`` and ``resubmit`` refuse a job of this mode, asked as the command starts: before
# it resumes the library's other unfinished jobs, so that a refusal comes before anything is
# sent. (A job that had not stopped was carried on by that resume, then refused as carried on
# "meanwhile, perhaps by the window or another command".) The engine asks again as it sends.


async def _not_retried(session: Session, snap: Snapshot) -> Refusal | None:
    if needs_resubmit(snap):
        return resubmit_only_refusal(snap)
    return await _not_stopped(session, snap) or retry_refused(snap)


async def _not_resubmitted(session: Session, snap: Snapshot) -> Refusal | None:
    return await _not_stopped(session, snap) or resubmit_refused(snap)


_RETRY_ASKS = QT_TRANSLATE_NOOP(
    "Errors",
    "KIE has no record of job {id}, so a retry sends it again as a new job, which is "
    "charged. To send it anyway, add --yes.",
)
_RETRY_ASKS_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "The demo server has no record of job {id}, so a retry sends it again as a new job. A demo "
    "job uses no real credits: only the demo balance goes down. To send it anyway, add --yes.",
)


def _tell_kept(args: argparse.Namespace, session: Session, snap: Snapshot) -> list[Snapshot]:
    """Before a send that pays again (``resubmit``, ``retry --yes`` of a job KIE has no
    record of, ``retry`` of one cancelled before it was sent or failed: :func:`retry_sends`),
    or the refusal that asks for its --yes: on stderr, the artworks kept for
    tasks of the job's earlier sends (:meth:`Ledger.kept_for`), which that send makes again.
    Before, nothing said so, and a script or an artist paid twice for an image already in the
    library; ``jobs ID`` names them too. Those that completed have their image; those still
    running are making it, which the artist may rather wait for (before, not named). Those
    found, whatever their state."""
    found = session.ledger.kept_for(snap.id)
    if found:  # a refusal asking for --yes lists them in its JSON line, as `jobs --json` does;
        # of a job with none, the line is the one scripts read before: status, kind, message
        args.error_fields = {"kept_artworks": [k.id for k in found]}
    kept = [k for k in found if k.state is JobState.COMPLETED]
    if kept:
        if snap.simulated and len(kept) > 1:
            words = _KEPT_SEVERAL_DEMO
        elif snap.simulated:
            words = _KEPT_ONE_DEMO
        else:
            words = _KEPT_SEVERAL if len(kept) > 1 else _KEPT_ONE
        ids = join_names([str(k.id) for k in kept])
        say(translate("cli", words).format(id=snap.id, ids=ids, count=len(kept)))
    making = [k for k in found if k.state.is_active]
    if making:
        ids = join_names([str(k.id) for k in making])
        words = _MAKING_SEVERAL if len(making) > 1 else _MAKING_ONE
        say(translate("cli", words).format(id=snap.id, ids=ids, count=len(making)))
    return found


_MAKING_ONE = QT_TRANSLATE_NOOP(
    "cli",
    "An earlier send of job {id} is still making an image for it, as artwork {ids}: "
    "`kontext-studio jobs {ids}` shows how it goes.",
)
_MAKING_SEVERAL = QT_TRANSLATE_NOOP(
    "cli",
    "{count} earlier sends of job {id} are still making images for it, as artworks {ids}: "
    "`kontext-studio jobs ID` shows how each goes.",
)
_KEPT_ONE = QT_TRANSLATE_NOOP(
    "cli",
    "An earlier send of job {id}, cancelled while it was out, was answered late and charged "
    "too: its image is already in the library as artwork {ids}.",
)
_KEPT_SEVERAL = QT_TRANSLATE_NOOP(
    "cli",
    "{count} earlier sends of job {id}, each cancelled while it was out, were answered late "
    "and charged too: their images are already in the library as artworks {ids}.",
)
_KEPT_ONE_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "An earlier send of job {id} to the demo server, cancelled while it was out, was answered "
    "late: its image is already in the library as artwork {ids} (no real credits).",
)
_KEPT_SEVERAL_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "{count} earlier sends of job {id} to the demo server, each cancelled while it was out, "
    "were answered late: their images are already in the library as artworks {ids} (no real "
    "credits).",
)

_RETRY_KEPT_ASKS = QT_TRANSLATE_NOOP(
    "Errors",
    "Artwork {id} was kept for a late answer to an earlier send of job {job}, and its task "
    "failed, so a retry sends its prompt again as a new job, which is charged. To send it "
    "anyway, add --yes.",
)
_RETRY_KEPT_ASKS_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Artwork {id} was kept for a late answer to an earlier send of job {job}, and its task "
    "failed, so a retry sends its prompt to the demo server again as a new job. A demo job "
    "uses no real credits: only the demo balance goes down. To send it anyway, add --yes.",
)


_RETRY_KEPT_IMAGE_ASKS = QT_TRANSLATE_NOOP(
    "Errors",
    "An earlier send of job {id} made its image, or is still making it, as artwork {ids}: a "
    "retry sends the job to KIE again as a new job, which is charged. `kontext-studio jobs "
    "{ids}` shows that artwork; to send the job again anyway, add --yes.",
)
_RETRY_KEPT_IMAGES_ASKS = QT_TRANSLATE_NOOP(
    "Errors",
    "Earlier sends of job {id} made its image, or are still making it, as artworks {ids}: a "
    "retry sends the job to KIE again as a new job, which is charged. `kontext-studio jobs "
    "ID` shows each of those artworks; to send the job again anyway, add --yes.",
)
_RETRY_KEPT_IMAGE_ASKS_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "An earlier send of job {id} made its image, or is still making it, as artwork {ids}: a "
    "retry sends the job to the demo server again as a new job. A demo job uses no real "
    "credits: only the demo balance goes down. `kontext-studio jobs {ids}` shows that "
    "artwork; to send the job again anyway, add --yes.",
)
_RETRY_KEPT_IMAGES_ASKS_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Earlier sends of job {id} made its image, or are still making it, as artworks {ids}: a "
    "retry sends the job to the demo server again as a new job. A demo job uses no real "
    "credits: only the demo balance goes down. `kontext-studio jobs ID` shows each of those "
    "artworks; to send the job again anyway, add --yes.",
)


def _kept_image_refusal(snap: Snapshot, kept: list[Snapshot]) -> Refusal | None:
    """Why ``retry`` of ``snap`` without --yes is refused when it sends the job again,
    charged (:func:`retry_sends`), while an earlier send of it made its image, or is making
    it (``kept``: :func:`kept_image_there`): the window's Retry asks first. Before, the
    command sent it, naming that artwork on stderr only; None when there is none."""
    there = [k.id for k in kept if kept_image_there(k)]
    return _kept_image_asks(snap.id, there, demo=snap.simulated) if there else None


def _kept_image_asks(job_id: int, there: Sequence[int], *, demo: bool) -> Refusal:
    """The words of a ``retry`` refused without --yes, ``there`` the artworks kept for
    earlier sends of job ``job_id`` that made its image or are making it: as the command looked
    (:func:`_kept_image_refusal`), or as the engine found them in the write that would have
    sent it (:class:`KeptImageError`: another program kept one since)."""
    if demo:
        asks = _RETRY_KEPT_IMAGES_ASKS_DEMO if len(there) > 1 else _RETRY_KEPT_IMAGE_ASKS_DEMO
    else:
        asks = _RETRY_KEPT_IMAGES_ASKS if len(there) > 1 else _RETRY_KEPT_IMAGE_ASKS
    return Refusal.worded(asks, id=job_id, ids=Joined(str(k) for k in there))


async def retry(args: argparse.Namespace) -> int:
    async def asked(session: Session) -> None:
        # A job of the other mode is refused as such first: --yes could not send it here.
        snap = await _require_here(args, session, retry_refused)
        if refused := await _not_retried(session, snap):
            raise refused
        # sent again (cancelled, failed, or anew): paid again
        kept = _tell_kept(args, session, snap) if retry_sends(snap) else []
        if kept_sends_anew(snap) and not task_lost(snap) and not args.yes:
            asks = _RETRY_KEPT_ASKS_DEMO if snap.simulated else _RETRY_KEPT_ASKS
            raise Refusal.worded(asks, id=args.id, job=snap.made_for_job or "")
        if retry_sends_anew(snap) and not args.yes:
            asks = _RETRY_ASKS_DEMO if snap.simulated else _RETRY_ASKS
            raise Refusal.worded(asks, id=args.id)
        if not args.yes and (refused := _kept_image_refusal(snap, kept)):
            raise refused

    async def again(engine: JobEngine, job_id: int) -> Snapshot:
        try:
            return await engine.retry(job_id, pay_again=args.yes)
        except KeptImageError as kept:  # kept by another program since `asked` looked
            args.error_fields = {"kept_artworks": list(kept.kept)}
            raise _kept_image_asks(job_id, kept.kept, demo=engine.config.simulated) from kept

    return await _send_again(args, again, asked)


_RESUBMIT_ASKS = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} may have reached KIE already and been charged: look for it in the logs of your "
    "account on kie.ai first. If its task is there, `kontext-studio attach {id} TASK_ID` brings "
    "its image without paying again. To send it again anyway (it may be charged twice), add "
    "--yes.",
)
_RESUBMIT_ASKS_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was sent to the demo server, which may have made it already. A demo job uses no "
    "real credits: sending it again only lowers the demo balance, and at worst makes the image "
    "twice. To send it again, add --yes.",
)


async def resubmit(args: argparse.Namespace) -> int:
    async def asked(session: Session) -> None:
        snap = await _require_here(args, session, resubmit_refused)  # as retry's
        if refused := await _not_resubmitted(session, snap):
            raise refused
        if needs_resubmit(snap):
            _tell_kept(args, session, snap)
        if needs_resubmit(snap) and not args.yes:
            asks = _RESUBMIT_ASKS_DEMO if snap.simulated else _RESUBMIT_ASKS
            raise Refusal.worded(asks, id=args.id)

    return await _send_again(args, JobEngine.resubmit, asked)


async def attach(args: argparse.Namespace) -> int:
    """Give job ``args.id``, whose outcome is unknown, the task ``args.task_id`` found in the
    logs of the artist's account on kie.ai (:meth:`JobEngine.attach_task`), and wait for
    it: nothing is sent or paid again. Refused (exit 2) before anything is asked of KIE when
    the job's outcome is known or the text is no task id; after KIE's record is read, when
    the task is not the job's or another artwork follows it already."""

    async def checked(session: Session) -> None:
        if (problem := task_id_problem(args.task_id)) is not None:
            raise Refusal.worded(problem)
        snap = await _require_here(args, session, attach_refused)
        if refused := await _not_stopped(session, snap) or attach_refused(snap):
            raise refused

    async def given(engine: JobEngine, job_id: int) -> Snapshot:
        return await engine.attach_task(job_id, args.task_id)

    return await _send_again(args, given, checked)
