"""Kontext Studio: a desktop creation app for artists on KIE's Flux Kontext API.

A launch (the ``kontext-studio`` console script, ``python -m kontext_studio``, the frozen
app) holds its stop signals from this module's first lines until ``entry.main`` listens:
see :func:`hear_stops_held_at_launch`.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Ctrl+C, SIGTERM (a logout, ``kill``, ``timeout``) and SIGHUP (the terminal closed): the
signals that stop a command (``cli``) or close the window (``ui.app``), all heard alike."""
# What the console script pip writes is named (on Windows: its .exe, or the script beside
# it), and the frozen app's program; sys.argv[0] is that name while the package loads.
_LAUNCHER_NAMES = (
    "kontext-studio",
    "kontext-studio.exe",
    "kontext-studio-script.py",
    "kontext-studio-script.pyw",
)
_held: list[int] = []
_before: dict[int, signal._HANDLER] = {}


def _launching() -> bool:
    """Whether this process is a launch of the app, one that calls ``entry.main`` once the
    package has loaded: never a program that only imports it (the tests, a script)."""
    argv = getattr(sys, "argv", None) or [""]
    if argv[0] != "-m":  # Python names the module run by -m only once it has loaded
        return os.path.basename(argv[0]) in _LAUNCHER_NAMES
    options = iter(sys.orig_argv[1:])
    for option in options:
        if option.startswith("-m"):
            module = option[2:] or next(options, "")
            return module in (__name__, f"{__name__}.__main__")
    return False


def _hold(number: int, frame: FrameType | None) -> None:
    """A stop signal while a launch loads: held. A second ends it at once, as that signal
    ends a program by default: the loading hangs (a stuck disk)."""
    if _held:
        signal.signal(number, signal.SIG_DFL)
        signal.raise_signal(number)
    _held.append(number)


def _hold_stops_while_launching() -> None:
    """From here until ``entry.main`` listens, a launch holds its stop signals. Before, a
    Ctrl+C as the package's first modules loaded (logging, a few hundredths of a second
    with ``entry``'s) printed Python's traceback of a KeyboardInterrupt, and a SIGTERM or
    SIGHUP killed a command with no word nor JSON line. A signal the launch was given
    ignored (``nohup``) stays ignored."""
    if not _launching():
        return
    for number in STOP_SIGNALS:
        if signal.getsignal(number) is not signal.SIG_IGN:
            _before[number] = signal.signal(number, _hold)


def hear_stops_held_at_launch() -> None:
    """End the launch's hold (``entry.main``, once it listens): each stop signal gets back
    the handler it had before, unless ``entry`` has set one of its own since, and the first
    one held is raised again, heard as if it came now. Nothing had been started: it ends
    the launch as a stop before it listened (``entry.interrupted_at_start``)."""
    for number, handler in _before.items():
        if signal.getsignal(number) is _hold:
            signal.signal(number, handler)
    _before.clear()
    if _held:
        signal.raise_signal(_held.pop())  # one at most: a second ended the launch


_hold_stops_while_launching()

import logging  # noqa: E402  (held from here: its loading is a launch's first moments)

# Until the log file is open (``logs.setup_logging``), the app's records go nowhere rather
# than to Python's last-resort stderr handler: a person reads words, never log lines.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"
APP_NAME = "Kontext Studio"
APP_ID = "kontext-studio"
