"""Thumbnails on disk and decoded previews for the UI, both made off the GUI thread.

:func:`thumbnail` caches a small JPEG (opaque images) or PNG (images with transparency, which
JPEG would flatten) per source and size. A cache hit costs one ``stat`` of the source, one of
the cache file and one look for the mark of a damaged source (:func:`mark_damaged`), and
never decodes anything; a source so marked, unchanged since, is not read either. Once a day
at most a hit also marks the file used (its modification time), a trusted mark so too.
:func:`prune_cache` removes the thumbnails not used for :data:`CACHE_MAX_AGE_S` (those of
deleted artworks, of sizes no screen asks for any more) and, least recently used first, those
beyond :data:`CACHE_MAX_BYTES`.

:func:`decode_rgba` returns plain RGBA bytes so this package stays free of Qt: the UI calls it
in an executor and only wraps the bytes in a ``QImage`` on the GUI thread. Asked for
premultiplied pixels, it packs them in the byte order the raster painter draws as they are
(:data:`PREMULTIPLIED`), so wrapping them costs no copy and no conversion: a 4096² image's
copy and conversion each held the GIL for ~40 ms, the GUI thread waiting that long.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kontext_studio.errors import DamagedImageError, ImageError, NotAnImageError, StorageError
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.validate import (
    FileStamp,
    damaged_error,
    decode_error,
    load_plugins,
    stamp_of,
    unreadable_error,
)

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

THUMBNAIL_VERSION = 1
"""Part of every cache key: bump it when thumbnails are rendered differently."""
DAY_S = 24 * 60 * 60
CACHE_MAX_AGE_S = 30 * DAY_S
"""A thumbnail not used for this long is removed by :func:`prune_cache`."""
CACHE_MAX_BYTES = 512 * 1024 * 1024
"""The most the thumbnails may take on disk: 2x thumbnails of some 15 000 artworks."""
_CACHED_NAME = re.compile(r"[0-9a-f]{40}\.(jpg|png)")
_TEMP_NAME = re.compile(r"\.thumb-.*\.tmp")
_MARK_NAME = re.compile(r"[0-9a-f]{40}\.damaged")

_JPEG_QUALITY = 85
# Only the formats the app accepts: other Pillow plugins (EPS runs Ghostscript) stay unused.
_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)
STRAIGHT = "RGBA"
"""8-bit R, G, B, A in memory, not premultiplied: ``QImage.Format_RGBA8888``."""
PREMULTIPLIED = "BGRa" if sys.byteorder == "little" else "RGBa"
"""Premultiplied, in the memory order of ``QImage.Format_ARGB32_Premultiplied`` on a
little-endian machine (B, G, R, A); elsewhere R, G, B, A: ``Format_RGBA8888_Premultiplied``.
Pillow premultiplies while it packs (``tobytes("raw", "BGRa")``), at no extra cost."""


@dataclass(frozen=True)
class DecodedImage:
    """Pixels ready for ``QImage(data, width, height, 4 * width, format)``.

    ``data`` is 8-bit, row after row, laid out as ``layout`` says: :data:`STRAIGHT` RGBA, or
    :data:`PREMULTIPLIED`. ``icc_profile`` is the source's
    embedded colour profile, if any, for ``QColorSpace.fromIccProfile``. ``source_size`` is the
    upright size of the file's own pixels, of which these may be a scaled-down copy.
    """

    width: int
    height: int
    data: bytes
    source_size: tuple[int, int]
    icc_profile: bytes | None = None
    layout: str = STRAIGHT
    translucent: bool = False
    """Some pixel is not fully opaque: the preview draws a checkerboard behind it."""


def thumbnail(
    source: Path,
    cache_dir: Path,
    size: int = 256,
    *,
    sha256: str | None = None,
    damaged: bool = False,
    read_whole: bool = False,
    damaged_as: FileStamp | None = None,
) -> Path:
    """Return a cached thumbnail of ``source`` that fits in ``size``×``size``, making it if needed.

    With ``sha256`` (the library knows it for every artwork) the key is the content, so a moved
    or renamed file keeps its thumbnail; without it the key is the resolved path, modification
    time and byte size, so an edited file gets a fresh one. ``damaged``: the caller found the
    source damaged (the mark of :func:`mark_damaged` may not have been kept: a cache it cannot
    write), so a thumbnail kept from before is not served in its place. ``read_whole``: the
    caller read the source whole just now (the preview), so its damaged mark is not trusted
    though its stamp is the file's: a copy put back from a backup by a tool that keeps the
    size and time (``cp -p``, rsync) matched it, and its tile said "Image unreadable" for
    good beside the picture. ``damaged_as``: the stamp (:func:`stamp_of`) the source
    had when the caller last found it damaged, after reading it again for a while (a tile's
    tries): unchanged and damaged still, it is damaged for good, and marked so. Before,
    only the preview marked a file, and one never opened there was read again (and tried
    again) at every start; a file marked at its first failed read might have been one being
    written. Raises
    :class:`ImageError` when the source cannot be read or decoded, :class:`StorageError` when
    the cache cannot be written.
    """
    if size < 1:
        raise ValueError(f"thumbnail size must be positive, not {size}")
    status = _status(source)
    identity = _identity(source, sha256, status)
    key = _cache_key(identity, size)
    mark = _damaged_mark(cache_dir, identity)
    stamp = stamp_of(status)
    marked = _marked(mark)
    if marked == stamp and not read_whole:  # damaged as it is now: read, it says so again
        _mark_used(mark)
        raise damaged_error(source.name)
    for suffix in (".jpg", ".png"):
        cached = cache_dir / f"{key}{suffix}"
        if marked is None and not damaged and _mark_used(cached):
            return cached
    try:
        with _opened(source, size) as (small, _source_size):
            flat = _drop_opaque_alpha(small)
    except (DamagedImageError, NotAnImageError):
        # Marked and changed since, or marked by an older version; or unchanged since
        # the caller's last failed read of it: damaged still, for good.
        if marked is not None or damaged_as == stamp:
            _write_mark(mark, stamp)
        raise
    with contextlib.suppress(OSError):  # read whole again: put back from a backup
        mark.unlink(missing_ok=True)
    icc_profile = small.info.get("icc_profile")
    if flat.mode == "RGBA":
        target = cache_dir / f"{key}.png"
        _save_atomic(flat, target, "PNG", icc_profile=icc_profile)
    else:
        target = cache_dir / f"{key}.jpg"
        _save_atomic(flat, target, "JPEG", quality=_JPEG_QUALITY, icc_profile=icc_profile)
    return target


def _mark_used(cached: Path) -> bool:
    """Whether the thumbnail (or damaged mark) ``cached`` is there; if so, and it was last
    marked used more than a day ago, it is marked used now, so :func:`prune_cache` keeps it:
    a trusted damaged mark aged out once, and its file was read again at every start."""
    try:
        status = cached.stat()
    except OSError:
        return False
    if not stat.S_ISREG(status.st_mode):
        return False
    if time.time() - status.st_mtime > DAY_S:
        with contextlib.suppress(OSError):  # a read-only cache still serves
            os.utime(cached)
    return True


@dataclass(frozen=True)
class _Entry:
    path: Path
    used: float
    size: int
    leftover: bool
    """A temporary file a write cut short (the app was killed) left behind."""
    mark: bool = False
    """A :func:`mark_damaged` mark: removed by age only. The thumbnails it covers are not
    marked used while it is there, so they are always older than it and go first."""


def prune_cache(
    cache_dir: Path,
    *,
    max_age_s: float = CACHE_MAX_AGE_S,
    max_bytes: int = CACHE_MAX_BYTES,
    now: float | None = None,
) -> int:
    """Remove from ``cache_dir`` the thumbnails not used for ``max_age_s`` seconds, then the
    least recently used ones until the rest take at most ``max_bytes``; also what a write
    cut short left behind more than a day ago, and the damaged marks (:func:`mark_damaged`)
    not used for ``max_age_s`` (those of artworks deleted). Other files are left alone.
    Returns how many files were removed; a file that cannot be removed is passed over. It
    reads the disk: call it in a worker thread."""
    now = time.time() if now is None else now
    stale: list[_Entry] = []
    kept: list[_Entry] = []
    for entry in _cache_entries(cache_dir):
        unused_for = now - entry.used
        if unused_for > (DAY_S if entry.leftover else max_age_s):
            stale.append(entry)
        elif not (entry.leftover or entry.mark):  # a younger temporary file may be being written
            kept.append(entry)
    kept.sort(key=lambda entry: entry.used)
    total = sum(entry.size for entry in kept)
    while kept and total > max_bytes:
        oldest = kept.pop(0)
        stale.append(oldest)
        total -= oldest.size
    removed = sum(_remove(entry.path) for entry in stale)
    if removed:
        log.info("old thumbnails removed", extra={"event": "thumbnails_pruned", "count": removed})
    return removed


def _cache_entries(cache_dir: Path) -> list[_Entry]:
    """The thumbnails in ``cache_dir``, the temporary files of writes and the damaged marks."""
    entries: list[_Entry] = []
    try:
        with os.scandir(cache_dir) as listing:
            for item in listing:
                is_thumbnail = _CACHED_NAME.fullmatch(item.name) is not None
                is_mark = _MARK_NAME.fullmatch(item.name) is not None
                if not (is_thumbnail or is_mark) and _TEMP_NAME.fullmatch(item.name) is None:
                    continue
                try:
                    status = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(status.st_mode):
                    leftover = not (is_thumbnail or is_mark)
                    entries.append(
                        _Entry(Path(item.path), status.st_mtime, status.st_size, leftover, is_mark)
                    )
    except OSError:  # no cache yet, or it cannot be read: nothing to remove
        return []
    return entries


class DecodeStopped(Exception):
    """Raised by :func:`decode_rgba` once its ``stop`` is set: the pixels are no longer
    wanted (the picture they were decoded for is not shown any more)."""


class _StoppableReader(io.BufferedReader):
    """``path`` read as Pillow decodes it, a block at a time: once ``stop`` is set, the next
    read raises :class:`DecodeStopped`, so a decode of 50 MP no longer wanted ends within a
    block, not a second and some 270 MB later."""

    def __init__(self, path: Path, stop: threading.Event) -> None:
        super().__init__(io.FileIO(path, "rb"))
        self._stop = stop

    def read(self, size: int | None = -1, /) -> bytes:
        if self._stop.is_set():
            raise DecodeStopped
        return super().read(size)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


def decode_rgba(
    path: Path,
    max_side: int | None = None,
    *,
    premultiplied: bool = False,
    stop: threading.Event | None = None,
) -> DecodedImage:
    """Decode the first frame of ``path`` upright (EXIF orientation applied) as RGBA bytes,
    scaled down to fit ``max_side`` when given; ``premultiplied``: laid out as
    :data:`PREMULTIPLIED`. Slow: call it in an executor. Once ``stop`` is set (from another
    thread), it raises :class:`DecodeStopped` at its next read of the file."""
    if max_side is not None and max_side < 1:
        raise ValueError(f"max_side must be positive, not {max_side}")
    with _opened(path, max_side, stop) as (image, source_size):
        rgba = image.convert("RGBA")
    layout = PREMULTIPLIED if premultiplied else STRAIGHT
    return DecodedImage(
        width=rgba.width,
        height=rgba.height,
        data=rgba.tobytes("raw", layout),
        source_size=source_size,
        icc_profile=image.info.get("icc_profile"),
        layout=layout,
        translucent=_translucent(image, rgba),
    )


def _translucent(image: Image.Image, rgba: Image.Image) -> bool:
    """Whether some pixel of ``rgba`` (``image`` converted) is not fully opaque. Its alpha
    values are read only where ``image``'s mode or palette can hold such a pixel."""
    if image.mode not in ("RGBA", "RGBa", "LA", "La", "PA") and "transparency" not in image.info:
        return False
    lowest = rgba.getchannel("A").getextrema()[0]
    return isinstance(lowest, int) and lowest < 255


def _status(source: Path) -> os.stat_result:
    """``source`` looked at, so a thumbnail kept from before never hides that it is gone."""
    try:
        return source.stat()
    except OSError as exc:
        raise unreadable_error(source, exc) from exc


def _identity(source: Path, sha256: str | None, status: os.stat_result) -> str:
    """What ``source`` (its ``status``)'s thumbnails are kept by (:func:`thumbnail`)."""
    if sha256:
        return f"sha256:{sha256}"
    return f"file:{source.resolve()}:{status.st_mtime_ns}:{status.st_size}"


def _cache_key(identity: str, size: int) -> str:
    """The key of the thumbnail of the file of ``identity`` at ``size``."""
    material = f"v{THUMBNAIL_VERSION}:{size}:{identity}"
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _damaged_mark(cache_dir: Path, identity: str) -> Path:
    """The file that says the image of ``identity`` was found damaged (:func:`mark_damaged`)."""
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return cache_dir / f"{digest}.damaged"


def mark_damaged(
    source: Path, cache_dir: Path, sha256: str | None, stamp: FileStamp | None = None
) -> None:
    """``source`` was found damaged (cut short, another file in its place) though its
    thumbnails, made while it was whole, are kept: :func:`thumbnail` says so in their place,
    at every size and after a restart, until it reads whole. Before, a restarted app's tile
    showed the thumbnail of a file that does not open, until the preview read it.

    The mark keeps ``stamp``, the file's :func:`stamp_of` as it was read before
    it was found damaged: while they are the file's, :func:`thumbnail` trusts the mark and
    does not read it (a damaged 50 MP file cost a full read per tile per start). Without
    one (or a mark an older version left, empty) it reads the file once, and keeps its
    stamp if still damaged: a stamp taken now might be of a file saved whole since.
    Passed over when the cache cannot be written (logged; the tile says it for this
    session) or ``source`` is gone (said missing). Blocking: call it in a worker thread."""
    try:
        mark = _damaged_mark(cache_dir, _identity(source, sha256, _status(source)))
    except (OSError, ImageError):
        log.info("damaged image not noted", extra={"event": "thumbnails.mark_failed"})
        return
    _write_mark(mark, stamp)


def _write_mark(mark: Path, stamp: FileStamp | None) -> None:
    """Write the damaged mark ``mark`` with ``stamp`` (:func:`mark_damaged`), empty for none."""
    words = "" if stamp is None else " ".join(str(part) for part in stamp) + "\n"
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)  # no thumbnail made yet
        mark.write_text(words, encoding="ascii")
    except OSError:
        log.info("damaged image not noted", extra={"event": "thumbnails.mark_failed"})


_UNSTAMPED: FileStamp = (-1, -1, -1)
"""What :func:`_marked` says of a mark without a stamp it can read: never a file's."""


def _marked(mark: Path) -> FileStamp | None:
    """The stamp the damaged mark ``mark`` keeps; None when there is no mark;
    :data:`_UNSTAMPED` when it keeps none (an older version's, empty, or of size and
    modification time only), or one that cannot be read (cut short): the file is read to
    know."""
    try:
        words = mark.read_text(encoding="ascii")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):  # not allowed, a folder, not ASCII: there, unknown
        return _UNSTAMPED
    try:
        size, modified, changed = (int(part) for part in words.split())
    except ValueError:
        return _UNSTAMPED
    return size, modified, changed


@contextlib.contextmanager
def _opened(
    path: Path, max_side: int | None, stop: threading.Event | None = None
) -> Iterator[tuple[Image.Image, tuple[int, int]]]:
    """Open, decode (at reduced JPEG scale when possible), orient and scale ``path``; with the
    upright size of its own pixels. ``stop``: see :func:`decode_rgba`."""
    from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

    load_plugins()
    with contextlib.ExitStack() as closing:
        try:
            source = path if stop is None else closing.enter_context(_StoppableReader(path, stop))
            image = closing.enter_context(Image.open(source, formats=_FORMATS))
        except UnidentifiedImageError as exc:  # an empty file, or another put in its place
            raise NotAnImageError.worded(
                QT_TRANSLATE_NOOP("Errors", "{name} is not an image this app can show"),
                name=path.name,
            ) from exc
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels(path) from exc
        except OSError as exc:
            raise _read_error(path, exc) from exc
        except _DECODE_ERRORS as exc:
            raise decode_error(path.name, exc) from exc
        try:
            width, height = image.size
            turned = image.getexif().get(ExifTags.Base.Orientation) in (5, 6, 7, 8)
            source_size = (height, width) if turned else (width, height)
            if max_side is not None:
                # JPEG only: libjpeg decodes at 1/2, 1/4 or 1/8 scale, still >= max_side.
                image.draft(None, (max_side, max_side))
            upright = _eight_bit(ImageOps.exif_transpose(image))
            if max_side is not None:
                upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels(path) from exc
        except OSError as exc:
            raise _read_error(path, exc) from exc
        except _DECODE_ERRORS as exc:
            raise decode_error(path.name, exc) from exc
        yield upright, source_size


def _read_error(path: Path, exc: OSError) -> ImageError:
    """What an ``OSError`` opening or decoding ``path`` means. Without an errno it is
    Pillow's word on the bytes (a file cut short), not the disk's: said "x.jpg cannot be
    read: OSError", as of a file not allowed, it was not said damaged. With one it is the
    disk's (a share that dropped as the pixels were read): told as damaged, it was marked
    so after a tile's last tries and said "Image unreadable" at every start, unread, though
    the file was whole."""
    if exc.errno is None:
        return decode_error(path.name, exc)
    return unreadable_error(path, exc)


def _too_many_pixels(path: Path) -> ImageError:
    return ImageError.worded(
        QT_TRANSLATE_NOOP("Errors", "{name} has too many pixels to show"), name=path.name
    )


def _eight_bit(image: Image.Image) -> Image.Image:
    """L, LA, RGB or RGBA, so resampling is smooth (palette images only resize by nearest
    neighbour) and 16-bit greyscale is scaled down instead of clipped to white by ``convert``."""
    if image.mode in ("LA", "RGBA") or (
        image.mode in ("L", "RGB") and "transparency" not in image.info
    ):
        return image
    if image.mode.startswith("I"):
        scaled = image.convert("I").point(lambda value: value / 256).convert("L")
        scaled.info = dict(image.info)
        return scaled
    has_alpha = "A" in image.mode or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _drop_opaque_alpha(image: Image.Image) -> Image.Image:
    """RGBA when some pixel is not fully opaque (a PNG thumbnail keeps it), else RGB (JPEG)."""
    if "A" in image.mode:
        rgba = image.convert("RGBA")
        if rgba.getchannel("A").getextrema() != (255, 255):
            return rgba
    return image.convert("RGB")


def _save_atomic(image: Image.Image, target: Path, fmt: str, **params: object) -> None:
    """Write to a temporary file beside ``target`` and rename it over, so a reader never sees a
    half-written thumbnail, even with two workers making the same one."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".thumb-", suffix=".tmp")
    except OSError as exc:
        raise StorageError.worded(
            QT_TRANSLATE_NOOP("Errors", "Cannot write thumbnails to {folder}: {reason}"),
            folder=str(target.parent),
            reason=str(exc.strerror),
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            image.save(handle, fmt, **{k: v for k, v in params.items() if v is not None})
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise StorageError.worded(
            QT_TRANSLATE_NOOP("Errors", "Cannot write thumbnail {name}: {reason}"),
            name=target.name,
            reason=str(exc.strerror),
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
