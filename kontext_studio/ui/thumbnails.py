"""Thumbnails for the library view, loaded only when a tile is painted.

:meth:`ThumbnailCache.get` answers from memory (a bounded LRU of pixmaps) or queues the
artwork and returns ``None``; a few worker coroutines make the disk thumbnail and decode it in
threads (``kontext_studio.images.thumbnails``), and only the final ``QImage → QPixmap`` wrap
happens on the GUI thread. The queue is served newest-request-first and bounded, so scrolling
quickly through 10 000 artworks decodes what is on screen now, not everything scrolled past.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap

from kontext_studio.errors import ImageMissingError, KontextError
from kontext_studio.images import thumbnails as image_thumbnails
from kontext_studio.images.thumbnails import DecodedImage
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.job_actions import rgba_image

THUMBNAIL_SIZE = 256
MEMORY_CAPACITY = 600
QUEUE_LIMIT = 120
WORKERS = 3


@dataclass(frozen=True)
class _Key:
    path: str
    sha256: str


def _make(source: Path, cache_dir: Path, size: int, sha256: str | None) -> DecodedImage:
    """Worker thread: the cached disk thumbnail (made if missing), decoded to RGBA."""
    small = image_thumbnails.thumbnail(source, cache_dir, size, sha256=sha256)
    return image_thumbnails.decode_rgba(small)


class ThumbnailCache(QObject):
    """Pixmaps for completed artworks; ``ready(job_id)`` says one has arrived."""

    ready = Signal(int)

    def __init__(
        self,
        bridge: Bridge,
        *,
        size: int = THUMBNAIL_SIZE,
        capacity: int = MEMORY_CAPACITY,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.size = size
        self.capacity = capacity
        self.cache_dir = bridge.session.paths.thumbnails
        self._pixmaps: OrderedDict[_Key, QPixmap] = OrderedDict()
        self._failed: set[_Key] = set()
        self._missing: set[_Key] = set()  # of the failed: the file is gone, not damaged
        self._waiting: OrderedDict[_Key, set[int]] = OrderedDict()
        self._loading: dict[_Key, set[int]] = {}
        self._workers = 0

    def get(self, snapshot: Snapshot) -> QPixmap | None:
        """The thumbnail if it is ready; otherwise queue it and return ``None``."""
        if not snapshot.file_path:
            return None
        key = _Key(snapshot.file_path, snapshot.sha256)
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
            return pixmap
        if key not in self._failed:
            self._request(key, snapshot.id)
        return None

    def failed(self, snapshot: Snapshot) -> bool:
        """True when the artwork's file could not be read (missing, damaged)."""
        return _Key(snapshot.file_path, snapshot.sha256) in self._failed

    def missing(self, snapshot: Snapshot) -> bool:
        """True when the artwork's file was found gone (by its thumbnail's worker or by the
        preview), so nothing that reads it can work; known without looking at the disk."""
        return _Key(snapshot.file_path, snapshot.sha256) in self._missing

    def mark_missing(self, snapshot: Snapshot) -> None:
        """The artwork's file is gone (the preview found out): its tile stops showing the
        thumbnail kept from before."""
        key = _Key(snapshot.file_path, snapshot.sha256)
        self._pixmaps.pop(key, None)
        self._failed.add(key)
        self._missing.add(key)
        self.ready.emit(snapshot.id)

    def mark_present(self, snapshot: Snapshot) -> None:
        """The artwork's file is there again (the artist restored it): its tile reads it."""
        self.forget(snapshot)
        self.ready.emit(snapshot.id)

    def forget(self, snapshot: Snapshot) -> None:
        key = _Key(snapshot.file_path, snapshot.sha256)
        self._pixmaps.pop(key, None)
        self._failed.discard(key)
        self._missing.discard(key)
        self._waiting.pop(key, None)

    def _request(self, key: _Key, job_id: int) -> None:
        if key in self._loading:
            self._loading[key].add(job_id)
            return
        self._waiting.setdefault(key, set()).add(job_id)
        self._waiting.move_to_end(key)
        while len(self._waiting) > QUEUE_LIMIT:
            # Scrolled past long ago; it is asked for again if it is painted again.
            self._waiting.popitem(last=False)
        if self._workers < WORKERS:
            self._workers += 1
            self.bridge.spawn(self._work())

    async def _work(self) -> None:
        try:
            while self._waiting:
                key, job_ids = self._waiting.popitem(last=True)
                self._loading[key] = job_ids
                try:
                    decoded = await asyncio.to_thread(
                        _make, Path(key.path), self.cache_dir, self.size, key.sha256 or None
                    )
                except KontextError as error:
                    self._failed.add(key)
                    if isinstance(error, ImageMissingError):
                        self._missing.add(key)
                else:
                    self._store(
                        key,
                        QPixmap.fromImage(rgba_image(decoded.width, decoded.height, decoded.data)),
                    )
                for job_id in self._loading.pop(key):
                    self.ready.emit(job_id)
        finally:
            self._workers -= 1

    def _store(self, key: _Key, pixmap: QPixmap) -> None:
        self._pixmaps[key] = pixmap
        self._pixmaps.move_to_end(key)
        while len(self._pixmaps) > self.capacity:
            self._pixmaps.popitem(last=False)
