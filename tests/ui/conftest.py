"""UI tests run on a qasync loop so the engine's coroutines and Qt share one thread.

Inside async tests, wait with ``await until(...)`` (an async poll), never ``qtbot.waitUntil``:
that spins a nested Qt loop that starves asyncio and can hang teardown.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from kontext_studio.session import Session, open_session
from kontext_studio.ui.bridge import Bridge
from tests.fixtures import fast_schedule


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Any:
    """Free each test's qasync loop (a reference cycle with Qt timers) here, on the GUI
    thread: collected later on a worker thread, its timers would be stopped from the wrong
    thread and Qt would crash."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def empty_clipboard() -> Any:
    """A Python-made QMimeData left on the clipboard crashes PySide at interpreter exit."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.clipboard().clear()


def pytest_asyncio_loop_factories(config: Any, item: Any) -> dict[str, Callable[[], Any]]:
    return {"qasync": lambda: qasync.QEventLoop(QApplication.instance() or QApplication([]))}


async def until(condition: Callable[[], Any], timeout: float = 10.0) -> None:
    """Let the loop run until ``condition()`` is truthy; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


@pytest.fixture
async def session(simulator) -> AsyncIterator[Session]:
    opened = open_session(schedule=fast_schedule())
    yield opened
    await opened.aclose()


@pytest.fixture
async def bridge(session: Session) -> AsyncIterator[Bridge]:
    made = Bridge(session)
    yield made
    await made.aclose()
