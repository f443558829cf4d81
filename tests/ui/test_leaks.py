"""Leaks: the window stays open all day, so nothing may be kept per finished job.

Rounds of jobs go through the real window (Generate, the engine, the simulator over HTTP
with faults on every endpoint and on result files, the library, the preview). After each
round, once everything is idle, the test takes stock of what a leak would leave behind:

* Qt objects: the window's QObject tree (but for the text controls Qt gives a label) and
  every widget of the application;
* asyncio tasks, threads and open file descriptors, but for the HTTP connections the
  client keeps open to the simulator (both their ends, and the simulator's thread serving
  each): the client's pool opens and closes those at its own pace, up to its bound, so
  their number says when the last request ended, not what the jobs left; the test checks
  instead that each of those still open is one the pools hold (a connection left open
  outside them, one a job, stayed under the pools' bound of 64 in 40 jobs);
* every list, dict, set and deque held by an object of the app (its caches, queues and
  tables): none may grow with the jobs done, except the library model's rows, which are the
  library itself and must match its row count, the thumbnails of the tiles shown, which
  the cache keeps up to its bound, and the records of the last seconds (the rate limiter's
  requests, at most its limit; the least round trip of the last minute, tested in
  ``test_concurrency``; the changes of the last two minutes the count of jobs not sent
  holds against older reads of the library), which hold what those seconds saw, not what
  the jobs did.

The first round warms the caches, thread pools and connections; the later rounds must not
grow beyond what a bounded cache or a reconnect explains, far less than one item per job.
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import threading
import time
import weakref
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, replace

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kontext_studio.config import Paths, Settings, save_settings
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import KieClient
from kontext_studio.session import Session, open_session
from kontext_studio.simulator import Faults, Simulator
from kontext_studio.ui import recent, unsent
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import BannerKind, MessageBanner
from tests.fixtures import fast_schedule
from tests.ui.conftest import until
from tests.ui.test_library import make_snapshot
from tests.ui.test_mode_switch import LOADED, start_app  # noqa: F401  (its fixture)
from tests.ui.test_window import close_window, open_window

ROUNDS = 3
PRESSES = 5
BATCH = 4
JOBS_PER_ROUND = PRESSES * BATCH
PROMPTS = ("a fox at dawn", "a heron in fog", "a lantern in snow", "a kite over dunes", "a moth")
"""One for each press of a round: the same form pressed again before its jobs are made
makes no more (a press on a loaded machine may still be making them 0.15 s on)."""
FAULTS = Faults(
    http_error=0.15, rate_limited=0.1, truncate=0.05, task_failure=0.05, files=True, timeout_s=0.5
)
LIBRARY_ROWS = ("LibraryModel._rows", "LibraryModel._keys", "LibraryModel._index")
ROW_INDEX = ("RowIndex._base", "RowIndex._rows")
"""The containers of the model's :data:`LIBRARY_ROWS` ``_index`` (``ui.row_index``): its
rows' ids, and the model's own list of rows."""
THUMBNAILS = "ThumbnailCache._pixmaps"
RECENT_REQUESTS = "SlidingWindowLimiter._done"
RECENT_ROUND_TRIPS = "_WindowMin._rising"
RECENT_CHANGES = "Recent.noted"
PACED = Settings(submit_limit=10, submit_window_s=1.0)
"""KIE's limit, 20 sends in 10 s, held every round from the second on for ~9 s while the
window was full of the last round's sends. Half the sends over a tenth of the time make
every round, the first too, wait for the limiter all the same."""
RETRY_S = (0.05, 0.4)
"""The engine's back-off (base, most) between tries after a fault: at the app's 1 s to 30 s,
a job whose tries kept meeting faults held its round for up to a minute. The same tries and
the same tasks waiting, for less time."""


@dataclass(frozen=True)
class Stock:
    qobjects: int
    widgets: int
    tasks: int
    threads: int
    fds: int
    kept_connections: int
    pooled_connections: int
    containers: Counter[str]
    rows: int
    library: dict[str, int]
    """The items in the window's own library model's containers (:data:`LIBRARY_ROWS`) and
    thumbnail cache (:data:`THUMBNAILS`): :attr:`containers` sums those of every model alive
    in the process, another window's too, which an earlier test in the same worker may have
    left for the collector (61 rows against this library's 60, once)."""


def _app_objects() -> Iterable[object]:
    for obj in gc.get_objects():
        module = type(obj).__dict__.get("__module__")
        if (
            isinstance(module, str)
            and module.startswith("kontext_studio.")
            and not module.startswith("kontext_studio.simulator")
        ):
            yield obj


def container_sizes() -> Counter[str]:
    """Items held in each ``Type.attribute`` container, summed over the app's objects."""
    sizes: Counter[str] = Counter()
    for obj in _app_objects():
        try:
            attributes = vars(obj)
        except TypeError:
            continue
        for name, value in attributes.items():
            if isinstance(value, list | dict | set | deque):
                sizes[f"{type(obj).__qualname__}.{name}"] += len(value)
    return sizes


def _in_a_label_text_control(obj: QObject | None) -> bool:
    """Whether ``obj`` is (inside) the text control Qt gives a label: an object of no public
    type, child of the label, holding the label's QTextDocument."""
    while obj is not None:
        parent = obj.parent()
        if isinstance(parent, QLabel) and type(obj) is QObject and obj.findChild(QTextDocument):
            return True
        obj = parent
    return False


LISTENING = "0A"
"""The state of a listening socket in /proc/net/tcp."""
SERVING_THREAD = "(process_request_thread)"
"""How the simulator's thread serving one connection is named (socketserver's per-connection
thread, named after its target)."""


def _socket_ports() -> dict[str, tuple[int, int, str]]:
    """Each TCP socket's inode: its local port, its peer's port and its state."""
    ports: dict[str, tuple[int, int, str]] = {}
    for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                local, peer, state, inode = fields[1], fields[2], fields[3], fields[9]
                ports[inode] = (
                    int(local.rsplit(":")[-1], 16),
                    int(peer.rsplit(":")[-1], 16),
                    state,
                )
    return ports


def _open_fds(port: int) -> tuple[int, int]:
    """Open file descriptors but for the connections to the simulator on ``port`` (either
    end; its listening socket is counted), and how many of those connections the client
    keeps. One listing for both: the simulator's threads may close their ends meanwhile."""
    ports = _socket_ports()
    others = kept = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except FileNotFoundError:  # closed since the listing (the listing's own one)
            continue
        local, peer, state = ports.get(target.removeprefix("socket:[")[:-1], (0, 0, LISTENING))
        if peer == port:
            kept += 1
        elif local != port or state == LISTENING:
            others += 1
    return others, kept


def _pooled(client: KieClient) -> int:
    """The connections ``client``'s two HTTP clients hold in their pools (httpcore's list)."""
    http = vars(client)["_http"]
    if http is None:
        return 0
    return sum(len(vars(c)["_transport"]._pool.connections) for c in (http.api, http.public))


def take_stock(window: MainWindow, simulator: Simulator) -> Stock:
    # The UI tests freeze what outlives a test out of collection (tests/ui/conftest.py), and
    # gc.get_objects() lists no frozen object: thawed, the app's objects made before this
    # test (at import, by an earlier test) are counted too.
    gc.unfreeze()
    gc.collect()
    fds, kept = _open_fds(simulator.port)
    return Stock(
        # A label makes its text control (five objects) the first time its text is rich or
        # selectable, once per label; those are Qt's, not the app's.
        qobjects=sum(not _in_a_label_text_control(o) for o in window.findChildren(QObject)),
        widgets=len(QApplication.allWidgets()),
        tasks=len(asyncio.all_tasks()),
        threads=sum(not t.name.endswith(SERVING_THREAD) for t in threading.enumerate()),
        fds=fds,
        kept_connections=kept,
        pooled_connections=_pooled(window.session.client),
        containers=container_sizes(),
        rows=window.library.model.rowCount(),
        library=_own_library(window),
    )


def _own_library(window: MainWindow) -> dict[str, int]:
    model = window.library.model
    held = {name: len(vars(model)[name.split(".")[1]]) for name in LIBRARY_ROWS}
    return {**held, THUMBNAILS: len(vars(model.thumbnails)["_pixmaps"])}


@pytest.fixture
async def session(simulator: Simulator) -> AsyncIterator[Session]:
    """The conftest's session, with the submission limit of :data:`PACED` saved in Settings
    and the back-off of :data:`RETRY_S`."""
    save_settings(Paths.from_env().ensure(), PACED)
    opened = open_session(schedule=fast_schedule())
    base, most = RETRY_S
    opened.engine.config = replace(opened.engine.config, retry_base_s=base, retry_max_s=most)
    yield opened
    await opened.aclose()


@pytest.fixture
async def window(session: Session, bridge: Bridge) -> AsyncIterator[MainWindow]:
    made = await open_window(session, bridge)
    yield made
    await close_window(made)


async def run_round(window: MainWindow, number: int) -> None:
    tab = window.generate_tab
    engine = window.session.engine
    rows = window.library.model.rowCount() + JOBS_PER_ROUND
    tab.batch.setValue(BATCH)
    for press in range(PRESSES):
        tab.prompt.setPlainText(PROMPTS[(number + press) % len(PROMPTS)])
        window.menu_actions["generate"].trigger()
        await asyncio.sleep(0.05)
    await until(lambda: window.library.model.rowCount() == rows, timeout=10)
    await until(lambda: engine.active_count == 0, timeout=90)
    await until(lambda: window.active_jobs.text() == "No jobs running", timeout=10)
    await until(lambda: not window.bridge.busy and not window.credits.fetching, timeout=10)
    await asyncio.sleep(0.5)  # late signals, thumbnails of the new tiles
    # Work that comes and goes (the balance asked for 1.5 s after the last job ended, the
    # check for other programs' changes every 2 s) ends within moments; a leaked task does
    # not, and fails here. The stock is then taken without yielding to the loop.
    await until(lambda: len(asyncio.all_tasks()) == 1, timeout=10)


async def test_rounds_of_jobs_leave_nothing_behind(
    window: MainWindow, simulator: Simulator
) -> None:
    assert window.session.engine.limiter.limit == PACED.submit_limit
    simulator.update(latency_s=(0.02, 0.1), credits=1e9, faults=FAULTS)
    await run_round(window, 0)
    warm = take_stock(window, simulator)
    for number in range(1, ROUNDS):
        await run_round(window, number)
    last = take_stock(window, simulator)

    jobs = JOBS_PER_ROUND * (ROUNDS - 1)
    assert last.rows == warm.rows + jobs, "every job is in the library"
    assert last.qobjects == warm.qobjects, "the window's QObject tree grew"
    assert last.widgets < warm.widgets + jobs // 4, "widgets were left behind"
    assert last.tasks == warm.tasks == 1, "tasks outlived their jobs"
    # Pools start threads as they are needed, up to their bounds.
    assert last.threads < warm.threads + jobs // 4, "threads were started and kept"
    assert last.fds < warm.fds + jobs // 4, "file descriptors were left open"
    # The API's client and the result files' client keep what their pools hold, no more.
    assert last.kept_connections <= last.pooled_connections, "connections were left open"
    for name in LIBRARY_ROWS:
        assert last.library[name] == last.rows, name
    assert 0 < last.library[THUMBNAILS] <= window.library.model.thumbnails.capacity
    # How many of a round's requests are still in the window when it ends depends on timing
    # (a retry late in the round drops the older ones), so only the bound can be asserted,
    # on this window's limiter: the stock sums every limiter alive in the process, and one an
    # earlier test made may not be collected yet (30 against 20 in two full runs).
    limiter = window.session.engine.limiter
    assert len(vars(limiter)["_done"]) <= limiter.limit
    changes = vars(window.library.unsent)["_seen"]
    assert min(at for _, at in changes.noted.values()) >= time.time() - recent.REMEMBERED_S - 30
    kept_lately = (RECENT_REQUESTS, RECENT_ROUND_TRIPS, RECENT_CHANGES)
    grown = {
        name: last.containers[name] - warm.containers.get(name, 0)
        for name in last.containers
        if name not in (*LIBRARY_ROWS, *ROW_INDEX, THUMBNAILS, *kept_lately)
    }
    assert {name: n for name, n in grown.items() if n >= jobs // 4} == {}


async def test_the_count_of_jobs_not_sent_forgets_what_no_read_can_still_overtake(
    bridge: Bridge, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count of jobs not sent remembers each job's last change, and each delete, against
    reads of the library made before them, only as long as such a read can still come back.
    Before, it kept one entry per job, and per delete, for as long as the window was open."""
    monkeypatch.setattr(recent, "REMEMBERED_S", 0.0)
    counter = unsent.UnsentJobs(bridge)
    owned.append(counter)
    long_ago = time.time() - 1.0
    for job_id in range(1, 51):
        job = make_snapshot(JobState.COMPLETED, id=job_id, updated_at=long_ago)
        bridge.job_changed.emit(replace(job, simulated=bridge.session.demo))
        bridge.job_deleted.emit(job_id + 100)
    assert list(vars(counter)["_seen"]) == [50]
    assert list(vars(counter)["_gone"]) == [150]


SWITCHES = 3


def _open_window() -> MainWindow | None:
    """The app's window once it is shown and its library loaded."""
    for widget in QApplication.topLevelWidgets():
        if (
            isinstance(widget, MainWindow)
            and shiboken6.isValid(widget)
            and widget.isVisible()
            and widget.library.model.loaded
        ):
            return widget
    return None


async def _switched(window: MainWindow) -> None:
    """Switch mode from ``window``, until the window that replaces it is open."""
    window.switch_mode()
    await until(lambda: _open_window() not in (None, window), timeout=LOADED)


async def test_a_switch_of_mode_leaves_nothing_of_the_window_it_closed(
    start_app: Callable[[], asyncio.Task[int]],  # noqa: F811
) -> None:
    """A thread started while a window is open (one of Qt's or the loop's pools, which
    outlive it) kept that window's ``sys.excepthook``, and through it the window's bridge,
    the window and its library, rows and thumbnails: one more window kept at each switch
    of mode. A closed window's Python objects are collected, however many switches."""
    threads_done = threading.Event()
    app_main = start_app()
    closed: list[weakref.ref[object]] = []
    try:
        await until(lambda: _open_window() is not None, timeout=LOADED)
        for _ in range(SWITCHES):
            window = _open_window()
            assert window is not None
            threading.Thread(target=threads_done.wait).start()  # a pool's, outliving it
            closed += [weakref.ref(window), weakref.ref(window.library.model)]
            await _switched(window)
        del window
        gc.unfreeze()  # the launch froze the first window (entry.launched)
        gc.collect()
        kept = sum(ref() is not None for ref in closed)
        assert kept == 0, f"{kept} closed windows and libraries of {len(closed)} are kept"
        last = _open_window()
        assert last is not None
        last.close()
        del last
        assert await asyncio.wait_for(app_main, LOADED) == 0
    finally:
        threads_done.set()


async def test_each_kind_s_banner_is_made_once_and_goes_with_its_window(
    session: Session, bridge: Bridge
) -> None:
    """Each kind's banner is made the first time it shows, not with the window: shown again
    with other words, after a dismissal too, it is the same banner, the window's QObject
    tree no larger; closed, the window takes every one with it, the ones made late too."""
    window = await open_window(session, bridge)
    try:
        for kind in BannerKind:
            window.banner.show_message(f"The {kind} went wrong.", "", kind=kind)
        banners = window.banner.findChildren(MessageBanner)
        assert len(banners) == len(BannerKind)
        before = sum(not _in_a_label_text_control(o) for o in window.findChildren(QObject))
        for kind in BannerKind:
            window.banner.dismiss(kind)
            window.banner.show_message(f"The {kind} went wrong again.", "Try again.", kind=kind)
        after = sum(not _in_a_label_text_control(o) for o in window.findChildren(QObject))
        assert after == before, "a banner was made again for its kind"
    finally:
        await close_window(window)
    assert not any(shiboken6.isValid(banner) for banner in banners)


async def test_a_banner_first_shown_late_leaves_each_widget_to_its_own_parents(
    session: Session, bridge: Bridge
) -> None:
    """A banner first shown late is put in the Tab order without PySide taking any widget
    for owned by one that is not its parent's: a walk round the window's focus chain made
    each widget owned, for PySide, by the one before it, the window by the banner's
    Dismiss. A widget deleted then took with it, for PySide, every widget after it round
    the window: the window's things made by Qt went for deleted, the library's Sort
    choices among them, and the window's close, which saves the Sort, crashed the app
    (once a file published from the Upload tab took its row away)."""
    window = await open_window(session, bridge)
    try:
        before = owned_astray(window)  # the library's Sort menu, added to the View menu's
        window.banner.show_message("Publishing failed.", "Try again.", kind=BannerKind.PUBLISH)
        assert owned_astray(window) == before
    finally:
        await close_window(window)


def owned_astray(window: QWidget) -> list[str]:
    """The widgets of ``window`` that PySide holds for owned by another of its widgets that
    is not their parent's, nor theirs, each with that owner. Taken from PySide's wrappers,
    not ``findChildren``: that makes every widget it answers owned by the one asked, and
    so hid every one owned astray."""
    widgets = {
        id(widget): widget
        for widget in shiboken6.getAllValidWrappers()
        if isinstance(widget, QWidget) and (widget is window or _has_ancestor(widget, window))
    }
    return [
        f"{type(widget).__name__} {widget.objectName()!r} by {type(owner).__name__}"
        for widget in widgets.values()
        if (owner := widgets.get(_pyside_owner(widget))) is not None
        and not _has_ancestor(widget, owner)
    ]


def _has_ancestor(widget: QObject, ancestor: QObject) -> bool:
    """Whether ``ancestor`` is a parent of ``widget``'s, or theirs, windows of their own
    (the full view, a menu) too: ``QWidget.isAncestorOf`` stops at a window."""
    parent = widget.parent()
    while parent is not None and parent is not ancestor:
        parent = parent.parent()
    return parent is ancestor


def _pyside_owner(widget: QWidget) -> int | None:
    """The ``id`` of the object PySide holds ``widget`` for (its "parent" there, as
    ``shiboken6.dump`` tells it), if one."""
    said = re.search(r"parent\.+ <\S+ at (0x[0-9a-f]+)>", shiboken6.dump(widget))
    return None if said is None else int(said.group(1), 16)
