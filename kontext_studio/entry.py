"""The console entry point (``kontext-studio``): a Ctrl+C at start ends it in words.

The window listens for Ctrl+C only once its event loop runs (``ui.app.main``); a command,
once its coroutine runs (``cli``). Until then Python's default handler turns a Ctrl+C into a
KeyboardInterrupt wherever the program is, most likely in the imports of the first few tenths
of a second, and the person saw its traceback. This module imports nothing of the app's
before it listens, so it covers those imports too; what comes before it (the package's own
first lines and imports, and its own) is held by the package (``kontext_studio``) until
:func:`main` listens, then heard here. Only Python's own start, before any of the package
runs, is left to Python.

Nothing has been started by then that a Ctrl+C could leave half done: the session (and so
every job) opens only after the window listens for Ctrl+C, and a command's work runs inside
``cli``'s own handling, which says what was interrupted. So the launch just ends, with the
exit code the same Ctrl+C gets a moment later: 0 for the window (its Ctrl+C closes it as its
close button does), 130 for a command (interrupted). A command run with ``--json`` still
ends with its JSON line, the one that Ctrl+C a moment later gives: a script reads it.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from kontext_studio import STOP_SIGNALS as STOP_SIGNALS
from kontext_studio import hear_stops_held_at_launch

EXIT_INTERRUPTED = 130
INTERRUPTED = "Interrupted."
"""What a command that runs jobs says, in English in its --json line (``cli`` marks the
same words for translation, for the line on stderr), stopped by Ctrl+C before it opened the
library: only that it stopped. It cannot know which jobs are unfinished (those a ``resume``
was to carry on still are); before, it said it "left no job unfinished". Once its session
has closed, it names the jobs it left (``cli.run``)."""
INTERRUPTED_KEY = "Interrupted; the KIE API key was not changed."
"""The same for a ``key`` command, which runs no job: stopped at ``key set``'s prompt, or
before it changed the keyring."""
INTERRUPTED_NOTHING = "Interrupted; nothing was changed."
"""The same for a command that starts no job (:data:`STARTS_NO_JOB`) stopped before it
listened: it had not opened the library yet."""
# The commands that run headless, each one the parser has; any other launch opens the window
# (see ``cli.main``).
SUBCOMMANDS = (
    "generate",
    "jobs",
    "resume",
    "retry",
    "resubmit",
    "attach",
    "import",
    "details",
    "publish",
    "unpublish",
    "simulator",
    "cancel",
    "key",
)
STARTS_NO_JOB = ("jobs", "import", "details", "publish", "unpublish", "cancel")
"""The commands that start no job: stopped by Ctrl+C, they do not speak of unfinished jobs
(``key`` has words of its own)."""


def main() -> int:
    standard_fds_filled()
    logging.captureWarnings(True)  # to the log file (logs.WARNINGS_LOGGER), not the terminal
    window = not _is_command(sys.argv[1:])
    if window:
        _pause_collection()
    try:
        with _hearing_stops_early(sys.argv[1:]):
            try:
                hear_stops_held_at_launch()
                from kontext_studio import cli, loop_errors

                # What the window's and a command's hooks put back once they have ended.
                threading.excepthook = loop_errors.after_work
                return cli.main()
            except KeyboardInterrupt:
                return interrupted_at_start(sys.argv[1:])
    finally:
        launched()


def standard_fds_filled() -> None:
    """Open the null device onto stdin, stdout or stderr (file descriptors 0, 1, 2) when
    the launch was started with it closed (``>&-``, ``2>&-``, a launcher that closes them).
    Left closed, the next file opened took its number: the log file became fd 2, and what
    Qt (and any C library) writes to stderr, its warnings, landed among the log's JSON
    lines. Python's ``sys.stdout`` and ``sys.stderr`` stay None, as the commands expect of
    a closed one (``cli.output``)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            # Given the lowest number free: ``fd`` itself, those below it being open now.
            os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)


def _is_command(arguments: Sequence[str]) -> bool:
    return bool(arguments) and arguments[0] in SUBCOMMANDS


_collection_paused = False
_frozen_at_launch = False
"""Whether :func:`launched` froze what the start made, and it is not thawed yet
(:func:`thaw_launch`)."""


def _pause_collection() -> None:
    """No cyclic garbage collection while the window starts (until :func:`launched`).

    Loading Qt's types and the app's modules makes a few hundred thousand objects that live
    as long as the app, nearly none of them garbage; the collector walked them all several
    times, one full pass of ~15-20 ms among them, a tenth of the start. Reference counting
    still frees everything else at once."""
    global _collection_paused
    if gc.isenabled():
        gc.disable()
        _collection_paused = True


def launched() -> None:
    """The first window is shown (or the launch ended): collect again. What the start made
    is frozen first (:func:`gc.freeze`): it lives as long as the app, and later collections,
    on the GUI thread while the artist works, no longer walk it each time. A window that
    opened then hands collection to the GUI thread alone (:mod:`kontext_studio.ui.collection`)."""
    global _collection_paused, _frozen_at_launch
    if _collection_paused:
        _collection_paused = False
        gc.freeze()
        _frozen_at_launch = True
        gc.enable()


def thaw_launch() -> None:
    """Give what :func:`launched` froze back to collection, once its first window is gone
    (a switch of mode closed it): frozen, that window's reference cycles stayed for as long
    as the app ran.

    Only when the launch froze: a process whose launch froze nothing (one that runs the app
    inside it, as the UI tests do, whose harness freezes what outlives each test) keeps its
    own frozen objects out. Thawed at each switch, they were walked again by every full
    collection after it, the whole heap each time (~0.2 s, a third of a UI test of the
    switch)."""
    global _frozen_at_launch
    if _frozen_at_launch:
        _frozen_at_launch = False
        gc.unfreeze()


_stopped_by: int | None = None
"""The SIGTERM or SIGHUP that stopped a command before it listened (:func:`_stop_early`)."""


@contextmanager
def _hearing_stops_early(arguments: Sequence[str]) -> Iterator[None]:
    """A command hears SIGTERM (``timeout``, ``kill``) and SIGHUP (its terminal closed) as
    Ctrl+C from its first moment: until ``cli`` listens for them itself, they end it as
    interrupted, its --json line printed, rather than kill it with no line. Not the window:
    PySide6 swallows a KeyboardInterrupt while its modules load (see
    :func:`hearing_ctrl_c_early`). A signal the launch was given ignored (``nohup``) stays
    ignored; the others are heard by :func:`_stop_while_finishing` once the command has
    ended. A launch, the window's too, keeps a KeyboardInterrupt Python would print and drop
    (:func:`_keep_stops_dropped`)."""
    main = threading.current_thread() is threading.main_thread()
    command = _is_command(arguments) and main
    unraisable_before = sys.unraisablehook
    if main:
        sys.unraisablehook = lambda unraisable: _keep_stops_dropped(unraisable, unraisable_before)
    if command:
        for number in STOP_SIGNALS:  # Ctrl+C: Python's own KeyboardInterrupt already
            if number != signal.SIGINT and signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, _stop_early)
    try:
        yield
    finally:
        if main:
            sys.unraisablehook = unraisable_before
        if command:
            for number in STOP_SIGNALS:
                if signal.getsignal(number) is not signal.SIG_IGN:
                    signal.signal(number, _stop_while_finishing)


_dropped = False
"""Whether a stop's KeyboardInterrupt was dropped as the launch loaded
(:func:`_keep_stops_dropped`)."""


def _keep_stops_dropped(
    unraisable: sys.UnraisableHookArgs, others: Callable[[sys.UnraisableHookArgs], object]
) -> None:
    """A launch's KeyboardInterrupt raised where Python cannot raise it (a weakref callback,
    a ``__del__``), which Python prints and drops: it is kept, to be heard once a command
    has loaded (:func:`hear_stops_dropped`), or by the window as it starts to listen
    (:func:`ctrl_c_heard_early`). importlib drops a module's lock in such a callback as
    each module has loaded: about one Ctrl+C in 150 as a command's modules loaded printed
    "Exception ignored in: <function _get_module_lock.<locals>.cb ...>" and its traceback,
    and the command ran on as if none had come (the window opened). Any other goes to
    ``others``, the hook before."""
    global _dropped
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        _dropped = True
    else:
        others(unraisable)


def hear_stops_dropped() -> None:
    """Once the command has loaded, before it listens (``cli.run``): a stop dropped as it
    loaded ends it now, as a stop before it listened (KeyboardInterrupt)."""
    if _dropped:
        raise KeyboardInterrupt


def _stop_early(number: int, frame: FrameType | None) -> None:
    global _stopped_by
    _stopped_by = number
    raise KeyboardInterrupt


_heard_while_finishing = False


def _stop_while_finishing(number: int, frame: FrameType | None) -> None:
    """A stop signal once the command has ended, its result said, while Python joins its
    threads and runs the app's exit calls (the ledger writer's close, the log's): the first
    changes nothing, as the command's own ``StopSignals`` lets its close finish; the next
    ends the process at once (:func:`_end_by`). Before, a Ctrl+C pressed as the result
    appeared printed Python's traceback after it, and the exit code said interrupted (130;
    SIGTERM 143) of a command that had done its work."""
    global _heard_while_finishing
    if not _heard_while_finishing:
        _heard_while_finishing = True
        return
    _end_by(number)


def _end_by(number: int) -> None:
    """End the process as the stop signal ``number`` ends a program by default, what it
    printed flushed first. Not by a KeyboardInterrupt: raised as Python joined its threads
    or ran an exit call, Python printed it ("Exception ignored in ...") with its traceback
    after the result, and went on waiting for what hung (an exit call), or ended as done."""
    for stop in STOP_SIGNALS:  # a flush stuck on a pipe nobody reads: the next one ends it
        if signal.getsignal(stop) is not signal.SIG_IGN:
            signal.signal(stop, signal.SIG_DFL)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    signal.raise_signal(number)


def _ignore_stops() -> None:
    """After the app's exit calls (registered before any of them, so run after them all):
    the stop signals are ignored. Python then stops running handlers of its own, and one
    set to :func:`_stop_while_finishing` went back to the system's default, which ended the
    process silently, its work done, as interrupted. Not from Python's first exit call
    on: one that hung (the ledger writer's close on a stuck disk) then heard no Ctrl+C,
    SIGTERM nor SIGHUP, and only a SIGKILL ended it."""
    for number in STOP_SIGNALS:
        if signal.getsignal(number) is _stop_while_finishing:
            signal.signal(number, signal.SIG_IGN)


atexit.register(_ignore_stops)


@contextmanager
def stops_held() -> Iterator[None]:
    """While a command loads Qt for its words (a language other than English): a stop
    signal is held, and heard as it would have been once Qt has loaded. A KeyboardInterrupt
    raised as PySide6 set itself up (its signatures, read from a zip file) ended the process
    in "Fatal Python error: libshiboken/signature", a page of traceback and SIGABRT, with
    no JSON line. A second stop ends the process at once (:func:`_end_by`): before, it was
    held too, and a load that hung heard no stop signal at all. A signal the launch was
    given ignored stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(number: int, frame: FrameType | None) -> None:
        if held:
            _end_by(number)
        held.append(number)

    before = {
        number: signal.signal(number, hold)
        for number in STOP_SIGNALS
        if signal.getsignal(number) is not signal.SIG_IGN
    }
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
        if held:
            signal.raise_signal(held[0])


_heard_early = False


@contextmanager
def hearing_ctrl_c_early() -> Iterator[None]:
    """While the window starts, before it listens for Ctrl+C: a Ctrl+C still raises
    KeyboardInterrupt, and is remembered (:func:`ctrl_c_heard_early`). PySide6 swallows a
    KeyboardInterrupt raised while it makes its enums, as the window's modules are
    imported: that Ctrl+C was lost, and the window opened as if none had come. A Ctrl+C
    Python was told to ignore (a launch in the background of a shell) stays ignored."""
    global _heard_early
    _heard_early = False
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    signal.signal(signal.SIGINT, _hear)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _hear(number: int, frame: FrameType | None) -> None:
    global _heard_early
    _heard_early = True
    raise KeyboardInterrupt


def ctrl_c_heard_early() -> bool:
    """Whether a Ctrl+C came while the window started (see :func:`hearing_ctrl_c_early`),
    or was dropped before (:func:`_keep_stops_dropped`)."""
    return _heard_early or _dropped


def interrupted_at_start(arguments: Sequence[str]) -> int:
    """The exit code of a launch stopped by Ctrl+C (a command: or SIGTERM, SIGHUP) before it
    listened for one, 128 + the signal; a command says on stderr the words the same stop a
    moment later says (before, nothing), asked for ``--json`` its JSON line first."""
    if not _is_command(arguments):
        return 0
    words = _early_words(arguments[0])
    options = arguments[: arguments.index("--")] if "--" in arguments else arguments
    if "--json" in options:
        with contextlib.suppress(OSError, ValueError):  # stdout closed: nobody reads it
            print(json.dumps(interrupted_reply(words)), flush=True)
    if sys.stderr is not None:  # started with none (2>&-): a print to None goes to stdout
        with contextlib.suppress(OSError, ValueError):  # stderr closed since: nobody reads it
            print(_in_its_language(words), file=sys.stderr, flush=True)
    return EXIT_INTERRUPTED if _stopped_by is None else 128 + _stopped_by


def _in_its_language(words: str) -> str:
    """``words`` translated, if the command had loaded its language (``cli`` marks them for
    translation); else in English: loading it now would take a second stop's moment."""
    i18n = sys.modules.get("kontext_studio.i18n")
    return words if i18n is None else str(i18n.translate("cli", words))


def _early_words(command: str) -> str:
    """The --json words of ``command`` stopped before it listened: it had opened nothing,
    so a command that runs jobs says only that it stopped (before, it named the ``resume``
    that carries unfinished jobs on, then said it left none)."""
    if command == "key":
        return INTERRUPTED_KEY
    return INTERRUPTED_NOTHING if command in STARTS_NO_JOB else INTERRUPTED


def interrupted_reply(message: str, job_id: int | None = None) -> dict[str, object]:
    """The --json line of a command stopped by Ctrl+C, saying ``message`` (what it left);
    ``job_id``: the job it was about, to resume or look at."""
    reply: dict[str, object] = {"status": "error", "kind": "interrupted", "message": message}
    if job_id is not None:
        reply["id"] = job_id
    return reply
