"""Text an artist typed or a server sent, shown as it is, never read as HTML."""

from __future__ import annotations

import re

from PySide6.QtGui import Qt

BREAK = "\u200b"
"""A zero-width space: where a line may break, invisible where it does not."""
_RUN = 24  # longer than English words ("automatically" must not break after its "y")
_UNBROKEN = re.compile(rf"[^\s/\\{BREAK}]{{{_RUN + 1},}}")


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip shows it, letter for letter. Qt reads a tooltip that looks like
    HTML ("<b>bold</b> cat", "<img src=...>") as rich text, and a tooltip has no text format
    to set: such a one is escaped into a paragraph, any other is left as it is."""
    if Qt.mightBeRichText(text):
        return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
    return text


SIGNS = "▾★✕"
"""Signs on buttons that stand for a word to the eye; a screen reader would spell them out
("black star", "down-pointing small triangle")."""


def spoken(text: str) -> str:
    """A button's ``text`` as a screen reader should say it: without the signs of
    :data:`SIGNS` ("★ Starred" is "Starred", "Style: Ink ▾" is "Style: Ink")."""
    return " ".join(text.translate({ord(sign): " " for sign in SIGNS}).split())


def left_to_right(text: str) -> str:
    """``text`` kept in its own order left to right among right-to-left words, isolated
    (U+2066 … U+2069, invisible): an image's size, "384 × 512", read "512 × 384" in a
    right-to-left layout, its numbers placed right to left round the sign."""
    return f"\u2066{text}\u2069"


def breakable(text: str) -> str:
    """``text`` for a word-wrapped label that must wrap, not widen its window: a path, a
    link, a prompt with no spaces would each be one unbreakable word. A line may break after
    a slash and inside any run of more than 24 characters with no place to break. For text
    that is only read, or copied as the preview's rows copy it (``DetailText``, without
    them): a copy of it would carry the invisible breaks."""
    text = re.sub(r"([/\\])(?=[^\s/\\])", rf"\1{BREAK}", text)
    return _UNBROKEN.sub(lambda run: _chunked(run.group()), text)


def _chunked(run: str) -> str:
    return BREAK.join(run[start : start + _RUN] for start in range(0, len(run), _RUN))
