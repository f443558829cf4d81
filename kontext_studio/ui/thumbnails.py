"""Thumbnails for the library view, loaded only when a tile is painted.

:meth:`ThumbnailCache.get` answers from memory (a bounded LRU of pixmaps) or queues the
artwork and returns ``None``; a few worker coroutines make the disk thumbnail and decode it in
threads (``kontext_studio.images.thumbnails``), and only the final ``QImage → QPixmap`` wrap
happens on the GUI thread. The queue is served newest-request-first and bounded, so scrolling
quickly through 10 000 artworks decodes what is on screen now, not everything scrolled past.

A thumbnail is made at the screen's own pixels: :data:`THUMBNAIL_SIDE` (the tile's picture, in
logical pixels) times the device pixel ratio the tile is painted at, and the pixmap carries that
ratio, so it is drawn one pixel for one on a Retina or 150 % screen instead of stretched. A
tile's larger picture at a large font asks for a larger ratio still (``library_panel``). The
side is part of the key: a window moved to a screen of another scale, or a font that changes
the tiles' pictures, gets thumbnails made for it, showing the ones it had meanwhile.

The disk cache is cleaned once, in a worker thread, a minute after the cache is made
(:func:`~kontext_studio.images.thumbnails.prune_cache`): thumbnails of deleted artworks and of
sizes no screen asks for any more do not pile up. Not at once: listing a big cache would take
the GIL from the window's first paint and the first tiles' thumbnails.

An image that is there but cannot be decoded (an outside editor was saving over it as it was
read: a PNG cut short) is read again a few times, each a while after the last
(:data:`RETRY_S`, doubled each time, :data:`RETRIES` times), when its tile is painted then:
before, its tile stayed broken until the app started again. A file broken for good is not
decoded over and over: found damaged, and unchanged, by two tries in a row, it is marked so on
disk (:meth:`ThumbnailCache._tried_as`), and not read after a restart while it stays so.
One found gone keeps its own handling (:meth:`ThumbnailCache.mark_present`).

Once its tries are over, such a file, and one found gone, is looked at again each time the
artist comes back to the window (from the file manager where a copy was put back from a
backup, or from the image editor): only its size, modification and change times
(:func:`~kontext_studio.images.validate.stamp_of`), in a worker thread
(:meth:`ThumbnailCache.look_again`), and it is read again only when they changed since it
was read: a copy put back by a tool that keeps the size and modification time (``cp -p``)
is seen too. Before, a file put right after its tries stayed "Image unreadable", and one
deleted since stayed so too, until the preview read it or the app started again.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPixmap

from kontext_studio.errors import ImageError, ImageMissingError, KontextError, StorageError
from kontext_studio.images import thumbnails as image_thumbnails
from kontext_studio.images.thumbnails import DecodedImage
from kontext_studio.images.validate import FileStamp, file_stamp, unreadable_error
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.job_actions import rgba_image

THUMBNAIL_SIDE = 166
"""The side of a library tile's picture at the default font, and its least at any other, in
logical pixels (``library_panel.TILE``)."""
MEMORY_CAPACITY = 600
MEMORY_RATIO = 2.0
"""The thumbnails kept in memory take at most the pixels of :data:`MEMORY_CAPACITY` of them at
this ratio (a Retina screen's) at :data:`THUMBNAIL_SIDE`: a tile's larger picture at a large
font has its thumbnail made at up to twice the pixels across (``library_panel``), and 600 of
them on a Retina screen took 1 GB."""
QUEUE_LIMIT = 120
WORKERS = 3
PRUNE_DELAY_S = 60.0
RETRY_S = 2.0
"""How long after an image that is there could not be decoded it is read again; doubled at
each try after that."""
RETRIES = 5
"""How many times an image that is there but cannot be decoded is read again."""


@dataclass(frozen=True)
class _File:
    path: str
    sha256: str


@dataclass(frozen=True)
class _Key:
    file: _File
    side: int
    """In device pixels."""


@dataclass(frozen=True)
class _Read:
    """What a worker found of a file: its stamp just before it read it, and the picture or
    why there is none."""

    stamp: FileStamp | None
    picture: DecodedImage | KontextError


@dataclass(frozen=True)
class _Failed:
    """A file that could not be read: its stamp as it was read, and the tiles that asked."""

    stamp: FileStamp | None
    job_ids: frozenset[int]


def device_side(side: int, device_ratio: float) -> int:
    """The device pixels a ``side`` logical pixels long covers at ``device_ratio``, rounded
    up: a thumbnail that size is drawn one pixel for one, never stretched."""
    return max(1, math.ceil(side * device_ratio - 1e-6))


def _make(
    source: Path,
    cache_dir: Path,
    size: int,
    sha256: str | None,
    damaged: bool = False,
    read_whole: bool = False,
    damaged_as: FileStamp | None = None,
) -> DecodedImage:
    """Worker thread: the cached disk thumbnail (made if missing), decoded to RGBA. One that
    cannot be decoded is made again from ``source``: the clean-up may have taken it just
    now, or a power cut left it empty or cut short (it is renamed into place unsynced, as a
    cache may be). A cache that cannot be written (a full disk, a ``~/.cache`` another user
    owns) gives the picture decoded from ``source`` at that size, kept in memory only.
    Before, either made the tile say "Image missing" of an image that was there: for good,
    of a damaged thumbnail, as each use marks it used and so the clean-up never removed it.
    ``damaged``: found so this run; ``read_whole``: read whole by the preview just now;
    ``damaged_as``: found damaged at that stamp by the tile's try before
    (:func:`~kontext_studio.images.thumbnails.thumbnail`)."""
    made = functools.partial(
        image_thumbnails.thumbnail,
        source,
        cache_dir,
        size,
        sha256=sha256,
        damaged=damaged,
        read_whole=read_whole,
        damaged_as=damaged_as,
    )
    try:
        small = made()
    except StorageError:
        return image_thumbnails.decode_rgba(source, size)
    try:
        return image_thumbnails.decode_rgba(small)
    except ImageMissingError:  # the clean-up took it just now: the source is not missing
        pass
    except ImageError:
        with contextlib.suppress(OSError):  # a read-only cache: it fails again, as before
            small.unlink()
    small = made()
    return image_thumbnails.decode_rgba(small)


def _read(
    source: Path,
    cache_dir: Path,
    size: int,
    sha256: str | None,
    damaged: bool = False,
    read_whole: bool = False,
    damaged_as: FileStamp | None = None,
) -> _Read:
    """Worker thread: :func:`_make`, with the file's stamp taken first: changed after it,
    the file is told changed the next time it is looked at (:meth:`ThumbnailCache.look_again`),
    never the other way round. A file deleted as it was read (:func:`_still_there`) is
    found gone, though its picture was made."""
    stamp = file_stamp(source)
    try:
        picture = _make(source, cache_dir, size, sha256, damaged, read_whole, damaged_as)
        _still_there(source)
    except KontextError as error:
        return _Read(stamp, error)
    return _Read(stamp, picture)


def _still_there(source: Path) -> None:
    """Worker thread: raise :class:`ImageMissingError` when ``source`` is gone, looked at
    once its picture is made. Deleted after the look that begins a read (or served from
    the disk cache, which does not open it), its tile showed the picture as if there, and
    the preview and Publish of several took it for there, until the app started again.
    Only a file gone: one there that cannot be looked at was read just now."""
    try:
        source.stat()
    except FileNotFoundError as error:
        raise unreadable_error(source, error) from error
    except OSError:
        pass


def _stamps(paths: list[Path]) -> list[FileStamp | None]:
    """Worker thread: the :func:`file_stamp` of each of ``paths``."""
    return [file_stamp(path) for path in paths]


class ThumbnailCache(QObject):
    """Pixmaps for completed artworks; ``ready(job_id)`` says one has arrived,
    ``found_missing(job_id)`` that a worker found the artwork's file gone (the preview,
    which may still show the picture it decoded before, reads it again), and
    ``found_readable(job_id)`` that a worker read the file it could not before (the
    preview, which may still say it cannot be read, reads it again), and
    ``found_changed(job_id)`` that the file it could not read (damaged, or gone) changed
    since (:meth:`look_again`): the preview reads it again, as its tile does when painted.
    ``found_there(job_id)`` that a worker read the file, in its place, at any read: an
    artwork an Undo of a Delete brought back without it, restored from the trash while the
    app was closed, said after a restart that its image was still in the trash."""

    ready = Signal(int)
    found_missing = Signal(int)
    found_readable = Signal(int)
    found_changed = Signal(int)
    found_there = Signal(int)

    def __init__(
        self,
        bridge: Bridge,
        *,
        side: int = THUMBNAIL_SIDE,
        capacity: int = MEMORY_CAPACITY,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.side = side
        self.device_ratio = 1.0
        """The ratio of the last :meth:`get` that named one: that of the screen the tiles
        are on, times how much larger than :data:`THUMBNAIL_SIDE` their pictures are."""
        self._previous_ratio = 1.0
        self.capacity = capacity
        self.memory = capacity * device_side(side, MEMORY_RATIO) ** 2
        """The most pixels the thumbnails kept take (:data:`MEMORY_RATIO`)."""
        self.cache_dir = bridge.session.paths.thumbnails
        self._pixmaps: OrderedDict[_Key, QPixmap] = OrderedDict()
        self.pixels = 0
        """The pixels the thumbnails kept take, kept up to date at each change of them: summed
        anew at each thumbnail stored, they were gone through once per tile read."""
        self._failed: set[_File] = set()
        self._missing: set[_File] = set()  # of the failed: the file is gone, not damaged
        self._tries: dict[_File, int] = {}
        """Of the failed, those there but not decoded: how often each was read again."""
        self._due: set[_File] = set()
        """Those whose tiles read them again when painted: of :attr:`_tries`, or found
        changed (:meth:`look_again`)."""
        self._found: dict[_File, _Failed] = {}
        """Of the failed, how each was found: what :meth:`look_again` compares."""
        self._read_whole: set[_File] = set()
        """Those the preview read whole (:meth:`mark_present`), until their tiles read them:
        a damaged mark on disk is not trusted for them, though it matches the file."""
        self._looking = False
        self._look_wanted = False
        """The artist came back while a look was on: another follows it."""
        self._recheck: set[_File] = set()
        """Those being read as the artist came back: what their read finds may be of the
        file as it was before (:meth:`_read_ended`)."""
        self._waiting: OrderedDict[_Key, set[int]] = OrderedDict()
        self._loading: dict[_Key, set[int]] = {}
        self._workers: set[asyncio.Task[None]] = set()
        self._put_off: set[int] = set()
        """The artworks a Delete was deleting as their tiles asked for a thumbnail
        (:meth:`get`): told :attr:`ready` once it no longer is, their tiles ask again if
        they are still there (the Trash refused the image)."""
        bridge.deleting_changed.connect(self._deletes_changed)
        QTimer.singleShot(round(PRUNE_DELAY_S * 1000), self, self._prune)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state_changed)

    def _deletes_changed(self) -> None:
        """Those :attr:`_put_off` no Delete is deleting any longer ask again."""
        done = {job_id for job_id in self._put_off if job_id not in self.bridge.deleting}
        self._put_off -= done
        for job_id in done:
            self.ready.emit(job_id)

    def _prune(self) -> None:
        self.bridge.spawn(asyncio.to_thread(image_thumbnails.prune_cache, self.cache_dir))

    def get(self, snapshot: Snapshot, device_ratio: float | None = None) -> QPixmap | None:
        """The thumbnail for a tile painted at ``device_ratio`` (by default the last one
        asked for) if it is ready; otherwise queue it and return ``None``, or the one made
        for the screen the tiles were on before, while the new one is made."""
        if not snapshot.file_path:
            return None
        if device_ratio is not None and device_ratio != self.device_ratio:
            self._previous_ratio, self.device_ratio = self.device_ratio, device_ratio
        file = _file(snapshot)
        key = _Key(file, device_side(self.side, self.device_ratio))
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
            return pixmap
        if file in self._failed:
            if file in self._due:
                self._request(key, snapshot.id)  # its tile says why meanwhile, not "Loading…"
            return None
        if snapshot.id in self.bridge.deleting:
            # Its image is going (to the Trash, or for good): read now, it was found gone,
            # and the tile said "Image missing" until its row left the grid.
            self._put_off.add(snapshot.id)
        else:
            self._request(key, snapshot.id)
        return self._pixmaps.get(_Key(file, device_side(self.side, self._previous_ratio)))

    def failed(self, snapshot: Snapshot) -> bool:
        """True when the artwork's file could not be read (missing, damaged)."""
        return _file(snapshot) in self._failed

    def unreadable(self, snapshot: Snapshot) -> bool:
        """True when the artwork's file is there but could not be read (damaged, cut short,
        not allowed): :meth:`failed`, not :meth:`missing`."""
        file = _file(snapshot)
        return file in self._failed and file not in self._missing

    def missing(self, snapshot: Snapshot) -> bool:
        """True when the artwork's file was found gone (by its thumbnail's worker or by the
        preview), so nothing that reads it can work; known without looking at the disk."""
        return _file(snapshot) in self._missing

    def missing_among(self, snapshots: Iterable[Snapshot]) -> frozenset[int]:
        """The ids of those of ``snapshots`` whose file was found gone (:meth:`missing`),
        looked at only when one was: asked one by one of 10 000 selected (Ctrl+A), it took
        ~15 ms each time they changed."""
        if not self._missing:
            return frozenset()
        gone = {(file.path, file.sha256) for file in self._missing}
        return frozenset(s.id for s in snapshots if (s.file_path, s.sha256) in gone)

    def unreadable_among(self, snapshots: Iterable[Snapshot]) -> frozenset[int]:
        """The ids of those of ``snapshots`` whose file is there but could not be read
        (:meth:`unreadable`), looked at only when one was, as :meth:`missing_among`."""
        damaged = self._failed - self._missing
        if not damaged:
            return frozenset()
        files = {(file.path, file.sha256) for file in damaged}
        return frozenset(s.id for s in snapshots if (s.file_path, s.sha256) in files)

    def mark_missing(self, snapshot: Snapshot) -> None:
        """The artwork's file is gone (the preview found out): its tile stops showing the
        thumbnail kept from before."""
        file = _file(snapshot)
        self._drop(file)
        self._failed.add(file)
        self._missing.add(file)
        self._found[file] = _Failed(None, frozenset({snapshot.id}))
        self._no_retry(file)
        self.ready.emit(snapshot.id)

    def mark_unreadable(self, snapshot: Snapshot, stamp: FileStamp | None) -> None:
        """The artwork's file is there but does not open (the preview found it damaged, its
        :func:`file_stamp` ``stamp`` as it began): its tile stops showing the thumbnail kept
        from before (made while it was whole), says so, and the file is looked at again when
        the artist comes back (:meth:`look_again`). Before, the tile showed the picture, and
        a copy put back was not seen until the artwork was chosen again. One its tile is
        still trying is left to those tries. Its thumbnails on disk are marked as of a
        damaged file with ``stamp`` (:func:`~kontext_studio.images.thumbnails.mark_damaged`),
        so its tile says it after a restart too, without reading the file while it is
        unchanged."""
        file = _file(snapshot)
        self.bridge.spawn(
            asyncio.to_thread(
                image_thumbnails.mark_damaged,
                Path(file.path),
                self.cache_dir,
                file.sha256 or None,
                stamp,
            )
        )
        self._drop(file)
        self._failed.add(file)
        self._missing.discard(file)
        if file not in self._tries:
            found = self._found.get(file)
            ids = found.job_ids if found is not None else frozenset()
            self._found[file] = _Failed(stamp, ids | {snapshot.id})
            self._due.discard(file)
        self.ready.emit(snapshot.id)

    def mark_present(self, snapshot: Snapshot) -> None:
        """The artwork's file is there again (the artist restored it): its tile reads it,
        whatever its damaged mark on disk says (:attr:`_read_whole`)."""
        self.forget(snapshot)
        self._read_whole.add(_file(snapshot))
        self.ready.emit(snapshot.id)

    def mark_read(self, snapshot: Snapshot) -> None:
        """The artwork's file was read whole (by the preview): its tile, which could not read
        it (found it damaged, or gone), reads it again now, its tries over or not. Before, it
        went on saying "Image unreadable" beside the picture, once its tries were over until
        the app started again; "Image missing" of a file put back, until chosen again."""
        if self.failed(snapshot):
            self.mark_present(snapshot)

    def forget(self, snapshot: Snapshot) -> None:
        file = _file(snapshot)
        self._drop(file)
        self._failed.discard(file)
        self._missing.discard(file)
        self._found.pop(file, None)
        self._read_whole.discard(file)
        self._recheck.discard(file)
        self._no_retry(file)
        # Its row deleted, say: kept, the tiles painted while a Delete of thousands ran
        # would be gone through at each artwork it deleted (:meth:`_deletes_changed`).
        self._put_off.discard(snapshot.id)
        for key in [key for key in self._waiting if key.file == file]:
            del self._waiting[key]

    def _drop(self, file: _File) -> None:
        """Forget the thumbnails of ``file`` at every size."""
        for key in [key for key in self._pixmaps if key.file == file]:
            self.pixels -= _pixels(self._pixmaps.pop(key))

    def _request(self, key: _Key, job_id: int) -> None:
        if key in self._loading:
            self._loading[key].add(job_id)
            return
        self._waiting.setdefault(key, set()).add(job_id)
        self._waiting.move_to_end(key)
        while len(self._waiting) > QUEUE_LIMIT:
            # Scrolled past long ago; it is asked for again if it is painted again.
            self._waiting.popitem(last=False)
        if sum(not worker.done() for worker in self._workers) < WORKERS:
            self._start_worker()

    def _start_worker(self) -> None:
        """A worker counts for as long as its task runs, told by the task: a count its
        coroutine kept itself missed a task cancelled before its first step (the coroutine
        never runs, its clean-up neither) and kept its place for good. A worker whose
        coroutine has returned is done at once, before its callbacks run: the count skips
        it, so a request made meanwhile still starts one."""
        worker = self.bridge.spawn(self._work())
        if worker is not None:  # None: the bridge is closing
            self._workers.add(worker)
            worker.add_done_callback(self._workers.discard)

    async def _work(self) -> None:
        while self._waiting:
            key, job_ids = self._waiting.popitem(last=True)
            self._loading[key] = job_ids
            read_whole = key.file in self._read_whole
            self._read_whole.discard(key.file)
            read = await asyncio.to_thread(
                _read,
                Path(key.file.path),
                self.cache_dir,
                key.side,
                key.file.sha256 or None,
                # Found damaged this run: read, not the thumbnail kept from when it was
                # whole (its mark on disk may not have been kept: a cache it cannot write).
                key.file in self._failed and key.file not in self._missing,
                read_whole,
                self._tried_as(key.file),
            )
            if not shiboken6.isValid(self):
                return  # deleted as it read (its window's widgets): no tile to tell
            decoded = read.picture
            readable_again = gone = False
            if isinstance(decoded, KontextError):
                gone = isinstance(decoded, ImageMissingError)
                if gone and not job_ids.isdisjoint(self.bridge.deleting):
                    # A Delete took the file as it was read: not missing, put off (get).
                    self._put_off.update(self._loading.pop(key))
                    continue
                self._failed.add(key.file)
                self._found[key.file] = _Failed(read.stamp, frozenset(job_ids))
                if gone:
                    self._missing.add(key.file)
                    self._no_retry(key.file)
                else:
                    self._missing.discard(key.file)  # found gone before, put back damaged
                    self._retry_later(key.file, job_ids)
            else:
                readable_again = key.file in self._failed
                self._failed.discard(key.file)
                self._missing.discard(key.file)
                self._found.pop(key.file, None)
                self._no_retry(key.file)
                pixmap = QPixmap.fromImage(rgba_image(decoded.width, decoded.height, decoded.data))
                # Its longest side is the tile's picture at the ratio it was made for.
                pixmap.setDevicePixelRatio(key.side / self.side)
                self._store(key, pixmap)
            for job_id in self._loading.pop(key):
                self.ready.emit(job_id)
                if gone:
                    self.found_missing.emit(job_id)
                elif readable_again:
                    self.found_readable.emit(job_id)
                if not isinstance(decoded, KontextError):
                    self.found_there.emit(job_id)
            self._read_ended(key.file)

    def _read_ended(self, file: _File) -> None:
        """A read of ``file`` ended. Begun before the artist came back, what it found may
        be the file as it was then: not read again after it (its tries over), the file is
        looked at now, as on coming back. Before, a damaged file deleted (or put right) as
        its tile's last try read it was passed over by that look, and its tile said "Image
        unreadable", the preview that it does not open, until the artist came back again."""
        if file not in self._recheck:
            return
        self._recheck.discard(file)
        if file in self._failed and file not in self._tries:
            self._look()

    def _tried_as(self, file: _File) -> FileStamp | None:
        """The stamp ``file`` had when its tile's try before found it damaged, when the read
        to come is a try again: damaged still and unchanged since, its damaged mark is
        written (:func:`~kontext_studio.images.thumbnails.thumbnail`), so after a restart it
        is not read again while it stays so. Not at a first failure: a file being written
        (by an editor, on a slow share) is damaged for a moment only, and changes meanwhile.
        Not at the last try only: a tile scrolled away, filtered out or closed before its
        tries ended (about a minute) wrote none, and the file was tried for a minute again
        at each start. A mark is trusted only while the file's stamp is the one it keeps:
        saved whole since, the file is read (and the mark removed), as the tries would."""
        found = self._found.get(file)
        if found is None or file not in self._tries:
            return None
        return found.stamp

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        if state is Qt.ApplicationState.ApplicationActive:
            self.look_again()

    def look_again(self) -> None:
        """Look again at the files that could not be read and are no longer tried (their
        tries over, or found gone), the artist back in the window. Those changed since
        (:func:`~kontext_studio.images.validate.file_stamp`, read in a worker thread) are
        read again by their tiles when painted, as during their tries, saying meanwhile what
        they said; the preview is told (:attr:`found_changed`). One changed but still
        damaged is tried again as at first. Not while a look still waits for a share that
        does not answer: each would hold a worker thread; another follows it, as those
        being read follow their reads (:meth:`_read_ended`)."""
        self._recheck.update(key.file for key in self._loading)
        self._look()

    def _look(self) -> None:
        """The look of :meth:`look_again`, also the one that follows a read begun before the
        artist came back (:meth:`_read_ended`) or a look they came back during: the reads
        going on then began after it, and are not followed. Before, each was, by a look at
        every file not read: coming back once as the tiles of a library whose files are gone
        loaded, each tile's read had them all looked at again, to the last tile."""
        if self._looking:
            self._look_wanted = True
            return
        found = {
            file: failed
            for file, failed in self._found.items()
            if file not in self._tries and file not in self._due
        }
        if found:
            self._looking = True
            if self.bridge.spawn(self._stamp(found)) is None:  # the bridge is closing
                self._looking = False

    async def _stamp(self, found: dict[_File, _Failed]) -> None:
        """Stamp the files of ``found`` in a worker thread and compare (:meth:`_compare`);
        asked for meanwhile (:meth:`_look`), look again."""
        try:
            stamps = await asyncio.to_thread(_stamps, [Path(file.path) for file in found])
        finally:
            self._looking = False
        if not shiboken6.isValid(self):
            return
        self._compare(found, stamps)
        if self._look_wanted:
            self._look_wanted = False
            self._look()

    def _compare(self, found: dict[_File, _Failed], stamps: list[FileStamp | None]) -> None:
        """Tell the tiles and the preview of those of ``found`` whose stamps (``stamps``)
        are not those they had when last read. Read since the look began (a tile's last
        try, the preview), a file is compared with what that read found: it was passed over,
        and a damaged file deleted as the read went on stayed "Image unreadable" (the preview
        saying it does not open) until the artist came back once more."""
        for (file, failed), stamp in zip(found.items(), stamps, strict=True):
            now = self._found.get(file)
            if now is None or file in self._tries or file in self._due:
                continue  # read whole since, forgotten, or its tiles read it anyway
            if stamp == now.stamp:
                continue
            self._due.add(file)
            for job_id in failed.job_ids | now.job_ids:
                self.ready.emit(job_id)
                self.found_changed.emit(job_id)

    def _retry_later(self, file: _File, job_ids: set[int]) -> None:
        """``file`` is there but could not be decoded: its tiles ask again in a while, which
        is longer each time, until :data:`RETRIES` tries were made (then it stays as it is)."""
        self._due.discard(file)
        tries = self._tries.get(file, 0)
        if tries >= RETRIES:
            self._tries.pop(file, None)
            return
        self._tries[file] = tries + 1
        ids = frozenset(job_ids)
        wait_ms = round(RETRY_S * 2**tries * 1000)
        QTimer.singleShot(wait_ms, self, lambda: self._ask_again(file, ids))

    def _ask_again(self, file: _File, job_ids: frozenset[int]) -> None:
        """A read again of ``file`` is due: the tiles of ``job_ids`` (those still in the
        grid and in sight) are painted, and so ask for it (:meth:`get`). Told by the timer,
        not by the clock: a coarse timer fires a little early, and a tile painted then
        found it not due yet and was never painted again."""
        if file in self._tries:
            self._due.add(file)
            for job_id in job_ids:
                self.ready.emit(job_id)

    def _no_retry(self, file: _File) -> None:
        """``file`` is read again no more: read, gone, or forgotten."""
        self._tries.pop(file, None)
        self._due.discard(file)

    def _store(self, key: _Key, pixmap: QPixmap) -> None:
        """Keep ``pixmap`` for ``key`` (in place of one kept for it), the oldest let go while
        more are kept than :attr:`capacity` or they take more than :attr:`memory`."""
        replaced = self._pixmaps.pop(key, None)
        if replaced is not None:
            self.pixels -= _pixels(replaced)
        self._pixmaps[key] = pixmap
        self.pixels += _pixels(pixmap)
        while len(self._pixmaps) > self.capacity or (
            self.pixels > self.memory and len(self._pixmaps) > 1
        ):
            self.pixels -= _pixels(self._pixmaps.popitem(last=False)[1])


def _pixels(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height()


def _file(snapshot: Snapshot) -> _File:
    return _File(snapshot.file_path, snapshot.sha256)
