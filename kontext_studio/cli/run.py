"""A parsed command, run: its loop hears the stop signals, its errors are said in one line
(never a traceback), and a stop says what it left and where unfinished jobs go on."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from kontext_studio import loop_errors
from kontext_studio.cli import uncaught
from kontext_studio.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_JOB_FAILED,
    EXIT_OK,
    StdoutClosed,
    StdoutFailed,
    drop_held,
    finishing,
    holding,
    lost_output_code,
    past_a_lost_stdout,
    print_held,
    print_json,
    print_json_error,
    say,
)
from kontext_studio.cli.parser import Deferred
from kontext_studio.cli.signals import StopSignals
from kontext_studio.config import Paths
from kontext_studio.entry import hear_stops_dropped, interrupted_reply
from kontext_studio.errors import InputError, Joined, KontextError, fill_values
from kontext_studio.explain import explain
from kontext_studio.i18n import QT_TRANSLATE_NOOP, english, translate
from kontext_studio.jobs.claim import WINDOW, Holder
from kontext_studio.logs import setup_logging
from kontext_studio.loop_errors import THREADS_WAITED_S

log = logging.getLogger(__name__)

# What a command that runs jobs says when a stop signal ends it, marked for translation (the
# --json line's words are these, untranslated); entry.INTERRUPTED is _STOPPED.
_INTERRUPTED = QT_TRANSLATE_NOOP(
    "cli", "Interrupted; unfinished jobs continue with `kontext-studio resume`."
)
_INTERRUPTED_DEMO = QT_TRANSLATE_NOOP(
    "cli", "Interrupted; unfinished demo jobs continue with `kontext-studio resume --demo`."
)
_STOPPED = QT_TRANSLATE_NOOP("cli", "Interrupted.")
_LEFT_NONE = QT_TRANSLATE_NOOP("cli", "Interrupted; this command left no job unfinished.")
_LEFT_ONE = QT_TRANSLATE_NOOP(
    "cli", "Interrupted; job {id} was left unfinished: `kontext-studio resume` carries it on."
)
_LEFT_ONE_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo job {id} was left unfinished: `kontext-studio resume --demo` carries it on.",
)
_LEFT_SEVERAL = QT_TRANSLATE_NOOP(
    "cli", "Interrupted; jobs {ids} were left unfinished: `kontext-studio resume` carries them on."
)
_LEFT_SEVERAL_DEMO = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo jobs {ids} were left unfinished: `kontext-studio resume --demo` carries "
    "them on.",
)

# Of a command that ran as a guest (:mod:`kontext_studio.jobs.claim`) beside a holder that
# wrote no record of itself (an older version's): the process holding the claim, the window
# mostly, carries its jobs on once it has ended if it runs in their mode (it leaves the other
# mode's alone), and refuses a `resume`.
_LEFT_ONE_TO_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; job {id} was left unfinished: the window open on this library carries it on "
    "within a few seconds if it is in live mode (once no window or other command has the "
    "library open, `kontext-studio resume` does).",
)
_LEFT_ONE_DEMO_TO_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo job {id} was left unfinished: the window open on this library carries "
    "it on within a few seconds if it is in demo mode (once no window or other command has "
    "the library open, `kontext-studio resume --demo` does).",
)
_LEFT_SEVERAL_TO_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; jobs {ids} were left unfinished: the window open on this library carries "
    "them on within a few seconds if it is in live mode (once no window or other command has "
    "the library open, `kontext-studio resume` does).",
)
_LEFT_SEVERAL_DEMO_TO_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo jobs {ids} were left unfinished: the window open on this library "
    "carries them on within a few seconds if it is in demo mode (once no window or other "
    "command has the library open, `kontext-studio resume --demo` does).",
)


# Of a command that ran as a guest beside a holder that wrote who it is (:class:`Holder`): the
# window in the jobs' mode carries them on; in the other mode it leaves them alone; a command
# holding the claim carries on only what it found as it started.
_LEFT_ONE_TO_OPEN_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; job {id} was left unfinished: the window open on this library (live mode) "
    "carries it on within a few seconds.",
)
_LEFT_ONE_DEMO_TO_OPEN_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo job {id} was left unfinished: the window open on this library (demo "
    "mode) carries it on within a few seconds.",
)
_LEFT_SEVERAL_TO_OPEN_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; jobs {ids} were left unfinished: the window open on this library (live "
    "mode) carries them on within a few seconds.",
)
_LEFT_SEVERAL_DEMO_TO_OPEN_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo jobs {ids} were left unfinished: the window open on this library (demo "
    "mode) carries them on within a few seconds.",
)
# The same, while another command still runs its own jobs beside the window, which carries
# none of those left on before it has ended (the library does not say which job is whose).
_LEFT_ONE_TO_WAITING_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; job {id} was left unfinished: the window open on this library (live mode) "
    "carries it on once no other command is running jobs on this library.",
)
_LEFT_ONE_DEMO_TO_WAITING_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo job {id} was left unfinished: the window open on this library (demo "
    "mode) carries it on once no other command is running jobs on this library.",
)
_LEFT_SEVERAL_TO_WAITING_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; jobs {ids} were left unfinished: the window open on this library (live "
    "mode) carries them on once no other command is running jobs on this library.",
)
_LEFT_SEVERAL_DEMO_TO_WAITING_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo jobs {ids} were left unfinished: the window open on this library (demo "
    "mode) carries them on once no other command is running jobs on this library.",
)
_LEFT_ONE_BESIDE_DEMO_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; job {id} was left unfinished: the window (demo mode) has this library open "
    "and does not run live jobs: switch it to live mode, or quit it and run `kontext-studio "
    "resume`.",
)
_LEFT_SEVERAL_BESIDE_DEMO_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; jobs {ids} were left unfinished: the window (demo mode) has this library "
    "open and does not run live jobs: switch it to live mode, or quit it and run "
    "`kontext-studio resume`.",
)
_LEFT_ONE_DEMO_BESIDE_LIVE_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo job {id} was left unfinished: the window (live mode) has this library "
    "open and does not run demo jobs: quit it and run `kontext-studio resume --demo`.",
)
_LEFT_SEVERAL_DEMO_BESIDE_LIVE_WINDOW = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo jobs {ids} were left unfinished: the window (live mode) has this "
    "library open and does not run demo jobs: quit it and run `kontext-studio resume --demo`.",
)
_LEFT_ONE_BESIDE_COMMAND = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; job {id} was left unfinished: `kontext-studio {command}` (pid {pid}) has "
    "this library open; once it has ended, `kontext-studio resume` carries it on.",
)
_LEFT_ONE_DEMO_BESIDE_COMMAND = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo job {id} was left unfinished: `kontext-studio {command}` (pid {pid}) "
    "has this library open; once it has ended, `kontext-studio resume --demo` carries it on.",
)
_LEFT_SEVERAL_BESIDE_COMMAND = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; jobs {ids} were left unfinished: `kontext-studio {command}` (pid {pid}) has "
    "this library open; once it has ended, `kontext-studio resume` carries them on.",
)
_LEFT_SEVERAL_DEMO_BESIDE_COMMAND = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted; demo jobs {ids} were left unfinished: `kontext-studio {command}` (pid {pid}) "
    "has this library open; once it has ended, `kontext-studio resume --demo` carries them on.",
)


def interrupted_as(words: str) -> Callable[[argparse.Namespace], tuple[str, dict[str, Any]]]:
    """The Ctrl+C words of a command that starts no job, filled with its ``id``."""
    return lambda args: (words, {"id": getattr(args, "id", None)})


def run_command(args: argparse.Namespace) -> int:
    """Run the command ``args`` names, to its exit code, which the log file keeps with what
    the command logged (:func:`_open_log`). Its functions are loaded first, before its stop
    signals are heard: a Ctrl+C while they load ends the launch as one before it listened
    (``entry``), as when they were loaded with the command line, and so does one Python
    dropped meanwhile (``entry.hear_stops_dropped``).

    A command that has done part of its work when a stop signal ends it (``import``: the
    files added) puts it in ``args.interrupted_fields``, which its --json line carries; one
    whose refusal has more to tell a script than its words (``retry``, ``resubmit``: the
    artworks kept for the job) puts it in ``args.error_fields``, which its error's carries.

    A command that changes the library finishes its work when stdout's reader stops early,
    or stdout refuses its output (:func:`~kontext_studio.cli.output.finishing`); one that
    only reads (``reads_only`` among its defaults: ``jobs``) stops at once."""
    _open_log()
    _load(args)
    hear_stops_dropped()
    with (
        finishing(not getattr(args, "reads_only", False)),
        holding(),
        uncaught.reported() as errors,
    ):
        return _run(args, errors)


async def _said_when_known(
    args: argparse.Namespace, errors: uncaught.Uncaught, command: Awaitable[int]
) -> int:
    """``command``'s exit code, its result printed as soon as it has returned
    (:func:`_failed_if`), in its loop. Before, it was printed once ``asyncio.run`` had
    closed the loop, which waits for its worker threads: one that hung held back the result
    a script waited for."""
    return _failed_if(args, errors, await command)


def _failed_if(args: argparse.Namespace, errors: uncaught.Uncaught, code: int) -> int:
    """``code``, or a failure's when it says none and an error nobody caught came while the
    command ran (:mod:`~kontext_studio.cli.uncaught`): its work may be undone. With
    --json, the failure's line is then the one on stdout, in the shape of any failure's, in
    place of the command's success (:func:`~kontext_studio.cli.output.holding`): before,
    the last line a script read there was the success. One that comes after is counted by
    :func:`_failed_after`."""
    if errors.first is None or code != EXIT_OK:
        print_held()
        return code
    print_json_error(args, errors.first)
    return EXIT_JOB_FAILED


def _failed_after(errors: uncaught.Uncaught, code: int) -> int:
    """``code``, or a failure's when it says none and an error nobody caught came: once the
    command's result was printed (asyncio closing, a worker thread still running), said on
    stderr as it came (:class:`~kontext_studio.cli.uncaught.Uncaught`), stdout keeping its
    one value; or before it, when a stop signal cut asyncio's close short and ``code`` is
    the command's own (its --json line said the failure). Before, the command ended 0, as
    if all went well."""
    return EXIT_JOB_FAILED if errors.first is not None and code == EXIT_OK else code


def _run(args: argparse.Namespace, errors: uncaught.Uncaught) -> int:
    """:func:`run_command`'s work. A command that went on past a lost stdout ends with its
    own code when it failed, else as a closed pipe does, or as a failure when stdout refused
    its output (:func:`~kontext_studio.cli.output.lost_output_code`); a stop signal that
    ended it gives the stop's code. One in which ``errors`` saw an error nobody caught (in a
    worker thread, in work nobody awaited) ends as a failure."""
    stop = StopSignals()
    running = set(threading.enumerate())
    try:
        with stop.heard():
            if prepare := getattr(args, "prepare", None):
                with stop.reading():
                    prepare(args)
            # Logged while its stop signals are still heard: one as its result is said
            # changes nothing (``StopSignals``), where it would end the launch interrupted.
            code = asyncio.run(
                errors.heard(_said_when_known(args, errors, stop.run(args.run(args))))
            )
            left = _join_started(running)
            ended = _ended(args, lost_output_code(_failed_after(errors, code)))
            if left and ended == EXIT_OK:
                atexit.register(_failed_at_exit, left)
            return ended
    except (StdoutClosed, StdoutFailed):
        raise
    except KontextError as error:
        code = EXIT_BAD_INPUT if isinstance(error, InputError) else 1
        say(explain(error).sentences())
        print_json_error(args, error)
        return _ended(args, lost_output_code(code))
    except KeyboardInterrupt:
        if stop.result is not None:  # after its result: only asyncio's close was cut short
            print_held()
            return _ended(args, lost_output_code(_failed_after(errors, stop.result)))
        words, values = _interrupted_words(args)
        say(fill_values(translate("cli", words), values, str))
        if getattr(args, "json", False):
            with english():
                message = fill_values(words, values, str)
            reply = interrupted_reply(message, getattr(args, "id", None))
            # A terminal closed (SIGHUP) or a stdout refused: the stop's code all the same.
            drop_held()
            with past_a_lost_stdout():
                print_json({**reply, **getattr(args, "interrupted_fields", {})})
        return _ended(args, stop.exit_code())
    except Exception as error:  # a bug: its traceback to the log file, one line for the person
        log.exception("command failed", extra={"event": "cli_crash"})
        say(explain(error).sentences())
        print_json_error(args, error)
        return _ended(args, lost_output_code(EXIT_JOB_FAILED))


def _join_started(running: set[threading.Thread]) -> list[threading.Thread]:
    """Wait for the threads the command started (not among ``running``) that Python waits
    for as the process ends (not daemons): here, where an error of theirs is counted
    (:func:`_failed_after`). Before, it came once the command's exit code was given, a
    traceback on stderr. A stop signal meanwhile: the first lets them finish, the next cuts
    the wait short (:class:`~kontext_studio.cli.signals.StopSignals`). The wait is bounded
    (:data:`THREADS_WAITED_S` in all): a pool's idle worker left running by an executor
    nobody shut down only ends as Python exits, so waiting for it here never ends; one
    failing after the bound is still said in one line (``loop_errors.after_work``), and
    counted (:func:`_failed_at_exit`). Returns the threads still running."""
    deadline = time.monotonic() + THREADS_WAITED_S
    started = [t for t in threading.enumerate() if t not in running and not t.daemon]
    for thread in started:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [thread for thread in started if thread.is_alive()]


def _failed_at_exit(left: list[threading.Thread]) -> None:
    """At exit, once Python has waited for the threads the command ``left`` running after
    its bounded wait (:func:`_join_started`): one that failed meanwhile, said in one line
    (``loop_errors.after_work``), ends the command as a failure. Before, it ended 0, as if
    all went well, its result printed before the failure."""
    if loop_errors.failed_after(left):
        loop_errors.end_now(EXIT_JOB_FAILED)


def _open_log() -> None:
    """Open the log file, for every command, before it opens its library or reads the
    settings it uses: what it logs (a setting it could not use, publishing's retries and
    failure, a library moved aside) is kept there, as the window's is. Before, only the
    commands that run or cancel jobs opened it, and what the others logged was written
    nowhere. The language setting was read before it was open (``output.use_language``):
    each warning about the settings is written once, as the command reads them. A log
    folder that cannot be written (a read-only disk) stops no command, which goes on
    without the file; nor does a home folder that cannot be found, which the command says
    itself."""
    with contextlib.suppress(KontextError):
        setup_logging(Paths.from_env().logs)


def _ended(args: argparse.Namespace, code: int) -> int:
    """``code``, the exit code of the command ``args`` names, once it is logged: each
    command run is in the log file, with how it ended."""
    command = " ".join(filter(None, (args.command, getattr(args, "action", None))))
    log.info(
        "command ended", extra={"event": "command_ended", "command": command, "exit_code": code}
    )
    return code


def _load(args: argparse.Namespace) -> None:
    """The command's functions, named by the parser (:class:`Deferred`), loaded in their
    place: ``args.run`` is the command's own function from here on."""
    for name in ("run", "prepare", "interrupted"):
        if isinstance(deferred := getattr(args, name, None), Deferred):
            setattr(args, name, deferred.load())


def _interrupted_words(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """What the command ``args`` says when a stop signal ends it, as a template (English,
    marked for translation) and its values: where its unfinished jobs go on, or, for a
    command that starts no job, its own words of what it leaves."""
    if words_of := getattr(args, "interrupted", None):
        template, values = words_of(args)
        return str(template), values
    return _left_words(args)


def _left_words(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """Where the jobs a command that runs jobs left go on, from ``args.left_jobs``
    (:func:`~kontext_studio.cli.library.close_session`): the ids of those its close left
    running, and whether they are demo jobs (``args.left_demo``); ``None`` while its close
    was under way (a second Ctrl+C cut it short): unknown, so the words of any unfinished
    job. Before, every stop said "unfinished jobs continue with `kontext-studio resume`",
    a job made or not. Of a command that ran beside the window (``args.left_to_holder``),
    the window carries them on: before, the `resume` named was refused, the window open.
    Of one stopped before it opened its session, no ``args.left_jobs``: it cannot know
    which jobs are unfinished, and says only that it stopped (before, that it left none)."""
    if not hasattr(args, "left_jobs"):
        return _STOPPED, {}
    left: list[int] | None = args.left_jobs
    if left is None:
        return (_INTERRUPTED_DEMO if getattr(args, "demo", False) else _INTERRUPTED), {}
    if not left:
        return _LEFT_NONE, {}
    demo = getattr(args, "left_demo", False)
    holder: Holder | None = getattr(args, "left_holder", None)
    values: dict[str, Any] = {}
    if getattr(args, "left_to_holder", False) and holder is not None:
        one, several = _left_beside(
            holder, demo=demo, waits=getattr(args, "left_holder_waits", False)
        )
        values = {"command": holder.kind, "pid": holder.pid}
    elif getattr(args, "left_to_holder", False):
        one, several = (
            (_LEFT_ONE_DEMO_TO_WINDOW, _LEFT_SEVERAL_DEMO_TO_WINDOW)
            if demo
            else (_LEFT_ONE_TO_WINDOW, _LEFT_SEVERAL_TO_WINDOW)
        )
    else:
        one, several = (_LEFT_ONE_DEMO, _LEFT_SEVERAL_DEMO) if demo else (_LEFT_ONE, _LEFT_SEVERAL)
    if len(left) == 1:
        return one, {**values, "id": left[0]}
    return several, {**values, "ids": Joined(str(job_id) for job_id in left)}


def _left_beside(holder: Holder, *, demo: bool, waits: bool) -> tuple[str, str]:
    """The words (one job, several) of a guest's jobs left beside ``holder``, which wrote who
    it is: the window carries them on in their mode (once no other command runs its own,
    with ``waits``), leaves them alone in the other; a command carries on only what it
    found as it started, so a ``resume`` does once it ends. Before, "the window … carries
    it on … if it is in live mode (once no window or other command has the library open
    …)", a command holding it or not; and "within a few seconds" while another command
    ran its own, which the window waits for."""
    if holder.kind != WINDOW:
        if demo:
            return _LEFT_ONE_DEMO_BESIDE_COMMAND, _LEFT_SEVERAL_DEMO_BESIDE_COMMAND
        return _LEFT_ONE_BESIDE_COMMAND, _LEFT_SEVERAL_BESIDE_COMMAND
    if holder.demo is demo and waits:
        if demo:
            return _LEFT_ONE_DEMO_TO_WAITING_WINDOW, _LEFT_SEVERAL_DEMO_TO_WAITING_WINDOW
        return _LEFT_ONE_TO_WAITING_WINDOW, _LEFT_SEVERAL_TO_WAITING_WINDOW
    if holder.demo is demo:
        if demo:
            return _LEFT_ONE_DEMO_TO_OPEN_WINDOW, _LEFT_SEVERAL_DEMO_TO_OPEN_WINDOW
        return _LEFT_ONE_TO_OPEN_WINDOW, _LEFT_SEVERAL_TO_OPEN_WINDOW
    if demo:
        return _LEFT_ONE_DEMO_BESIDE_LIVE_WINDOW, _LEFT_SEVERAL_DEMO_BESIDE_LIVE_WINDOW
    return _LEFT_ONE_BESIDE_DEMO_WINDOW, _LEFT_SEVERAL_BESIDE_DEMO_WINDOW
