"""A job in a command's words: its line (``job 3: completed -> path``), its --json object,
its progress as it runs, and the command that carries on a job that stopped short."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kontext_studio import i18n
from kontext_studio.batch_place import place_words
from kontext_studio.cli.cut_names import cut_at_end, spelled_out
from kontext_studio.cli.output import (
    EXIT_CARRIED_ON,
    EXIT_JOB_FAILED,
    EXIT_OK,
    after_printed,
    emit,
    lines_written,
    out,
    printable,
    reader_gone,
    say,
    stderr_with_stdout,
    stdout_shown,
    telling_first,
    watched_apart,
)
from kontext_studio.cli.settings import R2, command_settings
from kontext_studio.config import R2Settings
from kontext_studio.errors import (
    AuthError,
    CreditsError,
    FeatureDisabledError,
    join_names,
)
from kontext_studio.explain import explain_kind, join_sentences
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate
from kontext_studio.jobs.claim import WINDOW, Holder
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import (
    kept_image_there,
    needs_resubmit,
    never_sent,
    reference_uploaded,
    refused_as_sent,
    result_gone,
    result_gone_hint,
    retry_follows_cancelled,
    retry_sends,
    retry_sends_anew,
    retry_sends_cancelled,
    unsendable,
    upload_refused,
)
from kontext_studio.store.ledger import GENERATED, Snapshot
from kontext_studio.text_direction import in_its_direction

if TYPE_CHECKING:
    from kontext_studio.jobs.engine import JobEngine

log = logging.getLogger(__name__)

# Human lines are translated (context "cli", see kontext_studio.i18n); --json stays English.
# The state words of "job 3: completed", marked for lupdate:
_STATE_WORDS = (
    QT_TRANSLATE_NOOP("cli", "queued"),
    QT_TRANSLATE_NOOP("cli", "uploading"),
    QT_TRANSLATE_NOOP("cli", "submitting"),
    QT_TRANSLATE_NOOP("cli", "generating"),
    QT_TRANSLATE_NOOP("cli", "downloading"),
    QT_TRANSLATE_NOOP("cli", "completed"),
    QT_TRANSLATE_NOOP("cli", "failed"),
    QT_TRANSLATE_NOOP("cli", "cancelled"),
    QT_TRANSLATE_NOOP("cli", "timeout"),
    QT_TRANSLATE_NOOP("cli", "unknown"),
)


class SettingsBucket:
    """The bucket and host the R2 settings name, read once, when first needed, for one
    command's output: whether an artwork is published in another bucket (the settings were
    switched since). Reading them costs botocore's import, which most lists never need.
    ``r2``: the R2 settings the command has read already, else read when first needed."""

    def __init__(self, r2: R2Settings | None = None) -> None:
        self._r2 = r2
        self._where: tuple[str, str] | None = None

    def elsewhere(self, snap: Snapshot) -> tuple[str, str] | None:
        """Their bucket and host, when ``snap`` is published in another one; ``None``
        otherwise, or when they name no bucket."""
        if not (snap.published_key and snap.published_bucket):
            return None  # a record without its bucket: taken to be where they point
        from kontext_studio.publish import recorded_in, settings_location

        if self._where is None:
            r2 = command_settings((R2,)).r2 if self._r2 is None else self._r2
            self._where = settings_location(r2)
        bucket, host = self._where
        if not (bucket and host) or recorded_in(snap, bucket, host):
            return None
        return bucket, host


def job_json(
    snap: Snapshot,
    *,
    full: bool = False,
    settings: SettingsBucket | None = None,
    kept: Sequence[Snapshot] = (),
    left: bool = False,
    beside: Holder | None = None,
) -> dict[str, Any]:
    """The CLI's JSON view of a job; ``full`` adds prompt, times and the artist's details
    (title, description, tags and star: for ``jobs``), whether
    it is published in another bucket than ``settings`` name (a list's rows share one), and
    the ids of ``kept``: the artworks kept for tasks of its earlier sends
    (:meth:`~kontext_studio.store.ledger.Ledger.kept_for`). Its ``hint`` is the next
    step the human output prints after a job that stopped short (:func:`next_step`, told of
    ``kept``, ``left`` and ``beside``), so a script can show it too; empty when there is
    none."""
    with i18n.english():
        message = _stop_words(snap) or ""
        hint = next_step(snap, kept, left=left, beside=beside)
    data: dict[str, Any] = {
        "id": snap.id,
        "status": snap.state.value,
        "task_id": snap.task_id,
        "path": snap.file_path or None,
        "error_code": _stop_code(snap),
        "message": message,
        "hint": hint,
        "demo": snap.simulated,
    }
    if full:
        data.update(
            prompt=snap.prompt,
            model=snap.model,
            ratio=snap.ratio,
            source=snap.source,
            created_at=snap.created_at,
            submitted_at=snap.submitted_at,
            completed_at=snap.completed_at,
            task_given_at=snap.task_given_at,
            duration_s=snap.duration_s,
            title=snap.title,
            description=snap.description,
            tags=snap.tag_list,
            starred=snap.starred,
            published_url=snap.published_url or None,
            published=bool(snap.published_key),
            published_in_another_bucket=(settings or SettingsBucket()).elsewhere(snap) is not None,
            **publication_doubts(snap),
            reference=reference_name(snap) or None,
            reference_job=reference_job(snap),
            made_for_job=snap.made_for_job,
            kept_artworks=[k.id for k in kept],
            **_batch_json(snap),
        )
    return data


def publication_doubts(snap: Snapshot) -> dict[str, Any]:
    """What a stopped publish or unpublish leaves unsure, for a script as the window's
    preview says it: ``may_be_gone``, published, but an unpublish of it did not finish
    (its image may be gone, its link leading to nothing); ``left_key``, not published,
    but a publish of it stopped before its end may have left this image in the bucket
    ``left_bucket``. Before, ``jobs --json`` said neither: "published" of a dead link, and
    nothing of an image left public."""
    left = bool(snap.retired_key) and not snap.published_key
    return {
        "may_be_gone": snap.may_be_gone,
        "left_key": snap.retired_key if left else None,
        "left_bucket": (snap.published_bucket or None) if left else None,
    }


def _batch_json(snap: Snapshot) -> dict[str, int | None]:
    """Of one of the images one generate made several of, its place among them (from 1)
    and how many it made; both null for an image made alone and an import."""
    several = snap.batch_size > 1
    return {
        "batch_place": snap.batch_place if several else None,
        "batch_size": snap.batch_size if several else None,
    }


def reference_name(snap: Snapshot) -> str:
    """The file name of the image an edit job changed; empty for anything else (an imported
    artwork has no request; a damaged one says nothing)."""
    if snap.source != GENERATED:
        return ""
    try:
        request = snap.request
    except (ValueError, TypeError):
        return ""
    if not request.is_edit:
        return ""
    return request.image_name or Path(request.image_path or "").name


def reference_job(snap: Snapshot) -> int | None:
    """The library job whose image an edit job changed (the window's Use as reference),
    or None (a file from elsewhere, or no edit)."""
    if not reference_name(snap):
        return None
    return snap.request.image_job


def job_line(snap: Snapshot) -> str:
    """``job 3: completed``, in the artist's language."""
    state = translate("cli", snap.state.value)
    return translate("cli", "job {id}: {state}").format(id=snap.id, state=state)


_SENDING = frozenset({JobState.UPLOADING, JobState.SUBMITTING})  # a try to be sent again


class Progress:
    """One command's progress lines on stderr, as its engine's jobs move on (subscribed to
    it): one line per change a person would notice. A job held up (KIE cannot be reached,
    under maintenance, limiting) says why, once, not on each of its tries to be sent again.
    The end of a job whose result the command prints (:meth:`awaits`) is left to that
    result, which says it with why: completed or not, each such job gets one line. Made per
    command, so that two commands run in one process (tests, a caller embedding
    :func:`kontext_studio.cli.main`) share nothing."""

    def __init__(self) -> None:
        self._last: dict[int, str] = {}
        self._awaited: set[int] = set()
        self._held: dict[int, str] | None = None
        """The end lines kept back while the command learns which jobs it awaits
        (:meth:`learning_awaited`), by job."""

    def awaits(self, *job_ids: int) -> None:
        """The command prints the result of each of ``job_ids``: its end is said there, not
        in a progress line before it."""
        self._awaited.update(job_ids)

    @contextlib.contextmanager
    def learning_awaited(self) -> Iterator[None]:
        """Keep the end lines back while the command learns which jobs it awaits (``resume``
        learns them as the engine's resume returns), then say those of the others: a job
        that ended before the command knew it awaited it was said twice, "job 1: failed",
        then in its result."""
        self._held = {}
        try:
            yield
        finally:
            held, self._held = self._held, None
            for job_id, line in held.items():
                if job_id not in self._awaited:
                    say(line)

    def __call__(self, snap: Snapshot) -> None:
        held = snap.state.is_active and bool(snap.error_kind)
        state = JobState.QUEUED if held and snap.state in _SENDING else snap.state
        line = job_line(replace(snap, state=state))
        if snap.state is JobState.GENERATING and snap.task_id:
            line = translate("cli", "{line} ({task_id})").format(line=line, task_id=snap.task_id)
        if held:
            # Its detail chooses the words (a refused link is not said to have expired).
            why = explain_kind(snap.error_kind, snap.error_detail, snap.facts, brief=True)
            line = translate("cli", "{line} - {reason}").format(line=line, reason=why.message)
        if self._last.get(snap.id) == line:
            return
        self._last[snap.id] = line
        if snap.state.is_terminal and snap.id in self._awaited:
            return  # its result says it, and why
        if snap.state.is_terminal and self._held is not None:
            self._held[snap.id] = line
            return
        say(line)


_TITLE_COLUMNS = 40  # with "job 12: completed" and the quotes, the line's start fits in 80


def short_title(snap: Snapshot, columns: int = _TITLE_COLUMNS) -> str:
    """The job's title (its prompt's, for a generated image) on one line, cut with "…" to
    ``columns`` terminal columns; a wide (CJK) character takes two. Kept in its own
    direction (:func:`~kontext_studio.text_direction.in_its_direction`): in a terminal that
    sets right-to-left text right to left, a right-to-left override (U+202E) in a title
    turned the rest of its line around, its state and file with it."""
    return in_its_direction(cut_at_end(" ".join(snap.display_title.split()), columns))


_FILE_MISSING = QT_TRANSLATE_NOOP("cli", "its image file is missing (it was {path})")


def print_job(snap: Snapshot, note: str = "", *, titled: bool = False) -> bool:
    """The job's result line on stdout (:func:`_result_line`); whether stdout took it."""
    return out(printable(_result_line(snap, note, titled=titled)))


def print_result(snap: Snapshot, note: str = "") -> bool:
    """The result line of a job the command waited for (:func:`print_job`), said on stderr
    too once stdout took it, where a person watches stderr apart from stdout
    (:func:`~kontext_studio.cli.output.watched_apart`): its end is no progress line
    (:class:`Progress`), and ``generate > out.txt`` ended on the terminal with "job 1:
    downloading", nothing said of how the job ended; one that failed said its next step
    without a word of its failure. Whether stdout took it."""
    taken = print_job(snap, note)
    if taken and watched_apart():
        say_result(snap, note)
    return taken


def say_result(snap: Snapshot, note: str = "") -> None:
    """The result line of ``snap`` (:func:`_result_line`) on stderr."""
    say(_result_line(snap, note))


def _result_line(snap: Snapshot, note: str = "", *, titled: bool = False) -> str:
    """``job 3: completed -> path - note``; ``titled`` adds its short title after the state
    (``jobs``, where the line must say which job it is), and of the images one generate
    made several of, its place among them (``"a red fox" · 2 of 3``), as its tile in the
    window: their titles, their one prompt's, read alike. A file gone since (moved or
    deleted outside the app) is said to be missing, unless ``note`` says why already."""
    line = job_line(snap)
    if titled and snap.display_title.strip():
        title = short_title(snap)
        if place := place_words(snap):
            words = translate("cli", '{job} "{title}" · {place}')
        else:
            words = translate("cli", '{job} "{title}"')
        line = words.format(job=line, title=title, place=place)
    message = note
    path = spelled_out(snap.file_path or "")
    if snap.file_path and os.path.exists(snap.file_path):
        line += f" -> {path}"
    elif snap.file_path and not note:  # moved or deleted since: "-> path" would mislead
        message = translate("cli", _FILE_MISSING).format(path=path)
    message = _stop_words(snap) or message
    if message:
        line += f" - {message}"
    return line


@contextlib.contextmanager
def results_of(
    snaps: Sequence[Snapshot],
    *,
    as_json: bool = False,
    notes: Callable[[Snapshot], str] | None = None,
    steps: Callable[[Snapshot], str] | None = None,
) -> Iterator[None]:
    """Print the results of the jobs a command waited for (``snaps``): should stdout refuse
    them (``--json > /dev/full``), why each that did not complete stopped is said first on
    stderr, in its result's line, and kept in the log file, before the line that says the
    output could not be written (:func:`~kontext_studio.cli.output.telling_first`); so is
    the note its plain line adds (``notes``, in the language in use: ``generate --out``'s
    copy that failed, :func:`waited_note` of a job still running). Before, only that line
    was said: a failed job's reason, or why a copy failed, which only its result gave, was
    lost with it. A job still running, held up by network trouble, and no note, has not
    stopped: its result loses nothing its progress did not say, and it is not said again
    or logged as a result not written (it was: noise).

    ``steps``: the next step the plain output (not ``as_json``) says on stderr after a job's line
    (:func:`print_waited`), said here after the line it belongs to, as on a working stdout;
    :func:`print_waited` says none once stdout has refused its lines. Before, ``resume >
    /dev/full`` said the steps of its jobs one after the other, after the refusal, none
    saying which job it was of.

    Their lines are printed one per job, in order (a list's --json line holds them all):
    those stdout took before it refused one are not said again. Before, ``resume > FILE``
    on a disk that filled up after job 1's line said job 1's line and step again, with job
    2's. A --json line stdout took is said on stderr in their lines too, where a person
    watches stderr apart from stdout (as :func:`print_result` says a plain one), with the
    note the plain line has: before, a job still running at the end of ``resume --json``
    was echoed as a bare "job 1: generating".

    Should stdout's reader go (``resume | head -1``), the lines it did not take are dropped,
    and so are their steps (:func:`print_waited`), but for those a person must not miss
    (:func:`_warned_unread`): said on stderr, each once, in its job's line with its step.
    Before, every word of a job whose line was dropped was lost, "it may be charged twice"
    with it. Those stdout took are said too, each in one short line with its step
    (:func:`_reminded`), in order with those: ``head -1`` drops the lines that fit in the
    pipe's buffer without a write failing, and before, nothing was said of them."""
    before = lines_written()
    reminded = 0  # the jobs whose lines stdout took that remind() went through

    def note_of(snap: Snapshot) -> str:
        return notes(snap) if notes is not None else ""

    def took() -> int:
        taken = lines_written() - before
        return len(snaps) if as_json and taken else taken  # --json: one line holds them all

    def remind() -> None:
        nonlocal reminded
        for snap in snaps[reminded : took()]:
            if _reminded(snap):
                _remind(snap, note_of(snap), steps(snap) if steps is not None else "")
        reminded = took()

    def tell() -> None:
        remind()
        gone = reader_gone()
        for snap in snaps[lines_written() - before :]:
            if gone and not _warned_unread(snap):
                continue
            step = steps(snap) if steps is not None and (gone or not as_json) else ""
            note = note_of(snap)
            if gone:
                say_result(snap, note)
                if step:
                    say(step)
                continue
            stopped = bool(note) or bool(_ended(snap))
            if not stopped and not step:
                continue
            say_result(snap, note)
            if step:
                say(step)
            if stopped:
                with i18n.english():
                    english_note = note_of(snap)
                _log_unwritten(snap, english_note)

    def echo() -> None:
        if lines_written() > before and watched_apart():
            for snap in snaps:
                say_result(snap, note_of(snap))

    with telling_first(tell):
        yield
    if as_json:
        after_printed(echo)
    after_printed(remind)


def _reminded(snap: Snapshot) -> bool:
    """Whether the result of ``snap``, once stdout took it, is said again on stderr in one
    short line (:func:`results_of`): a person must not miss it (:func:`_warned_unread`),
    stdout is no terminal, where its line may be dropped unread (:func:`~kontext_studio.cli.
    output.stdout_shown`), no terminal shows stderr apart from it, which said its result
    already (:func:`~kontext_studio.cli.output.watched_apart`), and stderr does not go where
    stdout goes (``> log 2>&1``), which drops or keeps the two alike: before, the job was
    said twice there, its step apart from its line."""
    return (
        _warned_unread(snap)
        and not stdout_shown()
        and not watched_apart()
        and not stderr_with_stdout()
    )


def _remind(snap: Snapshot, note: str, step: str) -> None:
    """``job 3: unknown - `kontext-studio attach 3 TASK_ID` ...``: the job, its state, and
    what carries it on (its ``note`` of one still running, its ``step``), on stderr."""
    words = translate("cli", "{line} - {reason}")
    say(words.format(line=job_line(snap), reason=join_sentences(note, step)))


def _warned_unread(snap: Snapshot) -> bool:
    """Whether the result of ``snap`` must reach a person even once stdout's reader has gone
    (:func:`results_of`): its send may have been charged with no image to show for it
    (outcome unknown: no command sends it again by itself, and a resubmit may charge it
    twice), or it has not ended, and the note says who carries it on, if anything does. A
    job that failed or completed is left to ``jobs``: nothing is at stake before then."""
    return snap.state is JobState.UNKNOWN or snap.state.is_active


def _log_unwritten(snap: Snapshot, english_note: str) -> None:
    """Keep in the log file how ``snap`` stopped (or ``english_note``), its result not
    written (:func:`results_of`)."""
    with i18n.english():
        message = _ended(snap) or english_note
    log.warning(
        "job result not written",
        extra={
            "event": "result_unwritten",
            "job_id": snap.id,
            "status": snap.state.value,
            "kind": snap.error_kind,
            "code": _stop_code(snap),
            "reason": message,
        },
    )


def _stop_code(snap: Snapshot) -> int | None:
    """The code of the failure that stopped ``snap`` short (failed, timed out, outcome
    unknown), KIE's or the HTTP status its message tells of; of a running job held up by
    KIE (limiting its requests, under maintenance, a server error, the key or credits
    refused while it is followed), the code of that trouble as the engine keeps it: KIE's
    (429, 455, 505...) or the status a server answered (502, a bare 408), the job sent or
    asked about again by itself later. None for any other job, in every mode alike: one
    running that nothing holds up, or held up by the network or by a reply that could not
    be read (its message says why, and it may still finish), a finished artwork (its row
    may keep the code of a Download again its server refused, no failure of the job: see
    :func:`~kontext_studio.jobs.stopped.link_refused`) and a cancelled one (the artist's
    stop: its row may keep a code from before). Before, a job running after the Retry of a
    refused result link showed KIE's 422; a held-up job read 500 for every 5xx and for an
    upload reply that could not be read, and null for KIE's 505. A download is held up by
    the server holding the picture, not by KIE: its trouble has no code of KIE's (before,
    a link it refused, a 403, read 500, KIE's server error, and its own 429 read as KIE
    limiting requests)."""
    if snap.state is JobState.DOWNLOADING:
        return None
    if snap.state.is_active:
        return snap.error_code if snap.error_kind else None  # a code from before: no trouble
    return snap.error_code if snap.state in _STOPPED_SHORT else None


_STOPPED_SHORT = frozenset({JobState.FAILED, JobState.TIMEOUT, JobState.UNKNOWN})
"""The states whose row's code is that of why the job stopped (:func:`_stop_code`)."""


def _stop_words(snap: Snapshot) -> str | None:
    """What a job that did not complete says of its stop, in the language in use: a
    cancelled job's note (the artist's own stop: no error), or its error in words; None for
    a job with neither."""
    if snap.state is JobState.CANCELLED:
        return snap.error_detail
    if snap.state is not JobState.COMPLETED and (snap.error_kind or snap.error_message):
        return explain_kind(snap.error_kind, snap.error_detail, snap.facts).message
    return None


def _ended(snap: Snapshot) -> str | None:
    """:func:`_stop_words` of a job that has ended; None of one still running, which may
    be held up (its error says why it waits) but has not stopped."""
    return _stop_words(snap) if snap.state.is_terminal else None


_STOPPED_EARLY = QT_TRANSLATE_NOOP(
    "cli",
    "It stopped before it finished (the log folder says why); "
    "`kontext-studio resume` carries it on.",
)
_STOPPED_EARLY_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "It stopped before it finished (the log folder says why); "
    "`kontext-studio resume --demo` carries it on.",
)


_CARRIED_ON_ELSEWHERE = QT_TRANSLATE_NOOP(
    "cli",
    "It is carried on in the window or another command open on this library; "
    "`kontext-studio jobs {id}` shows how it goes.",
)
"""Of a job another process took over while this command waited for it: the window took
the task KIE made for the send of it the window cancelled, say (``jobs.engine``), so this
command's send of it was never made; or it cancelled the job and sent it again once this
command's send had gone out, which then is an artwork of its own (:func:`tell_kept_apart`)."""


def _stopped_early(snap: Snapshot, *, elsewhere: bool = False) -> str:
    """:data:`_STOPPED_EARLY`, untranslated, for ``snap``: a demo job is carried on by a
    ``resume`` in demo mode only. ``elsewhere``: another process runs the library's jobs
    (:meth:`~kontext_studio.jobs.engine.JobEngine.runs_elsewhere`), and a ``resume`` would
    be refused: :data:`_CARRIED_ON_ELSEWHERE`."""
    if elsewhere:
        return _CARRIED_ON_ELSEWHERE
    return _STOPPED_EARLY_DEMO if snap.simulated else _STOPPED_EARLY


def waited_json(
    snap: Snapshot, *, elsewhere: bool = False, kept: Sequence[Snapshot] | None = None
) -> dict[str, Any]:
    """:func:`job_json` of a job a command waited for. One still active stopped early (its
    run crashed, which the log records, or another process took it over: ``elsewhere``):
    the message says so, and what carries it on, rather than leave a bare "generating".
    ``kept``, when given (``retry``, ``resubmit``): the artworks kept for tasks of the
    job's earlier sends, their ids as ``kept_artworks``, as ``jobs --json`` lists them, and
    told in the hint (:func:`next_step`)."""
    value = job_json(snap, kept=kept or ())
    if snap.state.is_active:
        value["message"] = _stopped_early(snap, elsewhere=elsewhere).format(id=snap.id)
    if kept is not None:
        value["kept_artworks"] = [k.id for k in kept]
    return value


def waited_note(snap: Snapshot, *, elsewhere: bool = False) -> str:
    """What the result line of a job a command waited for adds: of one still active, that
    it stopped early (:func:`_stopped_early`), in the language in use; else nothing."""
    if not snap.state.is_active:
        return ""
    return translate("cli", _stopped_early(snap, elsewhere=elsewhere)).format(id=snap.id)


def print_waited(snap: Snapshot, *, elsewhere: bool = False, kept: Sequence[Snapshot] = ()) -> None:
    """The result line of a job a command waited for, then its next step on stderr, once
    stdout took the line. One it refused was said with its step (:func:`results_of`),
    before the refusal; one its reader stopped early for (``resume | head -1``) is
    dropped with its step, unless a person must not miss it, said then in its line
    (:func:`results_of`): before, the steps of the jobs whose lines were dropped were
    said on stderr, none saying which job it was of. One whose line may be dropped unread
    is said in a short line of its own instead (:func:`_reminded`)."""
    taken = print_result(snap, waited_note(snap, elsewhere=elsewhere))
    if taken and not _reminded(snap) and (step := next_step(snap, kept)):
        say(step)


def next_step(
    snap: Snapshot,
    kept: Sequence[Snapshot] = (),
    *,
    left: bool = False,
    beside: Holder | None = None,
) -> str:
    """The command that carries a job on that stopped short, and what it costs; empty for
    one that completed or that only a new job can replace. ``kept``: the artworks kept for
    tasks of its earlier sends (:meth:`~kontext_studio.store.ledger.Ledger.kept_for`): a
    retry that sends the job again while one of them has its image, or is making it, is
    refused without --yes, so the step names them and the --yes that pays again. ``left``:
    no process runs the library's unfinished jobs (:func:`~kontext_studio.jobs.claim.
    who_runs`), so a running one waits for the ``resume`` named, or for the holder
    ``beside`` it, in the other mode, to go (:func:`left_step`). What the cause of its
    stop says to do itself (set the clock right: ``Facts.hint``) comes first: the command
    alone fails again until that is done."""
    step = _carrying_on(snap, kept, left=left, beside=beside)
    advice = snap.facts.hint if snap.state is not JobState.COMPLETED else ""
    if not step or not advice or advice in step:
        return step
    return join_sentences(advice, step)


def _carrying_on(
    snap: Snapshot, kept: Sequence[Snapshot], *, left: bool, beside: Holder | None
) -> str:
    """:func:`next_step`'s command and what it costs, without the cause's own advice."""
    if left and snap.state.is_active:
        return left_step(snap, beside)
    there = [k for k in kept if kept_image_there(k)]
    if there and retry_sends(snap) and not retry_sends_anew(snap):
        return _kept_image_step(snap, there)
    if upload_refused(snap) and snap.simulated:  # it answered: it did not stop
        words = translate(
            "cli",
            "The reference image could not be uploaded to the demo server; this send did not "
            "lower the demo balance. The job is kept: `kontext-studio retry {id} --demo` sends "
            "it again.",
        )
    elif upload_refused(snap):
        words = translate(
            "cli",
            "The reference image could not be uploaded to KIE; this send did not reach KIE’s "
            "generate call and was not charged. The job is kept: `kontext-studio retry {id}` "
            "sends it again.",
        )
    elif never_sent(snap) and snap.simulated:  # the demo server stopped: nothing is charged
        words = translate(
            "cli",
            "The job is kept: `kontext-studio retry {id} --demo` sends it again, to a new "
            "demo server.",
        )
    elif never_sent(snap) and reference_uploaded(snap):
        words = translate(
            "cli",
            "Only the reference image was uploaded to KIE (uploads are free); the job itself "
            "did not reach KIE this time, so this send was not charged. The job is kept: "
            "`kontext-studio retry {id}` sends it once KIE can be reached.",
        )
    elif never_sent(snap):
        words = translate(
            "cli",
            "This send did not reach KIE, so it was not charged. The job is kept: "
            "`kontext-studio retry {id}` sends it once KIE can be reached.",
        )
    elif needs_resubmit(snap) and snap.simulated:  # the demo server: nothing to charge twice
        words = translate(
            "cli",
            "`kontext-studio resubmit {id} --demo --yes` sends it again; a demo job uses no real "
            "credits.",
        )
    elif needs_resubmit(snap):
        words = translate(
            "cli",
            "If its task is in the logs of your account on kie.ai, `kontext-studio attach {id} "
            "TASK_ID` brings its image without paying again; else `kontext-studio resubmit {id}` "
            "sends it again, and it may be charged twice.",
        )
    elif retry_follows_cancelled(snap) and snap.simulated:
        words = translate(
            "cli",
            "`kontext-studio retry {id} --demo` fetches its image without lowering the demo "
            "balance again; a demo job uses no real credits.",
        )
    elif retry_follows_cancelled(snap):
        words = translate(
            "cli", "`kontext-studio retry {id}` fetches its image without paying again."
        )
    elif retry_sends_cancelled(snap) and snap.simulated:
        words = translate(
            "cli",
            "`kontext-studio retry {id} --demo` sends it to the demo server; a demo job uses no "
            "real credits.",
        )
    elif retry_sends_cancelled(snap):
        words = translate(
            "cli", "`kontext-studio retry {id}` sends it to KIE, charged as any new job."
        )
    elif retry_sends_anew(snap) and snap.simulated:  # the demo server: no real credits
        words = translate(
            "cli",
            "`kontext-studio retry {id} --demo --yes` sends it again as a new job; a demo job "
            "uses no real credits.",
        )
    elif retry_sends_anew(snap):
        words = translate(
            "cli", "`kontext-studio retry {id} --yes` sends it again, charged as a new job."
        )
    elif unsendable(snap):  # a retry checks the same saved request: it stops again
        return translate(
            "cli",
            "Its saved request cannot be sent as it is: change the prompt, image or options "
            "as the message says, and generate it again as a new job; a retry would stop "
            "the same way.",
        )
    elif refused_as_sent(snap):  # a retry sends it as KIE refused it: it would again
        return explain_kind(snap.error_kind, facts=snap.facts).hint
    elif result_gone(snap):  # no retry can fetch it: KIE said so, or its 14 days are over
        return translate("Errors", result_gone_hint(snap))
    elif snap.state in (JobState.FAILED, JobState.TIMEOUT):
        words = _retry_step(snap)
    else:
        return ""
    return words.format(id=snap.id)


_KEPT_IMAGE_MADE = QT_TRANSLATE_NOOP(
    "cli",
    "An earlier send of job {id} already made its image, kept as artwork {ids}: "
    "`kontext-studio jobs {ids}` shows it.",
)
_KEPT_IMAGE_MAKING = QT_TRANSLATE_NOOP(
    "cli",
    "An earlier send of job {id} is still making its image, as artwork {ids}: "
    "`kontext-studio jobs {ids}` shows how it goes.",
)
_KEPT_IMAGES = QT_TRANSLATE_NOOP(
    "cli",
    "Earlier sends of job {id} made its image, or are still making it, as artworks {ids}: "
    "`kontext-studio jobs ID` shows each of them.",
)
_KEPT_IMAGE_RETRY_YES = QT_TRANSLATE_NOOP(
    "cli",
    "`kontext-studio retry {id} --yes` sends the job again all the same, charged as a new job.",
)
_KEPT_IMAGE_RETRY_YES_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "`kontext-studio retry {id} --demo --yes` sends the job to the demo server again all the "
    "same; a demo job uses no real credits.",
)


def left_step(snap: Snapshot, beside: Holder | None = None) -> str:
    """Of a running job no process carries on (a Ctrl+C or a kill ended the command that ran
    it, and no window is open on the library): the ``resume`` that does. Before, ``jobs``
    listed it as "generating", its hint empty, and a script polling it waited for good.
    ``beside``: the process holding the library's jobs in the other mode, which leaves it
    alone, by its record (:class:`~kontext_studio.jobs.claim.Holder`): what to do with it.
    Before, nothing was said of a live job beside a window in demo mode."""
    if beside is not None and beside.kind == WINDOW:
        if snap.simulated:
            return translate(
                "cli",
                "The window (live mode) has this library open: it does not run demo jobs; "
                "quit it and run `kontext-studio resume --demo`.",
            )
        return translate(
            "cli",
            "The window (demo mode) has this library open: it does not run live jobs; switch "
            "it to live mode, or quit it and run `kontext-studio resume`.",
        )
    if beside is not None:
        if snap.simulated:
            words = translate(
                "cli",
                "`kontext-studio {command}` (pid {pid}) has this library open in live mode: it "
                "does not run demo jobs; once it has ended, `kontext-studio resume --demo` "
                "carries it on.",
            )
        else:
            words = translate(
                "cli",
                "`kontext-studio {command}` (pid {pid}) has this library open in demo mode: it "
                "does not run live jobs; once it has ended, `kontext-studio resume` carries it "
                "on.",
            )
        return words.format(command=beside.kind, pid=beside.pid)
    if snap.simulated:
        return translate("cli", "Nothing carries it on now: `kontext-studio resume --demo` does.")
    return translate("cli", "Nothing carries it on now: `kontext-studio resume` does.")


def _kept_image_step(snap: Snapshot, there: Sequence[Snapshot]) -> str:
    """The next step of ``snap``, whose retry sends it again, charged, while earlier sends
    of it made its image or are making it (``there``, kept as artworks of their own): which
    artworks, how to see them, and the ``retry --yes`` that sends it again anyway."""
    if len(there) > 1:
        kept = _KEPT_IMAGES
    else:
        kept = _KEPT_IMAGE_MADE if there[0].state is JobState.COMPLETED else _KEPT_IMAGE_MAKING
    again = _KEPT_IMAGE_RETRY_YES_DEMO if snap.simulated else _KEPT_IMAGE_RETRY_YES
    ids = join_names([str(k.id) for k in there])
    first = translate("cli", kept).format(id=snap.id, ids=ids)
    return join_sentences(first, translate("cli", again).format(id=snap.id))


def _retry_step(snap: Snapshot) -> str:
    """The retry that carries on a job that failed or timed out: a demo job's needs --demo,
    and uses no real credits. One KIE refused for its key or its credits would be refused
    again as they are: what to set right comes first."""
    if snap.simulated and snap.error_kind == CreditsError.kind:
        return translate(
            "cli",
            "The demo balance is full again tomorrow: then `kontext-studio retry {id} --demo` "
            "carries it on; a demo job uses no real credits.",
        )
    if snap.error_kind == AuthError.kind and not snap.simulated:
        return translate(
            "cli",
            "Set a valid KIE API key first (in the window's Settings, or in KIE_API_KEY when "
            "none is saved there); then `kontext-studio retry {id}` carries it on without "
            "paying twice.",
        )
    if snap.error_kind == CreditsError.kind:
        return translate(
            "cli",
            "Top up your KIE credits at kie.ai first; then `kontext-studio retry {id}` carries "
            "it on without paying twice.",
        )
    if snap.error_kind == FeatureDisabledError.kind and snap.simulated:
        return translate(
            "cli",
            "The demo server may switch this feature back on: `kontext-studio retry {id} "
            "--demo` then sends the job as it was. Until then, generate it again with another "
            "model or option.",
        )
    if snap.error_kind == FeatureDisabledError.kind:
        return translate(
            "cli",
            "KIE may switch this feature back on: `kontext-studio retry {id}` then sends the "
            "job as it was. Until then, generate it again with another model or option.",
        )
    if snap.simulated:
        return translate(
            "cli",
            "`kontext-studio retry {id} --demo` carries it on without making it twice; a demo "
            "job uses no real credits.",
        )
    return translate("cli", "`kontext-studio retry {id}` carries it on without paying twice.")


async def wait_for_kept_apart(engine: JobEngine, job_id: int) -> list[Snapshot]:
    """The artworks kept for tasks of the command's own sends of ``job_id`` that the job
    could not keep (:attr:`JobEngine.kept_apart`: another process sent it again meanwhile),
    once their runs have ended: before, the command closed with their images not fetched."""
    return [await engine.wait_for(own) for own in engine.kept_apart.get(job_id, ())]


def tell_kept_apart(snap: Snapshot, kept: Sequence[Snapshot]) -> None:
    """On stderr, of each of :func:`wait_for_kept_apart`'s artworks: the command's send of
    ``snap`` was made (and charged), and where its image is. Before, a command whose job the
    window took over said, as its exit code 4 does, that its own send was never made."""
    for own in kept:
        found = own.state is JobState.COMPLETED and os.path.exists(own.file_path)
        if snap.simulated:
            words = _KEPT_APART_DEMO_FOUND if found else _KEPT_APART_DEMO
        else:
            words = _KEPT_APART_FOUND if found else _KEPT_APART
        say(translate("cli", words).format(id=snap.id, artwork=own.id, path=own.file_path))


_KEPT_APART_FOUND = QT_TRANSLATE_NOOP(
    "cli",
    "This command's send of job {id} was made, and charged, before the job was sent again "
    "elsewhere: its image is kept as artwork {artwork} -> {path}",
)
_KEPT_APART = QT_TRANSLATE_NOOP(
    "cli",
    "This command's send of job {id} was made, and charged, before the job was sent again "
    "elsewhere: it is kept as artwork {artwork}; `kontext-studio jobs {artwork}` shows how it "
    "ended.",
)
_KEPT_APART_DEMO_FOUND = QT_TRANSLATE_NOOP(
    "cli",
    "This command's send of job {id} to the demo server was made (no real credits) before the "
    "job was sent again elsewhere: its image is kept as artwork {artwork} -> {path}",
)
_KEPT_APART_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "This command's send of job {id} to the demo server was made (no real credits) before the "
    "job was sent again elsewhere: it is kept as artwork {artwork}; `kontext-studio jobs "
    "{artwork}` shows how it ended.",
)


def report_waited(
    snap: Snapshot,
    as_json: bool,
    *,
    elsewhere: bool = False,
    kept: Sequence[Snapshot] | None = None,
) -> int:
    """Say how the job a command waited for ended (``elsewhere``, ``kept``: as for
    :func:`waited_json`); its exit code: :data:`EXIT_CARRIED_ON` for a job still running
    elsewhere, which did not fail (before, 1 said it had)."""
    with results_of(
        [snap],
        as_json=as_json,
        notes=partial(waited_note, elsewhere=elsewhere),
        steps=partial(next_step, kept=kept or ()),
    ):
        emit(
            waited_json(snap, elsewhere=elsewhere, kept=kept),
            as_json,
            lambda: print_waited(snap, elsewhere=elsewhere, kept=kept or ()),
        )
    if snap.state.is_active and elsewhere:
        return EXIT_CARRIED_ON
    return EXIT_OK if snap.state is JobState.COMPLETED else EXIT_JOB_FAILED
