"""Translations for the code that does not import Qt: the core's words and the CLI's lines.

One catalogue serves the window and the command line: ``resources/translations/
kontext_studio_<lang>.ts`` (Qt Linguist XML, the source of truth), compiled to ``.qm``. The
path from an English string in the core to Chinese on the screen:

1. **Marking.** Core code never imports Qt. It marks the English words it will show with
   :func:`QT_TRANSLATE_NOOP` (a no-op that returns the text) or calls :func:`translate` with
   literal arguments. ``pyside6-lupdate`` recognises both names in Python sources, so these
   strings land in the same ``.ts`` as the UI's ``self.tr(...)`` strings, under their context
   (``Errors`` for :mod:`kontext_studio.explain`, ``cli`` for the command line).
2. **Looking up.** When it builds words for a person (``explain.explain_kind``, the CLI's human
   lines) the core calls :func:`translate`. Until an edge installs a translator that returns
   the English text unchanged, so tests, scripts and an English desktop see exactly the
   original words.
3. **Installing, at the edges.** The window (``kontext_studio.ui.translations.install``) puts
   ``QCoreApplication.translate`` here once its ``QTranslator`` is loaded. The CLI, only when
   the chosen language is not English, imports ``kontext_studio.ui.translations`` lazily (QtCore
   only, no QApplication) and installs a plain ``QTranslator``'s lookup. With English the CLI
   never imports Qt. Loading ``.qm`` through Qt (rather than parsing XML here) means the bundle
   only ships the compiled catalogues and both edges share one loader, including the
   compile-on-demand for source checkouts. Each edge puts Qt's way of writing a date and time
   here as well (:func:`moment`), for a date inside the core's words.

Machine output stays English: the CLI builds ``--json`` values inside :func:`english`, so a
script sees the same messages whatever the desktop language.

The language is chosen by :func:`choose`: ``$KONTEXT_STUDIO_LANG``, then the saved setting
(``Settings.language``; ``""`` follows the system), then the system's languages in gettext's
order (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; the UI adds Qt's own idea of the
system locale where those are unset, e.g. on Windows). The first supported one wins; anything
else means English.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import hashlib
import importlib.util
import logging
import math
import os
import shutil
import stat
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from kontext_studio import resources

log = logging.getLogger(__name__)

LANGUAGE_ENV = "KONTEXT_STUDIO_LANG"
ENGLISH = "en"
CHINESE = "zh_CN"
# Every language with a catalogue (English is the source language and needs none), with its
# name in its own language, as the settings dialog lists it.
LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}
CATALOGUE_PREFIX = "kontext_studio_"
TOOL_TIMEOUT_S = 120
PACKAGE_DIR = Path(__file__).resolve().parent

Translator = Callable[..., str]
"""A lookup ``(context, text) -> str``, called with a third argument, the disambiguation,
for the few messages that have one (``QCoreApplication.translate`` takes it); ``""`` when it
has no translation."""

Moments = Callable[[float], str]
"""A writer of moments ``(seconds since the epoch) -> str``: a date and time as a language
writes them ("5/4/26 2:03 PM", "2026/5/4 14:03")."""

MOMENT_FORMAT = "%Y-%m-%d %H:%M"
"""How :func:`moment` writes a moment where no language is installed, in local time."""

_translator: Translator | None = None
_moments: Moments | None = None
_english: ContextVar[bool] = ContextVar("kontext_studio_english", default=False)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for extraction under ``context``; returns it unchanged. Translate it
    later, where it is shown, with ``translate(context, text)``."""
    return text


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """``text`` in the installed language (itself when none is installed, or inside
    :func:`english`, or when the catalogue has no translation for it). ``disambiguation``
    tells apart two messages with the same English words and different translations (the
    macOS and the Linux Trash: :mod:`kontext_studio.desktop`)."""
    translator = _translator
    if translator is None or _english.get() or not text:
        return text
    if disambiguation is None:
        return translator(context, text) or text
    return translator(context, text, disambiguation) or text


class _Formatter(string.Formatter):
    """``str.format`` plus the two ways of counting pixels that :func:`fill` documents."""

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, int) and format_spec == "mega":
            return one_decimal(value / 1_000_000)
        if isinstance(value, int) and format_spec.startswith("myriad "):
            ten_thousand, hundred_million = format_spec.split()[1:]
            if value >= 100_000_000:
                shown = f"{value / 100_000_000:.2f}".rstrip("0").rstrip(".")
                return f"{shown}\N{NO-BREAK SPACE}{hundred_million}"
            return f"{math.floor(value / 10_000 + 0.5)}\N{NO-BREAK SPACE}{ten_thousand}"
        return str(super().format_field(value, format_spec))


def grouped(count: int) -> str:
    """``count`` with its thousands grouped, for the code that does not import Qt (the CLI's
    human lines): "2,997", never "2997". The window's ``ui.translations.grouped`` asks Qt's
    ``QLocale``; the locales it sets for the languages with a catalogue (en_US, zh_CN)
    write a comma every three digits, so the two agree (``tests/ui/test_language.py``).
    An English system locale the window keeps may group otherwise (en_IN: "12,34,567",
    en_DE: "1.234.567"); the CLI writes en_US's."""
    return f"{count:,}"


def one_decimal(value: float) -> str:
    """``value`` with one decimal, without a trailing ``.0``: "50", "50.1"."""
    return f"{value:.1f}".removesuffix(".0")


def fill(template: str, /, **values: object) -> str:
    """``template.format(**values)``, where a pixel count (an int) may be written the way a
    language counts it, so each translation chooses its own:

    * ``{pixels:mega}``: in millions, one decimal at most: "50", "50.1" (English: "50 MP",
      "50 megapixels");
    * ``{pixels:myriad 万 亿}``: in ten thousands, then from 10⁸ in hundred millions, each
      followed by the word the format names: "5000 万", "5010 万", "1.23 亿" (Chinese:
      "5000 万像素"; Japanese would write ``myriad 万 億``), after a no-break space, as a
      template puts one between a number and its unit ("{pixels:mega}\u00a0MP"): in a label
      that wraps, a line ended with "5000" and the next began with "万像素".

    A count over a limit should be rounded up by the caller (to 100 000 pixels, the
    precision of both), so it never reads as equal to the limit.

    Inside :func:`english` (the logs, ``--json``, a message kept) the no-break spaces are
    plain ones: a script reads "20 MB" there, as it did before the window needed them."""
    filled = _Formatter().format(template, **values)
    return filled.replace("\N{NO-BREAK SPACE}", " ") if _english.get() else filled


def moment(timestamp: float) -> str:
    """``timestamp`` (seconds since the epoch) as the installed language writes a date and
    time (the window's, by Qt's locale, as its other dates); :data:`MOMENT_FORMAT` when none
    is installed, and inside :func:`english` (the logs, ``--json``, a message kept)."""
    moments = _moments
    if moments is None or _english.get():
        return time.strftime(MOMENT_FORMAT, time.localtime(timestamp))
    return moments(timestamp)


def install(translator: Translator | None, moments: Moments | None = None) -> None:
    """Make :func:`translate` use ``translator`` and :func:`moment` ``moments`` (``None``:
    English again)."""
    global _translator, _moments
    _translator, _moments = translator, moments


def installed() -> bool:
    return _translator is not None


def translating() -> bool:
    """Whether :func:`translate` looks words up now (a translator is installed and this is
    not an :func:`english` block)."""
    return _translator is not None and not _english.get()


@contextmanager
def english() -> Iterator[None]:
    """Inside this block :func:`translate` returns the English text (machine output)."""
    token = _english.set(True)
    try:
        yield
    finally:
        _english.reset(token)


def normalize(code: str) -> str | None:
    """The supported language a locale name means, or ``None`` when it is not one of ours.

    Accepts POSIX (``zh_CN.UTF-8``, ``en_GB@euro``), BCP 47 (``zh-Hans-CN``) and plain
    (``zh``) forms. Simplified Chinese is ``zh`` with region CN/SG or script Hans, or bare
    ``zh``; ``zh_TW``/``zh_HK``/``Hant`` are Traditional Chinese, which has no catalogue yet.
    ``C``/``POSIX`` mean English.
    """
    name = code.strip().split(".")[0].split("@")[0].replace("-", "_")
    if not name:
        return None
    if name in ("C", "POSIX"):
        return ENGLISH
    parts = name.split("_")
    language = parts[0].lower()
    rest = {part.lower() for part in parts[1:]}
    if language == "en":
        return ENGLISH
    if language == "zh":
        if "hant" in rest or rest & {"tw", "hk", "mo"}:
            return None
        return CHINESE
    return None


def system_languages(environ: os._Environ[str] | dict[str, str] | None = None) -> list[str]:
    """The system's preferred languages from the environment, as gettext reads them: the
    first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set decides
    (``LANGUAGE`` may list several, ``:``-separated). Empty when none is set."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return [part for part in value.split(":") if part]
    return []


def from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> str | None:
    """The language ``$KONTEXT_STUDIO_LANG`` sets, whatever the saved setting says; ``None``
    when it is unset, empty or names no language of ours (then it is passed over)."""
    env = os.environ if environ is None else environ
    value = env.get(LANGUAGE_ENV, "")
    return normalize(value) if value.strip() else None


def choose(
    setting: str = "",
    system: Iterable[str] = (),
    environ: os._Environ[str] | dict[str, str] | None = None,
) -> str:
    """The language to show: ``$KONTEXT_STUDIO_LANG``, else ``setting`` (``Settings.language``),
    else the first supported entry of ``system``; English when none of them is supported."""
    forced = from_environment(environ)
    if forced is not None:
        return forced
    if setting.strip() and (chosen := normalize(setting)) is not None:
        return chosen
    for code in system:
        chosen = normalize(code)
        if chosen is not None:
            return chosen
    return ENGLISH


def catalogue_name(language: str) -> str:
    """``kontext_studio_zh_CN``: the stem of a language's ``.ts``/``.qm`` files."""
    return f"{CATALOGUE_PREFIX}{language}"


# Catalogues ---------------------------------------------------------------------------------
#
# The ``.ts`` files are the sources; ``.qm`` files are build products (not committed). A
# bundle or a distribution package ships ``.qm`` files compiled at build time (``python -m
# kontext_studio.i18n compile``, which ``packaging/build.sh`` does with lrelease). A source
# checkout or an editable install has only the ``.ts``: :func:`catalogue` then compiles it into
# the cache folder on first use (and again whenever the ``.ts`` changes). Without lrelease
# there is nothing to load and the app stays in English, with a line in the log.


def translations_source_dir() -> Path:
    """``resources/translations`` in use (the sources live there in a checkout)."""
    return resources.translations_dir() or resources.resources_dir() / "translations"


def _newer_or_same(target: Path, source: Path) -> bool:
    try:
        return target.stat().st_mtime >= source.stat().st_mtime
    except OSError:
        return False


def catalogue(language: str, cache_dir: Path | None = None) -> Path | None:
    """The ``.qm`` file to load for ``language``, compiling it on demand; ``None`` when there
    is none (English, a language without a catalogue, or no lrelease for a bare ``.ts``).

    Order: a ``.qm`` beside the ``.ts`` that is not older than it (bundle, built tree); a
    compiled copy of this very ``.ts`` (:func:`_cached_name`) in ``cache_dir/translations``
    or, the cache refusing it (read only, full), in the user's own folder
    (:func:`_own_folder`); a fresh compile into the cache, else into that folder (or the
    copy another process made meanwhile); one into a folder of this process's own
    (:func:`_compiled_apart`), nothing else being writable; an older version's copy in the
    cache (:func:`_older_copy`); a stale ``.qm`` beside the source."""
    if language == ENGLISH or language not in LANGUAGES:
        return None
    folder = translations_source_dir()
    name = catalogue_name(language)
    ts, qm = folder / f"{name}.ts", folder / f"{name}.qm"
    if qm.is_file() and (not ts.is_file() or _newer_or_same(qm, ts)):
        return qm
    if ts.is_file() and cache_dir is not None:
        with contextlib.suppress(OSError):  # unreadable: as with no lrelease
            if (found := _compiled(ts, cache_dir / "translations")) is not None:
                return found
            if (older := _older_copy(cache_dir / "translations", name)) is not None:
                return older
    return qm if qm.is_file() else None


def _compiled(ts: Path, cache: Path) -> Path | None:
    """``ts`` compiled, from ``cache`` or the user's own folder (:func:`_own_folder`), where
    it is compiled once and then kept; else compiled apart (:func:`_compiled_apart`). Before,
    a read-only cache meant a compile at every start (a second more), into a temporary
    folder that a SIGKILL, or Windows (the ``.qm`` held open), left behind."""
    copy = _cached_name(ts)
    own = _own_folder(make=False)
    for folder in (cache, own):
        if folder is not None and (folder / copy).is_file():
            _mark_used(folder / copy)
            return folder / copy
    if not _lrelease_found(ts):
        return None
    if (found := _compiled_into(ts, cache / copy)) is not None:
        return found
    own = own or _own_folder(make=True)  # made only once the cache refused the copy
    if own is not None and (found := _compiled_into(ts, own / copy)) is not None:
        return found
    return _compiled_apart(ts)


def _compiled_into(ts: Path, copy: Path) -> Path | None:
    """``ts`` compiled into ``copy``, the other copies beside it pruned; or the copy another
    process compiled meanwhile (in use, it was not replaced); ``None`` when the folder
    refused it."""
    if compile_catalogue(ts, copy):
        _drop_other_copies(copy, ts.stem)
        return copy
    return copy if copy.is_file() else None


OWN_FOLDER_PREFIX = "kontext-studio-translations"


def _own_folder(*, make: bool) -> Path | None:
    """The user's own folder for the catalogues the cache refuses: in the temporary folder,
    named for the user (a Unix ``/tmp`` is everyone's) and only the user's (made 0700; one
    of another's, or a link, is not used). ``make``: made when missing; else ``None`` then.
    Windows' and macOS's temporary folders are the user's own already."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    name = OWN_FOLDER_PREFIX if uid is None else f"{OWN_FOLDER_PREFIX}-{uid}"
    folder = Path(tempfile.gettempdir()) / name
    try:
        if make:
            folder.mkdir(mode=0o700, exist_ok=True)
        found = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode):
        return None
    if uid is not None and (found.st_uid != uid or found.st_mode & 0o077):
        return None
    return folder


def _lrelease_found(ts: Path) -> bool:
    """Whether lrelease is there to compile ``ts``; without it, logged once in a process
    (:func:`_tell_no_lrelease`)."""
    if find_tool("lrelease") is not None:
        return True
    _tell_no_lrelease(ts)
    return False


_told_no_lrelease: set[str] = set()
"""The catalogues this process has logged it cannot compile, lrelease missing: a command
asks for its catalogue twice, and tried the cache then a folder of its own, four lines."""


def _tell_no_lrelease(ts: Path) -> None:
    if ts.name in _told_no_lrelease:
        return
    _told_no_lrelease.add(ts.name)
    log.warning(
        "no lrelease: the translation stays uncompiled",
        extra={"event": "i18n_no_lrelease", "catalogue": ts.name},
    )


def _cached_name(ts: Path) -> str:
    """``kontext_studio_zh_CN-<digest>.qm``: the compiled copy of ``ts`` named by what it
    holds. Before, one copy per language, current while not older than the ``.ts``: an
    upgrade whose ``.ts`` keeps its package's older date (a wheel, a distribution package)
    went on with the last version's catalogue, its new lines in English, and two versions
    run side by side on one cache took each other's."""
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    return f"{ts.stem}-{digest}.qm"


COPIES_KEPT = 3
"""The compiled copies of a language the cache keeps, one per ``.ts`` (:func:`_cached_name`):
those of the versions used last, two installed side by side and one upgraded from.
Before, one: two versions sharing a cache took each other's away, and each compiled its
own again at every start."""


def _mark_used(cached: Path) -> None:
    """Date ``cached`` as used now, the copies kept being those used last
    (:func:`_drop_other_copies`). Before, those compiled last: a version started every day
    lost its copy, compiled first, to a checkout updated a few times, and compiled it again
    (its copy removed as it might be loading it)."""
    with contextlib.suppress(OSError):  # a cache it cannot write to: nothing is removed there
        os.utime(cached)


def _drop_other_copies(kept: Path, name: str) -> None:
    """Remove the compiled copies of ``name`` beside ``kept`` past the :data:`COPIES_KEPT`
    dated last (used, :func:`_mark_used`, or compiled): a cache folder does not grow with
    each upgrade. The one-per-language copy of a version from before :func:`_cached_name`
    is one of them, dated as it was compiled: before, it was removed at each compile, and
    that version, sharing the cache, compiled it again at its next start."""
    others = [*kept.parent.glob(f"{name}-*.qm"), kept.parent / f"{name}.qm"]
    others = [other for other in others if other != kept and other.is_file()]
    others.sort(key=_compiled_at, reverse=True)
    for other in others[COPIES_KEPT - 1 :]:
        with contextlib.suppress(OSError):
            other.unlink()


def _compiled_at(copy: Path) -> float:
    try:
        return copy.stat().st_mtime
    except OSError:  # removed meanwhile
        return 0.0


_apart: dict[str, Path] = {}
"""The catalogues this process compiled apart (:func:`_compiled_apart`), by their
:func:`_cached_name`: each is compiled once, however often it is asked for (a command asks
twice; the window, at each change of language)."""


def _compiled_apart(ts: Path) -> Path | None:
    """``ts`` compiled into a temporary folder of this process's own, removed as it ends
    (:func:`drop_compiled_apart`): neither the cache nor the user's own folder
    (:func:`_own_folder`) took the copy. Compiled again at each start then, but in the
    artist's language."""
    name = _cached_name(ts)
    if (known := _apart.get(name)) is not None and known.is_file():
        return known
    try:
        folder = Path(tempfile.mkdtemp(prefix="kontext-studio-translations-"))
    except OSError:
        return None
    qm = _apart[name] = folder / name
    if compile_catalogue(ts, qm):
        return qm
    del _apart[name]
    shutil.rmtree(folder, ignore_errors=True)
    return None


@atexit.register
def drop_compiled_apart() -> None:
    """Remove the folders of the catalogues compiled apart (:func:`_compiled_apart`): at
    exit, and as the process ends at once (``loop_errors.end_now``), which runs no exit
    handlers, where before they were left behind."""
    while _apart:
        _, qm = _apart.popitem()
        shutil.rmtree(qm.parent, ignore_errors=True)


def _older_copy(cache: Path, name: str) -> Path | None:
    """The copy of ``name`` in ``cache`` for another ``.ts`` (an older version's, or the
    one-per-language copy of before) compiled or used last (:func:`_mark_used`): a line
    translated since shows in English, the others in the artist's language."""
    copies = [*cache.glob(f"{name}-*.qm"), cache / f"{name}.qm"]
    found = [copy for copy in copies if copy.is_file()]
    return max(found, key=_compiled_at) if found else None


def find_tool(name: str) -> Path | None:
    """Qt's ``lrelease`` or ``lupdate``: the binary inside the PySide6 package, else the
    ``pyside6-<name>`` wrapper beside this Python, else either name on ``PATH``. Found
    without importing Qt."""
    exe = ".exe" if sys.platform == "win32" else ""
    candidates: list[Path] = []
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        candidates.extend(Path(p) / f"{name}{exe}" for p in spec.submodule_search_locations)
    candidates.append(Path(sys.executable).parent / f"pyside6-{name}{exe}")
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    for command in (f"pyside6-{name}", name):
        found = shutil.which(command)
        if found:
            return Path(found)
    return None


def compile_catalogue(ts: Path, qm: Path) -> bool:
    """Compile ``ts`` into ``qm`` with lrelease (through a temp file, so a reader never sees
    half a catalogue); ``False`` (logged) when lrelease is missing or fails."""
    lrelease = find_tool("lrelease")
    if lrelease is None:
        _tell_no_lrelease(ts)
        return False
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=qm.parent, prefix=f".{qm.stem}.", suffix=".qm")
        os.close(fd)
    except OSError as error:
        log.warning(
            "cannot write the compiled translation",
            extra={"event": "i18n_compile_failed", "catalogue": ts.name, "reason": str(error)},
        )
        return False
    try:
        done = subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", temp],
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0 or os.path.getsize(temp) == 0:
            log.warning(
                "lrelease failed",
                extra={
                    "event": "i18n_compile_failed",
                    "catalogue": ts.name,
                    "reason": (done.stderr or done.stdout).strip()[:500],
                },
            )
            return False
        os.replace(temp, qm)
        return True
    except (OSError, subprocess.SubprocessError) as error:
        log.warning(
            "lrelease failed",
            extra={"event": "i18n_compile_failed", "catalogue": ts.name, "reason": str(error)},
        )
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def source_files(package: Path = PACKAGE_DIR) -> list[Path]:
    """Every Python file lupdate reads: the whole package (UI and core)."""
    return sorted(path for path in package.rglob("*.py") if "__pycache__" not in path.parts)


def lupdate_command(ts: Path, language: str, files: Sequence[Path] | None = None) -> list[str]:
    """The lupdate call that brings ``ts`` up to date with the sources: new strings added
    (unfinished), translations kept, strings no longer in the code dropped. No source
    locations, so moving code does not churn the file."""
    lupdate = find_tool("lupdate")
    if lupdate is None:
        raise FileNotFoundError("pyside6-lupdate is not installed")
    return [
        str(lupdate),
        *(str(path) for path in (files if files is not None else source_files())),
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        ENGLISH,
        "-target-language",
        language,
        "-silent",
        "-ts",
        str(ts),
    ]


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kontext_studio.i18n",
        description="Maintain the translation catalogues in resources/translations.",
    )
    parser.add_argument(
        "command",
        choices=["update", "compile"],
        help="update: refresh every .ts from the sources (lupdate); "
        "compile: build every .ts into the .qm beside it (lrelease)",
    )
    args = parser.parse_args(argv)
    folder = translations_source_dir()
    sources = sorted(folder.glob(f"{CATALOGUE_PREFIX}*.ts"))
    if not sources:
        print(f"no {CATALOGUE_PREFIX}*.ts in {folder}", file=sys.stderr)
        return 1
    for ts in sources:
        language = ts.stem.removeprefix(CATALOGUE_PREFIX)
        if args.command == "update":
            subprocess.run(lupdate_command(ts, language), check=True, timeout=TOOL_TIMEOUT_S)
            print(f"updated {ts}")
        elif compile_catalogue(ts, ts.with_suffix(".qm")):
            print(f"compiled {ts.with_suffix('.qm')}")
        else:
            print(f"cannot compile {ts} (is pyside6-lrelease installed?)", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
