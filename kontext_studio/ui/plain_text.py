"""Text an artist typed or a server sent, shown as it is, never read as HTML."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from itertools import accumulate, pairwise

from PySide6.QtCore import QTextBoundaryFinder
from PySide6.QtGui import Qt
from PySide6.QtWidgets import QWidget

from kontext_studio import text_direction
from kontext_studio.ui.long_tips import tip_on_lines

BREAK = "\u200b"
"""A zero-width space: where a line may break, invisible where it does not."""
_RUN = 24  # longer than English words ("automatically" must not break after its "y")
_UNBROKEN = re.compile(rf"[^\s/\\{BREAK}]{{{_RUN + 1},}}")
_BETWEEN_TAGS = frozenset(",;")
_IN_A_TAG = frozenset("_-")


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip shows it, letter for letter, on lines of a readable width: every
    tooltip the app sets passes here. Qt reads a tooltip that looks like HTML ("<b>bold</b>
    cat", "<img src=...>") as rich text, and a tooltip has no text format to set: such a one
    is kept plain (:func:`not_markup`), so it is broken into lines as any other, and a
    screen reader, which hears a widget's tooltip as its description, hears the words, not
    tags (as typed: :func:`set_plain_tooltip`). A long tooltip is broken into lines
    (:func:`~kontext_studio.ui.long_tips.tip_on_lines`); a short one is left as it is."""
    return tip_on_lines(not_markup(text))


_HEARD = "tipHeard"
"""A widget's property: the description :func:`set_plain_tooltip` gave it last."""


def set_plain_tooltip(widget: QWidget, text: str) -> None:
    """Make ``text`` ``widget``'s tooltip (:func:`plain_tooltip`), heard as typed. Qt gives a
    screen reader a widget's tooltip as its description where it has none of its own, and
    the word joiners that keep a tooltip looking like markup plain (:func:`not_markup`)
    were read with it, between "<" and "b>", and so were the line breaks that keep a long
    one narrow: a file's path was heard with pauses in the middle of its folders. A widget
    whose tooltip is not ``text`` as it is is described by ``text`` itself, as typed. A
    description the widget was given otherwise is left as it is.

    A menu's action (a style preset's details, a recent prompt) is given :func:`plain_tooltip`
    alone: it has no description to set, and Qt's interface for a menu item says its words
    and its keys, never its tooltip (Qt 6.11), so a screen reader hears no joiners there."""
    tip = plain_tooltip(text)
    widget.setToolTip(tip)
    own = widget.accessibleDescription()
    if own and own != widget.property(_HEARD):
        return
    heard = text if tip != text else ""  # else Qt's own: the tooltip, as typed
    widget.setAccessibleDescription(heard)
    widget.setProperty(_HEARD, heard)


JOINER = "\u2060"
"""A word joiner: invisible, heard as nothing, and no place to break a line (Chinese breaks
a line between any two characters)."""
_TAG_START = re.compile(rf"<(?!{JOINER})|&(?=lt;)")


def not_markup(text: str) -> str:
    """``text``, shown as it is, that Qt does not take for HTML: Qt guesses from its first
    line alone (``Qt::mightBeRichText``: a tag there, or "&lt;" before one). A word joiner
    after each "<" of that line, and after the "&" of each "&lt;", makes none of them a tag.
    Escaped into a paragraph instead, Qt wrapped "a <b>bold</b> fox" into a column of a
    word or two, and a screen reader heard "&lt;b&gt;". Text Qt takes as plain is left as
    it is, without joiners: a copy or a comparison of the tip sees the words alone."""
    if not Qt.mightBeRichText(text):
        return text
    start = len(text) - len(text.lstrip())  # Qt's first line begins after the white space
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    first = _TAG_START.sub(lambda mark: mark.group() + JOINER, text[start:end])
    return text[:start] + first + text[end:]


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


def isolated(name: str) -> str:
    """A file's ``name`` as a sentence names it: on one line, a line break in it a space,
    and isolated (U+2068 … U+2069, invisible), so its own direction stays in it. A name
    holding a right-to-left override (U+202E, how a file hides its true extension) turned
    every word after it in the sentence around, the other names unreadable."""
    return text_direction.isolated(" ".join(name.split()))


def breakable(text: str) -> str:
    """``text`` for a word-wrapped label that must wrap, not widen its window: a path, a
    link, a prompt with no spaces would each be one unbreakable word. A line may break after
    a slash and inside any run of more than 24 characters (an emoji or a Chinese character
    counts two) with no place to break: after its last comma or semicolon within them
    ("1girl,solo,long_hair," wraps between tags, not inside one), else after an underscore
    or hyphen late in them, else after the last of them. Never inside a character as the
    eye sees it: an emoji of several code points (a family, a flag, a skin tone) or a
    letter and its accent were split in two. For text that is only read, or copied as the
    preview's rows copy it (``DetailText``, without them): a copy of it would carry the
    invisible breaks."""
    bounds = _cluster_bounds(text)
    text = re.sub(
        r"[/\\](?=[^\s/\\])",
        lambda slash: slash.group() + (BREAK if slash.end() in bounds else ""),
        text,
    )
    return _UNBROKEN.sub(lambda run: _chunked(run.group()), text)


_WORD = re.compile(rf"[^\s{BREAK}]+")


def broken_to_width(text: str, wider: Callable[[str], bool]) -> str:
    """``text`` (:func:`breakable`'s) with a break between the characters, as the eye sees
    them, of each of its words ``wider`` than a line: at a large font in a narrow pane, a
    long first word ("Supercalifragilistic") of a prompt shown under the preview's heading
    was cut at a letter at the pane's edge, its end out of sight. It goes on on the next
    line instead, the rest of its lines still broken between words. Only where a line
    cannot already break: Chinese breaks between its characters as it is."""

    def broken(word: str) -> str:
        if not wider(word):
            return word
        return "".join(
            BREAK.join(_clusters(piece)) if len(piece) > 1 and wider(piece) else piece
            for piece in _line_pieces(word)
        )  # a piece of one character has nowhere to break: not measured (a Chinese prompt)

    return _WORD.sub(lambda word: broken(word.group()), text)


@functools.lru_cache(maxsize=64)
def _line_pieces(word: str) -> tuple[str, ...]:
    """``word`` cut where a line may break (:func:`line_breaks`), kept for the next resize:
    a pane dragged narrower re-breaks the same words at each step, and the breaks of a
    Chinese prompt of 10,000 characters took half a second each time (with measuring)."""
    bounds = [0, *line_breaks(word), len(word)]
    return tuple(word[start:end] for start, end in pairwise(bounds))


def _clusters(text: str) -> list[str]:
    """``text``'s characters as the eye sees them (:func:`_cluster_bounds`)."""
    bounds = sorted(_cluster_bounds(text))
    return [text[start:end] for start, end in pairwise(bounds)]


def unbroken(text: str) -> str:
    """``text`` without the breaks of :func:`breakable`: as typed, as a screen reader
    should read it and a copy should carry it."""
    return text.replace(BREAK, "")


def _cluster_bounds(text: str) -> set[int]:
    """Where in ``text`` a character as the eye sees it (a grapheme cluster) may begin or
    end, as indices of ``text``."""
    return _bounds(text, QTextBoundaryFinder.BoundaryType.Grapheme)


def indices(text: str) -> dict[int, int]:
    """The index in ``text`` of each offset Qt gives in it, its characters' starts and its
    end. Qt counts in UTF-16: an emoji is two there, one here."""
    offsets = accumulate((2 if ord(char) > 0xFFFF else 1 for char in text), initial=0)
    return {offset: index for index, offset in enumerate(offsets)}


def line_breaks(text: str) -> list[int]:
    """Where a line of ``text`` may break, inside it, as indices of ``text``: Qt's offsets,
    in UTF-16, taken as Python's cut "😀😀 fox" after "fox"'s "f" (:func:`indices`)."""
    return sorted(_bounds(text, QTextBoundaryFinder.BoundaryType.Line) - {0, len(text)})


def _bounds(text: str, kind: QTextBoundaryFinder.BoundaryType) -> set[int]:
    """The boundaries of ``kind`` in ``text``, as indices of ``text`` (:func:`indices`)."""
    utf16 = indices(text)
    finder = QTextBoundaryFinder(kind, text)
    bounds = {0}
    while (offset := finder.toNextBoundary()) != -1:
        bounds.add(utf16[offset])
    return bounds


def _chunked(run: str) -> str:
    """``run`` with breaks inside its stretches a line cannot break in already: Chinese or
    Japanese words break between their characters, and were given breaks they did not need
    (the words a copy of the preview's advice carried were not the status bar's)."""
    bounds = [0, *line_breaks(run), len(run)]
    return "".join(_chunked_stretch(run[start:end]) for start, end in pairwise(bounds))


def _chunked_stretch(run: str) -> str:
    bounds = sorted(_cluster_bounds(run))
    clusters = [run[start:end] for start, end in pairwise(bounds)]
    pieces: list[str] = []
    while sum(map(_width, clusters)) > _RUN:
        window = _line(clusters)
        cut = _cut(window)
        pieces.append("".join(clusters[:cut]))
        clusters = clusters[cut:]
    pieces.append("".join(clusters))
    return BREAK.join(pieces)


def letters_wide(text: str) -> int:
    """How many letters wide ``text`` is, as the eye counts them: a letter with its accents
    is one, however many code points it takes; an emoji or a Chinese character is two."""
    bounds = sorted(_cluster_bounds(text))
    return sum(_width(text[start:end]) for start, end in pairwise(bounds))


def _width(cluster: str) -> int:
    """A cluster's width in letters: an emoji (a flag too) or a Chinese character is about
    two."""
    first = cluster[0]
    return 2 if ord(first) > 0xFFFF or unicodedata.east_asian_width(first) in "WF" else 1


def _line(clusters: list[str]) -> list[str]:
    """The first of ``clusters`` that are together at most :data:`_RUN` letters wide (one
    at least)."""
    widths = accumulate(map(_width, clusters))
    return clusters[: max(1, sum(1 for width in widths if width <= _RUN))]


def _cut(window: list[str]) -> int:
    """How many of ``window``'s clusters stay on a line: up to its last comma, else its
    last underscore or hyphen in its second half (a tag's word kept whole), else all."""
    for marks, least in ((_BETWEEN_TAGS, 1), (_IN_A_TAG, len(window) // 2)):
        for place in range(len(window) - 1, least - 1, -1):
            if window[place] in marks:
                return place + 1
    return len(window)
