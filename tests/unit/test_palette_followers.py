"""Every widget of ``kontext_studio/ui/`` that restyles itself when its palette changes
does so through ``PaletteFollower``, on the loop's next turn: a widget that set its style
sheet or palette in its ``changeEvent`` did so inside the window's own restyle at the
system's switch between light and dark, and the app crashed there. A ``PaletteChange``
handled anywhere else fails here."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "kontext_studio" / "ui"


def test_palette_changes_are_heard_by_palette_followers_alone() -> None:
    handled = [
        path.relative_to(UI).as_posix()
        for path in sorted(UI.rglob("*.py"))
        if path.name != "next_turn.py"
        and re.search(r"\bPaletteChange\b", path.read_text(encoding="utf-8"))
    ]
    assert handled == []
