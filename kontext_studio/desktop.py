"""Which desktop the app runs on, for the words that differ between systems.

The place a deleted file goes has a different name on each: Windows calls it the Recycle Bin
(回收站 in Chinese), macOS the Trash (废纸篓), and the Linux desktops the Trash (回收站, as
GNOME and KDE say it in Chinese). A sentence that names it is written out whole for each
system, chosen here at run time, and translated as a whole: a word spliced into a sentence
would not fit the Chinese word order. The macOS and Linux sentences are the same in English;
their catalogue entries are told apart by a disambiguation (``"macOS"``, ``"Linux"``).

Where the settings are has another name on macOS too: Qt moves the Settings… item to the
application menu there and names it "Preferences…" (``QAction.MenuRole.PreferencesRole``).
Sentences that say where to set something name it through :func:`named_settings`, whose
path is a name of its own in them (in quotes in Chinese), as a file's name is.
"""

from __future__ import annotations

import sys
from enum import Enum

from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate

PUBLISHING_PAGE = QT_TRANSLATE_NOOP("SettingsDialog", "Publishing (R2)")
"""The settings' page for publishing, as its tab is named."""


class Desktop(Enum):
    WINDOWS = "windows"
    MACOS = "macos"
    LINUX = "linux"
    """Linux and every other system whose trash follows freedesktop.org (as send2trash's)."""


def current() -> Desktop:
    """The desktop of this process, read from ``sys.platform`` each time (tests change it)."""
    if sys.platform == "win32":
        return Desktop.WINDOWS
    if sys.platform == "darwin":
        return Desktop.MACOS
    return Desktop.LINUX


def settings_path(page: str = "") -> str:
    """Where the settings are, as this desktop's menus name them, in the installed language:
    "File → Settings" ("Kontext Studio → Preferences" on macOS, where Qt puts the item in
    the application menu as "Preferences…"); with ``page`` (its English name, as its tab
    has it), that page of them: "Settings → Publishing (R2)" ("Preferences → Publishing
    (R2)"). Before, macOS was sent to a Settings it has no item of that name for."""
    mac = current() is Desktop.MACOS
    if not page:
        if mac:
            return translate("Desktop", "Kontext Studio → Preferences")
        return translate("Desktop", "File → Settings")
    if mac:
        where = translate("Desktop", "Preferences → {page}")
    else:
        where = translate("Desktop", "Settings → {page}")
    return where.format(page=translate("SettingsDialog", page))


def named_settings(words: str) -> str:
    """``words`` with the places they name in the settings filled in, as this desktop names
    them (:func:`settings_path`): ``{settings_menu}`` (the menu's item) and
    ``{publishing_settings}`` (the publishing page). Their other braces are left as they
    are, to be filled with their own values."""
    return words.replace("{settings_menu}", settings_path()).replace(
        "{publishing_settings}", settings_path(PUBLISHING_PAGE)
    )
