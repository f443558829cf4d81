"""The desktop's trash, where a deleted artwork's image goes so a slip can be undone.

``send2trash`` follows each system's own rules (the freedesktop.org trash on Linux, the
Recycle Bin on Windows, the Finder's Trash on macOS), which a hand-written move would get
wrong: a file on another disk goes to that disk's own trash, with the record the file
manager needs to put it back.

An Undo of a Delete takes the image back out of the trash (:func:`take_back_out`) where the
trash is one the app can read: the freedesktop.org trash of Linux and the BSDs, whose record
of each file says where it was. Left there, the copy in the trash, put back by the artist
later, would meet the image Undo put back in its place. The Finder's Trash and the Recycle
Bin keep no record the app can read, and it stays there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote

from kontext_studio.errors import TrashError

log = logging.getLogger(__name__)


def move_to_trash(path: Path) -> None:
    """Put ``path`` in the trash; a file that is already gone is left at that. Raises
    :class:`TrashError` when the trash refuses it (the system's reason goes to the log). It
    reads and writes the disk: call it in a worker thread."""
    from send2trash import send2trash  # here: ~2 ms at start-up for a rare action

    # Only the Linux trash says FileNotFoundError for a gone file; the Finder's and the
    # Recycle Bin's answer is a bare OSError, which must not read "the trash refused it".
    if not os.path.lexists(path):
        return
    try:
        send2trash(path)
    except FileNotFoundError:
        return
    except OSError as error:
        if not os.path.lexists(path):  # gone in the meantime: nothing left to keep
            return
        log.warning(
            "the trash refused a file",
            extra={"event": "trash_refused", "reason": error.strerror or type(error).__name__},
        )
        raise TrashError() from error


_INFO = ".trashinfo"


def take_back_out(paths: Sequence[Path]) -> int:
    """Remove from the trash the files a Delete moved there from ``paths``, now that an Undo
    put their images back there: for each, the one whose record names it and that is that
    image (the very file, linked, or the same bytes); another file deleted from there is left
    alone. How many were found and removed; a trash that cannot be read or written keeps
    them. Each trash's records are listed once for all of ``paths``, and each folder's
    trashes found once: an Undo of a Delete of 200 artworks listed the home trash's 200
    times, and walked up to the disk's top from each image's folder (500 images of one
    folder: 500 walks). It reads the disk: call it in a worker thread."""
    if sys.platform in ("darwin", "win32"):
        return 0
    listed: dict[Path, list[str]] = {}
    trashes: dict[str, list[tuple[Path, Path]]] = {}
    return sum(_take_back_out(path, listed, trashes) for path in paths)


def _take_back_out(
    path: Path, listed: dict[Path, list[str]], trashes: dict[str, list[tuple[Path, Path]]]
) -> bool:
    """:func:`take_back_out` of one image; ``listed``: the names in each trash's record
    folder, listed by an image before it or, the first time, here; ``trashes``: the trash
    folders of each folder (:func:`_trash_folders`), found alike."""
    try:
        here = path.stat()
    except OSError:
        return False
    wanted = os.path.realpath(path)
    folder = os.path.dirname(wanted)
    if folder not in trashes:
        trashes[folder] = list(_trash_folders(Path(folder)))
    records = [
        record
        for trash, top in trashes[folder]
        for record in _records_named(trash, path.stem, listed)
        if _recorded_path(record[0], top) == wanted
    ]
    # The very file first: an earlier one from there with the same bytes is another entry.
    for same in (_same_file, _same_bytes):
        for info, trashed in records:
            if same(trashed, path, here):
                return _remove(info, trashed)
    return False


def _remove(info: Path, trashed: Path) -> bool:
    """Remove the trashed file, then its record; whether the file went (a record that
    cannot be removed is left naming no file)."""
    try:
        trashed.unlink()
    except OSError:
        return False
    with contextlib.suppress(OSError):
        info.unlink(missing_ok=True)
    return True


def _trash_folders(folder: Path) -> Iterator[tuple[Path, Path]]:
    """The trash folders a file in ``folder`` (its real path) may have been moved to, each
    with the folder its records' relative paths start from: the home trash, then its disk's
    own."""
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    yield data / "Trash", data
    volume = folder
    while not os.path.ismount(volume) and volume != volume.parent:
        volume = volume.parent
    uid = os.getuid()  # type: ignore[attr-defined,unused-ignore]  # not on Windows
    if _shared_trash(volume / ".Trash"):
        yield volume / ".Trash" / str(uid), volume
    if _own_trash(volume / f".Trash-{uid}", uid):
        yield volume / f".Trash-{uid}", volume


def _shared_trash(folder: Path) -> bool:
    """Whether ``folder`` is a disk's trash shared by its users: the freedesktop.org rules
    (and send2trash) use it only as a folder, not a link, with the sticky bit; another
    user may have made any other, and what is in it is no Delete's."""
    try:
        mode = folder.lstat().st_mode
    except OSError:
        return False
    return stat.S_ISDIR(mode) and bool(mode & stat.S_ISVTX)


def _own_trash(folder: Path, uid: int) -> bool:
    """Whether ``folder`` is this user's own trash on a disk: a folder, not a link, that
    the user owns (the rules say to check it; another user may have made one)."""
    try:
        held = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(held.st_mode) and held.st_uid == uid


def _records_named(
    trash: Path, stem: str, listed: dict[Path, list[str]]
) -> Iterator[tuple[Path, Path]]:
    """The records in ``trash`` of files whose name begins with ``stem`` (the trash names
    a second "fox.png" "fox 1.png" or "fox.2.png"), each with its file; its record folder
    read once into ``listed`` (one removed since is passed over: it cannot be read)."""
    if trash not in listed:
        try:
            with os.scandir(trash / "info") as entries:
                listed[trash] = [entry.name for entry in entries]
        except OSError:
            listed[trash] = []
    for name in listed[trash]:
        if name.startswith(stem) and name.endswith(_INFO):
            yield trash / "info" / name, trash / "files" / name.removesuffix(_INFO)


def _recorded_path(info: Path, top: Path) -> str:
    """Where the file of the record ``info`` was, or empty when it cannot be read."""
    try:
        lines = info.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        if line.startswith("Path="):
            recorded = unquote(line.removeprefix("Path="))
            return "" if "\0" in recorded else os.path.realpath(top / recorded)
    return ""


def _same_file(trashed: Path, _path: Path, here: os.stat_result) -> bool:
    try:
        there = trashed.lstat()  # a link trashed in the image's place is not the image
    except OSError:
        return False
    return (there.st_dev, there.st_ino) == (here.st_dev, here.st_ino)


def _same_bytes(trashed: Path, path: Path, here: os.stat_result) -> bool:
    import filecmp  # here: not at start-up, for a rare action

    try:
        there = trashed.lstat()
        return (
            stat.S_ISREG(there.st_mode)
            and there.st_size == here.st_size
            and filecmp.cmp(trashed, path, shallow=False)
        )
    except OSError:
        return False
