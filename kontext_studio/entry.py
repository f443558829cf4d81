"""The console entry point (``kontext-studio``), which is quiet about a Ctrl+C at start.

The window listens for Ctrl+C only once its event loop runs (``ui.app.main``); a command,
once its coroutine runs (``cli``). Until then Python's default handler turns a Ctrl+C into a
KeyboardInterrupt wherever the program is, most likely in the imports of the first few tenths
of a second, and the person saw its traceback. This module imports nothing of the app's
before it listens, so it covers those imports too.

Nothing has been started by then that a Ctrl+C could leave half done: the session (and so
every job) opens only after the window listens for Ctrl+C, and a command's work runs inside
``cli``'s own handling, which says what was interrupted. So the launch just ends, with the
exit code the same Ctrl+C gets a moment later: 0 for the window (its Ctrl+C closes it as its
close button does), 130 for a command (interrupted).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

EXIT_INTERRUPTED = 130
# The commands that run headless; any other launch opens the window (see ``cli.main``).
SUBCOMMANDS = (
    "generate",
    "jobs",
    "resume",
    "retry",
    "resubmit",
    "import",
    "publish",
    "unpublish",
    "simulator",
)


def main() -> int:
    try:
        from kontext_studio import cli

        return cli.main()
    except KeyboardInterrupt:
        return interrupted_at_start(sys.argv[1:])


def interrupted_at_start(arguments: Sequence[str]) -> int:
    """The exit code of a launch stopped by Ctrl+C before it listened for one."""
    if arguments and arguments[0] in SUBCOMMANDS:
        return EXIT_INTERRUPTED
    return 0
