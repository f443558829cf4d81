"""What shows while the window's start waits for another Kontext Studio upgrading the library.

An upgrade of a large library's schema takes seconds (4.3 s for 100 000 rows, under load),
and a start that finds another instance upgrading it (the command line after an update, a
window on Windows) waits for it (:mod:`kontext_studio.store.upgrading`). Nothing showed
meanwhile, and the start ended with "Another program is using the library". A small notice
says so until the library is open: the words, over a busy bar, no buttons; closed, the
start ends, as Ctrl+C ends it. It shows only when the open is told of such an upgrade, so
an ordinary start never flashes it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout

from kontext_studio import APP_NAME
from kontext_studio.ui.notifications import MessageBanner, announce
from kontext_studio.ui.saving_notice import room_for_title


class UpgradeNotice(QDialog):
    """A notice, "The library is being upgraded by another Kontext Studio…", over a busy
    bar; its window opens when the upgrade ends. Closing it ends the start
    (:func:`shown_when_told`): before, it only hid it, and the start went on waiting, up to
    10 minutes, with nothing on screen."""

    def __init__(self) -> None:
        super().__init__(
            None,
            Qt.WindowType.Dialog
            | Qt.WindowType.CustomizeWindowHint
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint,
        )
        self.setObjectName("upgradeNotice")
        self.setWindowTitle(APP_NAME)
        self.setModal(False)
        self._label = QLabel(
            QCoreApplication.translate(
                "UpgradeNotice",
                "The library is being upgraded by another {app}.\nWaiting for it to finish…",
            ).format(app=APP_NAME)
        )
        busy = QProgressBar()
        busy.setRange(0, 0)  # no measure of the wait: it moves to show the app is there
        busy.setTextVisible(False)
        busy.setAccessibleName(self.words())
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(self._label)
        layout.addWidget(busy)
        room_for_title(self, self._label, layout)

    def showEvent(self, event: QShowEvent) -> None:
        """Read out: nothing in it takes the focus."""
        super().showEvent(event)
        announce(self, self.words(), MessageBanner.INFO)

    def words(self) -> str:
        return self._label.text()


@contextmanager
def shown_when_told(closed: Callable[[], object]) -> Iterator[Callable[[], object]]:
    """Inside, the block is given a call (made from any thread: the library opens on one of
    its own) that shows an :class:`UpgradeNotice`; it goes when the block ends. ``closed``
    is called when the artist closes it meanwhile (its close button, Escape)."""
    loop = asyncio.get_running_loop()
    shown: list[UpgradeNotice] = []
    ended = False

    def show() -> None:
        if not ended:  # told as the open ended: nothing to wait for any more
            notice = UpgradeNotice()
            notice.rejected.connect(lambda: None if ended else closed())
            shown.append(notice)
            notice.show()

    try:
        yield lambda: loop.call_soon_threadsafe(show)
    finally:
        ended = True
        for notice in shown:
            notice.close()
            notice.deleteLater()
