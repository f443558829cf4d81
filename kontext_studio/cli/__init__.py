"""``kontext-studio``: no arguments opens the window; subcommands run the engine headless.

Human progress goes to stderr; with ``--json`` the last stdout line is one JSON value.
Bad input exits non-zero with a one-line reason, never a traceback.

This module opens the window (or hands the launch to the one open on this library); a
command is run by :mod:`kontext_studio.cli.run`, loaded, with the command's own module,
only when the command line names one: a window launch loads none of their code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from kontext_studio import single_instance
from kontext_studio.cli.output import (
    EXIT_BAD_INPUT,
    StdoutClosed,
    StdoutFailed,
    past_a_lost_stdout,
    prepare_stdout,
    print_json,
    say,
    stdout_closed,
    stdout_failed,
    use_language,
)
from kontext_studio.cli.parser import (
    Refused,
    default_ratio,
    may_be_key,
    parse,
    refusal_in_english,
)
from kontext_studio.config import Paths
from kontext_studio.entry import SUBCOMMANDS, hearing_ctrl_c_early
from kontext_studio.errors import InputError, KontextError
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate

# A launch refused by a window that is ending asks again (the next may be opening by then).
HAND_OVER_ATTEMPTS = 3
T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point. A first argument that is an existing image file (the desktop's "Open
    With", ``Exec=kontext-studio %F``) opens the window with it as the reference.

    A reader of stdout that stops early (``| head -1``) ends the command quietly, as it ends
    Unix tools, with the exit code of a tool stopped by SIGPIPE; a stdout that cannot be
    written (a full disk) is said in one line, exit 1. A command that only reads stops at
    once; one that changes the library first finishes its work, unprinted
    (:func:`~kontext_studio.cli.output.finishing`). A failure or refusal of its own keeps
    its code, whatever the command, and is said first
    (:func:`~kontext_studio.cli.output.past_a_lost_stdout`)."""
    try:
        return _main(argv)
    except StdoutClosed:
        return stdout_closed()
    except StdoutFailed as failed:
        return stdout_failed(failed)


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and os.path.isfile(arguments[0]) and arguments[0] not in SUBCOMMANDS:
        return _open_with(arguments)
    prepare_stdout()  # a name's bytes that are not UTF-8 go out as they are, as ``ls`` shows
    use_language()
    if arguments and _names_a_file(arguments[0]):
        return _no_image_there(arguments[0])
    try:
        args = parse(arguments)
    except Refused as refused:
        try:
            refused.parser.refuse(refused.message)  # usage and the reason on stderr, exit 2
        finally:
            if "--json" in arguments:
                _json_refusal(arguments)
    if args.self_test:
        from kontext_studio.ui.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        return _window()
    default_ratio(args)
    from kontext_studio.cli.run import run_command

    return run_command(args)


def _json_refusal(arguments: Sequence[str]) -> None:
    """The --json line of a command line the parser refused, printed once its reason is
    said: a stdout lost (closed, refused) is said after it, as of a command's own error, and
    does not hide the refusal (exit 2 all the same)."""
    with past_a_lost_stdout():
        print_json(
            {"status": "error", "kind": InputError.kind, "message": refusal_in_english(arguments)}
        )


def _open_with(files: Sequence[str]) -> int:
    """The desktop's "Open With" (``Exec=kontext-studio %F``): the window, with the first
    image of ``files`` as the reference, as the reference slot takes one of several dropped
    on it (:func:`~kontext_studio.images.validate.first_image`): "notes.txt photo.png" is
    the photo, not a text file to refuse. The slot says the others were left out."""
    from kontext_studio.images.validate import opened_with

    reference, left_out, passed_over = opened_with(files)
    return _window(reference, left_out=left_out, passed_over=passed_over)


def _window(reference: str | None = None, left_out: int = 0, passed_over: bool = False) -> int:
    """Run the window; on a Linux machine with no display, one line saying so instead of
    Qt's own words and an abort (exit 134). ``left_out``: how many more files were named
    with ``reference`` (an edit takes one image; the window says the rest were left out);
    ``passed_over``: whether some named before it were, as not images."""
    if _no_display():
        use_language()  # an "Open With" launch has not loaded it (see _main)
        say(
            translate(
                "cli",
                "There is no display to show the window on (neither DISPLAY nor "
                "WAYLAND_DISPLAY is set). Start Kontext Studio from a desktop session; the "
                "commands (kontext-studio --help) work without one.",
            )
        )
        return EXIT_BAD_INPUT
    with hearing_ctrl_c_early():
        claim = _reach_window(reference, left_out, passed_over)
        if not isinstance(claim, single_instance.Claim):
            return claim
        from kontext_studio.ui.app import run_app

        return run_app(reference=reference, claim=claim, left_out=left_out, passed_over=passed_over)


def _reach_window(
    reference: str | None, left_out: int, passed_over: bool
) -> single_instance.Claim | int:
    """Hand ``reference`` to the window open on this library (the exit code then), or the
    claim this launch opens its window with. A process that shows no window any more (it
    could not open one, or it is ending) refuses, having stopped listening: the launch asks
    again, and opens the window in its place. One that is ending says so first, and the
    launch waits for its end (see :func:`_while_closing`)."""
    claim = _claim_window()
    for _attempt in range(HAND_OVER_ATTEMPTS):
        if claim.peer is None:
            return claim
        answer = single_instance.hand_over(
            claim.peer,
            reference,
            left_out,
            passed_over=passed_over,
            held=_while_opening,
            closing=_while_closing,
        )
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


_OPENING = QT_TRANSLATE_NOOP(
    "cli",
    "Kontext Studio is still opening on this library (it may be waiting for the system "
    "keyring to be unlocked); this launch waits for its window.",
)
_NOT_ANSWERING = QT_TRANSLATE_NOOP(
    "cli",
    "Kontext Studio is already open on this library but does not answer. Close it (or end "
    "it) and start again.",
)


def _while_opening(wait: Callable[[], T], waited: float) -> T:
    """The app open on this library has the request (sent ``waited`` s ago) but no window
    yet: say so, and ``wait`` for its window, the words shown in a notice meanwhile (see
    :func:`_waiting`)."""
    use_language()
    return _waiting(wait, translate("cli", _OPENING), translate("cli", _NOT_ANSWERING), waited)


def _while_closing(wait: Callable[[], T], waited: float) -> T:
    """The app open on this library is ending: its window has closed, and what was under way
    is being finished (a job being sent waits for KIE's answer). Say so, and ``wait`` for its
    end, the words shown in a notice meanwhile (see :func:`_waiting`). Before, the launch
    said the app was "still opening"."""
    use_language()
    words, timed_out = single_instance.closing_words(), single_instance.not_closed_words()
    return _waiting(wait, words, timed_out, waited)


def _waiting(wait: Callable[[], T], words: str, timed_out: str, waited: float) -> T:
    """Say ``words``, why the launch waits, and ``wait``, the words shown in a notice
    meanwhile, once the launch has waited a while (``waited`` s so far): a launch from the
    desktop has no terminal, and showed nothing. ``timed_out`` is said, and shown, should
    the wait time out. The words are in the artist's language,
    which a caller loads (:func:`use_language`): an "Open With" launch has not (see
    :func:`_main`), and said them in English."""
    say(words)
    from kontext_studio.ui.closing_notice import waiting

    def until_answered() -> T:
        try:
            return wait()
        except TimeoutError:
            # Said now, as the notice says it too: not once the notice is dismissed.
            say(timed_out)
            raise

    return waiting(until_answered, words, timed_out, waited)


def _handed_over(answer: single_instance.Answer) -> int:
    """A window is open on this library: it came forward and took the request (this launch
    ends), or it did not answer, or it was opening or closing and did not answer in time.
    That it does not answer is said in a notice too, in the artist's language (see
    :func:`_waiting`)."""
    if answer is single_instance.Answer.TAKEN:
        return 0
    late = (single_instance.Answer.STILL_OPENING, single_instance.Answer.STILL_CLOSING)
    if answer in late:  # said as the wait ran out
        return 1
    use_language()
    words = translate("cli", _NOT_ANSWERING)
    say(words)
    from kontext_studio.ui.closing_notice import tell

    tell(words)
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
    a word without them is a file name only when something of that name is on disk. One
    that may be a key (:func:`~kontext_studio.cli.parser.may_be_key`: base64's alphabet
    has a slash) is left for the parser to refuse without repeating it: "sk-.../... does
    not exist" put the key typed before the command on the terminal."""
    if word in SUBCOMMANDS or word.startswith("-") or may_be_key(word):
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
    say(translate("cli", words).format(path=path))
    return EXIT_BAD_INPUT
