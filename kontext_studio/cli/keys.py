"""``key set|remove|status|test``: the KIE API key in the system keyring, without the window
(a server, a script, SSH). The key is never taken from the command line, and never shown."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import sys
from dataclasses import replace
from typing import Any

from kontext_studio import i18n, secrets
from kontext_studio.cli.output import (
    EXIT_JOB_FAILED,
    EXIT_OK,
    english_message,
    out,
    print_json,
    print_json_error,
    printable,
    say,
)
from kontext_studio.errors import (
    AuthError,
    InputError,
    KeyFormatError,
    KeyringUnavailableError,
    KontextError,
    NetworkError,
    Reason,
    Refusal,
    ReplyCutError,
    SecretDamagedError,
)
from kontext_studio.explain import (
    explain,
    explain_error_detail,
    join_sentences,
    with_detail,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate
from kontext_studio.kie.client import check_key, checked_key, too_long_key
from kontext_studio.kie.models import MAX_KEY_CHARS, shown_balance
from kontext_studio.logs import register_secret

_KEY_PROMPT = QT_TRANSLATE_NOOP("cli", "KIE API key (not shown as you type): ")
_KEY_IN_ARGUMENTS = QT_TRANSLATE_NOOP(
    "Errors",
    "The key is never taken from the command line, where `ps` and the shell's history keep it: "
    "run `kontext-studio key set` and type it at its prompt, or pipe it in "
    "(`kontext-studio key set < key.txt`). Remove it from the shell's history too.",
)
_KEY_NOT_TEXT = QT_TRANSLATE_NOOP(
    "Errors", "The KIE API key contains characters that cannot be sent."
)
_NO_KEY_TO_TEST = QT_TRANSLATE_NOOP(
    "Errors",
    "No KIE API key is set, so there is nothing to test. `kontext-studio key set` stores one "
    "in the system keyring (or set KIE_API_KEY).",
)


_BYTE_ORDER_MARK = "\ufeff"
_LINE_READ = MAX_KEY_CHARS + 64
"""The most of stdin's first line ``key set`` reads: the longest key, and room for a byte
order mark, spaces round the key and the line's end."""


def read_key(args: argparse.Namespace) -> None:
    """``key set``: the key, typed at a prompt that does not show it (a terminal) or the first
    line of stdin (a pipe, a file). Read before the command's loop starts, where a stop
    signal ends the read at once (:meth:`StopSignals.reading`): ``getpass`` gives the
    terminal its echo back as it ends. A file's byte order mark (one saved as "UTF-8 with
    BOM", as Notepad and PowerShell save it) is no part of the key: left out, not refused
    as a character that cannot be sent. A line not ended within :data:`_LINE_READ`
    characters is refused as longer than any key, the rest unread: the line was read to
    its end, however long (a 66 MB one stored as the key; ``< /dev/zero`` read forever)."""
    if args.typed:
        raise Refusal(_KEY_IN_ARGUMENTS)
    stdin = sys.stdin
    try:
        if stdin is not None and stdin.isatty():
            args.secret = _typed_key()
        else:
            line = stdin.readline(_LINE_READ) if stdin is not None else ""
            if len(line) >= _LINE_READ and not line.endswith("\n"):
                raise _key_refused(too_long_key())
            args.secret = line.removeprefix(_BYTE_ORDER_MARK)
    except UnicodeDecodeError:  # bytes that are no text in this locale: no key either
        raise InputError(_KEY_NOT_TEXT) from None
    register_secret(args.secret.strip())  # masked in the log from here on


def _typed_key() -> str:
    """The key typed at the prompt. A Ctrl+C there leaves the prompt's line open (getpass
    ends no line): it is ended, so that the interrupted line starts on its own."""
    try:
        return getpass.getpass(translate("cli", _KEY_PROMPT))
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError):
            if sys.stderr is not None and sys.stderr.isatty():
                sys.stderr.write("\n")
        raise


def key_interrupted(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """What a ``key`` command stopped by Ctrl+C says (it runs no job): the key is as it was,
    unless the keyring was being changed (``set`` past its prompt, ``remove``), when only
    ``key status`` can tell whether the change was made."""
    read = getattr(args, "secret", None) is not None
    changing = args.run is key_remove or (args.run is key_set and read)
    return (_INTERRUPTED_KEY_CHANGING if changing else _INTERRUPTED_KEY), {}


async def key_set(args: argparse.Namespace) -> int:
    try:
        key = checked_key(args.secret)
    except KeyFormatError as error:
        raise _key_refused(error) from None
    status = await asyncio.to_thread(secrets.store_in_keyring, secrets.KIE_KEY, key)
    words = _KEY_STORED_WITH_ENV if secrets.in_environment(secrets.KIE_KEY) else _KEY_STORED
    _key_reply(args, {"status": "stored", "backend": status.backend}, words, backend=status.backend)
    return EXIT_OK


_KEY_REFUSED = QT_TRANSLATE_NOOP("Errors", "This key is refused, so nothing was stored. {reason}")


def _key_refused(error: KeyFormatError) -> Refusal:
    """``key set``'s refusal of a key for ``error``: the key is refused, there is no request
    to correct."""
    return Refusal.worded(_KEY_REFUSED, reason=Reason(error))


_KEY_STORED = QT_TRANSLATE_NOOP(
    "cli",
    "The KIE API key is stored in the system keyring ({backend}): commands use it from now on, "
    "and the window once it is opened again. `kontext-studio key test` checks it with KIE.",
)
_KEY_STORED_WITH_ENV = QT_TRANSLATE_NOOP(
    "cli",
    "The KIE API key is stored in the system keyring ({backend}); it is used rather than "
    "KIE_API_KEY, which is set too. `kontext-studio key test` checks it with KIE.",
)


def _key_reply(args: argparse.Namespace, value: dict[str, Any], words: str, **values: Any) -> None:
    """The outcome of a ``key`` command: ``words`` on stdout, or ``value`` with their English
    as its message as the --json line."""
    if args.json:
        with i18n.english():
            print_json({**value, "message": translate("cli", words).format(**values)})
    else:
        out(printable(translate("cli", words).format(**values)))


async def key_remove(args: argparse.Namespace) -> int:
    try:
        removed = await asyncio.to_thread(secrets.remove_from_keyring, secrets.KIE_KEY)
    except KeyringUnavailableError as error:
        return _key_remove_refused(args, error)
    if secrets.in_environment(secrets.KIE_KEY):
        words = _KEY_REMOVED_ENV if removed else _NO_KEY_STORED_ENV
    else:
        words = _KEY_REMOVED if removed else _NO_KEY_STORED
    _key_reply(args, {"status": "removed" if removed else "not_stored"}, words)
    return EXIT_OK


def _key_remove_refused(args: argparse.Namespace, error: KeyringUnavailableError) -> int:
    """The keyring could not be used to remove the key: said as any keyring failure, but
    with what to do about a removal. The general advice (set KIE_API_KEY instead) is for
    keeping a key, not for removing one."""
    words = explain(error)
    if not isinstance(error, SecretDamagedError):  # its own hint names the keyring's program
        words = replace(
            words, hint=translate("cli", _RETRY_TO_REMOVE if error.silent else _UNLOCK_TO_REMOVE)
        )
    say(words.sentences())
    print_json_error(args, error)
    return EXIT_JOB_FAILED


_UNLOCK_TO_REMOVE = QT_TRANSLATE_NOOP(
    "cli",
    "Unlock the keyring (or start the one that holds the key) and run `kontext-studio key "
    "remove` again.",
)
_RETRY_TO_REMOVE = QT_TRANSLATE_NOOP(
    "cli",
    "Run `kontext-studio key remove` again; if the keyring still does not answer, restart its "
    "service (or log out and back in).",
)
_KEY_REMOVED = QT_TRANSLATE_NOOP(
    "cli",
    "The KIE API key was removed from the system keyring. With no key, commands and the window "
    "run in demo mode.",
)
_KEY_REMOVED_ENV = QT_TRANSLATE_NOOP(
    "cli",
    "The KIE API key was removed from the system keyring. KIE_API_KEY is still set: commands "
    "use that key.",
)
_NO_KEY_STORED = QT_TRANSLATE_NOOP(
    "cli", "No KIE API key was stored in the system keyring; nothing was removed."
)
_NO_KEY_STORED_ENV = QT_TRANSLATE_NOOP(
    "cli",
    "No KIE API key was stored in the system keyring; nothing was removed. KIE_API_KEY is set: "
    "commands use that key.",
)


async def key_status(args: argparse.Namespace) -> int:
    """Where the key comes from, as :func:`secrets.get_secret` looks: the keyring first, then
    KIE_API_KEY. The key itself is never read out, not even in part."""
    status = await asyncio.to_thread(secrets.keyring_status)
    stored: bool | None = None
    problem: KontextError | None = None if status.usable else secrets.unusable(status)
    if status.usable:
        try:
            stored = await asyncio.to_thread(secrets.stored_in_keyring, secrets.KIE_KEY)
        except SecretDamagedError as error:
            return _damaged_key_status(args, status.backend, error)
        except KontextError as error:
            problem = error
    environment = secrets.in_environment(secrets.KIE_KEY)
    source = "keyring" if stored else "environment" if environment else None
    value = {
        "status": "ok",
        "backend": status.backend,
        "keyring_usable": status.usable,
        "keyring_problem": english_message(problem) if problem is not None else "",
        "stored": stored,
        "environment": environment,
        "source": source,
    }
    used = _KEY_USED[source]
    if source == "keyring" and not environment:
        used = _KEYRING_KEY_USED  # there is no KIE_API_KEY for it to win over
    elif source is None and status.missing:
        used = _NO_KEYRING_USED
    elif source is None and not status.usable:
        held_none = await asyncio.to_thread(secrets.held_no_key)
        used = _UNREAD_USED[held_none, status.silent]
    if args.json:
        with i18n.english():
            print_json({**value, "message": translate("cli", used)})
        return EXIT_OK
    out(printable(_keyring_line(status.backend, problem)))
    out(translate("cli", _NO_KEYRING_WORDS if status.missing else _STORED_WORDS[stored]))
    out(translate("cli", _ENV_WORDS[environment]))
    out(translate("cli", used))
    return EXIT_OK


def _damaged_key_status(args: argparse.Namespace, backend: str, error: SecretDamagedError) -> int:
    """``key status`` of a keyring that works but holds a damaged entry for the key: said
    so, with how to mend it. Before: "Keyring: …, cannot be used", and "In use: no key …
    `kontext-studio key set` stores one", as if none were stored. In --json, as a key that
    cannot be read (``stored`` null), ``keyring_problem`` saying why."""
    environment = secrets.in_environment(secrets.KIE_KEY)
    used = _DAMAGED_ENV_USED if environment else _DAMAGED_USED
    if args.json:
        with i18n.english():
            print_json(
                {
                    "status": "ok",
                    "backend": backend,
                    "keyring_usable": True,
                    "keyring_problem": english_message(error),
                    "stored": None,
                    "environment": environment,
                    "source": "environment" if environment else None,
                    "message": translate("cli", used),
                }
            )
        return EXIT_OK
    out(printable(_keyring_line(backend, None)))
    out(translate("cli", _DAMAGED_WORDS))
    out(translate("cli", _ENV_WORDS[environment]))
    out(translate("cli", used))
    return EXIT_OK


_DAMAGED_WORDS = QT_TRANSLATE_NOOP("cli", "Key in the keyring: damaged, it cannot be read.")
_DAMAGED_USED = QT_TRANSLATE_NOOP(
    "cli",
    "In use: none; commands that send jobs refuse to run (or run with --demo, on the demo "
    "server), and the window opens in demo mode. `kontext-studio key set` stores the key "
    "again in place of the damaged entry; `kontext-studio key remove` removes it.",
)
_DAMAGED_ENV_USED = QT_TRANSLATE_NOOP(
    "cli",
    "In use: the key in KIE_API_KEY, as the keyring's cannot be read. `kontext-studio key "
    "set` stores the key again in place of the damaged entry; `kontext-studio key remove` "
    "removes it.",
)


def _keyring_line(backend: str, problem: KontextError | None) -> str:
    if problem is None:
        return translate("cli", "Keyring: {backend}, works.").format(backend=backend)
    unusable = translate("cli", "Keyring: {backend}, cannot be used.").format(backend=backend)
    return with_detail(unusable, explain_error_detail(problem))


_STORED_WORDS = {
    True: QT_TRANSLATE_NOOP("cli", "Key in the keyring: stored."),
    False: QT_TRANSLATE_NOOP("cli", "Key in the keyring: none."),
    None: QT_TRANSLATE_NOOP("cli", "Key in the keyring: cannot be read."),
}
_NO_KEYRING_WORDS = QT_TRANSLATE_NOOP("cli", "Key in the keyring: none, there is no keyring.")
_ENV_WORDS = {
    True: QT_TRANSLATE_NOOP("cli", "KIE_API_KEY: set."),
    False: QT_TRANSLATE_NOOP("cli", "KIE_API_KEY: not set."),
}
_KEY_USED: dict[str | None, str] = {
    "keyring": QT_TRANSLATE_NOOP(
        "cli", "In use: the key in the keyring (it wins over KIE_API_KEY)."
    ),
    "environment": QT_TRANSLATE_NOOP("cli", "In use: the key in KIE_API_KEY."),
    None: QT_TRANSLATE_NOOP(
        "cli",
        "In use: no key; commands and the window run in demo mode. `kontext-studio key set` "
        "stores one.",
    ),
}
_KEYRING_KEY_USED = QT_TRANSLATE_NOOP("cli", "In use: the key in the keyring.")
_NO_KEYRING_USED = QT_TRANSLATE_NOOP(
    "cli",
    "In use: no key; commands and the window run in demo mode. With no system keyring here, "
    "set KIE_API_KEY to use one.",
)
_UNREAD_USED = {  # (held none when last read, does not answer): a keyring that cannot be read
    (True, False): QT_TRANSLATE_NOOP(
        "cli",
        "In use: no key; commands and the window run in demo mode. The keyring, locked now, "
        "held none when Kontext Studio last read it; `kontext-studio key set` stores one once "
        "it is unlocked.",
    ),
    (True, True): QT_TRANSLATE_NOOP(
        "cli",
        "In use: no key; commands and the window run in demo mode. The keyring, which does not "
        "answer now, held none when Kontext Studio last read it; `kontext-studio key set` "
        "stores one once it answers.",
    ),
    (False, False): QT_TRANSLATE_NOOP(
        "cli",
        "In use: none, as the keyring cannot be read now. Commands that send jobs refuse to "
        "run until it is unlocked (or with --demo, on the demo server); the window opens in "
        "demo mode.",
    ),
    (False, True): QT_TRANSLATE_NOOP(
        "cli",
        "In use: none, as the keyring does not answer now. Commands that send jobs refuse to "
        "run until it answers (or with --demo, on the demo server); the window opens in demo "
        "mode.",
    ),
}


async def key_test(args: argparse.Namespace) -> int:
    """``key test``: the settings dialog's Test key, with the key commands use. Asks for the
    balance, which creates and charges nothing."""
    key = await asyncio.to_thread(secrets.readable_secret, secrets.KIE_KEY)
    if not key:
        raise Refusal(_NO_KEY_TO_TEST)
    register_secret(key)
    source = await asyncio.to_thread(_key_source)
    try:
        balance = await check_key(checked_key(key))
    except (NetworkError, AuthError) as error:
        return _key_test_failed(args, error, source)
    _key_reply(
        args,
        {"status": "ok", "balance": balance, "source": source},
        QT_TRANSLATE_NOOP("cli", "The key works: {balance} credits."),
        balance=shown_balance(balance),
    )
    return EXIT_OK


def _key_source() -> str | None:
    """Where the key commands use comes from, as :func:`secrets.get_secret` looks: the
    keyring, then KIE_API_KEY; None for neither."""
    try:
        stored = secrets.keyring_status().usable and secrets.stored_in_keyring(secrets.KIE_KEY)
    except KontextError:
        stored = False
    if stored:
        return "keyring"
    return "environment" if secrets.in_environment(secrets.KIE_KEY) else None


def _key_test_failed(args: argparse.Namespace, error: KontextError, source: str | None) -> int:
    """A test of the key that KIE refused, or could not make: what to do next is a command's
    (no Settings, no job to retry)."""
    if isinstance(error, ReplyCutError):  # KIE answered: the connection is there
        todo = translate("cli", "Test again in a moment.")
    elif isinstance(error, NetworkError):
        todo = translate("cli", "Check your internet connection and test again.")
    elif source == "keyring":
        todo = translate("cli", "`kontext-studio key set` stores a valid one in its place.")
    else:
        todo = translate(
            "cli", "Set a valid key in KIE_API_KEY, or store one with `kontext-studio key set`."
        )
    say(join_sentences(explain(error).message, todo))
    print_json_error(args, error)
    return EXIT_JOB_FAILED


# entry.INTERRUPTED_KEY (the --json line's words), marked for translation: lupdate reads literals.
_INTERRUPTED_KEY = QT_TRANSLATE_NOOP("cli", "Interrupted; the KIE API key was not changed.")
_INTERRUPTED_KEY_CHANGING = QT_TRANSLATE_NOOP(
    "cli",
    "Interrupted while the system keyring was being changed; `kontext-studio key status` says "
    "whether it holds a KIE API key.",
)
