"""``kontext-studio --self-test``: prove that this install (a checkout or a frozen bundle) works.

It opens the real main window, types a prompt into the Generate tab, submits it to the bundled
KIE simulator (demo mode, whatever key is configured), waits for the job to reach
``completed``, checks that the downloaded image exists and decodes with both Pillow and Qt,
makes an R2 client and a presigned URL offline (so botocore's data files are there), closes
the window and shuts everything down the way the app does. Success prints one line on
stdout and exits 0; any failure prints ``self-test failed: <reason>`` as one line on stderr
and exits non-zero.

It never touches the artist's files or secrets: ``KONTEXT_STUDIO_HOME`` points at a fresh
temporary folder (removed afterwards; kept on failure, for its log) and the keyring is
replaced by one that stores nothing. Without a display it runs on Qt's offscreen platform.

Environment: ``KONTEXT_STUDIO_DEMO_LATENCY`` (default 0.5 s here) is the simulated task
duration; ``KONTEXT_STUDIO_SELFTEST_TIMEOUT`` (default 60 s) bounds everything from opening
the window to closing it; shutting down gets 15 s more, and a watchdog thread ends the process
(exit 3) 20 s after the timeout even if the event loop itself hangs. If Qt cannot start at all
(no platform plugin, no display) it aborts the process, but the reason is still printed first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_FAILED = 1
EXIT_HUNG = 3
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_LATENCY = "0.5"
TIMEOUT_ENV = "KONTEXT_STUDIO_SELFTEST_TIMEOUT"
PROMPT = "self-test: a lighthouse on a cliff at dusk, watercolor"
CLEANUP_TIMEOUT_S = 15.0
WATCHDOG_GRACE_S = 20.0

log = logging.getLogger(__name__)


class SelfTestError(Exception):
    """A check failed; the message is the one-line reason."""


@dataclass
class _Run:
    """What the run has built so far, so a failure at any step can still shut it down."""

    stage: str = "starting"
    session: Any = None
    window: Any = None
    job_id: int | None = None
    job_state: str = ""
    result: str = ""
    started: float = field(default_factory=time.monotonic)


def run_self_test(timeout_s: float | None = None) -> int:
    """Run the self-test in this process; returns the exit code."""
    timeout = timeout_s if timeout_s is not None else _timeout_from_env()
    watchdog = threading.Timer(timeout + WATCHDOG_GRACE_S, _hung, args=(timeout,))
    watchdog.daemon = True
    watchdog.start()
    home: Path | None = None
    keep_home = True
    try:
        home = Path(tempfile.mkdtemp(prefix="kontext-selftest-"))
        with _isolated(home):
            run = _Run()
            reason = _run_in_qt(run, timeout)
        if reason is None:
            keep_home = False
            print(run.result, flush=True)
            return 0
        _fail(f"{reason} (logs in {home / 'logs'})")
        return EXIT_FAILED
    except Exception as error:  # anything that escaped: still one line, never a traceback
        _fail(_describe(error))
        return EXIT_FAILED
    finally:
        watchdog.cancel()
        if home is not None and not keep_home:
            shutil.rmtree(home, ignore_errors=True)


def _timeout_from_env() -> float:
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return value if value > 0 else DEFAULT_TIMEOUT_S


def _fail(reason: str) -> None:
    if sys.stderr is not None:  # started with none (2>&-): a print to None goes to stdout
        print(f"self-test failed: {' '.join(reason.split())}", file=sys.stderr, flush=True)


def _hung(timeout: float) -> None:
    """The watchdog: the loop did not come back, so end the process from this thread."""
    _fail(f"hung: no result {timeout + WATCHDOG_GRACE_S:.0f} s after the start")
    os._exit(EXIT_HUNG)


def _describe(error: BaseException) -> str:
    from kontext_studio.errors import KontextError
    from kontext_studio.explain import explain

    if isinstance(error, SelfTestError):
        return str(error)
    if isinstance(error, KontextError):
        return explain(error).message + (f" ({error.message})" if error.message else "")
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@contextlib.contextmanager
def _isolated(home: Path) -> Iterator[None]:
    """A throwaway app home, demo latency, offscreen Qt without a display, a keyring that
    keeps nothing; everything restored afterwards."""
    import keyring
    from keyring.backends import null

    from kontext_studio import secrets
    from kontext_studio.config import HOME_ENV
    from kontext_studio.session import DEMO_LATENCY_ENV

    changes = {
        HOME_ENV: str(home),
        # boto3 must not read the artist's AWS profile either.
        "AWS_CONFIG_FILE": str(home / "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials"),
    }
    if not os.environ.get(DEMO_LATENCY_ENV):
        changes[DEMO_LATENCY_ENV] = DEFAULT_LATENCY
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform != "linux"
    ):
        changes["QT_QPA_PLATFORM"] = "offscreen"
    saved = {name: os.environ.get(name) for name in changes}
    previous_keyring = keyring.get_keyring()
    os.environ.update(changes)
    keyring.set_keyring(null.Keyring())
    secrets.clear_session()
    try:
        yield
    finally:
        keyring.set_keyring(previous_keyring)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run_in_qt(run: _Run, timeout: float) -> str | None:
    """Start Qt and a qasync loop, exercise the window; the reason on failure, else None."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from kontext_studio.ui.app import configure_application
    from kontext_studio.ui.event_loop import EventLoop

    # Qt's own chatter (e.g. the offscreen platform's warnings) goes to the log, so stderr
    # carries only the verdict.
    previous_handler = qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "kontext-studio"])
    assert isinstance(app, QApplication)
    configure_application(app)
    loop = EventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            return loop.run_until_complete(_supervise(run, timeout))
    finally:
        asyncio.set_event_loop(None)
        qInstallMessageHandler(previous_handler)


_qt_warnings: list[str] = []


def _qt_message(mode: Any, context: Any, message: str) -> None:
    """Qt's messages go to the log. A fatal one (Qt aborts right after) also becomes the
    one-line reason, with the first warning before it, which usually names the cause (e.g.
    "could not connect to display")."""
    from PySide6.QtCore import QtMsgType

    logging.getLogger("kontext_studio.qt").info(message, extra={"event": "qt_message"})
    text = message.strip().splitlines()[0] if message.strip() else ""
    if mode == QtMsgType.QtFatalMsg:
        cause = f" ({_qt_warnings[0]})" if _qt_warnings else ""
        _fail(f"Qt: {text or 'fatal error'}{cause}")
    elif mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg) and text:
        _qt_warnings.append(text)


async def _supervise(run: _Run, timeout: float) -> str | None:
    reason: str | None = None
    try:
        await asyncio.wait_for(_exercise(run), timeout)
    except TimeoutError:
        where = run.stage + (f", job {run.job_id} is {run.job_state}" if run.job_id else "")
        reason = f"timed out after {timeout:g} s ({where})"
    except Exception as error:
        reason = f"{run.stage}: {_describe(error)}"
    try:
        await asyncio.wait_for(_shut_down(run), CLEANUP_TIMEOUT_S)
    except Exception as error:
        reason = reason or f"shutting down: {_describe(error)}"
    return reason


async def _shut_down(run: _Run) -> None:
    """What ``ui.app.main`` does when the window closes: bridge first, then the session."""
    window, session = run.window, run.session
    run.window = run.session = None
    if window is not None:
        if window.isVisible():
            window.close()
        await window.bridge.aclose()
    if session is not None:
        await session.aclose()


async def _exercise(run: _Run) -> None:
    from PySide6.QtWidgets import QApplication

    from kontext_studio import resources
    from kontext_studio.session import open_session
    from kontext_studio.ui.app import create_main_window

    run.stage = "checking the app icon"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if resources.icon_path(48) is None or app.windowIcon().isNull():
        raise SelfTestError(f"no app icon in {resources.resources_dir() / 'icons'}")

    run.stage = "opening the demo session"
    run.session = await asyncio.to_thread(open_session, demo=True)
    if not run.session.demo:
        raise SelfTestError("the session is not in demo mode")

    run.stage = "opening the main window"
    run.window = window = await create_main_window(run.session)
    await asyncio.sleep(0)
    if not window.isVisible():
        raise SelfTestError("the main window is not visible")

    run.stage = "submitting a job from the Generate tab"
    loop = asyncio.get_running_loop()
    submitted: asyncio.Future[int] = loop.create_future()
    problems: asyncio.Future[str] = loop.create_future()
    window.generate_tab.submitted.connect(lambda job_id: _settle(submitted, int(job_id)))
    window.bridge.error.connect(
        lambda message, hint, _topic, _tag: _settle(problems, f"{message} {hint}")
    )
    window.generate_tab.prompt.setPlainText(PROMPT)
    if not window.generate_tab.generate():
        raise SelfTestError(window.generate_tab.problem() or "Generate refused the request")
    run.job_id = await _first(submitted, problems)

    run.stage = "waiting for the job"

    def follow(snapshot: Any) -> None:
        if snapshot.id == run.job_id:
            run.job_state = str(snapshot.state.value)

    unsubscribe = run.session.engine.subscribe(follow)
    try:
        # A state the job reached before the subscription is not told again: read it once.
        current = await asyncio.to_thread(run.session.ledger.get, run.job_id)
        if current is not None and not run.job_state:
            run.job_state = str(current.state.value)
        finished = loop.create_task(run.session.engine.wait_for(run.job_id))
        snap = await _first(finished, problems)
    finally:
        unsubscribe()
    if snap.state.value != "completed":
        detail = snap.error_message or snap.error_kind or "no reason given"
        raise SelfTestError(f"job {snap.id} ended {snap.state.value}: {detail}")

    run.stage = "checking the result image"
    width, height, fmt = await asyncio.to_thread(_check_image, Path(snap.file_path), snap)

    run.stage = "preparing an R2 client (offline)"
    await asyncio.to_thread(_check_r2_client)

    run.stage = "closing the window"
    closed: asyncio.Future[None] = loop.create_future()
    window.closed.connect(lambda: _settle(closed, None))
    window.close()
    await closed
    elapsed = time.monotonic() - run.started
    run.result = (
        f"self-test passed: window opened, demo job {snap.id} completed, "
        f"{width}x{height} {fmt} decoded, R2 client ready, window closed ({elapsed:.1f} s)"
    )


def _settle(future: asyncio.Future[Any], value: Any) -> None:
    """Resolve ``future`` once; Qt signals may fire again after the first answer."""
    if not future.done():
        future.set_result(value)


async def _first(wanted: asyncio.Future[Any], problem: asyncio.Future[str]) -> Any:
    """The result of ``wanted``, unless the app reports an error first."""
    await asyncio.wait({wanted, problem}, return_when=asyncio.FIRST_COMPLETED)
    if wanted.done():
        return wanted.result()
    wanted.cancel()
    raise SelfTestError(f"the app reported: {problem.result()}")


def _check_image(path: Path, snap: Any) -> tuple[int, int, str]:
    """The file exists and decodes fully with Pillow and with Qt, at the recorded size."""
    from PIL import Image
    from PySide6.QtGui import QImage

    if not path.is_file():
        raise SelfTestError(f"the result {path} does not exist")
    with Image.open(path) as image:
        image.load()
        width, height, fmt = image.width, image.height, str(image.format)
    if (snap.width, snap.height) != (width, height):
        raise SelfTestError(
            f"the result is {width}x{height}, the library says {snap.width}x{snap.height}"
        )
    if QImage(str(path)).isNull():
        raise SelfTestError(f"Qt cannot decode the {fmt} result (image format plugin missing?)")
    return width, height, fmt


def _check_r2_client() -> None:
    """boto3 and botocore's S3 model load (a frozen bundle carries their data files) and a
    presigned URL can be made. Nothing is sent: presigning is local."""
    from kontext_studio.publish.publisher import Publisher
    from kontext_studio.publish.r2_config import R2Config

    config = R2Config(
        endpoint_url="https://0123456789abcdef.r2.cloudflarestorage.com",
        bucket="self-test",
        access_key_id="self-test",
        secret_access_key="self-test-secret",
    )
    url = Publisher(config).url_for("artworks/self-test.png", expires_in=60)
    if "X-Amz-Signature=" not in url:
        raise SelfTestError("the R2 client made an unsigned URL")
