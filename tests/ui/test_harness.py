"""The UI tests' own event loop behaves as the app's does."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QWidget

from tests.ui.conftest import until


async def test_a_test_s_only_window_closing_leaves_its_loop_running(owned: list) -> None:
    """Closing the last visible window stopped the qasync loop under a test that awaited
    after it, unless a main window had been opened earlier in the run (run this alone to
    see it): the teardown of a tab whose work was still running failed at random."""
    widget = QWidget()
    owned.append(widget)
    widget.show()
    await until(widget.isVisible)
    widget.close()
    for _ in range(5):  # several turns of the loop: Qt's quit, posted, would come in one
        await asyncio.sleep(0.01)
    assert not widget.isVisible()
