"""Long tooltips on lines of a readable width.

Qt shows a plain tooltip on one line however long it is: Test connection's in Settings ran
past the dialog's edge. :func:`tip_on_lines` breaks a tooltip's words into lines about fifty
characters wide (:func:`tip_width`) once, as the tooltip is set
(:func:`~kontext_studio.ui.plain_text.plain_tooltip`): Qt then sizes and places the tip
whole, inside the screen, and nothing runs as it is shown. Plain lines rather than rich text,
which Qt would wrap itself: a screen reader hears a widget's tooltip as its description,
tags and all.
"""

from __future__ import annotations

from functools import lru_cache
from string import ascii_lowercase

from PySide6.QtGui import QFont, QFontMetrics, QTextLayout
from PySide6.QtWidgets import QToolTip

TIP_CHARACTERS = 50
"""The width of a tooltip's line, in the tooltip font's average letters a to z."""


@lru_cache(maxsize=16)
def tip_width(font: QFont) -> int:
    """The widest a tooltip's line is drawn with ``font``, in pixels: measured on the Latin
    letters, not the font's average character, which a Chinese font (Noto Sans CJK, the
    tooltip font when the system's language is Chinese) gives as wide as a Chinese
    character: its lines were twice as wide, 95 letters of a prompt."""
    return (
        QFontMetrics(font).horizontalAdvance(ascii_lowercase)
        * TIP_CHARACTERS
        // len(ascii_lowercase)
    )


def tip_on_lines(text: str) -> str:
    """``text`` on lines that fit a tooltip's width in the tooltip font (:func:`tip_lines`)."""
    return _on_lines(text, QToolTip.font())


@lru_cache(maxsize=1024)
def _on_lines(text: str, font: QFont) -> str:
    """:func:`tip_on_lines`, each tooltip measured once in each font: the same words are set
    again at every refresh (twenty actions' at a click in the library), and measuring them
    took a tenth of a millisecond for a short one, a millisecond for a prompt."""
    return tip_lines(text, font, tip_width(font))


def tip_lines(text: str, font: QFont, width: int) -> str:
    """``text`` on lines no wider than ``width`` drawn in ``font``, broken where the language
    breaks a line (at spaces, between Chinese characters): every word kept, a word wider
    than ``width`` on a line of its own, whole; text that fits, as it is. Plain ``text``:
    :func:`~kontext_studio.ui.plain_text.plain_tooltip` keeps words that look like markup
    plain before they come here."""
    metrics = QFontMetrics(font)
    paragraphs = text.split("\n")
    if all(metrics.horizontalAdvance(paragraph) <= width for paragraph in paragraphs):
        return text
    return "\n".join(line for paragraph in paragraphs for line in _lines(paragraph, font, width))


def _lines(paragraph: str, font: QFont, width: int) -> list[str]:
    """``paragraph`` broken into lines by Qt's line breaking, the space at a break dropped.
    Qt counts in UTF-16 units: an emoji is two of them and one Python character. A file
    name not in UTF-8 holds lone surrogates ("caf\udce9.png"), shown as "�" as its title
    is: they are made that first (UTF-16 has no unit for them)."""
    paragraph = paragraph.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    units = paragraph.encode("utf-16-le")
    layout = QTextLayout(paragraph, font)
    lines: list[str] = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        lines.append(units[start * 2 : (start + length) * 2].decode("utf-16-le").rstrip())
    layout.endLayout()
    return lines or [paragraph]
