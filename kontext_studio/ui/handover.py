"""The artist's unsent work, carried from a window to the one that replaces it.

A switch between demo and live mode closes the window and opens another on a new session;
:class:`Handover` is what the new window takes over. When no window can open after a switch
(nor one in the mode the app was in), or Ctrl+C ends the app in the middle of one, the work
is kept in a small JSON file in the data folder, and the next start takes it over instead.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kontext_studio.config import write_json_atomic
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.presets import Preset
from kontext_studio.ui.upload_tab import PendingUpload

log = logging.getLogger(__name__)

FILE_NAME = "unsent-work.json"
FILE_VERSION = 1


@dataclass(frozen=True)
class Handover:
    """What a window gives the one that replaces it when the artist switches between demo
    and live mode (or to a new key): their unsent work and where they were."""

    tab: int
    draft: GenerateRequest
    style: Preset | None
    uploads: tuple[PendingUpload, ...]
    looking_in: tuple[Path, ...] = ()
    """Files and folders dropped on the Upload tab still being looked through: looked
    through again by the new window."""
    batch: int = 1
    search: str = ""
    selected: int | None = None


def unsent_work_file(data: Path) -> Path:
    return data / FILE_NAME


def keep(handover: Handover, path: Path) -> None:
    """Write ``handover`` to ``path`` for the next start (a :class:`StorageError` when it
    cannot be written)."""
    write_json_atomic(path, _to_data(handover))


def load(path: Path) -> Handover | None:
    """The work :func:`keep` wrote; None when there is none or the file cannot be read (a
    damaged file is logged and left for a person to look at, never a reason not to start)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        log.warning("unsent work not readable", extra={"event": "unsent_work_unreadable"})
        return None
    try:
        return _from_data(json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("unsent work not usable", extra={"event": "unsent_work_unusable"})
        return None


def discard(path: Path) -> None:
    """Remove the file once a window has taken its work over."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("unsent work not removed", extra={"event": "unsent_work_kept"})


def _to_data(handover: Handover) -> dict[str, Any]:
    return {
        "version": FILE_VERSION,
        "tab": handover.tab,
        "draft": asdict(handover.draft),
        "style": asdict(handover.style) if handover.style is not None else None,
        "uploads": [{**asdict(item), "path": str(item.path)} for item in handover.uploads],
        "looking_in": [str(path) for path in handover.looking_in],
        "batch": handover.batch,
        "search": handover.search,
        "selected": handover.selected,
    }


def _from_data(data: dict[str, Any]) -> Handover:
    style = data.get("style")
    selected = data.get("selected")
    return Handover(
        tab=int(data["tab"]),
        draft=GenerateRequest.from_json(json.dumps(data["draft"])),
        style=Preset(**style) if isinstance(style, dict) else None,
        uploads=tuple(
            PendingUpload(
                Path(item["path"]), str(item["title"]), str(item["description"]), str(item["tags"])
            )
            for item in data.get("uploads", [])
        ),
        looking_in=tuple(Path(str(path)) for path in data.get("looking_in", [])),
        batch=int(data.get("batch", 1)),
        search=str(data.get("search", "")),
        selected=int(selected) if selected is not None else None,
    )
