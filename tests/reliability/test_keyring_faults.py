"""A system keyring that fails with its library's own error, not keyring's: a Secret Service
that stops answering mid-call raises a D-Bus error, a Windows or macOS keyring its OS error.
Before, every command and the window's start ended with "Something went wrong", in demo
mode and with ``KIE_API_KEY`` set too. Real processes, the keyring chosen as a person would
choose it: ``PYTHON_KEYRING_BACKEND``."""

from __future__ import annotations

import os
import signal
import textwrap
from pathlib import Path

import pytest

from kontext_studio.simulator import Simulator
from tests.reliability import procs

BROKEN = textwrap.dedent(
    '''
    """A keyring whose every call fails below keyring (test-only)."""
    import keyring.backend


    class Keyring(keyring.backend.KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

        def set_password(self, service, username, password):
            raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

        def delete_password(self, service, username):
            raise RuntimeError("org.freedesktop.DBus.Error.NoReply")
    '''
)


@pytest.fixture
def broken_keyring(tmp_path: Path) -> dict[str, str]:
    """The environment that makes a child process use the broken keyring."""
    return procs.keyring_backend(tmp_path / "keyrings", "broken_keyring", BROKEN)


def _logged(home: Path, *events: str) -> bool:
    log = home / "logs" / "kontext-studio.jsonl"
    text = log.read_text(encoding="utf-8") if log.is_file() else ""
    return any(f'"event": "{event}"' in text for event in events)


def test_commands_say_the_keyring_fails_and_generate_uses_the_environment_s_key(
    app_home: Path, simulator: Simulator, broken_keyring: dict[str, str]
):
    status = procs.run_cli(app_home, None, "key", "status", "--json", key=None, **broken_keyring)
    assert status.code == 0, status.stderr[-2000:]
    assert status.result["keyring_usable"] is False
    assert "NoReply" in status.result["keyring_problem"]

    stored = procs.run_cli(
        app_home, None, "key", "set", "--json", key=None, stdin="sk-typed\n", **broken_keyring
    )
    assert stored.code == 1
    assert (stored.result["status"], stored.result["kind"]) == ("error", "keyring")

    run = procs.run_cli(app_home, simulator, "generate", "a fox", "--json", **broken_keyring)
    assert run.code == 0 and run.result["status"] == "completed", run.stderr[-2000:]
    assert simulator.generate_count("a fox") == 1


def test_the_window_opens_in_demo_mode(app_home: Path, broken_keyring: dict[str, str]):
    pytest.importorskip("kontext_studio.ui.app")
    proc = procs.start(app_home, None, ["-m", "kontext_studio"], key=None, **broken_keyring)
    try:
        procs.wait_for(lambda: _logged(app_home, "app_started", "app_start_failed"), proc=proc)
        started = _logged(app_home, "app_started")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            procs.kill(proc)
    procs.TRANSCRIPTS.extend([out, err])
    assert started, err[-2000:]
    assert proc.returncode == 0 and "Traceback" not in err, err[-2000:]


LATE = textwrap.dedent(
    '''
    """A keyring that stores a secret but answers the write too late (test-only): a D-Bus
    call that timed out, carried out all the same. It keeps what it holds in a file, as a
    real keyring outlives the process."""
    import json
    import os

    import keyring.backend

    STORE = os.environ["LATE_KEYRING_FILE"]


    def _held():
        return json.load(open(STORE)) if os.path.exists(STORE) else {}


    class Keyring(keyring.backend.KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            return _held().get(f"{service}/{username}")

        def set_password(self, service, username, password):
            held = _held()
            held[f"{service}/{username}"] = password
            json.dump(held, open(STORE, "w"))
            raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

        def delete_password(self, service, username):
            raise RuntimeError("org.freedesktop.DBus.Error.NoReply")
    '''
)


def test_key_set_says_a_key_the_keyring_stored_late_is_stored(app_home: Path, tmp_path: Path):
    """``kontext-studio key set`` whose write times out, the key stored all the same: it is
    read back, and said stored. Before, the command failed saying the keyring does not
    answer, of a key it held and the next command used."""
    folder = tmp_path / "keyrings"
    folder.mkdir()
    (folder / "late_keyring.py").write_text(LATE)
    late = {
        # The app's own path kept before it: a worktree's, where one is set.
        "PYTHONPATH": os.pathsep.join(filter(None, (os.environ.get("PYTHONPATH"), str(folder)))),
        "PYTHON_KEYRING_BACKEND": "late_keyring.Keyring",
        "LATE_KEYRING_FILE": str(tmp_path / "held.json"),
    }
    stored = procs.run_cli(
        app_home, None, "key", "set", "--json", key=None, stdin="sk-typed-0123456789\n", **late
    )
    assert stored.code == 0, stored.stderr[-2000:]
    assert stored.result["status"] == "stored"
