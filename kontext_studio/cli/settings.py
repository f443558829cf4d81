"""The settings as a command uses them: those that could not be used (a damaged file, a hand
edit) are said on stderr, once a process however many places read them, as the window says
them in a banner at start. Without it a command saved into the default folder, or said
publishing was not set up, with no word of the settings file that chose otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kontext_studio.cli.output import say
from kontext_studio.config import Paths, Settings, read_settings
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate

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

_told: set[Path] = set()
"""The settings files said so far in this process."""


def command_settings(paths: Paths | None = None) -> Settings:
    """The settings, the ones that could not be used said (:func:`tell_settings_ignored`)."""
    paths = paths or Paths.from_env()
    settings, ignored = read_settings(paths)
    tell_settings_ignored(paths, ignored)
    return settings


def tell_settings_ignored(paths: Paths, names: Sequence[str]) -> None:
    """Say which settings of ``names`` (as :func:`~kontext_studio.config.read_settings` gives
    them: the file's own name when none of it could be read) could not be used, naming the
    file to correct; once for each file in a process."""
    file = paths.settings_file
    if not names or file in _told:
        return
    _told.add(file)
    if list(names) == [file.name]:
        say(translate("cli", _UNREADABLE).format(file=file))
    else:
        say(translate("cli", _NOT_USED).format(file=file, names=", ".join(names)))
