"""The desktop's trash, where a deleted artwork's image goes so a slip can be undone.

``send2trash`` follows each system's own rules (the freedesktop.org trash on Linux, the
Recycle Bin on Windows, the Finder's Trash on macOS), which a hand-written move would get
wrong: a file on another disk goes to that disk's own trash, with the record the file
manager needs to put it back.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

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
