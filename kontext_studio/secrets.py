"""API keys and the R2 secret: in the OS keyring, or for this session only, nowhere else.

Headless runs may take the KIE key from ``KIE_API_KEY`` and the R2 secret from
``R2_SECRET_ACCESS_KEY``. When no keyring backend works (a bare Linux box without a Secret
Service), values are kept in memory for the session and :func:`keyring_status` says so.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NoReturn

import keyring
import keyring.core
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from kontext_studio.config import Paths, kie_key_recorded, record_kie_key
from kontext_studio.errors import (
    KeyringUnavailableError,
    SecretDamagedError,
    StorageError,
    Term,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP

SERVICE = "kontext-studio"
KIE_KEY = "kie-api-key"
R2_SECRET = "r2-secret-access-key"
_ENV = {KIE_KEY: "KIE_API_KEY", R2_SECRET: "R2_SECRET_ACCESS_KEY"}
_session: dict[str, str] = {}
_damaged_logged: set[str] = set()
"""The secrets whose damaged entry this process has logged (:func:`_log_damaged`)."""
_found_locked = False
"""Whether the keyring's last answer to a read in this process was that it is locked (or
its unlock prompt was dismissed): :func:`may_prompt_for`."""
_unsure: set[str] = set()
"""The secrets kept for this session whose write the keyring did not answer, nor the read
back after it (:func:`unsure_whether_stored`)."""
_refused: dict[str, str] = {}
"""The secrets the keyring did not take when last stored in this process, and has not
stored or removed since (:func:`refused_writes`), each with why (:func:`why_refused`)."""
NO_KEYRING = "no keyring"
""":func:`why_refused`: no keyring is installed, or the one chosen cannot be loaded."""
KEYRING_SILENT = "silent"
""":func:`why_refused`: the keyring does not answer."""
KEYRING_REFUSED = "refused"
""":func:`why_refused`: the keyring is there and refused (locked, its unlock prompt
dismissed, access denied)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyringStatus:
    """``detail`` is marked for the catalogue (:func:`explain.explain_detail` shows it);
    ``reason`` is the keyring's own words, shown as they came."""

    backend: str
    usable: bool
    detail: str
    reason: str = ""

    @property
    def missing(self) -> bool:
        """No keyring is installed (or the one chosen cannot be loaded): it holds no secret,
        unlike one that is locked or does not answer, which may hold one."""
        return self.detail == _NO_KEYRING

    @property
    def silent(self) -> bool:
        """The keyring does not answer (:attr:`KeyringUnavailableError.silent`)."""
        return self.detail == _KEYRING_SILENT


_UNKNOWN = object()


def _linux_backend() -> KeyringBackend | None:
    """The backend keyring's discovery would pick on Linux, without the discovery.

    Discovery imports every backend keyring knows; the macOS one calls
    ``ctypes.util.find_library``, which on Linux runs gcc and ldconfig (~40 ms of every start,
    ~50 ms with the plugin scan). So where nothing chose a backend yet (the tests and the
    benchmarks set one; ``PYTHON_KEYRING_BACKEND`` and ``keyringrc.cfg`` win as in keyring),
    take the Secret Service (GNOME Keyring, KWallet 6, KeePassXC), else no keyring. A backend
    from another package (keyrings.alt) must then be named in one of those two places.
    ``None`` leaves the choice to keyring (another OS, or a keyring whose internals moved)."""
    if not sys.platform.startswith("linux"):
        return None
    if getattr(keyring.core, "_keyring_backend", _UNKNOWN) is not None:
        return None
    chosen: KeyringBackend | None = keyring.core.load_env() or keyring.core.load_config()
    if chosen is None:
        from keyring.backends import SecretService

        chosen = SecretService.Keyring() if SecretService.Keyring.viable else fail.Keyring()
    return chosen


@contextlib.contextmanager
def _as_keyring_errors() -> Iterator[None]:
    """Any failure of the keyring as a :class:`keyring.errors.KeyringError`, which the
    callers put in words. keyring's backends pass on what their libraries raise (a Secret
    Service that stops answering mid-call raises a D-Bus error, a Windows or macOS call its
    OS error), and a backend named in ``PYTHON_KEYRING_BACKEND`` or ``keyringrc.cfg`` that
    cannot be loaded raises ImportError: before, any of them stopped every command, and the
    window's start, with "Something went wrong", even in demo mode or with ``KIE_API_KEY``.

    An :class:`~keyring.errors.InitError` of a call is the Secret Service refusing to open
    or make its collection (the prompt to make one dismissed): it answered, as a locked one
    does, and is said so. Said not to answer, the artist was told to restart a service
    that was waiting for them."""
    try:
        yield
    except keyring.errors.InitError as error:
        raise keyring.errors.KeyringLocked(str(error) or type(error).__name__) from error
    except keyring.errors.KeyringError:
        raise
    except Exception as error:
        said = str(error) or type(error).__name__
        if _secret_service_refused(error):
            raise keyring.errors.KeyringLocked(said) from error
        raise keyring.errors.KeyringError(said) from error


def _secret_service_refused(error: Exception) -> bool:
    """Whether ``error`` is the Secret Service's refusal, passed on by keyring as it came:
    the prompt it shows at a write or a removal itself (KeePassXC asks) dismissed, or its
    collection locked since keyring opened it. It answered: not said to be silent, to be
    restarted, as a D-Bus timeout is. Its library is not imported for that: where it is
    not loaded, it raised nothing."""
    library = sys.modules.get("secretstorage.exceptions")
    return library is not None and isinstance(
        error, library.PromptDismissedException | library.LockedException
    )


def _backend() -> KeyringBackend:
    """The keyring in use; :class:`~keyring.errors.NoKeyringError` when the one chosen
    cannot be loaded (its D-Bus session missing, a backend named that is not there): its
    ``InitError`` too, which a call's is said locked (:func:`_as_keyring_errors`). Said
    locked, a keyring never loaded was "locked, or its unlock prompt was dismissed", and
    every read after it was taken for one that would show that prompt."""
    try:
        with _as_keyring_errors():
            chosen = _linux_backend()
            if chosen is not None:
                keyring.set_keyring(chosen)
            return keyring.get_keyring()
    except keyring.errors.NoKeyringError:
        raise
    except keyring.errors.KeyringError as error:
        raise keyring.errors.NoKeyringError(str(error)) from error


@contextlib.contextmanager
def _noting_lock() -> Iterator[None]:
    """Note whether the keyring read inside found it locked (:data:`_found_locked`): an
    answer, a damaged entry's too, says it is open; not answering says nothing of it."""
    global _found_locked
    try:
        yield
    except keyring.errors.KeyringLocked:
        _found_locked = True
        raise
    except _DamagedEntry:
        _found_locked = False
        raise
    else:
        _found_locked = False


def may_prompt_for(name: str) -> bool:
    """Whether getting the secret ``name`` may show the keyring's unlock prompt: neither
    this session nor the environment gives it, and the keyring's last read in this process
    found it locked, or its unlock prompt dismissed. For work the artist did not ask for (a
    check in the background): it waits for them to use what needs the secret, rather than
    put up the prompt they may have just dismissed. No keyring call: safe on any thread."""
    return _found_locked and name not in _session and not in_environment(name)


@dataclass
class SaveState:
    """What the keyring refused so far in one save (:func:`one_ask_per_save`), and whether
    a call of it waits now (:attr:`asking_since`)."""

    read: keyring.errors.KeyringError | None = None
    """The first read it refused (locked, its unlock prompt dismissed, not answering)."""
    written: keyring.errors.KeyringError | None = None
    """The first write or removal it refused as locked (its unlock prompt dismissed there),
    or did not answer (timed out: asked again, it waits again, ~25 s on D-Bus); not one it
    refused for that secret alone (too long for it, say)."""
    over: bool = False
    """The save ended: a task it started that runs after (its context a copy of the save's)
    asks the keyring as any other work does."""
    answers: dict[str, str | None] = field(default_factory=dict, repr=False)
    """What the keyring holds for each secret it was asked about in this save (a read
    answered, a write or a removal it took): a read gives this rather than ask again, a
    keyring that refused a write since too, which holds it still. The secrets themselves:
    shown by no repr (a log line, a traceback's locals), now that the Settings dialog keeps
    this state."""
    asking_since: float | None = None
    """When (:func:`time.monotonic`) the keyring call under way in this save was made; None
    between calls. For the Settings dialog to say it waits for the keyring: before, a Save
    against one that answers each write late waited ~50 s, its buttons greyed, saying nothing."""


_this_save: contextvars.ContextVar[SaveState | None] = contextvars.ContextVar(
    "kontext_studio_secrets_save", default=None
)


@contextlib.contextmanager
def one_ask_per_save() -> Iterator[SaveState]:
    """Within, a keyring that refused once is not asked again: after a read it refused
    (locked, its unlock prompt dismissed, not answering), or a write or a removal it refused
    as locked, or did not answer, nothing more is asked of it. Each ask of a locked Secret
    Service shows its unlock prompt again: before, saving both secrets while refusing
    brought it back about six times, and the reads after a refused write (was the secret
    there already? an older one?) brought it back too; and each ask of one that does not
    answer waits about 25 s again. A read of a secret the keyring answered for earlier in
    the save gives that answer (:attr:`SaveState.answers`); what is not asked fails as the
    first ask did, so the secrets are kept for this session. For one Save: the worker
    threads it starts with ``asyncio.to_thread`` carry its context."""
    save = SaveState()
    token = _this_save.set(save)
    try:
        yield save
    finally:
        save.over = True
        _this_save.reset(token)


def _save_now() -> SaveState | None:
    """The save under way in this context (:func:`one_ask_per_save`), if any."""
    save = _this_save.get()
    return None if save is None or save.over else save


@contextlib.contextmanager
def _asking(*, writes: bool, once_more: bool = False) -> Iterator[None]:
    """A keyring call (``writes``: a write or a removal), not made within
    :func:`one_ask_per_save` once the keyring refused a call (:class:`SaveState`), unless
    ``once_more`` (a read back, :func:`_read`)."""
    save = _save_now()
    if save is not None and save.read is not None and not once_more:
        _not_asked(save.read)
    if save is not None and save.written is not None and not once_more:
        _not_asked(save.written)
    if save is not None:
        save.asking_since = time.monotonic()
    try:
        yield
    except (_DamagedEntry, keyring.errors.NoKeyringError, keyring.errors.PasswordDeleteError):
        raise  # an answer, or no keyring at all (no prompt), or nothing to remove
    except keyring.errors.PasswordSetError:
        raise  # refused for that secret alone
    except keyring.errors.KeyringError as error:
        # Locked, or it does not answer: asked again, it prompts or waits again.
        if save is not None and writes:
            save.written = error
        elif save is not None:
            save.read = error
        raise
    finally:
        if save is not None:
            save.asking_since = None


def _not_asked(refused: keyring.errors.KeyringError) -> NoReturn:
    """Fail as ``refused`` did, without asking the keyring (:func:`_asking`): locked, or
    not answering."""
    if isinstance(refused, keyring.errors.KeyringLocked):
        raise keyring.errors.KeyringLocked("not asked again in this save")
    raise _Unasked("not asked again in this save")


class _Unasked(keyring.errors.KeyringError):
    """A call not made, as the keyring did not answer an earlier one in this save
    (:func:`_not_asked`): a write failed so was never made, and is not read back."""


_changes: Counter[str] = Counter()
"""How many times this process changed, or tried to change, each secret (:func:`changes`)."""


def changes(name: str) -> int:
    """How many times this process changed, or tried to change, the secret ``name``: its
    keyring entry written or removed (a write that failed counted too: it may have landed),
    or this session's value set or forgotten. A copy of it read before (the window's
    publishing keeps the R2 secret it read, in memory) is stale once this moved: the
    keyring is read again then, and only then."""
    return _changes[name]


def _read(name: str, *, back: bool = False) -> str | None:
    """What the keyring holds as the secret ``name``: within a save, what it answered
    earlier in it, or took since.

    ``back``: right after a write it did not answer (timed out), read once, even within a
    save that asks a keyring no more once it failed (:func:`one_ask_per_save`), and not
    taken from what it answered earlier in that save. A D-Bus call that times out may have
    been carried out all the same: before, the value read before the write was believed,
    and a key the keyring had stored was said not to be saved, kept for this session beside
    it, or left unused for the older one. Not answering again, it is asked nothing more in
    the save."""
    save = _save_now()
    if not back and save is not None and name in save.answers:
        return save.answers[name]
    with _noting_lock(), _asking(writes=False, once_more=back), _as_keyring_errors():
        value = _text(_backend().get_password(SERVICE, name))
    _answered(name, value)
    return value


def _answered(name: str, value: str | None) -> None:
    """The keyring holds ``value`` as the secret ``name`` now: noted for the save under way
    (:attr:`SaveState.answers`)."""
    save = _save_now()
    if save is not None:
        save.answers[name] = value


class _DamagedEntry(keyring.errors.KeyringError):
    """The keyring answered with a value that is not text (:func:`_text`)."""


def _text(value: object) -> str | None:
    """A keyring's answer as the secret it holds, trimmed; None for none (or only blanks).

    keyring promises text or None, but a backend may break that: bytes (read as UTF-8) made
    the log's mask fail on every line and the window's start call the key empty. Bytes that
    are no UTF-8, or any other value, are a damaged entry (:func:`damaged`), said by the
    value's type, never the value. Trimmed as the key is sent: ``echo key | secret-tool store``
    stores a newline with it, and a mask of the key with its newline missed the key sent."""
    if value is None:
        return None
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise _DamagedEntry("the keyring gave bytes that are not text") from None
    if not isinstance(value, str):
        raise _DamagedEntry(f"the keyring gave a {type(value).__name__}, not text")
    return value.strip() or None


def _write(name: str, value: str) -> None:
    _changes[name] += 1
    with _asking(writes=True), _as_keyring_errors():
        _backend().set_password(SERVICE, name, value)
    _answered(name, value)
    _refused.pop(name, None)
    _mended(name)


def _remove(name: str) -> None:
    _changes[name] += 1
    with _asking(writes=True), _as_keyring_errors():
        _backend().delete_password(SERVICE, name)
    _answered(name, None)
    _refused.pop(name, None)
    _mended(name)


def refused_writes() -> dict[str, str]:
    """The secrets the keyring did not take when stored there (it refused them, was locked,
    its unlock prompt was dismissed, or it did not answer), kept for this session only (or
    in use from the environment, where the keyring did not take them either), and has not
    stored or removed since; each with why (:func:`why_refused`). A keyring that reads is
    "usable" still: before, Settings said of it "works. Keys are stored there, nowhere
    else." right after it refused the key kept for this session, or once it took the other
    secret after, or the key from KIE_API_KEY saved there. No keyring call, nothing iterated
    that another thread changes: safe on any thread."""
    return {
        name: why
        for name in _ENV
        if (why := _refused.get(name, "")) and (name in _session or in_environment(name))
    }


def why_refused(name: str) -> str:
    """Why the keyring did not take the secret ``name`` when last stored (:data:`NO_KEYRING`,
    :data:`KEYRING_SILENT`, :data:`KEYRING_REFUSED`); "" when it took it, or was not asked.
    What to do differs: setting a keyring up fits only where there is none. No keyring
    call: safe on any thread."""
    return _refused.get(name, "")


def _why(error: KeyringUnavailableError) -> str:
    if error.missing:
        return NO_KEYRING
    return KEYRING_SILENT if error.silent else KEYRING_REFUSED


_NO_KEYRING = QT_TRANSLATE_NOOP("Errors", "No system keyring is available.")
_KEYRING_SILENT = QT_TRANSLATE_NOOP("Errors", "The system keyring does not answer.")
_RETRY_OR_VARIABLE = QT_TRANSLATE_NOOP(
    "Errors",
    "Try again; if the keyring still does not answer, restart its service (or log out and "
    "back in). Or set the key in the KIE_API_KEY environment variable instead.",
)
"""What to do about a keyring that does not answer, in place of its kind's "Unlock the
keyring …", which no unlock mends."""


def keyring_status() -> KeyringStatus:
    """Name the keyring backend in use and whether it can store secrets."""
    try:
        backend = _backend()
    except keyring.errors.KeyringError as error:  # the chosen one cannot be loaded
        chosen = os.environ.get("PYTHON_KEYRING_BACKEND", "") or "keyring"
        return KeyringStatus(chosen, False, _NO_KEYRING, str(error))
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    # The null keyring (``keyring --disable``) takes every secret and keeps none: before, a
    # key "stored" there was gone at the next start, without a word.
    if isinstance(backend, fail.Keyring | null.Keyring):
        return KeyringStatus(name, False, _NO_KEYRING)
    try:
        _read("probe")
    except _DamagedEntry:  # it answers: what it holds there is no secret of ours
        pass
    except keyring.errors.KeyringLocked:
        return KeyringStatus(
            name, False, QT_TRANSLATE_NOOP("Errors", "The system keyring is locked.")
        )
    except keyring.errors.NoKeyringError as error:  # a chain of backends with none in it
        return KeyringStatus(name, False, _NO_KEYRING, str(error))
    except keyring.errors.KeyringError as error:
        return KeyringStatus(name, False, _KEYRING_SILENT, str(error))
    return KeyringStatus(name, True, "")


# The keyring's own words in quotes, as KIE's are (``KIE_SAID``): a sentence, whatever they
# end with, after the state (``detail_sentence``).
_KEYRING_SAYS = QT_TRANSLATE_NOOP("Errors", "{state} The keyring says: “{reason}”")
_KEYRING_REFUSED = QT_TRANSLATE_NOOP(
    "Errors", "The system keyring refused it (locked, or its unlock prompt was dismissed)."
)
_KEYRING_UNREADABLE = QT_TRANSLATE_NOOP("Errors", "The system keyring could not be read.")


def usable_keyring() -> KeyringStatus:
    """The keyring's status when it can store secrets, else :class:`KeyringUnavailableError`
    saying why. For a command: the window keeps a secret for its session instead, which a
    command, ending at once, cannot."""
    status = keyring_status()
    if status.usable:
        return status
    raise unusable(status)


def unusable(status: KeyringStatus) -> KeyringUnavailableError:
    """Why the keyring of ``status`` (one that is not usable) cannot be used, as an error."""
    if status.reason:
        error = KeyringUnavailableError.worded(
            _KEYRING_SAYS, state=Term(status.detail), reason=status.reason
        )
    else:
        error = KeyringUnavailableError(status.detail)
    error.missing = status.missing
    return _silent(error) if status.silent else error


def _silent(error: KeyringUnavailableError) -> KeyringUnavailableError:
    """``error``, of a keyring that does not answer: said so, with what to do then."""
    error.silent = True
    return error.advising(_RETRY_OR_VARIABLE)


def stored_in_keyring(name: str) -> bool:
    """Whether the keyring holds the secret ``name`` (not the session, not the environment);
    :class:`KeyringUnavailableError` when it cannot be read."""
    try:
        return bool(_read(name))
    except _DamagedEntry:
        raise damaged(name) from None
    except keyring.errors.KeyringError as error:
        failed = _keyring_failed(error, _KEYRING_UNREADABLE)
        raise (failed if _locked(error) else _silent(failed)) from None


def store_in_keyring(name: str, value: str) -> KeyringStatus:
    """Store a secret in the keyring and nowhere else, or raise
    :class:`KeyringUnavailableError` (no keyring, locked, refused, not answering); returns
    its status. A write the keyring did not answer is read back once (:func:`_stored_late`):
    what it holds then is believed."""
    status = usable_keyring()
    try:
        _write(name, value)
    except keyring.errors.KeyringError as error:
        refused = _change_failed(error)
        refused.write_refused = True
        if not refused.silent or isinstance(error, _Unasked):
            raise refused from None
        stored = _stored_late(name, value)
        if not stored:
            refused.write_timed_out = stored is None
            raise refused from None
    _session.pop(name, None)
    _record(name, held=True)
    return status


def _stored_late(name: str, value: str) -> bool | None:
    """Whether the keyring, which did not answer the write of ``value`` as the secret
    ``name``, holds it all the same (:func:`_read`, read back); None when the read back fails too:
    that is not known (:func:`unsure_whether_stored`). Before, ``kontext-studio key set``
    said the key was not stored, and Settings kept it for this session, of a key the keyring
    held. Held, the save asks the keyring the next write too: before, of both secrets typed
    in one Save, the key was never offered to a keyring that had just stored the R2 secret,
    and was said not taken, to be saved again "once the system keyring answers"."""
    try:
        stored = _read(name, back=True)
    except keyring.errors.KeyringError:
        return None
    if stored == value:
        if (save := _save_now()) is not None:
            save.written = None  # it stores what it is asked, late: the next write is asked
        _refused.pop(name, None)
        _mended(name)
        log.info("secret stored late", extra={"event": "secret_stored_late"})
        return True
    return False


def remove_from_keyring(name: str) -> bool:
    """Remove the secret ``name`` from the keyring; whether it held one. Raises
    :class:`KeyringUnavailableError` when the keyring cannot be used, rather than say a key
    was removed that is still there."""
    usable_keyring()
    _changes[name] += 1
    _session.pop(name, None)
    damaged_entry = False
    try:
        held = stored_in_keyring(name)
    except SecretDamagedError:
        held = damaged_entry = True  # removed as any other: removing it is one way to mend it
    if not held:
        _record(name, held=False)
        return False
    try:
        _remove(name)
    except keyring.errors.PasswordDeleteError as error:
        raise (_damaged_unremoved(name) if damaged_entry else _change_failed(error)) from None
    except keyring.errors.KeyringError as error:
        raise _change_failed(error) from None
    _record(name, held=False)
    return True


def _change_failed(error: keyring.errors.KeyringError) -> KeyringUnavailableError:
    """A keyring that did not store a secret, or remove one it may hold, said as it failed:
    it refused (locked, its unlock prompt dismissed, declined), or it does not answer (timed
    out, its service gone: any other failure, as for a read), with what to do then. Before,
    one that did not answer was said to have refused, "locked", and the artist was sent to
    unlock it, which no unlock mends: by Settings' banner and by ``kontext-studio key set``."""
    refusals = (
        keyring.errors.KeyringLocked,
        keyring.errors.PasswordSetError,
        keyring.errors.PasswordDeleteError,
    )
    if isinstance(error, refusals):
        return _keyring_failed(error, _KEYRING_REFUSED)
    return _silent(_keyring_failed(error, _KEYRING_SILENT))


_DAMAGED_UNREMOVED = {
    KIE_KEY: QT_TRANSLATE_NOOP(
        "Errors",
        "The keyring refused to remove it: the KIE API key's damaged entry is still there.",
    ),
    R2_SECRET: QT_TRANSLATE_NOOP(
        "Errors",
        "The keyring refused to remove it: the R2 secret access key's damaged entry is still "
        "there.",
    ),
}
_REMOVE_IN_ITS_PROGRAM = QT_TRANSLATE_NOOP(
    "Errors",
    "Remove the entry “{entry}” of “{service}” in the keyring's own program (such as "
    "Passwords and Keys, KWallet Manager, Keychain Access or Credential Manager).",
)


def _damaged_unremoved(name: str) -> SecretDamagedError:
    """The keyring answered, holds a damaged entry for ``name``, and refused to remove it:
    said so, with where to remove it by hand. Before, Settings said the keyring "does not
    answer" (it had just answered), and ``kontext-studio key remove`` that it was locked, to
    be unlocked: neither mends an entry the keyring will not delete."""
    log.warning(
        "keyring refused to remove a damaged entry",
        extra={"event": "keyring_damaged_unremoved", "secret": name},
    )
    error = SecretDamagedError.worded(_DAMAGED_UNREMOVED[name], entry=name, service=SERVICE)
    return error.advising(_REMOVE_IN_ITS_PROGRAM)


def _record(name: str, *, held: bool) -> None:
    """Note in the settings whether the keyring holds the KIE key now (never the key):
    :func:`readable_secret` tells by it a locked keyring that may hold one from one that
    held none the last time it could be read."""
    if name != KIE_KEY:
        return
    try:
        record_kie_key(Paths.from_env(), held)
    except StorageError:  # no home folder to write in: nothing is known later, as before
        log.warning("key record not written", extra={"event": "key_record_failed"})


def held_no_key() -> bool:
    """Whether the keyring held no KIE key when the app last stored, removed or read it
    there (:func:`kontext_studio.config.kie_key_recorded`): a keyring locked now gives none
    then, and demo mode is no surprise. False when that is not known."""
    try:
        return kie_key_recorded(Paths.from_env()) is False
    except StorageError:
        return False


def _keyring_failed(error: keyring.errors.KeyringError, words: str) -> KeyringUnavailableError:
    """A keyring call that failed, logged by its type only (its text is the backend's)."""
    log.warning(
        "keyring call failed",
        extra={"event": "keyring_failed", "error": type(error).__name__},
    )
    return KeyringUnavailableError(words)


def _locked(error: keyring.errors.KeyringError) -> bool:
    """Whether a keyring that failed a read is locked (or its unlock prompt was dismissed),
    not one that does not answer."""
    return isinstance(error, keyring.errors.KeyringLocked)


def get_secret(name: str, *, ask_keyring: bool = True) -> str | None:
    """Session value, then keyring, then environment; ``None`` when nowhere. Without
    ``ask_keyring`` the keyring is passed over, as one that cannot be read gives nothing:
    for a caller that just found it unusable (:func:`keyring_status`), whose asking again
    logged its failure again and, for a locked one, might show its unlock prompt again."""
    if name in _session:
        return _session[name]
    value = None
    if ask_keyring:
        try:
            value = _read(name)
        except _DamagedEntry:
            _log_damaged(name)
        except keyring.errors.KeyringError:
            log.warning("keyring read failed", extra={"event": "keyring_unavailable"})
    if value:
        return value
    return _environment_value(name) or None


_KEYRING_LOCKED_SECRET = QT_TRANSLATE_NOOP(
    "Errors",
    "It is locked, or its unlock prompt was dismissed: the key it may hold cannot be read.",
)
_KEYRING_SILENT_SECRET = QT_TRANSLATE_NOOP(
    "Errors", "It does not answer: the key it may hold cannot be read."
)
# The R2 secret's, said alone (:class:`~kontext_studio.errors.PublishSecretUnreadableError`),
# without the keyring's kind before it: by explain() too (``said_alone``).
_UNREAD_WORDS = {
    R2_SECRET: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The system keyring is locked, or its unlock prompt was dismissed: the R2 secret "
            "it may hold cannot be read.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "The system keyring does not answer: the R2 secret it may hold cannot be read.",
        ),
    )
}
_UNREAD_TODO = {
    R2_SECRET: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "Unlock the keyring, then try again; or set R2_SECRET_ACCESS_KEY in the environment.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Try again; if the keyring still does not answer, restart its service (or log out "
            "and back in). Or set R2_SECRET_ACCESS_KEY in the environment.",
        ),
    )
}
"""What to do (locked, not answering) about a keyring that cannot give the secret of
:data:`_UNREAD_WORDS`: its own variable, where the KIE key's advice named KIE_API_KEY."""


_DAMAGED_WORDS = {  # (what cannot be read, how to store it again)
    KIE_KEY: (
        QT_TRANSLATE_NOOP("Errors", "The KIE API key stored there cannot be read."),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Store the key again, in Settings or with `kontext-studio key set`: it replaces "
            "the damaged entry.",
        ),
    ),
    R2_SECRET: (
        QT_TRANSLATE_NOOP(
            "Errors",
            "The system keyring holds a damaged entry: the R2 secret access key stored there "
            "cannot be read.",
        ),
        QT_TRANSLATE_NOOP(
            "Errors",
            "Enter the secret access key again in {publishing_settings}: it replaces the "
            "damaged entry.",
        ),
    ),
}


_SAID_ALONE = frozenset({R2_SECRET})
"""The secrets whose :data:`_DAMAGED_WORDS` say the keyring's state themselves, as a publish
says them alone (:attr:`~kontext_studio.errors.KeyringUnavailableError.said_alone`)."""


def damaged(name: str) -> SecretDamagedError:
    """The keyring's entry for the secret ``name`` is not text, as an error that names the
    secret (never what the keyring gave), logged by its name alone. Before, it was said of
    a keyring that "does not answer", with "restart its service", which mends nothing, and
    ``kontext-studio key remove`` refused to remove it."""
    _log_damaged(name)
    words, todo = _DAMAGED_WORDS[name]
    error = SecretDamagedError(words).advising(todo)
    error.said_alone = name in _SAID_ALONE
    return error


def _log_damaged(name: str) -> None:
    """Log that the keyring's entry for ``name`` is damaged, by its name alone, once a
    process: before, Settings logged "keyring read failed" and "keyring entry damaged" at
    every opening, though nothing failed and nothing changed. Logged again once the entry
    was stored or removed since (:func:`_mended`)."""
    if name in _damaged_logged:
        return
    _damaged_logged.add(name)
    log.warning("keyring entry damaged", extra={"event": "keyring_entry_damaged", "secret": name})


def _mended(name: str) -> None:
    """The keyring's entry for ``name`` was stored or removed: a damaged one found after is
    logged again (:func:`_log_damaged`)."""
    _damaged_logged.discard(name)


def is_damaged(name: str) -> bool:
    """Whether the keyring's entry for the secret ``name`` is damaged (:func:`damaged`);
    False when the keyring cannot be read at all. Reads the keyring: in a worker thread."""
    try:
        _read(name)
    except _DamagedEntry:
        return True
    except keyring.errors.KeyringError:
        return False
    return False


def _locked_since(name: str) -> bool:
    """Whether reading the secret ``name`` would show the keyring's unlock prompt though no
    read in this process found it locked (:func:`may_prompt_for`): a Secret Service
    collection locked since it was last read (KeePassXC locking with the screen, KWallet
    closing when idle), which keyring's read unlocks, putting up the prompt. Asked of the
    collection itself, which prompts for nothing. Other backends (none, macOS, Windows, a
    test's) are not asked: False. A collection that cannot be asked (the service not
    answering) raises :class:`keyring.errors.KeyringError`, as the read, asking the same
    service, would: before, the read asked it again, and one that does not answer was
    waited for twice (~25 s each on D-Bus). Talks to D-Bus: call it in a worker thread."""
    if name in _session or in_environment(name):
        return False
    try:
        backend = _backend()
    except keyring.errors.KeyringError:
        return False
    from keyring.backends import SecretService

    if not isinstance(backend, SecretService.Keyring):
        return False
    with _as_keyring_errors():
        return _collection_locked(backend)


def _collection_locked(backend: KeyringBackend) -> bool:
    """Whether the Secret Service collection ``backend`` reads is locked: the one it was
    told to use, else the default, found as keyring's ``get_preferred_collection`` finds it,
    without the unlock that follows there. No default collection yet counts as locked:
    keyring's read makes one, putting up a prompt for its password; before, this check made
    it, and the read put the prompt up again once the artist dismissed it."""
    import secretstorage

    connection = secretstorage.dbus_init()
    with contextlib.closing(connection):
        path = getattr(backend, "preferred_collection", None)
        if path:
            collection = secretstorage.Collection(connection, path)
        else:
            try:
                collection = secretstorage.Collection(connection)
            except secretstorage.exceptions.ItemNotFoundException:
                return True
        return bool(collection.is_locked())


def readable_secret(name: str, *, held: str | None = None, prompt: bool = True) -> str | None:
    """The secret ``name`` as :func:`get_secret` gives it, for a caller that must not take a
    keyring that is there but cannot be read now (locked, its unlock prompt dismissed, not
    answering) for one that holds nothing: with neither this session nor the environment
    giving the secret, that raises :class:`KeyringUnavailableError`. Before, a command run
    with the key in a locked keyring ran in demo mode and made a simulated picture, exit 0.
    None when no keyring is installed (or none can be loaded), or it holds no such secret,
    or it held no KIE key the last time it could be read (:func:`held_no_key`): an artist
    who never stored one, on a system whose keyring stays locked, runs in demo mode without
    being told at every start that the keyring cannot be read. What the keyring holds,
    when read, is recorded for that.

    ``held``: the secret the caller read as it started and goes on using (a live window's
    key), given when the keyring cannot be read now, in place of the environment's or of
    the error: the keyring's, read at start, won over the environment's, which may be
    another. Not when the keyring held no KIE key when last read or changed: that key was
    removed since (in Settings, or by ``kontext-studio key remove``), and is not given back
    where a readable keyring gives none.

    Without ``prompt`` (work the artist did not ask for: a link made as a preview opens), a
    keyring whose read may show its unlock prompt (:func:`may_prompt_for`) is not read: it
    is said to be locked, as that read would have found it; nor is a Secret Service
    collection locked since it was last read (:func:`_locked_since`). Before, a keyring
    whose prompt the artist dismissed put it up again at each artwork opened, and one that
    locked with the screen put it up as the artist came back to the window."""
    if name in _session:
        return _session[name]
    if not prompt and held is None:
        try:
            locked = may_prompt_for(name) or _locked_since(name)
        except keyring.errors.KeyringError as error:
            raise _unread(name, error) from error
        if locked:
            raise _unread(name, None)
    try:
        backend = _backend()
    except keyring.errors.KeyringError:  # the one chosen cannot be loaded: no keyring
        backend = None
    value: str | None = None
    try:
        with _noting_lock(), _as_keyring_errors():
            value = _text(backend.get_password(SERVICE, name)) if backend is not None else None
    except keyring.errors.NoKeyringError:
        pass
    except _DamagedEntry:
        if not held and not in_environment(name):
            raise damaged(name) from None
        log.info("keyring entry damaged", extra={"event": "keyring_entry_damaged"})
        value = held
    except keyring.errors.KeyringError as error:
        none_held = name == KIE_KEY and held_no_key()
        if not held and not in_environment(name) and not none_held:
            raise _unread(name, error) from None
        log.info("keyring not read", extra={"event": "keyring_unavailable"})
        value = None if none_held else held
    else:
        if backend is not None:
            _record(name, held=bool(value))
    if value:
        return value
    return _environment_value(name) or None


def _unread(name: str, error: keyring.errors.KeyringError | None) -> KeyringUnavailableError:
    """Why the secret ``name`` the keyring may hold cannot be read (:func:`readable_secret`):
    its read failed with ``error`` (logged), locked or not answering; None: not read, as
    it may show the unlock prompt of a keyring found locked."""
    said = _UNREAD_WORDS.get(name, (_KEYRING_LOCKED_SECRET, _KEYRING_SILENT_SECRET))
    locked = error is None or _locked(error)
    words = said[0] if locked else said[1]
    failed = KeyringUnavailableError(words) if error is None else _keyring_failed(error, words)
    failed.said_alone = name in _UNREAD_WORDS
    failed = failed if locked else _silent(failed)
    if name in _UNREAD_TODO:
        failed.advising(_UNREAD_TODO[name][0 if locked else 1])
    return failed


def _environment_value(name: str) -> str:
    """The secret ``name`` as its variable sets it, trimmed; "" when the variable is not set
    or holds only blanks (an empty line of a .env file with Windows line endings gives
    "\r": taken for a secret, it hid the one stored, and R2 was sent none)."""
    env_name = _ENV.get(name)
    return os.environ.get(env_name, "").strip() if env_name else ""


def in_environment(name: str) -> bool:
    """Whether the environment sets the secret ``name`` (used when no keyring holds it)."""
    return bool(_environment_value(name))


def from_environment_only(name: str, *, ask_keyring: bool = True) -> bool:
    """Whether the secret ``name`` that :func:`get_secret` gives comes from the environment:
    neither this session nor the keyring holds one (a keyring that cannot be read holds
    none; without ``ask_keyring``, one known not to be readable: :func:`get_secret`).
    Reads the keyring: call it in a worker thread."""
    if name in _session or not in_environment(name):
        return False
    if not ask_keyring:
        return True
    try:
        return not stored_in_keyring(name)
    except KeyringUnavailableError:
        return True


def older_in_keyring(name: str) -> bool:
    """Whether the keyring, readable, holds a secret ``name`` other than this session's: one
    it kept when it did not take the session's (:func:`set_secret`), which a restart brings
    back. False when it cannot be read. Reads the keyring: call it in a worker thread."""
    return older_held(name) is True


def older_held(name: str) -> bool | None:
    """:func:`older_in_keyring`, None when that is not known: the keyring is there but
    could not be read (locked, its unlock prompt dismissed, not answering, or not asked
    again in this Save after it refused a read: :func:`one_ask_per_save`), so it may hold
    this secret or an older one, which a restart uses. Before, that was taken for none, and
    a key kept so was said to be forgotten at a restart. Reads the keyring: call it in a
    worker thread."""
    try:
        stored = _read(name)
    except (keyring.errors.NoKeyringError, _DamagedEntry):
        return False  # none installed holds none; a damaged entry is no secret to use
    except keyring.errors.KeyringError:
        return False if _loads_none() else None
    return bool(stored) and stored != _session.get(name)


def _loads_none() -> bool:
    """Whether the keyring chosen cannot be loaded (its read fails so): there is none."""
    try:
        _backend()
    except keyring.errors.KeyringError:
        return True
    return False


def is_session_only(name: str) -> bool:
    """Whether the secret ``name`` lives only in this process (no keyring took it)."""
    return name in _session


@dataclass(frozen=True)
class Held:
    """Where the secret ``name`` was before a store (:func:`held_before`), to put back
    (:func:`put_back`). The values are left out of ``repr``: never logged."""

    name: str
    stored: str | None = field(repr=False)
    """The keyring's; None for none, or one that could not be read (locked, damaged)."""
    session: str | None = field(repr=False)
    """This session's, which wins over the keyring's."""
    read: bool = True
    """Whether the keyring answered (a damaged entry is an answer): one that did not (locked,
    its unlock prompt dismissed) may hold an older secret, which :func:`put_back` must not
    take for none."""
    damaged: bool = False
    """The keyring held a damaged entry (:func:`damaged`): it cannot be written back, so
    :func:`put_back` removes the new secret written over it, and the entry is gone."""
    refused: str = ""
    """Why the keyring did not take this session's secret (:func:`why_refused`), "" when
    it did: put back with it, the Keyring row says again that it is this session's."""


def held_before(name: str) -> Held:
    """Where the secret ``name`` is now, before :func:`set_secret` replaces it. Reads the
    keyring: call it in a worker thread."""
    session, refused = _session.get(name), why_refused(name)
    try:
        stored = _read(name)
    except _DamagedEntry:
        return Held(name, None, session, damaged=True, refused=refused)
    except keyring.errors.KeyringError:
        return Held(name, None, session, read=False, refused=refused)
    return Held(name, stored, session, refused=refused)


def put_back(held: Held, *, written: str = "") -> None:
    """Undo a :func:`set_secret` made after ``held`` was read, whose other half (the settings
    file) could not be written: the session's secret as it was, and, when the keyring took
    the new one (``written``, "" when it did not), the older one written back there, or the
    new one removed where there was none. Raises :class:`KeyringUnavailableError` when the
    keyring refuses (locked since, not answering), or was not read before the store (the
    older secret it may hold is not known): it holds the new secret then. Before, one not
    read was taken for none, and the new secret removed with the older gone. The keyring's
    refusal of this session's secret is put back too: before, it went with the new secret's
    write, and the Keyring row said "works" beside a secret kept for this session only."""
    _changes[held.name] += 1
    if held.session is None:
        _session.pop(held.name, None)
    else:
        _session[held.name] = held.session
    try:
        _put_back_stored(held, written)
    finally:
        if held.refused:
            _refused[held.name] = held.refused
        else:
            _refused.pop(held.name, None)


def _put_back_stored(held: Held, written: str) -> None:
    """The keyring's half of :func:`put_back`."""
    if not written or written == held.stored:
        return
    if not held.read:
        log.warning("secret not put back", extra={"event": "secret_not_put_back"})
        raise KeyringUnavailableError(_KEYRING_REFUSED)
    try:
        if held.stored:
            _write(held.name, held.stored)
        else:
            _remove(held.name)
    except keyring.errors.KeyringError as error:
        raise _change_failed(error) from None  # refused, or not answering


def set_secret(
    name: str, value: str, *, session_only: bool = False, keep_refused: bool = True
) -> bool:
    """Store a secret; returns True when the keyring holds it (it went there, or it held it
    already: :func:`holds`), False when it is kept for this session only: no keyring works,
    or the keyring refused it (locked, a dismissed unlock prompt), which the caller tells
    the artist as it tells a missing keyring. An empty value deletes it.

    Without ``keep_refused``, a value the keyring does not take is not kept for this
    session either, and False says that nothing changed: for the value in use already
    (the window's key, from the environment or read at start), which stays where it came
    from rather than be said to be forgotten at a restart. Another value this session kept
    (one the keyring refused at an earlier save) is forgotten: the value typed in its place
    is the one wanted. Before, it stayed, and a switch offered for it still switched to it."""
    if not value:
        delete_secret(name)
        return True
    if not session_only:
        try:
            store_in_keyring(name, value)
        except KeyringUnavailableError as error:
            landed = None if error.write_timed_out else error.write_refused and holds(name, value)
            if landed:
                return True
            _refused[name] = _why(error)
            if landed is None:
                _unsure.add(name)
            else:
                _unsure.discard(name)
            if not keep_refused:
                if _session.get(name, value) != value:
                    _changes[name] += 1
                    del _session[name]  # typed in its place: the value in use is wanted
                return False
            log.info("secret kept for this session", extra={"event": "secret_session_only"})
        else:
            return True
    _changes[name] += 1
    _session[name] = value
    return False


def unsure_whether_stored(name: str) -> bool:
    """Whether the secret ``name`` kept for this session was written to a keyring that did
    not answer, nor when read back after (:func:`set_secret`): it may have stored it all the
    same, and then a restart uses it. No keyring call: safe on any thread."""
    return name in _unsure and name in _session and _refused.get(name) == KEYRING_SILENT


def holds(name: str, value: str) -> bool:
    """Whether the keyring holds ``value`` as the secret ``name`` already (False when it
    cannot be read): storing it again changes nothing, and a restart uses it. Asked of one
    it refused to store again (a dismissed prompt, a locked collection that still reads):
    before, that value was kept for this session too, said to be forgotten at a restart,
    and Settings offered to save it again once the keyring took it. Reads the keyring: call
    it in a worker thread."""
    try:
        held = _read(name) == value
    except keyring.errors.KeyringError:
        return False
    if held:
        _session.pop(name, None)
        _record(name, held=True)
        log.info("secret already in the keyring", extra={"event": "secret_already_stored"})
    return held


def delete_secret(name: str) -> None:
    """Forget the secret ``name``: this session's and the keyring's. Raises
    :class:`KeyringUnavailableError` (:func:`_change_failed`), forgetting nothing, when the
    keyring may still hold one: it refused to remove it (locked, an unlock prompt dismissed),
    or it does not answer, at the removal or when asked after whether it still holds one.
    Before, the window said the key was removed, and the next start used it. A missing
    keyring (none installed, or the one chosen cannot be loaded) holds no secret to forget,
    and is passed over; so is one that does not answer when the secret is this session's
    (the keyring did not take it), unless it held one when last known, and a locked one that
    held none then (:func:`_recorded`): the session's is the one Settings offers to remove."""
    try:
        _backend()
    except keyring.errors.KeyringError:  # the one chosen cannot be loaded: no keyring
        pass
    else:
        _remove_held(name)
    _changes[name] += 1
    _session.pop(name, None)
    _refused.pop(name, None)  # nothing of it is kept for this session: no refusal to tell


def _remove_held(name: str) -> None:
    """Remove the secret ``name`` from the keyring, if it holds one (:func:`delete_secret`)."""
    try:
        _remove(name)
    except keyring.errors.NoKeyringError:  # none installed
        return
    except keyring.errors.KeyringLocked as error:
        if name in _session and _recorded(name) is False:
            return  # the keyring did not take it, and held none: the session's is forgotten
        raise _change_failed(error) from None
    except keyring.errors.PasswordDeleteError as error:
        # Also what most backends raise for a secret they do not hold.
        try:
            held = _read(name)
        except _DamagedEntry:
            raise _damaged_unremoved(name) from None
        except keyring.errors.KeyringError as unread:
            raise _change_failed(unread) from None
        if held:
            raise _change_failed(error) from None
    except keyring.errors.KeyringError as error:
        if name in _session and _recorded(name) is not True:
            return  # the keyring did not take it: the session's is forgotten
        raise _change_failed(error) from None
    _record(name, held=False)


def _recorded(name: str) -> bool | None:
    """Whether the keyring held the secret ``name`` when the app last stored, removed or
    read it there (the KIE key's record); None when that is not known.

    A key kept for this session beside a keyring that does not answer and held one: before,
    removing it forgot the session's and said "The API key was removed.", and the next start
    used the older; not known, the session's is forgotten, as no retry may reach the keyring.
    Beside a locked keyring, the session's is forgotten only when the keyring held none: it
    may hold one stored from another home (:func:`~kontext_studio.config.kie_key_recorded`),
    and unlocking it lets the removal ask. Before, a locked one refused the removal even when
    it held none, and "Unlock the keyring" was the only way to forget a key it never took."""
    if name != KIE_KEY:
        return None
    try:
        return kie_key_recorded(Paths.from_env())
    except StorageError:
        return None


def clear_session() -> None:
    """Forget this session's secrets, which damaged entries were logged, and that the
    keyring was found locked or did not take a secret."""
    global _found_locked
    _changes.update(_session.keys())
    _session.clear()
    _damaged_logged.clear()
    _found_locked = False
    _refused.clear()
    _unsure.clear()
