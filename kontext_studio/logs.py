"""Structured logging: one JSON object per line in the log folder.

Messages carry an ``event`` name and fields; prompts are cut to 100 characters. A filter masks
every secret the app knows at run time, as a second line of defence behind never logging them.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import time
from pathlib import Path
from typing import Any

PROMPT_LOG_CHARS = 100
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Mask this value in every log line from now on."""
    if value and len(value) >= 6:
        _secrets.add(value)


def short_prompt(prompt: str) -> str:
    return prompt if len(prompt) <= PROMPT_LOG_CHARS else prompt[: PROMPT_LOG_CHARS - 1] + "…"


def _mask(text: str) -> str:
    for secret in _secrets:
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


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the app's logs to ``log_dir/kontext-studio.jsonl`` (rotated)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "kontext-studio.jsonl"
    root = logging.getLogger("kontext_studio")
    for handler in list(root.handlers):
        if getattr(handler, "_kontext", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(JsonFormatter())
    handler._kontext = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path
