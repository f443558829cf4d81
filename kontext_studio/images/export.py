"""Save as: a library image copied byte for byte to where the artist chose.

The copy keeps the embedded provenance and the encoding as they are. It is written next to
the target and moved over it, so a full disk never leaves half an image where a good file
was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from kontext_studio.errors import StorageError
from kontext_studio.images.validate import unreadable_error

# A saved copy is the artist's document: readable by others like any file they save, not
# private as mkstemp makes it.
EXPORT_MODE = 0o644


def export_copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target``. The source gone or unreadable is an ``ImageError``
    naming it; a target that cannot be written a :class:`StorageError` naming it."""
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
            os.chmod(temp, EXPORT_MODE)
            os.replace(temp, target)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise _unwritable(target, error) from error


def _unwritable(target: Path, error: OSError) -> StorageError:
    return StorageError(f"cannot save {target}: {error.strerror or error}")
