"""Where the dialogs that choose images open (the reference's Browse, the Upload tab's
Add files… and Add folder…): the folder the artist last chose images from while the app
runs (in a dialog or by a drop), else their Pictures folder, else their home. Save as keeps
its own folder (where copies go is seldom where references come from) and falls back the
same way (:func:`first_folder`).

Given no folder, Qt's dialogs opened in the folder the app was started from: the source
tree or ``/`` for an app started from a terminal or a launcher, never where the artist's
images are; and a series of references taken from one project folder made them walk there
again each time.

Whether a folder is still there is asked off the GUI thread, waiting at most
:data:`ANSWER_WITHIN_S`: the folder last chosen may be on a network share or a disk that is
gone since, and a look at a dead mount blocks (an NFS hard mount until it answers, an SMB
share or a Windows mapped drive for tens of seconds), the window frozen meanwhile. One that
does not answer in time counts as gone.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QStandardPaths

_last = ""

ANSWER_WITHIN_S = 1.0
"""How long the window may wait to learn whether a folder is there: a local disk answers at
once."""


def start_folder() -> str:
    """The folder an image dialog opens in."""
    return first_folder(_last, pictures())


def pictures() -> str:
    """The artist's Pictures folder as the desktop names it (XDG's, a localized one such as
    ``~/图片``, Windows' known folder), which may not exist; "" when there is none."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)


def first_folder(*candidates: str) -> str:
    """The first of ``candidates`` that is a folder now, else the home: given a folder that
    is gone, Qt's dialogs opened in the folder the app was started from."""
    for folder in candidates:
        if folder and _is_dir_soon(folder):
            return folder
    return str(Path.home())


def _is_dir_soon(folder: str) -> bool:
    """Whether ``folder`` is a folder, answered within :data:`ANSWER_WITHIN_S`; a look that
    blocks on a dead mount is left to finish in its daemon thread, which never holds up
    the app's exit."""
    answer: list[bool] = []
    done = threading.Event()

    def look() -> None:
        try:
            answer.append(Path(folder).is_dir())
        except OSError:  # no permission to look: not a folder the dialog can show
            answer.append(False)
        done.set()

    threading.Thread(target=look, name="image-folder-check", daemon=True).start()
    return done.wait(ANSWER_WITHIN_S) and answer[0]


def remember(chosen: str) -> None:
    """The artist chose ``chosen`` in an image dialog: a file (its folder is remembered) or
    a folder of images (the folder holding it is, so the next dialog shows it among its
    neighbours)."""
    global _last
    if chosen:
        _last = str(Path(chosen).parent)
