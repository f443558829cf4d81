"""Words pasted or dropped into a title or the prompt without the isolates the window adds.

The window sets a title it names in its own direction, isolated (U+2068 … U+2069,
invisible: :func:`~kontext_studio.text_direction.isolated`), and a figure in its own order
(U+2066 … U+2069). Words copied from a banner's sentence, a question or an older copy of
the preview's heading carried them: pasted into Rename they became part of the title, into
the prompt part of what went to KIE, unseen. A paste or a drop leaves them out
(:func:`~kontext_studio.text_direction.without_isolates`); what the artist types key by key
is kept as typed, and so are the other characters pasted.

A field with a length limit counts it after the clean-up: Qt's own (``setMaxLength``) cut a
paste to fit before the isolates were left out, and the letters past the cut were lost
though the words, without them, fitted. A key (the API key, the R2 secret and access key
ID) or a task id is cleaned of every direction control and zero-width character, whether
pasted, dropped, put in by an input method or typed: none can be part of one
(:func:`key_field`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from kontext_studio.text_direction import without_invisibles, without_isolates


def _utf16(text: str) -> int:
    """The length of ``text`` as Qt counts it (UTF-16: an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def _put_in(was: str, text: str) -> tuple[int, int]:
    """Where ``text`` differs from ``was``, the text before an edit: the start and the end,
    in ``text``, of the words the edit put in."""
    start = 0
    while start < min(len(was), len(text)) and was[start] == text[start]:
        start += 1
    end, shift = len(text), len(was) - len(text)
    while end > start and end + shift > start and was[end + shift - 1] == text[end - 1]:
        end -= 1
    return start, end


class _Within(QValidator):
    """Refuses a key that takes ``owner``'s field past its limit, as ``setMaxLength`` does;
    words put in at once (a paste, a drop) are let in, for ``owner`` to clean and cut. A
    text set longer (a name read from a file) can be shortened key by key: refused, its
    Backspace did nothing."""

    def __init__(self, owner: PastedIsolates, limit: int) -> None:
        super().__init__(owner)
        self._owner = owner
        self._limit = limit

    def validate(self, text: str, pos: int) -> QValidator.State:
        start, end = _put_in(self._owner.was, text)
        if len(text) <= max(self._limit, len(self._owner.was)) or end - start > 1:
            return QValidator.State.Acceptable
        return QValidator.State.Invalid


class PastedIsolates(QObject):
    """``edit``'s pastes and drops without isolates. A line edit's paste (Ctrl+V, its
    menu's Paste, the middle button's) goes through no method to override: the words an
    edit of the artist's put in at once (more than one character: a key types one) are
    taken back and put in again without them, so that one Ctrl+Z takes the whole paste
    back (a clean-up of its own left the raw paste, isolates and all, one Ctrl+Z away).

    ``limit``: the most characters the field holds, counted once the paste is cleaned (in
    place of the edit's ``setMaxLength``). ``clean``: what a paste keeps of its words.
    ``typed_too``: a character typed is cleaned as well (an input method's, a key's: a
    Persian keyboard types the zero-width non-joiner)."""

    def __init__(
        self,
        edit: QLineEdit,
        *,
        limit: int | None = None,
        clean: Callable[[str], str] = without_isolates,
        typed_too: bool = False,
    ) -> None:
        super().__init__(edit)
        self._edit = edit
        self._was = edit.text()
        self._cleaning = False
        self._limit = limit
        self._clean = clean
        self._least = 1 if typed_too else 2
        if limit is not None:
            edit.setValidator(_Within(self, limit))
        edit.textEdited.connect(self._edited)  # before textChanged: ``_was`` is the text before
        edit.textChanged.connect(self._changed)

    @property
    def was(self) -> str:
        """The field's text before the edit under way."""
        return self._was

    def _changed(self) -> None:
        # The edit's text, not the signal's: the paste's own signal comes after the clean-up's,
        # with the text as pasted, and a second paste was told apart from that one.
        self._was = self._edit.text()

    def _edited(self, text: str) -> None:
        # With a step to redo, the edit was Ctrl+Z (or Ctrl+Y): the text it brings back is
        # the artist's, as it was (a title set with isolates before any edit).
        if self._cleaning or self._edit.isRedoAvailable():
            return
        was = self._was
        start, end = _put_in(was, text)
        put_in = text[start:end]
        kept = self._clean(put_in)
        if self._limit is not None:
            kept = kept[: max(self._limit - len(text) + len(put_in), 0)]
        if len(put_in) < self._least or kept == put_in:
            return
        self._cleaning = True
        try:
            self._put_in_again(text, start, put_in, kept)
        finally:
            self._cleaning = False
        self._was = self._edit.text()

    def _put_in_again(self, text: str, start: int, put_in: str, kept: str) -> None:
        """``kept`` in place of ``put_in``, put in at ``start`` to make ``text``: the edit
        taken back and the text with ``kept`` made again from what is left, one step to
        undo. An edit whose Ctrl+Z takes back more than itself (a drop or the words of an
        input method, which Qt keeps in one step with the typing before them) goes back with
        that typing, as with Qt's own Ctrl+Z: redone and cleaned up as a step of its own,
        its Ctrl+Z brought back the words as put in, past the limit. A hidden field (a key)
        is cleaned where it is: Qt keeps no steps of a password, and its Ctrl+Z cleared it
        all, the key's start typed before the paste with it."""
        wanted = text[:start] + kept + text[start + len(put_in) :]
        if self._edit.echoMode() == QLineEdit.EchoMode.Normal:
            self._edit.undo()
        base = self._edit.text()
        at, end = _put_in(base, wanted)
        replaced = base[at : end + len(base) - len(wanted)]
        self._edit.setSelection(_utf16(base[:at]), _utf16(replaced))
        self._edit.insert(wanted[at:end])


_HOLDS_KEY = "holdsKey"
"""The property that marks a field for a key (:func:`key_field`)."""


def key_field(edit: QLineEdit) -> None:
    """``edit``, a field for a key or a task id, keeps nothing put in it that cannot be part
    of one (:func:`~kontext_studio.text_direction.without_invisibles`), one character or
    more: a zero-width space pasted from a web page with a key stayed in it, unseen. It is
    marked as one (:func:`holds_key`)."""
    PastedIsolates(edit, clean=without_invisibles, typed_too=True)
    edit.setProperty(_HOLDS_KEY, True)


def holds_key(widget: QWidget) -> bool:
    """Whether ``widget`` is a field for a key (:func:`key_field`), which holds only what
    :func:`may_be_in_a_key`."""
    return bool(widget.property(_HOLDS_KEY))


def may_be_in_a_key(typed: str) -> bool:
    """Whether ``typed``, what a key of the keyboard types, may be part of a key: letters,
    digits and signs of ASCII, as a German or French Mac types some of them with Option
    (@ [ ] { } |); never what Option types on a US one (˙ ∫ ™), a space, or nothing (a
    dead key), so that there Option's keys are the dialog's."""
    return bool(typed) and typed.isascii() and typed.isprintable() and " " not in typed


def without_added_isolates(source: QMimeData) -> QMimeData:
    """``source``, words pasted or dropped into a box of several lines (the prompt), as
    text without isolates; ``source`` itself when it has none."""
    if not source.hasText() or (kept := without_isolates(source.text())) == source.text():
        return source
    words = QMimeData()
    words.setText(kept)
    return words
