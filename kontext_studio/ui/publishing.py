"""Publishing from the window: the one controller between the widgets and ``publish/``.

:class:`PublishController` owns one :class:`Publisher`, built on first use in a worker thread
from the saved R2 settings, the keyring and the environment (:func:`load_r2_config`), and built
again whenever that merged configuration has changed. Every blocking call (publish, unpublish,
presigning, the connection test) runs in a worker thread. boto3 reports progress on its
transfer threads: the controller hands those reports to the GUI thread through a Qt signal (a
queued connection), so every public signal of the controller is emitted on the GUI thread only.

What is going on is kept here, per artwork (:meth:`PublishController.activity`, the last
error), not in the widgets: the preview's :class:`PublicationBar`, the status bar's
:class:`PublishActivityLabel` and the Upload tab all read the same state and follow
:attr:`PublishController.changed`. The ledger row stays the truth about what is published;
after every change the new snapshot goes out on ``bridge.job_changed`` so library and preview
refresh from it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontext_studio import desktop, secrets
from kontext_studio.config import R2Settings
from kontext_studio.desktop import Desktop, named_settings
from kontext_studio.errors import (
    ArtworkBeingDeletedError,
    ImageMissingError,
    ImageTrashedError,
    JobGoneError,
    KontextError,
    PublishAuthError,
    PublishBucketError,
    PublishBusyError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    PublishClockError,
    PublishedElsewhereError,
    PublishError,
    PublishExpiredError,
    PublishNetworkError,
    PublishNotSetUpError,
    PublishSecretUnreadableError,
    PublishServiceError,
    PublishSetupError,
    Refusal,
)
from kontext_studio.explain import (
    Explanation,
    detail_sentence,
    explain,
    explain_apart,
    explain_error_detail,
    explain_removal,
    explain_unpublish,
    join_sentences,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.publish import (
    CHANGED_MEANWHILE,
    NOT_IN_LIBRARY,
    REMOVED_THEN_GONE,
    RETIRED_THEN_GONE,
    Found,
    ProgressCallback,
    PublishCancel,
    Publisher,
    R2Config,
    Settled,
    artwork_url,
    end_or_cut,
    forget_publication,
    load_r2_config,
    look_for_parts,
    merged_from,
    publish_artwork,
    publishing_set_up,
    record_found,
    recorded_in,
    same_host,
    settings_location,
    unpublish_artwork,
)
from kontext_studio.store.ledger import JobChanged, Ledger, Snapshot
from kontext_studio.ui.batch_place import sentence_title
from kontext_studio.ui.bridge import (
    PUBLISH,
    R2_SETTINGS,
    Bridge,
    DeletedHereError,
    Said,
    snapshot_of,
)
from kontext_studio.ui.capped_lines import CappedLines
from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.fit import widened
from kontext_studio.ui.flow_layout import FlowLayout
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.job_actions import (
    by_title,
    has_image,
    left_by_a_stopped_publish,
    left_where_settings_point,
    some_titles,
)
from kontext_studio.ui.key_focus import drawn_if_asked_by_key, first_focusable, hand_focus
from kontext_studio.ui.levels import repolish, restyle
from kontext_studio.ui.next_turn import ChangeFollower
from kontext_studio.ui.notifications import MessageBanner, announce
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.plain_text import plain_tooltip, set_plain_tooltip
from kontext_studio.ui.translations import clock_time, grouped, widest_clock_time

log = logging.getLogger(__name__)
T = TypeVar("T")
PublisherFactory = Callable[[R2Config], Publisher]

BAR_STYLE = """
#publicationState { font-weight: 600; }
#publicationState[level="ok"] { color: $ok; }
#publicationState[level="warning"] { color: $warning; }
#publicationState[level="error"], #publicationDetail { color: $error; }
#publicationDetail[level="warning"] { color: $warning; }
"""
"""The bar's style sheet; its colours are :func:`kontext_studio.ui.levels.styled`'s."""
PUBLISHING = "publishing"
UNPUBLISHING = "unpublishing"
FINISHED = 100
"""A publish's percent once every byte is sent: it is said to be finishing, waiting on R2."""
RECHECK_AFTER_S = 300.0
"""How long a failed check of an artwork that may be gone is remembered: opening its
preview again meanwhile does not ask R2 again (:meth:`PublishController.check_may_be_gone`).
A failure every check would meet alike (R2 not reached, the keys refused, the settings
unusable: :data:`_HOLDS_CHECKS`), a publish's or an unpublish's too, is remembered for every
artwork that may be gone."""
ANSWER_KEPT_S = 3600.0
"""How long the bucket's answer for an artwork that may be gone (one part of it left) is
taken as it stands by a look for them all (:meth:`PublishController._check_each`): another
machine may have finished its unpublish, or published it again, since. Before, it was kept
for the session, every look after a hold passing the artwork over, and its tile said "Only
its image is left" of an image gone until it was opened."""
BATCH_PUBLISHES = 4
"""How many publishes of one :meth:`PublishController.publish_many` run side by side; the
rest wait their turn. Before, every one started at once, and thousands queued their
threads' work ahead of every other thread the window runs (the library's reads among it)."""
NOT_THE_ARTWORK = (
    PublishNetworkError,
    PublishServiceError,
    PublishAuthError,
    PublishBucketError,
    PublishClockError,
)
"""A publish's failures that are not its artwork's (nor its file's), as the publisher types
them (``map_error``): R2 not reached (no network, no such host, a time-out, a connection or
secure connection broken, a proxy or sign-in page in the way), R2 in trouble or throttling,
R2 refusing the keys, the bucket or this computer's clock. Every publish after would meet
them too, so the first stops a batch (the Upload tab's, the library's Publish of several):
before, each artwork left waited out its own time-outs to fail alike, thousands in turn,
each failure a line. The first, not a second to be sure: each request was tried again
already (botocore's retries, after a pause), so a blip is over by then, and the artworks
not tried wait only for one more press of Publish. Not an expired request, which signed
anew may go through, nor R2 refusing one object (a 4xx of its own), which the next artwork
may not meet, nor an image whose body timed out once R2 had answered
(``sent_too_slowly``): a file too large for a slow uplink, which smaller ones may not meet."""
PROGRESS_STEPS = 4
"""How many times a batch's progress is read out to a screen reader, at most, as its
artworks end (:class:`PublishActivityLabel`): at each quarter, not at every artwork."""
PROGRESS_READ_FROM = 4
"""The fewest publishes under way at once whose progress is read out as they end: fewer
end soon, and their outcome is read out then."""
LINKING = "linking"
"""What :data:`ELSEWHERE_HINTS` knows besides the two kinds of :class:`Activity`: Copy link."""


ELSEWHERE_HINTS = {
    UNPUBLISHING: QT_TRANSLATE_NOOP(
        "Errors",
        "Switch the R2 settings back to that bucket to unpublish it: with the settings as they "
        "are, nothing would be removed, and it would stay published there with no record of "
        "it. If that bucket can no longer be reached, forget the publication instead: nothing "
        "is removed.",
    ),
    PUBLISHING: QT_TRANSLATE_NOOP(
        "Errors",
        "To publish it in the new bucket, switch the R2 settings back and unpublish it there "
        "first: publishing it now would leave the old copy published with no record of it. If "
        "that bucket can no longer be reached, forget the publication, which removes nothing; "
        "then publish it.",
    ),
    LINKING: QT_TRANSLATE_NOOP(
        "Errors",
        "Switch the R2 settings back to that bucket to get its link. If that bucket can no "
        "longer be reached, forget the publication, which removes nothing; then publish it "
        "again.",
    ),
}
"""What the window says to do when the artwork whose publish, unpublish or link was asked
for is published in another bucket than the settings name (:class:`PublishedElsewhereError`):
the core's words send the artist to a terminal command, where the window offers to forget
the publication itself (:attr:`PublishController.published_elsewhere`)."""
LEFT_ELSEWHERE_HINT = QT_TRANSLATE_NOOP(
    "Errors",
    "To publish it in the new bucket, switch the R2 settings back and publish it there "
    "first, which removes what was left. If that bucket can no longer be reached, forget what "
    "was left, which removes nothing; then publish it.",
)
""":data:`ELSEWHERE_HINTS` for a refusal over what a stopped first publish left (the artwork
is not published, so the window offers no Unpublish for it)."""


@dataclass(frozen=True)
class Activity:
    """What the controller is doing for one artwork right now."""

    kind: str  # PUBLISHING or UNPUBLISHING
    done: int = 0
    total: int = 0
    after_delete: bool = False
    """A publish whose transfer has ended, meeting the file the artist's Delete trashed,
    waiting for that Delete to end (:meth:`PublishController._unless_deleted_here`)."""
    keys_again: bool = False
    """R2 refused its keys, and the keyring is being read again for a secret put right
    there (:meth:`PublishController._keys_retried`): a locked keyring may take seconds, its
    unlock prompt up, and nothing was said meanwhile."""
    quiet: float = 0.0
    """How long, in seconds, its transfer has gone quiet (``transfer.QUIET_S`` or more: R2
    takes no more of the image, or does not answer once it has it all); 0 while its bytes
    go. It is still trying meanwhile (:func:`quiet_words`)."""

    @property
    def percent(self) -> int | None:
        """0-100 once the size is known; ``None`` before (a busy bar)."""
        return min(100, self.done * 100 // self.total) if self.total else None

    @property
    def finishing(self) -> bool:
        """Every byte is sent: R2's answer (to the last part, the upload's completion, the
        check of what it stored) is awaited."""
        return self.percent == FINISHED


def quiet_words(quiet: float) -> str:
    """What is said, after how far a publish is, of its transfer gone quiet for ``quiet``
    seconds (:attr:`Activity.quiet`); "" while its bytes go. Before, a row, the preview and
    the status bar showed the same percent, without a word, for the minutes the transfer's
    time-outs and retries give a slow uplink."""
    if not quiet:
        return ""
    return QCoreApplication.translate(
        "PublishController", "no answer from R2 for {seconds} s; still trying"
    ).format(seconds=int(quiet))


@dataclass(frozen=True)
class Queued:
    """The publishes a batch of the Upload tab has still to start (its files waiting their
    turn, or being copied into the library), for the status bar to tell the batch's progress
    (:class:`PublishActivityLabel`), not only that of the file being sent: how many
    (``count``), and bytes. ``sent``: those of the files it has published; ``total``: those
    plus the files still to start, and the file started whose size the controller has not
    heard yet. Before, "Publishing 1 artwork… 95 %" was said while seven files waited.
    ``waiting``: of ``count``, those waiting their turn, not the file being copied in, under
    way (its words flipped at each file, "Publishing 3 artworks…" while it was copied)."""

    count: int = 0
    sent: int = 0
    total: int = 0
    waiting: int = 0


@dataclass(eq=False)
class _StoppedLine:
    """The banner's line of the batches a failure said alike stopped
    (:meth:`PublishController._say_batch_stopped`), while the banner shows it: the artworks
    each batch left unpublished, its first failure's too, and the tag it was last shown
    with. Two batches stopped alike said the very same words, "1 more artwork was not
    published", each of its own batch: the artist who stopped two read one."""

    left: dict[object, set[int]]  # by batch (its own object), the artworks' ids
    said: Said
    error: KontextError  # the failure the line says, to word it again with a new count

    def artworks(self) -> set[int]:
        """Every artwork the line counts, each once."""
        return set().union(*self.left.values())

    def count(self) -> int:
        """How many more artworks than the one whose failure the line says were not
        published: each once, though a batch published again after it stopped counted its
        artworks again (its "1 more" became "2 more", of the same two)."""
        return max(len(self.artworks()) - 1, 0)

    def let_go(self, job_ids: Collection[int]) -> bool:
        """Count ``job_ids`` no more (published or deleted since); whether it counted any."""
        counted = False
        for artworks in self.left.values():
            counted = counted or not artworks.isdisjoint(job_ids)
            artworks.difference_update(job_ids)
        return counted


def _shown_nowhere(_said: Said) -> bool:
    """:attr:`PublishController.shows` of a controller no window shows the banners of."""
    return False


class PublishController(QObject):
    """Publish, unpublish and link artworks for the window, one worker thread per call.

    ``changed(job_id)`` fires whenever :meth:`activity` or :meth:`last_error` of that artwork
    changed; ``progress`` carries the bytes; ``setup_needed(message, hint, in_settings,
    title)`` asks the window to say the R2 settings cannot be used, under ``title``
    (:func:`setup_title`), offering Settings first when ``in_settings`` (the values at fault
    are Settings', not only the environment's);
    ``published_elsewhere(snapshot, refusal)`` says a publish, unpublish or link was
    refused because the artwork is published in another bucket, for the window to offer
    :meth:`forget` (the refusal, naming it by its title, is worded anew if it is
    renamed); ``notice`` is a short line for the status bar of a publish's outcome, one of
    a batch maybe (the window reads out only a batch's last; "" clears it: a publish has
    started, so the last outcome is old news); ``answer`` is one
    for the answer to an act of one artwork's (an unpublish, a link copied, a record
    forgotten), read out at once, whatever publishes run meanwhile.
    """

    changed = Signal(int)
    many_changed = Signal(object)
    """:attr:`changed` of many artworks at once (their ids, a frozenset): a library's
    Publish of several registers them all in one call (:meth:`publish_many`). Before, each
    said it started on its own, and each view followed each: 2,500 model updates, tile
    repaints and status lines for one press."""
    totals_changed = Signal()
    """What :meth:`busy_count`, :meth:`waiting_count`, :meth:`overall_progress` and the like
    say may have changed: once per turn of the event loop, however many artworks changed in
    it. Before, what reads them all (the status bar) followed :attr:`changed`, once per
    artwork: a library's Publish of 2,500 artworks summed over every publish for each one,
    and the window froze for seconds before it showed any of them."""
    busy_changed = Signal()
    """Which artworks are being published or unpublished (:meth:`busy_ids`) changed: said
    with :attr:`totals_changed`, once per turn, only when one started or ended. Before, what
    reads them (the library's toolbar, over every artwork selected) followed
    :attr:`totals_changed`, at every percent of every publish."""
    progress = Signal(int, object, object)  # job id, bytes sent, bytes in all
    setup_needed = Signal(str, str, bool, str)
    published_elsewhere = Signal(object, object)  # the record as refused, the refusal
    notice = Signal(str)
    clean_up_ended = Signal(int, bool)  # job id; whether what a stopped publish sent is gone
    r2_refusal_over = Signal(object)
    """R2 took a publish or an unpublish after refusing one for a reason of its own
    (:func:`_about_r2`), or the artwork whose own publish failed was published or deleted:
    the ``Said`` that refusal was put on the window's banner with (``Bridge.report_said``),
    for the window to take down if it still holds it."""
    refusal_reworded = Signal(object, object, bool)
    """The artwork whose own publish failed, its words on the banner tagged with the first
    ``Said`` (``Bridge.report_said``), was found deleted by another program, or a stopped
    batch's line counts more artworks not published (one sent beside the first failure
    failed after it): said the second instead, for the window to show in their place where
    the banner still holds the first. Not where the artist closed them: they came back for
    the same failure. Tagged anew: told by their words, another failure's banner saying the
    same was reworded, and kept under the first tag, the end of a failure that had said the
    same words (an unpublish R2 refused alike) took the reworded words down. The last:
    whether what they say changed (a deletion), to be read out by a screen reader, not
    only a count (the same failure, the same thing to do)."""
    answer = Signal(str)
    checks_changed = Signal()
    """Why checks of what may be gone cannot be made (:meth:`unchecked`) changed: a failure
    now holds them off, or one that did is over (R2 answered, the settings changed, or
    :data:`RECHECK_AFTER_S` passed): a view asks again about the artwork it shows."""
    recheck_due = Signal(int)
    """:data:`RECHECK_AFTER_S` passed since the check of this artwork alone failed (R2
    refusing its request): a view that shows it asks again, and its "Could not check" line
    goes. Before, the line stayed until something else refreshed the view."""
    link_made = Signal(int, str)
    """Copy link made the link of an artwork (its id, the link): for a view that said it
    has none (a keyring locked then, unlocked since) to show it. Before, "Link copied." was
    said under "No link: The system keyring is locked …", until another artwork was
    chosen and this one again."""
    found_gone = Signal(object)
    """A publish, an unpublish or a Copy link found the artwork deleted before the window
    heard of it: its id, in a list, for every view to drop it at once
    (``JobActions.found_gone``). Before, the window said "“…” was deleted by another
    program, so it was not published." and went on showing its tile until the library was
    next read, up to 2 s later."""
    # Emitted on boto3's transfer threads; connected (queued) to the GUI thread's relay.
    _transfer_progress = Signal(int, object, object, float)

    def __init__(
        self,
        bridge: Bridge,
        parent: QObject | None = None,
        *,
        factory: PublisherFactory = Publisher,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._factory = factory
        self._publisher: Publisher | None = None
        # What the configuration of _publisher was merged from (:func:`merged_from`): while
        # it is the same, the keyring is not read again for it (:meth:`publisher`).
        self._merged_from: tuple[object, ...] | None = None
        # How many times the R2 settings were read, merged with the keyring
        # (:meth:`_read_settings`): a refusal of the keys met after a read since the
        # publisher was got reads the keyring no more (:meth:`_keys_read_again`).
        self._reads = 0
        # The count of :attr:`_reads` at which the keyring is to be read again before the
        # publisher is next got, R2's refusal of the keys holding off the checks: set when
        # the window is activated again, or a Publish or an Unpublish is asked for
        # (:meth:`_doubt_refused_keys`); one read for it, not one per artwork.
        self._keys_doubt: int | None = None
        self._building = asyncio.Lock()
        self._activity: dict[int, Activity] = {}
        # How many of _activity are of each kind, and waiting for a Delete: kept as they
        # change, so counting them does not go over every artwork being published.
        self._counts: Counter[tuple[str, bool]] = Counter()
        self._totals_timer = QTimer(self)
        self._totals_timer.setSingleShot(True)
        self._totals_timer.setInterval(0)
        self._totals_timer.timeout.connect(self._say_totals)
        self._busy_moved = False  # an artwork started or ended being busy this turn
        self._cancels: dict[int, PublishCancel] = {}
        # The publishes of a publish_many waiting their turn: not started, nothing sent.
        self._queued: set[int] = set()
        self._stops: dict[int, asyncio.Future[None]] = {}
        # Publishes the artist cancelled while their thread waited on R2: each ends when its
        # request does, removing what it sent; a new publish of the artwork waits for it.
        self._leftovers: dict[int, asyncio.Future[Snapshot]] = {}
        # The publishes and unpublishes under way in threads, each until its thread ends,
        # with the publisher it goes through, and every publisher built, which may be
        # sending: what aclose ends.
        self._on_r2: dict[asyncio.Future[Any], Publisher] = {}
        self._built: weakref.WeakSet[Publisher] = weakref.WeakSet()
        self._outcomes: dict[int, asyncio.Future[Snapshot]] = {}
        self._errors: dict[int, Explanation] = {}
        # Why the last unpublish of an artwork failed, while it is still published: its tile
        # and preview say so (:meth:`unpublish_failed`). Before, only the status bar did, for
        # five seconds, and the library later showed it "Published" as if nothing had failed.
        # Each with when it failed (time.time(), as a record's published_at): published since
        # by another program, the record's word is the truth (:meth:`_published_elsewhere_since`).
        self._unpublish_errors: dict[int, tuple[Explanation, float]] = {}
        # The words of the last refusal of R2's own reported (the banner's), until R2 takes one,
        # and the artworks whose publish met them, each with when it failed (time.time(), as
        # a record's published_at); not for the keys', which another program's keys (its
        # environment's) do not put right.
        self._r2_refusal: Explanation | None = None
        self._r2_refused: dict[int, float] = {}
        # Else the artworks whose own failed publish the banner's words are of (two refused
        # alike, "R2 refused the request", say the same words), each with when it failed
        # (time.time(), as a record's published_at), and the words.
        self._artwork_refusal: tuple[dict[int, float], Explanation] | None = None
        # The artworks whose failed unpublish put words on the banner, each with them: over
        # once it is not published any more (unpublished here, or by a command since).
        self._unpublish_refused: dict[int, Explanation] = {}
        # How each of the words reported here was last put on a banner, to take it down by
        # (:meth:`_refusal_over`), not by its words, which another's failure may share: the
        # words of failures not over (:meth:`_not_over`) and the last said alone, not every
        # failure of the session (:meth:`_report`).
        self._shown: dict[Explanation, Said] = {}
        # By the words of the failure that stopped them, the lines of stopped batches the
        # banner shows (:meth:`_stopped_line`).
        self._stopped_lines: dict[Explanation, _StoppedLine] = {}
        # Those of them deleted while changes are told together (a Delete of several): let
        # go at its end, the line worded anew once (:meth:`_deleted_together`), not once an
        # artwork (Ctrl+A Delete of thousands redrew the banner thousands of times).
        self._deleted_meanwhile: set[int] = set()
        self.shows: Callable[[Said], bool] = _shown_nowhere
        """Whether words put on a banner with this tag are still there, not closed nor
        replaced by others: the window's answer, for a line to count what it says."""
        # The artworks whose failed publish found their file gone from the library folder,
        # as the window showed them: a command's delete trashes the file before the row.
        self._lost_files: dict[int, Snapshot] = {}
        # Whether an artwork recorded in a bucket (and at an endpoint) is published in
        # another than the R2 settings name, by that bucket: asked by each published tile
        # painted (:meth:`in_another_bucket`), until the settings are saved.
        self._elsewhere: dict[tuple[str, str], bool] = {}
        # The artworks that may be gone (Snapshot.may_be_gone) whose bucket is being asked
        # what is left of them, one check each at a time; whether the start's look for them
        # all goes on; and what a check found left of one, with the key it looked for.
        self._checking: set[int] = set()
        self._checking_all = False
        # Set while no check is in flight: the look for them all waits for one (a view's)
        # to end before it asks the next (:meth:`_check_each`).
        self._no_check = asyncio.Event()
        self._no_check.set()
        # Whether a check asks the bucket, and those waiting their turn, in the order they
        # came, each with what gives it (:meth:`_take_turn`): one asks at a time, whoever
        # asked for it (the look, a view, those put off behind a keyring read). Before, the
        # checks put off and a view's went out beside the look's, each meeting the same
        # failure. Kept here rather than in a lock, whose waiters are its own: one that came
        # as a turn was given, not yet taken, found it free and said it was being asked.
        self._asking = False
        self._behind: dict[int, asyncio.Future[None]] = {}
        # The artworks whose check the bucket answered (one part left: they stay "May be
        # gone") since a publish or unpublish of them, or a Save of the settings, each with
        # the record it answered for (:func:`_as_noted`) and when (:attr:`_clock`): the look
        # after a hold asks only about the others (:meth:`_check_each`), and those a command
        # published or noted since, or answered for :data:`ANSWER_KEPT_S` ago or more.
        # Before, the end of every hold looked at them all again. Let go of once over, or
        # the artwork deleted or its record changed (:meth:`_answer_over`): none is kept
        # for good.
        self._answered: dict[int, tuple[float, tuple[float | None, str]]] = {}
        # The publishes a Cancel came too late to stop, each artwork's by when it was then
        # published (:meth:`cancelled_too_late`): its tile and preview say so until the
        # preview has shown it and moved on (:meth:`too_late_seen`), however much later the
        # artist comes to it, or it is published or unpublished again here.
        self._too_late: dict[int, float] = {}
        # Those of artworks deleted before they were seen, kept for an Undo of the Delete,
        # which brings the artwork back still published under a new id (:meth:`_too_late_back`):
        # let go of as no Undo reaches it any more (:meth:`undo_let_go_of`), or the window
        # closes. Before, a Delete dropped the note, and the artwork its Undo brought back was
        # published with nothing saying why after a Cancel.
        self._too_late_deleted: dict[int, float] = {}
        # The start's look, put off while the keyring was found locked (its unlock prompt
        # dismissed) until publishing gets the secret for something the artist asked for.
        self._check_all_later = False
        # Checks whose answer a publish or unpublish of their artwork, started meanwhile,
        # made void (the look may have come before its removal); and the writes of the
        # answers of those not void, which a publish or unpublish waits for before it reads.
        self._voided: set[int] = set()
        self._recording: dict[int, asyncio.Future[Any]] = {}
        self._parts_left: dict[int, tuple[str, Found]] = {}
        # The checks that failed lately for their artwork alone (R2 refusing one request),
        # each artwork's with when (:attr:`_clock`): opening it again does not ask again
        # until RECHECK_AFTER_S has passed, R2 answered a check or a publish or unpublish,
        # the settings changed, or a publish or unpublish of it started.
        self._check_failed: dict[int, tuple[float, KontextError]] = {}
        # Ends each of them when its RECHECK_AFTER_S has passed (:meth:`_failed_alone_over`).
        self._failed_alone_timer = QTimer(self)
        self._failed_alone_timer.setSingleShot(True)
        self._failed_alone_timer.timeout.connect(self._failed_alone_over)
        # Why no check asks R2 for a while, whichever artwork (:class:`_ChecksHeld`): R2 not
        # reached, or refusing what every request carries (the keys, the bucket), or the
        # settings unusable (empty, the keyring locked), met by a check, a publish or an
        # unpublish. Before, an arrow key held through many artworks that may be gone started
        # a failing round trip (a time-out, maybe) for each, and with wrong keys asked R2
        # for the same refusal once per artwork.
        self._checks_held: _ChecksHeld | None = None
        # Ends that hold when RECHECK_AFTER_S has passed (:meth:`_hold_over`). Before, nothing
        # told the preview: it said "Could not check: …" until another artwork was opened.
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.timeout.connect(self._hold_over)
        # The publishers built before the R2 settings were last saved, until they are read
        # again and found the same (:meth:`publisher`): what fails through one says nothing
        # of the settings now, so it holds off no check.
        self._saved_over: weakref.WeakSet[Publisher] = weakref.WeakSet()
        # What holds, failed checks and answers are timed by: a test's stops it.
        self._clock = clock
        # Why the keyring could not give the R2 secret when last read, and when
        # (:meth:`_unread_lately`): locked, or not answering.
        self._unread: tuple[float, PublishSecretUnreadableError] | None = None
        # The R2 settings are being read with a secret the keyring may be slow to give
        # (:meth:`_keyring_waits`); the checks of artworks opened meanwhile, put off rather
        # than queued behind that read (:meth:`_check`), asked again once it ends.
        self._reading_keyring = False
        self._put_off: set[int] = set()
        # How many times the settings were saved here: a read of them that a Save came
        # during is made again (:meth:`publisher`), the Save winning over it.
        self._saves = 0
        self.settings_fault = ""
        """The R2 setting the last failure reported for the settings to put right says is
        wrong (:func:`settings_at_fault`): where the banner's "Open Settings" goes."""
        bridge.job_deleted.connect(self._artwork_deleted)
        bridge.job_deleted.connect(self._answer_over)
        bridge.job_deleted.connect(self._too_late_kept)
        bridge.renumbered.connect(self._too_late_back)
        bridge.closing.connect(self._too_late_deleted.clear)
        bridge.job_changed.connect(self._record_changed)
        bridge.job_deleted.connect(self._unpublish_refusal_over)
        bridge.read_again.connect(self._published_elsewhere_since)
        bridge.told_together.connect(self._deleted_together)
        bridge.shows_artworks(self._refused_artworks)
        self._transfer_progress.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state_changed)

    # State --------------------------------------------------------------------------------

    def activity(self, job_id: int) -> Activity | None:
        return self._activity.get(job_id)

    def waits_turn(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` is one of a library's Publish of several that waits its turn
        (:data:`BATCH_PUBLISHES` are sent at a time): nothing of it sent yet. Its tile, the
        preview and a screen reader say it waits: all said "Publishing…", those waiting as
        those being sent, and the artist could not tell which were under way."""
        return snapshot.id in self._queued

    def last_error(self, job_id: int) -> Explanation | None:
        """Why the last publish of ``job_id`` failed (cleared by the next attempt)."""
        return self._errors.get(job_id)

    def unpublish_error(self, snapshot: Snapshot) -> Explanation | None:
        """Why the last unpublish of ``snapshot`` failed, while it is still published, or
        the last Remove from bucket of what a stopped publish of it left, while that is
        still offered (:meth:`left_here`), and no publish or unpublish of it runs; ``None``
        otherwise (cleared by the next attempt, and once it is unpublished, by a command
        too, or published by one). This window's words when it asked, else those of the
        kind the library kept (:attr:`Snapshot.removal_failed`): after a restart, a switch
        of mode or an Undo of its Delete, the tile said "Published" again, the artwork
        still public."""
        if snapshot.id in self._activity:
            return None
        if snapshot.published_key and (said := self._unpublish_errors.get(snapshot.id)):
            return said[0]
        if not snapshot.removal_failed or snapshot.may_be_gone:
            # May be gone: its own words say the unpublish did not finish, and a check of
            # what is left finds whether it still is there.
            return None
        if snapshot.published_key or self.left_here(snapshot):
            return explain_removal(snapshot.removal_failed)
        return None

    def unpublish_failed(self, snapshot: Snapshot) -> bool:
        """Whether the last unpublish of ``snapshot`` failed, and it is still published, or
        the last removal of what a stopped publish left (:meth:`unpublish_error`): its tile
        says "Unpublish failed" (or "Removal failed") in the error colour."""
        return self.unpublish_error(snapshot) is not None

    def left_here(self, snapshot: Snapshot) -> bool:
        """Whether to offer to remove what a stopped publish of ``snapshot`` may have left in
        the bucket: only in the bucket the R2 settings name (:func:`left_where_settings_point`;
        in another, that is refused, and the window offers to forget it instead), and not
        while a publish of it runs here, nor while a cancelled one ends: each notes the key of
        the image it sends in the record as it goes, until it is recorded or taken back."""
        if snapshot.id in self._activity or snapshot.id in self._leftovers:
            return False
        return left_where_settings_point(snapshot, self.bridge.session.settings.r2)

    def settings_bucket_if_elsewhere(self, snapshot: Snapshot) -> tuple[str, str] | None:
        """The bucket and host the R2 settings name, when ``snapshot`` is published in
        another one (switched from in Settings): its link, and whatever is done to its
        publication, is that bucket's. ``None`` when it is published in theirs, or not
        published, or when they name no bucket or no endpoint (no place it could be
        elsewhere than)."""
        bucket, host = settings_location(self.bridge.session.settings.r2)
        if not (snapshot.published_key and bucket and host) or recorded_in(snapshot, bucket, host):
            return None
        return bucket, host

    def place_if_unset(self, snapshot: Snapshot) -> tuple[str, str] | None:
        """The bucket and host ``snapshot``'s record names when it is published and the R2
        settings name no bucket or no endpoint (publishing not set up): none of theirs to
        tell it apart from, so a plain "Published" passed for one in the bucket publishing
        goes to. ``None`` otherwise, and for a record that names no bucket."""
        if not (snapshot.published_key and snapshot.published_bucket):
            return None
        bucket, host = settings_location(self.bridge.session.settings.r2)
        if bucket and host:
            return None
        return snapshot.published_bucket, snapshot.published_host

    def in_another_bucket(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` is published in another bucket than the R2 settings name
        (:meth:`settings_bucket_if_elsewhere`): the preview says "Published in another
        bucket", and its tile in the library, "Published elsewhere". Told once for every
        artwork of one bucket until the settings are saved (:meth:`settings_saved`): each
        published tile painted asks, and where the settings point is read from the
        environment and the endpoint parsed."""
        if not snapshot.published_key:
            return False
        place = (snapshot.published_bucket, snapshot.published_host)
        elsewhere = self._elsewhere.get(place)
        if elsewhere is None:
            elsewhere = self.settings_bucket_if_elsewhere(snapshot) is not None
            self._elsewhere[place] = elsewhere
        return elsewhere

    def settings_saved(self) -> None:
        """The R2 settings were saved: :meth:`in_another_bucket` asks them again, and a
        check that failed with the settings before may answer now."""
        self._elsewhere.clear()
        self._unread = None
        self._merged_from = None  # the keyring is read again, whatever the Save changed
        self._saves += 1
        self._answered.clear()  # another bucket, maybe: every artwork is asked about again
        self._forget_failed_checks()
        self._saved_over.update(self._built)

    def tile_words(self, snapshot: Snapshot) -> str:
        """A short line for ``snapshot``'s tile in the library: how far its publish or
        unpublish is, or for how long R2 has taken nothing of it (:attr:`Activity.quiet`),
        or that its last publish failed (the preview says why); "" otherwise.
        Before, a tile said nothing until its Published badge came: of twenty artworks
        published at once, the artist could not tell which were still going, nor which of
        them had failed."""
        activity = self._activity.get(snapshot.id)
        if activity is not None:
            if activity.keys_again:
                return self._keys_again_words()
            if activity.kind == UNPUBLISHING:
                # Not the preview's "Removing from the bucket…": a tile cut it short.
                return self.tr("Unpublishing…")
            if activity.after_delete:
                return self.tr("Waiting for Delete…")
            if self.waits_turn(snapshot):
                return self.tr("Waiting to publish")
            if activity.quiet:  # not its percent, which has not moved for a while
                return self._quiet_words(int(activity.quiet))
            if activity.finishing:
                return self.tr("Finishing…")
            if activity.percent is None:
                return self.tr("Publishing…")
            return self._percent_words(activity.percent)
        if self.publish_failed(snapshot):
            return self.tr("Publishing failed")
        if self.unpublish_failed(snapshot):
            if not snapshot.published_key:
                return self._removal_failed_words()
            return self._unpublish_failed_words()
        if self.cancelled_too_late(snapshot) and not snapshot.may_be_gone:
            # As the preview says it: a Cancel pressed there, or the Upload tab's Stop, left
            # the tile with its Published badge alone, as if nothing had been pressed.
            return self._too_late_words()
        if snapshot.may_be_gone:
            # Why, beside the pill's "May be gone" (TileDelegate._pill), or what is left, or
            # that its check waits: before, "Unpublish did not finish" alone, as if nothing
            # was to happen, while its check was put off for minutes.
            return self._put_off_words(snapshot) or self._gone_words(self.part_left(snapshot))
        return ""

    def _put_off_words(self, snapshot: Snapshot) -> str:
        """That the check of ``snapshot``, which may be gone, is put off: until when, when a
        failure holds it off (:meth:`unchecked`; the preview says why and what to do), or
        that it waits for the keyring (:meth:`waits_for_keyring`), or for the check of
        another artwork (:meth:`waits_for_other_check`), or that it is being asked
        (:meth:`being_checked`). "" otherwise, and for
        one in another bucket, which no check asks about there (as the preview has it)."""
        if self.in_another_bucket(snapshot):
            return ""
        if self.waits_for_keyring(snapshot):
            return self.tr("Check waits for the keyring")
        if self.waits_for_other_check(snapshot):
            return self._check_waits_words()
        until = self._unchecked_until(snapshot)
        if until is None:
            return self._being_checked_words() if self.being_checked(snapshot) else ""
        return self._put_off_till(clock_time(time.time() + until - self._clock()))

    def _check_waits_words(self) -> str:
        return self.tr("Check waits its turn")

    def _being_checked_words(self) -> str:
        return self.tr("Checking the bucket…")

    def _put_off_till(self, at: str) -> str:
        return self.tr("Check put off till {time}").format(time=at)

    def _unchecked_until(self, snapshot: Snapshot) -> float | None:
        """When (:attr:`_clock`) the check of ``snapshot`` put off by a failure
        (:meth:`unchecked`) is asked again: that failure's :data:`RECHECK_AFTER_S` over."""
        if self.unchecked(snapshot) is None:
            return None
        held = self._checks_held
        if self._held_for(snapshot) and held is not None:
            return held.at + RECHECK_AFTER_S
        return self._check_failed[snapshot.id][0] + RECHECK_AFTER_S

    def widest_tile_words(self) -> list[str]:
        """Every line :meth:`tile_words` says, with its figures at their widest as most
        publishes have them: the library's tiles are made wide enough for them, as for the
        states' lines (``LibraryModel.widest_status_lines``). At 24 pt "No answer from R2 ·
        120 s" was cut short in a tile sized for "Generating · 12 s" alone."""
        return [
            self._keys_again_words(),
            self.tr("Unpublishing…"),
            self.tr("Waiting for Delete…"),
            self.tr("Waiting to publish"),
            self._quiet_words(888),
            self.tr("Finishing…"),
            self._percent_words(88),
            self.tr("Publishing failed"),
            self._unpublish_failed_words(),
            self._removal_failed_words(),
            self._too_late_words(),
            *(self._gone_words(part) for part in (Found.IMAGE, Found.MANIFEST, None)),
            self.tr("Check waits for the keyring"),
            self._check_waits_words(),
            self._being_checked_words(),
            self._put_off_till(widest_clock_time()),
        ]

    def _too_late_words(self) -> str:
        return self.tr("Too late to cancel")

    def _unpublish_failed_words(self) -> str:
        return self.tr("Unpublish failed")

    def _removal_failed_words(self) -> str:
        """Of an artwork whose Remove from bucket failed: what a stopped publish left."""
        return self.tr("Removal failed")

    def _keys_again_words(self) -> str:
        return self.tr("Reading the keyring…")

    def _quiet_words(self, seconds: int) -> str:
        return self.tr("No answer from R2 · {seconds} s").format(seconds=seconds)

    def _percent_words(self, percent: int) -> str:
        return self.tr("Publishing… {percent} %").format(percent=percent)

    def _gone_words(self, part: Found | None) -> str:
        """Why an artwork may be gone from R2, or what a check found left of it."""
        if part is Found.IMAGE:
            return self.tr("Only its image is left")
        if part is Found.MANIFEST:
            return self.tr("Only its manifest is left")
        return self.tr("Unpublish did not finish")

    def part_left(self, snapshot: Snapshot) -> Found | None:
        """What a check found left in the bucket of ``snapshot``, which may be gone
        (:meth:`check_may_be_gone`): only its image, or only its manifest. None when it
        may not be gone, or no check found one part left of the key it names now."""
        left = self._parts_left.get(snapshot.id)
        if left is None or not snapshot.may_be_gone or left[0] != snapshot.published_key:
            return None
        return left[1]

    def failure_words(self, snapshot: Snapshot) -> str:
        """Why the last publish of ``snapshot`` failed (:meth:`publish_failed`), or its last
        unpublish (:meth:`unpublish_failed`), for its tile's tooltip; "" when neither did. Of
        a batch stopped by a failure every artwork would meet, those that failed beside the
        first, alike or for their own reasons, get no line of their own (the batch's stays
        up): their tiles say why."""
        error = self._errors.get(snapshot.id)
        if error is not None and self.publish_failed(snapshot):
            return error.message
        unpublished = self.unpublish_error(snapshot)
        if unpublished is None:
            return ""
        if not snapshot.published_key:
            return self.still_left_words(unpublished)
        return self.still_published_words(unpublished)

    def still_published_words(self, error: Explanation) -> str:
        """That an artwork is still in the bucket, its unpublish having failed for ``error``:
        after "Unpublish failed", its tile's line and the preview's state."""
        return join_sentences(self.tr("It is still in your R2 bucket."), error.message)

    def still_left_words(self, error: Explanation) -> str:
        """That what a stopped publish left may still be in the bucket, its removal having
        failed for ``error``: after "Removal failed", its tile's line."""
        return join_sentences(
            self.tr("What a stopped publish left may still be in your R2 bucket."), error.message
        )

    def publish_failed(self, snapshot: Snapshot) -> bool:
        """Whether the last publish of ``snapshot`` failed, and it is not published (nor
        being published again)."""
        return (
            snapshot.id in self._errors
            and snapshot.id not in self._activity
            and not snapshot.published_key
        )

    def busy_count(self, kind: str = PUBLISHING) -> int:
        """How many artworks are being published (or, of ``kind`` UNPUBLISHING, removed),
        those waiting for the Delete of their artwork among them: each has yet to end."""
        return self._counts[kind, False] + self._counts[kind, True]

    def sending_count(self) -> int:
        """How many artworks are being sent to R2: not those whose publish waits for the
        Delete of their artwork (:attr:`Activity.after_delete`), which send nothing any
        more, and which quitting leaves no less published."""
        return self.busy_count() - self.waiting_count()

    def on_r2(self) -> bool:
        """Whether a publish, an unpublish or a check of the connection goes on in its
        thread: what :meth:`aclose` waits for."""
        return bool(self._on_r2)

    def busy_ids(self) -> Collection[int]:
        """The ids of the artworks being published or unpublished, as they go."""
        return self._activity.keys()

    def turns_waited(self) -> int:
        """How many publishes of a library's Publish of several wait their turn
        (:meth:`waits_turn`): counted in :meth:`sending_count`, nothing of theirs sent yet."""
        return len(self._queued)

    def waiting_count(self) -> int:
        """How many publishes wait for the Delete of their artwork to end."""
        return self._counts[PUBLISHING, True] + self._counts[UNPUBLISHING, True]

    def overall_progress(self) -> tuple[int, int]:
        """Bytes sent and bytes to send over every publish sending; (0, 0), no percent to
        tell, while one of them has not its size yet (waiting its turn for a transfer). A
        library's Publish of 2,000 artworks said "Publishing 957 artworks… 100 %": the
        percent of the few being sent, the hundreds waiting counted as nothing to send."""
        running = self._sending()
        if any(not a.total for a in running):
            return 0, 0
        return sum(a.done for a in running), sum(a.total for a in running)

    def overall_quiet(self) -> float:
        """How long every publish sending has been quiet (:attr:`Activity.quiet`): 0 while
        the bytes of any of them go."""
        return min((a.quiet for a in self._sending()), default=0.0)

    def sending_finished(self) -> bool:
        """Whether every publish sending has sent all its bytes (:attr:`Activity.finishing`):
        R2's answers are all that is awaited."""
        running = self._sending()
        return bool(running) and all(a.finishing for a in running)

    def _sending(self) -> list[Activity]:
        return [a for a in self._activity.values() if a.kind == PUBLISHING and not a.after_delete]

    # Publisher ----------------------------------------------------------------------------

    async def publisher(self, *, asked: bool = True) -> Publisher:
        """The publisher for the R2 settings as they are now; raises :class:`PublishSetupError`
        when R2 is not configured.

        The configuration is merged again (settings, keyring, environment: a keyring read,
        so in a thread) only when what it is merged from changed (:meth:`_merged_before`):
        the settings (saved, which reads the keyring again whatever changed), the
        environment, or the secret through this process (Settings' store, a session's
        secret). A new publisher is built only when the configuration differs. Transfers
        in flight finish with the publisher they started with.

        Not ``asked`` (a link made or a check started as a preview opens, work the artist did
        not ask for): a keyring whose unlock prompt was dismissed is not read again
        (:func:`~kontext_studio.secrets.may_prompt_for`), nor one whose secret could not be
        read lately (:meth:`_unread_lately`); the publisher already built, with the secret
        this session read, goes on (:meth:`_unasked`). Before, each artwork opened put up the
        keyring's unlock prompt again. A publish, an unpublish, Copy link or Settings saved
        ask again.

        A read that Settings were saved during is made again (not one asked for that the
        keyring refused: its unlock prompt is not put up again): what it found (the keyring
        not giving the secret, the settings before) is older than the Save, which may have
        given one. Before, it held off every check again for minutes, right after the Save
        had ended that.

        Not ``asked``, while another call reads the keyring (:meth:`_keyring_waits`): the
        publisher built is taken as it is, not waited behind that read, maybe of minutes
        (a keyring that does not answer). Before, "Making a link…" stayed up that long."""
        if not asked and self._keyring_waits() and (built := self._built_now()) is not None:
            return built
        async with self._building:
            if self._keys_doubt == self._reads and self._keys_doubted():
                self._merged_from = None  # read once for it (:meth:`_doubt_refused_keys`)
            if not asked and (unread := self._unread_lately()) is not None:
                return self._unasked(unread)
            while True:
                saves = self._saves
                settings = self.bridge.session.settings.r2
                inputs = merged_from(settings)
                if (config := self._merged_before(inputs, asked=asked)) is not None:
                    break
                try:
                    config = await self._read_settings(settings, prompt=asked)
                except PublishSecretUnreadableError as error:
                    if saves != self._saves and not asked:
                        continue
                    if saves != self._saves:
                        raise  # asked: not again, nor kept to hold off the checks after the Save
                    self._unread = (self._clock(), error)
                    if asked:
                        raise
                    return self._unasked(error)
                if saves == self._saves:
                    break
            self._unread = None
            self._settings_read(config)
            if self._publisher is None or self._publisher.config != config:
                self._publisher = await asyncio.to_thread(self._factory, config)
                self._built.add(self._publisher)
            self._merged_from = inputs
            self._saved_over.discard(self._publisher)  # the settings as saved, read
            if self._check_all_later:  # the secret was got: the start's look goes now
                self._check_all_later = False
                self.check_all_may_be_gone()
            return self._publisher

    def _merged_before(self, inputs: tuple[object, ...], *, asked: bool) -> R2Config | None:
        """The configuration of the publisher built, when it was merged from ``inputs``
        (:func:`merged_from`): the settings, the environment and the secret as this process
        left them. Before, every check, link and publish read the keyring again, each read
        of a keyring slow to answer waiting on it. The secret stays in memory alone; R2
        refusing it has the keyring read once then (:meth:`_keys_read_again`), not at every
        call after: before, with the keys refused for a check, every link made and check
        read it again until a check went through."""
        if self._publisher is None or self._merged_from != inputs:
            return None
        return self._publisher.config

    async def _read_settings(self, settings: R2Settings, *, prompt: bool) -> R2Config:
        """``settings`` merged with the secret (:func:`load_r2_config`), in a thread; the
        checks put off meanwhile (:meth:`_keyring_waits`) asked again after."""
        self._reading_keyring = True
        checking = bool(self._checking) and self.link_waits_for_keyring()
        if checking:
            self.checks_changed.emit()  # a check reads it: its tile and preview say it waits
        try:
            return await asyncio.to_thread(load_r2_config, settings, prompt=prompt)
        finally:
            self._reading_keyring = False
            self._reads += 1
            if checking and not self._put_off:
                self.checks_changed.emit()  # no longer waiting (put off: said below)
            if self._put_off:
                put_off, self._put_off = sorted(self._put_off), set()
                self.checks_changed.emit()  # the views ask about the artwork they show
                self.bridge.spawn(self._check_put_off(put_off))

    async def _check_put_off(self, ids: list[int]) -> None:
        """Check the artworks whose checks were put off while the keyring was read
        (:meth:`_check`), those the artist opened and passed over among them, what they
        found said once: before, only the one shown was asked again, and those passed over
        stayed "May be gone" until opened again. A hold stops them: the end of the hold
        looks for every artwork that may be gone (:meth:`_hold_over`); before, those the
        start's look put off stayed "May be gone" until opened, the keyring answering
        since."""
        news: list[Settled] = []
        for job_id in ids:
            if self._held_now():  # the read failed, or R2 did: the others would meet it too
                break  # asked when the hold is over, as every one that may be gone
            if not self._failed_lately(job_id):
                await self._check(job_id, news)
        if news:
            self.answer.emit(self._all_settled_words(news))

    def _keyring_waits(self) -> bool:
        """Whether the R2 settings are being read with a secret only the keyring gives (not
        this session, not the environment), which may take it long: a keyring that does not
        answer, or shows its unlock prompt."""
        return (
            self._reading_keyring
            and not secrets.in_environment(secrets.R2_SECRET)
            and not secrets.is_session_only(secrets.R2_SECRET)
        )

    def waits_for_keyring(self, snapshot: Snapshot) -> bool:
        """Whether the check of ``snapshot``, that may be gone, waits for the keyring to give
        the R2 secret (:meth:`_check`): put off behind its read, or the check that reads it,
        none read this session. For the preview to say so: before, the first artwork opened
        said nothing for as long as the keyring took (~25 s for one that does not answer)."""
        if snapshot.id in self._put_off:
            return self._keyring_waits()
        return snapshot.id in self._checking and self.link_waits_for_keyring()

    def waits_for_other_check(self, snapshot: Snapshot) -> bool:
        """Whether the check of ``snapshot``, that may be gone, waits for that of another
        artwork to end (one asks the bucket at a time, :meth:`_take_turn`): for its preview
        and tile to say so. Before, they said nothing for as long as a slow check took."""
        return snapshot.id in self._behind

    def being_checked(self, snapshot: Snapshot) -> bool:
        """Whether the bucket is being asked what is left of ``snapshot``, that may be gone
        (:meth:`_check`, its turn come): for its preview and tile to say so. Before, they
        said "Unpublish did not finish" alone while it was asked, when the one waiting
        behind it said it waited."""
        return snapshot.id in self._checking and snapshot.id not in self._behind

    def link_waits_for_keyring(self) -> bool:
        """Whether a link made now waits for the keyring to give the R2 secret: it is being
        read, and none was read this session (:meth:`publisher`), for the preview to say so."""
        return self._keyring_waits() and self._built_now() is None

    def _unread_lately(self) -> PublishSecretUnreadableError | None:
        """Why the keyring could not give the R2 secret, when it was read less than
        :data:`RECHECK_AFTER_S` ago: read again, it would not answer, or prompt, alike. Not
        only while that holds off the checks: a keyring that does not answer (rather than
        being locked, :func:`~kontext_studio.secrets.may_prompt_for`) was read again at each
        artwork opened while a publisher built before went on checking, each read waiting
        for its time-out, and the next opening waiting on it."""
        if self._unread is None:
            return None
        at, error = self._unread
        return error if self._clock() - at < RECHECK_AFTER_S else None

    def _unasked(self, unread: PublishSecretUnreadableError) -> Publisher:
        """For work the artist did not ask for, with the R2 secret ``unread``: the publisher
        built with the secret this session read (:meth:`_built_now`); else ``unread`` is
        raised."""
        built = self._built_now()
        if built is None:
            raise unread
        return built

    def _built_now(self) -> Publisher | None:
        """The publisher built with the secret this session read, while the settings are as
        it read them."""
        if self._publisher is None or self._publisher in self._saved_over:
            return None
        return self._publisher

    async def _keys_read_again(
        self, refused: Publisher, reads: int, *, asked: bool
    ) -> Publisher | None:
        """R2 refused the keys of ``refused`` (a :class:`PublishAuthError`), got when the
        settings had been read ``reads`` times: the publisher to try once more with, built
        with the R2 secret the keyring gives now, when only that secret differs from the one
        refused; None when it is the same, or cannot be read (the keys are said to be wrong
        then). The keyring is read once for the refusal, not when it was read since
        ``refused`` was got (the refusal of a publish sent beside it read it). Before, a
        secret another program put in the keyring (keys rotated in a password manager) was
        used only after a Save in Settings or a restart, "R2 rejected the access keys" said
        meanwhile. ``asked``: as for :meth:`publisher`."""
        if reads == self._reads and refused is self._publisher:
            self._merged_from = None  # the keyring is read again, for this refusal alone
        try:
            fresh = await self.publisher(asked=asked)
        except KontextError:
            return None
        secret = fresh.config.secret_access_key
        if secret == refused.config.secret_access_key:
            return None
        return fresh if replace(refused.config, secret_access_key=secret) == fresh.config else None

    def _keys_doubted(self) -> bool:
        """Whether R2's refusal of the keys holds off the checks (:meth:`_hold_checks`)
        while the R2 secret is the keyring's (not this session's, nor the environment's):
        another program (a password manager) may have put it right there since."""
        held = self._checks_held
        return (
            held is not None
            and isinstance(held.error, PublishAuthError)
            and self._held_now()
            and not secrets.in_environment(secrets.R2_SECRET)
            and not secrets.is_session_only(secrets.R2_SECRET)
        )

    def _doubt_refused_keys(self) -> bool:
        """Have the keyring read once more before the publisher is next got, when R2's
        refusal of the keys holds off the checks (:meth:`_keys_doubted`); whether it will be.
        A secret put right since is used at once, and its settings, differing from those
        refused, end the hold (:meth:`_settings_read`). Before, it was read only once R2
        had refused a request again, and the checks stayed held for minutes meanwhile."""
        if not self._keys_doubted():
            return False
        self._keys_doubt = self._reads
        return True

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        """The artist is back in the window, maybe from the password manager where they put
        the R2 secret right: the keyring is read once more, when R2's refusal of the keys
        holds off the checks (:meth:`_doubt_refused_keys`), and the checks go again at once
        with a secret put right; the preview no longer says "Could not check"."""
        if state != Qt.ApplicationState.ApplicationActive or self._reading_keyring:
            return
        if self._doubt_refused_keys():
            self.bridge.spawn(self._read_doubted_keys())

    async def _read_doubted_keys(self) -> None:
        """:meth:`_app_state_changed`'s read of the keyring, with no unlock prompt: nothing
        the artist asked for. Its failure is the next Publish's to say."""
        try:
            await self.publisher(asked=False)
        except KontextError as error:
            log.info(
                "the R2 secret could not be read again",
                extra={"event": "keys_reread_failed", "kind": error.kind},
            )

    async def _keys_retried(
        self,
        through: _Through,
        attempt: Callable[[Publisher], Awaitable[T]],
        *,
        asked: bool,
        stop: asyncio.Future[None] | None = None,
        job_id: int | None = None,
    ) -> T:
        """``attempt`` (a publish, an unpublish or a check) through ``through``'s publisher,
        else through that of the settings now, got for it (:meth:`publisher`, ``asked`` or
        not). R2 refusing its keys, it is made once more through the publisher built with
        those the keyring gives now (:meth:`_keys_read_again`), which ``through`` is left
        with: refused again, the keys are said to be wrong, and the caller's handling of
        that failure holds the checks by the publisher it came through (:meth:`_hold_checks`),
        the one of the settings now, not the one refused before. ``stop`` (a publish's
        Cancel) pressed while the keyring is read: cancelled at once, the read left to end
        for the next publish; before, the refusal was said, the tile failed, though the
        artist had cancelled it, and later it waited for the read (a locked keyring's unlock
        prompt) to end. ``job_id``: the artwork published or unpublished, whose tile and
        preview say the keyring is read meanwhile (:attr:`Activity.keys_again`)."""
        if through.publisher is None:
            through.publisher = await self.publisher(asked=asked)
        refused = through.publisher
        reads = self._reads
        try:
            return await attempt(refused)
        except PublishAuthError as error:
            if through.read_for_it and reads == self._reads and refused is self._publisher:
                raise  # what the keyring gave just now: before, read twice for one press
            said = job_id is not None and self._says_keys_again(job_id, refused, reads)
            try:
                fresh = await self._unless_stopped(
                    self._keys_read_again(refused, reads, asked=asked), stop
                )
            finally:
                if said and job_id is not None:
                    self._keys_again_over(job_id)
            if fresh is None and stop is not None and stop.done():
                raise PublishCancelledError() from error
            if fresh is None:
                raise
            through.publisher = fresh
            return await attempt(fresh)

    def _says_keys_again(self, job_id: int, refused: Publisher, reads: int) -> bool:
        """Have the tile and the preview of ``job_id`` say the keyring is read again
        (:attr:`Activity.keys_again`), when :meth:`_keys_read_again` reads it for R2's
        refusal of ``refused`` (got at ``reads``), and only the keyring gives the secret;
        whether they say it."""
        reread = reads == self._reads and refused is self._publisher
        if not reread or secrets.in_environment(secrets.R2_SECRET):
            return False
        return not secrets.is_session_only(secrets.R2_SECRET) and self._keys_again_on(job_id)

    def _keys_again_on(self, job_id: int) -> bool:
        """Have the tile and the preview of ``job_id`` say the keyring is read again, while
        it is under way (:attr:`Activity.keys_again`); whether they say it."""
        activity = self._activity.get(job_id)
        if activity is None:
            return False
        self._set_activity(job_id, replace(activity, keys_again=True))
        return True

    async def _asked_publisher(
        self, job_id: int, through: _Through, stop: asyncio.Future[None] | None = None
    ) -> None:
        """``through`` given the publisher for the publish or the unpublish of ``job_id``
        the artist asked for (:meth:`publisher`): the keyring read first when R2's refusal of
        the keys holds off the checks (:meth:`_doubt_refused_keys`), and not again at once
        should R2 refuse it (:attr:`_Through.read_for_it`), the tile and the preview saying so
        meanwhile, and ``stop`` (a publish's Cancel) pressed during it, or during a read
        another call began (a publish cancelled while its refusal had the keyring read):
        cancelled at once, the read left to end for whatever asks next. Before, a locked
        keyring's unlock prompt up, they said "Publishing…" with nothing of why it waited,
        and Cancel took effect only once the keyring answered. A read this publish begins
        otherwise is waited for in its task, as before: a failure the read ends in holds off
        the checks before those put off behind it go."""
        doubted = self._doubt_refused_keys()
        said = doubted and self._keys_again_on(job_id)
        if not said and not self._keyring_waits():
            through.publisher = await self.publisher()
        else:
            try:
                through.publisher = await self._unless_stopped(self.publisher(), stop)
            finally:
                if said:
                    self._keys_again_over(job_id)
            if through.publisher is None:
                raise PublishCancelledError()
        through.read_for_it = doubted

    def _keys_again_over(self, job_id: int) -> None:
        """The keyring's read for R2's refusal of ``job_id``'s keys ended
        (:meth:`_says_keys_again`)."""
        activity = self._activity.get(job_id)
        if activity is not None and activity.keys_again:
            self._set_activity(job_id, replace(activity, keys_again=False))

    @staticmethod
    async def _unless_stopped(
        reading: Awaitable[Publisher | None], stop: asyncio.Future[None] | None
    ) -> Publisher | None:
        """What ``reading`` (a read of the keyring) gives; None at once when ``stop`` (a
        publish's Cancel) comes first, the read going on to its end, for whatever asks next."""
        task = asyncio.ensure_future(reading)
        if stop is None:
            return await task
        try:
            either: set[asyncio.Future[Any]] = {task, stop}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            raise
        if task.done():
            return task.result()
        task.add_done_callback(lambda done: done.cancelled() or done.exception())
        return None

    def _in_thread(
        self, publisher: Publisher, fn: Callable[..., T], /, *args: object, **kwargs: object
    ) -> asyncio.Future[T]:
        """``fn`` (a publish or an unpublish through ``publisher``) in a thread, as a future
        that ends with the thread: awaited shielded, it goes on when its caller is cancelled
        (the window closing), for :meth:`aclose` to wait for, and stop."""
        work = asyncio.ensure_future(asyncio.to_thread(fn, *args, **kwargs))
        self._on_r2[work] = publisher
        work.add_done_callback(lambda done: self._on_r2.pop(done, None))
        # Its outcome is its caller's; once the caller is gone (the window closed), not news.
        work.add_done_callback(lambda done: done.cancelled() or done.exception())
        return work

    async def aclose(self, now: asyncio.Event | None = None) -> None:
        """The window has closed, its work cancelled (``Bridge.aclose``): end the publishes
        and unpublishes that go on in threads before the session closes under them. Each is
        given a moment (:func:`~kontext_studio.publish.end_or_cut`) to end as its Cancel
        ends it (a publish removing what it sent); then the requests of every publisher are
        cut (:meth:`Publisher.stop`), so one waiting on a server that stopped answering ends
        now. Before, the app stayed on with its window gone until their time-outs and
        retries were spent, a minute, five for a large image, and a launch meanwhile opened
        a second window beside it. A publish cut so leaves its key noted, as one the app was
        killed in does: the next start says it may have left its image in the bucket, and
        offers to remove it. Once ``now`` is set (a second stop signal) the requests are cut
        at once and nothing is waited for."""
        self._hold_timer.stop()  # its end would ask views gone, or closing, to check again
        self._failed_alone_timer.stop()
        cut, stuck = await end_or_cut(set(self._on_r2), self._stop_publishers, now)
        if cut:
            log.warning(
                "publishing cut at close",
                extra={"event": "publish_cut_at_close", "count": len(cut)},
            )
        if stuck:
            log.error(
                "publishing did not end at close",
                extra={"event": "publish_stuck_at_close", "count": len(stuck)},
            )

    async def check_connection(self, settings: R2Settings, typed_secret: str = "") -> R2Config:
        """Reach the bucket with ``settings`` and the typed secret (else the stored one),
        merged with the environment as publishing does, in threads. Returns the
        configuration that answered; raises :class:`PublishSetupError` when the values
        cannot name a bucket, else :class:`PublishError` and its kinds. One attempt and
        short time-outs: the artist is waiting for the answer. Its publisher is one
        :meth:`aclose` cuts: before, the app closed while it waited on a server that
        stopped answering stayed on, its window gone, for 20-30 s."""
        config = await asyncio.to_thread(load_r2_config, settings, typed_secret=typed_secret)
        publisher = await asyncio.to_thread(
            partial(Publisher, config, connect_timeout=5.0, read_timeout=15.0, max_attempts=1)
        )
        self._built.add(publisher)
        # Shielded: the window closing cancels its caller, not the check, which aclose cuts.
        await asyncio.shield(self._in_thread(publisher, publisher.test_connection))
        return config

    def _stop_publishers(self) -> None:
        """Cut the requests of every publisher built (:meth:`Publisher.stop`)."""
        for publisher in list(self._built):
            publisher.stop()

    async def ready(self) -> bool:
        """Whether publishing can start; if R2 is not configured, say what is missing
        (:attr:`setup_needed`) and return False."""
        try:
            await self.publisher()
        except PublishSetupError as error:
            self.offer_setup(error)
            return False
        return True

    def offer_setup(self, error: PublishSetupError) -> None:
        """Say why the R2 settings cannot be used, and offer them (:attr:`setup_needed`):
        first only when Settings can set them right, not when every value at fault is one
        the environment sets (the error then advises to correct its variable), read-only
        there."""
        words = self.setup_words(error)
        in_settings = isinstance(error, PublishNotSetUpError) or not error.environment_only
        self.setup_needed.emit(words.message, words.hint, in_settings, setup_title(error))

    def setup_words(self, error: PublishSetupError) -> Explanation:
        """The window's words for R2 settings that cannot be used. Fields still empty: what
        to do first, then the fields, as Settings names them (before, "R2 is not configured:
        no endpoint (or account ID), …" came first). A value that cannot work: what is
        wrong with it, then where to set it right: its variable, for one the environment
        sets. Without the environment variables the command line names
        (:func:`~kontext_studio.explain.explain`). A keyring that cannot be read: the
        secret typed in Settings, which this window takes, where the command line's words
        said to set R2_SECRET_ACCESS_KEY, which it never reads once started."""
        if isinstance(error, PublishNotSetUpError):
            return Explanation(
                named_settings(self.tr("Open {publishing_settings} and fill in the empty fields.")),
                explain_error_detail(error),
            )
        if isinstance(error, PublishSecretUnreadableError):
            return Explanation(explain_error_detail(error), self._unread_secret_todo(error))
        if error.environment_only:  # a value the environment sets: read-only in Settings
            return Explanation(explain_error_detail(error), explain(error).hint)
        return Explanation(
            explain_error_detail(error),
            named_settings(
                self.tr(
                    "Enter your Cloudflare R2 bucket in {publishing_settings}: the endpoint or "
                    "account ID, the bucket, and an access key ID with its secret."
                )
            ),
        )

    def _unread_secret_todo(self, error: PublishSecretUnreadableError) -> str:
        if error.damaged:  # no unlock or retry mends it: the error's own hint says what does
            return explain(error).hint
        if error.silent:  # no unlock makes it answer
            return named_settings(
                self.tr(
                    "Try again; if the keyring still does not answer, restart its service (or "
                    "log out and back in). Or type the secret access key in "
                    "{publishing_settings} to use it in this session."
                )
            )
        return named_settings(
            self.tr(
                "Unlock the keyring, then try again; or type the secret access key in "
                "{publishing_settings} to use it in this session."
            )
        )

    # Publish ------------------------------------------------------------------------------

    def publish(self, job_id: int, shown: Snapshot | None = None) -> None:
        """Publish in the background; progress, the result and any error are announced.
        A second request for an artwork already in flight is ignored. ``shown``: the
        artwork as the window shows it, whose title names it when another program deleted
        or published it meanwhile (:func:`_said_by_title`)."""
        if job_id in self._activity:
            return
        published = self._publish_reported(job_id, self._begin(job_id), shown)
        if self.bridge.spawn(published) is None:
            self._dropped(job_id)  # the window is closing: nothing will run it

    def publish_shown(self, shown: object) -> None:
        """Publish the artwork a view shows as ``shown`` (a Snapshot: its Publish)."""
        snapshot = snapshot_of(shown)
        self.publish(snapshot.id, snapshot)

    def publish_many(self, shown: Sequence[Snapshot]) -> None:
        """Publish each of ``shown`` (artworks as a view shows them, a library's Publish of
        several) not in flight already, :data:`BATCH_PUBLISHES` at a time: all registered
        at once, said once (one :attr:`many_changed`, one :attr:`notice`), run by one task.
        The first failure not an artwork's own (:data:`NOT_THE_ARTWORK`, or R2 settings
        that cannot be used) stops the batch: those not started stay as they were, and one
        line says why, what to do, and how many more were not published."""
        batch = {s.id: s for s in shown if s.id not in self._activity}
        if not batch:
            return
        started = {job_id: self._register(job_id) for job_id in batch}
        self._queued.update(batch)
        self.many_changed.emit(frozenset(batch))
        self.notice.emit("")  # an earlier outcome no longer is the news
        run = self._publish_batch([(batch[job_id], stop) for job_id, stop in started.items()])
        if self.bridge.spawn(run) is None:
            # The window is closing: nothing will run it.
            self._drop_many(list(batch), PublishCancelledError())

    async def _publish_batch(self, queued: list[tuple[Snapshot, asyncio.Future[None]]]) -> None:
        """Run :meth:`publish_many`'s publishes, :data:`BATCH_PUBLISHES` side by side, each
        known by the stop future its registration made. Its Cancel is made as it starts: made
        for all at the press, they were about half of what a Publish of thousands cost then."""
        waiting = deque(queued)
        stopped: list[tuple[KontextError, int]] = []  # each with its artwork's id
        # The line that says the batch stopped counts its artworks (:class:`_StoppedLine`):
        # the first that failed and those let go, then each sent beside it that failed
        # after it. The batch, on that line, is:
        batch = object()

        def still_queued(shown: Snapshot, stop: asyncio.Future[None]) -> bool:
            """Not cancelled while it waited (:meth:`cancel`), nor queued anew since."""
            return shown.id in self._queued and self._stops.get(shown.id) is stop

        def let_go() -> list[int]:
            """Let go of those still waiting their turn: they have sent nothing. One another
            caller waits for (the Upload tab's Publish, :meth:`publish_now`) is told what
            stopped the batch, not that it was cancelled, which nobody pressed. Their ids."""
            these = [shown.id for shown, stop in waiting if still_queued(shown, stop)]
            waiting.clear()
            self._drop_many(these, stopped[0][0] if stopped else PublishCancelledError())
            return these

        def count_failed_beside(beside: int) -> None:
            """``beside``, sent beside the first failure, failed after it, alike (not for its
            own reason): the line counts it. Before, it counted only those let go, short of
            up to three that failed then."""
            first, job_id = stopped[0]
            if isinstance(first, PublishSetupError):  # offered in a box, no line
                return
            self._reword_batch_stopped(batch, first, job_id, beside)

        async def worker() -> None:
            while waiting and not stopped:
                shown, stop = waiting.popleft()
                if not still_queued(shown, stop):
                    continue
                self._queued.discard(shown.id)
                self.changed.emit(shown.id)  # its views say it is being published, no more waiting
                self._totals_moved()  # the status bar counts one more sent, one less waiting
                try:
                    await self._publish(shown.id, self._new_cancel(shown.id), shown)
                except (*NOT_THE_ARTWORK, PublishSetupError) as error:
                    stopped.append((error, shown.id))
                    if len(stopped) == 1:
                        # Said at once, not once those sent beside it end (minutes, maybe):
                        # each of those that fails alike says why on its tile, and is
                        # counted on the line as it ends.
                        untried = let_go()
                        self._say_batch_stopped(batch, error, shown.id, untried)
                    else:
                        count_failed_beside(shown.id)
                except KontextError as error:
                    if not stopped:
                        # Said unless stopped: the line that says so stays, not counting this
                        # one (its file gone, published elsewhere, cancelled), which is not
                        # ready to publish again once that is put right. Its tile says why.
                        self._say_failure(error, shown.id)

        try:
            await asyncio.gather(*(worker() for _ in range(min(BATCH_PUBLISHES, len(queued)))))
        finally:
            let_go()

    def _say_batch_stopped(
        self, batch: object, error: KontextError, job_id: int, untried: list[int]
    ) -> None:
        """One line for a batch ``error`` stopped, met by the publish of ``job_id``, with
        ``untried`` more of its artworks not published (let go before their turn), counted
        with those of the batches stopped alike while their line is up (:class:`_StoppedLine`);
        none for settings that cannot be used (offered in a box of their own)."""
        if isinstance(error, PublishSetupError):
            self.offer_setup(error)
            return
        failure = explain(error)
        line = self._stopped_line(failure)
        left = {} if line is None else line.left
        stopped = _StoppedLine({**left, batch: {job_id, *untried}}, Said("", ""), error)
        count = stopped.count()
        said = self._batch_stopped_words(error, count) if count else None
        words = self._report(error, PUBLISH, job_id, said)
        stopped.said = self._shown[words]
        self._stopped_lines[failure] = stopped
        if count:
            # Said at once, the publishes sent beside it still going: not R2's refusal that
            # one of them going through ends (:meth:`_r2_answered`), but how many were not
            # published, up until the artist closes it. Before, it went as one went through.
            self._note_r2_refusal(None, error, job_id)

    def _reword_batch_stopped(
        self, batch: object, error: KontextError, job_id: int, beside: int
    ) -> None:
        """The line of ``batch``, which ``error`` stopped (met by ``job_id``), counting
        ``beside`` too, not published now (:attr:`refusal_reworded`), where it is still up:
        kept up as :meth:`_say_batch_stopped` keeps it, under a tag of its own, which no
        failure's end takes down. A line closed, or replaced by other words, stays so."""
        self._note_r2_refusal(None, error, job_id)
        line = self._stopped_line(explain(error))
        if line is None or batch not in line.left:
            return
        line.left[batch].add(beside)
        words = self._batch_stopped_words(error, line.count())
        was, line.said = line.said, Said(words.message, words.hint, line.said.topic)
        self.refusal_reworded.emit(was, line.said, False)

    def _no_longer_left(self, job_ids: Collection[int]) -> None:
        """``job_ids`` were published, or deleted: the lines of stopped batches that counted
        them count them no more, worded anew where the banner still shows them
        (:attr:`refusal_reworded`), and go once none of their artworks is left
        (:attr:`r2_refusal_over`). Before, "3 more artworks were not published" stayed as it
        was over the artworks published (or deleted) one by one since."""
        for failure, line in list(self._stopped_lines.items()):
            if not job_ids or not self.shows(line.said) or not line.let_go(job_ids):
                continue
            if not line.artworks():
                del self._stopped_lines[failure]
                self.r2_refusal_over.emit(line.said)
                continue
            count = line.count()
            words = self._batch_stopped_words(line.error, count) if count else failure
            was, line.said = line.said, Said(words.message, words.hint, line.said.topic)
            self.refusal_reworded.emit(was, line.said, False)

    def _deleted_together(self, begun: bool) -> None:
        """An operation told together (``Bridge.together``) ended: the artworks it deleted
        that stopped batches' lines count are counted no more, each line worded anew once."""
        if not begun and self._deleted_meanwhile:
            deleted, self._deleted_meanwhile = self._deleted_meanwhile, set()
            self._no_longer_left(deleted)

    def _stopped_line(self, failure: Explanation) -> _StoppedLine | None:
        """The line of the batches stopped by the failure said in ``failure`` (its words
        alone), while the banner shows it (:attr:`shows`). Those it no longer shows are let
        go: the batch stopped alike after one the artist closed starts a line of its own."""
        self._stopped_lines = {
            words: line for words, line in self._stopped_lines.items() if self.shows(line.said)
        }
        return self._stopped_lines.get(failure)

    def _batch_stopped_words(self, error: KontextError, untried: int) -> Explanation:
        """Why a batch stopped (``error``), what to do, and that ``untried`` more of its
        artworks were not published."""
        words, detail = explain_apart(error)
        cause = detail_sentence(detail) if detail else ""
        if untried == 1:
            left = self.tr(
                "1 more artwork was not published: it is ready to publish again once this is "
                "put right."
            )
        else:
            left = self.tr(
                "{count} more artworks were not published: they are ready to publish again "
                "once this is put right."
            ).format(count=grouped(untried))
        return Explanation(words.message, join_sentences(cause, words.hint, left))

    def _drop_many(self, job_ids: list[int], why: KontextError) -> None:
        """:meth:`_dropped` of each of ``job_ids``, never started, said once."""
        if not job_ids:
            return
        for job_id in job_ids:
            self._unregister(job_id, why)
        self.many_changed.emit(frozenset(job_ids))

    async def _publish_reported(
        self, job_id: int, cancel: PublishCancel, shown: Snapshot | None
    ) -> None:
        try:
            await self._publish(job_id, cancel, shown)
        except KontextError as error:
            self._say_failure(
                error, job_id, published=shown is not None and bool(shown.published_key)
            )

    def _say_failure(self, error: KontextError, job_id: int, *, published: bool = False) -> None:
        """Say why the publish of ``job_id`` failed, unless ``_publish`` said it. One
        ``published`` already (a Publish again) is not counted on a stopped batches' line of
        artworks not published: it still is."""
        if isinstance(error, PublishSetupError):
            self.offer_setup(error)
        elif isinstance(error, PublishCancelledError | PublishedElsewhereError | DeletedHereError):
            pass  # said by _publish; deleted here, the artist knows
        elif isinstance(error, JobGoneError):
            # Not the artwork's failure, over once the window hears it is gone: its words
            # went with the tile, seconds after they came.
            self._report(error, PUBLISH)
        elif (
            isinstance(error, NOT_THE_ARTWORK)
            and not published
            and self._stopped_line(explain(error)) is not None
        ):
            # Failed as the batches the banner's line says stopped: counted there with
            # theirs, as a batch of one. Before, the line kept its count, this one left out.
            self._say_batch_stopped(object(), error, job_id, [])
        else:
            self._report(error, PUBLISH, job_id)

    def _report(
        self,
        error: KontextError,
        topic: str | None = None,
        job_id: int | None = None,
        said: Explanation | None = None,
        *,
        answer: str = "",
    ) -> Explanation:
        """Show ``error`` on the window's banner (in the words ``said``, by default
        :func:`explain`'s), noting them when it is R2's own, or else of the publish of
        ``job_id``; one the settings put right (the keys, the bucket) goes with them offered,
        not one of values the environment alone sets (its words say to correct the
        variables), read-only in Settings. Returns the words of the failure: those shown,
        or those a stopped batches' line says with its count (:meth:`_stopped_line`), the
        status bar then saying ``answer`` (by default the failure's first line)."""
        if settings_put_right(error):
            topic = R2_SETTINGS
            self.settings_fault = settings_at_fault(error)
        words = explain(error) if said is None else said
        line = self._stopped_line(words)
        if line is None or not line.count():
            self._shown[words] = self.bridge.report_said(error, topic, words)
            if line is not None:  # the same words again: still the line of its batches
                line.said = self._shown[words]
        else:
            # Another failure alike (an Unpublish R2 could not reach either) in the words
            # of the line that counts the artworks its batches left unpublished, which gave
            # way to them: the line stays, its count kept, and the status bar answers the
            # act that failed in its words, read out (the line's, the same, are not). Not
            # taken down by that failure's end: the artworks it counts are unpublished still.
            counted = Explanation(line.said.message, line.said.hint)
            line.said = self.bridge.report_said(error, line.said.topic, counted)
            self._shown.pop(words, None)
            self.answer.emit(answer or words.message)
        about_r2 = _about_r2(error)
        self._note_r2_refusal(words if about_r2 else None, error, job_id)
        # A refusal of one artwork's (its file, R2 refusing its request) is over once that
        # artwork publishes: before, its words stayed over the artwork published.
        if about_r2 or job_id is None:
            self._artwork_refusal = None
        elif self._artwork_refusal is not None and self._artwork_refusal[1] == words:
            self._artwork_refusal[0][job_id] = time.time()
        else:
            self._artwork_refusal = ({job_id: time.time()}, words)
        kept = self._not_over() | {words}  # an unpublish's notes its words once said
        self._shown = {shown: tag for shown, tag in self._shown.items() if shown in kept}
        return words

    def _not_over(self) -> set[Explanation]:
        """The words of the failures whose end takes their banner down (:meth:`_refusal_over`):
        R2's own refusal, the artworks' and the unpublishes'. Others' words are never taken
        down by it: their tags need not be kept."""
        words = set(self._unpublish_refused.values())
        if self._r2_refusal is not None:
            words.add(self._r2_refusal)
        if self._artwork_refusal is not None:
            words.add(self._artwork_refusal[1])
        return words

    def _note_r2_refusal(
        self, words: Explanation | None, error: KontextError, job_id: int | None
    ) -> None:
        """Note ``words`` as R2's own refusal on the banner (None: the banner's words are not
        R2's), met by the publish of ``job_id`` now, with the artworks that met the same
        words before (:meth:`_published_elsewhere_since`)."""
        if words is None or words != self._r2_refusal:
            self._r2_refused = {}
        self._r2_refusal = words
        if words is not None and job_id is not None and not isinstance(error, PublishAuthError):
            self._r2_refused[job_id] = time.time()

    def _artwork_refusal_over(self, job_id: int) -> None:
        """``job_id`` was published, or deleted: the failure of its own publish still on the
        banner is over (:attr:`r2_refusal_over`), once no other artwork failed with its words
        (one of them deleted kept them up for good)."""
        if self._artwork_refusal is None or job_id not in self._artwork_refusal[0]:
            return
        refused, words = self._artwork_refusal
        del refused[job_id]
        if not refused:
            self._artwork_refusal = None
            self._refusal_over(words)

    def _artwork_deleted(self, job_id: int) -> None:
        """``job_id`` was deleted: the failure of its publish is over
        (:meth:`_artwork_refusal_over`). One that said its file was gone from the library
        folder, "put it back in that folder", met another program's delete half done (the
        file trashed, the row not yet gone): its words are not taken down without a word
        of why, but replaced by those of the delete where they are still up
        (:attr:`refusal_reworded`). Not for this window's own delete
        (``Bridge.deleted_here``), of which no publish or unpublish is to speak as of another
        program's.

        One of a batch still waiting its turn that this window deleted is let go at once:
        before, it went on counting as being published (the status bar, the quit question)
        until its turn came, maybe minutes later."""
        if job_id in self._queued and self.bridge.deleted_here(job_id):
            self._dropped(job_id, DeletedHereError())
        if self._stopped_lines and self.bridge.telling_together:
            self._deleted_meanwhile.add(job_id)
        else:
            self._no_longer_left({job_id})
        shown = self._lost_files.pop(job_id, None)
        refusal = self._artwork_refusal
        alone = refusal is not None and set(refusal[0]) == {job_id}  # its words, no other's
        if refusal is None or shown is None or not alone or self.bridge.deleted_here(job_id):
            self._artwork_refusal_over(job_id)
            return
        self._artwork_refusal = None
        was = self._shown.get(refusal[1])
        if was is None:
            return
        gone = explain(JobGoneError.worded(PUBLISHED_GONE, title=sentence_title(shown)))
        self.refusal_reworded.emit(was, Said(gone.message, gone.hint, was.topic), True)

    def _unpublish_refusal_over(self, job_id: int) -> None:
        """``job_id``, whose unpublish failed, is not published any more (unpublished here
        or by a command, or its publication forgotten: ``unpublish --forget``, which the
        record does not tell apart), or was deleted: that failure is over, whatever refused
        it (R2's own trouble too), and the words it put on the banner go
        (:attr:`r2_refusal_over`), unless another artwork's failure said the same words and
        is not over. Not R2's refusal of a publish met alike: only R2 taking a request shows
        that over (:meth:`_r2_answered`), and a forgotten publication asked nothing of R2."""
        self._unpublish_errors.pop(job_id, None)
        words = self._unpublish_refused.pop(job_id, None)
        if words is None or words in self._unpublish_refused.values():
            return
        if self._artwork_refusal is not None and self._artwork_refusal[1] == words:
            return
        if words == self._r2_refusal:
            if self._r2_refused:
                return  # a publish R2 refused alike is not over
            self._r2_refusal = None
        self._refusal_over(words)

    def _published_since_unpublish_failed(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot``, whose unpublish here failed, was recorded as published when
        it failed or later (by another program: one published here forgot the failure)."""
        said = self._unpublish_errors.get(snapshot.id)
        return said is not None and _published_since(snapshot, said[1])

    def _refused_artworks(self) -> set[int]:
        """The artworks the banner's words are of (:meth:`_artwork_refusal_over`,
        :meth:`_published_elsewhere_since`): one another program deletes or publishes is
        told so even when the library's search hides it. Untold, the words stayed up for
        good over the only one left, published. So are those whose failed unpublish their
        tiles say (:meth:`unpublish_failed`), and those stopped batches' lines count
        (:meth:`_no_longer_left`)."""
        refused = set(self._r2_refused).union(
            self._unpublish_refused,
            self._unpublish_errors,
            *(line.artworks() for line in self._stopped_lines.values()),
        )
        return refused if self._artwork_refusal is None else refused.union(self._artwork_refusal[0])

    def _published_elsewhere_since(self, snapshots: list[Snapshot]) -> None:
        """Another program's write had the library read again (``Bridge.read_again``): an
        artwork whose failed publish the banner's words are of, published by that program
        since it failed (``kontext-studio publish``), has its failure over, as one published
        here has (:meth:`_artwork_refusal_over`); R2's own refusal (:meth:`_r2_answered`),
        when it went to the bucket the settings name. Before, the words stayed up over the
        artwork published. One published before it failed (a republish refused) is not.
        An artwork whose unpublish failed, unpublished since (``kontext-studio unpublish``),
        has that failure over too (:meth:`_unpublish_refusal_over`), and so has one published
        by that program since its unpublish here failed (``kontext-studio publish``): before,
        its tile and preview said "Unpublish failed" until the window closed, the library
        recording it published with no failure. An artwork a stopped
        batch's line counts, published since, is counted no more (:meth:`_no_longer_left`)."""
        if self._stopped_lines:
            self._no_longer_left({s.id for s in snapshots if s.published_key})
        refused = self._unpublish_refused.keys() | self._unpublish_errors.keys()
        if not (self._r2_refused or self._artwork_refusal or refused):
            return
        bucket, host = settings_location(self.bridge.session.settings.r2)
        for snapshot in snapshots:
            if snapshot.id in refused and not snapshot.published_key:
                self._unpublish_refusal_over(snapshot.id)
            elif self._published_since_unpublish_failed(snapshot):
                self._unpublish_refusal_over(snapshot.id)
                self.changed.emit(snapshot.id)  # its tile and preview say "Published" again
            r2_took = _published_since(snapshot, self._r2_refused.get(snapshot.id))
            if r2_took and recorded_in(snapshot, bucket, host):
                self._r2_refusal_ended()
            if self._artwork_refusal is not None and _published_since(
                snapshot, self._artwork_refusal[0].get(snapshot.id)
            ):
                self._artwork_refusal_over(snapshot.id)

    def _r2_answered(self, publisher: Publisher | None) -> None:
        """R2 took a request through ``publisher``: a refusal of its own still on the banner
        is over, when ``publisher`` is that of the settings as last read. A publish sent
        before they were changed says nothing of them: one that ended after the new bucket
        was refused took "The R2 bucket does not exist." down, the settings still wrong."""
        if publisher is not None and publisher is self._publisher:
            self._r2_refusal_ended()
            self._forget_failed_checks()  # R2 is back: a check that failed may answer now

    def _r2_refusal_ended(self) -> None:
        """R2's own refusal still on the banner is over (:attr:`r2_refusal_over`)."""
        if self._r2_refusal is not None:
            words, self._r2_refusal, self._r2_refused = self._r2_refusal, None, {}
            self._refusal_over(words)

    def _refusal_over(self, words: Explanation) -> None:
        """The failure said in ``words`` is over (:attr:`r2_refusal_over`): by the tag they
        were last shown with, which the banner holds unless newer words took its place."""
        shown = self._shown.pop(words, None)
        if shown is not None:
            self.r2_refusal_over.emit(shown)

    async def publish_now(self, job_id: int, shown: Snapshot | None = None) -> Snapshot:
        """Publish ``job_id`` and return the updated snapshot; raises what went wrong (a
        :class:`PublishCancelledError` after :meth:`cancel`). Progress is announced as for
        :meth:`publish`; the caller shows the outcome. An artwork being published already
        (from the library, say) is not sent twice: this waits for that publish and returns
        or raises its outcome. :class:`PublishBusyError` while it is being unpublished.
        ``shown``: as for :meth:`publish`."""
        if job_id in self._activity:
            under_way = self._outcomes.get(job_id)
            if under_way is None:
                raise PublishBusyError()
            return await asyncio.shield(under_way)
        return await self._publish(job_id, self._begin(job_id), shown)

    def cancel(self, job_id: int) -> None:
        """Stop publishing ``job_id`` now, whatever its thread waits on: it is said to be
        cancelled at once and is never recorded; the transfer stops at its next chunk, or when
        a waiting request ends, and removes what it sent. (Too late only while the record is
        being written: then it ends published, a moment later.) One of a batch still waiting
        its turn is let go at once: it has sent nothing."""
        if job_id in self._queued:
            self._dropped(job_id)
            self.notice.emit(self.tr("Publishing cancelled. Nothing was left in the bucket."))
            return
        cancel = self._cancels.get(job_id)
        stop = self._stops.get(job_id)
        if cancel is not None and cancel.request() and stop is not None and not stop.done():
            stop.set_result(None)

    def cancelled_too_late(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` is published by a publish whose Cancel came too late (its
        record being written): for its preview to say so. Before, the status bar alone said
        it, where the outcome of a publish beside it, ending a moment later, took its place."""
        at = self._too_late.get(snapshot.id)
        return bool(snapshot.published_key) and at is not None and at == snapshot.published_at

    def too_late_seen(self, job_id: int) -> None:
        """The preview said that Cancel came too late for ``job_id`` and shows another
        artwork now: that is no longer news, and its tile and preview stop saying it.
        Before, they said it for the rest of the session, hours after it was seen."""
        self._too_late_deleted.pop(job_id, None)  # shown as it was deleted: seen
        if self._too_late.pop(job_id, None) is not None:
            self.changed.emit(job_id)

    def _too_late_kept(self, job_id: int) -> None:
        """``job_id`` was deleted before the artist saw that its Cancel came too late: kept
        for an Undo of this window's Delete to bring back with it (:meth:`_too_late_back`),
        until it no longer can (:meth:`undo_let_go_of`). Not one another window or a command
        deleted: no Undo here brings it back, and it was kept until the window closed."""
        at = self._too_late.pop(job_id, None)
        if at is not None and self.bridge.deleted_here(job_id):
            self._too_late_deleted[job_id] = at

    def _too_late_back(self, ids: Mapping[int, int]) -> None:
        """An Undo of a Delete brought artworks back under new ids (``ids``, by old id):
        those whose Cancel came too late say so again, until seen."""
        for old, new in ids.items():
            at = self._too_late_deleted.pop(old, None)
            if at is not None:
                self._too_late[new] = at
                self.changed.emit(new)

    def undo_let_go_of(self, ids: Collection[int]) -> None:
        """No Undo brings back the artworks deleted as ``ids`` any more (their Delete dropped
        past the Deletes Undo keeps, or deleted for good): their notes that Cancel came too
        late go. Before, they were kept until the window closed."""
        for each in ids:
            self._too_late_deleted.pop(each, None)

    def cancel_pressed(self, job_id: int) -> bool:
        """Whether Cancel was pressed for the publish of ``job_id`` under way: one too late
        (its record being written) ends published, a moment later; Cancel stays off till
        then, pressing it again doing nothing."""
        cancel = self._cancels.get(job_id)
        return cancel is not None and cancel.requested

    def _begin(self, job_id: int) -> PublishCancel:
        """Mark ``job_id`` as publishing at once, so the views show it before any thread
        starts and a second request finds it busy."""
        cancel = self._new_cancel(job_id)
        self._register(job_id)
        self.changed.emit(job_id)
        self.notice.emit("")  # an earlier outcome no longer is the news
        return cancel

    def _new_cancel(self, job_id: int) -> PublishCancel:
        """The Cancel of ``job_id``'s publish, as it starts (:meth:`cancel` reaches it)."""
        cancel = self._cancels[job_id] = PublishCancel()
        return cancel

    def _register(self, job_id: int) -> asyncio.Future[None]:
        """:meth:`_begin` without a word, nor a Cancel (:meth:`_new_cancel`): its caller
        says it. Its stop future, new with each registration, tells it from a later one."""
        stop = self._stops[job_id] = asyncio.get_event_loop().create_future()
        outcome: asyncio.Future[Snapshot] = asyncio.get_event_loop().create_future()
        # Read by whoever joins (publish_now); when nobody does, its error is not news.
        outcome.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._outcomes[job_id] = outcome
        self._errors.pop(job_id, None)
        self._unpublish_errors.pop(job_id, None)
        self._lost_files.pop(job_id, None)
        self._too_late.pop(job_id, None)  # this publish's outcome is the news now
        self._put_activity(job_id, Activity(PUBLISHING))
        return stop

    async def _publish(
        self, job_id: int, cancel: PublishCancel, shown: Snapshot | None = None
    ) -> Snapshot:
        """The one way both :meth:`publish` and :meth:`publish_now` go, so the status bar
        tells the outcome of the latest publish, wherever it was started."""
        stop = self._stops[job_id]
        through = _Through()
        try:
            await self._check_recorded(job_id)
            await self._asked_publisher(job_id, through, stop)
            if await self._after_leftover(job_id, stop):
                # Asked again after that wait: a cancelled publish cut meanwhile stopped the
                # publisher it went through (_cut_cancelled), which takes no request now.
                through.publisher = await self.publisher()
            snapshot = await self._keys_retried(
                through,
                lambda publisher: self._send(job_id, cancel, publisher, shown),
                asked=True,
                stop=stop,
                job_id=job_id,
            )
        except _StillEnding as error:
            self.notice.emit(self.tr("Publishing cancelled."))
            self._settle(job_id, error)
            raise
        except PublishCancelledError as error:
            self.notice.emit(self.tr("Publishing cancelled. Nothing was left in the bucket."))
            self._settle(job_id, error)
            self.bridge.spawn(self._reread(job_id))
            raise
        except PublishSetupError as error:
            self._hold_checks(error, None)
            self._settle(job_id, error)
            raise
        except KontextError as error:
            self._hold_checks(error, through.publisher)
            if isinstance(error, PublishedElsewhereError):
                self._refused_elsewhere(job_id, error, PUBLISHING, shown)
            if not isinstance(error, JobGoneError):  # no Retry, no failed tile: it is gone
                self._errors[job_id] = explain(error)
            if isinstance(error, ImageMissingError) and shown is not None:
                self._lost_files[job_id] = shown
            self._settle(job_id, error)
            if _deleted(error):
                self.found_gone.emit([job_id])
            # Cut off once its image was sent, it leaves the key noted: the views learn of it.
            self.bridge.spawn(self._reread(job_id))
            raise
        except asyncio.CancelledError:
            # The window closes: the transfer was asked to stop (_finish_in_thread), so a
            # joiner (the Upload tab) is told it was cancelled, not that it failed.
            self._settle(job_id, PublishCancelledError())
            raise
        except BaseException:
            self._settle(job_id, PublishError())  # never leave a joiner waiting
            raise
        finally:
            self._cancels.pop(job_id, None)
            self._stops.pop(job_id, None)
            self._set_activity(job_id, None)
        if cancel.requested and snapshot.published_at is not None:
            self._too_late[job_id] = snapshot.published_at  # before its views are told
        self._settle(job_id, snapshot)
        self.bridge.tell_changed(snapshot)
        title = sentence_title(snapshot)
        if cancel.requested:  # pressed as its record was written: before, it only greyed
            self.notice.emit(
                self.tr("Too late to cancel: “{title}” is published.").format(title=title)
            )
        else:
            self.notice.emit(self.tr("Published “{title}”.").format(title=title))
        self._r2_answered(through.publisher)
        self._artwork_refusal_over(job_id)
        self._no_longer_left({job_id})
        return snapshot

    async def _send(
        self, job_id: int, cancel: PublishCancel, publisher: Publisher, shown: Snapshot | None
    ) -> Snapshot:
        """Send ``job_id`` through ``publisher`` (:meth:`_publish`), until it ends or is
        stopped (:func:`_finish_in_thread`)."""
        published = _finish_in_thread(
            cancel,
            self._stops[job_id],
            partial(self._keep_leftover, job_id),
            partial(
                self._in_thread,
                publisher,
                publish_artwork,
                self.bridge.session.ledger,
                publisher,
                job_id,
                progress=self._reporter(job_id, cancel),
                cancel=cancel,
            ),
        )
        return await self._unless_deleted_here(job_id, published, shown)

    async def _unless_deleted_here(
        self, job_id: int, published: Awaitable[Snapshot], shown: Snapshot | None
    ) -> Snapshot:
        """``published`` (the publish of ``job_id``) said by its title (:func:`_said_by_title`),
        but :class:`DeletedHereError` when it found the artwork gone because the artist
        deleted it in this window (``Bridge.deleted_here``): it said "deleted by another
        program". So too when it found the image gone, which that delete trashes before the
        row goes: it said to put the file back, "moved or deleted outside Kontext Studio",
        once that delete has ended deleting the artwork."""
        try:
            return await _said_by_title(published, shown, PUBLISHED_GONE)
        except KontextError as error:
            if isinstance(error, ImageMissingError):
                # A delete that trashed the image may yet fail to delete the row (another
                # program holds the library): the artwork stays, and its publish failed.
                waited = job_id in self.bridge.deleting and not self.bridge.went_here(job_id)
                if waited:  # of many, it may take a while
                    self._set_activity(job_id, Activity(PUBLISHING, after_delete=True))
                    await self.bridge.delete_ended(job_id)
                if self.bridge.went_here(job_id):
                    raise DeletedHereError() from error
                if waited and isinstance(error, ArtworkBeingDeletedError):
                    # That Delete has ended and kept the artwork: the image is in the trash.
                    raise ImageTrashedError(Path(shown.file_path).name if shown else "") from error
                raise
            if _deleted(error) and self.bridge.deleted_here(job_id):
                raise DeletedHereError() from error
            raise

    async def _after_leftover(self, job_id: int, stop: asyncio.Future[None] | None = None) -> bool:
        """Wait for a cancelled publish of ``job_id`` that is still ending: its clean-up
        removes the image by its key, which is this publish's key too, and an Unpublish
        beside it left the image it was placing to it (:meth:`Publisher.unpublish`), which,
        cancelled, records nothing: image and manifest stayed public with no record of
        them. A publish's Cancel (``stop``) still works. Whether there was one to wait for."""
        leftover = self._leftovers.get(job_id)
        if leftover is None:
            return False
        either: list[asyncio.Future[Any]] = [leftover] if stop is None else [leftover, stop]
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        return True

    def _keep_leftover(self, job_id: int, work: asyncio.Future[Snapshot]) -> None:
        """``work`` was cancelled while its thread waits on R2. When it ends having removed
        what it sent, the status bar says so; either way the views read the record again (a
        replaced version may have been withdrawn, and one that could not remove what it
        sent leaves its key noted, to be removed from the preview)."""
        self._leftovers[job_id] = work
        self.bridge.spawn(end_or_cut([work], partial(self._cut_cancelled, work)))

        def ended(done: asyncio.Future[Snapshot]) -> None:
            if self._leftovers.get(job_id) is done:
                del self._leftovers[job_id]
            error = None if done.cancelled() else done.exception()
            log.info(
                "a cancelled publish ended",
                extra={"event": "publish_leftover_end", "error": type(error).__name__},
            )
            if not shiboken6.isValid(self):
                return  # its window closed (or switched mode) meanwhile
            clean = isinstance(error, PublishCancelledError)
            if clean:
                self.notice.emit(self.tr("Publishing cancelled. Nothing was left in the bucket."))
            self.clean_up_ended.emit(job_id, clean)
            self.bridge.spawn(self._reread(job_id))

        work.add_done_callback(ended)

    def _cut_cancelled(self, work: asyncio.Future[Any]) -> None:
        """``work``, a publish cancelled while its thread waited on R2, did not end within
        :data:`~kontext_studio.publish.STOP_GRACE_S` of its Cancel (a server that stopped
        answering): its publisher's requests are cut (:meth:`Publisher.stop`), as the
        window's close cuts them, and the next publish builds another. Before, its thread
        waited out its time-outs and retries (a minute, five for a large image), and a new
        publish of the artwork waited for it. Not while another call still wanted goes
        through that publisher (a publish not cancelled, an unpublish): cut, it would fail
        for no fault of its own; this one then ends with its time-outs, as before."""
        publisher = self._on_r2.get(work)
        if publisher is None:
            return
        cancelled = set(self._leftovers.values())
        if any(p is publisher and w not in cancelled for w, p in self._on_r2.items()):
            return
        log.warning("a cancelled publish cut", extra={"event": "publish_cut_at_cancel"})
        if self._publisher is publisher:
            self._publisher = None
        publisher.stop()

    async def _reread(self, job_id: int) -> None:
        snapshot = await asyncio.to_thread(self.bridge.session.ledger.get, job_id)
        if snapshot is not None:
            self.bridge.tell_changed(snapshot)

    def _dropped(self, job_id: int, why: KontextError | None = None) -> None:
        """Undo :meth:`_begin` for a publish that never started, so nobody waits on it."""
        self._unregister(job_id, why or PublishCancelledError())
        self.changed.emit(job_id)

    def _unregister(self, job_id: int, why: KontextError) -> None:
        """:meth:`_dropped`, unsaid; whoever joined it (:meth:`publish_now`) is told ``why``."""
        self._queued.discard(job_id)
        self._cancels.pop(job_id, None)
        self._stops.pop(job_id, None)
        self._settle(job_id, why)
        self._put_activity(job_id, None)

    def _settle(self, job_id: int, outcome: Snapshot | KontextError) -> None:
        """Hand the outcome to anyone who joined this publish (:meth:`publish_now`)."""
        waiting = self._outcomes.pop(job_id, None)
        if waiting is None or waiting.done():
            return
        if isinstance(outcome, KontextError):
            waiting.set_exception(outcome)
        else:
            waiting.set_result(outcome)

    def _reporter(self, job_id: int, cancel: threading.Event) -> ProgressCallback:
        """boto3's progress, at most once per percent and once per second of quiet (its
        transfer telling how long it has taken nothing), sent to the GUI thread; nothing
        once cancelled (the window may be gone by the time a late report comes). Less than
        before only when the image goes up again from its start (sent under the recorded
        hash, then under the real one): within one sending,
        :class:`~kontext_studio.publish.transfer.Progress` never tells less; kept at 100 %
        here, the second sending went unseen."""
        last: tuple[int, int] | None = None

        def report(done: int, total: int, quiet: float) -> None:
            nonlocal last
            if cancel.is_set():
                return
            percent = done * 100 // total if total else 100
            said = (percent, int(quiet) if quiet else -1)
            if said != last:
                last = said
                self._transfer_progress.emit(job_id, done, total, quiet)

        return report

    def _relay_progress(self, job_id: int, done: int, total: int, quiet: float) -> None:
        current = self._activity.get(job_id)
        if current is None or current.kind != PUBLISHING or current.keys_again:
            return  # a late report from a transfer that has ended (refused, its keyring read)
        self._put_activity(job_id, Activity(PUBLISHING, done, total, quiet=quiet))
        self.progress.emit(job_id, done, total)
        self.changed.emit(job_id)

    def _set_activity(self, job_id: int, activity: Activity | None) -> None:
        self._put_activity(job_id, activity)
        self.changed.emit(job_id)

    def _put_activity(self, job_id: int, activity: Activity | None) -> None:
        """Note ``activity`` (None: none any more) of ``job_id``, keeping the counts, and
        have :attr:`totals_changed` said once this turn of the event loop is over."""
        was = self._activity.pop(job_id, None)
        if was is not None:
            self._counts[was.kind, was.after_delete] -= 1
        if activity is not None:
            self._activity[job_id] = activity
            self._counts[activity.kind, activity.after_delete] += 1
        if (was is None) != (activity is None):
            self._busy_moved = True
        self._totals_moved()

    def _totals_moved(self) -> None:
        """Have :attr:`totals_changed` said once this turn of the event loop is over."""
        if not self._totals_timer.isActive():
            self._totals_timer.start()

    def _say_totals(self) -> None:
        """The turn in which activities changed is over: :attr:`totals_changed`, and
        :attr:`busy_changed` when an artwork started or ended being busy in it."""
        moved, self._busy_moved = self._busy_moved, False
        self.totals_changed.emit()
        if moved:
            self.busy_changed.emit()

    # "May be gone" settled --------------------------------------------------------------

    @property
    def checking(self) -> bool:
        """Whether the bucket is being asked what is left of an artwork that may be gone."""
        return self._checking_all or bool(self._checking)

    def check_all_may_be_gone(self) -> None:
        """Once the window is shown: ask the bucket what is left of every artwork an
        unpublish did not finish (:meth:`check_may_be_gone`), one after another, in the
        background; nothing when publishing is not set up. Before, each stayed "May be
        gone" until the artist pressed Unpublish again.

        Put off while getting the R2 secret may show the keyring's unlock prompt
        (:func:`~kontext_studio.secrets.may_prompt_for`: the start's read of the KIE key
        found it locked, or its prompt dismissed), until publishing next gets the secret
        (:meth:`publisher`) for the artist: a second prompt, for a look in the background
        they did not ask for, came up as the window opened. The artworks stay "May be
        gone" meanwhile; opening one looks for it, as Unpublish finishes it."""
        if secrets.may_prompt_for(secrets.R2_SECRET):
            self._check_all_later = True
            log.info(
                "the start's look for what may be gone put off", extra={"event": "settle_later"}
            )
            return
        self._checking_all = True
        if self.bridge.spawn(self._check_all()) is None:
            self._checking_all = False

    async def _check_all(self) -> None:
        """:meth:`check_all_may_be_gone`; what it found said once for them all
        (:meth:`_all_settled_words`): each said in turn, the status bar kept the last one's
        words alone, and a screen reader read them all."""
        news: list[Settled] = []
        try:
            ids = await asyncio.to_thread(self.bridge.session.ledger.may_be_gone)
            await self._check_each(ids, news)
        except KontextError as error:
            log.info(
                "artworks that may be gone not read",
                extra={"event": "settle_unread", "kind": error.kind},
            )
        finally:
            self._checking_all = False
        if news:
            self.answer.emit(self._all_settled_words(news))

    async def _check_each(self, ids: list[int], news: list[Settled]) -> None:
        """Check each of ``ids`` in turn, until a failure holds off every check (R2 not
        reached, the keys refused: it would answer the others alike). Not those the bucket
        answered for (:attr:`_answered`): a look after a hold goes on where it stopped. One
        that failed for itself alone (R2 refusing that one request) leaves the others
        asked. While the keyring is being read for the R2 secret (:meth:`_keyring_waits`),
        those left are put off, as an artwork opened is (:meth:`_check`), and asked once the
        read ends: before, the look waited behind it (~25 s for a keyring that does not
        answer), and the artworks it was to check said nothing of why."""
        ids = await self._unanswered(ids)
        for index, job_id in enumerate(ids):
            if self._keyring_waits() and self._built_now() is None:
                self._put_off_checks(ids[index:])
                return
            # A check under way (the view's, asked as the hold ended) may meet what holds
            # them all off: before, both asked R2, twice a hold while it stayed down. What
            # the look finds next depends on how that check ends: the log says it waited.
            if not self._no_check.is_set():
                log.info(
                    "the look for what may be gone waits for a check under way",
                    extra={"event": "settle_waits", "job_id": job_id},
                )
            await self._no_check.wait()
            if self._held_now():
                return  # the look goes again when the hold is over (:meth:`_hold_over`)
            if not self._failed_lately(job_id):
                await self._check(job_id, news)

    async def _unanswered(self, ids: list[int]) -> list[int]:
        """``ids`` but those the bucket answered for as their records are now
        (:attr:`_answered`), all read at once: one a command published again, or noted as
        being unpublished, since is asked again."""
        self._answers_over()
        answered = [job_id for job_id in ids if job_id in self._answered]
        if not answered:
            return ids
        try:
            now = await asyncio.to_thread(self.bridge.session.ledger.get_many, answered)
        except KontextError:
            return ids  # asked: each check says what it meets
        passed = {job_id for job_id, snapshot in now.items() if self._answered_as(snapshot)}
        return [job_id for job_id in ids if job_id not in passed]

    def _answered_as(self, snapshot: Snapshot) -> bool:
        """Whether the bucket answered for ``snapshot``'s record as it is, less than
        :data:`ANSWER_KEPT_S` ago (:attr:`_answered`)."""
        answer = self._answered.get(snapshot.id)
        if answer is None or self._clock() - answer[0] >= ANSWER_KEPT_S:
            return False
        return answer[1] == _as_noted(snapshot)

    def _answers_over(self) -> None:
        """Let go of the answers of :attr:`_answered` given :data:`ANSWER_KEPT_S` ago or
        more: the oldest first, as they were noted."""
        now = self._clock()
        for job_id, (at, _noted) in list(self._answered.items()):
            if now - at < ANSWER_KEPT_S:
                break
            del self._answered[job_id]

    def _answer_over(self, job_id: int) -> None:
        """``job_id`` was deleted: what the bucket answered for it, and what a check found
        left of it, are let go of."""
        self._answered.pop(job_id, None)
        self._parts_left.pop(job_id, None)

    def _record_changed(self, snapshot: Snapshot) -> None:
        """``snapshot``'s record changed (here, or another program's write read again): an
        answer for it as it was is let go of, none being of use any more."""
        answer = self._answered.get(snapshot.id)
        if answer is not None and (not snapshot.may_be_gone or answer[1] != _as_noted(snapshot)):
            del self._answered[snapshot.id]

    def check_may_be_gone(self, snapshot: Snapshot) -> None:
        """Ask the bucket in the background what is left of ``snapshot``'s published image
        and manifest, when it may be gone (:func:`settle_may_be_gone`): both there, it is
        published again; both gone, it is recorded as unpublished; either said once in the
        status bar. One part left, it stays "May be gone", and the preview and its tile
        say which part. A check that fails changes and says nothing. Not while a publish,
        an unpublish or another check of it runs."""
        if (
            snapshot.may_be_gone
            and not self._busy_with(snapshot.id)
            and not self._failed_lately(snapshot.id)
        ):
            self.bridge.spawn(self._check(snapshot.id))

    def _failed_lately(self, job_id: int) -> bool:
        """Whether a check of ``job_id`` failed, or a failure held off every check
        (:meth:`_held_now`), less than :data:`RECHECK_AFTER_S` ago: each opening of its
        preview asked again, a round trip to an R2 that could not be reached each time the
        artist looked at it."""
        return self._held_now() or self._failed_alone(job_id) is not None

    def _failed_alone(self, job_id: int) -> KontextError | None:
        """What a check of ``job_id`` alone failed with less than :data:`RECHECK_AFTER_S`
        ago (R2 refusing that one request)."""
        failed = self._check_failed.get(job_id)
        if failed is None or self._clock() - failed[0] >= RECHECK_AFTER_S:
            return None
        return failed[1]

    def unchecked(self, snapshot: Snapshot) -> KontextError | None:
        """Why the last check of ``snapshot``, which may be gone, could not be made, while
        that holds off asking again (:meth:`_failed_lately`): for the preview to say so.
        Before, it said "May be gone" alone, and nothing told the artist that the bucket
        could not be asked (the keys refused, R2 not reached). None otherwise."""
        if not snapshot.may_be_gone:
            return None
        held = self._checks_held
        if self._held_for(snapshot) and held is not None:
            return held.error
        return self._failed_alone(snapshot.id)

    def _held_for(self, snapshot: Snapshot) -> bool:
        """Whether a hold (:meth:`_held_now`) puts off the check of ``snapshot``: not of one
        the bucket answered for, which the look after the hold leaves out (:meth:`_check_each`)."""
        return self._held_now() and not self._answered_as(snapshot)

    def _held_now(self) -> bool:
        """Whether a failure that holds off every check (:meth:`_hold_checks`) came less than
        :data:`RECHECK_AFTER_S` ago."""
        held = self._checks_held
        return held is not None and self._clock() - held.at < RECHECK_AFTER_S

    def _check_failed_now(
        self, job_id: int, error: KontextError, publisher: Publisher | None
    ) -> None:
        """Remember that a check of ``job_id`` failed with ``error``, through ``publisher``
        (None: the settings gave none): for every artwork when it holds off every check
        (:meth:`_hold_checks`), else for this one (R2 refusing one request may be about its
        objects alone)."""
        if not self._hold_checks(error, publisher, by_check=True):
            self._check_failed.pop(job_id, None)  # the oldest first (:meth:`_failed_alone_over`)
            self._check_failed[job_id] = (self._clock(), error)
            if not self._failed_alone_timer.isActive():
                self._failed_alone_timer.start(round(RECHECK_AFTER_S * 1000))
            self.changed.emit(job_id)

    def _failed_alone_over(self) -> None:
        """The checks of one artwork alone that failed :data:`RECHECK_AFTER_S` ago or more
        are over: each is asked again (:meth:`_check_again`), as its tile said it would be,
        and the views that show them say so (:attr:`recheck_due`). Then waits for the
        oldest left."""
        now = self._clock()
        due: list[int] = []
        for job_id, (at, _error) in list(self._check_failed.items()):
            if now - at < RECHECK_AFTER_S:
                self._failed_alone_timer.start(round((at + RECHECK_AFTER_S - now) * 1000))
                break
            del self._check_failed[job_id]
            due.append(job_id)
            self.changed.emit(job_id)  # its tile no longer says its check is put off
            self.recheck_due.emit(job_id)
        if due:
            self.bridge.spawn(self._check_again(due))

    async def _check_again(self, ids: list[int]) -> None:
        """Check ``ids`` once more, one after another as the start's look does
        (:meth:`_check_each`), what they found said once. Before, only the one shown was
        asked again: the others' tiles, that had said "Check put off till …", went back to
        "Unpublish did not finish", nothing checked."""
        news: list[Settled] = []
        await self._check_each(ids, news)
        if news:
            self.answer.emit(self._all_settled_words(news))

    def _hold_checks(
        self, error: KontextError, publisher: Publisher | None, *, by_check: bool = False
    ) -> bool:
        """Hold off every check for a while (:meth:`_held_now`) when ``error``, met through
        ``publisher`` (None: the settings gave none), would meet them all alike; whether it
        would. The keys refused hold them off only when a check met it: a publish or
        unpublish may be refused writing with keys that may read; R2 not reached, only when
        it never connected (:attr:`PublishNetworkError.sent_nothing`): a large upload cut
        off part-way says nothing of a check's small requests. Not through a publisher other
        than that of the settings as last read (saved since, or read anew while it sent):
        the failure says nothing of them now."""
        holds = _HOLDS_CHECKS if by_check else _HOLDS_CHECKS_FROM_WRITES
        if not isinstance(error, holds):
            return False
        if not by_check and isinstance(error, PublishNetworkError) and not error.sent_nothing:
            return False
        if publisher is not None and (
            publisher in self._saved_over or publisher is not self._publisher
        ):
            return True
        under = None if publisher is None else publisher.config
        self._checks_held = _ChecksHeld(self._clock(), under, error)
        self._hold_timer.start(round(RECHECK_AFTER_S * 1000))
        self.checks_changed.emit()
        return True

    def _hold_over(self) -> None:
        """:data:`RECHECK_AFTER_S` has passed since a failure held off every check: the views
        ask again about the artwork they show (:attr:`checks_changed`), and every artwork
        that may be gone and not answered for yet is looked for again (:meth:`_check_each`),
        one after another: each tile had said "Check put off till …". Before, only the one
        shown and a start's look the hold stopped were; the others' tiles went back to
        "Unpublish did not finish", nothing checked."""
        if self._checks_held is None:
            return
        if isinstance(self._checks_held.error, PublishSecretUnreadableError):
            # The same failure as the keyring's read (:meth:`_unread_lately`), over with it:
            # Qt may fire the timer a little before the clock says its minutes are over.
            self._unread = None
        self._checks_held = None
        self.checks_changed.emit()
        self._look_again()

    def _look_again(self) -> None:
        """Every artwork that may be gone looked for again, as at the start
        (:meth:`check_all_may_be_gone`), one after another, but those the bucket answered
        for; a look under way goes on."""
        if not self._checking_all:
            self.check_all_may_be_gone()

    def _settings_read(self, config: R2Config) -> None:
        """The R2 settings were read again, merged with the keyring and the environment, as
        a publish, unpublish, check or link does once they changed (:meth:`publisher`),
        or R2 refused the keys: when they differ
        from those in force when a failure held off every check (a secret another program
        put in the keyring, the keyring unlocked since), the checks that failed may answer
        now. The settings saved in this window tell it at once (:meth:`settings_saved`)."""
        held = self._checks_held
        if held is not None and held.under != config:
            self._forget_failed_checks()

    def _forget_failed_checks(self) -> None:
        """R2 answered, or its settings changed: every check that failed may answer now."""
        told = bool(self._check_failed) or self._checks_held is not None
        self._check_failed.clear()
        self._checks_held = None
        self._hold_timer.stop()
        self._failed_alone_timer.stop()
        if told:
            # Each tile whose check failed said "Check put off till …": before, only the
            # one shown was asked again, the others went back to "Unpublish did not finish".
            self.checks_changed.emit()
            self._look_again()

    def _busy_with(self, job_id: int) -> bool:
        return job_id in self._checking or job_id in self._activity or job_id in self._leftovers

    async def _check(self, job_id: int, news: list[Settled] | None = None) -> None:
        """:meth:`check_may_be_gone` of ``job_id``. What it found is said, or, given
        ``news``, added to it, for its caller to say. Its threads are ones :meth:`aclose`
        cuts, as a publish's are. One put off here (the keyring being read) or stopped by a
        hold is asked again as the read ends (:meth:`_check_put_off`) or the hold does
        (:meth:`_hold_over`, which looks for every artwork that may be gone)."""
        if self._busy_with(job_id):
            return
        if self._keyring_waits() and self._built_now() is None:
            # Not queued behind that read, maybe of minutes (a keyring that does not answer),
            # asked again once it ends (:meth:`_read_settings`), quick then.
            self._put_off_checks([job_id])
            return
        self._checking.add(job_id)
        self._no_check.clear()
        through = _Through()
        try:
            await self._take_turn(job_id)
            try:
                self.changed.emit(job_id)  # its views say it is asked (:meth:`being_checked`)
                if self._held_now():
                    # What the check before met holds them all off: the look after the
                    # hold asks about it (:meth:`_hold_over`).
                    return
                if job_id in self._voided:
                    # A publish or unpublish of it started: nothing to ask, nor to look at
                    # again (before, the next answer from R2 began a whole look).
                    return
                settled = await self._keys_retried(
                    through, lambda publisher: self._look(publisher, job_id), asked=False
                )
            finally:
                self._turn_over()
        except KontextError as error:  # not set up, offline, refused: nothing changes
            log.info(
                "a may-be-gone artwork could not be checked",
                extra={"event": "settle_failed", "artwork_id": job_id, "kind": error.kind},
            )
            self._answered.pop(job_id, None)
            self._check_failed_now(job_id, error, through.publisher)
            return
        finally:
            self._checking.discard(job_id)
            if not self._checking:
                self._no_check.set()
            self._voided.discard(job_id)
            self._recording.pop(job_id, None)
            self.changed.emit(job_id)  # no longer being checked (:meth:`being_checked`)
        if settled is not None and settled.found in (Found.IMAGE, Found.MANIFEST):
            self._answers_over()
            self._answered.pop(job_id, None)  # the newest last (:meth:`_answers_over`)
            self._answered[job_id] = (self._clock(), _as_noted(settled.snapshot))
        if settled is None or not self._show_settled(settled):
            return
        if news is None:
            title = sentence_title(settled.snapshot)
            self.answer.emit(self._settled_words(settled.found).format(title=title))
        else:
            news.append(settled)

    async def _take_turn(self, job_id: int) -> None:
        """Return once the check of ``job_id`` may ask the bucket, no other asking: at once,
        or when those before it are over (:meth:`_turn_over`), its views told it waits."""
        if not self._asking and not self._behind:
            self._asking = True
            return
        turn = self._behind[job_id] = asyncio.get_running_loop().create_future()
        self.changed.emit(job_id)  # its views say it waits (:meth:`waits_for_other_check`)
        try:
            await turn
        except asyncio.CancelledError:  # cut while it waited: the window closes
            given = self._behind.pop(job_id, None) is None and not turn.cancelled()
            if given:  # its turn came as it was cut: the next one's now
                self._turn_over()
            raise

    def _turn_over(self) -> None:
        """The check asking the bucket ended: the first of those waiting asks next, told so
        before any other comes (:meth:`_take_turn`)."""
        self._asking = False
        while self._behind:
            job_id = next(iter(self._behind))
            turn = self._behind.pop(job_id)
            if not turn.done():  # not cut while it waited
                self._asking = True
                turn.set_result(None)
                return

    async def _look(self, publisher: Publisher, job_id: int) -> Settled | None:
        """Ask the bucket through ``publisher`` what is left of ``job_id``, which may be gone,
        and record it (:meth:`_check`); None when there was nothing to look for, or a publish
        or unpublish of it started since."""
        ledger = self.bridge.session.ledger
        looking = self._in_thread(publisher, look_for_parts, ledger, publisher, job_id)
        looked = await asyncio.shield(looking)
        self._forget_failed_checks()  # the bucket answered: it may for the others too
        if looked is None or job_id in self._voided:
            return None
        recording = self._in_thread(publisher, record_found, ledger, *looked)
        self._recording[job_id] = recording
        return await asyncio.shield(recording)

    def _put_off_checks(self, ids: list[int]) -> None:
        """Put off the checks of ``ids`` until the keyring read under way ends
        (:meth:`_read_settings`); their views say they wait for it (:meth:`waits_for_keyring`)."""
        self._put_off.update(ids)
        for job_id in ids:
            self.changed.emit(job_id)

    async def _check_recorded(self, job_id: int) -> None:
        """Before a publish or unpublish of ``job_id`` reads its record: a check of it whose
        answer is being written is let finish (what it wrote is read then), and one still
        asking the bucket has its answer void: the look may have come before this removal
        (or publish), and its "both there" would clear the mark of an unpublish that then
        fails having maybe removed the image. Before, the artwork then said "Published"."""
        self._check_failed.pop(job_id, None)  # what it finds says more than that failure
        self._answered.pop(job_id, None)  # what it leaves is to be asked about again
        if job_id in self._checking:
            self._voided.add(job_id)
        recording = self._recording.get(job_id)
        if recording is not None:
            await asyncio.wait([recording])

    def _show_settled(self, settled: Settled) -> bool:
        """What a check found, on every view; whether it is news for the status bar (the
        same part found left again is not)."""
        snapshot = settled.snapshot
        if settled.found in (Found.BOTH, Found.NEITHER):
            self._parts_left.pop(snapshot.id, None)
            if settled.found is Found.NEITHER:
                self._unpublish_refusal_over(snapshot.id)
            self.bridge.tell_changed(snapshot)
            return True
        left = (snapshot.published_key, settled.found)
        told = self._parts_left.get(snapshot.id) == left
        self._parts_left[snapshot.id] = left
        self.changed.emit(snapshot.id)
        return not told

    def _all_settled_words(self, news: list[Settled]) -> str:
        """What the start's checks found, once: those found alike counted, or named."""
        return join_sentences(
            *(
                _one_or_several(
                    [n.snapshot for n in news if n.found is found],
                    self._settled_words(found),
                    self._several_settled_words(found),
                )
                for found in Found
            )
        )

    def _several_settled_words(self, found: Found) -> str:
        """:meth:`_settled_words` of several artworks, their ``{count}`` or ``{titles}``."""
        if found is Found.BOTH:
            return self.tr(
                "{count} artworks are published: the unpublishes of them that did not finish "
                "removed nothing from the bucket."
            )
        if found is Found.NEITHER:
            return self.tr(
                "{count} artworks are no longer published: the unpublishes of them that did "
                "not finish had removed them from the bucket."
            )
        if found is Found.IMAGE:
            return self.tr(
                "Only the images of {titles} are left in the bucket, their manifests gone: "
                "Unpublish finishes each removal."
            )
        return self.tr(
            "Only the manifests of {titles} are left in the bucket, their images gone: "
            "Unpublish finishes each removal."
        )

    def _settled_words(self, found: Found) -> str:
        if found is Found.BOTH:
            return self.tr(
                "“{title}” is published: the unpublish of it that did not finish removed "
                "nothing from the bucket."
            )
        if found is Found.NEITHER:
            return self.tr(
                "“{title}” is no longer published: the unpublish of it that did not finish "
                "had removed it from the bucket."
            )
        if found is Found.IMAGE:
            return self.tr(
                "Only the image of “{title}” is left in the bucket, its manifest gone: "
                "Unpublish finishes the removal."
            )
        return self.tr(
            "Only the manifest of “{title}” is left in the bucket, its image gone: Unpublish "
            "finishes the removal."
        )

    # Unpublish and links ------------------------------------------------------------------

    def unpublish(self, job_id: int, shown: Snapshot | None = None) -> None:
        """Remove the artwork's objects from the bucket in the background (confirmation is
        the caller's: :class:`JobActions` asks before it emits). ``shown``: as for
        :meth:`publish`."""
        if job_id in self._activity:
            return
        self.bridge.spawn(self._unpublish(job_id, shown=shown))

    def unpublish_shown(self, shown: object) -> None:
        """Unpublish the artwork a view shows as ``shown`` (a Snapshot: its Unpublish)."""
        snapshot = snapshot_of(shown)
        self.unpublish(snapshot.id, snapshot)

    def remove_left(self, was: Snapshot) -> None:
        """Remove in the background what a stopped publish of ``was`` may have left in the
        bucket (:meth:`left_here`), by :func:`unpublish_artwork`, which clears the record
        too. A record that changed since ``was`` was read (published meanwhile, by the
        command line) is left as it is: its image would have been taken down unasked."""
        if was.id in self._activity:
            return
        self.bridge.spawn(self._unpublish(was.id, left=was))

    async def _unpublish(
        self, job_id: int, *, left: Snapshot | None = None, shown: Snapshot | None = None
    ) -> None:
        """Unpublish ``job_id``; given ``left``, remove what a stopped publish left, as
        ``left`` names it (:func:`_remove_left_unchanged`). ``shown``: as for
        :meth:`publish`."""
        self._errors.pop(job_id, None)
        self._unpublish_errors.pop(job_id, None)
        self._too_late.pop(job_id, None)
        self._set_activity(job_id, Activity(UNPUBLISHING))
        through = _Through()
        try:
            await self._check_recorded(job_id)
            await self._asked_publisher(job_id, through)
            if await self._after_leftover(job_id):
                through.publisher = await self.publisher()  # as for a publish (_publish)
            snapshot, words, reached = await self._keys_retried(
                through,
                lambda publisher: self._remove(job_id, publisher, left, shown),
                asked=True,
                job_id=job_id,
            )
        except PublishSetupError as error:
            self._hold_checks(error, None)
            self.offer_setup(error)
            return
        except PublishedElsewhereError as error:
            self._refused_elsewhere(job_id, error, UNPUBLISHING, shown or left)
            return
        except JobGoneError as error:
            self.found_gone.emit([job_id])
            if error.template == REMOVED_THEN_GONE:
                # Deleted (here, or by a command) once R2 had removed it: as unpublished,
                # or as what was left removed.
                self._r2_answered(through.publisher)
                self.answer.emit(self._removed_words(shown, left))
                return
            here = self.bridge.deleted_here(job_id)
            if here and left is not None:
                return  # the artist's own Delete: its question said what may stay there
            if here and shown is not None and error.template in _DELETED_HERE:
                # The artist's own Delete, before R2 removed its image: that stays there.
                error = JobGoneError.worded(
                    _DELETED_HERE[error.template], title=sentence_title(shown)
                )
            # Said by its title (_said_by_title), no PublishError any more: on the banner of
            # publishing still, not on that of any other error beside it.
            self._report(error, PUBLISH)
            return
        except KontextError as error:
            self._hold_checks(error, through.publisher)
            # Why, without the cause the banner's line says below it: the whole of it was
            # cut off at the status bar's end.
            why = explain_apart(error)[0].message
            refusal = self._report(
                error,
                said=explain_unpublish(error),
                answer=self._not_removed_words(shown, left, why),
            )
            if left is None:  # said on its tile and preview until it is unpublished
                self._unpublish_errors[job_id] = (explain_unpublish(error), time.time())
            else:  # noted in the library (Snapshot.removal_failed): its views learn of it
                self.bridge.spawn(self._reread(job_id))
            # The keys' refusal stays up, as for a publish: a command's keys are its own.
            if not isinstance(error, PublishAuthError):
                self._unpublish_refused[job_id] = refusal
            return
        finally:
            self._set_activity(job_id, None)
        if reached:
            self._r2_answered(through.publisher)
        if not snapshot.published_key:
            self._unpublish_refusal_over(job_id)
        self.bridge.tell_changed(snapshot)
        self.answer.emit(words.format(title=sentence_title(snapshot)))

    async def _remove(
        self, job_id: int, publisher: Publisher, left: Snapshot | None, shown: Snapshot | None
    ) -> tuple[Snapshot, str, bool]:
        """Unpublish ``job_id`` through ``publisher``, or remove what a stopped publish
        ``left`` (:meth:`_unpublish`): the record after, the words that say it (its title
        to put in), and whether R2 was reached."""
        ledger = self.bridge.session.ledger
        if left is None:
            unpublished = self._in_thread(publisher, unpublish_artwork, ledger, publisher, job_id)
            snapshot = await _said_by_title(asyncio.shield(unpublished), shown, UNPUBLISHED_GONE)
            return snapshot, self.tr("“{title}” was removed from the bucket."), True
        # A record that changed meanwhile is left as it is, R2 not asked.
        removed = self._in_thread(publisher, _remove_left_unchanged, ledger, publisher, left)
        snapshot, reached = await _said_by_title(asyncio.shield(removed), left, UNPUBLISHED_GONE)
        if reached:
            return snapshot, self.tr("Nothing of “{title}” is left in the bucket."), True
        return snapshot, self.tr("“{title}” changed meanwhile: nothing was removed."), False

    def _removed_words(self, shown: Snapshot | None, left: Snapshot | None) -> str:
        """That the unpublish of ``shown`` (or the removal of what a stopped publish of
        ``left`` left) went through, by the title the window shows: the artwork was deleted
        before it was recorded. Before, the window said it on the banner, as a failure, by
        a number it shows nowhere."""
        if left is not None:
            return self.tr("Nothing of “{title}” is left in the bucket.").format(
                title=sentence_title(left)
            )
        if shown is not None:
            return self.tr("“{title}” was removed from the bucket.").format(
                title=sentence_title(shown)
            )
        return self.tr("The artwork was removed from the bucket.")

    def _not_removed_words(self, shown: Snapshot | None, left: Snapshot | None, why: str) -> str:
        """That the unpublish of ``shown`` (or the removal of what a stopped publish of
        ``left`` left) failed, and ``why``, by the title the window shows: said in the status
        bar where the banner keeps a stopped batch's line in the same words
        (:meth:`_report`). Said in those words alone, "R2 could not be reached.", for 5
        seconds, the artist whose tile still said "Published" was not told it was their
        Unpublish that failed."""
        if left is not None:
            return self.tr(
                "What is left of “{title}” in the bucket could not be removed: {why}"
            ).format(title=sentence_title(left), why=why)
        if shown is not None:
            return self.tr("“{title}” could not be removed from the bucket: {why}").format(
                title=sentence_title(shown), why=why
            )
        return self.tr("The artwork could not be removed from the bucket: {why}").format(why=why)

    async def url_for(self, snapshot: Snapshot, *, asked: bool = True) -> str:
        """The artwork's link: the stored public URL, or a presigned one made now. Not
        ``asked``: made as its preview opens (:meth:`publisher`)."""
        if snapshot.published_url:
            return snapshot.published_url
        publisher = await self.publisher(asked=asked)
        try:
            return await asyncio.to_thread(artwork_url, publisher, snapshot)
        except KontextError as error:
            by_title(error, snapshot)  # published in another bucket
            raise

    def copy_url(self, job_id: int, shown: Snapshot | None = None) -> None:
        """Put the artwork's link on the clipboard (made in the background if need be).
        ``shown``: the artwork as the window shows it, whose title names it when another
        program deleted it meanwhile."""
        self.bridge.spawn(self._copy_url(job_id, shown))

    def copy_url_shown(self, shown: object) -> None:
        """Copy the link of the artwork a view shows as ``shown`` (a Snapshot: its Copy link)."""
        snapshot = snapshot_of(shown)
        self.copy_url(snapshot.id, snapshot)

    def _let_go(self, job_id: int) -> bool:
        """Every view drops ``job_id``, found deleted (:attr:`found_gone`); whether a Delete
        of this window's deleted it (``Bridge.deleted_here``), of which nothing more is
        said."""
        self.found_gone.emit([job_id])
        return self.bridge.deleted_here(job_id)

    async def _copy_url(self, job_id: int, shown: Snapshot | None) -> None:
        snapshot = await asyncio.to_thread(self.bridge.session.ledger.get, job_id)
        if snapshot is None:
            if self._let_go(job_id):
                return  # the artist's own Delete, which said what it deleted
            if shown is not None:
                # Not "not published": the window showed it published until it was deleted.
                self.answer.emit(self._no_link_gone(shown))
                return
        if snapshot is None or not snapshot.published_key:
            self.answer.emit(self.tr("This artwork is not published, so it has no link."))
            return
        try:
            url = await self.url_for(snapshot)
        except PublishSetupError as error:
            self.offer_setup(error)
            return
        except PublishedElsewhereError as error:
            self._refused_elsewhere(job_id, error, LINKING, shown)
            return
        QGuiApplication.clipboard().setText(url)
        self.link_made.emit(job_id, url)
        self.answer.emit(self.tr("Link copied."))

    def _no_link_gone(self, shown: Snapshot) -> str:
        """That Copy link found ``shown`` deleted by another program."""
        return self.tr("“{title}” was deleted by another program, so it has no link.").format(
            title=sentence_title(shown)
        )

    # Published in another bucket ---------------------------------------------------------

    def _refused_elsewhere(
        self,
        job_id: int,
        error: PublishedElsewhereError,
        asked: str,
        shown: Snapshot | None = None,
    ) -> None:
        """``asked`` (:data:`PUBLISHING`, :data:`UNPUBLISHING` or :data:`LINKING`) was refused:
        the artwork is published in another bucket. The error is given the window's words
        for what to do (:data:`ELSEWHERE_HINTS`) for whoever shows it, and the refusal goes
        out with the record it is about (:attr:`published_elsewhere`). ``shown``: the
        artwork as the window showed it, which names it if it is found deleted meanwhile."""
        error.advising(LEFT_ELSEWHERE_HINT if error.stopped else ELSEWHERE_HINTS[asked])
        log.warning("action failed", extra={"event": "ui_error", "kind": error.kind})
        self.bridge.spawn(self._tell_elsewhere(job_id, error, asked, shown))

    async def _tell_elsewhere(
        self, job_id: int, error: PublishedElsewhereError, asked: str, shown: Snapshot | None
    ) -> None:
        """Offer to forget the publication that refused ``asked``, as the record is now: one
        deleted meanwhile has nothing left to forget (:meth:`_found_deleted`). Before, the
        banner said it was published in the other bucket, by its number, advising to forget
        it, and its tile stayed until the library next read what other programs wrote."""
        snapshot = await asyncio.to_thread(self.bridge.session.ledger.get, job_id)
        if snapshot is None:
            self._found_deleted(job_id, error, asked, shown)
            return
        by_title(error, snapshot)  # named by its number where nothing showed it
        self.published_elsewhere.emit(snapshot, error)

    def _found_deleted(
        self, job_id: int, error: PublishedElsewhereError, asked: str, shown: Snapshot | None
    ) -> None:
        """``job_id``, whose ``asked`` was refused by ``error``, was found deleted: every view
        drops it (:attr:`found_gone`), and the words of ``asked`` finding it deleted by
        another program say so, as they do where it is found so at once, by its title as
        ``shown``; shown nowhere, the refusal's own words, with nothing left to forget.
        Nothing is said of the artist's own Delete in this window, under way or ended
        (``Bridge.deleted_here``), whose question said what stays in the bucket: once it
        had ended, the words said another program had deleted it."""
        if self._let_go(job_id):
            return
        if shown is None:
            words = explain(error)
            self.bridge.error.emit(words.message, words.hint, PUBLISH, None)
        elif asked == LINKING:
            self.answer.emit(self._no_link_gone(shown))
        else:
            gone = JobGoneError.worded(_GONE_WORDS[asked], title=sentence_title(shown))
            self._report(gone, PUBLISH)

    def forget(self, refused: Sequence[Snapshot]) -> None:
        """Clear the records of ``refused``'s publications in the background, removing
        nothing from the buckets they name (:func:`forget_publication`): for those published
        in a bucket that can no longer be reached. A record that changed since it was read
        (the artwork unpublished, or published again, meanwhile) is left as it is. How it
        went is said once for them all (:meth:`_forgotten_words`): each said in turn, the
        status bar kept the last one's words alone, and a screen reader read them all."""
        self.bridge.spawn(self._forget(refused))

    async def _forget(self, refused: Sequence[Snapshot]) -> None:
        ledger = self.bridge.session.ledger
        forgotten: list[Snapshot] = []
        changed: list[Snapshot] = []
        gone: list[Snapshot] = []
        failed: list[Snapshot] = []
        try:
            for was in refused:
                try:
                    snapshot, done = await asyncio.to_thread(_forget_unchanged, ledger, was)
                except KontextError as error:
                    # Said, and the others forgotten still: one the library refused (busy
                    # with another program) left all after it unforgotten, unsaid.
                    failed.append(was)
                    self.bridge.report(error)
                    continue
                self._errors.pop(was.id, None)  # the refusal that offered it is over
                if snapshot is not None and not snapshot.published_key:
                    self._unpublish_refusal_over(was.id)  # as a command's unpublish --forget
                self.changed.emit(was.id)
                if snapshot is None:
                    # Not of the artist's own Delete (Bridge.deleted_here), whose question
                    # said what stays in the bucket: "deleted by another program" was wrong.
                    if not self._let_go(was.id):
                        gone.append(was)
                    continue
                self.bridge.tell_changed(snapshot)
                (forgotten if done else changed).append(snapshot)
        finally:  # those dealt with before the work was stopped are said too
            if words := self._forgotten_words(forgotten, changed, gone, failed):
                self.answer.emit(words)

    def _forgotten_words(
        self,
        forgotten: list[Snapshot],
        changed: list[Snapshot],
        gone: list[Snapshot],
        failed: list[Snapshot],
    ) -> str:
        """How a Forget went: those ``forgotten``, counted; those ``changed`` since they
        were read, of which nothing was forgotten, those ``gone`` (deleted by another
        program, no longer recorded either), and those ``failed`` (the library refused
        them, its words on a banner), named."""
        return join_sentences(
            _one_or_several(
                forgotten,
                self.tr("“{title}” is no longer recorded as published."),
                self.tr("{count} artworks are no longer recorded as published."),
            ),
            _one_or_several(
                changed,
                self.tr("“{title}” changed meanwhile: nothing was forgotten."),
                self.tr("{titles} changed meanwhile: nothing of theirs was forgotten."),
            ),
            _one_or_several(
                gone,
                self.tr(
                    "“{title}” was deleted by another program, so it is no longer recorded as "
                    "published."
                ),
                self.tr(
                    "{titles} were deleted by another program, so they are no longer "
                    "recorded as published."
                ),
            ),
            _one_or_several(
                failed,
                self.tr("“{title}” could not be forgotten: it is still recorded as published."),
                self.tr("{titles} could not be forgotten: they are still recorded as published."),
            ),
        )


def _one_or_several(artworks: Sequence[Snapshot], one: str, several: str) -> str:
    """``one`` of a single artwork, its ``{title}``; ``several`` of more, their ``{count}``
    and ``{titles}`` (:func:`some_titles`); nothing of none."""
    if not artworks:
        return ""
    if len(artworks) == 1:
        return one.format(title=sentence_title(artworks[0]))
    return several.format(count=grouped(len(artworks)), titles=some_titles(artworks))


_HOLDS_CHECKS_FROM_WRITES = (
    PublishSetupError,
    PublishBucketError,
    PublishClockError,
    PublishNetworkError,
    PublishServiceError,
)
"""What a publish or an unpublish meets that every check would meet alike: the settings
unusable (empty, the keyring locked), the bucket missing, the clock off, R2 not reached or in
trouble. Not the keys refused: keys that may not write may read."""
_HOLDS_CHECKS = (*_HOLDS_CHECKS_FROM_WRITES, PublishAuthError)
"""What a check meets that every other check would meet alike (:meth:`PublishController.
_hold_checks`): :data:`_HOLDS_CHECKS_FROM_WRITES`, and the keys refused."""


@dataclass
class _Through:
    """The publisher a publish, an unpublish or a check goes through, as
    :meth:`PublishController._keys_retried` leaves it (None: not got, the settings giving
    none): what the caller's handling of its failure is told it came through."""

    publisher: Publisher | None = None
    read_for_it: bool = False
    """The keyring was read just before the attempt, for it
    (:meth:`PublishController._asked_publisher`): R2 refusing the keys, it is not read again
    at once (:meth:`PublishController._keys_retried`)."""


@dataclass(frozen=True)
class _ChecksHeld:
    """A failure that holds off every check of what may be gone: when it came
    (:attr:`PublishController._clock`), and the R2 configuration in force then (None: the
    settings gave none), whose change ends it (:meth:`PublishController._settings_read`)."""

    at: float
    under: R2Config | None
    error: KontextError
    """The failure: why no check can be made (:meth:`PublishController.unchecked`)."""


_R2_OWN = (
    PublishAuthError,
    PublishBucketError,
    PublishClockError,
    PublishExpiredError,
    PublishNetworkError,
    PublishServiceError,
)
"""R2's refusals, or the way to it's, that a request R2 takes shows are over: the keys, the
bucket, the clock, the network, R2's own trouble."""


def settings_put_right(error: BaseException | None) -> bool:
    """Whether ``error`` is R2 refusing what Settings → Publishing (R2) puts right (the
    keys, the bucket), or an endpoint not reached that is plausibly mistyped there (no such
    host, nothing listening, a certificate for another name:
    :attr:`PublishNetworkError.endpoint_suspect`), for the page to be offered; the one rule
    of the window's banner and the Upload tab's summary. Not a time-out or a broken connection,
    which Settings cannot put right, nor when the environment alone sets what was at fault
    (its words say to correct the variables), read-only there."""
    if isinstance(error, PublishNetworkError):
        return error.endpoint_suspect and not error.environment_only
    return isinstance(error, PublishAuthError | PublishBucketError) and not error.environment_only


def settings_at_fault(error: BaseException | None) -> str:
    """The field of Settings → Publishing (R2) that ``error`` says is wrong, for "Open
    Settings" to put the keyboard there: "keys" (R2 refused the access keys), "bucket" (R2
    has no such bucket) or "endpoint" (one not reached that may be mistyped), when
    :func:`settings_put_right`; "" otherwise. Before, the page opened at its first field,
    the endpoint, after R2 refused the keys."""
    if not settings_put_right(error):
        return ""
    if isinstance(error, PublishAuthError):
        return "keys"
    return "bucket" if isinstance(error, PublishBucketError) else "endpoint"


def _as_noted(snapshot: Snapshot) -> tuple[float | None, str]:
    """What tells ``snapshot``'s publication, and the unpublish of it noted, from those
    made after (by a command): when it was published, and that unpublish's mark."""
    return snapshot.published_at, snapshot.unpublish_mark


def _published_since(snapshot: Snapshot, failed_at: float | None) -> bool:
    """Whether ``snapshot`` was recorded as published when its publish failed at
    ``failed_at`` (:func:`time.time`) or later; False when ``failed_at`` is None."""
    published_at = snapshot.published_at
    if failed_at is None or published_at is None or not snapshot.published_key:
        return False
    return published_at >= failed_at


def _about_r2(error: KontextError) -> bool:
    """Whether ``error`` is R2's, or the way to it, rather than one artwork's (:data:`_R2_OWN`):
    a publish or an unpublish that then goes through shows it is over. Not a file that could
    not be read, nor R2 refusing one request ("R2 refused the request", a 4xx: an object too
    large, a name it will not take), which another artwork's publish going through does not
    put right, nor an error whose cause is unknown."""
    return isinstance(error, _R2_OWN)


def placed_alike(was: Snapshot, now: Snapshot) -> bool:
    """Whether the record ``now`` says of the bucket what ``was`` said: Forget forgets a
    publication only as it was read, and the window's offer to forget it holds so long. The
    host is one however it is spelled (:func:`same_host`): "R2.example:443" rewritten as
    "r2.example" took the artwork out of the banner, still published there."""
    return _placement(now) == _placement(was) and same_host(now.published_host, was.published_host)


def _placement(snapshot: Snapshot) -> tuple[str, str, str]:
    """What a record says is in a bucket, and which (its host aside: :func:`placed_alike`):
    what :meth:`PublishController.forget` forgets, only as it was read."""
    return (snapshot.published_key, snapshot.retired_key, snapshot.published_bucket)


def _forget_unchanged(ledger: Ledger, was: Snapshot) -> tuple[Snapshot | None, bool]:
    """Blocking: :func:`forget_publication` when the record still names what ``was`` did.
    The record as it is now (``None`` once the artwork is deleted, before or while it was
    forgotten), and whether it was forgotten."""
    now = ledger.get(was.id)
    if now is None or not placed_alike(was, now):
        return now, False
    try:
        forget_publication(ledger, was.id)
    except KontextError as error:
        if _deleted(error):
            return None, False
        raise
    return ledger.get(was.id), True


def _remove_left_unchanged(
    ledger: Ledger, publisher: Publisher, was: Snapshot
) -> tuple[Snapshot, bool]:
    """Blocking: :func:`unpublish_artwork` when the record still names what ``was``, an
    artwork a stopped publish may have left in the bucket, did. The record as it is now,
    and whether what was left was removed. Deleted, it is refused as :func:`unpublish_artwork`
    refuses it, as not in the library."""
    now = ledger.get(was.id)
    if now is not None and not placed_alike(was, now):
        return now, False
    return unpublish_artwork(ledger, publisher, was.id), True


PUBLISHED_GONE = QT_TRANSLATE_NOOP(
    "Errors", "“{title}” was deleted by another program, so it was not published."
)
UNPUBLISHED_GONE = QT_TRANSLATE_NOOP(
    "Errors",
    "“{title}” was deleted by another program, so nothing was removed from the bucket.",
)
UNPUBLISHED_HERE = QT_TRANSLATE_NOOP(
    "Errors",
    "“{title}” was deleted before it was removed from the bucket, so it stays published there.",
)
RETIRED_GONE = QT_TRANSLATE_NOOP(
    "Errors",
    "“{title}” was deleted by another program while it was being removed from the bucket: an "
    "earlier version of it was removed, but the one published last stays there.",
)
RETIRED_HERE = QT_TRANSLATE_NOOP(
    "Errors",
    "“{title}” was deleted before it was removed from the bucket: an earlier version of it "
    "was removed, but the one published last stays there.",
)
_DELETED_HERE = {UNPUBLISHED_GONE: UNPUBLISHED_HERE, RETIRED_GONE: RETIRED_HERE}
"""The words of an unpublish that found its artwork deleted, by another program, for the
artist's own Delete in this window."""
_GONE_WORDS = {PUBLISHING: PUBLISHED_GONE, UNPUBLISHING: UNPUBLISHED_GONE}
"""The words of a publish or an unpublish that found its artwork deleted by another
program, by what was asked (:meth:`PublishController._found_deleted`)."""
TAKEN_BACK = QT_TRANSLATE_NOOP(
    "Errors",
    "“{title}” was removed from the bucket or published by another window or command while "
    "this publish ran, so this publish was taken back.",
)


async def _said_by_title(published: Awaitable[T], shown: Snapshot | None, gone: str) -> T:
    """``published`` (a publish or an unpublish of ``shown``), refused because another
    program deleted the artwork (said by the ``gone`` template) or published it meanwhile,
    said by the title the window shows: the service's words ("artwork 42 is not in the
    library", "There is no job 42.") name its number, as the command line does, which the
    window shows nowhere, and being no fault of R2's, they sent the artist to the R2
    settings."""
    try:
        return await published
    except KontextError as error:
        if shown is None:
            raise
        titled = _titled(error, shown, gone)
        if titled is None:
            by_title(error, shown)  # "Artwork 42 has no finished image", say
            raise
        raise titled from error


def _titled(error: KontextError, shown: Snapshot, gone: str) -> Refusal | None:
    """``error`` said by ``shown``'s title (:func:`_said_by_title`) when it is another
    program's delete (``gone``'s words, a :class:`JobGoneError`) or publish; ``None`` for
    any other."""
    title = sentence_title(shown)
    if error.template == REMOVED_THEN_GONE:
        return None  # removed from the bucket all the same: not "nothing was removed"
    if error.template == RETIRED_THEN_GONE:
        return JobGoneError.worded(RETIRED_GONE, title=title)
    if _deleted(error):
        return JobGoneError.worded(gone, title=title)
    if error.template == CHANGED_MEANWHILE:
        return Refusal.worded(TAKEN_BACK, title=title)
    return None


def _deleted(error: KontextError) -> bool:
    """Whether ``error`` is a publish's or an unpublish's finding its artwork deleted."""
    gone = isinstance(error, JobChanged) and error.current is None
    return gone or isinstance(error, JobGoneError) or error.template == NOT_IN_LIBRARY


class _StillEnding(PublishCancelledUncleanError):
    """Cancelled while the publish's thread waits on R2: said now, the thread ends later,
    having removed what it sent or not (:attr:`PublishController.clean_up_ended`)."""


async def _finish_in_thread(
    cancel: PublishCancel,
    stop: asyncio.Future[None],
    leftover: Callable[[asyncio.Future[T]], None],
    start: Callable[[], asyncio.Future[T]],
) -> T:
    """Run the work ``start`` starts in a thread until it ends or is stopped: by Cancel
    (``stop``) or because the window closes (the awaiting task is cancelled). A stopped
    thread is not waited for: a request to a silent server may take its whole time-out. It
    records nothing (``cancel`` was granted) and is handed to ``leftover`` while it removes
    what it sent."""
    if stop.done():
        raise PublishCancelledError()
    work = start()
    either: list[asyncio.Future[Any]] = [work, stop]
    try:
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        cancel.request()
        if not work.done():
            leftover(work)
        raise
    if work.done():
        return work.result()
    leftover(work)
    raise _StillEnding()


def setup_title(error: PublishSetupError) -> str:
    """The title of the box that says ``error`` (:func:`word_setup_box`): publishing is not
    set up; a value the environment sets cannot be used; or the R2 secret cannot be read
    from the keyring (locked): before, that was titled as a value of the environment, and
    the artist looked for a variable at fault."""
    if isinstance(error, PublishSecretUnreadableError):
        return QCoreApplication.translate("Publishing", "The R2 secret cannot be read")
    if isinstance(error, PublishNotSetUpError) or not error.environment_only:
        return QCoreApplication.translate("Publishing", "Publishing is not set up")
    return QCoreApplication.translate("Publishing", "A value of the environment cannot be used")


def setup_box(
    parent: QWidget, title: str, message: str, hint: str, in_settings: bool
) -> tuple[QMessageBox, QAction]:
    """The "publishing is not set up" message, with a button that opens the settings; the
    returned action fires when the artist chooses it. The box is open, not blocking; see
    :func:`word_setup_box` for ``title`` and ``in_settings``."""
    box = QMessageBox(parent)
    box.setObjectName("publishSetupBox")
    box.setIcon(QMessageBox.Icon.Information)
    chosen = _opened(
        box,
        QCoreApplication.translate("Publishing", "Open Settings…"),
        accept_by_default=in_settings,
    )
    word_setup_box(box, title, message, hint, in_settings)
    return box, chosen


def word_setup_box(
    box: QMessageBox, title: str, message: str, hint: str, in_settings: bool
) -> None:
    """Word ``box`` (:func:`setup_box`) for R2 settings that cannot be used, under ``title``
    (:func:`setup_title`): when ``in_settings`` is false, what is at fault is not Settings'
    to put right (a value an environment variable sets, read-only there; a keyring that
    cannot be read), and Settings is not its default: Enter closed it."""
    box.setWindowTitle(title)
    box.setText(message)
    box.setInformativeText(hint)
    if not in_settings:
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return
    box.setDefaultButton(
        next(
            button
            for button in box.buttons()
            if isinstance(button, QPushButton)
            and box.buttonRole(button) is QMessageBox.ButtonRole.AcceptRole
        )
    )


def forget_box(
    parent: QWidget, refused: Sequence[Snapshot], *, set_up: bool
) -> tuple[QMessageBox, QAction]:
    """The question before the records of ``refused``'s publications in other buckets are
    forgotten: which artworks, what stays in those buckets, where, and that Kontext Studio
    can no longer remove it; of several, asked once (:func:`word_forget_box`). The returned
    action fires when the artist chooses to forget; Cancel is the default. The box is open,
    not blocking."""
    box = QMessageBox(parent)
    box.setObjectName("forgetPublicationBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the title is the artist's, never markup
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    word_forget_box(box, refused, set_up=set_up)
    if len(refused) == 1:
        forget = QCoreApplication.translate("Publishing", "&Forget publication")
    else:
        forget = QCoreApplication.translate("Publishing", "&Forget publications")
    return box, _opened(box, forget, accept_by_default=False)


def word_forget_box(box: QMessageBox, refused: Sequence[Snapshot], *, set_up: bool) -> None:
    """Word ``box`` (:func:`forget_box`) for ``refused``, each named by its title as given:
    the window words it again when one is renamed while it is open (the answer names the
    new title), or the R2 settings are saved. ``set_up``: whether the settings name a
    bucket and an endpoint to publish in once forgotten (:func:`_after_forget`)."""
    if len(refused) == 1:
        (was,) = refused
        box.setWindowTitle(QCoreApplication.translate("Publishing", "Forget the publication"))
        box.setText(
            QCoreApplication.translate("Publishing", "Forget the publication of “{title}”?").format(
                title=sentence_title(was)
            )
        )
        box.setInformativeText(_what_stays(was, set_up=set_up))
    else:
        box.setWindowTitle(QCoreApplication.translate("Publishing", "Forget the publications"))
        # Named as the banner named them, which is gone once its button is pressed.
        box.setText(
            QCoreApplication.translate(
                "Publishing", "Forget the publications of {count} artworks: {titles}?"
            ).format(count=grouped(len(refused)), titles=some_titles(refused))
        )
        box.setInformativeText(_what_all_stay(refused, set_up=set_up))


def quit_box(
    parent: QWidget, publishing: int, removing: int, deleting: int = 0, saving: int = 0
) -> tuple[QMessageBox, QAction]:
    """The question before the window closes while ``publishing`` artworks are being sent to
    R2, ``removing`` taken out of it, ``deleting`` still to be deleted by a Delete the
    artist confirmed, and ``saving`` images still to be saved into a folder by a Save of
    several: closing stops them, and nothing at the next start carries them on. The returned
    action fires when the artist quits anyway; Cancel (keep the window open, the work going)
    is the default. The box is open, not blocking; :func:`word_quit_box` keeps its words
    true while it is."""
    box = QMessageBox(parent)
    box.setObjectName("quitWhilePublishingBox")
    widened(box, QUIT_WIDTH_CHARS)
    chosen = _opened(
        box, QCoreApplication.translate("Publishing", "&Quit anyway"), accept_by_default=False
    )
    word_quit_box(box, publishing, removing, deleting, saving)
    return box, chosen


QUIT_WIDTH_CHARS = 72
""":func:`quit_box`'s width, in average characters: sized to its first line ("An artwork is
still being deleted."), it was 291 px wide, the paragraph under it seven lines tall."""

_ASKED_ABOUT_DELETE = "askedAboutDelete"
_ASKED_ABOUT_PUBLISHING = "askedAboutPublishing"
_ASKED_ABOUT_SAVING = "askedAboutSaving"
"""Properties of :func:`quit_box`'s box: what it asked about, for its words once all ended."""


def word_quit_box(
    box: QMessageBox, publishing: int, removing: int, deleting: int = 0, saving: int = 0
) -> None:
    """Say in :func:`quit_box`'s ``box`` how many artworks are still being published,
    removed or deleted, and how many images saved. Once none is, the box says that quitting
    stops nothing, and Quit is its default: before, the question open while the last publish
    ended still said an artwork was being published, and that quitting would stop it; and
    one open while a Delete ran said "Quitting now stops nothing", quitting stopping the
    Delete."""
    quit_button = next(
        button
        for button in box.buttons()
        if isinstance(button, QPushButton)
        and box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole
    )
    if publishing or removing:
        box.setProperty(_ASKED_ABOUT_PUBLISHING, True)
    if deleting:
        box.setProperty(_ASKED_ABOUT_DELETE, True)
    if saving:
        box.setProperty(_ASKED_ABOUT_SAVING, True)
    if not (publishing or removing or deleting or saving):
        _word_all_ended(box)
        quit_button.setText(QCoreApplication.translate("Publishing", "&Quit"))
        box.setDefaultButton(quit_button)
        return
    box.setIcon(QMessageBox.Icon.Warning)
    if publishing or removing:
        title = QCoreApplication.translate("Publishing", "Publishing is not finished")
    elif deleting:
        title = QCoreApplication.translate("Publishing", "The Delete is not finished")
    else:
        title = QCoreApplication.translate("Publishing", "Saving is not finished")
    box.setWindowTitle(title)
    quit_button.setText(QCoreApplication.translate("Publishing", "&Quit anyway"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    said = [_transfers_left(publishing, removing)] if publishing or removing else []
    if deleting:
        said.append(_deletes_left(deleting))
    if saving:
        said.append(_saves_left(saving))
    # A line each, a paragraph each: run together, two were one wall of words.
    box.setText("\n".join(text for text, _ in said))
    box.setInformativeText("\n\n".join(stops for _, stops in said))


def _word_all_ended(box: QMessageBox) -> None:
    """:func:`word_quit_box`'s words once nothing it asked about runs any more (a Save of
    several named only when it was all it asked about)."""
    box.setIcon(QMessageBox.Icon.Question)
    published = bool(box.property(_ASKED_ABOUT_PUBLISHING))
    deleted = bool(box.property(_ASKED_ABOUT_DELETE))
    if box.property(_ASKED_ABOUT_SAVING) and not (published or deleted):
        title = QCoreApplication.translate("Publishing", "Saving has finished")
        text = QCoreApplication.translate("Publishing", "No image is being saved any more.")
    elif deleted and published:
        title = QCoreApplication.translate("Publishing", "Publishing and the Delete have finished")
        text = QCoreApplication.translate(
            "Publishing", "Nothing is being published or deleted any more."
        )
    elif deleted:
        title = QCoreApplication.translate("Publishing", "The Delete has finished")
        text = QCoreApplication.translate("Publishing", "Nothing is being deleted any more.")
    else:
        title = QCoreApplication.translate("Publishing", "Publishing has finished")
        text = QCoreApplication.translate("Publishing", "Nothing is being published any more.")
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(QCoreApplication.translate("Publishing", "Quitting now stops nothing."))


def _transfers_left(publishing: int, removing: int) -> tuple[str, str]:
    """What :func:`word_quit_box` says of the publishes (or else the unpublishes) still
    running, and what quitting does to them."""
    if publishing:
        return (
            QCoreApplication.translate(
                "Publishing", "{count} artworks are still being published to your R2 bucket."
            ).format(count=grouped(publishing))
            if publishing > 1
            else QCoreApplication.translate(
                "Publishing", "An artwork is still being published to your R2 bucket."
            ),
            QCoreApplication.translate(
                "Publishing",
                "Quitting now stops publishing, and nothing carries it on at the next start: "
                "an artwork not finished stays unpublished until you publish it again.",
            ),
        )
    return (
        QCoreApplication.translate(
            "Publishing", "{count} artworks are still being removed from your R2 bucket."
        ).format(count=grouped(removing))
        if removing > 1
        else QCoreApplication.translate(
            "Publishing", "An artwork is still being removed from your R2 bucket."
        ),
        QCoreApplication.translate(
            "Publishing",
            "Quitting now stops the removal, and nothing carries it on at the next "
            "start: an artwork not removed stays published until you unpublish it again.",
        ),
    )


def _deletes_left(deleting: int) -> tuple[str, str]:
    """What :func:`word_quit_box` says of the ``deleting`` artworks a Delete has still to
    delete, and what quitting does to it: it stops there, the rest kept, and the one it was
    deleting perhaps kept with its image already in the trash (the preview says so at the
    next start). Before, the words said only that those not deleted yet stay."""
    if deleting == 1:
        stops = {
            Desktop.WINDOWS: QCoreApplication.translate(
                "Publishing",
                "Quitting now stops the Delete, and nothing carries it on at the next start: "
                "the artwork stays in the library until you delete it again, perhaps with its "
                "image already in the Recycle Bin.",
            ),
            Desktop.MACOS: QCoreApplication.translate(
                "Publishing",
                "Quitting now stops the Delete, and nothing carries it on at the next start: "
                "the artwork stays in the library until you delete it again, perhaps with its "
                "image already in the Trash.",
                "macOS",
            ),
            Desktop.LINUX: QCoreApplication.translate(
                "Publishing",
                "Quitting now stops the Delete, and nothing carries it on at the next start: "
                "the artwork stays in the library until you delete it again, perhaps with its "
                "image already in the Trash.",
                "Linux",
            ),
        }
        return (
            QCoreApplication.translate("Publishing", "An artwork is still being deleted."),
            stops[desktop.current()],
        )
    partway = {
        Desktop.WINDOWS: QCoreApplication.translate(
            "Publishing",
            "The one being deleted as you quit may stay there too, its image already in the "
            "Recycle Bin.",
        ),
        Desktop.MACOS: QCoreApplication.translate(
            "Publishing",
            "The one being deleted as you quit may stay there too, its image already in the Trash.",
            "macOS",
        ),
        Desktop.LINUX: QCoreApplication.translate(
            "Publishing",
            "The one being deleted as you quit may stay there too, its image already in the Trash.",
            "Linux",
        ),
    }
    return (
        QCoreApplication.translate(
            "Publishing", "{count} artworks are still being deleted."
        ).format(count=grouped(deleting)),
        join_sentences(
            QCoreApplication.translate(
                "Publishing",
                "Quitting now stops the Delete, and nothing carries it on at the next start: "
                "the artworks not deleted yet stay in the library until you delete them again.",
            ),
            partway[desktop.current()],
        ),
    )


def _saves_left(saving: int) -> tuple[str, str]:
    """What :func:`word_quit_box` says of the ``saving`` images a Save of several has still
    to save, and what quitting does to it."""
    return (
        QCoreApplication.translate(
            "Publishing", "{count} images are still being saved into a folder."
        ).format(count=grouped(saving))
        if saving > 1
        else QCoreApplication.translate(
            "Publishing", "An image is still being saved into a folder."
        ),
        QCoreApplication.translate(
            "Publishing",
            "Quitting now stops saving, and nothing carries it on at the next start: the "
            "images saved so far stay in the folder, the others are not saved.",
        ),
    )


def _opened(box: QMessageBox, accept: str, *, accept_by_default: bool) -> QAction:
    """Give ``box`` its ``accept`` button and Cancel (the default unless
    ``accept_by_default``), open it without blocking, and return the action that fires when
    the artist accepts; the box deletes itself once closed."""
    accepting = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(accepting if accept_by_default else cancel)
    box.setEscapeButton(cancel)
    icons_as_tall_as_text(box)
    keep_placed(box)  # centred over its window, as the dialogs are
    chosen = QAction(box)
    accepting.clicked.connect(chosen.trigger)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    drawn_if_asked_by_key(box)  # Ctrl+P's "not set up", once it looked at the settings
    box.open()
    return chosen


def _what_stays(was: Snapshot, *, set_up: bool) -> str:
    """What forgetting ``was``'s publication leaves in its bucket, in words for
    :func:`forget_box`: the image and its manifest, public at their link (a presigned one
    may work until it expires), or what a stopped publish may have left. The bucket and the
    link or key stand on lines of their own: inside a sentence, the box broke a bucket's
    name at its hyphen. Of one an unpublish did not finish removing
    (:attr:`Snapshot.may_be_gone`), that they may be there: it said they stay."""
    if was.may_be_gone:
        stays = QT_TRANSLATE_NOOP(
            "Publishing",
            "Nothing is removed now, but an unpublish of it did not finish: its image and "
            "manifest may still be in this bucket, or may be gone, and Kontext Studio will no "
            "longer be able to remove them.",
        )
    elif not was.published_key:
        stays = QT_TRANSLATE_NOOP(
            "Publishing",
            "Nothing is removed: the image a stopped publish may have left in this bucket "
            "stays there, and Kontext Studio will no longer be able to remove it.",
        )
    elif was.published_url:
        stays = QT_TRANSLATE_NOOP(
            "Publishing",
            "Nothing is removed: its image and manifest stay in this bucket, still public at "
            "their link, and Kontext Studio will no longer be able to remove them.",
        )
    else:
        stays = QT_TRANSLATE_NOOP(
            "Publishing",
            "Nothing is removed: its image and manifest stay in this bucket, and Kontext "
            "Studio will no longer be able to remove them. A link to them already shared may "
            "work until it expires.",
        )
    where = [
        QCoreApplication.translate("Publishing", "Bucket: '{bucket}' at {host}").format(
            bucket=was.published_bucket, host=was.published_host
        )
    ]
    if was.published_url:
        link = QCoreApplication.translate("Publishing", "Link: {link}")
        where.append(link.format(link=was.published_url))
    else:
        image = QCoreApplication.translate("Publishing", "Image: {key}")
        where.append(image.format(key=was.published_key or was.retired_key))
    stays_words = QCoreApplication.translate("Publishing", stays)
    return "\n\n".join((stays_words, "\n".join(where), _after_forget(1, set_up=set_up)))


def _what_all_stay(refused: Sequence[Snapshot], *, set_up: bool) -> str:
    """What forgetting the publications of ``refused`` (several) leaves, as
    :func:`_what_stays` says it of one: in which buckets, each named once."""
    stays = _all_stay_words(refused)
    bucket = QCoreApplication.translate("Publishing", "Bucket: '{bucket}' at {host}")
    where = [bucket.format(bucket=name, host=host) for name, host in record_places(refused)]
    after = _after_forget(len(refused), set_up=set_up)
    return "\n\n".join((stays, "\n".join(where), after))


def _all_stay_words(refused: Sequence[Snapshot]) -> str:
    """:func:`_what_all_stay`'s first sentence: what stays, and, of those an unpublish did
    not finish removing (:attr:`Snapshot.may_be_gone`), named, that it may be gone. It said
    they all "stay where they are", where R2 may have removed some already."""
    gone = [was for was in refused if was.may_be_gone]
    if len(gone) == len(refused):
        return QCoreApplication.translate(
            "Publishing",
            "Nothing is removed now, but an unpublish of each of them did not finish: their "
            "images and manifests may still be where they are, or may be gone, and Kontext "
            "Studio will no longer be able to remove them. A link to them already shared may "
            "still work.",
        )
    if gone:
        return QCoreApplication.translate(
            "Publishing",
            "Nothing is removed now: their images and manifests, or the images a stopped "
            "publish may have left, stay where they are, but those of {titles}, whose "
            "unpublish did not finish, may still be there, or may be gone. Kontext Studio will "
            "no longer be able to remove them. A link to them already shared may still work.",
        ).format(titles=some_titles(gone))
    return QCoreApplication.translate(
        "Publishing",
        "Nothing is removed: their images and manifests, or the images a stopped publish may "
        "have left, stay where they are, and Kontext Studio will no longer be able to remove "
        "them. A link to them already shared may still work.",
    )


def _after_forget(count: int, *, set_up: bool) -> str:
    """The Forget question's last line: how the library shows the ``count`` artworks once
    forgotten, and where they can be published then: in the bucket the R2 settings name,
    or, ``set_up`` false, once publishing is set up. It spoke of "the bucket the R2
    settings name" while they named none."""
    if count == 1 and set_up:
        words = QT_TRANSLATE_NOOP(
            "Publishing",
            "The library will show it as not published, and it can be published in the "
            "bucket the R2 settings name.",
        )
    elif count == 1:
        words = QT_TRANSLATE_NOOP(
            "Publishing",
            "The library will show it as not published, and it can be published again once "
            "publishing is set up in Settings.",
        )
    elif set_up:
        words = QT_TRANSLATE_NOOP(
            "Publishing",
            "The library will show them as not published, and they can be published in the "
            "bucket the R2 settings name.",
        )
    else:
        words = QT_TRANSLATE_NOOP(
            "Publishing",
            "The library will show them as not published, and they can be published again "
            "once publishing is set up in Settings.",
        )
    return QCoreApplication.translate("Publishing", words)


def record_places(refused: Sequence[Snapshot]) -> list[tuple[str, str]]:
    """The buckets the records of ``refused`` name, and their hosts, each once however its
    host is spelled (:func:`same_host`): one bucket was named twice, "at r2.example" and
    "at R2.example:443"."""
    places: list[tuple[str, str]] = []
    for was in refused:
        if not any(
            name == was.published_bucket and same_host(host, was.published_host)
            for name, host in places
        ):
            places.append((was.published_bucket, was.published_host))
    return places


LINK_MIN_CHARS = 18
"""How much of a published link the bar shows at the least beside its buttons (where it
goes: "https://pub-1a2b3c…")."""
_ROW_SPACING = 6
_BAR_MARGINS = (8, 6, 8, 6)
_LINE_SPACING = 2


class PublicationBar(QFrame):
    """Under the preview's toolbar: where the shown artwork stands with R2.

    Publishing: a progress bar and Cancel. Published: the link, Copy link, Unpublish. A failed
    publish: the reason and Retry. A publish stopped before its end (the app killed once the
    image was sent) that may have left the image in the bucket: that, and Remove from bucket
    (:meth:`PublishController.left_here`). Hidden for everything else (the toolbar's Publish
    button is the way in). Copy, Unpublish and Retry are the preview's own job actions, so
    they ask and behave exactly as the library's do.
    """

    def __init__(
        self,
        controller: PublishController,
        actions: dict[str, QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._recolour = ChangeFollower(self, partial(restyle, self, BAR_STYLE))
        self.controller = controller
        self.snapshot: Snapshot | None = None
        # The artwork whose "Too late to cancel" the bar says: once it shows another, that
        # was seen (:meth:`PublishController.too_late_seen`).
        self._said_too_late: int | None = None
        self._url_generation = 0
        self._no_link: KontextError | None = None  # why the shown artwork, published, has no link
        self.setObjectName("publicationBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        restyle(self, BAR_STYLE)

        self.state_label = QLabel(self)
        self.state_label.setObjectName("publicationState")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        # "Published in another bucket" on one line set the window's least width too.
        self.state_label.setWordWrap(True)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText(self.tr("&Cancel"))
        self.cancel_button.setToolTip(
            plain_tooltip(self.tr("Stop publishing and remove from the bucket what was sent"))
        )
        self.cancel_button.clicked.connect(self._cancel)
        self.url_field = QLineEdit(self)
        self.url_field.setObjectName("publicationUrl")
        self.url_field.setReadOnly(True)
        self.url_field.setAccessibleName(self.tr("Public link"))  # read as a bare address
        self.copy_button = _action_button(actions["copy_url"], self)
        self.unpublish_button = _action_button(actions["unpublish"], self)
        self.retry_button = _action_button(actions["publish"], self)
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("removeLeftButton")
        self.remove_button.setText(self.tr("Remove from buc&ket"))
        self.remove_button.setToolTip(
            plain_tooltip(
                self.tr("Remove from your R2 bucket the image the stopped publish may have left")
            )
        )
        self.remove_button.clicked.connect(self._remove_left)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("publicationDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.left_label = QLabel(self._left_words(), self)
        self.left_label.setObjectName("publicationLeft")
        self.left_label.setWordWrap(True)
        self.left_label.setTextFormat(Qt.TextFormat.PlainText)
        self.unchecked_label = QLabel(self)
        self.unchecked_label.setObjectName("publicationUnchecked")
        self.unchecked_label.setWordWrap(True)
        self.unchecked_label.setTextFormat(Qt.TextFormat.PlainText)
        # Within a quarter of the screen's height: on a 1024 x 600 screen, a narrow
        # preview's lines made the window ask 667 px.
        self.lines = CappedLines(self.tr("Publication details"), _LINE_SPACING, self)
        for line in (self.detail_label, self.left_label, self.unchecked_label):
            self.lines.add(line)

        # As many to a line as fit, the progress bar or the link taking what is left: in one
        # line, "Published", Copy link and Unpublish set the preview's least width, and the
        # window's, 85 px wider than the rest of it (694 px, past a 650 px screen's edge).
        self._row = FlowLayout(spacing=_ROW_SPACING)
        self._row.addWidget(self.state_label)
        self._row.addWidget(self.progress_bar)
        self._row.addWidget(self.url_field)
        for button in (
            self.cancel_button,
            self.copy_button,
            self.unpublish_button,
            self.retry_button,
            self.remove_button,
        ):
            self._row.addWidget(button)
        self._link_row = QHBoxLayout()  # the link, where the buttons leave it too little room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*_BAR_MARGINS)
        layout.setSpacing(_LINE_SPACING)
        layout.addLayout(self._row)
        layout.addLayout(self._link_row)
        layout.addWidget(self.lines)
        controller.changed.connect(self._changed)
        controller.many_changed.connect(self._many_changed)
        controller.checks_changed.connect(self._checks_changed)
        controller.recheck_due.connect(self._recheck_due)
        controller.link_made.connect(self._link_made)
        self.set_snapshot(None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._recolour.hear(event)  # the system switched between light and dark

    def focusNextPrevChild(self, next: bool) -> bool:
        """The keyboard in the bar as what has it hides (the lines or Retry as a Retry
        starts, the whole bar as another artwork is shown) goes back to the nearest control
        before it, as Shift+Tab would: the bar's own (Cancel, once Retry started a
        publish), or the preview's. Qt hands it on forward, and that was out of the
        preview, to the library's search field, where the next keys typed searched the
        library."""
        focused = self.window().focusWidget()
        if next and focused is not None and self.isAncestorOf(focused) and not focused.isVisible():
            next = False
        return super().focusNextPrevChild(next)

    def minimumSizeHint(self) -> QSize:
        """As tall as its rows and lines at the width it has once laid out: its layout's
        least is that of one row of buttons and one line of words, and in a 760 by 450 px
        window the preview squeezed it to that, "No link: The system keyring is locked …"
        cut off part-way under the picture. The window is kept as tall as they need."""
        hint = super().minimumSizeHint()
        if not self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            return hint  # not laid out yet: its width is no one's
        return hint.expandedTo(QSize(0, self.heightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_link()
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # its least height is that of its lines at this width

    def _place_link(self) -> None:
        """The link beside the buttons while it shows :data:`LINK_MIN_CHARS` characters
        there, else on a line of its own under them: in the preview of an 800 px window it
        showed "http" and nothing more."""
        beside = [
            widget
            for widget in (
                self.state_label,
                self.cancel_button,
                self.copy_button,
                self.unpublish_button,
                self.retry_button,
                self.remove_button,
            )
            if not widget.isHidden()
        ]
        taken = sum(widget.sizeHint().width() + _ROW_SPACING for widget in beside)
        room = self.width() - _BAR_MARGINS[0] - _BAR_MARGINS[2] - taken
        wanted = self.url_field.fontMetrics().horizontalAdvance("x" * LINK_MIN_CHARS)
        # As much on a line of its own, where the buttons go under one another.
        self.url_field.setMinimumWidth(wanted)
        fits = room >= max(wanted, self.url_field.sizeHint().width())
        if fits == (self._row.indexOf(self.url_field) >= 0):
            return
        # Tab follows the reading order: on its own line, Tab went to the link first and
        # then back up to the buttons above it. It moves within the bar, whose block stays
        # right after the preview's toolbar (``tab_after``).
        if fits:
            self._link_row.removeWidget(self.url_field)
            self._row.insert_widget(self._row.indexOf(self.progress_bar) + 1, self.url_field)
            QWidget.setTabOrder(self.cancel_button, self.url_field)
        else:
            self._row.removeWidget(self.url_field)
            self._link_row.addWidget(self.url_field)
            QWidget.setTabOrder(self.remove_button, self.url_field)

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        previous = self.snapshot
        self.snapshot = snapshot
        said = self._said_too_late
        if said is not None and (snapshot is None or snapshot.id != said):
            self.controller.too_late_seen(said)  # seen, and left
            self._said_too_late = None
        if snapshot is not None and (previous is None or previous.id != snapshot.id):
            self.controller.check_may_be_gone(snapshot)  # opened: what is left of it?
        link_changed = (
            previous is None
            or snapshot is None
            or previous.id != snapshot.id
            or previous.published_key != snapshot.published_key
            or previous.published_url != snapshot.published_url
        )
        if link_changed:
            self._reload_link()
        self._refresh()

    def offers_publish(self) -> bool:
        """Whether the bar shows its Publish: a failed publish's, beside the reason."""
        return not self.isHidden() and not self.retry_button.isHidden()

    def _checks_changed(self) -> None:
        """Why checks of what may be gone cannot be made changed: the shown artwork is asked
        about again when none is held off any more (without the keyring's unlock prompt: a
        check is not asked for), and its "Could not check" line says why, or goes."""
        if self.snapshot is not None:
            self.controller.check_may_be_gone(self.snapshot)
        self._refresh()

    def _recheck_due(self, job_id: int) -> None:
        """The check of ``job_id`` that failed for it alone is over
        (:attr:`PublishController.recheck_due`): shown, it is asked about again."""
        if self.snapshot is not None and self.snapshot.id == job_id:
            self._checks_changed()

    def refresh_link(self) -> None:
        """Make the shown artwork's link again: the R2 settings or secret were changed, so a
        reason given for no link, or a presigned link, may be stale; and what is left of
        one that may be gone is asked again, its "Could not check" over. Before, that line
        went and nothing was asked until another artwork was opened and this one again."""
        if self.snapshot is not None:
            self.controller.check_may_be_gone(self.snapshot)
        self._reload_link()
        self._refresh()

    def _reload_link(self) -> None:
        self._url_generation += 1
        self._no_link = None
        self.url_field.clear()
        if self.snapshot is not None and self.snapshot.published_key:
            self._load_url(self.snapshot)

    # Internals ----------------------------------------------------------------------------

    def _changed(self, job_id: int) -> None:
        if self.snapshot is not None and self.snapshot.id == job_id:
            self._refresh()

    def _many_changed(self, job_ids: frozenset[int]) -> None:
        if self.snapshot is not None and self.snapshot.id in job_ids:
            self._refresh()

    def _cancel(self) -> None:
        if self.snapshot is not None:
            self.controller.cancel(self.snapshot.id)
            self.cancel_button.setEnabled(False)

    def _remove_left(self) -> None:
        if self.snapshot is not None:
            self.controller.remove_left(self.snapshot)

    def _load_url(self, snapshot: Snapshot) -> None:
        if snapshot.published_url:
            self._show_url(snapshot.published_url, "")
            return
        generation = self._url_generation
        if self.controller.link_waits_for_keyring():
            # Not "Making a link…" alone for as long as the keyring takes (its unlock prompt).
            making = self.tr("Making a link: waiting for the system keyring…")
        else:
            making = self.tr("Making a link…")
        self.url_field.setPlaceholderText(making)
        self.controller.bridge.spawn(self._fetch_url(generation, snapshot), owner=self)

    async def _fetch_url(self, generation: int, snapshot: Snapshot) -> None:
        try:
            url = await self.controller.url_for(snapshot, asked=False)
        except KontextError as error:
            if generation == self._url_generation:
                self._show_no_link(error)
            return
        if generation == self._url_generation:
            self._show_made(url)

    def _link_made(self, job_id: int, url: str) -> None:
        """Copy link made the link of the artwork shown, said to have none: shown now."""
        if self.snapshot is None or self.snapshot.id != job_id or self._no_link is None:
            return
        self._url_generation += 1  # a link still being made is no newer
        self._no_link = None
        self._show_made(url)
        self._refresh()

    def _show_made(self, url: str) -> None:
        """A link made now: a presigned one (a public base URL gives its own at once)."""
        self._show_url(
            url,
            self.tr(
                "A presigned link: it works for 7 days. Set a public base URL in Settings "
                "for a permanent one."
            ),
        )

    def _show_no_link(self, error: KontextError) -> None:
        """Why no link could be made, in full under the row (:meth:`_no_link_words`)."""
        self._no_link = error
        self.url_field.setPlaceholderText(self.tr("No link"))
        self._refresh()

    def _no_link_words(self, error: KontextError, unchecked: KontextError | None) -> str:
        """Why no link could be made (``error``): the artwork is still published, so the
        reason is the detail alone (without "Publishing failed."). With the same reason for
        the check of what is left of it (``unchecked``: a locked keyring, say), said once
        for both: before, "No link: The system keyring is locked …" was followed by "Could
        not check: the R2 secret in the system keyring cannot be read …"."""
        if isinstance(error, PublishSetupError):
            reason = self.controller.setup_words(error).sentences()
        else:
            reason = explain_error_detail(error) or explain(error).message
        if _alike(error, unchecked):
            return self.tr(
                "No link, and what is left of it in the bucket could not be checked: {reason}"
            ).format(reason=reason)
        return self.tr("No link: {reason}").format(reason=reason)

    def _show_url(self, url: str, tip: str) -> None:
        self.url_field.setText(url)
        self.url_field.setCursorPosition(0)
        set_plain_tooltip(self.url_field, tip or url)

    def _refresh(self) -> None:
        """The bar as the shown artwork stands. The keyboard in it stays in it while it
        shows a control: Cancel, had as Retry started a publish that failed again, went as
        Retry came back, and the keys went out to the toolbar, where nothing looked
        focused; they come back to the bar's first control (Retry, there), drawn focused
        if the keys had put them where they were (a button a click does not focus)."""
        focused = self.window().focusWidget()
        held = focused if focused is not None and self.isAncestorOf(focused) else None
        self._show_state()
        now = self.window().focusWidget()
        if held is None or self.isHidden() or (now is not None and self.isAncestorOf(now)):
            return
        if (control := first_focusable(self)) is not None:
            clicked = held.focusPolicy().value & Qt.FocusPolicy.ClickFocus.value
            hand_focus(control, by_keys=not clicked)

    def _show_state(self) -> None:
        snap = self.snapshot
        if snap is None or not has_image(snap):
            self.setVisible(False)
            return
        activity = self.controller.activity(snap.id)
        error = self.controller.last_error(snap.id)
        publishing = activity is not None
        published = not publishing and bool(snap.published_key)
        failed = not publishing and not published and error is not None
        left = self.controller.left_here(snap)
        no_link = published and self._no_link is not None
        # Its last Unpublish (or Remove from bucket) failed: why, and its button beside it
        # to try again.
        unremoved = self.controller.unpublish_error(snap) if published or left else None
        part = self.controller.part_left(snap)
        theirs = self.controller.settings_bucket_if_elsewhere(snap) if published else None
        # A presigned link is refused there: its reason (no_link) says where it is instead;
        # so it is with publishing not set up, else its record's bucket is named.
        elsewhere = ""
        if published and snap.published_url:
            elsewhere = self._elsewhere_words(snap, theirs) or self._unset_words(snap)
        # A Cancel that came too late, said where it was pressed (the status bar's words go
        # with the next publish's outcome).
        too_late = published and not snap.may_be_gone and self.controller.cancelled_too_late(snap)
        self._said_too_late = snap.id if too_late else None
        self.setVisible(publishing or published or failed or left)

        self.progress_bar.setVisible(publishing)
        # Nothing to stop once a publish waits for the delete of its artwork: its transfer ended.
        self.cancel_button.setVisible(
            activity is not None and activity.kind == PUBLISHING and not activity.after_delete
        )
        self.url_field.setVisible(published)
        self.copy_button.setVisible(published)
        self.unpublish_button.setVisible(published)
        self.retry_button.setVisible(failed)
        self.remove_button.setVisible(left)
        self.detail_label.setVisible(
            failed or no_link or bool(elsewhere) or too_late or unremoved is not None
        )
        gone = published and snap.may_be_gone
        self.left_label.setText(
            self._part_left_words(part) if gone and part else self._left_words(gone)
        )
        self.left_label.setVisible(left or gone)
        # Not of one in another bucket, which no check asks about there.
        unchecked = self.controller.unchecked(snap) if gone and not theirs else None
        self.unchecked_label.setText("" if unchecked is None else self._unchecked_words(unchecked))
        # Said with the reason for no link, when it is the same (:meth:`_no_link_words`).
        said_apart = not (no_link and _alike(self._no_link, unchecked))
        self.unchecked_label.setVisible(unchecked is not None and said_apart)
        if gone and not theirs and self.controller.waits_for_keyring(snap):
            self.unchecked_label.setText(
                self.tr("Not checked yet: waiting for the system keyring to give the R2 secret.")
            )
            self.unchecked_label.setVisible(True)
        elif gone and not theirs and self.controller.waits_for_other_check(snap):
            self.unchecked_label.setText(
                self.tr("Not checked yet: waiting for the check of another artwork to end.")
            )
            self.unchecked_label.setVisible(True)
        elif gone and not theirs and unchecked is None and self.controller.being_checked(snap):
            self.unchecked_label.setText(self.tr("Checking what is left of it in the bucket…"))
            self.unchecked_label.setVisible(True)
        self.lines.fit_shown()
        level = (
            "warning"
            if gone
            else "ok"
            if published
            else "error"
            if failed
            else "warning"
            if left
            else ""
        )
        if unremoved is not None:
            level = "error"
        repolish(self.state_label, "level", "warning" if theirs else level)
        warned = (bool(theirs and elsewhere) or too_late) and not no_link and unremoved is None
        repolish(self.detail_label, "level", "warning" if warned else "")
        if activity is not None:
            self._show_activity(activity, waiting=self.controller.waits_turn(snap))
        elif published:
            if theirs:
                self.state_label.setText(self.tr("Published in another bucket"))
            elif unremoved is not None:
                self.state_label.setText(self.tr("Unpublish failed"))
            elif gone:
                self.state_label.setText(self.tr("May be gone"))
            else:
                self.state_label.setText(self.tr("Published"))
            if unremoved is not None:
                self.detail_label.setText(self._unremoved_words(unremoved))
            elif no_link and self._no_link is not None:
                self.detail_label.setText(self._no_link_words(self._no_link, unchecked))
            elif elsewhere:
                self.detail_label.setText(elsewhere)
            elif too_late:
                self.detail_label.setText(self.tr("Too late to cancel: it is published."))
        elif left and unremoved is not None:
            self.state_label.setText(self.tr("Removal failed"))
            self.detail_label.setText(self._unremoved_left_words(unremoved))
        elif failed or left:
            self.state_label.setText(self.tr("Not published"))
            if error is not None:
                self.detail_label.setText(error.lines())
        self._place_link()

    def _unremoved_words(self, error: Explanation) -> str:
        """That the artwork shown is still in the bucket and that Unpublish tries again, then
        why its Unpublish failed (``error``) and what to do: the first line seen whatever the
        length of why. Before, that line came last, below the fold of a long reason."""
        again = self.tr("It is still in your R2 bucket: press Unpublish to try again.")
        return "\n".join((again, error.lines()))

    def _unremoved_left_words(self, error: Explanation) -> str:
        """That what a stopped publish left may still be in the bucket and that Remove from
        bucket tries again, then why its removal failed (``error``) and what to do. Before,
        the status bar alone said it, for a few seconds."""
        again = self.tr("It may still be in your R2 bucket: press Remove from bucket to try again.")
        return "\n".join((again, error.lines()))

    def _left_words(self, gone: bool = False) -> str:
        """What a stopped publish may have left in the bucket, or, ``gone``, what a stopped
        unpublish may have taken from it (:attr:`Snapshot.may_be_gone`): before, the preview
        went on saying "Published" of an image R2 had removed, its link to nothing."""
        if gone:
            return self.tr(
                "An unpublish of it did not finish: its image may be gone from your R2 "
                "bucket, and its link may lead to nothing. Unpublish finishes it."
            )
        left = left_by_a_stopped_publish(self.snapshot) if self.snapshot is not None else ""
        if not publishing_set_up(self.controller.bridge.session.settings.r2):
            # Only a record naming no bucket (from before they did) is offered here so: its
            # Remove from bucket leads to the settings, as the Upload rows' words do.
            return join_sentences(
                left,
                named_settings(
                    self.tr(
                        "Publishing is not set up now: set it up in {publishing_settings} to "
                        "remove it."
                    )
                ),
            )
        return left

    def _unchecked_words(self, error: KontextError) -> str:
        """Why the bucket could not be asked what is left of the artwork shown, that may be
        gone (:meth:`PublishController.unchecked`), in one short line; where Settings put it
        right (:func:`settings_put_right`), or fill what is empty, it names their page."""
        reason = self._unchecked_reason(error)
        if settings_put_right(error) or isinstance(error, PublishNotSetUpError):
            return named_settings(
                self.tr("Could not check: {reason} — see {publishing_settings}.")
            ).replace("{reason}", reason)
        return self.tr("Could not check: {reason}.").format(reason=reason)

    def _unchecked_reason(self, error: KontextError) -> str:
        """:meth:`_unchecked_words`' reason, a few words."""
        if isinstance(error, PublishAuthError):
            if error.environment_only:
                return self.tr("R2 refused the keys set in the environment")
            return self.tr("R2 refused the keys")
        if isinstance(error, PublishBucketError):
            return self.tr("R2 has no such bucket")
        if isinstance(error, PublishNetworkError):
            return self.tr("R2 could not be reached")
        if isinstance(error, PublishServiceError):
            return self.tr("R2 was in trouble")
        if isinstance(error, PublishClockError):
            return self.tr("this computer's clock is off")
        if isinstance(error, PublishSecretUnreadableError):
            return self.tr(
                "the R2 secret in the system keyring cannot be read; Publish, Unpublish, "
                "Copy link or saving Settings tries the keyring again"
            )
        if isinstance(error, PublishNotSetUpError):
            return self.tr("publishing is not set up")
        if isinstance(error, PublishSetupError):
            return self.tr("the R2 settings cannot be used")
        return self.tr("R2 refused the request")

    def _part_left_words(self, part: Found) -> str:
        """What a check found left of an artwork an unpublish did not finish
        (:meth:`PublishController.part_left`)."""
        if part is Found.IMAGE:
            return self.tr(
                "An unpublish of it did not finish: its image is still in your R2 bucket, but "
                "its manifest is gone. Unpublish finishes it."
            )
        return self.tr(
            "An unpublish of it did not finish: its image is gone from your R2 bucket, and its "
            "link leads to nothing; its manifest is still there. Unpublish finishes it."
        )

    def _elsewhere_words(self, snapshot: Snapshot, theirs: tuple[str, str] | None) -> str:
        """That ``snapshot`` is published in another bucket than ``theirs``, the one the R2
        settings name (:meth:`PublishController.settings_bucket_if_elsewhere`), and its link
        is that bucket's: after a switch of bucket in Settings, its link read as one into the
        new bucket. "" when it is published in theirs."""
        if theirs is None:
            return ""
        current, current_host = theirs
        if same_host(snapshot.published_host, current_host):
            return self.tr(
                "In the bucket '{bucket}', not in '{current}', the bucket the R2 settings "
                "name: the link is that bucket's."
            ).format(bucket=snapshot.published_bucket, current=current)
        return self.tr(
            "In the bucket '{bucket}' at {host}, not in '{current}' at {current_host}, the "
            "bucket the R2 settings name: the link is that bucket's."
        ).format(
            bucket=snapshot.published_bucket,
            host=snapshot.published_host,
            current=current,
            current_host=current_host,
        )

    def _unset_words(self, snapshot: Snapshot) -> str:
        """Where ``snapshot`` is published while publishing is not set up
        (:meth:`PublishController.place_if_unset`): its record's bucket, no bucket of the
        settings' to set it against. "Published" alone read as published in the bucket
        publishing goes to. "" otherwise."""
        place = self.controller.place_if_unset(snapshot)
        if place is None:
            return ""
        bucket, host = place
        return self.tr("In the bucket '{bucket}' at {host}: publishing is not set up now.").format(
            bucket=bucket, host=host
        )

    def _show_activity(self, activity: Activity, *, waiting: bool) -> None:
        """How far the publish or unpublish of the artwork shown is; ``waiting``: it waits
        its turn in a Publish of several (:meth:`PublishController.waits_turn`). Cancel,
        once pressed, stays off till the publish ends: before, each refresh turned it on
        again."""
        pressed = self.snapshot is not None and self.controller.cancel_pressed(self.snapshot.id)
        if activity.keys_again:
            self.cancel_button.setEnabled(activity.kind == PUBLISHING and not pressed)
            self.state_label.setText(self.tr("R2 refused the keys: reading the keyring again…"))
            self.progress_bar.setRange(0, 0)
            return
        if activity.kind == UNPUBLISHING:
            self.state_label.setText(self.tr("Removing from the bucket…"))
            self.progress_bar.setRange(0, 0)
            return
        if activity.after_delete:
            self.state_label.setText(self.tr("Waiting for the delete to end…"))
            self.progress_bar.setRange(0, 0)
            return
        self.cancel_button.setEnabled(not pressed)
        if waiting:
            self.state_label.setText(self.tr("Waiting its turn to publish…"))
            self.progress_bar.setRange(0, 0)
            return
        quiet = quiet_words(activity.quiet)
        if activity.finishing:
            # A full bar looked stuck while R2 was slow to answer: a busy one says it waits.
            if quiet:
                self.state_label.setText(self.tr("Finishing… · {quiet}").format(quiet=quiet))
            else:
                self.state_label.setText(self.tr("Finishing: waiting for R2…"))
            self.progress_bar.setRange(0, 0)
            return
        if quiet:
            self.state_label.setText(self.tr("Publishing… · {quiet}").format(quiet=quiet))
        else:
            self.state_label.setText(self.tr("Publishing…"))
        percent = activity.percent
        if percent is None:
            self.progress_bar.setRange(0, 0)
        else:
            self.progress_bar.setRange(0, 100)
            self.progress_bar.setValue(percent)


def _alike(no_link: KontextError | None, unchecked: KontextError | None) -> bool:
    """Whether no link could be made for the reason the check of what is left could not be
    (:meth:`PublicationBar._no_link_words`): the R2 settings unusable alike, the keyring
    locked, say. R2 refusing or not reached is no link's reason: a link is made here."""
    return isinstance(no_link, PublishSetupError) and type(no_link) is type(unchecked)


def _action_button(action: QAction, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


class PublishActivityLabel(ElidedLabel):
    """In the status bar while anything is being published: how many and how far, and how
    many publishes wait for the Delete of their artwork (their tiles say "Waiting for
    Delete…"): before, those were said to be publishing, their transfer over. An Upload
    batch's files still to publish (``queued``) count with those being sent, as a batch
    published from the library, whose publishes all start at once, counts them all; call
    :meth:`refresh` when they change.

    Its words' whole width where the bar has it, else cut with "…", its tooltip saying
    them all: asking for all of them, they made the bar wider than an 820 px window, and
    Qt cut them, and the mode's beside them, in the middle of a word. At the least it is
    the "…" alone: the words beside it, that do not give way, fit a window at its least."""

    def __init__(
        self,
        controller: PublishController,
        queued: Callable[[], Queued] = Queued,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._queued = queued
        self.setObjectName("publishActivity")
        # Its words whole on hover, heard once: a screen reader said them twice, its name
        # then its tooltip.
        self.tip_whole_text()
        # As wide as its words, where there is room: an ElidedLabel takes none of its own.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # Since none was under way: how many publishes have ended, how many were under way
        # at the last refresh, and how many of the steps of their progress were read out
        # (:meth:`_read_out_progress`).
        self._ended = 0
        self._last = 0
        self._steps_said = 0
        controller.totals_changed.connect(self.refresh)
        self.refresh()

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance("…") + margins.left() + margins.right()
        return QSize(width, super().minimumSizeHint().height())

    def refresh(self) -> None:
        queued = self._queued()
        count = self.controller.sending_count() + queued.count
        self._read_out_progress(count)
        waiting = self.controller.waiting_count()
        self.setVisible(count + waiting > 0)
        sending, kept = self._sending(count, queued) if count else ("", "")
        parts = [sending] if count else []
        if waiting == 1:
            parts.append(self.tr("1 publish waiting for Delete…"))
        elif waiting:
            parts.append(
                self.tr("{count} publishes waiting for Delete…").format(count=grouped(waiting))
            )
        if len(parts) == 2:
            self.setText(
                self.tr("{publishing}; {waiting}").format(publishing=parts[0], waiting=parts[1])
            )
        elif parts:
            self.setText(parts[0])
        else:
            self.clear()
        self.keep_end(kept if len(parts) == 1 else "")

    def _read_out_progress(self, count: int) -> None:
        """Have a screen reader read out how many of a batch's publishes have ended, with
        ``count`` still under way, at each of :data:`PROGRESS_STEPS` steps, politely: the
        count these words grow by was never heard, only the outcome once all had ended
        (``MainWindow._show_publish_status``), minutes later for a large batch. Not at each
        artwork, which read out fifty lines for fifty; nor at the end, its outcome said then.
        Of all the batch's, those added while it runs too: before, of the most under way at
        once, "7 of 14 done" heard while 9 of 16 were."""
        if not count:
            self._ended = self._last = self._steps_said = 0
            return
        self._ended += max(self._last - count, 0)
        self._last = count
        total = self._ended + count
        step = self._ended * PROGRESS_STEPS // total
        if total < PROGRESS_READ_FROM or step <= self._steps_said:
            return
        self._steps_said = step
        words = self.tr("Publishing: {ended} of {count} done").format(
            ended=grouped(self._ended), count=grouped(total)
        )
        announce(self, words, MessageBanner.INFO)

    def _sending(self, count: int, queued: Queued) -> tuple[str, str]:
        """How many artworks are being published, and how far over all their bytes: an
        Upload batch's over all its files, those it has published too, so the percent
        does not start again from 0 at each file. And that R2 has not answered for a while,
        when none of them has a byte taken (:meth:`PublishController.overall_quiet`).

        With the end kept whole where the bar is short (:meth:`ElidedLabel.keep_end`): the
        percent, where the words end with it. Cut as any text, "Publishing 3 art…" lost how
        far it was first."""
        quiet = quiet_words(self.controller.overall_quiet())
        if self.controller.sending_finished() and not queued.count:
            # Not "100 %", which looked stuck while R2 was slow to answer.
            if quiet and count == 1:
                return self.tr("Finishing 1 artwork… · {quiet}").format(quiet=quiet), ""
            if quiet:
                finishing = self.tr("Finishing {count} artworks… · {quiet}")
                return finishing.format(count=grouped(count), quiet=quiet), ""
            if count == 1:
                return self.tr("Finishing 1 artwork: waiting for R2…"), ""
            finishing = self.tr("Finishing {count} artworks: waiting for R2…")
            return finishing.format(count=grouped(count)), ""
        done, total = self.controller.overall_progress()
        done, total = done + queued.sent, total + queued.total
        turns = self.controller.turns_waited() + queued.waiting
        if turns and turns < count:
            return self._split(count, turns, done * 100 // total if total else None, quiet)
        if count == 1:
            text = self.tr("Publishing 1 artwork…")
        else:
            text = self.tr("Publishing {count} artworks…").format(count=grouped(count))
        kept = ""
        if total:
            kept = " " + self.tr("{percent} %").format(percent=done * 100 // total)
            text += kept
        if quiet:
            text = self.tr("{publishing} · {quiet}").format(publishing=text, quiet=quiet)
            kept = ""
        return text, kept

    def _split(self, count: int, turns: int, percent: int | None, quiet: str) -> tuple[str, str]:
        """``count`` publishes of which ``turns`` wait their turn (a library's Publish of
        several sends :data:`BATCH_PUBLISHES` at a time, the Upload tab one file at a time):
        how many are being sent, of how many, how many wait, and how far, last, kept whole
        where the bar is short (:meth:`_sending`). Before, "Publishing 2,500 artworks…" said
        nothing of the four being sent while the rest waited; and with the percent in the
        middle, a short bar cut it first ("Publishing 4 of 2,5…")."""
        text = self.tr("Publishing {sending} of {count}").format(
            sending=grouped(count - turns), count=grouped(count)
        )
        text = self.tr("{publishing} · {waiting} waiting").format(
            publishing=text, waiting=grouped(turns)
        )
        kept = ""
        if percent is not None:
            said = self.tr("{publishing} · {percent} %").format(publishing=text, percent=percent)
            # What the language puts after the words, kept: " · 40 %" ("{percent}%" in Chinese).
            kept = said[len(text) :] if said.startswith(text) else ""
            text = said
        if quiet:
            text = self.tr("{publishing} · {quiet}").format(publishing=text, quiet=quiet)
            kept = ""
        return text, kept
