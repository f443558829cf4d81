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

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout

from kontext_studio import APP_NAME
from kontext_studio.ui.notifications import MessageBanner, announce
from kontext_studio.ui.placement import keep_placed

NOTICE_AFTER_MS = 400
"""How long the close's writes last before the notice shows: long enough for a close with
nothing to wait for not to flash it up."""
TITLE_BAR_ROOM_LINES = 10
"""What the desktop's title bar takes beside the notice's title (its icon, its buttons, their
margins), in heights of a line of text."""


class SavingNotice(QDialog):
    """A notice with no buttons: "Saving your work…" over a busy bar. Closing it (Esc, its
    title bar) hides it; the writes go on, and the app ends when they do."""

    def __init__(self, *, switching: bool = False) -> None:
        """``switching``: it is a switch of mode that waits, not the app closing, and the
        notice does not say the app is closing."""
        super().__init__(
            None,
            Qt.WindowType.Dialog
            | Qt.WindowType.CustomizeWindowHint  # no minimise or maximise: nothing to resize
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint,
        )
        keep_placed(self)
        self.setObjectName("savingNotice")
        self.setWindowTitle(APP_NAME)
        self.setModal(False)
        self._switching = switching
        self._label = QLabel()
        self._label.setObjectName("savingWords")  # one line: wrapped, "closes…" went on its own
        self._busy = QProgressBar()
        self._busy.setRange(0, 0)  # no measure of the wait: it moves to show the app is there
        self._busy.setTextVisible(False)
        self._say(self._saving_words())
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(self._label)
        layout.addWidget(self._busy)
        room_for_title(self, self._label, layout)

    def _saving_words(self) -> str:
        if self._switching:
            return QCoreApplication.translate("SavingNotice", "Saving your work before the switch…")
        return QCoreApplication.translate(
            "SavingNotice", "Saving your work before {app} closes…"
        ).format(app=APP_NAME)

    def _delete_words(self) -> str:
        if self._switching:
            return QCoreApplication.translate(
                "SavingNotice", "Finishing the Delete before the switch…"
            )
        return QCoreApplication.translate(
            "SavingNotice", "Finishing the Delete before {app} closes…"
        ).format(app=APP_NAME)

    def _publishing_words(self) -> str:
        if self._switching:
            return QCoreApplication.translate(
                "SavingNotice", "Finishing publishing before the switch…"
            )
        return QCoreApplication.translate(
            "SavingNotice", "Finishing publishing before {app} closes…"
        ).format(app=APP_NAME)

    def finishing_delete(self) -> AbstractContextManager[None]:
        """Inside, the notice says the Delete the artist confirmed is being finished: the
        close waits for it, and "Saving your work" was not what it waited for."""
        return self._saying(self._delete_words())

    def finishing_publishing(self) -> AbstractContextManager[None]:
        """Inside, the notice says publishing is being finished: the close gives a publish
        it stopped up to 13 s to take back what it sent and end
        (:func:`~kontext_studio.publish.end_or_cut`), and "Saving your work" was not what
        it waited for."""
        return self._saying(self._publishing_words())

    @contextmanager
    def _saying(self, words: str) -> Iterator[None]:
        """``words`` while the block runs, the saving's again after."""
        self._say(words)
        try:
            yield
        finally:
            if shiboken6.isValid(self):
                self._say(self._saving_words())

    def _say(self, words: str) -> None:
        """Show ``words``, read out too once the notice is up (:meth:`showEvent`)."""
        self._label.setText(words)
        self._busy.setAccessibleName(words)
        self.setAccessibleDescription(words)
        if self.isVisible():
            announce(self, words, MessageBanner.INFO)

    def showEvent(self, event: QShowEvent) -> None:
        """Read out: nothing in it takes the focus, and a screen reader said only the
        title, "Kontext Studio", of a window that came up after the app's had gone."""
        super().showEvent(event)
        announce(self, self.words(), MessageBanner.INFO)

    def words(self) -> str:
        return self._label.text()


def room_for_title(notice: QDialog, words: QLabel, layout: QVBoxLayout) -> None:
    """``notice`` (``words`` in its ``layout``) as wide as its title needs in the desktop's
    title bar: sized to its words alone, the switch's in Chinese, the title bar cut the
    app's name to "Kon…dio"."""
    bold = notice.font()
    bold.setBold(True)  # as most title bars draw it
    needed = QFontMetrics(bold).horizontalAdvance(notice.windowTitle())
    needed += TITLE_BAR_ROOM_LINES * notice.fontMetrics().height()
    margins = layout.contentsMargins()
    words.setMinimumWidth(needed - margins.left() - margins.right())


def saving_while_closing() -> AbstractContextManager[SavingNotice]:
    """Show a :class:`SavingNotice` while the block runs, once it has run
    :data:`NOTICE_AFTER_MS`; it goes when the block ends. The block is given the notice, to
    say what it waits for (:meth:`SavingNotice.finishing_delete`,
    :meth:`SavingNotice.finishing_publishing`)."""
    return _shown_while(SavingNotice())


def saving_while_switching() -> AbstractContextManager[SavingNotice]:
    """:func:`saving_while_closing` for a switch of mode: the app is not closing, and the
    notice does not say it is."""
    return _shown_while(SavingNotice(switching=True))


@contextmanager
def _shown_while(notice: SavingNotice) -> Iterator[SavingNotice]:
    showing = QTimer(singleShot=True)
    showing.timeout.connect(notice.show)
    showing.start(NOTICE_AFTER_MS)
    try:
        yield notice
    finally:
        showing.stop()
        notice.close()
        notice.deleteLater()
