"""A file's thumbnail in a fixed square: the reference slot's and each Upload row's.

Like the library's tiles (:mod:`kontext_studio.ui.thumbnails`), it is made at the pixels of
the screen it is drawn on, and learns that screen's device pixel ratio from what it is painted
on. When the window moves between a 1x and a 2x screen, the thumbnail it has is drawn
meanwhile (stretched or shrunk to the same place) and one made for the new screen is decoded in
a worker thread, then takes its place. The GUI thread only wraps the decoded pixels.

A thumbnail with transparent pixels (a sticker, a logo) is laid over the checkerboard the
preview draws behind them (:func:`~kontext_studio.ui.picture.checkerboard`), in the worker
thread: on the square's plain background, its edges could not be seen.
"""

from __future__ import annotations

import asyncio
import logging
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from kontext_studio.errors import KontextError
from kontext_studio.images.thumbnails import decode_rgba
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.font_scale import scaled_font
from kontext_studio.ui.picture import checkerboard, device_ratio, on_device_pixels
from kontext_studio.ui.thumbnails import device_side

log = logging.getLogger(__name__)

DECODERS = 2
WORD_INSET = 3
"""Pixels kept clear between a word and the square's sides, its rounded corners."""
SHRINK = 0.9
"""The step by which a word too wide for its square is made smaller."""
SMALLEST = 5.0
"""The least height of a shrunk word's letters, in pixels: below, nothing could be read."""


def thumbnail_image(source: Path, side: int, ratio: float) -> QImage:
    """``source`` decoded to fit ``side`` device pixels, for a screen of ``ratio``; one with
    transparent pixels drawn over the checkerboard, whose squares are as large as the
    preview's on that screen. Thread-safe (QImage and QPainter on an image are reentrant):
    run it in a worker. Raises what :func:`decode_rgba` does."""
    decoded = decode_rgba(source, side)
    image = QImage(
        decoded.data,
        decoded.width,
        decoded.height,
        4 * decoded.width,
        QImage.Format.Format_RGBA8888,
    )
    if not decoded.translucent:
        return image.copy()  # detached from the Python buffer
    image.setDevicePixelRatio(ratio)
    backed = QImage(image.size(), QImage.Format.Format_RGB32)
    backed.setDevicePixelRatio(ratio)
    painter = QPainter(backed)
    painter.fillRect(QRectF(QPointF(0, 0), backed.deviceIndependentSize()), checkerboard())
    painter.drawImage(QPointF(0, 0), image)
    painter.end()
    return backed


_DECODER = ThreadPoolExecutor(max_workers=DECODERS, thread_name_prefix="thumbnail")
"""Its own threads: a move to a 2x screen re-makes every visible row's thumbnail at once, and
a PNG is decoded whole (~200 MB for 50 MP) before it is made small. In the shared pool that
was six at once, and the Upload tab's checks waited behind them."""


async def decode_thumbnail(source: Path, side: int, ratio: float) -> QPixmap:
    """``source`` decoded in a worker thread to fit ``side`` logical pixels on a screen of
    ``ratio``, as a pixmap that carries the ratio. Raises what :func:`decode_rgba` does."""
    image = await asyncio.get_running_loop().run_in_executor(
        _DECODER, thumbnail_image, source, device_side(side, ratio), ratio
    )
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def fitted_font(font: QFont, text: str, room: QRectF, flags: int) -> QFont:
    """``font``, made smaller as far as ``text``, laid out with ``flags``, needs to fit
    ``room``: the largest of its steps down (:data:`SHRINK`) that does, or the smallest
    (:data:`SMALLEST`)."""
    fitted = QFont(font)
    scale = 1.0
    while True:
        metrics = QFontMetricsF(fitted)
        needed = metrics.boundingRect(room, flags, text).size()
        fits = needed.width() <= room.width() and needed.height() <= room.height()
        if fits or metrics.height() * SHRINK < SMALLEST:
            return fitted
        scale *= SHRINK
        fitted = scaled_font(font, scale)


class ThumbnailLabel(QLabel):
    """A ``side`` × ``side`` square showing a thumbnail (:meth:`show_thumbnail`) or a word
    (:meth:`show_text`). The word is drawn in the label's font, made smaller where it would
    not fit the square: at the app font 1.6x larger, "Refused" was cut to "efused". It is
    fitted as it is drawn, so a font changed since is fitted too; the label keeps its text
    (a screen reader reads it) and its font."""

    def __init__(self, bridge: Bridge, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._side = side
        self._given: QPixmap | None = None
        self._pixmap: QPixmap | None = None
        self._source: Path | None = None
        self._ratio = 1.0
        """The ratio of the screen the thumbnail shown, or the one being made, is for."""
        self._generation = 0
        self.setFixedSize(side, side)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    @property
    def thumbnail(self) -> QPixmap | None:
        """The thumbnail drawn now; None while a word is shown."""
        return self._pixmap

    def show_thumbnail(self, pixmap: QPixmap, source: Path) -> None:
        """Show ``pixmap``, decoded from ``source`` for a screen of its device pixel ratio.
        Given the same pixmap again, the one made since for another screen stays."""
        if pixmap is self._given:
            return
        self._generation += 1
        self._given = self._pixmap = pixmap
        self._source = source
        self._ratio = pixmap.devicePixelRatio()
        self.setText("")
        self.update()

    def show_text(self, text: str) -> None:
        self._generation += 1
        self._given = self._pixmap = None
        self._source = None
        self.setText(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        QFrame.paintEvent(self, event)  # the background: QLabel's would draw the word unfitted
        pixmap = self._pixmap
        if pixmap is None:
            self._draw_word()
            return
        painter = QPainter(self)
        ratio = device_ratio(painter)
        target = QRectF(QPointF(0, 0), pixmap.deviceIndependentSize())
        target.moveCenter(QRectF(self.contentsRect()).center())
        drawn_as_made = math.isclose(pixmap.devicePixelRatio(), ratio, abs_tol=1e-6)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, not drawn_as_made)
        painter.drawPixmap(on_device_pixels(painter, target), pixmap, QRectF(pixmap.rect()))
        painter.end()
        self._make_for(ratio)

    def _draw_word(self) -> None:
        """The word shown, fitted to the square (:func:`fitted_font`), as QLabel draws it."""
        text = self.text()
        if not text:
            return
        margin = self.margin() + WORD_INSET
        room = QRectF(self.contentsRect()).adjusted(margin, margin, -margin, -margin)
        flags = int(self.alignment().value)
        if self.wordWrap():
            flags |= Qt.TextFlag.TextWordWrap.value
        painter = QPainter(self)
        painter.setFont(fitted_font(self.font(), text, room, flags))
        self.style().drawItemText(
            painter,
            room.toRect(),
            flags,
            self.palette(),
            self.isEnabled(),
            text,
            self.foregroundRole(),
        )
        painter.end()

    def _make_for(self, ratio: float) -> None:
        """Have a thumbnail made for a screen of ``ratio``, unless it is there or coming."""
        if self._source is None or math.isclose(ratio, self._ratio, abs_tol=1e-6):
            return
        self._ratio = ratio
        self._generation += 1
        self._bridge.spawn(self._remake(self._generation, self._source, ratio))

    async def _remake(self, generation: int, source: Path, ratio: float) -> None:
        try:
            pixmap = await decode_thumbnail(source, self._side, ratio)
        except KontextError as error:  # gone or changed since: the one shown stays
            log.info(
                "a thumbnail was not remade for another screen",
                extra={"event": "thumbnail_not_remade", "kind": error.kind},
            )
            return
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._pixmap = pixmap
        self.update()
