"""Every widget of ``kontext_studio/ui/`` that restyles or re-sizes itself when its palette,
font or style changes, the window and Settings included, does so through
``ChangeFollower``, in the restyle turn after the change: a widget that set its style sheet,
palette or font in its ``changeEvent`` did so inside the window's own restyle at the
system's switch between light and dark, and the window set the application's palette
inside Qt's own round of the widgets for it; the app crashed there. A change event handled
anywhere else fails here."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "kontext_studio" / "ui"
CHANGES = re.compile(
    r"\b(PaletteChange|FontChange|StyleChange|ApplicationPaletteChange|ApplicationFontChange)\b"
)


def test_palette_font_and_style_changes_are_heard_by_change_followers_alone() -> None:
    handled = [
        f"{path.relative_to(UI).as_posix()}: {found.group(0)}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "next_turn.py"
        for found in CHANGES.finditer(path.read_text(encoding="utf-8"))
    ]
    assert handled == []
