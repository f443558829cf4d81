"""An image as the preview draws it: decoded pixels in halving levels, and the file's size.

Drawing a large image much smaller with bilinear filtering skips most of its pixels, so fine
detail (hatching, a grid, fabric) turns into moiré. Each level here is half the one before,
made with Qt's smooth (area-averaging) filter in a worker thread; the canvas draws from the
smallest level that still has a pixel for every screen pixel, so the bilinear step never
shrinks by more than half.

The preview decodes at most a bounded size; :attr:`Picture.size` is the size of the file's
own pixels, which is what 100 % means.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage

from kontext_studio.images.thumbnails import DecodedImage, decode_rgba

SMALLEST_LEVEL_SIDE = 256


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


def _decoded(path: Path, max_side: int) -> Picture:
    decoded = decode_rgba(path, max_side, premultiplied=True)
    levels = halvings(premultiplied_image(decoded))
    return Picture(tuple(levels), QSize(*decoded.source_size), decoded.data)


async def load_picture(path: Path, max_side: int) -> Picture:
    """Decode ``path`` (at most ``max_side`` a side) and make its levels, in a worker thread:
    the GUI thread gets images ready to draw."""
    return await asyncio.to_thread(_decoded, path, max_side)
