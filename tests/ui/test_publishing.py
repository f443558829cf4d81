"""Publishing from the window against moto's S3 server on 127.0.0.1: Publish on a generated
artwork shows its link and Copy link works, Unpublish asks and removes the objects, Cancel
mid-transfer leaves nothing, and missing settings, a missing bucket, an unreachable endpoint
and a vanished file are explained in words. Also the settings dialog's Test connection."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import hashlib
import itertools
import json
import logging
import os
import re
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import keyring.errors
import pytest
import shiboken6
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    SSLError,
)
from moto.core.authorization import enable_iam_authentication
from PIL import Image
from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QObject,
    QPoint,
    Qt,
    QTranslator,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAction,
    QColor,
    QFontMetrics,
    QPalette,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QWidget

from kontext_studio import desktop, i18n, secrets
from kontext_studio.config import Paths, R2Settings
from kontext_studio.errors import (
    KeyringUnavailableError,
    KontextError,
    LibraryBusyError,
    PublishAuthError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    PublishedElsewhereError,
    PublishError,
    PublishNetworkError,
    PublishSecretUnreadableError,
    PublishServiceError,
    TrashError,
)
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.publish import (
    PublishCancel,
    Publisher,
    R2Config,
    forget_publication,
    import_artworks,
    load_r2_config,
    publish_artwork,
    r2_errors,
    stopping,
    unpublish_artwork,
)
from kontext_studio.publish.manifest import manifest_key_for
from kontext_studio.publish.publisher import PublishResult
from kontext_studio.publish.r2_config import settings_location
from kontext_studio.publish.r2_errors import map_error
from kontext_studio.publish.shared_images import Step
from kontext_studio.publish.transfer import ProgressCallback
from kontext_studio.session import Session
from kontext_studio.simulator import Simulator
from kontext_studio.store.details import DetailsEdit
from kontext_studio.store.ledger import BUSY_TIMEOUT_S, Ledger, Snapshot
from kontext_studio.trash import move_to_trash
from kontext_studio.ui import app as app_module
from kontext_studio.ui import main_window, publishing, translations, upload_batch
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.key_focus import takes_tab
from kontext_studio.ui.levels import text_height
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import BannerKind
from kontext_studio.ui.plain_text import left_to_right, plain_tooltip
from kontext_studio.ui.preview_panel import PreviewPanel
from kontext_studio.ui.publishing import (
    LINK_MIN_CHARS,
    RECHECK_AFTER_S,
    PublishActivityLabel,
    PublishController,
    PublisherFactory,
    quit_box,
    word_forget_box,
    word_quit_box,
)
from kontext_studio.ui.settings_dialog import KEY_UNCHANGED, SettingsDialog
from kontext_studio.ui.tab_order import round_chain
from kontext_studio.ui.thumbnails import THUMBNAIL_SIDE
from tests.conftest import MemoryKeyring
from tests.integration.test_publish import (
    ClockCheckingProxy,
    FreezingLink,
    SilentServer,
    cut_once_an_image_is_removed,
    publish_ends_once_stored,
    register,
    s3_too_skewed,
)
from tests.ui.conftest import a_turn, banner_messages, deletions, settled, until
from tests.ui.test_language import catalogue_cache, chinese, desktop_of  # noqa: F401
from tests.ui.test_library import seed_rows, tile_words
from tests.ui.test_settings import lock, stop_answering
from tests.ui.test_window import close_window, open_window

ACCESS_KEY = "AKIAUITEST0000000000"
SECRET = "ui-r2-secret-do-not-log-0123456789"
PUBLIC_BASE = "https://cdn.example.test/art"
HELD_ON_THE_WAY = 64 * 1024
"""The most of an image's body a publish has read (and said) that :class:`SlowLink` has not
passed: what the system holds unsent and two blocks, and what the link holds."""
ROOT = Path(__file__).resolve().parents[2]


# Helpers, also used by test_upload_tab.py ------------------------------------------------


def fast_publisher(config: R2Config) -> Publisher:
    """No retries and short time-outs: a test of a failure fails fast."""
    return Publisher(config, connect_timeout=1.0, read_timeout=10.0, max_attempts=1)


class HeldMidway(Publisher):
    """:func:`fast_publisher` whose transfer waits at its first report from the middle of
    the file until Cancel is heard. A test cancels when that report reaches the GUI thread,
    which, under load, may get to it only after the other threads have sent the rest of the
    file and recorded the publish: Cancel was then too late, and the artwork published."""

    def publish(
        self,
        *args: Any,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        **kwargs: Any,
    ) -> PublishResult:
        def held(done: int, total: int, quiet: float) -> None:
            if progress is not None:
                progress(done, total, quiet)
            if 0 < done < total and cancel is not None:
                assert cancel.wait(timeout=30), "the test's Cancel never came"

        return super().publish(*args, progress=held, cancel=cancel, **kwargs)


def held_midway(config: R2Config) -> Publisher:
    """A :class:`HeldMidway` publisher, for a controller's factory."""
    return HeldMidway(config, connect_timeout=1.0, read_timeout=10.0, max_attempts=1)


class HeldAtTheEnd(Publisher):
    """:func:`fast_publisher` whose transfer, once it has reported every byte sent, waits
    for the test's ``release`` as a server slow to answer the last part would."""

    release = threading.Event()

    def publish(
        self, *args: Any, progress: ProgressCallback | None = None, **kwargs: Any
    ) -> PublishResult:
        def held(done: int, total: int, quiet: float) -> None:
            if progress is not None:
                progress(done, total, quiet)
            if done == total:
                assert self.release.wait(timeout=30), "the test never let the answer come"

        return super().publish(*args, progress=held, **kwargs)


def held_at_the_end(config: R2Config) -> Publisher:
    """A :class:`HeldAtTheEnd` publisher, for a controller's factory, with its own
    ``release`` (set on the class by the test before the publish starts)."""
    return HeldAtTheEnd(config, connect_timeout=1.0, read_timeout=10.0, max_attempts=1)


def hold_transfers(
    controller: PublishController, what: str = "publish"
) -> tuple[threading.Event, threading.Event]:
    """Have ``controller``'s publishes (``what="unpublish"``: its removals) wait before they
    begin until the returned ``release`` is set; ``entered`` is set as one reaches that."""
    entered, release = threading.Event(), threading.Event()

    def held(method: Callable[..., Any]) -> Callable[..., Any]:
        def wait_then(*args: Any, **kwargs: Any) -> Any:
            entered.set()
            assert release.wait(timeout=30)
            return method(*args, **kwargs)

        return wait_then

    def made(config: R2Config) -> Publisher:
        publisher = Publisher(config, max_attempts=1)
        setattr(publisher, what, held(getattr(publisher, what)))
        return publisher

    controller._factory = made
    return entered, release


def publishing_through(controller: PublishController, factory: PublisherFactory) -> None:
    """``controller``'s publishers made by ``factory`` from now on, the one it holds dropped:
    for a controller already made (the ``window`` fixture's, or one whose factory a test
    changes midway); a window a test opens takes its factory as ``publisher_factory=``."""
    controller._factory = factory
    controller._publisher = None


def point_r2_at(
    monkeypatch: pytest.MonkeyPatch, endpoint: str, bucket: str, *, public_base: str = ""
) -> None:
    """R2 settings the headless way: environment variables (they win over the settings)."""
    monkeypatch.setenv("KONTEXT_STUDIO_R2_ENDPOINT", endpoint)
    monkeypatch.setenv("KONTEXT_STUDIO_R2_BUCKET", bucket)
    monkeypatch.setenv("R2_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("R2_SECRET_ACCESS_KEY", SECRET)
    if public_base:
        monkeypatch.setenv("KONTEXT_STUDIO_R2_PUBLIC_URL", public_base)


@pytest.fixture(autouse=True)
def no_r2_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KONTEXT_STUDIO_R2_ENDPOINT", "KONTEXT_STUDIO_R2_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("KONTEXT_STUDIO_R2_PUBLIC_URL", raising=False)


@pytest.fixture
def r2(monkeypatch: pytest.MonkeyPatch, s3_endpoint: str, bucket: str) -> str:
    point_r2_at(monkeypatch, s3_endpoint, bucket)
    return bucket


class StoppableClock:
    """A publishing controller's clock (``clock=``): :func:`time.monotonic` until a test
    stops it at a time of its own (:attr:`at`), which only the test moves on: a hold, a
    failed check, an answer is over when the test says, not when a loaded machine's time
    has passed."""

    def __init__(self) -> None:
        self.at: float | None = None

    def __call__(self) -> float:
        return time.monotonic() if self.at is None else self.at


@pytest.fixture
def clock() -> StoppableClock:
    """The clock of the test's publishing controllers (the window's, :func:`controller`)."""
    return StoppableClock()


@pytest.fixture
async def controller_with(
    bridge: Bridge, owned: list[QObject], clock: StoppableClock
) -> AsyncIterator[Callable[[PublisherFactory], PublishController]]:
    """Makes a controller whose publishers the factory given makes, timed by ``clock``."""

    def made(factory: PublisherFactory) -> PublishController:
        controller = PublishController(bridge, factory=factory, clock=clock)
        owned.append(controller)
        return controller

    yield made
    await bridge.wait_idle()


class Publishers:
    """A controller's publisher factory (its ``factory=``) that a test may change: each
    publisher made after :attr:`make` is set is made by it. Fast ones till then."""

    def __init__(self) -> None:
        self.make: PublisherFactory = fast_publisher

    def __call__(self, config: R2Config) -> Publisher:
        return self.make(config)


@pytest.fixture
def publishers() -> Publishers:
    return Publishers()


@pytest.fixture
def controller(
    controller_with: Callable[[PublisherFactory], PublishController],
    publishers: Publishers,
) -> PublishController:
    return controller_with(publishers)


def noise_png(path: Path, size: tuple[int, int], seed: int = 0) -> Path:
    """Random pixels stored uncompressed, so the file is as big as it looks."""
    data = hashlib.sha256(str(seed).encode()).digest() + os.urandom(size[0] * size[1] * 3 - 32)
    Image.frombytes("RGB", size, data).save(path, "PNG", compress_level=0)
    return path


@pytest.fixture(scope="session")
def big_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Over 30 MB: a multipart upload long enough to cancel in the middle."""
    return noise_png(tmp_path_factory.mktemp("big") / "big-canvas.png", (3300, 3200))


def objects_in(admin: Any, bucket: str) -> dict[str, bytes]:
    listing = admin.list_objects_v2(Bucket=bucket)
    return {
        item["Key"]: admin.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listing.get("Contents", [])
    }


def assert_bucket_empty(admin: Any, bucket: str) -> None:
    assert admin.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def imported(session: Session, path: Path) -> Snapshot:
    (result,) = import_artworks(session.ledger, [path], library_dir=session.engine.library_dir)
    assert isinstance(result, Snapshot), result
    return result


# The window --------------------------------------------------------------------------------


@pytest.fixture
async def window(
    session: Session, bridge: Bridge, clock: StoppableClock, publishers: Publishers
) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge, publisher_factory=publishers, clock=clock)
    yield made
    await close_window(made)


async def generated(window: MainWindow, session: Session) -> Snapshot:
    """A finished artwork from the simulator, selected in the library."""
    job = await session.engine.submit(GenerateRequest(prompt="a lighthouse in fog"))
    done = await session.engine.wait_for(job.id)
    assert done.state is JobState.COMPLETED
    window.library.select_job(done.id)
    await until(
        lambda: window.preview.snapshot is not None and window.preview.snapshot.id == done.id
    )
    return done


async def published_here(window: MainWindow, session: Session) -> Snapshot:
    """A finished artwork (:func:`generated`, as it returns it) published by the library's
    Publish: once its key is recorded."""
    done = await generated(window, session)
    window.library.commands["publish"].trigger()
    await until(lambda: bool(session.ledger.get(done.id).published_key))  # type: ignore[union-attr]
    return done


def toolbar_last(preview: PreviewPanel) -> QWidget:
    """The last of the preview's toolbar's controls that Tab stops at."""
    stops = [w for w in round_chain(preview.fit_button) if takes_tab(w, preview.toolbar)]
    return stops[-1] if stops else preview.fit_button  # the fit button, its first


def keys_from(start: QWidget, key: Qt.Key, presses: int) -> list[QWidget | None]:
    """Where ``presses`` presses of ``key`` (Tab or Shift+Tab, ``Key_Backtab``) take the
    keyboard from ``start``, in turn."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    reached: list[QWidget | None] = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, key)
        reached.append(QApplication.focusWidget())
    return reached


def message_boxes(window: MainWindow, name: str) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.objectName() == name]


async def test_publish_from_the_library_shows_the_link_and_copy_works(
    window: MainWindow, session: Session, r2: str, admin: Any
) -> None:
    done = await generated(window, session)
    assert window.library.commands["publish"].isVisible()
    assert window.library.commands["publish"].isEnabled()
    assert not window.library.commands["copy_url"].isEnabled()

    window.library.commands["publish"].trigger()
    await until(lambda: bool(session.ledger.get(done.id).published_key))  # type: ignore[union-attr]
    published = session.ledger.get(done.id)
    assert published is not None
    assert objects_in(admin, r2)[published.published_key] == Path(done.file_path).read_bytes()

    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith("http"))
    assert bar.isVisible() and bar.state_label.text() == "Published"
    link = bar.url_field.text()
    assert "X-Amz-Signature=" in link, "no public base: a presigned link made on demand"
    assert httpx.get(link, timeout=10).content == Path(done.file_path).read_bytes()
    assert not window.preview.publish_button.isVisible()
    assert window.statusBar().currentMessage() == "Published “a lighthouse in fog”."

    assert window.library.commands["copy_url"].isEnabled()
    offered = {action.objectName() for action in window.library.context_menu().actions()}
    assert {"action_copy_url", "action_unpublish"} <= offered
    assert "action_publish" not in offered
    window.library.commands["copy_url"].trigger()
    clipboard = QApplication.clipboard()
    await until(lambda: clipboard.text().startswith("http"))
    copied = clipboard.text()
    assert httpx.get(copied, timeout=10).content == Path(done.file_path).read_bytes()
    assert window.statusBar().currentMessage() == "Link copied."


async def test_tab_goes_from_the_preview_s_toolbar_through_the_link_to_the_image(
    window: MainWindow, session: Session, r2: str
) -> None:
    """The publication bar is drawn under the preview's toolbar, above the picture: Tab went
    from the toolbar to the picture, the details and the task ID, and only then up to the
    link, Copy link and Unpublish. It goes from the toolbar through them to the picture, and
    Shift+Tab back the same way."""
    window.show()
    await published_here(window, session)
    preview = window.preview
    bar = preview.publication
    assert bar is not None
    await until(lambda: bar.copy_button.isVisible() and preview.canvas.isVisible())
    # In this window the link stands on its own line, under the buttons, and is read last.
    assert bar.url_field.geometry().top() > bar.copy_button.geometry().bottom()
    last = toolbar_last(preview)
    assert keys_from(last, Qt.Key.Key_Tab, 4) == [
        bar.copy_button,
        bar.unpublish_button,
        bar.url_field,
        preview.canvas,
    ]
    assert keys_from(preview.canvas, Qt.Key.Key_Backtab, 4) == [
        bar.url_field,
        bar.unpublish_button,
        bar.copy_button,
        last,
    ]


async def test_the_link_takes_a_line_of_its_own_where_the_buttons_leave_it_too_little_room(
    window: MainWindow, session: Session, r2: str
) -> None:
    """In the preview of an 800 px window the link showed "http" and nothing more: it goes
    under the buttons there, and back beside them once the preview is wide again."""
    await published_here(window, session)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith("http"))
    wanted = bar.url_field.fontMetrics().horizontalAdvance("x" * LINK_MIN_CHARS)

    window.resize(800, 600)
    window.splitter.setSizes([10_000, 1, 10_000])  # the preview as narrow as it goes
    await settled(window)
    assert bar.url_field.width() >= wanted
    assert bar.url_field.geometry().top() > bar.copy_button.geometry().bottom()

    window.resize(1400, 880)
    window.splitter.setSizes([300, 10_000, 300])
    await settled(window)
    assert bar.url_field.width() >= wanted
    assert bar.url_field.geometry().center().y() == pytest.approx(
        bar.copy_button.geometry().center().y(), abs=2
    )


async def test_tab_follows_the_link_to_its_own_line_and_back(
    window: MainWindow, session: Session, r2: str
) -> None:
    """With the link on a line of its own under Copy link and Unpublish (a narrow preview),
    Tab went to the link first, then back up to the buttons. It follows the reading order:
    the buttons, then the link under them; the link first again once it is back beside
    them, the bar's stops still right after the toolbar's."""
    window.show()
    await published_here(window, session)
    preview = window.preview
    bar = preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith("http"))
    window.resize(800, 600)
    window.splitter.setSizes([10_000, 1, 10_000])  # the preview as narrow as it goes
    await settled(window)
    assert bar.url_field.geometry().top() > bar.copy_button.geometry().bottom()
    last = toolbar_last(preview)
    under = [bar.copy_button, bar.unpublish_button, bar.url_field, preview.canvas]
    assert keys_from(last, Qt.Key.Key_Tab, 4) == under
    assert keys_from(preview.canvas, Qt.Key.Key_Backtab, 4) == [*under[2::-1], last]

    window.resize(1400, 880)
    window.splitter.setSizes([300, 10_000, 300])
    await settled(window)
    assert bar.url_field.geometry().top() < bar.copy_button.geometry().bottom()
    beside = [bar.url_field, bar.copy_button, bar.unpublish_button, preview.canvas]
    last = toolbar_last(preview)  # the wider toolbar shows more of its buttons
    assert keys_from(last, Qt.Key.Key_Tab, 4) == beside
    assert keys_from(preview.canvas, Qt.Key.Key_Backtab, 4) == [*beside[2::-1], last]


@pytest.mark.parametrize("where", ["here", "in another bucket"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_a_published_artwork_selected_does_not_widen_the_window(
    qapp: QApplication,
    session: Session,
    bridge: Bridge,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    where: str,
    tmp_path: Path,
    compiled_catalogues: Path,
) -> None:
    """The publication bar's row ("Published", Copy link, Unpublish) set the preview's
    least width: with a published artwork selected the window needed 694 px (in English)
    where it needed 609, and on a 650 px screen it widened past the screen's edge; 820 px
    for one "Published in another bucket" (the R2 settings switched since). The bar's
    buttons go under one another where the preview is narrow, and its words wrap; in a
    window held at 650 px they are whole in it."""
    installed = translations.install(qapp, language, compiled_catalogues)
    try:
        window = await open_window(session, bridge, publisher_factory=fast_publisher)
        try:
            least = window.minimumSizeHint().width()
            artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
            published = await window.publishing.publish_now(artwork.id)
            if where != "here":
                switch_bucket(monkeypatch, s3_endpoint, admin, r2)
            window.bridge.job_changed.emit(published)
            await until(lambda: window.library.model.row_of(artwork.id) is not None)
            window.library.select_job(artwork.id)
            bar = window.preview.publication
            assert bar is not None
            shown = [bar.state_label, bar.copy_button, bar.unpublish_button]
            if where == "here":
                await until(lambda: bar.url_field.text().startswith("http"))
                shown.append(bar.url_field)
            else:
                await until(lambda: bar.detail_label.isVisible())
                shown.append(bar.detail_label)
            await settled(window)
            assert window.minimumSizeHint().width() == least <= 640

            window.resize(650, 500)
            await settled(window)
            window._share_width()
            window.setFixedWidth(650)
            await settled(window)
            assert window.width() == 650
            for widget in shown:
                assert widget.isVisible()
                assert bar.rect().contains(widget.geometry()), widget
                assert widget.height() >= widget.heightForWidth(widget.width()), widget
            assert window.rect().contains(bar.geometry().translated(bar.mapTo(window, QPoint())))
        finally:
            await close_window(window)
    finally:
        installed.remove()


async def test_a_published_artwork_without_its_link_does_not_say_publishing_failed(
    window: MainWindow, session: Session, r2: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, once the R2 secret was gone (a restart with no keyring), a published artwork
    showed a green "Published" beside "No link: Publishing failed. (…)", cut off in the
    link field; the reason now reads in full, and only the link is said to be missing."""
    done = await published_here(window, session)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith("http"))

    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    other = await generated(window, session)
    assert other.id != done.id
    window.library.select_job(done.id)
    await until(lambda: bar.detail_label.isVisible())
    assert bar.state_label.text() == "Published"
    assert bar.url_field.text() == ""
    words = bar.url_field.placeholderText() + bar.detail_label.text()
    assert "failed" not in words.lower()
    assert bar.detail_label.text() == (
        "No link: Open Settings → Publishing (R2) and fill in the empty fields. "
        "Still empty: Secret access key."
    )

    # The secret entered again in Settings: the link is made at once, the reason goes.
    dialog = window.open_settings()
    await until(lambda: dialog.secret_state is not None)
    dialog.r2_secret.edit.setText(SECRET)
    dialog.save()
    await until(lambda: bar.url_field.text().startswith("http"))
    assert not bar.detail_label.isVisible()


async def test_a_link_made_once_the_keyring_is_unlocked_is_shown_not_said_missing(
    window: MainWindow,
    session: Session,
    r2: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The R2 secret in a keyring locked since: the preview says there is no link, and to
    unlock the keyring and try again. Unlocked, Copy link made the link and said "Link
    copied.", while the preview went on saying "No link: The system keyring is locked …"
    until another artwork was chosen and this one again."""
    done = await published_here(window, session)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith("http"))
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    unlocked = memory_keyring.get_password
    lock(memory_keyring, monkeypatch)
    window.publishing._publisher = None  # no secret read yet: none to make a link with
    await generated(window, session)
    window.library.select_job(done.id)
    await until(lambda: bar.detail_label.isVisible())
    assert bar.detail_label.text().startswith("No link: The system keyring is locked")

    monkeypatch.setattr(memory_keyring, "get_password", unlocked)
    answers: list[str] = []
    window.publishing.answer.connect(answers.append)
    bar.copy_button.click()
    await until(lambda: answers == ["Link copied."])
    await until(lambda: bar.url_field.text().startswith("http"))
    assert bar.url_field.text() == QApplication.clipboard().text()
    assert not bar.detail_label.isVisible()


async def test_a_link_made_after_its_bar_is_gone_reports_nothing(
    bridge: Bridge,
    controller: PublishController,
    session: Session,
    tmp_path: Path,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A presigned link made after the preview's publication bar was deleted (the window's
    widgets torn down while the bridge still ran) was put in the deleted bar, and the bridge
    reported "Internal C++ object (PublicationBar) already deleted" as "Something went
    wrong"."""
    shown = dataclasses.replace(
        imported(session, noise_png(tmp_path / "heron.png", (32, 32))),
        published_key="artworks/heron.png",
    )
    gate = asyncio.Event()
    asked: list[int] = []

    async def gated(snapshot: Snapshot, **_how: object) -> str:
        asked.append(snapshot.id)
        await gate.wait()
        return "https://example.com/heron.png"

    monkeypatch.setattr(controller, "url_for", gated)
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint, _topic: errors.append(message))
    parent = QWidget()
    owned.append(parent)
    actions = {name: QAction(name, parent) for name in ("copy_url", "unpublish", "publish")}
    bar = publishing.PublicationBar(controller, actions, parent)
    bar.set_snapshot(shown)
    await until(lambda: asked)
    shiboken6.delete(bar)
    gate.set()
    await bridge.wait_idle()
    assert errors == []


async def test_a_public_base_gives_a_permanent_link(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    point_r2_at(monkeypatch, s3_endpoint, bucket, public_base=PUBLIC_BASE)
    done = await generated(window, session)
    window.preview.publish_button.click()
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith(PUBLIC_BASE))
    stored = session.ledger.get(done.id)
    assert stored is not None and bar.url_field.text() == stored.published_url


async def test_the_link_of_an_artwork_in_the_bucket_switched_from_says_it_is_that_buckets(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    admin: Any,
) -> None:
    """Before, once the R2 settings named another bucket, the preview showed the link of an
    artwork published in the old one as it did before, "Published", as if it led into the
    new one. It says which bucket the artwork, and so its link, is in."""
    point_r2_at(monkeypatch, s3_endpoint, bucket, public_base=PUBLIC_BASE)
    await generated(window, session)
    window.preview.publish_button.click()
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith(PUBLIC_BASE))
    link = bar.url_field.text()
    assert bar.state_label.text() == "Published"
    assert not bar.detail_label.isVisible()

    switched = switch_bucket(monkeypatch, s3_endpoint, admin, bucket)
    bar.refresh_link()  # as the window does once the settings are saved
    assert bar.url_field.text() == link
    assert bar.state_label.text() == "Published in another bucket"
    assert bar.state_label.property("level") == "warning"
    assert bar.detail_label.isVisible()
    assert bar.detail_label.text() == (
        f"In the bucket '{bucket}', not in '{switched}', the bucket the R2 settings name: "
        "the link is that bucket's."
    )


async def test_an_artwork_is_not_said_to_be_elsewhere_while_the_settings_name_no_endpoint(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
) -> None:
    """The R2 settings keep the bucket with the endpoint cleared (or one that names no
    host): they name no place to publish to, so none the artwork could be elsewhere than.
    Before, its preview said "Published in another bucket", "In the bucket 'art' at
    r2.example, not in 'art' at , the bucket the R2 settings name". Then it said a plain
    "Published", as of one in the bucket publishing goes to, and a screen reader heard its
    tile so: both name the bucket its record names, and that publishing is not set up."""
    point_r2_at(monkeypatch, s3_endpoint, bucket, public_base=PUBLIC_BASE)
    done = await generated(window, session)
    window.preview.publish_button.click()
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith(PUBLIC_BASE))

    monkeypatch.delenv("KONTEXT_STUDIO_R2_ENDPOINT")
    assert not window.session.settings.r2.endpoint
    bar.refresh_link()  # as the window does once the settings are saved
    window.library.model.settings_changed()
    assert bar.state_label.text() == "Published"
    assert bar.detail_label.isVisible()
    host = s3_endpoint.removeprefix("http://")
    assert bar.detail_label.text() == (
        f"In the bucket '{bucket}' at {host}: publishing is not set up now."
    )
    assert bar.detail_label.property("level") == "", "not a warning: nothing is wrong"
    model = window.library.model
    tile = model.index(model.row_of(done.id) or 0)
    said = f"{done.display_title}, published in the bucket '{bucket}'"
    assert tile.data(Qt.ItemDataRole.AccessibleTextRole) == said


async def test_unpublish_asks_then_removes_the_objects(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    done = await published_here(window, session)
    assert admin.list_objects_v2(Bucket=r2)["KeyCount"] == 2  # the image and its manifest

    questions: list[str] = []
    answers = iter([False, True])

    def confirm(_title: str, text: str, *_buttons: str) -> bool:
        questions.append(text)
        return next(answers)

    monkeypatch.setattr(window.library, "confirm", confirm)
    await until(lambda: window.library.commands["unpublish"].isEnabled())
    window.library.commands["unpublish"].trigger()
    assert "link stops working" in questions[0]
    await until(lambda: not window.bridge.busy)
    assert admin.list_objects_v2(Bucket=r2)["KeyCount"] == 2, "declined: nothing removed"

    window.library.commands["unpublish"].trigger()
    await until(lambda: not session.ledger.get(done.id).published_key)  # type: ignore[union-attr]
    assert_bucket_empty(admin, r2)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: not bar.isVisible())
    assert window.preview.publish_button.isVisible()
    assert Path(done.file_path).is_file(), "unpublishing never touches the library"


async def test_unpublish_after_the_settings_name_another_bucket_says_where_it_is_and_keeps_it(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before, it said "… was removed from the bucket." and cleared the record, deleting
    nothing: the artwork stayed public in the bucket the settings named before, with no
    record of it. Now it is refused in words, and the record and the objects stay. The
    words say what to do in the window: they sent the artist to a terminal command
    (`kontext-studio unpublish 5 --forget`), where the banner now offers to forget it."""
    done = await published_here(window, session)
    published = session.ledger.get(done.id)
    there = objects_in(admin, r2)
    assert len(there) == 2
    switched = switch_bucket(monkeypatch, s3_endpoint, admin, r2)
    monkeypatch.setattr(window.library, "confirm", lambda *_: True)

    await until(lambda: window.library.commands["unpublish"].isEnabled())
    window.library.commands["unpublish"].trigger()
    await until(lambda: window.banner.isVisible())
    # Named by its title, as the window names artworks: "Artwork 1" named a number the
    # window shows nowhere.
    assert window.banner.message() == (
        "“a lighthouse in fog” is published in the bucket "
        f"'{r2}', but the R2 settings now name the bucket '{switched}'."
    )
    assert window.banner.hint() == (
        "Switch the R2 settings back to that bucket to unpublish it: with the settings as they "
        "are, nothing would be removed, and it would stay published there with no record of "
        "it. If that bucket can no longer be reached, forget the publication instead: nothing "
        "is removed."
    )
    assert_no_terminal_command(window)
    assert window.banner.action_button.isVisible()
    assert window.banner.action_button.text() == "Forget publication…"
    await until(lambda: not window.bridge.busy)
    assert session.ledger.get(done.id) == published
    assert objects_in(admin, r2) == there
    assert objects_in(admin, switched) == {}
    assert "was removed from the bucket" not in window.statusBar().currentMessage()

    bar = window.preview.publication
    assert bar is not None
    bar.refresh_link()  # as saving the settings does
    await until(lambda: bar.detail_label.isVisible())
    assert bar.state_label.text() == "Published in another bucket"
    assert bar.detail_label.text() == (
        "No link: “a lighthouse in fog” is published in the bucket "
        f"'{r2}', but the R2 settings now name the bucket '{switched}'."
    )


async def test_a_publish_of_a_job_with_no_image_names_it_by_its_title(
    window: MainWindow, session: Session, r2: str
) -> None:
    """A job that failed meanwhile (another program retried it, say) is refused: before,
    in the command line's words, "Artwork 1 has no finished image", by a number the window
    shows nowhere."""
    job = session.ledger.create_job(GenerateRequest(prompt="a curlew at low tide"))
    failed = session.ledger.transition(job.id, JobState.FAILED)
    window.publishing.publish(failed.id, failed)
    await until(lambda: window.banner.isVisible())
    assert window.banner.message() == (
        "“a curlew at low tide” has no finished image, so there is nothing to publish."
    )


async def test_a_damaged_image_is_not_published(
    window: MainWindow, session: Session, r2: str, admin: Any
) -> None:
    """Its file cut short since (a disk, a sync gone wrong), the preview saying it does not
    open: Publish sent the broken bytes to the public bucket and said "Published"."""
    done = await generated(window, session)
    image = Path(done.file_path)
    image.write_bytes(image.read_bytes()[:300])
    window.library.commands["publish"].trigger()
    await until(lambda: window.banner.isVisible())
    assert window.banner.message() == (
        f"This image cannot be used. Cause: {image.name} in the library folder "
        f"{image.parent} does not open: it is damaged."
    )
    assert window.banner.hint() == (
        "Put a copy from a backup in its place, under the same name, or download it again "
        "where the preview offers it, then publish it again."
    )
    assert objects_in(admin, r2) == {}
    published = session.ledger.get(done.id)
    assert published is not None and not published.published_key


@pytest.mark.parametrize(
    ("title", "named"),
    [("the “blue” hour", "“the “blue” hour”"), ("", "“Untitled”")],
    ids=["quoted", "untitled"],
)
async def test_a_publish_of_an_artwork_with_no_image_file_names_it_by_its_title(
    window: MainWindow, session: Session, r2: str, title: str, named: str
) -> None:
    """An artwork recorded finished with no image file: before, "Artwork 1 has no image
    file", by a number the window shows nowhere. Its title is said whole, quotes and all,
    and one with none is "Untitled", as its tile says, never “”."""
    artwork = session.ledger.create_upload(prompt="", title=title)
    window.publishing.publish(artwork.id, artwork)
    await until(lambda: window.banner.isVisible())
    assert window.banner.message() == (
        f"{named} has no image file, so there is nothing to publish."
    )


async def test_failures_over_leave_no_banner_tag_behind(
    window: MainWindow, session: Session, r2: str
) -> None:
    """Each failed publish puts its words on the banner with a tag to take them down by
    once that failure is over. Those of a failure another's words took the place of were
    kept for the rest of the session, one more for each artwork that failed: only the
    words of failures not over are kept, and the last said."""
    for title in ("dune", "kiln", "reed"):
        artwork = session.ledger.create_upload(prompt="", title=title)
        window.publishing.publish(artwork.id, artwork)
        await until(lambda title=title: window.banner.message().startswith(f"“{title}”"))
    assert len(window.publishing._shown) == 1, "before: one kept for each failure"


def switch_bucket(monkeypatch: pytest.MonkeyPatch, endpoint: str, admin: Any, bucket: str) -> str:
    """Make a second bucket and point the R2 settings at it, as an artist who switched
    buckets does; its name."""
    switched = f"{bucket}-new"
    admin.create_bucket(Bucket=switched, CreateBucketConfiguration={"LocationConstraint": "auto"})
    point_r2_at(monkeypatch, endpoint, switched)
    return switched


def assert_no_terminal_command(window: MainWindow) -> None:
    """The window's words about a publication elsewhere never send the artist to a
    terminal: the core's own (for the command line) name `kontext-studio unpublish …`."""
    shown = [window.banner.message(), window.banner.hint()]
    shown += [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    assert not [text for text in shown if "kontext-studio" in text or "--forget" in text]


def open_forget_box(window: MainWindow) -> QMessageBox:
    """The banner's offer, taken: the question it asks (one open at a time)."""
    window.banner.action_button.click()
    (box,) = [box for box in message_boxes(window, "forgetPublicationBox") if box.isVisible()]
    return box


def forget_saying(window: MainWindow, first: str, where: str) -> None:
    """Take the banner's offer, after the window's words named no terminal command: the
    question says what stays (beginning with ``first``, naming ``where``); forget."""
    assert_no_terminal_command(window)
    box = open_forget_box(window)
    stays = box.informativeText()
    assert stays.startswith(first)
    assert where in stays
    forget_button(box).click()


def forget_button(box: QMessageBox) -> QAbstractButton:
    (button,) = [b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole]
    return button


@pytest.fixture
def forgotten_on(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The threads the window forgot a publication on: never the GUI thread, whose window
    a locked library would hold still."""
    threads: list[threading.Thread] = []

    def forgetting(*args: Any) -> Snapshot:
        threads.append(threading.current_thread())
        return forget_publication(*args)

    monkeypatch.setattr(publishing, "forget_publication", forgetting, raising=False)
    return threads


async def test_a_publication_in_a_bucket_the_settings_no_longer_name_is_forgotten_in_the_window(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
    forgotten_on: list[threading.Thread],
) -> None:
    """Before, an artwork published in a bucket the settings no longer name (the artist
    switched buckets, the old one deleted or its keys revoked) could not be unpublished,
    linked or published again from the window, whose words sent the artist to a terminal.
    The banner that refuses Unpublish or Copy link offers to forget the publication: asked
    first, saying what stays in the old bucket; then the artwork publishes in the new one."""
    done = await published_here(window, session)
    published = session.ledger.get(done.id)
    assert published is not None
    there = objects_in(admin, r2)
    switched = switch_bucket(monkeypatch, s3_endpoint, admin, r2)
    host = s3_endpoint.removeprefix("http://")
    monkeypatch.setattr(window.library, "confirm", lambda *_: True)

    await until(lambda: window.library.commands["unpublish"].isEnabled())
    window.library.commands["unpublish"].trigger()
    await until(lambda: window.banner.action_button.isVisible())
    box = open_forget_box(window)
    assert not window.banner.isVisible()
    assert box.text() == "Forget the publication of “a lighthouse in fog”?"
    assert box.informativeText() == (
        "Nothing is removed: its image and manifest stay in this bucket, and Kontext Studio "
        "will no longer be able to remove them. A link to them already shared may work until "
        f"it expires.\n\nBucket: '{r2}' at {host}\nImage: {published.published_key}\n\n"
        "The library will show it as not published, and it can be published in the bucket "
        "the R2 settings name."
    )
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: not window.bridge.busy)
    assert session.ledger.get(done.id) == published, "declined: the record stays"

    # Copy link is refused too, with its own words and the same offer.
    window.library.commands["copy_url"].trigger()
    await until(lambda: window.banner.action_button.isVisible())
    assert window.banner.hint() == (
        "Switch the R2 settings back to that bucket to get its link. If that bucket can no "
        "longer be reached, forget the publication, which removes nothing; then publish it "
        "again."
    )
    assert_no_terminal_command(window)
    forget_button(open_forget_box(window)).click()
    await until(lambda: not session.ledger.get(done.id).published_key)  # type: ignore[union-attr]
    assert forgotten_on and threading.main_thread() not in forgotten_on
    assert objects_in(admin, r2) == there, "nothing was removed from the old bucket"
    library = window.library
    await until(lambda: not library.current_snapshot().published_key)  # type: ignore[union-attr]
    row = library.model.row_of(done.id)
    assert row is not None
    name = library.model.index(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert name == "a lighthouse in fog"  # no longer ", published"
    await until(lambda: library.commands["publish"].isEnabled())
    assert window.preview.publish_button.isVisible()
    assert window.statusBar().currentMessage() == (
        "“a lighthouse in fog” is no longer recorded as published."
    )

    library.commands["publish"].trigger()
    await until(lambda: bool(session.ledger.get(done.id).published_key))  # type: ignore[union-attr]
    moved = session.ledger.get(done.id)
    assert moved is not None and moved.published_bucket == switched
    assert set(objects_in(admin, switched)) == set(there)
    assert objects_in(admin, r2) == there


async def test_a_file_the_upload_tab_publishes_again_offers_to_forget_its_other_bucket(
    window: MainWindow,
    session: Session,
    s3_endpoint: str,
    bucket: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Published with a public link, then the settings switched to another bucket: the
    same file published from the Upload tab is refused, and the banner offers to forget; the
    question names the link that stays public. Its row said "In the library and published.",
    as if it had gone to the new bucket; once forgotten, it said the refusal, no longer true.
    It names both buckets, then says the file is ready to publish; and it is."""
    point_r2_at(monkeypatch, s3_endpoint, bucket, public_base=PUBLIC_BASE)
    image = noise_png(tmp_path / "tide pools.png", (64, 48), seed=5)
    artwork = await window.publishing.publish_now(imported(session, image).id)
    switched = switch_bucket(monkeypatch, s3_endpoint, admin, bucket)
    host = s3_endpoint.removeprefix("http://")

    tab = window.upload_tab
    (item,) = tab.add_files([image])
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(lambda: not tab.busy and window.banner.action_button.isVisible())
    row = tab.row(item)
    assert row.status.text() == (
        f"In the library and published in the bucket '{bucket}'.\n"
        f"Not published in '{switched}', the bucket the R2 settings name."
    )
    assert row.status.property("level") == "error"
    assert window.banner.hint().startswith(
        "To publish it in the new bucket, switch the R2 settings back and unpublish it there first"
    )
    forget_saying(
        window,
        "Nothing is removed: its image and manifest stay in this bucket, still public at "
        "their link, and Kontext Studio will no longer be able to remove them.",
        f"\n\nBucket: '{bucket}' at {host}\nLink: {artwork.published_url}\n\n",
    )
    await until(lambda: not session.ledger.get(artwork.id).published_key)  # type: ignore[union-attr]
    await until(lambda: row.status.text() == "In the library, not published: ready to publish.")
    assert row.status.property("level") == ""
    assert tab.publish_button.isEnabled()

    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert not tab.items  # published: it left the list
    moved = session.ledger.get(artwork.id)
    assert moved is not None and moved.published_bucket == switched
    assert len(objects_in(admin, switched)) == 2
    assert len(objects_in(admin, bucket)) == 2


async def test_what_a_stopped_publish_left_in_the_old_bucket_is_forgotten_from_the_preview_too(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first publish stopped once its image was sent records the key to remove: with the
    settings switched, Publish is refused. The preview said "Not published" with words for
    a terminal (and "unpublish it there first", which the window offers no way to do);
    once forgotten, that refusal is gone from the preview and the artwork publishes."""
    done = await published_here(window, session)
    key = session.ledger.get(done.id).published_key  # type: ignore[union-attr]
    # Recorded, and then finished: a Publish while the first one finishes is ignored.
    await until(lambda: window.publishing.activity(done.id) is None)
    left = session.ledger.update(
        done.id, published_key="", published_url="", published_at=None, retired_key=key
    )
    window.bridge.job_changed.emit(left)  # as a killed publish leaves it
    switched = switch_bucket(monkeypatch, s3_endpoint, admin, r2)
    host = s3_endpoint.removeprefix("http://")

    await until(lambda: window.library.commands["publish"].isEnabled())
    window.library.commands["publish"].trigger()
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.detail_label.isVisible() and window.banner.action_button.isVisible())
    assert bar.state_label.text() == "Not published"
    assert bar.detail_label.text().endswith(
        "To publish it in the new bucket, switch the R2 settings back and publish it there "
        "first, which removes what was left. If that bucket can no longer be reached, forget "
        "what was left, which removes nothing; then publish it."
    )
    assert bar.remove_button.isHidden(), "not from the bucket the settings name now"
    forget_saying(
        window,
        "Nothing is removed: the image a stopped publish may have left in this bucket stays "
        "there, and Kontext Studio will no longer be able to remove it.",
        f"\n\nBucket: '{r2}' at {host}\nImage: {key}\n\n",
    )
    await until(lambda: not session.ledger.get(done.id).retired_key)  # type: ignore[union-attr]
    await until(lambda: not bar.isVisible())

    window.library.commands["publish"].trigger()
    await until(lambda: bool(session.ledger.get(done.id).published_key))  # type: ignore[union-attr]
    assert session.ledger.get(done.id).published_bucket == switched  # type: ignore[union-attr]
    assert len(objects_in(admin, r2)) == 2, "what was left stays"


@pytest.fixture
def removed_on(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The threads the window unpublished on: never the GUI thread, which a silent R2 would
    hold still."""
    threads: list[threading.Thread] = []

    def unpublishing(*args: Any) -> Snapshot:
        threads.append(threading.current_thread())
        return unpublish_artwork(*args)

    monkeypatch.setattr(publishing, "unpublish_artwork", unpublishing)
    return threads


LEFT_NOTE = "A publish of it stopped before its end and may have left its image in your R2 bucket."


async def test_what_a_stopped_first_publish_may_have_left_is_removed_from_the_preview(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    removed_on: list[threading.Thread],
) -> None:
    """The app was killed once the first publish of an artwork had sent its image, before
    the library recorded it: the record names the image, which may be public. Before, the
    preview said nothing of it (the artwork looked "not published"), and the only way to
    take it down was Publish, then Unpublish. Now the preview says so, with a button that
    removes it and leaves the record clean; Publish stays offered."""
    done = await generated(window, session)
    publisher = fast_publisher(load_r2_config(session.settings.r2))
    await asyncio.to_thread(publish_ends_once_stored, session.ledger, publisher, done.id)
    left = session.ledger.get(done.id)
    assert left is not None and left.retired_key and not left.published_key
    assert list(objects_in(admin, r2)) == [left.retired_key], "the image, public, no manifest"
    window.bridge.job_changed.emit(left)  # as the library reads it when the app starts again

    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.isVisible())
    assert bar.state_label.text() == "Not published"
    assert bar.left_label.isVisible() and bar.left_label.text() == LEFT_NOTE
    assert bar.remove_button.isVisible() and bar.remove_button.text() == "Remove from buc&ket"
    assert bar.retry_button.isHidden() and bar.detail_label.isHidden()
    assert window.preview.publish_button.isVisible()
    assert window.library.commands["publish"].isEnabled()

    bar.remove_button.click()
    await until(lambda: not session.ledger.get(done.id).retired_key)  # type: ignore[union-attr]
    assert_bucket_empty(admin, r2)
    clean = session.ledger.get(done.id)
    assert clean is not None
    assert (clean.published_key, clean.published_bucket, clean.published_host) == ("", "", "")
    await until(lambda: not bar.isVisible())
    assert bar.left_label.isHidden() and bar.remove_button.isHidden()
    assert removed_on and threading.main_thread() not in removed_on
    assert window.statusBar().currentMessage() == (
        "Nothing of “a lighthouse in fog” is left in the bucket."
    )
    assert window.preview.publish_button.isVisible()


async def test_what_an_old_record_may_have_left_while_publishing_is_not_set_up_leads_to_settings(
    window: MainWindow, session: Session, tmp_path: Path
) -> None:
    """A record from before records named their bucket, of a publish stopped before its
    end, with publishing not set up now: the preview said the image may be left "in your R2
    bucket", of an artist with no bucket set up. It says, as the Upload rows do, that it
    may be in the bucket it was sent to, and where to set publishing up; Remove from bucket
    stays, leading to the settings."""
    heron = imported(session, noise_png(tmp_path / "heron.png", (40, 30)))
    session.ledger.update(heron.id, retired_key="artworks/0123abcd.png")
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(heron.id) is not None)
    library.select_job(heron.id)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.isVisible())
    assert bar.state_label.text() == "Not published"
    assert bar.left_label.text() == (
        "A publish of it stopped before its end and may have left its image in the R2 "
        "bucket it was sent to. Publishing is not set up now: set it up in Settings → "
        "Publishing (R2) to remove it."
    )
    assert bar.remove_button.isVisible()
    bar.remove_button.click()
    await until(lambda: bool(message_boxes(window, "publishSetupBox")))
    (box,) = message_boxes(window, "publishSetupBox")
    assert box.windowTitle() == "Publishing is not set up"
    assert [b.text() for b in box.buttons() if b.text() == "Open Settings…"]
    box.close()


async def test_what_an_old_record_may_have_left_is_not_said_in_your_bucket_once_set_up(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """A record from before records named their bucket, of a publish stopped before its
    end, with publishing set up now: the preview said the image may be left "in your R2
    bucket", the one set up now, which may not be the one it went to. It says "the R2
    bucket it was sent to", as it does with publishing not set up."""
    heron = imported(session, noise_png(tmp_path / "heron.png", (40, 30)))
    session.ledger.update(heron.id, retired_key="artworks/0123abcd.png")
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(heron.id) is not None)
    library.select_job(heron.id)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.isVisible())
    assert bar.left_label.text() == (
        "A publish of it stopped before its end and may have left its image in the R2 "
        "bucket it was sent to."
    )
    assert bar.remove_button.isVisible()


MAYBE_GONE_NOTE = (
    "An unpublish of it did not finish: its image may be gone from your R2 bucket, "
    "and its link may lead to nothing. Unpublish finishes it."
)


async def test_an_unpublish_cut_once_r2_removed_the_image_says_it_may_be_gone(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app closed while R2 was slow to answer an unpublish, its requests cut once R2 had
    removed the image. Before, the preview said "Published" at the next start, its link
    leading to nothing, and nothing said otherwise. It says the image may be gone, and its
    Unpublish finishes the removal. The tile's pill says "May be gone" too: it stayed a
    green "Published" beside "May be gone from R2"."""
    done = await published_here(window, session)
    # The window's publish over, its last word said: under load it came after the record
    # read below, and the preview said "Published" (a flake seen at CI).
    await until(lambda: not window.bridge.busy)
    publisher = fast_publisher(load_r2_config(session.settings.r2))
    cut_once_an_image_is_removed(publisher)
    with pytest.raises(PublishCancelledUncleanError):
        await asyncio.to_thread(unpublish_artwork, session.ledger, publisher, done.id)
    window.bridge.job_changed.emit(session.ledger.get(done.id))  # as read at the next start

    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.state_label.text() == "May be gone")
    assert bar.left_label.isVisible() and bar.left_label.text() == MAYBE_GONE_NOTE
    assert bar.unpublish_button.isVisible() and bar.remove_button.isHidden()
    words = tile_words(window.library)
    assert "May be gone" in words and "Unpublish did not finish" in words
    assert "Published" not in words
    tile = window.library.model.index(0)
    assert "may be gone from R2" in tile.data(Qt.ItemDataRole.AccessibleTextRole)

    monkeypatch.setattr(window.library, "confirm", lambda *_asked: True)
    window.library.commands["unpublish"].trigger()
    await until(lambda: not session.ledger.get(done.id).published_key)  # type: ignore[union-attr]
    assert_bucket_empty(admin, r2)
    await until(lambda: not bar.isVisible())
    assert "May be gone" not in tile_words(window.library)


def test_forgetting_an_artwork_that_may_be_gone_says_its_image_may_still_be_there(
    session: Session, tmp_path: Path, qtbot: Any
) -> None:
    """An unpublish of the artwork did not finish (may be gone), and its bucket can no
    longer be reached: Forget publication's question said its image and manifest "stay in
    this bucket", where R2 may have removed them already."""
    done = imported(session, noise_png(tmp_path / "fog.png", (64, 48), seed=3))
    key = f"artworks/{done.sha256}.png"
    was = dataclasses.replace(
        done,
        published_key=key,
        retired_key=key,
        published_bucket="old-art",
        published_host="r2.example.test",
    )
    box = QMessageBox()
    qtbot.addWidget(box)
    word_forget_box(box, [was], set_up=True)
    assert box.informativeText().startswith(
        "Nothing is removed now, but an unpublish of it did not finish: its image and manifest "
        "may still be in this bucket, or may be gone, and Kontext Studio will no longer be "
        f"able to remove them.\n\nBucket: 'old-art' at r2.example.test\nImage: {key}\n\n"
    )


def test_forgetting_several_one_of_which_may_be_gone_says_its_image_may_still_be_there(
    session: Session, tmp_path: Path, qtbot: Any
) -> None:
    """Of several artworks whose bucket can no longer be reached, an unpublish of one did
    not finish (may be gone): Forget publications' question said all their images "stay
    where they are", where R2 may have removed that one's already. It names it, and says
    its image may still be there, or may be gone; of all of them so, it says so of each."""
    olds = []
    for seed, name in ((3, "fog"), (4, "tide")):
        done = imported(session, noise_png(tmp_path / f"{name}.png", (64, 48), seed=seed))
        key = f"artworks/{done.sha256}.png"
        olds.append(
            dataclasses.replace(
                done,
                published_key=key,
                published_bucket="old-art",
                published_host="r2.example.test",
            )
        )
    fog, tide = olds
    gone = dataclasses.replace(tide, retired_key=tide.published_key)
    box = QMessageBox()
    qtbot.addWidget(box)
    word_forget_box(box, [fog, gone], set_up=True)
    assert box.informativeText().startswith(
        "Nothing is removed now: their images and manifests, or the images a stopped publish "
        "may have left, stay where they are, but those of “tide”, whose unpublish did not "
        "finish, may still be there, or may be gone. Kontext Studio will no longer be able to "
        "remove them. A link to them already shared may still work.\n\n"
        "Bucket: 'old-art' at r2.example.test\n\n"
    )
    both = [dataclasses.replace(fog, retired_key=fog.published_key), gone]
    word_forget_box(box, both, set_up=True)
    assert box.informativeText().startswith(
        "Nothing is removed now, but an unpublish of each of them did not finish: their "
        "images and manifests may still be where they are, or may be gone"
    )


async def test_remove_from_bucket_leaves_an_artwork_published_meanwhile_published(
    window: MainWindow, session: Session, r2: str, admin: Any
) -> None:
    """The preview offers to remove what a stopped publish left; meanwhile the command line
    published the artwork. Remove from bucket then keeps that publication, which it would
    have taken down unasked."""
    done = await generated(window, session)
    publisher = fast_publisher(load_r2_config(session.settings.r2))
    await asyncio.to_thread(publish_ends_once_stored, session.ledger, publisher, done.id)
    window.bridge.job_changed.emit(session.ledger.get(done.id))
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.remove_button.isVisible())

    published = await asyncio.to_thread(publish_artwork, session.ledger, publisher, done.id)
    there = objects_in(admin, r2)
    bar.remove_button.click()
    await until(lambda: "changed meanwhile" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == (
        "“a lighthouse in fog” changed meanwhile: nothing was removed."
    )
    assert session.ledger.get(done.id) == published
    assert objects_in(admin, r2) == there
    await until(lambda: bar.state_label.text() == "Published")
    assert bar.remove_button.isHidden()


def cut_off_once_stored(config: R2Config) -> Publisher:
    """:func:`fast_publisher` whose connection drops once the image is stored, as its
    manifest is sent: the publish fails, and its image stays in the bucket."""
    made = fast_publisher(config)

    def cut(params: dict[str, Any], **_: Any) -> None:
        if params["url_path"].endswith(".json"):
            raise EndpointConnectionError(endpoint_url=config.endpoint_url)

    register(made, "before-call.s3.PutObject", cut)
    return made


async def test_a_failed_publish_offers_publish_once_in_the_preview(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch, s3_endpoint: str
) -> None:
    """A failed publish showed Publish twice, one after the other: the toolbar's and the
    publication bar's, beside the reason. Tab went from the one to the other, and a screen
    reader read "Publish" twice, as if they did different things. The bar's, with the
    reason, is the one; the toolbar's is for an artwork with nothing in the bar."""
    window.show()
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    done = await generated(window, session)
    preview = window.preview
    bar = preview.publication
    assert bar is not None
    preview.publish_button.click()
    await until(bar.retry_button.isVisible)

    def publish_buttons() -> list[QAbstractButton]:
        return [
            button
            for button in preview.findChildren(QAbstractButton)
            if button.isVisible() and button.text() == "Publish"
        ]

    assert publish_buttons() == [bar.retry_button]
    [before] = keys_from(bar.retry_button, Qt.Key.Key_Backtab, 1)
    assert before is not preview.publish_button and before is toolbar_last(preview)
    assert "Publish" not in [action.iconText() for action in preview.more_button.menu().actions()]
    window.library.select_job((await generated(window, session)).id)  # not published yet
    await until(lambda: publish_buttons() == [preview.publish_button])
    window.library.select_job(done.id)
    await until(lambda: publish_buttons() == [bar.retry_button])


async def test_the_keys_on_a_retry_that_fails_again_come_back_to_it(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch, s3_endpoint: str
) -> None:
    """Space on the publication bar's Publish, beside a failed publish's reason: the keys go
    to Cancel while it publishes. It failed again, and Cancel went: the keys went out of the
    bar, back to the toolbar, where nothing looked focused, and the next Space pressed
    something else. They come back to Publish, in sight."""
    window.show()
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    await generated(window, session)
    bar = window.preview.publication
    assert bar is not None
    window.preview.publish_button.click()
    await until(bar.retry_button.isVisible)
    bar.retry_button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(bar.retry_button, Qt.Key.Key_Space)
    await until(lambda: not bar.retry_button.isVisible())
    await until(bar.retry_button.isVisible)  # the bucket is still not there
    assert window.focusWidget() is bar.retry_button
    assert window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)  # drawn focused


async def test_a_publish_cut_off_once_its_image_was_stored_offers_to_remove_it(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    publishers: Publishers,
) -> None:
    """The network went once the image was stored: the publish failed, saying why, and its
    image stayed in the bucket with its key noted in the record. Before, the preview showed
    the failure alone until the artwork was selected again, and then nothing at all."""
    done = await generated(window, session)
    publishers.make = cut_off_once_stored
    window.preview.publish_button.click()
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.remove_button.isVisible(), timeout=20)
    assert bar.state_label.text() == "Not published"
    assert bar.detail_label.text().startswith("The R2 endpoint cannot be reached.")
    assert bar.retry_button.isVisible()
    assert bar.left_label.text() == LEFT_NOTE
    left = session.ledger.get(done.id)
    assert left is not None and list(objects_in(admin, r2)) == [left.retired_key]

    publishers.make = fast_publisher
    bar.remove_button.click()
    await until(lambda: not session.ledger.get(done.id).retired_key)  # type: ignore[union-attr]
    assert_bucket_empty(admin, r2)
    await until(lambda: bar.remove_button.isHidden())


async def test_a_publish_under_way_never_offers_to_remove_its_own_image(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    big_png: Path,
    monkeypatch: pytest.MonkeyPatch,
    publishers: Publishers,
) -> None:
    """A publish notes the key of the image it sends in the record until it records it (so
    that a publish killed midway can be undone): renamed while it publishes, the artwork's
    record carries that key. The preview never offers to remove it then, nor once the
    publish is cancelled, while its transfer ends, and after it removed what it sent. Its
    clean-up is not cut however long a loaded machine takes over it (a cut one leaves the
    key noted, rightly offered for removal)."""
    monkeypatch.setattr(stopping, "STOP_GRACE_S", 600.0)
    publishers.make = held_midway
    artwork = imported(session, big_png)
    window.bridge.job_changed.emit(artwork)  # as the Upload tab adds it
    await until(lambda: window.library.model.row_of(artwork.id) is not None)
    window.library.select_job(artwork.id)
    preview = window.preview
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == artwork.id)
    bar = preview.publication
    assert bar is not None
    offered: list[bool] = []

    def look(*_: object) -> None:
        offered.append(not bar.remove_button.isHidden() or not bar.left_label.isHidden())

    window.publishing.changed.connect(look)
    window.bridge.job_changed.connect(look)

    preview.publish_button.click()
    await until(lambda: bool(session.ledger.get(artwork.id).retired_key), timeout=30)  # type: ignore[union-attr]
    monkeypatch.setattr(preview, "ask_title", lambda *_: "a big canvas, renamed")
    preview.commands["rename"].trigger()
    await until(lambda: preview.snapshot.title == "a big canvas, renamed")  # type: ignore[union-attr]
    assert preview.snapshot.retired_key  # type: ignore[union-attr]
    assert bar.state_label.text() == "Publishing…"

    bar.cancel_button.click()
    await until(lambda: not window.publishing._leftovers and not window.bridge.busy, timeout=30)
    assert_bucket_empty(admin, r2)
    assert not session.ledger.get(artwork.id).retired_key  # type: ignore[union-attr]
    await until(lambda: not bar.isVisible())
    assert offered and not any(offered)


def records_written_slowly(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[threading.Event, threading.Event]:
    """Have each publish's record wait to be written (Cancel too late from then on) until
    the returned ``release`` is set; ``recording`` is set as one reaches that."""
    recording, release = threading.Event(), threading.Event()
    claim = PublishCancel.claim

    def slow_claim(cancel: PublishCancel) -> bool:
        claimed = claim(cancel)
        recording.set()
        assert release.wait(timeout=30), "the test never let the record be written"
        return claimed

    monkeypatch.setattr(PublishCancel, "claim", slow_claim)
    return recording, release


@contextlib.asynccontextmanager
async def cancelled_too_late(
    window: MainWindow, artwork: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[publishing.PublicationBar]:
    """``artwork`` shown in the preview, published from there, and Cancel pressed as its
    record is being written (too late): the block runs before the record is written, with
    the preview's publication bar."""
    recording, release = records_written_slowly(monkeypatch)
    window.library.select_job(artwork.id)
    preview = window.preview
    await until(lambda: getattr(preview.snapshot, "id", None) == artwork.id)
    bar = preview.publication
    assert bar is not None
    try:
        preview.publish_button.click()
        await until(recording.is_set, timeout=30)
        await until(lambda: bar.cancel_button.isVisible() and bar.cancel_button.isEnabled())
        bar.cancel_button.click()
        yield bar
    finally:
        release.set()


async def test_cancel_pressed_too_late_stays_off_till_the_publish_ends(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cancel pressed as the publish's record is being written is too late: the publish
    ends published, a moment later. Before, the preview's next refresh (its progress, the
    artwork renamed) turned Cancel on again, and pressing it again did nothing. It stays
    off till the publish ends, and the status bar then says it was too late, as does the
    preview, where Cancel was pressed: the status bar's words go with the outcome of the
    next publish to end (one beside it in a batch, a moment later). So does its tile in the
    library: before, it showed the Published badge alone."""
    artwork = imported(session, noise_png(tmp_path / "kiln.png", (48, 32), seed=4))
    window.bridge.job_changed.emit(artwork)
    await until(lambda: window.library.model.row_of(artwork.id) is not None)
    preview = window.preview
    async with cancelled_too_late(window, artwork, monkeypatch) as bar:
        window.publishing.changed.emit(artwork.id)  # a refresh, as its progress has one
        await a_turn()
        assert bar.cancel_button.isVisible(), "the publish is still under way"
        assert not bar.cancel_button.isEnabled(), "before: on again at the refresh"
    await until(lambda: bool(session.ledger.get(artwork.id).published_key), timeout=30)  # type: ignore[union-attr]
    await until(lambda: bar.state_label.text() == "Published")
    # Before, "Published “kiln”.", as if Cancel had never been pressed.
    assert window.statusBar().currentMessage() == "Too late to cancel: “kiln” is published."
    window.statusBar().showMessage("Published “dune”.")  # the next outcome, as in a batch
    assert bar.detail_label.isVisible(), "before: the status bar alone said it"
    assert bar.detail_label.text() == "Too late to cancel: it is published."
    assert "Too late to cancel" in words_of(window, artwork), "before: its tile said nothing"

    # Seen, and left for another artwork: no longer news. Before, its tile and preview
    # said it for the rest of the session.
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=5))
    window.bridge.job_changed.emit(other)
    await until(lambda: window.library.model.row_of(other.id) is not None)
    window.library.select_job(other.id)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == other.id)
    assert "Too late to cancel" not in words_of(window, artwork)
    window.library.select_job(artwork.id)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == artwork.id)
    await until(lambda: bar.state_label.text() == "Published")
    assert not bar.detail_label.isVisible()


async def test_too_late_to_cancel_waits_for_the_artist_to_open_it_through_a_delete_undone(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist pressed Cancel too late and moved on to another artwork before the
    publish ended: its tile says why a cancelled publish is published, however much later
    they come back to it, until they have opened it; deleted meanwhile, and brought back
    still published by Undo, too. Before, the Delete dropped it, and the artwork back was
    published with nothing saying why after a Cancel."""
    artwork = imported(session, noise_png(tmp_path / "kiln.png", (48, 32), seed=4))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=5))
    for each in (artwork, other):
        window.bridge.job_changed.emit(each)
        await until(lambda each=each: window.library.model.row_of(each.id) is not None)
    async with cancelled_too_late(window, artwork, monkeypatch):
        window.library.select_job(other.id)  # before the publish ends
        await until(lambda: getattr(window.preview.snapshot, "id", None) == other.id)
    await until(lambda: bool(session.ledger.get(artwork.id).published_key), timeout=30)  # type: ignore[union-attr]
    published = session.ledger.get(artwork.id)
    assert published is not None
    await until(lambda: "Too late to cancel" in words_of(window, artwork))
    await a_turn()
    assert "Too late to cancel" in words_of(window, artwork), "not opened since it ended"

    library = window.library
    library.view.selectionModel().select(  # the artwork is never opened
        library.model.index(library.model.row_of(artwork.id)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    await until(lambda: len(library.job_actions.several) == 2)
    monkeypatch.setattr(library, "confirm", lambda *_asked: True)
    library.commands["delete"].trigger()
    await until(lambda: library.model.rowCount() == 0)
    await window.bridge.wait_idle()
    library.key_actions["undo"].trigger()
    await until(lambda: library.model.rowCount() == 2)
    await window.bridge.wait_idle()
    back = next(
        row for row in map(library.model.snapshot, range(2)) if row.title == published.title
    )
    assert back.published_key == published.published_key
    assert "Too late to cancel" in words_of(window, back), "before: dropped by the Delete"


async def test_a_publication_that_changed_while_the_question_was_open_is_not_forgotten(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The question stays open while the artist thinks; meanwhile the command line forgot
    the publication and published the artwork in the new bucket. Forget then keeps that
    new publication, which it would have cleared, leaving it public with no record."""
    done = await published_here(window, session)
    switched = switch_bucket(monkeypatch, s3_endpoint, admin, r2)
    monkeypatch.setattr(window.library, "confirm", lambda *_: True)
    await until(lambda: window.library.commands["unpublish"].isEnabled())
    window.library.commands["unpublish"].trigger()
    await until(lambda: window.banner.action_button.isVisible())
    box = open_forget_box(window)

    new_publisher = fast_publisher(load_r2_config(session.settings.r2))
    forget_publication(session.ledger, done.id)
    moved = await asyncio.to_thread(publish_artwork, session.ledger, new_publisher, done.id)
    assert moved.published_bucket == switched
    forget_button(box).click()
    await until(lambda: "changed meanwhile" in window.statusBar().currentMessage())
    assert session.ledger.get(done.id) == moved
    assert window.statusBar().currentMessage() == (
        "“a lighthouse in fog” changed meanwhile: nothing was forgotten."
    )


async def test_deleting_a_published_artwork_warns_that_it_stays_in_the_bucket(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before, the question was the same as for any artwork ("Its image goes to the
    Trash..."): the artwork stayed public in the bucket, and once deleted the window could
    no longer unpublish it."""
    await generated(window, session)
    window.library.commands["publish"].trigger()
    # What the library shows, which Delete asks about, not just the ledger: it follows a moment
    # later, and the question read before it was the one for an artwork not published.
    await until(lambda: bool(getattr(window.library.current_snapshot(), "published_key", "")))
    questions: list[str] = []

    def confirm(_title: str, text: str, *_buttons: str) -> bool:
        questions.append(text)
        return False

    monkeypatch.setattr(window.library, "confirm", confirm)
    await until(lambda: window.library.commands["delete"].isEnabled())
    window.library.commands["delete"].trigger()
    (question,) = questions
    assert "stays published" in question and "Unpublish it first" in question
    assert admin.list_objects_v2(Bucket=r2)["KeyCount"] == 2, "declined: nothing changed"


async def test_publish_of_several_selected_publishes_only_those_not_published_yet(
    window: MainWindow, session: Session, r2: str, admin: Any, tmp_path: Path
) -> None:
    """Ctrl+A, Publish: the two finished artworks not published yet go to the bucket side
    by side; the one published already and the failed job are left as they are. A selection
    with nothing to publish offers no Publish."""
    fresh = [imported(session, noise_png(tmp_path / f"fresh-{i}.png", (40, 30), i)) for i in (1, 2)]
    before = imported(session, noise_png(tmp_path / "before.png", (40, 30), 3))
    before = await window.publishing.publish_now(before.id)
    job = session.ledger.create_job(GenerateRequest(prompt="a failed lighthouse"))
    failed = session.ledger.transition(job.id, JobState.FAILED)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 4)
    requested: list[int] = []
    library.publish_several_requested.connect(lambda shown: requested.extend(s.id for s in shown))

    for tile in (before, failed):
        library.view.selectionModel().select(
            library.model.index(library.model.row_of(tile.id)),
            QItemSelectionModel.SelectionFlag.Select,
        )
    library.view.selectionModel().setCurrentIndex(
        library.model.index(library.model.row_of(failed.id)),
        QItemSelectionModel.SelectionFlag.NoUpdate,
    )
    assert {s.id for s in library.selected_snapshots()} == {before.id, failed.id}
    assert not library.commands["publish"].isEnabled()

    library.view.selectAll()
    assert library.commands["publish"].isEnabled()
    assert library.commands["publish"].text() == "Pu&blish 2 selected artworks"
    library.commands["publish"].trigger()
    assert sorted(requested) == sorted(s.id for s in fresh)
    assert window.publishing.busy_count() == 2
    await a_turn()  # the status bar follows once the press is over (totals_changed)
    assert window.publish_activity.text().startswith("Publishing 2 artworks…")
    await until(lambda: window.publishing.busy_count() == 0, timeout=30)
    stored = objects_in(admin, r2)
    for artwork in fresh:
        published = session.ledger.get(artwork.id)
        assert published is not None and published.published_key
        assert stored[published.published_key] == Path(artwork.file_path).read_bytes()
    assert session.ledger.get(failed.id).published_key == ""  # type: ignore[union-attr]
    assert len(stored) == 6  # three images, each with its manifest
    await until(lambda: not library.commands["publish"].isEnabled())


def batch_words(count: int) -> str:
    """What the status bar says of a library's Publish of ``count`` artworks, as a pattern:
    all of them waiting, or those whose turn came (a turn of the loop may be enough) being
    sent, how many wait, and how far maybe."""
    return rf"Publishing ({count} artworks…|\d+ of {count} · \d+ waiting( · \d+ %)?)"


def r2_in_trouble(ledger: Any, publisher: Any, job_id: int, **kwargs: Any) -> Any:
    """A publish R2 answers 503."""
    raise PublishServiceError("R2 answered 503")


def first_fails_the_rest_held(
    monkeypatch: pytest.MonkeyPatch, failing: int, then: Callable[..., Any] | None = None
) -> threading.Event:
    """The publish of ``failing`` met by R2's 503 at once (a batch's first); every other
    held until the event returned is set, then sent as ``then`` does (by default, for real)."""
    release = threading.Event()
    sent = then or publishing.publish_artwork

    def troubled(ledger: Any, publisher: Any, job_id: int, **kwargs: Any) -> Any:
        if job_id == failing:
            return r2_in_trouble(ledger, publisher, job_id, **kwargs)
        assert release.wait(timeout=30)
        return sent(ledger, publisher, job_id, **kwargs)

    monkeypatch.setattr(publishing, "publish_artwork", troubled)
    return release


def cancel_every(controller: PublishController) -> None:
    """Cancel every publish under way or waiting its turn, as the artist would, one by one."""
    for job_id in list(controller._stops):
        controller.cancel(job_id)


async def all_cancelled(controller: PublishController) -> None:
    """Every publish cancelled (:func:`cancel_every`) and ended."""
    cancel_every(controller)
    await until(lambda: controller.busy_count() == 0, timeout=30)


async def seeded_library(window: MainWindow, tmp_path: Path, count: int) -> LibraryPanel:
    """The window's library, showing ``count`` completed artworks written to its file
    (:func:`seed_rows`)."""
    seed_rows(tmp_path, count)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == count)
    return library


async def test_a_batch_publish_works_out_the_status_bar_once_not_once_per_artwork(
    window: MainWindow, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publish of a whole library: each artwork's publish said it had started, and the
    status bar summed over every publish under way at each, so 2,500 artworks were summed
    over 2,500 times each and the window stood frozen for seconds after the press before
    it showed anything. The press does none of that work; the status bar, once the press
    is over, works out what it says once for all of them."""
    count = 40
    library = await seeded_library(window, tmp_path, count)
    library.view.selectAll()
    await until(library.commands["publish"].isEnabled)
    controller = window.publishing
    summed: list[None] = []
    sending = controller._sending
    monkeypatch.setattr(controller, "_sending", lambda: summed.append(None) or sending())

    library.commands["publish"].trigger()
    assert controller.busy_count() == count
    assert summed == []  # before: three times per artwork, 120 sums over all of them
    await a_turn()
    said = window.publish_activity.text()
    assert re.fullmatch(batch_words(count), said), said
    await all_cancelled(controller)


async def test_a_batch_publish_is_registered_in_one_call_and_said_once(
    window: MainWindow, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library Publish of several started each artwork's publish on its own: a task, a
    status line, a tile update and a ``changed`` each, 2,500 of each for one press, and the
    window froze for the time they took. Now the batch is one call: one task, one status
    line, one update of the library's tiles, however many artworks."""
    count = 40
    library = await seeded_library(window, tmp_path, count)
    library.view.selectAll()
    await until(library.commands["publish"].isEnabled)
    controller = window.publishing
    entered, release = hold_transfers(controller)
    spawned: list[object] = []
    spawn = window.bridge.spawn
    monkeypatch.setattr(
        window.bridge, "spawn", lambda coro, **kw: spawned.append(coro) or spawn(coro, **kw)
    )
    changed: list[int] = []
    many: list[frozenset[int]] = []
    notices: list[str] = []
    controller.changed.connect(changed.append)
    controller.many_changed.connect(many.append)
    controller.notice.connect(notices.append)
    updated: list[tuple[int, int]] = []
    library.model.dataChanged.connect(
        lambda first, last, _roles: updated.append((first.row(), last.row()))
    )

    library.commands["publish"].trigger()
    ids = frozenset(library.model.snapshot(row).id for row in range(count))
    assert controller.busy_count() == count
    assert len(spawned) == 1  # before: 40
    assert many == [ids] and changed == []  # before: 40 changed, each a tile's update
    assert notices == [""]  # before: 40
    assert updated == [(0, count - 1)]  # every tile says it at once
    assert tile_words(library, count - 1)[-1] == "Waiting to publish"
    await a_turn()
    said = window.publish_activity.text()
    assert re.fullmatch(batch_words(count), said), said
    await until(entered.is_set)
    cancel_every(controller)
    release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)


async def test_a_batch_publish_waiting_its_turn_is_cancelled_at_once_and_can_be_published_again(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """The batch's publishes go a few at a time: one still waiting its turn, cancelled,
    says so at once (it has sent nothing), and published again, it goes once, with its
    own Cancel, whatever the first batch does."""
    count = publishing.BATCH_PUBLISHES + 1
    library = await seeded_library(window, tmp_path, count)
    controller = window.publishing
    entered, release = hold_transfers(controller)
    shown = [library.model.snapshot(row) for row in range(count)]
    notices: list[str] = []
    controller.notice.connect(notices.append)
    controller.publish_many(shown)
    await until(entered.is_set)
    last = shown[-1]
    assert tile_words(library, count - 1)[-1] == "Waiting to publish"

    controller.cancel(last.id)
    assert controller.activity(last.id) is None  # before its turn came
    assert notices[-1] == "Publishing cancelled. Nothing was left in the bucket."
    assert tile_words(library, count - 1)[-1] == "Completed"
    controller.publish_many([last])
    release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    published = [session.ledger.get(s.id) for s in shown]
    assert all(s is not None and s.published_key for s in published)


async def test_a_batch_publish_makes_each_cancel_as_its_publish_starts(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library's Publish of many made a Cancel for every artwork at the press, about half
    of what the press still cost with thousands: each is made as its publish starts now, and
    one cancelled while it waits its turn never needs one. Cancel reaches each all the same."""
    count = publishing.BATCH_PUBLISHES + 2
    library = await seeded_library(window, tmp_path, count)
    controller = window.publishing
    made: list[PublishCancel] = []

    class Counted(PublishCancel):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(publishing, "PublishCancel", Counted)
    entered, release = hold_transfers(controller)
    shown = [library.model.snapshot(row) for row in range(count)]
    controller.publish_many(shown)
    assert made == []  # before: one for each at the press
    await until(entered.is_set)
    last = shown[-1]
    controller.cancel(last.id)  # waiting its turn
    assert controller.activity(last.id) is None
    release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    assert len(made) == count - 1
    published = [session.ledger.get(s.id) for s in shown]
    assert [bool(s and s.published_key) for s in published] == [True] * (count - 1) + [False]


async def test_a_batch_publish_says_which_artworks_wait_their_turn(
    window: MainWindow, r2: str, tmp_path: Path
) -> None:
    """A library Publish of several sends a few at a time: the tiles of those waiting their
    turn said "Publishing…" exactly like those being sent, and the artist could not tell
    what was under way. They say they wait, on the tile, in the preview and to a screen
    reader, until their turn comes; the status bar still counts every one of them."""
    side = publishing.BATCH_PUBLISHES
    count = side + 2
    library = await seeded_library(window, tmp_path, count)
    model = library.model
    controller = window.publishing
    entered, release = hold_transfers(controller)
    shown = [model.snapshot(row) for row in range(count)]
    library.view.setCurrentIndex(model.index(count - 1))
    last_said: list[str] = []
    model.dataChanged.connect(
        lambda first, last, _roles: (
            first.row() <= count - 1 <= last.row()
            and last_said.append(model.index(count - 1).data(model.StatusRole))
        )
    )
    controller.publish_many(shown)
    try:
        await until(entered.is_set)
        await a_turn()
        words = [tile_words(library, row)[-1] for row in range(count)]
        assert words == ["Publishing…"] * side + ["Waiting to publish"] * 2, words
        heard = [model.index(row).data(Qt.ItemDataRole.AccessibleTextRole) for row in range(count)]
        assert all("waiting" not in name for name in heard[:side]), heard
        assert all(name.endswith(", waiting to publish") for name in heard[side:]), heard
        bar = window.preview.publication
        assert bar is not None and bar.state_label.text() == "Waiting its turn to publish…"
        assert bar.cancel_button.isVisible() and bar.cancel_button.isEnabled()
        assert window.publish_activity.text() == f"Publishing {side} of {count} · 2 waiting"
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    assert last_said[0] == "Waiting to publish", last_said
    assert "Publishing…" in last_said, "said once its turn came"
    assert "Waiting to publish" not in last_said[last_said.index("Publishing…") :]


async def test_the_status_bar_splits_a_large_batch_publish_into_those_sent_and_those_waiting(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """A library Publish of 2,500 artworks sends four at a time, and the status bar said
    "Publishing 2,500 artworks…": the artist could not tell that 2,496 of them waited. It
    says how many are being sent, of how many, and how many wait, the figures grouped."""
    count = 1_203
    seed_rows(tmp_path, count)
    controller = window.publishing
    entered, release = hold_transfers(controller)
    shown = session.ledger.search("", limit=count)
    assert len(shown) == count
    controller.publish_many(shown)
    try:
        await until(entered.is_set)
        side = publishing.BATCH_PUBLISHES
        await until(lambda: controller.turns_waited() == count - side)
        await a_turn()
        said = window.publish_activity.text()
        assert said == f"Publishing {side} of 1,203 · 1,{203 - side} waiting", said
        for waiting in shown[side:]:
            controller.cancel(waiting.id)
        await a_turn()
        assert window.publish_activity.text() == f"Publishing {side} artworks…"
        for sent in shown[:side]:
            controller.cancel(sent.id)
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)


async def test_a_cancelled_batch_publish_published_again_is_run_by_the_new_batch_and_its_cancel(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An artwork cancelled while it waited its turn in a first batch, then put in a second
    behind others, is the second's: the first, its turn come, passes it over. Taken by the
    first, it went with the first's Cancel, which the artwork's Cancel no longer reaches:
    cancelled while it was sent, it ended published all the same."""
    side = publishing.BATCH_PUBLISHES
    seed_rows(tmp_path, 2 * side + 1)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2 * side + 1)
    controller = window.publishing
    shown = [library.model.snapshot(row) for row in range(2 * side + 1)]
    first, second, again = shown[:side], shown[side : 2 * side], shown[-1]
    release = {s.id: threading.Event() for s in shown}
    entered: set[int] = set()
    send = publishing.publish_artwork

    def held(ledger: Any, publisher: Any, job_id: int, **kwargs: Any) -> Any:
        entered.add(job_id)
        assert release[job_id].wait(timeout=30)
        return send(ledger, publisher, job_id, **kwargs)

    monkeypatch.setattr(publishing, "publish_artwork", held)
    try:
        controller.publish_many([*first, again])
        await until(lambda: entered >= {s.id for s in first})
        controller.cancel(again.id)  # waiting its turn in the first batch
        controller.publish_many([*second, again])
        await until(lambda: entered >= {s.id for s in second})
        for s in first:
            release[s.id].set()
        await until(lambda: all(controller.activity(s.id) is None for s in first), timeout=30)
        for s in second:
            release[s.id].set()
        await until(lambda: again.id in entered, timeout=30)

        controller.cancel(again.id)  # while it is being sent
    finally:
        for event in release.values():
            event.set()
    await until(lambda: controller.busy_count() == 0 and not controller._leftovers, timeout=30)
    kept = session.ledger.get(again.id)
    assert kept is not None and not kept.published_key  # before: published
    others = [session.ledger.get(s.id) for s in first + second]
    assert all(s is not None and s.published_key for s in others)


async def test_an_artwork_deleted_while_waiting_its_turn_in_a_batch_publish_no_longer_counts(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An artwork deleted in the library while it waited its turn in a Publish of several
    went on counting in the status bar ("Publishing 7 artworks…") and the quit question
    until its turn came, minutes later in a large batch. It is let go once deleted; the
    others are published, and nothing is said of it."""
    count = publishing.BATCH_PUBLISHES + 3
    for n in range(count):
        imported(session, noise_png(tmp_path / f"deleted-{n}.png", (40, 30), n))
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == count)
    controller = window.publishing
    entered, release = hold_transfers(controller)
    shown = [library.model.snapshot(row) for row in range(count)]
    lines = banner_messages(window.bridge)
    gone = deletions(window.bridge)
    controller.publish_many(shown)
    try:
        await until(entered.is_set)
        await a_turn()
        assert window.publish_activity.text() == f"Publishing 4 of {count} · 3 waiting"
        monkeypatch.setattr(library, "confirm", lambda *_args, **_kwargs: True)
        library.view.selectionModel().select(
            library.model.index(count - 1), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        library.view.setCurrentIndex(library.model.index(count - 1))
        await until(lambda: library.commands["delete"].isEnabled())
        library.commands["delete"].trigger()
        await until(lambda: shown[-1].id in gone)
        await a_turn()

        assert controller.activity(shown[-1].id) is None  # before: publishing, till its turn
        assert window.publish_activity.text() == f"Publishing 4 of {count - 1} · 2 waiting"
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    assert lines == []
    published = [session.ledger.get(s.id) for s in shown[:-1]]
    assert all(s is not None and s.published_key for s in published)


@pytest.mark.parametrize(
    ("down", "said"),
    [
        ("unreachable", "The R2 endpoint cannot be reached."),
        ("keys", "R2 rejected the access keys."),
        ("bucket", "The R2 bucket does not exist."),
    ],
)
async def test_a_batch_publish_r2_would_refuse_all_of_stops_at_the_first_failure(
    window: MainWindow,
    session: Session,
    s3_endpoint: str,
    bucket: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    down: str,
    said: str,
) -> None:
    """A library Publish of several with R2 down (nothing at its address, the keys
    refused, the bucket missing) tried every artwork, each failure a line of its own,
    eighteen a second, for minutes. Now the first failure every artwork would meet stops
    the batch: those not started stay unpublished, saying nothing of a failure, and one
    line says why, what to do, and how many were not published."""
    endpoint = "http://127.0.0.1:9" if down == "unreachable" else s3_endpoint
    point_r2_at(monkeypatch, endpoint, "no-such-bucket" if down == "bucket" else bucket)
    count = 30
    library = await seeded_library(window, tmp_path, count)
    library.view.selectAll()
    publish = library.commands["publish"]
    await until(publish.isEnabled)
    shown = banner_messages(window.bridge)
    lines: list[str] = []
    window.bridge.error.connect(lambda message, hint, _topic: lines.append(f"{message} {hint}"))
    refused = enable_iam_authentication() if down == "keys" else contextlib.nullcontext()
    with refused:  # moto refuses the test's keys
        publish.trigger()
        # Those waiting are let go at the first failure, and its line said then.
        await until(lambda: window.publishing.busy_count() == 0 and bool(lines), timeout=60)

    assert len(shown) == 1 and shown[0].startswith(said), shown  # before: 30 lines
    tried = publishing.BATCH_PUBLISHES
    (line,) = lines
    assert line.endswith(
        f"{count - tried} more artworks were not published: they are ready to publish again "
        "once this is put right."
    )
    words = [tile_words(library, row) for row in range(count)]
    assert sum("Publishing failed" in tile for tile in words) == tried
    assert not any("Publishing" in word for tile in words[tried:] for word in tile)
    published = [s for s in session.ledger.search("", limit=count) if s.published_key]
    assert published == []
    await until(lambda: publish.iconText() == f"Publish {count} artworks")


async def test_a_batch_stopped_by_r2_s_trouble_lets_go_of_those_waiting_at_once(
    window: MainWindow, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 in trouble for the first of a batch stops it: those waiting their turn went on
    saying "Publishing…" (and counted in the status bar and the quit question, not to be
    cancelled but one by one) until the publishes sent beside it ended, a large image's
    minutes later. They are let go at once now: nothing of theirs was sent."""
    count = 10
    library = await seeded_library(window, tmp_path, count)
    controller = window.publishing
    shown = [library.model.snapshot(row) for row in range(count)]
    failing = shown[0].id
    release = first_fails_the_rest_held(monkeypatch, failing)
    controller.publish_many(shown)
    try:
        await until(lambda: controller.last_error(failing) is not None)
        await a_turn()

        waiting = shown[publishing.BATCH_PUBLISHES :]
        assert [controller.activity(s.id) for s in waiting] == [None] * len(waiting)
        assert controller.busy_count() == publishing.BATCH_PUBLISHES - 1  # still sending
        assert tile_words(library, count - 1)[-1] == "Completed"
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)


async def test_a_batch_stopped_by_r2_s_trouble_says_so_at_once_and_each_failed_tile_says_why(
    window: MainWindow, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 answering 503 to the first of a batch stops it, but its line came only once the
    publishes sent beside it had ended, a large image's minutes later: the artist saw the
    batch stop without a word. It is said at once, of those let go; the publishes beside
    it that then fail alike say nothing more on the banner, and each of their tiles says
    it failed, and why, for the artist to find them."""
    count = 10
    library = await seeded_library(window, tmp_path, count)
    controller = window.publishing
    shown = [library.model.snapshot(row) for row in range(count)]
    failing = shown[0].id
    release = first_fails_the_rest_held(monkeypatch, failing, then=r2_in_trouble)
    lines: list[str] = []
    window.bridge.error.connect(lambda message, hint, _topic: lines.append(f"{message} {hint}"))
    tried = publishing.BATCH_PUBLISHES
    controller.publish_many(shown)
    try:
        await until(lambda: controller.last_error(failing) is not None)
        await a_turn()

        assert controller.busy_count() == tried - 1  # still sending
        (line,) = lines  # before: none until those beside it ended
        assert line.endswith(
            f"{count - tried} more artworks were not published: they are ready to publish "
            "again once this is put right."
        ), line
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    await a_turn()
    assert len(lines) == 1, lines
    model = library.model
    for row in range(tried):
        assert tile_words(library, row)[-1] == "Publishing failed"
        why = controller.last_error(shown[row].id)
        assert why is not None
        tip = model.index(row).data(Qt.ItemDataRole.ToolTipRole)
        assert why.message in tip, tip  # before: the prompt and "Completed" alone
    assert all(tile_words(library, row)[-1] == "Completed" for row in range(tried, count))


async def test_a_batch_stopped_by_r2_s_trouble_is_read_out_once_though_its_count_moves(
    window: MainWindow, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 answering 503 to the first of a batch stops it, and the publishes sent beside it
    then fail alike: its banner counts each, one more artwork not published. A screen
    reader read the banner out again at each count, four times for one failure; it reads
    it once, and the banner shows the last count."""
    count = 10
    library = await seeded_library(window, tmp_path, count)
    controller = window.publishing
    shown = [library.model.snapshot(row) for row in range(count)]
    failing = shown[0].id
    release = first_fails_the_rest_held(monkeypatch, failing, then=r2_in_trouble)
    heard: list[str] = []

    def update(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    await stopped_batch(controller, shown, release)
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.hint().endswith(
        f"{count - 1} more artworks were not published: they are ready to publish again "
        "once this is put right."
    ), banner.hint()
    told = [words for words in heard if "were not published" in words]
    assert len(told) == 1, told  # before: 4, one per count
    assert told[0].endswith(
        f"{count - publishing.BATCH_PUBLISHES} more artworks were not published: they are "
        "ready to publish again once this is put right."
    ), told


async def test_a_batch_stopped_at_once_keeps_its_line_when_one_sent_beside_it_goes_through(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R2 answers 503 to the first of a batch: the batch stops, and its line, said at once,
    counts those never started. One sent beside it then goes through: that took the line
    down (R2 answered again), and the artist, back at the window, no longer learnt that six
    artworks were not published. It stays up until the artist closes it."""
    count = 10
    library = await seeded_library(window, tmp_path, count)
    controller = window.publishing
    shown = [library.model.snapshot(row) for row in range(count)]
    failing = shown[0].id
    release = first_fails_the_rest_held(monkeypatch, failing)
    lines: list[tuple[str, str]] = []
    window.bridge.error.connect(lambda message, hint, _topic: lines.append((message, hint)))
    tried = publishing.BATCH_PUBLISHES
    controller.publish_many(shown)
    try:
        await until(lambda: controller.last_error(failing) is not None)
        await a_turn()
        ((message, hint),) = lines
        assert hint.endswith(
            f"{count - tried} more artworks were not published: they are "
            "ready to publish again once this is put right."
        ), hint
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    await a_turn()
    beside = [session.ledger.get(snapshot.id) for snapshot in shown[1:tried]]
    assert all(s is not None and s.published_key for s in beside)
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None and banner.says(message, hint)  # before: taken down


async def test_a_batch_stopped_at_once_keeps_its_line_over_an_artwork_s_own_failure_beside_it(
    window: MainWindow, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 answers 503 to the first of a batch: its line, said at once, counts the six never
    started. One sent beside it then fails for its own reason: its line took the banner's
    place, and the artist no longer learnt that six were not published. Its tile says it
    failed, and why; the batch's line stays."""
    count = 10
    library = await seeded_library(window, tmp_path, count)
    controller = window.publishing
    shown = [library.model.snapshot(row) for row in range(count)]
    failing, own = shown[0].id, shown[1].id

    def own_or_r2_s_trouble(ledger: Any, publisher: Any, job_id: int, **kwargs: Any) -> Any:
        if job_id == own:
            raise PublishError("its own trouble")
        r2_in_trouble(ledger, publisher, job_id, **kwargs)

    release = first_fails_the_rest_held(monkeypatch, failing, then=own_or_r2_s_trouble)
    lines: list[tuple[str, str]] = []
    window.bridge.error.connect(lambda message, hint, _topic: lines.append((message, hint)))
    controller.publish_many(shown)
    try:
        await until(lambda: controller.last_error(failing) is not None)
        await a_turn()
        ((message, hint),) = lines
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    await a_turn()
    assert lines == [(message, hint)], lines  # before: the artwork's own line after it
    banner = window.banner.banner(BannerKind.PUBLISH)
    # The two sent beside it that failed alike are counted; not the one that failed for its
    # own reason, not "ready to publish again once this is put right" (before: 9).
    recounted = hint.replace(f"{count - publishing.BATCH_PUBLISHES} more", f"{count - 2} more")
    assert banner is not None and banner.says(message, recounted), banner._hint.text()
    assert tile_words(library, 1)[-1] == "Publishing failed"
    why = controller.last_error(own)
    assert why is not None
    assert why.message in library.model.index(1).data(Qt.ItemDataRole.ToolTipRole)


async def test_a_stopped_batch_s_line_counts_those_sent_beside_it_that_fail_after(
    window: MainWindow, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 answers 503 to the first of a batch of ten: its line, said at once, counts the six
    never started. The three sent beside it then fail alike: the line still said "6 more
    artworks were not published", and the artist, trusting it, missed three. It counts
    them as they end: 9, and the banner says so."""
    count = 10
    library = await seeded_library(window, tmp_path, count)
    controller = window.publishing
    shown = [library.model.snapshot(row) for row in range(count)]
    release = first_fails_the_rest_held(monkeypatch, shown[0].id, then=r2_in_trouble)
    tried = publishing.BATCH_PUBLISHES
    await stopped_batch(controller, shown, release)
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None and banner.isVisible()
    hint = banner._hint.text()
    assert hint.endswith(
        f"{count - 1} more artworks were not published: they are ready to publish again "
        "once this is put right."
    ), hint  # before: count - tried, those sent beside the first left out
    assert [tile_words(library, row)[-1] for row in range(tried)] == ["Publishing failed"] * tried


async def test_a_stopped_batch_s_line_counted_again_keeps_its_open_settings(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    r2: str,
    tmp_path: Path,
) -> None:
    """The bucket Settings name does not exist: the first of a batch of ten stops it, its
    line offering "Open Settings"; the three sent beside it fail alike, and the line counts
    them. Counted again, it keeps its button: the way to put the bucket right."""
    count = 10
    library = await seeded_library(window, tmp_path, count)
    point_r2_at(monkeypatch, s3_endpoint, "")
    session.settings = dataclasses.replace(session.settings, r2=R2Settings(bucket="no-such"))
    controller = window.publishing
    controller.publish_many([library.model.snapshot(row) for row in range(count)])
    await until(lambda: controller.busy_count() == 0, timeout=30)
    await a_turn()
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.message().startswith("The R2 bucket does not exist.")
    assert banner._hint.text().endswith(
        f"{count - 1} more artworks were not published: they are ready to publish again "
        "once this is put right."
    ), banner._hint.text()
    assert not banner.action_button.isHidden()  # before: gone with the words counted again
    assert banner.action_button.text() == "Open Settings"


async def dune_whose_first_unpublish_is_unreached(
    window: MainWindow, session: Session, tmp_path: Path
) -> tuple[Snapshot, list[str]]:
    """ "dune" published; R2 cannot be reached by its first Unpublish (its key then kept in the
    list returned), the ones after it go through."""
    dune = await window.publishing.publish_now(
        imported(session, noise_png(tmp_path / "dune.png", (48, 32))).id
    )
    refused: list[str] = []

    def made(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        remove = publisher.unpublish

        def unpublish(key: str) -> None:
            if not refused:
                refused.append(key)
                raise PublishNetworkError("R2 cannot be reached")
            remove(key)

        publisher.unpublish = unpublish  # type: ignore[method-assign]
        return publisher

    publishing_through(window.publishing, made)
    return dune, refused


def pair_unreached(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int = 1
) -> tuple[list[Snapshot], threading.Event]:
    """Two artworks whose publish finds R2 cannot be reached: the first at once, the other
    once the Event returned is set (in a ``finally``), after the batch's line is said.
    ``seed``: of the first's picture, the other's the next (another pair: another seed)."""
    pair = [
        imported(session, noise_png(tmp_path / f"{n}.png", (48, 32), seed=n))
        for n in (seed, seed + 1)
    ]
    release = threading.Event()

    def unreached(_ledger: object, _publisher: object, job_id: int, **_: object) -> None:
        if job_id != pair[0].id:
            assert release.wait(timeout=30)
        raise PublishNetworkError("R2 cannot be reached")

    monkeypatch.setattr(publishing, "publish_artwork", unreached)
    return pair, release


async def test_a_stopped_batch_s_line_counted_again_stays_when_an_unpublish_refused_alike_ends(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R2 could not be reached by an Unpublish, then by the first of a batch of two, whose
    other publish failed alike after it: the batch's line, counted again, says one more
    artwork was not published, up until the artist closes it. The Unpublish then went
    through: its end took that line down, reworded under the tag of the words the
    Unpublish had said alike."""
    dune, _refused = await dune_whose_first_unpublish_is_unreached(window, session, tmp_path)
    window.publishing.unpublish(dune.id)
    await until(lambda: not window.bridge.busy)
    assert window.banner.banner(BannerKind.PUBLISH) is not None

    controller = window.publishing
    pair, release = pair_unreached(session, tmp_path, monkeypatch)
    await stopped_batch(controller, pair, release)
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    line = (banner.message(), banner.hint())
    assert line[1].endswith(
        "1 more artwork was not published: it is ready to publish again once this is put right."
    ), line

    controller.unpublish(dune.id)
    await until(lambda: not (session.ledger.get(dune.id) or dune).published_key)
    await until(lambda: not window.bridge.busy)
    await a_turn()
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None and banner.says(*line)  # before: taken down


async def test_a_stopped_batch_s_recount_shows_where_an_unpublish_said_its_words_since(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R2 could not be reached by the first of a batch of two: its line said so. An
    Unpublish then failed in the very same words, said under its own tag in the line's
    place, before the other publish of the batch failed alike: the batch's recount ("1 more
    artwork was not published") showed nowhere, the banner's tag no longer the line's. The
    words the artist reads are still the line's: it counts, and stays up until the artist
    closes it, the Unpublish gone through."""
    dune, refused = await dune_whose_first_unpublish_is_unreached(window, session, tmp_path)
    controller = window.publishing
    pair, release = pair_unreached(session, tmp_path, monkeypatch)
    controller.publish_many(pair)
    try:
        await until(lambda: controller.last_error(pair[0].id) is not None)
        await a_turn()
        banner = window.banner.banner(BannerKind.PUBLISH)
        assert banner is not None
        line = (banner.message(), banner.hint())
        controller.unpublish(dune.id)
        await until(lambda: bool(refused))
        await until(lambda: controller.busy_count() == 1)  # the held publish alone
        await a_turn()
        assert banner.says(*line)  # the Unpublish's words, alike
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    await a_turn()
    recount = (
        "1 more artwork was not published: it is ready to publish again once this is put right."
    )
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None and banner.hint().endswith(recount), line  # before: as it was

    controller.unpublish(dune.id)
    await until(lambda: not (session.ledger.get(dune.id) or dune).published_key)
    await until(lambda: not window.bridge.busy)
    await a_turn()
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None and banner.hint().endswith(recount)


async def stopped_batch(
    controller: publishing.PublishController,
    batch: list[Snapshot],
    release: threading.Event,
) -> None:
    """Publish ``batch``, its first failing before the others (held until ``release`` is
    set, once the first's failure is seen), and wait for them all to end."""
    controller.publish_many(batch)
    try:
        await until(lambda: controller.last_error(batch[0].id) is not None)
        await a_turn()
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    await a_turn()


async def test_two_batches_stopped_alike_count_the_artworks_of_both(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 could not be reached by two batches of two, one after the other: each left one
    more artwork unpublished beside the failure that stopped it. Their lines said the very
    same words, "1 more artwork was not published", and the artist, who stopped two
    batches, read one. The line counts the artworks of both batches: three more than the
    one whose failure it says, the second batch's first too (not published either)."""
    controller = window.publishing
    await stopped_batch(controller, *pair_unreached(session, tmp_path, monkeypatch))
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.hint().endswith(
        "1 more artwork was not published: it is ready to publish again once this is put right."
    ), banner.hint()

    await stopped_batch(controller, *pair_unreached(session, tmp_path, monkeypatch, seed=3))
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.hint().endswith(
        "3 more artworks were not published: they are ready to publish again once this is "
        "put right."
    ), banner.hint()  # before: "1 more artwork", the second batch's words alike


async def test_a_batch_published_again_and_stopped_alike_counts_its_artworks_once(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 could not be reached by a batch of two: its line counts the one more artwork not
    published. The artist pressed Publish on the same two again, R2 still out of reach: the
    line said "2 more artworks were not published", each batch's count added, one artwork
    counted twice. It counts the artworks, each once: still one more."""
    controller = window.publishing
    pair, release = pair_unreached(session, tmp_path, monkeypatch)
    await stopped_batch(controller, pair, release)
    release.clear()
    await stopped_batch(controller, pair, release)
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.hint().endswith(
        "1 more artwork was not published: it is ready to publish again once this is put right."
    ), banner.hint()  # before: "2 more artworks", the first batch's again


async def test_an_unpublish_refused_in_a_stopped_batch_s_words_keeps_the_line_s_count(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch of two stopped as R2 could not be reached: its line counts the one more
    artwork not published. An Unpublish then failed as R2 could not be reached either: its
    words, the batch's without the count, took the line's place, and the artist no longer
    learnt of the artwork not published. The line keeps its count; the status bar says
    that the Unpublish failed, naming the artwork, and why, and is read out (the line's
    words again are not): in the line's words alone, it did not say what had failed."""
    dune, refused = await dune_whose_first_unpublish_is_unreached(window, session, tmp_path)
    controller = window.publishing
    await stopped_batch(controller, *pair_unreached(session, tmp_path, monkeypatch))
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    line = (banner.message(), banner.hint())
    assert line[1].endswith(
        "1 more artwork was not published: it is ready to publish again once this is put right."
    ), line
    heard: list[str] = []

    def update(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    controller.unpublish(dune.id, dune)
    await until(lambda: bool(refused))
    await until(lambda: not window.bridge.busy)
    await a_turn()

    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None and banner.says(*line), banner.hint()  # before: no count
    said = window.statusBar().currentMessage()
    assert said == f"“dune” could not be removed from the bucket: {line[0]}", said
    assert heard == [said]


async def test_a_failed_unpublish_says_so_on_its_tile_and_preview_until_one_goes_through(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 could not be reached by the Unpublish of "dune": only the status bar said so, for
    five seconds, and its tile and preview went on saying "Published" as if nothing had
    failed: the artist who came back to the library later could not tell it was still
    public. Its tile says "Unpublish failed" in the error colour, its tooltip and a screen
    reader why, its preview why and that Unpublish tries again; gone once it goes through."""
    dune, refused = await dune_whose_first_unpublish_is_unreached(window, session, tmp_path)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(dune.id) is not None)
    library.select_job(dune.id)
    bar = window.preview.publication
    await until(lambda: bar.isVisible() and bar.state_label.text() == "Published")

    def tile(role: int) -> Any:
        return library.model.index(library.model.row_of(dune.id) or 0).data(role)

    window.publishing.unpublish(dune.id, dune)
    await until(lambda: bool(refused))
    await until(lambda: not window.bridge.busy)
    await a_turn()
    assert tile(library.model.StatusRole) == "Unpublish failed"  # before: its size
    assert tile(library.model.PublishFailedRole), "said in the error colour"
    assert tile(Qt.ItemDataRole.AccessibleTextRole) == "dune, published, unpublish failed"
    assert (
        "Unpublish failed It is still in your R2 bucket. The R2 endpoint cannot be reached."
    ) in " ".join(tile(Qt.ItemDataRole.ToolTipRole).split())  # the line, then why
    assert bar.state_label.text() == "Unpublish failed"  # before: "Published"
    assert bar.detail_label.isVisible()
    assert bar.detail_label.text() == (  # what to do first, seen whatever the reason's length
        "It is still in your R2 bucket: press Unpublish to try again.\n"
        "The R2 endpoint cannot be reached. Cause: R2 cannot be reached.\n"
        "Check the endpoint and network."
    ), bar.detail_label.text()
    assert bar.unpublish_button.isVisible() and bar.unpublish_button.isEnabled()

    monkeypatch.setattr(window.preview, "confirm", lambda *_: True)  # its question answered
    bar.unpublish_button.click()  # tried again from the preview
    await until(lambda: not (session.ledger.get(dune.id) or dune).published_key)
    await until(lambda: tile(library.model.StatusRole) == left_to_right("48 × 32"))
    assert not tile(library.model.PublishFailedRole)
    assert bar.isHidden() or bar.state_label.text() != "Unpublish failed"


KEYS_REFUSED = "R2 rejected the access keys."


def tile_data(window: MainWindow, artwork: Snapshot, role: int) -> Any:
    """What ``artwork``'s tile in the library holds for ``role``."""
    model = window.library.model
    row = model.row_of(artwork.id)
    assert row is not None
    return model.index(row).data(role)


async def unpublish_refused(window: MainWindow, artwork: Snapshot) -> None:
    """The Unpublish of ``artwork``, R2 refusing the keys (moto's own refusal), ended."""
    with enable_iam_authentication():  # moto refuses the test's keys
        window.publishing.unpublish(artwork.id, artwork)
        await until(lambda: window.publishing.unpublish_failed(artwork))
    await until(lambda: not window.bridge.busy)


async def says_unpublish_failed(window: MainWindow, artwork: Snapshot) -> None:
    """``artwork`` selected: its tile and preview say its Unpublish failed, and why."""
    await until(lambda: window.library.model.row_of(artwork.id) is not None)
    window.library.select_job(artwork.id)
    bar = window.preview.publication
    await until(lambda: bar.isVisible() and bar.state_label.text() == "Unpublish failed")
    assert "Unpublish failed" in words_of(window, artwork)
    assert tile_data(window, artwork, window.library.model.PublishFailedRole), "error colour"
    accessible = tile_data(window, artwork, Qt.ItemDataRole.AccessibleTextRole)
    assert accessible.endswith("published, unpublish failed"), accessible
    tip = " ".join(tile_data(window, artwork, Qt.ItemDataRole.ToolTipRole).split())
    assert f"Unpublish failed It is still in your R2 bucket. {KEYS_REFUSED}" in tip, tip
    assert bar.detail_label.isVisible()
    assert bar.detail_label.text().startswith(
        f"It is still in your R2 bucket: press Unpublish to try again.\n{KEYS_REFUSED}"
    ), bar.detail_label.text()
    assert bar.unpublish_button.isVisible()


async def test_a_failed_unpublish_is_still_said_on_its_tile_and_preview_after_a_restart(
    session: Session,
    bridge: Bridge,
    r2: str,
    admin: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R2 refused the keys of the Unpublish of "dune": its tile and preview said so, but
    only until the app closed (or the mode was switched, which opens a window anew): the
    next window's tile said "Published", with no word that the artist had asked for it to
    be taken down, and it was still public. The next window says it too, until an
    Unpublish goes through."""
    dune = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    first = await open_window(session, bridge, publisher_factory=fast_publisher)
    try:
        dune = await first.publishing.publish_now(dune.id)
        await unpublish_refused(first, dune)
    finally:
        await close_window(first)
    assert list(objects_in(admin, r2)) != [], "still public"

    window = await open_window(session, bridge, publisher_factory=fast_publisher)
    try:
        await says_unpublish_failed(window, dune)  # before: "Published"
        bar = window.preview.publication
        monkeypatch.setattr(window.preview, "confirm", lambda *_: True)  # its question answered
        bar.unpublish_button.click()
        await until(lambda: not (session.ledger.get(dune.id) or dune).removal_failed)
        assert_bucket_empty(admin, r2)
        await until(lambda: "Unpublish failed" not in words_of(window, dune))
        assert not tile_data(window, dune, window.library.model.PublishFailedRole)
    finally:
        await close_window(window)


async def test_a_failed_unpublish_is_said_no_more_once_the_command_line_publishes_it(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """R2 refused the keys of the window's Unpublish of "dune"; the command line then
    published it (another process), which the library records, the failed removal cleared.
    The window went on saying "Unpublish failed" on its tile and preview until it was
    closed, from its own memory of the failure. It says "Published" once it reads the
    library again, as the next window would."""
    dune = await window.publishing.publish_now(
        imported(session, noise_png(tmp_path / "dune.png", (48, 32))).id
    )
    await unpublish_refused(window, dune)
    await says_unpublish_failed(window, dune)

    await published_by_the_command_line(window, dune)
    recorded = session.ledger.get(dune.id)
    assert recorded is not None and recorded.published_key and not recorded.removal_failed

    assert "Unpublish failed" not in words_of(window, dune)  # before: said until a restart
    assert not tile_data(window, dune, window.library.model.PublishFailedRole)
    bar = window.preview.publication
    await until(lambda: bar.state_label.text() == "Published")
    assert not bar.detail_label.isVisible()


async def test_a_failed_unpublish_comes_back_with_an_undo_of_its_delete(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 refused the Unpublish of "dune", then the artist deleted it (a Delete never
    touches the bucket) and undid the Delete: it came back saying "Published", the failure
    forgotten with the Delete. It comes back saying its Unpublish failed."""
    dune = await window.publishing.publish_now(
        imported(session, noise_png(tmp_path / "dune.png", (48, 32))).id
    )
    await until(lambda: window.library.model.row_of(dune.id) is not None)
    await unpublish_refused(window, dune)
    library = window.library
    library.select_job(dune.id)
    monkeypatch.setattr(library, "confirm", lambda *_asked: True)
    library.commands["delete"].trigger()
    await until(lambda: library.model.rowCount() == 0)
    await window.bridge.wait_idle()

    library.key_actions["undo"].trigger()
    await window.bridge.wait_idle()
    await until(lambda: library.model.rowCount() == 1)
    back = library.model.snapshot(0)
    assert back.published_key == dune.published_key and back.id != dune.id
    await says_unpublish_failed(window, back)  # before: "Published"


async def test_a_failed_remove_from_bucket_is_said_on_the_tile_and_preview(
    window: MainWindow, session: Session, r2: str, admin: Any
) -> None:
    """A publish stopped once it had sent its image, and the preview's Remove from bucket
    of it refused by R2: only the status bar said so, for a few seconds, and the tile said
    nothing. Its tile says "Removal failed" in the error colour, its preview why and that
    Remove from bucket tries again, after a restart too; gone once one goes through."""
    done = await generated(window, session)
    publisher = fast_publisher(load_r2_config(session.settings.r2))
    await asyncio.to_thread(publish_ends_once_stored, session.ledger, publisher, done.id)
    window.bridge.job_changed.emit(session.ledger.get(done.id))  # as read at the next start
    bar = window.preview.publication
    await until(lambda: bar.remove_button.isVisible())

    with enable_iam_authentication():  # moto refuses the test's keys
        bar.remove_button.click()
        await until(lambda: "Removal failed" in words_of(window, done))
    await until(lambda: not window.bridge.busy)
    assert tile_data(window, done, window.library.model.PublishFailedRole), "error colour"
    accessible = tile_data(window, done, Qt.ItemDataRole.AccessibleTextRole)
    assert accessible.endswith("removal from the bucket failed"), accessible
    tip = " ".join(tile_data(window, done, Qt.ItemDataRole.ToolTipRole).split())
    assert "What a stopped publish left may still be in your R2 bucket." in tip, tip
    await until(lambda: bar.state_label.text() == "Removal failed")
    assert bar.detail_label.isVisible() and bar.detail_label.text().startswith(
        "It may still be in your R2 bucket: press Remove from bucket to try again.\n" + KEYS_REFUSED
    ), bar.detail_label.text()
    assert bar.remove_button.isVisible() and bar.left_label.isVisible()
    assert list(objects_in(admin, r2)) != [], "still there"

    bar.remove_button.click()
    await until(lambda: not (session.ledger.get(done.id) or done).retired_key)
    assert_bucket_empty(admin, r2)
    await until(lambda: "Removal failed" not in words_of(window, done))
    assert session.ledger.get(done.id).removal_failed == ""  # type: ignore[union-attr]


async def test_a_published_artwork_s_publish_again_failing_alike_is_not_counted_unpublished(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of two stopped as R2 could not be reached: its line counts the one more
    artwork not published. "Publish again" of "dune", published already, then failed
    alike: the line said "2 more artworks were not published", dune among them, which
    still is published. The line keeps its count; dune's tile still says published."""
    dune = await window.publishing.publish_now(
        imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9)).id
    )
    controller = window.publishing
    pair, release = pair_unreached(session, tmp_path, monkeypatch)
    await stopped_batch(controller, pair, release)
    one_more = (
        "1 more artwork was not published: it is ready to publish again once this is put right."
    )
    assert counted(window).endswith(one_more)

    controller.publish(dune.id, dune)
    await until(lambda: controller.last_error(dune.id) is not None)
    await until(lambda: not window.bridge.busy)
    await a_turn()
    assert counted(window).endswith(one_more), counted(window)  # before: "2 more artworks"
    assert (session.ledger.get(dune.id) or dune).published_key == dune.published_key


def unreached_until_set(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> tuple[list[Snapshot], threading.Event, threading.Event]:
    """``count`` artworks whose publish finds R2 cannot be reached, the first's at once, the
    others' once the first Event returned is set (:func:`stopped_batch`); once the second is
    set, every publish goes through to the ``r2`` fixture's bucket."""
    batch = [
        imported(session, noise_png(tmp_path / f"{n}.png", (48, 32), seed=n)) for n in range(count)
    ]
    release, reachable = threading.Event(), threading.Event()

    def unreached(ledger: Ledger, publisher: Publisher, job_id: int, **kwargs: Any) -> Snapshot:
        if reachable.is_set():
            return publish_artwork(ledger, publisher, job_id, **kwargs)
        if job_id != batch[0].id:
            assert release.wait(timeout=30)
        raise PublishNetworkError("R2 cannot be reached")

    monkeypatch.setattr(publishing, "publish_artwork", unreached)
    return batch, release, reachable


def counted(window: MainWindow) -> str:
    """The hint of the publishing banner, which says how many more were not published."""
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    return banner.hint()


async def test_a_stopped_batch_s_line_counts_no_more_those_published_or_deleted_since(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of three stopped as R2 could not be reached: its line says 2 more artworks
    were not published. One of them was then published, and another deleted: the line
    still said "2 more", of artworks published or gone. It counts those left, and goes once
    the last of them is published."""
    controller = window.publishing
    batch, release, reachable = unreached_until_set(session, tmp_path, monkeypatch, 3)
    await stopped_batch(controller, batch, release)
    assert counted(window).endswith(
        "2 more artworks were not published: they are ready to publish again once this is "
        "put right."
    ), counted(window)

    reachable.set()
    await controller.publish_now(batch[1].id)
    await a_turn()
    assert counted(window).endswith(  # before: "2 more artworks"
        "1 more artwork was not published: it is ready to publish again once this is put right."
    ), counted(window)

    session.ledger.delete(batch[2].id)
    window.bridge.job_deleted.emit(batch[2].id)
    await a_turn()
    assert "more artwork" not in counted(window)  # before: "2 more artworks"
    assert window.banner.message().startswith("The R2 endpoint cannot be reached.")

    await controller.publish_now(batch[0].id)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is None)


async def test_a_stopped_batch_s_line_is_worded_once_for_a_delete_of_several_it_counted(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of several of a stopped batch's artworks (told together) rewords its line
    once, at its end: before, once an artwork (Ctrl+A Delete of thousands redrew the
    banner thousands of times)."""
    controller = window.publishing
    batch, release, _reachable = unreached_until_set(session, tmp_path, monkeypatch, 4)
    await stopped_batch(controller, batch, release)
    reworded: list[object] = []
    controller.refusal_reworded.connect(lambda _was, said, _gone: reworded.append(said))
    with window.bridge.together():
        for snapshot in batch[1:3]:
            session.ledger.delete(snapshot.id)
            window.bridge.job_deleted.emit(snapshot.id)
        assert not reworded  # not before the Delete's end
    await a_turn()
    assert len(reworded) == 1, reworded
    assert counted(window).endswith(
        "1 more artwork was not published: it is ready to publish again once this is put right."
    ), counted(window)


async def test_a_stopped_batch_s_line_counts_no_more_one_the_command_line_published(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One of a stopped batch's artworks published by ``kontext-studio publish`` (another
    program's write, the library read again) is counted no more, as one published here."""
    controller = window.publishing
    batch, release, reachable = unreached_until_set(session, tmp_path, monkeypatch, 3)
    await stopped_batch(controller, batch, release)
    # Read again even when a search hides them: before, only the grid's rows were.
    assert {s.id for s in batch} <= window.bridge.artworks_shown_elsewhere()
    reachable.set()
    elsewhere = await controller.publisher()
    published = await asyncio.to_thread(publish_artwork, session.ledger, elsewhere, batch[2].id)
    window.bridge.read_again.emit([published])
    await a_turn()
    assert counted(window).endswith(
        "1 more artwork was not published: it is ready to publish again once this is put right."
    ), counted(window)  # before: "2 more artworks"


async def test_a_single_publish_failing_alike_is_counted_on_a_stopped_batch_s_line(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of two stopped as R2 could not be reached: its line says 1 more artwork was
    not published. The artist then pressed Publish on a third, which failed alike: the line
    kept its count, the third left out. It counts it: 2 more."""
    controller = window.publishing
    batch, release, _reachable = unreached_until_set(session, tmp_path, monkeypatch, 3)
    await stopped_batch(controller, batch[:2], release)
    assert counted(window).endswith(
        "1 more artwork was not published: it is ready to publish again once this is put right."
    ), counted(window)

    controller.publish(batch[2].id)
    await until(lambda: controller.last_error(batch[2].id) is not None)
    await until(lambda: controller.busy_count() == 0)
    await a_turn()
    assert counted(window).endswith(  # before: "1 more artwork"
        "2 more artworks were not published: they are ready to publish again once this is "
        "put right."
    ), counted(window)
    controller.publish(batch[1].id)  # counted already: each artwork once
    await until(lambda: controller.busy_count() == 0)
    await a_turn()
    assert counted(window).endswith(
        "2 more artworks were not published: they are ready to "
        "publish again once this is put right."
    ), counted(window)


async def test_publish_of_several_counts_only_those_not_being_published_already(
    window: MainWindow, r2: str, tmp_path: Path
) -> None:
    """Before, "Publish 3 artworks" kept its count while some of them were being published,
    and stayed pressable once all of them were: the library's toolbar now counts those
    still to publish, and greys Publish while none is left; a publish that ends without
    publishing (cancelled) counts again."""
    seed_rows(tmp_path, 3)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 3)
    library.view.selectAll()
    publish = library.commands["publish"]
    await until(lambda: publish.iconText() == "Publish 3 artworks")
    controller = window.publishing
    first = library.model.snapshot(0).id
    controller.publish(first)
    await a_turn()
    assert publish.iconText() == "Publish 2 artworks"
    assert publish.isEnabled()
    controller.cancel(first)
    await until(lambda: controller.busy_count() == 0, timeout=30)
    await until(lambda: publish.iconText() == "Publish 3 artworks")
    publish.trigger()
    await a_turn()
    assert not publish.isEnabled()
    # Not "published already, or have no image": they are on their way.
    assert publish.toolTip() == plain_tooltip(
        "Nothing to publish: the 3 artworks selected are being published, published "
        "already, or have no image."
    )
    await all_cancelled(controller)


async def test_a_publish_s_progress_does_not_have_the_toolbar_look_over_the_selection_again(
    window: MainWindow, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's toolbar counts the selected artworks not under way: before, it went
    over every one selected at every percent of every publish (once per turn of the
    loop), thousands each time. Now only when an artwork starts or ends publishing."""
    seed_rows(tmp_path, 3)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 3)
    library.view.selectAll()
    publish = library.commands["publish"]
    await until(lambda: publish.iconText() == "Publish 3 artworks")
    actions = library.job_actions
    looked: list[None] = []
    refresh = actions._refresh
    monkeypatch.setattr(actions, "_refresh", lambda: looked.append(None) or refresh())
    controller = window.publishing
    first = library.model.snapshot(0).id
    entered, release = hold_transfers(controller)
    controller.publish(first)
    await until(entered.is_set)
    assert publish.iconText() == "Publish 2 artworks"
    started = len(looked)
    assert started
    for percent in (10, 40, 70):
        controller._relay_progress(first, percent, 100, 0.0)
        await a_turn()
    assert len(looked) == started  # before: once more for each of them
    assert "40 %" not in window.publish_activity.text()  # the status bar followed them
    assert "70 %" in window.publish_activity.text()
    controller.cancel(first)
    release.set()
    await until(lambda: controller.busy_count() == 0, timeout=30)
    await until(lambda: publish.iconText() == "Publish 3 artworks")


async def test_publish_of_several_leaves_out_one_its_tile_says_unreadable_and_says_so(
    window: MainWindow, session: Session, r2: str, admin: Any, tmp_path: Path
) -> None:
    """The heron's tile said "Image unreadable", and Publish offered "Publish 3 artworks",
    then failed on it. Now it offers the 2 it publishes, sends those, and says the heron
    was left out and what puts it right, as Save of several does."""
    moth, heron, lynx = (
        imported(session, noise_png(tmp_path / f"{name}.png", (40, 30), seed))
        for seed, name in enumerate(("moth", "heron", "lynx"))
    )
    cut = Path(heron.file_path)
    cut.write_bytes(cut.read_bytes()[:300])
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 3)
    library.model.thumbnails.mark_unreadable(heron, None)  # as the preview, reading it, does
    requested: list[int] = []
    library.publish_several_requested.connect(lambda shown: requested.extend(s.id for s in shown))

    library.view.selectAll()
    publish = library.commands["publish"]
    assert publish.text() == "Pu&blish 2 selected artworks"
    assert window.preview.publish_button.text() == "Publish 2 artworks"
    publish.trigger()
    assert sorted(requested) == sorted((moth.id, lynx.id))
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.message() == (
        "“heron” was left out: its image file in the library folder is damaged and does not open."
    )
    assert banner.hint() == (
        "Put a copy from a backup in its place, under the same name, then publish it again."
    )
    await until(lambda: window.publishing.busy_count() == 0, timeout=30)
    assert len(objects_in(admin, r2)) == 4  # two images, each with its manifest
    assert window.banner.banner(BannerKind.PUBLISH) is banner, "still said once they are"


async def test_publish_of_several_leaves_out_those_whose_files_are_missing_and_says_which(
    window: MainWindow, session: Session, r2: str, admin: Any, tmp_path: Path
) -> None:
    """Two of four selected had their image files deleted outside the app (their tiles said
    "Image missing"): Publish sent the other two and said nothing of them, so the artist
    took them for published. It says which were left out and what puts them right."""
    moth, heron, lynx, wren = (
        imported(session, noise_png(tmp_path / f"{name}.png", (40, 30), seed))
        for seed, name in enumerate(("moth", "heron", "lynx", "wren"))
    )
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 4)
    for gone in (heron, wren):
        Path(gone.file_path).unlink()
        library.model.thumbnails.mark_missing(gone)  # as the preview, reading it, does
    requested: list[int] = []
    library.publish_several_requested.connect(lambda shown: requested.extend(s.id for s in shown))

    library.view.selectAll()
    publish = library.commands["publish"]
    await until(lambda: len(library.selected_snapshots()) == 4)
    assert publish.text() == "Pu&blish 2 selected artworks"
    publish.trigger()
    assert sorted(requested) == sorted((moth.id, lynx.id))
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.message() == (
        "2 artworks were left out: their image files are missing (moved or deleted outside "
        "the app): “wren”, “heron”."
    )
    # Imported, never on KIE: nothing to download again.
    assert (
        banner.hint() == "Put each back where it was, under the same name, then publish them again."
    )
    await until(lambda: window.publishing.busy_count() == 0, timeout=30)
    assert len(objects_in(admin, r2)) == 4  # two images, each with its manifest


async def test_publish_of_several_all_unreadable_is_greyed_and_says_why(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """Every tile selected said "Image unreadable", and Publish stayed offered, then said
    "Nothing to publish" once pressed. It is greyed, as when every file is gone; its
    tooltip and Ctrl+P say why and what puts it right."""
    made = [
        imported(session, noise_png(tmp_path / f"{name}.png", (40, 30), seed))
        for seed, name in enumerate(("moth", "heron"))
    ]
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2)
    for snap in made:
        cut = Path(snap.file_path)
        cut.write_bytes(cut.read_bytes()[:300])
        library.model.thumbnails.mark_unreadable(snap, None)  # as the preview, reading it, does
    said: list[str] = []
    library.notice.connect(said.append)

    library.view.selectAll()
    publish = library.commands["publish"]
    await until(lambda: len(library.selected_snapshots()) == 2)
    assert not publish.isEnabled() and not window.preview.publish_button.isEnabled()
    why = (
        "Nothing to publish. 2 artworks were left out: “heron”, “moth”. The image file of "
        "each in the library folder is damaged and does not open. Put a copy from a backup "
        "in its place, under the same name, then publish it again."
    )
    assert publish.toolTip() == plain_tooltip(why)
    library.view.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(library.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert said == [why]
    assert window.banner.banner(BannerKind.PUBLISH) is None


async def test_publish_of_several_greyed_names_those_gone_beside_those_damaged(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """One selected file deleted outside the app, the other's tile "Image unreadable":
    greyed, Publish named only the damaged one, so the artist who put it right and
    published them found the other left out, unsaid. It names both, as Save as does."""
    moth, heron = (
        imported(session, noise_png(tmp_path / f"{name}.png", (40, 30), seed))
        for seed, name in enumerate(("moth", "heron"))
    )
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2)
    Path(moth.file_path).unlink()
    library.model.thumbnails.mark_missing(moth)  # as the preview, reading it, does
    cut = Path(heron.file_path)
    cut.write_bytes(cut.read_bytes()[:300])
    library.model.thumbnails.mark_unreadable(heron, None)

    library.view.selectAll()
    publish = library.commands["publish"]
    await until(lambda: len(library.selected_snapshots()) == 2)
    assert not publish.isEnabled()
    assert publish.toolTip() == plain_tooltip(
        "Nothing to publish. “moth” was left out: its image file is missing (moved or "
        "deleted outside the app). “heron” was left out: its image file in the library "
        "folder is damaged and does not open. Put a copy from a backup in its place, under "
        "the same name, then publish it again."
    )


async def test_publish_of_several_all_missing_is_greyed_and_names_them(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """Every file selected was deleted outside the app (their tiles said "Image missing"):
    greyed, Publish said they were "published already, or have no image", while with one
    more selected whose file is there its banner named them and what puts them right."""
    made = [
        imported(session, noise_png(tmp_path / f"{name}.png", (40, 30), seed))
        for seed, name in enumerate(("moth", "heron"))
    ]
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2)
    for snap in made:
        Path(snap.file_path).unlink()
        library.model.thumbnails.mark_missing(snap)  # as the preview, reading it, does
    said: list[str] = []
    library.notice.connect(said.append)

    library.view.selectAll()
    publish = library.commands["publish"]
    await until(lambda: len(library.selected_snapshots()) == 2)
    assert not publish.isEnabled()
    why = (
        "Nothing to publish. 2 artworks were left out: their image files are missing (moved "
        "or deleted outside the app): “heron”, “moth”. Put each back where it was, under the "
        "same name, then publish them again."
    )
    assert publish.toolTip() == plain_tooltip(why)
    library.view.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(library.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert said == [why]


async def test_publish_of_several_gone_offers_download_again_when_one_was_generated(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """A generated artwork and an imported one, both files deleted outside the app: the
    advice still names Download again, "where the preview offers it" (the generated one's),
    as the imported one alone would not be told."""
    lighthouse = await generated(window, session)
    moth = imported(session, noise_png(tmp_path / "moth.png", (40, 30), 1))
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2)
    for snap in (lighthouse, moth):
        Path(snap.file_path).unlink()
        library.model.thumbnails.mark_missing(snap)  # as the preview, reading it, does

    library.view.selectAll()
    publish = library.commands["publish"]
    await until(lambda: len(library.selected_snapshots()) == 2)
    assert not publish.isEnabled()
    assert (
        publish.toolTip()
        .replace("\n", " ")
        .endswith(
            "Put each back where it was, under the same name, or download it again where the "
            "preview offers it, then publish them again."
        )
    )


@pytest.mark.parametrize(
    ("trashed", "said"),
    [
        (
            ("heron",),
            "“heron” was left out: a Delete moved its image to the Trash and was cut short "
            "before it removed it from the library. Restore it from the Trash to keep it, or "
            "delete it again.",
        ),
        (
            ("heron", "wren"),
            "Left out, as a Delete moved their images to the Trash and was cut short before it "
            "removed them from the library: “wren”, “heron”. Restore them from the Trash to "
            "keep them, or delete them again.",
        ),
    ],
)
async def test_publish_of_several_says_a_file_a_cut_short_delete_put_in_the_trash(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    trashed: tuple[str, ...],
    said: str,
) -> None:
    """The heron's Delete (or the heron's and the wren's) moved its image to the trash, then
    was cut short before it removed the artwork: Publish of several said its file was "moved
    or deleted outside the app", and to put it back where it was. It says what happened, and
    how to get it back, of one in the words of one (it was "their images", "them")."""
    moth, *gone = (
        imported(session, noise_png(tmp_path / f"{name}.png", (40, 30), seed))
        for seed, name in enumerate(("moth", *trashed))
    )
    for snap in gone:
        Path(snap.file_path).unlink()
        session.ledger.note(snap.id, trashed_at=time.time())
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 1 + len(gone))
    for snap in gone:
        library.model.thumbnails.mark_missing(snap)  # as the preview, reading it, does
    requested: list[int] = []
    library.publish_several_requested.connect(lambda shown: requested.extend(s.id for s in shown))

    library.view.selectAll()
    await until(lambda: len(library.selected_snapshots()) == 1 + len(gone))
    library.commands["publish"].trigger()
    assert requested == [moth.id]
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.message() == said
    assert "outside the app" not in banner.message() + banner.hint()
    await until(lambda: window.publishing.busy_count() == 0, timeout=30)


async def test_the_status_bar_tells_the_latest_publish_wherever_it_started(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before, a publish from the Upload tab left the library's "Published …" up."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # no clock: messages stay up
    await generated(window, session)
    window.library.commands["publish"].trigger()
    status = window.statusBar()
    await until(lambda: status.currentMessage() == "Published “a lighthouse in fog”.")

    tab = window.upload_tab
    tab.add_files([noise_png(tmp_path / "harbour.png", (64, 48))])
    await until(lambda: not tab.checking)
    shown: list[str] = []
    status.messageChanged.connect(shown.append)
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    # Cleared as the publish starts (the library's outcome is not its outcome), then told.
    assert shown == ["", "Published “harbour”."]
    assert status.currentMessage() == "Published “harbour”."


async def test_a_publish_that_ends_while_the_full_view_is_open_is_told_there(
    window: MainWindow, session: Session, r2: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, its outcome went to the status bar alone, behind the full view."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # no clock: messages stay up
    done = await generated(window, session)
    window.open_full_view(done)
    window.library.commands["publish"].trigger()
    view = window.full_view
    await until(lambda: view.notice.isVisible())
    await until(lambda: view.notice.text() == "Published “a lighthouse in fog”.")
    assert window.statusBar().currentMessage() == view.notice.text()
    view.close()


async def test_a_batch_of_publishes_is_read_out_once_at_its_end(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: every status-bar message was read out, so a Publish of three files on the
    Upload tab had a screen reader say "Published “…”." three times, one after the other
    (fifty, for fifty files), and never how the batch ended; two artworks published side
    by side from the library were read out twice. Each still shows in the status bar; the
    Upload tab's batch is read out as its summary, the library's as its last publish."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # no clock: messages stay up
    heard: list[str] = []

    def update(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())
            target = event.object()
            assert isinstance(target, QWidget) and target.isVisible(), "heard from a shown one"

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    shown: list[str] = []
    status = window.statusBar()
    status.messageChanged.connect(shown.append)
    tab = window.upload_tab
    tab.add_files([noise_png(tmp_path / f"harbour-{i}.png", (64, 48), i) for i in (1, 2, 3)])
    await until(lambda: not tab.checking)
    tab.publish_button.click()
    await until(lambda: not tab.busy)
    assert len([words for words in shown if words.startswith("Published “")]) == 3
    assert heard == ["Published 3 artworks; they are in your library too."]
    assert tab.summary.text() == heard[0]

    heard.clear()
    for i in (4, 5):
        imported(session, noise_png(tmp_path / f"pier-{i}.png", (64, 48), i))
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 5)
    library.view.selectAll()
    assert library.commands["publish"].text() == "Pu&blish 2 selected artworks"
    library.commands["publish"].trigger()
    await until(lambda: window.publishing.busy_count() == 0, timeout=30)
    assert [words for words in heard if words.startswith("Published")] == [status.currentMessage()]


async def test_a_link_copied_while_a_batch_publishes_is_read_out_at_once(
    window: MainWindow, session: Session, r2: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, every notice of the publishing controller waited for the end of the
    publishes under way: "Link copied." (and an unpublish's or a forget's answer), said
    while an Upload batch of fifty files went on, was never read out, though it answers
    what the artist just did. Only a publish's outcome waits for its batch's end."""
    await published_here(window, session)
    await until(lambda: window.publishing.busy_count() == 0)
    heard: list[str] = []

    def update(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    monkeypatch.setattr(window.publishing, "busy_count", lambda kind="": 3)  # a batch runs
    window.library.commands["copy_url"].trigger()
    await until(lambda: window.statusBar().currentMessage() == "Link copied.")
    assert heard == ["Link copied."]


def message_room(window: MainWindow) -> int:
    """The width the status bar draws its message in: from its left edge to the first of
    its permanent widgets shown (as QStatusBar lays it out), where it clips the rest."""
    permanent = [
        window.publish_activity,
        window.mode,
        window.active_jobs.parentWidget(),
        window.credits.parentWidget(),
    ]
    return min(widget.x() for widget in permanent if widget.isVisible()) - 2 - 6


@pytest.mark.parametrize(
    "title",
    [
        "a lighthouse in the fog at the end of a stormy night, seen from the harbour wall with "
        "the gulls circling over the breakwater",
        "雾中灯塔" * 15,
    ],
    ids=["words", "wide-characters"],
)
async def test_a_long_title_is_cut_so_the_published_notice_fits_an_800_px_window(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    title: str,
) -> None:
    """Before, "Published “…”." carried the whole title: in an 800 px window the status bar
    clipped it mid-title (813 px of text in 432), and the sentence never ended."""
    monkeypatch.setattr(main_window, "STATUS_MESSAGE_MS", 0)  # no clock: messages stay up
    artwork = imported(session, noise_png(tmp_path / "fog.png", (64, 48)))
    window.bridge.job_changed.emit(session.ledger.update(artwork.id, title=title))
    window.resize(800, 600)
    window.show()
    window.library.select_job(artwork.id)
    await until(
        lambda: window.preview.snapshot is not None and window.preview.snapshot.title == title
    )
    window.library.commands["publish"].trigger()
    status = window.statusBar()
    await until(lambda: status.currentMessage().startswith("Published “"))
    await settled(window)
    message = status.currentMessage()
    assert status.fontMetrics().horizontalAdvance(message) <= message_room(window), message
    assert message.startswith(f"Published “{title[:12]}") and message.endswith("…”.")


async def test_missing_settings_say_what_is_missing_and_offer_the_settings(
    window: MainWindow, session: Session
) -> None:
    done = await generated(window, session)
    window.library.commands["publish"].trigger()
    await until(lambda: bool(message_boxes(window, "publishSetupBox")))
    (box,) = message_boxes(window, "publishSetupBox")
    # What to do first, in plain words; the fields still empty after, as Settings names them.
    assert box.text() == "Open Settings → Publishing (R2) and fill in the empty fields."
    assert box.informativeText() == (
        "Still empty: Endpoint, Bucket, Access key ID and Secret access key."
    )
    assert session.ledger.get(done.id).published_key == ""  # type: ignore[union-attr]

    (open_settings,) = [b for b in box.buttons() if b.text() == "Open Settings…"]
    open_settings.click()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.r2_page
    await until(lambda: dialog.secret_state is not None)
    dialog.reject()


async def test_esc_on_the_not_set_up_box_gives_the_keyboard_back_to_the_library(
    window: MainWindow, session: Session
) -> None:
    """Ctrl+P on an artwork with R2 not set up, the box closed with Esc: the keyboard was
    nowhere (no window active again), and Ctrl+P again or the arrows did nothing. It is back
    in the library, on the artwork, as the Upload tab's Publish gets it back there."""
    window.show()
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window)
    await generated(window, session)
    window.library.view.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(window.library.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: bool(message_boxes(window, "publishSetupBox")))
    (box,) = message_boxes(window, "publishSetupBox")
    await until(lambda: QApplication.activeWindow() is box)
    QTest.keyClick(box, Qt.Key.Key_Escape)
    await until(lambda: not message_boxes(window, "publishSetupBox"))
    await until(lambda: QApplication.focusWidget() is window.library.view)


async def test_a_value_of_the_environment_that_cannot_work_is_not_called_publishing_not_set_up(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch, s3_endpoint: str
) -> None:
    """KONTEXT_STUDIO_R2_BUCKET=My-Art: the box said "Publishing is not set up" with "Open
    Settings…" as its default, of settings that are set up, where that field is read-only.
    The box, open still when the fields to fill are the settings' again, says so again."""
    point_r2_at(monkeypatch, s3_endpoint, "My-Art")
    await generated(window, session)
    window.library.commands["publish"].trigger()
    await until(lambda: bool(message_boxes(window, "publishSetupBox")))
    (box,) = message_boxes(window, "publishSetupBox")
    assert box.windowTitle() == "A value of the environment cannot be used"
    assert box.text() == (
        "My-Art is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, "
        "starting and ending with a letter or digit"
    )
    assert box.informativeText().startswith("Check KONTEXT_STUDIO_R2_BUCKET in the environment")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)

    for variable in ("KONTEXT_STUDIO_R2_ENDPOINT", "KONTEXT_STUDIO_R2_BUCKET"):
        monkeypatch.delenv(variable)
    window.library.commands["publish"].trigger()
    await until(lambda: box.text().startswith("Open Settings"))
    assert message_boxes(window, "publishSetupBox") == [box]
    assert box.windowTitle() == "Publishing is not set up"
    assert box.defaultButton() is not None
    assert box.defaultButton().text() == "Open Settings…"


class ErrorsContextOnly(QTranslator):
    """A catalogue that has translated the damaged R2 secret's to-do in the errors' context,
    where the command line takes it from, and nowhere else."""

    TODO = (
        "Enter the secret access key again in {publishing_settings}: it replaces the damaged entry."
    )

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return "«translated»" if context == "Errors" and source == self.TODO else ""


async def test_a_damaged_secret_s_todo_is_the_one_the_command_line_says(
    window: MainWindow,
) -> None:
    """The window said what to do about a damaged R2 secret in words of its own, the same
    English as the error's own hint under another context: a translator translated it
    twice, and the window and the command line could say it two ways."""
    settings = R2Settings(endpoint="https://example.com", bucket="art", access_key_id="AKID")
    with pytest.raises(PublishSecretUnreadableError) as raised:
        R2Config.from_settings(settings, None, unread=secrets.damaged(secrets.R2_SECRET))
    translator = ErrorsContextOnly()
    QCoreApplication.installTranslator(translator)
    i18n.install(QCoreApplication.translate)  # as a language installed at start does
    try:
        words = window.publishing.setup_words(raised.value)
    finally:
        i18n.install(None)
        QCoreApplication.removeTranslator(translator)
    assert words.hint == "«translated»"


@pytest.mark.parametrize(
    ("fault", "unread", "todo"),
    [
        (
            lock,
            "The system keyring is locked, or its unlock prompt was dismissed: the R2 secret "
            "it may hold cannot be read.",
            "Unlock the keyring, then try again; or type the secret access key in Settings → "
            "Publishing (R2) to use it in this session.",
        ),
        (
            stop_answering,
            "The system keyring does not answer: the R2 secret it may hold cannot be read.",
            "Try again; if the keyring still does not answer, restart its service (or log out "
            "and back in). Or type the secret access key in Settings → Publishing (R2) to use "
            "it in this session.",
        ),
    ],
)
async def test_a_secret_in_a_locked_keyring_is_not_called_a_value_of_the_environment(
    window: MainWindow,
    session: Session,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    fault: Callable[[MemoryKeyring, pytest.MonkeyPatch], None],
    unread: str,
    todo: str,
) -> None:
    """The R2 secret stored in the keyring, locked since. The box said it in words of its
    own, under the title "A value of the environment cannot be used": no variable was at
    fault, and the artist looked for one. Then it said to set R2_SECRET_ACCESS_KEY in the
    environment, which the running window never reads, and not that the secret can be typed
    in Settings, where its Open Settings… leads; and to unlock a keyring that does not
    answer, which no unlock mends."""
    point_r2_at(monkeypatch, s3_endpoint, "art")
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    fault(memory_keyring, monkeypatch)
    done = await generated(window, session)
    window.library.commands["publish"].trigger()
    await until(lambda: bool(message_boxes(window, "publishSetupBox")))
    (box,) = message_boxes(window, "publishSetupBox")
    assert box.windowTitle() == "The R2 secret cannot be read"
    assert box.text() == unread
    assert box.informativeText() == todo
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert SECRET not in box.windowTitle() + box.text() + box.informativeText()
    assert session.ledger.get(done.id).published_key == ""  # type: ignore[union-attr]

    (open_settings,) = [b for b in box.buttons() if b.text() == "Open Settings…"]
    open_settings.click()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.tabs.currentWidget() is dialog.r2_page
    await until(lambda: dialog.secret_state is not None)
    assert dialog.focusWidget() is dialog.r2_secret.edit, "the field the box names"
    dialog.reject()


async def test_fields_left_empty_beside_a_locked_keyring_are_named_without_the_secret(
    window: MainWindow,
    session: Session,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
) -> None:
    """The R2 secret stored in the keyring, locked since, and the bucket left empty. Before,
    the box said "Still empty: Bucket and Secret access key.", and the artist typed again a
    secret that is stored: only the bucket is empty; the keyring is said apart."""
    point_r2_at(monkeypatch, s3_endpoint, "")
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    lock(memory_keyring, monkeypatch)
    await generated(window, session)
    window.library.commands["publish"].trigger()
    await until(lambda: bool(message_boxes(window, "publishSetupBox")))
    (box,) = message_boxes(window, "publishSetupBox")
    assert box.windowTitle() == "Publishing is not set up"
    assert box.text() == "Open Settings → Publishing (R2) and fill in the empty fields."
    assert box.informativeText() == (
        "Still empty: Bucket. The system keyring is locked, or its unlock prompt was "
        "dismissed: the R2 secret it may hold cannot be read."
    )


# The controller on its own -------------------------------------------------------------------


async def test_a_publish_whose_bytes_are_all_sent_says_it_is_finishing(
    window: MainWindow,
    session: Session,
    r2: str,
    big_png: Path,
    publishers: Publishers,
) -> None:
    """Before, the preview and the tile said "Publishing… 100 %" while R2 had yet to answer
    the last part: the artist could not tell it was waiting on R2, not sending."""
    artwork = imported(session, big_png)
    HeldAtTheEnd.release = threading.Event()
    publishers.make = held_at_the_end
    window.preview.show_snapshot(artwork)
    bar = window.preview.publication
    assert bar is not None
    window.publishing.publish(artwork.id)
    try:
        await until(lambda: window.publishing.tile_words(artwork) == "Finishing…", timeout=30)
        assert bar.state_label.text() == "Finishing: waiting for R2…"
        activity = window.findChild(QLabel, "publishActivity")
        # The status bar follows once the turn is over (totals_changed), the tile at once.
        await until(lambda: activity.text() == "Finishing 1 artwork: waiting for R2…")
    finally:
        HeldAtTheEnd.release.set()
    await until(lambda: window.publishing.activity(artwork.id) is None, timeout=30)
    assert session.ledger.get(artwork.id).published_key  # type: ignore[union-attr]


class SlowLink:
    """A TCP relay to the S3 server that passes what the app sends at ``rate`` bytes a second,
    taking in little more than it has passed (a small receive buffer), as a slow uplink does;
    the answers come back at once. ``passed``: the bytes it has passed to the server. Once it
    has passed ``cut_at``, it hangs up that connection, as a network that drops does."""

    def __init__(self, endpoint: str, rate: int, cut_at: int | None = None) -> None:
        host, port = endpoint.removeprefix("http://").rsplit(":", 1)
        self._target = (host, int(port))
        self._rate = rate
        self._cut_at = cut_at
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self.passed = 0
        self._server = socket.socket()
        # Before listen(): the connections it accepts offer a window this small.
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen()
        self.endpoint = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            self._open += [client, upstream]
            for source, sink, slow in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pipe, args=(source, sink, slow), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, slow: bool) -> None:
        try:
            while data := source.recv(4096):
                if slow:
                    time.sleep(len(data) / self._rate)
                sink.sendall(data)
                if slow and self._passed(len(data)):
                    hang_up(source)
                    break
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def _passed(self, count: int) -> bool:
        """Count ``count`` bytes passed; True when that is where the connection is cut."""
        with self._lock:
            self.passed += count
            if self._cut_at is None or self.passed < self._cut_at:
                return False
            self._cut_at = None
            return True

    def close(self) -> None:
        self._server.close()
        for end in self._open:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


def hang_up(end: socket.socket) -> None:
    """Close ``end`` with a reset, as a dropped network is met: the app's next send fails at
    once. A bare shutdown could leave the app's send waiting on a full window (discarded
    bytes are not acknowledged) until its timeout, past the test's wait on a busy machine."""
    end.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    end.close()


async def percents_said(
    window: MainWindow, session: Session, link: SlowLink, artwork: Snapshot
) -> list[tuple[int, int]]:
    """Publish ``artwork`` over ``link`` from the library: the percents the status bar said,
    each with the bytes the link had passed by then. Every line it said is in the message of
    an assertion that fails."""
    label = window.findChild(QLabel, "publishActivity")
    said: list[tuple[str, int]] = []
    # Connected after the label: each line as the label has just put it.
    window.publishing.totals_changed.connect(lambda: said.append((label.text(), link.passed)))
    window.bridge.job_changed.emit(artwork)  # as the Upload tab adds it
    await until(lambda: window.library.model.row_of(artwork.id) is not None)
    window.library.select_job(artwork.id)
    await until(lambda: window.library.commands["publish"].isEnabled())
    window.library.commands["publish"].trigger()
    await until(lambda: bool(session.ledger.get(artwork.id).published_key), timeout=60)  # type: ignore[union-attr]
    told = [
        (int(found.group(1)), passed)
        for text, passed in said
        if (found := re.search(r"(\d+) %", text))
    ]
    percents = [percent for percent, _ in told]
    # Once per turn of the loop (totals_changed), as it is painted: the first bytes read
    # into the system's buffers in one burst are one percent, not each of theirs.
    assert any(0 < percent < 100 for percent in percents), said
    assert percents == sorted(percents), said  # never back
    return told


async def test_a_slow_publish_shows_its_percent_rise_as_the_image_goes_up(
    window: MainWindow,
    session: Session,
    s3_endpoint: str,
    bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A demo artwork (about 50 KB: one PUT) published over a slow link. Before, the status
    bar said "Publishing 1 artwork…" with no percent until R2 had answered: boto3 told the
    bytes read every 256 KiB, of a file this small only at the end."""
    link = SlowLink(s3_endpoint, rate=50_000)
    point_r2_at(monkeypatch, link.endpoint, bucket)
    try:
        await percents_said(window, session, link, await generated(window, session))
    finally:
        link.close()


async def test_the_percent_a_publish_says_is_of_bytes_that_went_up(
    window: MainWindow,
    session: Session,
    s3_endpoint: str,
    bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Before, the system took the first megabytes of a file into its send buffer at once,
    and they were told as sent: a 1 MB artwork read 75 % while the link had passed next to
    nothing, then stayed there until R2 answered."""
    link = SlowLink(s3_endpoint, rate=250_000)
    point_r2_at(monkeypatch, link.endpoint, bucket)
    artwork = imported(session, noise_png(tmp_path / "dunes.png", (580, 580)))
    size = artwork.file_size
    try:
        told = await percents_said(window, session, link, artwork)
    finally:
        link.close()
    # Seen rising as the link takes the image, not only once its first burst is read: the
    # status bar moves during a slow publish (each line said is a turn of the loop apart).
    assert len({percent for percent, _ in told if 0 < percent < 100}) >= 2, told
    # Those the link passed, and what the system and the link hold on the way.
    for percent, passed in told:
        assert size * percent // 100 <= passed + HELD_ON_THE_WAY, (size, told)


async def test_a_publish_sent_again_after_a_dropped_connection_never_says_less(
    window: MainWindow,
    session: Session,
    s3_endpoint: str,
    bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The connection drops halfway through the image; botocore sends it again from its
    start, and tells that as bytes taken back. The status bar's percent waits, never
    falling back, until the bytes sent again are past it."""
    artwork = imported(session, noise_png(tmp_path / "dunes.png", (580, 580)))
    link = SlowLink(s3_endpoint, rate=1_000_000, cut_at=artwork.file_size // 2)
    point_r2_at(monkeypatch, link.endpoint, bucket)
    try:
        await percents_said(window, session, link, artwork)
    finally:
        link.close()
    assert link.passed > artwork.file_size * 3 // 2  # half of it, then all of it


async def test_cancel_mid_publish_leaves_nothing(
    controller_with: Callable[[PublisherFactory], PublishController],
    session: Session,
    r2: str,
    admin: Any,
    big_png: Path,
) -> None:
    controller = controller_with(held_midway)
    artwork = imported(session, big_png)
    notices: list[str] = []
    controller.notice.connect(notices.append)
    reports: list[tuple[int, int]] = []

    def on_progress(job_id: int, done: int, total: int) -> None:
        reports.append((done, total))
        if 0 < done < total:
            controller.cancel(job_id)

    controller.progress.connect(on_progress)
    controller.publish(artwork.id)
    assert controller.activity(artwork.id) is not None
    await until(lambda: controller.activity(artwork.id) is None, timeout=30)
    clean = "Publishing cancelled. Nothing was left in the bucket."
    await until(lambda: notices[-1] == clean, timeout=30)  # once the transfer has ended

    assert reports and reports[0][1] == big_png.stat().st_size
    assert notices[1:] in (["Publishing cancelled.", clean], [clean])
    assert_bucket_empty(admin, r2)
    after = session.ledger.get(artwork.id)
    assert after is not None and (after.published_key, after.published_at) == ("", None)
    assert controller.last_error(artwork.id) is None


async def test_cancel_while_r2_never_answers_is_said_at_once(
    controller_with: Callable[[PublisherFactory], PublishController],
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Before, Cancel did nothing while a request waited on a silent server: "Publishing…"
    stayed until the time-out, then the network error was shown instead of "cancelled".
    The read time-out here is far longer than the test waits: only Cancel can end it."""
    server = SilentServer()
    point_r2_at(monkeypatch, server.endpoint, "art")
    controller = controller_with(lambda config: Publisher(config, read_timeout=600, max_attempts=0))
    artwork = imported(session, noise_png(tmp_path / "fog.png", (48, 32)))
    notices: list[str] = []
    controller.notice.connect(notices.append)
    try:
        controller.publish(artwork.id)  # from the library
        joiner = asyncio.ensure_future(controller.publish_now(artwork.id))  # the Upload tab
        await until(server.connected.is_set)  # the first request waits for an answer
        controller.cancel(artwork.id)
        await until(lambda: controller.activity(artwork.id) is None)
        with pytest.raises(PublishCancelledError):
            await joiner
        assert notices[-1] == "Publishing cancelled."
        assert controller.last_error(artwork.id) is None
    finally:
        server.close()  # the waiting request fails now; its thread records nothing
    await until(lambda: not controller._leftovers)
    after = session.ledger.get(artwork.id)
    assert after is not None and (after.published_key, after.published_at) == ("", None)
    assert controller.last_error(artwork.id) is None


async def test_cancel_while_r2_is_frozen_ends_the_publish_and_the_next_one_goes_through(
    controller_with: Callable[[PublisherFactory], PublishController],
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    tmp_path: Path,
) -> None:
    """R2 stops answering (the connection open, nothing answered) and the artist presses
    Cancel, the window staying open. Before, the cancelled publish's thread waited out its
    time-outs and retries (a minute, five for a large image; here an hour), and Publish
    again of the artwork waited for it all that time. It is cut once its Cancel has had a
    moment, as the window's close cuts it, and the next publish goes through."""
    link = FreezingLink(s3_endpoint, freeze_at=0)
    point_r2_at(monkeypatch, link.endpoint, bucket)
    controller = controller_with(patient_publisher)
    artwork = imported(session, noise_png(tmp_path / "tide.png", (48, 32)))
    ended: list[bool] = []
    controller.clean_up_ended.connect(lambda _job_id, clean: ended.append(clean))
    try:
        controller.publish(artwork.id)
        await until(link.frozen.is_set, timeout=60)
        controller.cancel(artwork.id)
        await until(lambda: controller.activity(artwork.id) is None)
        await until(lambda: bool(ended), timeout=30)
        assert not controller._leftovers
        link.thaw()
        published = await controller.publish_now(artwork.id)
        assert published.published_key
    finally:
        link.close()


async def test_an_unpublish_right_after_a_cancel_still_ending_removes_the_artwork(
    controller_with: Callable[[PublisherFactory], PublishController],
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Publish again after a change of title (the same bytes: only the manifest is sent),
    Cancel while R2 is slow to answer, then Unpublish at once. The Unpublish ran beside the
    cancelled publish still ending, which was placing the artwork's image: it left image and
    manifest to that publish, which records nothing once cancelled, and cleared the record.
    "Removed from the bucket" was said, and both stayed public with no record of them."""
    artwork = imported(session, noise_png(tmp_path / "kelp.png", (64, 48)))
    held, release = threading.Event(), threading.Event()

    def slow_manifest(params: dict[str, Any], **_: Any) -> None:
        if params["url_path"].endswith(".json") and not release.is_set():
            held.set()
            assert release.wait(timeout=30), "the test never let R2 answer"

    def holding_the_manifest(config: R2Config) -> Publisher:
        made = fast_publisher(config)
        made.client.meta.events.register("before-call.s3.PutObject", slow_manifest)
        return made

    controller = controller_with(holding_the_manifest)
    waiting = asyncio.Event()  # the Unpublish waits for the cancelled publish to end
    after_leftover = controller._after_leftover

    async def noted_wait(job_id: int, *args: Any) -> None:
        if job_id in controller._leftovers:
            waiting.set()
        await after_leftover(job_id, *args)

    monkeypatch.setattr(controller, "_after_leftover", noted_wait)
    release.set()
    published = await controller.publish_now(artwork.id)
    session.ledger.update(artwork.id, title="Kelp, retitled")
    release.clear()
    answers: list[str] = []
    controller.answer.connect(answers.append)

    controller.publish(artwork.id)
    try:
        await until(held.is_set)
        controller.cancel(artwork.id)
        await until(lambda: controller.activity(artwork.id) is None)
        controller.unpublish(artwork.id)
        await until(lambda: bool(answers) or waiting.is_set())
    finally:
        release.set()
    await until(lambda: not controller._leftovers and controller.activity(artwork.id) is None)
    await until(lambda: bool(answers))

    assert answers == ["“Kelp, retitled” was removed from the bucket."]
    after = session.ledger.get(artwork.id)
    assert after is not None and not after.published_key and published.published_key
    assert_bucket_empty(admin, r2)


async def test_a_missing_bucket_is_explained_and_can_be_retried(
    controller: PublishController,
    bridge: Bridge,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    admin: Any,
    tmp_path: Path,
) -> None:
    point_r2_at(monkeypatch, s3_endpoint, "not-made-yet")
    artwork = imported(session, noise_png(tmp_path / "dune.png", (64, 48)))
    shown: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: shown.append((message, hint)))

    controller.publish(artwork.id)
    await until(lambda: bool(shown))
    # Named by KONTEXT_STUDIO_R2_BUCKET (point_r2_at): before, "Check the bucket name in
    # Settings.", where that field is read-only.
    assert shown == [
        (
            "The R2 bucket does not exist. Cause: bucket 'not-made-yet' does not exist.",
            "Check KONTEXT_STUDIO_R2_BUCKET in the environment, then start Kontext Studio again, "
            "which reads the environment only as it starts.",
        )
    ]
    error = controller.last_error(artwork.id)
    assert error is not None and error.message.startswith("The R2 bucket does not exist.")

    admin.create_bucket(
        Bucket="not-made-yet", CreateBucketConfiguration={"LocationConstraint": "auto"}
    )
    try:
        controller.publish(artwork.id)
        await until(lambda: controller.activity(artwork.id) is None and not bridge.busy)
        assert controller.last_error(artwork.id) is None
        assert session.ledger.get(artwork.id).published_key  # type: ignore[union-attr]
    finally:
        for key in objects_in(admin, "not-made-yet"):
            admin.delete_object(Bucket="not-made-yet", Key=key)
        admin.delete_bucket(Bucket="not-made-yet")


async def test_an_unreachable_endpoint_and_a_vanished_file_are_explained(
    controller: PublishController,
    bridge: Bridge,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,
    tmp_path: Path,
) -> None:
    artwork = imported(session, noise_png(tmp_path / "gone.png", (64, 48)))
    Path(artwork.file_path).unlink()
    shown = banner_messages(bridge)
    controller.publish(artwork.id)
    await until(lambda: bool(shown))
    assert shown[0].startswith("The image file is missing. Cause: ")
    assert f"{Path(artwork.file_path).name} is no longer in the library folder" in shown[0]

    point_r2_at(monkeypatch, "http://127.0.0.1:9", r2)  # nothing listens on port 9
    other = imported(session, noise_png(tmp_path / "here.png", (64, 48), seed=2))
    controller.publish(other.id)
    await until(lambda: len(shown) == 2, timeout=20)
    assert shown[1] == (
        "The R2 endpoint cannot be reached. Cause: cannot reach 127.0.0.1:9 (nothing answered "
        "at that address)."
    )


async def test_a_refusal_of_r2_leaves_the_banner_once_r2_takes_a_publish_or_unpublish(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    r2: str,
    tmp_path: Path,
) -> None:
    """Before, "The R2 endpoint cannot be reached" (or "R2 rejected the access keys") stayed
    on top of the window after the settings were put right and the artwork published."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    gone = imported(session, noise_png(tmp_path / "gone.png", (48, 32), seed=2))

    def banner_up() -> bool:
        return window.banner.banner(BannerKind.PUBLISH) is not None

    point_r2_at(monkeypatch, "http://127.0.0.1:9", r2)  # nothing listens on port 9
    window.publishing.publish(artwork.id)
    await until(banner_up, timeout=20)
    assert window.banner.message().startswith("The R2 endpoint cannot be reached.")
    point_r2_at(monkeypatch, s3_endpoint, r2)
    window.publishing.publish(artwork.id)
    await until(lambda: not banner_up())
    published = session.ledger.get(artwork.id)
    assert published is not None and published.published_key

    # One artwork's file is not R2's: R2 taking another artwork leaves its refusal up.
    Path(gone.file_path).unlink()
    window.publishing.publish(gone.id)
    await until(banner_up)
    assert window.banner.message().startswith("The image file is missing.")
    with enable_iam_authentication():  # moto refuses the test's keys
        window.publishing.unpublish(artwork.id)
        await until(lambda: window.banner.message().startswith("R2 rejected the access keys."))
    window.publishing.unpublish(artwork.id)
    await until(lambda: not banner_up())
    unpublished = session.ledger.get(artwork.id)
    assert unpublished is not None and not unpublished.published_key


def answering_first(status: int, code: str, times: int = 1) -> Callable[[R2Config], Publisher]:
    """A factory of publishers whose first ``times`` publishes R2 answers with ``status`` and
    ``code`` (mapped as the publisher maps R2's answers); the others go through."""
    answered: list[int] = []

    def made(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        send = publisher.publish

        def publish(*args: Any, **kwargs: Any) -> PublishResult:
            if len(answered) < times:
                answered.append(status)
                answer = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}
                raise map_error(ClientError(answer, "PutObject"), config=config)  # type: ignore[arg-type]
            return send(*args, **kwargs)

        publisher.publish = publish  # type: ignore[method-assign]
        return publisher

    return made


@pytest.mark.parametrize(
    ("status", "code", "words", "stays"),
    [
        (400, "EntityTooLarge", "R2 refused the request", True),
        (503, "ServiceUnavailable", "R2 had a problem on its side", False),
        # R2's throttling (its rate or bandwidth limit): its own, not one object's.
        (429, "ServiceUnavailable", "R2 asked to slow down: too many requests for now", False),
    ],
)
async def test_r2_refusing_one_request_stays_up_when_another_artwork_publishes(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    status: int,
    code: str,
    words: str,
    stays: bool,
    publishers: Publishers,
) -> None:
    """R2 refusing one request (a 4xx: "R2 refused the request") may be about that one
    object. Before, another artwork published took its banner down all the same, as if it
    had been the keys; R2's own trouble (a 5xx) is over once R2 takes a publish."""
    refused = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    other = imported(session, noise_png(tmp_path / "mesa.png", (48, 32), seed=2))
    publishers.make = answering_first(status, code)
    notices: list[str] = []
    window.publishing.notice.connect(notices.append)
    window.publishing.publish(refused.id)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    assert window.banner.message() == f"Publishing failed. Cause: {words}."

    window.publishing.publish(other.id)
    await until(lambda: any(notice.startswith("Published") for notice in notices))
    await until(lambda: not window.bridge.busy)
    assert (window.banner.banner(BannerKind.PUBLISH) is not None) is stays


async def test_r2_refusing_one_request_leaves_the_banner_once_that_artwork_publishes(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """R2 refused one artwork's request (a 4xx R2 may not send again: a request that took
    too long to arrive); published again, it went through, and "Publishing failed. (R2
    refused the request)" stayed on the banner, over the artwork now published. The words
    of a refusal of one artwork's go once that artwork publishes."""
    refused = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    publishers.make = answering_first(400, "RequestTimeout")
    notices: list[str] = []
    window.publishing.notice.connect(notices.append)
    window.publishing.publish(refused.id)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    assert window.banner.message() == "Publishing failed. Cause: R2 refused the request."

    window.publishing.publish(refused.id)
    await until(lambda: any(notice.startswith("Published") for notice in notices))
    await until(lambda: not window.bridge.busy)
    assert window.banner.banner(BannerKind.PUBLISH) is None


async def published_by_the_command_line(window: MainWindow, artwork: Snapshot) -> None:
    """``kontext-studio publish`` of ``artwork`` run beside the window (another process, with
    the test's R2 settings), then the library read again by the window, as it is within two
    seconds of another program's write."""
    read: list[bool] = []
    window.library.model.reloaded.connect(lambda: read.append(True))
    command = [sys.executable, "-m", "kontext_studio", "publish", str(artwork.id), "--json"]
    done = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["status"] == "published"
    await until(lambda: bool(read))


@pytest.mark.parametrize(
    ("status", "code", "words", "hidden"),
    [
        (400, "RequestTimeout", "R2 refused the request", False),
        (400, "RequestTimeout", "R2 refused the request", True),
        (429, "ServiceUnavailable", "R2 asked to slow down: too many requests for now", False),
    ],
    ids=["one request", "one request, hidden by the search", "R2's throttling"],
)
async def test_a_refusal_of_r2_leaves_the_banner_once_the_command_line_publishes_the_artwork(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    status: int,
    code: str,
    words: str,
    hidden: bool,
    publishers: Publishers,
) -> None:
    """R2 refused an artwork's publish; published then by the command line (another
    process), "Publishing failed. (…)" stayed on the banner over the artwork the library
    showed published. The words go once the window reads the library again after the
    command's write, whether the library's search shows the artwork or not."""
    refused = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    publishers.make = answering_first(status, code)
    window.publishing.publish(refused.id)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    assert window.banner.message() == f"Publishing failed. Cause: {words}."
    if hidden:
        window.library.search.setText("no such artwork")
        await until(lambda: window.library.model.loaded and not window.library.model.rowCount())

    await published_by_the_command_line(window, refused)

    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is None)


async def test_a_refusal_of_the_keys_stays_up_when_the_command_line_publishes_the_artwork(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """The command line may have keys of its own (its environment's): its publish going
    through says nothing of the keys the window's settings hold."""
    refused = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    publishers.make = answering_first(403, "InvalidAccessKeyId")
    window.publishing.publish(refused.id)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    said = window.banner.message()
    assert said.startswith("R2 rejected the access keys")

    await published_by_the_command_line(window, refused)

    assert window.banner.banner(BannerKind.PUBLISH) is not None
    assert window.banner.message() == said


async def two_refused_alike(
    window: MainWindow, publishers: Publishers, session: Session, tmp_path: Path
) -> tuple[Snapshot, Snapshot, list[str]]:
    """Two artworks ("dune", "mesa") whose publishes R2 refused with the same words ("R2
    refused the request"); the publish notices told from then on."""
    first = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    second = imported(session, noise_png(tmp_path / "mesa.png", (48, 32), seed=2))
    publishers.make = answering_first(400, "RequestTimeout", times=2)
    notices: list[str] = []
    window.publishing.notice.connect(notices.append)
    for artwork in (first, second):
        window.publishing.publish(artwork.id)
        await until(lambda: not window.bridge.busy)
    return first, second, notices


async def published_after_refusal(
    window: MainWindow, notices: list[str], artwork: Snapshot, told: str
) -> None:
    """Publish ``artwork`` again, R2 taking it this time: it is ``told``, and all settles."""
    window.publishing.publish(artwork.id)
    await until(lambda: notices[-1:] == [told])
    await until(lambda: not window.bridge.busy)


async def test_r2_refusing_two_artworks_alike_stays_up_until_both_publish(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """R2 refused the requests of two artworks with the same words ("R2 refused the
    request"). Before, publishing the second took the banner down, over the first still
    unpublished: the words are those of both, and go once both are published."""
    first, second, notices = await two_refused_alike(window, publishers, session, tmp_path)
    assert window.banner.message() == "Publishing failed. Cause: R2 refused the request."

    await published_after_refusal(window, notices, second, "Published “mesa”.")
    assert window.banner.banner(BannerKind.PUBLISH) is not None
    assert window.banner.message() == "Publishing failed. Cause: R2 refused the request."

    await published_after_refusal(window, notices, first, "Published “dune”.")
    assert window.banner.banner(BannerKind.PUBLISH) is None


async def test_r2_refusing_two_artworks_alike_goes_once_one_publishes_and_the_other_is_deleted(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """The words of two artworks R2 refused alike stay up until both are published; one of
    them deleted in the library is never published, and kept them up for good."""
    gone, kept, notices = await two_refused_alike(window, publishers, session, tmp_path)
    assert window.banner.message() == "Publishing failed. Cause: R2 refused the request."

    session.ledger.delete(gone.id)
    window.bridge.job_deleted.emit(gone.id)
    await published_after_refusal(window, notices, kept, "Published “mesa”.")
    assert window.banner.banner(BannerKind.PUBLISH) is None


async def test_r2_refusing_two_alike_goes_once_the_command_line_deletes_one_the_search_hides(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """The words of two artworks R2 refused alike go once one is published and the other
    deleted. Deleted by the command line while the library's search hid it, it was never
    told deleted (only the grid's artworks, and those the rest of the window shows, are):
    the banner stayed up for good over the only one left, published."""
    gone, kept, notices = await two_refused_alike(window, publishers, session, tmp_path)
    model = window.library.model
    window.library.search.setText("mesa")
    await until(lambda: model.loaded and [s.id for s in model._rows] == [kept.id])

    row_deleted_by_a_command(session, gone.id)
    read: list[bool] = []
    model.reloaded.connect(lambda: read.append(True))
    model._check_outside()  # as its timer does, within two seconds
    await until(lambda: bool(read))
    await published_after_refusal(window, notices, kept, "Published “mesa”.")
    assert window.banner.banner(BannerKind.PUBLISH) is None


async def test_a_publish_started_before_the_settings_changed_leaves_their_refusal_up(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    r2: str,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """A publish sent to the bucket before the settings named one that does not exist ends
    well after their refusal was said. Before, it took "The R2 bucket does not exist." down,
    as if the settings were right again, and the next publish met the same refusal."""
    sent = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    refused = imported(session, noise_png(tmp_path / "mesa.png", (48, 32), seed=2))
    entered, release = threading.Event(), threading.Event()

    def made(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        if config.bucket == r2:  # the settings before: their publish waits to be let go
            send = publisher.publish

            def held(*args: Any, **kwargs: Any) -> PublishResult:
                entered.set()
                assert release.wait(timeout=30)
                return send(*args, **kwargs)

            publisher.publish = held  # type: ignore[method-assign]
        return publisher

    publishers.make = made
    notices: list[str] = []
    window.publishing.notice.connect(notices.append)
    window.publishing.publish(sent.id)
    await until(entered.is_set)
    point_r2_at(monkeypatch, s3_endpoint, "no-such-bucket")
    window.publishing.publish(refused.id)
    await until(lambda: window.banner.message().startswith("The R2 bucket does not exist."))

    release.set()
    await until(lambda: any(notice.startswith("Published") for notice in notices))
    assert window.banner.banner(BannerKind.PUBLISH) is not None
    assert window.banner.message().startswith("The R2 bucket does not exist.")


async def test_a_removal_that_finds_the_record_changed_leaves_the_refusal_of_r2_up(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch, r2: str, tmp_path: Path
) -> None:
    """Remove from bucket of a record that changed meanwhile asks nothing of R2. Before, it
    took "The R2 endpoint cannot be reached." down all the same, R2 still out of reach."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    point_r2_at(monkeypatch, "http://127.0.0.1:9", r2)  # nothing listens on port 9
    window.publishing.publish(artwork.id)
    await until(lambda: window.banner.message().startswith("The R2 endpoint cannot be reached."))

    left = dataclasses.replace(artwork, published_key="artworks/left.png", published_bucket=r2)
    window.publishing.remove_left(left)  # the record names nothing published now
    await until(lambda: "changed meanwhile" in window.statusBar().currentMessage())
    assert window.banner.banner(BannerKind.PUBLISH) is not None
    assert window.banner.message().startswith("The R2 endpoint cannot be reached.")


async def test_a_refusal_of_the_keys_or_the_bucket_offers_the_settings(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    r2: str,
    tmp_path: Path,
) -> None:
    """Before, the banner said "Check the access key ID and secret" (or "the bucket name in
    Settings") with nothing to press: the artist looked for Settings in the menus, then for
    its publishing page. A missing file offers nothing: the settings cannot put it right."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    gone = imported(session, noise_png(tmp_path / "gone.png", (48, 32), seed=2))
    point_r2_at(monkeypatch, s3_endpoint, "")
    saved = R2Settings(bucket="no-such-bucket")
    session.settings = dataclasses.replace(session.settings, r2=saved)
    window.publishing.publish(artwork.id)
    await until(lambda: window.banner.message().startswith("The R2 bucket does not exist."))
    assert window.banner.action_button.isVisible()
    assert window.banner.action_button.text() == "Open Settings"

    window.banner.action_button.click()
    dialog = window.open_settings()
    await until(lambda: dialog.secret_state is not None)
    assert dialog.tabs.currentWidget() is dialog.r2_page
    dialog.reject()

    point_r2_at(monkeypatch, s3_endpoint, r2)
    Path(gone.file_path).unlink()
    window.publishing.publish(gone.id)
    await until(lambda: window.banner.message().startswith("The image file is missing."))
    assert not window.banner.action_button.isVisible()
    await window.bridge.wait_idle()


async def test_a_refusal_of_keys_the_environment_sets_offers_no_settings(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch, r2: str, tmp_path: Path
) -> None:
    """R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY set both keys R2 refused: the banner said to
    check those variables and offered "Open Settings", where both fields are read-only."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    with enable_iam_authentication():  # moto refuses the test's keys
        window.publishing.publish(artwork.id)
        await until(lambda: window.banner.message().startswith("R2 rejected the access keys."))
    assert "R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY in the environment" in window.banner.hint()
    assert not window.banner.action_button.isVisible()
    await window.bridge.wait_idle()


async def assert_settings_opened_at_r2(window: MainWindow) -> None:
    """The Settings dialog is open, at its R2 page; it is closed again."""
    dialog = window.open_settings()
    await until(lambda: dialog.secret_state is not None)
    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.r2_page
    dialog.reject()


def endpoint_typed_in_settings(
    monkeypatch: pytest.MonkeyPatch, session: Session, endpoint: str
) -> None:
    """R2 at ``endpoint``, as typed in Settings → Publishing (R2); the keys the
    environment's (they play no part in reaching it)."""
    monkeypatch.setenv("R2_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("R2_SECRET_ACCESS_KEY", SECRET)
    typed = R2Settings(endpoint=endpoint, bucket="art")
    session.settings = dataclasses.replace(session.settings, r2=typed)


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:9", "https://no-such-host.invalid"])
async def test_an_endpoint_that_cannot_be_reached_as_typed_offers_the_settings(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    endpoint: str,
) -> None:
    """An endpoint typed in Settings where nothing listens (a wrong port: nothing is on
    port 9), or naming no host (a mistyped account ID), is often the settings' mistake:
    before, the banner said "Check the endpoint and network" with nothing to press, where a
    refused key or bucket offered Settings. Now it offers them, at their R2 page."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    endpoint_typed_in_settings(monkeypatch, session, endpoint)
    window.publishing.publish(artwork.id)
    await until(lambda: window.banner.message().startswith("The R2 endpoint cannot"))
    assert window.banner.action_button.isVisible()
    assert window.banner.action_button.text() == "Open Settings"

    window.banner.action_button.click()
    await assert_settings_opened_at_r2(window)
    await window.bridge.wait_idle()


async def test_an_endpoint_the_environment_sets_and_cannot_be_reached_offers_no_settings(
    window: MainWindow, session: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """KONTEXT_STUDIO_R2_ENDPOINT sets the endpoint, read-only in Settings: the banner says
    to correct that variable, and offers nothing."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    point_r2_at(monkeypatch, "http://127.0.0.1:9", "art")
    window.publishing.publish(artwork.id)
    await until(lambda: window.banner.message().startswith("The R2 endpoint cannot"))
    assert "KONTEXT_STUDIO_R2_ENDPOINT in the environment" in window.banner.hint()
    assert not window.banner.action_button.isVisible()
    await window.bridge.wait_idle()


async def test_an_endpoint_that_does_not_answer_in_time_offers_no_settings(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """A server that takes the connection and never answers is reached, at the endpoint as
    typed: the network is slow or in the way, which Settings cannot put right."""
    server = SilentServer()
    publishers.make = lambda config: Publisher(
        config, connect_timeout=1.0, read_timeout=0.5, max_attempts=1
    )
    endpoint_typed_in_settings(monkeypatch, session, server.endpoint)
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    try:
        window.publishing.publish(artwork.id)
        await until(lambda: window.banner.message().startswith("The R2 endpoint cannot"))
        assert "timed out" in window.banner.message()
        assert not window.banner.action_button.isVisible()
    finally:
        server.close()
    await window.bridge.wait_idle()


_NO_BUCKET = ClientError({"Error": {"Code": "NoSuchBucket", "Message": ""}}, "PutObject")
_DENIED = ClientError({"Error": {"Code": "AccessDenied", "Message": ""}}, "PutObject")
_TYPED = R2Settings(endpoint="https://r2.example.test", bucket="art", access_key_id=ACCESS_KEY)


@pytest.mark.parametrize(
    ("environ", "refused", "offered"),
    [
        ({}, _NO_BUCKET, True),
        ({"KONTEXT_STUDIO_R2_BUCKET": "art"}, _NO_BUCKET, False),
        ({"KONTEXT_STUDIO_R2_ENDPOINT": "https://r2.example.test/art"}, _NO_BUCKET, False),
        ({"R2_ACCESS_KEY_ID": ACCESS_KEY, "R2_SECRET_ACCESS_KEY": SECRET}, _DENIED, False),
        ({"R2_ACCESS_KEY_ID": ACCESS_KEY}, _DENIED, True),
        ({"R2_SECRET_ACCESS_KEY": SECRET}, _DENIED, True),
        ({}, _DENIED, True),
    ],
)
def test_settings_are_offered_for_a_refusal_only_where_they_can_put_it_right(
    environ: dict[str, str], refused: ClientError, offered: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 refusing the bucket or the keys offers "Open Settings" unless the environment
    alone sets what it refused (read-only there): a bucket of the environment's (its
    variable, or the endpoint's address with the bucket in it), both keys. One key of
    Settings' beside the other of the environment's can be put right there. Told by the
    error as it is made, not by its words: other words for the variables' hint must not
    bring the offer back."""
    monkeypatch.setattr(r2_errors, "ENVIRONMENT_HINT", "Correct {variables}, then restart.")
    typed = "" if "R2_SECRET_ACCESS_KEY" in environ else SECRET
    settings = dataclasses.replace(_TYPED, bucket="" if "/art" in str(environ) else "art")
    config = load_r2_config(settings, environ, typed_secret=typed)
    assert publishing.settings_put_right(map_error(refused, config=config)) is offered


def certificate_refused(verify_code: int) -> ssl.SSLCertVerificationError:
    refused = ssl.SSLCertVerificationError(1, "certificate verify failed")
    refused.verify_code = verify_code
    return refused


@pytest.mark.parametrize(
    ("wrapper", "cause", "offered"),
    [
        (EndpointConnectionError, socket.gaierror(socket.EAI_NONAME, "Name not known"), True),
        (EndpointConnectionError, ConnectionRefusedError(111, "Connection refused"), True),
        (SSLError, certificate_refused(62), True),  # X509_V_ERR_HOSTNAME_MISMATCH
        # A name server that does not answer (offline), no route, a reset, a time-out and a
        # certificate no one vouches for (a proxy's in the way): the network's.
        (EndpointConnectionError, socket.gaierror(socket.EAI_AGAIN, "Try again"), False),
        (EndpointConnectionError, OSError(101, "Network is unreachable"), False),
        (ConnectionClosedError, ConnectionResetError(104, "Connection reset"), False),
        (ConnectTimeoutError, TimeoutError("timed out"), False),
        (SSLError, certificate_refused(19), False),  # X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
    ],
)
def test_settings_are_offered_for_an_endpoint_not_reached_only_where_it_is_the_endpoint(
    wrapper: type[BotoCoreError], cause: BaseException, offered: bool
) -> None:
    """A certificate for another name (an endpoint mistyped to another server) offers the
    settings, as no such host and nothing listening do; what the network does not."""
    config = load_r2_config(_TYPED, {}, typed_secret=SECRET)
    try:
        try:
            raise cause
        except BaseException as caught:
            raise wrapper(endpoint_url=_TYPED.endpoint, error=caught) from caught
    except BotoCoreError as unreached:
        mapped = map_error(unreached, config=config)
    assert isinstance(mapped, PublishNetworkError)
    assert publishing.settings_put_right(mapped) is offered


async def test_a_second_request_while_publishing_is_ignored(
    controller: PublishController, session: Session, r2: str, admin: Any, big_png: Path
) -> None:
    artwork = imported(session, big_png)
    controller.publish(artwork.id)
    controller.publish(artwork.id)
    assert controller.busy_count() == 1
    await until(lambda: controller.busy_count() == 0, timeout=30)
    assert len(objects_in(admin, r2)) == 2


# Settings: Test connection ----------------------------------------------------------------


def publishing_settings(
    bridge: Bridge, owned: list[QObject], endpoint: str, bucket: str
) -> SettingsDialog:
    """The settings at their publishing page, with ``endpoint``, ``bucket`` and the access
    key ID filled in; the secret is left for the test."""
    dialog = SettingsDialog(bridge, PublishController(bridge))
    owned.append(dialog)
    dialog.show_publishing_page()
    dialog.r2_endpoint.setText(endpoint)
    dialog.r2_bucket.setText(bucket)
    dialog.r2_access_key_id.setText(ACCESS_KEY)
    return dialog


async def press_test_connection(dialog: SettingsDialog) -> None:
    """Press Test connection and wait for its answer."""
    dialog.r2_test_button.click()
    await until(lambda: dialog.r2_test_button.isEnabled())


async def test_test_connection_with_empty_fields_says_what_is_missing(
    bridge: Bridge, owned: list[QObject]
) -> None:
    """Before, it began "Publishing failed.", though nothing was being published."""
    dialog = SettingsDialog(bridge, PublishController(bridge))
    owned.append(dialog)
    dialog.show_publishing_page()
    await press_test_connection(dialog)
    assert dialog.r2_test_result.text() == (
        "Fill in the empty fields above, then test again.\n"
        "Still empty: Endpoint, Bucket, Access key ID and Secret access key."
    )
    await bridge.wait_idle()


async def test_a_bucket_saved_then_left_to_the_endpoint_variable_is_said_of_that_variable(
    controller: PublishController,
    bridge: Bridge,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    tmp_path: Path,
) -> None:
    """The endpoint variable is the dashboard's address, bucket and all, which Settings'
    Bucket field named too. With that field emptied, R2's "no such bucket" is the variable's:
    before, the publisher built for the field's bucket was kept (the same bucket, the same
    endpoint), and its words sent the artist to the empty field ("Check the bucket name in
    Settings.")."""
    point_r2_at(monkeypatch, f"{s3_endpoint}/not-made-yet", "")
    saved = R2Settings(bucket="not-made-yet")
    session.settings = dataclasses.replace(session.settings, r2=saved)
    artwork = imported(session, noise_png(tmp_path / "dune.png", (64, 48)))
    shown: list[str] = []
    bridge.error.connect(lambda _message, hint: shown.append(hint))
    controller.publish(artwork.id)
    await until(lambda: bool(shown))
    assert shown == ["Check the bucket name in Settings."]

    session.settings = dataclasses.replace(session.settings, r2=R2Settings())
    controller.publish(artwork.id)
    await until(lambda: len(shown) == 2)
    assert shown[1] == (
        "Check KONTEXT_STUDIO_R2_ENDPOINT in the environment, then start Kontext Studio again, "
        "which reads the environment only as it starts."
    )
    await bridge.wait_idle()


async def test_publish_refusing_a_value_of_the_environment_says_to_correct_its_variable(
    controller: PublishController,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    tmp_path: Path,
) -> None:
    """Before: "Enter your Cloudflare R2 bucket in Settings → Publishing (R2): …", of a
    bucket KONTEXT_STUDIO_R2_BUCKET names, read-only there."""
    point_r2_at(monkeypatch, s3_endpoint, "My-Art")
    artwork = imported(session, noise_png(tmp_path / "dune.png", (64, 48)))
    offered: list[tuple[str, str, bool, str]] = []
    controller.setup_needed.connect(lambda *offer: offered.append(offer))
    controller.publish(artwork.id)
    await until(lambda: bool(offered))
    assert offered == [
        (
            "My-Art is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, "
            "starting and ending with a letter or digit",
            "Check KONTEXT_STUDIO_R2_BUCKET in the environment, then start Kontext Studio again, "
            "which reads the environment only as it starts.",
            False,  # not to be set right in Settings, where it is read-only
            "A value of the environment cannot be used",
        )
    ]


CORRECT_THE_VARIABLE = (
    "Correct it in the environment variable named under its field, then restart "
    "Kontext Studio: the variables are read when it starts."
)


async def settings_tested_beside(
    bridge: Bridge,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    variable: tuple[str, str],
    field: str,
    typed: str,
) -> SettingsDialog:
    """Settings opened with ``variable`` (name, value) in the environment, ``typed`` in the
    R2 ``field`` beside it and keys typed, then Test connection pressed."""
    monkeypatch.setenv(*variable)
    dialog = SettingsDialog(bridge, PublishController(bridge))
    owned.append(dialog)
    getattr(dialog, field).setText(typed)
    dialog.r2_access_key_id.setText("AK")
    dialog.r2_secret.edit.setText(SECRET)
    await press_test_connection(dialog)
    return dialog


async def test_test_connection_refusing_a_value_of_the_environment_says_where_to_correct_it(
    bridge: Bridge, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bucket KONTEXT_STUDIO_R2_BUCKET sets that no bucket can be named was told to be
    corrected in "the fields above", where that field is read-only; and a variable is read
    when the app starts: corrected, it takes a restart."""
    dialog = await settings_tested_beside(
        bridge,
        owned,
        monkeypatch,
        ("KONTEXT_STUDIO_R2_BUCKET", "My-Art"),
        "r2_endpoint",
        "0123abcd",
    )
    assert dialog.r2_test_result.text() == (
        "My-Art is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, "
        "starting and ending with a letter or digit\n" + CORRECT_THE_VARIABLE
    )

    dialog.r2_endpoint.setText("ftp://files.example.com")
    await press_test_connection(dialog)
    assert dialog.r2_test_result.text().endswith(
        "\nComplete or correct the fields above, then test again."
    )
    await bridge.wait_idle()


async def test_test_connection_refusing_the_environment_first_says_so_beside_a_bad_field(
    bridge: Bridge, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The endpoint KONTEXT_STUDIO_R2_ENDPOINT sets cannot work, and a typed bucket neither:
    what the test named was the endpoint, read-only on the page, and it said "Complete or
    correct the fields above", because one typed field could not work either."""
    dialog = await settings_tested_beside(
        bridge,
        owned,
        monkeypatch,
        ("KONTEXT_STUDIO_R2_ENDPOINT", "ftp://files.example.com"),
        "r2_bucket",
        "My-Art",
    )
    assert dialog.r2_test_result.text() == (
        "the R2 endpoint must be an http(s) URL or an account ID\n" + CORRECT_THE_VARIABLE
    )
    await bridge.wait_idle()


class FailingEndpoint(BaseHTTPRequestHandler):
    """An endpoint that answers every request with a server error."""

    def do_HEAD(self) -> None:
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


async def test_test_connection_that_gets_an_odd_answer_says_the_test_failed(
    bridge: Bridge, owned: list[QObject]
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FailingEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_port}"
        dialog = publishing_settings(bridge, owned, endpoint, "art")
        dialog.r2_secret.edit.setText(SECRET)
        await press_test_connection(dialog)
        # The cause a sentence of its own, as every message's detail: before, in brackets.
        assert dialog.r2_test_result.text() == (
            "The connection test failed. Cause: R2 had a problem on its side.\n"
            "This passes by itself: wait a few minutes, then retry."
        )
        await bridge.wait_idle()
    finally:
        server.shutdown()
        server.server_close()


def contrast(first: QColor, second: QColor) -> float:
    """WCAG's contrast ratio of two colours."""

    def luminance(color: QColor) -> float:
        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        red, green, blue = (linear(c) for c in (color.redF(), color.greenF(), color.blueF()))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#f0f0f0"),
    ):
        palette.setColor(role, QColor(color))
    return palette


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
async def test_a_failed_connection_test_reads_as_an_error_in_light_and_dark_palettes(
    session: Session, bridge: Bridge, dark: bool
) -> None:
    """The failure was marked "error" but took its colour from the main window's style
    sheet, a dark red that reads at 1.7:1 on a dark theme's window. It is red enough to read
    on either palette now, beside the style's error icon, and shown whole."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    if dark:
        app.setPalette(dark_palette())
    window = await open_window(session, bridge)
    try:
        dialog = window.open_settings()
        dialog.show_publishing_page()
        dialog.r2_endpoint.setText("http://127.0.0.1:9")  # nothing listens there
        dialog.r2_bucket.setText("art")
        dialog.r2_access_key_id.setText(ACCESS_KEY)
        dialog.r2_secret.edit.setText(SECRET)
        dialog.r2_test_button.click()
        await until(lambda: dialog.r2_test_button.isEnabled(), timeout=30)
        await bridge.wait_idle()
        result = dialog.r2_test_result
        assert result.property("level") == "error"
        shown = result.palette().color(QPalette.ColorRole.WindowText)
        behind = dialog.palette().color(QPalette.ColorRole.Window)
        assert shown.red() > 1.5 * max(shown.green(), shown.blue()), shown.name()
        assert contrast(shown, behind) >= 4.5, (shown.name(), behind.name())
        assert dialog.r2_test_icon.isVisible() and not dialog.r2_test_icon.pixmap().isNull()
        await settled(dialog)
        assert result.height() >= text_height(result), "the message and its hint are whole"
        dialog.close()
    finally:
        await close_window(window)
        app.setPalette(before)


async def test_settings_test_connection_reaches_the_bucket_or_says_why(
    bridge: Bridge, owned: list[QObject], s3_endpoint: str, bucket: str
) -> None:
    dialog = publishing_settings(bridge, owned, s3_endpoint, bucket)

    await press_test_connection(dialog)
    assert dialog.r2_test_result.property("level") == "error"
    assert dialog.r2_test_result.text() == (
        "Fill in the empty fields above, then test again.\nStill empty: Secret access key."
    )

    dialog.r2_secret.edit.setText(SECRET)
    await press_test_connection(dialog)
    host = s3_endpoint.removeprefix("http://")
    assert dialog.r2_test_result.text() == f"Connected: bucket {bucket} at {host} answers."
    assert dialog.r2_test_result.property("level") == "ok"

    dialog.r2_bucket.setText("no-such-bucket-here")
    await press_test_connection(dialog)
    assert dialog.r2_test_result.text() == (
        "The R2 bucket does not exist. Cause: bucket 'no-such-bucket-here' does not exist.\n"
        "Check the bucket name in Settings."
    )
    await bridge.wait_idle()


async def test_test_connection_with_a_wrong_clock_says_to_set_the_clock(
    bridge: Bridge, owned: list[QObject], s3_endpoint: str, bucket: str
) -> None:
    """Before, it said "R2 rejected the access keys. Check the access key ID and secret."
    to an artist whose keys were right and whose clock was two hours slow."""
    proxy = ClockCheckingProxy(s3_endpoint, 2 * 3600, s3_too_skewed)
    try:
        dialog = publishing_settings(bridge, owned, proxy.endpoint, bucket)
        dialog.r2_secret.edit.setText(SECRET)
        await press_test_connection(dialog)
        assert dialog.r2_test_result.property("level") == "error"
        assert dialog.r2_test_result.text() == (
            "R2 refused the request because this computer's clock is off. Cause: about 2 h "
            "behind.\n"
            "Set the clock right (its date, time and time zone; automatic time is best), "
            "then retry."
        )
        await bridge.wait_idle()
    finally:
        proxy.close()


async def test_a_publish_asked_for_as_the_window_closes_leaves_nothing_waiting(
    bridge: Bridge, controller: PublishController
) -> None:
    """Review finding: the bridge drops work after close, but the artwork stayed marked as
    publishing, and the Upload tab joining it (publish_now) would have waited for ever."""
    await bridge.aclose()
    controller.publish(7)
    assert controller.activity(7) is None
    with pytest.raises(KontextError):  # its own attempt (R2 is not set up), not a wait
        await asyncio.wait_for(controller.publish_now(7), timeout=5)


async def test_a_publish_cancelled_as_the_window_closes_tells_a_joiner_so(
    bridge: Bridge,
    controller: PublishController,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
) -> None:
    """The library's publish is under way and the Upload tab waits on it (publish_now); the
    window closes, which cancels the publish. Before, the joiner read "Publishing failed."."""
    entered, release = hold_transfers(controller)
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    controller.publish(artwork.id)  # from the library
    joiner = asyncio.ensure_future(controller.publish_now(artwork.id))  # the Upload tab
    await until(entered.is_set)
    stop = controller._cancels[artwork.id]
    closing = asyncio.ensure_future(bridge.aclose())  # the window closes
    await until(stop.is_set)  # the transfer is asked to stop before it goes on
    release.set()
    await closing
    with pytest.raises(PublishCancelledError):
        await joiner
    assert_bucket_empty(admin, r2)
    assert controller.last_error(artwork.id) is None


async def test_quit_while_publishing_asks_first_and_keeps_publishing_unless_told(
    window: MainWindow, session: Session, r2: str, admin: Any, tmp_path: Path
) -> None:
    """Before, Ctrl+Q during a publish closed the window without a word: the publish
    stopped, nothing carried it on, and the artist found the artwork unpublished later."""
    entered, release = hold_transfers(window.publishing)
    first = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    window.publishing.publish(first.id)
    await until(entered.is_set)

    window.menu_actions["quit"].trigger()
    (box,) = message_boxes(window, "quitWhilePublishingBox")
    assert box.isVisible()
    assert box.text() == "An artwork is still being published to your R2 bucket."
    assert "stays unpublished" in box.informativeText()
    assert box.defaultButton() is box.escapeButton(), "keeping the window is the default"
    window.menu_actions["quit"].trigger()  # asked again: the same question, not a second
    assert len(message_boxes(window, "quitWhilePublishingBox")) == 1
    box.escapeButton().click()
    await until(lambda: not message_boxes(window, "quitWhilePublishingBox"))
    assert not window.has_closed and window.isVisible()

    release.set()
    await until(lambda: window.publishing.busy_count() == 0)
    assert session.ledger.get(first.id).published_key  # type: ignore[union-attr]

    entered.clear()
    release.clear()
    second = imported(session, noise_png(tmp_path / "reef.png", (48, 32), seed=2))
    window.publishing.publish(second.id)
    await until(entered.is_set)
    window.menu_actions["quit"].trigger()
    (box,) = message_boxes(window, "quitWhilePublishingBox")
    (quit_anyway,) = [b for b in box.buttons() if b.text() == "&Quit anyway"]
    quit_anyway.click()
    assert window.has_closed  # the app's shutdown then stops the publish
    release.set()


PATIENT_S = 3600.0


def patient_publisher(config: R2Config) -> Publisher:
    """The window's publisher, its requests given an hour rather than a minute: one that a
    silent server holds is held as long as the test runs, however fast the machine."""
    return Publisher(config, read_timeout=PATIENT_S, transfer_read_timeout=PATIENT_S)


@dataclasses.dataclass
class AppRun:
    """``app.main()`` as a launch runs it, and its window once shown (each publishing with
    :func:`patient_publisher`)."""

    started: asyncio.Future[int]
    window: MainWindow


async def app_started(monkeypatch: pytest.MonkeyPatch) -> AppRun:
    made: list[MainWindow] = []
    opened = app_module.create_main_window

    async def create_main_window(session: Session, *args: Any, **kwargs: Any) -> MainWindow:
        kwargs["publisher_factory"] = patient_publisher  # in place of the app's
        window = await opened(session, *args, **kwargs)
        made.append(window)
        return window

    monkeypatch.setattr(app_module, "create_main_window", create_main_window)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() sets its own
    started = asyncio.ensure_future(app_module.main())
    await until(lambda: started.done() or bool(made), timeout=60)
    assert made, started.result()
    await until(lambda: made[0].library.model.loaded)
    return AppRun(started, made[0])


async def test_quit_while_r2_has_stopped_answering_ends_the_app_and_the_next_start_cleans_up(
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    bucket: str,
    admin: Any,
    big_png: Path,
) -> None:
    """R2 stops answering halfway through a large image (the connection open, nothing
    taken, nothing answered), and the artist quits anyway. Before, the window went and the
    app stayed: its publish waited out the time-outs and retries of every request, five
    minutes for a large image, before the process could end. The app now ends once it has
    given the publish a moment to take back what it sent, its requests cut; the record says
    the publish stopped before its end, as when the app is killed, so the next start says
    it may have left its image in the bucket (here, a multipart upload left open), and
    Remove from bucket leaves nothing there."""
    link = FreezingLink(s3_endpoint, freeze_at=big_png.stat().st_size // 2)
    point_r2_at(monkeypatch, link.endpoint, bucket)
    ledger = Ledger.open(Paths.from_env().database)
    try:
        (artwork,) = import_artworks(ledger, [big_png], library_dir=Paths.from_env().library)
    finally:
        ledger.close()
    assert isinstance(artwork, Snapshot)
    ended = threading.Event()
    publish = publishing.publish_artwork

    def publish_artwork(*args: Any, **kwargs: Any) -> Snapshot:
        try:
            return publish(*args, **kwargs)
        finally:
            ended.set()

    monkeypatch.setattr(publishing, "publish_artwork", publish_artwork)
    try:
        run = await app_started(monkeypatch)
        run.window.publishing.publish(artwork.id)
        await until(link.frozen.is_set, timeout=60)
        run.window.menu_actions["quit"].trigger()
        (box,) = message_boxes(run.window, "quitWhilePublishingBox")
        (quit_anyway,) = [b for b in box.buttons() if b.text() == "&Quit anyway"]
        quit_anyway.click()
        assert await run.started == 0
        assert ended.is_set(), "the app ended, its publish still waiting on R2"
    finally:
        link.thaw()  # before the change, the publish then goes on (and ends)
    key = f"artworks/{artwork.sha256}.png"
    (left,) = admin.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert left["Key"] == key

    run = await app_started(monkeypatch)  # the next start
    try:
        run.window.library.select_job(artwork.id)
        bar = run.window.preview.publication
        assert bar is not None
        await until(bar.left_label.isVisible)
        assert bar.left_label.text() == LEFT_NOTE
        bar.remove_button.click()
        await until(lambda: "left in the bucket" in run.window.statusBar().currentMessage())
        assert run.window.statusBar().currentMessage() == (
            "Nothing of “big-canvas” is left in the bucket."
        )
        assert_bucket_empty(admin, bucket)
    finally:
        run.window.close()
        assert await run.started == 0
        link.close()


async def test_quit_while_test_connection_waits_on_a_silent_server_ends_the_app(
    simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings' Test connection waits on a server that accepts the connection and never
    answers, and the artist quits. Before, the window went and the app stayed until the
    test's time-out (15 s, 20-30 s on a slow link): its publisher was not one the close cut.
    It is cut as the window's publishing is."""
    server = SilentServer()
    ended = threading.Event()
    test_connection = Publisher.test_connection

    def tested(self: Publisher) -> str:
        try:
            return test_connection(self)
        finally:
            ended.set()

    monkeypatch.setattr(Publisher, "test_connection", tested)
    try:
        run = await app_started(monkeypatch)
        dialog = run.window.open_settings()
        dialog.show_publishing_page()
        dialog.r2_endpoint.setText(server.endpoint)
        dialog.r2_bucket.setText("art")
        dialog.r2_access_key_id.setText(ACCESS_KEY)
        dialog.r2_secret.edit.setText(SECRET)
        dialog.r2_test_button.click()
        await until(server.connected.is_set, timeout=60)
        run.window.menu_actions["quit"].trigger()
        assert await run.started == 0
        assert ended.is_set(), "the app ended, its Test connection still waiting on R2"
    finally:
        server.close()


async def test_quit_with_nothing_publishing_closes_at_once(window: MainWindow) -> None:
    window.menu_actions["quit"].trigger()
    assert window.has_closed
    assert not message_boxes(window, "quitWhilePublishingBox")


async def test_a_tile_says_how_its_publish_goes_and_that_it_failed(
    window: MainWindow,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    r2: str,
    s3_endpoint: str,
    tmp_path: Path,
) -> None:
    """Before, a tile said nothing until its Published badge came: of several artworks
    published at once, the artist could not tell which were still going, nor, once the
    banner had said one failed, which one."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(artwork.id) is not None)

    def tile_status() -> str:
        row = library.model.row_of(artwork.id)
        assert row is not None
        return str(library.model.index(row).data(library.model.StatusRole))

    assert tile_status() == left_to_right("48 × 32")
    point_r2_at(monkeypatch, "http://127.0.0.1:9", r2)  # nothing listens on port 9
    window.publishing.publish(artwork.id)
    await until(lambda: tile_status() == "Publishing failed", timeout=20)
    index = library.model.index(library.model.row_of(artwork.id) or 0)
    assert index.data(library.model.PublishFailedRole), "said in the error colour"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "dune, publishing failed"

    point_r2_at(monkeypatch, s3_endpoint, r2)
    entered, release = hold_transfers(window.publishing)
    window.publishing.publish(artwork.id)
    assert tile_status() == "Publishing…"
    await until(entered.is_set)
    release.set()
    await until(lambda: window.publishing.busy_count() == 0)
    await until(lambda: tile_status() == left_to_right("48 × 32"))
    assert session.ledger.get(artwork.id).published_key  # type: ignore[union-attr]
    assert not index.data(library.model.PublishFailedRole)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "dune, published"


def elsewhere_in_the_library(session: Session, path: Path, *, starred: bool = False) -> Snapshot:
    """``path`` imported into the library, its artwork recorded as published in another
    bucket ('old-bucket' at old.example.com) than the R2 settings name."""
    artwork = imported(session, path)
    return session.ledger.update(
        artwork.id,
        starred=starred,
        published_key="artworks/old.png",
        published_bucket="old-bucket",
        published_host="old.example.com",
    )


async def shown_in_the_library(window: MainWindow, artwork: Snapshot) -> int:
    """The row of ``artwork``'s tile, once the library shows it."""
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(artwork.id) is not None)
    row = library.model.row_of(artwork.id)
    assert row is not None
    return row


async def test_a_tile_published_in_another_bucket_says_published_elsewhere(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork published in another bucket than the R2 settings name: its preview said
    "Published in another bucket", its tile a plain "Published", as of one in the bucket
    publishing goes to. The tile says "Published elsewhere" (and a screen reader, where);
    once the settings are saved naming that bucket, "Published" again."""
    artwork = elsewhere_in_the_library(session, noise_png(tmp_path / "dune.png", (48, 32)))
    library = window.library
    row = await shown_in_the_library(window, artwork)
    assert "Published elsewhere" in tile_words(library, row)
    assert "Published" not in tile_words(library, row)
    index = library.model.index(row)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "dune, published in another bucket"
    library.select_job(artwork.id)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.state_label.text() == "Published in another bucket")

    point_r2_at(monkeypatch, "https://old.example.com", "old-bucket")
    window._settings_saved(session.settings, KEY_UNCHANGED, False)
    assert "Published" in tile_words(library, row)
    assert "Published elsewhere" not in tile_words(library, row)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "dune, published"
    assert bar.state_label.text() == "Published"


async def test_tiles_painted_read_the_r2_settings_once_not_per_tile(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each published tile painted asked where the R2 settings point (the environment read,
    the endpoint parsed), to say whether it is published elsewhere: a library of thousands
    of published artworks did it for every tile at every scroll. Asked once per bucket
    until the settings are saved; saved naming another bucket, the tiles follow."""
    artworks = [
        elsewhere_in_the_library(session, noise_png(tmp_path / f"{n}.png", (8, 8), seed=n))
        for n in range(4)
    ]
    rows = [await shown_in_the_library(window, artwork) for artwork in artworks]
    library = window.library
    asked: list[object] = []

    def counted(settings: R2Settings) -> tuple[str, str]:
        asked.append(settings)
        return settings_location(settings)

    monkeypatch.setattr(publishing, "settings_location", counted)
    for _ in range(3):
        for row in rows:
            assert "Published elsewhere" in tile_words(library, row)
    assert len(asked) <= 1

    point_r2_at(monkeypatch, "https://old.example.com", "old-bucket")
    window._settings_saved(session.settings, KEY_UNCHANGED, False)
    for row in rows:
        assert "Published" in tile_words(library, row)
        assert "Published elsewhere" not in tile_words(library, row)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_a_starred_tiles_published_elsewhere_fits_beside_its_star(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    language: str,
    request: pytest.FixtureRequest,
) -> None:
    """The pill of an artwork published in another bucket says so whole, in English and in
    Chinese, beside the star of a starred one: words short enough for a tile."""
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    artwork = elsewhere_in_the_library(
        session, noise_png(tmp_path / "dune.png", (48, 32)), starred=True
    )
    row = await shown_in_the_library(window, artwork)
    elsewhere = {"en": "Published elsewhere", "zh_CN": "已发布到别处"}[language]
    assert elsewhere in tile_words(window.library, row)


@pytest.mark.parametrize("starred", [False, True])
async def test_at_a_large_font_a_tile_published_elsewhere_still_says_elsewhere(
    large_font: None,
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    starred: bool,
) -> None:
    """At 15 pt "Published elsewhere" does not fit a tile's picture: it was cut to
    "Published…" beside the star ("Published el…" without), told from the green
    "Published" of an artwork in the settings' bucket by its orange alone, which an artist
    who tells red from green poorly may not see. It says "Elsewhere", whole."""
    artwork = elsewhere_in_the_library(
        session, noise_png(tmp_path / "dune.png", (48, 32)), starred=starred
    )
    row = await shown_in_the_library(window, artwork)
    words = tile_words(window.library, row)
    assert "Elsewhere" in words
    assert not [word for word in words if word.startswith("Published")], words


@pytest.mark.parametrize("starred", [False, True])
@pytest.mark.parametrize(
    ("language", "whole"), [("en", ("May be gone", "Gone?")), ("zh_CN", ("可能已移除", "已移除？"))]
)
async def test_at_the_largest_font_a_tile_that_may_be_gone_still_says_so(
    huge_font: None,
    window: MainWindow,
    session: Session,
    tmp_path: Path,
    starred: bool,
    language: str,
    whole: tuple[str, str],
    request: pytest.FixtureRequest,
) -> None:
    """At 24 pt "May be gone" does not fit a tile's picture: it was cut to "May be…"
    ("May …" beside the star), which says nothing of the artwork. It says "Gone?", whole;
    in Chinese, its words or their short form, whole."""
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    session.ledger.update(
        artwork.id,
        starred=starred,
        published_key="artworks/dune.png",
        retired_key="artworks/dune.png",
    )
    row = await shown_in_the_library(window, artwork)
    words = tile_words(window.library, row)
    assert set(whole) & set(words), words
    assert not [word for word in words if word.startswith(whole[0][:2]) and "…" in word], words


async def test_edit_details_of_a_published_artwork_offers_to_publish_it_again(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before, Edit details said the copy in R2 kept its old title, description and tags
    until published again, and the window offered no way to: a published artwork has no
    Publish, only Unpublish (which takes its link down)."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    published = await window.publishing.publish_now(artwork.id)
    manifest_key = manifest_key_for(published.published_key)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(artwork.id) is not None)
    library.select_job(artwork.id)
    monkeypatch.setattr(
        library, "ask_details", lambda _chosen: DetailsEdit(title="Dune at noon", tags="sand")
    )

    library.commands["details"].trigger()
    await until(window.banner.isVisible)
    assert window.banner.message() == (
        "“Dune at noon” is published: its copy in your R2 bucket keeps its old details."
    )
    assert window.banner.action_button.text() == "Publish again"
    old = json.loads(objects_in(admin, r2)[manifest_key])
    assert old["title"] == "dune"

    window.banner.action_button.click()
    await until(lambda: json.loads(objects_in(admin, r2)[manifest_key])["title"] == "Dune at noon")
    assert json.loads(objects_in(admin, r2)[manifest_key])["tags"] == ["sand"]
    again = session.ledger.get(artwork.id)
    assert again is not None and again.published_key == published.published_key


async def test_the_offer_to_publish_again_names_an_untitled_artwork_as_its_tile_does(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An imported artwork whose title was emptied, its tile saying "Untitled", given a
    description once published: the banner said "“” is published: …"."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    session.ledger.update(artwork.id, title="")
    await window.publishing.publish_now(artwork.id)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(artwork.id) is not None)
    library.select_job(artwork.id)
    monkeypatch.setattr(library, "ask_details", lambda _chosen: DetailsEdit(description="sand"))
    library.commands["details"].trigger()
    await until(window.banner.isVisible)
    assert window.banner.message() == (
        "“Untitled” is published: its copy in your R2 bucket keeps its old details."
    )


async def test_rename_of_a_published_artwork_left_as_it_was_offers_nothing(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rename answered with OK on the title as it was changes nothing: before, the banner
    said the copy in R2 kept its old details and offered Publish again all the same."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    await window.publishing.publish_now(artwork.id)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(artwork.id) is not None)
    library.select_job(artwork.id)
    monkeypatch.setattr(library, "ask_title", lambda snapshot: snapshot.display_title)

    library.commands["rename"].trigger()
    await window.bridge.wait_idle()
    await settled(window)
    assert not window.banner.isVisible()

    monkeypatch.setattr(library, "ask_title", lambda *_: "Dune at noon")
    library.commands["rename"].trigger()
    await until(window.banner.isVisible)
    assert window.banner.action_button.text() == "Publish again"


async def test_the_quit_question_open_as_the_publish_ends_says_quitting_stops_nothing(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """Before, the question stayed as it was asked once the publish had ended: it still
    said an artwork was being published and that quitting would stop it, Cancel first."""
    entered, release = hold_transfers(window.publishing)
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    window.publishing.publish(artwork.id)
    await until(entered.is_set)
    window.menu_actions["quit"].trigger()
    (box,) = message_boxes(window, "quitWhilePublishingBox")
    assert box.text() == "An artwork is still being published to your R2 bucket."

    release.set()
    await until(lambda: window.publishing.busy_count() == 0)
    assert box.isVisible()
    assert box.windowTitle() == "Publishing has finished"
    assert box.text() == "Nothing is being published any more."
    assert box.informativeText() == "Quitting now stops nothing."
    assert box.defaultButton() is not box.escapeButton()
    assert box.defaultButton().text() == "&Quit"
    box.defaultButton().click()
    assert window.has_closed
    assert session.ledger.get(artwork.id).published_key  # type: ignore[union-attr]


async def test_details_edited_while_the_first_publish_runs_are_offered_to_publish_again(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A publish sends the details it started with. Before, a title given while the first
    publish of the artwork ran reached the library only: nothing offered Publish again,
    and its copy in R2 kept the old title without a word."""
    entered, release = hold_transfers(window.publishing)
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(artwork.id) is not None)
    library.select_job(artwork.id)
    window.publishing.publish(artwork.id)
    await until(entered.is_set)
    monkeypatch.setattr(library, "ask_details", lambda _chosen: DetailsEdit(title="Dune at noon"))

    try:
        library.commands["details"].trigger()
        await until(window.banner.isVisible)
        assert window.banner.action_button.text() == "Publish again"
        window.banner.action_button.click()  # while the first publish still runs
    finally:
        release.set()

    def manifest_title() -> str:
        published = session.ledger.get(artwork.id)
        assert published is not None
        if not published.published_key:
            return ""
        manifest = objects_in(admin, r2).get(manifest_key_for(published.published_key))
        return json.loads(manifest)["title"] if manifest else ""

    await until(lambda: manifest_title() == "Dune at noon", timeout=20)
    await until(lambda: window.publishing.busy_count() == 0)


async def test_quit_during_an_upload_tab_publish_counts_the_files_it_has_still_to_publish(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Upload tab's Publish copies each file in, then publishes it. Before, Ctrl+Q while
    it copied one in asked nothing, and the files left were never published; asked while
    one was sent, the question said none was left once it was, with the next still to go."""
    gates = [threading.Event(), threading.Event()]
    calls: list[int] = []
    real_import = upload_batch.import_artworks

    def held_import(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        assert gates[len(calls) - 1].wait(timeout=30)
        return real_import(*args, **kwargs)

    monkeypatch.setattr(upload_batch, "import_artworks", held_import)
    tab = window.upload_tab
    tab.add_files(
        [
            noise_png(tmp_path / "dune.png", (48, 32)),
            noise_png(tmp_path / "reef.png", (48, 32), seed=2),
        ]
    )
    await until(lambda: not tab.checking)
    try:
        tab.publish_button.click()
        await until(lambda: len(calls) == 1)
        window.menu_actions["quit"].trigger()
        assert not window.has_closed
        (box,) = message_boxes(window, "quitWhilePublishingBox")
        assert box.text() == "2 artworks are still being published to your R2 bucket."

        gates[0].set()
        await until(lambda: len(calls) == 2, timeout=20)
        await until(lambda: window.publishing.busy_count() == 0)
        assert box.text() == "An artwork is still being published to your R2 bucket."
    finally:
        for gate in gates:
            gate.set()
    await until(lambda: not tab.busy, timeout=20)
    assert box.text() == "Nothing is being published any more."
    box.defaultButton().click()
    assert window.has_closed


async def test_a_tile_being_unpublished_says_so_in_full(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """The words under a tile are cut to its width. Before, one being unpublished read
    "Removing from the buck…"."""
    entered, release = hold_transfers(window.publishing, "unpublish")
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    await window.publishing.publish_now(artwork.id)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(artwork.id) is not None)
    window.publishing.unpublish(artwork.id)
    try:
        await until(entered.is_set)
        row = library.model.row_of(artwork.id)
        assert row is not None
        words = str(library.model.index(row).data(library.model.StatusRole))
        assert words == "Unpublishing…"
        metrics = QFontMetrics(library.view.font())
        assert metrics.horizontalAdvance(words) <= THUMBNAIL_SIDE
    finally:
        release.set()
    await until(lambda: window.publishing.busy_count(publishing.UNPUBLISHING) == 0)


async def publish_held(window: MainWindow, artwork_id: int, entered: threading.Event) -> None:
    """The artist's Publish of ``artwork_id``, chosen in the library, until its transfer
    waits (``entered``: :func:`held_lantern`)."""
    window.library.select_job(artwork_id)
    await until(lambda: window.preview.snapshot is not None)
    window.library.commands["publish"].trigger()
    await until(entered.is_set)


async def delete_pressed(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The artist's Delete of what the library has chosen, answered yes; it goes on."""
    library = window.library
    monkeypatch.setattr(library, "confirm", lambda *_asked: True)
    await until(lambda: library.commands["delete"].isEnabled())
    library.commands["delete"].trigger()


async def published_as_the_delete_trashes(
    window: MainWindow,
    lantern: Snapshot,
    entered: threading.Event,
    release: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
    while_held: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Publish ``lantern`` (its transfers held: :func:`held_lantern`), then the artist's
    Delete of it, held between its image going to the Trash and its row; the publish goes
    on and ends (meeting the file gone) before the delete does, ``while_held`` awaited in
    between. Returns once both ended."""
    trashed, go_on = threading.Event(), threading.Event()

    def held_trash(path: Path) -> None:
        move_to_trash(path)  # first, then the row
        trashed.set()
        assert go_on.wait(timeout=30)

    failed = publish_met_its_end(monkeypatch)
    monkeypatch.setattr("kontext_studio.jobs.engine.move_to_trash", held_trash)
    await publish_held(window, lantern.id, entered)
    await delete_pressed(window, monkeypatch)
    await until(trashed.is_set)
    release.set()
    await until(failed.is_set)
    try:
        if while_held is not None:
            await while_held()
    finally:
        go_on.set()
    await until(lambda: not window.publishing.busy_count())
    await until(lambda: not window.bridge.busy and not window.bridge.deleting)


async def held_lantern(
    window: MainWindow, session: Session, tmp_path: Path, title: str = ""
) -> tuple[Snapshot, threading.Event, threading.Event]:
    """An artwork ("lantern.png", titled ``title`` when given) shown in the library, and
    the publishes' transfers held: ``entered`` once one waits, ``release`` lets it go on."""
    entered, release = hold_transfers(window.publishing)
    lantern = imported(session, noise_png(tmp_path / "lantern.png", (40, 30), 1))
    if title:
        lantern = session.ledger.update(lantern.id, title=title)
    window.library.apply_filter()
    await until(lambda: window.library.model.row_of(lantern.id) is not None)
    return lantern, entered, release


def errors_shown(window: MainWindow) -> list[tuple[str, str]]:
    """The (message, hint) of every error the window shows from now on."""
    shown: list[tuple[str, str]] = []
    window.bridge.error.connect(lambda message, hint, _topic: shown.append((message, hint)))
    return shown


def answers_said(window: MainWindow) -> list[str]:
    """The words the window's publishing answers a Copy link, a Forget or a removal with
    from now on, in the status bar."""
    answers: list[str] = []
    window.publishing.answer.connect(answers.append)
    return answers


@pytest.mark.parametrize("when", ["before", "while"])
async def test_publish_of_an_artwork_a_command_deleted_names_it_by_its_title(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, when: str
) -> None:
    """A command deletes the artwork in the second or so before the window hears of it,
    before its publish reads it or while it sends it: the window said "Publishing failed.
    (artwork 1 is not in the library)", sending the artist to the R2 settings, or "There is
    no job 1.", numbers it shows nowhere. Said by its title, its tile stayed until the
    library was next read, up to 2 s later: it goes at once, every view told once. The
    words stay: they went with it, as an artwork's failed publish goes once it is over."""
    lantern, entered, release = await held_lantern(window, session, tmp_path, "a lost lantern")
    library = window.library
    shown = errors_shown(window)
    gone = deletions(window.bridge)
    library.select_job(lantern.id)
    if when == "before":
        session.ledger.delete(lantern.id)
        release.set()
    library.commands["publish"].trigger()
    if when == "while":
        await until(entered.is_set)
        session.ledger.delete(lantern.id)
        release.set()
    await until(lambda: bool(shown))
    assert shown == [
        ("“a lost lantern” was deleted by another program, so it was not published.", "")
    ]
    assert library.model.row_of(lantern.id) is None
    assert gone == [lantern.id]
    assert any(banner.says(*shown[0]) for banner in window.banner.shown()), "still said"


async def test_a_publish_taken_back_for_a_command_s_unpublish_names_it_by_its_title(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """Another window's Remove from bucket clears the key this publish noted once its image
    was sent: the window said "Publishing failed. (artwork 1 was removed from the bucket or
    published by another window or command while this publish ran; ...)", by its number."""

    def made(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        send = publisher.publish

        def removed_meanwhile(*args: Any, placing: Any, **kwargs: Any) -> PublishResult:
            def noted(key: str, step: Step) -> None:
                placing(key, step)
                if step is Step.SEND:
                    session.ledger.note(lantern.id, retired_key="")

            return send(*args, placing=noted, **kwargs)

        publisher.publish = removed_meanwhile  # type: ignore[method-assign]
        return publisher

    publishers.make = made
    lantern = imported(session, noise_png(tmp_path / "lantern.png", (40, 30), 1))
    lantern = session.ledger.update(lantern.id, title="a lost lantern")
    shown = errors_shown(window)
    window.library.apply_filter()
    await until(lambda: window.library.model.row_of(lantern.id) is not None)
    window.library.select_job(lantern.id)
    window.library.commands["publish"].trigger()
    await until(lambda: bool(shown))
    assert shown == [
        (
            "“a lost lantern” was removed from the bucket or published by another window or "
            "command while this publish ran, so this publish was taken back.",
            "",
        )
    ]


async def test_unpublish_of_an_artwork_another_program_deleted_names_it_by_its_title(
    window: MainWindow, session: Session, r2: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleted in the second or so before the window heard of it: Unpublish said
    "Publishing failed. (artwork 1 is not in the library)", sending the artist to the R2
    settings, by a number the window shows nowhere. Said by its title, the words went to
    the banner of other errors, beside that of publishing, no longer in its place; and its
    tile stayed until the library was next read, up to 2 s later."""
    done = await published_here(window, session)
    await until(lambda: window.library.commands["unpublish"].isEnabled())
    shown = errors_shown(window)
    gone = deletions(window.bridge)
    monkeypatch.setattr(window.library, "confirm", lambda *_asked: True)
    session.ledger.delete(done.id)
    window.library.commands["unpublish"].trigger()
    await until(lambda: bool(shown))
    assert shown == [
        (
            "“a lighthouse in fog” was deleted by another program, so nothing was removed "
            "from the bucket.",
            "",
        )
    ]
    # On the banner of publishing, as its words were before: not on that of any other error.
    publish_banner = window.banner.banner(BannerKind.PUBLISH)
    assert publish_banner is not None and publish_banner.says(*shown[0])
    assert window.banner.banner(BannerKind.ERROR) is None
    assert window.library.model.row_of(done.id) is None
    assert gone == [done.id]


def deleted_by_a_command(session: Session, artwork: Snapshot) -> None:
    """``kontext-studio delete`` of ``artwork`` beside the window, as the engine deletes: its
    image to the trash first, then its row, through a connection of its own."""
    move_to_trash(Path(artwork.file_path))
    row_deleted_by_a_command(session, artwork.id)


def row_deleted_by_a_command(session: Session, artwork_id: int) -> None:
    """The row of ``artwork_id`` deleted by another program, through a connection of its
    own; its image left where it is."""
    cli = Ledger.open(session.paths.database)
    try:
        cli.delete(artwork_id)
    finally:
        cli.close()


def unpublishing_then(window: MainWindow, after: Callable[[str], None]) -> None:
    """The window's publisher made again so that each removal from the bucket, once made,
    calls ``after`` with its key (on the publisher's thread)."""

    def made(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        remove = publisher.unpublish

        def unpublish(key: str) -> None:
            remove(key)
            after(key)

        publisher.unpublish = unpublish  # type: ignore[method-assign]
        return publisher

    publishing_through(window.publishing, made)


async def test_publish_of_an_artwork_a_command_deletes_while_it_runs_says_it_was_deleted(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """A command deletes the artwork while its publish runs: its image goes to the trash
    before its row goes, and the publish, reading the file, said "lantern.png is no longer
    in the library folder … put it back in that folder", with Retry in the preview and
    "Publishing failed" on the tile, over an artwork that no longer is."""
    lantern, entered, release = await held_lantern(window, session, tmp_path, "a lost lantern")
    shown = errors_shown(window)
    await publish_held(window, lantern.id, entered)
    deleted_by_a_command(session, lantern)
    release.set()
    await until(lambda: bool(shown))
    assert shown == [
        ("“a lost lantern” was deleted by another program, so it was not published.", "")
    ]
    bar = window.preview.publication
    assert not window.publishing.publish_failed(lantern)
    assert bar.isHidden() or bar.retry_button.isHidden()


async def test_publish_of_an_artwork_deleted_in_the_window_while_it_runs_says_nothing(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist deletes in the library the artwork being published: once its publish
    found it gone, the banner said "“a lost lantern” was deleted by another program, so
    it was not published.", of the artist's own delete."""
    lantern, entered, release = await held_lantern(window, session, tmp_path, "a lost lantern")
    shown = errors_shown(window)
    await publish_held(window, lantern.id, entered)
    await delete_pressed(window, monkeypatch)
    await until(lambda: session.ledger.get(lantern.id) is None and not window.bridge.deleting)
    release.set()
    await until(lambda: not window.publishing.busy_count() and not window.bridge.busy)
    assert shown == []
    assert window.banner.banner(BannerKind.PUBLISH) is None


async def test_a_command_s_publish_meeting_the_window_s_delete_says_it_is_being_deleted(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``kontext-studio publish`` run as the window's Delete had moved the image to the
    Trash and was about to remove the artwork: the command said "a Delete moved it there,
    but could not remove the artwork from the library", of a Delete that had not ended, and
    then removed it. Nor, once that Delete had run for 5 s (a slow Trash, or a command slow
    to start on a busy computer), did it say so again."""
    lantern, _entered, release = await held_lantern(window, session, tmp_path)
    release.set()
    trashed, go_on = threading.Event(), threading.Event()

    def held_trash(path: Path) -> None:
        move_to_trash(path)  # first, then the row
        trashed.set()
        assert go_on.wait(timeout=60)

    monkeypatch.setattr("kontext_studio.jobs.engine.move_to_trash", held_trash)
    window.library.select_job(lantern.id)
    await delete_pressed(window, monkeypatch)
    await until(trashed.is_set)
    # The Delete under way for as long as a library held by another program is waited for.
    session.ledger.note(lantern.id, trashed_at=time.time() - BUSY_TIMEOUT_S)
    command = [sys.executable, "-m", "kontext_studio", "publish", str(lantern.id), "--json"]
    try:
        done = await asyncio.to_thread(
            subprocess.run, command, capture_output=True, text=True, timeout=60, cwd=ROOT
        )
    finally:
        go_on.set()
    await until(lambda: not window.bridge.busy and not window.bridge.deleting)
    assert session.ledger.get(lantern.id) is None
    assert done.returncode == 2, done.stderr
    said = json.loads(done.stdout.splitlines()[-1])
    assert said["status"] == "failed"
    assert said["message"] == "This artwork is being deleted, so it was not published."
    assert "could not remove" not in done.stderr


def library_held_at_delete(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds the library as a Delete removes an artwork's row: its image
    goes to the Trash, the row stays."""

    def busy(_job_id: int) -> None:
        raise LibraryBusyError()

    monkeypatch.setattr(session.ledger, "delete", busy)


async def deleted_here(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    artwork_id: int,
    told: Callable[[], bool],
) -> None:
    """The artist's Delete of ``artwork_id`` in the window, answered yes, until ``told``
    and the Delete is over."""
    window.library.select_job(artwork_id)
    await delete_pressed(window, monkeypatch)
    await until(told)
    await until(lambda: not window.bridge.busy and not window.bridge.deleting)


def unpublish_refused_first(status: int, code: str) -> Callable[[R2Config], Publisher]:
    """A factory of publishers whose first removal R2 answers with ``status`` and ``code``
    (mapped as the publisher maps R2's answers); the others go through."""
    answered: list[int] = []

    def made(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        remove = publisher.unpublish

        def unpublish(key: str) -> None:
            if not answered:
                answered.append(status)
                answer = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}
                raise map_error(ClientError(answer, "DeleteObject"), config=config)  # type: ignore[arg-type]
            remove(key)

        publisher.unpublish = unpublish  # type: ignore[method-assign]
        return publisher

    return made


@pytest.mark.parametrize("forget", [False, True], ids=["unpublish", "unpublish --forget"])
@pytest.mark.parametrize(
    ("status", "code", "words"),
    [
        (400, "InvalidRequest", "R2 refused the request"),
        (503, "ServiceUnavailable", "R2 had a problem on its side"),
    ],
)
async def test_a_failed_unpublish_leaves_the_banner_once_the_command_line_unpublishes_it(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    status: int,
    code: str,
    words: str,
    forget: bool,
) -> None:
    """R2 refused the window's Unpublish of an artwork; the command line unpublished it
    since (``kontext-studio unpublish``), and the library showed it not published once it
    read the library again: "Publishing failed. (…)" stayed on the banner over it, as a
    refused publish's words no longer do once the command line publishes it. Its
    publication forgotten instead (``--forget``, R2 not asked, even after R2's own
    trouble): the failed unpublish is over all the same, the artwork no longer recorded
    as published."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    artwork = await window.publishing.publish_now(artwork.id)
    publishing_through(window.publishing, unpublish_refused_first(status, code))
    window.publishing.unpublish(artwork.id)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    assert window.banner.message() == (
        f"The artwork could not be removed from the R2 bucket. Cause: {words}."
    )

    read: list[bool] = []
    window.library.model.reloaded.connect(lambda: read.append(True))
    command = [sys.executable, "-m", "kontext_studio", "unpublish", str(artwork.id), "--json"]
    done = await asyncio.to_thread(
        subprocess.run,
        [*command, "--forget"] if forget else command,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    status_said = json.loads(done.stdout.splitlines()[-1])["status"]
    assert status_said == ("forgotten" if forget else "unpublished")
    await until(lambda: bool(read))

    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is None)


async def test_a_forgotten_failed_unpublish_leaves_up_a_publish_r2_refused_alike(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """R2 refused a publish and an unpublish alike ("… because it had expired"): the
    command line forgot the publication whose unpublish failed (``unpublish --forget``,
    R2 not asked). The words went, over the other artwork R2 refused, still not published,
    as if R2 had taken a request since."""
    published = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    published = await window.publishing.publish_now(published.id)
    refused = imported(session, noise_png(tmp_path / "mesa.png", (48, 32), seed=2))
    publishes = answering_first(400, "ExpiredRequest")

    def made(config: R2Config) -> Publisher:
        publisher = publishes(config)

        def unpublish(key: str) -> None:
            answer = {
                "Error": {"Code": "ExpiredRequest"},
                "ResponseMetadata": {"HTTPStatusCode": 400},
            }
            raise map_error(ClientError(answer, "DeleteObject"), config=config)  # type: ignore[arg-type]

        publisher.unpublish = unpublish  # type: ignore[method-assign]
        return publisher

    publishing_through(window.publishing, made)
    window.publishing.publish(refused.id)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    await until(lambda: not window.bridge.busy)
    said = window.banner.message()
    assert said.startswith("R2 refused the request because it had expired")
    window.publishing.unpublish(published.id)
    await until(lambda: not window.bridge.busy)
    assert window.banner.message() == said

    read: list[bool] = []
    window.library.model.reloaded.connect(lambda: read.append(True))
    command = [sys.executable, "-m", "kontext_studio", "unpublish", str(published.id)]
    done = await asyncio.to_thread(
        subprocess.run,
        [*command, "--forget", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    await until(lambda: bool(read))
    await until(lambda: not window.bridge.busy)

    assert window.banner.banner(BannerKind.PUBLISH) is not None
    assert window.banner.message() == said


@pytest.mark.parametrize(
    ("status", "code", "words", "hint"),
    [
        (400, "InvalidRequest", "R2 refused the request", "Check the R2 settings and try again."),
        (
            503,
            "ServiceUnavailable",
            "R2 had a problem on its side",
            "This passes by itself: wait a few minutes, then retry.",
        ),
    ],
)
async def test_a_failed_unpublish_says_the_artwork_could_not_be_removed_from_the_bucket(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    status: int,
    code: str,
    words: str,
    hint: str,
) -> None:
    """R2 refused the window's Unpublish: the banner said "Publishing failed. (…) Check the
    R2 settings and retry.", of an artwork nothing was publishing, which the artist was
    taking down."""
    artwork = imported(session, noise_png(tmp_path / "dune.png", (48, 32)))
    artwork = await window.publishing.publish_now(artwork.id)
    publishing_through(window.publishing, unpublish_refused_first(status, code))
    window.publishing.unpublish(artwork.id)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    assert banner.says(
        f"The artwork could not be removed from the R2 bucket. Cause: {words}.", hint
    )


async def test_copy_link_of_an_artwork_a_command_just_deleted_says_it_was_deleted(
    window: MainWindow, session: Session, r2: str
) -> None:
    """Deleted by a command in the second or so before the window heard of it: Copy link
    said "This artwork is not published, so it has no link." of an artwork the library
    still showed published, which it was until it was deleted. Then it said so, and the
    tile stayed until the library was next read, up to 2 s later."""
    done = await published_here(window, session)
    await until(lambda: window.library.commands["copy_url"].isEnabled())
    answers = answers_said(window)
    gone = deletions(window.bridge)
    row_deleted_by_a_command(session, done.id)
    window.library.commands["copy_url"].trigger()
    await until(lambda: bool(answers))
    assert answers == ["“a lighthouse in fog” was deleted by another program, so it has no link."]
    assert window.library.model.row_of(done.id) is None
    assert gone == [done.id]


async def deleted_while_held(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    held: threading.Event,
    go_on: threading.Event,
    told: Callable[[], bool],
) -> None:
    """Once ``held`` is set, the artist's Delete of what the library has chosen
    (:func:`delete_pressed`), until ``told`` and the Delete is over; then what was held let
    go on (``go_on`` set, whatever happened), until the window is idle again."""
    try:
        await until(held.is_set)
        await delete_pressed(window, monkeypatch)
        await until(lambda: told() and not window.bridge.deleting)
    finally:
        go_on.set()
    await until(lambda: not window.bridge.busy)


def read_held_once(
    monkeypatch: pytest.MonkeyPatch, ledger: Ledger, artwork_id: int
) -> tuple[threading.Event, threading.Event]:
    """The first read of ``artwork_id`` off the GUI thread held, once ``entered`` is set,
    until ``go_on`` is: what the window does meanwhile comes before that read."""
    entered, go_on = threading.Event(), threading.Event()
    get = ledger.get

    def held(job_id: int) -> Snapshot | None:
        off_gui = threading.current_thread() is not threading.main_thread()
        if job_id == artwork_id and off_gui and not entered.is_set():
            entered.set()
            assert go_on.wait(timeout=60)
        return get(job_id)

    monkeypatch.setattr(ledger, "get", held)
    return entered, go_on


async def test_copy_link_of_an_artwork_deleted_here_as_it_read_it_says_nothing_more(
    window: MainWindow, session: Session, r2: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artist's Delete in the window ended as Copy link read the artwork: after the
    Delete's own words, Copy link said "“a lighthouse in fog” was deleted by another
    program, so it has no link."."""
    done = await published_here(window, session)
    await until(lambda: window.library.commands["copy_url"].isEnabled())
    answers = answers_said(window)
    shown = errors_shown(window)
    gone = deletions(window.bridge)
    entered, go_on = read_held_once(monkeypatch, session.ledger, done.id)
    window.library.commands["copy_url"].trigger()
    await deleted_while_held(window, monkeypatch, entered, go_on, lambda: gone == [done.id])
    assert answers == []
    assert shown == []
    assert gone == [done.id]


async def test_a_publish_that_met_the_file_a_command_s_delete_trashed_says_it_was_deleted(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A command's delete trashes the image before the row goes: a publish that read the
    file in between still found the row, and said "… is no longer in the library folder
    … put it back in that folder". Once the window heard of the delete, those words went
    without a word of why: the banner says the artwork was deleted, and a screen reader
    reads that out, what the banner says having changed (not only a count: a batch's
    line counting one more is not read out again)."""
    lantern, entered, release = await held_lantern(window, session, tmp_path, "a lost lantern")
    library = window.library
    await publish_held(window, lantern.id, entered)
    move_to_trash(Path(lantern.file_path))  # the row goes later
    release.set()
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    assert "put it back" in window.banner.banner(BannerKind.PUBLISH).hint()  # type: ignore[union-attr]
    heard: list[str] = []

    def update(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    row_deleted_by_a_command(session, lantern.id)
    library.model._check_outside()  # as its timer does, within two seconds
    await until(lambda: library.model.row_of(lantern.id) is None)
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None
    deleted = "“a lost lantern” was deleted by another program, so it was not published."
    assert banner.says(deleted, "")
    assert f"Error: {deleted}" in heard, heard


async def test_a_closed_put_it_back_banner_stays_closed_once_a_command_s_delete_is_heard(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """A publish met the file a command's delete had trashed, its row not gone yet: "put
    it back in that folder". The artist closed that banner; once the window heard of the
    delete, it came back, saying the artwork was deleted, for the failure already closed."""
    lantern, entered, release = await held_lantern(window, session, tmp_path)
    library = window.library
    await publish_held(window, lantern.id, entered)
    move_to_trash(Path(lantern.file_path))  # the row goes later
    release.set()
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is not None)
    banner = window.banner.banner(BannerKind.PUBLISH)
    assert banner is not None and "put it back" in banner.hint()
    close = banner.findChild(QAbstractButton, "bannerClose")
    assert close is not None
    close.click()
    assert window.banner.banner(BannerKind.PUBLISH) is None

    row_deleted_by_a_command(session, lantern.id)
    library.model._check_outside()  # as its timer does, within two seconds
    await until(lambda: library.model.row_of(lantern.id) is None)
    await until(lambda: not window.bridge.busy)
    assert window.banner.banner(BannerKind.PUBLISH) is None


async def test_a_failed_unpublish_forgotten_in_the_window_keeps_no_banner_up_for_good(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """R2 refused the Unpublish of two artworks alike; the first's publication was then
    forgotten in the window (Forget publication), the second unpublished at last. The
    words stayed on the banner for good, kept for the first as if its unpublish still
    failed, though it was no longer recorded as published."""
    dune = await window.publishing.publish_now(
        imported(session, noise_png(tmp_path / "dune.png", (48, 32))).id
    )
    mesa = await window.publishing.publish_now(
        imported(session, noise_png(tmp_path / "mesa.png", (48, 32), seed=2)).id
    )
    refused: list[str] = []

    def made(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        remove = publisher.unpublish

        def unpublish(key: str) -> None:
            if len(refused) < 2:
                refused.append(key)
                answer = {
                    "Error": {"Code": "InvalidRequest"},
                    "ResponseMetadata": {"HTTPStatusCode": 400},
                }
                raise map_error(ClientError(answer, "DeleteObject"), config=config)  # type: ignore[arg-type]
            remove(key)

        publisher.unpublish = unpublish  # type: ignore[method-assign]
        return publisher

    publishing_through(window.publishing, made)
    window.publishing.unpublish(dune.id)
    await until(lambda: not window.bridge.busy)
    window.publishing.forget([dune])
    await until(lambda: not window.bridge.busy)
    window.publishing.unpublish(mesa.id)
    await until(lambda: not window.bridge.busy)
    assert window.banner.message() == (
        "The artwork could not be removed from the R2 bucket. Cause: R2 refused the request."
    )

    window.publishing.unpublish(mesa.id)
    await until(lambda: not (session.ledger.get(mesa.id) or mesa).published_key)
    await until(lambda: window.banner.banner(BannerKind.PUBLISH) is None)


def publish_met_its_end(monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """An event set as a publish's thread has ended (published or failed), in the step of
    the loop in which the publish goes on to handle that end: once a test sees it, the
    publish has said what it says at once, or waits on something of its own."""
    ended = asyncio.Event()
    finish = publishing._finish_in_thread

    async def observed(*args: Any, **kwargs: Any) -> Any:
        try:
            return await finish(*args, **kwargs)
        finally:
            ended.set()

    monkeypatch.setattr(publishing, "_finish_in_thread", observed)
    return ended


async def test_publish_meeting_the_file_the_window_s_own_delete_trashed_says_nothing(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist's Delete trashes the image before the row goes: a publish of it that read
    the file in between said "… is no longer in the library folder … put it back in that
    folder" on the banner (read out by a screen reader), taken down a moment later once
    the delete ended, of the artist's own delete."""
    lantern, entered, release = await held_lantern(window, session, tmp_path)
    shown = errors_shown(window)
    await published_as_the_delete_trashes(window, lantern, entered, release, monkeypatch)
    assert session.ledger.get(lantern.id) is None
    assert shown == []
    assert window.banner.banner(BannerKind.PUBLISH) is None


@pytest.mark.parametrize("where", ["here", "command"])
async def test_an_artwork_deleted_as_its_unpublish_removed_it_is_said_removed_from_the_bucket(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """The unpublish removed the image and its manifest from the bucket; the artwork was
    deleted (by the artist's Delete in this window, or by a command) before the record was
    cleared. The banner said "“a lost lantern” was deleted by another program, so nothing
    was removed from the bucket.": of the artist's own delete, and nothing was left there.
    A command's delete left its tile until the library was next read, up to 2 s later."""
    lantern = imported(session, noise_png(tmp_path / "lantern.png", (40, 30), 1))
    lantern = session.ledger.update(lantern.id, title="a lost lantern")
    lantern = await window.publishing.publish_now(lantern.id)
    removed, go_on = threading.Event(), threading.Event()

    def held(_key: str) -> None:
        removed.set()
        assert go_on.wait(timeout=30)

    unpublishing_then(window, held)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(lantern.id) is not None)
    shown = errors_shown(window)
    gone = deletions(window.bridge)
    library.select_job(lantern.id)
    await until(lambda: window.preview.snapshot is not None)
    window.publishing.unpublish_shown(lantern)
    await until(removed.is_set)
    if where == "here":
        monkeypatch.setattr(library, "confirm", lambda *_asked: True)
        await until(lambda: library.commands["delete"].isEnabled())
        library.commands["delete"].trigger()
        await until(lambda: session.ledger.get(lantern.id) is None and not window.bridge.deleting)
    else:
        row_deleted_by_a_command(session, lantern.id)
    go_on.set()
    await until(lambda: not window.publishing.busy_count(publishing.UNPUBLISHING))
    await until(lambda: not window.bridge.busy)
    assert admin.list_objects_v2(Bucket=r2)["KeyCount"] == 0
    assert shown == []
    assert window.statusBar().currentMessage() == "“a lost lantern” was removed from the bucket."
    assert library.model.row_of(lantern.id) is None
    assert gone == [lantern.id], "every view told once"


async def test_a_publish_meeting_the_file_of_a_delete_that_then_failed_says_it_failed(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist's Delete trashed the image, then could not delete the row (another program
    held the library): the artwork stays, its image in the Trash. A publish of it that met
    the file gone in between ended without a word, its tile not saying it failed, as if the
    artwork were gone: only the delete's failure was told."""
    lantern, entered, release = await held_lantern(window, session, tmp_path)
    shown = banner_messages(window.bridge)
    library_held_at_delete(session, monkeypatch)
    await published_as_the_delete_trashes(window, lantern, entered, release, monkeypatch)
    assert session.ledger.get(lantern.id) is not None
    assert (
        "The image of “lantern” was moved to the Trash, but the artwork could not be removed "
        "from the library."
    ) in shown
    failed = window.publishing.last_error(lantern.id)
    assert failed is not None
    # Not "being deleted": met while that Delete ran, the publish waited for it to end.
    assert failed.message.startswith("The image is in the Trash: a Delete moved it there")
    assert window.publishing.tile_words(lantern) == "Publishing failed"


async def test_an_unpublish_whose_artwork_the_artist_deletes_first_says_it_stays_published(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The unpublish was removing the version a republish let go of when the artist deleted
    the artwork in this window: its image was never removed. The banner said "“a lost
    lantern” was deleted by another program, so nothing was removed from the bucket.", of
    the artist's own delete, and the earlier version was removed."""
    lantern = imported(session, noise_png(tmp_path / "lantern.png", (40, 30), 1))
    lantern = session.ledger.update(lantern.id, title="a lost lantern")
    lantern = await window.publishing.publish_now(lantern.id)
    lantern = session.ledger.update(lantern.id, retired_key="artworks/0123abcd.png")
    entered, release = hold_transfers(window.publishing, "unpublish")
    window.publishing._publisher = None  # made again by the new factory
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(lantern.id) is not None)
    shown = banner_messages(window.bridge)
    library.select_job(lantern.id)
    await until(lambda: window.preview.snapshot is not None)
    window.publishing.unpublish_shown(lantern)
    await until(entered.is_set)
    await delete_pressed(window, monkeypatch)
    await until(lambda: session.ledger.get(lantern.id) is None and not window.bridge.deleting)
    release.set()
    await until(lambda: not window.publishing.busy_count(publishing.UNPUBLISHING))
    await until(lambda: not window.bridge.busy)
    assert admin.list_objects_v2(Bucket=r2)["KeyCount"] == 2  # its image and manifest
    assert shown == [
        "“a lost lantern” was deleted before it was removed from the bucket: an earlier "
        "version of it was removed, but the one published last stays there."
    ]


async def test_remove_from_bucket_of_an_artwork_deleted_once_r2_removed_it_names_it_by_title(
    window: MainWindow, session: Session, r2: str, admin: Any, tmp_path: Path
) -> None:
    """Remove from bucket (what a stopped publish left) removed the image; another program
    deleted the artwork before the record was cleared. The banner said "There is no job
    1.", by a number the window shows nowhere, as if the removal had failed: nothing of it
    is left in the bucket, and the window says so."""
    lantern = imported(session, noise_png(tmp_path / "lantern.png", (40, 30), 1))
    lantern = session.ledger.update(lantern.id, title="a lost lantern")
    published = await window.publishing.publish_now(lantern.id)
    left = session.ledger.update(
        lantern.id,
        published_key="",
        published_url="",
        published_at=None,
        retired_key=published.published_key,
    )

    unpublishing_then(window, lambda _key: row_deleted_by_a_command(session, lantern.id))
    shown = errors_shown(window)
    answers = answers_said(window)
    window.publishing.remove_left(left)
    await until(lambda: bool(answers) or bool(shown))
    await until(lambda: not window.bridge.busy)
    assert admin.list_objects_v2(Bucket=r2)["KeyCount"] == 0
    assert shown == []
    assert answers == ["Nothing of “a lost lantern” is left in the bucket."]


async def test_an_unpublish_a_command_s_delete_meets_says_an_earlier_version_was_removed(
    window: MainWindow, session: Session, r2: str, admin: Any, tmp_path: Path
) -> None:
    """The unpublish removed the version a republish let go of; a command deleted the
    artwork before the one published last went. The banner said "“a lost lantern” was
    deleted by another program, so nothing was removed from the bucket.": the earlier
    version was removed, and the one published last stays there."""
    lantern = imported(session, noise_png(tmp_path / "lantern.png", (40, 30), 1))
    lantern = session.ledger.update(lantern.id, title="a lost lantern")
    lantern = await window.publishing.publish_now(lantern.id)
    earlier = "artworks/0123abcd.png"
    admin.put_object(Bucket=r2, Key=earlier, Body=b"an earlier version")
    lantern = session.ledger.update(lantern.id, retired_key=earlier)

    unpublishing_then(window, lambda _key: row_deleted_by_a_command(session, lantern.id))
    shown = errors_shown(window)
    window.publishing.unpublish_shown(lantern)
    await until(lambda: bool(shown))
    await until(lambda: not window.bridge.busy)
    assert set(objects_in(admin, r2)) == {
        lantern.published_key,
        manifest_key_for(lantern.published_key),
    }
    assert shown == [
        (
            "“a lost lantern” was deleted by another program while it was being removed from "
            "the bucket: an earlier version of it was removed, but the one published last "
            "stays there.",
            "",
        )
    ]


async def test_remove_from_bucket_of_an_artwork_another_program_deleted_takes_it_away(
    window: MainWindow, session: Session, r2: str, admin: Any
) -> None:
    """The preview offered to remove what a stopped publish left; a command deleted the
    artwork in the second or so before the window heard of it. Remove from bucket said
    nothing, and the tile stayed, the preview offering it still, until the library was next
    read, up to 2 s later."""
    done = await generated(window, session)
    publisher = fast_publisher(load_r2_config(session.settings.r2))
    await asyncio.to_thread(publish_ends_once_stored, session.ledger, publisher, done.id)
    window.bridge.job_changed.emit(session.ledger.get(done.id))
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.remove_button.isVisible())
    there = objects_in(admin, r2)
    shown = errors_shown(window)
    gone = deletions(window.bridge)
    session.ledger.delete(done.id)
    bar.remove_button.click()
    await until(lambda: bool(shown))
    assert shown == [
        (
            "“a lighthouse in fog” was deleted by another program, so nothing was removed "
            "from the bucket.",
            "",
        )
    ]
    assert window.library.model.row_of(done.id) is None
    assert window.preview.snapshot is None
    assert gone == [done.id]
    assert objects_in(admin, r2) == there


async def published_in_the_old_bucket(
    window: MainWindow,
    session: Session,
    s3_endpoint: str,
    admin: Any,
    bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Snapshot:
    """A finished artwork published, selected, and the R2 settings switched to another
    bucket since (:func:`switch_bucket`); the library's questions answered yes."""
    done = await published_here(window, session)
    await until(lambda: window.publishing.activity(done.id) is None)
    switch_bucket(monkeypatch, s3_endpoint, admin, bucket)
    monkeypatch.setattr(window.library, "confirm", lambda *_: True)
    return done


async def test_forget_of_an_artwork_another_program_deleted_takes_it_away_and_says_so(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A command deleted the artwork while the question of Forget was open: it said
    nothing, and the tile stayed until the library was next read, up to 2 s later."""
    done = await published_in_the_old_bucket(window, session, s3_endpoint, admin, r2, monkeypatch)
    await until(lambda: window.library.commands["unpublish"].isEnabled())
    window.library.commands["unpublish"].trigger()
    await until(lambda: window.banner.action_button.isVisible())
    box = open_forget_box(window)
    answers = answers_said(window)
    gone = deletions(window.bridge)
    session.ledger.delete(done.id)
    forget_button(box).click()
    await until(lambda: bool(answers))
    assert answers == [
        "“a lighthouse in fog” was deleted by another program, so it is no longer recorded "
        "as published."
    ]
    assert window.library.model.row_of(done.id) is None
    assert gone == [done.id]


async def test_forget_offered_for_an_artwork_the_artist_deleted_since_says_nothing_more(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The banner offered to forget the publication; the artist took the offer, and deleted
    the artwork in the window while its question was open, the Delete's question saying
    what stays in the bucket, then answered Forget: it said "“a lighthouse in fog” was
    deleted by another program, so it is no longer recorded as published.", of the
    artist's own Delete. (With the offer not taken yet, the banner goes with the artwork.)"""
    done = await published_in_the_old_bucket(window, session, s3_endpoint, admin, r2, monkeypatch)
    await until(lambda: window.library.commands["unpublish"].isEnabled())
    window.library.commands["unpublish"].trigger()
    await until(lambda: window.banner.action_button.isVisible())
    shown = errors_shown(window)
    answers = answers_said(window)
    gone = deletions(window.bridge)
    box = open_forget_box(window)
    await deleted_here(window, monkeypatch, done.id, lambda: gone == [done.id])
    forget_button(box).click()
    await until(lambda: not window.bridge.busy)
    assert answers == []
    assert shown == []
    assert gone == [done.id]


async def test_the_offer_to_forget_goes_with_the_artwork_the_artist_deletes(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The banner offered to forget the publication of an artwork the artist then deleted
    in the window: it stayed up, offering to forget what was no longer in the library, and
    the next refusal of another artwork made it one of "2 artworks" published in another
    bucket. It goes with the artwork."""
    done = await published_in_the_old_bucket(window, session, s3_endpoint, admin, r2, monkeypatch)
    await until(lambda: window.library.commands["unpublish"].isEnabled())
    window.library.commands["unpublish"].trigger()
    await until(lambda: window.banner.action_button.isVisible())
    assert window.banner.banner(BannerKind.PUBLICATION) is not None
    gone = deletions(window.bridge)
    await deleted_here(window, monkeypatch, done.id, lambda: gone == [done.id])
    assert window.banner.banner(BannerKind.PUBLICATION) is None


async def test_the_offer_to_forget_goes_with_an_artwork_a_command_deletes_unseen(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The banner offered to forget the publication of an artwork the library's search
    then hid, and a command deleted it: the window heard only of deletions among the rows
    it shows, and the banner stayed, offering to forget what was no longer in the library."""
    done = await published_in_the_old_bucket(window, session, s3_endpoint, admin, r2, monkeypatch)
    await until(lambda: window.library.commands["unpublish"].isEnabled())
    window.library.commands["unpublish"].trigger()
    await until(lambda: window.banner.action_button.isVisible())
    window.library.search.setText("no such artwork")
    await until(lambda: window.library.model.loaded and not window.library.model.rowCount())
    read: list[bool] = []
    window.library.model.reloaded.connect(lambda: read.append(True))

    row_deleted_by_a_command(session, done.id)

    await until(lambda: bool(read))
    assert window.banner.banner(BannerKind.PUBLICATION) is None


def deleted_once_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, session: Session, artwork_id: int
) -> None:
    """``publishing.<name>`` refusing as it does (the artwork published in another bucket),
    another program deleting the artwork before the window reads it again to offer Forget
    (through the window's own connection: the library does not see it, as it does not in
    the second or so before its next look at what other programs wrote)."""
    refusing = getattr(publishing, name)

    def refused_then_deleted(*args: Any, **kwargs: Any) -> Any:
        try:
            return refusing(*args, **kwargs)
        except PublishedElsewhereError:
            session.ledger.delete(artwork_id)
            raise

    monkeypatch.setattr(publishing, name, refused_then_deleted)


def held_once_refused(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> tuple[threading.Event, threading.Event]:
    """``publishing.<name>`` refusing as it does (the artwork published in another bucket),
    held there, once ``refused`` is set, until ``go_on`` is: what the window does meanwhile
    comes before it reads the artwork again to offer Forget."""
    refused, go_on = threading.Event(), threading.Event()
    refusing = getattr(publishing, name)

    def refused_then_held(*args: Any, **kwargs: Any) -> Any:
        try:
            return refusing(*args, **kwargs)
        except PublishedElsewhereError:
            refused.set()
            assert go_on.wait(timeout=60)
            raise

    monkeypatch.setattr(publishing, name, refused_then_held)
    return refused, go_on


async def refused_for_the_old_bucket(
    window: MainWindow,
    session: Session,
    s3_endpoint: str,
    admin: Any,
    bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> Snapshot:
    """:func:`published_in_the_old_bucket`, its ``command`` of the library's on offer; for
    Publish, only what a stopped publish left in the old bucket (a published artwork
    offers no Publish)."""
    done = await published_in_the_old_bucket(
        window, session, s3_endpoint, admin, bucket, monkeypatch
    )
    if command == "publish":
        record = session.ledger.get(done.id)
        assert record is not None
        left = session.ledger.update(
            done.id, published_key="", published_url="", retired_key=record.published_key
        )
        window.bridge.job_changed.emit(left)
    await until(lambda: window.library.commands[command].isEnabled())
    return done


@pytest.mark.parametrize(
    ("command", "refusing", "said"),
    [
        (
            "unpublish",
            "unpublish_artwork",
            "“a lighthouse in fog” was deleted by another program, so nothing was removed "
            "from the bucket.",
        ),
        (
            "copy_url",
            "artwork_url",
            "“a lighthouse in fog” was deleted by another program, so it has no link.",
        ),
        (
            "publish",
            "publish_artwork",
            "“a lighthouse in fog” was deleted by another program, so it was not published.",
        ),
    ],
)
async def test_published_in_another_bucket_and_deleted_by_a_command_takes_it_away_and_says_so(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    refusing: str,
    said: str,
) -> None:
    """Refused for the other bucket, the artwork was deleted by a command before the window
    read it to offer Forget: the banner said "Artwork 1 is published in the bucket …", by a
    number the window shows nowhere, advising to forget what could no longer be forgotten,
    and the tile stayed until the library was next read, up to 2 s later."""
    done = await refused_for_the_old_bucket(
        window, session, s3_endpoint, admin, r2, monkeypatch, command
    )
    shown = errors_shown(window)
    answers = answers_said(window)
    gone = deletions(window.bridge)
    deleted_once_refused(monkeypatch, refusing, session, done.id)
    window.library.commands[command].trigger()
    await until(lambda: bool(shown or answers))
    assert [message for message, _hint in shown] + answers == [said]
    assert window.library.model.row_of(done.id) is None
    assert gone == [done.id]
    assert not window.banner.action_button.isVisible(), "nothing left to forget"


@pytest.mark.parametrize(
    ("command", "refusing"),
    [
        ("unpublish", "unpublish_artwork"),
        ("copy_url", "artwork_url"),
        ("publish", "publish_artwork"),
    ],
)
async def test_published_in_another_bucket_and_deleted_here_meanwhile_says_nothing_more(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    refusing: str,
) -> None:
    """Refused for the other bucket, the artwork was deleted by the artist's own Delete in
    the window, which had ended when the window read it to offer Forget: after the Delete's
    own words, the window said "“a lighthouse in fog” was deleted by another program, so it
    was not published." (so nothing was removed, so it has no link)."""
    done = await refused_for_the_old_bucket(
        window, session, s3_endpoint, admin, r2, monkeypatch, command
    )
    shown = errors_shown(window)
    answers = answers_said(window)
    gone = deletions(window.bridge)
    refused, go_on = held_once_refused(monkeypatch, refusing)
    window.library.commands[command].trigger()
    await deleted_while_held(window, monkeypatch, refused, go_on, lambda: gone == [done.id])
    assert shown == []
    assert answers == []
    assert gone == [done.id]
    assert not window.banner.action_button.isVisible(), "nothing left to forget"


async def test_a_delete_that_trashed_the_image_and_kept_the_artwork_says_it_is_in_the_trash(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist's Delete moved the image to the Trash, then could not remove the row
    (another program held the library). The banner said "Another program is using the
    library.", not that the image was in the Trash already; a Publish of the artwork then
    said to put its file back "if it was moved or deleted outside Kontext Studio"."""
    lantern, _entered, release = await held_lantern(window, session, tmp_path, "a lost lantern")
    release.set()
    shown = errors_shown(window)
    remove = session.ledger.delete
    library_held_at_delete(session, monkeypatch)
    await deleted_here(window, monkeypatch, lantern.id, lambda: bool(shown))
    assert not Path(lantern.file_path).exists()
    assert shown == [
        (
            "The image of “a lost lantern” was moved to the Trash, but the artwork could not "
            "be removed from the library.",
            "Another program is using the library. Close it (a database browser, a backup or "
            "sync tool), then try again. Delete it again to finish removing it, or restore its "
            "image from the Trash to keep it.",
        )
    ]

    monkeypatch.setattr(session.ledger, "delete", remove)
    shown.clear()
    window.publishing.publish(lantern.id, lantern)
    await until(lambda: bool(shown))
    assert shown == [
        (
            "The image is in the Trash: a Delete moved it there, but could not remove the "
            f"artwork from the library. Its file is {Path(lantern.file_path).name}.",
            "Restore it from the Trash to publish it, or delete the artwork again to finish "
            "removing it.",
        )
    ]


async def test_the_preview_of_an_artwork_a_delete_trashed_and_kept_says_it_is_in_the_trash(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist's Delete moved the image to the Trash, then could not remove the row
    (another program held the library). The banner said so; chosen again, the artwork's
    preview said "The image file is missing … if it was moved or deleted outside Kontext
    Studio, put it back where it was": the window still had the artwork as it was before
    the Delete noted where its image went."""
    lantern, _entered, release = await held_lantern(window, session, tmp_path, "a lost lantern")
    release.set()
    other = imported(session, noise_png(tmp_path / "other.png", (40, 30), 2))
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.row_of(other.id) is not None)
    shown = errors_shown(window)
    library_held_at_delete(session, monkeypatch)
    await deleted_here(window, monkeypatch, lantern.id, lambda: bool(shown))
    preview = window.preview
    library.select_job(other.id)
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == other.id)
    library.select_job(lantern.id)
    await until(lambda: "The image" in preview.status.text())
    assert "The image is in the Trash: a Delete moved it there" in preview.status.text()
    assert "outside Kontext Studio" not in preview.status.text()


async def tile_waits_for_the_delete(library: LibraryPanel, artwork: Snapshot) -> None:
    """Until ``artwork``'s tile says its publish waits for a Delete of it to end."""
    row = library.model.row_of(artwork.id)
    assert row is not None
    status = library.model.index(row)
    await until(lambda: status.data(library.model.StatusRole) == "Waiting for Delete…")


async def test_a_publish_waiting_for_the_delete_of_its_artwork_says_so(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The publish met the file the artist's Delete had trashed, and waits for that Delete
    to end (of a thousand artworks, it may take a while) to tell whether the artwork went:
    its tile and the preview said "Publishing…" all that time, the transfer over."""
    lantern, entered, release = await held_lantern(window, session, tmp_path)
    library = window.library

    async def waiting() -> None:
        await tile_waits_for_the_delete(library, lantern)
        assert QFontMetrics(library.view.font()).horizontalAdvance("Waiting for Delete…") <= (
            THUMBNAIL_SIDE
        )
        bar = window.preview.publication
        assert bar.state_label.text() == "Waiting for the delete to end…"
        assert bar.cancel_button.isHidden()

    await published_as_the_delete_trashes(window, lantern, entered, release, monkeypatch, waiting)
    assert session.ledger.get(lantern.id) is None


async def test_a_publish_waiting_for_a_delete_is_not_said_to_be_publishing(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A publish waiting for the Delete of its artwork sends nothing any more: the status
    bar still said "Publishing 1 artwork…", and Quit asked first, "An artwork is still being
    published to your R2 bucket", of a publish whose file had gone to the Trash. Quit asks
    about the Delete instead (:func:`test_quit_while_a_delete_of_several_runs_asks_first`)."""
    lantern, entered, release = await held_lantern(window, session, tmp_path)
    library = window.library

    async def waiting() -> None:
        await tile_waits_for_the_delete(library, lantern)
        assert window.publish_activity.isVisibleTo(window)
        assert window.publish_activity.text() == "1 publish waiting for Delete…"
        window.menu_actions["quit"].trigger()
        assert not window.has_closed  # asked about the Delete, not about publishing
        (box,) = message_boxes(window, "quitWhilePublishingBox")
        assert box.text() == "An artwork is still being deleted."
        box.reject()

    await published_as_the_delete_trashes(window, lantern, entered, release, monkeypatch, waiting)
    assert session.ledger.get(lantern.id) is None


async def three_herons_selected(
    window: MainWindow, session: Session, tmp_path: Path
) -> list[Snapshot]:
    """Three imported herons, all selected in the window's library, to delete together."""
    herons = [
        imported(session, noise_png(tmp_path / f"heron-{i}.png", (40, 30), i)) for i in (1, 2, 3)
    ]
    window.library.apply_filter()
    await until(lambda: window.library.model.rowCount() == 3)
    window.library.view.selectAll()
    return herons


async def test_quit_while_a_delete_of_several_runs_asks_first(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quit while a Delete of several ran asked nothing: the window closed, the Delete
    stopped partway, some artworks gone, the rest still in the library, and the artist not
    told. A publish waiting for that Delete did not make Quit ask either, and a question
    open about a publish that then ended said "Quitting now stops nothing". Quit asks, as
    for a publish, and its words follow the Delete until it has ended."""
    gates = [threading.Event() for _ in range(3)]
    trashed: list[Path] = []

    def held_trash(path: Path) -> None:
        move_to_trash(path)
        trashed.append(path)
        assert gates[len(trashed) - 1].wait(timeout=30)

    monkeypatch.setattr("kontext_studio.jobs.engine.move_to_trash", held_trash)
    herons = await three_herons_selected(window, session, tmp_path)
    try:
        await delete_pressed(window, monkeypatch)
        await until(lambda: len(trashed) == 1)
        window.menu_actions["quit"].trigger()
        assert not window.has_closed
        (box,) = message_boxes(window, "quitWhilePublishingBox")
        assert box.windowTitle() == "The Delete is not finished"
        assert box.text() == "3 artworks are still being deleted."
        assert box.informativeText() == (
            "Quitting now stops the Delete, and nothing carries it on at the next start: "
            "the artworks not deleted yet stay in the library until you delete them again. "
            "The one being deleted as you quit may stay there too, its image already in the Trash."
        )
        assert box.defaultButton().text() == "Cancel"

        gates[0].set()
        await until(lambda: len(trashed) == 2)
        await until(lambda: box.text() == "2 artworks are still being deleted.")
        gates[1].set()
        await until(lambda: box.text() == "An artwork is still being deleted.")
        assert box.informativeText() == (
            "Quitting now stops the Delete, and nothing carries it on at the next start: "
            "the artwork stays in the library until you delete it again, perhaps with its "
            "image already in the Trash."
        )
    finally:
        for gate in gates:
            gate.set()
    await until(lambda: not window.bridge.deleting)
    assert box.windowTitle() == "The Delete has finished"
    assert box.text() == "Nothing is being deleted any more."
    assert box.informativeText() == "Quitting now stops nothing."
    box.defaultButton().click()
    assert window.has_closed
    assert not any(session.ledger.get(heron.id) for heron in herons)


@pytest.mark.parametrize(("system", "trash"), [("win32", "Recycle Bin"), ("linux", "Trash")])
def test_quit_while_a_delete_runs_names_the_trash_the_image_may_be_left_in(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, system: str, trash: str
) -> None:
    """Quit while a Delete ran said the artworks not deleted yet stay in the library, not
    that the one it was deleting may stay with its image already in the Trash (the preview
    says so at the next start): Quit stopped it between the two."""
    monkeypatch.setattr(desktop, "current", lambda: desktop_of(system))
    parent = QWidget()
    try:
        for deleting in (1, 3):
            box, _quit = quit_box(parent, 0, 0, deleting)
            assert box.informativeText().endswith(f"image already in the {trash}."), deleting
            box.close()
    finally:
        parent.deleteLater()


@pytest.mark.parametrize(("publishing", "deleting"), [(0, 1), (0, 3), (2, 0)])
async def test_the_quit_box_reads_in_a_few_lines_not_a_narrow_column(
    qapp: QApplication, publishing: int, deleting: int
) -> None:
    """Quit during a Delete asked in a box 291 px wide, sized to its first line, the
    paragraph under it a column seven lines tall (nine of three artworks); the About box, sized
    alike, was widened."""
    parent = QWidget()
    try:
        box, _quit = quit_box(parent, publishing, 0, deleting)
        await until(box.isVisible)
        label = box.findChild(QLabel, "qt_msgbox_informativelabel")
        assert isinstance(label, QLabel)
        await until(label.isVisible)
        assert label.height() <= 5 * label.fontMetrics().lineSpacing(), label.height()
        word_quit_box(box, publishing, 0, min(deleting, 1))  # one ended: its layout made anew
        await settled(box)
        assert label.height() <= 5 * label.fontMetrics().lineSpacing(), label.height()
        box.close()
    finally:
        parent.deleteLater()


async def test_quit_while_a_delete_runs_counts_not_those_the_trash_refused(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Delete of three met an image the Trash refused (a file another program has open,
    on Windows) and went on to the others, leaving that artwork in the library. Quit asked
    then said "3 artworks are still being deleted" of the two the Delete had left: the
    one refused was counted until the Delete ended."""
    gate = threading.Event()
    seen: list[Path] = []

    def held_trash(path: Path) -> None:
        seen.append(path)
        if len(seen) == 1:
            raise TrashError()
        move_to_trash(path)
        assert gate.wait(timeout=30)

    monkeypatch.setattr("kontext_studio.jobs.engine.move_to_trash", held_trash)
    await three_herons_selected(window, session, tmp_path)
    try:
        await delete_pressed(window, monkeypatch)
        await until(lambda: len(seen) == 2)
        window.menu_actions["quit"].trigger()
        (box,) = message_boxes(window, "quitWhilePublishingBox")
        assert box.text() == "2 artworks are still being deleted."
        box.reject()
    finally:
        gate.set()
    await until(lambda: not window.bridge.deleting)


async def test_a_switch_of_mode_while_a_publish_waits_for_a_delete_is_not_refused(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A publish waiting for the Delete of its artwork sends nothing any more, and Quit
    does not count it as publishing: a switch of mode was still refused, "Wait until
    publishing has finished: switching now would stop it", of a publish whose file had gone
    to the Trash. The Delete it waits for is what the switch would stop: it waits for that,
    and says so, as Quit asks about it; then it switches. The banner said to wait and stayed
    once the Delete had ended, the switch not made: it says to switch again, and goes."""
    lantern, entered, release = await held_lantern(window, session, tmp_path)
    library = window.library

    async def waiting() -> None:
        await tile_waits_for_the_delete(library, lantern)
        window.switch_mode()
        assert window.banner.message() == (
            "Wait until the Delete has finished, then switch again: switching now would stop it."
        )
        assert window.handover is None and not window.has_closed

    await published_as_the_delete_trashes(window, lantern, entered, release, monkeypatch, waiting)
    assert session.ledger.get(lantern.id) is None
    await until(lambda: window.banner.banner(BannerKind.KEY) is None)
    window.switch_mode()
    assert window.handover is not None
    assert window.has_closed


async def test_a_switch_of_mode_while_a_publish_sends_is_refused(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """A publish still sending to R2 would be stopped by the switch: it waits, and says to
    switch again once it has finished; the banner goes then, nothing left to wait for (it
    stayed, saying to wait)."""
    lantern, entered, release = await held_lantern(window, session, tmp_path)
    await publish_held(window, lantern.id, entered)
    window.switch_mode()
    assert window.banner.message() == (
        "Wait until publishing has finished, then switch again: switching now would stop it."
    )
    assert window.handover is None and not window.has_closed
    release.set()
    await until(lambda: not window.publishing.busy_count())
    assert session.ledger.get(lantern.id).published_key  # type: ignore[union-attr]
    await until(lambda: window.banner.banner(BannerKind.KEY) is None)
    assert not window.has_closed


async def test_the_link_of_the_artwork_shown_is_copied_there_with_another_selected_too(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """Two selected, the one shown published: the preview shows its link, and Copy link and
    Unpublish beside it, about that link. Since the preview's actions became the library's
    (about all selected), they were greyed beside the link, which could not be copied."""
    fresh = imported(session, noise_png(tmp_path / "fresh.png", (40, 30), 1))
    before = imported(session, noise_png(tmp_path / "before.png", (40, 30), 2))
    before = await window.publishing.publish_now(before.id)
    library, preview = window.library, window.preview
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 2)
    library.select_job(fresh.id)
    library.view.selectionModel().setCurrentIndex(
        library.model.index(library.model.row_of(before.id)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    await until(lambda: preview.snapshot is not None and preview.snapshot.id == before.id)
    assert len(library.selected_snapshots()) == 2
    bar = preview.publication
    assert bar is not None
    await until(lambda: bool(bar.url_field.text()))
    assert bar.copy_button.isEnabled()
    assert bar.unpublish_button.isEnabled()


async def test_an_image_sent_again_under_its_real_hash_shows_its_percent_rise_again(
    controller: PublishController,
    session: Session,
    r2: str,
    tmp_path: Path,
) -> None:
    """A large file changed since the library hashed it goes up once under the recorded
    hash, stopped at its last byte, then again under its real one. The percent, never let
    fall back, stayed at 100 % for the whole second sending."""
    artwork = imported(session, noise_png(tmp_path / "changed.png", (1700, 1700)))
    path = Path(artwork.file_path)
    noise_png(path, (1700, 1700), seed=1)  # painted over since: another hash
    reports: list[tuple[int, int]] = []
    controller.progress.connect(lambda _job, done, total: reports.append((done, total)))
    controller.publish(artwork.id)
    await until(lambda: bool(session.ledger.get(artwork.id).published_key), timeout=60)  # type: ignore[union-attr]
    first_full = next(i for i, (done, total) in enumerate(reports) if done == total)
    assert any(done < total for done, total in reports[first_full:]), reports[first_full:][:5]


# "May be gone" settled by asking the bucket -----------------------------------------------


PUBLISHED_AGAIN = (
    "“fog” is published: the unpublish of it that did not finish removed nothing from the bucket."
)
UNPUBLISHED = (
    "“fog” is no longer published: the unpublish of it that did not finish had removed it "
    "from the bucket."
)
MANIFEST_LEFT = (
    "Only the manifest of “fog” is left in the bucket, its image gone: Unpublish finishes the "
    "removal."
)


def may_be_gone(session: Session, tmp_path: Path, name: str = "fog", seed: int = 0) -> Snapshot:
    """An artwork published to the R2 the settings name, then noted as being removed by an
    unpublish that did not finish."""
    artwork = imported(session, noise_png(tmp_path / f"{name}.png", (48, 32), seed=seed))
    publisher = fast_publisher(load_r2_config(session.settings.r2))
    published = publish_artwork(session.ledger, publisher, artwork.id)
    return session.ledger.note(artwork.id, retired_key=published.published_key)


def remove(admin: Any, bucket: str, *keys: str) -> None:
    for key in keys:
        admin.delete_object(Bucket=bucket, Key=key)


async def listed(window: MainWindow, *artworks: Snapshot) -> None:
    """``artworks``, added behind the window's back, shown in its library."""
    for artwork in artworks:
        window.bridge.job_changed.emit(artwork)  # as the Upload tab adds it
        await until(lambda artwork=artwork: window.library.model.row_of(artwork.id) is not None)


def words_of(window: MainWindow, artwork: Snapshot) -> list[str]:
    """The words ``artwork``'s tile paints."""
    row = window.library.model.row_of(artwork.id)
    assert row is not None
    return tile_words(window.library, row)


async def opened_preview(window: MainWindow, shown: Snapshot, other: Snapshot) -> None:
    """The artist opens ``shown``'s preview (from ``other``'s)."""
    for job in (other, shown):
        window.library.select_job(job.id)
        await until(lambda job=job: getattr(window.preview.snapshot, "id", None) == job.id)


async def test_opening_the_preview_of_one_whose_removal_never_happened_says_published(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """Before, it said "May be gone" until the artist pressed Unpublish again."""
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, noted, other)
    await opened_preview(window, noted, other)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: window.statusBar().currentMessage() == PUBLISHED_AGAIN)
    after = session.ledger.get(noted.id)
    assert after is not None and after.published_key and not after.may_be_gone
    await until(lambda: bar.state_label.text() == "Published")
    assert bar.left_label.isHidden()
    assert "May be gone" not in words_of(window, noted)


async def test_the_window_start_records_one_whose_removal_finished_as_unpublished(
    session: Session, bridge: Bridge, r2: str, admin: Any, tmp_path: Path
) -> None:
    noted = may_be_gone(session, tmp_path)
    remove(admin, r2, noted.published_key, manifest_key_for(noted.published_key))
    window = await open_window(session, bridge)  # waits for the start's check too
    try:
        after = session.ledger.get(noted.id)
        assert after is not None and (after.published_key, after.retired_key) == ("", "")
        assert window.statusBar().currentMessage() == UNPUBLISHED
        await until(lambda: "Published" not in words_of(window, noted))
        assert "May be gone" not in words_of(window, noted)
    finally:
        await close_window(window)


async def test_the_window_start_says_once_what_it_found_of_several(
    session: Session, bridge: Bridge, r2: str, admin: Any, tmp_path: Path
) -> None:
    """Three artworks an unpublish did not finish: two it had removed, one whose manifest
    alone is left. Before, the start said each in turn, the status bar keeping the last
    one's words alone, and a screen reader read them all."""
    removed = [may_be_gone(session, tmp_path, name, seed) for name, seed in (("a", 1), ("b", 2))]
    for noted in removed:
        remove(admin, r2, noted.published_key, manifest_key_for(noted.published_key))
    half = may_be_gone(session, tmp_path, "fog", 3)
    remove(admin, r2, half.published_key)
    window = await open_window(session, bridge)  # waits for the start's check too
    try:
        assert window.statusBar().currentMessage() == (
            "2 artworks are no longer published: the unpublishes of them that did not finish "
            "had removed them from the bucket. " + MANIFEST_LEFT
        )
        assert all(not session.ledger.get(n.id).published_key for n in removed)  # type: ignore[union-attr]
    finally:
        await close_window(window)


async def test_a_keyring_found_locked_at_start_is_not_asked_for_the_r2_secret_until_used(
    session: Session,
    bridge: Bridge,
    r2: str,
    admin: Any,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The R2 secret is in the keyring, which the start's read of the KIE key found locked
    (its unlock prompt dismissed). Before, the start's look for what may be gone read the
    R2 secret from it at once: a second unlock prompt, for a look the artist did not ask
    for. It waits, and opening one of them asks nothing of the keyring either: once the
    artist asks for what needs the secret (here, Copy link) and publishing gets it, it
    looks for them all."""
    first = may_be_gone(session, tmp_path, "a", 1)
    second = may_be_gone(session, tmp_path, "b", 2)
    for noted in (first, second):
        remove(admin, r2, noted.published_key, manifest_key_for(noted.published_key))
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    asked: list[str] = []
    locked = [True]
    read = memory_keyring.get_password

    def get_password(service: str, name: str) -> str | None:
        asked.append(name)
        if locked[0]:
            raise keyring.errors.KeyringLocked("Prompt dismissed")
        return read(service, name)

    monkeypatch.setattr(memory_keyring, "get_password", get_password)
    secrets.readable_secret(secrets.KIE_KEY)  # the start's read (KIE_API_KEY gives the key)
    window = await open_window(session, bridge)
    try:
        assert asked == [secrets.KIE_KEY], "the R2 secret was not asked for"
        assert all(session.ledger.get(n.id).may_be_gone for n in (first, second))  # type: ignore[union-attr]
        locked[0] = False  # the artist unlocked it, opens one of them, and copies its link
        await listed(window, first, second)
        await opened_preview(window, first, second)
        assert asked == [secrets.KIE_KEY], "opening it is no prompt's reason"
        bar = window.preview.publication
        assert bar is not None
        bar.copy_button.click()
        await until(
            lambda: not any(session.ledger.get(n.id).published_key for n in (first, second))  # type: ignore[union-attr]
        )
        await until(lambda: not window.publishing.checking)
    finally:
        await close_window(window)


async def test_one_with_only_its_manifest_left_says_so_once_and_stays_may_be_gone(
    window: MainWindow, session: Session, r2: str, admin: Any, tmp_path: Path
) -> None:
    noted = may_be_gone(session, tmp_path)
    remove(admin, r2, noted.published_key)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, noted, other)
    told: list[str] = []
    window.publishing.answer.connect(told.append)
    await opened_preview(window, noted, other)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: told == [MANIFEST_LEFT])
    assert window.statusBar().currentMessage() == MANIFEST_LEFT
    assert bar.state_label.text() == "May be gone"
    assert bar.left_label.text() == (
        "An unpublish of it did not finish: its image is gone from your R2 bucket, and its "
        "link leads to nothing; its manifest is still there. Unpublish finishes it."
    )
    await until(lambda: "Only its manifest is left" in words_of(window, noted))
    assert "May be gone" in words_of(window, noted)
    assert session.ledger.get(noted.id) == noted

    await opened_preview(window, noted, other)  # asked again: found the same, not said again
    await until(lambda: not window.publishing.checking)
    assert told == [MANIFEST_LEFT]


@pytest.mark.parametrize(
    ("gone", "left"),
    [("image", "only its manifest is left"), ("manifest", "only its image is left")],
)
async def test_a_screen_reader_hears_which_part_of_one_that_may_be_gone_is_left(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    gone: str,
    left: str,
) -> None:
    """A check found one part of an artwork that may be gone left in the bucket: the line
    under its picture said "Only its manifest is left", a screen reader heard only "may be
    gone from R2". It hears which part is left too."""
    noted = may_be_gone(session, tmp_path)
    key = noted.published_key
    remove(admin, r2, key if gone == "image" else manifest_key_for(key))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, noted, other)
    await opened_preview(window, noted, other)
    await until(lambda: left.capitalize() in words_of(window, noted))
    row = window.library.model.row_of(noted.id)
    assert row is not None
    tile = window.library.model.index(row)
    assert tile.data(Qt.ItemDataRole.AccessibleTextRole) == f"fog, may be gone from R2: {left}"


async def test_a_check_that_cannot_reach_r2_says_and_changes_nothing(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    noted = may_be_gone(session, tmp_path)
    point_r2_at(monkeypatch, "http://127.0.0.1:9", r2)  # offline: nothing listens there
    session.ledger.note(noted.id, published_host="127.0.0.1:9")
    told: list[str] = []
    window.publishing.answer.connect(told.append)
    window.publishing.check_may_be_gone(noted)
    await until(lambda: not window.publishing.checking)
    assert told == [] and not window.banner.isVisible()
    after = session.ledger.get(noted.id)
    assert after is not None and after.may_be_gone


def looks_through(
    before: Callable[[str, R2Config], None],
    make: Callable[[R2Config], Publisher] = fast_publisher,
) -> Callable[[R2Config], Publisher]:
    """Publishers made by ``make`` that call ``before(key, config)`` as each looks for
    ``key`` in the bucket, before asking it: to note the look, hold it (R2 slow to answer)
    or fail it (raising as R2 would)."""

    def build(config: R2Config) -> Publisher:
        publisher = make(config)
        look = publisher.exists

        def exists(key: str) -> bool:
            before(key, config)
            return look(key)

        publisher.exists = exists  # type: ignore[method-assign]
        return publisher

    return build


def counting_looks(controller: PublishController, asked: list[str], failures: int = 0) -> None:
    """``controller``'s publishers from now on add each key they look for to ``asked``; the
    first ``failures`` looks find R2 out of reach."""

    def counted(key: str, _config: R2Config) -> None:
        asked.append(key)
        if len(asked) <= failures:
            raise PublishNetworkError("R2 cannot be reached")

    publishing_through(controller, looks_through(counted))


def opener(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, other: Snapshot
) -> Callable[[Snapshot], Awaitable[None]]:
    """Opens an artwork's preview (from ``other``'s) and waits for the work it started."""
    spawned: list[asyncio.Task[Any] | None] = []
    spawn = window.bridge.spawn

    def spawn_seen(work: Any, **how: Any) -> asyncio.Task[Any] | None:
        spawned.append(spawn(work, **how))
        return spawned[-1]

    monkeypatch.setattr(window.bridge, "spawn", spawn_seen)

    async def opened(shown: Snapshot) -> None:
        await opened_preview(window, shown, other)
        await until(lambda: all(task is None or task.done() for task in spawned))

    return opened


def offline_may_be_gone(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r2: str, count: int
) -> list[Snapshot]:
    """``count`` artworks that may be gone, in an R2 that cannot be reached now."""
    noted = [may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(count)]
    point_r2_at(monkeypatch, "http://127.0.0.1:9", r2)  # offline: nothing listens there
    return [session.ledger.note(n.id, published_host="127.0.0.1:9") for n in noted]


async def test_a_check_that_failed_is_not_asked_again_at_each_opening_for_a_while(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 cannot be reached. Before, each opening of the preview of an artwork that may be
    gone asked R2 again, a round trip that failed each time. A failed check is remembered
    for a few minutes: opened again meanwhile, R2 is not asked; after them it is. An
    Unpublish of it that could not reach R2 either does not make the next opening ask."""
    [noted] = offline_may_be_gone(session, tmp_path, monkeypatch, r2, 1)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    clock.at = 1000.0
    opened = opener(window, monkeypatch, other)
    await opened(noted)
    assert asked == [noted.published_key]
    clock.at += RECHECK_AFTER_S - 1
    await opened(noted)
    assert asked == [noted.published_key], "not asked again"
    clock.at += 2
    await opened(noted)
    assert asked == [noted.published_key] * 2
    controller.unpublish(noted.id, noted)
    await until(window.banner.isVisible)  # offline: it failed, the artwork may be gone still
    await until(lambda: controller.activity(noted.id) is None)
    await opened(noted)
    assert asked == [noted.published_key] * 2, "R2 could not be reached lately"
    after = session.ledger.get(noted.id)
    assert after is not None and after.may_be_gone


async def test_a_check_that_cannot_reach_r2_is_not_asked_again_for_the_others_for_a_while(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 cannot be reached; the artist holds an arrow key through three artworks that may
    be gone. Before, each opening started a round trip that failed (a time-out, maybe).
    R2 is asked for the first only, until a few minutes have passed."""
    noted = offline_may_be_gone(session, tmp_path, monkeypatch, r2, 3)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, *noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    clock.at = 1000.0
    opened = opener(window, monkeypatch, other)
    for artwork in noted:
        await opened(artwork)
    assert asked == [noted[0].published_key]
    clock.at += RECHECK_AFTER_S + 1
    await opened(noted[2])
    assert asked == [noted[0].published_key, noted[2].published_key]


async def test_the_start_check_that_cannot_reach_r2_is_not_asked_again_at_each_opening(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 cannot be reached as the window opens. Before, the start's check stopped at the
    first artwork that may be gone, and the others, never asked, were asked at each
    opening of their previews. Now none is asked again for a few minutes."""
    noted = offline_may_be_gone(session, tmp_path, monkeypatch, r2, 3)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, *noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    clock.at = 1000.0
    controller.check_all_may_be_gone()  # as the window's start does
    await until(lambda: not controller.checking)
    assert len(asked) == 1, "the start's check stops at the first"
    opened = opener(window, monkeypatch, other)
    for artwork in noted:
        await opened(artwork)
    assert len(asked) == 1


async def test_the_could_not_check_line_goes_when_the_hold_is_over_and_the_artwork_is_asked(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 could not be reached by the check of the artwork shown, then is back. Before, when
    the few minutes that held off the checks were over, nothing told the preview: it said
    "Could not check: R2 could not be reached." until another artwork was opened and this
    one again. Now the line goes then, and the bucket is asked about the artwork again."""
    monkeypatch.setattr(publishing, "RECHECK_AFTER_S", 0.2)  # not five minutes
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked, failures=1)
    clock.at = 1000.0  # only the end of the hold itself ends it
    bar = window.preview.publication
    assert bar is not None
    lines: list[str] = []
    controller.checks_changed.connect(lambda: lines.append(bar.unchecked_label.text()))
    await opened_preview(window, noted, other)
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]
    await until(lambda: bar.state_label.text() == "Published")
    # Gone as the hold ends: it says the artwork is being asked about, if anything.
    assert lines[0] == "Could not check: R2 could not be reached."
    assert lines[1:] in ([""], ["Checking what is left of it in the bucket…"])
    assert bar.unchecked_label.isHidden()
    assert asked[:2] == [noted.published_key] * 2  # its image looked for again


@pytest.mark.parametrize("over", ["time", "publish"])
async def test_the_start_check_held_off_goes_once_the_hold_is_over(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    over: str,
    clock: StoppableClock,
) -> None:
    """R2 could not be reached as the window started, for a check already made: the start's
    look for every artwork that may be gone was held off. Before, it was never made again:
    an artwork not opened stayed "May be gone" all session. It goes once the hold is over
    (its few minutes passed, or R2 took a publish)."""
    if over == "time":
        monkeypatch.setattr(publishing, "RECHECK_AFTER_S", 0.2)  # not five minutes
    first = may_be_gone(session, tmp_path, "a", 1)
    second = may_be_gone(session, tmp_path, "b", 2)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, first, second, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked, failures=1)
    clock.at = 1000.0  # only the end of the hold itself ends it
    started: list[bool] = []

    def start_once_held() -> None:
        if not started:  # as the window's start does, the hold just on
            started.append(True)
            controller.check_all_may_be_gone()

    controller.checks_changed.connect(start_once_held)
    await opened_preview(window, first, other)
    await until(lambda: bool(started) and not controller.checking)
    if over == "publish":
        assert asked == [first.published_key], "held off: nothing asked"
        await controller.publish_now(other.id)
    await until(lambda: not session.ledger.get(second.id).may_be_gone)  # type: ignore[union-attr]
    assert second.published_key in asked


async def test_r2_staying_down_has_one_look_a_hold_that_never_piles_up_nor_fills_the_log(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    clock: StoppableClock,
) -> None:
    """R2 stays out of reach all session, three artworks may be gone, one of them shown.
    Each time the hold of the checks is over (every five minutes), the background look asks
    again. Over several holds, each asks R2 once, says so in the log once, and no look
    starts while another still goes."""
    monkeypatch.setattr(publishing, "RECHECK_AFTER_S", 0.2)  # not five minutes
    noted = [may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(3)]
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, *noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked, failures=10**6)  # never reached
    clock.at = 1000.0  # only the end of each hold ends it
    looks, most = [0], [0]
    check_all = controller._check_all

    async def counted() -> None:
        looks[0] += 1
        most[0] = max(most[0], looks[0])
        try:
            await check_all()
        finally:
            looks[0] -= 1

    monkeypatch.setattr(controller, "_check_all", counted)
    at_each_hold: list[tuple[int, int]] = []
    hold_over = controller._hold_over

    def noted_hold_over() -> None:
        failed = sum(getattr(r, "event", "") == "settle_failed" for r in caplog.records)
        at_each_hold.append((len(asked), failed))
        hold_over()

    monkeypatch.setattr(controller, "_hold_over", noted_hold_over)
    controller._hold_timer.timeout.disconnect()
    controller._hold_timer.timeout.connect(controller._hold_over)
    caplog.set_level(logging.INFO, logger="kontext_studio")
    await opened_preview(window, noted[0], other)
    controller.check_all_may_be_gone()  # as the window's start does
    await until(lambda: len(at_each_hold) >= 5, timeout=30)
    asks = [b[0] - a[0] for a, b in itertools.pairwise(at_each_hold)]
    lines = [b[1] - a[1] for a, b in itertools.pairwise(at_each_hold)]
    assert asks == [1] * len(asks), asks
    assert lines == [1] * len(lines), lines
    assert most[0] == 1


def asking_one_by_one(
    controller: PublishController, held: Snapshot, beside: Snapshot, most: list[int]
) -> threading.Event:
    """``controller``'s publishers from now on keep in ``most`` the most looks in the
    bucket out at once; the first look for ``held`` sets the event returned, and is held
    (R2 slow to answer) until the check of ``beside`` either asks the bucket beside it or
    says it waits for it to end: no time is guessed."""
    looking, came = threading.Event(), threading.Event()
    lock = threading.Lock()
    out = [0]

    def build(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        look = publisher.exists

        def exists(key: str) -> bool:
            with lock:
                out[0] += 1
                most[0] = max(most[0], out[0])
            try:
                if key == held.published_key and not looking.is_set():
                    looking.set()
                    assert came.wait(timeout=30), "no other check came"
                elif looking.is_set():
                    came.set()  # asked while the held one is out
                return look(key)
            finally:
                with lock:
                    out[0] -= 1

        publisher.exists = exists  # type: ignore[method-assign]
        return publisher

    def told(job_id: int) -> None:
        if job_id == beside.id and controller.waits_for_other_check(beside):
            came.set()  # waits for the held one to end

    controller.changed.connect(told)
    publishing_through(controller, build)
    return looking


async def test_the_checks_of_what_may_be_gone_ask_the_bucket_one_at_a_time(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """The start's look asks the bucket about one artwork that may be gone, R2 slow to
    answer; meanwhile the artist opens another. Before, its check went out beside the
    look's: two requests at once, both meeting whatever trouble R2 had. It waits for the
    look's to end, then asks, and both are found published."""
    first, second = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, other)
    controller = window.publishing
    most = [0]
    looking = asking_one_by_one(controller, first, second, most)
    controller.check_all_may_be_gone()  # as the window's start does
    await until(looking.is_set)
    await opened_preview(window, second, other)
    await until(lambda: second.id in controller._checking)
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    assert most == [1], "before: 2"
    for artwork in (first, second):
        after = session.ledger.get(artwork.id)
        assert after is not None and after.published_key and not after.may_be_gone


async def test_a_check_that_breaks_gives_its_turn_to_the_one_waiting(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """The artist opens an artwork that may be gone, then another while the bucket is
    asked about the first: its check waits its turn. The first check breaks in a way
    nobody foresaw (not R2's refusal): the second is asked all the same, not left saying
    "Check waits its turn" for the rest of the session, nor every check after it."""
    first, second = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, other)
    controller = window.publishing
    looking, go_on = threading.Event(), threading.Event()

    def breaks(key: str, _config: R2Config) -> None:
        if key == first.published_key:
            looking.set()
            assert go_on.wait(timeout=30), "the test never let the check go on"
            raise RuntimeError("a fault nobody foresaw")

    publishing_through(controller, looks_through(breaks))
    try:
        await opened_preview(window, first, other)
        await until(looking.is_set)
        await opened_preview(window, second, other)
        await until(lambda: "Check waits its turn" in words_of(window, second))
    finally:
        go_on.set()
    await until(lambda: not controller.checking)  # a turn lost: never
    after = session.ledger.get(second.id)
    assert after is not None and after.published_key and not after.may_be_gone
    assert "Check waits its turn" not in words_of(window, second)


async def test_a_check_cut_as_its_turn_came_gives_it_to_the_next(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """Three checks of artworks that may be gone, one asking the bucket, two waiting their
    turn; the second is cut (its task cancelled, as the window's close cuts them) just as
    the first ends and gives it its turn. The third is asked all the same: a turn given to
    a check cut before it could ask is passed on, not kept by nobody, every check after
    waiting for ever."""
    first, second, third = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(3))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, third, other)
    controller = window.publishing
    looking, go_on = threading.Event(), threading.Event()
    publishing_through(controller, held_at_first_look(first, looking, go_on, fails=False))
    await opened_preview(window, first, other)
    await until(looking.is_set)
    cut = window.bridge.spawn(controller._check(second.id))
    assert cut is not None
    await until(lambda: controller.waits_for_other_check(second))
    await opened_preview(window, third, other)
    await until(lambda: controller.waits_for_other_check(third))

    def cut_as_its_turn_comes(job_id: int) -> None:
        if job_id == first.id and not controller.waits_for_other_check(second):
            cut.cancel()  # its turn given, before it could take it

    controller.changed.connect(cut_as_its_turn_comes)
    go_on.set()
    await until(cut.done)
    assert cut.cancelled()
    await until(lambda: not controller.checking)  # a turn kept by nobody: never
    after = session.ledger.get(third.id)
    assert after is not None and after.published_key and not after.may_be_gone


async def test_the_artwork_being_checked_says_so_on_its_tile_and_preview(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """The artist opens an artwork that may be gone; R2 is slow to answer its check.
    Before, its tile said "Unpublish did not finish" and its preview nothing more for as
    long as the bucket was asked, while the one waiting behind it said it waited: as if
    nothing was being done about it. Both say it is being checked, until the answer."""
    gone = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, gone, other)
    looking, go_on = threading.Event(), threading.Event()
    controller = window.publishing
    publishing_through(controller, held_at_first_look(gone, looking, go_on, fails=False))
    bar = window.preview.publication
    assert bar is not None
    checking = "Checking what is left of it in the bucket…"
    try:
        await opened_preview(window, gone, other)
        await until(looking.is_set)
        await until(lambda: bar.unchecked_label.text() == checking)
        assert bar.unchecked_label.isVisible(), "before: nothing said"
        assert "Checking the bucket…" in words_of(window, gone), "before: did not finish"
        assert "Unpublish did not finish" not in words_of(window, gone)
    finally:
        go_on.set()
    await until(lambda: not controller.checking)
    await until(lambda: bar.state_label.text() == "Published")
    assert bar.unchecked_label.isHidden()
    assert "Checking the bucket…" not in words_of(window, gone)


async def test_a_check_waiting_for_a_slow_one_says_it_waits(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """The start's look asks the bucket about one artwork that may be gone, R2 slow to
    answer; the artist opens another, whose check waits for it (one at a time). Before, its
    preview and its tile said nothing of it ("May be gone", "Unpublish did not finish") for
    as long as the slow check took; they say it waits, until it asks, and it is then
    found published."""
    first, second = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, other)
    looking, go_on = threading.Event(), threading.Event()
    controller = window.publishing
    publishing_through(controller, held_at_first_look(first, looking, go_on, fails=False))
    bar = window.preview.publication
    assert bar is not None
    waiting = "Not checked yet: waiting for the check of another artwork to end."
    try:
        controller.check_all_may_be_gone()  # as the window's start does
        await until(looking.is_set)
        await opened_preview(window, second, other)
        await until(lambda: bar.unchecked_label.text() == waiting)
        assert bar.unchecked_label.isVisible(), "before: nothing said"
        assert "Check waits its turn" in words_of(window, second)
    finally:
        go_on.set()
    await until(lambda: not controller.checking)
    after = session.ledger.get(second.id)
    assert after is not None and after.published_key and not after.may_be_gone
    await until(lambda: bar.state_label.text() == "Published")
    assert bar.unchecked_label.isHidden()
    assert "Check waits its turn" not in words_of(window, second)


def refusing_once(key: str, asked: list[str]) -> Callable[[R2Config], Publisher]:
    """Publishers that add each key they look for to ``asked``, and find R2 out of reach
    for the first look for ``key``."""
    failed: list[str] = []

    def once(looked_for: str, _config: R2Config) -> None:
        asked.append(looked_for)
        if looked_for == key and not failed:
            failed.append(key)
            raise PublishNetworkError("R2 cannot be reached")

    return looks_through(once)


async def test_a_check_a_publish_made_void_starts_no_whole_look_later(
    window: MainWindow, session: Session, r2: str, tmp_path: Path
) -> None:
    """The look put off behind a keyring read goes on with one artwork while the check of
    the one shown asks the bucket, slow to answer; the artist publishes the first
    meanwhile: its check, waiting its turn, asks nothing, and the next answer from the
    bucket (another artwork published, later) starts no new look at every artwork that
    may be gone, none having held the checks: the artwork the artist left alone still
    says it may be gone, asked nothing. Only what the artist did goes to the bucket."""
    shown, voided, other = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(3))
    dune = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, shown, voided, other, dune)
    controller = window.publishing
    asked: list[str] = []
    looking, go = threading.Event(), threading.Event()

    def held(key: str, _config: R2Config) -> None:
        asked.append(key)
        if key == shown.published_key and not looking.is_set():
            looking.set()
            assert go.wait(timeout=30), "the test never let the check end"

    publishing_through(controller, looks_through(held))
    try:
        await opened_preview(window, shown, dune)
        await until(looking.is_set)
        window.bridge.spawn(controller._check_put_off([voided.id]))  # as after a read
        await until(lambda: voided.id in controller._checking)
        controller.publish(voided.id)
        await until(lambda: voided.id in controller._voided)
    finally:
        go.set()
    await until(lambda: not session.ledger.get(voided.id).may_be_gone)  # type: ignore[union-attr]
    await until(lambda: not controller.checking and not controller.busy_count())
    controller.publish(dune.id)  # later, another: R2 answers
    await until(lambda: bool(session.ledger.get(dune.id).published_key))  # type: ignore[union-attr]
    await until(lambda: not controller.checking and not controller.busy_count())
    await window.bridge.wait_idle()
    assert other.published_key not in asked, "a whole look began"
    assert "May be gone" in words_of(window, other)


async def held_after_a_half(
    window: MainWindow,
    clock: StoppableClock,
    admin: Any,
    bucket: str,
    half: Snapshot,
    cut: Snapshot,
    *more: Snapshot,
) -> list[str]:
    """Of the artworks that may be gone, listed, the start's look finds only ``half``'s image
    left, then cannot reach R2 for ``cut``, which holds off the checks (the clock stopped:
    only the end of the hold ends it). Returns the keys looked for."""
    remove(admin, bucket, manifest_key_for(half.published_key))
    await listed(window, half, cut, *more)
    controller = window.publishing
    asked: list[str] = []
    publishing_through(controller, refusing_once(cut.published_key, asked))
    clock.at = 1000.0
    controller.check_all_may_be_gone()  # as the window's start does
    await until(lambda: not controller.checking)
    assert controller._checks_held is not None, "R2 not reached holds off the checks"
    return asked


async def test_the_look_after_a_hold_goes_on_where_it_stopped(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    clock: StoppableClock,
) -> None:
    """Three artworks may be gone. The start's look finds only the first's image left (it
    stays "May be gone"), then cannot reach R2 for the second, which holds off the checks.
    Before, the first's tile said its check was put off, and the end of the hold looked
    at them all again from the first: in a large library, the whole look again at every
    hold. The first's tile says what was found; the look goes on with the second and the
    third, and finds them published."""
    half, cut, last = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(3))
    asked = await held_after_a_half(window, clock, admin, r2, half, cut, last)
    controller = window.publishing
    assert last.published_key not in asked
    assert "Only its image is left" in words_of(window, half), "before: its check put off"
    assert any(w.startswith("Check put off till") for w in words_of(window, last))
    asked.clear()
    controller._hold_over()  # as its timer ends it
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    assert half.published_key not in asked, "before: asked again"
    for artwork in (cut, last):
        after = session.ledger.get(artwork.id)
        assert after is not None and after.published_key and not after.may_be_gone
    assert "Only its image is left" in words_of(window, half)


async def test_one_a_command_published_and_left_may_be_gone_again_is_looked_at_after_a_hold(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    clock: StoppableClock,
) -> None:
    """The start's look finds only the image of one artwork left, then cannot reach R2 for
    the next, which holds off the checks. Meanwhile a command publishes the first again,
    and its unpublish does not finish: may be gone again, both parts in the bucket. Before,
    as the bucket had answered for it, its tile said "Only its image is left" through the
    hold, and the look after it passed it over: nothing asked till it was opened. Its tile
    says its check is put off, and the look after the hold finds it published."""
    half, cut = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    asked = await held_after_a_half(window, clock, admin, r2, half, cut)
    controller = window.publishing
    assert "Only its image is left" in words_of(window, half)
    command = fast_publisher(load_r2_config(session.settings.r2))
    again = publish_artwork(session.ledger, command, half.id)
    noted = session.ledger.note(  # as the command's unpublish notes it, then stops
        half.id, retired_key=again.published_key, unpublish_mark=uuid.uuid4().hex
    )
    window.bridge.job_changed.emit(noted)  # as the library reads what another program wrote
    await a_turn()
    assert any(w.startswith("Check put off till") for w in words_of(window, half)), (
        "before: Only its image is left"
    )
    asked.clear()
    controller._hold_over()  # as its timer ends it
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    assert half.published_key in asked, "before: passed over"
    after = session.ledger.get(half.id)
    assert after is not None and after.published_key and not after.may_be_gone


async def test_an_answer_an_hour_old_is_asked_again_by_the_look_after_a_hold(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    clock: StoppableClock,
) -> None:
    """The start's look finds only the image of one artwork left, then cannot reach R2 for
    the next, which holds off the checks. Meanwhile another machine removes that image,
    and an hour passes. Before, the look after the hold passed the first over, as the
    bucket had answered for it, however long ago: its tile said "Only its image is left"
    of an image gone until it was opened. It is asked again, and found unpublished."""
    half, cut = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    asked = await held_after_a_half(window, clock, admin, r2, half, cut)
    controller = window.publishing
    assert "Only its image is left" in words_of(window, half)
    remove(admin, r2, half.published_key)  # another machine ends the unpublish
    clock.at = 1000.0 + publishing.ANSWER_KEPT_S
    asked.clear()
    controller._hold_over()  # as its timer ends it
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    assert half.published_key in asked, "before: passed over"
    after = session.ledger.get(half.id)
    assert after is not None and not after.published_key and not after.may_be_gone
    await until(lambda: "Only its image is left" not in words_of(window, half))


async def test_the_answer_for_an_artwork_deleted_or_changed_elsewhere_is_let_go_of(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    clock: StoppableClock,
) -> None:
    """What the bucket answered for an artwork that may be gone is kept for the looks
    after a hold. Before, it was kept for the session: every artwork deleted, or whose
    record another program changed since, left its answer behind for good. (Memory alone:
    no view shows an answer for a record other than its own.)"""
    half, other, cut = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(3))
    remove(admin, r2, manifest_key_for(other.published_key))
    await held_after_a_half(window, clock, admin, r2, half, cut, other)
    controller = window.publishing
    assert {half.id, other.id} <= set(controller._answered)
    window.bridge.job_deleted.emit(half.id)  # as the library hears of another program's delete
    command = fast_publisher(load_r2_config(session.settings.r2))
    window.bridge.job_changed.emit(publish_artwork(session.ledger, command, other.id))
    assert half.id not in controller._answered and other.id not in controller._answered


@pytest.mark.parametrize("answered", ["check", "publish"])
async def test_a_failed_check_is_asked_again_once_r2_answers_another(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, answered: str
) -> None:
    """R2 refused the check of one artwork that may be gone (or could not be reached, for
    a publish); then it answers, for another artwork's check or publish. Before, the first
    was not asked again for five minutes: opened, it said "May be gone" while R2 answered.
    It is asked again at once now. (Not reached by a check, R2 is asked for no other
    artwork for a while: see the tests above.)"""
    first = may_be_gone(session, tmp_path, "a", 1)
    second = may_be_gone(session, tmp_path, "b", 2)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, first, second, other)
    controller = window.publishing
    offline = [True]
    failed: list[str] = []

    def flaky(key: str, _config: R2Config) -> None:
        if offline[0]:
            failed.append(key)
            if answered == "check":
                raise PublishError("R2 refused the request")
            raise PublishNetworkError("R2 cannot be reached")

    publishing_through(controller, looks_through(flaky))
    await opened_preview(window, first, other)
    await until(lambda: bool(failed) and not controller.checking)
    offline[0] = False  # R2 is back
    if answered == "check":  # opening the second finds it published
        await opened_preview(window, second, other)
        await until(lambda: not session.ledger.get(second.id).may_be_gone)  # type: ignore[union-attr]
        await until(lambda: not controller.checking)
    else:
        await controller.publish_now(other.id)
    await opened_preview(window, first, other)
    await until(lambda: not session.ledger.get(first.id).may_be_gone)  # type: ignore[union-attr]
    # The record is written in a worker; the tile follows once the window hears of it.
    await until(lambda: "may be gone" not in " ".join(words_of(window, first)).lower())


@pytest.mark.parametrize("failed", ["publish", "unpublish"])
async def test_a_publish_or_unpublish_that_cannot_reach_r2_holds_off_the_checks(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failed: str,
    clock: StoppableClock,
) -> None:
    """R2 cannot be reached: a publish (or an unpublish) just failed saying so. Before, only
    a check that failed so held off the others: opening artworks that may be gone right
    after asked R2 for each, a round trip bound to fail as the publish had (a time-out,
    maybe). R2 is not asked for any of them for a few minutes now."""
    noted = offline_may_be_gone(session, tmp_path, monkeypatch, r2, 2)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, *noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    clock.at = 1000.0
    sent = other if failed == "publish" else noted[0]
    getattr(controller, failed)(sent.id, sent)
    await until(window.banner.isVisible)  # offline: it failed
    await until(lambda: controller.activity(sent.id) is None)
    opened = opener(window, monkeypatch, other)
    for artwork in noted:
        await opened(artwork)
    assert asked == []


async def test_keys_r2_refuses_are_asked_about_once_not_once_per_artwork(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 refuses the access keys. Before, the refusal was remembered for the artwork whose
    check met it alone: arrowing through fifty artworks that may be gone asked R2 fifty
    times for the same refusal. The start's check stops at the first refusal, as R2 would
    refuse the others alike, and no opening asks again for a while; each tile still says
    what is known of it, that it may be gone, and that its check is put off."""
    noted = [may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(3)]
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, *noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    clock.at = 1000.0
    opened = opener(window, monkeypatch, other)
    with enable_iam_authentication():  # moto refuses the test's keys
        controller.check_all_may_be_gone()  # as the window's start does
        await until(lambda: not controller.checking)
        assert len(asked) == 1, "the start's check stops at the first refusal"
        for artwork in noted:
            await opened(artwork)
    assert len(asked) == 1
    for artwork in noted:
        words = words_of(window, artwork)
        assert "May be gone" in words
        assert any(line.startswith("Check put off till ") for line in words)
        assert session.ledger.get(artwork.id) == artwork


async def test_the_starts_check_goes_on_past_r2_refusing_one_artworks_request(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """R2 refuses the request of one artwork that may be gone (a 4xx about that object, not
    the keys). Before, the start's check stopped there, and the others stayed "May be gone"
    until each was opened. It goes on to them now."""
    first = may_be_gone(session, tmp_path, "a", 1)
    second = may_be_gone(session, tmp_path, "b", 2)
    controller = window.publishing

    def refusing_the_first(key: str, _config: R2Config) -> None:
        if key == first.published_key:
            raise PublishError("R2 refused the request")

    publishers.make = looks_through(refusing_the_first)
    controller.check_all_may_be_gone()  # as the window's start does
    await until(lambda: not controller.checking)
    after = session.ledger.get(second.id)
    assert after is not None and after.published_key and not after.may_be_gone
    assert session.ledger.get(first.id) == first


async def test_a_secret_another_program_put_right_is_read_at_the_next_refusal_alone(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 refused the secret in the keyring, so no check of an artwork that may be gone
    asks R2 again for a while, and the keyring, read again once for that refusal, is not
    read at each artwork opened after (its link made): before, every opening read it,
    waiting on a keyring slow to answer. Another program (a keyring manager) then puts the
    right secret there: the next check R2 refuses reads it, and tries once more with it,
    and the artwork is found published."""
    first = may_be_gone(session, tmp_path, "a", 1)
    second = may_be_gone(session, tmp_path, "b", 2)
    shown = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    publish_artwork(session.ledger, fast_publisher(load_r2_config(session.settings.r2)), shown.id)
    shown = session.ledger.get(shown.id)  # type: ignore[assignment]
    await listed(window, first, second, shown)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "not-the-secret")
    controller = window.publishing
    asked: list[str] = []
    publishing_through(controller, keys_refused_unless(SECRET, asked, []))
    clock.at = 1000.0
    opened = opener(window, monkeypatch, shown)
    await controller.publisher(asked=False)  # the secret read this session
    reads = keyring_reads(memory_keyring, monkeypatch)
    await opened(first)
    assert reads == [secrets.R2_SECRET], "read again once, for the refusal"
    await opened(second)
    await opened(shown)
    await opened(second)
    assert asked == [first.published_key], "refused once: not asked again"
    assert reads == [secrets.R2_SECRET], "before: read again at each artwork opened"
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    clock.at += RECHECK_AFTER_S
    controller._hold_over()
    await opened(first)
    await until(lambda: not controller.checking)
    after = session.ledger.get(first.id)
    assert after is not None and after.published_key and not after.may_be_gone
    assert reads == [secrets.R2_SECRET] * 2


def keys_refused_unless(
    secret: str, asked: list[str], sent: list[str]
) -> Callable[[R2Config], Publisher]:
    """Publishers whose checks and publishes R2 refuses as with wrong keys (403) unless
    their secret is ``secret``; the key of each check asked noted in ``asked``, the secret
    of each publish sent in ``sent``."""

    def refused(key: str, config: R2Config) -> None:
        asked.append(key)
        look_refused_unless(secret, config)

    return looks_through(refused, refused_unless(secret, "InvalidAccessKeyId", sent))


def look_refused_unless(secret: str, config: R2Config) -> None:
    """A look through ``config`` refused by R2 as with wrong keys (403) unless its secret is
    ``secret``."""
    if config.secret_access_key != secret:
        answer = {"Error": {"Code": "403"}, "ResponseMetadata": {"HTTPStatusCode": 403}}
        raise map_error(ClientError(answer, "HeadObject"), config=config)  # type: ignore[arg-type]


async def keys_refused_for_a_check(
    window: MainWindow,
    session: Session,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> KeysRefused:
    """An artwork that may be gone shown, its check refused by R2 with the keyring's R2
    secret, which holds off the checks; the keyring read again for that refusal. Returns the
    artwork, the keys of the checks asked, the secrets of the publishes sent
    (:func:`keys_refused_unless`) and the keyring's reads from then on."""
    noted = may_be_gone(session, tmp_path, "fog", 1)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, noted, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "not-the-secret")
    controller = window.publishing
    asked: list[str] = []
    sent: list[str] = []
    publishing_through(controller, keys_refused_unless(SECRET, asked, sent))
    await controller.publisher(asked=False)  # the secret read this session
    await opener(window, monkeypatch, other)(noted)
    bar = window.preview.publication
    assert bar is not None and bar.unchecked_label.isVisibleTo(bar)
    assert asked == [noted.published_key]
    return noted, asked, sent, keyring_reads(memory_keyring, monkeypatch)


KeysRefused = tuple[Snapshot, list[str], list[str], list[str]]


@pytest.fixture
async def keys_refused(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> KeysRefused:
    """:func:`keys_refused_for_a_check`, for a test that sets nothing up before it."""
    return await keys_refused_for_a_check(window, session, tmp_path, memory_keyring, monkeypatch)


async def test_a_secret_put_right_in_the_keyring_is_used_once_the_artist_comes_back_to_the_window(
    window: MainWindow,
    session: Session,
    keys_refused: KeysRefused,
    memory_keyring: MemoryKeyring,
    qapp: QApplication,
) -> None:
    """R2 refused the keyring's R2 secret for a check, which holds off the checks for
    minutes; the artist puts the right secret in the keyring (a password manager) and comes
    back to the window. Before, the preview went on saying "Could not check: R2 refused the
    keys" until the hold was over, or another refusal had the keyring read again. The
    keyring is read once as the window is active again, and the artwork is checked at once:
    found published. Coming back again reads it no more."""
    noted, asked, _, reads = keys_refused
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.state_label.text() == "Published")
    assert not bar.unchecked_label.isVisibleTo(bar)
    assert asked.count(noted.published_key) == 2  # refused, then asked with the new secret
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    await window.bridge.wait_idle()
    assert reads == [secrets.R2_SECRET]


class LockingCollection:
    """A Secret Service collection, as SecretStorage gives it, holding the R2 secret; locked
    (the screen locked since, the wallet closed when idle) until unlocked, each unlock (the
    prompt put up) noted in ``unlocks``."""

    def __init__(self, secret: str) -> None:
        self.locked = True
        self.unlocks = 0
        self.secret = secret
        self.connection = contextlib.nullcontext()
        self.connection.close = lambda: None  # type: ignore[attr-defined]

    def is_locked(self) -> bool:
        return self.locked

    def unlock(self) -> None:
        self.unlocks += 1
        self.locked = False  # the artist typed the password into the prompt

    def search_items(self, _query: dict[str, str]) -> list[StoredItem]:
        return [StoredItem(self.secret)]


@dataclasses.dataclass
class StoredItem:
    """An item of an unlocked collection, as SecretStorage gives it."""

    secret: str

    def is_locked(self) -> bool:
        return False

    def get_secret(self) -> bytes:
        return self.secret.encode()


def secret_service_with(
    collection: LockingCollection, monkeypatch: pytest.MonkeyPatch
) -> keyring.backend.KeyringBackend:
    """keyring's own Secret Service backend, reading ``collection`` (no D-Bus)."""
    secretstorage = pytest.importorskip("secretstorage")
    from keyring.backends import SecretService

    connection = collection.connection
    monkeypatch.setattr(secretstorage, "dbus_init", lambda: connection)
    monkeypatch.setattr(secretstorage, "get_default_collection", lambda _bus: collection)
    monkeypatch.setattr(secretstorage, "Collection", lambda _bus: collection)
    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    return backend


async def test_coming_back_to_the_window_puts_up_no_unlock_prompt_of_a_keyring_locked_since(
    window: MainWindow,
    session: Session,
    keys_refused: KeysRefused,
    monkeypatch: pytest.MonkeyPatch,
    qapp: QApplication,
) -> None:
    """R2's refusal of the keys holds off the checks; the Secret Service collection locks
    since (KeePassXC locking with the screen). Before, coming back to the window read the
    keyring once more, and keyring's read unlocked the collection: its unlock prompt came up
    out of nowhere. It is not read while locked; once unlocked, it is, and a secret put
    right there is used."""
    noted, asked, _, _ = keys_refused
    collection = LockingCollection(SECRET)
    secret_service_with(collection, monkeypatch)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    await window.bridge.wait_idle()
    assert collection.unlocks == 0, "before: its unlock prompt put up"
    bar = window.preview.publication
    assert bar is not None and bar.unchecked_label.isVisibleTo(bar)
    collection.locked = False  # the artist unlocked it themselves
    window.publishing._unread = None  # the refused read's wait over
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]
    assert collection.unlocks == 0
    assert asked.count(noted.published_key) == 2


def test_a_read_that_may_not_prompt_puts_up_no_prompt_to_make_a_missing_keyring(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No default Secret Service collection yet (a fresh login keyring not made): reading it
    puts up a prompt to make one. Before, the lock check of a read that may not prompt
    (coming back to the window) made it, prompt and all, and once the artist dismissed it,
    keyring's read put the same prompt up again. Neither puts it up now: the secret is
    said unreadable, as a locked keyring's is."""
    secretstorage = pytest.importorskip("secretstorage")
    from secretstorage import collection as collections
    from secretstorage.exceptions import ItemNotFoundException, PromptDismissedException

    prompts: list[str] = []

    def missing(*_args: object, **_kwargs: object) -> None:
        raise ItemNotFoundException("no default collection")

    def make(_bus: object, label: str, *_args: object, **_kwargs: object) -> None:
        prompts.append(label)
        raise PromptDismissedException("dismissed")

    connection = contextlib.nullcontext()
    connection.close = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setattr(secretstorage, "dbus_init", lambda: connection)
    monkeypatch.setattr(collections, "Collection", missing)
    monkeypatch.setattr(secretstorage, "Collection", missing)
    monkeypatch.setattr(collections, "create_collection", make)
    from keyring.backends import SecretService

    keyring.set_keyring(SecretService.Keyring())
    with pytest.raises(KeyringUnavailableError):
        secrets.readable_secret(secrets.R2_SECRET, prompt=False)
    assert prompts == [], "before: the prompt to make the keyring, twice"


def test_a_keyring_that_does_not_answer_is_waited_for_once_by_a_read_that_may_not_prompt(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Secret Service does not answer (timed out, ~25 s on D-Bus). Before, a read that
    may not prompt (coming back to the window) waited for it once for its lock check, then
    again for the read: it waits once, and says the keyring does not answer."""
    secretstorage = pytest.importorskip("secretstorage")
    asked: list[str] = []

    def silent(*_args: object, **_kwargs: object) -> None:
        asked.append("collection")
        raise TimeoutError("no reply")

    connection = contextlib.nullcontext()
    connection.close = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setattr(secretstorage, "dbus_init", lambda: connection)
    monkeypatch.setattr(secretstorage, "Collection", silent)
    monkeypatch.setattr(secretstorage, "get_default_collection", silent)
    from keyring.backends import SecretService

    keyring.set_keyring(SecretService.Keyring())
    with pytest.raises(KeyringUnavailableError) as failed:
        secrets.readable_secret(secrets.R2_SECRET, prompt=False)
    assert failed.value.silent
    assert asked == ["collection"], "before: waited for twice"


async def test_the_tile_of_one_whose_check_is_put_off_says_till_when(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 refused the keys for the check of an artwork that may be gone, which holds off the
    checks for minutes. Before, its tile said "Unpublish did not finish" alone, as if
    nothing were to happen. It says its check is put off, and till when; once the hold is
    over, and the check fails no more, it says no such thing."""
    clock.at = 1000.0
    before = time.time()
    noted, _, _, _ = await keys_refused_for_a_check(
        window, session, tmp_path, memory_keyring, monkeypatch
    )
    after = time.time()
    times = {translations.clock_time(t + RECHECK_AFTER_S) for t in (before, after)}
    said = {f"Check put off till {at}" for at in times}
    await until(lambda: bool(said & set(words_of(window, noted))))
    assert "Unpublish did not finish" not in words_of(window, noted)
    assert "May be gone" in words_of(window, noted)
    # One in another bucket, which no check asks about there: no check of it is put off.
    elsewhere = may_be_gone(session, tmp_path, "haze", 2)
    elsewhere = session.ledger.update(elsewhere.id, published_bucket="old-art")
    await listed(window, elsewhere)
    assert "Unpublish did not finish" in words_of(window, elsewhere)
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    clock.at += RECHECK_AFTER_S
    window.publishing._hold_over()  # as its timer ends it
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]
    await until(lambda: not any(w.startswith("Check put off") for w in words_of(window, noted)))


async def another_put_off(window: MainWindow, session: Session, tmp_path: Path) -> Snapshot:
    """Another artwork that may be gone, not the one shown, while the checks are held: its
    tile says its check is put off."""
    passed = may_be_gone(session, tmp_path, "mist", 3)
    await listed(window, passed)
    await until(lambda: any(w.startswith("Check put off till") for w in words_of(window, passed)))
    return passed


async def both_checked_once(
    window: MainWindow, session: Session, noted: Snapshot, passed: Snapshot, asked: list[str]
) -> None:
    """The one shown and the other put off are both checked, the other once, found published."""
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]
    await until(lambda: not window.publishing.checking)
    after = session.ledger.get(passed.id)
    assert after is not None and not after.may_be_gone, "before: not checked"
    assert "Unpublish did not finish" not in words_of(window, passed)
    assert asked.count(passed.published_key) == 1


async def test_every_tile_that_said_its_check_was_put_off_is_checked_when_the_hold_ends(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """As above, with another artwork that may be gone, not the one shown: its tile says its
    check is put off too. Before, when the hold ended only the one shown was checked, and
    the other's tile went back to "Unpublish did not finish", nothing checked. It is
    checked too, as its tile said: found published."""
    clock.at = 1000.0
    noted, asked, _, _ = await keys_refused_for_a_check(
        window, session, tmp_path, memory_keyring, monkeypatch
    )
    passed = await another_put_off(window, session, tmp_path)
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    clock.at += RECHECK_AFTER_S
    window.publishing._hold_over()  # as its timer ends it
    await both_checked_once(window, session, noted, passed, asked)


async def test_every_tile_that_said_its_check_was_put_off_is_checked_when_the_hold_is_lifted(
    window: MainWindow,
    session: Session,
    keys_refused: KeysRefused,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    """As above, the hold lifted before its time: the artist saves the R2 settings, put
    right. Before, only the one shown was checked again, and the other's tile, that said
    its check was put off, went back to "Unpublish did not finish", nothing checked."""
    noted, asked, _, _ = keys_refused
    passed = await another_put_off(window, session, tmp_path)
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    window.publishing.settings_saved()  # as the Settings' Save tells it
    await both_checked_once(window, session, noted, passed, asked)


async def test_a_publish_while_the_keys_refused_hold_off_the_checks_reads_the_keyring_first(
    window: MainWindow,
    session: Session,
    keys_refused: KeysRefused,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    """As above, the artist presses Publish instead, the secret put right meanwhile. Before,
    it was sent with the secret refused, and only R2's refusal had the keyring read again:
    a request in vain, and the checks held until then. The keyring is read first, once; the
    Publish goes with the secret put right, and the checks are no longer held."""
    noted, _, sent, reads = keys_refused
    fresh = imported(session, noise_png(tmp_path / "sand.png", (48, 32), seed=7))
    await listed(window, fresh)
    controller = window.publishing
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    published = await controller.publish_now(fresh.id, fresh)
    assert published.published_key
    assert sent == [SECRET]
    assert reads == [secrets.R2_SECRET]
    assert controller.unchecked(noted) is None


async def test_a_publish_while_the_keys_refused_hold_off_the_checks_reads_the_keyring_once(
    window: MainWindow,
    session: Session,
    keys_refused: KeysRefused,
    tmp_path: Path,
) -> None:
    """As above, the secret in the keyring not put right: the keyring, read just before
    the Publish is sent, is not read again for R2's refusal of it. Before, it was read
    twice in a row for one press, a locked keyring's unlock prompt maybe put up twice."""
    _, _, sent, reads = keys_refused
    fresh = imported(session, noise_png(tmp_path / "sand.png", (48, 32), seed=7))
    await listed(window, fresh)
    with pytest.raises(PublishAuthError):
        await window.publishing.publish_now(fresh.id, fresh)
    assert sent == ["not-the-secret"]
    assert reads == [secrets.R2_SECRET]


async def test_a_check_refused_again_with_the_keyring_s_new_secret_holds_off_the_next_checks(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 refuses the keys a check of an artwork that may be gone goes with; the keyring,
    read again for that refusal, gives another secret, and R2 refuses that too. The second
    refusal was taken as one through the publisher refused first, no longer the settings':
    nothing was remembered of it, the preview said nothing of why the artwork was not
    checked, and the next artwork opened asked R2 for the same refusal. It says R2 refused
    the keys, and no other check asks R2 for a while."""
    first = may_be_gone(session, tmp_path, "a", 1)
    second = may_be_gone(session, tmp_path, "b", 2)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "rotated-out")
    asked: list[tuple[str, str]] = []

    def refusing_a_wrong_secret(key: str, config: R2Config) -> None:
        asked.append((key, config.secret_access_key))
        look_refused_unless(SECRET, config)

    controller = window.publishing
    publishing_through(controller, looks_through(refusing_a_wrong_secret))
    clock.at = 1000.0
    await controller.publisher(asked=False)  # the secret read this session
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "also-wrong")
    opened = opener(window, monkeypatch, other)
    bar = window.preview.publication
    assert bar is not None
    await opened(first)
    assert asked == [(first.published_key, "rotated-out"), (first.published_key, "also-wrong")]
    assert bar.unchecked_label.isVisibleTo(bar)  # before: hidden, nothing said
    assert bar.unchecked_label.text() == (
        "Could not check: R2 refused the keys — see Settings → Publishing (R2)."
    )
    await opened(second)
    assert len(asked) == 2, "before: asked R2 again for the same refusal"
    assert session.ledger.get(first.id) == first
    assert session.ledger.get(second.id) == second


def keyring_reads(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the secrets read from ``memory_keyring`` from now on, in order."""
    reads: list[str] = []
    read = memory_keyring.get_password

    def counted(service: str, name: str) -> str | None:
        reads.append(name)
        return read(service, name)

    monkeypatch.setattr(memory_keyring, "get_password", counted)
    return reads


def refused_unless(
    secret: str, code: str, sent: list[str] | None = None
) -> Callable[[R2Config], Publisher]:
    """Publishers whose publishes R2 refuses (403, error ``code``) unless their secret is
    ``secret``; the secret of each publish sent noted in ``sent`` when given."""

    def build(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        send = publisher.publish

        def publish(*args: Any, **kwargs: Any) -> PublishResult:
            if sent is not None:
                sent.append(config.secret_access_key)
            if config.secret_access_key != secret:
                answer = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": 403}}
                raise map_error(ClientError(answer, "PutObject"), config=config)  # type: ignore[arg-type]
            return send(*args, **kwargs)

        publisher.publish = publish  # type: ignore[method-assign]
        return publisher

    return build


# An R2 token that may read the bucket and not write to it: writes with other keys refused.
writes_refused_but_with_the_secret = refused_unless(SECRET, "AccessDenied")


def refusing_keys_but(secret: str, sent: list[str]) -> Callable[[R2Config], Publisher]:
    """Publishers whose publishes R2 refuses as keys it does not know (InvalidAccessKeyId)
    unless their secret is ``secret``; the secret of each publish sent noted in ``sent``."""
    return refused_unless(secret, "InvalidAccessKeyId", sent)


async def read_before_rotated_out(
    window: MainWindow,
    session: Session,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Snapshot, list[str]]:
    """An artwork shown, and the R2 secret "rotated-out" read from the keyring this session
    by publishers R2 refuses unless with ``SECRET``: returns the artwork and the list the
    secret of each publish sent is noted in."""
    fresh = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, fresh)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "rotated-out")
    sent: list[str] = []
    controller = window.publishing
    publishing_through(controller, refusing_keys_but(SECRET, sent))
    await controller.publisher()  # the secret read this session
    return fresh, sent


async def read_again_slowly(
    window: MainWindow,
    session: Session,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Snapshot, list[str], threading.Event, threading.Event]:
    """As :func:`read_before_rotated_out`, the keyring, read again for R2's refusal, then
    slow to answer (its unlock prompt up) until ``release`` is set, and giving "rotated-out"
    again. Returns the artwork, the secrets of the publishes sent, ``entered`` (set once the
    read waits) and ``release``."""
    fresh, sent = await read_before_rotated_out(
        window, session, tmp_path, memory_keyring, monkeypatch
    )
    _, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "rotated-out")
    return fresh, sent, entered, release


@pytest.mark.parametrize(
    ("put_there", "sent_with"),
    [
        (SECRET, ["rotated-out", SECRET]),  # tried once more with it: published
        ("rotated-out", ["rotated-out"]),  # the same: not tried again
        ("also-wrong", ["rotated-out", "also-wrong"]),  # tried once more alone, no loop
    ],
)
async def test_keys_rotated_in_the_keyring_by_another_program_are_used_once_r2_refuses_the_old(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    put_there: str,
    sent_with: list[str],
) -> None:
    """The R2 secret was read this session; another program (a password manager) puts a
    new one in the keyring, and R2 stops taking the old one. Before, every Publish was
    refused, "R2 rejected the access keys", until a Save in Settings or a restart: the
    secret kept in memory was used. R2 refusing the keys has the keyring read once more,
    and the Publish tried once more with the secret it gives, when it is another; never
    more than once a Publish."""
    fresh, sent = await read_before_rotated_out(
        window, session, tmp_path, memory_keyring, monkeypatch
    )
    controller = window.publishing
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, put_there)
    reads = keyring_reads(memory_keyring, monkeypatch)
    if put_there == SECRET:
        published = await controller.publish_now(fresh.id, fresh)
        assert published.published_key
    else:
        with pytest.raises(PublishAuthError):
            await controller.publish_now(fresh.id, fresh)
        after = session.ledger.get(fresh.id)
        assert after is not None and not after.published_key
    assert sent == sent_with
    assert reads == [secrets.R2_SECRET]


async def test_a_publish_cancelled_while_the_keyring_is_read_again_for_its_refusal_is_cancelled(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R2 refuses the keys of a Publish, and the keyring, read again for that refusal, is
    slow to answer (its unlock prompt up); the artist presses Cancel meanwhile. The keyring
    then gives the secret refused: the Publish said "R2 rejected the access keys", its tile
    failed, though the artist had cancelled it. It is cancelled, as a Publish cancelled
    while the keyring is first read is."""
    fresh, sent, entered, release = await read_again_slowly(
        window, session, tmp_path, memory_keyring, monkeypatch
    )
    controller = window.publishing
    publishing_it = asyncio.ensure_future(controller.publish_now(fresh.id, fresh))
    try:
        await until(entered.is_set)  # refused, the keyring read again
        controller.cancel(fresh.id)
    finally:
        release.set()
    with pytest.raises(PublishCancelledError):  # before: PublishAuthError
        await publishing_it
    assert controller.last_error(fresh.id) is None
    assert sent == ["rotated-out"]


async def test_the_keyring_read_again_for_a_refusal_is_said_and_cancel_ends_the_publish_at_once(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R2 refuses the keys of a Publish, and the keyring, read again for that refusal, is
    slow to answer (locked, its unlock prompt up). Before, the tile and the preview went on
    saying "Publishing…" with nothing of why it waited, and Cancel took effect only once
    the keyring answered. They say the keyring is read again, and Cancel ends the publish
    at once, the keyring still unanswered."""
    fresh, sent, entered, release = await read_again_slowly(
        window, session, tmp_path, memory_keyring, monkeypatch
    )
    controller = window.publishing
    window.library.select_job(fresh.id)
    bar = window.preview.publication
    assert bar is not None
    publishing_it = asyncio.ensure_future(controller.publish_now(fresh.id, fresh))
    try:
        await until(entered.is_set)  # refused, the keyring read again
        await until(lambda: "Reading the keyring…" in words_of(window, fresh))
        await until(lambda: bar.state_label.text().startswith("R2 refused the keys: reading"))
        assert bar.cancel_button.isVisible() and bar.cancel_button.isEnabled()
        bar.cancel_button.click()
        await until(publishing_it.done)  # before: not until the keyring answered
        assert not release.is_set()
    finally:
        release.set()
    with pytest.raises(PublishCancelledError):
        await publishing_it
    assert "Reading the keyring…" not in words_of(window, fresh)
    assert sent == ["rotated-out"]
    await until(lambda: not controller._reading_keyring)


async def test_a_publish_pressed_again_while_the_keyring_is_still_read_cancels_at_once(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As above, the publish cancelled while the keyring, read again for R2's refusal, waits
    on its unlock prompt; the artist presses Publish again, then Cancel again. Before, that
    second publish waited behind the read, and its Cancel took effect only once the keyring
    answered. It ends at once, the keyring still unanswered."""
    fresh, sent, entered, release = await read_again_slowly(
        window, session, tmp_path, memory_keyring, monkeypatch
    )
    controller = window.publishing
    window.library.select_job(fresh.id)
    bar = window.preview.publication
    assert bar is not None
    try:
        first = asyncio.ensure_future(controller.publish_now(fresh.id, fresh))
        await until(entered.is_set)  # refused, the keyring read again
        await until(lambda: bar.cancel_button.isEnabled())
        bar.cancel_button.click()
        await until(first.done)
        second = asyncio.ensure_future(controller.publish_now(fresh.id, fresh))
        await until(lambda: controller.activity(fresh.id) is not None)
        await until(lambda: bar.cancel_button.isVisible() and bar.cancel_button.isEnabled())
        bar.cancel_button.click()
        await until(second.done)  # before: not until the keyring answered
        assert not release.is_set()
    finally:
        release.set()
    for publishing_it in (first, second):
        with pytest.raises(PublishCancelledError):
            await publishing_it
    assert sent == ["rotated-out"]
    await until(lambda: not controller._reading_keyring)


async def test_a_publish_reading_the_keyring_first_after_a_refusal_says_so_and_cancels_at_once(
    window: MainWindow,
    session: Session,
    keys_refused: KeysRefused,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R2's refusal of the keys holds off the checks, and the artist presses Publish: the
    keyring is read first, in case the secret was put right, and it is slow to answer
    (locked, its unlock prompt up). Before, the tile and the preview said "Publishing…"
    with nothing of why it waited, and Cancel took effect only once the keyring answered.
    They say the keyring is read again, and Cancel ends the publish at once, nothing sent."""
    _, _, sent, _ = keys_refused
    fresh = imported(session, noise_png(tmp_path / "sand.png", (48, 32), seed=7))
    await listed(window, fresh)
    controller = window.publishing
    _, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    window.library.select_job(fresh.id)
    bar = window.preview.publication
    assert bar is not None
    publishing_it = asyncio.ensure_future(controller.publish_now(fresh.id, fresh))
    try:
        await until(entered.is_set)  # the keyring read before the publish is sent
        await until(lambda: "Reading the keyring…" in words_of(window, fresh))
        await until(lambda: bar.state_label.text().startswith("R2 refused the keys: reading"))
        bar.cancel_button.click()
        await until(publishing_it.done)  # before: not until the keyring answered
        assert not release.is_set()
    finally:
        release.set()
    with pytest.raises(PublishCancelledError):
        await publishing_it
    assert "Reading the keyring…" not in words_of(window, fresh)
    assert sent == []
    await until(lambda: not controller._reading_keyring)


async def test_an_unpublish_refused_with_keys_rotated_out_goes_through_with_the_keyring_s_new_one(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    admin: Any,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As for a Publish: the R2 secret read this session was rotated out by another
    program, which put the new one in the keyring. Unpublish said "R2 rejected the access
    keys" until a Save in Settings or a restart; R2's refusal has the keyring read once
    more, and the unpublish goes through with the new secret."""
    shown = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    publish_artwork(session.ledger, fast_publisher(load_r2_config(session.settings.r2)), shown.id)
    shown = session.ledger.get(shown.id)  # type: ignore[assignment]
    await listed(window, shown)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "rotated-out")
    sent: list[str] = []

    def refusing_removals_but_with_the_secret(config: R2Config) -> Publisher:
        publisher = fast_publisher(config)
        remove = publisher.unpublish

        def unpublish(key: str) -> None:
            sent.append(config.secret_access_key)
            if config.secret_access_key != SECRET:
                answer = {
                    "Error": {"Code": "SignatureDoesNotMatch"},
                    "ResponseMetadata": {"HTTPStatusCode": 403},
                }
                raise map_error(ClientError(answer, "DeleteObject"), config=config)  # type: ignore[arg-type]
            remove(key)

        publisher.unpublish = unpublish  # type: ignore[method-assign]
        return publisher

    controller = window.publishing
    publishing_through(controller, refusing_removals_but_with_the_secret)
    await controller.publisher()  # the secret read this session
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    shown_errors = errors_shown(window)
    controller.unpublish(shown.id, shown)

    def unpublished() -> bool:
        after = session.ledger.get(shown.id)
        return after is not None and not after.published_key

    await until(lambda: shown_errors or unpublished())
    await until(lambda: controller.busy_count(publishing.UNPUBLISHING) == 0)
    assert unpublished(), shown_errors  # before: "R2 rejected the access keys"
    assert_bucket_empty(admin, r2)
    assert sent[0] == "rotated-out" and set(sent[1:]) == {SECRET}
    assert shown_errors == []


async def test_keys_refused_writing_are_read_again_though_a_check_went_through_meanwhile(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The keyring holds R2 keys that may read the bucket but not write to it; another
    program (a keyring manager) puts the right secret there while the window is open. A
    Publish is refused, while a check of an artwork that may be gone, started before, goes
    through with the same keys. Before, the next Publish used the secret kept in memory
    again (the check had said the keys were taken), and the artist met "R2 rejected the
    access keys" at every press until a restart. The refusal reads the keyring, and the
    Publish goes through with the new secret, once more."""
    noted = may_be_gone(session, tmp_path, "fog", 1)
    fresh = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    other = imported(session, noise_png(tmp_path / "sand.png", (48, 32), seed=8))
    await listed(window, noted, fresh, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "may-read-only")
    looking, go_on = threading.Event(), threading.Event()

    def held(key: str, _config: R2Config) -> None:
        if key == noted.published_key:
            looking.set()
            assert go_on.wait(timeout=30), "the test never let the check go on"

    controller = window.publishing
    publishing_through(controller, looks_through(held, writes_refused_but_with_the_secret))
    await controller.publisher()  # the secret read this session
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)  # put right
    try:
        await opened_preview(window, noted, other)
        await until(looking.is_set)
        published = await controller.publish_now(fresh.id, fresh)  # before: refused
    finally:
        go_on.set()
    await until(lambda: not controller.checking)
    assert published.published_key


async def test_keys_refused_writing_are_not_read_again_for_each_check(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The keyring holds R2 keys that may read the bucket but not write to it, and a Publish
    is refused: the keyring is read again once, for that refusal. The checks of the
    artworks that may be gone, opened after, take those keys: none of them reads the
    keyring again (a keyring slow to answer waited on for each). The next Publish, refused,
    does, and publishes with the secret another program put there meanwhile."""
    gone = [may_be_gone(session, tmp_path, f"mist{seed}", seed) for seed in range(3)]
    fresh = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    other = imported(session, noise_png(tmp_path / "sand.png", (48, 32), seed=8))
    await listed(window, *gone, fresh, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, "may-read-only")
    controller = window.publishing
    publishing_through(controller, writes_refused_but_with_the_secret)
    await controller.publisher()  # the secret read this session
    reads = keyring_reads(memory_keyring, monkeypatch)
    with pytest.raises(PublishAuthError):
        await controller.publish_now(fresh.id, fresh)
    assert reads == [secrets.R2_SECRET]  # once, for the refusal
    opened = opener(window, monkeypatch, other)
    for artwork in gone:
        await opened(artwork)
    checked = [session.ledger.get(artwork.id) for artwork in gone]
    assert [bool(s and s.may_be_gone) for s in checked] == [False] * len(gone)
    assert reads == [secrets.R2_SECRET]  # before: one read per check
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)  # put right
    published = await controller.publish_now(fresh.id, fresh)
    assert published.published_key
    assert reads == [secrets.R2_SECRET] * 2


async def checked_once_a_mistyped_publish_fails(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    saved: bool,
    clock: StoppableClock,
) -> None:
    """A publish to a mistyped endpoint waits; the endpoint is put right, and the settings
    ``saved`` (or read anew, as a link made reads them); the publish then fails, unable to
    reach the old one. The artwork that may be gone, opened next, is asked for with the
    right endpoint, and found published."""
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, noted, other)
    point_r2_at(monkeypatch, "http://127.0.0.1:9", r2)  # mistyped: nothing listens there
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    counting = controller._factory
    sending, released = threading.Event(), threading.Event()

    class HeldThenSent(Publisher):
        def publish(self, *args: Any, **kwargs: Any) -> PublishResult:
            sending.set()
            assert released.wait(timeout=30), "the test never let the publish go on"
            return super().publish(*args, **kwargs)

    def held_when_mistyped(config: R2Config) -> Publisher:
        if "127.0.0.1:9" in config.endpoint_url:
            return HeldThenSent(config, connect_timeout=1.0, read_timeout=10.0, max_attempts=1)
        return counting(config)

    controller._factory = held_when_mistyped
    clock.at = 1000.0
    controller.publish(other.id, other)
    await until(sending.is_set)
    point_r2_at(monkeypatch, s3_endpoint, r2)  # put right
    if saved:
        controller.settings_saved()  # as the window does once they are saved
    else:
        await controller.publisher()
    released.set()
    await until(window.banner.isVisible)  # the old endpoint could not be reached
    await until(lambda: controller.activity(other.id) is None)
    opened = opener(window, monkeypatch, other)
    await opened(noted)
    assert noted.published_key in asked
    await until(lambda: "May be gone" not in words_of(window, noted))


async def test_a_publish_sent_before_the_settings_were_put_right_holds_off_no_check(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """A publish goes to a mistyped endpoint; while it waits, the artist puts the endpoint
    right in Settings and saves. The publish then fails, unable to reach the old one: that
    says nothing of the settings now. Before, it held off every check for five minutes,
    and the artwork that may be gone, opened next, was not asked for with the right
    endpoint."""
    await checked_once_a_mistyped_publish_fails(
        window, session, r2, s3_endpoint, tmp_path, monkeypatch, saved=True, clock=clock
    )


async def test_the_preview_says_why_one_that_may_be_gone_could_not_be_checked(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 refuses the access keys. Before, the preview of an artwork that may be gone said
    "May be gone" and that its unpublish did not finish, and nothing that the bucket could
    not be asked, nor why. One line says so now, of every such artwork opened while no
    check asks R2 again (no request made for it), and goes once R2 takes a request."""
    noted = [may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2)]
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, *noted, other)
    for variable in ("R2_ACCESS_KEY_ID", "R2_SECRET_ACCESS_KEY"):  # the keys Settings hold
        monkeypatch.delenv(variable)
    r2_settings = dataclasses.replace(session.settings.r2, access_key_id=ACCESS_KEY)
    session.settings = dataclasses.replace(session.settings, r2=r2_settings)
    secrets.set_secret(secrets.R2_SECRET, SECRET)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    clock.at = 1000.0
    opened = opener(window, monkeypatch, other)
    bar = window.preview.publication
    assert bar is not None
    said = desktop.named_settings(
        "Could not check: R2 refused the keys — see {publishing_settings}."
    )
    with enable_iam_authentication():  # moto refuses the test's keys
        for artwork in noted:
            await opened(artwork)
            await until(lambda: not bar.unchecked_label.isHidden())
            assert bar.unchecked_label.text() == said
            assert bar.state_label.text() == "May be gone"
    assert asked == [noted[0].published_key]
    controller.publish(other.id, other)  # R2 takes it: the keys are right now
    await until(lambda: bar.unchecked_label.isHidden() and not controller.checking)
    assert bar.state_label.text() == "Published"  # asked again: all of it is there


KeyringScene = tuple[list[Snapshot], Snapshot, Snapshot]


@pytest.fixture
async def keyring_scene(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> KeyringScene:
    """Two published artworks, one that may be gone and one not published, listed; the R2
    secret in the keyring alone (not in the environment): the artworks opened in turn by the
    tests of a keyring that refuses or does not answer."""
    shown: list[Snapshot] = []
    for seed in range(2):
        artwork = imported(session, noise_png(tmp_path / f"heron{seed}.png", (48, 32), seed=seed))
        publish_artwork(
            session.ledger, fast_publisher(load_r2_config(session.settings.r2)), artwork.id
        )
        published = session.ledger.get(artwork.id)
        assert published is not None
        shown.append(published)
    noted = may_be_gone(session, tmp_path, "fog", 7)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, *shown, noted, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    return shown, noted, other


async def test_a_dismissed_unlock_prompt_is_not_put_up_again_at_each_artwork_opened(
    window: MainWindow,
    session: Session,
    keyring_scene: KeyringScene,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """The R2 secret is in a locked keyring, and no public base URL is set: the preview of a
    published artwork makes a presigned link with the secret. Before, each artwork opened
    read the keyring again (and checked one that may be gone with a read of its own): on a
    desktop, an unlock prompt per artwork, however often the artist dismissed it. The
    keyring is read once; then not until the artist publishes."""
    shown, noted, other = keyring_scene
    controller = window.publishing
    controller._publisher = None  # no secret read this session yet
    clock.at = 1000.0
    prompts: list[str] = []
    read = memory_keyring.get_password
    locked, dismissed = [True], [True]

    def get_password(service: str, name: str) -> str | None:
        if locked[0]:
            prompts.append(name)  # a read of a locked keyring: its unlock prompt
            if dismissed[0]:
                raise keyring.errors.KeyringLocked("Prompt dismissed")
            locked[0] = False
        return read(service, name)

    monkeypatch.setattr(memory_keyring, "get_password", get_password)
    opened = opener(window, monkeypatch, other)
    for artwork in (*shown, noted, *shown, noted):
        await opened(artwork)  # type: ignore[arg-type]
    assert prompts == [secrets.R2_SECRET]
    bar = window.preview.publication
    assert bar is not None
    assert bar.unchecked_label.text() == (
        "Could not check: the R2 secret in the system keyring cannot be read; Publish, "
        "Unpublish, Copy link or saving Settings tries the keyring again."
    )
    dismissed[0] = False  # the artist publishes, and unlocks the keyring when asked
    controller.publish(other.id, other)
    await until(lambda: bool(session.ledger.get(other.id).published_key))  # type: ignore[union-attr]
    assert prompts == [secrets.R2_SECRET] * 2


def slow_keyring(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, *, answers: bool = False
) -> tuple[list[str], threading.Event, threading.Event]:
    """The keyring holds the R2 secret, its first read waiting until the test's ``release``;
    ``answers``, it gives the secret then, and at once to the others (an unlock prompt the
    artist takes a while to answer); else it does not answer (a D-Bus time-out, ~25 s), the
    later reads failing at once. The reads asked, and ``entered``, set once the first one
    waits."""
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    asked: list[str] = []
    entered, release = threading.Event(), threading.Event()
    read = memory_keyring.get_password

    def get_password(service: str, name: str) -> str | None:
        asked.append(name)
        if len(asked) == 1:
            entered.set()
            released = release.wait(30)
            assert released or not answers, "the test never let the keyring answer"
        if answers:
            return read(service, name)
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: Did not receive a reply")

    monkeypatch.setattr(memory_keyring, "get_password", get_password)
    return asked, entered, release


async def test_an_artwork_opened_while_the_keyring_is_slow_to_answer_says_it_waits(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two artworks that may be gone; the R2 secret is in a keyring slow to answer. The
    first opened reads it, and waits; the second, opened meanwhile, had its check queued
    behind that read, saying nothing for as long (~25 s on D-Bus). Now it says it waits for
    the keyring, is not queued, and is asked again once the read ends: at once then."""
    first, second = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    window.publishing._publisher = None  # no secret read this session yet
    asked, entered, release = slow_keyring(memory_keyring, monkeypatch)
    bar = window.preview.publication
    assert bar is not None
    try:
        await opened_preview(window, first, other)
        await until(entered.is_set)
        await opened_preview(window, second, other)
        await until(lambda: bar.unchecked_label.isVisibleTo(bar))
        assert bar.unchecked_label.text() == (
            "Not checked yet: waiting for the system keyring to give the R2 secret."
        )
    finally:
        release.set()
    await until(lambda: bar.unchecked_label.text().startswith("Could not check: the R2 secret"))
    assert asked == [secrets.R2_SECRET]


async def test_artworks_passed_over_while_the_keyring_was_slow_are_checked_once_it_answers(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three artworks that may be gone, all still in the bucket; the R2 secret is in a
    keyring slow to answer. The first opened reads it; the second, opened meanwhile, has
    its check put off; the artist moves on. Once the keyring answered, only the artwork
    shown was asked about again: the second stayed "May be gone" until opened again. Each
    put off is checked then, and found published."""
    first, second = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    window.publishing._publisher = None  # no secret read this session yet
    _asked, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    try:
        await opened_preview(window, first, other)
        await until(entered.is_set)
        await opened_preview(window, second, other)
        await until(lambda: window.publishing.waits_for_keyring(second))
        window.library.select_job(other.id)  # passed over
        await until(lambda: getattr(window.preview.snapshot, "id", None) == other.id)
    finally:
        release.set()
    await until(lambda: not window.publishing._reading_keyring)
    await window.bridge.wait_idle()
    checked = [session.ledger.get(artwork.id) for artwork in (first, second)]
    assert [bool(s and s.may_be_gone) for s in checked] == [False, False]  # before: [F, T]
    assert "May be gone" not in words_of(window, second)


async def test_a_check_put_off_that_comes_as_another_s_turn_is_given_says_it_waits(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checks put off behind the keyring's read are asked one after another once it
    answers; the artist opened another artwork meanwhile, whose check waits its turn. The
    next put off came as that one was given its turn, the bucket not asked yet: its tile
    said "Checking the bucket…" for as long as the other's check took. It says it waits."""
    first, second, third, fourth = (
        may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(4)
    )
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, third, fourth, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    controller = window.publishing
    held = {
        artwork.published_key: (threading.Event(), threading.Event()) for artwork in (first, fourth)
    }

    def slow(key: str, _config: R2Config) -> None:
        if key in held:
            looking, go_on = held.pop(key)
            looking.set()
            assert go_on.wait(timeout=30), "the test never let the check go on"

    first_looks, first_goes_on = held[first.published_key]
    fourth_looks, fourth_goes_on = held[fourth.published_key]
    publishing_through(controller, looks_through(slow))  # no secret read this session yet
    _asked, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    try:
        try:
            await opened_preview(window, first, other)
            await until(entered.is_set)
            for put_off in (second, third):
                await opened_preview(window, put_off, other)
                await until(lambda put_off=put_off: controller.waits_for_keyring(put_off))
            window.library.select_job(other.id)
        finally:
            release.set()
        await until(first_looks.is_set)
        await until(lambda: controller.waits_for_other_check(second))
        await opened_preview(window, fourth, other)
        await until(lambda: controller.waits_for_other_check(fourth))
        first_goes_on.set()
        await until(fourth_looks.is_set)
        assert "Check waits its turn" in words_of(window, third), "before: Checking the bucket…"
    finally:
        first_goes_on.set()
        fourth_goes_on.set()
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    assert "Check waits its turn" not in words_of(window, third)


async def test_the_start_s_look_does_not_wait_behind_a_check_stuck_on_the_keyring(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three artworks that may be gone, all still in the bucket; the R2 secret is in a
    keyring slow to answer (its unlock prompt up). The first opened reads it for its check,
    and waits. The look in the background for the others waited behind that check, and the
    artworks it was to check said nothing of why: each now says it waits for the keyring,
    the look is not held, and each is checked once the keyring answers, read once."""
    first, second, third = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(3))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, third, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    controller = window.publishing
    controller._publisher = None  # no secret read this session yet
    asked, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    bar = window.preview.publication
    assert bar is not None
    try:
        await opened_preview(window, first, other)
        await until(entered.is_set)
        controller.check_all_may_be_gone()  # as the window's start does
        # The look put them off and ended, not held behind the read.
        await until(
            lambda: controller.waits_for_keyring(second) and controller.waits_for_keyring(third)
        )  # before: held behind that check
        window.library.select_job(second.id)
        await until(lambda: bar.unchecked_label.isVisibleTo(bar))
        assert bar.unchecked_label.text() == (
            "Not checked yet: waiting for the system keyring to give the R2 secret."
        )
    finally:
        release.set()
    await until(lambda: not controller._reading_keyring)
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    checked = [session.ledger.get(artwork.id) for artwork in (first, second, third)]
    assert [bool(s and s.may_be_gone) for s in checked] == [False] * 3
    assert asked == [secrets.R2_SECRET]


async def test_the_start_s_look_put_off_behind_a_keyring_that_never_answers_goes_after_the_hold(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As above, but the keyring never answers: the read fails, and that holds off every
    check for a while. The look's artworks, put off behind that read, were dropped: they
    stayed "May be gone" until each was opened again. Once the hold is over (the keyring
    answering again), the look goes, and finds them published, as it did when it waited."""
    first, second, third = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(3))
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, third, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    controller = window.publishing
    controller._publisher = None  # no secret read this session yet
    read = memory_keyring.get_password
    _, entered, release = slow_keyring(memory_keyring, monkeypatch)
    try:
        await opened_preview(window, first, other)
        await until(entered.is_set)
        controller.check_all_may_be_gone()  # as the window's start does
        # The look put them off and ended, not held behind the read.
        await until(
            lambda: controller.waits_for_keyring(second) and controller.waits_for_keyring(third)
        )
    finally:
        release.set()
    await held_till_the_keyring_answers(window, memory_keyring, monkeypatch, read)
    checked = [session.ledger.get(artwork.id) for artwork in (second, third)]
    assert [bool(s and s.may_be_gone) for s in checked] == [False] * 2  # before: dropped


async def test_the_start_s_look_put_off_while_it_waited_for_another_check_goes_after_the_hold(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The start's look waits for the check of the artwork that may be gone the artist
    opened (then left); meanwhile the R2 settings are saved, and a Publish reads the
    keyring, which never answers. That check then fails through the settings before, the
    look's check of the artwork is put off behind the read, and the read fails, holding
    off every check. Before, the artwork was dropped: it stayed "May be gone" until
    opened again. Once the hold is over (the keyring answering again), the look goes, and
    finds it published."""
    caplog.set_level(logging.INFO, logger="kontext_studio")
    noted = may_be_gone(session, tmp_path, "fog", 1)
    fresh = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    other = imported(session, noise_png(tmp_path / "sand.png", (48, 32), seed=8))
    await listed(window, noted, fresh, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    looking, go_on = threading.Event(), threading.Event()
    controller = window.publishing
    publishing_through(controller, held_at_first_look(noted, looking, go_on))
    await controller.publisher(asked=False)  # the secret read this session
    read = memory_keyring.get_password
    try:
        await opened_preview(window, noted, other)
        await until(looking.is_set)
        await opened_preview(window, other, noted)  # left while its check waits on R2
        controller.check_all_may_be_gone()  # as the window's start does
        # For that check, as the log says.
        await until(lambda: any(getattr(r, "event", "") == "settle_waits" for r in caplog.records))
        controller.settings_saved()  # as the window's Save tells it
        _, entered, release = slow_keyring(memory_keyring, monkeypatch)
        try:
            controller.publish(fresh.id, fresh)
            await until(entered.is_set)
            go_on.set()
            await until(lambda: not controller.checking)  # the look put it off and ended
            assert controller.waits_for_keyring(noted)
        finally:
            release.set()
    finally:
        go_on.set()
    await until(lambda: controller.busy_count() == 0)
    await held_till_the_keyring_answers(window, memory_keyring, monkeypatch, read)
    after = session.ledger.get(noted.id)
    assert after is not None and after.published_key and not after.may_be_gone  # before: dropped
    assert "May be gone" not in words_of(window, noted)


async def test_the_start_s_look_put_off_again_behind_a_second_keyring_read_goes_after_the_hold(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The start's look is put off behind a Publish reading the keyring, and asked again
    once it answers; while it asks about the first artwork, the R2 settings are saved and
    another Publish reads the keyring, which never answers now. The second artwork's check
    is put off again, and the read fails, holding off every check. Before, the look's
    artworks were dropped then: they stayed "May be gone" until opened. Once the hold is
    over (the keyring answering again), the look goes, and finds them published."""
    first, second = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    fresh = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    later = imported(session, noise_png(tmp_path / "sand.png", (48, 32), seed=8))
    await listed(window, first, second, fresh, later)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    looking, go_on = threading.Event(), threading.Event()
    controller = window.publishing
    # No secret read this session yet: the one held is dropped.
    publishing_through(controller, held_at_first_look(first, looking, go_on))
    read = memory_keyring.get_password
    _, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    try:
        controller.publish(fresh.id, fresh)
        await until(entered.is_set)
        controller.check_all_may_be_gone()  # as the window's start does
        # The look put them off and ended, not held behind the read.
        await until(
            lambda: controller.waits_for_keyring(first) and controller.waits_for_keyring(second)
        )
        assert not controller.checking, "the look ended: the bucket is asked about none"
        release.set()
        await until(looking.is_set)  # the first asked about again
        await until(lambda: controller.busy_count() == 0)  # that Publish went through
        controller.settings_saved()  # as the window's Save tells it
        _, entered_again, release_again = slow_keyring(memory_keyring, monkeypatch)
        try:
            controller.publish(later.id, later)
            await until(entered_again.is_set)
            go_on.set()
            await until(lambda: controller.waits_for_keyring(second))
        finally:
            release_again.set()
    finally:
        release.set()
        go_on.set()
    await until(lambda: controller.busy_count() == 0)
    await held_till_the_keyring_answers(window, memory_keyring, monkeypatch, read)
    checked = [session.ledger.get(artwork.id) for artwork in (first, second)]
    assert [bool(s and s.may_be_gone) for s in checked] == [False] * 2  # before: dropped


async def test_the_start_s_look_is_put_off_behind_a_publish_reading_the_keyring(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two artworks that may be gone, still in the bucket; the R2 secret is in a keyring
    slow to answer, and the artist's Publish reads it. The look in the background does not
    wait behind that Publish: its artworks say they wait for the keyring, and are checked
    once it answers, the keyring read once for the Publish and them all."""
    first, second = (may_be_gone(session, tmp_path, f"fog{seed}", seed) for seed in range(2))
    fresh = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, second, fresh)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    controller = window.publishing
    controller._publisher = None  # no secret read this session yet
    asked, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    try:
        controller.publish(fresh.id, fresh)
        await until(entered.is_set)
        controller.check_all_may_be_gone()  # as the window's start does
        # The look put them off and ended, not held behind the read.
        await until(
            lambda: controller.waits_for_keyring(first) and controller.waits_for_keyring(second)
        )
        assert not controller.checking, "the look ended: the bucket is asked about none"
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0)
    await until(lambda: not controller._reading_keyring)
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    published = session.ledger.get(fresh.id)
    assert published is not None and published.published_key
    checked = [session.ledger.get(artwork.id) for artwork in (first, second)]
    assert [bool(s and s.may_be_gone) for s in checked] == [False] * 2
    assert asked == [secrets.R2_SECRET]


async def test_checks_after_a_slow_keyring_read_use_the_secret_read_until_settings_are_saved(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The R2 secret is in a keyring slow to answer (its unlock prompt up a while). Once it
    answered, each artwork that may be gone opened after read it again for its check: one
    read, maybe one wait, per artwork. The secret read is kept in memory: none of the next
    checks reads the keyring, until Settings are saved, which read it once more."""
    count = 4
    *gone, later = [
        may_be_gone(session, tmp_path, f"mist{seed}", seed) for seed in range(count + 1)
    ]
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, *gone, later, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    controller = window.publishing
    controller._publisher = None  # no secret read this session yet
    asked, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    opened = opener(window, monkeypatch, other)
    try:
        opening = asyncio.ensure_future(opened(gone[0]))
        await until(entered.is_set)
    finally:
        release.set()
    await opening
    for artwork in gone[1:]:
        await opened(artwork)
    checked = [session.ledger.get(artwork.id) for artwork in gone]
    assert [bool(s and s.may_be_gone) for s in checked] == [False] * count
    assert asked == [secrets.R2_SECRET]  # before: one read per check, four in all

    controller.settings_saved()  # as the window's Save tells it
    await opened(later)
    assert asked == [secrets.R2_SECRET] * 2
    assert not session.ledger.get(later.id).may_be_gone  # type: ignore[union-attr]


async def test_a_link_is_made_with_the_secret_read_while_the_keyring_is_read_again(
    window: MainWindow,
    session: Session,
    keyring_scene: KeyringScene,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The R2 secret was read this session, then R2 refused it; a Publish reads the keyring
    again (another program may have put it right), which is slow to answer (its unlock
    prompt up). A published artwork opened meanwhile said "Making a link…" until that read
    ended, its link made with the secret already read only then. It is made at once now,
    without another read."""
    shown, _noted, other = keyring_scene
    controller = window.publishing
    await controller.publisher()  # the secret read this session
    controller._merged_from = None  # R2 refused it: read again at the next call
    asked, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    bar = window.preview.publication
    assert bar is not None
    try:
        controller.publish(other.id, other)
        await until(entered.is_set)
        await opened_preview(window, shown[0], other)
        await until(lambda: bar.url_field.text().startswith("http"))
        assert controller._reading_keyring  # made while the read still waits
        assert asked == [secrets.R2_SECRET]
    finally:
        release.set()
    await until(lambda: controller.busy_count() == 0)
    assert session.ledger.get(other.id).published_key  # type: ignore[union-attr]


async def test_a_link_waiting_for_a_slow_keyring_says_so(
    window: MainWindow,
    keyring_scene: KeyringScene,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No R2 secret read yet this session; a Publish reads the keyring, slow to answer (its
    unlock prompt up). A published artwork opened meanwhile said "Making a link…" for as
    long, as if R2 were slow: it says it waits for the keyring, and shows its link once
    the keyring answers."""
    shown, _noted, other = keyring_scene
    controller = window.publishing
    controller._publisher = None  # no secret read this session yet
    _asked, entered, release = slow_keyring(memory_keyring, monkeypatch, answers=True)
    bar = window.preview.publication
    assert bar is not None
    try:
        controller.publish(other.id, other)
        await until(entered.is_set)
        await opened_preview(window, shown[0], other)
        said = bar.url_field.placeholderText()
        assert said == "Making a link: waiting for the system keyring…", said
    finally:
        release.set()
    await until(lambda: bar.url_field.text().startswith("http"))
    await until(lambda: controller.busy_count() == 0)


async def test_settings_saved_while_a_slow_keyring_read_waits_win_over_its_failure(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork that may be gone is opened; its check reads the R2 secret from a keyring
    slow to answer. Meanwhile the artist saves the secret in Settings (kept for this
    session). The read then fails: before, that held off every check for minutes, "Could not
    check: the R2 secret in the system keyring cannot be read", though the Save had just
    given it. Now the Save wins: the settings are read again, and the check finds the
    artwork published."""
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, noted, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    window.publishing._publisher = None
    _asked, entered, release = slow_keyring(memory_keyring, monkeypatch)
    bar = window.preview.publication
    assert bar is not None
    try:
        await opened_preview(window, noted, other)
        await until(entered.is_set)
        secrets.set_secret(secrets.R2_SECRET, SECRET, session_only=True)
        window._settings_saved(session.settings, KEY_UNCHANGED, True)
    finally:
        release.set()
    await until(lambda: bar.state_label.text() == "Published")
    assert not bar.unchecked_label.isVisibleTo(bar)


async def test_a_publish_through_settings_read_over_since_holds_off_no_check(
    window: MainWindow,
    session: Session,
    r2: str,
    s3_endpoint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """A publish goes to a mistyped endpoint; while it waits, the endpoint is put right (an
    environment, a keyring another program changed) and something reads the settings anew
    (a link made), not saved in this window. The old publish then fails, unable to reach
    the old endpoint: that says nothing of the settings now. Before, it held off every
    check for five minutes."""
    await checked_once_a_mistyped_publish_fails(
        window, session, r2, s3_endpoint, tmp_path, monkeypatch, saved=False, clock=clock
    )


@pytest.mark.parametrize("connected", [True, False])
async def test_a_publish_cut_off_part_way_holds_off_no_check(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    connected: bool,
    clock: StoppableClock,
) -> None:
    """A large upload connected, then timed out part-way: small requests may well go
    through. Before, it held off every check of what may be gone for five minutes, as R2
    not reached at all does (which still holds them off: ``connected`` False)."""
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    counting = controller._factory

    def timing_out(config: R2Config) -> Publisher:
        publisher = counting(config)

        def publish(*_args: Any, **_kwargs: Any) -> PublishResult:
            cut = map_error(ReadTimeoutError(endpoint_url=config.endpoint_url), config=config)
            assert isinstance(cut, PublishNetworkError) and not cut.sent_nothing
            cut.sent_nothing = not connected
            raise cut

        publisher.publish = publish  # type: ignore[method-assign]
        return publisher

    publishing_through(controller, timing_out)
    clock.at = 1000.0
    controller.publish(other.id, other)
    await until(window.banner.isVisible)
    await until(lambda: controller.activity(other.id) is None)
    opened = opener(window, monkeypatch, other)
    await opened(noted)
    assert bool(asked) == connected


@pytest.fixture
async def silent_r2(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SilentServer]:
    server = SilentServer()
    point_r2_at(monkeypatch, server.endpoint, "art")
    yield server
    server.close()


async def test_a_check_waiting_on_a_silent_r2_is_cut_as_the_window_closes(
    session: Session, bridge: Bridge, silent_r2: SilentServer
) -> None:
    """R2 takes the connection and never answers; the window closes. The check's thread is
    cut as a publish's is (before, it would wait out its time-outs with the window gone),
    writes nothing, and leaves no "Future exception was never retrieved"."""
    window = await open_window(session, bridge, publisher_factory=patient_publisher)
    job = session.ledger.create_upload(
        file_path="", sha256="ab", width=1, height=1, file_size=1, title="fog", prompt=""
    )
    noted = session.ledger.update(
        job.id,
        published_key="artworks/ab.png",
        retired_key="artworks/ab.png",
        published_at=1.0,
        published_bucket="art",
        published_host=silent_r2.endpoint.removeprefix("http://"),
    )
    loop = asyncio.get_running_loop()
    unretrieved: list[dict[str, Any]] = []
    handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: unretrieved.append(context))
    try:
        window.publishing.check_may_be_gone(noted)
        await until(silent_r2.connected.is_set)
        window.close()  # as the app closes: its work cancelled, then publishing's cut
        await window.bridge.aclose()
        await window.publishing.aclose()
        assert not window.publishing._on_r2, "the check's thread has ended"
        shiboken6.delete(window)
        gc.collect()
        await asyncio.sleep(0)
    finally:
        loop.set_exception_handler(handler)
    assert unretrieved == []
    assert session.ledger.get(noted.id) == noted


class LookedBeforeTheUnpublish(Publisher):
    """:func:`fast_publisher` whose check of an artwork that may be gone, once R2 has
    answered both its looks, waits for the test's ``answer`` before it goes on: as R2 slow
    to answer the second while an Unpublish of it is pressed. Its unpublish is cut once R2
    has removed its first object (:func:`cut_once_an_image_is_removed`)."""

    looked = threading.Event()
    answer = threading.Event()

    def __init__(self, config: R2Config) -> None:
        super().__init__(config, connect_timeout=1.0, read_timeout=10.0, max_attempts=1)
        self._looks = 0
        cut_once_an_image_is_removed(self)

    def exists(self, key: str) -> bool:
        found = super().exists(key)
        self._looks += 1
        if self._looks == 2:
            self.looked.set()
            assert self.answer.wait(timeout=30), "the test never let the answer come"
        return found


async def test_an_unpublish_pressed_while_a_check_waits_keeps_may_be_gone(
    window: MainWindow,
    session: Session,
    r2: str,
    admin: Any,
    tmp_path: Path,
    publishers: Publishers,
) -> None:
    """The check found image and manifest there; before its answer came, the artist pressed
    Unpublish, which removed a part and was cut. Before, the check's answer, of the
    bucket before the removal, was written after: the artwork said "Published", its image
    gone. The check's answer is void once a publish or unpublish of it starts."""
    noted = may_be_gone(session, tmp_path)
    await listed(window, noted)
    publishers.make = LookedBeforeTheUnpublish
    told: list[str] = []
    window.publishing.answer.connect(told.append)
    window.publishing.check_may_be_gone(noted)
    try:
        await until(LookedBeforeTheUnpublish.looked.is_set)
        window.publishing.unpublish(noted.id, noted)
        await until(window.banner.isVisible)  # it failed, R2 maybe having removed a part
        assert window.publishing.activity(noted.id) is None
    finally:
        LookedBeforeTheUnpublish.answer.set()
    await until(lambda: not window.publishing.checking)
    after = session.ledger.get(noted.id)
    assert after is not None and after.may_be_gone
    assert PUBLISHED_AGAIN not in told
    assert "May be gone" in words_of(window, noted)


async def test_the_artwork_shown_is_checked_again_once_the_settings_are_saved(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """R2 refuses the keys, and the preview of an artwork that may be gone says it could
    not be checked, pointing to Settings. The artist puts the keys right there and saves.
    Before, the line went and the preview said "May be gone" alone, nothing asked until
    the artist opened another artwork and this one again: the bucket is asked at once."""
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, noted, other)
    controller = window.publishing
    asked: list[str] = []
    counting_looks(controller, asked)
    clock.at = 1000.0
    opened = opener(window, monkeypatch, other)
    bar = window.preview.publication
    assert bar is not None
    with enable_iam_authentication():  # moto refuses the test's keys
        await opened(noted)
        await until(lambda: not bar.unchecked_label.isHidden())
    controller.settings_saved()  # put right, as the window does once they are saved
    bar.refresh_link()
    await until(lambda: "May be gone" not in words_of(window, noted))
    assert asked.count(noted.published_key) == 2  # refused, then asked again at once
    assert bar.unchecked_label.isHidden()


async def test_the_keyring_locked_no_link_reason_is_not_cut_in_a_small_window(
    window: MainWindow,
    session: Session,
    r2: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In a 760 by 450 px window, the preview's red "No link: The system keyring is locked
    …" was cut off part-way, its last lines gone under the picture: the bar keeps room for
    all its lines, the window as tall as they need."""
    done = await published_here(window, session)
    bar = window.preview.publication
    assert bar is not None
    await until(lambda: bar.url_field.text().startswith("http"))
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    lock(memory_keyring, monkeypatch)
    window.publishing._publisher = None  # no secret read yet: none to make a link with
    await generated(window, session)
    window.library.select_job(done.id)
    await until(lambda: bar.detail_label.isVisible())
    label = bar.detail_label
    assert label.text().startswith("No link: The system keyring is locked")
    window.resize(760, 450)
    await settled(window)
    assert bar.rect().contains(label.geometry())
    assert label.height() >= label.heightForWidth(label.width())
    assert window.preview.rect().contains(bar.geometry())


async def test_the_end_of_a_hold_is_not_waited_for_once_the_window_has_closed(
    controller: PublishController,
) -> None:
    """The window closed while a failure held off the checks: its end, minutes later, asks
    no view to check again, and starts no look, while the app ends the publishes left."""
    controller._hold_checks(PublishNetworkError("R2 cannot be reached"), None, by_check=True)
    assert controller._hold_timer.isActive()
    await controller.aclose()
    assert not controller._hold_timer.isActive()


class FirstMidwayOthersUnstarted(Publisher):
    """The first transfer to begin waits at its first report from the middle of its file;
    the others wait before they begin, their size unheard, as the publishes of a large
    batch wait their turn for a thread. All go on at ``release``."""

    release = threading.Event()
    begun = threading.Lock()
    first_taken = False

    def publish(
        self, *args: Any, progress: ProgressCallback | None = None, **kwargs: Any
    ) -> PublishResult:
        with self.begun:
            first = not FirstMidwayOthersUnstarted.first_taken
            FirstMidwayOthersUnstarted.first_taken = True
        if not first:
            assert self.release.wait(timeout=30), "the test never let the others begin"
            return super().publish(*args, progress=progress, **kwargs)

        def held(done: int, total: int, quiet: float) -> None:
            if progress is not None:
                progress(done, total, quiet)
            if 0 < done < total:
                assert self.release.wait(timeout=30), "the test never let it go on"

        return super().publish(*args, progress=held, **kwargs)


async def test_a_batch_s_progress_is_read_out_at_a_few_steps_not_at_each_artwork(
    controller: PublishController,
    owned: list[QObject],
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A library's Publish of eight artworks: the status bar's count grew as they were
    sent, but a screen reader heard nothing of it until all had ended. It hears how many
    are done at a few steps (each quarter at most), the count growing, never one line per
    artwork, and nothing once all have ended (their outcome is read out then)."""
    heard: list[str] = []
    monkeypatch.setattr(publishing, "announce", lambda _to, words, _level: heard.append(words))
    label = PublishActivityLabel(controller)
    owned.append(label)
    artworks = [
        imported(session, noise_png(tmp_path / f"dune {n}.png", (40, 30), seed=n)) for n in range(8)
    ]
    controller.publish_many(artworks)
    await until(lambda: controller.busy_count() == 0)
    assert all(p and p.published_key for p in (session.ledger.get(a.id) for a in artworks))
    assert 1 <= len(heard) <= publishing.PROGRESS_STEPS - 1  # before: none
    done = [int(re.fullmatch(r"Publishing: (\d) of 8 done", words)[1]) for words in heard]  # type: ignore[index]
    assert done == sorted(set(done)) and done[0] > 0 and done[-1] < 8
    label.refresh()
    assert len(heard) == len(done)


async def test_a_batch_that_grows_while_it_runs_is_read_out_with_its_whole_count(
    controller: PublishController, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Upload tab's Publish of eight files, two of them done, and eight more added to it
    while it runs. Before, the count read out started again from the fourteen then under
    way ("Publishing: 7 of 14 done" while 9 of 16 were): the screen reader heard other
    figures than the batch's. It hears how many of all sixteen are done."""
    heard: list[str] = []
    monkeypatch.setattr(publishing, "announce", lambda _to, words, _level: heard.append(words))
    queued = [publishing.Queued(count=8)]
    label = PublishActivityLabel(controller, lambda: queued[0])
    owned.append(label)
    for count in (7, 6, 14, *range(13, 0, -1), 0):  # eight more added at 6 under way
        queued[0] = publishing.Queued(count=count)
        controller.totals_changed.emit()
    assert heard == [
        "Publishing: 2 of 8 done",
        "Publishing: 8 of 16 done",
        "Publishing: 12 of 16 done",
    ]


async def test_a_batch_whose_publishes_wait_their_turn_says_no_percent_of_the_few_sent(
    controller_with: Callable[[PublisherFactory], PublishController],
    owned: list[QObject],
    session: Session,
    r2: str,
    tmp_path: Path,
) -> None:
    """A library's Publish of 2,000 artworks said "Publishing 957 artworks… 100 %" in the
    status bar: the percent of the few being sent, those waiting their turn counted as
    nothing to send. While any waits, its size unknown, no percent is said."""
    FirstMidwayOthersUnstarted.release.clear()
    FirstMidwayOthersUnstarted.first_taken = False
    controller = controller_with(lambda config: FirstMidwayOthersUnstarted(config, max_attempts=1))
    label = PublishActivityLabel(controller)
    owned.append(label)
    artworks = [
        imported(session, noise_png(tmp_path / f"dune {n}.png", (600, 600), seed=n))
        for n in range(3)
    ]
    for artwork in artworks:
        controller.publish(artwork.id)

    def one_midway() -> bool:
        shown = [controller.activity(a.id) for a in artworks]
        return any(a is not None and a.percent not in (None, 0, 100) for a in shown)

    await until(one_midway)
    try:
        assert label.text() == "Publishing 3 artworks…"
    finally:
        FirstMidwayOthersUnstarted.release.set()
    await until(lambda: controller.busy_count() == 0)
    assert all(p.published_key for p in (session.ledger.get(a.id) for a in artworks) if p)


def keyring_lines(bar: publishing.PublicationBar) -> list[str]:
    """The lines under the bar's buttons that are shown and name the system keyring."""
    labels = (bar.detail_label, bar.left_label, bar.unchecked_label)
    return [label.text() for label in labels if label.isVisible() and "keyring" in label.text()]


async def test_a_locked_keyring_is_said_once_of_one_that_may_be_gone_without_a_link(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """The R2 secret is in a locked keyring, no public base URL is set, and the artwork shown
    may be gone: it has no link, and what is left of it could not be checked, both for the
    locked keyring. Before, the preview said it twice, "No link: The system keyring is
    locked …" and "Could not check: the R2 secret in the system keyring cannot be read …".
    One line says both now."""
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, noted, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    lock(memory_keyring, monkeypatch)
    controller = window.publishing
    controller._publisher = None  # no secret read this session yet
    clock.at = 1000.0
    bar = window.preview.publication
    assert bar is not None
    await opener(window, monkeypatch, other)(noted)
    await until(lambda: bool(keyring_lines(bar)) and controller.unchecked(noted) is not None)
    assert keyring_lines(bar) == [
        "No link, and what is left of it in the bucket could not be checked: The system "
        "keyring is locked, or its unlock prompt was dismissed: the R2 secret it may hold "
        "cannot be read. "
        + desktop.named_settings(
            "Unlock the keyring, then try again; or type the secret access key in "
            "{publishing_settings} to use it in this session."
        )
    ]
    assert bar.state_label.text() == "May be gone"


def refusing_the_first_look(asked: list[str]) -> Callable[[R2Config], Publisher]:
    """Publishers whose first look for an image R2 refuses, for it alone (not the keys);
    the keys looked for noted in ``asked``."""

    def refusing_once(key: str, _config: R2Config) -> None:
        asked.append(key)
        if len(asked) == 1:
            raise PublishError("R2 refused the request")

    return looks_through(refusing_once)


async def test_the_could_not_check_line_of_one_artwork_goes_once_its_few_minutes_are_over(
    window: MainWindow, session: Session, r2: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 refused the request of the check of the artwork shown, for it alone (not the keys:
    no hold of every check), then takes it. Before, "Could not check: R2 refused the
    request." stayed on the preview once the few minutes that held off asking again were
    over, until another artwork was opened and this one again. The line goes then, and the
    bucket is asked about the artwork again."""
    monkeypatch.setattr(publishing, "RECHECK_AFTER_S", 0.2)  # not five minutes
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, noted, other)
    controller = window.publishing
    asked: list[str] = []
    publishing_through(controller, refusing_the_first_look(asked))
    bar = window.preview.publication
    assert bar is not None
    lines: list[str] = []
    controller.changed.connect(lambda _id: lines.append(bar.unchecked_label.text()))
    await opened_preview(window, noted, other)
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]
    await until(lambda: bar.state_label.text() == "Published")
    assert "Could not check: R2 refused the request." in lines
    assert bar.unchecked_label.isHidden()
    assert asked[:2] == [noted.published_key] * 2  # its image looked for again


async def test_one_artwork_s_check_put_off_is_made_when_its_few_minutes_are_over_unshown(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """As above, the artist opens another artwork meanwhile: the tile of the one whose check
    R2 refused said "Check put off till …". Before, once those minutes were over, only an
    artwork shown was asked about again: this one's tile went back to "Unpublish did not
    finish", nothing checked. It is checked then, shown or not: found published."""
    clock.at = 1000.0
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=3))
    await listed(window, noted, other)
    controller = window.publishing
    asked: list[str] = []
    refused = asyncio.Event()
    publishing_through(controller, refusing_the_first_look(asked))
    controller.changed.connect(lambda job_id: job_id == noted.id and asked and refused.set())
    await opened_preview(window, noted, other)
    await refused.wait()
    window.library.select_job(other.id)  # passed over
    await until(lambda: window.preview.snapshot.id == other.id)  # type: ignore[union-attr]
    assert any(w.startswith("Check put off till") for w in words_of(window, noted))
    clock.at += RECHECK_AFTER_S
    controller._failed_alone_over()  # as its timer ends it
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]
    assert asked[:2] == [noted.published_key] * 2  # its image looked for again
    # The record is written in a thread: its tile is told once the check hears of it.
    await until(lambda: "Unpublish did not finish" not in words_of(window, noted))


async def test_a_keyring_that_does_not_answer_is_not_read_again_at_each_artwork_opened(
    window: MainWindow,
    session: Session,
    keyring_scene: KeyringScene,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The R2 secret is in the keyring, which this session read, then stopped answering (each
    read waits for its time-out: some 25 s on a Secret Service); no public base URL is set,
    so the preview of a published artwork makes a presigned link. Before, each artwork
    opened read the keyring again, the next opening waiting on that read. It is not read
    again: the secret this session read makes the links and checks meanwhile."""
    shown, noted, other = keyring_scene
    controller = window.publishing
    await controller.publisher()  # the secret read this session
    reads: list[str] = []

    def silent(service: str, name: str) -> str | None:
        reads.append(name)
        raise keyring.errors.KeyringError("Timeout reached")  # as D-Bus says it

    monkeypatch.setattr(memory_keyring, "get_password", silent)
    bar = window.preview.publication
    assert bar is not None
    opened = opener(window, monkeypatch, other)
    for artwork in (*shown, noted, *shown):
        await opened(artwork)  # type: ignore[arg-type]
        assert bar.url_field.text().startswith("http")
    assert reads == []  # before: one per artwork opened; then one, its silence remembered
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]


async def test_a_keyring_back_is_read_when_the_hold_of_its_silence_is_over(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    clock: StoppableClock,
) -> None:
    """The keyring did not answer as the preview of an artwork that may be gone opened, its
    check held off for a few minutes; the keyring answers again meanwhile. The end of the
    hold (a timer Qt may fire a little before the clock says the minutes are over) asks the
    keyring again. Before, that check was refused without reading it, for the keyring read
    "lately", and "Could not check" stayed five minutes more."""
    monkeypatch.setattr(publishing, "RECHECK_AFTER_S", 0.2)  # not five minutes
    noted = may_be_gone(session, tmp_path)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, noted, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SECRET)
    answer = memory_keyring.get_password
    silent = [True]

    def silent_once(service: str, name: str) -> str | None:
        if silent[0]:
            raise keyring.errors.KeyringError("Timeout reached")  # as D-Bus says it
        return answer(service, name)

    monkeypatch.setattr(memory_keyring, "get_password", silent_once)
    controller = window.publishing
    controller._publisher = None  # no secret read this session yet
    clock.at = 1000.0  # only the end of the hold itself ends it
    bar = window.preview.publication
    assert bar is not None
    await opener(window, monkeypatch, other)(noted)
    await until(lambda: bar.unchecked_label.isVisible() or bar.detail_label.isVisible())
    silent[0] = False  # the keyring answers again
    await until(lambda: not session.ledger.get(noted.id).may_be_gone)  # type: ignore[union-attr]
    await until(lambda: bar.state_label.text() == "Published")


async def test_quit_as_a_batch_publish_starts_counts_every_artwork_of_it(
    window: MainWindow, r2: str, tmp_path: Path
) -> None:
    """Ctrl+Q pressed in the very turn a Publish of several starts them: the question counts
    every artwork of the batch then, not those the status bar has caught up with."""
    seed_rows(tmp_path, 3)
    library = window.library
    library.apply_filter()
    await until(lambda: library.model.rowCount() == 3)
    library.view.selectAll()
    await until(library.commands["publish"].isEnabled)
    library.commands["publish"].trigger()
    window.menu_actions["quit"].trigger()
    (box,) = message_boxes(window, "quitWhilePublishingBox")
    assert box.text() == "3 artworks are still being published to your R2 bucket."
    box.escapeButton().click()
    controller = window.publishing
    await all_cancelled(controller)


def held_at_first_look(
    artwork: Snapshot, looking: threading.Event, go_on: threading.Event, *, fails: bool = True
) -> Callable[[R2Config], Publisher]:
    """Publishers whose first look for ``artwork`` in the bucket sets ``looking``, waits
    until ``go_on`` is set, and then fails as R2 not reached (or, not ``fails``, is
    answered: R2 slow, not gone); every other look goes through."""

    def held(key: str, _config: R2Config) -> None:
        if key == artwork.published_key and not looking.is_set():
            looking.set()
            assert go_on.wait(timeout=30), "the test never let the check go on"
            if fails:
                raise PublishNetworkError("R2 cannot be reached")

    return looks_through(held)


async def held_till_the_keyring_answers(
    window: MainWindow,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    read: Callable[[str, str], str | None],
) -> None:
    """Once the keyring's reads are over, that its failure holds off the checks; then the
    keyring answering again with ``read``, the hold over as its timer ends it, and the
    checks it let go done."""
    controller = window.publishing
    await until(lambda: not controller._reading_keyring)
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    assert controller._checks_held is not None  # the keyring's failure holds them off
    monkeypatch.setattr(memory_keyring, "get_password", read)  # it answers again
    controller._hold_over()  # as its timer does
    await until(lambda: not controller.checking)
    await window.bridge.wait_idle()
    await until(lambda: not controller.checking)


async def test_the_first_artwork_checked_while_the_keyring_is_slow_says_it_waits(
    window: MainWindow,
    session: Session,
    r2: str,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An artwork that may be gone, the first opened; the R2 secret is in a keyring slow to
    answer, none read this session. Its own check reads the keyring, and waits: before, the
    preview said nothing of it for as long (~25 s on D-Bus), only "May be gone". Now it says
    it waits for the keyring, and what the check found once the keyring answered."""
    first = may_be_gone(session, tmp_path, "fog0", 0)
    other = imported(session, noise_png(tmp_path / "dune.png", (48, 32), seed=9))
    await listed(window, first, other)
    monkeypatch.delenv("R2_SECRET_ACCESS_KEY")
    window.publishing._publisher = None  # no secret read this session yet
    asked, entered, release = slow_keyring(memory_keyring, monkeypatch)
    bar = window.preview.publication
    assert bar is not None
    try:
        await opened_preview(window, first, other)
        await until(entered.is_set)
        await until(lambda: bar.unchecked_label.isVisibleTo(bar))
        assert bar.unchecked_label.text() == (
            "Not checked yet: waiting for the system keyring to give the R2 secret."
        )
        await until(lambda: "Check waits for the keyring" in words_of(window, first))
    finally:
        release.set()
    await until(lambda: bar.unchecked_label.text().startswith("Could not check: the R2 secret"))
    assert "Check waits for the keyring" not in words_of(window, first)
    assert asked == [secrets.R2_SECRET], "the check is not asked again while it waits"
