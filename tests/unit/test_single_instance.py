"""The lock beside the window's socket stays a lock when the window that closes removes it."""

from __future__ import annotations

import asyncio
import fcntl
import os
import socket
from pathlib import Path

import pytest

from kontext_studio import single_instance

pytestmark = pytest.mark.skipif(not single_instance.supported(), reason="POSIX only")


def test_a_launch_that_waited_on_a_removed_lock_file_locks_the_one_there_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window that held the lock removed its file while this launch waited on it: a
    lock on that file would exclude nobody (a later launch locks a new file)."""
    lock = tmp_path / "window.sock.lock"
    locked: list[int] = []
    real_flock = fcntl.flock

    def flock(descriptor: int, operation: int) -> None:
        if not locked:
            lock.unlink()  # removed by its holder while this launch waited
        real_flock(descriptor, operation)
        locked.append(os.fstat(descriptor).st_ino)

    monkeypatch.setattr(fcntl, "flock", flock)
    with single_instance._locked(lock):
        assert locked[-1] == lock.stat().st_ino


async def test_a_closing_window_leaves_nothing_and_a_launch_meanwhile_keeps_its_socket(
    tmp_path: Path,
) -> None:
    path = tmp_path / "window.sock"
    claim = single_instance.claim(tmp_path)
    assert claim.listener is not None
    doorbell = single_instance.Doorbell(claim.listener, path)
    await doorbell.start()
    assert (tmp_path / "window.sock.lock").exists()  # left by the claim, under its lock

    await doorbell.close()
    assert list(tmp_path.iterdir()) == []

    later = single_instance.claim(tmp_path)  # the next launch listens in its place
    assert later.listener is not None
    await doorbell.wait_closed()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as peer:
        peer.connect(os.fspath(path))  # the later launch's socket is still there
    later.listener.close()


async def test_a_connection_that_sends_no_request_does_not_keep_the_app_from_ending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Something of the same user's (a launch stopped with Ctrl+Z as it connected) connects
    to the window's socket and sends nothing. Before: the window, once closed, waited for
    that request for ever, and the app never ended."""
    monkeypatch.setattr(single_instance, "REQUEST_TIMEOUT_S", 0.01)
    claim = single_instance.claim(tmp_path)
    assert claim.listener is not None and claim.path is not None
    doorbell = single_instance.Doorbell(claim.listener, claim.path)
    await doorbell.start()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.connect(os.fspath(claim.path))
        while not doorbell._serving:  # the window takes the connection in
            await asyncio.sleep(0.01)
        await doorbell.close()
        await asyncio.wait_for(doorbell.wait_closed(), 10)  # a guard: without it, a hang


async def test_a_launch_waits_for_a_window_still_opening_beyond_the_answer_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first launch's window takes longer to open than a launch waits for an answer (a
    keyring unlock prompt waits for a person). Before: the second launch said the app "does
    not answer" and exited 1, and the window took its image later anyway. Now it is told the
    request is held, says so, and waits for the window."""
    monkeypatch.setattr(single_instance, "HOLD_NOTICE_S", 0.01)
    monkeypatch.setattr(single_instance, "ANSWER_TIMEOUT_S", 0.3)
    claim = single_instance.claim(tmp_path)
    assert claim.listener is not None and claim.path is not None
    doorbell = single_instance.Doorbell(claim.listener, claim.path)
    window_open = asyncio.Event()
    asked: list[str | None] = []

    async def knock(reference: str | None, left_out: int, passed_over: bool) -> bool:
        asked.append(reference)
        await window_open.wait()
        return True

    doorbell.on_request = knock
    await doorbell.start()
    second = single_instance.claim(tmp_path)
    assert second.peer is not None
    held: list[bool] = []
    answer = asyncio.ensure_future(
        asyncio.to_thread(
            single_instance.hand_over, second.peer, "/tmp/fox.png", 0, lambda: held.append(True)
        )
    )
    for _tick in range(500):
        if held or answer.done():
            break
        await asyncio.sleep(0.01)
    assert held, answer.result() if answer.done() else "no word from the app"
    await asyncio.sleep(0.6)  # longer than the answer time
    assert not answer.done()
    window_open.set()
    assert await asyncio.wait_for(answer, 10) is single_instance.Answer.TAKEN
    assert asked == ["/tmp/fox.png"] and held == [True]
    await doorbell.close()
    await doorbell.wait_closed()
