"""The artist's unsent work, carried from a window to the one that replaces it.

A switch between demo and live mode closes the window and opens another on a new session;
:class:`Handover` is what the new window takes over.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kontext_studio.kie.models import GenerateRequest
from kontext_studio.presets import Preset
from kontext_studio.ui.upload_tab import PendingUpload


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
