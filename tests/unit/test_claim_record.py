"""Who holds a library's jobs' claim, as its holder writes itself into the claim's file
(:mod:`kontext_studio.jobs.claim`): the command line names it, and its mode, rather than
hedge ("the window or another command … if it is in live mode")."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kontext_studio.jobs import claim as claim_module
from kontext_studio.jobs.claim import Holder, JobsClaim, Running, who_runs

ROOT = Path(__file__).resolve().parents[2]

HOLDS = """
import sys
from pathlib import Path
from kontext_studio.jobs.claim import Holder, JobsClaim
claim = JobsClaim(Path(sys.argv[1]), Holder.here(sys.argv[2], demo=sys.argv[3] == "demo"))
print("held" if claim.take() else "refused", flush=True)
sys.stdin.read()
"""


def hold(path: Path, kind: str, mode: str) -> subprocess.Popen[str]:
    """Another process that takes the claim ``path`` as ``kind`` in ``mode``, and holds it
    until its stdin closes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDS, str(path), kind, mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "held\n"
    return proc


@pytest.fixture
def lock(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "library.db.jobs.lock"


@pytest.mark.parametrize(("kind", "mode"), [("window", "demo"), ("generate", "live")])
def test_another_process_holding_the_claim_is_named_with_its_mode(lock, kind, mode):
    holder = hold(lock, kind, mode)
    try:
        seen = who_runs(lock)
        assert seen.claimed
        assert seen.holder == Holder(kind, demo=mode == "demo", pid=holder.pid)
    finally:
        holder.communicate("")
    assert who_runs(lock) == Running(claimed=False, holder=None, guests=False)


def test_the_record_of_a_killed_holder_is_not_believed(lock):
    """A holder killed leaves its record in the file: nothing holds the claim, so it says
    nothing of who runs the jobs."""
    holder = hold(lock, "window", "live")
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock.read_bytes().strip(), "the killed holder's record stays in its file"
    seen = who_runs(lock)
    assert not seen.claimed and seen.holder is None


def test_a_holder_without_a_record_is_not_taken_for_the_one_killed_before(lock):
    """The next holder (one that writes no record: an older version of the app) is not
    named by its predecessor's record: taking the claim clears it."""
    killed = hold(lock, "window", "demo")
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    other = JobsClaim(lock)
    assert other.take()
    try:
        seen = who_runs(lock)
        assert seen.claimed and seen.holder is None
    finally:
        other.release()


HOLDS_AS_BEFORE_THE_RECORD = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("held", flush=True)
sys.stdin.read()
"""


def test_a_holder_of_a_version_before_the_record_is_not_taken_for_the_one_killed_before(lock):
    """A version before the record takes the claim as it always did (its file locked, not
    written): the record a killed holder of this version left was believed as its own. A
    window in demo mode killed, then a `generate` of the version before in live mode: a
    `jobs` listing said its live jobs were left alone by "the window (demo mode)", and a
    `resume` that a window open in demo mode had them, with none open."""
    killed = hold(lock, "window", "demo")
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    before = subprocess.Popen(
        [sys.executable, "-c", HOLDS_AS_BEFORE_THE_RECORD, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert before.stdout is not None
    try:
        assert before.stdout.readline() == "held\n"
        assert who_runs(lock) == Running(claimed=True, holder=None, guests=False)
    finally:
        before.communicate("")


def test_a_look_as_the_claim_is_taken_never_reads_the_record_of_the_one_before(lock, monkeypatch):
    """A look at the claim between its taking and its holder's record (the taking process
    preempted there) read the record a killed holder left: a window in demo mode, say,
    where a `generate` in live mode held it. The record is written while the look's lock
    is held, taken before the claim: a look waits for it."""
    killed = hold(lock, "window", "demo")
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    locking = claim_module.lock_now
    looked: list[Running] = []
    done, blocked = threading.Event(), threading.Event()

    def look() -> None:
        looked.append(who_runs(lock))
        done.set()

    def a_look_as_it_takes(fd: int, *, wait: bool = False) -> bool:
        if threading.current_thread().name == "look":
            if wait and not locking(fd):  # the look's lock, held by the taking
                blocked.set()
                return locking(fd, wait=True)
            return locking(fd, wait=wait)
        got = locking(fd, wait=wait)
        if got and not wait and os.fstat(fd).st_ino == lock.stat().st_ino:
            threading.Thread(target=look, name="look").start()
            while not (done.is_set() or blocked.is_set()):
                done.wait(0.01)
        return got

    monkeypatch.setattr(claim_module, "lock_now", a_look_as_it_takes)
    taking = JobsClaim(lock, Holder.here("generate", demo=False))
    assert taking.take()
    done.wait(10)
    monkeypatch.setattr(claim_module, "lock_now", locking)
    try:
        assert looked == [Running(claimed=True, holder=taking.holder, guests=False)]
    finally:
        taking.release()


def test_a_holder_let_go_leaves_no_record(lock):
    claim = JobsClaim(lock, Holder.here("resume", demo=True))
    assert claim.take()
    assert lock.read_bytes().strip()
    claim.release()
    assert not lock.read_bytes().strip()


def test_the_record_stays_clear_of_the_byte_windows_locks(lock):
    """Windows locks a byte of the file (``msvcrt.locking``): the holder's record starts
    after it, so another process reads it without the lock the holder has."""
    claim = JobsClaim(lock, Holder.here("window", demo=False))
    assert claim.take()
    try:
        data = lock.read_bytes()
        assert data[:1] == b"\n" and data[1:].strip()
        assert claim_module.read_record(lock) == claim.holder
    finally:
        claim.release()


@pytest.mark.parametrize(
    "written",
    [
        b"",
        b"\n",
        b"\n{not json\n",
        b'\n{"kind": "window", "mode": "demo", "pid": 12',  # cut short: no end of line
        b'\n{"kind": "window", "mode": "sideways", "pid": 12}\n',
        b'\n{"kind": 7, "mode": "demo", "pid": 12}\n',
        b'\n{"kind": "window", "mode": "demo", "pid": "12"}\n',
        b'\n["window", "demo", 12]\n',
        b"\n\xff\xfe\n",
    ],
)
def test_a_record_that_cannot_be_read_names_no_one(lock, written):
    lock.write_bytes(written)
    assert claim_module.read_record(lock) is None


def test_the_record_written_through_windows_text_mode_is_read_back(lock, monkeypatch):
    """Windows' C runtime opens a file in text mode unless ``os.O_BINARY`` is given, and
    writes each "\\n" as "\\r\\n" (while counting the bytes asked): the holder's record came
    out one byte later, cut short by its truncation to the length asked, and no reader could
    read it, so every command said the hedged words of before beside any window. Emulated
    here as the runtime does it."""
    binary = 0x8000
    opened_text: set[int] = set()
    real_open, real_write = os.open, os.write

    def open_as_windows(path: object, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags & ~binary, mode)
        if not flags & binary:
            opened_text.add(fd)
        return fd

    def write_as_windows(fd: int, data: bytes) -> int:
        if fd in opened_text:
            real_write(fd, bytes(data).replace(b"\n", b"\r\n"))
            return len(data)
        return real_write(fd, data)

    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    monkeypatch.setattr(os, "open", open_as_windows)
    monkeypatch.setattr(os, "write", write_as_windows)
    claim = JobsClaim(lock, Holder.here("window", demo=True))
    assert claim.take()
    try:
        assert claim_module.read_record(lock) == claim.holder
    finally:
        claim.release()
