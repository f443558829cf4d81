"""A wait for work that a stop signal cuts short.

The window's close waits for several things in turn (presses of Generate, a Delete, the
writes, publishing, the session's jobs); a second Ctrl+C or SIGTERM (a logout) means the
artist wants the app gone now, so each of those waits ends as soon as it is heard.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Any, TypeVar

_Awaited = TypeVar("_Awaited", bound=asyncio.Future[Any])


async def unended(
    work: Collection[_Awaited], timeout: float, cut: asyncio.Event | None = None
) -> set[_Awaited]:
    """Wait for ``work`` to end, for at most ``timeout`` seconds and no longer than until
    ``cut`` is set; returns what has not ended. Work that ends as soon as it is let (a task
    just cancelled) is given that turn of the loop, also once the time is over or ``cut`` is
    set: before, a second stop signal had the close name every task it had just stopped
    among those that never ended. The work left runs on: whoever waited decides what becomes
    of it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    left = {future for future in work if not future.done()}
    heard = asyncio.ensure_future(cut.wait()) if cut is not None else None
    try:
        while left:
            done, _ = await asyncio.wait(
                left if heard is None else left | {heard},
                timeout=max(deadline - loop.time(), 0),
                return_when=asyncio.FIRST_COMPLETED,
            )
            left -= done
            if heard in done or loop.time() >= deadline:
                break
    finally:
        if heard is not None:
            heard.cancel()
    return left
