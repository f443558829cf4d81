"""An image as the preview draws it: decoded pixels in halving levels, and the file's size.

Drawing a large image much smaller with bilinear filtering skips most of its pixels, so fine
detail (hatching, a grid, fabric) turns into moiré. Each level here is half the one before,
made with Qt's smooth (area-averaging) filter in a worker thread; the canvas draws from the
smallest level that still has a pixel for every screen pixel, so the bilinear step never
shrinks by more than half.

The preview decodes at most a bounded size; :attr:`Picture.size` is the size of the file's
own pixels, which is what 100 % means. Zoomed past that reduced copy, the file's own pixels
are decoded (``PreviewPanel.want_file_pixels``): only then, so that going through a library
of camera photos decodes each at the bounded size.

:func:`draw_picture` places the image on whole device pixels (at 150 % a logical pixel is not
one) and leaves it unfiltered when each of its pixels is one device pixel, or two or more, so
100 % and a close look at the pixels are as sharp on a 2x or 1.5x screen as on a 1x one.
"""

from __future__ import annotations

import asyncio
import functools
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter

from kontext_studio.images.thumbnails import DecodedImage, DecodeStopped, decode_rgba

SMALLEST_LEVEL_SIDE = 256
CHECKER_SIDE = 8
CHECKER_LIGHT = QColor(255, 255, 255)
CHECKER_DARK = QColor(204, 204, 204)
SHARP_FROM = 2.0
"""Device pixels per image pixel from which the pixels are drawn as blocks, unfiltered: the
artist zoomed in to look at them."""


@dataclass(frozen=True)
class Picture:
    levels: tuple[QImage, ...]
    """The decoded pixels, then each level half the one before; premultiplied ARGB32, the
    format the raster painter draws without converting."""
    size: QSize
    """The file's own pixels (upright)."""
    pixels: bytes | None = field(default=None, compare=False, repr=False)
    """The bytes the first level is drawn from, not copied (:func:`premultiplied_image`):
    they live as long as the picture does."""
    translucent: bool = False
    """Some pixel is not fully opaque: drawn over a checkerboard (:func:`draw_picture`)."""

    @property
    def reduced(self) -> bool:
        """Its pixels are a scaled-down copy of the file's."""
        return self.levels[0].width() < self.size.width()

    def level_for(self, scale: float) -> QImage:
        """The smallest level with at least one pixel per device pixel at ``scale`` (device
        pixels per file pixel)."""
        wanted = self.size.width() * scale
        chosen = self.levels[0]
        for level in self.levels[1:]:
            if level.width() < wanted:
                break
            chosen = level
        return chosen


def halvings(image: QImage) -> list[QImage]:
    """``image``, then halves of it down to :data:`SMALLEST_LEVEL_SIDE`. Thread-safe (QImage
    is reentrant): run it in a worker."""
    levels = [image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)]
    while max(levels[-1].width(), levels[-1].height()) >= 2 * SMALLEST_LEVEL_SIDE:
        last = levels[-1]
        levels.append(
            last.scaled(
                max(1, last.width() // 2),
                max(1, last.height() // 2),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
    return levels


def premultiplied_image(decoded: DecodedImage) -> QImage:
    """A QImage over ``decoded``'s premultiplied bytes (``thumbnails.PREMULTIPLIED``), neither
    copied nor converted: whoever draws it keeps ``decoded.data`` alive (:class:`Picture`)."""
    image_format = (
        QImage.Format.Format_ARGB32_Premultiplied
        if decoded.layout == "BGRa"
        else QImage.Format.Format_RGBA8888_Premultiplied
    )
    width, height = decoded.width, decoded.height
    return QImage(decoded.data, width, height, 4 * width, image_format)


def _decoded(path: Path, max_side: int | None, stop: threading.Event | None) -> Picture:
    decoded = decode_rgba(path, max_side, premultiplied=True, stop=stop)
    if stop is not None and stop.is_set():
        raise DecodeStopped
    levels = halvings(premultiplied_image(decoded))
    return Picture(
        tuple(levels), QSize(*decoded.source_size), decoded.data, translucent=decoded.translucent
    )


async def load_picture(
    path: Path, max_side: int | None, stop: threading.Event | None = None
) -> Picture:
    """Decode ``path`` (at most ``max_side`` a side; ``None``: all its pixels) and make its
    levels, in a worker thread: the GUI thread gets images ready to draw. Once ``stop`` is
    set, the worker raises :class:`DecodeStopped` at its next read of the file, or before
    making the levels."""
    return await asyncio.to_thread(_decoded, path, max_side, stop)


def device_ratio(painter: QPainter) -> float:
    """Device pixels per logical pixel of what ``painter`` draws on (the screen's ratio, or
    the image a widget is rendered into)."""
    return painter.combinedTransform().m11()


def on_device_pixels(painter: QPainter, rect: QRectF) -> QRectF:
    """``rect`` moved by less than a device pixel so that its corner falls on one: an image
    drawn one pixel for one is then copied, not spread over two device pixels (a widget at
    150 % may start halfway into one)."""
    transform = painter.combinedTransform()
    inverse, invertible = transform.inverted()
    if not invertible:
        return rect
    corner = transform.map(rect.topLeft())
    return QRectF(inverse.map(QPointF(round(corner.x()), round(corner.y()))), rect.size())


def draw_picture(painter: QPainter, picture: Picture, target: QRectF) -> None:
    """Draw ``picture`` over ``target``, from its level for that size, its corner on a
    device pixel; smoothly, unless each pixel of the level is one device pixel (nothing to
    filter) or :data:`SHARP_FROM` or more."""
    ratio = device_ratio(painter)
    level = picture.level_for(target.width() * ratio / picture.size.width())
    per_pixel = target.width() * ratio / level.width()
    one_for_one = math.isclose(per_pixel, 1.0, abs_tol=1e-6)
    blocks = per_pixel > SHARP_FROM - 1e-6
    placed = on_device_pixels(painter, target)
    painter.save()
    if picture.translucent:
        # As image editors show it: over the backdrop, a fully transparent image was not
        # there at all, and a half-transparent one took the backdrop's grey for its own.
        painter.setBrushOrigin(placed.topLeft())
        painter.fillRect(placed, checkerboard())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, not (one_for_one or blocks))
    painter.drawImage(placed, level, QRectF(level.rect()))
    painter.restore()


@functools.cache
def checkerboard() -> QBrush:
    """The light grey and white squares drawn behind an image's transparent pixels."""
    side = CHECKER_SIDE
    tile = QImage(2 * side, 2 * side, QImage.Format.Format_RGB32)
    tile.fill(CHECKER_LIGHT)
    painter = QPainter(tile)
    painter.fillRect(0, 0, side, side, CHECKER_DARK)
    painter.fillRect(side, side, side, side, CHECKER_DARK)
    painter.end()
    return QBrush(tile)
