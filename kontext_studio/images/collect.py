"""The images inside folders: what a folder given to the Upload tab or to ``import`` brings.

:func:`collect_images` takes the paths an artist dropped, chose or typed. A file stays as it
is, whatever it is (its check says why it cannot be used): a file chosen by its name is never
passed over. A folder gives the files inside it, subfolders too, whose extension names a
format the limits accept; every other file is passed over and counted, not refused one by
one: these are the files the artist is told were left out. What the artist never put there
nor sees is passed over unsaid, neither counted nor listed (telling of it only alarmed):
hidden files (a name starting with a dot: ``.DS_Store``, macOS's ``._`` twins of every file
copied to a USB stick) and what Windows and macOS leave in folders (``Thumbs.db``,
``desktop.ini``, a folder icon's ``Icon``: :data:`LITTER_FILES`). A hidden folder, and one
the system keeps (``$RECYCLE.BIN``, ``__MACOSX``: :data:`LITTER_FOLDERS`), is passed over
unopened: what is in ``.git``, ``.thumbnails`` or ``.Trash-1000`` is a tool's, not the
artist's, and opening it would make a project folder slow to look through (or refused as too
large) for files nobody asked for. Symbolic links are followed, and a folder reached twice (a
link back up the tree) is looked through once. The walk stops at :data:`MAX_IMAGES` images
or :data:`MAX_ENTRIES` names, so a whole home folder dropped by mistake is refused quickly,
each with its own words; a folder that would take the images of one drop past
:data:`MAX_IMAGES` is refused too, and says so. It reads the disk: call it in a worker
thread.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kontext_studio.errors import (
    DropFullError,
    FolderTooLargeError,
    FolderUnreadableError,
    InputError,
    NoImagesError,
    TooManyFilesError,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.validate import UPLOAD_LIMITS, Limits

MAX_IMAGES = 500
"""The most images folders bring at once."""
MAX_ENTRIES = 20 * MAX_IMAGES
"""The most names looked at in one folder, images or not."""


class LeftOut(StrEnum):
    """Why a file inside a folder was left out, as callers (the CLI's ``--json``) name it.
    Each is said: a reason added here is said by ``import`` once it has its words there (a
    test walks them). Hidden files are passed over unsaid (see the module docstring)."""

    NOT_AN_IMAGE = "not_an_image"
    """Not a file of a format the limits accept."""


LITTER_FILES = frozenset({"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r"})
"""Files (lower case) that Windows (thumbnail caches, a folder's settings) and macOS (a
folder's own icon, ``Icon`` and a carriage return) leave in folders, unseen: passed over
unsaid, as hidden files are."""
LITTER_FOLDERS = frozenset({"$recycle.bin", "system volume information", "__macosx"})
"""Folders (lower case) that are the system's, not the artist's: a drive's Recycle Bin and
restore data (Windows hides them without a dot), and the ``._`` twins a zip made on macOS
unpacks into. Passed over unopened, as hidden folders are."""


@dataclass(frozen=True)
class Collected:
    """What the paths bring: the files in order, the files inside folders that were passed
    over with why (:class:`LeftOut`; never a hidden file nor the system's litter, nor
    what is in a folder not opened), and each folder that brought nothing with the
    reason."""

    files: tuple[Path, ...] = ()
    left_out: tuple[tuple[Path, LeftOut], ...] = ()
    problems: tuple[tuple[Path, InputError], ...] = ()
    left_out_folders: int = 0
    """How many of the folders given left files out: "in the folder" is said when one did."""

    @property
    def skipped(self) -> int:
        """How many files inside folders were passed over."""
        return len(self.left_out)


FileIdentity = tuple[int, int] | Path
"""What tells two paths to one file apart from two files: see :func:`file_identity`."""


@dataclass
class _Walk:
    """One folder being looked through."""

    top: Path
    extensions: frozenset[str]
    found: list[Path] = field(default_factory=list)
    left_out: list[tuple[Path, LeftOut]] = field(default_factory=list)
    entries: int = 0
    seen: set[FileIdentity] = field(default_factory=set)


def collect_images(paths: Iterable[Path], limits: Limits = UPLOAD_LIMITS) -> Collected:
    """The files ``paths`` name, a folder replaced by the images inside it (see the module
    docstring); all folders together bring at most :data:`MAX_IMAGES`."""
    files: list[Path] = []
    problems: list[tuple[Path, InputError]] = []
    left_out: list[tuple[Path, LeftOut]] = []
    left_out_folders = 0
    budget = MAX_IMAGES
    for path in paths:
        if not _is_folder(path):
            files.append(path)
            continue
        walk = _Walk(path, limits.extensions)
        try:
            _look_through(walk)
            if len(walk.found) > budget:
                raise _drop_full(walk)
        except InputError as error:
            problems.append((path, error))
            continue
        files.extend(walk.found)
        left_out.extend(walk.left_out)
        left_out_folders += bool(walk.left_out)
        budget -= len(walk.found)
    return Collected(tuple(files), tuple(left_out), tuple(problems), left_out_folders)


def file_identity(path: Path) -> FileIdentity:
    """What :func:`os.path.samefile` compares: the device and inode of the file ``path``
    leads to, links followed, so a link, a second way in or ``a/../a/x.png`` is the same
    file. A path that cannot be looked at is its own resolved path, and so is one the
    system gives no inode for: Windows says 0 for a file another program holds locked
    (read from its folder instead), and some network drives do for every file, which would
    make all of them one file. It reads the disk."""
    try:
        status = path.stat()
    except OSError:
        return Path(os.path.abspath(path))
    if not status.st_ino:
        return Path(os.path.abspath(path))
    return (status.st_dev, status.st_ino)


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; one that cannot even be looked at (no permission on the
    way, a name too long) is passed on as a file, whose own check says why in words."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _look_through(walk: _Walk) -> None:
    """Fill ``walk`` depth first, each folder's files before its subfolders, by name."""
    pending = [walk.top]
    while pending:
        folder = pending.pop()
        subfolders = _read_folder(walk, folder)
        pending.extend(reversed(subfolders))
    if not walk.found:
        raise NoImagesError.worded(
            QT_TRANSLATE_NOOP("Errors", "“{name}” holds no JPEG, PNG or WebP file"),
            name=_name(walk.top),
        )


def _read_folder(walk: _Walk, folder: Path) -> list[Path]:
    """Take the images of ``folder`` into ``walk``; its subfolders, to be looked through
    next. A subfolder that cannot be read is passed over; the top one is refused."""
    try:
        identity = _folder_identity(folder)
        if identity in walk.seen:
            return []
        walk.seen.add(identity)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        if folder == walk.top:
            raise FolderUnreadableError.worded(
                QT_TRANSLATE_NOOP("Errors", "“{name}” cannot be opened"), name=_name(folder)
            ) from error
        return []
    subfolders: list[Path] = []
    for entry in entries:
        walk.entries += 1
        if walk.entries > MAX_ENTRIES:
            raise _too_many_names(walk)
        if _is_dir(entry):
            if not _unseen(entry.name, LITTER_FOLDERS):
                subfolders.append(Path(entry.path))
        elif _unseen(entry.name, LITTER_FILES):
            continue
        elif _is_image(walk, entry):
            walk.found.append(Path(entry.path))
            if len(walk.found) > MAX_IMAGES:
                raise _too_many(walk)
        else:
            walk.left_out.append((Path(entry.path), LeftOut.NOT_AN_IMAGE))
    return subfolders


def _folder_identity(folder: Path) -> FileIdentity:
    """What tells ``folder`` reached twice (a link back up the tree) from another folder: its
    device and inode, or, where the drive gives no inode (some network drives: 0 for every
    folder, which took each subfolder for one looked through already), the path it leads
    to, links followed. OSError when it cannot be looked at."""
    status = folder.stat()
    if not status.st_ino:
        return Path(os.path.realpath(folder))
    return (status.st_dev, status.st_ino)


def _unseen(name: str, litter: frozenset[str]) -> bool:
    """Whether a file or folder named ``name`` is one the artist never sees: hidden, or
    among the system's ``litter``."""
    return name.startswith(".") or name.lower() in litter


def _too_many(walk: _Walk) -> TooManyFilesError:
    return TooManyFilesError.worded(
        QT_TRANSLATE_NOOP(
            "Errors", "“{name}” holds more than {limit} images: at most {limit} are added at once"
        ),
        name=_name(walk.top),
        limit=MAX_IMAGES,
    )


def _too_many_names(walk: _Walk) -> FolderTooLargeError:
    return FolderTooLargeError.worded(
        QT_TRANSLATE_NOOP("Errors", "“{name}” holds over {limit} files and folders"),
        name=_name(walk.top),
        limit=f"{MAX_ENTRIES:,}",
    )


def _drop_full(walk: _Walk) -> DropFullError:
    return DropFullError.worded(
        QT_TRANSLATE_NOOP(
            "Errors",
            "“{name}” was left out: with the folders before it, this drop would bring more "
            "than {limit} images",
        ),
        name=_name(walk.top),
        limit=MAX_IMAGES,
    )


def _name(folder: Path) -> str:
    """The folder's name; the whole path for one that has none (``/``, ``.``)."""
    return folder.name or str(folder)


def _is_image(walk: _Walk, entry: os.DirEntry[str]) -> bool:
    """A file (a link to one too) with an image format's extension."""
    return Path(entry.name).suffix.lower() in walk.extensions and _is_file(entry)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False
