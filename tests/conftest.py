"""Shared fixtures: a fresh app home and an in-memory keyring for every test."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import keyring
import pytest

from benchmarks.memory_keyring import MemoryKeyring
from kontext_studio.logs import stop_logging

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The command-line, crash and window-process tests start Python afresh, hundreds of times. A
# shell that says PYTHONDONTWRITEBYTECODE (this machine's does) has each of them compile every
# module of the app from source; an installed app has its compiled files. The processes the
# tests start keep theirs in a cache of their own, outside the source tree, as the
# benchmarks' do.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "ks-test-pycache"))
# This process (and each xdist worker) read the variable before this line, and so wrote no
# compiled files either, pytest's rewrite of a test module's asserts among them: a test module
# takes helpers from others, and those from more (tests/ui/test_library_undo.py pulls in 27,
# 80 000 lines), so each run parsed and rewrote them all again, ~10 s to collect that one file
# on an idle machine and ~50 s under load. They are kept in the same cache, rewritten once.
sys.dont_write_bytecode = False
sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]
# Deleted artworks go to the desktop's trash, which send2trash finds through XDG_DATA_HOME
# once per process: never the trash of the person running the tests.
TRASH_HOME = Path(tempfile.mkdtemp(prefix="ks-test-data-"))
os.environ["XDG_DATA_HOME"] = str(TRASH_HOME)
atexit.register(shutil.rmtree, TRASH_HOME, True)

pytest_plugins = ["tests.fixtures", "tests.worker_crashes", "tests.said_at_once"]


def _still_ignored(_number: int, _frame: FrameType | None) -> None:
    """Stands in for an ignored stop signal in the test run itself (see below)."""


# A runner that starts the tests as a background job of a script (SIGINT ignored) or under
# nohup (SIGHUP ignored) passes them on ignored to every process a test starts, and the app
# rightly keeps a stop signal it was started with ignored: the tests of what Ctrl+C or a
# closed terminal does would see nothing. The run goes on ignoring them, through a handler
# of its own, which a process it starts does not inherit: its children get the default.
for _number in (signal.SIGINT, signal.SIGHUP):
    if signal.getsignal(_number) is signal.SIG_IGN:
        signal.signal(_number, _still_ignored)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (the README's command) runs two workers a core, not pytest-xdist's one.

    The suite spends much of its time waiting on the servers, processes and event loops it
    drives: with one worker a core, two cores were busy ~125 % of 200 %
    (tests/ui/test_generate_tab.py: 55 s); with two a core, 187 % and 32 s; three a core
    added nothing (36 s). The whole suite on two cores: 1 103 s, against 1 429 s at one a
    core.

    A test must hold at that load: one that acts on a window before the app is done with
    what it waits for races the app only where the machine is slow (test_mode_switch's
    ``app_started`` waits for the app's start to be over, for that).
    """
    return (
        2 * len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else 2 * (os.cpu_count() or 1)
    )


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test runs with its own data, config, cache and log folders; a log file a test
    opened is closed after it, so the next test's lines never land in this one's folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("KONTEXT_STUDIO_HOME", str(home))
    # English whatever the machine's locale: tests read the words (test_translations and
    # tests/ui/test_language.py switch to Chinese on purpose).
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "en")
    # A developer's shell that sets R2 for headless runs, or points KIE elsewhere, or scales
    # its waits, would set the tests' too.
    for name in (
        "KIE_API_KEY",
        "KONTEXT_STUDIO_KIE_URL",
        "KONTEXT_STUDIO_KIE_UPLOAD_URL",
        "KONTEXT_STUDIO_POLL_SCALE",
        "KONTEXT_STUDIO_RETRY_SCALE",
        "KONTEXT_STUDIO_DEMO_LATENCY",
        "KONTEXT_STUDIO_SELFTEST_TIMEOUT",
        "R2_SECRET_ACCESS_KEY",
        "R2_ACCESS_KEY_ID",
        "KONTEXT_STUDIO_R2_ENDPOINT",
        "KONTEXT_STUDIO_R2_BUCKET",
        "KONTEXT_STUDIO_R2_PUBLIC_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    yield home
    stop_logging()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    from kontext_studio import secrets

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    secrets.clear_session()
    yield backend
    secrets.clear_session()
    keyring.set_keyring(previous)
