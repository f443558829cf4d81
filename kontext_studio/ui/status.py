"""Status bar widgets: live or demo, the KIE credit balance, how many jobs are running."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from kontext_studio.errors import AuthError, CreditsError, KontextError, NetworkError, explain
from kontext_studio.jobs.states import JobState
from kontext_studio.store.ledger import GENERATED, Snapshot
from kontext_studio.ui.bridge import Bridge

CREDITS_TEXT_WIDTH = 280
# The engine forgets a job's task just after announcing its last state; recounting a moment
# later (and once per burst of events) shows the settled number.
RECOUNT_DELAY_MS = 40


class ModeIndicator(QWidget):
    """A coloured badge: Demo (results are simulated) or Live (connected to KIE)."""

    def __init__(self, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge = QLabel(self.tr("DEMO") if demo else self.tr("LIVE"))
        self.badge.setObjectName("demoBadge" if demo else "liveBadge")
        self.label = QLabel(
            self.tr("Demo: results are simulated") if demo else self.tr("Live: connected to KIE")
        )
        self.label.setObjectName("demoText" if demo else "liveText")
        self.setToolTip(
            self.tr(
                "No KIE API key is set, so a simulator on this computer makes the images. "
                "Add your key in Settings to generate for real."
            )
            if demo
            else self.tr("Jobs are sent to KIE and use your credits.")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 8, 0)
        layout.setSpacing(6)
        layout.addWidget(self.badge)
        layout.addWidget(self.label)

    def text(self) -> str:
        return f"{self.badge.text()} {self.label.text()}"


CREDITS_SETTLE_MS = 1500
"""After a job completes, wait this long for others before asking for the balance: a burst
of 100 finished jobs makes one request, not 100 on the GUI thread's event loop."""
CREDITS_MAX_WAIT_S = 10.0
"""...but never longer than this during a long stream of completions."""


class CreditsButton(QToolButton):
    """The account balance; click to fetch it again. Refreshes after jobs finish."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
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
        self._unanswered = False  # the last check could not reach KIE
        bridge.job_changed.connect(self._job_changed)
        self._show(self.tr("Credits: not checked yet"), self.tr("Click to check your balance"))

    @property
    def fetching(self) -> bool:
        return self._fetching

    def refresh(self) -> None:
        if self._fetching:
            return
        self._fetching = True
        self._show(self.tr("Credits: checking…"), "")
        self._bridge.spawn(self._fetch())

    async def _fetch(self) -> None:
        try:
            balance = await self._bridge.session.client.credits()
        except KontextError as error:
            self._unanswered = isinstance(error, NetworkError)
            words = explain(error)
            self._show(
                self._short(error),
                "\n".join((words.message, words.hint, self.tr("Click to try again."))),
            )
            return
        finally:
            self._fetching = False
        self._unanswered = False
        self._show(
            self.tr("Credits: {balance}").format(balance=f"{balance:,.1f}".removesuffix(".0")),
            self.tr("Your KIE balance. Click to refresh."),
        )

    def _short(self, error: KontextError) -> str:
        """What became of the check, in a few words the status bar has room for: the
        sentence and what to do are in the tooltip."""
        if isinstance(error, AuthError):
            return self.tr("Credits: key rejected")
        if isinstance(error, NetworkError):
            return self.tr("Credits: no connection")
        return self.tr("Credits: unavailable")

    def _show(self, text: str, tip: str) -> None:
        self.setText(
            self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, CREDITS_TEXT_WIDTH)
        )
        self.setToolTip(tip or text)

    def _job_changed(self, snapshot: Snapshot) -> None:
        """A generation just ended (not a star or a rename of an old one) in a way that
        changed the balance or told it is too small. The timer restarts, so a burst is
        answered once, after it settles."""
        if not (_tells_the_balance(snapshot) or self._answered_again(snapshot)):
            return
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

    def _settled(self) -> None:
        if self._fetching:
            self._settle.start()  # that answer may predate the last job; ask again after
            return
        self._waiting_since = None
        self.refresh()


def _tells_the_balance(snapshot: Snapshot) -> bool:
    """Whether ``snapshot`` is a generation that has just ended paid for (completed, or
    stopped after KIE made its task) or refused for want of credits. A stopped job keeps no
    time of its stop, so renaming or starring one asks once more: one request, harmless."""
    if snapshot.source != GENERATED or not snapshot.state.is_terminal:
        return False
    if snapshot.state is JobState.COMPLETED:
        return time.time() - (snapshot.completed_at or 0.0) <= 60
    paid_or_refused = bool(snapshot.task_id) or snapshot.error_kind == CreditsError.kind
    return paid_or_refused and time.time() - snapshot.updated_at <= 60


class ActiveJobsLabel(QLabel):
    """How many jobs the engine is carrying right now."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.setObjectName("activeJobs")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOUNT_DELAY_MS)
        self._timer.timeout.connect(self.recount)
        bridge.closing.connect(self._timer.stop)
        bridge.job_changed.connect(self._schedule)
        bridge.job_deleted.connect(self._schedule)
        self.recount()

    def _schedule(self, *_args: object) -> None:
        self._timer.start()

    def recount(self) -> None:
        count = self._bridge.session.engine.active_count
        if count == 0:
            text = self.tr("No jobs running")
        elif count == 1:
            text = self.tr("1 job running")
        else:
            text = self.tr("{count} jobs running").format(count=count)
        self.setText(text)
