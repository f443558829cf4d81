"""Render the app icon's PNG sizes from the SVG sources with Qt's own SVG renderer.

    python packaging/render_icons.py          # writes resources/icons/hicolor/<N>x<N>/apps/

The PNGs are committed, so neither a build nor an install needs an SVG rasteriser. Run this
again after changing ``resources/icons/kontext-studio.svg``. Sizes up to 16 px come from the
pixel-hinted ``kontext-studio-16.svg`` (the stem sits on whole pixels, the spark is larger),
every other size from the main drawing.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
NAME = "kontext-studio"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMALL_MAX = 16


def source_for(size: int, icons: Path = ICONS) -> Path:
    small = icons / f"{NAME}-16.svg"
    return small if size <= SMALL_MAX and small.is_file() else icons / f"{NAME}.svg"


def render(svg: Path, size: int) -> bytes:
    """One square PNG of ``svg`` at ``size`` pixels, optimised by Pillow."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    out = io.BytesIO()
    # No timestamps or text chunks: the same drawing gives the same bytes.
    Image.open(io.BytesIO(bytes(data))).save(out, "PNG", optimize=True)
    return out.getvalue()


def target(size: int, icons: Path = ICONS) -> Path:
    return icons / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--icons", type=Path, default=ICONS, help="the resources/icons folder")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        path = target(size, args.icons)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(source_for(size, args.icons), size))
        print(f"{path.relative_to(args.icons)}: {path.stat().st_size} bytes")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
