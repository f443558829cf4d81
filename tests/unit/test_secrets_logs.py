"""Secrets stay in the keyring; logs are JSON lines that never carry them."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backend
import keyring.core
import keyring.errors
import pytest
from keyring.backends import fail, null

from benchmarks.memory_keyring import MemoryKeyring
from kontext_studio import secrets
from kontext_studio.config import Paths, Settings, kie_key_recorded, load_settings, save_settings
from kontext_studio.errors import KeyringUnavailableError, SecretDamagedError, StorageError
from kontext_studio.explain import explain
from kontext_studio.logs import register_secret, setup_logging, short_prompt, stop_logging

KEY = "sk-sentinel-key-0123456789abcdef"


def test_key_goes_to_the_keyring_only(memory_keyring, app_home):
    assert secrets.set_secret(secrets.KIE_KEY, KEY) is True
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == KEY
    paths = Paths.from_env().ensure()
    save_settings(paths, Settings())
    for path in app_home.rglob("*"):
        if path.is_file():
            assert KEY not in path.read_text(errors="ignore")


CHOSEN_BACKEND = """
import sys
from kontext_studio import secrets
secrets.get_secret(secrets.KIE_KEY)
import keyring
backend = keyring.get_keyring()
print(type(backend).__module__ + "." + type(backend).__name__)
print("keyring.backends.macOS" in sys.modules)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux fast path")
@pytest.mark.parametrize(
    ("env", "config", "expected"),
    [
        ({}, None, {"keyring.backends.SecretService.Keyring", "keyring.backends.fail.Keyring"}),
        (
            {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
            None,
            {"keyring.backends.null.Keyring"},
        ),
        ({}, "keyring.backends.null.Keyring", {"keyring.backends.null.Keyring"}),
    ],
)
def test_the_keyring_is_found_without_loading_every_backend(
    tmp_path: Path, env: dict[str, str], config: str | None, expected: set[str]
) -> None:
    """keyring's own discovery imported the macOS backend on Linux, whose find_library ran
    gcc and ldconfig: 55-90 ms of every start. The user's own choice still wins."""
    if config is not None:
        folder = tmp_path / "python_keyring"
        folder.mkdir()
        (folder / "keyringrc.cfg").write_text(f"[backend]\ndefault-keyring={config}\n")
    clean = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    done = subprocess.run(
        [sys.executable, "-c", CHOSEN_BACKEND],
        env={**clean, "XDG_CONFIG_HOME": str(tmp_path), "KIE_API_KEY": "", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    chosen, macos_loaded = done.stdout.split()
    assert chosen in expected
    assert macos_loaded == "False"


def test_without_a_keyring_the_key_is_kept_for_the_session_only():
    keyring.set_keyring(fail.Keyring())
    status = secrets.keyring_status()
    assert not status.usable and "No system keyring" in status.detail
    assert secrets.set_secret(secrets.KIE_KEY, KEY) is False
    assert secrets.get_secret(secrets.KIE_KEY) == KEY
    secrets.clear_session()
    assert secrets.get_secret(secrets.KIE_KEY) is None


def test_a_disabled_keyring_is_no_keyring_and_a_key_is_not_said_stored_there():
    """``keyring --disable`` chooses the null keyring, which takes every secret and keeps
    none. Before, ``key set`` and Settings said the key was stored in it; the next start
    had no key, and ran in demo mode without a word."""
    keyring.set_keyring(null.Keyring())
    status = secrets.keyring_status()
    assert not status.usable and "No system keyring" in status.detail
    with pytest.raises(KeyringUnavailableError):
        secrets.store_in_keyring(secrets.KIE_KEY, KEY)
    assert secrets.set_secret(secrets.KIE_KEY, KEY) is False  # kept for the session, said so
    assert secrets.is_session_only(secrets.KIE_KEY)


def test_a_keyring_that_refuses_a_secret_keeps_it_for_the_session(monkeypatch):
    """Before, a dismissed unlock prompt raised, and Settings told the artist to "keep the
    key for this session only", which nothing in the window offered."""
    backend = keyring.get_keyring()

    def refuse(service, username, password):
        raise keyring.errors.PasswordSetError("Prompt dismissed.")

    monkeypatch.setattr(backend, "set_password", refuse)
    assert secrets.set_secret(secrets.R2_SECRET, KEY) is False
    assert secrets.get_secret(secrets.R2_SECRET) == KEY


class _BrokenBackend(keyring.backend.KeyringBackend):
    """A keyring whose library fails under it: a Secret Service gone mid-call raises a D-Bus
    error, not a KeyringError."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")


def test_a_locked_keyring_is_asked_once_for_a_secret_it_cannot_take(monkeypatch):
    """A locked keyring (Secret Service shows its unlock prompt at each read) is found
    locked at the first read and the secret kept for this session. Before, the same save
    read it again to see whether it held the secret already: one more prompt per secret."""
    reads: list[str] = []
    backend = MemoryKeyring()

    def locked(service: str, username: str) -> str | None:
        reads.append(username)
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(backend, "get_password", locked)
    keyring.set_keyring(backend)
    assert secrets.set_secret(secrets.KIE_KEY, KEY) is False
    assert secrets.get_secret(secrets.KIE_KEY, ask_keyring=False) == KEY
    assert len(reads) == 1


def test_a_keyring_failing_with_its_library_s_own_error_is_said_so_not_a_crash(monkeypatch):
    """Before, the RuntimeError went through every caller: each command, and the window's
    start, ended with "Something went wrong", even in demo mode or with ``KIE_API_KEY``."""
    keyring.set_keyring(_BrokenBackend())
    monkeypatch.setenv("KIE_API_KEY", "from-env")
    status = secrets.keyring_status()
    assert not status.usable
    assert "does not answer" in status.detail and "NoReply" in status.reason
    assert secrets.get_secret(secrets.KIE_KEY) == "from-env"
    assert secrets.from_environment_only(secrets.KIE_KEY)
    with pytest.raises(KeyringUnavailableError):
        secrets.store_in_keyring(secrets.KIE_KEY, KEY)
    with pytest.raises(KeyringUnavailableError):
        secrets.remove_from_keyring(secrets.KIE_KEY)
    assert secrets.set_secret(secrets.KIE_KEY, KEY) is False  # kept for the session
    assert secrets.get_secret(secrets.KIE_KEY) == KEY
    # The key typed is the one used, and Settings offers to remove it.
    assert not secrets.from_environment_only(secrets.KIE_KEY)
    secrets.delete_secret(secrets.KIE_KEY)
    assert secrets.get_secret(secrets.KIE_KEY) == "from-env"


def test_a_key_the_keyring_declines_to_remove_then_cannot_say_is_not_taken_for_removed(
    memory_keyring, monkeypatch, app_home
):
    """The keyring declined to remove the key (PasswordDeleteError, also what most backends
    raise for a secret they do not hold), then did not answer when asked whether it still
    holds it. Before, that was taken for no key held: the window said the key was removed,
    and it stayed in the keyring."""
    secrets.set_secret(secrets.KIE_KEY, KEY)

    def declined(service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("Can't delete password in keychain: canceled")

    def silent(service: str, username: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    monkeypatch.setattr(memory_keyring, "delete_password", declined)
    monkeypatch.setattr(memory_keyring, "get_password", silent)
    with pytest.raises(KeyringUnavailableError) as failed:
        secrets.delete_secret(secrets.KIE_KEY)
    assert failed.value.silent
    assert explain(failed.value).message == (
        "The system keyring cannot be used. The system keyring does not answer."
    )
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == KEY
    assert kie_key_recorded(Paths.from_env()) is True


def test_a_keyring_that_does_not_answer_says_its_own_words_after_its_state_in_quotes() -> None:
    """Before, "The system keyring cannot be used. (The system keyring does not answer. The
    keyring says: org.freedesktop.DBus.Error.NoReply)": a sentence in brackets after the
    full stop, and the keyring's words left open at the end of the line."""
    keyring.set_keyring(_BrokenBackend())
    with pytest.raises(KeyringUnavailableError) as refused:
        secrets.usable_keyring()
    assert explain(refused.value).message == (
        "The system keyring cannot be used. The system keyring does not answer. The keyring "
        "says: “org.freedesktop.DBus.Error.NoReply”"
    )


@pytest.mark.parametrize(
    ("failure", "said", "todo"),
    [
        (
            RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply"),
            "The system keyring does not answer.",
            "Try again; if the keyring still does not answer, restart its service",
        ),
        (
            keyring.errors.KeyringLocked("Prompt dismissed"),
            "The system keyring refused it (locked, or its unlock prompt was dismissed).",
            "Unlock the keyring",
        ),
    ],
)
def test_a_write_the_keyring_does_not_answer_is_not_said_refused(
    memory_keyring, monkeypatch, failure, said, todo
):
    """The keyring reads (found usable), then its write times out. Before, ``kontext-studio
    key set`` said it "refused it (locked, or its unlock prompt was dismissed)" and sent the
    artist to unlock it, and Settings' banner did too (:func:`secrets.why_refused`): no unlock
    makes it answer. A write it refused is still said so."""

    def failing(service: str, username: str, password: str) -> None:
        raise failure

    monkeypatch.setattr(memory_keyring, "set_password", failing)
    with pytest.raises(KeyringUnavailableError) as failed:
        secrets.store_in_keyring(secrets.KIE_KEY, KEY)
    words = explain(failed.value)
    assert words.message == f"The system keyring cannot be used. {said}"
    assert words.hint.startswith(todo), words.hint
    silent = isinstance(failure, RuntimeError)
    assert secrets.set_secret(secrets.R2_SECRET, KEY) is False
    assert secrets.why_refused(secrets.R2_SECRET) == (
        secrets.KEYRING_SILENT if silent else secrets.KEYRING_REFUSED
    )


@pytest.mark.parametrize("failure", ["PromptDismissedException", "LockedException"])
def test_a_write_the_secret_service_refused_is_said_refused(memory_keyring, monkeypatch, failure):
    """The Secret Service's own refusal of a write or a removal: the prompt it shows at the
    write itself (KeePassXC asks) dismissed, or its collection locked since it was opened.
    Before, said not to answer, with "restart its service" (as for a timeout): it answered,
    and no restart makes it take the secret."""
    errors = pytest.importorskip("secretstorage.exceptions")

    def refused(*_: object) -> None:
        raise getattr(errors, failure)("Prompt dismissed.")

    monkeypatch.setattr(memory_keyring, "set_password", refused)
    monkeypatch.setattr(memory_keyring, "delete_password", refused)
    with pytest.raises(KeyringUnavailableError) as failed:
        secrets.store_in_keyring(secrets.KIE_KEY, KEY)
    words = explain(failed.value)
    assert words.message == (
        "The system keyring cannot be used. The system keyring refused it (locked, or its "
        "unlock prompt was dismissed)."
    )
    assert words.hint.startswith("Unlock the keyring"), words.hint
    memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] = KEY
    with pytest.raises(KeyringUnavailableError) as unremoved:
        secrets.remove_from_keyring(secrets.R2_SECRET)
    assert not unremoved.value.silent


def test_a_keyring_named_in_the_environment_that_cannot_be_loaded_is_no_keyring(monkeypatch):
    """``PYTHON_KEYRING_BACKEND`` names a backend that is not installed (a typo, keyrings.alt
    removed): keyring's import error stopped every command before."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "not_installed_anywhere.Keyring")
    status = secrets.keyring_status()
    assert (status.backend, status.usable) == ("not_installed_anywhere.Keyring", False)
    assert "not_installed_anywhere" in status.reason
    assert secrets.get_secret(secrets.KIE_KEY) is None
    with pytest.raises(KeyringUnavailableError):
        secrets.store_in_keyring(secrets.KIE_KEY, KEY)


def _unloadable() -> keyring.backend.KeyringBackend:
    """A backend that refuses to be made, as one whose D-Bus session is missing does."""
    raise keyring.errors.InitError("DBUS_SESSION_BUS_ADDRESS is unset")


def test_a_keyring_that_fails_as_it_is_loaded_is_no_keyring_not_a_locked_one(monkeypatch):
    """Its ``InitError`` was taken for a locked keyring's: a link opened afterwards was
    refused as "locked, or its unlock prompt was dismissed", a prompt there never was."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.setattr(keyring.core, "load_env", _unloadable)
    assert secrets.get_secret(secrets.KIE_KEY) is None
    assert not secrets.may_prompt_for(secrets.KIE_KEY)
    assert secrets.readable_secret(secrets.KIE_KEY, prompt=False) is None
    assert secrets.set_secret(secrets.KIE_KEY, KEY) is False
    assert secrets.is_session_only(secrets.KIE_KEY)
    assert secrets.readable_secret(secrets.KIE_KEY, prompt=False) == KEY


def test_environment_is_the_last_resort(monkeypatch):
    monkeypatch.setenv("KIE_API_KEY", "from-env")
    assert secrets.get_secret(secrets.KIE_KEY) == "from-env"
    secrets.set_secret(secrets.KIE_KEY, KEY)
    assert secrets.get_secret(secrets.KIE_KEY) == KEY


def test_log_lines_are_json_with_prompts_cut_and_secrets_masked(tmp_path):
    path = setup_logging(tmp_path)
    register_secret(KEY)
    log = logging.getLogger("kontext_studio.test")
    log.info("started", extra={"event": "generation_started", "prompt": short_prompt("p" * 500)})
    log.warning(f"server echoed {KEY}")
    stop_logging()  # drains the writer thread: every line is in the file
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["event"] == "generation_started"
    assert len(lines[0]["prompt"]) == 100
    assert KEY not in path.read_text()
    assert "***" in lines[1]["msg"]


def test_a_key_pasted_cut_short_then_whole_leaves_no_part_of_it_in_the_log(tmp_path):
    """The artist pastes a key cut short (refused), then the whole one: both are masked,
    and no tail of the whole key is left behind the mask of its beginning. Several keys, so
    that the order a set happens to walk them in cannot hide a short-first mask."""
    whole = [f"kie-{n}-0123456789abcdef{n}" for n in range(12)]
    path = setup_logging(tmp_path)
    for key in whole:
        register_secret(key[:10])
        register_secret(key)
    log = logging.getLogger("kontext_studio.test")
    for key in whole:
        log.warning(f"server echoed {key}.")
    stop_logging()
    lines = [json.loads(line)["msg"] for line in path.read_text().splitlines()]
    assert lines == ["server echoed ***."] * len(whole)


def test_a_librarys_warning_goes_to_the_log_file_not_the_terminal(tmp_path):
    """Python's warnings (Pillow's "Corrupt EXIF data" as it reads a damaged photo) were
    printed on the terminal among a command's words; the entry point captures them, and
    the log file takes them. A process of its own: pytest catches warnings itself."""
    script = (
        "import logging, sys, warnings\n"
        "from pathlib import Path\n"
        "from kontext_studio.logs import setup_logging, stop_logging\n"
        "logging.captureWarnings(True)\n"
        "setup_logging(Path(sys.argv[1]))\n"
        "warnings.warn('Corrupt EXIF data.')\n"
        "stop_logging()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr) == (0, "")
    lines = [
        json.loads(line) for line in (tmp_path / "kontext-studio.jsonl").read_text().splitlines()
    ]
    assert any("Corrupt EXIF data." in line["msg"] for line in lines)


def test_a_full_log_another_process_holds_open_keeps_its_lines_and_the_old_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows renames no file another process has open, and the window and a command log
    into one file: once it was full, each line the other logged while it ran was dropped,
    and at each one the old logs were shifted one place further, the oldest deleted. The
    lines now go on into the full file until it can be renamed, the old logs kept."""
    path = tmp_path / "kontext-studio.jsonl"
    path.write_text("full\n" * 1_000_001, encoding="utf-8")
    for number in (1, 2, 3):
        (tmp_path / f"{path.name}.{number}").write_text(f"old log {number}\n", encoding="utf-8")
    real_rename, real_replace = os.rename, os.replace

    def held_open(rename: Callable[..., None]) -> Callable[..., None]:
        def as_windows(source: str, target: str) -> None:
            if os.fspath(source) == str(path):
                raise PermissionError(13, "The process cannot access the file")
            rename(source, target)

        return as_windows

    monkeypatch.setattr(os, "rename", held_open(real_rename))
    monkeypatch.setattr(os, "replace", held_open(real_replace))
    setup_logging(tmp_path)
    for number in range(3):
        logging.getLogger("kontext_studio.test").warning(f"line {number}")
    stop_logging()
    held = path.read_text(encoding="utf-8").splitlines()
    logged = [json.loads(line)["msg"] for line in held if line != "full"]
    assert logged == ["line 0", "line 1", "line 2"]
    for number in (1, 2, 3):
        assert (tmp_path / f"{path.name}.{number}").read_text(encoding="utf-8") == (
            f"old log {number}\n"
        )

    monkeypatch.undo()  # the other process has ended
    setup_logging(tmp_path)
    logging.getLogger("kontext_studio.test").warning("after")
    stop_logging()
    assert [json.loads(line)["msg"] for line in path.read_text().splitlines()] == ["after"]
    assert (tmp_path / f"{path.name}.1").read_text(encoding="utf-8").splitlines() == held
    assert (tmp_path / f"{path.name}.2").read_text(encoding="utf-8") == "old log 1\n"
    assert (tmp_path / f"{path.name}.3").read_text(encoding="utf-8") == "old log 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        path.name,
        f"{path.name}.1",
        f"{path.name}.2",
        f"{path.name}.3",
    ]


def test_damaged_settings_file_gives_defaults(app_home):
    paths = Paths.from_env().ensure()
    paths.settings_file.write_text("{not json")
    assert load_settings(paths) == Settings()
    paths.settings_file.write_text(json.dumps({"default_ratio": "9:16", "unknown": 1}))
    assert load_settings(paths).default_ratio == "9:16"


def test_a_log_file_that_cannot_be_opened_is_a_storage_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "kontext-studio.jsonl").mkdir()  # a folder where the file should be
    with pytest.raises(StorageError, match=r"kontext-studio\.jsonl") as raised:
        setup_logging(tmp_path)
    assert explain(raised.value).message.startswith("A folder Kontext Studio needs cannot be used.")


class _OddBackend(keyring.backend.KeyringBackend):
    """A keyring backend that breaks its contract: it gives each secret as ``given`` (bytes,
    a number) where keyring promises text or None."""

    priority = 1

    def __init__(self, given: object) -> None:
        super().__init__()
        self.given = given

    def get_password(self, service: str, username: str) -> object:
        return self.given if username == secrets.KIE_KEY else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("read-only")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("read-only")


def test_a_keyring_giving_the_key_as_bytes_gives_the_key_and_the_log_never_has_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A keyring backend that returned bytes: the key registered for masking as bytes made
    every log line after it fail, each with a traceback on the terminal and none in the
    file, and the window's start said "The KIE API key is empty." of a key that was there.
    A key stored with ``echo key | secret-tool store`` ends with a newline: masked as it came,
    the key as sent (trimmed) was not."""
    keyring.set_keyring(_OddBackend(f"{KEY}\n".encode()))
    path = setup_logging(tmp_path)
    assert secrets.get_secret(secrets.KIE_KEY) == KEY
    assert secrets.readable_secret(secrets.KIE_KEY) == KEY
    register_secret(secrets.get_secret(secrets.KIE_KEY))
    logging.getLogger("kontext_studio.test").warning(f"server echoed {KEY}.")
    logging.getLogger("kontext_studio.test").warning("the next line")
    stop_logging()
    lines = [json.loads(line)["msg"] for line in path.read_text().splitlines()]
    assert lines[-2:] == ["server echoed ***.", "the next line"]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("given", [b"\xff\xfe-not-utf-8-key", 12345678, ["a", "list"]])
def test_a_keyring_giving_a_value_that_is_not_text_says_the_stored_key_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: object
) -> None:
    """Before, a number or a list went on as the key (a TypeError deep in the client, or a
    key sent as "['a', 'list']"), and bytes that are no text raised UnicodeDecodeError. Then
    it was said of a keyring that "does not answer", to be restarted, which mends nothing:
    the key stored there is damaged, and storing it again replaces it."""
    keyring.set_keyring(_OddBackend(given))
    path = setup_logging(tmp_path)
    assert secrets.get_secret(secrets.KIE_KEY) is None
    with pytest.raises(KeyringUnavailableError) as raised:
        secrets.readable_secret(secrets.KIE_KEY)
    words = explain(raised.value)
    assert words.message == (
        "The system keyring holds a damaged entry. The KIE API key stored there cannot be read."
    )
    assert words.hint == (
        "Store the key again, in Settings or with `kontext-studio key set`: it replaces the "
        "damaged entry."
    )
    stop_logging()
    assert str(given) not in path.read_text() + words.message + words.hint
    assert capsys.readouterr().err == ""


DAMAGED = b"\xff\xfe\x80" + KEY.encode()
"""What a damaged entry may hold: the key behind bytes that are no UTF-8."""


def test_a_damaged_key_is_removed_and_never_reaches_the_log_or_the_settings(
    tmp_path: Path, memory_keyring: MemoryKeyring, app_home: Path
) -> None:
    """``kontext-studio key remove`` (and Settings' Remove) is one way to mend a damaged
    entry: before, the removal asked whether the keyring held the key, could not read it,
    and refused, saying the keyring "could not be read"."""
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = DAMAGED  # type: ignore[assignment]
    path = setup_logging(tmp_path)
    with pytest.raises(SecretDamagedError):
        secrets.stored_in_keyring(secrets.KIE_KEY)
    assert secrets.remove_from_keyring(secrets.KIE_KEY) is True
    assert (secrets.SERVICE, secrets.KIE_KEY) not in memory_keyring.store
    assert secrets.readable_secret(secrets.KIE_KEY) is None
    stop_logging()
    written = path.read_bytes() + Paths.from_env().settings_file.read_bytes()
    assert KEY.encode() not in written and DAMAGED not in written
    assert b"keyring_entry_damaged" in written


def test_a_damaged_key_beside_kie_api_key_gives_the_environment_s_key(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As with a keyring that cannot be read: the environment's key is used, not refused."""
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = DAMAGED  # type: ignore[assignment]
    monkeypatch.setenv("KIE_API_KEY", "sk-from-the-environment-0123456789")
    assert secrets.readable_secret(secrets.KIE_KEY) == "sk-from-the-environment-0123456789"


def test_a_secret_registered_as_bytes_does_not_stop_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The mask is the second line of defence: a secret that reached it as bytes (from a
    caller the keyring's check does not cover) is masked, and every line still written."""
    path = setup_logging(tmp_path)
    register_secret(KEY.encode())
    logging.getLogger("kontext_studio.test").warning(f"server echoed {KEY}.")
    stop_logging()
    assert [json.loads(line)["msg"] for line in path.read_text().splitlines()] == [
        "server echoed ***."
    ]
    assert capsys.readouterr().err == ""


def _r2_secret_unread(state: str, monkeypatch: pytest.MonkeyPatch) -> KeyringUnavailableError:
    """The error of reading the R2 secret from a keyring whose entry is ``damaged``, or that
    is ``locked``, or ``silent`` (does not answer)."""
    backend = MemoryKeyring()
    if state == "damaged":
        backend.store[(secrets.SERVICE, secrets.R2_SECRET)] = DAMAGED  # type: ignore[assignment]
    else:
        fails = keyring.errors.KeyringLocked if state == "locked" else keyring.errors.KeyringError

        def unread(service: str, username: str) -> str | None:
            raise fails(state)

        monkeypatch.setattr(backend, "get_password", unread)
    keyring.set_keyring(backend)
    with pytest.raises(KeyringUnavailableError) as raised:
        secrets.readable_secret(secrets.R2_SECRET)
    return raised.value


@pytest.mark.parametrize(
    ("state", "said"),
    [
        (
            "damaged",
            "The system keyring holds a damaged entry: the R2 secret access key stored there "
            "cannot be read.",
        ),
        (
            "locked",
            "The system keyring is locked, or its unlock prompt was dismissed: the R2 secret it "
            "may hold cannot be read.",
        ),
        ("silent", "The system keyring does not answer: the R2 secret it may hold cannot be read."),
    ],
)
def test_an_r2_secret_the_keyring_cannot_give_is_said_once(
    app_home: Path, monkeypatch: pytest.MonkeyPatch, state: str, said: str
) -> None:
    """Before: "The system keyring holds a damaged entry. The system keyring holds a damaged
    entry: the R2 secret …", the kind's sentence, then the R2 secret's own, which says it
    already; "The system keyring cannot be used. The system keyring is locked …" alike."""
    assert explain(_r2_secret_unread(state, monkeypatch)).message == said


def test_an_r2_secret_the_keyring_cannot_give_is_said_once_in_chinese(
    app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kontext_studio import i18n
    from kontext_studio.ui.translations import install_for_cli

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    error = _r2_secret_unread("damaged", monkeypatch)
    try:
        assert install_for_cli(i18n.CHINESE, Paths.from_env().cache)
        words = explain(error)
    finally:
        i18n.install(None)
    assert words.message == "系统密钥环中有一个已损坏的条目：其中保存的 R2 秘密访问密钥无法读取。"
    assert words.hint.startswith("请在“设置 → 发布（R2）”中重新输入秘密访问密钥")


@pytest.mark.parametrize(
    ("state", "todo"),
    [
        (
            "locked",
            "Unlock the keyring, then try again; or set R2_SECRET_ACCESS_KEY in the environment.",
        ),
        (
            "silent",
            "Try again; if the keyring still does not answer, restart its service (or log out "
            "and back in). Or set R2_SECRET_ACCESS_KEY in the environment.",
        ),
    ],
)
def test_an_r2_secret_the_keyring_cannot_give_names_the_r2_variable(
    app_home: Path, monkeypatch: pytest.MonkeyPatch, state: str, todo: str
) -> None:
    """Before: a locked or silent keyring holding the R2 secret advised setting "the key in
    the KIE_API_KEY environment variable", which publishing never reads."""
    assert explain(_r2_secret_unread(state, monkeypatch)).hint == todo


async def test_work_a_save_started_asks_the_keyring_once_the_save_is_over(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artist dismissed the keyring's unlock prompt during a Save, which asks it no
    more (:func:`secrets.one_ask_per_save`); work the Save started that runs after it (a
    link made again for the artwork shown) is work the artist waits for, and asks: before,
    the Save's context, copied into its task, refused it unasked, as if dismissed again."""
    asked: list[str] = []

    def locked(_service: str, name: str) -> None:
        asked.append(name)
        raise keyring.errors.KeyringLocked("Prompt dismissed")

    monkeypatch.setattr(memory_keyring, "get_password", locked)

    async def later() -> bool:
        await asyncio.sleep(0)
        return await asyncio.to_thread(secrets.is_damaged, secrets.R2_SECRET)

    with secrets.one_ask_per_save():
        await asyncio.to_thread(secrets.is_damaged, secrets.KIE_KEY)
        started = asyncio.get_running_loop().create_task(later())
    await started
    assert asked == [secrets.KIE_KEY, secrets.R2_SECRET]


def test_a_secret_changed_through_the_app_makes_the_r2_settings_read_before_stale(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window keeps the R2 secret it read in memory, merged again only when what it is
    merged from changed (``merged_from``): every change of the secret this process makes
    (stored, kept for this session, removed, the session forgotten) is one of them; a read
    is none. Missed, the window would go on publishing with the secret replaced."""
    from kontext_studio.config import R2Settings
    from kontext_studio.publish import merged_from

    monkeypatch.delenv("R2_SECRET_ACCESS_KEY", raising=False)
    settings = R2Settings(bucket="art", access_key_id="id")
    seen = [merged_from(settings)]
    secrets.set_secret(secrets.R2_SECRET, "first")
    secrets.readable_secret(secrets.R2_SECRET)
    seen.append(merged_from(settings))
    secrets.set_secret(secrets.R2_SECRET, "second", session_only=True)
    seen.append(merged_from(settings))
    secrets.clear_session()
    seen.append(merged_from(settings))
    secrets.delete_secret(secrets.R2_SECRET)
    seen.append(merged_from(settings))
    assert len(set(seen)) == len(seen), seen
    assert "first" not in repr(seen) and "second" not in repr(seen)  # counted, never kept
    assert merged_from(settings) == seen[-1]  # nothing changed since: the same


def test_the_r2_settings_merged_from_never_show_the_secret_of_the_environment() -> None:
    """What the window's publishing keeps to tell whether its R2 settings changed
    (``merged_from``) held R2_SECRET_ACCESS_KEY as it is: any repr of it (a log line, a
    traceback's locals, a debugger) showed the secret. It holds a digest of it, which
    still tells a changed secret apart."""
    from kontext_studio.config import R2Settings
    from kontext_studio.publish import merged_from

    settings = R2Settings(bucket="art", access_key_id="id")
    secret = "env-secret-0123456789abcdef"
    seen = merged_from(settings, {"R2_SECRET_ACCESS_KEY": secret})
    assert secret not in repr(seen) and secret not in str(seen)
    assert seen != merged_from(settings, {"R2_SECRET_ACCESS_KEY": secret + "x"})
    assert seen == merged_from(settings, {"R2_SECRET_ACCESS_KEY": f" {secret} "})


def test_the_state_of_a_save_never_shows_the_secrets_it_holds(
    memory_keyring: MemoryKeyring,
) -> None:
    """The Settings dialog keeps the state of its Save (:class:`secrets.SaveState`) to say
    when it waits for the keyring; that state holds what the keyring answered and took,
    the secrets themselves: any repr of it (a log line, a traceback's locals, a debugger)
    showed them."""
    with secrets.one_ask_per_save() as state:
        secrets.set_secret(secrets.KIE_KEY, KEY)
        assert secrets.holds(secrets.KIE_KEY, KEY)
        assert KEY not in repr(state) and KEY not in str(state)
