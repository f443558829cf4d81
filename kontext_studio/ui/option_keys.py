"""Option and a letter on macOS: the underlined letters Qt makes elsewhere, made by hand.

Qt makes no Alt+letter keys on macOS (nothing is underlined there, and Option types: ∫ for
Option+B on a US keyboard, @ for Option+L on a German one), and a label's letter or a
button's did nothing there. :class:`OptionKeys` makes them for a dialog (Settings' pages,
Rename, Edit details, Enter task ID), Option and the letter as Qt makes Alt and the letter
elsewhere: a label's goes to its field, a button's presses it, and two in sight sharing a
letter take the keyboard in turn, one a press, as Qt's own do (Qt's shortcuts did nothing
for a letter shared). Nothing being underlined, the field's and the button's tooltip says
its key.

What Option types in a text field is the field's (:func:`types_option_keys`), as in every
Mac program; the keys act from elsewhere, and from a field that never holds what the key
types: a key's field, which holds @ [ ] { } | (a German or French Mac types them with
Option) and never ˙ ∫ ™ nor a dead key's nothing (their ~, Option+N, is a dead key: there
it presses Test connection), and a number box, which holds no letter.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolTip,
    QWidget,
)

from kontext_studio.ui.key_focus import focus_as_keys
from kontext_studio.ui.pasted_text import holds_key, may_be_in_a_key
from kontext_studio.ui.plain_text import plain_tooltip


def letters_by_hand() -> bool:
    """Whether Qt makes no underlined letters here (macOS: Option and a letter types)."""
    return QKeySequence.mnemonic("&x").isEmpty()


def letter_key(text: str) -> QKeySequence:
    """Alt (Option on a Mac) and the underlined letter of ``text`` ("Bro&wse…": Alt+W),
    made whether or not Qt makes it; empty for none ("&&" is a written "&"). Its capital
    as Qt's: a letter with none of one letter (ß: Python's is "SS") is its own."""
    at = 0
    while (at := text.find("&", at) + 1) and at < len(text):
        letter = text[at]
        if letter != "&":
            capital = letter.upper()
            key = capital if len(capital) == 1 else letter
            return QKeySequence(Qt.Modifier.ALT | Qt.Key(ord(key)))
        at += 1
    return QKeySequence()


def types_option_keys(widget: QWidget | None, event: QKeyEvent, *, letter: bool) -> bool:
    """Whether ``event``, Option and a digit or a ``letter``, is ``widget``'s own, typed
    there rather than acting: on macOS, in a text field that takes typing, what the key
    types (¡ for Option+1 on a Mac's US keyboard, ∫ for Option+B, ę on a Polish one; a dead
    key, Option+E, types nothing yet: its next key makes é). Qt reads Option as Alt:
    elsewhere Alt and a key types nothing. A key's field takes only what a key may hold
    (:func:`~kontext_studio.ui.pasted_text.may_be_in_a_key`: the @ of Option+L on a German
    Mac, not the ˙ of Option+H), the rest being the dialog's (Option+H shows the key). A
    spin box takes a digit, doing nothing with it as a Mac's does (in Settings' Safety
    tolerance Option+1 turned the page), and no letter (Option+M goes from Safety tolerance
    to the Model)."""
    if not (
        sys.platform == "darwin"
        and isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox)
        and not widget.isReadOnly()
    ):
        return False
    if isinstance(widget, QAbstractSpinBox):
        return not letter
    return not holds_key(widget) or may_be_in_a_key(event.text())


class _SaysItsKey(QObject):
    """The tooltip of the widgets it watches says their key, ``key()`` as the words it is
    read from are when the tip shows, after their own words, whatever those are as it shows
    (a button's change with its state); a key gone, their own words alone."""

    def __init__(self, key: Callable[[], QKeySequence], parent: QObject) -> None:
        super().__init__(parent)
        self._key = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ToolTip
            and isinstance(event, QHelpEvent)
            and isinstance(watched, QWidget)
            and not (key := self._key()).isEmpty()
        ):
            tip = plain_tooltip(self.tip(watched.toolTip(), key))
            QToolTip.showText(event.globalPos(), tip, watched, QRect(), watched.toolTipDuration())
            return True
        return super().eventFilter(watched, event)

    def tip(self, words: str, key: QKeySequence) -> str:
        """``words`` and ``key``, bracketed as the language brackets ("（⌥B）" in Chinese)."""
        said = key.toString(QKeySequence.SequenceFormat.NativeText)
        if not words:
            return said
        return self.tr("{tip} ({key})").format(tip=words, key=said)


@dataclass(frozen=True)
class _Letter:
    """A letter made by hand: its ``shortcut``, the ``words`` it is read from (a label's, a
    button's) and whether what it goes to is ``in_reach`` now."""

    shortcut: QShortcut
    words: Callable[[], str]
    in_reach: Callable[[], bool]

    def read(self) -> None:
        """The letter of the words as they are now, live while what it goes to is in reach:
        "&Copy title" shown as "Copied" for a moment has no letter meanwhile."""
        letter = letter_key(self.words())
        if self.shortcut.key() != letter:
            self.shortcut.setKey(letter)
        self.shortcut.setEnabled(not letter.isEmpty() and self.in_reach())


def shown_and_enabled(widget: QWidget) -> Callable[[], bool]:
    """Whether ``widget`` is shown in its window and enabled, asked when called: a letter
    of a field hidden or grey took its turn among those sharing it, the keyboard going
    nowhere the artist saw."""
    return lambda: widget.isVisibleTo(widget.window()) and widget.isEnabled()


class OptionKeys(QObject):
    """The letters of the labels and buttons in ``root`` (a dialog, Settings' pages), and
    the keys it takes for Option and a letter or a digit, which a text field keeps for what
    they type there (:func:`types_option_keys`). Each letter is read from its label's or
    button's words as a key is pressed in the window (:meth:`read`): a button's words
    change ("Copied", a translation's "已复制"), and its letter with them."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self._root = root
        self._made: list[_Letter] = []
        self._digits: list[QKeySequence] = []
        root.installEventFilter(self)

    def make_all(self, root: QWidget) -> None:
        """Where Qt makes none (:func:`letters_by_hand`), the letters of ``root``'s labels
        with a field and of its buttons: each live while it is shown (a button enabled, a
        label's field shown and enabled)."""
        if not letters_by_hand():
            return
        for label in root.findChildren(QLabel):
            field = label.buddy()
            if field is not None:
                self.field_key(label, label, partial(focus_as_keys, field, named=True))
        for button in root.findChildren(QAbstractButton):
            self.button_key(button)

    def take_digit(self, key: QKeySequence) -> None:
        """``key``, Option and a digit, is one of the dialog's, unless a text field types it
        (:meth:`eventFilter`)."""
        self._digits.append(key)

    def field_key(
        self,
        label: QLabel,
        owner: QWidget,
        go: Callable[[], None],
        in_reach: Callable[[], bool] | None = None,
    ) -> None:
        """``label``'s letter, a shortcut live while ``owner`` is shown and its field is
        ``in_reach`` (by default: shown and enabled), ``go``ing to its field (a letter
        shared, in turn); the label's and the field's tooltips say it where Qt underlines
        nothing. Nothing for a label with no field."""
        field = label.buddy()
        if field is None:
            return
        key = QShortcut(owner)
        key.activated.connect(go)
        key.activatedAmbiguously.connect(go)
        self._made.append(_Letter(key, label.text, in_reach or shown_and_enabled(field)))
        self._made[-1].read()
        if letters_by_hand():
            self._say(label, label, field)

    def button_key(self, button: QAbstractButton) -> None:
        """Option and ``button``'s letter press it, as Qt's letter does elsewhere, while it
        is shown and enabled (a shortcut of its own); shared with another in sight, it takes
        the keyboard to it, the next press to the other, as Qt's do. Its letter as its words
        are when the key is pressed: the Show toggle's is H, as "&Hide" too."""
        key = QShortcut(button)
        key.activated.connect(button.animateClick)
        key.activatedAmbiguously.connect(partial(focus_as_keys, button))
        self._made.append(_Letter(key, button.text, lambda: True))
        self._made[-1].read()
        self._say(button, button)

    def read(self) -> None:
        """Every letter as its words are now, live while what it goes to is in reach."""
        for made in self._made:
            made.read()

    @staticmethod
    def _say(source: QLabel | QAbstractButton, *widgets: QWidget) -> None:
        says = _SaysItsKey(lambda: letter_key(source.text()), source)
        for widget in widgets:
            widget.installEventFilter(says)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A key pressed in the window: the letters are read anew before any shortcut sees
        it (:meth:`read`). One of the dialog's pressed in a text field that types Option's
        characters there (:func:`types_option_keys`) is the field's: taken for its own, it
        is typed. Option+2 turned Settings' page where a Mac types ™, and Option+L on a
        German Mac went to the Language, the @ of an R2 secret lost. Shown, the root's
        window is watched too: a key pressed outside the root (Settings' Save) reads them."""
        if event.type() == QEvent.Type.Show and watched is self._root:
            self._root.window().installEventFilter(self)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            self.read()
            key = QKeySequence(event.keyCombination())
            digit = key in self._digits
            letters = [made.shortcut.key() for made in self._made if made.shortcut.isEnabled()]
            if (digit or key in letters) and types_option_keys(
                QApplication.focusWidget(), event, letter=not digit
            ):
                event.accept()
                return True
        return super().eventFilter(watched, event)
