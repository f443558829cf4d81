"""The lock beside the window's socket stays a lock when the window that closes removes it."""

from __future__ import annotations

import asyncio
import fcntl
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from kontext_studio import single_instance

pytestmark = pytest.mark.skipif(not single_instance.supported(), reason="POSIX only")
T = TypeVar("T")


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

    def opening(wait: Callable[[], T], waited: float) -> T:
        held.append(True)
        return wait()

    answer = asyncio.ensure_future(
        asyncio.to_thread(single_instance.hand_over, second.peer, "/tmp/fox.png", held=opening)
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


async def closing_doorbell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[single_instance.Doorbell, asyncio.Event]:
    """A running app whose window has closed and which is ending (a job being sent waits
    for its answer): each request is refused once ``ended`` is set."""
    monkeypatch.setattr(single_instance, "HOLD_NOTICE_S", 0.01)
    claim = single_instance.claim(tmp_path)
    assert claim.listener is not None and claim.path is not None
    doorbell = single_instance.Doorbell(claim.listener, claim.path)
    ended = asyncio.Event()

    async def knock(reference: str | None, left_out: int, passed_over: bool) -> bool:
        await ended.wait()
        return False

    doorbell.on_request = knock
    doorbell.closing = lambda: True
    await doorbell.start()
    return doorbell, ended


async def test_a_launch_while_the_app_is_closing_is_told_so_and_waits_for_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the launch was told the request was held, as if a window were opening, and
    said the app was "still opening"."""
    doorbell, ended = await closing_doorbell(tmp_path, monkeypatch)
    second = single_instance.claim(tmp_path)
    assert second.peer is not None
    told: list[str] = []

    def closing(wait: Callable[[], T], waited: float) -> T:
        told.append("closing")
        return wait()

    answer = asyncio.ensure_future(
        asyncio.to_thread(
            single_instance.hand_over,
            second.peer,
            "/tmp/fox.png",
            held=lambda wait, waited: told.append("held"),
            closing=closing,
        )
    )
    for _tick in range(500):
        if told or answer.done():
            break
        await asyncio.sleep(0.01)
    assert told == ["closing"]
    assert not answer.done()  # it waits for the app to end
    ended.set()
    # Refused: the library is free, and the launch opens its own window.
    assert await asyncio.wait_for(answer, 10) is single_instance.Answer.REFUSED
    await doorbell.close()
    await doorbell.wait_closed()


async def test_a_launch_of_an_earlier_version_is_told_held_as_it_understands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A launch that does not know the answer "closing" would take it for no answer at all,
    say the app does not answer and exit: it is told "held", waits, and opens its window."""
    doorbell, ended = await closing_doorbell(tmp_path, monkeypatch)
    second = single_instance.claim(tmp_path)
    assert second.peer is not None

    def earlier_launch(peer: socket.socket) -> list[bytes]:
        with peer:
            peer.sendall(b'{"reference": null, "left_out": 0, "passed_over": false}\n')
            peer.shutdown(socket.SHUT_WR)
            return [single_instance._answer(peer), single_instance._answer(peer)]

    answers = asyncio.ensure_future(asyncio.to_thread(earlier_launch, second.peer))
    await asyncio.sleep(0.3)
    ended.set()
    assert await asyncio.wait_for(answers, 10) == [single_instance.HELD, single_instance.NO]
    await doorbell.close()
    await doorbell.wait_closed()


async def test_a_close_that_does_not_end_is_given_up_on_with_its_own_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "CLOSING_TIMEOUT_S", 0.3)
    doorbell, ended = await closing_doorbell(tmp_path, monkeypatch)
    second = single_instance.claim(tmp_path)
    assert second.peer is not None

    answer = await asyncio.wait_for(
        asyncio.to_thread(
            single_instance.hand_over, second.peer, None, closing=lambda wait, waited: wait()
        ),
        10,
    )

    assert answer is single_instance.Answer.STILL_CLOSING
    ended.set()
    await doorbell.close()
    await doorbell.wait_closed()


def test_a_launch_held_by_an_app_that_ends_without_answering_is_refused(
    tmp_path: Path,
) -> None:
    """The app was killed as its window opened: the launch, told its request was held, sees
    the connection end without an answer. Before: no answer at all ("does not answer"), when
    the library is free; now refused, and the launch claims the library again."""
    claim = single_instance.claim(tmp_path)
    assert claim.listener is not None
    second = single_instance.claim(tmp_path)
    assert second.peer is not None

    def app_killed_as_it_opens(listener: socket.socket) -> None:
        with listener, listener.accept()[0] as connection:
            connection.recv(single_instance.MAX_REQUEST_BYTES)  # the request, never answered
            time.sleep(0.2)  # the app holds a request a while before it says so
            connection.sendall(single_instance.HELD)

    app = threading.Thread(target=app_killed_as_it_opens, args=(claim.listener,))
    app.start()
    held: list[float] = []

    def opening(wait: Callable[[], T], waited: float) -> T:
        held.append(waited)
        return wait()

    answer = single_instance.hand_over(second.peer, "/tmp/fox.png", held=opening)
    app.join()

    # The launch's notice is due some time after its request, not after the app's word.
    assert len(held) == 1 and 0.2 <= held[0] < 5
    assert answer is single_instance.Answer.REFUSED
