"""Telling the artist things without stopping them: the in-window banner and system
notifications for jobs that end while the window is in the background."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QIcon,
    QKeyEvent,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.explain import explain_kind, join_sentences
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import (
    awaits_link,
    link_refused,
    never_sent,
    reference_uploaded,
    upload_refused,
)
from kontext_studio.store.ledger import Snapshot
from kontext_studio.text_direction import in_its_direction
from kontext_studio.ui.batch_place import cut_title, with_place
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.key_focus import pressed_by_key, watch_button_keys
from kontext_studio.ui.levels import level_icon, repolish
from kontext_studio.ui.plain_text import plain_tooltip, unbroken
from kontext_studio.ui.tab_order import tab_after
from kontext_studio.ui.translations import grouped
from kontext_studio.ui.unbroken_copy import UnbrokenCopy

NOTIFY_MS = 6000
STATUS_MESSAGE_MS = 5000
"""How long words stay in the status bar (and over the full view) after an action."""
UNSENT_SETTLE_MS = 1500
"""Jobs that fail without reaching KIE fail together (a blip fails the whole batch within
seconds): those that fail within this time of each other are told in one notification."""
ENDED_SETTLE_MS = 3000
"""Jobs that end in the background within this time of the first are told in one
notification: before, a batch of four images finishing together popped four, and a day of
jobs run behind another program piled a notification up for each."""
TITLE_CHARS = 60
MOST_SHOWN = 2
"""The window's banners shown at once (:class:`BannerStack`); more wait below them, counted."""


class BannerKind(StrEnum):
    """What a banner of the window tells of: one banner a kind, the newest words of a kind in
    its place. In order of importance, the most important shown first (:class:`BannerStack`):
    what stops the artist's jobs, then what the key in use needs, what was not sent, what
    went wrong in the background, and news last."""

    REFUSED_KEY = "refused_key"  # KIE rejected the API key: every job is refused
    NO_CREDITS = "no_credits"  # the balance (the demo server's too) ran out
    KEY = "key"  # the key: unreadable, unusable, saved and waiting for its switch
    UNSENT = "unsent"  # jobs that failed before reaching KIE, with the button to retry
    CUT_OFF = "cut_off"  # jobs being sent when the app last stopped: their outcome unknown
    # Errors from background work, each kind its own: before, a publish error and a disk
    # refusing a file took each other's place. The disk first: an image may not be saved.
    STORAGE = "storage"  # the disk or the library refused (an image, a job's state)
    # Said once at start (its word is removed): in another kind's banner, the start's next
    # error (the jobs not made) took its place before it was read.
    UNKEPT = "unkept"  # the work of the last session could not be kept
    ERROR = "error"  # any other error from background work
    PUBLISH = "publish"  # a publish or unpublish failed: the artwork is safe in the library
    PUBLICATION = "publication"  # published in another bucket: the offer to forget it
    REPUBLISH = "republish"  # published details changed: the offer to publish again
    SAVED = "saved"  # images saved into a folder: how it went, the button that shows it
    # News at start, each its own: the work brought back had taken the place of the other
    # mode's jobs waiting (sent to KIE, paid), and that of the settings not used.
    UNDELETED = "undeleted"  # artworks a Delete the last close cut left in the library
    OTHER_MODE = "other_mode"  # jobs of the other mode wait for it, untouched
    SETTINGS = "settings"  # settings in the file that could not be used
    LOG = "log"  # the log file cannot be written: the app runs without it
    INFO = "info"  # other news (work restored)


_ENTER_EVENTS = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


class MessageBanner(QFrame):
    """A dismissable strip at the top of the window: what happened, and what to do, with a
    button that does it when one click can. Tab goes through it in reading order: what
    happened, what to do, the button, Dismiss.

    An error is told from news by the style's icon for its level and, to a screen reader,
    by "Error" or "Information" before its first line, said once: its tint alone told
    them apart, which neither an artist who tells red from blue badly nor one who does not
    see the screen could use. The icon has no name of its own, and the first line's name
    and the announcement carry the word, each once."""

    ERROR = "error"
    INFO = "info"

    closed = Signal()  # the artist pressed Dismiss (not a dismissal by the window)
    acted = Signal()  # the artist pressed its button, which did what it says

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self._icon = QLabel()
        self._icon.setObjectName("bannerIcon")
        self._message = QLabel()
        self._message.setObjectName("bannerMessage")
        self._message.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        _selectable(self._message)
        self._hint = QLabel()
        self._hint.setObjectName("bannerHint")
        self._hint.setWordWrap(True)
        self._hint.setTextFormat(Qt.TextFormat.PlainText)
        _selectable(self._hint)
        for label in (self._message, self._hint):
            UnbrokenCopy(label)  # a name may wrap at breaks (``whole_name``)
        self._close = QToolButton()
        self._close.setObjectName("bannerClose")
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.setToolTip(plain_tooltip(self.tr("Dismiss")))
        self._close.setAccessibleName(self.tr("Dismiss"))
        self._close.clicked.connect(self._closed)
        self.action_button = QPushButton()
        self.action_button.setObjectName("bannerAction")
        self.action_button.setVisible(False)
        self.action_button.clicked.connect(self._act)
        for button in (self._close, self.action_button):
            watch_button_keys(button)  # a question it asks at Space draws the keyboard
            button.installEventFilter(self)  # Enter presses it: eventFilter
        self._action: Callable[[], None] | None = None
        self._up = False  # shown and not dismissed, whether or not its window shows it
        # What the words shown are of (:meth:`holds`): the last thing said in them alone.
        # Every one said alike was kept before, a list that grew all day under words that
        # stayed; what their words count is their sayer's to keep (``_StoppedLine``).
        self._tag: object = None
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._message)
        text.addWidget(self._hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 6, 8)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def show_message(
        self,
        message: str,
        hint: str = "",
        level: str = ERROR,
        action: tuple[str, Callable[[], None]] | None = None,
        *,
        announce: bool = True,
        tag: object = None,
    ) -> None:
        """Show ``message`` and ``hint``; ``action`` (a button's text, what it does) adds a
        button that does it and dismisses the banner. ``announce``: read out by a screen
        reader (:meth:`announce`). ``tag``: what the words are of, for whoever said them to
        take them down by it (:meth:`holds`), whatever their words."""
        self._tag = tag
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        repolish(self, "level", level)
        self._icon.setPixmap(level_icon(self._message, level))
        self._message.setText(message)
        self._message.setAccessibleName(self._with_level(unbroken(message)))
        self._hint.setText(hint)
        self._hint.setAccessibleName(unbroken(hint))
        self._hint.setVisible(bool(hint))
        self._up = True
        self.setVisible(True)
        if announce:
            self.announce()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on its button, or on Dismiss, presses it, as Space does: down with the key,
        clicked once as it is let go. The full view's Enter ("back to the window") took the
        key first: its Open Settings, reached by Tab, closed the full view and opened
        nothing. Clicked as the key went down, the key held sent its repeats to what the
        press opened: Settings, whose Save they pressed. Let go with Ctrl held since, it
        still presses the button, as Space does: passed over, the press was lost and the
        button left drawn pressed."""
        if (
            event.type() in _ENTER_EVENTS
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and (
                event.type() == QEvent.Type.KeyRelease
                or not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            )
            and isinstance(watched, QAbstractButton)
        ):
            event.accept()  # the key is the button's, not a shortcut's
            if event.isAutoRepeat() or event.type() == QEvent.Type.ShortcutOverride:
                return True
            if event.type() == QEvent.Type.KeyPress:
                watched.setDown(True)
            elif watched.isDown():
                watched.setDown(False)
                pressed_by_key(watched)
            return True
        return super().eventFilter(watched, event)

    def holds(self, tag: object) -> bool:
        """Whether the banner is up with the words shown with ``tag`` (not None), not
        dismissed since nor given other words: told by what they are of, not by the words,
        which two things may share and a rewording changes."""
        return self._up and tag is not None and self._tag is tag

    def tag(self) -> object:
        """What the words it last showed are of (:meth:`show_message`), dismissed since or
        not: for the window to tell which of its own banners the full view's, dismissed or
        acted on there, was of."""
        return self._tag

    def says(self, message: str, hint: str) -> bool:
        """Whether the banner is up with these words, heard when they came: shown and not
        dismissed since, in view or waiting below others (:class:`BannerStack`)."""
        return self._up and (self.message(), self.hint()) == (message, hint)

    def announce(self, target: QWidget | None = None, said: str = "") -> None:
        """Have a screen reader read the banner out, through ``target`` (by default the
        banner itself): a strip that appears at the window's top, away from the focus, was
        never heard by an artist who does not see it. ``said``: what is new in it, read out
        in place of its whole words."""
        words = said or " ".join(filter(None, (self.message(), self.hint())))
        announce(target or self, self._with_level(unbroken(words)), self.level())

    def _with_level(self, words: str) -> str:
        """``words`` after the banner's level ("Error: ..."), as a screen reader says it."""
        if self.level() == self.ERROR:
            return self.tr("Error: {words}").format(words=words)
        return self.tr("Information: {words}").format(words=words)

    def dismiss(self) -> None:
        self.setVisible(False)
        self._up = False
        self._action = None

    def _closed(self) -> None:
        self.dismiss()
        self.closed.emit()

    def _act(self) -> None:
        action = self._action
        self.dismiss()
        self.acted.emit()
        if action is not None:
            action()

    def offer(self) -> tuple[str, Callable[[], None]] | None:
        """The button it shows and what it does, as :meth:`show_message` took them; None
        without one: for words put in place of its own to keep it."""
        return None if self._action is None else (self.action_button.text(), self._action)

    def message(self) -> str:
        return self._message.text()

    def hint(self) -> str:
        return self._hint.text()

    def level(self) -> str:
        return str(self.property("level"))


class BannerStack(QWidget):
    """The window's banners: one for each kind of news (:class:`BannerKind`), stacked, the
    most important first. Before, one banner took the place of the last, and a credits
    refusal hid a publish error or the locked keyring's offer, never seen again.

    Stacked rather than paged ("1 of 2"): both are read at a glance, and the one that stops
    the batch is on top; a page behind a click is one an artist under way does not turn.
    At most :data:`MOST_SHOWN` at once, so a 1024 x 640 screen keeps its height for the
    work; the others wait below them, counted, and come up as those above go. The second
    shows only where it fits (:meth:`keep_room_for`).

    Its reading (:meth:`message`, :meth:`hint`, :meth:`level`, :attr:`action_button`) is
    that of the banner on top.

    A press of a banner's button is the artist's Dismiss too (:attr:`closed`): they acted on
    it, and a refusal they had acted on (Open Settings) came straight back with the next
    job of its batch."""

    closed = Signal(str, object)
    """The artist pressed a banner's Dismiss or its button: its kind, and the tag its words
    were shown with (:meth:`MessageBanner.tag`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerStack")
        self._banners: dict[BannerKind, MessageBanner] = {}
        """The banners made, by kind: each the first time its kind shows (:meth:`_of`). One a
        kind made with the window, they were a sixth of its widgets, each one's style worked
        out at start, for banners most starts never show."""
        self._held: list[BannerKind] = []  # the kinds shown or waiting below
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._more = QLabel()
        self._more.setObjectName("bannerMore")
        self._column.addWidget(self._more)
        self._last = self._of(next(iter(BannerKind)))  # read while none is shown
        self._below: QWidget | None = None  # what keeps its least height under the stack
        self._within: QWidget | None = None  # whose height is the room the two share
        # After a resize, not inside it: a banner shown makes the window taller at once,
        # and a second arrangement inside the first left a banner both hidden and shown.
        self._rearrange = QTimer(self)
        self._rearrange.setSingleShot(True)
        self._rearrange.setInterval(0)
        self._rearrange.timeout.connect(self._arrange)
        self._arrange()

    def keep_room_for(self, below: QWidget, within: QWidget) -> None:
        """Show a banner after the first only where ``below`` (the window's panes, under
        the stack in its parent) keeps its least height in the height of ``within`` (the
        part of the window the two are seen in, which scrolls them on a screen too small
        for their least). Before, two long banners in a short window (1024 x 640 at 150 %)
        were squeezed with the panes: the second's last words were cut off, and the panes'
        buttons pressed together. The first shows whatever its height, as the one banner
        did."""
        self._below = below
        self._within = within
        within.installEventFilter(self)
        self._arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._within and event.type() == QEvent.Type.Resize:
            self._rearrange.start()  # words wrap anew, and the room changed
        return super().eventFilter(watched, event)

    def show_message(
        self,
        message: str,
        hint: str = "",
        level: str = MessageBanner.ERROR,
        action: tuple[str, Callable[[], None]] | None = None,
        *,
        kind: BannerKind | None = None,
        announce: bool = True,
        answer: bool = False,
        said: str = "",
        tag: object = None,
    ) -> None:
        """Show the banner of ``kind`` (by default the other error or the news of background
        work, by ``level``) with these words, in place of that kind's last (see
        :meth:`MessageBanner.show_message`). Read out by a screen reader when ``announce``
        and the words are new: each job of a refused batch shows its banner again, and
        was heard again, eight times for a batch of eight. ``answer``: the words answer
        the artist's own act (Save in Settings, a press of the switch), read out each time
        though they are the same: before, saving the key a second time was silent to a
        screen reader, as if nothing had happened. ``said``: what is new in the banner, read
        out in place of its whole words (one more artwork it names, not all again). ``tag``:
        what the words are of (:meth:`MessageBanner.holds`)."""
        if kind is None:
            kind = BannerKind.ERROR if level == MessageBanner.ERROR else BannerKind.INFO
        banner = self._of(kind)
        told = not answer and banner.says(message, hint)
        banner.show_message(message, hint, level, action, announce=False, tag=tag)
        if kind not in self._held:
            self._held.append(kind)
        self._arrange()
        if announce and not told:  # one waiting below is heard through the stack, shown
            banner.announce(banner if banner.isVisibleTo(self) else self, said)

    def _of(self, kind: BannerKind) -> MessageBanner:
        """The banner of ``kind``, made the first time it is asked for: above those of the
        kinds after it, and after those of the kinds before it in the Tab order, as if made
        with the stack. Made after the window, it would join the end of the window's Tab
        order (:func:`~kontext_studio.ui.tab_order.tab_after`); the first kind's is made
        with the stack, so every later one has a banner to follow."""
        made = self._banners.get(kind)
        if made is not None:
            return made
        banner = MessageBanner(self)
        banner.setProperty("kind", kind.value)
        banner.closed.connect(lambda: self._closed(kind))
        banner.acted.connect(lambda: self._closed(kind))
        kinds = list(BannerKind)
        earlier = [
            self._banners[other] for other in kinds[: kinds.index(kind)] if other in self._banners
        ]
        self._column.insertWidget(len(earlier), banner)
        if earlier:
            tab_after(earlier[-1], banner)
        self._banners[kind] = banner
        return banner

    def dismiss(self, kind: BannerKind | None = None) -> None:
        """Take away the banner of ``kind`` (by default the one on top), as the window does
        once what it said is over."""
        banner = self.banner(kind) if kind is not None else self.top()
        if banner is None:
            return
        banner.dismiss()
        self._drop(banner)

    def banner(self, kind: BannerKind) -> MessageBanner | None:
        """The banner of ``kind``, if it is shown or waits below those shown."""
        return self._banners[kind] if kind in self._held else None

    def shown(self) -> list[MessageBanner]:
        """The banners held, the most important first (those waiting below included)."""
        return [self._banners[kind] for kind in BannerKind if kind in self._held]

    def top(self) -> MessageBanner | None:
        held = self.shown()
        return held[0] if held else None

    def message(self) -> str:
        return self._reading().message()

    def hint(self) -> str:
        return self._reading().hint()

    def level(self) -> str:
        return self._reading().level()

    @property
    def action_button(self) -> QPushButton:
        return self._reading().action_button

    def waiting(self) -> str:
        """What the line below the banners says of those waiting ("" when none waits)."""
        return self._more.text() if self._more.isVisibleTo(self) else ""

    def _reading(self) -> MessageBanner:
        return self.top() or self._last

    def _closed(self, kind: BannerKind) -> None:
        banner = self._banners[kind]
        self._drop(banner)
        self.closed.emit(kind.value, banner.tag())

    def _drop(self, banner: MessageBanner) -> None:
        kind = BannerKind(str(banner.property("kind")))
        if kind in self._held:
            self._held.remove(kind)
        self._last = banner
        self._arrange()

    def _arrange(self) -> None:
        """The first :data:`MOST_SHOWN` banners held, by importance, that fit; the others
        counted."""
        held = self.shown()
        count = self._fitting(held)
        for place, banner in enumerate(held):
            banner.setVisible(place < count)
        for kind, banner in self._banners.items():
            if kind not in self._held:
                banner.setVisible(False)
        waiting = len(held) - count
        if waiting == 1:
            self._more.setText(self.tr("1 more message waits: dismiss one above to see it."))
        elif waiting > 1:
            self._more.setText(
                self.tr("{count} more messages wait: dismiss one above to see them.").format(
                    count=grouped(waiting)
                )
            )
        self._more.setVisible(waiting > 0)
        self.setVisible(bool(held))

    def _fitting(self, held: list[MessageBanner]) -> int:
        """How many of ``held`` show: the first always, the next while they, and the line
        counting those left waiting, fit in the room :meth:`keep_room_for` leaves."""
        parent = self.parentWidget()
        if self._below is None or self._within is None or parent is None:
            return min(len(held), MOST_SHOWN)
        least = self._below.minimumSizeHint().expandedTo(self._below.minimumSize())
        room = self._within.height() - least.height()
        self.ensurePolished()  # the banners' words in the window's style, bold for one
        more = self._more.sizeHint().height()
        heights = [banner.heightForWidth(parent.width()) for banner in held[:MOST_SHOWN]]
        count = min(len(held), 1)
        while count < len(heights):
            waiting = len(held) > count + 1
            if sum(heights[: count + 1]) + (more if waiting else 0) > room:
                break
            count += 1
        return count


def _ready(snapshot: Snapshot) -> bool:
    """Whether ``snapshot``, ended, has its image: completed, not by a Download again its
    server answered with "deleted" (:attr:`Snapshot.result_deleted`; before, that was
    announced as "Image ready", its file still missing)."""
    return snapshot.state is JobState.COMPLETED and not snapshot.result_deleted


def announce(target: QWidget, text: str, level: str) -> None:
    """Ask screen readers to read ``text`` out (Qt 6.8's announcements, the least Qt the
    app runs on): an error at once, interrupting, news once the reader is idle. A platform
    or reader without announcements passes the request over; the words stay in the banner,
    where Tab reaches them (:func:`_selectable`)."""
    event = QAccessibleAnnouncementEvent(target, text)
    politeness = QAccessible.AnnouncementPoliteness
    error = level == MessageBanner.ERROR
    event.setPoliteness(politeness.Assertive if error else politeness.Polite)
    QAccessible.updateAccessibility(event)


def _selectable(label: QLabel) -> None:
    """Let the artist select ``label``'s words with the mouse, and from the keyboard once Tab
    reaches it (Shift with the arrows, Ctrl+A, Ctrl+C), to copy an error's words to search
    for them or to report them. A keyboard-selectable label takes the focus only from a
    click: Tab must stop at it too. The window's style sheet frames it while it has the
    focus (``#bannerMessage:focus``)."""
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def fallback_icon() -> QIcon:
    """A plain mark for the tray when the app icon is not there (a tray needs some icon)."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#6d4aff"))
    painter.drawRoundedRect(2, 2, 28, 28, 7, 7)
    painter.end()
    return QIcon(pixmap)


class Notifier(QObject):
    """Announces jobs that finish or fail while the window is not the active one.

    Only jobs seen running in this run (or handed over by :meth:`watch` after a resume) are
    announced, so renaming or starring an old artwork stays quiet. :attr:`notified` carries
    every announcement, for tests and for anything else that wants to know.
    """

    notified = Signal(str, str)  # title, message

    def __init__(self, bridge: Bridge, window: QWidget) -> None:
        super().__init__(window)
        self._bridge = bridge
        self._watching: set[int] = set()
        self._tray: QSystemTrayIcon | None = None
        self._unsent: list[Snapshot] = []
        self._unsent_timer = QTimer(self)
        self._unsent_timer.setSingleShot(True)
        self._unsent_timer.setInterval(UNSENT_SETTLE_MS)
        self._unsent_timer.timeout.connect(self._tell_unsent)
        bridge.closing.connect(self._unsent_timer.stop)
        self._ended: list[Snapshot] = []
        self._ended_timer = QTimer(self)
        self._ended_timer.setSingleShot(True)
        self._ended_timer.setInterval(ENDED_SETTLE_MS)
        self._ended_timer.timeout.connect(self._tell_ended)
        bridge.closing.connect(self._ended_timer.stop)
        bridge.job_changed.connect(self._job_changed)

    def watch(self, job_ids: list[int]) -> None:
        self._watching.update(job_ids)

    def _job_changed(self, snapshot: Snapshot) -> None:
        if snapshot.state.is_active:
            self._watching.add(snapshot.id)
            return
        if snapshot.id not in self._watching:
            return
        self._watching.discard(snapshot.id)
        if snapshot.state is JobState.CANCELLED or self._unseen() or self._tried_again(snapshot):
            return
        if never_sent(snapshot):
            self._unsent.append(snapshot)
            self._unsent_timer.start()
            return
        self._ended.append(snapshot)
        if not self._ended_timer.isActive():  # not put off by each job that ends after it
            self._ended_timer.start()

    def _tried_again(self, snapshot: Snapshot) -> bool:
        """Whether ``snapshot`` failed again as before in a try of its refused result link the
        engine made by itself (:meth:`~kontext_studio.jobs.engine.JobEngine.failed_by_itself`):
        no news. Before, the same old job was announced "did not finish" at each start and
        after each such try."""
        engine = self._bridge.session.engine
        return awaits_link(snapshot) and engine.failed_by_itself(snapshot.id)

    def _tell_ended(self) -> None:
        """One notification for the jobs that ended together (:data:`ENDED_SETTLE_MS`); none
        when the artist has come back to the window meanwhile, where the library shows them."""
        ended, self._ended = self._ended, []
        if self._unseen():
            return
        if len(ended) == 1:
            self.notify(*self.describe(ended[0]))
            return
        ready = sum(1 for snapshot in ended if _ready(snapshot))
        stopped = len(ended) - ready
        if not stopped:
            self.notify(
                self.tr("Images ready"),
                self.tr("{count} images are ready.").format(count=grouped(ready)),
            )
        elif not ready:
            self.notify(self.tr("Jobs did not finish"), self._why_stopped(ended))
        else:
            self.notify(
                self.tr("Jobs ended"),
                self.tr("Ready: {ready}. Did not finish: {stopped} (the library says why).").format(
                    ready=grouped(ready), stopped=grouped(stopped)
                ),
            )

    def _why_stopped(self, stopped: list[Snapshot]) -> str:
        """What several jobs that stopped unfinished together have in common: a batch of
        eight refused for its key came back as eight notifications saying the same thing.
        Their shared reason is said once; different reasons are left to the window, where
        each tile has its own."""
        reasons = {self._reason(snapshot) for snapshot in stopped}
        count = len(stopped)
        if len(reasons) == 1:  # a sentence: after the count's, not after a colon
            ended = self.tr("{count} jobs did not finish.").format(count=grouped(count))
            return join_sentences(ended, reasons.pop())
        return self.tr("{count} jobs did not finish, for different reasons.").format(
            count=grouped(count)
        )

    def _tell_unsent(self) -> None:
        """One notification for the jobs that just failed before reaching KIE, not one each;
        none when the artist has come back to the window meanwhile, where the banner says it
        (:meth:`_unseen`)."""
        unsent, self._unsent = self._unsent, []
        if self._unseen():
            return
        if len(unsent) == 1:
            self.notify(*self.describe(unsent[0]))
        elif all(upload_refused(snapshot) for snapshot in unsent):  # KIE answered
            self.notify(
                self.tr("Jobs were not sent"),
                self.tr(
                    "{count} jobs could not be sent: their reference images could not be "
                    "uploaded. These sends were not charged."
                ).format(count=grouped(len(unsent))),
            )
        elif any(snapshot.simulated for snapshot in unsent):  # one mode's jobs: all demo
            self.notify(
                self.tr("Jobs were not sent"),
                self.tr(
                    "{count} jobs could not be sent: the demo server stopped answering."
                ).format(count=grouped(len(unsent))),
            )
        elif any(reference_uploaded(snapshot) for snapshot in unsent):
            self.notify(
                self.tr("Jobs were not sent"),
                self.tr(
                    "{count} jobs could not be sent: KIE cannot be reached. Only reference "
                    "images were uploaded; these sends were not charged."
                ).format(count=grouped(len(unsent))),
            )
        elif unsent:
            self.notify(
                self.tr("Jobs were not sent"),
                self.tr(
                    "{count} jobs could not be sent: KIE cannot be reached. These sends did "
                    "not reach KIE and were not charged."
                ).format(count=grouped(len(unsent))),
            )

    def describe(self, snapshot: Snapshot) -> tuple[str, str]:
        # Of one of several, its place among them after it, whole, and the reason on the
        # line after it: neither turned around by a right-to-left override in the title.
        title = in_its_direction(cut_title(snapshot.display_title, TITLE_CHARS - 1))
        name = with_place(title, snapshot)
        if _ready(snapshot):
            return self.tr("Image ready"), name
        if snapshot.state is JobState.COMPLETED:  # its Download again: the image is deleted
            return self.tr("Image not downloaded again"), f"{name}\n{self._deleted(snapshot)}"
        return self.tr("Job did not finish"), f"{name}\n{self._reason(snapshot)}"

    def _deleted(self, snapshot: Snapshot) -> str:
        """Why the Download again of ``snapshot`` brought no image: its server said it
        deleted it (:attr:`Snapshot.result_deleted`) or no longer accepts its link
        (:func:`link_refused`), and what still brings it back."""
        if link_refused(snapshot):
            if snapshot.simulated:
                return self.tr(
                    "The demo server no longer accepts the link to this image. If you have a "
                    "copy from a backup, put it in its place, under the same name."
                )
            return self.tr(
                "KIE no longer accepts the link to this image. If you have a copy from a "
                "backup, put it in its place, under the same name."
            )
        if snapshot.simulated:
            return self.tr(
                "The demo server said it has deleted this image. If you have a copy from a "
                "backup, put it in its place, under the same name."
            )
        return self.tr(
            "KIE said it has deleted this image. If you have a copy from a backup, put it in "
            "its place, under the same name."
        )

    @staticmethod
    def _reason(snapshot: Snapshot) -> str:
        """Why ``snapshot`` did not finish, in the words of its tile."""
        return explain_kind(
            snapshot.error_kind or snapshot.state.value, snapshot.error_detail, snapshot.facts
        ).message

    def notify(self, title: str, message: str) -> None:
        """A tray message where the desktop has a tray, else the taskbar entry flashes."""
        if QSystemTrayIcon.isSystemTrayAvailable():
            tray = self._ensure_tray()
            tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, NOTIFY_MS)
        else:
            QApplication.alert(self.window)
        self.notified.emit(title, message)

    def _ensure_tray(self) -> QSystemTrayIcon:
        if self._tray is None:
            icon = self.window.windowIcon()
            self._tray = QSystemTrayIcon(icon if not icon.isNull() else fallback_icon(), self)
            self._tray.setToolTip(plain_tooltip(QApplication.applicationDisplayName()))
            self._tray.activated.connect(self._bring_to_front)
            self._tray.messageClicked.connect(self._bring_to_front)
            self._tray.show()
        return self._tray

    @property
    def window(self) -> QWidget:
        """The window it serves: its Qt parent (no Python reference, so no cycle to collect)."""
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    def _unseen(self) -> bool:
        """Whether a job's end is not to be told: the artist is looking at the window (the
        library shows it), or the window has closed. A closed window lives on while its
        close waits for a press of Generate to make its jobs (up to half a minute): told
        then, a click on the notification showed the closed window again, and whatever
        the artist did in it was gone with it a moment later."""
        return self.window.isActiveWindow() or not self.window.isVisible()

    def _bring_to_front(self, *_args: object) -> None:
        window = self.window
        if not window.isVisible():  # closed (a minimised window is still visible)
            return
        window.showNormal()
        window.raise_()
        window.activateWindow()
