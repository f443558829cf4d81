"""A question put to the artist, answered by buttons that say what they do.

The library's questions (Delete's, Retry's) and the dialogs' own (Discard your changes?)
are asked alike through :func:`ask`: the same words and buttons style, keeping the default.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.key_focus import back_when_answered, drawn_if_asked_by_key
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.unbroken_copy import question_unbroken

_UNASKED = "discardUnasked"
"""The property of a dialog dismissed by :func:`dismiss_unasked`."""


class _Question(QMessageBox):
    """A question that only a press of Esc of its own answers: the repeats of an Esc held
    down, which asked it (Discard your changes?), answered it Keep, and the next repeat
    asked it again, the box flashing for as long as the key was held."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.isAutoRepeat() and event.matches(QKeySequence.StandardKey.Cancel):
            event.accept()
            return
        super().keyPressEvent(event)


def ask(parent: QWidget, title: str, text: str, accept: str, keep: str = "") -> bool:
    """Ask ``text``; whether the artist chose ``accept``. The buttons say what they do
    (``accept``, and ``keep`` or Cancel), never Yes: "Cancel job?" answered by a Cancel
    button would leave the artist guessing which one stops the job. Keeping is the
    default, so Enter changes nothing; ``accept``'s mnemonic (Alt+S for "&Stop
    tracking") answers from the keyboard, as Alt+Y did."""
    box = _Question(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    chosen = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    if keep:
        kept = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    else:
        kept = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(kept)
    box.setEscapeButton(kept)
    question_unbroken(box)
    icons_as_tall_as_text(box)
    back_when_answered(box)
    drawn_if_asked_by_key(box)
    keep_placed(box)  # centred over its window, as the dialogs are
    box.exec()
    return box.clickedButton() is chosen


def discard_changes(dialog: QWidget, name: str = "") -> bool:
    """Whether the artist throws away what was typed in ``dialog`` (at its Esc, Cancel or
    window close), asked of the artwork ``name`` names (``whole_name``), or of the changes
    alone without one: a description typed for minutes went with a reflex Esc. Keep
    editing is the default. One the app's stop dismisses (:func:`dismiss_unasked`) is not
    asked."""
    if dialog.property(_UNASKED):
        return True
    if name:
        words = QCoreApplication.translate("Question", "Discard your changes to “{title}”?")
    else:
        words = QCoreApplication.translate("Question", "Discard your changes?")
    return ask(
        dialog,
        dialog.windowTitle(),
        words.format(title=name),
        QCoreApplication.translate("Question", "&Discard"),
        QCoreApplication.translate("Question", "&Keep editing"),
    )


def withdraw_discard(dialog: QWidget) -> None:
    """Answer Keep editing to :func:`discard_changes`' question open over ``dialog``: what
    it asked about was deleted meanwhile (the command line), which ``dialog`` now says.
    Left open, it asked of an artwork gone, and Discard threw away what was typed before
    the dialog said so (a title it offers to copy)."""
    for box in dialog.findChildren(_Question):
        if box.isVisible():
            box.escapeButton().click()


def dismiss_unasked(dialog: QDialog) -> None:
    """Dismiss ``dialog`` as its Cancel would, what was typed in it thrown away without
    :func:`discard_changes`' question: the app is stopping (Ctrl+C, a logout). Asked, the
    window stayed open until someone answered, and each Keep editing was asked again."""
    dialog.setProperty(_UNASKED, True)
    dialog.reject()
