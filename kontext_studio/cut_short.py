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
    """Wait for ``work`` to end, for at most ``timeout`` seconds (none when it is not
    positive) and no longer than until ``cut`` is set; returns what has not ended. The work
    left runs on: whoever waited decides what becomes of it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    left = {future for future in work if not future.done()}
    if cut is not None and cut.is_set():
        return left
    heard = asyncio.ensure_future(cut.wait()) if cut is not None else None
    try:
        while left and (rest := deadline - loop.time()) > 0:
            done, _ = await asyncio.wait(
                left if heard is None else left | {heard},
                timeout=rest,
                return_when=asyncio.FIRST_COMPLETED,
            )
            left -= done
            if heard in done:
                break
    finally:
        if heard is not None:
            heard.cancel()
    return left
