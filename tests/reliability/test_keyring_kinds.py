"""Each way a system keyring refuses, as its backend raises it: locked (its unlock prompt
dismissed), not made (``InitError``: the collection could not be created), none at all
(``NoKeyringError``), no answer in time (a D-Bus timeout), or a backend that fails as it is
loaded. ``key status``, ``key set`` and ``key test`` each say so in words and end, never with
a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kontext_studio.simulator import Simulator
from tests.reliability import procs

FAULTY = textwrap.dedent(
    '''
    """A keyring that fails as KEYRING_FAULT says (test-only)."""
    import os

    import keyring.backend
    import keyring.errors

    FAULT = os.environ["KEYRING_FAULT"]


    def refusal():
        return {
            "locked": keyring.errors.KeyringLocked("Failed to unlock the collection!"),
            "init": keyring.errors.InitError("Failed to create the collection: Prompt dismissed."),
            "none": keyring.errors.NoKeyringError("No recommended backend was available."),
            "timeout": TimeoutError("timed out"),
        }[FAULT]


    class Keyring(keyring.backend.KeyringBackend):
        priority = 1

        def __init__(self):
            if FAULT == "load":
                raise keyring.errors.InitError("DBUS_SESSION_BUS_ADDRESS is unset")
            super().__init__()

        def get_password(self, service, username):
            raise refusal()

        def set_password(self, service, username, password):
            raise refusal()

        def delete_password(self, service, username):
            raise refusal()
    '''
)

UNLOCK = "Unlock the keyring"
RESTART = "restart its service"
SAID = {  # what each refusal is said to be, and what to do about it
    "locked": ("The system keyring is locked.", UNLOCK),
    "init": ("The system keyring is locked.", UNLOCK),
    "none": ("No system keyring is available.", UNLOCK),
    "timeout": ("The system keyring does not answer.", RESTART),
    "load": ("No system keyring is available.", UNLOCK),
}


@pytest.fixture
def faulty_keyring(tmp_path: Path) -> dict[str, str]:
    return procs.keyring_backend(tmp_path / "keyrings", "faulty_keyring", FAULTY)


@pytest.mark.parametrize("fault", SAID)
def test_key_commands_say_how_the_keyring_refused_and_what_to_do(
    app_home: Path, simulator: Simulator, faulty_keyring: dict[str, str], fault: str
) -> None:
    """A Secret Service whose prompt to make its keyring was dismissed (``InitError``), or a
    chain of backends with no keyring in it (``NoKeyringError``), was said not to answer,
    with "restart its service" to do: only a keyring that does not answer in time is."""
    state, todo = SAID[fault]
    env = {**faulty_keyring, "KEYRING_FAULT": fault}
    status = procs.run_cli(app_home, None, "key", "status", "--json", key=None, **env)
    stored = procs.run_cli(
        app_home, None, "key", "set", "--json", key=None, stdin="sk-typed-0123456789\n", **env
    )
    tested = procs.run_cli(app_home, simulator, "key", "test", "--json", key=None, **env)

    assert status.code == 0 and status.result["keyring_usable"] is False
    assert state in status.result["keyring_problem"]
    assert stored.code == 1 and stored.result["kind"] == "keyring"
    assert state in stored.result["message"] and todo in stored.stderr
    assert (RESTART in stored.stderr) is (todo == RESTART)
    assert tested.code in (1, 2) and tested.result["status"] == "error"
    for run in (status, stored, tested):
        assert "Traceback" not in run.stderr, run.stderr[-2000:]
