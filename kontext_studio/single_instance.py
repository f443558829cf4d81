"""One window per library: a second GUI launch hands its request to the running window.

The window that starts first listens on a Unix domain socket named after its library; a
later launch for the same library (the desktop's "Open With", ``kontext-studio image.png``, the
menu entry) connects, sends one line of JSON (``{"reference": "/abs/path" or null,
"left_out": 0, "passed_over": false}``, ``left_out`` counting the other files named with it,
``passed_over`` whether some named before it were left out as not images,
``waits_for_close`` that it understands the answer :data:`CLOSING`) and exits once the
running window has said ``ok``. The window comes to the front and takes the
image as the Generate tab's reference. A process that will show no window any more (it could
not open one, or its last one closed and it is ending) stops listening and says ``no`` to a
request it holds: that launch then opens a window of its own (see ``cli``), rather than end
with the image taken by nobody.

A process whose last window has closed may take a while to end: a job being sent when the
artist closed the window waits for KIE's answer (so its outcome is known), a press of
Generate makes its jobs. A launch meanwhile is told so (:data:`CLOSING`), says so, and waits
for the ``no`` that comes once the library is free, up to :data:`CLOSING_TIMEOUT_S`; it then
opens its window. A launch of an earlier version, which does not say it waits for a close,
is told ``held`` instead, which it understands (it said the app was "still opening").

The socket lives in the library's data folder (``window.sock``); when that path is too long
for ``sun_path`` (a deep home folder), in the user's runtime folder (``$XDG_RUNTIME_DIR``) or
a folder of the user's own under the temp folder (mode 0700), named after a hash of the data
folder. Nothing is authenticated beyond what the file's mode (0600) and its folder give: only
the same user can connect.

A socket left by a window that was killed refuses connections: the next launch removes it and
listens in its place. The check and the take-over run under an advisory lock (``flock``) on a
file beside the socket (``window.sock.lock``), so two launches at the same moment do not both
take over. A window that closes removes its socket and that file (see :func:`release`).
Everything here is a few system calls on local files, cheap enough to run before the window
opens; when anything goes wrong the launch goes on as if no window were running (today's
behaviour, two windows at worst).

Windows is not covered: there every launch opens its own window, as before (the job claims of
``jobs/claim.py`` keep two windows on one library safe).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import hashlib
import json
import logging
import os
import socket
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol, TypeVar

from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

SOCKET_NAME = "window.sock"
# sun_path holds 108 bytes on Linux and 104 on macOS and the BSDs, the final NUL included.
MAX_SOCKET_PATH = 100
ANSWER_TIMEOUT_S = 30.0  # the running app says within this that it has the request
HOLD_NOTICE_S = 1.0  # a request no window takes at once is told held after this
HELD_TIMEOUT_S = 600.0
"""How long a launch whose request is held waits for the window: it is opening, and may be
waiting for a person (the system keyring asking to be unlocked)."""
# A launch sends its request as soon as it has connected; a connection that sends none in
# this time (a launch stopped as it connected) is dropped, else the closing window waits
# for it for ever (:meth:`Doorbell.wait_closed`).
REQUEST_TIMEOUT_S = 10.0
MAX_REQUEST_BYTES = 64 * 1024
OK = b"ok\n"
NO = b"no\n"  # the same length as OK: one read takes either
HELD = b"..\n"  # the same length: no window yet; the answer follows when one opens or none will
CLOSING = b"<<\n"  # the same length: the app is ending; ``no`` follows once the library is free
CLOSING_TIMEOUT_S = 90.0
"""How long a launch told the app is closing waits for it to end. A close waits at most 30 s
for the jobs of a press of Generate to be made (``ui.app.SUBMIT_CLOSE_WAIT_S``), then 10 s for
the window's work to end, 3 s for its publishes to take back what they sent and 10 s for
those cut short to end (``publish.STOP_GRACE_S``, ``publish.STOPPED_WITHIN_S``), 10 s for
jobs being sent to be answered and 10 s for the jobs to stop (``EngineConfig``): a process
not gone by then is stuck."""

_CLOSING_WORDS = QT_TRANSLATE_NOOP(
    "single_instance",
    "Kontext Studio is finishing the work under way on this library (a job being sent, say) "
    "before it closes; it opens again in a moment.",
)
_NOT_CLOSED_WORDS = QT_TRANSLATE_NOOP(
    "single_instance",
    "Kontext Studio has not finished closing on this library after {seconds} seconds. Wait "
    "until it has ended (or end it), then start Kontext Studio again.",
)

# A request for the window (an image, how many more files were left out, whether some before
# it were), answered True once a window took it, False when none will.
Request = Callable[[str | None, int, bool], Awaitable[bool]]


class Answer(enum.Enum):
    """What the running window said to :func:`hand_over`."""

    TAKEN = "taken"
    REFUSED = "refused"  # it will show no window any more: open one of your own
    NONE = "none"  # no answer, or not one it gives
    STILL_OPENING = "still_opening"  # it was opening, and had no window in HELD_TIMEOUT_S
    STILL_CLOSING = "still_closing"  # it was closing, and had not ended in CLOSING_TIMEOUT_S


_T = TypeVar("_T")


class Waiter(Protocol):
    """Runs ``wait``, a launch's wait for the app open on its library (for its window, or
    its end), and returns what it returns (or raises what it raises): the launch shows
    meanwhile why it waits. ``waited``: the seconds since the launch sent its request (the
    app says it holds it only after :data:`HOLD_NOTICE_S`, or later when busy)."""

    def __call__(self, wait: Callable[[], _T], waited: float) -> _T: ...


def closing_words() -> str:
    """What a launch says while the app it reached is closing (:data:`CLOSING`)."""
    return translate("single_instance", _CLOSING_WORDS)


def not_closed_words() -> str:
    """What a launch says when that app had not ended in :data:`CLOSING_TIMEOUT_S`."""
    seconds = round(CLOSING_TIMEOUT_S)
    return translate("single_instance", _NOT_CLOSED_WORDS).format(seconds=seconds)


def supported() -> bool:
    """Only POSIX systems: on Windows every launch opens its own window."""
    return os.name == "posix" and hasattr(socket, "AF_UNIX")


def socket_path(data: Path) -> Path:
    """Where the window of the library in ``data`` listens."""
    own = data / SOCKET_NAME
    if len(os.fsencode(own)) <= MAX_SOCKET_PATH:
        return own
    digest = hashlib.sha256(os.fsencode(data)).hexdigest()[:16]
    return _short_folder() / f"kontext-studio-{digest}.sock"


def _short_folder() -> Path:
    """The user's runtime folder, or a folder of the user's own (0700) under the temp folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return Path(runtime)
    return Path(tempfile.gettempdir()) / f"kontext-studio-{os.getuid()}"


@dataclass
class Claim:
    """The outcome of :func:`claim`: this launch ``listens`` (it opens the window), or it
    reached the running window through ``peer``, or (neither) it runs without either."""

    listener: socket.socket | None = None
    peer: socket.socket | None = None
    path: Path | None = None


def claim(data: Path) -> Claim:
    """Reach the window already running on the library in ``data``, or listen in its place.
    Never raises: any trouble (a folder that cannot be made, a lock refused) means a window
    of its own, as before."""
    if not supported():
        return Claim()
    path = socket_path(data)
    try:
        _make_folder(path.parent)
        with _locked(_lock_path(path)):
            peer = _connect(path)
            if peer is not None:
                return Claim(peer=peer, path=path)
            return Claim(listener=_listen(path), path=path)
    except OSError as error:
        log.warning(
            "single window not set up",
            extra={"event": "single_instance_unavailable", "reason": str(error)},
        )
        return Claim()


def _make_folder(folder: Path) -> None:
    """Create ``folder``; one of the app's own under the temp folder (see
    :func:`_short_folder`) must be the user's and closed to others, or another user could
    listen in our place."""
    private = folder.name.startswith("kontext-studio-")
    folder.mkdir(mode=0o700 if private else 0o777, parents=True, exist_ok=True)
    if private:
        _check_private(folder)


def _check_private(folder: Path) -> None:
    status = folder.lstat()
    if folder.is_symlink() or status.st_uid != os.getuid() or status.st_mode & 0o077:
        raise PermissionError(f"{folder} is not a private folder of this user")


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


FileId = tuple[int, int]  # (st_dev, st_ino): which file a path names at a given moment


def _file_id(path: Path) -> FileId:
    status = os.stat(path)
    return status.st_dev, status.st_ino


@contextlib.contextmanager
def _locked(lock: Path) -> Iterator[None]:
    """Hold the lock on the file ``lock``. Its holder may remove the file (:func:`release`):
    a launch that opened it before and waited gets the lock of a file nobody else will
    open again, while a later launch creates and locks a new one, and both would go on. So
    once the lock is held, the file locked must still be the one the path names, or the
    lock is taken again on the file there now."""
    import fcntl

    while True:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            status = os.fstat(descriptor)
            if _still_named(lock, (status.st_dev, status.st_ino)):
                break
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)
    try:
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _still_named(path: Path, file: FileId) -> bool:
    try:
        return _file_id(path) == file
    except FileNotFoundError:
        return False


def release(path: Path) -> None:
    """The window listening on ``path`` is closing: remove its socket file and the lock file,
    so nothing is left in the data folder. Both under the lock, and before the window stops
    listening: until then no launch takes the socket for one left by a killed window, so
    the file removed is the window's own, never the socket of a launch that took its place.
    The lock file is removed only by its holder, which :func:`_locked` allows for. A launch
    of a version without that check waiting on the lock at that very moment could go on
    beside a later one: two windows at worst, as when anything else here goes wrong."""
    lock = _lock_path(path)
    try:
        with _locked(lock):
            path.unlink(missing_ok=True)
            lock.unlink()
    except OSError as error:
        log.warning(
            "window socket not removed",
            extra={"event": "single_instance_not_released", "reason": str(error)},
        )


def _connect(path: Path) -> socket.socket | None:
    """A connection to a running window; None when nothing listens. A socket file nobody
    listens on (the window was killed) is removed."""
    peer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        peer.connect(os.fspath(path))
    except FileNotFoundError:
        peer.close()
        return None
    except ConnectionRefusedError:
        peer.close()
        log.info("stale window socket removed", extra={"event": "single_instance_stale"})
        path.unlink(missing_ok=True)
        return None
    except OSError:
        peer.close()
        raise
    return peer


def _listen(path: Path) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    previous = os.umask(0o177)  # born 0600: no moment where another user could connect
    try:
        listener.bind(os.fspath(path))
        listener.listen()
    except OSError:
        listener.close()
        raise
    finally:
        os.umask(previous)
    return listener


def hand_over(
    peer: socket.socket,
    reference: str | None,
    left_out: int = 0,
    *,
    passed_over: bool = False,
    held: Waiter | None = None,
    closing: Waiter | None = None,
) -> Answer:
    """Send ``reference`` (an absolute path, or None to only bring the window forward) to the
    running window, how many files named with it were ``left_out`` and whether some before it
    were ``passed_over``; what it answered.
    When the app has the request but no window yet (it is opening), the wait for the window,
    up to :data:`HELD_TIMEOUT_S`, runs through ``held``. With ``closing``, the app says when
    it is ending instead (its window closed, its work being finished): the wait for its end,
    up to :data:`CLOSING_TIMEOUT_S`, then runs through ``closing``."""
    request = {
        "reference": reference,
        "left_out": left_out,
        "passed_over": passed_over,
        "waits_for_close": closing is not None,
    }
    try:
        with peer:
            peer.settimeout(ANSWER_TIMEOUT_S)
            asked = time.monotonic()
            peer.sendall(json.dumps(request).encode() + b"\n")
            peer.shutdown(socket.SHUT_WR)
            answer = _answer(peer)
            if answer == HELD:
                return _awaited(peer, held, asked, HELD_TIMEOUT_S, Answer.STILL_OPENING)
            if answer == CLOSING and closing is not None:
                return _awaited(peer, closing, asked, CLOSING_TIMEOUT_S, Answer.STILL_CLOSING)
    except OSError as error:
        log.warning(
            "running window did not answer",
            extra={"event": "single_instance_no_answer", "reason": str(error)},
        )
        return Answer.NONE
    return {OK: Answer.TAKEN, NO: Answer.REFUSED}.get(answer, Answer.NONE)


def _awaited(
    peer: socket.socket, waiter: Waiter | None, asked: float, timeout: float, late: Answer
) -> Answer:
    """The answer of an app that has the request (sent at ``asked``, ``time.monotonic()``)
    and no window to take it yet (one is opening, or the app is ending), waited for through
    ``waiter`` up to ``timeout`` s;
    ``late`` when none came by then. Its ``ok``, or else refused: its ``no``, or its end
    without one (killed, crashed). The launch then claims the library again, which it gets
    if the app has ended, and which reaches the app again if it lives (an app that hangs
    then does not answer, and is said so). Before, an app killed as its window opened, or as
    it closed, was said to be "open but does not answer", and the launch opened nothing."""
    peer.settimeout(timeout)
    try:
        if waiter is None:
            answer = _answer(peer)
        else:
            answer = waiter(partial(_answer, peer), time.monotonic() - asked)
    except TimeoutError:
        log.warning("app did not answer in time", extra={"event": f"single_instance_{late.value}"})
        return late
    return Answer.TAKEN if answer == OK else Answer.REFUSED


def _answer(peer: socket.socket) -> bytes:
    """One answer line (:data:`OK`, :data:`NO`, :data:`HELD`, :data:`CLOSING`), or what came
    before the end."""
    answer = b""
    while len(answer) < len(OK):
        part = peer.recv(len(OK) - len(answer))
        if not part:
            break
        answer += part
    return answer


class Doorbell:
    """The running window's side: serves the socket :func:`claim` listens on and passes each
    request to ``on_request`` on the event loop's thread."""

    def __init__(self, listener: socket.socket, path: Path) -> None:
        self._listener = listener
        self._path = path
        self._server: asyncio.AbstractServer | None = None
        self._serving: set[asyncio.Task[None]] = set()
        self.on_request: Request | None = None
        self.closing: Callable[[], bool] = lambda: False
        """Whether the app is ending (its last window has closed): a request no window takes
        at once is then told so (:data:`CLOSING`) rather than held."""

    async def start(self) -> None:
        self._server = await asyncio.start_unix_server(self._serve, sock=self._listener)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._serving.add(task)
            task.add_done_callback(self._serving.discard)
        try:
            line = await asyncio.wait_for(reader.readline(), REQUEST_TIMEOUT_S)
            reference, left_out, passed_over, waits_for_close = _request(line[:MAX_REQUEST_BYTES])
            taken = await self._taken(reference, left_out, passed_over, waits_for_close, writer)
            writer.write(OK if taken else NO)
            await writer.drain()
        except (OSError, ValueError) as error:
            log.warning(
                "window request refused",
                extra={"event": "single_instance_bad_request", "reason": str(error)},
            )
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def _taken(
        self,
        reference: str | None,
        left_out: int,
        passed_over: bool,
        waits_for_close: bool,
        writer: asyncio.StreamWriter,
    ) -> bool:
        """Whether a window took the request; while none can yet (the app is opening one),
        the launch is told the request is held, so it waits rather than give up, or, the
        app ending, that it is closing, when the launch ``waits_for_close`` (an earlier
        version does not know that answer: held, which it does)."""
        if self.on_request is None:
            return False
        answer = asyncio.ensure_future(self.on_request(reference, left_out, passed_over))
        done, _pending = await asyncio.wait({answer}, timeout=HOLD_NOTICE_S)
        if not done:
            writer.write(CLOSING if waits_for_close and self.closing() else HELD)
            await writer.drain()
        return await answer

    async def close(self) -> None:
        """Stop listening and remove the socket file (and its lock file), so the next
        launch opens a window. Requests already taken in are still answered: see
        :meth:`wait_closed`."""
        # In a thread: the lock may be held a moment by a launch reaching for the window.
        await asyncio.to_thread(release, self._path)
        if self._server is not None:
            self._server.close()
        else:
            self._listener.close()

    async def wait_closed(self) -> None:
        """Once :meth:`close` has stopped it, until the requests taken in are answered
        (``on_request`` must answer them all by then)."""
        if self._server is not None:
            await self._server.wait_closed()
        if self._serving:
            await asyncio.wait(set(self._serving))


def _request(line: bytes) -> tuple[str | None, int, bool, bool]:
    """The image path in a request line, the count of files left out, whether some before it
    were, and whether the launch waits for a close (0 and False from a launch that does not
    send them); ValueError for anything else."""
    request = json.loads(line.decode())
    if not isinstance(request, dict):
        request = {}
    reference = request.get("reference")
    if reference is not None and not (isinstance(reference, str) and os.path.isabs(reference)):
        raise ValueError("the reference must be an absolute path")
    left_out = request.get("left_out", 0)
    if not isinstance(left_out, int) or isinstance(left_out, bool) or left_out < 0:
        raise ValueError("left_out must be a count")
    passed_over = request.get("passed_over", False)
    if not isinstance(passed_over, bool):
        raise ValueError("passed_over must be true or false")
    waits_for_close = request.get("waits_for_close", False)
    if not isinstance(waits_for_close, bool):
        raise ValueError("waits_for_close must be true or false")
    return reference, left_out, passed_over, waits_for_close
