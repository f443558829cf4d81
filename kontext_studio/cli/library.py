"""The library as a command opens it, and closes it: a damaged library file moved aside is
said, and so are the unfinished jobs of the other mode left alone, and the wait for a
generate request's answer as a session closes."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from kontext_studio.cli.output import say
from kontext_studio.cli.settings import LIBRARY_DIR, SESSION, tell_settings_ignored
from kontext_studio.cli.signals import STOPPED
from kontext_studio.config import Paths, read_settings
from kontext_studio.errors import KeyringUnavailableError, SecretDamagedError
from kontext_studio.i18n import QT_TRANSLATE_NOOP, grouped, translate
from kontext_studio.store.ledger import Ledger
from kontext_studio.store.upgrading import UPGRADING, UpgradeWaitStopped

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

    from kontext_studio.jobs.engine import JobEngine
    from kontext_studio.session import Session


def open_ledger() -> Ledger:
    with stop_ends_upgrade_wait():
        ledger = Ledger.open(
            Paths.from_env().ensure().database,
            upgrade_elsewhere=tell_upgrading,
            upgrade_wait_stopped=STOPPED,
        )
    tell_recovered(ledger)
    return ledger


@contextlib.contextmanager
def stop_ends_upgrade_wait() -> Iterator[None]:
    """A stop signal during the open's wait for another instance's upgrade ends the command
    as a second one does (KeyboardInterrupt), nothing written: before, the first was heard
    only once the wait, of up to 10 minutes, was over, and the command then ran on."""
    try:
        yield
    except UpgradeWaitStopped:
        raise KeyboardInterrupt from None


def tell_upgrading() -> None:
    """Another Kontext Studio is upgrading the library, which the command waits for: said,
    where it sat silent, then ended with "database is locked"."""
    say(translate("Errors", UPGRADING))


_UNLOCK_OR_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Nothing was sent. Unlock the keyring and run the command again; or set the key in "
    "KIE_API_KEY, or add --demo to run it on the demo server (no key, no real credits).",
)
_STORE_AGAIN_OR_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Nothing was sent. Store the key again with `kontext-studio key set` (it replaces the "
    "damaged entry) and run the command again; or add --demo to run it on the demo server "
    "(no key, no real credits).",
)
_RETRY_OR_DEMO = QT_TRANSLATE_NOOP(
    "Errors",
    "Nothing was sent. Run the command again; if the keyring still does not answer, restart "
    "its service (or log out and back in). Or set the key in KIE_API_KEY, or add --demo to "
    "run it on the demo server (no key, no real credits).",
)
""":data:`_UNLOCK_OR_DEMO` for a keyring that does not answer, which no unlock mends."""


def open_command_session(demo: bool, command: str) -> Session:
    """The session a command's jobs run in: demo mode with ``demo`` (--demo) or when no key
    is set; ``command`` its name, which the jobs' claim names while it holds it. A keyring
    that may hold the key but cannot be read now (locked, not answering) refuses the
    command (:class:`KeyringUnavailableError`), saying how to go on: before, it ran in demo
    mode, and a job asked of KIE became a simulated picture, exit 0.

    The keyring, the engine and the HTTP client are loaded here, not with this module: a
    command that only reads the library (``jobs``, ``jobs --search``) starts without them, a
    third sooner."""
    from kontext_studio import secrets
    from kontext_studio.session import open_session

    try:
        key = None if demo else secrets.readable_secret(secrets.KIE_KEY)
    except SecretDamagedError as error:
        raise error.advising(_STORE_AGAIN_OR_DEMO) from None
    except KeyringUnavailableError as error:
        raise error.advising(_RETRY_OR_DEMO if error.silent else _UNLOCK_OR_DEMO) from None
    with stop_ends_upgrade_wait():
        session = open_session(
            demo=demo or key is None,
            key=key,
            holder=command,
            opens_log=False,
            upgrade_elsewhere=tell_upgrading,
            upgrade_wait_stopped=STOPPED,
        )
    tell_settings_ignored(session.paths, session.settings_ignored, SESSION)
    return session


def tell_recovered(ledger: Ledger) -> None:
    """Say that the library was damaged, moved aside, and a new one started, with the
    artworks that could still be read from it (:attr:`Ledger.salvaged`)."""
    if ledger.recovered_from is None:
        return
    count = ledger.salvaged.artworks
    if count == 0:
        words = translate(
            "cli",
            "The library file was damaged: it was moved aside to {path} "
            "and a new, empty library was started.",
        )
    elif count == 1:
        words = translate(
            "cli",
            "The library file was damaged: it was moved aside to {path}, and a new library "
            "was started with the 1 artwork that could still be read from it.",
        )
    else:
        words = translate(
            "cli",
            "The library file was damaged: it was moved aside to {path}, and a new library "
            "was started with the {count} artworks that could still be read from it.",
        )
    say(words.format(path=ledger.recovered_from, count=count))


def library_folder(*, used: bool = True) -> Path:
    """Where new images go, as the settings choose it; the settings that could not be used
    said when the command ``used`` the folder: ``cancel``, which saves no image, gives it
    to its engine only, and uses no setting."""
    from kontext_studio.session import library_dir

    paths = Paths.from_env().ensure()
    settings, ignored = read_settings(paths)
    folder = library_dir(paths, settings, ignored)
    if used:
        tell_settings_ignored(paths, ignored, (LIBRARY_DIR,))
    return folder


_WAITS_FOR_ANSWER = QT_TRANSLATE_NOOP(
    "cli",
    "A job is being sent: this waits a moment for its answer (at most {seconds} s), so "
    "that the job is not left with an unknown outcome; Ctrl+C stops the wait.",
)


async def close_session(session: Session, args: argparse.Namespace) -> None:
    """Close the session; a generate request still out (the command was interrupted while
    it was sent) is given a moment to answer, and the person is told why it waits. The jobs
    the close left running go in ``args.left_jobs`` (``None`` until it has ended), whether
    they are demo jobs in ``args.left_demo``, whether they were left to the process that
    holds the library's claim (the window) in ``args.left_to_holder``, who that is, by
    its record, in ``args.left_holder``, and whether it waits for another command still
    running its own in ``args.left_holder_waits``: a Ctrl+C's words name them
    (:func:`kontext_studio.cli.run._left_words`)."""
    args.left_jobs, args.left_demo = None, session.demo
    if session.engine.sending:
        seconds = f"{session.engine.config.shutdown_grace_s:g}"
        say(translate("cli", _WAITS_FOR_ANSWER).format(seconds=seconds))
    await session.aclose()
    args.left_to_holder = session.engine.left_to_holder
    args.left_holder = session.engine.holder
    args.left_holder_waits = session.engine.holder_waits
    args.left_jobs = list(session.engine.left_unfinished)


def tell_other_mode(engine: JobEngine, demo_asked: bool) -> None:
    """Unfinished jobs of the other mode were left alone: say so, and how they carry on.
    ``demo_asked``: the command was given --demo; a demo session without it is one with no
    key set (:func:`open_command_session`), which is what keeps live jobs waiting then."""
    count = len(engine.other_mode_jobs)
    if not count:
        return
    if engine.config.simulated and not demo_asked:
        words = _KEY_MISSING_ONE if count == 1 else _KEY_MISSING
    elif engine.config.simulated:
        words = _DEMO_ASKED_ONE if count == 1 else _DEMO_ASKED
    else:
        words = _DEMO_JOBS_ONE if count == 1 else _DEMO_JOBS
    say(translate("cli", words).format(count=grouped(count)))


def waits_for_key(engine: JobEngine, demo_asked: bool) -> bool:
    """Whether jobs sent to KIE in live mode were left waiting only because no key is set
    (the command ran in demo mode without --demo): :func:`tell_other_mode` said so."""
    return bool(engine.other_mode_jobs) and engine.config.simulated and not demo_asked


_KEY_MISSING_ONE = QT_TRANSLATE_NOOP(
    "cli",
    "1 job sent to KIE in live mode was left waiting: no KIE API key is set, so this command "
    "ran in demo mode, which cannot follow it. Set your key with `kontext-studio key set` (or "
    "in KIE_API_KEY), then `kontext-studio resume` carries it on.",
)
_KEY_MISSING = QT_TRANSLATE_NOOP(
    "cli",
    "{count} jobs sent to KIE in live mode were left waiting: no KIE API key is set, so this "
    "command ran in demo mode, which cannot follow them. Set your key with `kontext-studio "
    "key set` (or in KIE_API_KEY), then `kontext-studio resume` carries them on.",
)
_DEMO_ASKED_ONE = QT_TRANSLATE_NOOP(
    "cli",
    "1 job sent to KIE in live mode was left waiting: demo mode cannot follow it. Run "
    "`kontext-studio resume` without --demo to carry it on.",
)
_DEMO_ASKED = QT_TRANSLATE_NOOP(
    "cli",
    "{count} jobs sent to KIE in live mode were left waiting: demo mode cannot follow them. "
    "Run `kontext-studio resume` without --demo to carry them on.",
)
_DEMO_JOBS_ONE = QT_TRANSLATE_NOOP(
    "cli",
    "1 job made in demo mode was left waiting: only `kontext-studio resume --demo` can finish it.",
)
_DEMO_JOBS = QT_TRANSLATE_NOOP(
    "cli",
    "{count} jobs made in demo mode were left waiting: only `kontext-studio resume --demo` "
    "can finish them.",
)
