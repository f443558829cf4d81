"""Save as: a library image copied byte for byte to where the artist chose, or several
saved into one folder (:func:`export_all`).

The copy keeps the embedded provenance and the encoding as they are. It is written next to
the target and moved over it, so a full disk never leaves half an image where a good file
was.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kontext_studio.config import file_refused
from kontext_studio.errors import (
    DamagedImageError,
    FolderError,
    ImageError,
    ImageMissingError,
    StorageError,
)
from kontext_studio.explain import disk_full, folder_refused
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.validate import unreadable_error
from kontext_studio.images.whole import DOES_NOT_OPEN, SAVE_AGAIN, damaged_in_library, require_whole

log = logging.getLogger(__name__)


def _umask() -> int:
    """The process umask, read once at import: ``os.umask`` can only be read by setting it,
    which must not happen while other threads create files."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# A new copy gets the mode any file the artist saves gets (mkstemp's is private).
NEW_FILE_MODE = 0o666 & ~_umask()

PART_PREFIX = ".kontext-"
PART_SUFFIX = ".part"
STALE_PART_S = 15 * 60
"""A copy of a Save's still under its temporary name this long after it was
last written is one a kill (a crash, the power) cut off: no Save writes one for minutes
without a write, and one of another window's under way is newer."""
_PART_NAME = re.compile(rf"{re.escape(PART_PREFIX)}[a-z0-9_]{{8}}{re.escape(PART_SUFFIX)}")
"""A temporary name ``mkstemp`` gives: 8 of its characters, lower-case letters, digits and
"_", between the prefix and suffix. An artist's ".kontext-Draft-01.part" is none."""


def export_copy(
    source: Path, target: Path, recorded: str | None = None, *, downloadable: bool = False
) -> None:
    """Copy ``source`` to ``target`` (through a symlink, to the file it names). The source gone
    or unreadable is an ``ImageError`` naming it; a target that cannot be written a
    :class:`FolderError` naming it. A file replaced keeps its mode. ``recorded``: the SHA-256
    the library recorded of an artwork's ``source``; given, a copy of other bytes that do not
    open is refused (:func:`_copied_beside`), its words naming Download again when the
    preview offers it (``downloadable``)."""
    target = Path(os.path.realpath(target))
    # Named as a Save of many names its copies: one a kill left (".fox.png.k2x9_abc") stayed
    # in the artist's folder, and no name of that kind can safely be told from theirs.
    remove_stale_parts(target.parent)
    copied = _copied_beside(
        source,
        target,
        recorded,
        prefix=PART_PREFIX,
        suffix=PART_SUFFIX,
        downloadable=downloadable,
    )
    with copied as temp:
        try:
            if target.exists():
                shutil.copymode(target, temp)
            else:
                os.chmod(temp, NEW_FILE_MODE)
            os.replace(temp, target)
        except OSError as error:
            raise _not_replaced(target, error) from error


def export_new(
    source: Path, folder: Path, name: str, first: int = 1, recorded: str | None = None
) -> tuple[Path, int]:
    """Copy ``source`` into ``folder`` as the first of ``name`` numbered from ``first`` on
    (:func:`numbered`: "name", "name (2)"...) that no file (or folder) there has: never over
    anything there. Returns where it went and its number. Put in place whole
    (:func:`_put_in_place`), so a full disk leaves nothing behind. ``recorded`` and errors
    as :func:`export_copy`'s."""
    target = folder / name
    # A short temporary name: the title's (cut to the 255 bytes a name may have) with more
    # around it would be too long.
    with _copied_beside(source, target, recorded, prefix=PART_PREFIX, suffix=PART_SUFFIX) as temp:
        try:
            os.chmod(temp, NEW_FILE_MODE)
            return _put_in_place(temp, folder, name, first)
        except OSError as error:
            raise _unwritable(target, error) from error


@contextlib.contextmanager
def _copied_beside(
    source: Path,
    target: Path,
    recorded: str | None,
    prefix: str,
    suffix: str = "",
    *,
    downloadable: bool = False,
) -> Iterator[str]:
    """A whole copy of ``source`` under a temporary name in ``target``'s folder, for the
    caller to put in place; removed when the copy or that fails, so a full disk leaves no
    half image. The source gone or unreadable is an ``ImageError`` naming it; a folder that
    takes no copy a ``StorageError`` naming ``target``. With the SHA-256 the library
    ``recorded`` of an artwork's ``source``, the copy is checked as a Publish checks it
    (:func:`~kontext_studio.images.whole.require_whole`): hashed as it is written, and
    decoded only when its bytes are not those recorded. One that does not open (cut short
    since its thumbnail was made) is a ``DamagedImageError`` in the library's words
    (:func:`~kontext_studio.images.whole.damaged_in_library`, naming Download again when
    ``downloadable``): saved, its broken bytes were said to be "Saved"."""
    try:
        reader = source.open("rb")
    except OSError as error:
        raise unreadable_error(source, error) from error
    with reader:
        try:
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=suffix)
        except OSError as error:
            raise _unwritable(target, error) from error
        try:
            try:
                with os.fdopen(fd, "wb") as writer:
                    hashing = _Hashing(writer)
                    shutil.copyfileobj(reader, hashing, 1 << 20)
            except OSError as error:
                raise _unwritable(target, error) from error
            if recorded is not None:
                found = hashing.sha256.hexdigest()
                _require_whole_copy(source, Path(temp), recorded, found, downloadable)
            yield temp
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


class _Hashing:
    """A file written through it, the SHA-256 of what was written kept: the bytes of a copy
    hashed as they pass, not read again."""

    def __init__(self, writer: BinaryIO) -> None:
        self._writer = writer
        self.sha256 = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        return self._writer.write(data)


def _require_whole_copy(
    source: Path, copy: Path, recorded: str, found: str, downloadable: bool
) -> None:
    """Refuse ``copy`` of the artwork's ``source`` when its bytes, not those ``recorded``,
    do not open: the copy is looked at, not the source, which may change meanwhile."""
    try:
        require_whole(copy, recorded, found)
    except DOES_NOT_OPEN as error:
        raise damaged_in_library(source, SAVE_AGAIN, downloadable=downloadable) from error


def numbered(name: str, number: int) -> str:
    """``name`` as the ``number``th file of that name in a folder: "fox.png", then "fox
    (2).png", as file managers number a copy."""
    if number == 1:
        return name
    path = Path(name)
    return f"{path.stem} ({number}){path.suffix}"


def _put_in_place(temp: str, folder: Path, name: str, first: int) -> tuple[Path, int]:
    """Give the finished copy ``temp`` the first of :func:`numbered`'s names from ``first``
    on free in ``folder``; that name and its number."""
    number = first
    while not _took(temp, target := folder / numbered(name, number)):
        number += 1
    return target, number


def _took(temp: str, target: Path) -> bool:
    """Whether ``temp`` now has the name ``target``, which was free: never a file put there
    meanwhile (another program's, another Save of the window's) replaced. A hard link takes
    a name only if it is free, at once; where the disk makes none (FAT and exFAT memory
    cards, some network shares) the copy is renamed once no file has the name: on Windows a
    rename never replaces, elsewhere only a file saved in the instant between the look and
    the rename could be."""
    try:
        os.link(temp, target)
    except FileExistsError:
        return False
    except OSError:
        if os.path.lexists(target):
            return False
        try:
            os.rename(temp, target)
        except FileExistsError:
            return False
        return True
    with contextlib.suppress(OSError):
        os.unlink(temp)
    return True


@dataclass
class Exported:
    """How :func:`export_all` went."""

    saved: list[Path] = field(default_factory=list)
    """Where each copy went, in the order given."""
    numbered: list[Path] = field(default_factory=list)
    """Of :attr:`saved`, the copies given a higher number than the images before them of
    their name alone would have given them (:func:`numbered`): the folder already had a file
    of the name they were to have, and the artist finds theirs beside it."""
    missing: list[int] = field(default_factory=list)
    """The places in the list given of the images whose file is gone (moved or deleted
    outside the app): passed over."""
    unreadable: list[int] = field(default_factory=list)
    """The places of those whose file is there but could not be read: passed over."""
    damaged: dict[int, DamagedImageError] = field(default_factory=dict)
    """The places of those whose file does not open (cut short, damaged since), each with
    its refusal, which says what puts it right: passed over."""
    failed: StorageError | None = None
    """What stopped it: the folder refused a copy (a full disk, a read-only one, no rights),
    as it would refuse every next one."""
    stopped: bool = False
    """The artist stopped it before its end."""


async def export_all(
    images: Sequence[tuple[Path, str, str | None]],
    folder: Path,
    *,
    done: Callable[[int], None] | None = None,
    stop: Callable[[], bool] | None = None,
    first_saved: Callable[[], None] | None = None,
) -> Exported:
    """Copy each of ``images`` (its file, the name it is to have, the SHA-256 the library
    recorded of it) into ``folder`` with :func:`export_new`, one after the other, each off
    the event loop's thread. An image whose file cannot be read or does not open is passed
    over; a copy the folder refuses ends it, as would
    every next one. ``done`` is told how many were gone through after each; ``stop`` is
    asked before each whether the artist stopped it (the copy under way is finished);
    ``first_saved`` is told as the first copy is in the folder."""
    exported = Exported()
    await asyncio.to_thread(remove_stale_parts, folder)
    # The number each name was last saved with: a copy of that name starts after it. Each
    # tried every name its title had taken before, and a series of 2 000 from one prompt
    # took 23 s on a local disk instead of one.
    last: dict[str, int] = {}
    for place, (source, name, recorded) in enumerate(images):
        if stop is not None and stop():
            exported.stopped = True
            break
        first = last.get(name, 0) + 1
        try:
            target, last[name] = await asyncio.to_thread(
                export_new, source, folder, name, first, recorded
            )
            exported.saved.append(target)
            if first_saved is not None and len(exported.saved) == 1:
                first_saved()
            if last[name] > first:
                exported.numbered.append(target)
        except ImageMissingError:
            exported.missing.append(place)
        except DamagedImageError as error:
            exported.damaged[place] = error
        except ImageError:
            exported.unreadable.append(place)
        except StorageError as error:
            exported.failed = error
            break
        if done is not None:
            done(place + 1)
    return exported


def remove_stale_parts(folder: Path) -> None:
    """Remove from ``folder`` the hidden copies :func:`export_new` and :func:`export_copy`
    left there when a Save was killed while it wrote one (``.kontext-….part``, older than
    :data:`STALE_PART_S`): nothing else would, and they stayed in the artist's folder. Only
    names ``mkstemp`` gives (:data:`_PART_NAME`), never a folder or a link; one that cannot
    be removed is left for the next Save."""
    limit = time.time() - STALE_PART_S
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not _PART_NAME.fullmatch(name):
            continue
        with contextlib.suppress(OSError):
            if (
                entry.is_file(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < limit
            ):
                os.unlink(entry.path)
                log.info("stale part removed", extra={"event": "stale_part_removed", "path": name})


def _not_replaced(target: Path, error: OSError) -> StorageError:
    """The copy was written in ``target``'s folder, so the folder takes new files: a refusal
    for rights now is the file's own, read-only or held open by another program (an image
    viewer showing it: Windows replaces no file open elsewhere), and is said of the file.
    Said of the folder, it told the artist to get a permission they had."""
    if isinstance(error, PermissionError):
        return file_refused(target, str(error))
    return _unwritable(target, error)


def _unwritable(target: Path, error: OSError) -> StorageError:
    """A full disk is the disk's problem; anything else (no such folder, no rights, a
    folder in the file's place) the folder's. Said in the words the app uses for any
    folder; the system's only for a rare reason with none of our own (and in the log)."""
    log.warning(
        "cannot save a copy",
        extra={"event": "save_refused", "target": str(target), "reason": str(error)},
    )
    if error.errno == errno.EISDIR:
        return FolderError.worded(
            QT_TRANSLATE_NOOP("Errors", "cannot save {target}: a folder has that name"),
            target=str(target),
        )
    return folder_refused(
        StorageError if disk_full(error) else FolderError,
        error,
        str(target.parent),
        QT_TRANSLATE_NOOP("Errors", "cannot save {target}: {reason}"),
        target=str(target),
    )
