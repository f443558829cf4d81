"""Structured logging: one JSON object per line in the log folder.

Messages carry an ``event`` name and fields; prompts are cut to 100 characters. A filter masks
every secret the app knows at run time, as a second line of defence behind never logging them.

A line is formatted (and masked) where it is logged and written to the file by a thread of
its own, so the GUI thread, where the engine runs, never waits for the disk. The thread is
drained at exit, or by :func:`stop_logging` when a line must be in the file now.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import logging.handlers
import os
import queue
import time
from pathlib import Path
from typing import Any

from kontext_studio.config import folder_unusable
from kontext_studio.i18n import QT_TRANSLATE_NOOP

PROMPT_LOG_CHARS = 100
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_secrets: set[str] = set()
_writer: logging.handlers.QueueListener | None = None


def register_secret(value: str | bytes | None) -> None:
    """Mask this value in every log line from now on, trimmed as it is sent. Bytes (a
    keyring backend's, against its contract) are masked as the text they hold: kept as
    bytes, the mask failed on every line after, and none reached the file."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    if text and len(text.strip()) >= 6:
        _secrets.add(text.strip())


def short_prompt(prompt: str) -> str:
    return prompt if len(prompt) <= PROMPT_LOG_CHARS else prompt[: PROMPT_LOG_CHARS - 1] + "…"


def _mask(text: str) -> str:
    """``text`` with every registered secret masked, the longest first: a key pasted cut
    short, then whole, registers both, and the short one masked first left the rest of the
    whole key in the line. A copy of the set is walked, as another thread may register a
    secret meanwhile ("set changed size during iteration" lost the line)."""
    for secret in sorted(tuple(_secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc_type"] = record.exc_info[0].__name__
            entry["exc"] = self.formatException(record.exc_info)
        return _mask(json.dumps(entry, ensure_ascii=False, default=str))


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file, rotated. A line that cannot be written (the disk is full, the folder
    went away) is dropped without a word: logging's default prints a traceback on stderr for
    each, into the artist's terminal, and a log is never worth stopping or scaring anyone."""

    def handleError(self, record: logging.LogRecord) -> None:
        """Drop the line (see the class)."""

    def doRollover(self) -> None:
        """Rotate the full log, unless it cannot be renamed now: Windows renames no file
        another process has open, and the window and a command log into the same file.
        The rotation then failed at each line, which was dropped, having first shifted the
        old logs one place further, the oldest deleted: while the other ran, every line of
        this process was lost, and the old logs with them. The full log is moved aside
        before anything else, and lines go on into it until it can be."""
        if self.stream:
            self.stream.close()
        aside = f"{self.baseFilename}.rotating"
        try:
            os.replace(self.baseFilename, aside)
        except OSError:
            self.stream = self._open()
            return
        super().doRollover()  # the old logs shifted, a new log opened
        with contextlib.suppress(OSError):  # left aside: replaced at the next rotation
            os.replace(aside, self.rotation_filename(f"{self.baseFilename}.1"))

    def close(self) -> None:
        """Close the file; the last lines flushed then may not fit either (see the class)."""
        with contextlib.suppress(OSError):
            super().close()


WARNINGS_LOGGER = "py.warnings"
"""Where :func:`logging.captureWarnings` sends Python's warnings (the entry point turns it on):
to the log file with the app's records, not to the terminal. A library's warning about a
file it reads (Pillow's "Corrupt EXIF data" for a damaged photo) is for the log, not for the
artist running a command, who is told in words what came of the file."""


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the app's logs to ``log_dir/kontext-studio.jsonl`` (rotated). A log file that
    cannot be opened (a read-only folder, a folder in its place) is a :class:`FolderError`
    that names its folder (a full disk: :class:`StorageError`)."""
    global _writer
    path = log_dir / "kontext-studio.jsonl"
    stop_logging()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = _LogFile(path, maxBytes=5_000_000, backupCount=3, encoding="utf-8")
    except OSError as error:
        raise folder_unusable(
            log_dir,
            error,
            QT_TRANSLATE_NOOP("Errors", "cannot write the log file {path}: {reason}"),
            path=str(path),
        ) from error
    file_handler.setFormatter(logging.Formatter("%(message)s"))  # the line is made already
    lines: queue.Queue[logging.LogRecord] = queue.Queue()
    _writer = logging.handlers.QueueListener(lines, file_handler)
    _writer.start()
    handler = logging.handlers.QueueHandler(lines)
    handler.setFormatter(JsonFormatter())
    handler._kontext = True  # type: ignore[attr-defined]
    root = logging.getLogger("kontext_studio")
    root.addHandler(handler)
    root.setLevel(level)
    warned = logging.getLogger(WARNINGS_LOGGER)
    warned.addHandler(handler)
    warned.propagate = False
    return path


def logging_to_file() -> bool:
    """Whether :func:`setup_logging` is in effect (a record logged now reaches the file)."""
    return any(getattr(h, "_kontext", False) for h in logging.getLogger("kontext_studio").handlers)


@atexit.register
def stop_logging() -> None:
    """Detach the file log: what was logged so far is written, the writer stopped and the
    file closed (at exit, and before a log folder is replaced)."""
    global _writer
    root = logging.getLogger("kontext_studio")
    warned = logging.getLogger(WARNINGS_LOGGER)
    for handler in list(root.handlers):
        if getattr(handler, "_kontext", False):
            root.removeHandler(handler)
            warned.removeHandler(handler)
            handler.close()
    if _writer is None:
        return
    writer, _writer = _writer, None
    writer.stop()
    for handler in writer.handlers:
        handler.close()
