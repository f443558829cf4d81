"""The UI tests' own event loop behaves as the app's does."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import qasync_loop, until


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


def test_work_due_as_a_test_ends_runs_on_its_loop() -> None:
    """qasync runs Qt's events once more after a test's coroutine ended, and pytest-qt runs
    them between a test's phases, the loop no longer the running one: the steps of the
    app's tasks due then (jobs still sending as a test ends) ran without a loop. A request
    connecting then failed inside anyio, its connection attempt never started ("coroutine
    'connect_tcp.<locals>.try_connect' was never awaited", blamed on a random later test)."""
    loop = qasync_loop()
    steps: list[bool] = []

    async def background() -> None:
        while True:
            steps.append(_loop_running())
            await asyncio.sleep(0)

    async def test_body() -> asyncio.Task[None]:
        made = asyncio.get_running_loop().create_task(background())
        await asyncio.sleep(0)
        return made

    try:
        task = loop.run_until_complete(test_body())
        for _ in range(3):
            QApplication.processEvents()  # as pytest-qt does between a test's phases
        assert len(steps) > 3 and all(steps), steps
        task.cancel()
        loop.run_until_complete(asyncio.wait([task]))
    finally:
        loop.close()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
