"""The simulator's tasks on disk, so that a restarted simulator still knows them.

Demo mode runs the simulator inside the app: without this, closing the app while a job is
generating would leave a task id that the next start's simulator has never heard of, and the
job would end "not found", where the real KIE would simply have finished it. One JSON line per
task (``tasks.jsonl``); an edit's input image beside it (``<task id>.source``). Balance is not
stored: it follows from the costs of the tasks.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "tasks.jsonl"


class TaskJournal:
    """Append-only task records in ``folder``; unreadable lines are skipped, not fatal."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def append(self, record: dict[str, Any], source: bytes | None) -> None:
        """Called after the task exists; a failure only costs resumability, so it is logged."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if source is not None:
                (self.folder / f"{record['task_id']}.source").write_bytes(source)
            line = json.dumps(record, ensure_ascii=False) + "\n"
            with (self.folder / FILE_NAME).open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            log.warning("simulator journal not written: %s", error.strerror)

    def load(self) -> Iterator[tuple[dict[str, Any], bytes | None]]:
        """Every task recorded so far, with its input image if it had one."""
        try:
            lines = (self.folder / FILE_NAME).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as error:
            log.warning("simulator journal not read: %s", error)
            return
        for line in lines:
            try:
                record = json.loads(line)
                task_id = str(record["task_id"])
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash
            yield record, self._source(task_id)

    def _source(self, task_id: str) -> bytes | None:
        try:
            return (self.folder / f"{task_id}.source").read_bytes()
        except OSError:
            return None
