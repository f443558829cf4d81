"""The settings as a command uses them: those that could not be used (a damaged file, a hand
edit) are said on stderr, once a process however many places read them, as the window says
them in a banner at start. Without it a command saved into the default folder, or said
publishing was not set up, with no word of the settings file that chose otherwise.

A command names only the settings it uses, and the language, which its words are in: before,
each named every one it could not use (``cancel`` the R2 settings and the folder for new
images, ``publish`` how long a job is waited for)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from kontext_studio.cli.output import say
from kontext_studio.config import Paths, Settings, read_settings
from kontext_studio.errors import join_names
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate

LIBRARY_DIR = "library_dir"
R2 = "r2"
"""Every R2 setting (``r2.bucket``, …), as ``uses`` names them."""
SESSION = ("poll_timeout_s", "submit_limit", "submit_window_s", LIBRARY_DIR)
"""The settings the session of a command that runs jobs uses (the engine's, and where the
images go)."""
LANGUAGE = "language"

_UNREADABLE = QT_TRANSLATE_NOOP(
    "cli",
    "The settings file {file} could not be read, so the defaults of all settings apply. "
    "Correct it, or choose them again in the window's Settings.",
)
_NOT_USED = QT_TRANSLATE_NOOP(
    "cli",
    "Some settings in {file} could not be used, so their defaults apply: {names}. Correct "
    "them there, or choose them again in the window's Settings; the log file says what was "
    "wrong.",
)

_told: set[tuple[Path, str]] = set()
"""The settings (file, name) said so far in this process; a file that could not be read at
all by its own name."""


def command_settings(uses: Collection[str], paths: Paths | None = None) -> Settings:
    """The settings, the ones of ``uses`` that could not be used said
    (:func:`tell_settings_ignored`)."""
    paths = paths or Paths.from_env()
    settings, ignored = read_settings(paths)
    tell_settings_ignored(paths, ignored, uses)
    return settings


def tell_settings_ignored(paths: Paths, names: Sequence[str], uses: Collection[str]) -> None:
    """Say which settings of ``names`` (as :func:`~kontext_studio.config.read_settings` gives
    them: the file's own name when none of it could be read) could not be used, naming the
    file to correct: those of ``uses`` (:data:`R2` for each of its own) and the language;
    each once in a process."""
    file = paths.settings_file
    used = [
        name
        for name in names
        if name in (file.name, LANGUAGE) or name.split(".")[0] in uses
        if (file, name) not in _told
    ]
    if not used:
        return
    _told.update((file, name) for name in used)
    if used == [file.name]:
        say(translate("cli", _UNREADABLE).format(file=file))
    else:
        say(translate("cli", _NOT_USED).format(file=file, names=join_names(used)))
