"""``kontext-studio``: no arguments opens the window; subcommands run the engine headless.

Human progress goes to stderr; with ``--json`` the last stdout line is one JSON value.
Bad input exits non-zero with a one-line reason, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import getpass
import io
import json
import logging
import math
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from kontext_studio import APP_NAME, __version__, i18n, secrets, single_instance
from kontext_studio.config import Paths, expand_folder, load_settings
from kontext_studio.entry import (
    EXIT_INTERRUPTED,
    STOP_SIGNALS,
    SUBCOMMANDS,
    hearing_ctrl_c_early,
    interrupted_reply,
)
from kontext_studio.errors import (
    AuthError,
    ContentPolicyError,
    CreditsError,
    Explanation,
    InputError,
    InternalError,
    JobRunningError,
    KeyringUnavailableError,
    KontextError,
    NetworkError,
    Refusal,
    StorageError,
    Term,
    ValidationError,
    explain,
    explain_error_detail,
    explain_kind,
    folder_refused,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate
from kontext_studio.images.collect import HIDDEN, NOT_AN_IMAGE, collect_images
from kontext_studio.images.export import export_copy
from kontext_studio.images.outgoing import sent_size
from kontext_studio.images.validate import REFERENCE_FILE_LIMITS, peek_image
from kontext_studio.jobs.engine import (
    EngineConfig,
    JobEngine,
    needs_resubmit,
    never_sent,
    reference_uploaded,
    resubmit_only_refusal,
    resubmit_refused,
    result_gone,
    retry_follows_cancelled,
    retry_refused,
    retry_sends_anew,
    retry_sends_cancelled,
)
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import check_key, checked_key
from kontext_studio.kie.models import (
    FORMATS,
    MAX_SAFETY_EDIT,
    MAX_SAFETY_GENERATE,
    MODEL_ALIASES,
    RATIOS,
    GenerateRequest,
    TaskRecord,
    UploadedFile,
    is_unicode,
    shown_balance,
)
from kontext_studio.logs import logging_to_file, register_secret, setup_logging
from kontext_studio.session import Session, library_dir, open_session
from kontext_studio.store.ledger import GENERATED, UPLOADED, Ledger, Snapshot

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_JOB_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_COPIED = 3  # generated and kept in the library; the copy into --out failed
# Stdout closed by its reader (`| head -1`): what a shell shows for a tool stopped by SIGPIPE.
EXIT_STDOUT_CLOSED = 128 + 13
# A launch refused by a window that is ending asks again (the next may be opening by then).
HAND_OVER_ATTEMPTS = 3

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


def job_json(snap: Snapshot, *, full: bool = False) -> dict[str, Any]:
    """The CLI's JSON view of a job; ``full`` adds prompt and times (for ``jobs``). Its
    ``hint`` is the next step the human output prints after a job that stopped short
    (:func:`_next_step`), so a script can show it too; empty when there is none."""
    with i18n.english():
        message = _stop_words(snap) or ""
        hint = _next_step(snap)
    data: dict[str, Any] = {
        "id": snap.id,
        "status": snap.state.value,
        "task_id": snap.task_id,
        "path": snap.file_path or None,
        "error_code": snap.error_code,
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
            title=snap.title,
            published_url=snap.published_url or None,
        )
    return data


def _say(text: str) -> None:
    """A progress line on stderr; one nobody reads any more (stderr piped into a reader that
    has gone, a terminal that was closed: EIO) never stops a job that is being paid for."""
    with contextlib.suppress(OSError):
        print(_printable(text), file=sys.stderr, flush=True)


def _printable(text: str) -> str:
    """``text`` for a terminal, its control characters shown as "?", as ``ls`` shows them:
    an escape sequence in a file name, a prompt or a server's words would otherwise recolour,
    move or clear the screen. Only for human lines: a --json line keeps every character."""
    return "".join("?" if unicodedata.category(char) == "Cc" else char for char in text)


class StdoutClosed(Exception):
    """The reader of stdout has gone (`kontext-studio jobs | head -1`)."""


def _out(text: str) -> None:
    """One line on stdout; :class:`StdoutClosed` when nobody reads it any more, a reader gone
    or a terminal closed (EIO); a broken pipe from anything else, a socket say, stays the
    bug it is."""
    try:
        print(text, flush=True)
    except BrokenPipeError as error:
        raise StdoutClosed from error
    except OSError as error:
        if error.errno == errno.EIO:
            raise StdoutClosed from error
        raise


def _job_line(snap: Snapshot) -> str:
    """``job 3: completed``, in the artist's language."""
    state = translate("cli", snap.state.value)
    return translate("cli", "job {id}: {state}").format(id=snap.id, state=state)


def _english(error: BaseException) -> str:
    """The error's message for --json output: always English."""
    with i18n.english():
        return explain(error).message


def use_language() -> str:
    """Show human lines in the artist's language (``$KONTEXT_STUDIO_LANG``, the saved setting,
    the system locale); returns it. Only a language other than English loads Qt (QtCore, for
    the shared catalogue; see :mod:`kontext_studio.i18n`); any trouble means English."""
    try:
        setting = load_settings(Paths.from_env()).language
    except Exception:  # a broken settings file must not stop the CLI
        setting = ""
    system = i18n.system_languages()
    try:
        if not system and sys.platform in ("win32", "darwin"):
            from kontext_studio.ui.translations import system_languages

            system = system_languages()  # the OS setting, where no variable carries it
        language = i18n.choose(setting, system)
        if language == i18n.ENGLISH:
            return language
        from kontext_studio.ui.translations import install_for_cli

        return language if install_for_cli(language, Paths.from_env().cache) else i18n.ENGLISH
    except Exception as error:  # no Qt, no catalogue: English
        log.debug("no translation for the CLI: %s", error)
        return i18n.ENGLISH


_SENDING = frozenset({JobState.UPLOADING, JobState.SUBMITTING})  # a try to be sent again
_last_progress: dict[int, str] = {}


def _progress(snap: Snapshot) -> None:
    """One line per change a person would notice: a job held up (KIE cannot be reached, under
    maintenance, limiting) says why, once, not on each of its tries to be sent again."""
    held = snap.state.is_active and bool(snap.error_kind)
    state = JobState.QUEUED if held and snap.state in _SENDING else snap.state
    line = _job_line(replace(snap, state=state))
    if snap.state is JobState.GENERATING and snap.task_id:
        line = translate("cli", "{line} ({task_id})").format(line=line, task_id=snap.task_id)
    if held:
        line = translate("cli", "{line} - {reason}").format(
            line=line, reason=explain_kind(snap.error_kind, facts=snap.facts).message
        )
    if _last_progress.get(snap.id) == line:
        return
    _last_progress[snap.id] = line
    _say(line)


def _print_json(value: Any) -> None:
    """One JSON line on stdout, UTF-8; a file name that is not UTF-8 goes in \\u escapes."""
    text = json.dumps(value, ensure_ascii=False)
    _out(text if is_unicode(text) else json.dumps(value))


def _emit(value: Any, as_json: bool, human: Callable[[], None]) -> None:
    if as_json:
        _print_json(value)
    else:
        human()


_TITLE_COLUMNS = 40  # with "job 12: completed" and the quotes, the line's start fits in 80


def short_title(snap: Snapshot, columns: int = _TITLE_COLUMNS) -> str:
    """The job's title (its prompt's, for a generated image) on one line, cut with "…" to
    ``columns`` terminal columns; a wide (CJK) character takes two."""
    text = " ".join(snap.display_title.split())
    if _width(text) <= columns:
        return text
    kept, used = [], 1  # the "…"
    for char in text:
        used += _width(char)
        if used > columns:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


_FILE_MISSING = QT_TRANSLATE_NOOP("cli", "its image file is missing (it was {path})")


def _print_job(snap: Snapshot, note: str = "", *, titled: bool = False) -> None:
    """``job 3: completed -> path - note``; ``titled`` adds its short title after the state
    (``jobs``, where the line must say which job it is). A file gone since (moved or deleted
    outside the app) is said to be missing, unless ``note`` says why already."""
    line = _job_line(snap)
    if titled and snap.display_title.strip():
        line += f' "{short_title(snap)}"'
    message = note
    if snap.file_path and os.path.exists(snap.file_path):
        line += f" -> {snap.file_path}"
    elif snap.file_path and not note:  # moved or deleted since: "-> path" would mislead
        message = translate("cli", _FILE_MISSING).format(path=snap.file_path)
    message = _stop_words(snap) or message
    if message:
        line += f" - {message}"
    _out(_printable(line))


def _stop_words(snap: Snapshot) -> str | None:
    """What a job that did not complete says of its stop, in the language in use: a
    cancelled job's note (the artist's own stop: no error), or its error in words; None for
    a job with neither."""
    if snap.state is JobState.CANCELLED:
        return snap.error_detail
    if snap.state is not JobState.COMPLETED and (snap.error_kind or snap.error_message):
        return explain_kind(snap.error_kind, snap.error_detail, snap.facts).message
    return None


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


def _stopped_early(snap: Snapshot) -> str:
    """:data:`_STOPPED_EARLY`, untranslated, for ``snap``: a demo job is carried on by a
    ``resume`` in demo mode only."""
    return _STOPPED_EARLY_DEMO if snap.simulated else _STOPPED_EARLY


def _waited_json(snap: Snapshot) -> dict[str, Any]:
    """:func:`job_json` of a job a command waited for. One still active stopped early (its
    run crashed, which the log records): the message says so, and that ``resume`` carries it
    on, rather than leave a bare "generating"."""
    value = job_json(snap)
    if snap.state.is_active:
        value["message"] = _stopped_early(snap)
    return value


def _print_waited(snap: Snapshot) -> None:
    _print_job(snap, translate("cli", _stopped_early(snap)) if snap.state.is_active else "")
    if step := _next_step(snap):
        _say(step)


_REFUSED_AS_SENT = frozenset({ContentPolicyError.kind, ValidationError.kind})
"""Why KIE refused a job that a retry, which sends the same prompt, image and options,
would be refused for again: the next step is the window's (rephrase it), not a retry."""


def _next_step(snap: Snapshot) -> str:
    """The command that carries a job on that stopped short, and what it costs; empty for
    one that completed or that only a new job can replace."""
    if never_sent(snap) and snap.simulated:  # the demo server stopped: nothing is charged
        words = translate(
            "cli",
            "The job is kept: `kontext-studio retry {id} --demo` sends it again, to a new "
            "demo server.",
        )
    elif never_sent(snap) and reference_uploaded(snap):
        words = translate(
            "cli",
            "Only the reference image was uploaded to KIE (uploads are free); the job itself "
            "was not sent and nothing was charged. The job is kept: "
            "`kontext-studio retry {id}` sends it once KIE can be reached.",
        )
    elif never_sent(snap):
        words = translate(
            "cli",
            "Nothing was sent to KIE and nothing was charged. The job is kept: "
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
            "cli", "`kontext-studio resubmit {id}` sends it again; it may be charged twice."
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
    elif snap.state is JobState.FAILED and snap.error_kind in _REFUSED_AS_SENT:
        return explain_kind(snap.error_kind, facts=snap.facts).hint
    elif snap.state in (JobState.FAILED, JobState.TIMEOUT) and not result_gone(snap):
        words = _retry_step(snap)
    else:
        return ""
    return words.format(id=snap.id)


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
    if snap.simulated:
        return translate(
            "cli",
            "`kontext-studio retry {id} --demo` carries it on without making it twice; a demo "
            "job uses no real credits.",
        )
    return translate("cli", "`kontext-studio retry {id}` carries it on without paying twice.")


def _report_waited(snap: Snapshot, as_json: bool) -> int:
    _emit(_waited_json(snap), as_json, lambda: _print_waited(snap))
    return EXIT_OK if snap.state is JobState.COMPLETED else EXIT_JOB_FAILED


def check_out_folder(folder: Path) -> Path:
    """The ``--out`` folder, created if missing, or :class:`InputError` (before anything is
    sent, so nothing is paid for an image that could not be saved) when it is a file, cannot
    be made, or cannot be written to."""
    folder = folder.absolute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A real write: rights, a read-only disk, and root's bypass of them all show.
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".kontext-studio-"):
            pass
    except OSError as error:
        raise _unusable_out_folder(folder, error) from error
    return folder


def _unusable_out_folder(folder: Path, error: OSError) -> InputError:
    """Why ``folder`` cannot take the copy, in the words the app uses for any folder; the
    system's only for a rare reason with none of our own."""
    return folder_refused(
        InputError,
        error,
        str(folder),
        QT_TRANSLATE_NOOP("Errors", "cannot save into {folder}: {reason}"),
        folder=str(folder),
    )


_NOT_COPIED = QT_TRANSLATE_NOOP(
    "Errors",
    "The image was generated and is safe in the library; copying it into {folder} failed: "
    "{reason}.",
)
_NOT_READ = QT_TRANSLATE_NOOP(
    "Errors", "The image was generated, but it could not be copied into {folder}: {reason}."
)
# Why a copy could not be written, in words; the system's own ("Errno 28") for a rare reason.
_COPY_REFUSALS: dict[int, str] = {
    errno.ENOSPC: QT_TRANSLATE_NOOP("Errors", "the disk is full"),
    errno.EROFS: QT_TRANSLATE_NOOP("Errors", "the disk it is on is read-only"),
    errno.EACCES: QT_TRANSLATE_NOOP("Errors", "you do not have permission to write there"),
    errno.EPERM: QT_TRANSLATE_NOOP("Errors", "you do not have permission to write there"),
    errno.ENOENT: QT_TRANSLATE_NOOP("Errors", "the folder is no longer there"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("Errors", "it is no longer a folder"),
    errno.EISDIR: QT_TRANSLATE_NOOP("Errors", "a folder there has the image's name"),
}


class NotCopiedError(StorageError):
    """The finished image is in the library, and its copy into ``--out`` failed."""


def _copy_out(snap: Snapshot, folder: Path) -> Snapshot:
    """The finished image copied into ``folder`` as Save as copies (through a temp file and a
    rename, readable by others as a new file is), as ``snap`` with the copy's path; the
    library keeps its own copy. Raises :class:`NotCopiedError` when the copy cannot be
    made: the target refused it (the library's file is untouched), or, rarely, the
    library's file could not be read (gone since it was saved)."""
    source = Path(snap.file_path)
    target = folder / source.name
    try:
        export_copy(source, target)
    except StorageError as error:
        raise NotCopiedError.worded(
            _NOT_COPIED, folder=str(folder), reason=_copy_refusal(error)
        ) from error
    except KontextError as error:
        raise NotCopiedError.worded(_NOT_READ, folder=str(folder), reason=error.message) from error
    return replace(snap, file_path=str(target))


def _copy_refusal(error: StorageError) -> str:
    """Why ``error`` (from :func:`export_copy`) kept the copy from being written, in words."""
    cause = error.__cause__
    if isinstance(cause, OSError):
        words = _COPY_REFUSALS.get(cause.errno or 0)
        if words is not None:
            return Term(words)
        if cause.strerror:
            return cause.strerror
    return error.message


async def _generate(args: argparse.Namespace) -> int:
    request = GenerateRequest(
        prompt=args.prompt,
        model=args.model,
        aspect_ratio=None if args.ratio == "match" else args.ratio,
        output_format=args.format,
        image_path=str(args.image) if args.image else None,
        safety_tolerance=args.safety,
    ).validated()
    if args.image:  # before the library is opened and its unfinished jobs are carried on
        _tell_scaled(
            args.image, await asyncio.to_thread(peek_image, args.image, REFERENCE_FILE_LIMITS)
        )
    out = await asyncio.to_thread(check_out_folder, args.out) if args.out else None
    session = open_session(demo=args.demo)
    _tell_recovered(session.ledger)
    try:
        if session.demo:
            _say(translate("cli", "Demo mode: results come from the bundled simulator, not KIE."))
        session.engine.subscribe(_progress)
        await session.engine.resume()
        _tell_other_mode(session.engine)
        snap = await session.engine.submit(request)
        args.id = snap.id  # for the JSON line if Ctrl+C comes while it runs
        snap = await session.engine.wait_for(snap.id)
    finally:
        await _close(session)
    if out is not None and snap.state is JobState.COMPLETED:
        try:
            snap = await asyncio.to_thread(_copy_out, snap, out)
        except NotCopiedError as error:
            with i18n.english():
                english = explain_error_detail(error)
            value, words = {**job_json(snap), "message": english}, explain_error_detail(error)
            _emit(value, args.json, lambda: _print_job(snap, words))
            return EXIT_NOT_COPIED
    return _report_waited(snap, args.json)


_SENT_SCALED = QT_TRANSLATE_NOOP(
    "cli",
    "{name} is sent at {width}×{height}, scaled down from {from_width}×{from_height} to fit "
    "KIE's limits; the file itself is not changed.",
)


def _tell_scaled(image: Path, peeked: tuple[int, int, int]) -> None:
    """Say on stderr when the reference ``image`` is over KIE's limits, so the copy sent is
    scaled down (:func:`~kontext_studio.images.outgoing.sent_size`)."""
    width, height, file_size = peeked
    sent = sent_size(width, height, file_size)
    if sent is not None:
        words = translate("cli", _SENT_SCALED)
        _say(
            words.format(
                name=image.name,
                width=sent[0],
                height=sent[1],
                from_width=width,
                from_height=height,
            )
        )


_WAITS_FOR_ANSWER = QT_TRANSLATE_NOOP(
    "cli",
    "A job is being sent: this waits a moment for its answer (at most {seconds} s), so "
    "that the job is not left with an unknown outcome; Ctrl+C stops the wait.",
)


async def _close(session: Session) -> None:
    """Close the session; a generate request still out (the command was interrupted while
    it was sent) is given a moment to answer, and the person is told why it waits."""
    if session.engine.sending:
        seconds = f"{session.engine.config.shutdown_grace_s:g}"
        _say(translate("cli", _WAITS_FOR_ANSWER).format(seconds=seconds))
    await session.aclose()


async def _jobs(args: argparse.Namespace) -> int:
    if args.id is not None:
        return _job_detail(args)
    ledger = _open_ledger()
    try:
        rows = ledger.search(args.search or "")
    finally:
        ledger.close()

    def human() -> None:
        for snap in rows:
            _print_job(snap, titled=True)
        if rows:
            return
        if args.search.strip():
            words = translate("cli", 'Nothing in the library matches "{text}".')
            _out(words.format(text=args.search.strip()))
        else:
            _out(translate("cli", "The library is empty."))

    _emit([job_json(s, full=True) for s in rows], args.json, human)
    return EXIT_OK


def _job_detail(args: argparse.Namespace) -> int:
    """``jobs ID``: one job in full; its --json object is the one ``jobs --json`` lists."""
    ledger = _open_ledger()
    try:
        snap = ledger.get(args.id)
    finally:
        ledger.close()
    if snap is None:
        raise _no_such_job(args.id)
    _emit(job_json(snap, full=True), args.json, lambda: _print_detail(snap))
    return EXIT_OK


_NO_SUCH_JOB = QT_TRANSLATE_NOOP(
    "Errors", "There is no job {job_id}. `kontext-studio jobs` lists the library."
)


def _no_such_job(job_id: int) -> Refusal:
    """A job number that is not in the library, refused with where to find the right one."""
    return Refusal.worded(_NO_SUCH_JOB, job_id=job_id)


def _print_detail(snap: Snapshot) -> None:
    """The job's line as ``jobs`` prints it, then one line for each thing known of it."""
    _print_job(snap, titled=True)
    for line in _detail_lines(snap):
        _out(_printable(line))


def _detail_lines(snap: Snapshot) -> list[str]:
    lines = [
        translate("cli", "  prompt: {prompt}").format(prompt=" ".join(snap.prompt.split())),
        translate("cli", "  model: {model}, ratio: {ratio}, source: {source}").format(
            model=snap.model,
            ratio=snap.ratio,
            source=translate("cli", _SOURCE_WORDS.get(snap.source, snap.source)),
        ),
    ]
    if name := _reference_name(snap):
        lines.append(translate("cli", "  reference image: {name}").format(name=name))
    if snap.simulated:
        lines.append(translate("cli", "  made in demo mode: a demo job uses no real credits"))
    lines.append(translate("cli", "  created: {time}").format(time=_local_time(snap.created_at)))
    if snap.submitted_at:
        when = _local_time(snap.submitted_at)
        lines.append(translate("cli", "  sent: {time}").format(time=when))
    if snap.completed_at:
        when = _local_time(snap.completed_at)
        lines.append(translate("cli", "  completed: {time}").format(time=when))
    if snap.task_id:
        lines.append(translate("cli", "  task: {task_id}").format(task_id=snap.task_id))
    if snap.published_url:
        lines.append(translate("cli", "  published: {url}").format(url=snap.published_url))
    if step := _next_step(snap):
        lines.append(translate("cli", "  next: {step}").format(step=step))
    return lines


_SOURCE_WORDS = {
    GENERATED: QT_TRANSLATE_NOOP("cli", "generated"),
    UPLOADED: QT_TRANSLATE_NOOP("cli", "imported"),
}


def _reference_name(snap: Snapshot) -> str:
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


def _local_time(stamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp))


_NOT_RUNNING_TO_CANCEL = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {job_id} is not running, so there is nothing to cancel. `kontext-studio jobs {job_id}` "
    "shows how it ended.",
)


class _SendsNothing:
    """The KIE client of the engine a ``cancel`` uses: a cancel only writes the job's row
    (KIE has no cancel call), so a call here is a bug, and said as one."""

    async def generate(
        self,
        request: GenerateRequest,
        input_image_url: str | None = None,
        *,
        on_wire: Callable[[], None] | None = None,
    ) -> str:
        raise InternalError()

    async def record_info(self, task_id: str) -> TaskRecord:
        raise InternalError()

    async def download_url(self, url: str) -> str:
        raise InternalError()

    async def upload_file(
        self, path: Path, *, upload_path: str, file_name: str | None = None
    ) -> UploadedFile:
        raise InternalError()

    async def fetch(self, url: str, *, max_bytes: int) -> tuple[bytes, str]:
        raise InternalError()


async def _cancel(args: argparse.Namespace) -> int:
    """``cancel ID``: what the window's Cancel does, on the job's row. The process that runs
    the job (this library's window, another command, or none since one was killed) finds
    its row cancelled at its run's next step and leaves the job; a generate request it has
    out is answered onto the cancelled row (the engine's ``_keep_late_answer``)."""
    paths = Paths.from_env().ensure()
    setup_logging(paths.logs)
    ledger = _open_ledger()
    engine = JobEngine(ledger, _SendsNothing(), _library_dir(), config=EngineConfig())
    try:
        snap = ledger.get(args.id)
        if snap is None:
            raise _no_such_job(args.id)
        if snap.state.is_terminal:
            raise Refusal.worded(_NOT_RUNNING_TO_CANCEL, job_id=args.id)
        snap = await engine.cancel(args.id)
    finally:
        await engine.aclose()
        ledger.close()
    _emit(job_json(snap), args.json, lambda: _print_waited(snap))
    return EXIT_OK


_KEY_PROMPT = QT_TRANSLATE_NOOP("cli", "KIE API key (not shown as you type): ")
_KEY_IN_ARGUMENTS = QT_TRANSLATE_NOOP(
    "Errors",
    "The key is never taken from the command line, where `ps` and the shell's history keep it: "
    "run `kontext-studio key set` and type it at its prompt, or pipe it in "
    "(`kontext-studio key set < key.txt`). Remove it from the shell's history too.",
)
_KEY_NOT_TEXT = QT_TRANSLATE_NOOP(
    "Errors", "The KIE API key contains characters that cannot be sent."
)
_NO_KEY_TO_TEST = QT_TRANSLATE_NOOP(
    "Errors",
    "No KIE API key is set, so there is nothing to test. `kontext-studio key set` stores one "
    "in the system keyring (or set KIE_API_KEY).",
)


def _read_key(args: argparse.Namespace) -> None:
    """``key set``: the key, typed at a prompt that does not show it (a terminal) or the first
    line of stdin (a pipe, a file). Read before the command's loop starts, where a stop
    signal ends the read at once (:meth:`_StopSignals.reading`): ``getpass`` gives the
    terminal its echo back as it ends."""
    if args.typed:
        raise Refusal(_KEY_IN_ARGUMENTS)
    stdin = sys.stdin
    try:
        if stdin is not None and stdin.isatty():
            args.secret = _typed_key()
        else:
            args.secret = stdin.readline() if stdin is not None else ""
    except UnicodeDecodeError:  # bytes that are no text in this locale: no key either
        raise InputError(_KEY_NOT_TEXT) from None
    register_secret(args.secret.strip())  # masked in the log from here on


def _typed_key() -> str:
    """The key typed at the prompt. A Ctrl+C there leaves the prompt's line open (getpass
    ends no line): it is ended, so that the interrupted line starts on its own."""
    try:
        return getpass.getpass(translate("cli", _KEY_PROMPT))
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError):
            if sys.stderr is not None and sys.stderr.isatty():
                sys.stderr.write("\n")
        raise


def _key_interrupted(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """What a ``key`` command stopped by Ctrl+C says (it runs no job): the key is as it was,
    unless the keyring was being changed (``set`` past its prompt, ``remove``), when only
    ``key status`` can tell whether the change was made."""
    read = getattr(args, "secret", None) is not None
    changing = args.run is _key_remove or (args.run is _key_set and read)
    return (_INTERRUPTED_KEY_CHANGING if changing else _INTERRUPTED_KEY), {}


async def _key_set(args: argparse.Namespace) -> int:
    key = checked_key(args.secret)
    status = await asyncio.to_thread(secrets.store_in_keyring, secrets.KIE_KEY, key)
    words = _KEY_STORED_WITH_ENV if secrets.in_environment(secrets.KIE_KEY) else _KEY_STORED
    _key_reply(args, {"status": "stored", "backend": status.backend}, words, backend=status.backend)
    return EXIT_OK


_KEY_STORED = QT_TRANSLATE_NOOP(
    "cli",
    "The KIE API key is stored in the system keyring ({backend}): commands use it from now on, "
    "and the window once it is opened again. `kontext-studio key test` checks it with KIE.",
)
_KEY_STORED_WITH_ENV = QT_TRANSLATE_NOOP(
    "cli",
    "The KIE API key is stored in the system keyring ({backend}); it is used rather than "
    "KIE_API_KEY, which is set too. `kontext-studio key test` checks it with KIE.",
)


def _key_reply(args: argparse.Namespace, value: dict[str, Any], words: str, **values: Any) -> None:
    """The outcome of a ``key`` command: ``words`` on stdout, or ``value`` with their English
    as its message as the --json line."""
    if args.json:
        with i18n.english():
            _print_json({**value, "message": translate("cli", words).format(**values)})
    else:
        _out(_printable(translate("cli", words).format(**values)))


async def _key_remove(args: argparse.Namespace) -> int:
    try:
        removed = await asyncio.to_thread(secrets.remove_from_keyring, secrets.KIE_KEY)
    except KeyringUnavailableError as error:
        return _key_remove_refused(args, error)
    if secrets.in_environment(secrets.KIE_KEY):
        words = _KEY_REMOVED_ENV if removed else _NO_KEY_STORED_ENV
    else:
        words = _KEY_REMOVED if removed else _NO_KEY_STORED
    _key_reply(args, {"status": "removed" if removed else "not_stored"}, words)
    return EXIT_OK


def _key_remove_refused(args: argparse.Namespace, error: KeyringUnavailableError) -> int:
    """The keyring could not be used to remove the key: said as any keyring failure, but
    with what to do about a removal. The general advice (set KIE_API_KEY instead) is for
    keeping a key, not for removing one."""
    if args.json:
        _print_json({"status": "error", "kind": error.kind, "message": _english(error)})
    todo = translate("cli", _UNLOCK_TO_REMOVE)
    _say(Explanation(explain(error).message, todo).sentences())
    return EXIT_JOB_FAILED


_UNLOCK_TO_REMOVE = QT_TRANSLATE_NOOP(
    "cli",
    "Unlock the keyring (or start the one that holds the key) and run `kontext-studio key "
    "remove` again.",
)
_KEY_REMOVED = QT_TRANSLATE_NOOP(
    "cli",
    "The KIE API key was removed from the system keyring. With no key, commands and the window "
    "run in demo mode.",
)
_KEY_REMOVED_ENV = QT_TRANSLATE_NOOP(
    "cli",
    "The KIE API key was removed from the system keyring. KIE_API_KEY is still set: commands "
    "use that key.",
)
_NO_KEY_STORED = QT_TRANSLATE_NOOP(
    "cli", "No KIE API key was stored in the system keyring; nothing was removed."
)
_NO_KEY_STORED_ENV = QT_TRANSLATE_NOOP(
    "cli",
    "No KIE API key was stored in the system keyring; nothing was removed. KIE_API_KEY is set: "
    "commands use that key.",
)


async def _key_status(args: argparse.Namespace) -> int:
    """Where the key comes from, as :func:`secrets.get_secret` looks: the keyring first, then
    KIE_API_KEY. The key itself is never read out, not even in part."""
    status = await asyncio.to_thread(secrets.keyring_status)
    stored: bool | None = None
    problem: KontextError | None = None if status.usable else secrets.unusable(status)
    if status.usable:
        try:
            stored = await asyncio.to_thread(secrets.stored_in_keyring, secrets.KIE_KEY)
        except KontextError as error:
            problem = error
    environment = secrets.in_environment(secrets.KIE_KEY)
    source = "keyring" if stored else "environment" if environment else None
    value = {
        "status": "ok",
        "backend": status.backend,
        "keyring_usable": status.usable,
        "keyring_problem": _english(problem) if problem is not None else "",
        "stored": stored,
        "environment": environment,
        "source": source,
    }
    used = _KEY_USED[source]
    if args.json:
        with i18n.english():
            _print_json({**value, "message": translate("cli", used)})
        return EXIT_OK
    _out(_printable(_keyring_line(status.backend, problem)))
    _out(translate("cli", _STORED_WORDS[stored]))
    _out(translate("cli", _ENV_WORDS[environment]))
    _out(translate("cli", used))
    return EXIT_OK


def _keyring_line(backend: str, problem: KontextError | None) -> str:
    if problem is None:
        return translate("cli", "Keyring: {backend}, works.").format(backend=backend)
    return translate("cli", "Keyring: {backend}, cannot be used: {why}").format(
        backend=backend, why=explain_error_detail(problem)
    )


_STORED_WORDS = {
    True: QT_TRANSLATE_NOOP("cli", "Key in the keyring: stored."),
    False: QT_TRANSLATE_NOOP("cli", "Key in the keyring: none."),
    None: QT_TRANSLATE_NOOP("cli", "Key in the keyring: cannot be read."),
}
_ENV_WORDS = {
    True: QT_TRANSLATE_NOOP("cli", "KIE_API_KEY: set."),
    False: QT_TRANSLATE_NOOP("cli", "KIE_API_KEY: not set."),
}
_KEY_USED: dict[str | None, str] = {
    "keyring": QT_TRANSLATE_NOOP(
        "cli", "In use: the key in the keyring (it wins over KIE_API_KEY)."
    ),
    "environment": QT_TRANSLATE_NOOP("cli", "In use: the key in KIE_API_KEY."),
    None: QT_TRANSLATE_NOOP(
        "cli",
        "In use: no key; commands and the window run in demo mode. `kontext-studio key set` "
        "stores one.",
    ),
}


async def _key_test(args: argparse.Namespace) -> int:
    """``key test``: the settings dialog's Test key, with the key commands use. Asks for the
    balance, which creates and charges nothing."""
    key = await asyncio.to_thread(secrets.get_secret, secrets.KIE_KEY)
    if not key:
        raise Refusal(_NO_KEY_TO_TEST)
    register_secret(key)
    source = await asyncio.to_thread(_key_source)
    try:
        balance = await check_key(checked_key(key))
    except (NetworkError, AuthError) as error:
        return _key_test_failed(args, error, source)
    _key_reply(
        args,
        {"status": "ok", "balance": balance, "source": source},
        QT_TRANSLATE_NOOP("cli", "The key works: {balance} credits."),
        balance=shown_balance(balance),
    )
    return EXIT_OK


def _key_source() -> str | None:
    """Where the key commands use comes from, as :func:`secrets.get_secret` looks: the
    keyring, then KIE_API_KEY; None for neither."""
    try:
        stored = secrets.keyring_status().usable and secrets.stored_in_keyring(secrets.KIE_KEY)
    except KontextError:
        stored = False
    if stored:
        return "keyring"
    return "environment" if secrets.in_environment(secrets.KIE_KEY) else None


def _key_test_failed(args: argparse.Namespace, error: KontextError, source: str | None) -> int:
    """A test of the key that KIE refused, or could not make: what to do next is a command's
    (no Settings, no job to retry)."""
    if isinstance(error, NetworkError):
        todo = translate("cli", "Check your internet connection and test again.")
    elif source == "keyring":
        todo = translate("cli", "`kontext-studio key set` stores a valid one in its place.")
    else:
        todo = translate(
            "cli", "Set a valid key in KIE_API_KEY, or store one with `kontext-studio key set`."
        )
    if args.json:
        _print_json({"status": "error", "kind": error.kind, "message": _english(error)})
    _say(f"{explain(error).message} {todo}")
    return EXIT_JOB_FAILED


async def _resume(args: argparse.Namespace) -> int:
    session = open_session(demo=args.demo)
    _tell_recovered(session.ledger)
    try:
        session.engine.subscribe(_progress)
        ids = await session.engine.resume()
        _tell_other_mode(session.engine)
        await session.engine.wait_idle()
        rows = [s for s in (session.ledger.get(i) for i in ids) if s is not None]
    finally:
        await _close(session)

    engine = session.engine
    left = engine.left_to_another or engine.waits_for_guests

    def human() -> None:
        for snap in rows:
            _print_waited(snap)
        if not rows and not left and not engine.other_mode_jobs:  # those are said on stderr
            _out(translate("cli", "No unfinished jobs."))

    _emit([_waited_json(s) for s in rows], args.json, human)
    # Why nothing was resumed, on stderr with --json too: the script's "[]" does not say.
    if engine.left_to_another:
        _say(translate("cli", _LEFT_TO_ANOTHER))
    elif engine.waits_for_guests:
        _say(translate("cli", _GUESTS_RUNNING))
    return EXIT_OK if all(s.state is JobState.COMPLETED for s in rows) else EXIT_JOB_FAILED


_LEFT_TO_ANOTHER = QT_TRANSLATE_NOOP(
    "cli",
    "Kontext Studio is open on this library elsewhere (the window or another command) and "
    "carries on its unfinished jobs; nothing was resumed here.",
)

_GUESTS_RUNNING = QT_TRANSLATE_NOOP(
    "cli",
    "Kontext Studio is running jobs on this library elsewhere (the window or another "
    "command), so nothing was resumed here: that way no job is sent twice. Run "
    "`kontext-studio resume` again once it has ended.",
)


def _tell_other_mode(engine: JobEngine) -> None:
    """Unfinished jobs of the other mode were left alone: say so, and how they carry on."""
    count = len(engine.other_mode_jobs)
    if not count:
        return
    if engine.config.simulated:
        words = translate(
            "cli",
            "{count} job(s) sent to KIE in live mode were left waiting: demo mode cannot "
            "follow them. Run `kontext-studio resume` without --demo to carry them on.",
        )
    else:
        words = translate(
            "cli",
            "{count} job(s) made in demo mode were left waiting: only "
            "`kontext-studio resume --demo` can finish them.",
        )
    _say(words.format(count=count))


def _open_ledger() -> Ledger:
    ledger = Ledger.open(Paths.from_env().ensure().database)
    _tell_recovered(ledger)
    return ledger


def _tell_recovered(ledger: Ledger) -> None:
    if ledger.recovered_from is not None:
        _say(
            translate(
                "cli",
                "The library file was damaged: it was moved aside to {path} "
                "and a new, empty library was started.",
            ).format(path=ledger.recovered_from)
        )


async def _send_again(
    args: argparse.Namespace,
    again: Callable[[JobEngine, int], Awaitable[Snapshot]],
    first: Callable[[Session], Awaitable[None]] | None = None,
) -> int:
    """Carry job ``args.id`` on with ``again`` (retry, resubmit) after the other unfinished
    jobs are resumed, and wait for it; ``first`` may refuse before anything is sent."""
    session = open_session(demo=args.demo)
    _tell_recovered(session.ledger)
    try:
        if first is not None:
            await first(session)
        session.engine.subscribe(_progress)
        await session.engine.resume()
        _tell_other_mode(session.engine)
        snap = await again(session.engine, args.id)
        snap = await session.engine.wait_for(snap.id)
    finally:
        await _close(session)
    return _report_waited(snap, args.json)


async def _require_here(
    session: Session, job_id: int, refused: Callable[[Snapshot], Refusal | None]
) -> Snapshot:
    """:meth:`JobEngine.require_here`, a number not in the library refused in the command's
    words (where to find the right one)."""
    if session.ledger.get(job_id) is None:
        raise _no_such_job(job_id)
    return await session.engine.require_here(job_id, refused)


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


async def _retry(args: argparse.Namespace) -> int:
    async def asked(session: Session) -> None:
        # A job of the other mode is refused as such first: --yes could not send it here.
        snap = await _require_here(session, args.id, retry_refused)
        if refused := await _not_retried(session, snap):
            raise refused
        if retry_sends_anew(snap) and not args.yes:
            asks = _RETRY_ASKS_DEMO if snap.simulated else _RETRY_ASKS
            raise Refusal.worded(asks, id=args.id)

    async def again(engine: JobEngine, job_id: int) -> Snapshot:
        return await engine.retry(job_id, anew=args.yes)

    return await _send_again(args, again, asked)


_RESUBMIT_ASKS = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} may have reached KIE already and been charged: check your KIE logs first. To send "
    "it again anyway (it may be charged twice), add --yes.",
)
_RESUBMIT_ASKS_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Job {id} was sent to the demo server, which may have made it already. A demo job uses no "
    "real credits: sending it again only lowers the demo balance, and at worst makes the image "
    "twice. To send it again, add --yes.",
)


async def _resubmit(args: argparse.Namespace) -> int:
    async def asked(session: Session) -> None:
        snap = await _require_here(session, args.id, resubmit_refused)  # as retry's
        if refused := await _not_resubmitted(session, snap):
            raise refused
        if needs_resubmit(snap) and not args.yes:
            asks = _RESUBMIT_ASKS_DEMO if snap.simulated else _RESUBMIT_ASKS
            raise Refusal.worded(asks, id=args.id)

    return await _send_again(args, JobEngine.resubmit, asked)


async def _simulator(args: argparse.Namespace) -> int:
    from kontext_studio.simulator import Simulator, SimulatorConfig

    config = SimulatorConfig(latency_s=(args.min_latency, args.max_latency))
    try:
        server = Simulator(config, port=args.port)
    except OSError as error:
        raise Refusal.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "Port {port} cannot be used: {reason}. Choose another one with --port."
            ),
            port=args.port,
            reason=str(error.strerror or error),
        ) from error
    _say(translate("cli", "KIE simulator on {url} (Ctrl+C stops it)").format(url=server.base_url))
    try:
        await asyncio.to_thread(server.serve_forever)
    except asyncio.CancelledError:
        _uncancel()  # Ctrl+C is how it is stopped, as it says: done, not "interrupted"
    finally:
        server.stop()
    return EXIT_OK


def _publisher() -> Any:
    from kontext_studio.publish import Publisher, load_r2_config

    return Publisher(load_r2_config(load_settings(Paths.from_env()).r2))


def _library_dir() -> Path:
    paths = Paths.from_env().ensure()
    return library_dir(paths, load_settings(paths))


async def _import(args: argparse.Namespace) -> int:
    given = {expand_folder(p): p for p in args.paths}
    collected = await asyncio.to_thread(collect_images, list(given))
    args.imported = _Imported(total=len(collected.files))
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    ledger = _open_ledger()
    try:
        newest = await asyncio.to_thread(ledger.newest_id)

        def said(file: Path, result: Snapshot | KontextError) -> None:
            path = given.get(file, str(file))
            if isinstance(result, Snapshot):
                # A file whose bytes the library holds already (from before, or earlier in
                # this list) comes back as that artwork, unchanged: said so, as the window
                # says it.
                added = result.id > newest and result.id not in seen
                seen.add(result.id)
                rows.append({**job_json(result, full=True), "file": path, "added": added})
                _say(_imported_words(path, result, added, args.title))
            else:
                rows.append(_refused_row(path, result))
            args.imported.done += 1

        await _import_each(ledger, collected.files, args, said)
    finally:
        ledger.close()
    rows.extend(_refused_row(given[folder], error) for folder, error in collected.problems)
    _tell_skipped(collected.skipped)
    failed = any(row["id"] is None for row in rows)
    rows.extend(_skipped_row(str(path), reason) for path, reason in collected.left_out)
    if args.json:
        _print_json(rows[0] if len(rows) == 1 else rows)
    return EXIT_JOB_FAILED if failed else EXIT_OK


@dataclass
class _Imported:
    """How far an ``import`` got: what its Ctrl+C says."""

    total: int
    done: int = 0


async def _import_each(
    ledger: Ledger,
    files: Sequence[Path],
    args: argparse.Namespace,
    said: Callable[[Path, Snapshot | KontextError], None],
) -> None:
    """Import ``files`` one at a time, each said (``said``) as it is done. A Ctrl+C stops
    between two files: the one under way is finished first (copied and recorded, or
    refused) and said, so that the library is not closed under it and what it holds is
    said; the others are not added. One during the last file stops nothing."""
    from kontext_studio.publish import import_artworks

    library = _library_dir()
    for number, file in enumerate(files, start=1):
        work = asyncio.ensure_future(
            asyncio.to_thread(
                import_artworks,
                ledger,
                [file],
                library_dir=library,
                title=args.title,
                description=args.description,
                tags=args.tags,
            )
        )
        try:
            (result,) = await asyncio.shield(work)
        except asyncio.CancelledError:
            (result,) = await work
            said(file, result)
            if number < len(files):
                raise
            _uncancel()
            continue
        said(file, result)


_IMPORT_INTERRUPTED = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted after {done} of {total} files, each said above; the other {left} were not "
    "added. Importing all of them again adds only those: a file the library holds already "
    "is not added twice.",
)
_IMPORT_INTERRUPTED_AT_ONCE = QT_TRANSLATE_NOOP(
    "cli", "Interrupted before any file was added; the library is as it was."
)


def _import_interrupted(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """What an ``import`` stopped by Ctrl+C says: which files it took (said above, each as
    it was done), and that the others were not added."""
    imported: _Imported | None = getattr(args, "imported", None)
    if imported is None or not imported.done:
        return _IMPORT_INTERRUPTED_AT_ONCE, {}
    left = imported.total - imported.done
    return _IMPORT_INTERRUPTED, {"done": imported.done, "total": imported.total, "left": left}


def _refused_row(path: str, error: KontextError) -> dict[str, Any]:
    """A file or folder that brought nothing: said on stderr, and its --json row."""
    _say(f"{path}: {explain(error).message}")
    return {"id": None, "file": path, "added": False, "status": "error", "message": _english(error)}


_LEFT_OUT_WORDS = {
    HIDDEN: "a hidden file: left out",
    NOT_AN_IMAGE: "not a JPEG, PNG or WebP file: left out",
}
"""The --json message of a file a folder left out, by its reason (English, as every --json
value)."""


def _skipped_row(path: str, reason: str) -> dict[str, Any]:
    """The --json row of a file inside a folder that was passed over; not a failure."""
    return {
        "id": None,
        "file": path,
        "added": False,
        "status": "skipped",
        "reason": reason,
        "message": _LEFT_OUT_WORDS[reason],
    }


def _tell_skipped(count: int) -> None:
    if count == 1:
        _say(
            translate("cli", "1 file in the folders was left out: not JPEG, PNG or WebP, or hidden")
        )
    elif count:
        words = translate(
            "cli", "{count} files in the folders were left out: not JPEG, PNG or WebP, or hidden"
        )
        _say(words.format(count=count))


def _imported_words(path: str, snap: Snapshot, added: bool, title: str | None) -> str:
    if added:
        return translate("cli", "{path}: imported as artwork {id}").format(path=path, id=snap.id)
    if title and title != snap.title:
        words = translate(
            "cli", '{path}: already in the library as artwork {id}; its title stays "{title}"'
        )
        return words.format(path=path, id=snap.id, title=short_title(snap))
    words = translate("cli", "{path}: already in the library as artwork {id}; nothing was added")
    return words.format(path=path, id=snap.id)


def _publish_line(artwork_id: int, status: str, snap: Snapshot | None, message: str) -> dict:
    return {
        "id": artwork_id,
        "status": status,
        "key": (snap.published_key or None) if snap else None,
        "url": None,
        "message": message,
    }


def _require_artwork(ledger: Ledger, artwork_id: int) -> None:
    """An id that is not in the library is input refused (exit 2), as it is for ``retry``,
    and said before anything else (such as R2 not being configured) is looked at."""
    if ledger.get(artwork_id) is None:
        raise Refusal.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "There is no artwork {id}. `kontext-studio jobs` lists the library."
            ),
            id=artwork_id,
        )


async def _publish(args: argparse.Namespace) -> int:
    from kontext_studio.publish import artwork_url

    ledger = _open_ledger()
    try:
        await asyncio.to_thread(_require_artwork, ledger, args.id)
        try:
            publisher = _publisher()
        except KontextError as error:  # R2 not set up: nothing was sent
            return _publish_refused(args, error)
        code = EXIT_OK
        try:
            snap = await _publish_until_interrupted(ledger, publisher, args.id)
            line = _publish_line(args.id, "published", snap, "")
            line["url"] = await asyncio.to_thread(artwork_url, publisher, snap)
        except KontextError as error:
            # An artwork with nothing to publish (unfinished, its file gone) is refused as
            # bad input is: nothing was sent.
            code = EXIT_BAD_INPUT if isinstance(error, InputError) else EXIT_JOB_FAILED
            line = _publish_failed(args.id, error)
    finally:
        ledger.close()
    if args.json:
        _print_json(line)
    elif code == EXIT_OK:
        _out(line["url"])
    return code


_TOO_LATE_TO_STOP = QT_TRANSLATE_NOOP(
    "cli", "Ctrl+C came while artwork {id} was being recorded as published: it is published."
)
PUBLISH_STOP_GRACE_S = 5.0
"""How long a publish stopped by Ctrl+C is given to take back what it did before the
command ends (and the publish thread with it). Told to stop, it removes what it sent (the
image, its manifest, the parts of an unfinished upload): a command ending in between leaves
them in the bucket, named by no record. A server that stays silent longer is not waited for
(a second Ctrl+C does not wait either)."""


async def _publish_until_interrupted(ledger: Ledger, publisher: Any, artwork_id: int) -> Snapshot:
    """Publish in a daemon thread: Ctrl+C answers within moments even while a request waits
    on a silent server (the default executor's thread would hold the exit until its
    time-out).
    The thread is told to stop and records nothing new; the process waits for it only a
    moment (:data:`PUBLISH_STOP_GRACE_S`), so behind a silent server a part already sent
    may stay as an unfinished upload, which the next publish of the artwork removes.

    A Ctrl+C that comes once the thread is writing the record (the bucket has it all) is
    too late to stop it: the write, one local transaction, is waited for, with the removal
    of a version published before under other bytes, which follows it; the command reports
    what it recorded, not "interrupted" over an artwork recorded as published. The record
    names the new version before the old one goes, so a process that ends at any moment
    (a second Ctrl+C during that removal) leaves a record naming an image the bucket has,
    and the old key recorded for the next publish or unpublish to remove."""
    from kontext_studio.publish import PublishCancel, publish_artwork

    cancel = PublishCancel()
    outcome = _in_daemon_thread(
        "publish", lambda: publish_artwork(ledger, publisher, artwork_id, cancel=cancel)
    )
    try:
        return await asyncio.shield(outcome)
    except asyncio.CancelledError:
        if cancel.request():
            await asyncio.wait([outcome], timeout=PUBLISH_STOP_GRACE_S)
            raise
    _uncancel()
    recorded = await asyncio.shield(outcome)
    _say(translate("cli", _TOO_LATE_TO_STOP).format(id=artwork_id))
    return recorded


def _in_daemon_thread(name: str, work: Callable[[], Snapshot]) -> asyncio.Future[Snapshot]:
    """``work`` in a daemon thread, its outcome as a future: unlike ``asyncio.to_thread``,
    the command does not wait for it to end when it ends (a request waiting on a silent
    server). Its exception after a Ctrl+C is not news: the command says it was
    interrupted."""
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[Snapshot] = loop.create_future()
    outcome.add_done_callback(lambda done: done.cancelled() or done.exception())

    def run() -> None:
        try:
            result = work()
        except Exception as error:  # handed over whole, as asyncio.to_thread does
            loop.call_soon_threadsafe(_settle_future, outcome, None, error)
        else:
            loop.call_soon_threadsafe(_settle_future, outcome, result, None)

    threading.Thread(target=run, name=name, daemon=True).start()
    return outcome


def _uncancel() -> None:
    """Take back the Ctrl+C that cancelled the running command: it goes on to report, and
    ``asyncio.run`` must not turn its end into a KeyboardInterrupt."""
    task = asyncio.current_task()
    if task is not None:
        task.uncancel()


def _settle_future(
    future: asyncio.Future[Snapshot], result: Snapshot | None, error: BaseException | None
) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    elif result is not None:
        future.set_result(result)


def _publish_refused(args: argparse.Namespace, error: KontextError) -> int:
    """R2 is not set up, so nothing was sent: said as any failure, with the exit code of
    input refused before anything was sent."""
    line = _publish_failed(args.id, error)
    if args.json:
        _print_json(line)
    return EXIT_BAD_INPUT


def _publish_failed(artwork_id: int, error: KontextError) -> dict[str, Any]:
    """Why publishing or unpublishing failed, and what to do, on stderr as for every other
    failure: stdout carries only the result (a script reading the link gets none)."""
    _say(explain(error).sentences())
    return _publish_line(artwork_id, "failed", None, _english(error))


async def _unpublish(args: argparse.Namespace) -> int:
    ledger = _open_ledger()
    try:
        await asyncio.to_thread(_require_artwork, ledger, args.id)
        try:
            publisher = _publisher()
        except KontextError as error:  # R2 not set up: nothing was sent
            return _publish_refused(args, error)
        try:
            snap = await _unpublish_until_interrupted(ledger, publisher, args.id)
            line = _publish_line(args.id, "unpublished", snap, "")
        except KontextError as error:
            line = _publish_failed(args.id, error)
    finally:
        ledger.close()
    done = line["status"] == "unpublished"
    if args.json:
        _print_json(line)
    elif done:
        _out(translate("cli", "unpublished"))
    return EXIT_OK if done else EXIT_JOB_FAILED


_UNPUBLISHED_ANYWAY = QT_TRANSLATE_NOOP(
    "cli", "Ctrl+C came while artwork {id} was being removed from R2: the removal was finished."
)


async def _unpublish_until_interrupted(ledger: Ledger, publisher: Any, artwork_id: int) -> Snapshot:
    """Unpublish in a daemon thread. A Ctrl+C while it removes the artwork from R2 gives
    the removal under way a moment (:data:`PUBLISH_STOP_GRACE_S`) to end, record and all,
    and the command reports what it did: the library closed under it would keep naming as
    published an image gone from the bucket (a dead link). A server silent longer is not
    waited for: the Ctrl+C words say that ``unpublish`` again finishes it."""
    from kontext_studio.publish import unpublish_artwork

    outcome = _in_daemon_thread(
        "unpublish", lambda: unpublish_artwork(ledger, publisher, artwork_id)
    )
    try:
        return await asyncio.shield(outcome)
    except asyncio.CancelledError:
        ended, _ = await asyncio.wait([outcome], timeout=PUBLISH_STOP_GRACE_S)
        if not ended:
            raise
    _uncancel()
    snap = outcome.result()
    _say(translate("cli", _UNPUBLISHED_ANYWAY).format(id=artwork_id))
    return snap


_LARGEST_ID = 2**63 - 1  # SQLite's INTEGER


def _text(value: str) -> str:
    """A text argument. Bytes that are not UTF-8 (a stray Latin-1 from the shell) arrive as
    lone surrogates, which no file or database can store: refused here, in one line."""
    if not is_unicode(value):
        raise argparse.ArgumentTypeError(translate("cli", "not valid UTF-8 text"))
    return value


def _path(value: str) -> Path | None:
    """A file or folder argument with ``~`` expanded (None for "", which means not given, as
    it always did); one that cannot be expanded (an unknown ``~user``) is refused in one line."""
    if not value:
        return None
    try:
        return expand_folder(value)
    except StorageError:
        raise argparse.ArgumentTypeError(translate("cli", "not a usable path")) from None


def _text_path(value: str) -> str:
    """A path argument kept as typed (for the output to name it so), checked by :func:`_path`."""
    _path(value)
    return value


def _job_id(value: str) -> int:
    """A job number; one beyond what the library can hold is no job at all."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(translate("cli", "not a job number")) from None
    if abs(number) > _LARGEST_ID:
        raise argparse.ArgumentTypeError(translate("cli", "there is no such job"))
    return number


def _safety(value: str) -> int:
    """A safety tolerance KIE takes for a new image; edits allow less (checked in _parse)."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_SAFETY_GENERATE:
        raise argparse.ArgumentTypeError(
            translate("cli", "a whole number from 0 to {high}").format(high=MAX_SAFETY_GENERATE)
        )
    return number


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(translate("cli", "a port is a number from 0 to 65535"))
    return number


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and 0 <= number <= 3600):
        raise argparse.ArgumentTypeError(translate("cli", "seconds from 0 to 3600"))
    return number


def _add_json(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--json",
        action="store_true",
        help=translate(
            "cli", "end stdout with the result as one JSON line, in English; progress on stderr"
        ),
    )


def _add_demo(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--demo",
        action="store_true",
        help=translate(
            "cli", "demo mode: the bundled demo server on this computer (no key, no real credits)"
        ),
    )


def _add_id(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "id",
        type=_job_id,
        help=translate("cli", "the job's or artwork's number, as `kontext-studio jobs` shows it"),
    )


def _sends_help(demo: bool) -> dict[str, str]:
    """The help of the sends that may cost (``retry``, ``retry --yes``, ``resubmit``): with
    ``demo`` (the command line has --demo) in the demo server's words, as a demo job uses no
    real credits."""
    if demo:
        return {
            "retry": translate(
                "cli",
                "carry a failed, cancelled or timed-out job on without making it twice (a demo "
                "job uses no real credits)",
            ),
            "retry_yes": translate(
                "cli",
                "the demo server has no record of the job: send it again as a new job (a demo "
                "job uses no real credits)",
            ),
            "resubmit": translate(
                "cli",
                "send a job whose outcome is unknown again (a demo job uses no real credits; at "
                "worst the image is made twice)",
            ),
            "resubmit_yes": translate(
                "cli", "send it again, though the demo server may have made it already"
            ),
        }
    return {
        "retry": translate(
            "cli", "carry a failed, cancelled or timed-out job on without paying twice"
        ),
        "retry_yes": translate(
            "cli", "KIE has no record of the job: send it again as a new, paid job"
        ),
        "resubmit": translate(
            "cli", "send a job whose outcome is unknown again (it may be charged twice)"
        ),
        "resubmit_yes": translate("cli", "you have checked KIE's logs: send it again"),
    }


def build_parser(*, demo: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; ``demo``: it asks for demo mode (--demo), so the help of
    the sends that may cost speaks of the demo server (:func:`_sends_help`)."""
    sends = _sends_help(demo)
    parser = _Parser(
        prog="kontext-studio",
        description=translate(
            "cli",
            "{app}: generate and edit images with KIE's Flux Kontext.\n\n"
            "With no command it opens the window; `kontext-studio IMAGE` opens it with IMAGE\n"
            "as the reference to edit.",
        ).format(app=APP_NAME),
        epilog=translate(
            "cli",
            "exit codes:\n"
            "  0   done: the job completed, the artwork was published\n"
            "  1   it failed; the reason is on stderr (and in the JSON line)\n"
            "  2   refused before anything was sent: bad input, no such job or artwork\n"
            "  3   generate --out: the image is in the library, but copying it into the\n"
            "      folder failed (the reason is on stdout, and in the JSON line)\n"
            "  130 interrupted (Ctrl+C); `kontext-studio resume` carries the job on\n"
            "  143 stopped by SIGTERM (kill, timeout), 129 by SIGHUP (the terminal closed):\n"
            "      as by Ctrl+C\n"
            "  141 the reader of stdout stopped early (| head -1)",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=translate(
            "cli", "open the window, run one demo job in a temporary home, exit 0 if all works"
        ),
    )
    sub = parser.add_subparsers(dest="command")

    gen = sub.add_parser("generate", help=translate("cli", "generate one image and wait for it"))
    gen.add_argument(
        "prompt",
        type=_text,
        help=translate("cli", "what to make; with --image, how to change the reference"),
    )
    gen.add_argument("--image", type=_path, help=translate("cli", "reference image to edit"))
    gen.add_argument(
        "--ratio",
        default=None,
        choices=[*RATIOS, "match"],
        help=translate(
            "cli", "aspect ratio; by default 1:1, or with --image match (the reference's own)"
        ),
    )
    gen.add_argument(
        "--model",
        default="pro",
        choices=[*MODEL_ALIASES, *MODEL_ALIASES.values()],
        help=translate("cli", "pro (fast and affordable; the default) or max (more detail)"),
    )
    gen.add_argument(
        "--format",
        default="png",
        choices=FORMATS,
        help=translate("cli", "the result's file format (default png)"),
    )
    gen.add_argument(
        "--safety",
        type=_safety,
        default=2,
        help=translate("cli", "safety tolerance 0-6 (0-2 edits)"),
    )
    gen.add_argument(
        "--out",
        type=_path,
        help=translate(
            "cli",
            "also copy the result into this folder (the library keeps it too); "
            "exit code 3 if that copy fails",
        ),
    )
    _add_demo(gen)
    _add_json(gen)
    gen.set_defaults(run=_generate, parser=gen)

    jobs = sub.add_parser(
        "jobs", help=translate("cli", "list the library, or show one job in full (jobs ID)")
    )
    jobs.add_argument(
        "id",
        nargs="?",
        type=_job_id,
        help=translate("cli", "a job's number: that job in full (prompt, times, error, next step)"),
    )
    jobs.add_argument(
        "--search",
        default="",
        type=_text,
        help=translate(
            "cli", "only the jobs whose prompt, title or tags hold every word of SEARCH"
        ),
    )
    _add_json(jobs)
    jobs.set_defaults(run=_jobs, parser=jobs, interrupted=_interrupted_as(_INTERRUPTED_NOTHING))

    cancel = sub.add_parser(
        "cancel",
        help=translate(
            "cli",
            "stop tracking a running job, as the window's Cancel does (credits may still be spent)",
        ),
        description=translate(
            "cli",
            "Stop tracking a running job, as the window's Cancel does, wherever it runs (the "
            "window, another command). KIE has no cancel call: a job it has already taken may "
            "still finish there, and its credits may still be spent; `kontext-studio retry ID` "
            "then fetches its image without paying again.",
        ),
    )
    _add_id(cancel)
    _add_json(cancel)
    cancel.set_defaults(run=_cancel, interrupted=_interrupted_as(_INTERRUPTED_CANCEL))

    resume = sub.add_parser(
        "resume", help=translate("cli", "carry every unfinished job to the end")
    )
    _add_demo(resume)
    _add_json(resume)
    resume.set_defaults(run=_resume)

    retry = sub.add_parser("retry", help=sends["retry"], description=sends["retry"])
    _add_id(retry)
    retry.add_argument("--yes", action="store_true", help=sends["retry_yes"])
    _add_demo(retry)
    _add_json(retry)
    retry.set_defaults(run=_retry)

    resubmit = sub.add_parser("resubmit", help=sends["resubmit"], description=sends["resubmit"])
    _add_id(resubmit)
    resubmit.add_argument("--yes", action="store_true", help=sends["resubmit_yes"])
    _add_demo(resubmit)
    _add_json(resubmit)
    resubmit.set_defaults(run=_resubmit)

    imp = sub.add_parser("import", help=translate("cli", "add finished images to the library"))
    imp.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        type=_text_path,
        help=translate("cli", "a JPEG, PNG or WebP file, or a folder of them"),
    )
    imp.add_argument(
        "--title",
        default=None,
        type=_text,
        help=translate("cli", "the title of each image added (by default its file's name)"),
    )
    imp.add_argument(
        "--description",
        default="",
        type=_text,
        help=translate("cli", "a description, published with the image"),
    )
    imp.add_argument("--tags", default="", type=_text, help=translate("cli", "comma-separated"))
    _add_json(imp)
    imp.set_defaults(run=_import, interrupted=_import_interrupted)

    pub = sub.add_parser("publish", help=translate("cli", "publish an artwork to R2"))
    _add_id(pub)
    _add_json(pub)
    pub.set_defaults(run=_publish, interrupted=_interrupted_as(_INTERRUPTED_PUBLISH))

    unpub = sub.add_parser("unpublish", help=translate("cli", "remove an artwork from R2"))
    _add_id(unpub)
    _add_json(unpub)
    unpub.set_defaults(run=_unpublish, interrupted=_interrupted_as(_INTERRUPTED_UNPUBLISH))

    _add_key_commands(sub)

    sim = sub.add_parser("simulator", help=translate("cli", "run the KIE simulator on 127.0.0.1"))
    sim.add_argument(
        "--port",
        type=_port,
        default=8765,
        help=translate("cli", "the port to listen on (default 8765; 0: any free one)"),
    )
    sim.add_argument(
        "--min-latency",
        type=_seconds,
        default=5.0,
        help=translate("cli", "the fewest seconds a task takes (default 5)"),
    )
    sim.add_argument(
        "--max-latency",
        type=_seconds,
        default=20.0,
        help=translate("cli", "the most seconds a task takes (default 20)"),
    )
    sim.set_defaults(run=_simulator, parser=sim)
    return parser


def _add_key_commands(sub: Any) -> None:
    """``key set|remove|status|test``: the KIE API key in the system keyring, without the
    window (a server, a script, SSH)."""
    key = sub.add_parser(
        "key",
        help=translate("cli", "store, remove, show or test the KIE API key in the system keyring"),
    )
    key.set_defaults(interrupted=_key_interrupted)
    actions = key.add_subparsers(
        dest="action",
        required=True,
        metavar="ACTION",
        help=translate("cli", "set, remove, status or test"),
    )
    set_key = actions.add_parser(
        "set",
        help=translate("cli", "store the key: typed at a prompt that hides it, or piped in"),
        description=translate(
            "cli",
            "Store the KIE API key in the system keyring. From a terminal it is typed at a "
            "prompt that does not show it; otherwise the first line of stdin is read "
            "(`kontext-studio key set < key.txt`). Never give it as an argument: `ps` and the "
            "shell's history would keep it.",
        ),
    )
    set_key.add_argument("typed", nargs="*", help=argparse.SUPPRESS)
    _add_json(set_key)
    set_key.set_defaults(run=_key_set, prepare=_read_key)
    remove = actions.add_parser(
        "remove", help=translate("cli", "remove the key from the system keyring")
    )
    _add_json(remove)
    remove.set_defaults(run=_key_remove)
    status = actions.add_parser(
        "status",
        help=translate(
            "cli",
            "which keyring is used, whether it holds a key, whether KIE_API_KEY is set, and "
            "which key commands use (never the key itself)",
        ),
    )
    _add_json(status)
    status.set_defaults(run=_key_status)
    test = actions.add_parser(
        "test",
        help=translate(
            "cli", "ask KIE for the balance with the key in use (creates and charges nothing)"
        ),
    )
    _add_json(test)
    test.set_defaults(run=_key_test)


# entry.INTERRUPTED (the --json line's words), marked for translation: lupdate reads literals.
_INTERRUPTED_KEY = QT_TRANSLATE_NOOP("cli", "Interrupted; the KIE API key was not changed.")
_INTERRUPTED_KEY_CHANGING = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted while the system keyring was being changed; `kontext-studio key status` says "
    "whether it holds a KIE API key.",
)
_INTERRUPTED = QT_TRANSLATE_NOOP(
    "cli", "Interrupted; unfinished jobs continue with `kontext-studio resume`."
)
_INTERRUPTED_DEMO = QT_TRANSLATE_NOOP(
    "cli", "Interrupted; unfinished demo jobs continue with `kontext-studio resume --demo`."
)
# The commands that start no job (entry.STARTS_NO_JOB): what their Ctrl+C leaves is said,
# not where unfinished jobs go on.
_INTERRUPTED_NOTHING = QT_TRANSLATE_NOOP("cli", "Interrupted; nothing was changed.")
_INTERRUPTED_CANCEL = QT_TRANSLATE_NOOP(
    "cli", "Interrupted; `kontext-studio jobs {id}` says whether job {id} was cancelled."
)
_INTERRUPTED_PUBLISH = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; artwork {id} was not published this time, and the library says of it what "
    "it said before. `kontext-studio publish {id}` publishes it.",
)
_INTERRUPTED_UNPUBLISH = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted while artwork {id} was being removed from R2: it may be gone from the bucket "
    "while the library still says it is published. `kontext-studio unpublish {id}` finishes it.",
)


def _interrupted_as(words: str) -> Callable[[argparse.Namespace], tuple[str, dict[str, Any]]]:
    """The Ctrl+C words of a command that starts no job, filled with its ``id``."""
    return lambda args: (words, {"id": getattr(args, "id", None)})


class _Refused(Exception):
    """A refusal by argparse, raised where argparse would print it and exit: so that a
    command run with ``--json`` still ends with a JSON line."""

    def __init__(self, parser: _Parser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse whose refusals are :class:`_Refused` (its subcommands' parsers are of the
    same class); :meth:`refuse` says one as argparse does and exits 2. Options are taken
    only as typed in full: ``--js`` for ``--json`` would work except where the command line
    is refused, which is read before argparse, and a script's flag would change meaning
    the day an option with the same start is added."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise _Refused(self, message)

    def refuse(self, message: str) -> NoReturn:
        super().error(message)


_KEY_WORDS_REFUSED = QT_TRANSLATE_NOOP(
    "cli",
    "the key command takes one action (set, remove, status or test) and nothing after it "
    "but --json; the words given are not repeated here, as one may be a key",
)


def _parse(arguments: Sequence[str]) -> argparse.Namespace:
    """The command line, checked as a whole; :class:`_Refused` says why it is not one. A
    refused ``key`` command is not quoted back (argparse repeats the word it refuses, and
    ``kontext-studio key SK-...`` put the key on the terminal and in the --json line)."""
    try:
        args = build_parser(demo="--demo" in arguments).parse_args(arguments)
    except _Refused as refused:
        if arguments[:1] == ["key"] and "-h" not in arguments and "--help" not in arguments:
            raise _Refused(refused.parser, translate("cli", _KEY_WORDS_REFUSED)) from None
        raise
    if args.command == "simulator" and args.min_latency > args.max_latency:
        args.parser.error(translate("cli", "--min-latency must not be above --max-latency"))
    if args.command == "jobs" and args.id is not None and args.search:
        args.parser.error(translate("cli", "a job's number and --search do not go together"))
    if args.command == "generate" and args.image and args.safety > MAX_SAFETY_EDIT:
        # The window lowers it silently when a reference is chosen; here it was typed.
        args.parser.error(
            translate(
                "cli", "argument --safety: 0 to {high} when editing a reference image (--image)"
            ).format(high=MAX_SAFETY_EDIT)
        )
    return args


def _refusal(arguments: Sequence[str]) -> str:
    """Why argparse refuses ``arguments``, in English (for --json): the same parse again with
    every word in English."""
    with i18n.english():
        try:
            _parse(arguments)
        except _Refused as refused:
            return refused.message
    return ""  # unreachable: the same arguments were refused a moment ago


def _default_ratio(args: argparse.Namespace) -> None:
    if getattr(args, "command", None) == "generate" and args.ratio is None:
        args.ratio = "match" if args.image else "1:1"


class _StopSignals:
    """Ctrl+C (SIGINT), SIGTERM (``kill``, ``timeout 60 kontext-studio ...``, a logout) and
    SIGHUP (the terminal closed) while a command runs, all heard alike, as the window hears
    Ctrl+C and SIGTERM alike. The first cancels the command, whose ``finally`` closes its
    session: a generate request out is given a moment to answer, so that its job is not left
    with an unknown outcome. The next ends the command at once (KeyboardInterrupt).

    It stands in for ``asyncio.run``'s own handling, which hears only SIGINT (SIGTERM and
    SIGHUP ended the process outright, mid-request); one count serves all three, so a
    SIGTERM and then a Ctrl+C is the second. A signal the command was started with ignored
    (``nohup``, a background job) stays ignored.

    Once the command has returned (its result said, on stdout too with ``--json``), asyncio
    still closes: it waits for its worker threads. A signal then stops nothing: the first
    lets the close finish, the next cuts it short, and either way the command ends with its
    own result's exit code, never with an "interrupted" line after its result."""

    def __init__(self) -> None:
        self.first: int | None = None
        self.result: int | None = None
        """The command's exit code, once it has returned."""
        self._heard_after_result = False
        self._reading = False
        self._task: asyncio.Task[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @contextlib.contextmanager
    def heard(self) -> Iterator[None]:
        """Route the stop signals to this object while the command runs."""
        before: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for number in STOP_SIGNALS:
                handler = signal.getsignal(number)
                if handler is not signal.SIG_IGN:
                    before[number] = signal.signal(number, self._hear)
        try:
            yield
        finally:
            for number, handler in before.items():
                signal.signal(number, handler)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """While the command reads its input before its loop starts (``key set``'s prompt): a
        stop signal ends the read at once, in KeyboardInterrupt. Heard as any other, the read
        would go on (Python resumes a read a signal interrupted) until Enter; and a read in a
        worker thread would hold the exit, with the terminal's echo off, until Enter too."""
        self._reading = True
        try:
            yield
        finally:
            self._reading = False

    async def run(self, command: Coroutine[Any, Any, int]) -> int:
        """Run ``command``; one cancelled by a stop signal ends in KeyboardInterrupt, as
        ``asyncio.run`` ends one cancelled by Ctrl+C, and so does one a stop signal came
        before (while the loop was made): it is not started."""
        task = self._task = asyncio.current_task()
        self._loop = asyncio.get_running_loop()
        if self.first is not None:
            command.close()
            raise KeyboardInterrupt
        try:
            with _signals_wake(self._loop):
                self.result = await command
        except asyncio.CancelledError:
            if self.first is not None and task is not None and task.uncancel() == 0:
                raise KeyboardInterrupt from None
            raise
        if task is not None and task.cancelling():
            await self._take_back_cancel(task)
        return self.result

    @staticmethod
    async def _take_back_cancel(task: asyncio.Task[Any]) -> None:
        """A stop signal came while the command ran steps that await nothing (``jobs``
        printing its listing) and it returned, its result whole and said: the cancel the
        signal asked for, due at the task's next await, is taken here and back, as for a
        signal after the result. Left, it ended ``asyncio.run`` in a CancelledError, whose
        traceback the person read."""
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            task.uncancel()

    def _hear(self, number: int, _frame: FrameType | None) -> None:
        if self.result is not None and not self._heard_after_result:
            self._heard_after_result = True
            return
        first = self.first is None
        if first:
            self.first = number
        if self._reading:
            raise KeyboardInterrupt
        task, loop = self._task, self._loop
        if first and task is None:
            # The command's task has not started (asyncio.run is making its loop): run()
            # ends it before it does. A KeyboardInterrupt here left the command's coroutine
            # never awaited, which Python said on the terminal in RuntimeWarnings.
            return
        if first and task is not None and loop is not None and not task.done():
            task.cancel()
            loop.call_soon_threadsafe(lambda: None)  # wakes a loop waiting in select()
            return
        raise KeyboardInterrupt

    def exit_code(self) -> int:
        """128 + the signal that stopped the command, as a shell shows a tool it ended: 130
        for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP."""
        return EXIT_INTERRUPTED if self.first is None else 128 + self.first


@contextlib.contextmanager
def _signals_wake(loop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """While the command runs: a stop signal wakes ``loop`` from its wait in ``select()``.
    Python runs a signal's handler only when the main thread runs Python code; a signal that
    came just before the loop went to sleep (nothing due, a worker thread busy) was heard only
    when something else woke it, a file's import later. The signal's number written to a
    socket the loop watches wakes it at once (what ``loop.add_signal_handler`` does, without
    taking the handlers over). Outside the main thread, nothing to do."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reader, writer = socket.socketpair()
    with reader, writer:
        reader.setblocking(False)
        writer.setblocking(False)
        try:
            loop.add_reader(reader.fileno(), _drain, reader)
        except NotImplementedError:  # Windows' proactor loop watches no sockets so
            yield
            return
        before = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        try:
            yield
        finally:
            signal.set_wakeup_fd(before)
            loop.remove_reader(reader.fileno())


def _drain(reader: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while reader.recv(4096):
            pass


def _log_crash() -> None:
    """Log the exception being handled, opening the log file first if the command had not."""
    if not logging_to_file():
        with contextlib.suppress(Exception):
            setup_logging(Paths.from_env().ensure().logs)
    if logging_to_file():
        log.exception("command failed", extra={"event": "cli_crash"})


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point. A first argument that is an existing image file (the desktop's "Open
    With", ``Exec=kontext-studio %F``) opens the window with it as the reference.

    A reader of stdout that stops early (``| head -1``) ends the command quietly, as it ends
    Unix tools, with the exit code of a tool stopped by SIGPIPE; what a command started (a
    job) is done or left for ``resume`` as in any other exit."""
    try:
        return _main(argv)
    except StdoutClosed:
        return _stdout_closed()


def _stdout_closed() -> int:
    """Python's recipe (the note on SIGPIPE in the signal module's documentation): point
    stdout at devnull, so the flush at exit has nowhere to fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_STDOUT_CLOSED


def _window(reference: str | None = None, left_out: int = 0) -> int:
    """Run the window; on a Linux machine with no display, one line saying so instead of
    Qt's own words and an abort (exit 134). ``left_out``: how many more files were named
    after ``reference`` (an edit takes one image; the window says the rest were left out)."""
    if _no_display():
        _say(
            translate(
                "cli",
                "There is no display to show the window on (neither DISPLAY nor "
                "WAYLAND_DISPLAY is set). Start Kontext Studio from a desktop session; the "
                "commands (kontext-studio --help) work without one.",
            )
        )
        return EXIT_BAD_INPUT
    with hearing_ctrl_c_early():
        claim = _reach_window(reference, left_out)
        if not isinstance(claim, single_instance.Claim):
            return claim
        from kontext_studio.ui.app import run_app

        return run_app(reference=reference, claim=claim, left_out=left_out)


def _reach_window(reference: str | None, left_out: int) -> single_instance.Claim | int:
    """Hand ``reference`` to the window open on this library (the exit code then), or the
    claim this launch opens its window with. A process that shows no window any more (it
    could not open one, or it is ending) refuses, having stopped listening: the launch asks
    again, and opens the window in its place."""
    claim = _claim_window()
    for _attempt in range(HAND_OVER_ATTEMPTS):
        if claim.peer is None:
            return claim
        answer = single_instance.hand_over(claim.peer, reference, left_out, held=_held)
        if answer is not single_instance.Answer.REFUSED:
            return _handed_over(answer)
        claim = _claim_window()
    if claim.peer is not None:  # refused each time: a window of its own, as on Windows
        claim.peer.close()
        return single_instance.Claim()
    return claim


def _claim_window() -> single_instance.Claim:
    """Reach the window already open on this library, or become the launch that opens it.
    A library folder the settings name wrongly is left for the window to explain."""
    try:
        data = Paths.from_env().data
    except KontextError:
        return single_instance.Claim()
    return single_instance.claim(data)


def _held() -> None:
    """The app open on this library has the request but no window yet."""
    _say(
        translate(
            "cli",
            "Kontext Studio is still opening on this library (it may be waiting for the system "
            "keyring to be unlocked); this launch waits for its window.",
        )
    )


def _handed_over(answer: single_instance.Answer) -> int:
    """A window is open on this library: it came forward and took the request (this launch
    ends), or it did not answer."""
    if answer is single_instance.Answer.TAKEN:
        return 0
    _say(
        translate(
            "cli",
            "Kontext Studio is already open on this library but does not answer. Close it "
            "(or end it) and start again.",
        )
    )
    return 1


def _no_display() -> bool:
    """Linux (or another X11 system) with no display server to reach and no Qt platform
    chosen (``QT_QPA_PLATFORM=offscreen`` runs without one)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _names_a_file(word: str) -> bool:
    """Whether a first argument that is no image file there (the window opens one) names a
    file nonetheless: one that "Open With" passes, or a person typed, that is not there (or
    is a folder), rather than a mistyped command. A command has no dot, slash or ``~`` in it;
    a word without them is a file name only when something of that name is on disk."""
    if word in SUBCOMMANDS or word.startswith("-"):
        return False
    separators = {os.sep, os.altsep or os.sep}
    looks_like_one = "." in word or word.startswith("~") or any(s in word for s in separators)
    return looks_like_one or os.path.lexists(word)


_NO_SUCH_IMAGE = QT_TRANSLATE_NOOP(
    "cli",
    "{path} does not exist. `kontext-studio IMAGE` opens the window with the image file IMAGE "
    "as the reference; `kontext-studio --help` lists the commands.",
)
_A_FOLDER_NOT_AN_IMAGE = QT_TRANSLATE_NOOP(
    "cli",
    "{path} is a folder, not an image file. `kontext-studio IMAGE` opens the window with the "
    "image file IMAGE as the reference; `kontext-studio --help` lists the commands.",
)
_NOT_A_REGULAR_FILE = QT_TRANSLATE_NOOP(
    "cli",
    "{path} is not a regular file. `kontext-studio IMAGE` opens the window with the image file "
    "IMAGE as the reference; `kontext-studio --help` lists the commands.",
)


def _no_image_there(path: str) -> int:
    """Say that ``path``, named to open the window with, is no file (exit 2, as argparse's
    refusal): not argparse's "invalid choice", which took it for a command."""
    if os.path.isdir(path):
        words = _A_FOLDER_NOT_AN_IMAGE
    elif os.path.exists(path):  # a device, a pipe: the window opens regular files only
        words = _NOT_A_REGULAR_FILE
    else:  # a link to nothing too
        words = _NO_SUCH_IMAGE
    _say(translate("cli", words).format(path=path))
    return EXIT_BAD_INPUT


def _interrupted_words(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """What the command ``args`` says when a stop signal ends it, as a template (English,
    marked for translation) and its values: where its unfinished jobs go on, or, for a
    command that starts no job, its own words of what it leaves."""
    if words_of := getattr(args, "interrupted", None):
        template, values = words_of(args)
        return str(template), values
    return (_INTERRUPTED_DEMO if getattr(args, "demo", False) else _INTERRUPTED), {}


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and os.path.isfile(arguments[0]) and arguments[0] not in SUBCOMMANDS:
        return _window(str(Path(arguments[0]).resolve()), left_out=len(arguments) - 1)
    # File names that are not UTF-8 are printed as the bytes they are, as ``ls`` shows them.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="surrogateescape")
    use_language()
    if arguments and _names_a_file(arguments[0]):
        return _no_image_there(arguments[0])
    try:
        args = _parse(arguments)
    except _Refused as refused:
        if "--json" in arguments:
            _print_json(
                {"status": "error", "kind": InputError.kind, "message": _refusal(arguments)}
            )
        refused.parser.refuse(refused.message)  # usage and the reason on stderr, exit 2
    if args.self_test:
        from kontext_studio.ui.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        return _window()
    _default_ratio(args)
    stop = _StopSignals()
    try:
        with stop.heard():
            if prepare := getattr(args, "prepare", None):
                with stop.reading():
                    prepare(args)
            return asyncio.run(stop.run(args.run(args)))
    except StdoutClosed:
        raise
    except KontextError as error:
        explanation = explain(error)
        code = EXIT_BAD_INPUT if isinstance(error, InputError) else 1
        if getattr(args, "json", False):
            _print_json({"status": "error", "kind": error.kind, "message": _english(error)})
        _say(explanation.sentences())
        return code
    except KeyboardInterrupt:
        if stop.result is not None:  # after its result: only asyncio's close was cut short
            return stop.result
        words, values = _interrupted_words(args)
        if getattr(args, "json", False):
            try:
                message = words.format(**values)
                _print_json(interrupted_reply(getattr(args, "id", None), message=message))
            except StdoutClosed:  # the terminal closed (SIGHUP): the stop's code, not 141
                _stdout_closed()
        _say(translate("cli", words).format(**values))
        return stop.exit_code()
    except Exception as error:  # a bug: its traceback to the log file, one line for the person
        _log_crash()
        if getattr(args, "json", False):
            _print_json({"status": "error", "kind": "error", "message": _english(error)})
        _say(explain(error).sentences())
        return EXIT_JOB_FAILED
