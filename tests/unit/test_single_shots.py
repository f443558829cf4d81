"""No ``QTimer.singleShot(0, context, slot)`` in ``kontext_studio/ui/``: with PySide6 6.11,
one whose context is deleted before it fires never lets go of ``slot``, and a bound method
(or a ``partial`` or lambda holding one) keeps its widget, and the window it belongs to,
alive as long as the app runs. ``next_turn`` is the way to put work off to the loop's next
turn. A ruff banned-api rule cannot name a call form, so the sources are read here."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "kontext_studio" / "ui"

LONG_DELAYS = {
    ("main_window.py", "round(PRUNE_DELAY_S * 1000)"): (
        "the prune of kept references, a minute (PRUNE_DELAY_S) after the window opened"
    ),
    ("thumbnails.py", "round(PRUNE_DELAY_S * 1000)"): (
        "the prune of the thumbnail cache, a minute (PRUNE_DELAY_S) after the window opened"
    ),
    ("thumbnails.py", "wait_ms"): ("a damaged image read again RETRY_S (2 s) and longer later"),
    ("generate_tab.py", "GENERATING_AFTER_MS"): (
        "a press said to be under way once it has taken 250 ms, not flickering on a fast disk"
    ),
    ("generate_tab.py", "STALL_SAID_MS"): (
        "a press whose form has waited 3 s for the disk said not saved yet"
    ),
}
"""The calls with a context allowed, by file and delay, with why. With a delay above 0 Qt
makes a timer of its own that goes with the context and lets go of ``slot`` (checked with
PySide6 6.11.3: a window deleted before its minute's prune was due was collected); only the
0 ms form, posted as an event, keeps it. Each delay is listed so that one that could be 0
is not let through unseen."""

TIMER_TYPES = {"PreciseTimer", "CoarseTimer", "VeryCoarseTimer"}


def _with_context(call: ast.Call) -> bool:
    """Whether ``call`` is ``singleShot``'s form with a context object: (msec, context,
    slot), not (msec, slot) nor (msec, timer type, slot)."""
    if len(call.args) < 3:
        return False
    second = call.args[1]
    return not (isinstance(second, ast.Attribute) and second.attr in TIMER_TYPES)


def single_shots_with_context() -> list[tuple[str, int, str]]:
    """Every ``singleShot`` call of ``ui/`` with a context: its file, line and delay."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "singleShot"
                and _with_context(node)
            ):
                delay = ast.unparse(node.args[0])
                found.append((path.relative_to(UI).as_posix(), node.lineno, delay))
    return found


def test_no_single_shot_with_a_context_but_the_long_delays_allowed() -> None:
    """A new ``QTimer.singleShot(0, owner, slot)`` (or any other delay not allowed in
    :data:`LONG_DELAYS`) fails here: use ``next_turn(owner, slot).start()``."""
    unlisted = [
        f"ui/{file}:{line}: QTimer.singleShot({delay}, <context>, ...): use next_turn"
        for file, line, delay in single_shots_with_context()
        if (file, delay) not in LONG_DELAYS
    ]
    assert unlisted == []


def test_every_long_delay_allowed_is_still_there() -> None:
    """An allowed call gone (or its delay changed) leaves no stale leave to pass."""
    present = {(file, delay) for file, _line, delay in single_shots_with_context()}
    assert set(LONG_DELAYS) <= present
