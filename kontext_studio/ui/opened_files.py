"""macOS's "Open With" and files dropped on the Dock icon.

Finder never names the files on the command line: it sends the app, running or being
launched, one ``QFileOpenEvent`` per file, those of one "Open With" together. They are heard
here and handed on as one request, taken as a launch naming the same files is (the front door
of :mod:`kontext_studio.ui.app`): the first image becomes the Generate tab's reference, the
slot says the others were left out, and a file that is no image is refused in the same words.
Before, nothing heard them, and Finder only brought the window forward.

Only macOS sends them, so only there does the app listen: an application-wide event filter
sees every event of the app.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

from kontext_studio.ui.next_turn import next_turn

SENT_BY_THE_SYSTEM = sys.platform == "darwin"
"""Whether the system sends the files it opens with the app as events."""

Receiver = Callable[[list[str]], None]


class OpenedFiles(QObject):
    """Hears the files the system opens with the app and hands those that came together to
    the receiver (:meth:`hand_to`), keeping them until there is one: Finder sends them as
    the app launches, before the window is up."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._files: list[str] = []
        self._receiver: Receiver | None = None
        self._due = False
        self._handing_over = next_turn(self, self._hand_over)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        if not event.file():  # a URL, not a file: the app declares no URL scheme
            return False
        self._files.append(event.file())
        if not self._due:  # the others of the same "Open With" come before the next turn
            self._due = True
            self._handing_over.start()
        return True

    def hand_to(self, receiver: Receiver | None) -> None:
        """Hand the files heard, those kept meanwhile first, to ``receiver``; None keeps
        them until the next one."""
        self._receiver = receiver
        if not self._due:
            self._hand_over()

    def _hand_over(self) -> None:
        self._due = False
        if self._receiver is not None and self._files:
            files, self._files = self._files, []
            self._receiver(files)


@contextmanager
def heard(app: QCoreApplication) -> Iterator[OpenedFiles]:
    """Hear the files the system opens with ``app`` while the block runs."""
    files = OpenedFiles(app)
    app.installEventFilter(files)
    try:
        yield files
    finally:
        app.removeEventFilter(files)
        shiboken6.delete(files)


def listening(app: QCoreApplication | None) -> OpenedFiles | None:
    """What hears the files the system opens with ``app``; None where nothing does."""
    return None if app is None else app.findChild(OpenedFiles)
