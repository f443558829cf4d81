"""What a command says, and how it ends: human lines (progress on stderr, results on
stdout) in the artist's language, a --json line in English, and the exit codes."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import contextvars
import errno
import io
import itertools
import json
import logging
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kontext_studio import i18n
from kontext_studio.config import Paths, load_settings
from kontext_studio.entry import stops_held
from kontext_studio.errors import KontextError
from kontext_studio.explain import explain
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate
from kontext_studio.kie.models import is_unicode
from kontext_studio.text_direction import controls_escaped, escaped, strays_shown

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_JOB_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_COPIED = 3  # generated and kept in the library; the copy into --out failed
EXIT_CARRIED_ON = 4
"""The job waited for was taken over by another process (the window followed the task KIE
made for a send of it the window had cancelled, or cancelled it and sent it again): nothing
failed, but it has not ended here either, and its image is not there yet. The command's own
send, made before that, is kept as an artwork of its own and said on stderr
(:func:`~kontext_studio.cli.job_output.tell_kept_apart`). Not 1: a script retrying on
failure would send it again; not 0: ``path`` names no image."""
# Stdout closed by its reader (`| head -1`): what a shell shows for a tool stopped by SIGPIPE.
EXIT_STDOUT_CLOSED = 128 + 13


def say(text: str) -> None:
    """A progress line on stderr; one nobody reads any more (stderr piped into a reader that
    has gone, a terminal that was closed: EIO) never stops a job that is being paid for.
    Started with none (``2>&-``: ``sys.stderr`` is None), it is said nowhere: a print to
    None writes to stdout, before the result a script reads there."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError):
        print(printable(text), file=sys.stderr, flush=True)


def printable(text: str) -> str:
    """``text`` for a terminal, its control characters shown as "?", as ``ls`` shows them:
    an escape sequence in a file name, a prompt or a server's words would otherwise recolour,
    move or clear the screen. A direction control that would turn the rest of the line
    around (a right-to-left override in a file's name) is shown as its escape, "\\u202e",
    unless the line holds it in an isolation (:func:`~kontext_studio.text_direction.strays_shown`);
    one in a name the locale could not decode (:data:`_CONTROL_AS_BYTES`) always is. Only for
    human lines: a --json line keeps every character."""
    shown = "".join("?" if unicodedata.category(char) == "Cc" else char for char in text)
    return strays_shown(_CONTROL_AS_BYTES.sub(_control_spelled, shown))


_CONTROL_AS_BYTES = re.compile("\udce2(?:\udc80[\udcaa-\udcae]|\udc81[\udca6-\udca9])")
"""An explicit direction control (U+202A-U+202E, U+2066-U+2069) in a name the locale could not
decode (``LC_ALL=C PYTHONUTF8=0``): the lone surrogates of its UTF-8 bytes, which stdout and
stderr write as those bytes, the name as typed (:func:`_unencodable_said`), and so as the
control itself: a right-to-left override turned the line around, where under a UTF-8 locale
the same name is spelled "\\u202e"."""


def _control_spelled(run: re.Match[str]) -> str:
    return controls_escaped(bytes(ord(char) - 0xDC00 for char in run.group()).decode("utf-8"))


_NO_WIDTH = frozenset({"Cf", "Mn", "Me"})
_CONJOINING_JAMO = re.compile("[\u1160-\u11ff\ud7b0-\ud7ff]")
"""The vowels and final consonants of a Korean syllable written apart (a file name made on
a Mac is, decomposed): drawn inside the syllable its first consonant starts."""
_SOFT_HYPHEN = "\xad"
"""A format character (Cf) that terminals draw a column wide, as a hyphen."""


EMOJI_STYLE = "\ufe0f"
"""VARIATION SELECTOR-16: the character before it drawn as an emoji (a red heart, not a
black one), two columns wide where that character alone takes one."""
_WIDENED_BY_EMOJI_STYLE = re.compile(
    "[#*0-9\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u2328\u23cf"
    "\u23ed-\u23ef\u23f1\u23f2\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb\u25fc"
    "\u2600-\u2604\u260e\u2611\u2618\u261d\u2620\u2622\u2623\u2626\u262a\u262e\u262f"
    "\u2638-\u263a\u2640\u2642\u265f\u2660\u2663\u2665\u2666\u2668\u267b\u267e\u2692"
    "\u2694-\u2697\u2699\u269b\u269c\u26a0\u26a7\u26b0\u26b1\u26c8\u26cf\u26d1\u26d3"
    "\u26e9\u26f0\u26f1\u26f4\u26f7-\u26f9\u2702\u2708\u2709\u270c\u270d\u270f\u2712"
    "\u2714\u2716\u271d\u2721\u2733\u2734\u2744\u2747\u2763\u2764\u27a1\u2934\u2935"
    "\u2b05-\u2b07\U0001f170\U0001f171\U0001f17e\U0001f17f\U0001f321\U0001f324-\U0001f32c"
    "\U0001f336\U0001f37d\U0001f396\U0001f397\U0001f399-\U0001f39b\U0001f39e\U0001f39f"
    "\U0001f3cb-\U0001f3ce\U0001f3d4-\U0001f3df\U0001f3f3\U0001f3f5\U0001f3f7\U0001f43f"
    "\U0001f441\U0001f4fd\U0001f549\U0001f54a\U0001f56f\U0001f570\U0001f573-\U0001f579"
    "\U0001f587\U0001f58a-\U0001f58d\U0001f590\U0001f5a5\U0001f5a8\U0001f5b1\U0001f5b2"
    "\U0001f5bc\U0001f5c2-\U0001f5c4\U0001f5d1-\U0001f5d3\U0001f5dc-\U0001f5de\U0001f5e1"
    "\U0001f5e3\U0001f5e8\U0001f5ef\U0001f5f3\U0001f5fa\U0001f6cb\U0001f6cd-\U0001f6cf"
    "\U0001f6e0-\U0001f6e5\U0001f6e9\U0001f6f0\U0001f6f3]"
)
"""The characters one column wide that :data:`EMOJI_STYLE` draws two: those of Unicode's
emoji-variation-sequences.txt (digits and "#", "*" of a keycap, "©", "❤", "☀"...), as
the ``wcwidth`` library counts them (``VS16_NARROW_TO_WIDE``), and the terminals that draw
such an emoji whole (kitty, WezTerm) draw them. Another character before it keeps
its width: "a" and U+FE0F is one column."""


def widened(base: str) -> bool:
    """Whether :data:`EMOJI_STYLE` after ``base`` draws it a column wider."""
    return _WIDENED_BY_EMOJI_STYLE.fullmatch(base) is not None


def terminal_columns(text: str) -> int:
    """How many columns of a terminal ``text`` takes: two for a Chinese character (East
    Asian Width W or F). One for a character of ambiguous width (A), the Chinese quotes “ ”
    among them, as terminals give them one unless told otherwise: glibc's ``wcwidth`` is 1
    in its UTF-8 locales, which share one table (zh_CN.UTF-8 too), and Windows Terminal,
    GNOME Terminal (VTE) and iTerm2 draw them narrow unless the user sets an option. A
    console in a legacy Chinese code page (GBK) gives them two, as does a terminal set so:
    there a line may run a column past the edge per quote; counted two everywhere, every
    help line holding quotes would wrap short of it. None for a character drawn with no
    width of its own: a direction control or another invisible format character (category
    Cf, but the soft hyphen), an accent or vowel mark on the letter before it (Mn, Me), the
    vowel or final consonant of a decomposed Korean syllable (:data:`_CONJOINING_JAMO`),
    as ``wcwidth`` and VTE have them; a title with a right-to-left override was cut a
    column short for each. :data:`EMOJI_STYLE` after a character it widens (:func:`widened`)
    adds the column it takes: "❤" and U+FE0F, a red heart, was counted one column."""
    used = sum(_columns(char) for char in text)
    if EMOJI_STYLE in text:
        pairs = itertools.pairwise(text)
        used += sum(1 for base, char in pairs if char == EMOJI_STYLE and widened(base))
    return used


def _columns(char: str) -> int:
    if char == _SOFT_HYPHEN:
        return 1
    if unicodedata.category(char) in _NO_WIDTH or _CONJOINING_JAMO.match(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


class StdoutClosed(Exception):
    """The reader of stdout has gone (`kontext-studio jobs | head -1`)."""


class StdoutFailed(Exception):
    """stdout refuses what is written to it (``> list.json`` on a full disk, over a quota):
    the result is lost, which is said on stderr, and nothing more is tried on stdout (an
    error's --json line would fail the same way)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Reader:
    """What the running command does once its stdout is lost, and what it has printed:
    its own, made as it starts (:func:`finishing`)."""

    finishes: bool = False
    """Its work goes on, unprinted: it changes the library."""
    gone: bool = False
    """Its stdout was found closed by its reader, and points at devnull since."""
    failed: bool = False
    """Its stdout refused a line (a full disk, none open), which was said on stderr; it
    points at devnull since."""
    tell: Callable[[], None] | None = None
    """What is said on stderr first should stdout refuse a line, or its reader go
    (:func:`telling_first`)."""
    written: int = 0
    """The lines stdout took (:func:`lines_written`)."""
    questioned: int = 0
    """Of those, the lines that showed "?" for a character stdout's encoding lacks
    (:func:`lines_questioned`)."""
    held: list[tuple[str, Callable[[], None] | None]] | None = None
    """The --json lines of the command running, each with its :attr:`tell`, until it has
    ended (:func:`holding`); None when lines are printed as they come."""
    then: list[Callable[[], None]] = field(default_factory=list)
    """What is done once the lines held are printed (:func:`after_printed`)."""


_running: contextvars.ContextVar[_Reader] = contextvars.ContextVar("kontext_studio_reader")
"""The :class:`_Reader` of the command running (:func:`finishing`), seen by its loop and its
worker threads (``asyncio.run`` and ``asyncio.to_thread`` carry it over)."""


def _reader() -> _Reader:
    """The running command's :class:`_Reader`; outside one (the parser's help), one of its
    own for each line, which finishes nothing and holds nothing."""
    reader = _running.get(None)
    return _Reader() if reader is None else reader


@contextlib.contextmanager
def finishing(finishes: bool) -> Iterator[None]:
    """Run a command, with a :class:`_Reader` of its own: two commands run in one process (a
    test, a caller embedding :func:`kontext_studio.cli.main`) share nothing of what they
    print. Before, it was the module's, reset by each command, and what one left (a line
    held, a stdout found gone) could reach the next. With ``finishes``, one that changes
    the library (``import``, ``publish``, ``resume`` …), a stdout lost on the way, its
    reader stopped early (``| head -1``) or a write refused (``> /dev/full``, ``>&-``),
    does not stop it part-way: it finishes its work without printing more (:func:`out`),
    and ends with the code :func:`lost_output_code` gives. Before, ``import FOLDER | head
    -1`` stopped after two of six files, and ``import FOLDER > /dev/full`` after one. A
    command that only reads (``jobs``) stops at once, as Unix tools do."""
    token = _running.set(_Reader(finishes=finishes))
    try:
        yield
    finally:
        _running.reset(token)


@contextlib.contextmanager
def past_a_lost_stdout() -> Iterator[None]:
    """Print a command's error (its --json line) as a command that changes the library
    prints: a stdout lost on the way is said (:func:`out`) and the error keeps its own code
    (:func:`lost_output_code`), whatever the command. Before, a command that only reads lost
    its error to the stdout that failed: ``jobs 999 --json > /dev/full`` exited 1, and never
    said there is no job 999, where ``retry 999 --json`` said it, and exited 2. Outside a
    command (the parser's refusal), with a :class:`_Reader` of its own for the time."""
    if _running.get(None) is None:
        with finishing(True):
            yield
        return
    reader = _reader()
    finishes, reader.finishes = reader.finishes, True
    try:
        yield
    finally:
        reader.finishes = finishes


@contextlib.contextmanager
def telling_first(tell: Callable[[], None]) -> Iterator[None]:
    """Print lines whose words stderr must not lose: should stdout refuse them (a full
    disk), ``tell`` says those words on stderr before the line that says it refused
    (:func:`stdout_failed`), as a refusal's reason is said before it; should its reader go
    (``| head -1``), ``tell`` is told so (:func:`reader_gone`) and says what a person must
    not miss of the lines dropped. Once, either way."""
    reader = _reader()
    before, reader.tell = reader.tell, tell
    try:
        yield
    finally:
        reader.tell = before


def watched_apart() -> bool:
    """Whether a person watches stderr, a terminal, where stdout does not go (``> out.txt``,
    ``> /dev/null``): a line said on stdout only is not seen there. False for a stderr read
    by a program (a pipe, a log file), which has stdout to read as well, and for a stdout
    into a pipe, whose reader may show the line on that terminal itself (``| tee``, ``|
    head``): said on stderr too, it was seen twice."""
    try:
        if sys.stderr is None or not sys.stderr.isatty():
            return False
    except (OSError, ValueError):  # closed
        return False
    if (files := _stdout_and_stderr()) is None:
        return False
    stdout, stderr = files
    piped = stat.S_ISFIFO(stdout.st_mode) or stat.S_ISSOCK(stdout.st_mode)
    return not piped and not os.path.samestat(stdout, stderr)


def stderr_with_stdout() -> bool:
    """Whether stderr goes where stdout goes (``> log 2>&1``, ``2>&1 | less``): a line said
    on stderr is read, or dropped, with stdout's lines. Not known of two that have no file
    number (Windows gives a pipe or a console none): taken as apart."""
    if (files := _stdout_and_stderr()) is None:
        return False
    stdout, stderr = files
    return stdout.st_ino != 0 and os.path.samestat(stdout, stderr)


def _stdout_and_stderr() -> tuple[os.stat_result, os.stat_result] | None:
    """The files stdout and stderr write to; None when one has none of its own (started
    closed, a test's capture)."""
    try:
        if sys.stdout is None or sys.stderr is None:
            return None
        return os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno())
    except (OSError, ValueError):
        return None


def stdout_shown() -> bool:
    """Whether stdout is a terminal, where a person saw each line it took; not a pipe, whose
    reader may stop early (``| head -1`` takes the lines that fit in the pipe's buffer, and
    drops those it does not print without a write failing), nor a file nobody may open."""
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (OSError, ValueError):  # closed
        return False


def reader_gone() -> bool:
    """Whether the running command found its stdout's reader gone (``| head -1``): the lines
    it prints now are dropped, not refused."""
    return _reader().gone


def lines_questioned() -> int:
    """How many lines stdout took in the running command that show "?" for a character its
    encoding lacks (:func:`_unencodable`: a Chinese title under ``LC_ALL=C PYTHONUTF8=0``,
    into a Windows pipe): a person reading "??" cannot tell it from a title of question
    marks, nor know that ``--json`` has the characters."""
    return _reader().questioned


def lines_written() -> int:
    """How many lines stdout has taken in the running command (:func:`finishing`): those
    it took before it refused one are not lost, and are not said again on stderr."""
    return _reader().written


@contextlib.contextmanager
def holding() -> Iterator[None]:
    """Run a command, its --json lines held until it has returned: printed then
    (:func:`print_held`), or replaced by the line of an error seen only then
    (:func:`print_json_error`, the ``interrupted`` reply: :func:`drop_held`). Before, a
    command whose worker thread failed after its result was printed left its success on
    stdout above the error, two values where a script reads one. Lines still held when it
    ends otherwise (its stdout gone) are dropped."""
    reader = _reader()
    reader.held = []
    try:
        yield
    finally:
        reader.held = None
        reader.then = []


def print_held() -> None:
    """Print the --json lines held (:func:`holding`), as each would have been when it came;
    those that come later are printed at once."""
    reader = _reader()
    held, reader.held = reader.held or [], None
    then, reader.then = reader.then, []
    for text, tell in held:
        if tell is None:
            out(text)
            continue
        with telling_first(tell):
            out(text)
    for step in then:
        step()


def drop_held() -> None:
    """Drop the --json lines held (:func:`holding`): the line printed next replaces them."""
    reader = _reader()
    reader.held = None
    reader.then = []


def after_printed(step: Callable[[], None]) -> None:
    """Do ``step`` once the lines said so far are on stdout: at once, or after the held
    ones are printed (:func:`print_held`), never when they are dropped. What is said of a
    line stdout took (:func:`lines_written`) waits for it: held, it has not been taken yet."""
    reader = _reader()
    if reader.held is None:
        step()
    else:
        reader.then.append(step)


def lost_output_code(code: int) -> int:
    """The exit code of a command that ended with ``code`` (:func:`finishing`): its own when
    it failed, its stdout lost or not, so that a failed import or job is not hidden behind a
    closed pipe's 141, which a script lets pass (``|| [ $? -eq 141 ]``); otherwise that of
    a closed pipe when its reader stopped early, or 1 when stdout refused its output."""
    if code != EXIT_OK:
        return code
    reader = _reader()
    if reader.failed:
        return EXIT_JOB_FAILED
    return EXIT_STDOUT_CLOSED if reader.gone else code


def out(text: str) -> bool:
    """One line on stdout; :class:`StdoutClosed` when nobody reads it any more, a reader gone
    or a terminal closed (EIO), :class:`StdoutFailed` when it cannot be written, or when
    there is none: started with it closed (``>&-``), where Python's ``sys.stdout`` is None
    and a print would go nowhere, the result lost under exit code 0. A command that
    finishes its work all the same (:func:`finishing`) drops this line and the next ones
    instead, a refused write said once on stderr. Whether stdout took it."""
    reader = _reader()
    if reader.gone or reader.failed:
        return False
    try:
        _write(text)
        reader.written += 1
        reader.questioned += _questioned(text)
        return True
    except StdoutClosed:
        if not reader.finishes:
            raise
        stdout_closed()
        reader.gone = True
        _tell_once(reader)
    except StdoutFailed as failed:
        if not reader.finishes:
            raise
        stdout_failed(failed)
        reader.failed = True
    return False


def _write(text: str) -> None:
    """Print ``text`` on stdout, a lost stdout raised as :func:`out` says."""
    if sys.stdout is None:
        raise StdoutFailed(os.strerror(errno.EBADF))
    try:
        print(text, flush=True)
    except BrokenPipeError as error:
        raise StdoutClosed from error
    except OSError as error:
        if error.errno == errno.EIO:
            raise StdoutClosed from error
        raise StdoutFailed(error.strerror or type(error).__name__) from error


def _questioned(text: str) -> bool:
    """Whether stdout wrote ``text`` with a "?" for a character its encoding lacks
    (:func:`_unencodable`); a file name's bytes that are not UTF-8 go out as they are."""
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return True
    except LookupError:
        return False
    return False


def english_message(error: BaseException) -> str:
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
            with stops_held():  # heard once Qt has loaded: PySide6 loses one while it loads
                from kontext_studio.ui.translations import system_languages

                system = system_languages()  # the OS setting, where no variable carries it
        language = i18n.choose(setting, system)
        if language == i18n.ENGLISH:
            return language
        cache = Paths.from_env().cache
        # Compiled first, a stop heard as it comes: lrelease may take up to its timeout.
        if i18n.catalogue(language, cache) is None:
            return i18n.ENGLISH
        with stops_held():
            from kontext_studio.ui.translations import install_for_cli

            installed = install_for_cli(language, cache)
        return language if installed else i18n.ENGLISH
    except Exception as error:  # no Qt, no catalogue: English
        log.debug("no translation for the CLI: %s", error)
        return i18n.ENGLISH


def print_json(value: Any) -> None:
    """One JSON line on stdout, in UTF-8 as JSON is; in \\u escapes (ASCII: the same bytes
    in UTF-8 and in a code page) when stdout's encoding is not UTF-8 or the line
    is not valid Unicode: a file name that is not UTF-8, "Café" into a Windows pipe (cp1252),
    where its "é" was the byte E9, which a JSON reader refuses. A name's bytes that are
    UTF-8 are named as such (:func:`as_typed`), whatever the locale."""
    value = _as_typed_in(value)
    text = json.dumps(value, ensure_ascii=False)
    if _stdout_is_utf8() and is_unicode(text):
        # A right-to-left override in a file's name turned the line around in a terminal,
        # and a line separator in one cut it in two for a reader that splits lines as Python
        # does (:data:`_LINE_BREAKS`); in their \\u escapes, the value a reader gets is the same.
        text = _LINE_BREAKS.sub(lambda found: escaped(found.group()), controls_escaped(text))
    else:
        text = json.dumps(value)
    reader = _reader()
    if reader.held is None:
        out(text)
    else:
        reader.held.append((text, reader.tell))


_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
"""The characters that end a line for Python's ``splitlines`` that JSON leaves in a string
as they are (it escapes those below U+0020): the next-line (U+0085) and the line and
paragraph separators."""


def as_typed(text: str) -> str:
    """``text`` with the bytes of a name the locale could not decode read as the UTF-8 they
    are: under the C locale with Python's UTF-8 mode off (``LC_ALL=C PYTHONUTF8=0``) a
    typed "山水.png" arrives as lone surrogates ("\\udce5\\udcb1..."), and a --json line
    named the file so. Bytes that are not UTF-8 (a Latin-1 name) stay lone surrogates."""
    if is_unicode(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
    except UnicodeError:  # a surrogate that stands for no byte
        return text


def _as_typed_in(value: Any) -> Any:
    """``value`` (JSON-able) with :func:`as_typed` applied to each text in it."""
    if isinstance(value, str):
        return as_typed(value)
    if isinstance(value, dict):
        return {as_typed(str(key)): _as_typed_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_typed_in(item) for item in value]
    return value


def _stdout_is_utf8() -> bool:
    """Whether stdout writes UTF-8 (not a Windows pipe's ANSI code page, cp1252 say)."""
    try:
        return codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


STDOUT_ERRORS = "kontext_studio_stdout"
"""The error handler of stdout's encoding (:func:`prepare_stdout`)."""
STDERR_ERRORS = "kontext_studio_stderr"
"""The error handler of stderr's encoding (:func:`prepare_stdout`)."""


def _unencodable(error: UnicodeError) -> tuple[bytes, int]:
    """For stdout: a lone surrogate of U+DC80..U+DCFF (a byte of a file name that is not
    UTF-8, as Python hands it over) is written as that byte, as ``ls`` shows the name; any
    other character the encoding has no place for (a Chinese title into a Windows pipe,
    cp1252) as "?", as ``printable`` shows a control character."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    written = bytearray()
    for char in error.object[error.start : error.end]:
        point = ord(char)
        written += bytes([point - 0xDC00]) if 0xDC80 <= point <= 0xDCFF else b"?"
    return bytes(written), error.end


def _unencodable_said(error: UnicodeError) -> tuple[str | bytes, int]:
    """For stderr: lone surrogates whose bytes are UTF-8 (a name typed under a locale that
    took them for ASCII, ``LC_ALL=C PYTHONUTF8=0``) written as those bytes, the name as
    typed: Python's own handler wrote "\\udce5\\udcb1...". Anything else as it did, in
    backslash escapes: a line on stderr stays text a reader can decode. A run of such bytes
    is taken apart from the characters beside it the locale lacks: a name cut with "…"
    (``import``'s left-out files) was written all in escapes, the "…" among its bytes."""
    if not isinstance(error, UnicodeEncodeError):
        return codecs.backslashreplace_errors(error)
    escaped = [0xDC80 <= ord(char) <= 0xDCFF for char in error.object[error.start : error.end]]
    alike = next((n for n, kind in enumerate(escaped) if kind != escaped[0]), len(escaped))
    end = error.start + alike
    if escaped[0]:
        named = bytes(ord(char) - 0xDC00 for char in error.object[error.start : end])
        with contextlib.suppress(UnicodeDecodeError):
            named.decode("utf-8")
            return named, end
    part = UnicodeEncodeError(error.encoding, error.object, error.start, end, error.reason)
    return codecs.backslashreplace_errors(part)


def prepare_stdout() -> None:
    """Make every line fit stdout (:func:`_unencodable`): without it a character the
    encoding lacks ended the command in "Something went wrong". Stderr names a file as
    typed (:func:`_unencodable_said`)."""
    codecs.register_error(STDOUT_ERRORS, _unencodable)
    codecs.register_error(STDERR_ERRORS, _unencodable_said)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors=STDOUT_ERRORS)
    if isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(errors=STDERR_ERRORS)


def print_json_error(args: argparse.Namespace, error: BaseException) -> None:
    """With --json, ``error``'s line, once its words are said: its kind ("error" for a
    bug), its English message and the fields the command gives its errors
    (``args.error_fields``: the artworks a send carried on elsewhere kept). A stdout that refuses it
    is said after them, and the command keeps its code (:func:`past_a_lost_stdout`): ``key
    test --json > /dev/full`` said only that the output could not be written, not why the
    test failed."""
    if not getattr(args, "json", False):
        return
    kind = error.kind if isinstance(error, KontextError) else "error"
    line = {"status": "error", "kind": kind, "message": english_message(error)}
    drop_held()
    with past_a_lost_stdout():
        print_json({**line, **getattr(args, "error_fields", {})})


def emit(value: Any, as_json: bool, human: Callable[[], object]) -> None:
    if as_json:
        print_json(value)
    else:
        human()


def stdout_closed() -> int:
    """Python's recipe (the note on SIGPIPE in the signal module's documentation): point
    stdout at devnull, so the flush at exit has nowhere to fail."""
    if sys.stdout is None:  # none to flush
        return EXIT_STDOUT_CLOSED
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_STDOUT_CLOSED


_NOT_WRITTEN = QT_TRANSLATE_NOOP("cli", "The output could not be written to stdout: {reason}.")


def stdout_failed(failed: StdoutFailed) -> int:
    """Say on stderr that stdout refused the output (the system's reason), as a failure; the
    bytes still waiting for it are dropped (:func:`stdout_closed`), so that the flush at exit
    does not fail again, in a traceback. What the lines lost had to tell is said first
    (:func:`telling_first`)."""
    _tell_once(_reader())
    say(translate("cli", _NOT_WRITTEN).format(reason=failed.reason))
    stdout_closed()
    return EXIT_JOB_FAILED


def _tell_once(reader: _Reader) -> None:
    """Say what the lines stdout lost had to tell (:func:`telling_first`), once."""
    if (tell := reader.tell) is not None:
        reader.tell = None
        tell()
