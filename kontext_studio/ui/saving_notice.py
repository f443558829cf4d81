"""What shows once the window is closed while the app finishes its writes.

The window goes at once; the app then lets a press of Generate make its jobs (up to
``ui.app.SUBMIT_CLOSE_WAIT_S``), closes its session and writes the unsent work for the next
start. On a disk that stalls (a network share, a USB drive waking up) that took as long as
the stall, 30 s more with a press waiting, and nothing showed the app was still there: a
launch meanwhile seemed to hang, and the artist could not tell the work was being saved. A
small notice says so while it lasts, shown only once it has lasted :data:`NOTICE_AFTER_MS`
(an ordinary close ends sooner, and a notice that flashed up looked like an error). It
blocks nothing: the GUI thread goes on turning, the writes on their threads.

A switch between demo and live mode (or to a new key) closes the window too, and waits as
long for a press's jobs before the next window opens: the notice says so then, in the
words of a switch (:func:`saving_while_switching`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout

from kontext_studio import APP_NAME
from kontext_studio.ui.notifications import MessageBanner, announce

NOTICE_AFTER_MS = 400
"""How long the close's writes last before the notice shows: long enough for a close with
nothing to wait for not to flash it up."""


class SavingNotice(QDialog):
    """A notice with no buttons: "Saving your work…" over a busy bar. Closing it (Esc, its
    title bar) hides it; the writes go on, and the app ends when they do."""

    def __init__(self, said: str | None = None) -> None:
        """``said``: what it says, by default that the app is closing."""
        super().__init__(
            None,
            Qt.WindowType.Dialog
            | Qt.WindowType.CustomizeWindowHint  # no minimise or maximise: nothing to resize
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint,
        )
        self.setObjectName("savingNotice")
        self.setWindowTitle(APP_NAME)
        self.setModal(False)
        words = QLabel(
            QCoreApplication.translate(
                "SavingNotice", "Saving your work before {app} closes…"
            ).format(app=APP_NAME)
            if said is None
            else said
        )
        words.setObjectName("savingWords")  # one line: wrapped, "closes…" went on its own
        busy = QProgressBar()
        busy.setRange(0, 0)  # no measure of the wait: it moves to show the app is there
        busy.setTextVisible(False)
        busy.setAccessibleName(words.text())
        self.setAccessibleDescription(words.text())
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(words)
        layout.addWidget(busy)

    def showEvent(self, event: QShowEvent) -> None:
        """Read out: nothing in it takes the focus, and a screen reader said only the
        title, "Kontext Studio", of a window that came up after the app's had gone."""
        super().showEvent(event)
        announce(self, self.words(), MessageBanner.INFO)

    def words(self) -> str:
        label = self.findChild(QLabel, "savingWords")
        return label.text() if label is not None else ""


def saving_while_closing() -> AbstractContextManager[None]:
    """Show a :class:`SavingNotice` while the block runs, once it has run
    :data:`NOTICE_AFTER_MS`; it goes when the block ends."""
    return _shown_while(SavingNotice())


def saving_while_switching() -> AbstractContextManager[None]:
    """:func:`saving_while_closing` for a switch of mode: the app is not closing, and the
    notice does not say it is."""
    return _shown_while(
        SavingNotice(
            QCoreApplication.translate("SavingNotice", "Saving your work before the switch…")
        )
    )


@contextmanager
def _shown_while(notice: SavingNotice) -> Iterator[None]:
    showing = QTimer(singleShot=True)
    showing.timeout.connect(notice.show)
    showing.start(NOTICE_AFTER_MS)
    try:
        yield
    finally:
        showing.stop()
        notice.close()
        notice.deleteLater()
