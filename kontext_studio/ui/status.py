"""Status bar widgets: live or demo, whether KIE was last seen unreachable, the KIE credit
balance, how many jobs are running, how far a Delete of several is."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QToolTip, QWidget

from kontext_studio import desktop
from kontext_studio.desktop import Desktop
from kontext_studio.errors import (
    AuthError,
    CreditsError,
    KontextError,
    NetworkError,
    ReplyCutError,
    ResultDownloadError,
)
from kontext_studio.explain import (
    Facts,
    explain,
    explain_error_detail,
    with_detail,
)
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import needs_resubmit
from kontext_studio.kie.models import shown_balance
from kontext_studio.store.ledger import GENERATED, Snapshot
from kontext_studio.ui.bridge import Bridge, DeletesDone
from kontext_studio.ui.elided_label import ElidedLabel, show_whole_tip, tail_from
from kontext_studio.ui.library_model import turn_words
from kontext_studio.ui.next_turn import FONT, ChangeFollower
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.translations import grouped

_COUNT_AT_END = re.compile(r"\d[\d,.]*$")
"""A count that ends the words kept of a cut line: what it counts was cut."""
_ADDING_AFTER = "  ·  "
"""What stands between the job count and the jobs being added to the library."""

CREDITS_TEXT_CHARS = 47
"""The balance's words are cut past this many average characters (280 px at 9 pt), so a
long translation of them keeps the status bar for the rest. Counted in characters, not
pixels: at 24 pt a fixed 280 px cut "Demo balance: 1,000" to "Demo balance:…"."""
# The engine forgets a job's task just after announcing its last state; recounting a moment
# later (and once per burst of events) shows the settled number.
RECOUNT_DELAY_MS = 40


class ModeIndicator(QWidget):
    """The mode, a coloured badge: Demo (results are simulated) or Live (jobs go to KIE).

    It says nothing of the connection: whether KIE can be reached is known only from what
    the app last saw, which :class:`ConnectionLabel` shows."""

    def __init__(self, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge = QLabel(self.tr("DEMO") if demo else self.tr("LIVE"))
        self.badge.setObjectName("demoBadge" if demo else "liveBadge")
        # Cut with "…" where the status bar has no room for them (status_room.GivesWayLast).
        self.label = ElidedLabel()
        self.label.setText(self.tr("Demo: results are simulated") if demo else "")
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.label.setObjectName("demoText")
        self.label.setVisible(demo)
        self.usual_tip = (
            self.tr(
                "No KIE API key is set, so a simulator on this computer makes the images. "
                "Add your key in Settings to generate for real."
            )
            if demo
            else self.tr("Live mode: jobs are sent to KIE and use your credits.")
        )
        """The tip of a window that has not said why it is in demo mode (a key there, but
        locked away, unusable, or waiting for the switch: the window sets its own)."""
        self.setToolTip(plain_tooltip(self.usual_tip))
        self.setAccessibleName(self.tr("Demo mode") if demo else self.tr("Live mode"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 8, 0)
        layout.setSpacing(6)
        layout.addWidget(self.badge)
        layout.addWidget(self.label)

    def text(self) -> str:
        return " ".join(text for text in (self.badge.text(), self.label.text()) if text)

    def give_way(self, message: str) -> None:
        """While the status bar shows ``message``, the badge alone says the mode: the demo
        words took the room the bar's notices are cut for, and in an 800 px window a
        Delete's "Moved “…” to the Trash." was clipped to "… to the T"."""
        self.label.setVisible(bool(self.label.text()) and not message)


class KieReach(QObject):
    """Whether KIE could be reached, as the app last saw it: a credits check, or a job that
    could not connect (its send, its upload, a poll) or that KIE answered. ``None`` until
    something was seen. Jobs count only once seen running in this session, so renaming or
    starring an old failed job says nothing of the connection now."""

    changed = Signal()

    def __init__(self, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.demo = bridge.session.demo
        """Demo mode: "KIE" is the simulator on this computer, and a failed connection means
        it stopped, which only a restart of the app mends (no network would not matter)."""
        self.reachable: bool | None = None
        self.cause = ""
        """Why it could not be reached, in the words of the failure that said so last (a
        job's, the balance check's), as they say it; "" while it can be, or none was said."""
        self.advice = ""
        """What to do that the cause says itself (set the clock right), as its failure says
        it; "" when the cause says none."""
        self.seen_at = 0.0
        self._running: set[int] = set()
        bridge.job_changed.connect(self._job_changed)

    @property
    def demo_stopped(self) -> bool:
        """The demo server was last seen stopped: whatever is sent to it fails until a
        restart of the app starts it again."""
        return self.demo and self.reachable is False

    def saw(self, reachable: bool, cause: str = "", advice: str = "") -> None:
        self.seen_at = time.time()
        cause, advice = ("", "") if reachable else (cause, advice)
        if (reachable, cause, advice) != (self.reachable, self.cause, self.advice):
            self.reachable, self.cause, self.advice = reachable, cause, advice
            self.changed.emit()

    def _job_changed(self, snapshot: Snapshot) -> None:
        ran_here = snapshot.id in self._running
        if snapshot.state.is_active:
            self._running.add(snapshot.id)
        else:
            self._running.discard(snapshot.id)
        if not (ran_here or snapshot.state.is_active):
            return
        if snapshot.error_kind == NetworkError.kind or (
            # The demo server holds the images too: live, their host is not KIE.
            self.demo and snapshot.error_kind == ResultDownloadError.kind
        ):
            self.saw(False, snapshot.error_detail, snapshot.facts.hint)
        elif snapshot.error_kind == ReplyCutError.kind or (
            snapshot.state in _ANSWERED and not snapshot.error_kind
        ):
            self.saw(True)  # a reply cut short is KIE's: it was reached


# States a job reaches only once KIE answered it (it made the task, or gave its result).
_ANSWERED = frozenset({JobState.GENERATING, JobState.DOWNLOADING, JobState.COMPLETED})


class ConnectionLabel(QLabel):
    """ "KIE cannot be reached" ("The demo server stopped" in demo mode), while the last thing
    the app saw says so; nothing else (a connection is never claimed, only a failure
    reported, and cleared by the next answer)."""

    def __init__(self, reach: KieReach, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reach = reach
        self.setObjectName("unreachableText")
        reach.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        unreachable = self._reach.reachable is False
        seen = time.strftime("%H:%M", time.localtime(self._reach.seen_at))
        if not unreachable:
            text, tip = "", ""
        elif self._reach.demo:
            text = self.tr("The demo server stopped")
            tip = self.tr(
                "At {time} the simulator that makes the demo images on this computer stopped "
                "answering. Close Kontext Studio and open it again, which starts the demo "
                "server again; unfinished demo jobs carry on then."
            ).format(time=seen)
        else:
            text = self.tr("KIE cannot be reached")
            tip = self._unreachable_tip(seen)
        self.setText(text)
        self.setToolTip(plain_tooltip(tip))
        self.setVisible(unreachable)

    def _unreachable_tip(self, seen: str) -> str:
        """When, and why in the words of the failure (the job's or the balance check's own):
        a cause said for every failure ("no network, or the server refused the connection")
        was wrong beside a job that said a certificate was refused."""
        failed = self.tr("At {time} Kontext Studio could not connect to KIE.").format(time=seen)
        if self._reach.cause:
            failed = with_detail(failed, self._reach.cause)
        lines = (
            failed,
            self._reach.advice,
            self.tr("This goes away as soon as KIE answers again."),
        )
        return "\n".join(filter(None, lines))


class SteadyWidth(QWidget):
    """A status-bar place for ``shown``, a widget whose words change all day (the jobs
    running, "checking…", the balance): the place keeps the widest width ``shown`` has had,
    so the widgets to its left (the mode badge) do not jump sideways at each change, and
    ``shown`` keeps its own width at the place's left edge. The room it leaves over is on
    the right, after the words, never a gap in front of them: a button centred in the
    place (the balance) stood 50 px off the job count when "Credits: 1,000" replaced the
    wider "Credits: not checked yet", and moved at each check.

    Where the status bar is short of room even with the words that give way first cut (24
    pt on a 1024 px screen), the place gives up the room it keeps, as much as the bar lacks
    (:meth:`give_up`, :class:`~kontext_studio.ui.status_room.GivesWayLast`), down to
    ``shown``'s own width: it kept "Demo balance: not checked yet"'s width, said before the
    first check only, ~160 px left empty after the balance while the demo mode's words
    beside it were cut. There the widgets to its left move when its words widen, as they
    must to show them whole. Never before: able to give way whenever the bar was short
    (an 820 px window showing the publishing's words), the place took its share of the
    shortfall from Qt, and the badge moved 41 px each time the job count changed."""

    def __init__(self, shown: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown = shown
        self._widest = 0
        self._given_up = 0
        self._collapsed = False
        # Fixed: its width is the hint; the stretch after ``shown`` would otherwise make it
        # take every pixel the status bar has spare.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        policy = shown.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # its words' changes heard hidden (collapse)
        shown.setSizePolicy(policy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(shown)
        layout.addStretch(1)

    def sizeHint(self) -> QSize:
        hint = self.shown.sizeHint()
        self._widest = max(self._widest, hint.width())
        if self._collapsed:
            return QSize(0, hint.height())
        return QSize(max(self._widest - self._given_up, self._least()), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def kept(self) -> int:
        """The room the place keeps after ``shown``'s words, none given up."""
        shown = self.shown.sizeHint().width()
        self._widest = max(self._widest, shown)
        return self._widest - shown

    def cuttable(self) -> int:
        """How much of ``shown``'s own width the place can give up after the room it keeps
        (:meth:`give_up`): down to ``shown``'s least width, where its words are cut short
        and still say what matters (the job count without the jobs being added)."""
        return self.shown.sizeHint().width() - self._least()

    def _least(self) -> int:
        return min(self.shown.minimumSizeHint().width(), self.shown.sizeHint().width())

    def given_up(self) -> int:
        """The part of the room it keeps that the place has given up."""
        return self._widest - self.sizeHint().width()

    def collapse(self, collapsed: bool) -> None:
        """Take no room at all (``collapsed``), ``shown`` hidden, or take its room again.
        The place itself is not hidden: the words of a hidden widget change unseen by the
        status bar, and the balance checked since it was hidden stayed hidden with room for
        it. ``shown`` is, keeping its size: out of sight only, Tab still stopped on the
        balance, and Space checked it unseen."""
        if collapsed != self._collapsed:
            self._collapsed = collapsed
            self.shown.setVisible(not collapsed)
            self.updateGeometry()

    def give_up(self, room: int) -> None:
        """Give up ``room`` of the room it keeps (0: keep it all), and past it of its
        words' own, up to :meth:`cuttable`."""
        if room != self._given_up:
            self._given_up = room
            self.updateGeometry()


CREDITS_SETTLE_MS = 1500
"""After a job completes, wait this long for others before asking for the balance: a burst
of 100 finished jobs makes one request, not 100 on the GUI thread's event loop."""
CREDITS_MAX_WAIT_S = 10.0
"""...but never longer than this during a long stream of completions."""
CREDITS_ACTIVE_AFTER_S = 60.0
"""Coming back to the app asks for the balance when it was last asked longer ago than this:
a top-up on kie.ai shows, and switching windows back and forth asks nothing more."""


class CreditsButton(QToolButton):
    """The account balance; click to fetch it again. Refreshes after jobs finish, this
    window's and those another program (a command) ran on the same library."""

    def __init__(
        self, bridge: Bridge, reach: KieReach | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._reach = reach
        self._fetching = False
        self.setObjectName("creditsButton")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.clicked.connect(self.refresh)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(CREDITS_SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        bridge.closing.connect(self._settle.stop)
        self._waiting_since: float | None = None
        self._unanswered = False  # the last check had no answer: none came, or it was cut
        self._asked_at = 0.0  # when the last check began (time.time, as the ledger's times)
        self._words = self._label_words(bridge.session.demo)
        bridge.job_changed.connect(self._job_changed)
        bridge.read_by_itself.connect(self._read_by_itself)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state_changed)
        self._show(self._words["unchecked"], self.tr("Click to check your balance"))

    def _label_words(self, demo: bool) -> dict[str, str]:
        """The button's words (``{balance}`` where the number goes). In demo mode the balance
        is the demo server's, which uses no real credits, and a check it did not answer is
        its own stop, not the network's (the status bar says "The demo server stopped")."""
        if demo:
            return {
                "unchecked": self.tr("Demo balance: not checked yet"),
                "checking": self.tr("Demo balance: checking…"),
                "balance": self.tr("Demo balance: {balance}"),
                "offline": self.tr("Demo balance: no answer"),
                "unavailable": self.tr("Demo balance: unavailable"),
            }
        return {
            "unchecked": self.tr("Credits: not checked yet"),
            "checking": self.tr("Credits: checking…"),
            "balance": self.tr("Credits: {balance}"),
            "rejected": self.tr("Credits: key rejected"),
            "offline": self.tr("Credits: no connection"),
            "unavailable": self.tr("Credits: unavailable"),
        }

    @property
    def fetching(self) -> bool:
        return self._fetching

    def refresh(self) -> None:
        if self._fetching:
            return
        self._fetching = True
        self._asked_at = time.time()
        self._show(self._words["checking"], "")
        self._bridge.spawn(self._fetch(), owner=self)

    async def _fetch(self) -> None:
        try:
            balance = await self._bridge.session.client.credits()
        except KontextError as error:
            self._unanswered = isinstance(error, NetworkError)
            if self._reach is not None and isinstance(error, ReplyCutError):
                self._reach.saw(True)  # its answer was cut short: KIE was reached
            elif self._unanswered and self._reach is not None:
                advice = explain(error).hint if error.hint else ""
                self._reach.saw(False, explain_error_detail(error), advice)
            self._show(self._short(error), self._failed_tip(error))
            return
        finally:
            self._fetching = False
        self._unanswered = False
        if self._reach is not None:
            self._reach.saw(True)
        self._show(
            self._words["balance"].format(balance=shown_balance(balance)),
            self._balance_tip(),
        )

    def _balance_tip(self) -> str:
        """In demo mode the balance is the demo server's, which demo jobs lower: no real
        credits."""
        if self._bridge.session.demo:
            return self.tr(
                "Your demo balance, kept by the demo server on this computer: demo jobs lower "
                "it, no real credits are used. Click to refresh."
            )
        return self.tr("Your KIE balance. Click to refresh.")

    def _failed_tip(self, error: KontextError) -> str:
        """Why the check failed and what to do; in demo mode a failed connection is the
        simulator on this computer that stopped, not KIE or the network (``Facts.demo``)."""
        explained = explain(error, Facts(demo=self._bridge.session.demo))
        return "\n".join((explained.message, explained.hint, self.tr("Click to try again.")))

    def _short(self, error: KontextError) -> str:
        """What became of the check, in a few words the status bar has room for: the
        sentence and what to do are in the tooltip."""
        if isinstance(error, AuthError) and "rejected" in self._words:  # no key in demo mode
            return self._words["rejected"]
        if isinstance(error, NetworkError) and not isinstance(error, ReplyCutError):
            return self._words["offline"]
        return self._words["unavailable"]

    def _show(self, text: str, tip: str) -> None:
        self.setText(
            self.fontMetrics().elidedText(
                text,
                Qt.TextElideMode.ElideRight,
                self.fontMetrics().averageCharWidth() * CREDITS_TEXT_CHARS,
            )
        )
        self.setToolTip(plain_tooltip(tip or text))

    def _job_changed(self, snapshot: Snapshot) -> None:
        """A generation just ended (not a star or a rename of an old one) in a way that
        changed the balance or told it is too small (:meth:`_ask_soon`)."""
        if _tells_the_balance(snapshot) or self._answered_again(snapshot):
            self._ask_soon()

    def _read_by_itself(self, snapshots: list[Snapshot]) -> None:
        """The library was read again for another program's write (``Bridge.read_by_itself``):
        a generation of this mode among those read that ended (:func:`_tells_the_balance`)
        since the balance was last asked has it asked again, once for the whole read, as
        after this window's jobs. Before, the balance followed this window's jobs alone: the
        image a command made beside it left the old balance shown until the artist clicked
        it. One that ended before the last ask is in the balance read: the library read
        again for a later write (a star, a rename) asks nothing."""
        demo = self._bridge.session.demo
        if any(
            snap.simulated is demo and _tells_the_balance(snap) and _ended_at(snap) > self._asked_at
            for snap in snapshots
        ):
            self._ask_soon()

    def _ask_soon(self) -> None:
        """Ask for the balance once the jobs ending now settle (:data:`CREDITS_SETTLE_MS`):
        the timer restarts, so a burst is answered once, but not later than
        :data:`CREDITS_MAX_WAIT_S` after the first."""
        now = time.monotonic()
        if self._waiting_since is None:
            self._waiting_since = now
        if now - self._waiting_since < CREDITS_MAX_WAIT_S or not self._settle.isActive():
            self._settle.start()

    def _answered_again(self, snapshot: Snapshot) -> bool:
        """Whether KIE has just answered about a running job while the balance says KIE
        could not be reached ("Credits: no connection" after an outage): asked again, as
        after a job, rather than left stale until the next job ends."""
        answered = snapshot.state in (JobState.GENERATING, JobState.DOWNLOADING)
        return self._unanswered and answered and not snapshot.error_kind

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        """The artist came back to the app, maybe from topping up on kie.ai: before, the
        balance read before stayed until the next job ended or a click."""
        stale = time.time() - self._asked_at > CREDITS_ACTIVE_AFTER_S
        active = state == Qt.ApplicationState.ApplicationActive
        if active and stale and not self._bridge.closed:
            self.refresh()

    def _settled(self) -> None:
        if self._fetching:
            self._settle.start()  # that answer may predate the last job; ask again after
            return
        self._waiting_since = None
        self.refresh()


def _ended_at(snapshot: Snapshot) -> float:
    """When ``snapshot`` ended as :func:`_tells_the_balance` reads it (a star or a rename
    later changes its ``updated_at``, not its ``completed_at``)."""
    if snapshot.state is JobState.COMPLETED and snapshot.completed_at:
        return snapshot.completed_at
    return snapshot.updated_at


def _tells_the_balance(snapshot: Snapshot) -> bool:
    """Whether ``snapshot`` is a generation that has just ended paid for (completed, or
    stopped after KIE made its task), maybe paid for (its send's outcome unknown: KIE may
    have made and charged its task, :func:`needs_resubmit`) or refused for want of credits
    or for its key. A key KIE rejects since the balance was read (revoked, changed on
    kie.ai) left "Credits: 1,000" beside tiles that say "KIE rejected the API key": asked
    again, the button says "key rejected" with them. A send cut off after KIE charged it
    left the balance read before it, as if nothing was charged. A stopped job keeps no time
    of its stop, so renaming or starring one asks once more: one request, harmless."""
    if snapshot.source != GENERATED or not snapshot.state.is_terminal:
        return False
    if snapshot.state is JobState.COMPLETED:
        return time.time() - (snapshot.completed_at or 0.0) <= 60
    refused = snapshot.error_kind in (CreditsError.kind, AuthError.kind)
    paid_or_refused = bool(snapshot.task_id) or needs_resubmit(snapshot) or refused
    return paid_or_refused and time.time() - snapshot.updated_at <= 60


class DeleteActivityLabel(ElidedLabel):
    """In the status bar while a Delete of several the artist confirmed runs (of either
    panel: ``Bridge.deleting``): how many and how far, counted by those told deleted. A
    Delete of 1 500 takes half a minute, and the status bar said "No jobs running" all
    along, as if the app were stuck. Nothing for a Delete of one, which ends at once: the
    label came and went in a blink.

    Where the bar is short, its words are cut before the percent, kept whole, its tooltip
    saying them all: a plain label, "Moving 1,500 artworks to the Trash… 35 %" made the
    window wider than a small screen, the percent past its edge."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.setObjectName("deleteActivity")
        # Its words whole on hover, heard once: a screen reader said them twice, its name
        # then its tooltip.
        self.tip_whole_text()
        # As wide as its words, where there is room: an ElidedLabel takes none of its own.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # A count or percent whole or gone: cut inside it ("正在将 1,… 35%"), 1,500 read as 1.
        self.keep_numbers_whole()
        bridge.deleting_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Of the Deletes to the trash and those for good, each kind's own words: one for
        good beside one to the Trash, counted together, was said to move its images to the
        Trash too. Nothing of a kind with one artwork, which ends at once."""
        kinds = [kind for kind in self._bridge.deletes_done() if kind.count > 1]
        self.setVisible(bool(kinds))
        texts, kept = [], ""
        for kind in kinds:
            words = self._words(kind)
            count, percent = grouped(kind.count), kind.done * 100 // kind.count
            texts.append(words.format(count=count, percent=percent))
            kept = tail_from(words, "{percent}", count=count, percent=percent)
        text = "  ·  ".join(texts)
        self.setText(text)
        # Of two, the last one's percent kept after the first one's cut words read as the
        # first one's: "Moving… 10 %", the move to the Trash at 35 %.
        kept = kept if len(kinds) == 1 else ""
        self.keep_end(kept)
        # Room for a letter of the start and "…" too: cut to "…" alone, the line is cut at
        # its end as any is (:func:`cut_keeping_end`), and the percent goes.
        metrics = self.fontMetrics()
        least = metrics.horizontalAdvance(f"{text[:1]}…{kept}") + metrics.averageCharWidth()
        self.setMinimumWidth(least if text else 0)

    def _words(self, kind: DeletesDone) -> str:
        """Where the artworks go, in the words of the notice at the Delete's end ("Moved 5
        artworks to the Trash.") and of its question: "Deleting…" of them all read as if a
        Delete to the Trash deleted them for good. A job that made no image has nothing to
        move to the Trash: among artworks that do, their images are said to go there."""
        trash, for_good = kind.to_trash, kind.for_good
        if not trash:
            return self.tr("Deleting {count} artworks for good… {percent} %")
        if for_good:
            words = {
                Desktop.WINDOWS: self.tr(
                    "Deleting {count} artworks, their images to the Recycle Bin… {percent} %"
                ),
                Desktop.MACOS: self.tr(
                    "Deleting {count} artworks, their images to the Trash… {percent} %", "macOS"
                ),
                Desktop.LINUX: self.tr(
                    "Deleting {count} artworks, their images to the Trash… {percent} %", "Linux"
                ),
            }
        else:
            words = {
                Desktop.WINDOWS: self.tr("Moving {count} artworks to the Recycle Bin… {percent} %"),
                Desktop.MACOS: self.tr(
                    "Moving {count} artworks to the Trash… {percent} %", "macOS"
                ),
                Desktop.LINUX: self.tr(
                    "Moving {count} artworks to the Trash… {percent} %", "Linux"
                ),
            }
        return words[desktop.current()]


class ActiveJobsLabel(ElidedLabel):
    """How many jobs the engine is carrying right now; those waiting their turn under KIE's
    rate, and those KIE did not take (a 429, maintenance) waiting to be sent again, apart
    ("20 running, 8 waiting"; "8 jobs waiting their turn" once those sent are done; "3 jobs
    waiting" when none runs and both kinds wait): counted as running, the 8 seemed stuck.
    The tooltip says why each kind waits, and that a send KIE did not take costs nothing.
    Jobs of a press of Generate not in the library yet (a disk that stalls, a reference
    being prepared: :meth:`set_on_their_way`) are said too: the bar said "No jobs running"
    beside a button saying "Generating…".

    Where the bar is short, the line is cut after its last whole word, the tooltip saying
    it all: "20 running, 8 waiting  ·  12 jobs being added to the l" was clipped mid-word
    on a small screen with a large font. A screen reader hears the line once, whole, and
    why jobs wait after it: the tooltip is shown when asked for, not set on the line, which
    Qt would have described by it (:func:`~kontext_studio.ui.elided_label.show_whole_tip`).
    Qt's own interface for a label tells the rest: its language too, which an interface
    of our own for it did not, and a screen reader read Chinese words in an English voice."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._on_their_way = 0
        self._tips: list[str] = []
        self._tip_words = ""  # the tooltip's words (:meth:`tip`)
        self._tip = ""  # as shown, on lines
        self.setObjectName("activeJobs")
        # Cut by a larger font with no more room given, its tooltip did not say it all.
        self._retip_for_font = ChangeFollower(self, self._say_tips, FONT)
        # As wide as its words, where there is room: an ElidedLabel takes none of its own.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.keep_numbers_whole()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOUNT_DELAY_MS)
        self._timer.timeout.connect(self.recount)
        bridge.closing.connect(self._timer.stop)
        bridge.job_changed.connect(self._schedule)
        bridge.job_deleted.connect(self._schedule)
        bridge.turn_changed.connect(self._schedule)
        self.recount()

    def _schedule(self, *_args: object) -> None:
        self._timer.start()

    def set_on_their_way(self, count: int) -> None:
        """Say that ``count`` jobs of a press of Generate are being added to the library."""
        self._on_their_way = count
        self.recount()

    def recount(self) -> None:
        engine = self._bridge.session.engine
        turn = engine.waiting_turn_count
        waiting = turn + engine.sending_again_count
        count = engine.active_count - waiting
        again = waiting - turn  # held up by KIE (a 429, maintenance): the tiles say why
        self._tips = [
            tip for tip in (turn_words(engine) if turn else "", self._again_words(again)) if tip
        ]
        if waiting and count:
            text = self.tr("{running} running, {waiting} waiting").format(
                running=grouped(count), waiting=grouped(waiting)
            )
        elif turn and again:  # none running: "0 running, 3 waiting" read oddly
            text = self.tr("{count} jobs waiting").format(count=grouped(waiting))
        elif turn == 1:  # those sent have finished: "0 running, 1 waiting" read oddly
            text = self.tr("1 job waiting its turn")
        elif turn:
            text = self.tr("{count} jobs waiting their turn").format(count=grouped(turn))
        elif again == 1:
            text = self.tr("1 job waiting to be sent again")
        elif again:
            text = self.tr("{count} jobs waiting to be sent again").format(count=grouped(again))
        elif count == 0:
            text = self.tr("No jobs running")
        elif count == 1:
            text = self.tr("1 job running")
        else:
            text = self.tr("{count} jobs running").format(count=grouped(count))
        self.setText(self._with_on_their_way(text, nothing=not (waiting or count)))
        self._say_tips()

    def shown_text(self) -> str:
        """The line, cut after the last whole word there is room for, and "…", a count
        left out with what it counts ("20 running, 8 waiting  ·  12…" said 12 of nothing);
        cut as any line is (its numbers whole) where not even its first word fits, or it
        has no spaces to cut at."""
        whole = self.text()
        metrics = self.fontMetrics()
        width = self.contentsRect().width()
        if metrics.horizontalAdvance(whole) <= width:
            return whole
        words = whole.split(" ")
        while len(words) > 1:
            words.pop()
            kept = _COUNT_AT_END.sub("", " ".join(words)).rstrip(" ·,，")
            if kept and metrics.horizontalAdvance(kept + "…") <= width:
                return kept + "…"
        return super().shown_text()

    def minimumSizeHint(self) -> QSize:
        """As narrow as the running and waiting count and "…", where jobs being added are
        said after it: the place kept the whole line, in a short status bar the badge was
        hidden and the window kept from being made narrower for "12 jobs being added to
        the library…", which the tooltip says whole."""
        hint = super().minimumSizeHint()
        whole = self.text()
        count, _, adding = whole.partition(_ADDING_AFTER)
        if not adding:
            return hint
        metrics = self.fontMetrics()
        least = metrics.horizontalAdvance(count + "…") - metrics.horizontalAdvance(whole)
        return QSize(max(hint.width() + least, 1), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._say_tips()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._retip_for_font.hear(event)

    def event(self, event: QEvent) -> bool:
        return show_whole_tip(self, event, self._tip_words) or super().event(event)

    def tip(self) -> str:
        """The tooltip shown with the pointer on the line ("" for none): the whole line
        while it is cut, then why jobs wait (:meth:`_retip`)."""
        return self._tip

    def _say_tips(self) -> None:
        """The tooltip: the whole line first while it is cut, then why jobs wait."""
        whole = self.text()
        self._retip(self._tips, cut=whole if self.shown_text() != whole else "")

    def _with_on_their_way(self, text: str, *, nothing: bool) -> str:
        """``text``, with the jobs being added to the library said after it, or in its place
        when it says ``nothing`` runs."""
        adding = self._on_their_way
        if not adding:
            return text
        if adding == 1:
            words = self.tr("1 job being added to the library…")
        else:
            words = self.tr("{count} jobs being added to the library…").format(
                count=grouped(adding)
            )
        if nothing:
            return words
        return f"{text}{_ADDING_AFTER}{words}"

    def _retip(self, tips: list[str], *, cut: str = "") -> None:
        """Make ``tips`` the tooltip, the one shown now too (hidden once there is none): Qt
        leaves a tooltip shown as it was, and hovered while KIE turned a batch away it said
        "KIE did not take 3 jobs" beside "2 jobs waiting to be sent again", and spoke of
        jobs waiting once none was left. ``cut``: the whole line, which the tooltip says
        first while it is cut.

        The tooltip has them as paragraphs, a blank line between, on lines as wide as any
        tooltip's: as HTML paragraphs, Qt wrapped them in a column of 28 letters. A screen
        reader is given ``tips`` as its description: not ``cut``, its name is the whole line
        already, and it was read out twice."""
        self._tip_words = "\n\n".join([cut, *tips] if cut else tips)
        tip = plain_tooltip(self._tip_words)
        self.setAccessibleDescription(" ".join(tips))
        before, self._tip = self._tip, tip
        if tip == before or not QToolTip.isVisible() or QToolTip.text() != before:
            return  # unchanged, or none of ours is shown
        if tip:
            QToolTip.showText(QCursor.pos(), tip, self)
        else:
            QToolTip.hideText()

    def _again_words(self, again: int) -> str:
        """Why ``again`` jobs wait to be sent again, and that the sends KIE (or the demo
        server) did not take cost nothing: true of every one of them. Not that nothing of
        the job was charged: a job Resubmitted after a send whose outcome is unknown may
        have been charged for that send, and is charged again once KIE takes it."""
        if not again:
            return ""
        if self._bridge.session.engine.config.simulated:
            if again == 1:
                return self.tr(
                    "The demo server did not take 1 job for now: it will be sent again by "
                    "itself. A send it does not take does not lower the demo balance. The "
                    "library says why."
                )
            return self.tr(
                "The demo server did not take {count} jobs for now: they will be sent again "
                "by themselves. A send it does not take does not lower the demo balance. The "
                "library says why."
            ).format(count=grouped(again))
        if again == 1:
            return self.tr(
                "KIE did not take 1 job for now (too many requests, maintenance, a "
                "connection or an upload that failed): it will be sent again by itself. A "
                "send KIE does not take is not charged. The library says why."
            )
        return self.tr(
            "KIE did not take {count} jobs for now (too many requests, maintenance, a "
            "connection or an upload that failed): they will be sent again by themselves. "
            "A send KIE does not take is not charged. The library says why."
        ).format(count=grouped(again))
