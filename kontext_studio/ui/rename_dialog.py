"""Rename…: an artwork's title, in a box that follows the library while it is open.

Qt's own input box did not: when another program (the command line) or the window deleted
the artwork meanwhile, nothing showed until OK, and then the title typed was gone with the
box, said lost only in the window's banner. This one says so at once, keeps what was typed
in the field, with Save off for good and a button that copies it; that another program
deleted it, unless a Delete of the window's did. A title over its limit
(:mod:`kontext_studio.store.details`) is said under the field, and Save waits until it is
shortened, as in Edit details. Enter (or Ctrl+Enter) saves, Esc cancels, asking first
when a title was typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.errors import InputError
from kontext_studio.explain import explain_error_detail
from kontext_studio.store.details import MAX_TITLE_CHARS, check_lengths
from kontext_studio.store.ledger import Snapshot
from kontext_studio.text_direction import in_its_direction
from kontext_studio.ui.batch_place import cut_title, sentence_title, shown_title, with_place
from kontext_studio.ui.fit import at_whole_size
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.notifications import MessageBanner, announce
from kontext_studio.ui.option_keys import OptionKeys
from kontext_studio.ui.pasted_text import PastedIsolates
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.plain_text import breakable
from kontext_studio.ui.question import discard_changes, withdraw_discard
from kontext_studio.ui.shortcuts import go_key_accepts


def whole_title(snapshot: Snapshot) -> str:
    """``snapshot``'s title as a question about it names it (Delete's, Unpublish's): whole,
    and "Untitled" for none, as its tile says (they asked "Delete “”?"). A prompt that
    names it is cut at a title's limit, at a space, with "…": one of 5,000 characters asked
    in a box taller than the screen, its buttons out of sight."""
    return shown_title(cut_title(snapshot.display_title, MAX_TITLE_CHARS))


def whole_name(snapshot: Snapshot, *, unbroken: bool = False) -> str:
    """``snapshot`` as the window names it to the artist (a question about it, the preview's
    heading): its :func:`whole_title`, and of one of several images of one generate its
    place among them ("a lighthouse at dusk · 2 of 4"), as its tile says: Delete asked
    "Delete “a lighthouse at dusk”?" of any of the four alike. Not a file's name.
    ``unbroken``: its place kept on one line (:func:`with_place`). A title with no spaces
    (a link, tags run together) may wrap: one word to Qt, it widened the box that asked
    past the screen's edge. Kept in its own direction (:func:`in_its_direction`): a
    right-to-left override in it turned the question's words after it around."""
    return with_place(
        in_its_direction(breakable(whole_title(snapshot))), snapshot, unbroken=unbroken
    )


def chosen_title(snapshot: Snapshot, typed: str) -> str:
    """The title ``typed`` gives ``snapshot``: trimmed, and empty for its own prompt (the
    title then follows the prompt, as an empty one does), or for the prompt's first line
    it shows while it has no title of its own: the box left as it opened saved that line
    as its title, and one over the title's limit was refused."""
    title = typed.strip()
    shown = not snapshot.title and title == snapshot.display_title.strip()
    return "" if shown or title == snapshot.prompt.strip() else title


class RenameDialog(QDialog):
    """The title of ``snapshot`` to change; :meth:`deleted` is told of artworks deleted."""

    def __init__(self, snapshot: Snapshot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_placed(self)
        self.snapshot = snapshot
        self._now = snapshot  # as it is now, renamed by another program meanwhile (changed)
        self.gone = False
        self._gone_here = False  # by a Delete of the window's (:meth:`deleted`)
        self._over = False  # the title is over its limit, said (and read out) already
        self.setObjectName("renameDialog")
        self.setWindowTitle(self.tr("Rename artwork"))
        self.setMinimumWidth(420)
        # An artwork made elsewhere has no prompt to fall back on: emptied, it showed as
        # "Untitled".
        if snapshot.prompt:
            self.label = QLabel(self.tr("Title (leave empty to use the prompt):"), self)
        else:
            self.label = QLabel(self.tr("Title:"), self)
        self.title_edit = QLineEdit(snapshot.display_title, self)
        self.title_edit.setObjectName("renameTitle")
        PastedIsolates(self.title_edit)
        self.label.setBuddy(self.title_edit)
        self.problem = QLabel(self)
        self.problem.setObjectName("errorText")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # it names the title as typed
        self.problem.setWordWrap(True)
        self.problem.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        icons_as_tall_as_text(self.buttons)
        self.copy_button = self.buttons.addButton(
            self.tr("&Copy title"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.hide()
        self.copy_button.clicked.connect(self._copy)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        go_key_accepts(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.title_edit)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.title_edit.textChanged.connect(self._check)
        self.title_edit.textChanged.connect(self._not_copied)
        # All selected, to be typed over, from its end back to its start: selectAll() left
        # the cursor at the end, and a long title (a prompt's first line) showed its tail.
        self.title_edit.setSelection(len(self.title_edit.text()), -len(self.title_edit.text()))
        self.title_edit.setFocus()
        OptionKeys(self).make_all(self)  # on a Mac: Option+C copies the title kept
        self._check()
        at_whole_size(self)

    def title(self) -> str:
        """The title as typed."""
        return self.title_edit.text()

    def deleted(self, job_id: int, here: bool = False) -> None:
        """``job_id`` was deleted (``Bridge.job_deleted``: the command line, another window
        action, while the box is open; ``here``, a Delete of this window's): when it is the
        artwork renamed, the box says so at once, Save goes off for good, and the title
        typed stays, to be copied. Deleted here, it is not said to be another program's
        doing: it was, of the artist's own Delete."""
        if job_id != self.snapshot.id or self.gone:
            return
        self.gone, self._gone_here = True, here
        self.copy_button.show()
        self.cancel_button.setText(self.tr("Close"))
        self._check()
        withdraw_discard(self)
        announce(self, self.problem.text(), MessageBanner.ERROR)

    def changed(self, snapshot: Snapshot) -> None:
        """``snapshot`` as another program (the command line) or the window changed it while
        the box is open: when it is the artwork renamed, the box names it as it is now (its
        Discard question, its words once deleted), not by the title it opened with. The
        title typed is still compared with the one the box opened with."""
        if snapshot.id == self.snapshot.id and not self.gone:
            self._now = snapshot

    def _gone_words(self) -> str:
        if self._gone_here:
            words = self.tr(
                "“{title}” was deleted, so this title cannot be saved. Copy it to keep it."
            )
        else:
            words = self.tr(
                "“{title}” was deleted by another program, so this title cannot be saved. Copy "
                "it to keep it."
            )
        return words.format(title=sentence_title(self._now, self.fontMetrics()))

    def _check(self) -> None:
        """Save waits while the title is over its limit, the limit said (a paste by mistake
        is refused in words, never cut short unseen), and for good once the artwork is
        deleted (:meth:`deleted`)."""
        problem = ""
        over = False
        if self.gone:
            problem = self._gone_words()
        else:
            try:
                check_lengths(title=chosen_title(self.snapshot, self.title()), held=self.snapshot)
            except InputError as error:
                problem, over = explain_error_detail(error), True
        if over and not self._over:
            # Read out as the title goes over, not at each key typed on: before, a screen
            # reader heard nothing of why Save went off.
            announce(self, problem, MessageBanner.ERROR)
        self._over = over
        self.problem.setText(problem)
        if self.problem.isVisibleTo(self) != bool(problem):
            self.problem.setVisible(bool(problem))
            at_whole_size(self)  # a box already shown does not grow for the line by itself
        self.save_button.setEnabled(not problem)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.title())
        self.copy_button.setText(self.tr("Copied"))

    def _not_copied(self) -> None:
        """The title as it is now is not the one copied: the button said "Copied" still
        over a title typed on since, which the clipboard did not hold."""
        self.copy_button.setText(self.tr("&Copy title"))

    def accept(self) -> None:
        if self.save_button.isEnabled():
            super().accept()

    def reject(self) -> None:
        """Esc, Cancel or the window's close: a title typed goes only once the artist says
        so (:func:`discard_changes`); left as it was, or once the artwork is deleted (the
        box said so, with Copy title), the box closes at once."""
        changed = chosen_title(self.snapshot, self.title()) != self.snapshot.title
        if changed and not self.gone and not discard_changes(self, whole_name(self._now)):
            return
        super().reject()
