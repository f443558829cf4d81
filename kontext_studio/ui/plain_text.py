"""Text an artist typed or a server sent, shown as it is, never read as HTML."""

from __future__ import annotations

from PySide6.QtGui import Qt


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip shows it, letter for letter. Qt reads a tooltip that looks like
    HTML ("<b>bold</b> cat", "<img src=...>") as rich text, and a tooltip has no text format
    to set: such a one is escaped into a paragraph, any other is left as it is."""
    if Qt.mightBeRichText(text):
        return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
    return text
