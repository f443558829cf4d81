"""How a command's loop hears a stop signal (kontext_studio.cli.signals.signals_wake)."""

from __future__ import annotations

import asyncio
import signal

from kontext_studio.cli import signals


async def test_a_loop_that_watches_no_sockets_runs_the_command_all_the_same(monkeypatch):
    """Windows' proactor loop has no add_reader: the command runs on, without the wake-up,
    and the signal's wakeup fd is left as it was."""
    loop = asyncio.get_running_loop()

    def no_sockets(*_args):
        raise NotImplementedError

    monkeypatch.setattr(loop, "add_reader", no_sockets)
    before = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(before)
    with signals.signals_wake(loop):
        ran = True
    assert ran
    assert signal.set_wakeup_fd(before) == before


async def test_a_signal_wakes_the_loop_while_the_command_runs():
    """While the command runs, the signal's wakeup fd is a socket the loop watches; after
    it, the one before is back."""
    loop = asyncio.get_running_loop()
    before = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(before)
    with signals.signals_wake(loop):
        during = signal.set_wakeup_fd(-1)
        signal.set_wakeup_fd(during)
    assert during not in (-1, before)
    assert signal.set_wakeup_fd(before) == before
