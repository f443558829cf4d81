"""The library as a list model: every job, newest first, live.

Rows are immutable :class:`Snapshot` copies. A query runs in a worker thread and its first
page is swapped in with one model reset; the view asks for later pages as it scrolls
(``canFetchMore``/``fetchMore``), so start-up and search cost the same with 100 artworks or
100 000. After that the model follows ``bridge.job_changed`` row by row (update in place,
insert where the ordering puts it if that is within the pages loaded, drop rows that stop
matching the filter) and ``bridge.job_deleted``; the rows that stop matching, or are
deleted, among changes told together (``Bridge.together``: Unstar of thousands under
★ Starred, Retry of thousands under Failed, Delete of several) leave at the end, or every
:data:`GOING_MS` while those go on, a run of neighbours in one removal. Events that arrive
while a query is running are replayed onto its result, so a reload never rolls a job back
to an older state. What another program writes to the library (the CLI's generate or
import) reaches no event: the model asks SQLite every :data:`OUTSIDE_CHECK_MS` whether
another connection committed, and reads the query again when one has, until the bridge
closes. A query whose first page could not be read is read again by itself a few times
(:data:`READ_AGAIN_MS`); its failure is told once, until a read succeeds.

A deleted artwork never comes back as a tile: the model keeps the ids deleted (told by
``bridge.job_deleted``, or found gone when another program's write made it read again) and
drops any copy of one told after, a writer's late row (an Edit details saved as it was
deleted, the rest of a Star of thousands told a few hundred a turn). Ids are never given
twice (``store.schema._NeverReusedId``), so no new artwork is hidden by it.
"""

from __future__ import annotations

import asyncio
import bisect
import functools
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QPixmap

from kontext_studio.batch_place import place_words
from kontext_studio.errors import KontextError
from kontext_studio.explain import explain_kind
from kontext_studio.jobs.engine import JobEngine
from kontext_studio.jobs.states import JobState
from kontext_studio.publish import Found
from kontext_studio.store.ledger import Snapshot
from kontext_studio.store.order import Cursor, LibraryOrder, cursor_key, cursor_of, order_key
from kontext_studio.store.search import matches, search_text, search_words
from kontext_studio.text_direction import in_its_direction
from kontext_studio.ui.batch_place import shown_title
from kontext_studio.ui.bridge import Bridge, Said, snapshot_of
from kontext_studio.ui.copied_image import ARTWORK_MIME, CopiedArtwork, artwork_data
from kontext_studio.ui.job_actions import has_image, reference_name
from kontext_studio.ui.plain_text import left_to_right, plain_tooltip
from kontext_studio.ui.row_index import RowIndex
from kontext_studio.ui.thumbnails import ThumbnailCache
from kontext_studio.ui.translations import grouped

AnyIndex = QModelIndex | QPersistentModelIndex

STATE_COLORS: dict[JobState, str] = {
    JobState.QUEUED: "#8a8f98",
    JobState.UPLOADING: "#3b82f6",
    JobState.SUBMITTING: "#3b82f6",
    JobState.GENERATING: "#8b5cf6",
    JobState.DOWNLOADING: "#14b8a6",
    JobState.COMPLETED: "#22a06b",
    JobState.FAILED: "#e5484d",
    JobState.TIMEOUT: "#f76808",
    JobState.UNKNOWN: "#d4a106",
    JobState.CANCELLED: "#6b7280",
}
PAGE_SIZE = 300
"""Rows per query: more than any window shows at once, a few milliseconds to load."""
ALL_ROWS = 10_000_000
"""A page with every row left (:meth:`LibraryModel.fetch_all`): more than a library holds."""
OUTSIDE_CHECK_MS = 2000
"""How often the model asks whether another program (the CLI) changed the library."""
GOING_MS = 100
"""While changes told together go on over turns of the loop (a Retry or Delete of several,
one job after the other): how often the rows that left meanwhile are taken out. The grid
keeps up with them, a run at a time, and one slow to go (its image slow to reach the
Trash) holds the others back no longer than this."""
READ_AGAIN_MS = (2000, 4000, 8000, 16000, 32000)
"""After the first page of a query could not be read (the library busy, a disk come back):
when it is read again by itself, each time longer after the last, for about a minute; then
Try again, a Generate or another program's write reads it. While reads fail, another
program's write is read after the next of these waits (the last, again and again, once they
are all waited) until a read succeeds, not at each check: the command line writing during an
outage had the window read again every 2 s while it lasted, each read holding a worker
thread up to the library's 5 s busy timeout."""
NEEDS_ATTENTION = frozenset({JobState.FAILED, JobState.TIMEOUT, JobState.UNKNOWN})


def state_color(state: JobState) -> QColor:
    return QColor(STATE_COLORS[state])


def state_label(state: JobState) -> str:
    """The artist's word for a state (shared by the library and the preview)."""
    words = {
        JobState.QUEUED: QCoreApplication.translate("JobState", "Queued"),
        JobState.UPLOADING: QCoreApplication.translate("JobState", "Uploading"),
        JobState.SUBMITTING: QCoreApplication.translate("JobState", "Sending"),
        JobState.GENERATING: QCoreApplication.translate("JobState", "Generating"),
        JobState.DOWNLOADING: QCoreApplication.translate("JobState", "Downloading"),
        JobState.COMPLETED: QCoreApplication.translate("JobState", "Completed"),
        JobState.FAILED: QCoreApplication.translate("JobState", "Failed"),
        JobState.TIMEOUT: QCoreApplication.translate("JobState", "Timed out"),
        JobState.UNKNOWN: QCoreApplication.translate("JobState", "Outcome unknown"),
        JobState.CANCELLED: QCoreApplication.translate("JobState", "Cancelled"),
    }
    return words[state]


HELD_UP = frozenset({JobState.QUEUED, JobState.GENERATING, JobState.DOWNLOADING})
"""The states in which a job keeps why it is held up while it tries again by itself."""


def waiting_reason(snapshot: Snapshot, engine: JobEngine) -> str:
    """Why a running job is held up (KIE under maintenance, the rate limit, no connection):
    a queued one waits to be sent again, or its turn under KIE's rate; a generating or
    downloading one cannot ask KIE about its task or fetch its image; the engine keeps the
    reason while it lasts. Empty when nothing holds it up."""
    if snapshot.state is JobState.QUEUED and engine.waits_turn(snapshot.id):
        return turn_words(engine)
    if snapshot.state not in HELD_UP or not snapshot.error_kind:
        return ""
    # Its detail chooses the words (a refused link is not said to have expired), unshown.
    words = explain_kind(snapshot.error_kind, snapshot.error_detail, snapshot.facts, brief=True)
    return words.message


def turn_words(engine: JobEngine) -> str:
    """Why a job waits its turn: the app sends no more than its limit (KIE's rate, or a
    slower one the settings set); a demo job goes to the demo server, not to KIE."""
    limiter = engine.limiter
    if engine.config.simulated:
        words = QCoreApplication.translate(
            "LibraryModel",
            "Waiting its turn: jobs go to the demo server at most {limit} per {seconds} s.",
        )
    else:
        words = QCoreApplication.translate(
            "LibraryModel", "Waiting its turn: jobs go to KIE at most {limit} per {seconds} s."
        )
    return words.format(limit=grouped(limiter.limit), seconds=f"{limiter.window_s:g}")


def waits_for_other_mode(snapshot: Snapshot, demo: bool) -> bool:
    """Whether ``snapshot`` is a running job of the other mode (made in demo mode while the
    app runs live, or the other way round): nothing runs it until the app starts in its
    mode again (``JobEngine.resume``), so no seconds tick for it."""
    return snapshot.state.is_active and snapshot.simulated is not demo


def other_mode_words(snapshot: Snapshot, demo: bool) -> str:
    """For a running job of the other mode, "waits for live mode" (or demo mode); empty for
    any other job."""
    if not waits_for_other_mode(snapshot, demo):
        return ""
    if snapshot.simulated:
        return QCoreApplication.translate("LibraryModel", "waits for demo mode")
    return QCoreApplication.translate("LibraryModel", "waits for live mode")


def elapsed_s(snapshot: Snapshot, now: float | None = None) -> float | None:
    """Seconds an active job has been at it (since KIE accepted it, else since it was
    created; one given its task id, since it was given it: KIE made that task long before);
    for a finished job, its Duration (:attr:`Snapshot.duration_s`); ``None`` when unknown."""
    if snapshot.state.is_active:
        start = snapshot.task_given_at or snapshot.submitted_at or snapshot.created_at
        return max((now if now is not None else time.time()) - start, 0.0)
    return snapshot.duration_s


@dataclass(frozen=True)
class Page:
    """One page of the query as shown, and where the ledger's reading of it ended (a row read
    may not be shown: its stop could not be recorded, and shows another state); ``version``
    is the ledger's data version read just before it (see :data:`OUTSIDE_CHECK_MS`)."""

    rows: list[Snapshot]
    more: bool
    cursor: Cursor | None
    version: int | None  # read for a first page only: later pages add to what it saw
    gone: frozenset[int] = frozenset()
    """Of the ids asked about (the rows shown before a read again), those the library no
    longer has."""
    known: tuple[Snapshot, ...] = ()
    """Those it has, as read (``Bridge.read_again``)."""
    newest: tuple[Snapshot, ...] = ()
    """The library's newest artworks, whatever the query, where a read by itself asked for
    them (``Bridge.read_by_itself``)."""
    keys: tuple[Cursor, ...] = ()
    """Each row's place in the query's order (:func:`order_key`), one a row, worked out in
    the worker thread that read it (:meth:`LibraryModel._swap`, :meth:`LibraryModel._append`)."""
    lookups: Lookups | None = field(default=None, repr=False, compare=False)
    """Of a first page, each row's place by its id and the running rows, made in the worker
    thread that read it: read again after another program's write (every row loaded, down
    to the end of a library of 100 000), they were made on the window's thread each time,
    27 ms and 37 ms of it held. Not of a later page, whose rows go after those shown, their
    places worked out there (:meth:`LibraryModel._append`): made, 40 ms went for nothing
    at each Ctrl+A or End in such a library."""

    def __post_init__(self) -> None:
        # A key short would leave each row after it beside another's key: moved to the
        # wrong place (a star given, a rename) and found in the wrong place thereafter.
        if len(self.keys) != len(self.rows):
            raise ValueError(f"a page of {len(self.rows)} rows with {len(self.keys)} keys")


class Lookups(NamedTuple):
    """Of some rows: the row of each id (from 0), and the ids of the running ones."""

    row_of: dict[int, int]
    running: set[int]


def lookups(rows: Sequence[Snapshot]) -> Lookups:
    """The :class:`Lookups` of ``rows``."""
    return Lookups(
        {snap.id: row for row, snap in enumerate(rows)},
        {snap.id for snap in rows if snap.state.is_active},
    )


class Place(NamedTuple):
    """Where an artwork is in the library as shown: ``position`` (from 1) of the ``total``
    loaded; ``more`` while later pages of the query are still to be read."""

    position: int
    total: int
    more: bool


@dataclass(frozen=True)
class Filter:
    """The current query; :meth:`matches` mirrors ``Ledger.search`` for live updates."""

    text: str = ""
    states: frozenset[JobState] | None = None
    starred: bool | None = None
    order: LibraryOrder = LibraryOrder.NEWEST

    @property
    def narrows(self) -> bool:
        return bool(self.text.strip()) or self.states is not None or self.starred is not None

    def matches(self, snapshot: Snapshot) -> bool:
        if self.states is not None and snapshot.state not in self.states:
            return False
        if self.starred is not None and snapshot.starred != self.starred:
            return False
        words = self.words
        if not words:
            return True
        fields = (snapshot.prompt, snapshot.title, snapshot.tags, snapshot.description)
        return matches(words, search_text(*fields))

    @functools.cached_property
    def words(self) -> list[str]:
        return search_words(self.text)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted ``rows`` as runs of neighbours, (first, last) each, in order."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class LibraryModel(QAbstractListModel):
    """One row per job; see the module docstring for how it stays current."""

    SnapshotRole = Qt.ItemDataRole.UserRole + 1
    StateRole = Qt.ItemDataRole.UserRole + 2
    TitleRole = Qt.ItemDataRole.UserRole + 3
    ThumbnailRole = Qt.ItemDataRole.UserRole + 4
    ErrorRole = Qt.ItemDataRole.UserRole + 5
    ElapsedRole = Qt.ItemDataRole.UserRole + 6
    StarredRole = Qt.ItemDataRole.UserRole + 7
    StatusRole = Qt.ItemDataRole.UserRole + 8  # "Generating · 12 s", "Failed", "1024 × 768"
    OtherModeRole = Qt.ItemDataRole.UserRole + 9  # "waits for live mode", or ""
    PublishFailedRole = Qt.ItemDataRole.UserRole + 10  # its last publish failed: in red
    PlaceRole = Qt.ItemDataRole.UserRole + 11  # "2 of 4" among one generate's images, or ""
    PublishedElsewhereRole = Qt.ItemDataRole.UserRole + 12  # in another bucket than Settings'
    PUBLISH_ROLES = frozenset(
        {
            StatusRole,
            PublishFailedRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        }
    )
    """What a change of :attr:`publish_words` changes: the words under a tile, their colour,
    its tooltip and what a screen reader says of it."""

    reloaded = Signal()  # a query's rows are in (also after an empty result)
    page_added = Signal()  # a later page of the query is in (also when it brought no row)
    page_not_read = Signal()  # a page of the query (its first too) could not be read
    rows_leaving = Signal(int, int)  # these rows (first, last) are about to be removed
    read_over = Signal(object)
    """A read of the library failed (a query's first page, or a later one as the grid
    scrolled), told as this :class:`Said` (``Bridge.report_said``), and a read has
    succeeded since (by itself, :data:`READ_AGAIN_MS`): the window takes the banner down,
    unless other words took its place."""

    def __init__(self, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.thumbnails = ThumbnailCache(bridge, parent=self)
        self.thumbnails.ready.connect(self._thumbnail_ready)
        self.filter = Filter()
        self.loaded = False
        self.read_failed = False
        """Whether the first page of the query in :attr:`filter` could not be read (the
        library busy, the disk): no rows are shown for it until a read of it succeeds."""
        self._read_filter: Filter | None = None
        """The query whose rows are shown, read last without error."""
        self.removing = False
        """While rows are taken out (one, or a run of neighbours: :meth:`_remove`): the
        views' selection and current row follow them."""
        self.moving_on: int | None = None
        """The row being taken out because its change sorts it past the pages loaded
        (:meth:`_to_its_place`): not gone, further down."""
        self._rows: list[Snapshot] = []
        self._keys: list[Cursor] = []
        self._index = RowIndex(self._rows)
        self._going: dict[int, None] = {}
        """While changes are told together (:meth:`_together`): the ids of the rows that
        stopped matching the filter, taken out when they are all told."""
        self._telling_together = False
        self._deleted: set[int] = set()
        """Every id deleted while the model lives: a copy of one told later is dropped."""
        self.found_gone: frozenset[int] = frozenset()
        """The ids the last read of a query found deleted by another program (the CLI), not
        deleted here: while :attr:`reloaded` is told, the window can say so."""
        self._active: set[int] = set()
        self._generation = 0
        self._more = False
        self._fetching = False
        self._cursor: Cursor | None = None
        """Where the next page starts: the last row fetched in the order
        (:func:`~kontext_studio.store.order.cursor_of`; by date, its time, place and id)."""
        self._replay: list[Snapshot | int] | None = None
        self._fetch_replay: list[Snapshot | int] | None = None
        # What :meth:`fetch_all` asked for while a page was being read, and for which query.
        self._after_page: tuple[int, Callable[[], None]] | None = None
        self._placeholders: dict[JobState, QPixmap] = {}
        self.publish_failed: Callable[[Snapshot], bool] = lambda _snap: False
        """Whether the last publish of an artwork failed (:attr:`publish_words` says so):
        its tile says it in the error colour, and a screen reader says it too."""
        self.unpublish_failed: Callable[[Snapshot], bool] = lambda _snap: False
        """Whether the last unpublish of an artwork failed, and it is still published, or the
        removal of what a stopped publish left (``PublishController.unpublish_failed``):
        said as a failed publish is."""
        self.publish_why: Callable[[Snapshot], str] = lambda _snap: ""
        """Why the last publish of an artwork failed (``PublishController.failure_words``),
        for its tile's tooltip; "" when it did not."""
        self.publish_words: Callable[[Snapshot], str] = lambda _snap: ""
        """What a publish of an artwork is doing, or that its last one failed, for its tile
        ("Publishing… 42 %"); "" when nothing. The window sets it from its publishing and
        calls :meth:`publish_changed` when it changes."""
        self.publish_waits: Callable[[Snapshot], bool] = lambda _snap: False
        """Whether an artwork waits its turn in a Publish of several
        (``PublishController.waits_turn``): a screen reader hears it, as its tile says it."""
        self.publish_lines: Callable[[], list[str]] = list
        """Every line :attr:`publish_words` says, at its widest
        (``PublishController.widest_tile_words``): the tiles are made wide enough for them
        (:meth:`widest_status_lines`)."""
        self.published_elsewhere: Callable[[Snapshot], bool] = lambda _snap: False
        """Whether a published artwork is published in another bucket than the R2 settings
        name, as the preview says (``PublishController.in_another_bucket``): its tile's pill
        says "Published elsewhere". The window calls :meth:`settings_changed` when they
        change."""
        self.place_if_unset: Callable[[Snapshot], tuple[str, str] | None] = lambda _snap: None
        """The bucket and host a published artwork's record names while publishing is not
        set up (``PublishController.place_if_unset``): a screen reader hears it named."""
        self.part_left: Callable[[Snapshot], Found | None] = lambda _snap: None
        """What a check found left in the bucket of an artwork that may be gone
        (``PublishController.part_left``): a screen reader hears it, as the line under the
        tile's picture says it."""
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        bridge.closing.connect(self._ticker.stop)
        bridge.job_changed.connect(self._job_changed)
        bridge.job_deleted.connect(self._job_deleted)
        bridge.turn_changed.connect(self._turn_changed)
        bridge.told_together.connect(self._together)
        self._going_out = QTimer(self)
        self._going_out.setInterval(GOING_MS)
        self._going_out.timeout.connect(self._take_going_out)
        bridge.closing.connect(self._going_out.stop)
        self._failure: Said | None = None
        """How the last read of a query's page that failed was told,
        while none succeeded since: the reads the model makes by itself do not tell
        it again (another program writing every second had it told every 2 s, in the log
        too), and the one that succeeds tells :attr:`read_over`."""
        self._read_again = QTimer(self)
        self._read_again.setSingleShot(True)
        self._read_again.timeout.connect(self._read_again_now)
        bridge.closing.connect(self._read_again.stop)
        self._reads_again = 0  # how many of :data:`READ_AGAIN_MS` were waited since it failed
        self._outside_version: int | None = None
        self._checking_outside = False
        self._outside = QTimer(self)
        self._outside.setInterval(OUTSIDE_CHECK_MS)
        self._outside.timeout.connect(self._check_outside)
        self._outside.start()
        bridge.closing.connect(self._outside.stop)

    # Public API ---------------------------------------------------------------------------

    def reload(
        self,
        search: str = "",
        states: list[JobState] | None = None,
        starred: bool | None = None,
        *,
        order: LibraryOrder = LibraryOrder.NEWEST,
        rows: int = PAGE_SIZE,
        known: Collection[int] = (),
        by_itself: bool = False,
    ) -> None:
        """Query the ledger in a worker thread, then swap the rows in with one reset; the
        first page has ``rows`` rows at most (more, to keep what the view had loaded). Of
        ``known`` (the rows shown, read again after another program's write), those the
        library no longer has are kept as deleted. A read the model makes ``by_itself``
        (not the artist's) that fails is told only when none failed before it."""
        self.filter = Filter(search, frozenset(states) if states else None, starred, order)
        self._read_again.stop()
        if not by_itself:  # the artist's: a failure is read again a few times from now on
            self._reads_again = 0
        self._generation += 1
        generation = self._generation
        self._replay = []
        # No page of the old query while this one runs; its rows, shown until then, keep
        # what is known of them: whether more pages follow (the full view's "3 / 300+").
        self._fetching = True
        self._fetch_replay = None
        self.bridge.spawn(
            self._first_page(
                generation,
                max(rows, PAGE_SIZE),
                known,
                told=not by_itself,
                newest=by_itself and self.filter.narrows,
            ),
            on_done=lambda page: self._swap(generation, page, by_itself=by_itself),
            owner=self,
        )

    async def _first_page(
        self, generation: int, limit: int, known: Collection[int], *, told: bool, newest: bool
    ) -> Page | None:
        """The first page of the query; ``None`` when it could not be read and that is not
        to be told again (:attr:`_failure`), or was told here. Not told once another read
        began (a search typed on): that one tells its own failure, and the failure of the
        one it replaced, come after it succeeded, put the banner up over the rows it read,
        until another read, perhaps never."""
        try:
            return await self._page(generation, limit=limit, known=known, newest=newest)
        except KontextError as error:
            if generation != self._generation:
                return None
            if told or self._failure is None:
                self._failure = self.bridge.report_said(error)
            return None

    def snapshot(self, row: int) -> Snapshot:
        return self._rows[row]

    def look_up(self, job_id: int, on_done: Callable[[Snapshot | None], None]) -> None:
        """Read ``job_id``'s row in a worker thread and hand it to ``on_done`` as the query
        shows it: None when the library no longer has it, the query hides it, or it cannot
        be read. Not handed over when another query begins meanwhile."""
        generation = self._generation
        query = self.filter

        def done(found: Snapshot | None) -> None:
            if generation == self._generation:
                on_done(found)

        self.bridge.spawn(self._read_one(job_id, query), on_done=done, owner=self)

    async def _read_one(self, job_id: int, query: Filter) -> Snapshot | None:
        session = self.bridge.session
        try:
            row = await asyncio.to_thread(session.ledger.get, job_id)
        except KontextError:  # told by the reads that need the library
            return None
        shown = session.engine.as_shown(row) if row is not None else None
        return shown if shown is not None and query.matches(shown) else None

    def row_of(self, job_id: int) -> int | None:
        return self._index.get(job_id)

    def row_after(self, snap: Snapshot) -> int:
        """The first row that sorts after ``snap`` (:data:`rowCount` when none does): the
        one that takes its place once it is gone."""
        return bisect.bisect_left(self._keys, self._order(snap))

    @property
    def more_to_read(self) -> bool:
        """Whether later pages of the query are still to be read (being read or not)."""
        return self._more

    @property
    def reading_query(self) -> bool:
        """Whether the query's first page is being read (a search or filter just begun, or
        the rows read again): :attr:`reloaded` comes once it is in."""
        return self._replay is not None

    @property
    def reading(self) -> bool:
        """Whether rows of the query are being read: a later page (:meth:`fetchMore`,
        :meth:`fetch_all`), after which :attr:`page_added` comes, or the query's first
        page, read anew or again (another program's write), after which :attr:`reloaded`
        does; or :attr:`page_not_read`."""
        return self._fetching

    def read_ahead(self, row: int) -> None:
        """A key of the artist's moved to ``row``: within a third of a page of the last row
        loaded, the next page is read (in a worker thread), before a move reaches the end.
        Before, it was read only once the grid scrolled to its end, and Shift+Down held
        from the first tile stopped at the 300th."""
        if row >= len(self._rows) - PAGE_SIZE // 3:
            self.fetchMore()

    def place_of(self, job_id: int) -> Place | None:
        """Where ``job_id`` is among the rows shown; ``None`` when it is not one of them."""
        row = self.row_of(job_id)
        return None if row is None else Place(row + 1, len(self._rows), self._more)

    # Qt model -----------------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.loaded and self._more and not self._fetching

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """The view scrolled near the end: load the next page in a worker thread."""
        if self.canFetchMore(parent):
            self._fetch(PAGE_SIZE)

    def fetch_all(self, on_done: Callable[[], None]) -> None:
        """Load every row the query has not loaded yet, in a worker thread, then call
        ``on_done`` (at once when they all are): Select all selects the artworks the
        library shows, not only the pages scrolled to. Not called when another query
        begins meanwhile. While a page is loading (the grid scrolled to its end), the rest
        is read once it is in: before, ``on_done`` was called at once, and End (or Ctrl+A)
        went only as far as the pages read. Asked again before it is called, the later ask
        replaces it: the artist's last key is the one done (of End then Ctrl+A pressed while
        the rest was read, the End came last and selected the last artwork alone). While
        the first page of a query is read (a search just typed), the rest of that query is
        read once it is in: before, ``on_done`` was called at once, on the old query's rows;
        and when another program's write has the rows read again meanwhile, the rest is
        read once they are in, not dropped (:meth:`_outside_checked`)."""
        if self._replay is not None:  # a query's first page is being read
            self._after_page = (self._generation, on_done)
            return
        reading = self._fetch_replay is not None  # a later page, or the rest
        if self._cursor is None or not (reading or self.canFetchMore()):
            on_done()
            return
        self._after_page = (self._generation, on_done)
        if not reading:
            self._fetch(ALL_ROWS)

    def fetch_through(self, snap: Snapshot) -> None:
        """Read every row after the last one read down to ``snap`` (sorted past them) in
        one go, as one page: it is then in, and the rows above it. Before, each page down
        to it was read in turn, one after the other: 2.5 s for an artwork renamed to the
        end of a library of 10 000 under Name A→Z, 0.7 s in one."""
        if self.canFetchMore():
            self._fetch(ALL_ROWS, through=cursor_of(self._shown_order, snap))

    def _fetch(self, limit: int, through: Cursor | None = None) -> None:
        """Read ``limit`` rows after the last one read, down to the row at ``through`` when
        given; :meth:`_append` adds them."""
        if self._cursor is None:
            return
        self._fetching = True
        self._fetch_replay = []
        generation = self._generation
        self.bridge.spawn(
            self._later_page(generation, self._cursor, limit, through),
            on_done=functools.partial(self._append, generation),
            owner=self,
        )

    async def _later_page(
        self, generation: int, before: Cursor, limit: int, through: Cursor | None
    ) -> Page | None:
        """The page after ``before``; ``None`` when it could not be read, told here and
        kept as the library's failure (:attr:`_failure`): the read that succeeds next (the
        grid scrolled to its end again, another program's write read) takes its banner
        down. Before, the banner of a page that failed as the grid scrolled stayed up once
        the library could be read again. Not read again by itself: a row that cannot be
        read (a damaged file) would have its page fail again, the banner go up and down."""
        try:
            return await self._page(generation, before=before, limit=limit, through=through)
        except KontextError as error:
            self._failure = self.bridge.report_said(error)
            return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if 0 <= index.row() < len(self._rows) and self.draggable(self._rows[index.row()]):
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def draggable(self, snap: Snapshot) -> bool:
        """Whether ``snap``'s tile can be dragged out of the grid: an artwork with its image
        file, not found gone (known from memory: nothing is read on the GUI thread), nor
        being deleted, nor put in the trash by a Delete that could not remove it (its tile
        still shows the thumbnail made before; the note goes once the preview finds the
        image back). A failed or running job has no file to give."""
        return (
            has_image(snap)
            and snap.trashed_at is None
            and not self.thumbnails.missing(snap)
            and snap.id not in self.bridge.deleting
        )

    def dragged(self, indexes: Sequence[AnyIndex]) -> list[Snapshot]:
        """The artworks at ``indexes`` that go with a drag (:meth:`draggable`), once each,
        in the order given."""
        taken: dict[int, Snapshot] = {}
        for index in indexes:
            row = index.row()
            if index.isValid() and 0 <= row < len(self._rows):
                snap = self._rows[row]
                if snap.id not in taken and self.draggable(snap):
                    taken[snap.id] = snap
        return list(taken.values())

    def supportedDragActions(self) -> Qt.DropAction:
        """A copy alone: a target that would move the files (a file manager's Shift+drop)
        must not take them out of the library."""
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list", ARTWORK_MIME]

    def mimeData(  # type: ignore[override]  # Qt returns nullptr for no data; the stubs omit it
        self, indexes: Sequence[AnyIndex]
    ) -> QMimeData | None:
        """What a drag of the tiles at ``indexes`` carries: the image files of those that go
        (:meth:`dragged`), the library's own, as file URLs, which a file manager, a browser,
        an image editor or a chat takes; and which artwork the first is
        (:data:`~kontext_studio.ui.copied_image.ARTWORK_MIME`), for the reference slot to
        take it as Use as reference does (named by its title, known as the library's).
        None when none goes."""
        return self.drag_data(self.dragged(indexes))

    def drag_data(self, snaps: Sequence[Snapshot]) -> QMimeData | None:
        """What a drag of ``snaps`` (:meth:`dragged`) carries (:meth:`mimeData`)."""
        if not snaps:
            return None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(snap.file_path) for snap in snaps])
        first = snaps[0]
        artwork = CopiedArtwork(first.file_path, reference_name(first), first.id)
        mime.setData(ARTWORK_MIME, artwork_data(self.bridge, artwork))
        return mime

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column():
            return None
        snap = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, self.TitleRole):
            return shown_title(snap.display_title)
        if role == self.ThumbnailRole:
            return self.thumbnails.get(snap) if snap.state is JobState.COMPLETED else None
        if role == Qt.ItemDataRole.DecorationRole:
            thumbnail = self.data(index, self.ThumbnailRole)
            return thumbnail if thumbnail is not None else self._placeholder(snap.state)
        if role == self.PlaceRole:
            return place_words(snap)
        if role == self.SnapshotRole:
            return snap
        if role == self.StateRole:
            return snap.state
        if role == self.ErrorRole:
            return self.error_text(snap)
        if role == self.ElapsedRole:
            return elapsed_s(snap)
        if role == self.StarredRole:
            return snap.starred
        if role == self.StatusRole:
            return self.status_text(snap)
        if role == self.OtherModeRole:
            return other_mode_words(snap, self.bridge.session.demo)
        if role == self.PublishFailedRole:
            return snap.state is JobState.COMPLETED and (
                self.publish_failed(snap) or self.unpublish_failed(snap)
            )
        if role == self.PublishedElsewhereRole:
            return bool(snap.published_key) and self.published_elsewhere(snap)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(snap)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.accessible_name(snap)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self.accessible_description(snap)
        return None

    def file_missing(self, snap: Snapshot) -> bool:
        """Whether ``snap``'s image file was found gone, by its tile's thumbnail or by the
        preview: known from memory, so asking costs no disk read on the GUI thread."""
        return snap.state is JobState.COMPLETED and self.thumbnails.missing(snap)

    def files_missing(self, snapshots: Iterable[Snapshot]) -> frozenset[int]:
        """Of ``snapshots`` (thousands selected), the ids whose image file was found gone
        (:meth:`file_missing`)."""
        return self.thumbnails.missing_among(
            snap for snap in snapshots if snap.state is JobState.COMPLETED
        )

    def files_unreadable(self, snapshots: Iterable[Snapshot]) -> frozenset[int]:
        """Of ``snapshots`` (thousands selected), the ids whose image file is there but was
        found damaged: their tiles say "Image unreadable" (:meth:`image_trouble`)."""
        return self.thumbnails.unreadable_among(
            snap for snap in snapshots if snap.state is JobState.COMPLETED
        )

    # Words --------------------------------------------------------------------------------

    def status_text(self, snap: Snapshot) -> str:
        """One short line: the state, with the seconds ticking while it runs."""
        label = state_label(snap.state)
        if waits := other_mode_words(snap, self.bridge.session.demo):
            return self.tr("{0} · {1}").format(label, waits)
        if snap.state.is_active:
            return self._ticking(label, elapsed_s(snap) or 0.0)
        if snap.state is JobState.COMPLETED and (publishing := self.publish_words(snap)):
            return publishing
        if snap.state is JobState.COMPLETED and snap.width and snap.height:
            return left_to_right(self.tr("{0} × {1}").format(snap.width, snap.height))
        return label

    def _ticking(self, label: str, seconds: float) -> str:
        """A running job's status line: its state and the seconds it has run."""
        return self.tr("{0} · {1} s").format(label, int(seconds))

    def widest_status_lines(self) -> list[str]:
        """The status lines a tile is made wide enough for (``library_panel.tile_shape``):
        every state's, a running one's with its seconds in two figures, as most jobs take.
        At 24 pt a tile the width it had at the default font cut "Generating · 12 s" to
        "Generat…"; a publish's lines are among them ("No answer from R2 · 120 s")."""
        lines = [state_label(state) for state in JobState]
        lines += [self._ticking(state_label(state), 99) for state in JobState if state.is_active]
        return lines + self.publish_lines()

    def image_trouble(self, snap: Snapshot) -> str:
        """What a finished artwork's tile says in place of its picture when its image file
        could not be read: unreadable (there, but damaged or cut short: it said "Image
        missing" of a file that was there), or missing (gone); empty otherwise. Known from
        memory (:class:`ThumbnailCache`): nothing is read to answer. A finished row that
        names no file at all (written by another program, or an old version) is missing:
        no thumbnail is ever read for it, and its tile said "Loading…" for ever."""
        if snap.state is not JobState.COMPLETED:
            return ""
        if not snap.file_path:
            return self.tr("Image missing")
        if self.thumbnails.unreadable(snap):
            return self.tr("Image unreadable")
        if self.thumbnails.failed(snap):
            return self.tr("Image missing")
        return ""

    def accessible_name(self, snap: Snapshot) -> str:
        """What a screen reader says for a tile: what the tile shows in paint (its title,
        its state unless it is done, that its image is unreadable or missing, the star and
        Published badges), with no ticking seconds that would change it every second. The
        prompt, what of it the title does not say, is its description. Before, a reader
        heard a damaged artwork's tile as a whole one. With publishing not set up, a
        published one's bucket is named: no bucket is the one publishing goes to, and
        "published" alone read as published there. The title in its own direction, as the
        tile paints it: an Arabic or Hebrew one took the words after it into its own order,
        read out of turn."""
        parts = [in_its_direction(shown_title(snap.display_title))]
        if place := place_words(snap):
            parts.append(place)
        if snap.state is not JobState.COMPLETED:
            parts.append(state_label(snap.state))
        if trouble := self.image_trouble(snap):
            parts.append(trouble)
        if snap.starred:
            parts.append(self.tr("starred"))
        if snap.published_key and self.published_elsewhere(snap):
            parts.append(self.tr("published in another bucket"))
        elif snap.may_be_gone:
            parts.append(self._gone_words(snap))
        elif snap.published_key and (bucket := self.place_if_unset(snap)):
            parts.append(self.tr("published in the bucket '{bucket}'").format(bucket=bucket[0]))
        elif snap.published_key:
            parts.append(self.tr("published"))
        elif snap.state is JobState.COMPLETED and self.publish_failed(snap):
            parts.append(self.tr("publishing failed"))
        elif snap.state is JobState.COMPLETED and self.publish_waits(snap):
            parts.append(self.tr("waiting to publish"))
        if self.unpublish_failed(snap) and snap.published_key:
            parts.append(self.tr("unpublish failed"))
        elif self.unpublish_failed(snap):  # what a stopped publish left
            parts.append(self.tr("removal from the bucket failed"))
        return self.tr(", ").join(parts)

    def _gone_words(self, snap: Snapshot) -> str:
        """What a screen reader hears of an artwork that may be gone from R2, with the part
        a check found left (:attr:`part_left`): before, only "may be gone from R2", where
        the tile said "Only its manifest is left"."""
        part = self.part_left(snap)
        if part is Found.IMAGE:
            return self.tr("may be gone from R2: only its image is left")
        if part is Found.MANIFEST:
            return self.tr("may be gone from R2: only its manifest is left")
        return self.tr("may be gone from R2")

    def accessible_description(self, snap: Snapshot) -> str:
        """What a screen reader says after a tile's name: its prompt, what of it the name
        does not say already (:attr:`~kontext_studio.store.ledger.Snapshot.prompt_beyond_title`),
        why it is held up (waiting its turn under KIE's rate, KIE under maintenance), as
        the tile shows in paint, and why it stopped. Without the reason, a job held back
        was only "Queued", as if stuck."""
        other_mode = waits_for_other_mode(snap, self.bridge.session.demo)
        held_up = "" if other_mode else waiting_reason(snap, self.bridge.session.engine)
        parts = (snap.prompt_beyond_title, held_up, self.error_text(snap))
        return "\n".join(part for part in parts if part)

    def error_text(self, snap: Snapshot, *, brief: bool = False) -> str:
        """Why a job stopped, in the words of ``explain.explain_kind`` (empty if it did not);
        ``brief`` (for a small tile) leaves out the server's detail, and a cancelled job's
        note: a paragraph of what reached KIE and what it may cost, which filled the tile's
        picture with small print. Its tile says "Cancelled"; the tooltip and the details
        pane give the note."""
        if snap.state in NEEDS_ATTENTION:
            kind = snap.error_kind or snap.state.value
            return explain_kind(kind, snap.error_detail, snap.facts, brief=brief).message
        if snap.state is JobState.CANCELLED and not brief:
            return snap.error_detail
        return ""

    def _tooltip(self, snap: Snapshot) -> str:
        """Its prompt, its place among the images of one generate ("2 of 4": its title line
        shows it alone where the tile has no room for the place beside its title), and what
        its tile says of it, whole."""
        prompt = snap.prompt if len(snap.prompt) <= 400 else snap.prompt[:400] + "…"
        # A job of the other mode is tried by nothing here: a reason kept from before is old.
        other_mode = waits_for_other_mode(snap, self.bridge.session.demo)
        held_up = "" if other_mode else waiting_reason(snap, self.bridge.session.engine)
        lines = [prompt, place_words(snap), self.status_text(snap), held_up]
        if error := self.error_text(snap):
            lines.append(error)
        if snap.state is JobState.COMPLETED and (why := self.publish_why(snap)):
            lines.append(why)
        return plain_tooltip("\n".join(line for line in lines if line))

    def _placeholder(self, state: JobState) -> QPixmap:
        pixmap = self._placeholders.get(state)
        if pixmap is None:
            pixmap = QPixmap(64, 64)
            pixmap.fill(state_color(state))
            self._placeholders[state] = pixmap
        return pixmap

    # Live updates -------------------------------------------------------------------------

    async def _page(
        self,
        generation: int,
        before: Cursor | None = None,
        limit: int = PAGE_SIZE,
        known: Collection[int] = (),
        *,
        newest: bool = False,
        through: Cursor | None = None,
    ) -> Page:
        """A page of the query; ``newest``: with the library's newest artworks whatever the
        query (:attr:`Page.newest`); ``through``: down to that row's cursor, the rows after
        it left for the next page. A first page folds the search texts of the rows another
        program wrote (``Ledger.fold_written_elsewhere``), as they are seen, not at the next
        open: the artist's read too, which may be the first to see them (a sort picked just
        after the write), the next look for writes then finding nothing new. One row more is
        read, to know whether any follow: before, more were said to follow the library's
        last row when it ended a page or was the artwork read down to, and the grid read an
        empty page after it."""
        query = self.filter
        stops = self.bridge.session.engine.shown_stops()  # here: the worker may not read it
        ledger = self.bridge.session.ledger

        def search(after: Cursor | None, limit: int, through: Cursor | None) -> list[Snapshot]:
            return ledger.search(
                query.text,
                states=list(stops.states_to_read(query.states)) if query.states else None,
                starred=query.starred,
                limit=limit,
                before=after,
                order=query.order,
                through=through,
            )

        def filtered_in(row: Snapshot) -> bool:
            return not query.states or stops.as_shown(row).state in query.states

        def any_shown_after(after: Cursor | None) -> bool:
            """Whether a row the query shows follows ``after``, read one row, then (under a
            state filter) a page at a time. Under a state filter a row read may not be shown
            (:meth:`ShownStops.states_to_read`): taken for one that follows, the page said
            more followed, and the grid read an empty page after it. Such rows are few: the
            first row read nearly always answers (a page of them was read each time)."""
            size = 1
            while ahead := search(after, size, None):
                if any(map(filtered_in, ahead)):
                    return True
                after = cursor_of(query.order, ahead[-1])  # under a state filter alone
                size = PAGE_SIZE
            return False

        def read() -> Page:
            # First: a commit after it shows as a change.
            version = ledger.data_version() if before is None else None
            if before is None:  # after: a row written as it folds is told by the next look
                ledger.fold_written_elsewhere()
            if through is None:  # one row past the page: whether any follow
                rows = search(before, limit + 1, None)
                past = rows[limit:]
                del rows[limit:]
                more = bool(past) and (
                    filtered_in(past[0]) or any_shown_after(cursor_of(query.order, past[0]))
                )
            else:  # down to an artwork, then the rows after it
                rows = search(before, limit, through)
                more = any_shown_after(cursor_of(query.order, rows[-1]) if rows else before)
            asked = set(known)
            missing = asked.difference(row.id for row in rows)
            elsewhere = ledger.get_many(missing) if missing else {}
            # The rows as shown and their keys, made here, for every page: on the GUI thread
            # the keys were most of the 0.6 s the rows down to an artwork far down in a
            # library of 100 000 held the window, and of a first page read again after
            # another program's write, 0.3 s (Newest first) to 0.6 s (Name A→Z) each time.
            shown = [stops.as_shown(row) for row in rows]
            keys = [order_key(query.order, row) for row in rows]
            if query.states:
                kept = [snap.state in query.states for snap in shown]
                shown, keys = list(compress(shown, kept)), list(compress(keys, kept))
            return Page(
                shown,
                more=more,
                cursor=cursor_of(query.order, rows[-1]) if rows else before,
                version=version,
                gone=frozenset(missing.difference(elsewhere)),
                known=tuple(row for row in rows if row.id in asked) + tuple(elsewhere.values()),
                newest=tuple(stops.as_shown(row) for row in newest_rows()),
                keys=tuple(keys),
                lookups=lookups(shown) if before is None else None,
            )

        def newest_rows() -> list[Snapshot]:
            """For the balance alone: one that cannot be read fails no read of the query,
            whose rows were read (they were dropped, and the library told unreadable)."""
            try:
                return ledger.search(limit=PAGE_SIZE) if newest else []
            except KontextError:
                return []

        try:
            page = await asyncio.to_thread(read)
        except BaseException as error:
            if generation == self._generation:
                # The page never comes: what waited for it (:meth:`fetch_all`) is dropped,
                # not done at a later page, minutes later perhaps, over the artist's choice.
                # Not when another read begins: the page's own coming may begin one (the
                # next page down to an artwork sought), and a Ctrl+A was dropped by it.
                # Nor is the page read any longer: kept as being read, a later Ctrl+A or
                # End waited for it, and nothing more was selected (a query's first page
                # too: after a search whose read failed, neither did anything at all).
                # Not read any longer before page_not_read is told: an End held behind the
                # moves that waited for it, made then, went to the last row loaded, and the
                # read of the rest it began would have been taken for done.
                self._after_page = None
                if before is None:
                    self._replay = None
                    if isinstance(error, Exception):  # not the window closing
                        self._first_page_failed(query)
                else:
                    self._fetch_replay = None
                    self._fetching = False
                if isinstance(error, Exception):  # not the window closing
                    self.page_not_read.emit()
            raise
        return page

    def _first_page_failed(self, query: Filter) -> None:
        """The first page of ``query`` could not be read (the window says why). Read again
        for another program's write, the rows shown are still that query's: they stay,
        and their later pages are read as the grid scrolls. Of another query (a search just
        typed), no rows at all, and :attr:`read_failed` says so: before, the rows of the
        search before it stayed under the new one, as if they were what it found, and
        scrolling read no more of them until a later read succeeded. After a read that
        failed there are no rows to keep: the failed state is told again, of this query (a
        search cleared went on being said to be a search that could not be read). No rows
        shown, it is read again by itself a few times (:data:`READ_AGAIN_MS`)."""
        self._fetching = False
        if query == self._read_filter and not self.read_failed:
            return
        if self._reads_again < len(READ_AGAIN_MS):
            self._read_again.start(READ_AGAIN_MS[self._reads_again])
            self._reads_again += 1
        self.beginResetModel()
        self._going = {}
        self._more, self._cursor = False, None
        self._rebuild(Page([], more=False, cursor=None, version=None, lookups=lookups([])))
        self.endResetModel()
        self.loaded = self.read_failed = True
        self.reloaded.emit()

    def _read_again_later(self) -> None:
        """Another program wrote while reads fail: read again after the next wait of
        :data:`READ_AGAIN_MS`, unless one is being waited already."""
        if self._read_again.isActive() or not READ_AGAIN_MS:
            return
        step = min(self._reads_again, len(READ_AGAIN_MS) - 1)
        self._read_again.start(READ_AGAIN_MS[step])
        self._reads_again = step + 1

    def _read_again_now(self) -> None:
        self._read_rows_again()

    def _check_outside(self) -> None:
        """Not while the query's first page is read: its version is the one the next look
        compares with. Looked at meanwhile, a write not yet swapped in was taken for a new
        one, and the rows were read again from the start, the read under way dropped: when a
        read took longer than a look (the rows of a large library, a loaded machine), each
        look began another, and the write never showed while the reads went on."""
        if self.loaded and not self._checking_outside and not self.reading_query:
            self._checking_outside = True
            generation = self._generation
            self.bridge.spawn(
                self._read_outside_version(),
                on_done=lambda version: self._outside_checked(generation, version),
                owner=self,
            )

    async def _read_outside_version(self) -> int | None:
        """The ledger's data version; ``None`` when it cannot be read (the next check tries
        again; a broken library is told by the reads that need it)."""
        try:
            return await asyncio.to_thread(self.bridge.session.ledger.data_version)
        except KontextError:
            return None
        finally:
            self._checking_outside = False

    def _outside_checked(self, generation: int, version: int | None) -> None:
        """Read the query again, as many rows as are loaded (the selection and the scroll
        position stay), if another program committed since the rows were read; of those
        and of the artworks the rest of the window shows (``Bridge.shows_artworks``), the
        ones it deleted are told deleted (:meth:`_tell_gone`). While reads fail, not at once
        (:meth:`_read_again_later`)."""
        if version is None or generation != self._generation:
            return  # a query began meanwhile: its own version is the one to compare with
        if version == self._outside_version:
            return
        if self._failure is not None:  # the write stays unread until a read succeeds
            self._read_again_later()
            return
        self._read_rows_again()

    def _read_rows_again(self) -> None:
        """Read the query again by itself, as many rows as are loaded (:meth:`_outside_checked`)."""
        generation = self._generation
        query = self.filter
        shown = [snap.id for snap in self._rows]
        known = self.bridge.artworks_shown_elsewhere().union(shown)
        states = list(query.states or ())
        after = self._after_page
        self.reload(
            query.text,
            states,
            query.starred,
            order=query.order,
            rows=len(shown),
            known=known,
            by_itself=True,
        )
        if after is not None and after[0] == generation:  # the same query, read again
            self._after_page = (self._generation, after[1])

    def _swap(self, generation: int, page: Page | None, *, by_itself: bool = False) -> None:
        if generation != self._generation or page is None:
            return
        failure, self._failure, self._reads_again = self._failure, None, 0
        replay, self._replay = self._replay or [], None
        after, self._after_page = self._after_page, None  # of an older query: dropped
        # Not one the window is deleting: its delete tells of it (Bridge.deleting_jobs).
        self.found_gone = page.gone.difference(self._deleted, self.bridge.deleting)
        self.beginResetModel()
        self._going = {}
        self._deleted.update(page.gone)
        self._more, self._cursor = page.more, page.cursor
        self._read_filter = self.filter  # the order the page's keys were made in
        self._fetching = False
        self._outside_version = page.version
        self._rebuild(page)
        self.endResetModel()
        self.loaded, self.read_failed = True, False
        self._apply_events(replay)
        self.reloaded.emit()
        if failure is not None:
            self.read_over.emit(failure)
        self._tell_gone()
        if page.known:
            self.bridge.read_again.emit(list(page.known))
        if by_itself:
            read = {snap.id: snap for snap in page.newest}
            read.update((snap.id, snap) for snap in page.known)
            read.update((snap.id, snap) for snap in page.rows)
            self.bridge.read_by_itself.emit(list(read.values()))
        if after is not None and after[0] == generation:
            self.fetch_all(after[1])

    def _tell_gone(self) -> None:
        """The rest of the window hears of the artworks another program deleted
        (:attr:`found_gone`) as of a delete made here, by ``bridge.job_deleted``: told to
        the library alone, the preview, the Upload tab and the count of jobs not sent went
        on showing them, and an Edit details saved meanwhile offered to publish one again."""
        for job_id in sorted(self.found_gone):
            self.bridge.job_deleted.emit(job_id)

    def _append(self, generation: int, page: Page | None) -> None:
        """A later page; rows that live events already brought in are skipped, and events
        that arrived while it was read are replayed onto it (the newer copy wins). A read
        that failed before it is over (:attr:`read_over`). Its rows go in in one insertion,
        with the keys the worker thread made for them (:attr:`Page.keys`). Not a page at a
        time over turns of the loop: the grid lays every row out again at each insertion
        (``QListView.rowsInserted``), and so put in, the rows down to an artwork far down in
        a library of 10 000 took twice as long (1.6 s, not 0.8) and held the window longer
        (up to 300 ms at once, not 24)."""
        if generation != self._generation or page is None:
            return
        # Read until now, not once the page was read: in between, the grid scrolled to its
        # end read the page again, and the changes made meanwhile, to be put onto it, were lost.
        self._fetching = False
        failure, self._failure = self._failure, None
        replay, self._fetch_replay = self._fetch_replay or [], None
        self._more, self._cursor = page.more, page.cursor
        rows, keys = page.rows, list(page.keys)
        if self._index.holds_any(snap.id for snap in rows):
            fresh = [snap.id not in self._index for snap in rows]
            rows, keys = list(compress(rows, fresh)), list(compress(keys, fresh))
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self._keys.extend(keys)
            self._active.update(snap.id for snap in rows if snap.state.is_active)
            self._index.appended(start)
            self.endInsertRows()
        self._apply_events(replay)
        self.page_added.emit()
        if failure is not None:
            self.read_over.emit(failure)
        after, self._after_page = self._after_page, None
        if after is not None and after[0] == self._generation:
            self.fetch_all(after[1])

    def _apply_events(self, events: list[Snapshot | int]) -> None:
        """Events that arrived while a page was read, applied onto it (the newer copy wins)."""
        for event in events:
            if isinstance(event, Snapshot):
                self._job_changed(event)
            else:
                self._job_deleted(event)
        self._update_ticker()

    def _rebuild(self, page: Page) -> None:
        """Show ``page``'s rows with their keys and lookups, made in the worker thread that
        read them (:attr:`Page.keys`, :attr:`Page.lookups`)."""
        self._rows, self._keys = list(page.rows), list(page.keys)
        assert page.lookups is not None  # made with every first page
        row_of, self._active = page.lookups
        self._index = RowIndex(self._rows, row_of)

    def _job_changed(self, value: object) -> None:
        snap = snapshot_of(value)
        if snap.id in self._deleted:
            return  # a writer's late copy (see the module docstring)
        for pending in (self._replay, self._fetch_replay):
            if pending is not None:
                pending.append(snap)
        row = self.row_of(snap.id)
        if row is not None:
            if snap.older_than(self._rows[row]):
                return  # an older copy than the one shown
            if self.filter.matches(snap):
                if snap.state is JobState.COMPLETED and self.thumbnails.failed(snap):
                    self.thumbnails.forget(snap)  # downloaded again: read the file afresh
                self._going.pop(snap.id, None)
                self._rows[row] = snap
                self._track(snap)
                self._to_its_place(row, snap)
            elif self._telling_together:
                self._going[snap.id] = None
            else:
                self._remove(row, row)
        elif self._takes(snap):
            self._insert(snap)
        self._update_ticker()

    def _takes(self, snap: Snapshot) -> bool:
        """Whether ``snap``, not shown, is put among the rows: not while the query's first
        page could not be read, where one tile would stand for all it finds."""
        return (
            self.loaded
            and not self.read_failed
            and self.filter.matches(snap)
            and self.within_loaded(snap)
        )

    def within_loaded(self, snap: Snapshot) -> bool:
        """Whether ``snap`` sorts among the pages loaded; if not, its page brings it later."""
        if not self._more or self._cursor is None:
            return True
        return self._order(snap) <= cursor_key(self._shown_order, self._cursor)

    def publish_changed(self, job_id: int) -> None:
        """Its tile says at once how its publish goes (:attr:`publish_words`): only its
        words change (:attr:`PUBLISH_ROLES`), so that the library does not work out its
        actions again at every percent of every publish (:meth:`LibraryPanel._data_changed`)."""
        row = self.row_of(job_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, list(self.PUBLISH_ROLES))

    def many_publish_changed(self, job_ids: Collection[int]) -> None:
        """:meth:`publish_changed` of many at once (a Publish of several): one update over
        the rows from the first of them to the last. Before, one per artwork: 2,500 for a
        press, each repainting the grid."""
        rows = [row for job_id in job_ids if (row := self.row_of(job_id)) is not None]
        if rows:
            first, last = self.index(min(rows)), self.index(max(rows))
            self.dataChanged.emit(first, last, list(self.PUBLISH_ROLES))

    def all_publish_changed(self) -> None:
        """:meth:`publish_changed` of every row, in one update: a failure that held off the
        checks of what may be gone, or its end, changes the words of each such tile
        ("Check put off till …")."""
        if self._rows:
            last = self.index(len(self._rows) - 1)
            self.dataChanged.emit(self.index(0), last, list(self.PUBLISH_ROLES))

    def settings_changed(self) -> None:
        """The R2 settings were saved: each published tile says anew whether it is
        published elsewhere (:attr:`published_elsewhere`). Before, a tile said "Published"
        of an artwork in another bucket than the settings name, where the preview said so."""
        if self._rows:
            roles = [self.PublishedElsewhereRole, Qt.ItemDataRole.AccessibleTextRole]
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), roles)

    def _turn_changed(self, job_id: int) -> None:
        """Its tile says at once why it waits, or stops saying so."""
        row = self.row_of(job_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def _job_deleted(self, job_id: int) -> None:
        self._deleted.add(job_id)
        for pending in (self._replay, self._fetch_replay):
            if pending is not None:
                pending.append(job_id)
        row = self.row_of(job_id)
        if row is not None and self._telling_together:  # a Delete of several: with its run
            # Its picture leaves with it (:meth:`_take_going_out`): forgotten now, the tile
            # was painted a plain square until then, its thumbnail read again for nothing.
            self._going[job_id] = None
        elif row is not None:
            self.thumbnails.forget(self._rows[row])
            self._going.pop(job_id, None)
            self._remove(row, row)
        self._update_ticker()

    @property
    def _shown_order(self) -> LibraryOrder:
        """The order of the rows shown, their keys and the cursor: the filter's once its
        first page is in (:attr:`_read_filter`). Until then a change of a tile was placed by
        the new order among keys of the old one (Name A→Z's names, Starred first's
        numbers), and failed."""
        return self._read_filter.order if self._read_filter else LibraryOrder.NEWEST

    def _order(self, snap: Snapshot) -> Cursor:
        return order_key(self._shown_order, snap)

    def _to_its_place(self, row: int, snap: Snapshot) -> None:
        """``snap``, changed at ``row``, moved to where the order now puts it (starred,
        under Starred first), the selection going with it; taken out when that is past the
        pages loaded (its page brings it)."""
        key = self._order(snap)
        if key != self._keys[row]:
            if not self.within_loaded(snap):
                self.moving_on = snap.id
                try:
                    self._remove(row, row)
                finally:
                    self.moving_on = None
                return
            others = self._keys[:row] + self._keys[row + 1 :]
            place = bisect.bisect_left(others, key)
            if place != row:
                self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), place + (place > row))
                self._rows.insert(place, self._rows.pop(row))
                del self._keys[row]
                self._keys.insert(place, key)
                self._index.moved(row, place)
                self.endMoveRows()
                row = place
            self._keys[row] = key
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def _insert(self, snap: Snapshot) -> None:
        key = self._order(snap)
        row = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, snap)
        self._keys.insert(row, key)
        self._index.inserted(row, 1)
        self._track(snap)
        self.endInsertRows()

    def _together(self, begun: bool) -> None:
        """Changes told together (``Bridge.together``) begin, or end: the rows that stopped
        matching meanwhile are taken out now, a run of neighbours at a time from the top
        (as they would have gone one by one: the tile after the one shown is shown next),
        and the places of those left worked out once. Taken out one by one as their
        changes came, each moved every row after it: Unstar of 5 000 under ★ Starred took
        5 s, four times as long as of 2 500. Changes told together over turns of the loop
        are taken out every :data:`GOING_MS` meanwhile, and at the end of each operation
        told together, while another goes on."""
        self._telling_together = self.bridge.telling_together
        if begun:
            self._going_out.start(GOING_MS)
            return
        if not self._telling_together:
            self._going_out.stop()
        self._take_going_out()

    def _take_going_out(self) -> None:
        """The rows that left while changes were told together (:meth:`_together`) are
        taken out now, a run of neighbours at a time, from the top."""
        if not self._going:
            return
        rows = sorted(row for job_id in self._going if (row := self.row_of(job_id)) is not None)
        self._going = {}
        for row in rows:
            if self._rows[row].id in self._deleted:
                self.thumbnails.forget(self._rows[row])
        gone = 0
        for first, last in _runs(rows):
            self._remove(first - gone, last - gone)
            gone += last - first + 1
        self._update_ticker()

    def _remove(self, first: int, last: int) -> None:
        self.rows_leaving.emit(first, last)
        self.removing = True
        try:
            self.beginRemoveRows(QModelIndex(), first, last)
            gone = [snap.id for snap in self._rows[first : last + 1]]
            self._active.difference_update(gone)
            del self._rows[first : last + 1]
            del self._keys[first : last + 1]
            self._index.removed(first, gone)
            self.endRemoveRows()
        finally:
            self.removing = False

    def _track(self, snap: Snapshot) -> None:
        if snap.state.is_active:
            self._active.add(snap.id)
        else:
            self._active.discard(snap.id)

    def _update_ticker(self) -> None:
        if self._active and not self._ticker.isActive():
            self._ticker.start()
        elif not self._active and self._ticker.isActive():
            self._ticker.stop()

    def _tick(self) -> None:
        """Once a second, repaint only the running rows so their seconds count up."""
        roles = [Qt.ItemDataRole.DisplayRole, self.ElapsedRole, self.StatusRole]
        for job_id in self._active:
            row = self.row_of(job_id)
            if row is not None:
                index = self.index(row)
                self.dataChanged.emit(index, index, roles)

    def _thumbnail_ready(self, job_id: int) -> None:
        row = self.row_of(job_id)
        if row is not None:
            index = self.index(row)
            # Its words for a screen reader too: its image may have been found unreadable.
            self.dataChanged.emit(
                index,
                index,
                [
                    Qt.ItemDataRole.DecorationRole,
                    self.ThumbnailRole,
                    Qt.ItemDataRole.AccessibleTextRole,
                ],
            )
