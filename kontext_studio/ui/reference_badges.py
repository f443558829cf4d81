"""Small pictures of the references of edits that have no picture of their own (running,
failed, cancelled), for their tiles: two edits of one prompt on different references read
alike in the grid, "Failed" over the same words, and the artist could not tell which was
which without opening each."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap

from kontext_studio.errors import KontextError
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.thumbnail_label import decode_thumbnail

SIDE = 36
"""A badge's side, in logical pixels: small enough to leave the state's words room."""
CAPACITY = 256
"""How many badges are kept; the least recently painted go first."""


class ReferenceBadges(QObject):
    """Badges made in the background once asked for (:meth:`get`); :attr:`ready` says one
    has arrived, or that one cannot be had. A reference that cannot be read (deleted since)
    gets a null pixmap, and is not read again."""

    ready = Signal()

    def __init__(self, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._pixmaps: OrderedDict[tuple[str, float], QPixmap | None] = OrderedDict()
        """None: being made; a null pixmap: not to be had."""

    def get(self, path: str, ratio: float) -> QPixmap | None:
        """The badge of the reference at ``path`` for a screen of ``ratio`` if it is made (a
        null pixmap when it cannot be); else None, and it is made."""
        key = (path, ratio)
        if key in self._pixmaps:
            self._pixmaps.move_to_end(key)
            return self._pixmaps[key]
        self._pixmaps[key] = None
        while len(self._pixmaps) > CAPACITY:
            self._pixmaps.popitem(last=False)
        self._bridge.spawn(self._make(key), owner=self)
        return None

    async def _make(self, key: tuple[str, float]) -> None:
        path, ratio = key
        try:
            pixmap = await decode_thumbnail(Path(path), SIDE, ratio)
        except KontextError:
            pixmap = QPixmap()
        if key in self._pixmaps:
            self._pixmaps[key] = pixmap
            self.ready.emit()
