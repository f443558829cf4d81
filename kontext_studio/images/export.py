"""Save as: a library image copied byte for byte to where the artist chose.

The copy keeps the embedded provenance and the encoding as they are. It is written next to
the target and moved over it, so a full disk never leaves half an image where a good file
was.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path

from kontext_studio.config import file_refused
from kontext_studio.errors import FolderError, StorageError
from kontext_studio.explain import folder_refused
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.validate import unreadable_error

log = logging.getLogger(__name__)


def _umask() -> int:
    """The process umask, read once at import: ``os.umask`` can only be read by setting it,
    which must not happen while other threads create files."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# A new copy gets the mode any file the artist saves gets (mkstemp's is private).
NEW_FILE_MODE = 0o666 & ~_umask()


def export_copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` (through a symlink, to the file it names). The source gone
    or unreadable is an ``ImageError`` naming it; a target that cannot be written a
    :class:`FolderError` naming it. A file replaced keeps its mode."""
    target = Path(os.path.realpath(target))
    try:
        reader = source.open("rb")
    except OSError as error:
        raise unreadable_error(source, error) from error
    with reader:
        try:
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        except OSError as error:
            raise _unwritable(target, error) from error
        try:
            with os.fdopen(fd, "wb") as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
            if target.exists():
                shutil.copymode(target, temp)
            else:
                os.chmod(temp, NEW_FILE_MODE)
            os.replace(temp, target)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise _not_replaced(target, error) from error


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
        StorageError if error.errno == errno.ENOSPC else FolderError,
        error,
        str(target.parent),
        QT_TRANSLATE_NOOP("Errors", "cannot save {target}: {reason}"),
        target=str(target),
    )
