"""Which desktop the app runs on, for the words that differ between systems.

The place a deleted file goes has a different name on each: Windows calls it the Recycle Bin
(回收站 in Chinese), macOS the Trash (废纸篓), and the Linux desktops the Trash (回收站, as
GNOME and KDE say it in Chinese). A sentence that names it is written out whole for each
system, chosen here at run time, and translated as a whole: a word spliced into a sentence
would not fit the Chinese word order. The macOS and Linux sentences are the same in English;
their catalogue entries are told apart by a disambiguation (``"macOS"``, ``"Linux"``).
"""

from __future__ import annotations

import sys
from enum import Enum


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
