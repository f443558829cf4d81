"""The real GUI launch (``kontext_studio.entry.main``) with one probe, for the single-window tests.

``python -m tests.integration.window_probe [ARGS...]`` runs the command's ``entry.main()`` with
ARGS. Once the window is shown it prints ``READY``, then ``COLLECTING <collection.collecting()>
<gc.get_freeze_count()> <gc.isenabled()>`` (the launch's pause of garbage collection is over, and
collection runs on the GUI thread alone, not automatically on any thread); when the
Generate tab's reference slot holds a checked image it prints ``REFERENCE <path>``, then
``SLOT <line>`` for each line the slot says under it, ``STATUS <message>`` for each message
the status bar showed meanwhile, and closes the window,
so the app shuts down through its own path. Without a reference within ``PROBE_TIMEOUT_S`` it
prints ``NO REFERENCE`` and closes too. A launch that waits for the app before it to close
prints ``NOTICE <text>`` for the notice it shows meanwhile, as it shows, and so does one that
shows why it opens no window (:func:`report_notices`). ``NOTICE_AFTER_S`` in the environment
sets how long the launch waits, from its request, before that notice shows (see
:data:`kontext_studio.ui.closing_notice.NOTICE_AFTER_S`).
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMessageBox

from kontext_studio import entry
from kontext_studio.ui import app, closing_notice, collection
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.reference_slot import SlotState

PROBE_TIMEOUT_S = 40.0
_tasks: set[asyncio.Task[None]] = set()


async def _watch(window: MainWindow, shown: list[str]) -> None:
    print(
        f"COLLECTING {collection.collecting()} {gc.get_freeze_count()} {gc.isenabled()}",
        flush=True,
    )
    deadline = time.monotonic() + PROBE_TIMEOUT_S
    slot = window.generate_tab.slot
    while slot.state is not SlotState.READY and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    if slot.state is SlotState.READY:
        print(f"REFERENCE {slot.path}", flush=True)
        for line in slot._detail.text().splitlines():
            print(f"SLOT {line}", flush=True)
        for message in shown:
            print(f"STATUS {message}", flush=True)
    else:
        print("NO REFERENCE", flush=True)
    window.close()


def _probe(original: Any) -> Any:
    async def create(*args: Any, **kwargs: Any) -> MainWindow:
        window: MainWindow = await original(*args, **kwargs)
        shown: list[str] = []
        window.statusBar().messageChanged.connect(lambda text: text and shown.append(text))
        print("READY", flush=True)
        task = asyncio.get_running_loop().create_task(_watch(window, shown))
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)
        return window

    return create


class _NoticeReporter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        notice = isinstance(watched, QMessageBox) and watched.objectName() == "closingNotice"
        if notice and event.type() == QEvent.Type.Show:
            assert isinstance(watched, QMessageBox)
            print(f"NOTICE {watched.text()}", flush=True)
        return False


_reporter = _NoticeReporter()


def _noticed(original: Callable[..., Any]) -> Callable[..., Any]:
    def showing(*args: Any) -> Any:
        app.prepared_application().installEventFilter(_reporter)  # once only, however often
        return original(*args)

    return showing


def report_notices() -> None:
    """Print ``NOTICE <text>`` for each notice a launch shows (see the module's words)."""
    if "NOTICE_AFTER_S" in os.environ:
        closing_notice.NOTICE_AFTER_S = float(os.environ["NOTICE_AFTER_S"])
    closing_notice.waiting = _noticed(closing_notice.waiting)  # type: ignore[assignment]
    closing_notice.tell = _noticed(closing_notice.tell)  # type: ignore[assignment]


if __name__ == "__main__":
    app.create_main_window = _probe(app.create_main_window)  # type: ignore[assignment]
    report_notices()
    sys.exit(entry.main())
