"""Recent prompts, newest first, for the prompt box's history menu and completer.

Stored in ``<data>/recent_prompts.json``. Prompts are not secrets but they are the artist's
work: they stay in this file, are never logged, and :meth:`RecentPrompts.clear` deletes the
file (or empties the file a link leads to). Every call reads the file again, so two instances
(window and CLI) never overwrite each other's newer entries with a stale copy; the file holds
at most ``limit`` short entries. A file that cannot be read just now
(:class:`~kontext_studio.errors.FileUnreadableError`) is left as it is, and no prompt is
remembered over it until it can be read.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from kontext_studio.config import (
    Paths,
    read_own_json,
    refuse_read_only,
    set_aside,
    write_error,
    write_json_atomic,
)
from kontext_studio.kie.models import MAX_PROMPT_CHARS

log = logging.getLogger(__name__)

FILE_NAME = "recent_prompts.json"
FILE_VERSION = 1


class RecentPrompts:
    """The last ``limit`` distinct prompts."""

    def __init__(self, paths: Paths, limit: int = 50) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.path = paths.data / FILE_NAME
        self.limit = limit

    def items(self, set_aside: list[Path] | None = None) -> list[str]:
        """Newest first; a missing file gives an empty list, and so does a damaged one
        (:meth:`_read`), where it was kept added to ``set_aside``."""
        return self._read(set_aside)[: self.limit]

    def add(self, prompt: str, set_aside: list[Path] | None = None) -> None:
        """Put ``prompt`` (trimmed, cut to the API's limit) first; an empty one is ignored and
        an earlier copy of the same text is removed. A damaged file is kept aside first,
        where added to ``set_aside``, as :meth:`items` keeps it: before, it went without a
        word when a prompt was remembered."""
        self.add_all([prompt], set_aside)

    def add_all(self, prompts: Sequence[str], set_aside: list[Path] | None = None) -> None:
        """:meth:`add` for ``prompts``, newest first, in one write: those remembered while
        the file could not be read."""
        texts = list(dict.fromkeys(text for text in map(_cut, prompts) if text))
        if not texts:
            return
        older = [item for item in self._read(set_aside) if item not in texts]
        self._write([*texts, *older][: self.limit])

    def clear(self) -> None:
        """Forget every prompt: the file is deleted, or a link's file emptied (the link is
        kept, as a save keeps it: ``config.written_file``). A file set read-only is kept
        and named, as a save refuses it (``config.refuse_read_only``)."""
        if self.path.is_symlink():
            self._write([])
            return
        refuse_read_only(self.path)
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise write_error(self.path, error) from error

    def _read(self, kept: list[Path] | None = None) -> list[str]:
        """The prompts in the file. A damaged one (JSON of another kind too, a folder in its
        place, a link leading where no file can be) is set aside, where it went added to
        ``kept``: before, it read as none without a word, and the next prompt remembered was
        saved over it. One that cannot be read just now is left where it is
        (``FileUnreadableError``, raised)."""
        try:
            prompts = read_own_json(self.path)["prompts"]
            if not isinstance(prompts, list):
                raise ValueError("'prompts' is not a list")
        except FileNotFoundError:
            return []
        except (ValueError, TypeError, KeyError):
            log.warning("recent prompts unreadable", extra={"event": "recent_prompts_damaged"})
            aside = set_aside(self.path)
            if aside is not None and kept is not None:
                kept.append(aside)
            return []
        # Cut as add() does: a hand-edited file may hold an entry of any length.
        cut = (_cut(p) for p in prompts if isinstance(p, str))
        return list(dict.fromkeys(p for p in cut if p))

    def _write(self, prompts: list[str]) -> None:
        write_json_atomic(self.path, {"version": FILE_VERSION, "prompts": prompts})


def _cut(prompt: str) -> str:
    """Trimmed and cut to the API's limit, as stored."""
    return prompt.strip()[:MAX_PROMPT_CHARS]
