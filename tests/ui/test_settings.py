"""The settings dialog: the key goes to the keyring and nowhere else, the keyring's state is
told, the key can be tested, and the defaults are saved and applied."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import errno
import gc
import json
import logging
import os
import re
import sys
import threading
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest
import shiboken6
from keyring.backends import fail
from PIL import Image
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import (
    QAccessible,
    QAction,
    QClipboard,
    QColor,
    QFont,
    QInputMethodEvent,
    QKeySequence,
    QPalette,
    QScreen,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QScrollBar,
    QStyle,
    QStyleOption,
    QWidget,
)

from kontext_studio import secrets
from kontext_studio.config import Paths, R2Settings, kie_key_recorded, load_settings, save_settings
from kontext_studio.errors import NetworkError, PublishNotSetUpError
from kontext_studio.explain import explain
from kontext_studio.publish import import_artworks, load_r2_config
from kontext_studio.session import Session, open_session
from kontext_studio.simulator import Simulator
from kontext_studio.simulator.config import CREDIT, Faults
from kontext_studio.ui import settings_dialog
from kontext_studio.ui.app import create_main_window
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.fit import FRAME_ROOM
from kontext_studio.ui.levels import text_height
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import BannerKind
from kontext_studio.ui.option_keys import letter_key
from kontext_studio.ui.page_tabs import page_key
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.settings_dialog import KEY_STORED, SettingsDialog
from tests.conftest import MemoryKeyring
from tests.fixtures import TEST_KEY, fast_schedule
from tests.ui.conftest import (
    a_turn,
    application_font,
    banner_messages,
    pasted,
    settled,
    until,
)

NEW_KEY = "kie-Zq7Rw2Xc9Lm4Vb8Nt1Ps6Hd3"
NEW_R2_SECRET = "r2-Yt5Gh8Jk2Lp9Qw3Er7Ty1Ui4"
OTHER_KEY = "kie-Hn4Kd8Pw2Xs6Qz1Vm5Rt9Bc7"
"""Another key than the window's (:data:`TEST_KEY`, KIE_API_KEY's) and the keyring's."""


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await create_main_window(session, bridge)
    await until(
        lambda: not made.credits.fetching and made.library.model.loaded and made.generate_tab.loaded
    )
    yield made
    made.close()
    await until(lambda: not bridge.busy)
    shiboken6.delete(made)


@contextlib.asynccontextmanager
async def window_of(session: Session) -> AsyncIterator[MainWindow]:
    """A window of its own on ``session`` (not the fixture's), closed with it."""
    window = await create_main_window(session)
    try:
        yield window
    finally:
        window.close()
        await window.bridge.aclose()
        await session.aclose()
        shiboken6.delete(window)


async def opened(window: MainWindow) -> SettingsDialog:
    dialog = window.open_settings()
    await until(lambda: dialog.secret_state is not None)
    return dialog


async def save(dialog: SettingsDialog) -> None:
    """Press Save and wait until the dialog has closed with it."""
    results: list[int] = []
    dialog.finished.connect(results.append)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: bool(results))
    assert results == [QDialog.DialogCode.Accepted.value]


def files_containing(folder: Path, needle: str) -> list[Path]:
    data = needle.encode()
    return [p for p in folder.rglob("*") if p.is_file() and data in p.read_bytes()]


async def r2_set_up(window: MainWindow, access_key_id: str) -> None:
    """The artist fills every R2 field, the secret NEW_R2_SECRET, and saves."""
    dialog = await opened(window)
    dialog.r2_endpoint.setText("http://127.0.0.1:9")
    dialog.r2_bucket.setText("art")
    dialog.r2_access_key_id.setText(access_key_id)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)


async def test_the_key_goes_to_the_keyring_and_nowhere_else(
    window: MainWindow, memory_keyring: MemoryKeyring, app_home: Path, session: Session
) -> None:
    dialog = await opened(window)
    assert dialog.isVisible()
    assert "works" in dialog.keyring_label.text()
    assert "MemoryKeyring" in dialog.keyring_label.text()
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.r2_bucket.setText("artworks")
    dialog.test_key()
    await until(lambda: "credits" in dialog.test_result.text())
    await save(dialog)

    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == NEW_R2_SECRET
    assert load_settings(session.paths).r2.bucket == "artworks"
    assert window.banner.isVisible() and window.banner.level() == "info"
    assert window.banner.action_button.text() == "Use the new key"

    window.close()  # writes the window layout file too
    for secret in (NEW_KEY, NEW_R2_SECRET):
        assert files_containing(app_home, secret) == []
    assert NEW_KEY not in window.banner.message() + window.banner.hint()


async def test_without_a_keyring_the_key_is_kept_for_this_session_only(
    window: MainWindow, app_home: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = await opened(window)
    assert dialog.session_only
    assert "session only" in dialog.keyring_label.text()
    assert "No system keyring" in dialog.keyring_label.text()

    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert secrets.get_secret(secrets.KIE_KEY) == NEW_KEY
    assert "session only" in window.banner.message()
    assert "KIE_API_KEY" in window.banner.hint()
    assert files_containing(app_home, NEW_KEY) == []


async def test_without_a_keyring_the_r2_secret_is_said_to_be_kept_for_this_session_only(
    window: MainWindow, app_home: Path
) -> None:
    """Before, the R2 page said "No secret stored yet." and Save said "Settings saved.": the
    artist learnt only after a restart, when publishing found no secret."""
    keyring.set_keyring(fail.Keyring())
    dialog = await opened(window)
    dialog.show_publishing_page()
    assert "session only" in dialog.r2_secret_status.text()
    assert "R2_SECRET_ACCESS_KEY" in dialog.r2_secret_status.text()

    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert secrets.get_secret(secrets.R2_SECRET) == NEW_R2_SECRET
    assert window.banner.isVisible()
    assert window.banner.message() == (
        "The system keyring did not take the R2 secret, so it is kept for this session only."
    )
    assert "R2_SECRET_ACCESS_KEY" in window.banner.hint()
    assert files_containing(app_home, NEW_R2_SECRET) == []


async def test_a_keyring_that_refuses_the_secrets_keeps_them_for_this_session_and_says_so(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A keyring that works for reading but refuses a write (a dismissed unlock prompt).
    Before, Save stopped with "Unlock the keyring, or keep the key for this session only"
    (nothing offered that), the settings file already written."""

    def refuse(service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed.")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert secrets.get_secret(secrets.KIE_KEY) == NEW_KEY
    assert secrets.get_secret(secrets.R2_SECRET) == NEW_R2_SECRET
    # Said once of both: before, "The system keyring did not take …" and "A restart forgets
    # it" came twice each, one after the other.
    assert window.banner.message() == (
        "The system keyring did not take the API key or the R2 secret, so both are kept for "
        "this session only."
    )
    # The keyring is there and refused: "set up a system keyring" fits only where there is none.
    assert window.banner.hint() == (
        "To keep them after a restart, unlock the system keyring (or allow Kontext Studio "
        "access when it asks) and save them again, or start Kontext Studio with KIE_API_KEY "
        "and R2_SECRET_ACCESS_KEY in the environment."
    )
    assert window.banner.action_button.text() == "Use the new key", "the switch the key needs"

    reopened = await opened(window)
    assert "session only" in reopened.key_status.text(), "not 'A key is set'"
    reopened.show_publishing_page()
    assert "session only" in reopened.r2_secret_status.text(), "not 'A secret is stored'"
    reopened.reject()


@pytest.mark.parametrize("secret", ["key", "r2"])
@pytest.mark.parametrize("keyring_is", ["locked", "silent"])
async def test_a_keyring_that_is_there_is_not_said_to_be_set_up(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    secret: str,
    keyring_is: str,
) -> None:
    """The keyring exists and refuses the secret saved (its unlock prompt dismissed at the
    write), or does not answer. Before, the banner ended "…or set up a system keyring",
    which only fits where there is none."""

    def refuse(*_: object) -> None:
        raise keyring.errors.KeyringLocked("Prompt dismissed")

    if keyring_is == "locked":
        monkeypatch.setattr(memory_keyring, "set_password", refuse)
    else:
        stop_answering(memory_keyring, monkeypatch)
    dialog = await opened(window)
    (dialog.key if secret == "key" else dialog.r2_secret).edit.setText(
        NEW_KEY if secret == "key" else NEW_R2_SECRET
    )
    await save(dialog)
    hint = window.banner.hint()
    assert "set up a system keyring" not in hint
    if keyring_is == "locked":
        assert "unlock the system keyring (or allow Kontext Studio access when it asks)" in hint
    else:
        assert "once the system keyring answers (restart its service" in hint


async def test_both_secrets_not_taken_for_different_causes_are_said_for_each(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring does not answer for the R2 secret saved (its write times out); at a later
    Save it refuses the key (its unlock prompt dismissed). Both are kept for this session,
    and the Keyring row names each cause: unlocking alone does not make it answer."""

    def failing(service: str, username: str, password: str) -> None:
        if username == secrets.KIE_KEY:
            raise keyring.errors.KeyringLocked("Prompt dismissed")
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    monkeypatch.setattr(memory_keyring, "set_password", failing)
    dialog = await opened(window)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert secrets.is_session_only(secrets.KIE_KEY)
    assert secrets.is_session_only(secrets.R2_SECRET)
    dialog = await opened(window)
    assert dialog.keyring_label.text().replace("\u200b", "") == (
        f"{type(memory_keyring).__module__}.MemoryKeyring: it did not take the API key you "
        "saved (it is locked, its unlock prompt was dismissed, or it refused). It did not "
        "answer when asked to store the R2 secret you saved. Both are kept for this session "
        "only. Unlock it, then save them again once it answers."
    )
    dialog.reject()


REFUSED_AS_LOCKED = (
    "it did not take {what} you saved (it is locked, its unlock prompt was dismissed, or it "
    "refused)."
)
NO_ANSWER = "it did not answer when asked to store {what} you saved."
NO_KEYRING_THEN = "no system keyring could be used when you saved {what}."
KEY_KEPT = "The API key is kept for this session only."
R2_KEPT = "The R2 secret is kept for this session only."
KEY_FROM_ENVIRONMENT = "The API key stays in use from the environment (KIE_API_KEY)."
AGAIN_IF_IT_ANSWERS = (
    "once the keyring answers (if it still does not, restart its service, or log out and back in)."
)


def refusing(memory_keyring: MemoryKeyring, why: str) -> Callable[[], None]:
    """The keyring as it was when a secret was saved: refusing it as locked, not answering,
    or none at all (:func:`secrets.why_refused`); the call that puts it back."""
    if why == secrets.NO_KEYRING:
        keyring.set_keyring(fail.Keyring())
        return lambda: keyring.set_keyring(memory_keyring)
    stored = memory_keyring.set_password

    def failing(*_: object) -> None:
        if why == secrets.KEYRING_REFUSED:
            raise keyring.errors.KeyringLocked("Prompt dismissed")
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    memory_keyring.set_password = failing  # type: ignore[method-assign]
    return lambda: setattr(memory_keyring, "set_password", stored)


def first(sentence: str, what: str) -> str:
    return sentence.format(what=what)


def later(sentence: str, what: str) -> str:
    return sentence[0].upper() + sentence[1:].format(what=what)


@pytest.mark.parametrize(
    ("key", "r2", "said"),
    [
        (
            secrets.KEYRING_REFUSED,
            "",
            [
                first(REFUSED_AS_LOCKED, "the API key"),
                KEY_KEPT,
                "Save it again once the keyring takes it.",
            ],
        ),
        (
            "",
            secrets.KEYRING_SILENT,
            [first(NO_ANSWER, "the R2 secret"), R2_KEPT, f"Save it again {AGAIN_IF_IT_ANSWERS}"],
        ),
        (
            secrets.NO_KEYRING,
            "",
            [first(NO_KEYRING_THEN, "the API key"), KEY_KEPT, "Save it again to store it there."],
        ),
        (
            "environment " + secrets.KEYRING_REFUSED,
            "",
            [
                first(REFUSED_AS_LOCKED, "the API key"),
                KEY_FROM_ENVIRONMENT,
                "Save it again once the keyring takes it.",
            ],
        ),
        (
            "environment " + secrets.NO_KEYRING,
            "",
            [
                first(NO_KEYRING_THEN, "the API key"),
                KEY_FROM_ENVIRONMENT,
                "Save it again to store it there.",
            ],
        ),
        (
            secrets.KEYRING_REFUSED,
            secrets.KEYRING_REFUSED,
            [
                first(REFUSED_AS_LOCKED, "the API key and the R2 secret"),
                "Both are kept for this session only.",
                "Save them again once the keyring takes them.",
            ],
        ),
        (
            secrets.KEYRING_SILENT,
            secrets.KEYRING_SILENT,
            [
                first(NO_ANSWER, "the API key and the R2 secret"),
                "Both are kept for this session only.",
                f"Save them again {AGAIN_IF_IT_ANSWERS}",
            ],
        ),
        (
            secrets.NO_KEYRING,
            secrets.NO_KEYRING,
            [
                first(NO_KEYRING_THEN, "the API key and the R2 secret"),
                "Both are kept for this session only.",
                "Save them again to store them there.",
            ],
        ),
        (
            secrets.KEYRING_REFUSED,
            secrets.KEYRING_SILENT,
            [
                first(REFUSED_AS_LOCKED, "the API key"),
                later(NO_ANSWER, "the R2 secret"),
                "Both are kept for this session only.",
                "Unlock it, then save them again once it answers.",
            ],
        ),
        (
            secrets.NO_KEYRING,
            secrets.KEYRING_REFUSED,
            [
                first(NO_KEYRING_THEN, "the API key"),
                later(REFUSED_AS_LOCKED, "the R2 secret"),
                "Both are kept for this session only.",
                "Unlock it, then save them again.",
            ],
        ),
        (
            secrets.NO_KEYRING,
            secrets.KEYRING_SILENT,
            [
                first(NO_KEYRING_THEN, "the API key"),
                later(NO_ANSWER, "the R2 secret"),
                "Both are kept for this session only.",
                "Save them again once the keyring answers (if it still does not, restart its "
                "service, or log out and back in).",
            ],
        ),
        (
            "environment " + secrets.KEYRING_SILENT,
            secrets.KEYRING_REFUSED,
            [
                first(NO_ANSWER, "the API key"),
                later(REFUSED_AS_LOCKED, "the R2 secret"),
                R2_KEPT,
                KEY_FROM_ENVIRONMENT,
                "Unlock it, then save them again once it answers.",
            ],
        ),
    ],
)
async def test_the_keyring_row_names_what_it_did_not_take_and_why_for_each(
    window: MainWindow, memory_keyring: MemoryKeyring, key: str, r2: str, said: list[str]
) -> None:
    """The keyring, which reads now, did not take the key, the R2 secret, or both, each for
    its cause then: refused (locked), no answer, or no keyring at all. Before, both were
    "a key or secret … so that one is kept", a cause left from a time without a keyring was
    said to be a lock ("Unlock it") or mixed into the other's words, and the key from
    KIE_API_KEY was said apart only when it was the only one."""
    if key:
        put_back = refusing(memory_keyring, key.removeprefix("environment "))
        in_use = key.startswith("environment ")
        secrets.set_secret(
            secrets.KIE_KEY, TEST_KEY if in_use else NEW_KEY, keep_refused=not in_use
        )
        put_back()
    if r2:
        put_back = refusing(memory_keyring, r2)
        secrets.set_secret(secrets.R2_SECRET, NEW_R2_SECRET)
        put_back()
    dialog = await opened(window)
    backend = f"{type(memory_keyring).__module__}.MemoryKeyring: "
    assert dialog.keyring_label.text().replace("\u200b", "") == backend + " ".join(said)
    assert dialog.keyring_label.objectName() == "warningText"
    dialog.reject()


async def test_a_stored_key_and_a_session_only_r2_secret_are_both_said(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review finding: the R2 note replaced the key's, and with it the switch the new key
    needs; and it said no keyring worked, though the keyring had just taken the key."""
    store = memory_keyring.set_password

    def refuse_r2(service: str, username: str, password: str) -> None:
        if username == secrets.R2_SECRET:
            raise keyring.errors.PasswordSetError("Prompt dismissed.")
        store(service, username, password)

    monkeypatch.setattr(memory_keyring, "set_password", refuse_r2)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert window.banner.message() == (
        "The API key was saved in the system keyring. "
        "The system keyring did not take the R2 secret, so it is kept for this session only."
    )
    assert window.banner.action_button.text() == "Use the new key", "the switch the key needs"
    assert "R2_SECRET_ACCESS_KEY" in window.banner.hint()


async def test_pasted_direction_controls_are_left_out_of_the_fields_and_the_secrets(
    window: MainWindow, memory_keyring: MemoryKeyring, session: Session
) -> None:
    """Words copied from the window carry the isolates it sets round a name (U+2068 …
    U+2069): pasted into a Settings field they were kept, unseen, in the bucket's name,
    and into the key or the R2 secret, in a key no server took. A field loses the isolates
    (one Ctrl+Z takes the paste back); a key, every direction control, none of which can
    be part of one."""
    fsi, pdi, lri, rlo, lrm = "\u2068", "\u2069", "\u2066", "\u202e", "\u200e"
    dialog = await opened(window)

    assert pasted(dialog.r2_bucket, f"{fsi}artworks{pdi}") == "artworks"
    QTest.keyClick(dialog.r2_bucket, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.r2_bucket.text() == ""
    assert pasted(dialog.r2_bucket, f"{fsi}artworks{pdi}") == "artworks"
    dialog.r2_prefix.clear()
    assert pasted(dialog.r2_prefix, f"{lri}2026/{pdi}") == "2026/"
    assert pasted(dialog.library_dir, f"{fsi}/tmp/art{pdi}") == "/tmp/art"
    assert pasted(dialog.r2_access_key_id, f"{rlo}AKIA{lrm}42{pdi}") == "AKIA42"
    assert pasted(dialog.key.edit, f"{fsi}{NEW_KEY[:9]}{rlo}{NEW_KEY[9:]}{lrm}{pdi}") == NEW_KEY
    assert pasted(dialog.r2_secret.edit, f"{lri}{NEW_R2_SECRET}{lrm}") == NEW_R2_SECRET
    await save(dialog)
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == NEW_R2_SECRET
    assert load_settings(session.paths).r2.bucket == "artworks"


async def test_zero_width_characters_are_left_out_of_the_keys(
    window: MainWindow, memory_keyring: MemoryKeyring, session: Session
) -> None:
    """A key copied from a web page may bring a zero-width space (U+200B), joiner or
    non-joiner (U+200D, U+200C), word joiner (U+2060) or byte order mark (U+FEFF) with it:
    kept in the key, unseen, no server took it. None is kept, pasted or put in by an input
    method; nor in an access key ID the settings file held, saved again."""
    zwsp, zwnj, zwj, wj, bom = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"
    dialog = await opened(window)

    assert pasted(dialog.key.edit, f"{bom}{NEW_KEY[:9]}{zwsp}{NEW_KEY[9:]}{wj}") == NEW_KEY
    committed = QInputMethodEvent()
    committed.setCommitString(zwnj)
    QApplication.sendEvent(dialog.key.edit, committed)
    assert dialog.key.edit.text() == NEW_KEY
    assert pasted(dialog.r2_secret.edit, f"{zwj}{NEW_R2_SECRET}{zwnj}") == NEW_R2_SECRET
    QTest.keyClicks(dialog.r2_access_key_id, "AK")
    QApplication.sendEvent(dialog.r2_access_key_id, committed)
    assert dialog.r2_access_key_id.text() == "AK"
    dialog.r2_access_key_id.setText(f"{zwsp}AKIA42 ")  # as an older version saved it
    assert pasted(dialog.r2_bucket, "artworks") == "artworks"
    await save(dialog)

    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == NEW_R2_SECRET
    assert load_settings(session.paths).r2.access_key_id == "AKIA42"


async def test_zero_width_characters_are_left_out_of_the_r2_fields(
    window: MainWindow, session: Session
) -> None:
    """A bucket's name copied from a web page with a zero-width space kept it, unseen: the
    bucket was refused as no bucket name, or not found. A paste into the endpoint, the
    bucket, the public base URL or the key prefix leaves out every zero-width character;
    one typed (an input method's) is kept as typed, and left out on Save but from the
    prefix, the artist's own words."""
    zwsp, zwnj, zwj, wj, bom = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"
    account = "0123456789abcdef0123456789abcdef"
    dialog = await opened(window)
    for edit in (dialog.r2_endpoint, dialog.r2_bucket, dialog.r2_public_base, dialog.r2_prefix):
        edit.clear()
    assert pasted(dialog.r2_endpoint, f"{bom}{account[:8]}{zwsp}{account[8:]}") == account
    assert pasted(dialog.r2_bucket, f"art{zwsp}works{wj}") == "artworks"
    public = "https://pub-0123.r2.dev"
    assert pasted(dialog.r2_public_base, f"{zwj}{public}{zwnj}") == public
    assert pasted(dialog.r2_prefix, f"{zwsp}2026/") == "2026/"
    committed = QInputMethodEvent()
    committed.setCommitString(zwsp)
    QApplication.sendEvent(dialog.r2_bucket, committed)
    assert dialog.r2_bucket.text() == f"artworks{zwsp}", "typed: kept as typed"
    joiner = QInputMethodEvent()
    joiner.setCommitString(zwnj)
    QApplication.sendEvent(dialog.r2_prefix, joiner)
    await save(dialog)

    r2 = load_settings(session.paths).r2
    assert (r2.endpoint, r2.bucket, r2.public_base_url, r2.key_prefix) == (
        account,
        "artworks",
        public,
        f"2026/{zwnj}",
    ), "a prefix keeps what was typed in it: a Persian word's non-joiner is part of it"


async def test_the_rest_of_a_key_pasted_after_its_start_typed_keeps_the_start(
    window: MainWindow, memory_keyring: MemoryKeyring
) -> None:
    """The start of a key typed, its rest pasted with the window's isolates round it: the
    clean-up took the paste back with Ctrl+Z, which in a hidden field clears it all (Qt
    keeps no steps of a password), and the key saved was the pasted half alone."""
    dialog = await opened(window)
    QTest.keyClicks(dialog.key.edit, NEW_KEY[:4])
    QApplication.clipboard().setText(f"\u2068{NEW_KEY[4:]}\u2069")
    QTest.keyClick(dialog.key.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.key.edit.text() == NEW_KEY
    await save(dialog)
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY


async def test_show_toggle_reveals_the_typed_key(window: MainWindow) -> None:
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    assert dialog.key.edit.displayText() != NEW_KEY
    dialog.key.toggle.click()
    assert dialog.key.edit.displayText() == NEW_KEY
    dialog.reject()


async def test_a_stored_key_is_never_read_back_into_the_form(
    window: MainWindow, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    dialog = await opened(window)
    assert dialog.key.text() == ""
    assert "A key is set" in dialog.key_status.text()
    assert dialog.forget_key.isEnabled()
    dialog.forget_key.click()
    await save(dialog)
    assert (secrets.SERVICE, secrets.KIE_KEY) not in memory_keyring.store


async def test_the_key_line_asking_for_a_key_says_one_typed_is_not_saved_yet(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, simulator: Simulator
) -> None:
    """ "No key yet: type one to generate with KIE." stayed under the field while a key was
    typed in it. Typed, the line says the key is not saved yet; cleared, it asks again."""
    monkeypatch.delenv("KIE_API_KEY")
    async with window_of(open_session(demo=True, schedule=fast_schedule())) as window:
        dialog = await opened(window)
        assert dialog.key_status.text() == "No key yet: type one to generate with KIE."
        QTest.keyClicks(dialog.key.edit, NEW_KEY[:3])
        assert dialog.key_status.text() == "This key is not saved yet: Save keeps it."
        dialog.key.edit.clear()
        assert dialog.key_status.text() == "No key yet: type one to generate with KIE."
        dialog.reject()


async def test_the_key_line_of_a_stored_key_says_one_typed_replaces_it_once_saved(
    window: MainWindow, memory_keyring: MemoryKeyring
) -> None:
    """ "A key is set. Type a new one to replace it." stayed while the new one was typed."""
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    dialog = await opened(window)
    assert dialog.key_status.text() == "A key is set. Type a new one to replace it."
    assert pasted(dialog.key.edit, OTHER_KEY) == OTHER_KEY
    assert dialog.key_status.text() == (
        "This key is not saved yet: Save puts it in place of the stored one."
    )
    dialog.key.edit.clear()
    assert dialog.key_status.text() == "A key is set. Type a new one to replace it."
    dialog.reject()


async def test_a_key_from_the_environment_is_named_so_and_not_offered_for_removal(
    window: MainWindow,
) -> None:
    """With KIE_API_KEY set and nothing in the keyring, the page said "A key is set" and
    offered "Remove stored key", whose Save then said "The API key was removed." while
    the key in the environment stayed in use."""
    assert secrets.in_environment(secrets.KIE_KEY)
    dialog = await opened(window)
    assert "KIE_API_KEY" in dialog.key_status.text()
    assert "environment" in dialog.key_status.text()
    assert not dialog.forget_key.isEnabled()
    dialog.reject()


async def test_an_r2_secret_from_the_environment_is_not_said_to_be_stored(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With R2_SECRET_ACCESS_KEY set (as the README offers) and no keyring holding a
    secret, the publishing page said "A secret is stored.": nothing was."""
    monkeypatch.setenv("R2_SECRET_ACCESS_KEY", NEW_R2_SECRET)
    dialog = await opened(window)
    dialog.show_publishing_page()
    words = dialog.r2_secret_status.text()
    assert "stored" not in words
    assert "R2_SECRET_ACCESS_KEY" in words and "environment" in words
    dialog.reject()


async def test_testing_a_rejected_key_explains_what_to_do(window: MainWindow) -> None:
    """Said in Settings, where the key is typed: before, "Open Settings and enter a valid
    KIE API key", to an artist who had Settings open."""
    dialog = await opened(window)
    dialog.key.edit.setText("invalid-key")
    dialog.test_key()
    await until(lambda: dialog.test_button.isEnabled() and dialog.test_result.text())
    assert dialog.test_result.text() == (
        "KIE rejected the API key.\n"
        "Copy the API key from your account on kie.ai, paste it here and test again."
    )
    assert dialog.test_result.property("level") == "error"

    dialog.key.edit.setText(TEST_KEY)
    dialog.test_key()
    await until(lambda: "works" in dialog.test_result.text())
    assert "1,000 credits" in dialog.test_result.text()
    dialog.reject()


def shown_box(dialog: SettingsDialog) -> QMessageBox:
    """The one question open over ``dialog``."""
    (box,) = [box for box in dialog.findChildren(QMessageBox) if box.isVisible()]
    return box


async def rejected_by_test(dialog: SettingsDialog, simulator: Simulator, key: str) -> None:
    """``key`` typed and tested: KIE rejects it (it takes no key but :data:`TEST_KEY`)."""
    simulator.update(api_key=TEST_KEY)
    dialog.key.edit.setText(key)
    dialog.test_key()
    await until(lambda: dialog.test_button.isEnabled() and "rejected" in dialog.test_result.text())


async def test_saving_a_key_the_last_test_rejected_asks_first(
    window: MainWindow, memory_keyring: MemoryKeyring, simulator: Simulator
) -> None:
    """Before: a mistyped key, Test key said KIE rejected it, and Save stored it all the
    same, said "The API key was saved in the system keyring" and offered to switch to live
    mode, where the first job failed. Now Save asks first, Cancel the default: cancelled,
    nothing is saved and Settings stays open to correct the key."""
    dialog = await opened(window)
    await rejected_by_test(dialog, simulator, "mistyped-key-0123456789")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    box = shown_box(dialog)
    assert box.text() == "KIE rejected this API key when you tested it. Save it anyway?"
    assert box.informativeText() == (
        "Jobs sent with it would be refused. Copy the API key from your account on kie.ai, "
        "paste it here and test again."
    )
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: not box.isVisible())
    assert dialog.isVisible()
    assert memory_keyring.store == {}
    assert window.banner.shown() == []

    dialog.key.edit.setText(NEW_KEY)  # corrected: not the key the test rejected
    await save(dialog)
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY


async def test_a_key_the_last_test_rejected_is_saved_when_the_artist_says_so(
    window: MainWindow, memory_keyring: MemoryKeyring, simulator: Simulator
) -> None:
    """Save anyway saves it (a key KIE has not enabled yet, say), and nothing else asks."""
    dialog = await opened(window)
    await rejected_by_test(dialog, simulator, "mistyped-key-0123456789")
    results: list[int] = []
    dialog.finished.connect(results.append)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    box = shown_box(dialog)
    (anyway,) = [
        button
        for button in box.buttons()
        if box.buttonRole(button) is QMessageBox.ButtonRole.AcceptRole
    ]
    assert anyway.text() == "&Save anyway"
    anyway.click()
    await until(lambda: bool(results))
    assert results == [QDialog.DialogCode.Accepted.value]
    stored = memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)]
    assert stored == "mistyped-key-0123456789"


async def test_save_pressed_while_the_key_is_tested_waits_for_its_answer(
    window: MainWindow, memory_keyring: MemoryKeyring, simulator: Simulator
) -> None:
    """Test key, then Save at once: before, the key was saved before KIE answered, the
    dialog closed with the answer unseen, and the window offered to switch to a key KIE
    rejected. Now Save waits for the answer of the test of that key, and asks first."""
    dialog = await opened(window)
    simulator.update(api_key=TEST_KEY)
    dialog.key.edit.setText("mistyped-key-0123456789")
    dialog.test_key()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: "rejected" in dialog.test_result.text())
    await until(lambda: any(box.isVisible() for box in dialog.findChildren(QMessageBox)))
    box = shown_box(dialog)
    assert box.text() == "KIE rejected this API key when you tested it. Save it anyway?"
    assert dialog.isVisible()
    assert memory_keyring.store == {}
    box.button(QMessageBox.StandardButton.Cancel).click()


async def test_save_pressed_while_the_key_is_tested_shows_that_it_waits(
    window: MainWindow, memory_keyring: MemoryKeyring, simulator: Simulator
) -> None:
    """Save pressed while Test key runs: before, Save stayed pressable and only "Asking
    KIE…" was shown, as if Save had done nothing. Now the status line says the save waits,
    Save is greyed (Cancel still cancels), and Save comes back with KIE's answer."""
    dialog = await opened(window)
    simulator.update(api_key=TEST_KEY)
    dialog.key.edit.setText("mistyped-key-0123456789")
    dialog.test_key()
    save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.click()
    assert dialog.test_result.text() == "Asking KIE… Saving once KIE answers."
    assert not save_button.isEnabled()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).isEnabled()
    await until(lambda: any(box.isVisible() for box in dialog.findChildren(QMessageBox)))
    assert "rejected" in dialog.test_result.text()
    assert save_button.isEnabled()
    shown_box(dialog).button(QMessageBox.StandardButton.Cancel).click()


async def test_editing_the_key_while_save_waits_for_its_test_stops_the_wait(
    window: MainWindow, memory_keyring: MemoryKeyring, simulator: Simulator
) -> None:
    """The key edited while Save waits for the answer about it: that answer is not about
    the key now typed, so nothing is saved by itself; Save is pressable again."""
    dialog = await opened(window)
    simulator.update(api_key=TEST_KEY)
    dialog.key.edit.setText(TEST_KEY)
    dialog.test_key()
    save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.click()
    dialog.key.edit.setText(NEW_KEY)
    assert save_button.isEnabled()
    await until(lambda: dialog.test_button.isEnabled())
    assert dialog.isVisible()
    assert memory_keyring.store == {}


async def test_save_pressed_while_a_key_that_works_is_tested_saves_it(
    window: MainWindow, memory_keyring: MemoryKeyring, simulator: Simulator
) -> None:
    """The test of the key typed, pressed just before Save, says it works: saved, asking
    nothing."""
    dialog = await opened(window)
    simulator.update(api_key=TEST_KEY)
    dialog.key.edit.setText(TEST_KEY)
    dialog.test_key()
    await save(dialog)
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == TEST_KEY


async def test_a_key_rejected_before_the_last_test_still_asks(
    window: MainWindow, memory_keyring: MemoryKeyring, simulator: Simulator
) -> None:
    """A key KIE rejected, edited and tested again (rejected too), then put back as it was
    (Undo): before, only the last key tested was remembered, and the first was saved
    without a word though KIE had rejected it too."""
    dialog = await opened(window)
    await rejected_by_test(dialog, simulator, "mistyped-key-0123456789")
    await rejected_by_test(dialog, simulator, "mistyped-key-012345678")
    dialog.key.edit.setText("mistyped-key-0123456789")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    box = shown_box(dialog)
    assert box.text() == "KIE rejected this API key when you tested it. Save it anyway?"
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: not box.isVisible())
    assert memory_keyring.store == {}


async def test_a_key_test_without_a_connection_says_to_test_again(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the generic "then retry": a key test has no job to retry."""

    async def unreachable(_key: str) -> float:
        raise NetworkError("credits: KIE could not be reached (ConnectError)")

    monkeypatch.setattr(settings_dialog, "check_key", unreachable)
    dialog = await opened(window)
    dialog.key.edit.setText(TEST_KEY)
    dialog.test_key()
    await until(lambda: dialog.test_button.isEnabled() and bool(dialog.test_result.text()))
    assert dialog.test_result.text().startswith("KIE cannot be reached.")
    assert dialog.test_result.text().endswith("Check your internet connection and test again.")
    dialog.reject()


async def test_a_key_test_whose_answer_was_cut_says_so_and_to_test_again(
    window: MainWindow, simulator: Simulator
) -> None:
    """KIE (the demo server here) began its answer to the balance, then cut it. Before, the
    test said to check the internet connection, which had just reached KIE."""
    simulator.update(faults=Faults(truncate=1.0, endpoints=frozenset({CREDIT})))
    dialog = await opened(window)
    dialog.key.edit.setText(TEST_KEY)
    dialog.test_key()
    await until(lambda: dialog.test_button.isEnabled() and bool(dialog.test_result.text()))
    said = dialog.test_result.text()
    assert said.startswith("KIE’s answer stopped before it was complete.")
    assert said.endswith("\nTest again in a moment.")
    assert "internet connection" not in said
    dialog.reject()


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("bad key with spaces", "cannot be sent"),
        ("k3y", "too short: check that all of it was pasted"),  # a paste cut short
        # Copied from a .env or JSON line: saved, it was sent with its quotes, and KIE said
        # only that it rejected the key, whose quotes the hidden field did not show.
        ('"0123456789abcdef0123456789abcdef"', "is in quotes: paste it without them"),
        ("“0123456789abcdef0123456789abcdef”", "is in quotes: paste it without them"),
        # A .env file's line: saved whole, with the variable's name, and every job was
        # refused by KIE (401).
        ("KIE_API_KEY=0123456789abcdef0123456789abcdef", "starts with the name of a variable"),
        ("export KIE_API_KEY=0123456789abcdef", "give the key alone, without it"),
        ("k" * 4097, "far longer than any key"),  # a paste of a whole file: saved whole
    ],
)
async def test_a_key_that_cannot_be_sent_is_refused_before_saving(
    window: MainWindow, memory_keyring: MemoryKeyring, key: str, words: str
) -> None:
    dialog = await opened(window)
    dialog.key.edit.setText(key)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.save_error.isVisibleTo(dialog)
    assert words in dialog.save_error.text()
    assert dialog.isVisible()
    assert memory_keyring.store == {}
    dialog.reject()


async def test_a_key_that_cannot_be_sent_is_not_called_a_request(window: MainWindow) -> None:
    """Before, Test key and Save said "The request is not valid. The KIE API key contains
    characters that cannot be sent. Correct it and try again.": nothing had been requested,
    and the artist was left to guess what "it" was (`key set` says it of the key)."""
    dialog = await opened(window)
    dialog.key.edit.setText("bad key with spaces")
    said = (
        "The KIE API key contains characters that cannot be sent.\n"
        "Copy the API key from your account on kie.ai, paste it here and test again."
    )
    dialog.test_key()
    await until(lambda: dialog.test_button.isEnabled() and bool(dialog.test_result.text()))
    assert dialog.test_result.text() == said
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.save_error.text() == said
    dialog.reject()


@pytest.mark.parametrize("kind", ["unknown_home", "relative", "a_file", "unplugged_drive"])
async def test_a_library_folder_new_images_cannot_go_to_is_refused_on_its_page(
    window: MainWindow, session: Session, tmp_path: Path, kind: str
) -> None:
    """Before, Settings saved any text; the next start fell back to the default folder."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    text = {
        "unknown_home": "~kontext-no-such-user-7f3a/art",
        "relative": "art/kontext",
        "a_file": str(a_file / "art"),
        "unplugged_drive": str(tmp_path / "media" / "usb-drive" / "art"),
    }[kind]
    dialog = await opened(window)
    dialog.tabs.setCurrentIndex(0)
    dialog.library_dir.setText(text)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog))
    assert dialog.save_error.text().startswith("A folder Kontext Studio needs cannot be used.")
    assert dialog.tabs.currentWidget() is dialog.library_page
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert not session.paths.settings_file.exists()
    assert not (tmp_path / "media").exists()  # no mount point made on the system disk
    dialog.reject()


@pytest.mark.parametrize(
    ("kind", "words", "hint"),
    [
        ("a_file", "it is a file, not a folder", "Check that the folder named here exists"),
        ("disk_full", "the disk is full", "Free disk space or choose another folder."),
    ],
)
async def test_a_library_folder_that_cannot_be_made_says_why_in_words(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    words: str,
    hint: str,
) -> None:
    """Not the system's "File exists" or "No space left on device"; the page is shown."""
    folder = tmp_path / "art"
    if kind == "a_file":
        folder.write_text("not a folder")
    else:
        make = Path.mkdir

        def full_disk(path: Path, *args: Any, **kwargs: Any) -> None:
            if path == folder:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            make(path, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", full_disk)
    dialog = await opened(window)
    dialog.tabs.setCurrentIndex(0)
    dialog.library_dir.setText(str(folder))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog))
    assert f"cannot use the folder {folder}: {words}" in dialog.save_error.text()
    assert hint in dialog.save_error.text()
    assert "File exists" not in dialog.save_error.text()
    assert dialog.tabs.currentWidget() is dialog.library_page
    dialog.reject()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("r2_bucket", "My-Art", "My-Art is not a bucket name"),
        ("r2_endpoint", "ftp://files.example.com", "endpoint must be an http(s) URL"),
        ("r2_public_base", "pub-1234.r2.dev", "must start with http:// or https://"),
        ("r2_public_base", "https://", "public base URL names no host"),
    ],
)
async def test_r2_values_that_could_never_work_are_said_before_anything_is_saved(
    window: MainWindow, session: Session, field: str, value: str, words: str
) -> None:
    """Before: saved without a word; only Test connection or the first publish refused."""
    dialog = await opened(window)
    dialog.tabs.setCurrentIndex(0)
    getattr(dialog, field).setText(value)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog))
    assert "These R2 settings cannot work" in dialog.save_error.text()
    assert words in dialog.save_error.text()
    assert dialog.tabs.currentWidget() is dialog.r2_page
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert not session.paths.settings_file.exists()
    dialog.reject()


async def test_a_settings_file_set_read_only_is_kept_and_named_on_save(
    window: MainWindow, session: Session
) -> None:
    """Before: a settings.json set read-only (chmod 444) in a folder that takes new files
    was replaced on Save without a word, and came back writable. Now Save names the file,
    says how to allow changes, and the dialog stays open with the file as it was."""
    target = session.paths.settings_file
    target.write_text(json.dumps({"safety_tolerance": 2}), encoding="utf-8")
    target.chmod(0o444)
    dialog = await opened(window)
    dialog.safety.setValue(5)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog))
    assert f"{target} cannot be replaced: the file is read-only" in dialog.save_error.text()
    assert "turn off its read-only setting" in dialog.save_error.text()
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert json.loads(target.read_text(encoding="utf-8")) == {"safety_tolerance": 2}
    assert target.stat().st_mode & 0o777 == 0o444
    dialog.reject()


async def test_a_settings_file_linked_to_no_file_is_named_on_save(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """A settings.json linked from a dotfiles repository whose file was moved: Save says
    which link leads nowhere and what to do, the dialog stays open, the link stays."""
    target = session.paths.settings_file
    gone = tmp_path / "dotfiles" / "settings.json"
    target.symlink_to(gone)
    dialog = await opened(window)
    dialog.safety.setValue(5)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog))
    assert f"{target} is a link to {gone}, where there is no file" in dialog.save_error.text()
    assert "delete the link" in dialog.save_error.text()
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert target.is_symlink() and not gone.exists()
    dialog.reject()


def fill_the_disk_under_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the settings file fails as on a full disk (ENOSPC as its bytes are synced);
    every other file is written."""
    sync = os.fsync

    def fsync(fd: int) -> None:
        if ".settings.json." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        sync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


OLDER_R2_SECRET = "r2-older-secret-0123456789"


@pytest.mark.parametrize("older", [OLDER_R2_SECRET, None])
async def test_a_full_disk_on_save_puts_the_r2_secret_back_and_says_nothing_changed(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    app_home: Path,
    caplog: pytest.LogCaptureFixture,
    older: str | None,
) -> None:
    """The R2 secret is stored before the settings file is written. Before, a full disk
    then left the new secret in the keyring beside the access key ID saved before, and
    publishing failed with R2's signature error; Save said only that the settings could not
    be saved. Now the older secret is put back (the new one removed where there was none),
    and Save says that nothing was changed, and to free some space."""
    if older:
        memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, older)
    session.settings = session.settings.with_changes(
        r2=replace(session.settings.r2, access_key_id="OLDAKID")
    )
    save_settings(session.paths, session.settings)
    fill_the_disk_under_settings(monkeypatch)
    dialog = await opened(window)
    dialog.r2_access_key_id.setText("NEWAKID")
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog) and dialog.buttons.isEnabled())
    assert dialog.save_error.text() == (
        "Nothing was changed. The settings could not be saved: the disk they are on is full.\n"
        f"Free some space on that disk ({session.paths.settings_file.parent}), then save again."
    )
    assert memory_keyring.store.get((secrets.SERVICE, secrets.R2_SECRET)) == older
    assert secrets.get_secret(secrets.R2_SECRET) == older
    assert load_settings(session.paths).r2.access_key_id == "OLDAKID"
    assert dialog.isVisible()
    dialog.reject()
    assert NEW_R2_SECRET not in caplog.text
    assert files_containing(app_home, NEW_R2_SECRET) == []


async def test_a_full_disk_on_save_over_a_damaged_r2_entry_says_the_entry_was_removed(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The keyring holds a damaged entry for the R2 secret; the new secret typed replaces it,
    then the settings file cannot be written (a full disk), and the new secret is taken back
    out: the damaged entry cannot be written back. Before, Save said "Nothing was changed."
    of the entry it had just removed."""
    memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] = b"\xff\xfe\x80"  # type: ignore[assignment]
    fill_the_disk_under_settings(monkeypatch)
    dialog = await opened(window)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog) and dialog.buttons.isEnabled())
    assert (secrets.SERVICE, secrets.R2_SECRET) not in memory_keyring.store
    assert dialog.save_error.text() == (
        "The settings could not be saved: the disk they are on is full. The R2 secret's "
        "damaged entry in the system keyring was removed; the rest is unchanged.\n"
        f"Free some space on that disk ({session.paths.settings_file.parent}), then save again."
    )
    dialog.reject()


async def test_a_failed_save_puts_back_the_refused_r2_secret_with_the_keyring_s_warning(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring refused an R2 secret, kept for this session, which the Keyring row says.
    A later Save's new secret is taken, then the settings file cannot be written (a full
    disk): the session's secret is put back. Before, the row said "works. Keys are stored
    there, nowhere else." beside that secret kept for this session only."""
    store = memory_keyring.set_password

    def refuse(*_: object) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed.")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    dialog.r2_secret.edit.setText(OLDER_R2_SECRET)
    await save(dialog)
    monkeypatch.setattr(memory_keyring, "set_password", store)
    fill_the_disk_under_settings(monkeypatch)
    dialog = await opened(window)
    assert "kept for this session only" in dialog.keyring_label.text()
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog) and dialog.buttons.isEnabled())
    assert secrets.get_secret(secrets.R2_SECRET) == OLDER_R2_SECRET
    dialog.reject()

    dialog = await opened(window)
    assert "works" not in dialog.keyring_label.text()
    assert "kept for this session only" in dialog.keyring_label.text()
    dialog.reject()


async def test_a_session_secret_saved_onto_a_full_disk_is_not_kept_either(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No keyring works: the secret typed would be kept for this session. The settings file
    cannot be written (a full disk): nothing was changed, so the secret is not kept for the
    session either, where it would have published beside the access key ID saved before."""
    keyring.set_keyring(fail.Keyring())
    fill_the_disk_under_settings(monkeypatch)
    dialog = await opened(window)
    dialog.r2_access_key_id.setText("NEWAKID")
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog) and dialog.buttons.isEnabled())
    assert dialog.save_error.text().startswith("Nothing was changed.")
    assert secrets.get_secret(secrets.R2_SECRET) is None
    dialog.reject()


async def saved_on_a_full_disk(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    put_back: Exception,
) -> SettingsDialog:
    """Settings saved with a new R2 secret, over an older one in the keyring, on a disk full
    under the settings file: the keyring takes the new secret, then fails with ``put_back``
    when asked to take the older one back. The dialog, its error shown."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, OLDER_R2_SECRET)
    fill_the_disk_under_settings(monkeypatch)
    stores = memory_keyring.set_password

    def once(service: str, username: str, password: str) -> None:
        if password != NEW_R2_SECRET:
            raise put_back
        stores(service, username, password)

    monkeypatch.setattr(memory_keyring, "set_password", once)
    dialog = await opened(window)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog) and dialog.buttons.isEnabled())
    return dialog


async def test_a_secret_the_keyring_will_not_put_back_after_a_full_disk_is_said_so(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    app_home: Path,
) -> None:
    """The disk is full under the settings file, and the keyring, which took the new R2
    secret, refuses to take the older one back (locked since): said as it is, the keyring
    holding the new secret beside the R2 settings saved before."""
    dialog = await saved_on_a_full_disk(
        window,
        memory_keyring,
        monkeypatch,
        keyring.errors.KeyringLocked("Failed to unlock the collection!"),
    )
    assert dialog.save_error.text() == (
        "The settings could not be saved: the disk they are on is full. The system keyring "
        "refused to take the new R2 secret back out, so it holds that secret beside the R2 "
        "settings saved before: publishing may be refused until they are saved with it. The "
        "rest is unchanged.\n"
        f"Free some space on that disk ({session.paths.settings_file.parent}), then save again."
    )
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == NEW_R2_SECRET
    assert NEW_R2_SECRET not in dialog.save_error.text()
    dialog.reject()
    assert files_containing(app_home, NEW_R2_SECRET) == []


async def test_a_secret_the_keyring_does_not_answer_to_put_back_is_not_said_refused(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The disk is full under the settings file, and the keyring, which took the new R2
    secret, does not answer when asked to take the older one back (its write times out).
    Before, it was said to have refused, and to hold the new secret: it may or may not."""
    dialog = await saved_on_a_full_disk(
        window,
        memory_keyring,
        monkeypatch,
        RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply"),
    )
    assert dialog.save_error.text() == (
        "The settings could not be saved: the disk they are on is full. The system keyring "
        "did not answer when asked to take the new R2 secret back out, so it may hold that "
        "secret beside the R2 settings saved before: publishing may be refused until they are "
        "saved with it. The rest is unchanged.\n"
        f"Free some space on that disk ({session.paths.settings_file.parent}), then save again."
    )
    dialog.reject()


async def test_a_full_disk_after_a_dismissed_prompt_does_not_lose_the_older_r2_secret(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The keyring, locked, asks to be unlocked as Save reads the R2 secret it holds; the
    artist dismisses that prompt. The disk is full under the settings file. Before, the
    keyring was asked again, the artist unlocked it then, and the older secret, not read,
    was taken for none (the keyring left with no R2 secret at all). Now it is not asked
    again in that Save (:func:`secrets.one_ask_per_save`): the older secret stays, and
    nothing was changed, as Save says."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, OLDER_R2_SECRET)
    fill_the_disk_under_settings(monkeypatch)
    dialog = await opened(window)
    reads = memory_keyring.get_password
    dismissed: list[str] = []

    def dismissed_once(service: str, username: str) -> str | None:
        if username == secrets.R2_SECRET and not dismissed:
            dismissed.append(username)
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        return reads(service, username)

    monkeypatch.setattr(memory_keyring, "get_password", dismissed_once)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog) and dialog.buttons.isEnabled())
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == OLDER_R2_SECRET
    assert dismissed == [secrets.R2_SECRET]
    assert dialog.save_error.text().startswith("Nothing was changed.")
    dialog.reject()


async def test_saving_over_a_settings_file_that_could_not_be_read_says_where_it_was_kept(
    window: MainWindow, session: Session
) -> None:
    """Before: the start said the settings could not be used, and Save then replaced the
    file without keeping anything of it, so what the artist had set there by hand was gone.
    Now Save keeps it beside the new one and the window says where, in place of the start's
    banner."""
    target = session.paths.settings_file
    target.write_text('{"library_dir": "/art", "default_ratio": "9:16",', encoding="utf-8")
    window.tell_settings_ignored([target.name])
    dialog = await opened(window)
    dialog.safety.setValue(5)
    await save(dialog)
    (kept,) = target.parent.glob("settings.json.damaged-*")
    assert kept.read_text(encoding="utf-8").startswith('{"library_dir": "/art"')
    assert load_settings(session.paths).safety_tolerance == 5
    assert window.banner.message() == (
        f"Settings saved. The settings file they replaced could not be read: it was kept as {kept}."
    )
    assert window.banner.hint() == (
        "Open it in a text editor to find anything you had set there by hand."
    )


async def test_r2_values_an_older_version_saved_do_not_keep_other_settings_from_saving(
    window: MainWindow, session: Session
) -> None:
    """Before: a bucket an older version saved as "My-Art" refused every Save (a new default
    model, a language) until the R2 page was corrected."""
    session.settings = replace(session.settings, r2=R2Settings(bucket="My-Art"))
    dialog = await opened(window)
    dialog.model.setCurrentIndex(dialog.model.findData("flux-kontext-max"))
    await save(dialog)
    saved = load_settings(session.paths)
    assert saved.default_model == "flux-kontext-max"
    assert saved.r2.bucket == "My-Art", "left as it was: publishing says what is wrong"


async def test_each_library_setting_says_under_it_what_it_does(window: MainWindow) -> None:
    """Before, one note under "Give up waiting after" told where finished images are saved,
    and nothing said what the time-out waits for: it read as the time-out's own words."""
    dialog = await opened(window)
    dialog.tabs.setCurrentWidget(dialog.library_page)
    form = dialog.library_page.layout()
    assert isinstance(form, QFormLayout)

    def hint_under(field: QWidget) -> str:
        row, _role = form.getWidgetPosition(field)
        if row < 0:  # the folder's row is a layout (the field and Browse…)
            row = next(
                r
                for r in range(form.rowCount())
                if (item := form.itemAt(r, QFormLayout.ItemRole.FieldRole)) is not None
                and item.layout() is not None
                and item.layout().indexOf(field) >= 0
            )
        below = form.itemAt(row + 1, QFormLayout.ItemRole.FieldRole)
        assert below is not None and isinstance(below.widget(), QLabel), row
        label = below.widget()
        assert isinstance(label, QLabel) and label.isVisibleTo(dialog)
        return label.text()

    folder = hint_under(dialog.library_dir)
    assert folder.startswith("Where finished images are saved."), folder
    time_out = hint_under(dialog.poll_timeout)
    assert "timed out" in time_out and "Retry" in time_out, time_out
    assert "Where finished images" not in time_out
    dialog.reject()


async def test_the_time_out_is_as_wide_as_its_number_as_the_safety_tolerance_is(
    window: MainWindow,
) -> None:
    """Before, "Give up waiting after [600 s]" stretched across the dialog, a field of a
    few digits as wide as the library folder's path; the Defaults page's Safety tolerance
    is as wide as its number. Both now are, and show their number whole."""
    dialog = await opened(window)
    dialog.resize(900, dialog.height())
    for page, field in ((dialog.library_page, dialog.poll_timeout), (1, dialog.safety)):
        if isinstance(page, int):
            dialog.tabs.setCurrentIndex(page)
        else:
            dialog.tabs.setCurrentWidget(page)
        await until(field.isVisible)
        await until(lambda field=field: field.width() == field.sizeHint().width())
    assert dialog.poll_timeout.width() < dialog.library_dir.width() / 2
    dialog.reject()


async def test_the_drop_downs_are_as_wide_as_their_longest_choice(window: MainWindow) -> None:
    """Before, Model, Aspect ratio, Output format and Language stretched across the whole
    dialog ("1:1" at the left of a box as wide as the library folder's path): the form grows
    every field it can. Each is now as wide as its longest choice, as in a native dialog,
    and the fields that hold a URL, a name or a key still take the width there is."""
    dialog = await opened(window)
    dialog.resize(900, dialog.height())
    for combo in (dialog.model, dialog.ratio, dialog.format, dialog.language):
        dialog.tabs.setCurrentWidget(combo.parentWidget())
        await until(combo.isVisible)
        await settled(dialog)
        assert combo.width() == combo.sizeHint().width(), combo.currentText()
        widest = max(
            combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
        )
        assert combo.width() > widest, "every choice is shown whole"
    dialog.tabs.setCurrentWidget(dialog.r2_page)
    await until(dialog.r2_endpoint.isVisible)
    for edit in (dialog.r2_endpoint, dialog.r2_bucket, dialog.r2_secret.edit):
        assert edit.width() > dialog.width() / 2
    dialog.reject()


def wrapped_labels(page: QWidget) -> list[QLabel]:
    """The notes and statuses of ``page`` shown, with words in them."""
    return [
        label
        for label in page.findChildren(QLabel)
        if label.wordWrap() and label.isVisible() and label.text()
    ]


async def test_each_note_is_as_tall_as_its_lines_at_any_size(window: MainWindow) -> None:
    """Before, a note under a field (the Library page's two, "Looking for a stored key…")
    was given the height of its lines at a narrower width than it had, twice what it needed,
    its words centred in it: a gap above it and another under it. Each note now has the
    height of its lines, at the dialog's size and at its least, in every page."""
    dialog = await opened(window)
    checked = set()
    for size in (dialog.size(), dialog.minimumSize()):
        dialog.resize(size)
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            page = dialog.tabs.widget(index)
            await until(page.isVisible)
            await settled(dialog)
            for label in wrapped_labels(page):
                lines = max(text_height(label), getattr(label, "least_height", 0))
                assert label.height() == lines, (size, label.text())
                checked.add(label.text())
    assert any(text.startswith("Where finished images are saved.") for text in checked)
    dialog.reject()


async def test_on_a_small_screen_with_a_large_font_it_fits_and_its_pages_scroll(
    large_font: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a 1366 x 768 laptop at 150 % (911 x 512 to Qt, less its panel) with large text
    the dialog opened wider and taller than the screen: Save and Cancel below its edge, the
    last fields past its side. It opens on the screen; Tab scrolls the page to the field it
    comes to."""
    free = QRect(0, 0, 683, 400)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    dialog = await opened(window)
    await settled(dialog)
    assert dialog.width() <= free.width() - FRAME_ROOM.width()
    assert dialog.height() <= free.height() - FRAME_ROOM.height()
    for kind in (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel):
        button = dialog.buttons.button(kind)
        shown = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        assert dialog.rect().contains(shown), button.text()
    dialog.tabs.setCurrentWidget(dialog.r2_page)
    dialog.r2_prefix.setFocus()
    QTest.keyClick(dialog.r2_prefix, Qt.Key.Key_Tab)
    assert dialog.r2_test_button.hasFocus()
    button = dialog.r2_test_button
    seen = dialog.tabs.scroll_of(dialog.tabs.currentIndex()).viewport()
    shown = QRect(button.mapTo(seen, QPoint(0, 0)), button.size())
    assert seen.rect().contains(shown), "Test connection scrolled into sight"
    dialog.reject()


def sideways(dialog: SettingsDialog) -> list[QScrollArea]:
    """The areas of ``dialog`` that scroll sideways."""
    return [
        area
        for area in dialog.findChildren(QScrollArea)
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0
    ]


@pytest.mark.parametrize("screen", [QRect(0, 0, 1024, 700), QRect(0, 0, 683, 400)])
async def test_at_24_pt_on_a_laptop_no_page_scrolls_sideways(
    qapp: QApplication,
    session: Session,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
    screen: QRect,
) -> None:
    """At 24 pt on a 1024 x 700 screen, the keyring's dotted name (one long word) and the
    Defaults page's check boxes (one line each) made the pages wider than the screen: the
    words past its edge could only be scrolled to. They wrap now, every page in sight. On
    a 683 x 400 one the KIE account page ran 200 px past the dialog's side, the Language
    page 150: their fields stand under their labels there."""
    font = qapp.font()
    large = QFont(font)
    large.setPointSize(24)
    qapp.setFont(large)
    free = screen
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    window = await create_main_window(session, bridge)
    try:
        dialog = await opened(window)
        await settled(dialog)
        assert dialog.width() <= free.width() - FRAME_ROOM.width()
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            await settled(dialog)
            assert not sideways(dialog), dialog.tabs.tabText(index)
        dialog.reject()
    finally:
        window.close()
        await until(lambda: not bridge.busy)
        shiboken6.delete(window)
        qapp.setFont(font)


LAPTOP = QRect(0, 0, 683, 400)
"""A 1366 x 768 laptop's screen at 150 % (911 x 512 to Qt), less its panel."""


def whole_in_sight(widget: QWidget) -> bool:
    """``widget`` not cut by the areas it stands in."""
    return widget.visibleRegion().boundingRect() == widget.rect()


async def test_at_24_pt_on_a_laptop_the_tabs_stay_in_sight_as_a_page_scrolls(
    huge_font: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tab bar scrolled with the pages: down at Publishing's Test connection, the tabs
    were out of sight, to be scrolled back to before another page could be chosen."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(LAPTOP))
    dialog = await opened(window)
    await settled(dialog)
    dialog.tabs.setCurrentWidget(dialog.r2_page)
    dialog.r2_test_button.setFocus()
    await settled(dialog)
    assert whole_in_sight(dialog.r2_test_button)
    assert whole_in_sight(dialog.tabs.tabBar())
    for kind in (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel):
        assert whole_in_sight(dialog.buttons.button(kind))
    dialog.reject()


def scroll_bars_beside(widget: QWidget) -> list[QScrollBar]:
    """The up-and-down scroll bars shown by the areas ``widget`` stands in."""
    bars = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.verticalScrollBar().isVisible():
            bars.append(parent.verticalScrollBar())
        parent = parent.parentWidget()
    return bars


async def test_at_24_pt_only_a_page_too_tall_for_the_dialog_shows_a_scroll_bar(
    huge_font: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page scrolled as far as the tallest (Publishing) needed: the short Language
    page showed a scroll bar beside blank space, which scrolled its field away."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1024, 700))
    dialog = await opened(window)
    await settled(dialog)
    dialog.tabs.setCurrentWidget(dialog.r2_page)
    await settled(dialog)
    assert scroll_bars_beside(dialog.r2_page), "Publishing is taller than the room"
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    await settled(dialog)
    assert dialog.language.isVisible()
    assert not scroll_bars_beside(dialog.language)
    dialog.reject()


async def test_a_tab_says_its_key_and_its_name_only_when_its_name_is_cut(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every tab had a tooltip repeating the name it showed whole; a name cut for room
    ("Publi…", at 24 pt on a laptop) still says all of it. Each says the key that turns to
    it (Alt+2)."""
    dialog = await opened(window)
    await settled(dialog)
    bar = dialog.tabs.tabBar()
    names = [bar.tabText(index) for index in range(bar.count())]
    keys = [f"Alt+{index + 1}" for index in range(bar.count())]
    assert [bar.tabToolTip(index) for index in range(bar.count())] == keys
    dialog.reject()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(LAPTOP))
    with application_font(24):
        dialog = await opened(window)
        await settled(dialog)
        bar = dialog.tabs.tabBar()
        cut = [bar.tabRect(i).width() < bar.tabSizeHint(i).width() for i in range(bar.count())]
        assert any(cut), "the names are cut on this screen"
        assert [bar.tabToolTip(index) for index in range(bar.count())] == [
            f"{name} ({key})" if short else key
            for name, key, short in zip(names, keys, cut, strict=True)
        ]
        dialog.reject()


async def test_alt_and_a_number_turns_to_that_page_the_keyboard_in_its_first_field(
    window: MainWindow,
) -> None:
    """The pages' names had no letter of their own: a page was reached from the keyboard
    only by Tab-walking to the tab bar and then the arrows. Alt+1 to Alt+5 turn to each
    page, from a field of another page and from Save alike, the keyboard in its first
    field."""
    window.show()
    dialog = await opened(window)
    await until(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.key.edit
    QTest.keyClick(dialog.key.edit, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.r2_page
    focused = QApplication.focusWidget()
    assert focused is not None and dialog.r2_page.isAncestorOf(focused)
    QTest.keyClick(focused, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == 4
    assert QApplication.focusWidget() is dialog.language
    save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.setFocus()
    QTest.keyClick(save_button, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == 0
    assert QApplication.focusWidget() is dialog.key.edit
    dialog.reject()


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(
    "text", ["Schlie&ßen", "&ﬁle", "Tom && &Jerry", "Tom &&", "a&", "&é", "模型(&M)"]
)
def test_a_label_s_letter_made_by_the_pages_is_the_one_qt_makes(text: str) -> None:
    """Settings' pages make the letters of their labels (on macOS of their buttons too) as
    Qt makes them: a translation whose letter has no capital of one letter (ß, ﬁ, Python's
    "SS" and "FI") stopped Settings from opening, on every system. Each is the key Qt
    makes of it."""
    assert letter_key(text) == QKeySequence.mnemonic(text)


async def test_on_macos_option_and_a_digit_in_a_text_field_types_there(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a Mac, Option+2 types ™ in a text field (Qt reads Option as Alt): in Settings'
    fields it turned to the second page instead, and the character was never typed. It is
    typed there; from Save the page keys still turn the page."""
    monkeypatch.setattr(sys, "platform", "darwin")
    window.show()
    dialog = await opened(window)
    await until(lambda: QApplication.activeWindow() is dialog)
    dialog.tabs.turn_to(dialog.tabs.indexOf(dialog.r2_page))
    bucket = dialog.r2_bucket
    bucket.setFocus()
    bucket.setText("gallery-")
    QTest.keyClick(bucket, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.r2_page
    assert QApplication.focusWidget() is bucket
    assert bucket.text() == "gallery-2"  # what the key types (™ on a Mac's keyboard)
    save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.setFocus()
    QTest.keyClick(save_button, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == 1
    dialog.reject()


async def test_on_macos_option_and_a_digit_in_the_safety_box_leaves_the_page_as_it_is(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a Mac, Option+1 in the Safety tolerance box (a spin box, not a text field) turned
    to the first page, the keyboard taken from the number being typed. A spin box takes no
    ¡: the key is the box's, which does with it what a Mac's does, and the page stays."""
    monkeypatch.setattr(sys, "platform", "darwin")
    window.show()
    dialog = await opened(window)
    await until(lambda: QApplication.activeWindow() is dialog)
    defaults = dialog.tabs.indexOf(dialog.safety.parentWidget())
    dialog.tabs.turn_to(defaults)
    dialog.safety.setFocus()
    QTest.keyClick(dialog.safety, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == defaults
    assert QApplication.focusWidget() is dialog.safety
    dialog.reject()


async def test_help_lists_the_key_of_each_settings_page_by_its_name(
    window: MainWindow,
) -> None:
    """Alt+1 to Alt+5 turn Settings' pages, but Help → Keyboard shortcuts (and the README)
    left them out: only a tab's tooltip said its key. Each page's key is listed under "In
    Settings", with the page's name as its tab says it."""
    dialog = await opened(window)
    bar = dialog.tabs.tabBar()
    names = [bar.tabText(index).replace("&", "") for index in range(bar.count())]
    dialog.reject()
    native = QKeySequence.SequenceFormat.NativeText
    listed = [
        (keys, what) for keys, what, where in window.shortcut_rows() if where == "In Settings"
    ]
    assert [keys for keys, _what in listed] == [
        page_key(index).toString(native) for index in range(len(names))
    ]
    assert all(name in what for name, (_keys, what) in zip(names, listed, strict=True))
    box = window.show_shortcuts()
    assert "In Settings" in box.text() and "The Publishing (R2) page" in box.text()
    box.close()


async def test_the_publishing_page_opened_without_a_keyring_fits_without_scrolling(
    window: MainWindow,
) -> None:
    """Opened at its Publishing page ("Publishing is not set up" → Open Settings…) on a
    computer without a keyring, the page scrolled by a few lines on a large screen: the
    note under the secret, shown once the keyring answered, did not grow the dialog as the
    same note grows it with the page opened later."""
    keyring.set_keyring(fail.Keyring())
    dialog = window.open_settings()
    dialog.show_publishing_page()
    await until(lambda: dialog.secret_state is not None)
    assert "No system keyring" in dialog.r2_secret_status.text()
    await settled(dialog)
    scroll = dialog.tabs.scroll_of(dialog.tabs.currentIndex())
    assert scroll.verticalScrollBar().maximum() == 0, "it shows the whole page"
    dialog.reject()


@pytest.mark.parametrize(
    ("modifiers", "page"),
    [
        (Qt.KeyboardModifier.ControlModifier, "Defaults"),
        (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, "Language"),
    ],
)
async def test_ctrl_tab_to_a_page_shows_where_the_keyboard_went(
    window: MainWindow, modifiers: Qt.KeyboardModifier, page: str
) -> None:
    """Ctrl+Tab from the key field, as Settings opens, put the keyboard in the next page's
    first field (Model) with nothing drawn round it: the artist could not see where it
    was. Its focus ring is drawn, as after a Tab."""
    dialog = await opened(window)
    dialog.activateWindow()
    await settled(dialog)
    QTest.keyClick(dialog.key.edit, Qt.Key.Key_Tab, modifiers)
    bar = dialog.tabs.tabBar()
    assert bar.tabText(bar.currentIndex()) == page
    field = QApplication.focusWidget()
    assert field is not None and dialog.tabs.currentWidget().isAncestorOf(field)
    option = QStyleOption()
    option.initFrom(field)
    assert option.state & QStyle.StateFlag.State_HasFocus
    assert option.state & QStyle.StateFlag.State_KeyboardFocusChange, "its focus is drawn"
    dialog.reject()


@pytest.mark.parametrize(
    ("button", "modifiers", "page"),
    [
        (QDialogButtonBox.StandardButton.Save, Qt.KeyboardModifier.ControlModifier, "Defaults"),
        (
            QDialogButtonBox.StandardButton.Cancel,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            "Language",
        ),
    ],
)
async def test_ctrl_tab_from_save_or_cancel_turns_the_page(
    window: MainWindow,
    button: QDialogButtonBox.StandardButton,
    modifiers: Qt.KeyboardModifier,
    page: str,
) -> None:
    """Ctrl+Tab and Ctrl+Shift+Tab turned the pages from every field, and did nothing from
    Save and Cancel, under them: the artist who had tabbed down to Save to look over the
    next page had to tab back up first. The keyboard goes into the page turned to, drawn."""
    dialog = await opened(window)
    dialog.activateWindow()
    await settled(dialog)
    pressed = dialog.buttons.button(button)
    pressed.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(pressed, Qt.Key.Key_Tab, modifiers)
    bar = dialog.tabs.tabBar()
    assert bar.tabText(bar.currentIndex()) == page
    field = QApplication.focusWidget()
    assert field is not None and dialog.tabs.currentWidget().isAncestorOf(field)
    option = QStyleOption()
    option.initFrom(field)
    assert option.state & QStyle.StateFlag.State_KeyboardFocusChange, "its focus is drawn"
    dialog.reject()


async def test_its_words_grow_with_a_font_set_while_it_is_open(window: MainWindow) -> None:
    """The system's text set to 24 pt while Settings was open grew only the dialog's own
    font: its style sheet had given every field, label and button the old one, and the
    pages stayed at 9 pt until Settings was opened again."""
    dialog = await opened(window)
    await settled(dialog)
    with application_font(24):
        await until(lambda: dialog.font().pointSizeF() == 24)
        await settled(dialog)
        shown = (dialog.key.edit, dialog.tabs.tabBar(), dialog.buttons.buttons()[0])
        assert [widget.font().pointSizeF() for widget in shown] == [24] * len(shown)
    dialog.reject()


async def test_a_new_library_folder_is_made_when_saved(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "kontext-art"
    dialog = await opened(window)
    dialog.library_dir.setText(str(folder))
    await save(dialog)
    assert folder.is_dir()
    assert load_settings(session.paths).library_dir == str(folder)


async def test_a_chosen_folder_on_an_unplugged_drive_does_not_block_other_settings(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    unplugged = str(tmp_path / "media" / "usb-drive" / "art")
    session.settings = session.settings.with_changes(library_dir=unplugged)
    dialog = await opened(window)
    assert dialog.library_dir.text() == unplugged
    dialog.safety.setValue(5)
    await save(dialog)
    saved = load_settings(session.paths)
    assert (saved.library_dir, saved.safety_tolerance) == (unplugged, 5)


async def test_defaults_are_saved_and_applied_to_the_generate_tab(
    window: MainWindow, session: Session
) -> None:
    dialog = await opened(window)
    dialog.model.setCurrentIndex(dialog.model.findData("flux-kontext-max"))
    dialog.ratio.setCurrentIndex(dialog.ratio.findData("16:9"))
    dialog.format.setCurrentIndex(dialog.format.findData("jpeg"))
    dialog.safety.setValue(4)
    dialog.poll_timeout.setValue(900)
    await save(dialog)

    saved = load_settings(session.paths)
    assert (saved.default_model, saved.default_ratio, saved.default_format) == (
        "flux-kontext-max",
        "16:9",
        "jpeg",
    )
    assert saved.safety_tolerance == 4 and saved.poll_timeout_s == 900
    assert session.settings == saved
    window.generate_tab.prompt.setPlainText("a harbour")
    request = window.generate_tab.current_request()
    assert (request.model, request.aspect_ratio, request.output_format) == (
        "flux-kontext-max",
        "16:9",
        "jpeg",
    )
    assert request.safety_tolerance == 4
    assert not window.banner.isVisible(), "no key change, no restart note"


async def test_a_hand_edited_settings_file_with_wrong_values_still_opens_the_window(
    simulator: Simulator,
) -> None:
    paths = Paths.from_env().ensure()
    hand_edited = {
        "enable_translation": "yes",
        "safety_tolerance": "3",
        "language": 5,
        "poll_timeout_s": float("nan"),
        "default_ratio": "16:9",
        "default_format": "jpeg",
    }
    paths.settings_file.write_text(json.dumps(hand_edited))
    async with window_of(open_session(schedule=fast_schedule())) as window:
        window.generate_tab.prompt.setPlainText("a harbour")
        request = window.generate_tab.current_request()
        assert (request.aspect_ratio, request.output_format) == ("16:9", "jpeg")
        assert request.enable_translation is True and request.safety_tolerance == 2
        dialog = await opened(window)
        assert dialog.poll_timeout.value() == 600
        dialog.reject()


async def test_a_newer_version_s_language_outlives_a_save_that_leaves_the_language_alone(
    window: MainWindow, session: Session
) -> None:
    """A language a newer version saved (Traditional Chinese, which this one has no words
    for) is said as not used, and the page shows "System default" for it. Before, a Save
    here for anything else (a model) wrote "System default" over it, and the newer version
    found its language gone. It is kept unless another language is chosen here."""
    session.paths.settings_file.write_text(json.dumps({"language": "zh_TW"}))
    session.settings_ignored = ("language",)
    dialog = await opened(window)
    assert dialog.language.currentData() == ""
    dialog.model.setCurrentIndex(dialog.model.findData("flux-kontext-max"))
    await save(dialog)
    saved = json.loads(session.paths.settings_file.read_text(encoding="utf-8"))
    assert (saved["default_model"], saved["language"]) == ("flux-kontext-max", "zh_TW")

    dialog = await opened(window)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    await save(dialog)
    saved = json.loads(session.paths.settings_file.read_text(encoding="utf-8"))
    assert saved["language"] == "en"


@pytest.mark.parametrize(
    ("saved", "shown"), [("zh", "zh_CN"), ("zh-Hans-CN", "zh_CN"), ("C", "en")]
)
async def test_a_language_saved_by_another_of_its_names_is_shown_and_kept_by_a_save(
    window: MainWindow, session: Session, saved: str, shown: str
) -> None:
    """A language the settings file names otherwise than the page does ("zh", a hand
    edit's; "zh-Hans-CN"), which the window shows its words in, is shown chosen on the
    Language page. Before, the page showed "System default" for it, and a Save for anything
    else (a model) wrote that over it: the next start came up in the system's language."""
    session.paths.settings_file.write_text(json.dumps({"language": saved}))
    session.settings = session.settings.with_changes(language=saved)
    dialog = await opened(window)
    assert dialog.language.currentData() == shown
    dialog.model.setCurrentIndex(dialog.model.findData("flux-kontext-max"))
    await save(dialog)
    written = json.loads(session.paths.settings_file.read_text(encoding="utf-8"))
    assert (written["default_model"], written["language"]) == ("flux-kontext-max", shown)


async def test_closing_settings_while_the_key_test_runs_says_nothing(
    window: MainWindow, bridge: Bridge, simulator: Simulator
) -> None:
    """The artist cancelled: the late answer must not reach a deleted button (which gave
    'Something went wrong')."""
    simulator.update(faults=Faults(timeout=1.0, timeout_s=1.0, endpoints=frozenset({CREDIT})))
    dialog = window.open_settings()
    await until(lambda: dialog.secret_state is not None)
    dialog.key.edit.setText("another-test-key-123")
    seen = banner_messages(bridge)
    asked = simulator.counts.get(CREDIT, 0)
    dialog.test_key()
    await until(lambda: simulator.counts.get(CREDIT, 0) > asked)  # its answer comes in 1 s
    dialog.reject()
    await until(lambda: not bridge.busy, timeout=15)
    assert seen == []


async def test_esc_while_saving_waits_for_the_save_to_finish(
    window: MainWindow,
    bridge: Bridge,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A locked keyring shows its unlock prompt; Esc meanwhile must neither lose the 'saved'
    news nor break the dialog: the save finishes, then the dialog closes."""
    stored = memory_keyring.set_password
    asked, answer = threading.Event(), threading.Event()

    def unlock_prompt(service: str, user: str, password: str) -> None:
        asked.set()
        answer.wait(10)
        stored(service, user, password)

    monkeypatch.setattr(memory_keyring, "set_password", unlock_prompt)
    dialog = window.open_settings()
    await until(lambda: dialog.secret_state is not None)
    dialog.key.edit.setText(NEW_KEY)
    seen = banner_messages(bridge)
    saved: list[str] = []
    dialog.saved.connect(lambda _settings, change, _r2: saved.append(change))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(asked.is_set)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible(), "Esc and the close button wait while the save runs"
    answer.set()
    await until(lambda: saved, timeout=15)
    await until(lambda: not bridge.busy)
    assert saved == [KEY_STORED]
    assert seen == []
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY


async def test_closing_settings_before_a_slow_keyring_answers_says_nothing(
    window: MainWindow,
    bridge: Bridge,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The form asks the keyring what is stored; the artist closes the dialog first. The
    read is let go with the form (nothing waits for a keyring that may never answer), and
    the late answer must not reach the deleted form."""
    read = memory_keyring.get_password
    asked, answer = threading.Event(), threading.Event()

    def slow_read(service: str, user: str) -> str | None:
        asked.set()
        answer.wait(10)
        return read(service, user)

    monkeypatch.setattr(memory_keyring, "get_password", slow_read)
    seen = banner_messages(bridge)
    dialog = window.open_settings()
    await until(asked.is_set)
    dialog.reject()
    await until(lambda: not shiboken6.isValid(dialog))
    await a_turn()
    assert not bridge.busy, "the keyring read is let go with the form"
    answer.set()
    await until(lambda: not bridge.busy, timeout=15)
    assert seen == []


async def test_settings_opens_while_the_keyring_waits_and_says_it_is_looking(
    window: MainWindow,
    bridge: Bridge,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """A locked keyring answers once its unlock prompt does (or it times out). The dialog
    opens meanwhile, saying it is looking for the stored key and secret (before, the lines
    under the fields were blank, as if there were nothing to say), and a Save then writes
    the settings without touching a secret it has not read."""
    read = memory_keyring.get_password
    asked, answer = threading.Event(), threading.Event()

    def unlock_prompt(service: str, user: str) -> str | None:
        asked.set()
        answer.wait(10)
        return read(service, user)

    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    monkeypatch.setattr(memory_keyring, "get_password", unlock_prompt)
    dialog = window.open_settings()
    try:
        await until(asked.is_set)
        assert dialog.isVisible() and dialog.secret_state is None
        assert dialog.key_status.text() == "Looking for a stored key…"
        assert dialog.r2_secret_status.text() == "Looking for a stored secret…"
        assert not dialog.forget_key.isEnabled()

        dialog.r2_bucket.setText("artworks")
        await save(dialog)
        assert load_settings(session.paths).r2.bucket == "artworks"
        assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    finally:
        answer.set()
    await until(lambda: not bridge.busy, timeout=15)


@pytest.mark.parametrize("key_in_environment", [True, False])
async def test_removing_the_key_offers_demo_mode_unless_the_environment_has_one(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    key_in_environment: bool,
) -> None:
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    if not key_in_environment:
        monkeypatch.delenv("KIE_API_KEY")
    dialog = await opened(window)
    dialog.forget_key.click()
    await save(dialog)
    assert window.banner.message() == (
        "The stored API key was removed." if key_in_environment else "The API key was removed."
    )
    if key_in_environment:  # a switch would open live again, with KIE_API_KEY
        assert not window.banner.action_button.isVisible()
    else:
        assert window.banner.action_button.isVisible()
        assert window.banner.action_button.text() == "Switch to demo mode"


def lock(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring locked, its unlock prompt dismissed: every read, write and removal is
    refused."""

    def locked(*_: object) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    for call in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(memory_keyring, call, locked)


@pytest.mark.parametrize("dismissed_at", ["read", "write"])
async def test_a_save_asks_a_keyring_that_refused_no_more(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    dismissed_at: str,
) -> None:
    """The keyring shows its unlock prompt at each ask, and the artist dismisses it, at a
    read (a locked keyring) or at a write; both secrets are saved. Before, each secret was
    read before it was stored, and the prompt came back about six times in the one Save.
    Now once: both secrets are kept for this session, and said so."""
    dialog = await opened(window)
    prompts: list[str] = []

    def dismissed(*_: object) -> None:
        prompts.append("prompt")
        raise keyring.errors.KeyringLocked("Prompt dismissed")

    calls = ("get_password", "set_password", "delete_password")
    for call in calls if dismissed_at == "read" else ("set_password", "delete_password"):
        monkeypatch.setattr(memory_keyring, call, dismissed)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert prompts == ["prompt"]
    assert secrets.is_session_only(secrets.KIE_KEY)
    assert secrets.is_session_only(secrets.R2_SECRET)
    assert window.banner.message() == (
        "The system keyring did not take the API key or the R2 secret, so both are kept for "
        "this session only."
    )


async def test_a_save_asks_nothing_more_after_a_write_refused_as_locked(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring reads as Settings opens, then locks (a screen lock) before Save: the R2
    secret's write shows its unlock prompt, which the artist dismisses, and so would any
    ask after it. Before, the reads that followed the refused write in the same Save (was
    the secret there already? an older one? the key?) put the prompt up three more times.
    Now once; the older R2 secret read before the write is still known to be kept."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, OLDER_R2_SECRET)
    dialog = await opened(window)
    prompts: list[str] = []
    locked = [False]
    reads = memory_keyring.get_password

    def prompt(name: str) -> None:
        locked[0] = True
        prompts.append(name)
        raise keyring.errors.KeyringLocked("Prompt dismissed")

    def read(service: str, name: str) -> str | None:
        return prompt(name) if locked[0] else reads(service, name)

    def write(service: str, name: str, value: str) -> None:
        prompt(name)

    monkeypatch.setattr(memory_keyring, "get_password", read)
    monkeypatch.setattr(memory_keyring, "set_password", write)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert prompts == [secrets.R2_SECRET]
    assert secrets.is_session_only(secrets.KIE_KEY)
    assert secrets.is_session_only(secrets.R2_SECRET)
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == OLDER_R2_SECRET
    assert "still holds the older secret" in window.banner.hint()


def stop_answering(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring's service does not answer (it hangs, or is not running): every read,
    write and removal fails with its library's D-Bus error, not a lock."""

    def silent(*_: object) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    for call in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(memory_keyring, call, silent)


@pytest.fixture(params=["locked", "silent"])
def unreadable(
    request: pytest.FixtureRequest, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], None]:
    """Makes the keyring unreadable when called: locked, then (the test run again) not
    answering."""
    make = lock if request.param == "locked" else stop_answering
    return lambda: make(memory_keyring, monkeypatch)


AGAIN_IF_SILENT = (
    "if the keyring still does not answer, restart its service (or log out and back in)."
)


async def test_a_keyring_locked_since_the_start_does_not_say_a_live_window_has_no_key(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app started live on the key in the keyring; the keyring locked since (a screen
    lock, its unlock prompt dismissed). Before, Settings said "No key yet: the app runs in
    demo mode." beside a window working in live mode."""
    monkeypatch.delenv("KIE_API_KEY")
    assert not window.session.demo
    lock(memory_keyring, monkeypatch)
    dialog = await opened(window)
    assert dialog.key_status.text() == (
        "The keyring cannot be read now, so the stored key is not shown; the app goes on in "
        "live mode with the key it read at start."
    )
    assert "demo" not in dialog.key_status.text()


@pytest.mark.parametrize(
    ("refusal", "said"),
    [
        (keyring.errors.KeyringLocked("Failed to unlock the collection!"), "is locked."),
        (keyring.errors.KeyringError("The name is not activatable"), "does not answer."),
    ],
)
async def test_settings_asks_a_keyring_it_cannot_read_once_and_logs_it_once(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    refusal: keyring.errors.KeyringError,
    said: str,
) -> None:
    """Opening Settings asked a locked keyring four times (whether it works, then for the
    key, the R2 secret and the key again), each ask another chance for its unlock prompt
    to pop up, and logged "keyring read failed" twice and "keyring call failed" once: the
    log said the keyring failed twice over whenever Settings was opened."""
    asked: list[str] = []

    def refused(_service: str, name: str) -> None:
        asked.append(name)
        raise refusal

    monkeypatch.setattr(memory_keyring, "get_password", refused)
    caplog.set_level(logging.INFO, logger="kontext_studio")
    dialog = await opened(window)
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warned == ["keyring read failed"]
    assert len(asked) == 1
    assert dialog.keyring_label.text().startswith(f"The system keyring {said}")
    assert dialog.secret_state is not None and dialog.secret_state.key_from_environment


async def test_a_locked_keyring_in_demo_mode_is_not_said_to_hold_no_key(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, simulator: Simulator
) -> None:
    """In demo mode with the keyring locked, "No key yet" claimed there was none: whether
    one is stored is not known until the keyring is unlocked."""
    monkeypatch.delenv("KIE_API_KEY")
    async with window_of(open_session(demo=True, schedule=fast_schedule())) as window:
        lock(memory_keyring, monkeypatch)
        dialog = await opened(window)
        assert dialog.key_status.text() == (
            "No key could be read from the keyring. Type a key to use one."
        )
        dialog.reject()


async def test_a_keyring_that_does_not_answer_says_its_own_words_as_a_sentence(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Keyring row put the keyring's own words in brackets after its sentence's full
    stop: "The system keyring does not answer. (The name is not activatable)". They come as
    a sentence of their own, in the words the window's banner and the command line use. A
    key it may hold is the one a restart uses, over KIE_API_KEY too: before, the row said
    to enter the key again after a restart, or set KIE_API_KEY."""

    def silent(*_: object) -> None:
        raise keyring.errors.KeyringError("The name is not activatable")

    monkeypatch.setattr(memory_keyring, "get_password", silent)
    dialog = await opened(window)
    assert dialog.keyring_label.text() == (
        "The system keyring does not answer. The keyring says: “The name is not activatable”\n"
        "A key you enter is kept for this session only: save it again once the keyring can be "
        "read, as a key it may hold is the one used after a restart."
    )


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (
            lock,
            "The system keyring is locked, or its unlock prompt was dismissed: the R2 secret it "
            "may hold cannot be read.\n"
            "Unlock the keyring, then test again; or type the secret access key above to test "
            "it.",
        ),
        (
            stop_answering,
            "The system keyring does not answer: the R2 secret it may hold cannot be read.\n"
            f"Test again; {AGAIN_IF_SILENT} Or type the secret access key above to test it.",
        ),
    ],
)
async def test_a_locked_keyring_is_not_said_to_be_missing_on_the_publishing_page(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    fault: Callable[[MemoryKeyring, pytest.MonkeyPatch], None],
    said: str,
) -> None:
    """The R2 secret stored in a keyring locked since. Before, the page said "No system
    keyring works here", and Test connection "Fill in the empty fields above … Still empty:
    Secret access key.": the secret is there, the keyring only locked. Then it said to "try
    again; or set R2_SECRET_ACCESS_KEY in the environment", which this running window never
    reads: the secret typed above is what Test connection can take. A keyring that does not
    answer was told to be unlocked, which no unlock mends."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, NEW_R2_SECRET)
    fault(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.show_publishing_page()
    assert dialog.r2_secret_status.text() == (
        "No secret could be read from the keyring: a secret you enter is kept for this "
        "session only (or set R2_SECRET_ACCESS_KEY in the environment)."
    )
    dialog.r2_endpoint.setText("http://127.0.0.1:9")
    dialog.r2_bucket.setText("art")
    dialog.r2_access_key_id.setText("AKID")
    dialog.test_r2()
    await until(lambda: dialog.r2_test_button.isEnabled() and bool(dialog.r2_test_result.text()))
    assert dialog.r2_test_result.text() == said
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.test_r2()
    await until(
        lambda: dialog.r2_test_button.isEnabled() and "keyring" not in dialog.r2_test_result.text()
    )
    # The typed secret taken: R2 itself was asked (nothing answers at that address).
    assert dialog.r2_test_result.text().startswith("The R2 endpoint cannot be reached.")
    dialog.reject()


async def test_a_damaged_r2_secret_is_said_damaged_and_replaced_by_the_one_typed(
    window: MainWindow, memory_keyring: MemoryKeyring, app_home: Path
) -> None:
    """The keyring answers, but its entry for the R2 secret is damaged (bytes that are no
    UTF-8). Before: the page said "No secret stored yet." and Test connection that the
    keyring "does not answer", to be restarted; nothing said the secret was damaged nor
    that saving one replaces it. The entry's bytes are never shown nor written."""
    damaged = b"\xff\xfe\x80" + NEW_R2_SECRET.encode()
    memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] = damaged  # type: ignore[assignment]
    dialog = await opened(window)
    dialog.show_publishing_page()
    assert dialog.r2_secret_status.text() == (
        "The secret stored in the keyring is damaged and cannot be read: type the secret again "
        "to replace it."
    )
    dialog.r2_endpoint.setText("http://127.0.0.1:9")
    dialog.r2_bucket.setText("art")
    dialog.r2_access_key_id.setText("AKID")
    dialog.test_r2()
    await until(lambda: dialog.r2_test_button.isEnabled() and bool(dialog.r2_test_result.text()))
    assert dialog.r2_test_result.text() == (
        "The system keyring holds a damaged entry: the R2 secret access key stored there cannot "
        "be read.\n"
        "Type the secret access key above to test it; saving it replaces the damaged entry."
    )
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == NEW_R2_SECRET
    assert files_containing(app_home, NEW_R2_SECRET) == []


DAMAGED_KEY = b"\xff\xfe\x80" + NEW_KEY.encode()
"""A damaged entry for the KIE key: the key behind bytes that are no UTF-8."""


async def test_a_damaged_key_beside_kie_api_key_is_said_and_removed_in_settings(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    app_home: Path,
) -> None:
    """The keyring's entry for the key is damaged while KIE_API_KEY is set. Before, the key
    line said only that the key comes from KIE_API_KEY, and Remove stored key was greyed:
    the damaged entry was invisible, and only ``kontext-studio key remove`` removed it."""
    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = DAMAGED_KEY  # type: ignore[assignment]
    dialog = await opened(window)
    assert dialog.key_status.text() == (
        "The key stored in the keyring is damaged and cannot be read, so the key from "
        "KIE_API_KEY in the environment is used. Type the key to replace the damaged entry, "
        "or remove it."
    )
    assert dialog.forget_key.isEnabled()
    dialog.forget_key.click()
    await save(dialog)
    assert memory_keyring.store == {}
    # Before: "The API key was removed.", of the key from KIE_API_KEY, which stays in use.
    assert window.banner.message() == "The stored API key was removed."
    assert window.banner.hint() == "The key from KIE_API_KEY in the environment stays in use."
    assert NEW_KEY.encode() not in b"".join(p.read_bytes() for p in app_home.rglob("*.json*"))


async def test_a_stored_key_removed_beside_kie_api_key_says_that_one_is_used_after_a_restart(
    simulator: Simulator, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs with the key stored in the keyring, and KIE_API_KEY holds another.
    Before, removing the stored one said only "The API key was removed.": nothing said that
    KIE_API_KEY's key is used after a restart (nor offered a switch: none is needed)."""
    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    async with window_of(open_session(schedule=fast_schedule())) as window:
        assert window.session.key == NEW_KEY
        dialog = await opened(window)
        dialog.forget_key.click()
        await save(dialog)
        assert memory_keyring.store == {}
        assert window.banner.message() == "The stored API key was removed."
        assert window.banner.hint() == (
            "Kontext Studio uses the key from KIE_API_KEY in the environment after a restart."
        )


async def test_a_damaged_key_the_keyring_will_not_remove_is_not_said_silent(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring answers with a damaged entry for the key and refuses to delete it.
    Before: "The stored key was not removed: the system keyring does not answer.", to be
    restarted, of a keyring that had just answered; nothing said where to remove it."""
    monkeypatch.delenv("KIE_API_KEY", raising=False)
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = DAMAGED_KEY  # type: ignore[assignment]

    def refuse(_service: str, _name: str) -> None:
        raise keyring.errors.PasswordDeleteError("Cannot delete the item")

    monkeypatch.setattr(memory_keyring, "delete_password", refuse)
    dialog = await opened(window)
    dialog.forget_key.click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog))
    assert dialog.save_error.text() == (
        "The system keyring holds a damaged entry. The keyring refused to remove it: the KIE "
        "API key's damaged entry is still there.\n"
        "Remove the entry “kie-api-key” of “kontext-studio” in the keyring's own program (such "
        "as Passwords and Keys, KWallet Manager, Keychain Access or Credential Manager)."
    )
    assert memory_keyring.store == {(secrets.SERVICE, secrets.KIE_KEY): DAMAGED_KEY}
    # Saving again cannot remove it: not said to happen then (before: "The stored key will
    # be removed when you save.", and each Save failed the same).
    assert dialog.key_status.text() == (
        "The key stored in the keyring is damaged and cannot be read: type the key again to "
        "replace it."
    )
    dialog.reject()


async def test_a_session_key_beside_a_damaged_entry_the_keyring_keeps_says_both(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring holds a damaged entry for the key, refuses to store the key typed (kept
    for this session only) and refuses to remove the damaged entry. Before, the key line
    said only that the key is kept for this session, and Remove said only that the damaged
    entry is still there: not that the session's key, not removed either, stays in use
    until a restart forgets it."""
    monkeypatch.delenv("KIE_API_KEY", raising=False)
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = DAMAGED_KEY  # type: ignore[assignment]

    def refuse_store(*_: object) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed")

    def refuse_removal(*_: object) -> None:
        raise keyring.errors.PasswordDeleteError("Cannot delete the item")

    monkeypatch.setattr(memory_keyring, "set_password", refuse_store)
    monkeypatch.setattr(memory_keyring, "delete_password", refuse_removal)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert secrets.is_session_only(secrets.KIE_KEY)

    dialog = await opened(window)
    assert dialog.key_status.text() == (
        "A key is kept for this session only: a restart forgets it. The keyring did not take "
        "it, and holds a damaged entry for the key, which cannot be read: save the key again "
        "once the keyring takes it."
    )
    dialog.forget_key.click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog) and dialog.buttons.isEnabled())
    assert dialog.save_error.text() == (
        "The key was not removed: the keyring refused to remove the KIE API key's damaged "
        "entry, which is still there. The key kept for this session only stays in use until "
        "Kontext Studio closes: a restart forgets it.\n"
        "Remove the entry “kie-api-key” of “kontext-studio” in the keyring's own program (such "
        "as Passwords and Keys, KWallet Manager, Keychain Access or Credential Manager)."
    )
    assert secrets.get_secret(secrets.KIE_KEY, ask_keyring=False) == NEW_KEY
    assert NEW_KEY not in dialog.save_error.text() + dialog.key_status.text()
    dialog.reject()


async def test_settings_logs_a_damaged_entry_once_a_process(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Before, every opening of Settings with a damaged entry logged "keyring read failed"
    and "keyring entry damaged", both warnings, though nothing failed and nothing changed
    since the last: the log filled with the same alarm."""
    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = DAMAGED_KEY  # type: ignore[assignment]
    caplog.set_level(logging.INFO, logger="kontext_studio")
    for _ in range(2):
        dialog = await opened(window)
        assert dialog.secret_state is not None and dialog.secret_state.key_damaged
        dialog.reject()
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warned == ["keyring entry damaged"]


async def test_fields_left_empty_beside_a_locked_keyring_are_named_without_the_secret(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The R2 secret stored in a keyring locked since, the bucket left empty. Before, Test
    connection said "Still empty: Bucket and Secret access key.": only the bucket is empty,
    and the keyring is said apart."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, NEW_R2_SECRET)
    lock(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.show_publishing_page()
    dialog.r2_endpoint.setText("http://127.0.0.1:9")
    dialog.r2_access_key_id.setText("AKID")
    dialog.test_r2()
    await until(lambda: dialog.r2_test_button.isEnabled() and bool(dialog.r2_test_result.text()))
    assert dialog.r2_test_result.text() == (
        "Fill in the empty fields above, then test again.\n"
        "Still empty: Bucket. The system keyring is locked, or its unlock prompt was "
        "dismissed: the R2 secret it may hold cannot be read."
    )
    dialog.reject()


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (
            lock,
            "The system keyring cannot be used. It is locked, or its unlock prompt was "
            "dismissed: the key it may hold cannot be read.\n"
            "Unlock the keyring, then test again; or type a key here to test it.",
        ),
        (
            stop_answering,
            "The system keyring cannot be used. It does not answer: the key it may hold "
            f"cannot be read.\nTest again; {AGAIN_IF_SILENT} Or type a key here to test it.",
        ),
    ],
)
async def test_testing_no_key_typed_with_the_keyring_locked_says_it_is_locked(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    simulator: Simulator,
    fault: Callable[[MemoryKeyring, pytest.MonkeyPatch], None],
    said: str,
) -> None:
    """Test key with the field empty, in demo mode, tests the key stored in the keyring.
    With the keyring locked since, it said "Type a key to test.", as if none were stored:
    one may be, which cannot be read now. A keyring that does not answer was told to be
    unlocked too, which no unlock mends."""
    monkeypatch.delenv("KIE_API_KEY")
    secrets.set_secret(secrets.KIE_KEY, TEST_KEY)
    async with window_of(open_session(demo=True, schedule=fast_schedule())) as window:
        dialog = await opened(window)
        assert not dialog.key.text()
        dialog.test_key()
        await until(lambda: dialog.test_button.isEnabled() and bool(dialog.test_result.text()))
        assert dialog.test_result.text() == "The key works: 1,000 credits."

        fault(memory_keyring, monkeypatch)
        dialog.test_key()
        await until(
            lambda: dialog.test_button.isEnabled() and "key works" not in dialog.test_result.text()
        )
        assert dialog.test_result.text() == said
        assert dialog.test_result.property("level") == "error"
        dialog.reject()


@pytest.mark.parametrize("environment", [True, False])
async def test_testing_no_key_typed_tests_the_key_the_window_generates_with(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    simulator: Simulator,
    environment: bool,
) -> None:
    """The window started live on the key in the keyring, which has locked since. Test key
    with the field empty tested KIE_API_KEY's key where one is set, though the window goes
    on generating with the keyring's (read at start, and winning over the variable), and
    said the keyring is locked where none is: the key in use is tested, and said to be."""
    simulator.update(api_key=TEST_KEY)  # KIE refuses any other key
    secrets.set_secret(secrets.KIE_KEY, TEST_KEY)
    if environment:
        monkeypatch.setenv("KIE_API_KEY", NEW_KEY)
    else:
        monkeypatch.delenv("KIE_API_KEY")
    async with window_of(open_session(schedule=fast_schedule())) as window:
        assert window.session.key == TEST_KEY and not window.session.demo
        lock(memory_keyring, monkeypatch)
        dialog = await opened(window)
        dialog.test_key()
        await until(lambda: dialog.test_button.isEnabled() and bool(dialog.test_result.text()))
        assert dialog.test_result.text() == "The key in use works: 1,000 credits."
        dialog.reject()


@pytest.mark.parametrize("fault", [lock, stop_answering])
async def test_testing_no_key_typed_does_not_test_the_key_removed_in_settings(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    simulator: Simulator,
    fault: Callable[[MemoryKeyring, pytest.MonkeyPatch], None],
) -> None:
    """The window started live on the key in the keyring, which the artist then removed in
    Settings; the keyring cannot be read since. Test key with the field empty tested the
    removed key (the one the window read at start) and said "The key in use works", where
    with the keyring readable it says there is no key to test."""
    simulator.update(api_key=TEST_KEY)
    monkeypatch.delenv("KIE_API_KEY")
    secrets.set_secret(secrets.KIE_KEY, TEST_KEY)
    async with window_of(open_session(schedule=fast_schedule())) as window:
        dialog = await opened(window)
        dialog.forget_key.click()
        await save(dialog)
        fault(memory_keyring, monkeypatch)
        dialog = await opened(window)
        dialog.test_key()
        await until(lambda: dialog.test_button.isEnabled() and bool(dialog.test_result.text()))
        assert dialog.test_result.text() == "Type a key to test."
        dialog.reject()


@pytest.mark.parametrize("locked_at_start", [False, True])
async def test_a_locked_keyring_does_not_say_the_key_in_use_is_the_environments(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    locked_at_start: bool,
) -> None:
    """The window started live on the key in the keyring, which won over KIE_API_KEY's, and
    the keyring has locked since. Settings said "The key comes from KIE_API_KEY in the
    environment." while Test key, beside it, tested the keyring's key as the one in use.
    Locked already at the start, the variable's key is the one in use, and said to be."""
    secrets.set_secret(secrets.KIE_KEY, TEST_KEY)
    monkeypatch.setenv("KIE_API_KEY", NEW_KEY)
    if locked_at_start:
        lock(memory_keyring, monkeypatch)
    async with window_of(open_session(schedule=fast_schedule())) as window:
        assert window.session.key == (NEW_KEY if locked_at_start else TEST_KEY)
        lock(memory_keyring, monkeypatch)
        dialog = await opened(window)
        if locked_at_start:
            assert dialog.key_status.text().startswith("The key comes from KIE_API_KEY")
        else:
            assert dialog.key_status.text() == (
                "The keyring cannot be read now, so the stored key is not shown; the app goes "
                "on in live mode with the key it read at start."
            )
        assert not dialog.forget_key.isEnabled()
        dialog.reject()


@pytest.mark.parametrize(
    ("platform", "menu", "page"),
    [
        ("linux", "File → Settings", "Settings → Publishing (R2)"),
        ("darwin", "Kontext Studio → Preferences", "Preferences → Publishing (R2)"),
    ],
)
async def test_the_words_name_the_settings_as_the_menu_does_on_macos(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, platform: str, menu: str, page: str
) -> None:
    """On macOS Qt puts Settings… in the application menu and names it "Preferences…": the
    words that say where to set the key or publishing sent the artist to "File → Settings"
    and "Settings → Publishing (R2)", found nowhere there. They name Preferences on macOS,
    and the item is Preferences there in any language (Qt guessed it from English words)."""
    settings = window.menu_actions["settings"]
    assert settings.menuRole() is QAction.MenuRole.PreferencesRole
    monkeypatch.setattr(sys, "platform", platform)
    window.tell_key_unusable("It has a space.", from_environment=False)
    assert window.banner.hint().endswith(f"Set the key again in {menu}.")
    with pytest.raises(PublishNotSetUpError) as not_set_up:
        load_r2_config(R2Settings(), {})
    setup = window.publishing.setup_words(not_set_up.value)
    assert setup.message == f"Open {page} and fill in the empty fields."
    assert explain(not_set_up.value).message.startswith(
        f"Publishing is not set up: fill in the empty fields in {page}, or set "
    )


@pytest.mark.parametrize("why", ["locked", "unusable", "saved"])
async def test_the_demo_badge_does_not_say_no_key_is_set_when_one_is(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    """Demo mode with a key: stored in a keyring locked since, stored in a form that cannot
    be sent, or saved in Settings and waiting for the switch. Before, the DEMO badge's tip
    said "No KIE API key is set … Add your key in Settings to generate for real.", sending
    the artist to type again a key that is there."""
    monkeypatch.delenv("KIE_API_KEY", raising=False)
    async with window_of(open_session(demo=True, schedule=fast_schedule())) as window:
        assert window.mode.toolTip().startswith("No KIE API key is set")
        if why == "locked":
            window.tell_key_unread("It is locked.")
        elif why == "unusable":
            window.tell_key_unusable("It has a space.", from_environment=False)
        else:
            dialog = await opened(window)
            dialog.key.edit.setText(NEW_KEY)
            await save(dialog)
        tips = {
            "locked": "The system keyring cannot be read, so a simulator on this computer "
            "makes the images. Unlock the keyring, then switch to live mode.",
            "unusable": "The saved KIE API key cannot be used, so a simulator on this "
            "computer makes the images. Set the key again in File → Settings.",
            "saved": "Your API key is set: switch to live mode to generate with it. Until "
            "then a simulator on this computer makes the images.",
        }
        assert window.mode.toolTip() == plain_tooltip(tips[why])
        if why == "saved":  # and removed again before the switch
            dialog = await opened(window)
            dialog.forget_key.click()
            await save(dialog)
            assert window.mode.toolTip().startswith("No KIE API key is set")


def rows_top(form: QFormLayout, row: int) -> int:
    """Where the ``row`` of ``form`` starts (its label's or its field's top, the higher)."""
    items = (form.itemAt(row, role) for role in QFormLayout.ItemRole)
    return min(item.geometry().top() for item in items if item is not None)


async def test_the_kie_page_keeps_no_room_for_a_key_test_not_run(window: MainWindow) -> None:
    """The key test's outcome, hidden until a test, left its row's spacing: the Keyring row
    stood apart from Test key, twice as far as the rows above are from each other."""
    dialog = await opened(window)
    await settled(dialog)
    form = dialog.tabs.widget(0).layout()
    assert isinstance(form, QFormLayout)
    status_row, _ = form.getWidgetPosition(dialog.key_status)
    keyring_row, _ = form.getWidgetPosition(dialog.keyring_label)
    button_row = status_row + 1
    between = (
        rows_top(form, button_row)
        - form.itemAt(status_row, QFormLayout.ItemRole.FieldRole).geometry().bottom()
    )
    below = (
        rows_top(form, keyring_row)
        - form.itemAt(button_row, QFormLayout.ItemRole.FieldRole).geometry().bottom()
    )
    assert below == between

    dialog.key.edit.setText(NEW_KEY)
    dialog.test_key()
    await until(lambda: "credits" in dialog.test_result.text())
    await settled(dialog)
    assert dialog.test_result.isVisible()
    assert not dialog.test_icon.isVisible(), "no icon for a key that works"
    assert (
        rows_top(form, button_row + 1)
        > form.itemAt(button_row, QFormLayout.ItemRole.FieldRole).geometry().bottom()
    )


async def test_every_settings_page_puts_its_fields_at_the_same_place(window: MainWindow) -> None:
    """Each page's labels were as wide as its own longest: switching pages, the fields
    jumped left and right ("API key" short, "Secret access key" long). They start at one
    place on every page, as in a native dialog."""
    dialog = await opened(window)
    starts = {}
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        await settled(dialog)
        form = dialog.tabs.widget(index).layout()
        assert isinstance(form, QFormLayout)
        field = form.itemAt(0, QFormLayout.ItemRole.FieldRole)
        starts[dialog.tabs.tabText(index)] = field.geometry().left()
    assert len(set(starts.values())) == 1, starts


async def test_no_keyring_at_all_is_not_said_to_have_a_key_it_could_not_read(
    monkeypatch: pytest.MonkeyPatch, simulator: Simulator
) -> None:
    """With no system keyring, the key's line said "No key could be read from the keyring",
    the words for a locked one that may hold a key: there is no keyring to read, and the
    Keyring row below says so and what becomes of a key typed here."""
    monkeypatch.delenv("KIE_API_KEY")
    keyring.set_keyring(fail.Keyring())
    async with window_of(open_session(demo=True, schedule=fast_schedule())) as window:
        dialog = await opened(window)
        assert dialog.key_status.text() == "No key yet: type one to generate with KIE."
        assert dialog.keyring_label.text().startswith("No system keyring is available.")
        dialog.reject()


async def test_demo_mode_settings_name_the_demo_server_and_say_demo_mode_once(
    monkeypatch: pytest.MonkeyPatch, simulator: Simulator
) -> None:
    """In demo mode the time-out's note said "How long a job waits for KIE's image (Retry
    asks KIE again, at no charge)", and the KIE page said "No key yet: the app runs in demo
    mode." just above "Kontext Studio is in demo mode: results are simulated."."""
    monkeypatch.delenv("KIE_API_KEY")
    keyring.set_keyring(fail.Keyring())
    async with window_of(open_session(demo=True, schedule=fast_schedule())) as window:
        dialog = await opened(window)
        (note,) = [
            label.text() for label in dialog.findChildren(QLabel) if "timed out" in label.text()
        ]
        assert note == (
            "How long a job waits for the demo server's image before it is marked timed out "
            "(Retry asks the demo server again, without lowering the demo balance). A new "
            "time is used after a restart."
        )
        page = " ".join((dialog.key_status.text(), dialog.mode_note.text()))
        assert page.count("demo mode") == 1, page
        dialog.reject()


@pytest.mark.parametrize(
    "refusal",
    [
        keyring.errors.KeyringLocked("Failed to unlock the collection!"),  # Secret Service
        keyring.errors.PasswordDeleteError("Can't delete password in keychain: canceled"),  # macOS
    ],
)
async def test_a_key_the_keyring_refuses_to_remove_is_not_said_removed(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    refusal: keyring.errors.KeyringError,
) -> None:
    """A keyring locked since the dialog opened, its unlock prompt dismissed. Before, Save
    said "The API key was removed." and offered demo mode; the key was still in the
    keyring, and the next start was live with it."""
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    monkeypatch.delenv("KIE_API_KEY")

    def refuse(service: str, username: str) -> None:
        raise refusal

    dialog = await opened(window)
    dialog.forget_key.click()
    with monkeypatch.context() as locked:
        locked.setattr(memory_keyring, "delete_password", refuse)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        await until(lambda: not shiboken6.isValid(dialog) or dialog.save_error.isVisibleTo(dialog))
    assert shiboken6.isValid(dialog) and dialog.isVisible(), "closed as if the key was removed"
    assert dialog.save_error.isVisibleTo(dialog)
    assert dialog.save_error.text() == (
        "The stored key was not removed: the system keyring refused (it is locked, or its "
        "unlock prompt was dismissed).\nUnlock the keyring, then save again."
    )
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    assert not window.banner.isVisible()

    await save(dialog)  # unlocked now
    assert (secrets.SERVICE, secrets.KIE_KEY) not in memory_keyring.store
    assert window.banner.message() == "The API key was removed."


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (
            lock,
            "The stored key was not removed: the system keyring refused (it is locked, or its "
            "unlock prompt was dismissed).\nUnlock the keyring, then save again.",
        ),
        (
            stop_answering,
            "The stored key was not removed: the system keyring does not answer.\n"
            f"Save again; {AGAIN_IF_SILENT}",
        ),
    ],
)
async def test_a_key_the_keyring_cannot_remove_since_settings_opened_is_not_said_removed(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    fault: Callable[[MemoryKeyring, pytest.MonkeyPatch], None],
    said: str,
) -> None:
    """The key stored, Settings opened and Remove pressed while the keyring answered; then
    it stopped answering before Save. Before, the removal passed it over: Save said "The
    API key was removed." and offered demo mode, while the key stayed in the keyring, still
    recorded as held, and the next start was live with it."""
    secrets.set_secret(secrets.KIE_KEY, NEW_KEY)
    monkeypatch.delenv("KIE_API_KEY")
    dialog = await opened(window)
    dialog.forget_key.click()
    with monkeypatch.context() as failing:
        fault(memory_keyring, failing)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        await until(lambda: not shiboken6.isValid(dialog) or dialog.save_error.isVisibleTo(dialog))
        assert shiboken6.isValid(dialog) and dialog.isVisible(), "closed as if it was removed"
        assert dialog.save_error.text() == said
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    assert kie_key_recorded(session.paths) is True
    assert not window.banner.isVisible()

    await save(dialog)  # the keyring answers again
    assert (secrets.SERVICE, secrets.KIE_KEY) not in memory_keyring.store
    assert kie_key_recorded(session.paths) is False
    assert window.banner.message() == "The API key was removed."


async def test_removing_a_session_key_beside_a_silent_keyring_that_holds_one_is_not_said_done(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The keyring holds a key, then stops answering; a key typed in Settings is kept for
    this session only, and removed again. Before, the removal forgot the session's key and
    passed the keyring over: Save said "The API key was removed." and offered demo mode,
    while the older key stayed in the keyring, still recorded as held, and the next start
    was live with it."""
    secrets.set_secret(secrets.KIE_KEY, NEW_KEY)
    monkeypatch.delenv("KIE_API_KEY")
    stop_answering(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.key.edit.setText(OTHER_KEY)
    await save(dialog)
    assert secrets.is_session_only(secrets.KIE_KEY)

    dialog = await opened(window)
    assert dialog.forget_key.isEnabled()
    dialog.forget_key.click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: not shiboken6.isValid(dialog) or dialog.save_error.isVisibleTo(dialog))
    assert shiboken6.isValid(dialog) and dialog.isVisible(), "closed as if it was removed"
    assert dialog.save_error.text() == (
        "The key was not removed: the system keyring does not answer, and may hold a key too. "
        "The key kept for this session stays in use until both can be removed.\n"
        f"Save again; {AGAIN_IF_SILENT}"
    )
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    assert kie_key_recorded(session.paths) is True
    dialog.reject()


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (
            lock,
            "The stored key was not removed: the system keyring refused (it is locked, or its "
            "unlock prompt was dismissed).\nYour other changes were saved. Unlock the keyring, "
            "then save again.",
        ),
        (
            stop_answering,
            "The stored key was not removed: the system keyring does not answer.\n"
            f"Your other changes were saved. Save again; {AGAIN_IF_SILENT}",
        ),
    ],
)
async def test_changes_saved_beside_a_key_the_keyring_cannot_remove_outlive_cancel(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    fault: Callable[[MemoryKeyring, pytest.MonkeyPatch], None],
    said: str,
) -> None:
    """Another setting changed, Remove pressed, and the keyring failed the removal at Save.
    Before, nothing was saved, the dialog said only that the key was not removed, and an
    artist who then pressed Cancel lost the other change without a word."""
    secrets.set_secret(secrets.KIE_KEY, NEW_KEY)
    monkeypatch.delenv("KIE_API_KEY")
    assert session.settings.safety_tolerance != 5
    dialog = await opened(window)
    dialog.safety.setValue(5)
    dialog.forget_key.click()
    with monkeypatch.context() as failing:
        fault(memory_keyring, failing)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        await until(lambda: not shiboken6.isValid(dialog) or dialog.save_error.isVisibleTo(dialog))
        assert shiboken6.isValid(dialog) and dialog.isVisible(), "closed as if it was removed"
        assert dialog.save_error.text() == said
        assert dialog.key_status.text() == "The stored key will be removed when you save."
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        await until(lambda: not dialog.isVisible())
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    assert kie_key_recorded(session.paths) is True
    assert load_settings(session.paths).safety_tolerance == 5
    assert window.generate_tab.safety.value() == 5
    dialog = await opened(window)
    assert dialog.safety.value() == 5
    assert dialog.forget_key.isEnabled()
    dialog.reject()


async def test_a_new_r2_secret_the_keyring_refuses_after_the_key_says_the_older_one_stays(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    app_home: Path,
) -> None:
    """The keyring stores the new KIE key, then refuses the new R2 secret (its prompt
    dismissed), and still holds the older secret. Before: "A restart forgets it … or set up
    a system keyring", as if none were stored; after a restart, publishing used the older
    secret with the access key ID saved beside the new one, without a word. Then it was
    told, and the file still held the new access key ID: the R2 settings beside a secret the
    keyring refused keep their old values there, for the older secret a restart brings back
    (this session publishes with the new ones); the other settings are saved."""
    monkeypatch.delenv("KIE_API_KEY")
    older = "r2-older-secret-0123456789"
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, older)
    session.settings = session.settings.with_changes(
        r2=replace(session.settings.r2, access_key_id="OLDAKID")
    )
    save_settings(session.paths, session.settings)
    stores = memory_keyring.set_password

    def refuse_r2(service: str, username: str, password: str) -> None:
        if username == secrets.R2_SECRET:
            raise keyring.errors.PasswordSetError("Prompt dismissed")
        stores(service, username, password)

    monkeypatch.setattr(memory_keyring, "set_password", refuse_r2)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_access_key_id.setText("NEWAKID")
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.safety.setValue(5)
    await save(dialog)
    assert memory_keyring.store == {
        (secrets.SERVICE, secrets.KIE_KEY): NEW_KEY,
        (secrets.SERVICE, secrets.R2_SECRET): older,
    }
    on_disk = load_settings(session.paths)
    assert (on_disk.r2.access_key_id, on_disk.safety_tolerance) == ("OLDAKID", 5)
    assert session.settings.r2.access_key_id == "NEWAKID"
    assert window.banner.message() == (
        "The API key was saved in the system keyring. The system keyring did not take the new "
        "R2 secret, so it is kept for this session only."
    )
    assert window.banner.hint() == (
        "The keyring still holds the older secret, which publishing uses after a restart with "
        "the R2 settings saved with it, kept as they were: save the new one again once the "
        "keyring takes it, or start Kontext Studio with R2_SECRET_ACCESS_KEY in the "
        "environment."
    )
    dialog = await opened(window)
    dialog.show_publishing_page()
    assert dialog.r2_secret_status.text() == (
        "A secret is kept for this session only: the keyring did not take it, and still holds "
        "an older one. Until it takes the new one, R2 changes you save here last for this "
        "session only: after a restart, publishing uses the older secret with the R2 settings "
        "saved with it. Type the new secret and save again once the keyring takes it."
    )
    assert dialog.r2_access_key_id.text() == "NEWAKID"
    dialog.r2_bucket.setText("later")
    await save(dialog)  # a later save, the secret still this session's, keeps them too
    assert load_settings(session.paths).r2.access_key_id == "OLDAKID"
    assert session.settings.r2.bucket == "later"
    assert files_containing(app_home, NEW_R2_SECRET) == []


async def test_r2_changes_saved_beside_a_session_secret_and_an_older_one_are_said_so(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The keyring refused a new R2 secret and holds an older one; later the artist changes
    only the bucket and saves. Before: "Settings saved.", and at the next start the bucket
    was the one saved with the older secret, the change gone without a word. Now the
    banner says the R2 changes last for this session only, and why; a save that leaves the
    R2 fields alone says nothing of them."""
    monkeypatch.delenv("KIE_API_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, OLDER_R2_SECRET)
    session.settings = session.settings.with_changes(
        r2=replace(session.settings.r2, bucket="before")
    )
    save_settings(session.paths, session.settings)

    def refuse(service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    window.banner.dismiss(BannerKind.KEY)

    dialog = await opened(window)
    dialog.r2_bucket.setText("later")
    await save(dialog)
    assert load_settings(session.paths).r2.bucket == "before"
    assert window.banner.isVisible()
    assert window.banner.message() == (
        "Your R2 changes are kept for this session only: the system keyring has not taken the "
        "new R2 secret, and still holds the older one."
    )
    assert window.banner.hint() == (
        "After a restart, publishing uses the older secret with the R2 settings saved with it. "
        "Type the new secret and save again once the keyring takes it: your R2 changes are "
        "saved with it."
    )
    window.banner.dismiss(BannerKind.KEY)

    dialog = await opened(window)
    dialog.safety.setValue(5)
    await save(dialog)
    assert not window.banner.isVisible()
    assert window.statusBar().currentMessage() == "Settings saved."


async def test_a_keyring_refusing_both_secrets_does_not_say_a_restart_forgets_the_older_one(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring refuses both the new KIE key and the new R2 secret, and still holds an
    older secret. Before: "A restart forgets them", said of both at once, where a restart
    brought the older secret back to publish with."""
    monkeypatch.delenv("KIE_API_KEY")
    older = "r2-older-secret-0123456789"
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, older)

    def refuse(service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert memory_keyring.store == {(secrets.SERVICE, secrets.R2_SECRET): older}
    assert "A restart forgets them" not in window.banner.hint()
    assert "The keyring still holds the older secret, which publishing uses after a restart" in (
        window.banner.hint()
    )


async def test_secrets_the_keyring_refuses_but_already_holds_are_not_said_forgotten(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring reads, but refuses to store (its prompt dismissed) the very key and R2
    secret it holds already. Before: "did not take the API key, so it is kept for this
    session only … A restart forgets it", and Settings said so again, where a restart used
    the same key and secret from the keyring."""
    monkeypatch.delenv("KIE_API_KEY", raising=False)
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, NEW_R2_SECRET)

    def refuse(*_: object) -> None:
        raise keyring.errors.KeyringLocked("Prompt dismissed")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert window.banner.message() == (
        "The system keyring already holds this API key: it is unchanged."
    )
    assert "restart" not in window.banner.hint()
    dialog = await opened(window)
    assert dialog.key_status.text() == "A key is set. Type a new one to replace it."
    assert dialog.r2_secret_status.text() == "A secret is stored. Type a new one to replace it."
    dialog.reject()


async def test_saving_the_key_the_keyring_holds_again_says_it_is_unchanged(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artist saves a new key, then, unsure it was taken, types it again and saves.
    Before, the second Save wrote it again and said once more "The API key was saved in
    the system keyring."; now nothing is written, and the banner says it is unchanged,
    still offering the switch the key waits for."""
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert window.banner.message() == "The API key was saved in the system keyring."
    written: list[tuple[str, ...]] = []
    monkeypatch.setattr(memory_keyring, "set_password", lambda *call: written.append(call))
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert written == []
    assert window.banner.message() == (
        "The system keyring already holds this API key: it is unchanged."
    )
    assert window.banner.action_button.text() == "Use the new key"


async def test_saving_the_key_in_use_again_says_only_that_the_settings_were_saved(
    simulator: Simulator, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs live with the key the keyring holds, and the artist pastes that key
    again. Before: "The API key was saved in the system keyring." with "Use the new key",
    which reopened the window on the very key it had."""
    monkeypatch.delenv("KIE_API_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    async with window_of(open_session(schedule=fast_schedule())) as window:
        assert window.session.key == NEW_KEY
        dialog = await opened(window)
        dialog.key.edit.setText(NEW_KEY)
        await save(dialog)
        assert not window.banner.isVisible()
        assert window.statusBar().currentMessage() == "Settings saved."


@contextlib.asynccontextmanager
async def new_key_kept_for_the_session(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[MainWindow]:
    """A window live on the keyring's key (NEW_KEY), in which OTHER_KEY was saved while the
    keyring refuses every key: kept for this session, with "Use the new key" offered."""
    monkeypatch.delenv("KIE_API_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)

    def refuse(*_: object) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed.")

    async with window_of(open_session(schedule=fast_schedule())) as window:
        monkeypatch.setattr(memory_keyring, "set_password", refuse)
        dialog = await opened(window)
        dialog.key.edit.setText(OTHER_KEY)
        await save(dialog)
        yield window


async def test_the_key_in_use_saved_again_takes_away_the_switch_to_a_session_key(
    simulator: Simulator, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs live on the keyring's key; a new key the keyring refuses is kept for
    this session, with "Use the new key" offered. The artist thinks better of it and saves
    the key in use again: the session's new key is forgotten. Before, "Use the new key"
    stayed in the File menu and on the banner, and reopened the window on the same key."""
    store = memory_keyring.set_password
    async with new_key_kept_for_the_session(memory_keyring, monkeypatch) as window:
        assert window.switch_action.isVisible(), "offered for the session's key"
        assert window.banner.action_button.text() == "Use the new key"

        monkeypatch.setattr(memory_keyring, "set_password", store)
        dialog = await opened(window)
        dialog.key.edit.setText(NEW_KEY)
        await save(dialog)
        assert not window.switch_action.isVisible()
        assert not window.banner.isVisible()
        assert window.statusBar().currentMessage() == "Settings saved."


async def test_the_switch_withdrawn_leaves_the_r2_secret_s_banner_said_after_it(
    simulator: Simulator, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new key the keyring refuses is kept for this session, with "Use the new key"; an
    R2 secret saved next, refused too, is said in that banner's place. The artist then
    saves the key in use again: the switch is withdrawn, and with it went the banner of
    its kind, which said the R2 secret was kept for this session only, a restart to forget
    it unsaid."""
    async with new_key_kept_for_the_session(memory_keyring, monkeypatch) as window:
        assert window.banner.action_button.text() == "Use the new key"
        dialog = await opened(window)
        dialog.r2_secret.edit.setText(NEW_R2_SECRET)
        await save(dialog)
        r2_kept = window.banner.message()
        assert "R2 secret" in r2_kept, r2_kept

        dialog = await opened(window)
        dialog.key.edit.setText(NEW_KEY)
        await save(dialog)
        assert not window.switch_action.isVisible()
        assert window.banner.isVisible()  # before: gone with the switch
        assert window.banner.message() == r2_kept
        assert not window.banner.action_button.isVisible()


async def test_the_environment_s_key_saved_again_forgets_a_refused_key_and_its_switch(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs on KIE_API_KEY's key; the keyring refuses every key saved. A new key is
    kept for this session, with "Use the new key"; the artist then saves the key in use
    again. Before, the new key stayed this session's, "Use the new key" stayed offered and
    switched to it, and Settings said a key was kept for this session only."""

    def refuse(*_: object) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed.")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    dialog.key.edit.setText(OTHER_KEY)
    await save(dialog)
    assert window.switch_action.isVisible()

    dialog = await opened(window)
    dialog.key.edit.setText(TEST_KEY)
    await save(dialog)
    assert not window.switch_action.isVisible()
    assert not window.banner.action_button.isVisible()
    assert secrets.get_secret(secrets.KIE_KEY) == TEST_KEY
    dialog = await opened(window)
    assert "session only" not in dialog.key_status.text()
    dialog.reject()


@pytest.mark.parametrize(
    "refusal",
    [
        keyring.errors.PasswordSetError("Prompt dismissed."),
        keyring.errors.KeyringLocked("Failed to unlock the collection!"),
    ],
)
async def test_a_keyring_that_did_not_take_the_key_is_not_said_to_work_until_it_takes_one(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    refusal: keyring.errors.KeyringError,
) -> None:
    """The keyring reads, but refuses the key saved (a write refused, or its unlock prompt
    dismissed): the key is kept for this session only. Before, the Keyring row said right
    after "works. Keys are stored there, nowhere else." of it."""
    store = memory_keyring.set_password

    def refuse(*_: object) -> None:
        raise refusal

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    assert "works" in dialog.keyring_label.text(), "nothing refused yet"
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)

    dialog = await opened(window)
    said = dialog.keyring_label.text().replace("\u200b", "")
    assert said == (
        f"{type(memory_keyring).__module__}.MemoryKeyring: it did not take the API key you "
        "saved (it is locked, its unlock prompt was dismissed, or it refused). The API key is "
        "kept for this session only. Save it again once the keyring takes it."
    )
    assert dialog.keyring_label.objectName() == "warningText"

    monkeypatch.setattr(memory_keyring, "set_password", store)
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    dialog = await opened(window)
    assert "works. Keys are stored there, nowhere else." in dialog.keyring_label.text()
    assert dialog.keyring_label.objectName() == "okText"
    dialog.reject()


async def test_a_keyring_that_took_the_r2_secret_but_not_the_key_is_not_said_to_work(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring refuses the key saved (kept for this session only), then takes an R2
    secret saved after it. Before, that R2 secret put the Keyring row back to "works. Keys
    are stored there, nowhere else." while the key in use was still this session's only."""
    store = memory_keyring.set_password

    def refuse_the_key(service: str, name: str, value: str) -> None:
        if name == secrets.KIE_KEY:
            raise keyring.errors.PasswordSetError("Prompt dismissed.")
        store(service, name, value)

    monkeypatch.setattr(memory_keyring, "set_password", refuse_the_key)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert secrets.is_session_only(secrets.KIE_KEY)

    dialog = await opened(window)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == NEW_R2_SECRET

    dialog = await opened(window)
    assert "works" not in dialog.keyring_label.text()
    assert dialog.keyring_label.objectName() == "warningText"
    dialog.reject()


async def test_the_key_in_use_from_the_environment_saved_again_offers_no_switch(
    window: MainWindow, memory_keyring: MemoryKeyring
) -> None:
    """The window runs on KIE_API_KEY's key, the keyring empty; the artist pastes that key
    (with a space around it) in Settings. Before: "The API key was saved in the system
    keyring." with "Use the new key", which reopened the window on the very key it had."""
    assert window.session.key == TEST_KEY
    dialog = await opened(window)
    dialog.key.edit.setText(f" {TEST_KEY} ")
    await save(dialog)
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == TEST_KEY
    assert window.banner.message() == "The API key in use was saved in the system keyring."
    assert not window.banner.action_button.isVisible()
    assert not window.switch_action.isVisible()


async def test_the_environment_s_key_the_keyring_refuses_is_not_said_to_work(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs on KIE_API_KEY's key; the artist saves it in Settings and the keyring
    refuses it (its prompt dismissed). Before, the Keyring row said after "works. Keys are
    stored there, nowhere else." of the keyring that holds no key."""

    def refuse(*_: object) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed.")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    dialog.key.edit.setText(TEST_KEY)
    await save(dialog)

    dialog = await opened(window)
    assert "works" not in dialog.keyring_label.text()
    # It comes from KIE_API_KEY, which a restart uses as before: not "kept for this session".
    assert dialog.keyring_label.text().replace("\u200b", "") == (
        f"{type(memory_keyring).__module__}.MemoryKeyring: it did not take the API key you "
        "saved (it is locked, its unlock prompt was dismissed, or it refused). The API key "
        "stays in use from the environment (KIE_API_KEY). Save it again once the keyring "
        "takes it."
    )
    assert dialog.keyring_label.objectName() == "warningText"
    dialog.reject()


def time_out_writes(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring reads, but each write times out: its library's D-Bus error, not a lock."""

    def timed_out(*_: object) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    monkeypatch.setattr(memory_keyring, "set_password", timed_out)


async def test_a_key_whose_write_timed_out_is_not_said_refused(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring reads (it "works"), then the write of the key saved times out. Before, the
    banner sent the artist to unlock the keyring and the Keyring row said it was locked or
    refused: it only did not answer, which no unlock mends."""
    monkeypatch.delenv("KIE_API_KEY")
    time_out_writes(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert window.banner.message() == (
        "The system keyring did not take the API key, so it is kept for this session only."
    )
    assert window.banner.hint() == (
        "To keep it after a restart, save the key again once the system keyring answers "
        "(restart its service, or log out and back in), or start Kontext Studio with the key "
        "in the KIE_API_KEY environment variable."
    )

    dialog = await opened(window)
    assert dialog.keyring_label.text().replace("\u200b", "") == (
        f"{type(memory_keyring).__module__}.MemoryKeyring: it did not answer when asked to "
        "store the API key you saved. The API key is kept for this session only. Save it "
        "again once the keyring answers (if it still does not, restart its service, or log "
        "out and back in)."
    )
    dialog.reject()


async def test_a_save_waits_on_a_write_that_timed_out_once(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring reads, but its writes time out (about 25 s each on D-Bus); both secrets
    are saved. Before, the key's write was asked again after the R2 secret's had timed out,
    and the Save waited twice as long with its buttons greyed. Both are still said to be
    kept for this session, the keyring not answering."""
    writes: list[str] = []

    def timed_out(service: str, username: str, password: str) -> None:
        writes.append(username)
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    monkeypatch.setattr(memory_keyring, "set_password", timed_out)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert writes == [secrets.R2_SECRET]
    assert secrets.is_session_only(secrets.KIE_KEY)
    assert secrets.is_session_only(secrets.R2_SECRET)
    assert window.banner.hint() == (
        "To keep them after a restart, save them again once the system keyring answers "
        "(restart its service, or log out and back in), or start Kontext Studio with "
        "KIE_API_KEY and R2_SECRET_ACCESS_KEY in the environment."
    )


async def test_the_environment_s_key_whose_write_timed_out_stays_in_use_from_there(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs on KIE_API_KEY's key, saved in Settings; its write times out. Before,
    the Keyring row said the key was kept for this session only, of the key a restart takes
    from the environment again, and that the keyring was locked or refused."""
    time_out_writes(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.key.edit.setText(TEST_KEY)
    await save(dialog)

    dialog = await opened(window)
    assert dialog.keyring_label.text().replace("\u200b", "") == (
        f"{type(memory_keyring).__module__}.MemoryKeyring: it did not answer when asked to "
        "store the API key you saved. The API key stays in use from the environment "
        "(KIE_API_KEY). Save it again once the keyring answers (if it still does not, restart "
        "its service, or log out and back in)."
    )
    dialog.reject()


async def test_a_refused_key_removed_beside_the_environment_s_leaves_no_warning(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window runs on KIE_API_KEY's key; the keyring refuses a new key, kept for this
    session, which the Keyring row says. The artist removes it (Remove stored key, Save):
    nothing is kept for this session any more. Before, the row went on saying that a key
    was kept for this session only."""

    def refuse(*_: object) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed.")

    def none_to_remove(*_: object) -> None:  # as the Secret Service says of none held
        raise keyring.errors.PasswordDeleteError("Item not found")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    monkeypatch.setattr(memory_keyring, "delete_password", none_to_remove)
    dialog = await opened(window)
    dialog.key.edit.setText(OTHER_KEY)
    await save(dialog)
    dialog = await opened(window)
    assert "kept for this session only" in dialog.keyring_label.text()
    dialog.forget_key.click()
    await save(dialog)
    assert not secrets.is_session_only(secrets.KIE_KEY)

    dialog = await opened(window)
    assert "works" in dialog.keyring_label.text()
    assert dialog.keyring_label.objectName() == "okText"
    dialog.reject()


@pytest.mark.parametrize("came_from", ["environment", "keyring"])
async def test_the_key_in_use_a_locked_keyring_does_not_take_offers_no_switch(
    simulator: Simulator,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    came_from: str,
) -> None:
    """The keyring locked since the start, its unlock prompt dismissed; the artist pastes
    the key the window uses (KIE_API_KEY's, or the one read from the keyring at start).
    Before: "did not take the API key, so it is kept for this session only … A restart
    forgets it" with "Use the new key", which reopened the window on the same key; and
    Settings said after that the key in use was kept for this session only."""
    in_use = TEST_KEY
    if came_from == "keyring":
        monkeypatch.delenv("KIE_API_KEY")
        in_use = NEW_KEY
        memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, in_use)
    async with window_of(open_session(schedule=fast_schedule())) as window:
        assert window.session.key == in_use
        lock(memory_keyring, monkeypatch)
        dialog = await opened(window)
        dialog.key.edit.setText(in_use)
        await save(dialog)
        assert window.banner.message() == (
            "The system keyring did not take the API key. It is the key in use already, which "
            "stays in use."
        )
        assert not window.banner.action_button.isVisible()
        assert not window.switch_action.isVisible()
        assert not secrets.is_session_only(secrets.KIE_KEY)


async def test_a_new_key_the_keyring_refuses_beside_an_older_one_is_not_said_forgotten(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring answers, refuses the new KIE key (its prompt dismissed), and still holds
    an older one. Before: "A restart forgets it. To keep it, start Kontext Studio with the
    key in the KIE_API_KEY environment variable", in the banner and in Settings; a restart
    in fact went live with the older key, which wins over KIE_API_KEY too."""
    monkeypatch.delenv("KIE_API_KEY")
    older = "kie-older-key-0123456789abc"
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, older)

    def refuse(service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("Prompt dismissed")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert memory_keyring.store == {(secrets.SERVICE, secrets.KIE_KEY): older}
    assert window.banner.message() == (
        "The system keyring did not take the API key, so it is kept for this session only."
    )
    assert window.banner.hint() == (
        "The keyring still holds the older key, which Kontext Studio uses after a restart: "
        "save the new one again once the keyring takes it."
    )
    dialog = await opened(window)
    assert dialog.key_status.text() == (
        "A key is kept for this session only: the keyring did not take it, and still holds an "
        "older one, which is used after a restart. Save the key again once the keyring takes it."
    )
    dialog.reject()


@pytest.mark.parametrize("r2_too", [False, True])
async def test_a_key_saved_beside_a_keyring_that_refused_its_read_is_not_said_forgotten(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    r2_too: bool,
) -> None:
    """The keyring holds an older key (and R2 secret), and is locked: it refuses the Save's
    first read, and is asked nothing more in that Save, so whether it holds the key typed,
    or an older one, is not known. Before, the banner sent the artist to KIE_API_KEY, which
    a key the keyring holds wins over, and Settings said a restart forgets the key, where a
    restart uses the older one."""
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, OTHER_KEY)
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "r2-older-secret")
    lock(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    if r2_too:
        dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert secrets.is_session_only(secrets.KIE_KEY)
    if r2_too:
        assert window.banner.hint() == (
            "The keyring could not be read, so any key or secret it holds already is what a "
            "restart uses: to keep these, unlock the system keyring (or allow Kontext Studio "
            "access when it asks) and save them again."
        )
    else:
        assert window.banner.message() == (
            "The system keyring did not take the API key, so it is kept for this session only."
        )
        assert window.banner.hint() == (
            "The keyring could not be read, so any key it holds already is the one a restart "
            "uses: to keep this one, unlock the system keyring (or allow Kontext Studio access "
            "when it asks) and save it again."
        )

    dialog = await opened(window)
    assert dialog.key_status.text() == (
        "A key is kept for this session only. The keyring cannot be read now: a key it may "
        "hold is the one used after a restart."
    )
    dialog.reject()


async def test_an_r2_secret_saved_beside_a_locked_keyring_is_not_said_forgotten(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring holds an older R2 secret, and is locked: the R2 secret saved is kept for
    this session. Before, its line said "a restart forgets it", where a restart that reads
    the keyring publishes with the older one, as the key's line says of the key."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "r2-older-secret")
    lock(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert secrets.is_session_only(secrets.R2_SECRET)

    dialog = await opened(window)
    assert dialog.r2_secret_status.text() == (
        "A secret is kept for this session only. The keyring cannot be read now: a secret it "
        "may hold is the one used after a restart, with the R2 settings saved with it, so R2 "
        "changes you save here last for this session only. Save the secret again once the "
        "keyring can be read, or set R2_SECRET_ACCESS_KEY in the environment."
    )
    dialog.reject()


async def test_r2_settings_saved_beside_a_keyring_that_cannot_be_read_keep_their_pair(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    unreadable: Callable[[], None],
) -> None:
    """The keyring holds an older R2 secret, saved with the access key ID OLDAKID, and
    cannot be read (locked, or not answering); the artist types a new access key ID and
    secret, and saves. Before, the file took NEWAKID: after a restart, with the keyring
    unlocked, publishing signed with NEWAKID and the older secret, and R2 "refused the
    keys" with no clue why. Now the file keeps the pair a restart may use, this session
    publishes with the new one, and the banner says so; a later Save, the keyring still
    unread, keeps them too."""
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY", raising=False)
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, OLDER_R2_SECRET)
    session.settings = session.settings.with_changes(
        r2=replace(session.settings.r2, access_key_id="OLDAKID", bucket="before")
    )
    save_settings(session.paths, session.settings)
    unreadable()
    dialog = await opened(window)
    dialog.r2_access_key_id.setText("NEWAKID")
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.safety.setValue(5)
    await save(dialog)
    on_disk = load_settings(session.paths)
    assert (on_disk.r2.access_key_id, on_disk.safety_tolerance) == ("OLDAKID", 5)
    assert session.settings.r2.access_key_id == "NEWAKID"
    assert secrets.get_secret(secrets.R2_SECRET, ask_keyring=False) == NEW_R2_SECRET
    assert window.banner.message() == (
        "The system keyring did not take the new R2 secret, so it and your R2 changes are "
        "kept for this session only."
    )
    assert window.banner.hint() == (
        "The keyring could not be read, so it may hold an older secret, which publishing "
        "would use after a restart: the R2 settings saved with it are kept as they were. Type "
        "the new secret and save again once the keyring can be read, or start Kontext Studio "
        "with R2_SECRET_ACCESS_KEY in the environment."
    )
    window.banner.dismiss(BannerKind.KEY)

    dialog = await opened(window)
    dialog.r2_bucket.setText("later")
    await save(dialog)
    assert load_settings(session.paths).r2.bucket == "before"
    assert session.settings.r2.bucket == "later"
    assert window.banner.message() == (
        "Your R2 changes are kept for this session only: the system keyring has not taken the "
        "new R2 secret."
    )


async def test_r2_set_up_first_beside_a_keyring_that_cannot_be_read_is_saved(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The artist sets up publishing for the first time, the keyring locked: the file's R2
    settings, saved empty by an earlier Save, name no access key ID any older secret the
    keyring may hold goes with. Before, they were kept as they were all the same: after a
    restart every R2 field was empty again, to be typed anew with the secret, and the banner
    spoke of "the R2 settings saved with it". Now they are saved; only the secret, which the
    keyring did not take, is this session's."""
    session.settings = session.settings.with_changes(r2=R2Settings())
    save_settings(session.paths, session.settings)
    lock(memory_keyring, monkeypatch)
    await r2_set_up(window, "NEWAKID")
    on_disk = load_settings(session.paths).r2
    assert (on_disk.endpoint, on_disk.bucket, on_disk.access_key_id) == (
        "http://127.0.0.1:9",
        "art",
        "NEWAKID",
    )
    assert window.banner.message() == (
        "The system keyring did not take the R2 secret, so it is kept for this session only."
    )


async def test_r2_settings_saved_beside_a_keyring_that_cannot_be_loaded_are_saved(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The keyring chosen (PYTHON_KEYRING_BACKEND) cannot be loaded: there is no keyring,
    which holds no older secret for the file's R2 settings to be kept for. The new access
    key ID is saved, not kept for this session as beside a locked keyring, which may hold
    one; the banner says no keyring took the secret, not that one could not be read."""
    session.settings = session.settings.with_changes(
        r2=replace(session.settings.r2, access_key_id="OLDAKID")
    )
    save_settings(session.paths, session.settings)

    def unloadable() -> None:
        raise ImportError("No module named 'no_such_keyring'")

    monkeypatch.setattr(keyring, "get_keyring", unloadable)
    dialog = await opened(window)
    dialog.r2_access_key_id.setText("NEWAKID")
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert load_settings(session.paths).r2.access_key_id == "NEWAKID"
    assert window.banner.message() == (
        "The system keyring did not take the R2 secret, so it is kept for this session only."
    )


@pytest.mark.parametrize("held", ["a key", "not known"])
async def test_removing_a_session_key_beside_a_locked_keyring_says_neither_was_removed(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    held: str,
) -> None:
    """A key typed beside a locked keyring is kept for this session only; Remove, Save.
    The keyring held a key when last read (or that is not known), so the removal waits
    for it. Before: "The stored key was not removed", of a key the artist was told was
    kept for this session only, as if the keyring surely held one, and nothing said that
    the session's key stays in use."""
    monkeypatch.delenv("KIE_API_KEY")
    if held == "a key":
        secrets.set_secret(secrets.KIE_KEY, NEW_KEY)
    else:  # settings an older version left: whether it stored a key is not recorded
        session.paths.settings_file.write_text("{}", encoding="utf-8")
    lock(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.key.edit.setText(OTHER_KEY)
    await save(dialog)
    assert secrets.is_session_only(secrets.KIE_KEY)

    dialog = await opened(window)
    assert dialog.key_status.text() == (
        "A key is kept for this session only. The keyring cannot be read now: a key it may "
        "hold is the one used after a restart."
    )
    dialog.forget_key.click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: not shiboken6.isValid(dialog) or dialog.save_error.isVisibleTo(dialog))
    assert shiboken6.isValid(dialog) and dialog.isVisible(), "closed as if it was removed"
    assert dialog.save_error.text() == (
        "The key was not removed: the system keyring refused (it is locked, or its unlock "
        "prompt was dismissed), and may hold a key too. The key kept for this session stays "
        "in use until both can be removed.\nUnlock the keyring, then save again."
    )
    assert secrets.get_secret(secrets.KIE_KEY, ask_keyring=False) == OTHER_KEY
    dialog.reject()


async def test_a_session_key_beside_a_locked_keyring_that_held_none_can_be_removed(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The stored key removed, then the keyring locked; a key typed in Settings is kept for
    this session only, and removed again. Before, the removal was refused ("Unlock the
    keyring, then save again") and the session's key kept, though the keyring held none
    when last known: a keyring that does not answer had it forgotten."""
    secrets.set_secret(secrets.KIE_KEY, NEW_KEY)
    monkeypatch.delenv("KIE_API_KEY")
    dialog = await opened(window)
    dialog.forget_key.click()
    await save(dialog)
    assert kie_key_recorded(session.paths) is False
    lock(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.key.edit.setText(OTHER_KEY)
    await save(dialog)
    assert secrets.is_session_only(secrets.KIE_KEY)

    dialog = await opened(window)
    dialog.forget_key.click()
    await save(dialog)
    assert window.banner.message() == "The API key was removed."
    assert secrets.get_secret(secrets.KIE_KEY, ask_keyring=False) is None


async def test_a_switch_while_the_upload_tab_adds_files_waits_and_says_so(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """Before, it said "Wait until publishing has finished" while only files were added; and
    it stayed once they were, the switch not made: it says to switch again, and goes."""
    memory_keyring.set_password(secrets.SERVICE, secrets.KIE_KEY, NEW_KEY)
    monkeypatch.delenv("KIE_API_KEY")
    dialog = await opened(window)
    dialog.forget_key.click()
    await save(dialog)
    picture = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), "navy").save(picture)
    upload = window.upload_tab
    assert len(upload.add_files([picture])) == 1
    await until(lambda: not upload.checking)
    upload.add_to_library()
    assert upload.busy
    window.banner.action_button.click()
    assert window.banner.message() == (
        "Wait until the Upload tab has added its files, then switch again: switching now "
        "would stop it."
    )
    assert window.banner.action_button.text() == "Switch to demo mode"
    assert window.isVisible(), "not switched"
    await until(lambda: not upload.busy)
    await until(lambda: window.banner.banner(BannerKind.KEY) is None)
    assert window.isVisible(), "not switched"


async def test_saving_settings_keeps_the_mode_badge_in_sight(window: MainWindow) -> None:
    """Before, "Settings saved." took the badge's place in the status bar for a moment."""
    assert window.mode.badge.isVisible()
    await save(await opened(window))
    assert window.statusBar().currentMessage() == "Settings saved."
    assert window.mode.badge.isVisible()
    assert window.mode.text() == "LIVE"


async def test_saving_another_language_says_it_shows_after_a_restart(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, 简体中文 chosen and saved said "Settings saved." over a window still in
    English, as if the choice had been lost: that a new language shows after a restart was
    only in the Language page's small print. Choosing the language in use again says nothing
    more."""
    monkeypatch.delenv("KONTEXT_STUDIO_LANG")
    dialog = await opened(window)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    await save(dialog)
    assert window.statusBar().currentMessage() == (
        "Settings saved. The new language shows after Kontext Studio restarts."
    )

    dialog = await opened(window)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    await save(dialog)
    assert window.statusBar().currentMessage() == "Settings saved."


@pytest.mark.parametrize(
    ("locked", "said"),
    [
        (False, "The API key was saved in the system keyring."),
        (True, "The system keyring did not take the API key, so it is kept for this session only."),
    ],
)
async def test_another_language_saved_with_a_new_key_says_it_shows_after_a_restart(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
    locked: bool,
    said: str,
) -> None:
    """简体中文 chosen and a new key typed, saved at once (the keyring locked, or not).
    Before, the banner said what became of the key and nothing said the language shows only
    after a restart: the window, still in English, read as if the choice had been lost."""
    monkeypatch.delenv("KONTEXT_STUDIO_LANG")
    if locked:
        lock(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.key.edit.setText(NEW_KEY)
    await save(dialog)
    assert load_settings(session.paths).language == "zh_CN"
    assert window.banner.message() == said
    assert window.statusBar().currentMessage() == (
        "Settings saved. The new language shows after Kontext Studio restarts."
    )


async def test_the_language_page_says_when_the_environment_sets_the_language(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tests run with KONTEXT_STUDIO_LANG=en: English is in use whatever is chosen;
    without the variable the saved choice is the one in use, and nothing more is said."""
    dialog = await opened(window)
    assert dialog.language_forced.text() == (
        "English is in use: the KONTEXT_STUDIO_LANG environment variable sets it, whatever "
        "is chosen here. A language chosen here is saved, and is used once "
        "KONTEXT_STUDIO_LANG is no longer set."
    )
    assert not dialog.language_forced.isHidden()

    for value in ("", "fr_FR"):  # unset, or a language without a catalogue: passed over
        dialog.reject()
        await until(lambda: window._settings_dialog is None)
        monkeypatch.setenv("KONTEXT_STUDIO_LANG", value)
        dialog = await opened(window)
        assert dialog.language_forced.isHidden()
        assert dialog.language_forced.text() == ""


async def test_the_default_safety_tolerance_says_what_its_numbers_mean(window: MainWindow) -> None:
    """Settings showed "Safety tolerance [2]" and nothing more: which end is strict was
    only in a tooltip, where the Generate tab says "0 strict … 6 permissive" beside it."""
    dialog = await opened(window)
    dialog.tabs.setCurrentIndex(1)
    notes = [
        label
        for label in dialog.tabs.currentWidget().findChildren(QLabel)
        if "permissive" in label.text() and label.isVisibleTo(dialog)
    ]
    assert [note.text() for note in notes] == ["0 strict … 6 permissive (an edit: 2 at most)"]
    dialog.reject()


async def test_the_publishing_page_opens_in_its_first_empty_field(
    window: MainWindow, memory_keyring: MemoryKeyring
) -> None:
    """Opened from "Publishing is not set up", the R2 page left the keyboard on the tab bar:
    the artist Tabbed through it to find what was missing."""
    dialog = await opened(window)
    dialog.show_publishing_page()
    assert dialog.focusWidget() is dialog.r2_endpoint
    dialog.r2_endpoint.setText("0123456789abcdef0123456789abcdef")
    dialog.r2_bucket.setText("artworks")
    dialog.show_publishing_page()
    assert dialog.focusWidget() is dialog.r2_access_key_id
    dialog.r2_access_key_id.setText("AKIDEXAMPLE")
    dialog.show_publishing_page()
    assert dialog.focusWidget() is dialog.r2_secret.edit, "no secret stored yet"
    dialog.reject()


async def test_open_settings_of_a_rejected_key_takes_the_new_key_typed_at_once(
    window: MainWindow, simulator: Simulator
) -> None:
    """The banner's Open Settings ("KIE rejected the API key… enter a valid KIE API key")
    opened the settings with the keyboard on their tab bar: the key pasted (Ctrl+V) or
    typed went nowhere, and the artist had to click into the field the banner had just sent
    them to."""
    simulator.update(api_key="another-key")
    window.generate_tab.prompt.setPlainText("a fox with a disabled key")
    assert window.generate_tab.generate()
    await until(lambda: window.banner.banner(BannerKind.REFUSED_KEY) is not None)
    assert window.banner.action_button.text() == "Open Settings"
    window.banner.action_button.click()
    dialog = window._settings_dialog
    assert dialog is not None
    await until(lambda: dialog.secret_state is not None)
    typed_in = dialog.focusWidget()
    assert typed_in is not None
    QTest.keyClicks(typed_in, NEW_KEY)
    assert dialog.key.text() == NEW_KEY
    dialog.reject()


async def test_opened_for_publishing_a_missing_secret_gets_the_keyboard(
    window: MainWindow, memory_keyring: MemoryKeyring, session: Session
) -> None:
    """Open settings in "Publishing is not set up" asks for the R2 page at once, before the
    keyring (read in the background) has said whether a secret is stored: with the endpoint,
    bucket and key ID filled and the secret gone (kept for a session only, then a restart),
    the keyboard went to the endpoint, the one field that was not missing."""
    r2 = R2Settings(endpoint="0123456789abcdef0123456789abcdef", bucket="art", access_key_id="AK")
    session.settings = replace(session.settings, r2=r2)
    dialog = window.open_settings()
    dialog.show_publishing_page()
    await until(lambda: dialog.secret_state is not None)
    assert dialog.focusWidget() is dialog.r2_secret.edit
    dialog.reject()
    await until(lambda: window._settings_dialog is None)
    # Typing in the field chosen before the keyring answered: the keyboard stays there.
    session.settings = replace(session.settings, r2=replace(r2, bucket=""))
    dialog = window.open_settings()
    dialog.show_publishing_page()
    assert dialog.focusWidget() is dialog.r2_bucket
    QTest.keyClicks(dialog.r2_bucket, "art")
    await until(lambda: dialog.secret_state is not None)
    assert dialog.focusWidget() is dialog.r2_bucket
    dialog.reject()


async def test_another_bucket_saved_in_settings_offers_publish_for_a_row_published_in_the_old(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """A row of the Upload tab read "Already in your library, and published", published in
    the bucket the R2 settings named, and Publish was grey. Another bucket saved in Settings,
    Publish is offered for it (it is not published there), as the tab offers it for a row
    published in another bucket than the settings name; before, it stayed grey until
    something else changed in the tab."""
    session.settings = replace(
        session.settings, r2=R2Settings(endpoint="r2.example", bucket="old-art")
    )
    path = tmp_path / "heron.png"
    Image.new("RGB", (64, 48), (40, 90, 160)).save(path)
    (artwork,) = import_artworks(session.ledger, [path], library_dir=session.engine.library_dir)
    assert not isinstance(artwork, Exception)
    session.ledger.update(
        artwork.id,
        published_key="artworks/heron.png",
        published_bucket="old-art",
        published_host="r2.example",
    )
    tab = window.upload_tab
    (item,) = tab.add_files([path])
    await until(lambda: not tab.checking)
    assert tab.row(item).status.text() == "Already in your library, and published"
    assert not tab.publish_button.isEnabled()

    dialog = await opened(window)
    dialog.r2_bucket.setText("new-art")
    await save(dialog)
    assert session.settings.r2.bucket == "new-art"
    await until(lambda: tab.publish_button.isEnabled())


R2_ENVIRONMENT = {
    "KONTEXT_STUDIO_R2_ENDPOINT": "https://0123abcd.r2.cloudflarestorage.com",
    "KONTEXT_STUDIO_R2_BUCKET": "from-the-environment",
    "KONTEXT_STUDIO_R2_PUBLIC_URL": "https://pub-0123.r2.dev",
    "R2_ACCESS_KEY_ID": "AKIAENVIRONMENTONLY",
    "R2_SECRET_ACCESS_KEY": NEW_R2_SECRET,
}


async def test_r2_values_the_environment_sets_are_shown_read_only_and_never_saved(
    window: MainWindow,
    session: Session,
    app_home: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With R2 set through the environment (as the README offers), the publishing page
    showed empty fields while publishing worked from the variables: only the secret said
    where it came from. Each value the environment sets is shown now, read-only, with the
    variable that sets it; saving writes none of them into the settings file, and the
    secret's value is shown nowhere."""
    session.settings = session.settings.with_changes(
        r2=R2Settings(bucket="typed-before", key_prefix="art/")
    )
    for name, value in R2_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    dialog = await opened(window)
    dialog.show_publishing_page()
    shown = {
        "KONTEXT_STUDIO_R2_ENDPOINT": dialog.r2_endpoint,
        "KONTEXT_STUDIO_R2_BUCKET": dialog.r2_bucket,
        "KONTEXT_STUDIO_R2_PUBLIC_URL": dialog.r2_public_base,
        "R2_ACCESS_KEY_ID": dialog.r2_access_key_id,
    }
    notes = " ".join(label.text() for label in dialog.r2_page.findChildren(QLabel))
    for name, field in shown.items():
        assert field.text() == R2_ENVIRONMENT[name]
        assert field.isReadOnly()
        assert f"Set by {name} in the environment" in notes
    assert not dialog.r2_prefix.isReadOnly(), "no variable sets the key prefix"
    assert dialog.r2_secret.edit.text() == ""
    assert dialog.r2_secret.edit.isReadOnly()
    assert "R2_SECRET_ACCESS_KEY" in dialog.r2_secret_status.text()
    texts = [w.text() for w in dialog.findChildren(QLabel)] + [
        w.toolTip() for w in dialog.findChildren(QWidget)
    ]
    assert not any(NEW_R2_SECRET in text for text in texts)

    dialog.r2_prefix.setText("finished/")
    await save(dialog)
    saved = load_settings(session.paths).r2
    assert saved == R2Settings(bucket="typed-before", key_prefix="finished/")
    assert (secrets.SERVICE, secrets.R2_SECRET) not in memory_keyring.store
    window.close()
    for value in R2_ENVIRONMENT.values():
        assert files_containing(app_home, value) == []


async def test_the_r2_secret_of_the_environment_wins_over_a_stored_one_and_says_so(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publishing takes R2_SECRET_ACCESS_KEY over the keyring's secret: with both, the page
    said "A secret is stored. Type a new one to replace it.", and a secret typed there was
    stored and never used."""
    memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] = "r2-stored-in-the-keyring"
    monkeypatch.setenv("R2_SECRET_ACCESS_KEY", NEW_R2_SECRET)
    dialog = await opened(window)
    words = dialog.r2_secret_status.text()
    assert "Set by R2_SECRET_ACCESS_KEY in the environment" in words
    assert "replace" not in words
    assert dialog.r2_secret.edit.isReadOnly()
    dialog.reject()


async def test_fields_the_environment_sets_look_read_only_and_the_keyboard_goes_past_them(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fields a variable set looked like any other, and "Open settings" put the
    keyboard in the endpoint's, where nothing could be typed; the public base URL, the
    one left to fill, was passed over."""
    for name, value in R2_ENVIRONMENT.items():
        if name != "KONTEXT_STUDIO_R2_PUBLIC_URL":
            monkeypatch.setenv(name, value)
    dialog = await opened(window)
    dialog.resize(700, 600)
    dialog.show_publishing_page()
    await until(lambda: dialog.r2_public_base.hasFocus())

    def inside(field: QWidget) -> int:
        """The colour painted just inside the field's right edge, past its text."""
        return field.grab().toImage().pixel(field.width() - 6, field.height() // 2)

    assert inside(dialog.r2_bucket) != inside(dialog.r2_public_base)
    assert inside(dialog.r2_bucket) == inside(dialog.r2_endpoint)
    assert inside(dialog.r2_secret.edit) == inside(dialog.r2_bucket)

    # The system turns dark with Settings open: the read-only fields take its window colour.
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    QApplication.setPalette(dark)
    await until(lambda: inside(dialog.r2_bucket) == QColor("#2b2b2b").rgb())
    assert inside(dialog.r2_public_base) == QColor("#1e1e1e").rgb()
    assert inside(dialog.r2_secret.edit) == inside(dialog.r2_bucket)
    dialog.reject()


async def test_a_saved_value_the_environment_hides_never_keeps_the_settings_from_saving(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bucket name no bucket can have, saved (a settings file edited by hand) under one
    KONTEXT_STUDIO_R2_BUCKET sets: a change of the key prefix was refused for it, "My-Art
    is not a bucket name", on a page that showed the variable's bucket, read-only, and no
    way to correct the saved one. Publishing never uses it."""
    session.settings = session.settings.with_changes(r2=R2Settings(bucket="My-Art"))
    monkeypatch.setenv("KONTEXT_STUDIO_R2_BUCKET", "from-the-environment")
    dialog = await opened(window)
    dialog.r2_prefix.setText("finished/")
    await save(dialog)
    assert load_settings(session.paths).r2 == R2Settings(bucket="My-Art", key_prefix="finished/")


async def test_r2_variables_set_to_blanks_leave_the_fields_to_fill(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Variables that hold only blanks (an empty line of a .env file with Windows line
    endings gives "\r") locked the fields they name, each "Set by … in the environment"
    over an empty value, and with no secret anywhere the page said "A secret is stored."."""
    for name in R2_ENVIRONMENT:
        monkeypatch.setenv(name, "\r")
    dialog = await opened(window)
    fields = [
        dialog.r2_endpoint,
        dialog.r2_bucket,
        dialog.r2_access_key_id,
        dialog.r2_public_base,
        dialog.r2_secret.edit,
    ]
    assert [field.isReadOnly() for field in fields] == [False] * len(fields)
    notes = " ".join(label.text() for label in dialog.r2_page.findChildren(QLabel))
    assert "in the environment, which wins" not in notes
    assert "A secret is stored" not in dialog.r2_secret_status.text()
    dialog.reject()


async def test_the_keyring_name_copies_and_reads_as_it_is(
    window: MainWindow, memory_keyring: MemoryKeyring
) -> None:
    """The keyring's dotted name may wrap at invisible breaks after its dots: copied from
    the page (Ctrl+C, or the selection X11 pastes with the middle button) or read by a
    screen reader, it came with them, and pasted into a search it found nothing."""
    dialog = await opened(window)
    await until(lambda: "works" in dialog.keyring_label.text())
    label = dialog.keyring_label
    name = f"{type(memory_keyring).__module__}.{type(memory_keyring).__name__}"
    whole = label.text().replace("\u200b", "")
    assert name in whole
    said = QAccessible.queryAccessibleInterface(label)
    assert said is not None
    assert said.text(QAccessible.Text.Name) == whole
    clipboard = QApplication.clipboard()
    label.setSelection(0, len(label.text()))
    QTest.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == whole
    if clipboard.supportsSelection():
        clipboard.setText(label.selectedText(), QClipboard.Mode.Selection)
        assert clipboard.text(QClipboard.Mode.Selection) == whole
    dialog.reject()


async def test_on_a_small_screen_the_keyboard_coming_back_from_the_buttons_is_in_sight(
    large_font: None, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a laptop with large text the pages scroll above Save and Cancel: Shift+Tab from
    Save went back to the page's last field, and Tab from Cancel round to its tab bar,
    each out of sight, the page left where it was."""
    free = QRect(0, 0, 683, 400)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    dialog = await opened(window)
    await settled(dialog)
    dialog.tabs.setCurrentWidget(dialog.r2_page)
    seen = dialog.tabs.scroll_of(dialog.tabs.currentIndex()).viewport()

    def in_sight(widget: QWidget) -> bool:
        return seen.rect().contains(QRect(widget.mapTo(seen, QPoint(0, 0)), widget.size()))

    assert not in_sight(dialog.r2_test_button), "the page scrolls on this screen"
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setFocus()
    QTest.keyClick(save, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.r2_test_button.hasFocus()
    assert in_sight(dialog.r2_test_button)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setFocus()
    QTest.keyClick(cancel, Qt.Key.Key_Tab)
    bar = dialog.tabs.tabBar()
    assert bar.hasFocus()
    assert dialog.rect().contains(QRect(bar.mapTo(dialog, QPoint(0, 0)), bar.size()))
    dialog.reject()


async def test_it_grows_within_the_screen_with_a_font_set_while_it_is_open(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system's text set to 24 pt while Settings was open left the dialog at the size
    it had at 9 pt, every page scrolling in it: it grows as it opens at 24 pt, within the
    screen, Save and Cancel in sight."""
    free = QRect(0, 0, 1024, 700)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    with application_font(24):
        dialog = await opened(window)
        await settled(dialog)
        opened_at_24 = dialog.size()
        dialog.reject()
    dialog = await opened(window)
    await settled(dialog)
    small = dialog.size()
    with application_font(24):
        await until(lambda: dialog.font().pointSizeF() == 24)
        await settled(dialog)
        assert dialog.width() > small.width() and dialog.height() > small.height()
        assert dialog.size() == opened_at_24
        assert free.contains(dialog.frameGeometry())
        for kind in (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel):
            assert whole_in_sight(dialog.buttons.button(kind))
    dialog.reject()


async def test_a_size_the_artist_gave_it_is_kept_when_the_font_changes_while_it_is_open(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings dragged larger, then the system's text set a point larger while it was
    open: it went back to the size its pages ask for, smaller than the artist made it. It
    grows for a font only where it needs to."""
    free = QRect(0, 0, 1600, 1000)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    dialog = await opened(window)
    await settled(dialog)
    dialog.resize(dialog.width() + 200, dialog.height() + 100)
    await settled(dialog)
    dragged = dialog.size()
    points = dialog.font().pointSizeF() + 1
    with application_font(points):
        await until(lambda: dialog.font().pointSizeF() == points)
        await settled(dialog)
        assert dialog.width() >= dragged.width() and dialog.height() >= dragged.height()
    dialog.reject()


async def test_closed_as_the_font_changes_it_leaves_nothing_behind(window: MainWindow) -> None:
    """Settings closed on the turn the system's text changed, before it grew for it: the
    growing waiting for the next turn kept the closed dialog, and with it the window it
    belonged to, for as long as the app ran (a window of an earlier test counted in the
    library rows of the next)."""
    dialog = await opened(window)
    closed = weakref.ref(dialog)
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.FontChange))  # as Qt tells it
    dialog.reject()
    shiboken6.delete(dialog)  # its deleteLater, done before the loop's next turn
    del dialog
    await until(lambda: window._settings_dialog is None)
    gc.collect()
    assert closed() is None


async def test_at_24_pt_save_and_cancel_have_icons_as_tall_as_their_words(
    huge_font: None, window: MainWindow
) -> None:
    """Their icons stayed at the style's 16 px beside words twice as tall."""
    dialog = await opened(window)
    await settled(dialog)
    for button in dialog.buttons.buttons():
        line = button.fontMetrics().height()
        assert line > 30, line
        assert button.iconSize().height() >= line, button.text()
    dialog.reject()


def time_out_after_storing(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write the keyring's service carries out but answers too late: its D-Bus call times
    out, the secret stored all the same."""
    store = memory_keyring.set_password

    def stored_then_timed_out(service: str, username: str, password: str) -> None:
        store(service, username, password)
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    monkeypatch.setattr(memory_keyring, "set_password", stored_then_timed_out)


def slow_to_write(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> tuple[threading.Event, threading.Event]:
    """A keyring slow to take a secret (its service busy): each write, begun, sets the first
    event returned, and is carried out once the test sets the second."""
    store = memory_keyring.set_password
    writing, release = threading.Event(), threading.Event()

    def slow(service: str, username: str, password: str) -> None:
        writing.set()
        assert release.wait(timeout=30), "the test never let the write end"
        store(service, username, password)

    monkeypatch.setattr(memory_keyring, "set_password", slow)
    return writing, release


@pytest.mark.parametrize("secret", ["key", "r2"])
async def test_a_secret_stored_by_a_write_that_timed_out_is_said_saved_and_used(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    secret: str,
) -> None:
    """The keyring stores the secret but its answer times out; an older one was there.
    Before, what it held before the write was believed: the new secret, in the keyring, was
    said not to be taken, kept for this session beside it. Now the keyring is read back once
    after the write, and what it holds is believed."""
    name, value = (
        (secrets.KIE_KEY, NEW_KEY) if secret == "key" else (secrets.R2_SECRET, NEW_R2_SECRET)
    )
    memory_keyring.set_password(secrets.SERVICE, name, "older-secret-0123456789")
    time_out_after_storing(memory_keyring, monkeypatch)
    dialog = await opened(window)
    (dialog.key if secret == "key" else dialog.r2_secret).edit.setText(value)
    await save(dialog)

    assert memory_keyring.store[(secrets.SERVICE, name)] == value
    assert not secrets.is_session_only(name)
    assert "did not take" not in window.banner.message()
    if secret == "key":
        assert window.banner.message() == "The API key was saved in the system keyring."
        assert window.banner.action_button.text() == "Use the new key"
    reopened = await opened(window)
    assert "did not answer" not in reopened.keyring_label.text()
    assert "works" in reopened.keyring_label.text()
    reopened.reject()


@pytest.mark.parametrize("secret", ["key", "r2"])
async def test_a_write_that_timed_out_and_cannot_be_read_back_is_said_not_known(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    secret: str,
) -> None:
    """The keyring reads, the write times out, and the read back after it does too: whether
    the keyring took the secret is not known. It is kept for this session, and the banner
    says it is not known, where before it said the keyring "did not take" it (it may have,
    and then a restart uses it)."""
    name, value, what = (
        (secrets.KIE_KEY, NEW_KEY, "API key")
        if secret == "key"
        else (secrets.R2_SECRET, NEW_R2_SECRET, "R2 secret")
    )
    read = memory_keyring.get_password
    written: list[str] = []

    def read_until_written(service: str, username: str) -> str | None:
        if written:
            raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")
        return read(service, username)

    def timed_out(service: str, username: str, password: str) -> None:
        written.append(username)
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    monkeypatch.setattr(memory_keyring, "get_password", read_until_written)
    monkeypatch.setattr(memory_keyring, "set_password", timed_out)
    dialog = await opened(window)
    (dialog.key if secret == "key" else dialog.r2_secret).edit.setText(value)
    await save(dialog)
    assert written == [name]
    assert secrets.get_secret(name) == value
    assert secrets.is_session_only(name)
    assert window.banner.message() == (
        f"The system keyring did not answer when asked to store the {what}, so whether it "
        "holds it is not known: it is kept for this session only."
    )
    assert "once the system keyring answers" in window.banner.hint()


async def test_r2_set_up_then_corrected_beside_an_unreadable_keyring_is_kept_after_a_restart(
    window: MainWindow, session: Session, unreadable: Callable[[], None]
) -> None:
    """Publishing set up for the first time beside a keyring that cannot be read: the secret
    is kept for this session, the R2 settings saved. The access key ID, mistyped, is put
    right in a second Save. Before, that Save took the file's access key ID for the pair of
    an older secret the keyring might hold, and kept it: after a restart the access key ID
    was the mistyped one, to be typed again. No older secret goes with it: it was saved
    beside this session's."""
    unreadable()
    await r2_set_up(window, "MISTYPEDAKID")
    dialog = await opened(window)
    dialog.show_publishing_page()
    dialog.r2_access_key_id.setText("NEWAKID")
    await save(dialog)

    assert load_settings(session.paths).r2.access_key_id == "NEWAKID"
    assert "R2 changes are kept for this session only" not in window.banner.message()


async def test_a_save_reads_a_keyring_back_once_after_a_write_that_timed_out(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring reads until a write is asked of it, then answers nothing (its service
    hung, about 25 s a call on D-Bus); both secrets are saved. The R2 secret's write is read
    back once; the key's write, not made, is not read back, nor anything asked after the
    read back failed: the Save waits on two calls, not three."""
    read = memory_keyring.get_password
    calls: list[str] = []

    def get_password(service: str, username: str) -> str | None:
        if calls:
            calls.append(f"read {username}")
            raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")
        return read(service, username)

    def timed_out(service: str, username: str, password: str) -> None:
        calls.append(f"write {username}")
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    monkeypatch.setattr(memory_keyring, "get_password", get_password)
    monkeypatch.setattr(memory_keyring, "set_password", timed_out)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)
    assert calls == [f"write {secrets.R2_SECRET}", f"read {secrets.R2_SECRET}"]
    assert secrets.is_session_only(secrets.KIE_KEY)
    assert secrets.is_session_only(secrets.R2_SECRET)


async def test_a_save_waiting_on_the_keyring_says_so_and_for_how_long(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring is slow to answer a write (its service busy: ~25 s a call on D-Bus).
    Before, the dialog's buttons were greyed all that time and nothing said why. It says
    it waits for the keyring, and for how long, until the Save is done."""
    writing, release = slow_to_write(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    results: list[int] = []
    dialog.finished.connect(results.append)
    try:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        await until(writing.is_set)
        await until(lambda: dialog.keyring_wait.isVisible())
        assert re.fullmatch(r"Waiting for the keyring… \d+ s", dialog.keyring_wait.text())
        assert not dialog.buttons.isEnabled()
    finally:
        release.set()
    await until(lambda: bool(results))
    assert results == [QDialog.DialogCode.Accepted.value]
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY


async def test_both_secrets_stored_by_writes_that_timed_out_are_said_saved(
    window: MainWindow, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keyring stores each secret but answers each write too late; both are typed in
    one Save. The R2 secret's write, read back, is found stored: the keyring answers, and
    is offered the key too. Before, the key was never written, said not taken by the
    keyring, to be saved again "once the system keyring answers", and lost at a restart."""
    time_out_after_storing(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.key.edit.setText(NEW_KEY)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    await save(dialog)

    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == NEW_KEY
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == NEW_R2_SECRET
    assert not secrets.is_session_only(secrets.KIE_KEY)
    assert not secrets.is_session_only(secrets.R2_SECRET)
    assert "did not take" not in window.banner.message()


async def test_a_full_disk_after_a_late_stored_r2_secret_puts_the_older_one_back(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    session: Session,
) -> None:
    """The keyring stores the new R2 secret but answers the write too late; read back, it is
    found stored; then the settings file cannot be written (a full disk). The keyring, which
    answers, is asked to take the older secret back. Before, it was asked nothing more in
    that Save: the new secret stayed in the keyring beside the access key ID saved before,
    which R2 refuses after a restart."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, OLDER_R2_SECRET)
    session.settings = session.settings.with_changes(
        r2=replace(session.settings.r2, access_key_id="OLDAKID")
    )
    save_settings(session.paths, session.settings)
    store = memory_keyring.set_password
    late: list[str] = []

    def first_stored_late(service: str, username: str, password: str) -> None:
        store(service, username, password)
        if not late:
            late.append(username)
            raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    monkeypatch.setattr(memory_keyring, "set_password", first_stored_late)
    fill_the_disk_under_settings(monkeypatch)
    dialog = await opened(window)
    dialog.r2_access_key_id.setText("NEWAKID")
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    await until(lambda: dialog.save_error.isVisibleTo(dialog) and dialog.buttons.isEnabled())
    assert late == [secrets.R2_SECRET]
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == OLDER_R2_SECRET
    assert secrets.get_secret(secrets.R2_SECRET) == OLDER_R2_SECRET
    assert dialog.save_error.text().startswith("Nothing was changed.")
    dialog.reject()


async def test_settings_saved_just_before_the_window_closes_are_kept(
    window: MainWindow,
    bridge: Bridge,
    session: Session,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Save pressed with a new R2 secret and a new default ratio, then Ctrl+Q while the
    keyring was slow to take the secret: the close cancelled the Save after the secret, and
    the next start had the old ratio. Now the close lets the Save finish."""
    writing, release = slow_to_write(memory_keyring, monkeypatch)
    dialog = await opened(window)
    dialog.r2_secret.edit.setText(NEW_R2_SECRET)
    ratio = next(
        dialog.ratio.itemData(i)
        for i in range(dialog.ratio.count())
        if dialog.ratio.itemData(i) != session.settings.default_ratio
    )
    dialog.ratio.setCurrentIndex(dialog.ratio.findData(ratio))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    try:
        await until(writing.is_set)
        closing = asyncio.ensure_future(bridge.aclose())
        await asyncio.sleep(0)
    finally:
        release.set()
    await until(closing.done, timeout=30)
    await closing
    assert load_settings(session.paths).default_ratio == ratio
    assert memory_keyring.store[(secrets.SERVICE, secrets.R2_SECRET)] == NEW_R2_SECRET


class _StyleChanges(QObject):
    """How many times each widget was told its style changed (by its C++ address)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: collections.Counter[int] = collections.Counter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange and isinstance(watched, QWidget):
            self.counts[shiboken6.getCppPointer(watched)[0]] += 1
        return False


async def test_settings_opens_styling_each_of_its_widgets_once(
    window: MainWindow, qapp: QApplication
) -> None:
    """Its outcome colours, set once its pages were made, took the style sheet off every
    widget of the dialog and put it back: a third of the time Settings took to open."""
    changes = _StyleChanges()
    qapp.installEventFilter(changes)
    try:
        dialog = await opened(window)
    finally:
        qapp.removeEventFilter(changes)
    # Save and Cancel are put in their box's layout again as it shows (Qt's own).
    buttons = set(dialog.buttons.buttons())
    widgets = [widget for widget in dialog.findChildren(QWidget) if widget not in buttons]
    told = collections.Counter(changes.counts[shiboken6.getCppPointer(w)[0]] for w in widgets)
    assert len(widgets) > 50
    assert told == {1: len(widgets)}
