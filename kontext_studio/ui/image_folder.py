"""Where the dialogs that choose images open (the reference's Browse, the Upload tab's
Browse and Choose a folder): the folder the artist last chose images from while the app
runs, else their Pictures folder, else their home.

Given no folder, Qt's dialogs opened in the folder the app was started from: the source
tree or ``/`` for an app started from a terminal or a launcher, never where the artist's
images are; and a series of references taken from one project folder made them walk there
again each time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

_last = ""


def start_folder() -> str:
    """The folder an image dialog opens in."""
    if _last and Path(_last).is_dir():
        return _last
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    if pictures and Path(pictures).is_dir():
        return pictures
    return str(Path.home())


def remember(chosen: str) -> None:
    """The artist chose ``chosen`` in an image dialog: a file (its folder is remembered) or
    a folder of images (the folder holding it is, so the next dialog shows it among its
    neighbours)."""
    global _last
    if chosen:
        _last = str(Path(chosen).parent)
