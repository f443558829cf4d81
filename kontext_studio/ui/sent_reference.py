"""The reference image of an edit that has no picture of its own yet (running) or will have
none (failed, cancelled), shown under its state in the preview: the words alone ("Failed ·
generation failed") did not say which of several edits with the same prompt it was."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from kontext_studio.errors import KontextError
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.plain_text import breakable, isolated
from kontext_studio.ui.thumbnail_label import ThumbnailLabel, decode_thumbnail

SIDE = 96


class SentReference(QWidget):
    """A small thumbnail of the reference and its name, "Edit of fox.png"; hidden for a
    job with none."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._path = ""
        self.thumb = ThumbnailLabel(bridge, SIDE, self)
        self.thumb.setObjectName("sentReferenceThumb")
        self.caption = QLabel(self)
        self.caption.setObjectName("hintLabel")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A file's name as it is ("<b>harbour</b>.png" was read as HTML), wrapped to the
        # pane's width: one with no spaces was cut at both its edges.
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        self.hide()

    def show_reference(self, path: str, name: str) -> None:
        """Show the reference at ``path``, named ``name`` as the artist knew it. Its thumbnail
        is decoded once, not at each change of the job's state."""
        words = self.tr("Edit of {name}").format(name=isolated(name))
        self.caption.setText(breakable(words))
        self.caption.setAccessibleName(words)  # heard without the breaks
        self.thumb.setAccessibleName(self.tr("Reference image {name}").format(name=name))
        self.show()
        if path == self._path:
            return
        self._path = path
        self.thumb.show_text(self.tr("…"))
        self._bridge.spawn(self._decode(path), owner=self)

    def clear(self) -> None:
        self._path = ""
        self.hide()

    async def _decode(self, path: str) -> None:
        try:
            pixmap = await decode_thumbnail(Path(path), SIDE, self.devicePixelRatioF())
        except KontextError:
            if path == self._path:
                self.thumb.show_text(self.tr("No image"))
            return
        if path == self._path:
            self.thumb.show_thumbnail(pixmap, Path(path))
