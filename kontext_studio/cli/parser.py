"""The command line's parser: its commands, their options and the types of their values,
and the checks of the line as a whole. A refusal is said as argparse says one (exit 2).

Every launch parses its command line, the window's too: a command's function is named
here (:class:`Deferred`) and loaded only once the line asks for that command."""

from __future__ import annotations

import argparse
import difflib
import importlib
import math
import os
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from kontext_studio import APP_NAME, __version__, i18n
from kontext_studio.cli import argparse_words
from kontext_studio.cli.output import StdoutClosed, out, stdout_closed, terminal_columns
from kontext_studio.config import expand_folder
from kontext_studio.errors import StorageError
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate
from kontext_studio.jobs.states import SHOWN_AS
from kontext_studio.kie.models import (
    FORMATS,
    MAX_SAFETY_EDIT,
    MAX_SAFETY_GENERATE,
    MIN_KEY_CHARS,
    MODEL_ALIASES,
    RATIOS,
    is_unicode,
)

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


@dataclass(frozen=True)
class Deferred:
    """A function of one of the commands' modules (``kontext_studio.cli.<module>``), by
    name, for :meth:`argparse.ArgumentParser.set_defaults`: loaded once the command line
    names its command (:meth:`load`), not for a launch of the window. An import no analysis
    sees: the bundle lists these modules itself (``packaging/kontext-studio.spec``)."""

    module: str
    name: str

    def load(self) -> Callable[..., Any]:
        module = importlib.import_module(f"kontext_studio.cli.{self.module}")
        function: Callable[..., Any] = getattr(module, self.name)
        return function


_LARGEST_ID = 2**63 - 1  # SQLite's INTEGER


def _text(value: str) -> str:
    """A text argument. Bytes that are not UTF-8 (a stray Latin-1 from the shell) arrive as
    lone surrogates, which no file or database can store: refused here, in one line. Under a
    locale Python decodes arguments as ASCII (the C locale with its UTF-8 mode off), UTF-8
    bytes arrive so too ("一只狐狸" typed): those are read as the UTF-8 they are."""
    if is_unicode(value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeError:
        raise argparse.ArgumentTypeError(translate("cli", "not valid UTF-8 text")) from None


def _path(value: str) -> Path:
    """A file argument (``generate --image``) with ``~`` expanded. Not empty: "" was taken
    for the option not given, and a script's ``--image "$REF"`` with REF unset sent a new
    image from the prompt alone, another job than the edit asked for, and a paid one (exit
    0). One that cannot be expanded (an unknown ``~user``) is refused in one line."""
    if not value:
        raise argparse.ArgumentTypeError(translate("cli", "an empty path names no file"))
    return _expanded(value)


def _folder(value: str) -> Path:
    """A folder argument (``generate --out``), as :func:`_path`: "" was taken for the option
    not given, and a script's ``--out "$DIR"`` with DIR unset copied the result nowhere,
    exit 0, where the script then looked for it."""
    if not value:
        raise argparse.ArgumentTypeError(translate("cli", "an empty path names no folder"))
    return _expanded(value)


def _expanded(value: str) -> Path:
    """``value`` with ``~`` expanded, or refused in one line where it cannot be (an unknown
    ``~user``, a NUL character)."""
    try:
        return expand_folder(value)
    except StorageError:
        raise argparse.ArgumentTypeError(translate("cli", "not a usable path")) from None


def _text_path(value: str) -> str:
    """A path argument kept as typed (for the output to name it so), checked by :func:`_path`.
    Not empty: a file to import named so (a script's ``"$FILE"`` unset) was read as ".", and
    the folder the command ran from was imported."""
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


def _limit(value: str) -> int:
    """How many jobs ``jobs`` lists at most: none would list nothing, so a 0 is a mistake."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= _LARGEST_ID:
        raise argparse.ArgumentTypeError(translate("cli", "a whole number from 1 up"))
    return number


def _safety(value: str) -> int:
    """A safety tolerance KIE takes for a new image; edits allow less (checked in parse)."""
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
        metavar="ID",
        help=translate("cli", "the job's or artwork's number, as `kontext-studio jobs` shows it"),
    )


def _sends_help(demo: bool) -> dict[str, str]:
    """The help of the sends that may cost (``retry``, ``retry --yes``, ``resubmit``): with
    ``demo`` (the command line has --demo) in the demo server's words, as a demo job uses no
    real credits. A retry is free only where it follows the task KIE took or fetches its
    image (:func:`~kontext_studio.jobs.stopped.retry_sends`); before, the help said every
    retry carried a job on "without paying twice", of one it sends again, charged, too.
    --yes is asked for while an earlier send is still making the image as well
    (:func:`~kontext_studio.jobs.stopped.kept_image_there`): before, "already made"."""
    if demo:
        return {
            "retry": translate(
                "cli",
                "carry a failed, cancelled or timed-out job on without making it twice (a demo "
                "job uses no real credits)",
            ),
            "retry_yes": translate(
                "cli",
                "the demo server has no record of the job, or an earlier send made its image "
                "or is still making it: send it again as a new job (a demo job uses no real "
                "credits)",
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
            "cli",
            "carry a failed, cancelled or timed-out job on: free where it checks on the task "
            "KIE took or fetches its image; otherwise it sends the job again, charged as any "
            "new job",
        ),
        "retry_yes": translate(
            "cli",
            "KIE has no record of the job, or an earlier send made its image or is still "
            "making it: send it again as a new, paid job",
        ),
        "resubmit": translate(
            "cli", "send a job whose outcome is unknown again (it may be charged twice)"
        ),
        "resubmit_yes": translate("cli", "you have checked KIE's logs: send it again"),
    }


def build_parser(*, demo: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; ``demo``: it asks for demo mode (--demo), so the help of
    the sends that may cost speaks of the demo server (:func:`_sends_help`)."""
    argparse_words.install()
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
            "  0   done: the job completed, the artwork was published or unpublished (or\n"
            "      not published: said so); the simulator stopped (Ctrl+C, SIGTERM, SIGHUP)\n"
            "  1   it failed; the reason is on stderr (and in the JSON line), but that of\n"
            "      a job that failed, in its result on stdout; or stdout could not be\n"
            "      written (a full disk): said on stderr, no JSON line (a command that\n"
            "      changes the library finishes its work first); a command that failed\n"
            "      or was refused keeps its own code, its reason said first (a failed\n"
            "      job's too, in its result's line, and in the log file)\n"
            "  2   refused before anything was sent, the reason on stderr: bad input, no\n"
            "      such job or artwork, R2 not set up; resume: live jobs are left waiting\n"
            "      for a KIE API key (the demo jobs it carried on are listed)\n"
            "  3   generate --out: the image is in the library, but copying it into the\n"
            "      folder failed (the reason is on stdout, and in the JSON line; when\n"
            "      stdout cannot be written, a full disk, it is said first on stderr)\n"
            "  4   generate, resume, retry, resubmit, attach: the window (or another\n"
            "      command) took the job over and carries it on; nothing failed. Had the\n"
            "      command's own send gone out before, its image is kept as an artwork of\n"
            "      its own (said on stderr)\n"
            "  130 interrupted (Ctrl+C); the command says what it left: the jobs left\n"
            "      unfinished and what carries them on (`kontext-studio resume`,\n"
            "      `resume --demo` for demo jobs, or the window open on the library); a\n"
            "      command that starts no job says what it did\n"
            "  143 stopped by SIGTERM (kill, timeout): as by Ctrl+C\n"
            "  129 stopped by SIGHUP (the terminal closed): as by Ctrl+C\n"
            "  141 the reader of stdout stopped early (| head -1): ended quietly (a\n"
            "      command that changes the library finishes its work first; one that\n"
            "      failed ends with its own code)",
        ),
        formatter_class=_RawDescriptionFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        # Python 3.11's argparse does not look its own help of --version up (3.12 does).
        help=argparse_words.words("show program's version number and exit"),
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=translate(
            "cli", "open the window, run one demo job in a temporary home, exit 0 if all works"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Command)

    gen = sub.add_parser(
        "generate",
        help=translate("cli", "generate one image and wait for it"),
        description=translate(
            "cli",
            "Generate one image and wait for it. With no API key (none in the system keyring, "
            "KIE_API_KEY not set) it runs in demo mode, as --demo does: a simulated picture "
            "from the demo server on this computer, no real credits. A locked keyring that "
            "holds the key stops it instead, sending nothing. `kontext-studio key status` "
            "says which key is used.",
        ),
    )
    gen.add_argument(
        "prompt",
        metavar="PROMPT",
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
        # The short names only: with the full ones the usage line ran past 80 columns.
        metavar="{" + ",".join(MODEL_ALIASES) + "}",
        help=translate(
            "cli",
            "pro (flux-kontext-pro: fast and affordable; the default) or max "
            "(flux-kontext-max: more detail)",
        ),
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
        # The range as README's usage shows it; digits read alike in every language.
        metavar=f"0-{MAX_SAFETY_GENERATE}",
        help=translate(
            "cli", "safety tolerance 0-6, 0 the strictest (0-2 with --image; default 2)"
        ),
    )
    gen.add_argument(
        "--out",
        type=_folder,
        metavar="DIR",
        help=translate(
            "cli",
            "also copy the result into this folder (the library keeps it too); "
            "exit code 3 if that copy fails",
        ),
    )
    _add_demo(gen)
    _add_json(gen)
    gen.set_defaults(run=Deferred("generate", "generate"), parser=gen)

    jobs = sub.add_parser(
        "jobs", help=translate("cli", "list the library, or show one job in full (jobs ID)")
    )
    jobs.add_argument(
        "id",
        nargs="?",
        type=_job_id,
        metavar="ID",
        help=translate("cli", "a job's number: that job in full (prompt, times, error, next step)"),
    )
    jobs.add_argument(
        "--search",
        default="",
        type=_text,
        metavar="TEXT",
        help=translate(
            "cli", "only the jobs whose prompt, title, tags or description hold every word of TEXT"
        ),
    )
    jobs.add_argument(
        "--state",
        action="append",
        choices=list(SHOWN_AS),
        help=translate(
            "cli",
            "only the jobs the window's filter of that name shows (failed: failed, timed out "
            "or unknown); given more than once, those of each",
        ),
    )
    jobs.add_argument(
        "--starred", action="store_true", help=translate("cli", "only the starred artworks")
    )
    jobs.add_argument(
        "--limit",
        type=_limit,
        metavar="N",
        help=translate("cli", "only the N newest; stderr says how many more there are"),
    )
    _add_json(jobs)
    jobs.set_defaults(
        run=Deferred("jobs", "jobs"),
        parser=jobs,
        reads_only=True,  # a reader that stops early (`| head -1`) stops it: it changes nothing
        interrupted=Deferred("jobs", "jobs_interrupted"),
    )

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
    cancel.set_defaults(
        run=Deferred("jobs", "cancel"), interrupted=Deferred("jobs", "cancel_interrupted")
    )

    resume = sub.add_parser(
        "resume", help=translate("cli", "carry every unfinished job to the end")
    )
    _add_demo(resume)
    _add_json(resume)
    resume.set_defaults(run=Deferred("carry_on", "resume"))

    retry = sub.add_parser("retry", help=sends["retry"])
    _add_id(retry)
    retry.add_argument("--yes", action="store_true", help=sends["retry_yes"])
    _add_demo(retry)
    _add_json(retry)
    retry.set_defaults(run=Deferred("carry_on", "retry"))

    resubmit = sub.add_parser("resubmit", help=sends["resubmit"])
    _add_id(resubmit)
    resubmit.add_argument("--yes", action="store_true", help=sends["resubmit_yes"])
    _add_demo(resubmit)
    _add_json(resubmit)
    resubmit.set_defaults(run=Deferred("carry_on", "resubmit"))

    attach = sub.add_parser(
        "attach",
        help=translate(
            "cli",
            "give a job whose outcome is unknown the task ID found in the logs of your "
            "account on kie.ai: it follows that task, not sent or paid for again",
        ),
    )
    _add_id(attach)
    attach.add_argument(
        "task_id",
        metavar="TASK_ID",
        help=translate("cli", "the task's ID, as the logs on kie.ai show it"),
    )
    _add_demo(attach)
    _add_json(attach)
    attach.set_defaults(run=Deferred("carry_on", "attach"))

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
    imp.add_argument(
        "--tags",
        default="",
        type=_text,
        help=translate("cli", "the tags of each image added, separated by commas (a,b)"),
    )
    _add_json(imp)
    imp.set_defaults(
        run=Deferred("artworks", "import_files"),
        interrupted=Deferred("artworks", "import_interrupted"),
    )

    details = sub.add_parser(
        "details",
        help=translate("cli", "change an artwork's title, description or tags"),
    )
    _add_id(details)
    details.add_argument(
        "--title",
        default=None,
        type=_text,
        help=translate("cli", "its title (empty: a generated image's prompt is shown)"),
    )
    details.add_argument(
        "--description",
        default=None,
        type=_text,
        help=translate("cli", "its description, published with the image"),
    )
    tags = details.add_mutually_exclusive_group()
    tags.add_argument(
        "--tags",
        default=None,
        type=_text,
        help=translate("cli", "its tags, in place of those it has, separated by commas (a,b)"),
    )
    tags.add_argument(
        "--add-tags",
        default=None,
        type=_text,
        metavar="TAGS",
        help=translate("cli", "tags to add to those it has, separated by commas (a,b)"),
    )
    _add_json(details)
    details.set_defaults(run=Deferred("artworks", "edit_details"), parser=details)

    pub = sub.add_parser("publish", help=translate("cli", "publish an artwork to R2"))
    _add_id(pub)
    _add_json(pub)
    pub.set_defaults(
        run=Deferred("artworks", "publish"),
        interrupted=Deferred("artworks", "publish_interrupted"),
    )

    unpub = sub.add_parser("unpublish", help=translate("cli", "remove an artwork from R2"))
    _add_id(unpub)
    unpub.add_argument(
        "--forget",
        action="store_true",
        help=translate(
            "cli",
            "forget that it is published and remove nothing from R2: for an artwork "
            "published in a bucket that can no longer be reached",
        ),
    )
    _add_json(unpub)
    unpub.set_defaults(
        run=Deferred("artworks", "unpublish"),
        interrupted=Deferred("artworks", "unpublish_interrupted"),
    )

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
        metavar="SECONDS",
        default=5.0,
        help=translate("cli", "the fewest seconds a task takes (default 5)"),
    )
    sim.add_argument(
        "--max-latency",
        type=_seconds,
        metavar="SECONDS",
        default=20.0,
        help=translate("cli", "the most seconds a task takes (default 20)"),
    )
    sim.add_argument(
        "--delete-results-after",
        type=_seconds,
        metavar="SECONDS",
        help=translate(
            "cli",
            "delete each finished image that many seconds after it is made, as KIE does "
            "after 14 days: its link expires, and no fresh one is given (default 14 days)",
        ),
    )
    sim.set_defaults(run=Deferred("simulator", "simulator"), parser=sim)
    return parser


def _add_key_commands(sub: Any) -> None:
    """``key set|remove|status|test``: the KIE API key in the system keyring, without the
    window (a server, a script, SSH)."""
    key = sub.add_parser(
        "key",
        help=translate("cli", "store, remove, show or test the KIE API key in the system keyring"),
    )
    key.set_defaults(interrupted=Deferred("keys", "key_interrupted"))
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
    set_key.set_defaults(run=Deferred("keys", "key_set"), prepare=Deferred("keys", "read_key"))
    remove = actions.add_parser(
        "remove", help=translate("cli", "remove the key from the system keyring")
    )
    _add_json(remove)
    remove.set_defaults(run=Deferred("keys", "key_remove"))
    status = actions.add_parser(
        "status",
        help=translate(
            "cli",
            "which keyring is used, whether it holds a key, whether KIE_API_KEY is set, and "
            "which key the commands use (never the key itself)",
        ),
    )
    _add_json(status)
    status.set_defaults(run=Deferred("keys", "key_status"), reads_only=True)
    test = actions.add_parser(
        "test",
        help=translate(
            "cli", "ask KIE for the balance with the key in use (creates and charges nothing)"
        ),
    )
    _add_json(test)
    test.set_defaults(run=Deferred("keys", "key_test"), reads_only=True)


class Refused(Exception):
    """A refusal by argparse, raised where argparse would print it and exit: so that a
    command run with ``--json`` still ends with a JSON line."""

    def __init__(self, parser: _Parser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


_NO_LINE_STARTS = "，。、：；！？）》」』”’"
_NO_LINE_ENDS = "（《「『“‘"


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break: at its spaces (kept as " "), and between wide
    characters, each a piece of its own but for a closing mark held to the piece before it
    and an opening one to the piece after; a run of other characters (an English word,
    ``--demo``) stays whole."""
    pieces: list[str] = []
    opened = ""
    for char in text:
        if char.isspace():
            char = " "
        wide = terminal_columns(char) == 2
        last = pieces[-1] if pieces else " "
        if char in _NO_LINE_STARTS and last != " ":
            pieces[-1] += char
        elif char in _NO_LINE_ENDS:
            opened += char
        elif char == " ":
            if last != " ":
                pieces.append(" ")
        elif wide or last == " " or terminal_columns(last[-1]) == 2 or opened:
            pieces.append(opened + char)
            opened = ""
        else:
            pieces[-1] += char
    if opened:
        pieces.append(opened)
    return pieces


_COMMAND = re.compile(r"`[^`]*`")
"""A command in the help's words (`kontext-studio jobs`): one line's, to be copied whole."""
_HELD = "\ue000"
"""A space of a command while its help is wrapped: no place to break a line (a character of
no width class that breaks lines: textwrap and :func:`_pieces` keep it in its word)."""


def _wrapped(text: str, width: int) -> list[str]:
    """``text``'s lines at most ``width`` columns wide (but for a word wider alone), a
    `command` kept on one line: "as `kontext-studio" / "jobs` shows it" was copied in
    two pieces."""
    held = _COMMAND.sub(lambda command: command[0].replace(" ", _HELD), " ".join(text.split()))
    return [line.replace(_HELD, " ") for line in _lines(held, width)]


def _lines(text: str, width: int) -> list[str]:
    """:func:`_wrapped`'s lines. A text of narrow characters only wraps as argparse wraps
    it, but never at a hyphen: it cut "`kontext-" / "studio key status`"; nor inside a
    word wider than the line, a held `command` among them: at 40 columns it cut
    "`kontext-studio jobs" / "` shows it"."""
    if all(terminal_columns(char) == 1 for char in text):
        return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if piece == " ":
            line += " " if line else ""
        elif line and terminal_columns(line.rstrip() + piece) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Formatter(argparse.HelpFormatter):
    """argparse's help wrapped at the terminal's columns, where argparse counts characters
    (a Chinese character takes two: the Chinese help ran half again past the terminal) and
    breaks a word too long for a line anywhere (it cut "fai" / "led" where Chinese gave it
    no space to break at)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrapped(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrapped(text, width - len(indent)))

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        """argparse's usage, its wrapped lines under the first line's options. argparse
        indents them by its prefix's characters, and "用法：" takes 6 columns for its 3: they
        stood 3 columns short. Given the prefix after one space per wide character, argparse
        counts its columns; those spaces are then taken off the first line."""
        if prefix is None:
            prefix = argparse_words.words("usage: ")
        extra = terminal_columns(prefix) - len(prefix)
        usage = super()._format_usage(usage, actions, groups, " " * extra + prefix)
        return usage[extra:]


class _RawDescriptionFormatter(argparse.RawDescriptionHelpFormatter, _Formatter):
    """:class:`_Formatter` that leaves the description and epilog as written (the program's
    list of exit codes)."""


class _Parser(argparse.ArgumentParser):
    """argparse whose refusals are :class:`Refused` (its subcommands' parsers are of the
    same class); :meth:`refuse` says one as argparse does and exits 2. Options are taken
    only as typed in full: ``--js`` for ``--json`` would work except where the command line
    is refused, which is read before argparse, and a script's flag would change meaning
    the day an option with the same start is added."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _Commands)

    def error(self, message: str) -> NoReturn:
        raise Refused(self, message)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """argparse's parse, but for help asked for (:func:`_asks_help`) on a line it
        refuses: the help is shown. argparse refuses a word as it comes to it, before it
        reads a --help after it: ``jobs fox --help`` was refused ("fox" is no job number),
        and so were ``generate "a fox" --safety 9 --help`` and ``kontext-studio jbos --help``.
        Only a refusal of this parser's own: one of a command's is that command's to help."""
        try:
            return self._parse_words(args, namespace)
        except Refused as refused:
            if refused.parser is self and args is not None and _asks_help(args):
                self.print_help()
                self.exit()
            raise

    def _parse_words(
        self, args: Sequence[str] | None, namespace: argparse.Namespace | None
    ) -> tuple[argparse.Namespace, list[str]]:
        return super().parse_known_args(args, namespace)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """argparse's check of a value that has choices; a command's name mistyped
        (``jbos``) is refused naming the command it is close to, where argparse listed all
        of them and left the reader to find it. Close by one slip (:func:`_one_slip`), not
        by difflib's letters in common, which offered ``resume`` for ``remove`` and
        ``resubmit`` (that may pay twice) for ``submit``."""
        if isinstance(action, _Commands) and value not in action.choices:
            close = [name for name in action.choices if _one_slip(value, name)]
            if close:
                words = translate("cli", "invalid choice: {value} (did you mean {command}?)")
                raise argparse.ArgumentError(
                    action, words.format(value=repr(value), command=repr(close[0]))
                )
        super()._check_value(action, value)

    def format_help(self) -> str:
        """argparse's help, its sections' headings ended as the language ends one."""
        titles = [group.title for group in self._action_groups if group.title]
        return argparse_words.headed(super().format_help(), titles)

    def refuse(self, message: str) -> NoReturn:
        super().error(message)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """argparse's, but what it prints on stdout (the help, the version; with none open,
        ``>&-``, ``file`` is None) goes out as a command's output does (:func:`out`): a
        stdout that refuses it is said, exit 1. argparse passed it over: ``--help >
        help.txt`` on a full disk exited 0, the file empty. A reader gone early ends it
        quietly, exit 0 as before: the help is no command's result."""
        if not message or (file is not None and file is not sys.stdout):
            super()._print_message(message, file)
            return
        try:
            out(message.removesuffix("\n"))
        except StdoutClosed:
            stdout_closed()


class _Commands(argparse._SubParsersAction):
    """The commands (or a command's actions): each one's help, in the list of commands,
    also opens its own ``--help`` (unless it has a longer description), so that
    ``kontext-studio resume --help`` says what resume does; there as a sentence
    (:func:`_sentence`)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if kwargs.get("help"):
            kwargs.setdefault("description", _sentence(kwargs["help"]))
        parser: argparse.ArgumentParser = super().add_parser(name, **kwargs)
        return parser


def _sentence(words: str) -> str:
    """A command's help, a fragment in the list of commands as argparse's own are ("show
    this help message and exit"), as the sentence its ``--help`` opens with: a capital and
    the language's full stop, as the program's and the longer descriptions (generate's,
    cancel's) are written. It opened `resume --help` as "carry every unfinished job to the
    end", under "Generate one image and wait for it." in `generate --help`."""
    return translate("cli", "{words}.", "a command's help as a sentence").format(
        words=words[:1].upper() + words[1:]
    )


class _Command(_Parser):
    """The parser of a command (``generate``, ``key status``): words it does not know are
    refused by it, with its own usage, its options to choose from. argparse hands them up
    to ``kontext-studio`` itself, whose usage lists the commands."""

    def _parse_words(
        self, args: Sequence[str] | None, namespace: argparse.Namespace | None
    ) -> tuple[argparse.Namespace, list[str]]:
        if args is not None and (mistyped := self._unknown_option(args)):
            self.error(self._unrecognized(mistyped))
        parsed, unknown = super()._parse_words(args, namespace)
        if unknown:
            self.error(argparse_words.words("unrecognized arguments: %s") % " ".join(unknown))
        return parsed, unknown

    def _unknown_option(self, words: Sequence[str]) -> str:
        """The first of ``words`` that argparse would take for an option this command does
        not have; "" for none. Looked for before argparse parses: it sets an unknown option
        aside and gives the word after it to the command's argument, so `jobs --serach fox`
        was refused as "argument ID: not a job number". Not for a command of actions
        (``key``): the words after its action are the action's, which looks at them."""
        if any(isinstance(action, argparse._SubParsersAction) for action in self._actions):
            return ""
        for word in _options_part(words):
            if word[:1] != "-" or word == "-" or " " in word or _NEGATIVE.match(word):
                continue  # an argument to argparse too ("-1", "- a prompt")
            if word.split("=", 1)[0] not in self._option_string_actions:
                return word
        return ""

    def _unrecognized(self, word: str) -> str:
        """argparse's refusal of the unknown option ``word``, naming the option of this
        command it is close to, when one is."""
        refusal = argparse_words.words("unrecognized arguments: %s") % word
        options = [option for option in self._option_string_actions if option[:2] == "--"]
        close = difflib.get_close_matches(word.split("=", 1)[0], options, n=1)
        if not close:
            return refusal
        return translate("cli", "{refusal} (did you mean {option}?)").format(
            refusal=refusal, option=close[0]
        )


def _one_slip(word: str, name: str) -> bool:
    """Whether ``word`` is ``name`` typed with one slip: a letter left out, added or
    changed, or two side by side swapped (``job``, ``jobss``, ``jibs``, ``jbos``)."""
    if word == name or abs(len(word) - len(name)) > 1:
        return False
    start = next(
        (at for at, (typed, meant) in enumerate(zip(word, name, strict=False)) if typed != meant),
        min(len(word), len(name)),
    )
    typed, meant = word[start:], name[start:]
    swapped = len(typed) >= 2 and typed[:2] == meant[1::-1] and typed[2:] == meant[2:]
    return typed[1:] in (meant, meant[1:]) or typed == meant[1:] or swapped


def _options_part(words: Sequence[str]) -> list[str]:
    """``words`` before a "--", after which every word is an argument, even with a dash."""
    words = list(words)
    return words[: words.index("--")] if "--" in words else words


def _asks_help(words: Sequence[str]) -> bool:
    """Whether ``words`` ask for the command's help, which is shown whatever else they hold
    (a mistyped option, a key typed as one), and never the refusal of a word among them:
    it repeated the word (``key set --sk-... --help`` put the key on the terminal)."""
    return bool({"-h", "--help"} & set(_options_part(words)))


_NEGATIVE = re.compile(r"^-\d+$|^-\d*\.\d+$")
"""A word argparse reads as a negative number, an argument (``--safety -1``), not an option."""


_KEY_WORDS_REFUSED = QT_TRANSLATE_NOOP(
    "cli",
    "the key command takes one action (set, remove, status or test) and nothing after it "
    "but --json; the words given are not repeated here, as one may be a key",
)


_KEY_ACTION_MISSING = QT_TRANSLATE_NOOP(
    "cli", "the key command takes one action: set, remove, status or test"
)


_MAY_BE_A_KEY = QT_TRANSLATE_NOOP("cli", "a word not shown here, as it may be a key")


def parse(arguments: Sequence[str]) -> argparse.Namespace:
    """The command line, checked as a whole; :class:`Refused` says why it is not one. A
    refused ``key`` command is not quoted back (argparse repeats the word it refuses, and
    ``kontext-studio key SK-...`` put the key on the terminal and in the --json line), with
    --help on its line too: help shown is no refusal, so one with --help is of a line whose
    help argparse does not show (``key set --sk-... -- --help``). Nor is a word of another
    refused line that may be a key (:func:`_unrepeated`)."""
    try:
        args = build_parser(demo="--demo" in arguments).parse_args(arguments)
    except Refused as refused:
        if arguments[:1] == ["key"]:
            bare = set(arguments[1:]) <= {"--json"}  # no word that could be a key
            words = _KEY_ACTION_MISSING if bare else _KEY_WORDS_REFUSED
            raise Refused(refused.parser, translate("cli", words)) from None
        raise Refused(refused.parser, _unrepeated(refused.message, arguments)) from None
    if args.command == "simulator" and args.min_latency > args.max_latency:
        args.parser.error(translate("cli", "--min-latency must not be above --max-latency"))
    if args.command == "jobs" and args.id is not None and (listing := _listing_options(args)):
        args.parser.error(
            translate("cli", "a job's number and {option} do not go together").format(
                option=listing
            )
        )
    if args.command == "details" and all(
        value is None for value in (args.title, args.description, args.tags, args.add_tags)
    ):
        args.parser.error(
            translate("cli", "say what to change: --title, --description, --tags or --add-tags")
        )
    if args.command == "generate" and args.image and args.safety > MAX_SAFETY_EDIT:
        # The window lowers it silently when a reference is chosen; here it was typed.
        args.parser.error(
            translate(
                "cli", "argument --safety: 0 to {high} when editing a reference image (--image)"
            ).format(high=MAX_SAFETY_EDIT)
        )
    return args


def _unrepeated(message: str, words: Sequence[str]) -> str:
    """``message``, argparse's refusal of ``words``, with each of them in it that may be a
    key (:func:`may_be_key`) replaced by words saying so. argparse quotes the word it
    refuses: a key typed before the command's name went to the terminal, a CI log and the
    --json line ("unrecognized arguments: --sk-...", "invalid choice: 'sk-...'"). Longest
    first, so that a word goes whole, and its ``repr`` before it, as argparse's %r quotes."""
    said = translate("cli", _MAY_BE_A_KEY)
    quoted = {part for word in words for part in _quoted_parts(word)}
    for part in sorted(filter(may_be_key, quoted), key=len, reverse=True):
        message = message.replace(repr(part), said).replace(part, said)
    return message


def _quoted_parts(word: str) -> list[str]:
    """``word`` and the values argparse may read off it, and quote alone: after an "="
    (``--self-test=sk-...``), after the one-letter options it reads off a word's front one
    by one (``-hsk-...``, ``-hhsk-...``: each of its tails)."""
    parts = [word]
    if "=" in word:
        parts.append(word.split("=", 1)[1])
    if word[:1] == "-" and word[1:2] != "-":
        parts.extend(word[start:] for start in range(2, len(word)))
    return parts


def may_be_key(word: str) -> bool:
    """Whether ``word`` may be a key: printable ASCII with no space, as a key KIE takes is
    (:func:`~kontext_studio.kie.client.checked_key`), no shorter than one, and not written
    as the names of commands and options are, in lowercase letters and dashes (``jbos``,
    ``--serach=fox``), which a refusal repeats to name what was mistyped: a KIE key holds
    digits or capitals. A Chinese prompt typed without its command is repeated too, and so
    is a path, which a refusal names for the reader to see which word it refused (a
    ``--image`` forgotten): one that is there, or written as no key is, with an extension,
    or "~" or "." first."""
    return (
        len(word) >= MIN_KEY_CHARS
        and word.isascii()
        and word.isprintable()
        and " " not in word
        and not _NAME_LIKE.fullmatch(word)
        and not _PATH_LIKE.search(word)
        and not os.path.lexists(word)
    )


_NAME_LIKE = re.compile(r"[a-z=-]+")
_PATH_LIKE = re.compile(r"^[~.]|\.[A-Za-z][A-Za-z0-9]{0,4}$")
"""A word written as a path is: "~/sketch", "./sketch", "Fox_2024.png"."""


def _listing_options(args: argparse.Namespace) -> str:
    """The first option of those that narrow ``jobs``'s list given, as typed; "" for none."""
    given = {
        "--search": bool(args.search),
        "--state": bool(args.state),
        "--starred": args.starred,
        "--limit": args.limit is not None,
    }
    return next((option for option, present in given.items() if present), "")


def refusal_in_english(arguments: Sequence[str]) -> str:
    """Why argparse refuses ``arguments``, in English (for --json): the same parse again with
    every word in English."""
    with i18n.english():
        try:
            parse(arguments)
        except Refused as refused:
            return refused.message
    return ""  # unreachable: the same arguments were refused a moment ago


def default_ratio(args: argparse.Namespace) -> None:
    if getattr(args, "command", None) == "generate" and args.ratio is None:
        args.ratio = "match" if args.image else "1:1"
