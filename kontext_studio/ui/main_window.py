"""The main window: Generate/Upload tabs, the preview and the library side by side.

The window wires the panels together and owns nothing else: jobs live in the engine, their
state reaches every view through the bridge, and the layout is remembered in a QSettings file
in the app's config folder (so ``KONTEXT_STUDIO_HOME`` isolates it, like every other file).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QLocale,
    QPoint,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from kontext_studio import APP_NAME, __version__, secrets
from kontext_studio.config import Settings
from kontext_studio.desktop import named_settings
from kontext_studio.errors import (
    AuthError,
    CreditsError,
    KeyringUnavailableError,
    KontextError,
    NetworkError,
    PublishedElsewhereError,
    SecretDamagedError,
)
from kontext_studio.explain import Explanation, Facts, explain, explain_kind, join_sentences
from kontext_studio.images.metadata import Provenance
from kontext_studio.jobs.states import JobState
from kontext_studio.publish import (
    Publisher,
    elsewhere_refusal,
    publishing_set_up,
    settings_location,
)
from kontext_studio.store.ledger import Snapshot
from kontext_studio.store.order import LibraryOrder, order_key
from kontext_studio.ui import handover as handovers
from kontext_studio.ui import job_actions, shortcuts, translations
from kontext_studio.ui.batch_place import sentence_title
from kontext_studio.ui.bridge import PUBLISH, R2_SETTINGS, STORAGE, Bridge, Said
from kontext_studio.ui.fit import PanesColumn, WindowScroll, fitting, screen_room, widened
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.full_view import STYLE as FULL_VIEW_STYLE
from kontext_studio.ui.full_view import FullView, keys_told_truly
from kontext_studio.ui.generate_tab import GenerateTab, Presses
from kontext_studio.ui.handover import Handover, Press, Unsaved
from kontext_studio.ui.key_focus import (
    KeptAcrossWindows,
    back_when_answered,
    back_when_cancelled,
    drawn_if_asked_by_key,
    first_focusable,
    focus_as_keys,
    takes_tab,
    watch_menu_keys,
)
from kontext_studio.ui.last_messages import LastMessagesDialog, NoticeLog
from kontext_studio.ui.levels import keep_text_readable, restyle
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.next_turn import THEME_AND_FONT, ChangeFollower
from kontext_studio.ui.notice_bar import NoticeBar
from kontext_studio.ui.notifications import (
    STATUS_MESSAGE_MS,
    BannerKind,
    BannerStack,
    MessageBanner,
    Notifier,
    announce,
)
from kontext_studio.ui.pane_sizes import HandleSteps, least_size, restore_sizes
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.preview_panel import ZOOM_STEP, PreviewPanel
from kontext_studio.ui.publishing import (
    PUBLISHING,
    UNPUBLISHING,
    PublishActivityLabel,
    PublishController,
    PublisherFactory,
    forget_box,
    placed_alike,
    quit_box,
    record_places,
    setup_box,
    word_forget_box,
    word_quit_box,
    word_setup_box,
)
from kontext_studio.ui.save_many import SaveActivity
from kontext_studio.ui.scroll_pane import FOCUS_FRAME_PX
from kontext_studio.ui.settings_dialog import (
    KEY_HELD,
    KEY_IN_USE_HELD,
    KEY_IN_USE_REFUSED,
    KEY_IN_USE_STORED,
    KEY_REMOVED,
    KEY_SESSION_ONLY,
    KEY_STORED,
    KEY_UNCHANGED,
    KEYS_TO_SWITCH_TO,
    SettingsDialog,
)
from kontext_studio.ui.stats_dialog import StatsDialog
from kontext_studio.ui.status import (
    ActiveJobsLabel,
    ConnectionLabel,
    CreditsButton,
    DeleteActivityLabel,
    KieReach,
    ModeIndicator,
    SteadyWidth,
)
from kontext_studio.ui.status_room import GivesWayLast
from kontext_studio.ui.thumbnails import PRUNE_DELAY_S
from kontext_studio.ui.translations import grouped
from kontext_studio.ui.upload_tab import UploadTab
from kontext_studio.ui.wheel_guard import wheel_scrolls_past

LAYOUT_FILE = "window.ini"
SAVE_FOLDER_KEY = "save_folder"
"""Where the last Save as went (:attr:`StandardDialogs.save_folder`), kept in the layout
file beside the window's size: each start opened Save as in the Pictures folder again, and
an artist saving a series into one project folder walked there anew after every restart.
Not a setting the artist sets (settings.json), nor a secret; Reset layout leaves it."""
DRAFT_KEEP_MS = 1500
"""The prompt being written is kept on disk this long after the artist's last change (a
pause in typing), not only when the window closes: a crash or a power cut would take a
prompt written over minutes with it."""
DEFAULT_SIZE = (1400, 880)
DEFAULT_SPLIT = (380, 480, 540)  # the library wide enough for all its buttons
log = logging.getLogger(__name__)

ABOUT_WIDTH_CHARS = 72
"""The About box's width, in average characters: Qt sized it to its title, and its one
sentence stood in a column five lines tall and a few words wide. View ▸ Last messages is as
wide."""
_ACCOUNT_REFUSALS = frozenset({AuthError.kind, CreditsError.kind})
"""What a job's refusal raises the window's banner for (:meth:`MainWindow._follow_refusals`)."""
_ERROR_BANNERS = {
    STORAGE: BannerKind.STORAGE,
    PUBLISH: BannerKind.PUBLISH,
    R2_SETTINGS: BannerKind.PUBLISH,
}
"""The banner of an error from background work by its topic; any other's is ``ERROR``."""
KIE_SITE = "https://kie.ai"  # where a KIE account is topped up
CLAIM_CHECK_MS = 5000  # how often to look for jobs a command has left to the window

# $ok, $warning and $error: the level colours on the window ($ok_on_base and the others on the
# fields' base), $secondary the colour of hints and other secondary words on the window,
# $secondary_on_base on the fields' base, $demo_badge and $live_badge under the mode badges'
# white words, $banner_… the banners' colours on a light or a dark window, $banner_close_…
# their ✕'s on the style's button, hovered and pressed (kontext_studio.ui.levels).
STYLE = (
    FULL_VIEW_STYLE
    + """
#modeLabel { font-weight: 600; padding: 2px 0; }
#modeLabel[edit="true"] { color: $warning; }
#sectionLabel { font-weight: 600; }
#hintLabel, #referenceDetail { color: $secondary; }
#promptCounter[level="warning"] { color: $warning; }
#promptCounter[level="error"] { color: $error; font-weight: 600; }
#referenceSlot { border: 1px dashed palette(mid); border-radius: 6px; }
#referenceSlot[state="ready"] { border-style: solid; }
#referenceSlot[state="refused"] { border: 1px solid $error; }
#referenceSlot[state="refused"] #referenceTitle { color: $error; }
#referenceSlot[dragging="true"] { border: 2px dashed palette(highlight); }
#referenceThumb { background: palette(base); border-radius: 4px; color: $secondary_on_base; }
#referenceTitle { font-weight: 600; }
#generateButton { padding: 8px; font-weight: 600; }
#reasonLabel { color: $secondary; }
#reasonLabel[blocked="true"] { color: $warning; }
#demoBadge, #liveBadge { color: white; font-weight: 700; border-radius: 4px; padding: 1px 8px; }
#demoBadge { background: $demo_badge; }
#liveBadge { background: $live_badge; }
#demoText { color: $warning; font-weight: 600; }
#unreachableText { color: $error; font-weight: 600; }
#messageBanner[level="error"] {
    background: $banner_error; border-bottom: 1px solid $banner_error_edge;
}
#messageBanner[level="info"] {
    background: $banner_info; border-bottom: 1px solid $banner_info_edge;
}
#messageBanner QLabel, #messageBanner QToolButton { color: $banner_text; }
#messageBanner QToolButton:hover { color: $banner_close_hover; }
#messageBanner QToolButton:pressed { color: $banner_close_pressed; }
#bannerMessage { font-weight: 600; }
#bannerMore { color: $secondary; padding: 2px 12px; border-bottom: 1px solid palette(mid); }
#bannerMessage, #bannerHint { border: 1px solid transparent; }
#bannerMessage:focus, #bannerHint:focus { border-color: palette(highlight); }
#okText { color: $ok; }
#warningText { color: $warning; }
#errorText { color: $error; }
#testResult[level="ok"] { color: $ok; }
#testResult[level="error"] { color: $error; }
"""
)
# A preview pane that scrolls shows the focus with a frame, there but transparent without
# it, so that nothing moves when the focus comes.
STYLE += (
    f"#scrollPane {{ border: {FOCUS_FRAME_PX}px solid transparent; }}\n"
    "#scrollPane:focus { border-color: palette(highlight); }\n"
)


def first_split(width: int, least: Sequence[int], handles: int) -> list[int]:
    """The panes' widths at first start in a window ``width`` px wide whose splitter handles
    take ``handles`` px: :data:`DEFAULT_SPLIT` (the handles off the preview) when the window
    is as wide, else each pane the same part of the way from its ``least`` width to its
    default one. Left to the splitter, a small screen's whole shortfall came off the preview,
    which then had the splitter's whole stretch: at 800 or 1024 px it shrank to its least
    (160 px), its details cut, while the library kept room it could not fill."""
    tabs, preview, library = DEFAULT_SPLIT
    default = (tabs, preview - handles, library)
    width -= handles
    if width >= sum(default):
        return list(default)
    room = [max(wanted - low, 0) for wanted, low in zip(default, least, strict=True)]
    part = max(width - sum(least), 0) / max(sum(room), 1)
    sizes = [low + round(extra * part) for low, extra in zip(least, room, strict=True)]
    sizes[1] += width - sum(sizes)  # the preview takes what rounding leaves
    return sizes


def layout_store(bridge: Bridge) -> QSettings:
    """Window geometry and splitter positions, in the app's config folder."""
    path = bridge.session.paths.config / LAYOUT_FILE
    return QSettings(str(path), QSettings.Format.IniFormat)


@dataclass(frozen=True)
class AtClose:
    """What was under way as the window closed, which its close waits for: the artworks of
    its Deletes and its presses of Generate. Taken by the app once its wait began (or once
    it began to watch for the close, when the window closed as it opened), one that ended in
    between (the trash refused the Delete's images, the press's reference moved away) was
    not found, and the next start said nothing of it."""

    deleting: frozenset[int]
    presses: Presses


class MainWindow(QMainWindow):
    """Everything on one screen. ``closed`` fires once the window has closed, so whoever owns
    the session can shut it down with every job left resumable; :attr:`handover` is set when
    it closed to reopen with a new key (:meth:`switch_mode`)."""

    closed = Signal()

    def __init__(
        self,
        bridge: Bridge,
        parent: QWidget | None = None,
        *,
        publisher_factory: PublisherFactory = Publisher,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``publisher_factory`` and ``clock``: the publishing controller's
        (:class:`PublishController`), a test's own."""
        super().__init__(parent)
        self.installEventFilter(ChangeFollower(self, self._follow_theme, THEME_AND_FONT))
        self.bridge = bridge
        self.session = bridge.session
        self._layout = layout_store(bridge)
        self._split_pending = False
        self._follows_screen = False  # its screen's changes followed (_screen_changed)
        self._left_width = 0  # the window's width when it was last closed (restore_layout)
        self._left_screen = 0  # its screen's free width then, had it filled it
        self._settings_dialog: SettingsDialog | None = None
        self._stats_dialog: StatsDialog | None = None
        self.notice_log = NoticeLog()  # the status bar's last words, for View ▸ Last messages
        self._setup_offer: QMessageBox | None = None
        # What the publication banner is of: each refused record, with its refusal.
        self._offered_forget: dict[int, tuple[Snapshot, PublishedElsewhereError]] = {}
        # The Forget question while it may be open, and the records it asks about.
        self._forget_question: tuple[QMessageBox, list[Snapshot]] | None = None
        self.handover: Handover | None = None
        self.has_closed = False
        self.at_close = AtClose(frozenset(), {})
        self._quit_confirmed = False
        self._quit_question: QMessageBox | None = None
        self._switch_label = ""
        self._switch_needs_key = False
        # The switch offered is to a key kept for this session only (the keyring refused it).
        self._switch_to_session_key = False
        self._switching = False
        # The tags of the banner offering the switch, or saying why it did not happen
        # (:meth:`_say_of_switch`), and of the one saying to wait before switching
        # (:meth:`_follow_switch_wait`), while they may be up.
        self._switch_offered: Said | None = None
        self._switch_wait: Said | None = None
        self.setObjectName("mainWindow")
        title = APP_NAME + (self.tr(" — Demo") if self.session.demo else "")
        self.setWindowTitle(title)
        restyle(self, STYLE)
        KeptAcrossWindows(self)  # the keys' focus drawn again once a dialog is answered

        self.generate_tab = GenerateTab(bridge)
        self.publishing = PublishController(bridge, self, factory=publisher_factory, clock=clock)
        self.upload_tab = UploadTab(bridge, self.publishing)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("leftTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.generate_tab, self.tr("Generate"))
        self.tabs.addTab(self.upload_tab, self.tr("Upload"))
        # A drag held over a tab's name opens it (a library tile or a file taken to the tab
        # not open), as a browser's tabs do; Qt's tab bar needs drops accepted for it.
        self.tabs.tabBar().setChangeCurrentOnDrag(True)
        self.tabs.tabBar().setAcceptDrops(True)
        self.preview = PreviewPanel(bridge)
        kept_order = str(self._layout.value("library_order", "", type=str))
        self.library = LibraryPanel(bridge, order=LibraryOrder.named(kept_order))
        self.preview.job_actions.share_undo(self.library.job_actions)
        self.preview.link_actions.share_undo(self.library.job_actions)
        self.full_view = FullView(self.preview, self, self.library.model.place_of)
        # Publish is offered on every finished artwork; without R2 settings it says what is
        # missing and offers the settings (PublishController.setup_needed).
        self.preview.attach_publishing(self.publishing)
        self.preview.publish_enabled = True
        self.library.publish_enabled = True
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.tabs, self.preview, self.library):
            self.splitter.addWidget(pane)
        # The preview and the library share a change of the window's width in proportion to
        # their widths (QSplitter weighs the panes that have a stretch factor by their current
        # size, whatever the factor); the prompt form keeps its own. With the stretch on the
        # preview alone, a narrower window took it down to its least width first.
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)

        self.banner = BannerStack()
        self._followed: dict[int, str] = {}  # jobs seen running here: the error kind last seen
        self._undeleted: dict[int, None] = {}
        """The artworks the banner of a Delete the last close cut is of while the library
        holds them (:meth:`_tell_delete_cut`): a dict, each one taken out at
        once of thousands a Ctrl+A Delete deletes (a list took seconds)."""
        self._undeleted_gone: set[int] = set()
        self._undeleted_at_switch = False
        """Whether the banner's artworks were left by a switch's Delete (its words)."""
        """Of those, the ones that have left the library since: an Undo brings them back."""
        self._recount_undeleted = QTimer(self)
        """Says that banner's count again once the deletions told together have all come:
        said again for each, a Delete of 10 000 held the window 16 s."""
        self._recount_undeleted.setSingleShot(True)
        self._recount_undeleted.setInterval(0)
        self._recount_undeleted.timeout.connect(self._undeleted_recounted)
        # By kind, the words (first line, hint) of a refusal banner dismissed for its batch:
        # not raised again with them, but with others (its button's too: the new key's
        # offer). One for both kinds, the key's dismissed let the credits' closed come back.
        self._closed_refusals: dict[str, tuple[str, str]] = {}
        self._refusals_shown: dict[str, Said] = {}  # by kind: the words last shown, their tag
        self._closed_unsent = False  # the unsent jobs' banner dismissed, as a refusal's is
        self._ended_unfollowed: dict[int, Snapshot] = {}  # since the last carry-on of left jobs
        # The sends seen going out here, counted; by job, the send going out now (its count)
        # and when it was seen; by banner, the sends seen when its refusal last came.
        self._sends_seen = 0
        self._going_out: dict[int, tuple[int, int]] = {}
        self._refused_at: dict[BannerKind, int] = {}
        central = QWidget()
        column = PanesColumn(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        # The panes scroll on a screen narrower or shorter than their least size (a
        # 1024 x 700 screen at 256 dpi is 384 x 263 to Qt): the window that needed them
        # whole opened 1624 px wide there, running far past the screen's edge.
        self.panes_scroll = WindowScroll(self._panes_room)
        self.panes_scroll.setWidget(central)
        # A wheel over a choice of the panes not chosen (the library's state filter) scrolls
        # past it, as in the Generate form.
        wheel_scrolls_past(central)
        self.banner.keep_room_for(self.splitter, self.panes_scroll.viewport())
        self.setCentralWidget(self.panes_scroll)

        self.mode = ModeIndicator(self.session.demo)
        self.kie_reach = KieReach(bridge, self)
        self.connection = ConnectionLabel(self.kie_reach)
        self.credits = CreditsButton(bridge, self.kie_reach)
        self.active_jobs = ActiveJobsLabel(bridge)
        self.publish_activity = PublishActivityLabel(self.publishing, self.upload_tab.queued)
        self.delete_activity = DeleteActivityLabel(bridge)
        self.save_activity = SaveActivity(bridge.saves)
        self.upload_tab.batch_changed.connect(self.publish_activity.refresh)
        status = NoticeBar()
        self.setStatusBar(status)
        status.setAccessibleName(self.tr("Status"))  # a screen reader said a bar with no name
        status.addWidget(self.connection)
        # Permanent: a status message ("Settings saved.") hides the bar's other widgets while
        # it shows, and the mode must stay in sight. They stand at the bar's right end, so a
        # change of width moves everything to its left: the publishing, which comes and
        # goes, stands first (it moved the badge 180 px each time), as do a Delete's and a
        # Save's, and the words that change all day keep a steady place.
        status.addPermanentWidget(self.delete_activity)
        status.addPermanentWidget(self.save_activity)
        status.addPermanentWidget(self.publish_activity)
        status.addPermanentWidget(self.mode)
        places = (SteadyWidth(self.active_jobs), SteadyWidth(self.credits))
        for place in places:
            status.addPermanentWidget(place)
        status.messageChanged.connect(self.mode.give_way)
        GivesWayLast(status, self.mode.label, places, spare=(places[1], self.mode.badge))

        self.notifier = Notifier(bridge, self)
        self._claim_check = QTimer(self)
        self._claim_check.setInterval(CLAIM_CHECK_MS)
        self._claim_check.timeout.connect(self._try_to_carry_on)
        self._carrying_on = False
        bridge.closing.connect(self._claim_check.stop)
        self._keep_draft = QTimer(self)
        self._keep_draft.setSingleShot(True)
        self._keep_draft.setInterval(DRAFT_KEEP_MS)
        self._keep_draft.timeout.connect(self._keep_work)
        bridge.closing.connect(self._keep_draft.stop)
        # The artwork to show, the note of its press, all it made (_show_new).
        self._newest: tuple[Snapshot, int, list[Snapshot]] | None = None
        self._showing_new = QTimer(self)
        self._showing_new.setSingleShot(True)
        self._showing_new.setInterval(0)
        self._showing_new.timeout.connect(self._show_newest)
        bridge.closing.connect(self._showing_new.stop)
        self.closed.connect(bridge.window_closed)
        # After the start's own work: the reference copies of deleted jobs, off this thread.
        QTimer.singleShot(round(PRUNE_DELAY_S * 1000), self, self._prune_references)
        self.menu_actions: dict[str, QAction] = {}
        self._build_menus()
        self._wire()
        self.restore_layout()

    # Wiring -------------------------------------------------------------------------------

    def _wire(self) -> None:
        self.bridge.error.connect(self.show_error)
        undo = self.library.job_actions.undo
        undo.news.connect(self._show_news)
        undo.news_over.connect(self._news_over)
        undo.news_reworded.connect(self._news_reworded)
        undo.refused.connect(self._show_undo_refusal)
        undo.refusal_over.connect(self._said_over)
        undo.let_go_of.connect(self.publishing.undo_let_go_of)
        # Kept a moment after each change, so that a crash takes none of it: before, only
        # the prompt and the reference were, and the Upload tab's list, with the titles
        # and tags typed for each file, was lost with the ratio and model chosen since.
        for changed in (
            self.generate_tab.prompt.textChanged,
            self.generate_tab.slot.changed,
            self.generate_tab.options_changed,
            self.upload_tab.pending_changed,
            self.tabs.currentChanged,
            self.library.search.textChanged,
            self.library.state_filter.currentIndexChanged,
            self.library.starred_only.toggled,
            self.library.view.selectionModel().currentChanged,
        ):
            changed.connect(self._work_changed)
        self.generate_tab.note_press = self.upload_tab.note_press = self._library_choices
        self.generate_tab.keep_work = self._keep_work_now
        self.generate_tab.unsaved_changed.connect(self.upload_tab.show_unsaved)
        self.generate_tab.press_made.connect(self._show_new)
        self.generate_tab.on_their_way.connect(self.active_jobs.set_on_their_way)
        self.generate_tab.on_their_way.connect(self.library.set_on_their_way)
        self.generate_tab.refusal_over.connect(self._said_over)
        self.generate_tab.slot.nothing_to_paste.connect(self._say_nothing_to_paste)
        self.generate_tab.slot.move_refused.connect(self._say_move_refused)
        self.upload_tab.move_refused.connect(self._say_move_refused)
        self.library.selection_changed.connect(self.preview.show_snapshot)
        self.library.selected_count_changed.connect(self.preview.show_selected_count)
        self.library.several_selected.connect(self.preview.show_several)
        # The preview's actions act on the library's selection: the library's put off (a
        # change of several selected, told a turn of the loop later) are worked out first.
        self.preview.job_actions.acting.connect(self.library.job_actions.bring_up_to_date)
        self.library.full_view_requested.connect(self.open_full_view)
        self.full_view.step.connect(self.library.select_neighbour)
        self.full_view.to_end.connect(self.library.select_end)
        self.full_view.delete_requested.connect(self._delete_in_full_view)
        self.full_view.star_requested.connect(self._star_in_full_view)
        self.full_view.undo_requested.connect(self._undo_in_full_view)
        self.full_view.command_requested.connect(self._act_in_full_view)
        self.full_view.menu_requested.connect(self._menu_in_full_view)
        self.full_view.refused.connect(self._show_status)
        self.full_view.closed.connect(self._full_view_closed)
        # Ctrl+Enter there shows the prompt, out of sight behind it, and sends nothing.
        window_keys = {key: action.trigger for key, action in self.menu_actions.items()}
        self.full_view.take_window_keys(window_keys | {"generate": self._show_generate_form})
        rows = self.library.model
        for rows_changed in (rows.rowsInserted, rows.rowsRemoved, rows.reloaded, rows.page_added):
            rows_changed.connect(self.full_view.show_place)
        self.library.use_as_reference.connect(self.use_as_reference)
        self.preview.use_as_reference.connect(self.use_as_reference)
        self.preview.show_job.connect(self.show_reference_artwork)
        self.preview.show_linked.connect(self.show_linked_artwork)
        self.preview.show_made_for.connect(self.show_made_for_job)
        self.library.reuse_settings.connect(self.reuse_settings)
        for panel in (self.library, self.preview):
            panel.publish_requested.connect(self.publishing.publish_shown)
            panel.publish_several_requested.connect(self.publishing.publish_many)
            panel.job_actions.being_published = self.publishing.busy_ids
            self.publishing.busy_changed.connect(panel.job_actions.publishes_changed)
            panel.unpublish_requested.connect(self.publishing.unpublish_shown)
            panel.copy_url_requested.connect(self.publishing.copy_url_shown)
            panel.republish_offered.connect(self.offer_republish)
            panel.job_actions.details_written.connect(self._say_if_searched_out)
        self.publishing.setup_needed.connect(self.offer_publish_settings)
        self.publishing.published_elsewhere.connect(self.offer_forget)
        self.bridge.job_changed.connect(self._offer_follows)
        self.bridge.job_changed.connect(self._question_follows)
        self.bridge.job_deleted.connect(self._no_longer_offered)
        self.bridge.job_deleted.connect(self._no_longer_undeleted)
        self.bridge.renumbered.connect(self._undeleted_back)
        self.bridge.shows_artworks(self._undeleted_shown)
        self.bridge.read_again.connect(self._offers_read_again)
        self.bridge.shows_artworks(self._offered_artworks)
        self.publishing.notice.connect(self._show_publish_status)
        self.publishing.r2_refusal_over.connect(self._said_over)
        self.publishing.refusal_reworded.connect(self._refusal_reworded)
        self.publishing.shows = self._shows_said
        self.publishing.found_gone.connect(self.library.job_actions.found_gone)
        rows.read_over.connect(self._said_over)
        self.publishing.answer.connect(self._show_status)
        rows.publish_words = self.publishing.tile_words
        rows.publish_lines = self.publishing.widest_tile_words
        rows.publish_waits = self.publishing.waits_turn
        self.library.fit_tiles()
        rows.publish_failed = self.publishing.publish_failed
        rows.unpublish_failed = self.publishing.unpublish_failed
        rows.publish_why = self.publishing.failure_words
        rows.published_elsewhere = self.publishing.in_another_bucket
        rows.place_if_unset = self.publishing.place_if_unset
        rows.part_left = self.publishing.part_left
        self.publishing.changed.connect(rows.publish_changed)
        self.publishing.checks_changed.connect(rows.all_publish_changed)
        self.publishing.many_changed.connect(rows.many_publish_changed)
        self.publishing.totals_changed.connect(self._reword_quit_question)
        self.upload_tab.batch_changed.connect(self._reword_quit_question)
        self.bridge.deleting_changed.connect(self._reword_quit_question)
        self.bridge.saves.changed.connect(self._reword_quit_question)
        for ended in (
            self.publishing.totals_changed,
            self.upload_tab.batch_changed,
            self.bridge.deleting_changed,
            self.bridge.saves.changed,
        ):
            ended.connect(self._follow_switch_wait)
        self.library.notice.connect(self._show_status)
        self.preview.notice.connect(self._show_status)
        for panel in (self.library, self.preview):
            panel.job_actions.saved_several.connect(self._saved_several)
            panel.job_actions.publish_left_out.connect(self._publish_left_out)
        self.upload_tab.imported.connect(self._show_new)
        self.upload_tab.settings_wanted.connect(self.open_publishing_settings)
        self.kie_reach.changed.connect(self._hold_sends)
        self.library.unsent.failed_now.connect(self._tell_unsent)
        self.bridge.job_changed.connect(self._follow_refusals)
        self.banner.closed.connect(self._banner_closed)
        self.full_view.banner.closed.connect(self._full_view_banner_closed)
        self.full_view.banner.acted.connect(self._full_view_banner_acted)
        self.library.unsent.now_changed.connect(self._unsent_changed)
        self.library.unsent.passed_over.connect(self._tell_passed_over)
        self.preview.file_missing.connect(self.library.model.thumbnails.mark_missing)
        self.preview.file_returned.connect(self.library.model.thumbnails.mark_present)
        self.preview.file_read.connect(self.library.model.thumbnails.mark_read)
        self.preview.file_unreadable.connect(self.library.model.thumbnails.mark_unreadable)
        self.library.model.thumbnails.found_missing.connect(self.preview.file_gone)
        self.library.model.thumbnails.found_readable.connect(self.preview.file_changed)
        self.library.model.thumbnails.found_changed.connect(self.preview.file_changed)

    def _action(self, key: str, text: str, slot: object) -> QAction:
        """A menu action; its keys, if any, come from :data:`shortcuts.SHORTCUTS`."""
        action = QAction(text, self)
        action.setObjectName(f"menu_{key}")
        shortcuts.assign(action, key)
        action.triggered.connect(slot)
        self.menu_actions[key] = action
        return action

    def _greyed_zoom_keys_of(self, action: QAction) -> QAction:
        """The keys of the View menu's ``action``, enabled only while it is greyed, saying
        why in the status bar (:meth:`_follow_zoomable`)."""
        return shortcuts.greyed_keys(
            action, self, lambda: self._show_status(self.preview.zoom_why_not())
        )

    def _follow_zoomable(self) -> None:
        """View's zoom usable as the preview's Fit and 100 % are, with a picture to zoom;
        greyed, each says why with the pointer over it, and its keys say it in the status
        bar. Before, they stayed usable with no picture, and did nothing, saying nothing."""
        why = self.preview.zoom_why_not()
        for action in self._zoom_actions:
            action.setEnabled(not why)
            action.setToolTip(plain_tooltip(why))
        for action in self._greyed_zoom_keys:
            action.setEnabled(bool(why))

    def _pane_actions(self) -> list[QAction]:
        """View's steps of the splitters, each saying in the status bar why it moved nothing
        at a pane's least size. Before, the panes could be resized by the mouse alone."""
        width = HandleSteps(self.splitter, 2)  # between the preview and the library
        height = HandleSteps(self.preview.splitter, 1)  # between the picture and its details
        steps = (
            (
                "widen_preview",
                self.tr("&Widen preview"),
                width,
                True,
                self.tr("The library is as narrow as it goes."),
            ),
            (
                "narrow_preview",
                self.tr("&Narrow preview"),
                width,
                False,
                self.tr("The preview is as narrow as it goes."),
            ),
            (
                "taller_details",
                self.tr("Taller &details"),
                height,
                False,
                self.tr("The picture is as short as it goes."),
            ),
            (
                "shorter_details",
                self.tr("S&horter details"),
                height,
                True,
                self.tr("The details are as short as they go."),
            ),
        )

        def whys_of(handle: HandleSteps) -> frozenset[str]:
            # A step of one handle makes its own limits untrue, not another pane's.
            return frozenset(why for _key, _text, its, _forward, why in steps if its is handle)

        return [
            self._action(key, text, self._pane_step(handle, forward, why, whys_of(handle)))
            for key, text, handle, forward, why in steps
        ]

    def _pane_step(
        self, handle: HandleSteps, forward: bool, why: str, whys: frozenset[str]
    ) -> Callable[[], None]:
        """A step of ``handle``, or ``why`` it took none; a step taken clears any of its
        ``whys`` still in the status bar, no longer true ("The library is as narrow as it
        goes." after the library was widened), and View ▸ Last messages forgets it. Another
        pane's ("The picture is as short as it goes.") is still true: it stays."""

        def step() -> None:
            if not handle.step(forward):
                self._show_status(why)
            elif self.notice_log.latest() in whys:
                self._take_back_status()

        return step

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.setToolTipsVisible(True)
        file_menu.addAction(self._action("generate", self.tr("&Generate"), self.generate_shown))
        file_menu.addAction(self.library.commands["save_as"])
        file_menu.addSeparator()
        settings = self._action("settings", self.tr("&Settings…"), self.open_settings)
        # In the application menu on macOS, named "Preferences…" there, in any language (Qt
        # guesses the role from English words alone): as the words that name it say.
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(settings)
        # Shown while a new or removed key waits for the switch the banner offered, so a
        # later banner (a job's error) does not leave a restart as the only way.
        self.switch_action = self._action("switch_mode", "", self.switch_mode)
        self.switch_action.setVisible(False)
        file_menu.addAction(self.switch_action)
        file_menu.addAction(
            self._action("open_data", self.tr("Open &data folder"), self._open_data_folder)
        )
        file_menu.addAction(
            self._action("open_logs", self.tr("Open &log folder"), self._open_log_folder)
        )
        file_menu.addSeparator()
        quit_action = self._action("quit", self.tr("&Quit"), self.request_quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        # The library's actions carry tooltips: a held Retry or Resubmit, greyed here as in
        # More, says there why; Save as, in File, says what it does.
        edit_menu.setToolTipsVisible(True)
        # The library's Undo and Redo, named by the step they take ("Undo Rename"); their
        # keys work while the library has focus, a text box keeping its own.
        edit_menu.addAction(self.library.key_actions["undo"])
        edit_menu.addAction(self.library.key_actions["redo"])
        edit_menu.addSeparator()
        edit_menu.addAction(
            self._action("paste_reference", self.tr("&Paste reference image"), self.paste_reference)
        )
        edit_menu.addAction(
            self._action("search", self.tr("&Search library"), self.library.focus_search)
        )
        edit_menu.addAction(
            self._action("go_to_prompt", self.tr("&Go to prompt"), self.go_to_prompt)
        )
        edit_menu.addSeparator()
        # The selected artwork's actions; their keys (Esc, F2, Delete...) work while the
        # library has focus, so Esc in the prompt box never stops a job.
        for key in ("copy_image", "copy_prompt"):
            edit_menu.addAction(self.library.commands[key])
        edit_menu.addSeparator()
        for key in ("rename", "details", "star", "publish", "delete"):
            edit_menu.addAction(self.library.commands[key])
        edit_menu.addSeparator()
        for key in ("cancel", "retry", "resubmit", "enter_task_id"):
            edit_menu.addAction(self.library.commands[key])
        # Worded as the selected artworks now are, and acting on them (menu_opened).
        self.library.job_actions.menu_opened(edit_menu)

        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.setToolTipsVisible(True)  # a greyed zoom says why
        canvas = self.preview.canvas
        self._zoom_actions = (
            self._action("zoom_in", self.tr("Zoom &in"), lambda: canvas.zoom_by(ZOOM_STEP)),
            self._action("zoom_out", self.tr("Zoom &out"), lambda: canvas.zoom_by(1 / ZOOM_STEP)),
            self._action("zoom_fit", self.tr("&Fit to window"), canvas.fit_to_window),
            self._action("zoom_actual", self.tr("&Actual pixels (100 %)"), canvas.actual_size),
        )
        view_menu.addActions(self._zoom_actions)
        # A greyed action's keys do nothing: while the zoom is greyed, these take its keys
        # and say why in the status bar, as Ctrl+R does on a greyed Retry.
        self._greyed_zoom_keys = tuple(map(self._greyed_zoom_keys_of, self._zoom_actions))
        self.preview.zoomable_changed.connect(self._follow_zoomable)
        self._follow_zoomable()
        view_menu.addSeparator()
        view_menu.addAction(
            self._action("next_tab", self.tr("Ne&xt tab"), lambda: self.turn_tab(1))
        )
        view_menu.addAction(
            self._action("previous_tab", self.tr("&Previous tab"), lambda: self.turn_tab(-1))
        )
        view_menu.addSeparator()
        view_menu.addMenu(self.library.sort_menu)
        view_menu.addSeparator()
        view_menu.addActions(self._pane_actions())
        view_menu.addSeparator()
        view_menu.addAction(
            self._action("statistics", self.tr("S&tatistics…"), self.open_statistics)
        )
        last = self._action("last_message", self.tr("Last &messages…"), self.show_last_message)
        last.setEnabled(False)  # until the status bar has said something
        view_menu.addAction(last)
        view_menu.addSeparator()
        view_menu.addAction(
            self._action("reset_layout", self.tr("&Reset layout"), self.reset_layout)
        )

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(
            self._action("shortcuts", self.tr("&Keyboard shortcuts…"), self.show_shortcuts)
        )
        about = self._action("about", self.tr("&About Kontext Studio"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        watch_menu_keys(file_menu, edit_menu, view_menu, help_menu)

    # Slots --------------------------------------------------------------------------------

    def turn_tab(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) tab, the keyboard going into it. The
        tab bar's own Ctrl+Tab worked only with the focus already in a tab: from the
        library, the search box or the preview, a keyboard-only artist had to Tab through
        every control to the tab bar to reach the prompt again."""
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        page = self.tabs.currentWidget()
        focused = QApplication.focusWidget()
        if focused is not None and page.isAncestorOf(focused):
            target: QWidget | None = focused  # moved in with the page (the tab widget's rule)
        else:
            last = page.focusWidget()
            # The control last focused there may have been hidden or disabled since (the
            # Match ratio once the reference is gone): Qt gives such a widget no focus, and
            # the keyboard stayed behind in the library.
            takes = last is not None and takes_tab(last, page)
            target = last if takes else first_focusable(page)
        if target is not None:
            # Shown as a focus the keys moved: a style draws a button's focus only then, and
            # the tab widget's own move, or a dialog closed before, left it drawn as clicked.
            focus_as_keys(target)

    def _saved_several(self, message: str, hint: str, folder: Path) -> None:
        """A Save of several images into ``folder`` ended: what it saved, and what it left
        out (``hint``), in a banner of its own with the button that shows the folder, as a
        file manager's copy does: the status bar's few seconds were too short to read the
        titles of those left out."""
        self.banner.show_message(
            message,
            hint,
            MessageBanner.INFO,
            (self.tr("Show folder"), lambda: self._open_folder(folder)),
            kind=BannerKind.SAVED,
            answer=True,
        )

    def _publish_left_out(self, message: str, hint: str) -> None:
        """A Publish of several left out those whose image file is missing or damaged: which,
        and what puts them right, in the banner of publishing, as a failed publish of one is said;
        the status bar's few seconds, soon taken by "Published …", were too short."""
        self.banner.show_message(
            message, hint, MessageBanner.ERROR, kind=BannerKind.PUBLISH, answer=True
        )

    def show_error(self, message: str, hint: str, topic: str = "", tag: Said | None = None) -> None:
        """Errors from background work: a dismissable banner, never a dialog or traceback,
        one for each ``topic`` (:func:`~kontext_studio.ui.bridge.error_topic`); over the full
        view too while it is open (the window's is behind it), which alone is read out then,
        once. ``tag``: what the words are of, to take them down by (:meth:`_take_down_tagged`);
        without one, they are tagged anew, for the full view's button to be told as the
        window's (:meth:`_full_view_banner_acted`), and another's words alike, which no one
        takes down, keep their place when the failure they replaced is over."""
        if tag is None:
            tag = Said(message, hint, topic)
        kind = _ERROR_BANNERS.get(topic, BannerKind.ERROR)
        # "Check the access key ID and secret" sent the artist looking for them in the menus.
        at_fault = self.publishing.settings_fault  # of this failure: said as it is shown
        offer = (
            (self.tr("Open Settings"), lambda: self.open_publishing_settings(at_fault))
            if topic == R2_SETTINGS
            else None
        )
        self._show_error_banner(message, hint, offer, kind, tag)

    def _show_error_banner(
        self,
        message: str,
        hint: str,
        action: tuple[str, Callable[[], None]] | None,
        kind: BannerKind,
        tag: Said,
        *,
        there: bool = True,
    ) -> None:
        """The window's error banner of ``kind``, and the full view's too while it is open
        (``there``: not when false), which alone is read out then."""
        in_full_view = there and self.full_view.isVisible()
        self.banner.show_message(
            message,
            hint,
            MessageBanner.ERROR,
            action,
            kind=kind,
            announce=not in_full_view,
            tag=tag,
        )
        if in_full_view:
            self.full_view.show_error(message, hint, action, tag=tag)

    def _show_news(self, said: Said) -> None:
        """News of the library's work (an Undo that brought artworks back without their
        images): the window's banner of news, over the full view too while it is open
        (where Ctrl+Z undoes), which alone is read out then."""
        in_full_view = self.full_view.isVisible()
        self.banner.show_message(
            said.message, said.hint, MessageBanner.INFO, announce=not in_full_view, tag=said
        )
        if in_full_view:
            self.full_view.show_error(said.message, said.hint, level=MessageBanner.INFO, tag=said)

    def _news_over(self, said: Said) -> None:
        """News no longer true (the artworks it named deleted again by a Redo): its banner
        goes, unless newer news took its place."""
        self._take_down_tagged(BannerKind.INFO, said)

    def _news_reworded(self, was: Said, now: Said) -> None:
        """News partly over (a Redo deleted again only some of the artworks it named): its
        banner, here and over the full view, says what is still true while it is up; one
        dismissed is not raised again. Read out once: over the full view where its copy is
        up there (heard from both before), else in the window."""
        stacked = self.banner.banner(BannerKind.INFO)
        there = self.full_view.banner.holds(was)
        if stacked is not None and stacked.holds(was):
            self.banner.show_message(
                now.message, now.hint, MessageBanner.INFO, announce=not there, tag=now
            )
        if there:
            self.full_view.show_error(now.message, now.hint, level=MessageBanner.INFO, tag=now)

    def _show_undo_refusal(self, said: Said) -> None:
        """An Undo or Redo refused for what the artist can put right, then undo again (a
        file to move away, a busy library): said as an error of background work is."""
        self.show_error(said.message, said.hint, said.topic, tag=said)

    def _said_over(self, said: Said) -> None:
        """What failed, told as ``said`` (``Bridge.error``'s tag), works again, or an Undo's
        refusal is over (its step written, or no longer kept): its banner goes, here and
        over the full view, unless newer words took its place. Before, the banner saying
        the library could not be read stayed up over the artworks it read again by itself
        (``LibraryModel.read_over``), as if they were still not read, and "R2 rejected the
        access keys" on top of the artwork the new keys published
        (``PublishController.r2_refusal_over``); taken down by its words, another
        failure's words alike went in its place. Looked for on the banner of its own topic:
        an unpublish the library refused was looked for on publishing's, and stayed up."""
        self._take_down_tagged(_ERROR_BANNERS.get(said.topic, BannerKind.ERROR), said)

    def _prune_references(self) -> None:
        """The prompt form's reference may be a job's copy no job names any more (Reuse
        settings, the job deleted, then a switch of mode): it is kept too, as is a pasted
        image it holds when old pasted images are removed, and the reference of a press of
        Generate whose jobs are not made yet (the form may hold another by now)."""
        held = self.generate_tab.held_references()
        self.bridge.spawn(self.session.engine.prune_references(held))
        self.generate_tab.slot.prune_pasted()

    def _tell_unsent(self, count: int) -> None:
        """Jobs just failed without reaching KIE: one banner for the whole batch, its count
        updated as each fails, with the button that sends them all again. Not once the
        artist dismissed it for this batch (or pressed its button): each job failing in
        turn raised it again, and a screen reader read it out again each time."""
        if self._closed_unsent:
            return
        if self.library.unsent.refused_now:
            self._tell_refused_unsent(count)
            return
        if self.session.demo:
            self._tell_demo_unsent(count)
            return
        if count == 1:
            message = self.tr("A job could not be sent: KIE cannot be reached.")
        else:
            message = self.tr("{count} jobs could not be sent: KIE cannot be reached.").format(
                count=grouped(count)
            )
        unsent = self.library.unsent
        if unsent.uploaded_now:
            hint = self.tr(
                "Only reference images were uploaded to KIE (uploads are free); the jobs "
                "themselves did not reach KIE this time, so these sends were not charged. "
                "Check your internet connection, then retry them."
            )
        else:
            hint = self.tr(
                "These sends did not reach KIE, so they were not charged. Check your internet "
                "connection, then retry them."
            )
        self._show_unsent(message, hint, (unsent.label(count), self._retry_unsent_now))

    def _tell_refused_unsent(self, count: int) -> None:
        """They failed because KIE's upload service (the demo server's, in demo mode) kept
        refusing their reference images, or its answers stopped before they were complete:
        KIE answered, so neither "KIE cannot be reached" nor "the demo server stopped" is
        true, nor that it refused a cut upload; they can be sent again from here."""
        if self.session.demo and count == 1:
            message = self.tr(
                "A job could not be sent: its reference image could not be uploaded to the "
                "demo server."
            )
        elif self.session.demo:
            message = self.tr(
                "{count} jobs could not be sent: their reference images could not be uploaded "
                "to the demo server."
            ).format(count=grouped(count))
        elif count == 1:
            message = self.tr(
                "A job could not be sent: its reference image could not be uploaded to KIE."
            )
        else:
            message = self.tr(
                "{count} jobs could not be sent: their reference images could not be uploaded "
                "to KIE."
            ).format(count=grouped(count))
        hint = self.tr(
            "These sends did not reach KIE’s generate call, so they were not charged. Retry "
            "them in a while."
        )
        unsent = self.library.unsent
        self._show_unsent(message, hint, (unsent.label(count), self._retry_unsent_now))

    def _retry_unsent_now(self) -> None:
        """The unsent jobs' banner's button: send its jobs again. A press is no Dismiss of
        the batch (:meth:`_banner_closed`, called before): those of it failing after the
        press raise the banner again, counted without those sent (:meth:`UnsentJobs.retry_now`).
        Before, a batch of four whose first failed offered "Retry 1 job"; once pressed, the
        other three failed unsaid, offered only in More."""
        self._closed_unsent = False
        self.library.unsent.retry_now()

    def _tell_demo_unsent(self, count: int) -> None:
        """In demo mode they failed because the simulator on this computer stopped, as the
        status bar says: the words are the status bar's, and there is no button to send
        them again, which fails until a restart of the app starts it again (the library's
        More menu offers them then)."""
        if count == 1:
            message = self.tr("A job could not be sent: the demo server stopped answering.")
        else:
            message = self.tr(
                "{count} jobs could not be sent: the demo server stopped answering."
            ).format(count=grouped(count))
        hint = explain_kind(NetworkError.kind, facts=Facts(demo=True)).hint
        self._show_unsent(message, hint)

    def _tell_passed_over(self, sent: int, passed: int) -> None:
        """A press of "Retry N jobs that were not sent" found ``passed`` of them sent again
        or deleted meanwhile by another window or command, and sent only the other ``sent``:
        said, where before the button sent nothing for them, silently."""
        if sent == 0 and passed == 1:
            message = self.tr(
                "Nothing left to send: another window or command has already sent this job "
                "again, or deleted it."
            )
        elif sent == 0:
            message = self.tr(
                "Nothing left to send: another window or command has already sent these "
                "{count} jobs again, or deleted them."
            ).format(count=grouped(passed))
        elif passed == 1:
            message = self.tr(
                "Sent {sent} of {count} jobs again: another window or command had already "
                "sent the other one again, or deleted it."
            ).format(sent=grouped(sent), count=grouped(sent + passed))
        else:
            message = self.tr(
                "Sent {sent} of {count} jobs again: another window or command had already "
                "sent the other {passed} again, or deleted them."
            ).format(sent=grouped(sent), count=grouped(sent + passed), passed=grouped(passed))
        self.show_info(message)

    def _show_unsent(
        self, message: str, hint: str, action: tuple[str, Callable[[], None]] | None = None
    ) -> None:
        """The unsent jobs' banner, read out when it first appears, not at each count."""
        self.banner.show_message(
            message,
            hint,
            MessageBanner.ERROR,
            action,
            kind=BannerKind.UNSENT,
            announce=self.banner.banner(BannerKind.UNSENT) is None,
        )

    def _hold_sends(self) -> None:
        """While the demo server is stopped (as the status bar says), Retry, Resubmit and
        the More menu's retry of unsent jobs are held, saying why in the stopped server's
        words, as the banner offers no retry: anything sent fails until a restart of the
        app starts the server again. A server that answers again lets them go."""
        why = ""
        if self.kie_reach.demo_stopped:
            words = explain_kind(NetworkError.kind, facts=Facts(demo=True))
            why = "\n".join((words.message, words.hint))
        for panel in (self.library, self.preview):
            panel.job_actions.hold_sends(why)
        self.library.unsent.hold(why)

    def _follow_refusals(self, snapshot: Snapshot) -> None:
        """A job seen running here was just refused for the account: KIE rejects the key
        (revoked, changed on kie.ai, mistyped) or the balance is too small. One banner for
        the whole batch, with the button that leads to the fix: each tile said "Open
        Settings" or "Top up at kie.ai", and nothing on screen opened either."""
        self._follow_sends(snapshot)
        was = self._followed.get(snapshot.id)
        if snapshot.state.is_active:
            if was is None:  # a new batch (Generate, Retry): a dismissed banner may return
                self._closed_refusals.clear()
                self._closed_unsent = False
            self._followed[snapshot.id] = snapshot.error_kind
        elif was is None:  # not seen running here: a rename or star of an old job, or a
            if snapshot.error_kind in _ACCOUNT_REFUSALS:  # job carried on, not handed yet
                self._ended_unfollowed[snapshot.id] = snapshot  # (only these are told)
            return
        else:
            del self._followed[snapshot.id]
        kind = snapshot.error_kind
        if snapshot.state is JobState.CANCELLED or kind == was:  # said once a job, not a poll
            return
        if kind == AuthError.kind:
            self._refused_at[BannerKind.REFUSED_KEY] = self._sends_seen
            self._tell_key_rejected()
        elif kind == CreditsError.kind:
            self._refused_at[BannerKind.NO_CREDITS] = self._sends_seen
            self._tell_credits_short()

    def _follow_sends(self, snapshot: Snapshot) -> None:
        """KIE made a task for a send seen going out here after a refusal for the account
        came: the key works again and the balance covered the job (topped up), so that
        refusal is over and its banner goes. Before, "Your KIE account does not have enough
        credits" stayed above the images made after the top-up, beside "Credits: 995".

        Only a send begun after the refusal says so: one out before it may have been taken
        before the balance ran out, and a job seen generating without its send here (a
        task followed again) says nothing of the account now.

        Such a send refused for want of credits says the key works again: KIE weighs the
        balance of the account the key is of. Before, "KIE rejected the API key" stayed
        above the credits banner, its Open Settings asking for a key in place of one KIE
        takes, until a job was made."""
        if snapshot.state is JobState.SUBMITTING:
            if self._going_out.get(snapshot.id, (-1, 0))[0] != snapshot.submit_count:
                self._sends_seen += 1
                self._going_out[snapshot.id] = (snapshot.submit_count, self._sends_seen)
            return
        going = self._going_out.pop(snapshot.id, None)
        if going is None or going[0] != snapshot.submit_count:
            return
        if snapshot.state is JobState.GENERATING and snapshot.task_id:
            over = list(self._refused_at)
        elif snapshot.error_kind == CreditsError.kind:
            over = [BannerKind.REFUSED_KEY]
        else:
            return
        for kind in over:
            refused = self._refused_at.get(kind)
            if refused is not None and going[1] > refused:
                del self._refused_at[kind]
                self._refusal_over(kind)

    def _refusal_over(self, kind: BannerKind) -> None:
        """The refusal's banner goes, here and in the full view, and a refusal that comes
        again (the balance spent once more) is news, said even if the artist had dismissed
        this one for its batch."""
        said = self._refusals_shown.pop(kind.value, None)
        if said is None:
            return
        if self._closed_refusals.get(kind.value) == (said.message, said.hint):
            del self._closed_refusals[kind.value]
        self._take_down_tagged(kind, said)

    def _take_down_refusal(self, kind: BannerKind) -> None:
        """The refusal of ``kind``'s banner goes, here and in the full view, by the tag it
        was shown with (:meth:`_show_refusal`), unless newer words took its place. Still
        noted as shown, for its end to let it be said again (:meth:`_refusal_over`):
        forgotten, a refusal dismissed before the key was removed in Settings stayed
        unsaid when it came again after a job was taken."""
        said = self._refusals_shown.get(kind.value)
        if said is not None:
            self._take_down_tagged(kind, said)

    def _tell_key_rejected(self) -> None:
        """Not while a new key saved in Settings waits for its switch: this session's
        jobs go on being refused with the old key until then, and "enter a valid key" in
        place of the banner that offers the switch sent the artist back to Settings to
        enter the key they had just entered."""
        if self._new_key_waits():
            message = self.tr("KIE rejected the API key, so jobs cannot be made.")
            self._tell_old_key_refused(BannerKind.REFUSED_KEY, message)
            return
        self._show_refusal(BannerKind.REFUSED_KEY, *self._refusal_words(BannerKind.REFUSED_KEY))

    def _new_key_waits(self) -> bool:
        """Whether a new key saved in Settings waits for its switch (:meth:`switch_mode`):
        this session's jobs go on being refused with the old key until then, for the old
        key's reasons."""
        return self._switch_needs_key and self.switch_action.isVisible()

    def _tell_old_key_refused(self, kind: BannerKind, message: str) -> None:
        """A job refused for the old key (or the demo balance) while a new key waits for its
        switch: said only once the banner offering the switch is gone (dismissed), with that
        offer and no other. Before, once it was dismissed, the jobs still sent with the old
        key were refused one after the other with no banner saying why, nor that the new
        key was not in use yet. The offer is told by its tag: any banner of the key's was
        taken for it, and with a later save's words in its place (the R2 secret the keyring
        did not take), the refusals went unsaid."""
        offer = self.banner.banner(BannerKind.KEY)
        if offer is not None and offer.holds(self._switch_offered):
            return  # the offer to use the new key says it
        hint = (
            self.tr(
                "The new API key is not in use yet: switch to live mode to make images with it."
            )
            if self.session.demo
            else self.tr(
                "They were sent with the old API key: use the new one, then retry the jobs it "
                "stopped."
            )
        )
        self._show_refusal(kind, message, hint, (self._switch_label, self.switch_mode))

    def _tell_credits_short(self) -> None:
        """Not while a new key waits for its switch: the balance that ran out is the old
        key's account's (or the demo server's), and "Top up at kie.ai" on top of the offer
        to use the new key sent the artist to top up an account they were leaving."""
        if self._new_key_waits():
            message = (
                self._demo_balance_words()[0]
                if self.session.demo
                else self.tr(
                    "Your KIE account does not have enough credits, so jobs cannot be made."
                )
            )
            self._tell_old_key_refused(BannerKind.NO_CREDITS, message)
            return
        self._show_refusal(BannerKind.NO_CREDITS, *self._refusal_words(BannerKind.NO_CREDITS))

    def _refusal_words(self, kind: BannerKind) -> tuple[str, str, tuple[str, Callable[[], None]]]:
        """What the refusal of ``kind`` (``REFUSED_KEY``, ``NO_CREDITS``) of the key in use
        says, and its button. The demo server's balance run out is no account's: topping up
        at kie.ai does nothing for it (a demo job uses no real credits), it is full again the
        next day, and a key in Settings makes the images for real."""
        settings = (self.tr("Open Settings"), self.menu_actions["settings"].trigger)
        if kind is BannerKind.REFUSED_KEY:
            return (
                self.tr("KIE rejected the API key, so jobs cannot be made."),
                self.tr(
                    "Open Settings and enter a valid KIE API key, then retry the jobs it stopped."
                ),
                settings,
            )
        if self.session.demo:
            return (*self._demo_balance_words(), settings)
        return (
            self.tr("Your KIE account does not have enough credits, so jobs cannot be made."),
            self.tr("Top up at kie.ai, then retry the jobs it stopped."),
            (self.tr("Open kie.ai"), self._open_kie_site),
        )

    def _demo_balance_words(self) -> tuple[str, str]:
        return (
            self.tr("The demo balance has run out, so demo jobs cannot be made."),
            explain_kind(CreditsError.kind, facts=Facts(demo=True)).hint,
        )

    def _show_refusal(
        self,
        kind: BannerKind,
        message: str,
        hint: str,
        action: tuple[str, Callable[[], None]],
        *,
        there: bool = True,
    ) -> None:
        """Not once the artist dismissed the same banner for this batch: each of its jobs
        waiting its turn is refused in turn, and raised again by each, a closed "KIE
        rejected the API key" came back seconds later (the tiles still say it). The same
        first line with another hint and button is news, said: a new key saved since, not
        in use yet. Before, "KIE rejected the API key" dismissed (or its Open Settings
        pressed) kept the old key's later refusals, and the offer to use the new one,
        unsaid.

        Said in the full view too while it is open, at its top, with the button, which
        goes back to the window first (:meth:`FullView.show_error`): an artist culling
        there while the batch runs saw nothing of the refusal that had stopped it. Heard
        there once, not for each job: the same words again are not read out.

        Tagged (:class:`Said`), here and in the full view, and taken down by the tag once
        the refusal is over (:meth:`_refusal_over`): taken down by their words, the full
        view's, which kept the words it first showed while the window's changed hint, stayed
        up over images the key made.

        ``there``: said over the full view too. Not for a refusal said again whose copy the
        artist dismissed there (:meth:`_old_key_refusals_retold`): said in the window alone,
        and read out there, it stays away from the full view for its batch."""
        if self._closed_refusals.get(kind.value) == (message, hint):
            return
        said = Said(message, hint)
        self._refusals_shown[kind.value] = said
        self._show_error_banner(message, hint, action, kind, said, there=there)
        if not there:
            self._closed_refusals[kind.value] = (message, hint)

    def _full_view_banner_closed(self) -> None:
        """A refusal dismissed in the full view stays away for its batch, there and here;
        the window's banner keeps it for after, as it keeps the full view's errors."""
        closed = self.full_view.banner.tag()
        for kind in (BannerKind.REFUSED_KEY, BannerKind.NO_CREDITS):
            banner = self.banner.banner(kind)
            said = self._refusals_shown.get(kind.value)
            if said is not None and said is closed and banner is not None and banner.holds(said):
                self._closed_refusals[kind.value] = (said.message, said.hint)

    def _full_view_banner_acted(self) -> None:
        """The full view's button was pressed (Open Settings, Open kie.ai): it is the
        window's banner it shows the words of pressed (told by their tag), which goes, a
        refusal staying away for its batch (:meth:`_banner_closed`), as when the artist
        presses the window's own. Told by their words, a banner of another kind saying the
        same went too, and a refusal whose words the window had reworded since stayed."""
        shown = self.full_view.banner.tag()
        for banner in self.banner.shown():
            if banner.holds(shown):
                kind = BannerKind(str(banner.property("kind")))
                self.banner.dismiss(kind)
                self._banner_closed(kind.value, shown)

    def _banner_closed(self, kind: str, tag: object) -> None:
        """Dismissed, or acted on (Open Settings, Open kie.ai, Retry): a refusal, or the
        unsent jobs' banner, stays away for its batch (:meth:`_show_refusal`,
        :meth:`_tell_unsent`); but the unsent jobs' Retry, pressed, lets the jobs of the
        batch failing after it raise it again (:meth:`_retry_unsent_now`, called after).

        Its copy over the full view, shown with the same ``tag``, goes with it, as the
        window's goes with the full view's button (:meth:`_full_view_banner_acted`):
        before, the window's Open Settings pressed (the full view open on another screen)
        left "KIE rejected the API key" up over the full view, the artist having acted on it."""
        if self.full_view.banner.holds(tag):
            self.full_view.banner.dismiss()
        if kind in (BannerKind.REFUSED_KEY, BannerKind.NO_CREDITS) and isinstance(tag, Said):
            self._closed_refusals[kind] = (tag.message, tag.hint)  # shown by _show_refusal
        elif kind == BannerKind.UNSENT:
            self._closed_unsent = True

    def _open_kie_site(self) -> None:
        """KIE's site, where the account is topped up; a browser that cannot be started is
        said in the status bar, where the banner's button was."""
        if not QDesktopServices.openUrl(QUrl(KIE_SITE)):
            self._show_status(
                self.tr("No web browser could be opened: go to {site} to top up.").format(
                    site=KIE_SITE
                )
            )

    def _unsent_changed(self, count: int) -> None:
        """Some of those jobs were retried or deleted one by one: the banner that counts
        them counts again, or goes once none is left."""
        if self.banner.banner(BannerKind.UNSENT) is None:
            return
        if count:
            self._tell_unsent(count)
        else:
            self.banner.dismiss(BannerKind.UNSENT)

    def show_info(self, message: str, hint: str = "") -> None:
        self.banner.show_message(message, hint, MessageBanner.INFO)

    def reveal_job(self, job_id: int, made: int = 1) -> None:
        """A job just generated or imported, the first of ``made``: shown in the library and
        the preview, whatever the library's search and filters were (the status bar says
        when they were cleared, of as many images as were made: a Generate of 4 said "the
        new image")."""
        if not self.library.reveal_job(job_id):
            return
        if made == 1:
            words = self.tr("The library's search and filters were cleared to show the new image.")
        else:
            words = self.tr("The library's search and filters were cleared to show the new images.")
        self._show_status(words)

    def _library_choices(self) -> int:
        """The note taken at a press of Generate, Add to library or Publish (the tabs'
        ``note_press``): the library's choices (:attr:`LibraryPanel.choices`) then."""
        return self.library.choices

    def _show_new(self, snapshot: Snapshot, noted: int, made: list[Snapshot]) -> None:
        """An artwork a press made (Generate's first job, the last an Upload batch brought
        in, of all it ``made``), shown at the event loop's next turn (:meth:`_show_newest`);
        of the presses whose artworks come in the same turn, only the last one's, as the
        last was what stayed shown. The jobs of a burst of presses come in together (the
        ledger's writer records them in one batch), and each was selected and shown in turn
        (2-3 ms each) only for the next to replace it: up to 29 back to back, a 52 ms stall."""
        self._newest = (snapshot, noted, made)
        self._showing_new.start()

    def _show_newest(self) -> None:
        """The artwork :meth:`_show_new` kept is shown (:meth:`reveal_job`) unless the
        artist chose other artworks in the library since its press (Ctrl+A, a click, a
        Ctrl+click, a key, a search or filter, the full view, a "Show in the library":
        :attr:`LibraryPanel.choices`; ``noted``: the choices then). Made a moment after the
        press (seconds, for a large reference or a batch of files), it was selected over
        their choice, and a Ctrl+A was undone. Each press is judged by the choices made
        after it, not after the last press: an earlier press's job, made last, took a choice
        made after its press. The choice kept, the status bar says when the search and
        filters hide any of the artworks made once done (:meth:`_say_hidden`), else they
        are left unseen without a word, as if nothing had been made."""
        assert self._newest is not None
        snapshot, noted, made = self._newest
        self._newest = None
        if self.library.choices == noted:
            self.reveal_job(snapshot.id, len(made))
        else:
            self._say_hidden(made)

    def _say_hidden(self, made: list[Snapshot]) -> None:
        """The status bar says how many of the artworks ``made`` the library's search and
        filters hide (:meth:`LibraryPanel.hides_new`), when they hide any. Only the one to
        show was judged: an Upload batch whose last file the search showed hid the others
        unsaid."""
        hidden = sum(map(self.library.hides_new, made))
        if not hidden:
            return
        if len(made) == 1:
            self._show_status(self.tr("The library's search and filters hide the new image."))
        elif hidden == len(made):
            self._show_status(self.tr("The library's search and filters hide the new images."))
        else:
            words = (
                self.tr(
                    "1 of the {count} new images is hidden by the library's search and filters."
                )
                if hidden == 1
                else self.tr(
                    "{hidden} of the {count} new images are hidden by the library's search "
                    "and filters."
                )
            )
            self._show_status(words.format(hidden=grouped(hidden), count=grouped(len(made))))

    def show_cut_off(self, job_ids: list[int]) -> None:
        """Jobs cut off by a crash (:meth:`_tell_cut_off`'s Show in the library): those still
        in the library selected together, the first in its order shown, whatever its search
        and filters were (said when they were cleared), so that one Resubmit sends them all
        again. Those deleted since are left out; when none is left, that is said and the
        search and filters stay as they are. The keys go to the library then, where Ctrl+R
        says why Retry leaves them and the arrows move among them. The artist's choice, as
        the preview's links are (:meth:`_show_linked`), once some are found to show."""
        gone = (
            self.tr("That job is no longer in the library.")
            if len(job_ids) == 1
            else self.tr("Those jobs are no longer in the library.")
        )
        self.bridge.spawn(self._show_in_library(job_ids, gone))

    def show_undeleted(self, job_ids: list[int]) -> None:
        """The artworks a Delete cut at the last close left (:meth:`tell_delete_cut`'s Show
        in the library), selected together as :meth:`show_cut_off` selects its jobs: one
        Delete deletes them again."""
        gone = (
            self.tr("That artwork is no longer in the library.")
            if len(job_ids) == 1
            else self.tr("Those artworks are no longer in the library.")
        )
        self.bridge.spawn(self._show_in_library(job_ids, gone))

    async def _show_in_library(self, job_ids: list[int], gone: str) -> None:
        """Select ``job_ids`` still in the library, the first in its order shown (one
        Generate's images in their places, as their tiles read); ``gone`` in the status bar
        when none is. Taken newest first by time and id, the "4 of 4" of a Generate of four
        was shown, where its tiles begin at "1 of 4"."""
        found = await asyncio.to_thread(self.session.ledger.get_many, job_ids)
        order = self.library.model.filter.order
        left = sorted(found.values(), key=lambda snap: order_key(order, snap))
        if not left:
            self._show_status(gone)
            return
        self.library.asked()
        if self.library.reveal_jobs(left):
            self._show_status(
                self.tr("The library's search and filters were cleared to show that artwork.")
                if len(left) == 1
                else self.tr("The library's search and filters were cleared to show them.")
            )
        self.library.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_reference_artwork(self, job_id: int) -> None:
        """The artwork an edit's reference was (the preview's link): shown in the library,
        whatever its search and filters; said when it has been deleted since."""
        self._show_linked(job_id)

    def show_linked_artwork(self, job_id: int) -> None:
        """An artwork kept for a job's late task (the preview's link), shown in the library
        as an edit's reference is."""
        self._show_linked(job_id, self.tr("That artwork is no longer in the library."))

    def show_made_for_job(self, job_id: int) -> None:
        """The job an artwork was kept for (the preview's link): said as a job when it has
        been deleted since, as the link names it ("show that job")."""
        self._show_linked(job_id, self.tr("That job is no longer in the library."))

    def _show_linked(self, job_id: int, gone: str = "") -> None:
        """A preview's link to ``job_id`` followed: the artist's choice in the library once
        the artwork is found to show (:meth:`LibraryPanel.asked`). Uncounted, a new job made
        a moment later took the selection from the artwork the link showed; counted as it
        was clicked, a link to an artwork gone since kept the new job from being shown,
        though nothing else was."""
        self.bridge.spawn(self._show_reference_artwork(job_id, gone))

    async def _show_reference_artwork(self, job_id: int, gone: str = "") -> None:
        """The keyboard goes to the library with the artwork, as Show in the library of the
        jobs a crash cut off takes it there (:meth:`show_cut_off`): it stayed on the link,
        which the artwork shown then has not, and Del, the arrows and Enter did nothing in
        the library."""
        if await asyncio.to_thread(self.session.ledger.get, job_id) is None:
            self._show_status(
                gone or self.tr("The artwork this edit came from is no longer in the library.")
            )
            return
        self.library.asked()
        if self.library.reveal_job(job_id):
            self._show_status(
                self.tr("The library's search and filters were cleared to show that artwork.")
            )
        self.library.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def front_window(self) -> QWidget:
        """What a box the window opens of itself (publishing not set up, the question
        before quitting) is parented to: the full view while it is open, else this window.
        Window-modal over this window, such a box blocked the full view too (a window of
        this one's), and opened behind it: a full screen whose keys, Esc too, and mouse did
        nothing. Over the full view it is in sight, and once answered the artist is back
        where they were."""
        return self.full_view if self.full_view.isVisible() else self

    def open_full_view(self, snapshot: Snapshot) -> None:
        self.preview.show_snapshot(snapshot)
        self.library.dialog_parent = self.full_view
        self.full_view.open()

    def _delete_in_full_view(self) -> None:
        """Delete in the full view: the artwork shown, alone, asked about and put in the
        Trash as the library's Delete does; the library then shows the one that takes its
        place, and the full view follows (it closes when none is left)."""
        self._act_in_full_view("delete")

    def _undo_in_full_view(self, key: str) -> None:
        """Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) in the full view: the library's Undo and Redo
        (``key``), or, greyed, why not, in the words their keys say in the grid ("Nothing in
        the library to undo."). A Delete there asks the library's question, which says
        Ctrl+Z brings the artwork back; with nothing to undo, the key said nothing."""
        action = self.library.key_actions[key]
        if action.isEnabled():
            action.trigger()
        else:
            self.library.job_actions.undo.say_greyed(action)

    def _star_in_full_view(self) -> None:
        """Ctrl+D in the full view: the artwork shown, alone, starred or unstarred as the
        library's Star does it (its tile follows, and the full view's star with it)."""
        self._act_on_shown("star")

    def _act_in_full_view(self, command: str) -> None:
        """F2, Ctrl+I, Ctrl+S, Ctrl+C, Ctrl+Shift+C, Ctrl+P and Ctrl+R in the full view: the
        library's ``command`` on the artwork shown, its box (if any) over the full view,
        which has its keys back once it is answered (not the main window, behind it)."""
        self._act_on_shown(command)
        if self.full_view.isVisible():
            self.full_view.activateWindow()

    def _act_on_shown(self, command: str) -> None:
        """The library's ``command`` on the artwork the full view shows, alone; greyed for
        it, why not, in the full view's notice (:meth:`JobActions.say_why_greyed`, the
        words of the library's keys). Before, Ctrl+P on an artwork published already, or
        Ctrl+C on one whose file is missing, did nothing there and said nothing."""
        if not self._select_shown():
            return
        action = self.library.commands[command]
        if action.isEnabled():
            action.trigger()
        else:
            self.library.job_actions.say_why_greyed(command)

    def _select_shown(self) -> bool:
        """Select the artwork the full view shows, alone, in the library; whether the
        library holds it as its current one, to be acted on."""
        shown = self.preview.snapshot
        if shown is None:
            return False
        self.library.select_job(shown.id)
        current = self.library.current_snapshot()
        return current is not None and current.id == shown.id

    def _menu_in_full_view(self, at: QPoint) -> None:
        """Shift+F10, the Menu key or a right-click in the full view: the library's menu of
        the artwork shown, over the full view at ``at`` (its middle for the keys), in front
        of it (a menu of the window's would open behind). Without View full screen, where
        it is. Before, the keys did nothing there. Once: on X11 one press of the Menu key
        may ask twice."""
        if QApplication.activePopupWidget() is not None or not self._select_shown():
            return
        view = self.full_view
        menu = self.library.context_menu(parent=view, leave_out=("full_view",))
        keys_told_truly(menu, self.library.commands)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.aboutToHide.connect(self._full_view_keys_back)
        menu.triggered.connect(self._full_view_keys_back_after)
        menu.popup(at)

    def _full_view_keys_back(self) -> None:
        """The full view's menu closing: the full view, if still open, takes the keys back,
        before what was chosen acts. On a bare X server no window had them after, and the
        full view's keys did nothing until a click."""
        if self.full_view.isVisible():
            self.full_view.activateWindow()

    def _full_view_keys_back_after(self) -> None:
        """What was chosen in the full view's menu has acted: its question answered (Delete…,
        Rename…), the full view takes the keys back, as after its own keys
        (:meth:`_act_in_full_view`). Before, no window had them, and Delete, the arrows
        and Esc did nothing there until a click. Not from a box the choice left open over
        it (Enter task ID…), whose field has them."""
        boxes = self.full_view.findChildren(QDialog)
        if not any(box.isVisible() for box in boxes):
            self._full_view_keys_back()

    def _shut_full_view(self) -> None:
        """Close the full view if it is open. Closed again when shut, it said so, and the
        window focused the library: the keys left the prompt (Ctrl+, there), and at the
        window's close a first tile was selected for the next start."""
        if self.full_view.isVisible():
            self.full_view.close()

    def _full_view_closed(self) -> None:
        self.library.dialog_parent = None
        # A box open over it (its artwork deleted by another program) keeps the keys: the
        # window, which it blocks, took them, and Esc there answered nothing.
        box = QApplication.activeModalWidget()
        (box if box is not None else self).activateWindow()
        self.library.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def use_as_reference(
        self,
        path: str,
        name: str = "",
        known: Provenance | None = None,
        job: int = 0,
        *,
        left_out: int = 0,
        passed_over: bool = False,
    ) -> None:
        """Edit the image at ``path``; ``name`` is how the slot calls it (a library
        artwork's title), by default the file's own name; ``known``, how the library says
        it was made; ``job``, the library artwork it is (0: a file from elsewhere);
        ``left_out`` and ``passed_over``, the files opened with it ("Open With" on several:
        :meth:`ReferenceSlot.set_reference` says so). Asked for in the full view (its menu),
        it closes: the Generate tab it shows is behind it."""
        self._shut_full_view()
        self.tabs.setCurrentWidget(self.generate_tab)
        self.generate_tab.use_as_reference(
            path, name or None, known, job=job or None, left_out=left_out, passed_over=passed_over
        )
        self.generate_tab.focus_prompt()

    def bring_forward(self) -> None:
        """Come to the front, as a later launch on this library asked (the desktop may
        only flash the window's entry when it refuses to hand over the focus)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        QApplication.alert(self)

    def reuse_settings(self, snapshot: Snapshot) -> None:
        """The Generate tab's form set as ``snapshot`` was made; asked for in the full view
        (its menu), it closes, as for :meth:`use_as_reference`."""
        self._shut_full_view()
        self.tabs.setCurrentWidget(self.generate_tab)
        self.generate_tab.apply_snapshot(snapshot)

    def generate_shown(self) -> None:
        """Generate (Ctrl+Enter, File → Generate) from the Generate tab's form only while it
        is shown. Before, pressed on the Upload tab it sent (and charged) a job from a prompt
        the artist could not see; now it shows that form, to be checked and sent with a
        second press. A press the form cannot send ("Wait a moment: the reference image is
        being checked.") says why in the status bar: the line under the button, out of the
        keyboard's way, was all there was, and the key seemed to do nothing. So does a press
        of a form whose jobs are not made yet (a disk that stalls), which makes no more."""
        tab = self.generate_tab
        if self.tabs.currentWidget() is not tab:
            self._show_generate_form()
            return
        problem = tab.problem()
        if problem is not None:
            self._show_status(self.tr("Nothing was sent: {reason}").format(reason=problem))
            return
        if tab.generate() or not tab.already_pressed():
            return
        # A press already on its way, whose jobs are still made: "Nothing was sent: Slow
        # disk: the job is not saved yet…" read as if they were lost. The tab has read out
        # the line under the button.
        self._show_status(
            self.tr("Nothing more was sent: {reason}").format(reason=tab.reason.line),
            read_out=False,
        )

    def _show_generate_form(self) -> None:
        """Generate pressed where the prompt is out of sight (the Upload tab, the full
        view): the Generate tab's form shown, the keyboard in the prompt, nothing sent."""
        self.tabs.setCurrentWidget(self.generate_tab)
        self.generate_tab.focus_prompt()
        self._show_status(
            self.tr("Nothing was sent: check the prompt, then press {keys} to generate.").format(
                keys=shortcuts.keys_text("generate")
            )
        )

    def go_to_prompt(self) -> None:
        """Ctrl+L: the Generate tab shown, the keyboard in the prompt with its words
        selected, as a browser's Ctrl+L selects the address: typed over at once for a new
        prompt, or kept with an arrow key (Undo brings typed-over words back)."""
        self.tabs.setCurrentWidget(self.generate_tab)
        self.generate_tab.type_over_prompt()

    def paste_reference(self) -> None:
        self.tabs.setCurrentWidget(self.generate_tab)
        if not self.generate_tab.paste_reference():
            self._say_nothing_to_paste()

    def _say_nothing_to_paste(self) -> None:
        """Ctrl+V, the menu's Paste reference image and the slot's Paste button alike."""
        self._show_status(
            self.tr("The clipboard holds no image or image file to use as a reference.")
        )

    def _say_move_refused(self) -> None:
        """A file dragged in (the reference slot, the Upload tab) by a source that offers
        to move it and never to copy it: the app only copies, so the drop is refused, and
        the no-entry cursor alone said nothing of why. Said as the drag comes in, where the
        refusal shows."""
        self._show_status(
            self.tr(
                "That program lets the file be moved only; Kontext Studio copies. "
                "Drag it from your file manager."
            )
        )

    def _show_status(self, text: str, *, read_out: bool = True) -> None:
        """Say ``text`` in the status bar for a while, and have a screen reader read it out
        as the banners are (:func:`announce`): the bar sits at the window's foot, away from
        the focus, and a reader said nothing of it ("Nothing was sent", after Ctrl+Enter on
        the Upload tab, was never heard). Each message there answers something the artist
        just did, so each is worth hearing; the empty one only clears the bar. Not with
        ``read_out`` false: a publish of a batch, heard once at its end
        (:meth:`_show_publish_status`).

        Said over the full view too while it is open, which covers the bar, and read out
        from there: "Moved “…” to the Trash." after a Delete in the full view was never
        seen. Not while View ▸ Last messages has the keyboard: the words coming into it are
        said there, and a reader said each notice twice. The same words said again come
        into it as a new time alone: the bar says them then."""
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)
        said_in_box = text != self.notice_log.latest() and LastMessagesDialog.says_new_notices()
        if text:
            self.notice_log.add(text)
            self.menu_actions["last_message"].setEnabled(True)
        there: QWidget = self.statusBar()
        if self.full_view.isVisible():
            self.full_view.show_notice(text, STATUS_MESSAGE_MS)
            there = self.full_view.notice
        if text and read_out and not said_in_box:
            announce(there, text, MessageBanner.INFO)

    def _take_back_status(self) -> None:
        """The last notice taken back as no longer true: off the bar and the full view if it
        is still there, and out of View ▸ Last messages, greyed once it keeps none. Said
        over the full view, it stayed there, the bar's taken back."""
        taken = self.notice_log.latest()
        if self.statusBar().currentMessage() == taken:
            self.statusBar().clearMessage()
        self.full_view.take_back_notice(taken)
        self.notice_log.take_back(taken)
        self.menu_actions["last_message"].setEnabled(bool(self.notice_log.notices()))

    def _show_publish_status(self, text: str) -> None:
        """A publish's outcome, read out only once none is left under way and no Upload
        batch runs (its summary is read out as it ends): a Publish of fifty files had a
        screen reader say "Published “…”." fifty times, one after the other, long after the
        artist moved on. Each still shows in the status bar. The answer to an act of one
        artwork's (a link copied, an unpublish) is no outcome of a batch: it is read out at
        once (:attr:`PublishController.answer`)."""
        more = self.publishing.busy_count() or self.upload_tab.busy
        self._show_status(text, read_out=not more)

    def _refusal_reworded(self, was: Said, now: Said, news: bool) -> None:
        """The artwork whose publish failed, said with ``was``, was found deleted by another
        program, or a stopped batch counts more artworks not published: its banner says
        ``now`` instead, here and over the full view, where it still holds ``was``, and is
        taken down by ``now`` from then on. A banner the artist closed stays closed: it came
        back for the same failure, and newer words (another failure's) keep their place,
        those alike too: told by the words, another failure's banner saying the same was
        reworded. Another failure said alike while a batch's line is up leaves the line
        and its tag in place (``PublishController._stopped_line``): told by its tag, the
        line is found.

        Read out by a screen reader only when what it says changed (``news``: the artwork
        deleted), not for a count moved: before, a batch stopped by R2 was read out again
        for each publish sent beside the first failure that failed after it, up to four
        times for one failure. Read out once: over the full view where its copy is still
        up there, else in the window (its copy dismissed there, it was heard nowhere)."""
        kind = _ERROR_BANNERS.get(was.topic, BannerKind.ERROR)
        stacked = self.banner.banner(kind)
        shown = self.full_view.banner
        there = shown.holds(was)
        if stacked is not None and stacked.holds(was):
            self.banner.show_message(
                now.message,
                now.hint,
                MessageBanner.ERROR,
                stacked.offer(),  # Open Settings kept, of a batch the keys stopped
                kind=kind,
                announce=news and not there,
                tag=now,  # the full view's, reworded alike, told as this one
            )
        if there:
            offer = shown.offer()
            shown.show_message(
                now.message, now.hint, MessageBanner.ERROR, offer, announce=news, tag=now
            )

    def _shows_said(self, said: Said) -> bool:
        """Whether a banner still shows the words put on it with ``said``, the window's of
        its topic or the full view's (:meth:`MessageBanner.holds`): not closed, nor replaced
        by others."""
        stacked = self.banner.banner(_ERROR_BANNERS.get(said.topic, BannerKind.ERROR))
        return (stacked is not None and stacked.holds(said)) or self.full_view.banner.holds(said)

    def _take_down_tagged(self, kind: BannerKind, tag: object) -> None:
        """The banner of ``kind`` goes, here and over the full view, while it holds the
        words shown with ``tag`` (:meth:`MessageBanner.holds`): newer words keep their place,
        and words alike of something else (two refusals of one title) are not taken for them."""
        stacked = self.banner.banner(kind)
        if stacked is not None and stacked.holds(tag):
            self.banner.dismiss(kind)
        if self.full_view.banner.holds(tag):
            self.full_view.banner.dismiss()

    def offer_publish_settings(
        self, message: str, hint: str, in_settings: bool, title: str
    ) -> QMessageBox:
        """R2 is not configured: say what is missing, under ``title``, and offer the
        settings' R2 page (not as the default when ``in_settings`` is false: nothing at
        fault is Settings' to put right; :func:`word_setup_box`). One
        offer at a time: publishes that meet the settings together (the library's, and an
        Upload batch's that joined it or came just after) each ask, and each opened a box
        over the last; the box already open now says the newest reason instead."""
        box = self._setup_offer
        if box is not None and shiboken6.isValid(box) and box.isVisible():
            word_setup_box(box, title, message, hint, in_settings)
            box.raise_()
            return box
        box, chosen = setup_box(self.front_window(), title, message, hint, in_settings)
        chosen.triggered.connect(lambda: self.open_publishing_settings())
        back_when_cancelled(box)  # to the library, or the Upload tab's Publish
        self._setup_offer = box
        return box

    def offer_forget(self, was: Snapshot, refusal: PublishedElsewhereError) -> None:
        """A publish, unpublish or link refused because the artwork is published in another
        bucket than the settings name: said in the banner, with a button that offers to
        forget the publication (:meth:`ask_forget`), for a bucket that can no longer be
        reached, where the core's words sent the artist to a terminal command.

        The banner, while it is up, is of every artwork refused so (a Publish of several
        refuses each), counted and named (:func:`~kontext_studio.ui.job_actions.some_titles`),
        and its button forgets them all. Before, each refusal took the last one's place: the
        banner named the last artwork alone, and offered to forget that one only.

        A screen reader hears only the artwork the banner now names besides those it named
        (:meth:`_also_words`): it heard the whole banner again, every title and the advice,
        at each refusal of a Publish of several."""
        if self.banner.banner(BannerKind.PUBLICATION) is None:
            self._offered_forget.clear()  # dismissed, or taken: the refusals told are over
            said = ""
        else:
            said = "" if was.id in self._offered_forget else self._also_words(was)
        # Its traceback would keep the publish worker's frames (publisher, ledger) alive.
        self._offered_forget[was.id] = (was, refusal.with_traceback(None))
        self._offer_forget(said=said)

    def _offer_forget(self, *, announce: bool = True, said: str = "") -> None:
        """The publication banner, of the artworks :meth:`offer_forget` holds: one in its
        refusal's own words, several counted and named; each by its title as it is now.
        ``said``: what a screen reader hears instead of the whole banner."""
        offered = list(self._offered_forget.values())
        refused = [was for was, _refusal in offered]
        if len(offered) == 1:
            ((was, refusal),) = offered
            job_actions.by_title(refusal, was)
            words = explain(refusal)
            message, hint = words.message, words.hint
            if not self._publishing_set_up():  # no bucket to publish in, nor to switch from
                hint = self.tr(
                    "Name that bucket in the R2 settings again to deal with it there. If it can "
                    "no longer be reached, forget the publication, which removes nothing."
                )
            forget = self.tr("Forget publication…")
        else:
            message, hint = self._several_elsewhere_words(refused)
            forget = self.tr("Forget publications…")
        self.banner.show_message(
            message,
            hint,
            MessageBanner.ERROR,
            (forget, lambda: self.ask_forget(refused)),
            kind=BannerKind.PUBLICATION,
            announce=announce,
            said=said,
        )

    def _also_words(self, was: Snapshot) -> str:
        """What a screen reader hears of ``was`` refused while the publication banner is up
        for others (:meth:`offer_forget`): that artwork alone."""
        if was.published_key:
            words = self.tr("Also published in another bucket: “{title}”.")
        else:  # what a stopped first publish may have left
            words = self.tr("A stopped publish may also have left “{title}” in another bucket.")
        return words.format(title=sentence_title(was))

    def _offer_follows(self, snapshot: Snapshot) -> None:
        """An artwork the publication banner is of changed: once its record no longer says
        what it did when refused (forgotten or unpublished beside the window, published
        again), it has nothing left to forget, and the banner leaves it out. Kept, the
        banner went on saying it was published in another bucket, and the next refusal
        made it one of "2 artworks" there, forgotten with the other, or not, unseen.

        Renamed (in the library, Edit details, or by another program), it is named by its
        new title, unannounced: the banner went on naming it by the old one."""
        offered = self._offered_forget.get(snapshot.id)
        if offered is None or snapshot.older_than(offered[0]):
            return  # a read made before the refusal's
        was, refusal = offered
        if not placed_alike(was, snapshot):
            self._no_longer_offered(snapshot.id)
            return
        self._offered_forget[snapshot.id] = (snapshot, refusal)
        renamed = sentence_title(snapshot) != sentence_title(was)
        if renamed and self.banner.banner(BannerKind.PUBLICATION) is not None:
            self._offer_forget(announce=False)

    def _offers_follow_settings(self) -> None:
        """The R2 settings were saved: an artwork the publication banner is of whose record
        names the bucket (and endpoint) they name now is refused no longer, and the banner
        leaves it out, going with the last. Before, it went on offering to forget a
        publication in the very bucket publishing goes to. Those they still refuse are
        refused as they would be now (:func:`~kontext_studio.publish.elsewhere_refusal`): a
        banner of one went on saying the settings named the bucket they named before a
        switch to a third, or, saved empty, that they still named it. Each keeps its advice
        for what was asked, said again once they name a bucket again (:meth:`_offer_forget`
        words it for no bucket meanwhile). The Forget question open says anew where they
        can be published once forgotten (:func:`word_forget_box`)."""
        bucket, host = settings_location(self.bridge.session.settings.r2)
        for was, refusal in list(self._offered_forget.values()):
            anew = elsewhere_refusal(was, bucket, host)
            if anew is None:
                self._no_longer_offered(was.id)
            else:
                self._offered_forget[was.id] = (was, anew.advising(refusal.hint))
        if self._offered_forget and self.banner.banner(BannerKind.PUBLICATION) is not None:
            self._offer_forget(announce=False)
        if (question := self._open_forget_question()) is not None:
            word_forget_box(*question, set_up=self._publishing_set_up())

    def _offered_artworks(self) -> list[int]:
        """The artworks the publication banner is of while it is up, and those the Forget
        question asks about while it is open: read again, as the rows are, when another
        program writes (``Bridge.shows_artworks``), and told deleted even where the
        library's search hides them."""
        offered = list(self._offered_forget) if self.banner.banner(BannerKind.PUBLICATION) else []
        question = self._open_forget_question()
        return offered + ([was.id for was in question[1]] if question is not None else [])

    def _offers_read_again(self, snapshots: list[Snapshot]) -> None:
        """Another program's write had the library read again (``Bridge.read_again``): the
        banner and the Forget question follow what it did to the artworks they are of
        (:meth:`_offer_follows`, :meth:`_question_follows`). A command's ``unpublish
        --forget`` is told so alone, not as a change: the banner went on saying the artwork
        it forgot is published in another bucket."""
        for snapshot in snapshots:
            self._offer_follows(snapshot)
            self._question_follows(snapshot)

    def _open_forget_question(self) -> tuple[QMessageBox, list[Snapshot]] | None:
        """The Forget question (:meth:`ask_forget`) and the records it asks about, while it
        is open."""
        question = self._forget_question
        if question is not None and shiboken6.isValid(question[0]) and question[0].isVisible():
            return question
        self._forget_question = None
        return None

    def _question_follows(self, snapshot: Snapshot) -> None:
        """An artwork the open Forget question asks about changed: renamed (in the library,
        Edit details, or by another program), it is named by its new title, as the answer
        names it. Before, the question went on asking to forget the publication of the
        artwork by the title it had. Taken only while its record still says of the bucket
        what the question says stays there (:func:`placed_alike`): what it asked is what is
        forgotten, and one changed otherwise is left for the forget to say it changed
        meanwhile."""
        question = self._open_forget_question()
        if question is None:
            return
        box, asked = question
        for place, was in enumerate(asked):
            if (
                was.id == snapshot.id
                and not snapshot.older_than(was)  # not a read made before it
                and placed_alike(was, snapshot)
            ):
                asked[place] = snapshot
                word_forget_box(box, asked, set_up=self._publishing_set_up())

    def _no_longer_offered(self, job_id: int) -> None:
        """``job_id`` leaves the publication banner (:meth:`_offer_follows`; deleted): the
        others it is of are told again, unannounced, or, none left, it goes."""
        if self._offered_forget.pop(job_id, None) is None:
            return
        if self.banner.banner(BannerKind.PUBLICATION) is None:
            return  # dismissed, or taken: nothing to tell again
        if self._offered_forget:
            self._offer_forget(announce=False)
        else:
            self.banner.dismiss(BannerKind.PUBLICATION)

    def _publishing_set_up(self) -> bool:
        """Whether the R2 settings name a bucket and an endpoint: somewhere to publish."""
        return publishing_set_up(self.bridge.session.settings.r2)

    def _several_elsewhere_words(self, refused: Sequence[Snapshot]) -> tuple[str, str]:
        """The banner's words for ``refused``, several artworks refused for their being
        recorded in another bucket than the R2 settings name (:meth:`offer_forget`); or,
        saved empty since, that publishing is not set up: they name no bucket to say the
        artworks are not in, nor one to publish them in once forgotten."""
        published = all(was.published_key for was in refused)
        places = record_places(refused)
        if not self._publishing_set_up():
            message = self._unset_elsewhere_words(refused, published=published)
            hint = self._unset_elsewhere_hint(len(places))
        else:
            message = self._set_elsewhere_words(len(places), published=published)
            hint = self._elsewhere_hint(len(places))
        titles = job_actions.some_titles(refused)
        (bucket, host), *_others = places
        words = message.format(
            count=grouped(len(refused)),
            titles=titles,
            bucket=bucket,
            host=host,
            buckets=grouped(len(places)),
        )
        return words, hint

    def _set_elsewhere_words(self, buckets: int, *, published: bool) -> str:
        """:meth:`_several_elsewhere_words`' message while publishing is set up, to be
        filled: of artworks in ``buckets`` other buckets, how many (it said "another
        bucket" of two)."""
        if buckets == 1 and published:
            return self.tr(
                "{count} artworks are published in another bucket than the one the R2 "
                "settings now name: {titles}."
            )
        if buckets == 1:  # what a stopped first publish may have left, for some
            return self.tr(
                "{count} artworks are published in another bucket than the one the R2 "
                "settings now name, or a stopped publish may have left their images there: "
                "{titles}."
            )
        if published:
            return self.tr(
                "{count} artworks are published in {buckets} other buckets than the one the "
                "R2 settings now name: {titles}."
            )
        return self.tr(
            "{count} artworks are published in {buckets} other buckets than the one the R2 "
            "settings now name, or a stopped publish may have left their images there: "
            "{titles}."
        )

    def _elsewhere_hint(self, buckets: int) -> str:
        """What to do about artworks recorded in ``buckets`` other buckets than the R2
        settings name (:meth:`_several_elsewhere_words`): of two, it said "their old bucket"
        and "it", as if they were in one."""
        if buckets == 1:
            return self.tr(
                "Switch the R2 settings back to their old bucket to deal with them there. If "
                "it can no longer be reached, forget their publications, which removes "
                "nothing; then publish them in the bucket the R2 settings name."
            )
        return self.tr(
            "Switch the R2 settings back to each of their {n} old buckets in turn to deal "
            "with them there. If those can no longer be reached, forget their publications, "
            "which removes nothing; then publish them in the bucket the R2 settings name."
        ).format(n=grouped(buckets))

    def _unset_elsewhere_hint(self, buckets: int) -> str:
        """:meth:`_elsewhere_hint` while publishing is not set up."""
        if buckets == 1:
            return self.tr(
                "Name their old bucket in the R2 settings again to deal with them there. If it "
                "can no longer be reached, forget their publications, which removes nothing."
            )
        return self.tr(
            "Name each of their {n} old buckets in the R2 settings in turn to deal with them "
            "there. If those can no longer be reached, forget their publications, which "
            "removes nothing."
        ).format(n=grouped(buckets))

    def _unset_elsewhere_words(self, refused: Sequence[Snapshot], *, published: bool) -> str:
        """:meth:`_several_elsewhere_words`' message while publishing is not set up, to be
        filled: the bucket the records of ``refused`` name, or how many they name, as the
        banner of one names its bucket. It said "published in another bucket", of no bucket
        at all."""
        one = len(record_places(refused)) == 1
        if one and published:
            return self.tr(
                "{count} artworks are published in the bucket '{bucket}' at {host}, and "
                "publishing is not set up now: {titles}."
            )
        if one:  # what a stopped first publish may have left, for some
            return self.tr(
                "{count} artworks are published in the bucket '{bucket}' at {host}, or a "
                "stopped publish may have left their images there, and publishing is not set "
                "up now: {titles}."
            )
        if published:
            return self.tr(
                "{count} artworks are published in {buckets} buckets, and publishing is not "
                "set up now: {titles}."
            )
        return self.tr(
            "{count} artworks are published in {buckets} buckets, or a stopped publish may "
            "have left their images there, and publishing is not set up now: {titles}."
        )

    def _say_if_searched_out(self, before: Snapshot, after: Snapshot) -> None:
        """A Rename or Edit details that took the artwork out of the search says so: its
        tile went from the library at once (the full view on it closed), the preview was
        emptied, and nothing said why, as if the edit had lost it. Judged by the search
        alone: a state or star another program changed meanwhile, under a filter and no
        search, was said to be a search the artist never typed. Esc clears the search, not
        the state filter nor the starred toggle: "shows every artwork" was not so with them
        on."""
        query = self.library.model.filter
        searched = replace(query, states=None, starred=None)
        if query.matches(before) and not searched.matches(after):
            self._show_status(
                self.tr(
                    "“{title}” is saved. It no longer matches the search, so the library does "
                    "not show it: Esc in the search box clears the search."
                ).format(title=sentence_title(after))
            )

    def offer_republish(self, changed: list[Snapshot]) -> None:
        """The title, description or tags of ``changed`` changed: the copies in R2 of those
        published keep the old ones until published again, and so do those being published
        now (the publish sends the details it started with; before, nothing said so). Said
        in the banner, with the button that publishes them again (the image is not sent
        again: the same bytes are there; their manifests are written anew, and their links
        stay the same). Not those published in another bucket than the R2 settings name
        (:meth:`PublishController.settings_bucket_if_elsewhere`): Publish again was refused
        for them at once."""
        snapshots = [
            snapshot
            for snapshot in changed
            if (snapshot.published_key or self._publishing_now(snapshot.id))
            and self.publishing.settings_bucket_if_elsewhere(snapshot) is None
        ]
        if not snapshots:
            return
        if len(snapshots) == 1:
            message = self.tr(
                "“{title}” is published: its copy in your R2 bucket keeps its old details."
            ).format(title=sentence_title(snapshots[0]))
        else:
            message = self.tr(
                "{count} of them are published: their copies in your R2 bucket keep their old "
                "details."
            ).format(count=grouped(len(snapshots)))
        ids = [snapshot.id for snapshot in snapshots]

        def publish_again() -> None:
            self.bridge.spawn(self._publish_again(ids))

        self.banner.show_message(
            message,
            self.tr("Publish again to send the new ones; the link stays the same."),
            MessageBanner.INFO,
            (self.tr("Publish again"), publish_again),
            kind=BannerKind.REPUBLISH,
        )

    def _publishing_now(self, job_id: int) -> bool:
        activity = self.publishing.activity(job_id)
        return activity is not None and activity.kind == PUBLISHING

    async def _publish_again(self, ids: list[int]) -> None:
        """Publish again those of ``ids`` still published (one unpublished or deleted since
        the offer is left as it is), each being published still once that publish ended:
        asked again meanwhile, it was passed over, and its old details stayed in R2."""
        ledger = self.session.ledger
        for job_id in ids:
            if self._publishing_now(job_id):
                with suppress(KontextError):  # said by the publish under way
                    await self.publishing.publish_now(job_id)  # joins it
            snapshot = await asyncio.to_thread(ledger.get, job_id)
            if snapshot is not None and snapshot.published_key:
                self.publishing.publish(job_id, snapshot)

    def ask_forget(self, refused: Sequence[Snapshot]) -> None:
        """Ask before the records of ``refused``'s publications are forgotten, once for them
        all (:func:`forget_box`); forgotten in the background once the artist says so, as
        the question names them then (:meth:`_question_follows`)."""
        asked = list(refused)
        box, chosen = forget_box(self.front_window(), asked, set_up=self._publishing_set_up())
        self._forget_question = (box, asked)
        chosen.triggered.connect(lambda: self.publishing.forget(list(asked)))

    def open_settings(self) -> SettingsDialog:
        """Open (or raise) the settings dialog; it is window-modal but does not block. The
        full view closes first (the set-up box's Open Settings… there): the dialog is the
        window's, and would open behind it."""
        self._shut_full_view()
        if self._settings_dialog is None:
            dialog = SettingsDialog(self.bridge, self.publishing, self)
            dialog.kept_aside.connect(self.tell_settings_kept)
            dialog.saved.connect(self._settings_saved)
            dialog.finished.connect(self._settings_closed)
            self._settings_dialog = dialog
            dialog.open()
        self._settings_dialog.raise_()
        self._settings_dialog.activateWindow()
        return self._settings_dialog

    def open_publishing_settings(self, at_fault: str = "") -> None:
        """Open the settings at their Publishing (R2) page: the way forward from a publish
        that R2's settings stopped (a banner, the Upload tab's summary, the set-up offer),
        the keyboard in the field ``at_fault`` names (:func:`settings_at_fault`)."""
        self.open_settings().show_publishing_page(at_fault)

    def _settings_closed(self) -> None:
        if self._settings_dialog is not None:
            self._settings_dialog.deleteLater()
        self._settings_dialog = None

    def _settings_saved(
        self,
        settings: Settings,
        key_change: str,
        r2_session_only: bool,
        r2_older_kept: bool | None = False,
        key_older_kept: bool | None = False,
    ) -> None:
        """One banner says what became of the KIE key and of the R2 secret, both when both
        changed: the note on one must not hide the other, nor the switch a new key needs.
        ``r2_older_kept``: the keyring, which did not take the new R2 secret, holds an older
        one, which a restart brings back (before: "A restart forgets it", as if none); without
        ``r2_session_only``, the secret was kept so at an earlier save, and the R2 fields
        saved now are this session's too (before: "Settings saved.", and a restart lost them);
        ``key_older_kept``, the same of the KIE key; None when that is not known (the
        keyring could not be read in that Save: :func:`secrets.older_held`): of the R2
        secret, the R2 fields changed are this session's then, kept in the file as they were
        for an older secret the keyring may hold."""
        self.publishing.settings_saved()  # first: what follows may ask it where they point
        self.generate_tab.apply_defaults(settings)
        self.upload_tab.settings_saved()
        self.library.model.settings_changed()
        self._offers_follow_settings()
        if self.preview.publication is not None:
            self.preview.publication.refresh_link()
        if key_change == KEY_IN_USE_HELD or (
            key_change == KEY_IN_USE_REFUSED and self._switch_to_session_key
        ):
            self._withdraw_switch()
        said = [self._key_words(key_change, older_kept=key_older_kept)]
        older_kept = r2_older_kept or key_older_kept is True
        if r2_older_kept is None:
            said.append(self._r2_maybe_older_words(r2_session_only))
        elif r2_session_only and key_change == KEY_SESSION_ONLY and not older_kept:
            # Said once of both: before, each said the keyring did not take it, and a restart
            # forgets it, one after the other. Not with an older R2 secret, which a restart
            # brings back.
            said = [
                (
                    self.tr(
                        "The system keyring did not take the API key or the R2 secret, so both "
                        "are kept for this session only."
                    ),
                    self._to_keep_both(
                        self.tr(
                            "A restart forgets them: to keep them, start Kontext Studio with "
                            "KIE_API_KEY and R2_SECRET_ACCESS_KEY in the environment, or set up "
                            "a system keyring."
                        ),
                        self.tr(
                            "To keep them after a restart, unlock the system keyring (or allow "
                            "Kontext Studio access when it asks) and save them again, or start "
                            "Kontext Studio with KIE_API_KEY and R2_SECRET_ACCESS_KEY in the "
                            "environment."
                        ),
                        self.tr(
                            "To keep them after a restart, save them again once the system "
                            "keyring answers (restart its service, or log out and back in), or "
                            "start Kontext Studio with KIE_API_KEY and R2_SECRET_ACCESS_KEY in "
                            "the environment."
                        ),
                        unread=key_older_kept is None,
                    ),
                )
            ]
        elif r2_older_kept and not r2_session_only:
            said.append(
                (
                    self.tr(
                        "Your R2 changes are kept for this session only: the system keyring has "
                        "not taken the new R2 secret, and still holds the older one."
                    ),
                    self.tr(
                        "After a restart, publishing uses the older secret with the R2 settings "
                        "saved with it. Type the new secret and save again once the keyring "
                        "takes it: your R2 changes are saved with it."
                    ),
                )
            )
        elif r2_older_kept:
            said.append(
                (
                    self.tr(
                        "The system keyring did not take the new R2 secret, so it is kept for "
                        "this session only."
                    ),
                    self.tr(
                        "The keyring still holds the older secret, which publishing uses after "
                        "a restart with the R2 settings saved with it, kept as they were: save "
                        "the new one again once the keyring takes it, or start Kontext Studio "
                        "with R2_SECRET_ACCESS_KEY in the environment."
                    ),
                )
            )
        elif r2_session_only:
            said.append(
                (
                    self.tr(
                        "The system keyring did not answer when asked to store the R2 secret, "
                        "so whether it holds it is not known: it is kept for this session only."
                    )
                    if secrets.unsure_whether_stored(secrets.R2_SECRET)
                    else self.tr(
                        "The system keyring did not take the R2 secret, so it is kept for this "
                        "session only."
                    ),
                    self._to_keep(
                        secrets.R2_SECRET,
                        self.tr(
                            "A restart forgets it: to publish after a restart, start Kontext "
                            "Studio with R2_SECRET_ACCESS_KEY in the environment, or set up a "
                            "system keyring."
                        ),
                        self.tr(
                            "To publish with it after a restart, unlock the system keyring (or "
                            "allow Kontext Studio access when it asks) and save the secret again, "
                            "or start Kontext Studio with R2_SECRET_ACCESS_KEY in the environment."
                        ),
                        self.tr(
                            "To publish with it after a restart, save the secret again once the "
                            "system keyring answers (restart its service, or log out and back "
                            "in), or start Kontext Studio with R2_SECRET_ACCESS_KEY in the "
                            "environment."
                        ),
                    ),
                )
            )
        messages = [message for message, _hint in said if message]
        if translations.choose_language(settings.language) != translations.shown_language():
            # The Language page's note is small print: the window, still in the old language,
            # read as if the choice had been lost. Said beside the banner on the key or the
            # R2 secret too: before, that banner left it unsaid.
            self._show_status(
                self.tr("Settings saved. The new language shows after Kontext Studio restarts.")
            )
        elif not messages:
            self._show_status(self.tr("Settings saved."))
        if not messages:
            return
        hint = " ".join(hint for _message, hint in said if hint)
        offered = False
        # The key in use, typed again and not taken, changes nothing: not a switch offered.
        if key_change not in (KEY_UNCHANGED, KEY_IN_USE_HELD, KEY_IN_USE_REFUSED):
            self._key_refusals_over(key_change)
            if self.session.demo:
                # The DEMO badge's tip said no key was set.
                self.mode.setToolTip(
                    plain_tooltip(
                        self.tr(
                            "Your API key is set: switch to live mode to generate with it. Until "
                            "then a simulator on this computer makes the images."
                        )
                        if key_change in KEYS_TO_SWITCH_TO
                        else self.mode.usual_tip
                    )
                )
            self._switch_label = self._switch_label_for(key_change)
            self._switch_needs_key = key_change in KEYS_TO_SWITCH_TO
            self._switch_to_session_key = key_change == KEY_SESSION_ONLY
            self.switch_action.setText(self._switch_label)
            self.switch_action.setVisible(bool(self._switch_label))
            self._old_key_refusals_retold()
            offered = bool(self._switch_label)
        if offered:
            self._offer_switch(" ".join(messages), hint)
        else:
            self.banner.show_message(
                " ".join(messages), hint, MessageBanner.INFO, kind=BannerKind.KEY, answer=True
            )

    def _r2_maybe_older_words(self, r2_session_only: bool) -> tuple[str, str]:
        """What became of the R2 changes saved beside a keyring that could not be read, and
        may hold an older R2 secret: kept for this session, the file keeping the R2 settings
        that secret goes with (``r2_session_only``: the new secret was typed now, and not
        taken). Before, the new access key ID was written, and after a restart publishing
        signed with it and the older secret: R2 refused the keys, with no clue why."""
        message = (
            self.tr(
                "The system keyring did not take the new R2 secret, so it and your R2 changes "
                "are kept for this session only."
            )
            if r2_session_only
            else self.tr(
                "Your R2 changes are kept for this session only: the system keyring has not "
                "taken the new R2 secret."
            )
        )
        return message, self.tr(
            "The keyring could not be read, so it may hold an older secret, which publishing "
            "would use after a restart: the R2 settings saved with it are kept as they were. "
            "Type the new secret and save again once the keyring can be read, or start "
            "Kontext Studio with R2_SECRET_ACCESS_KEY in the environment."
        )

    def _withdraw_switch(self) -> None:
        """The switch an earlier save offered no longer applies (the key in use typed again
        and saved, a key no longer stored): the File menu's item and the banner offering it
        go. Before, "Use the new key" stayed there and reopened the window on the very key
        it had, or said no key was stored at each press. The banner goes by its tag: taken
        down by its kind, the key's banner saying something else in its place (the R2
        secret a later save could not store) went, unread."""
        if self._switch_offered is not None:
            self._take_down_tagged(BannerKind.KEY, self._switch_offered)
        self._switch_offered = None
        self._switch_label = ""
        self._switch_needs_key = False
        self._switch_to_session_key = False
        self.switch_action.setVisible(False)
        self._old_key_refusals_retold()

    def _old_key_refusals_retold(self) -> None:
        """The refusals said of the old key while a new key waited for its switch
        (:meth:`_tell_old_key_refused`), the switch withdrawn or no longer to that key (the
        key removed since): said again of the key in use, with what puts it right. Before,
        they went on saying to use the new key, and their button, "Use the new key", closed
        the window and opened it again on the key it had, refused as before.

        No new failure: one whose copy the artist dismissed in the full view stays away from
        it (:meth:`_full_view_banner_closed`), as it does for the rest of its batch. Said
        there again, it came back over the artwork the artist was culling."""
        if self._new_key_waits():
            return
        for kind in (BannerKind.REFUSED_KEY, BannerKind.NO_CREDITS):
            banner = self.banner.banner(kind)
            offer = banner.offer() if banner is not None else None
            if offer is not None and offer[1] == self.switch_mode:
                said = self._refusals_shown.get(kind.value)
                closed = self._closed_refusals.get(kind.value)
                dismissed = said is not None and closed == (said.message, said.hint)
                self._take_down_refusal(kind)
                self._show_refusal(kind, *self._refusal_words(kind), there=not dismissed)

    def _key_refusals_over(self, key_change: str) -> None:
        """The refusals a new key answers go: "KIE rejected the API key", and "not enough
        credits" (the balance that ran out is the old key's account's, or in demo mode the
        demo server's: a key makes the images for real), and stay away while it waits for
        its switch (:meth:`_new_key_waits`). Before, a key saved from the File menu left
        "enter a valid KIE API key" on top of the banner that offers to use it, and in live
        mode "Top up at kie.ai" stayed there too. Over the full view as well, where they
        stayed (:meth:`_take_down_refusal`). The key in use, typed again, answers neither: KIE's
        refusals are of that very key."""
        if key_change == KEY_IN_USE_STORED:
            return
        self._take_down_refusal(BannerKind.REFUSED_KEY)
        if key_change in KEYS_TO_SWITCH_TO:
            self._take_down_refusal(BannerKind.NO_CREDITS)

    def _key_words(self, key_change: str, *, older_kept: bool | None = False) -> tuple[str, str]:
        """What became of the KIE key, and what to do next (empty when it did not change).
        ``older_kept``: the keyring, which did not take the key, holds an older one, which
        a restart uses, over KIE_API_KEY too (before: "A restart forgets it … start Kontext
        Studio with the key in the KIE_API_KEY environment variable"); None: it may, as it
        could not be read (before, said as if it held none)."""
        if key_change == KEY_SESSION_ONLY:
            return (
                self.tr(
                    "The system keyring did not answer when asked to store the API key, so "
                    "whether it holds it is not known: it is kept for this session only."
                )
                if secrets.unsure_whether_stored(secrets.KIE_KEY)
                else self.tr(
                    "The system keyring did not take the API key, so it is kept for this "
                    "session only."
                ),
                self.tr(
                    "The keyring still holds the older key, which Kontext Studio uses after a "
                    "restart: save the new one again once the keyring takes it."
                )
                if older_kept
                else self._key_to_keep(unread=older_kept is None),
            )
        if key_change == KEY_STORED:
            return self.tr("The API key was saved in the system keyring."), self._switch_hint(
                to_live=True
            )
        if key_change == KEY_HELD:
            return self.tr(
                "The system keyring already holds this API key: it is unchanged."
            ), self._switch_hint(to_live=True)
        if key_change == KEY_IN_USE_STORED:
            return self.tr("The API key in use was saved in the system keyring."), ""
        if key_change == KEY_IN_USE_REFUSED:
            return self.tr(
                "The system keyring did not take the API key. It is the key in use already, "
                "which stays in use."
            ), ""
        if key_change == KEY_REMOVED:
            if secrets.in_environment(secrets.KIE_KEY) and not self.session.demo:
                return self._removed_beside_environment()
            return self.tr("The API key was removed."), self._switch_hint(to_live=False)
        return "", ""

    def _key_to_keep(self, *, unread: bool) -> str:
        """What to do to keep the KIE key the keyring did not take (:meth:`_to_keep`).
        ``unread``: it could not be read, so a key it may hold already is the one a restart
        uses, over KIE_API_KEY too: that variable is not offered then."""
        no_keyring = self.tr(
            "A restart forgets it. To keep it, start Kontext Studio with the key in the "
            "KIE_API_KEY environment variable, or set up a system keyring."
        )
        if unread:
            return self._to_keep(
                secrets.KIE_KEY,
                no_keyring,
                self.tr(
                    "The keyring could not be read, so any key it holds already is the one a "
                    "restart uses: to keep this one, unlock the system keyring (or allow "
                    "Kontext Studio access when it asks) and save it again."
                ),
                self.tr(
                    "The keyring did not answer, so any key it holds already is the one a "
                    "restart uses: to keep this one, save it again once the system keyring "
                    "answers (restart its service, or log out and back in)."
                ),
            )
        return self._to_keep(
            secrets.KIE_KEY,
            no_keyring,
            self.tr(
                "To keep it after a restart, unlock the system keyring (or allow Kontext "
                "Studio access when it asks) and save the key again, or start Kontext "
                "Studio with the key in the KIE_API_KEY environment variable."
            ),
            self.tr(
                "To keep it after a restart, save the key again once the system keyring "
                "answers (restart its service, or log out and back in), or start Kontext "
                "Studio with the key in the KIE_API_KEY environment variable."
            ),
        )

    @staticmethod
    def _to_keep(name: str, no_keyring: str, refused: str, silent: str) -> str:
        """What to do to keep the secret ``name`` the keyring did not take, by why it did
        not (:func:`secrets.why_refused`): set one up where there is none; where one is there
        and refused (locked, its unlock prompt dismissed, access denied), unlock or allow it;
        where it does not answer, wait for it. Before, "set up a system keyring" was said of
        every keyring, the one that had just shown its unlock prompt too."""
        why = secrets.why_refused(name)
        if why == secrets.KEYRING_REFUSED:
            return refused
        if why == secrets.KEYRING_SILENT:
            return silent
        return no_keyring

    def _to_keep_both(self, no_keyring: str, refused: str, silent: str, *, unread: bool) -> str:
        """:meth:`_to_keep` of the KIE key and the R2 secret together, neither taken: for
        the one cause of both, as the R2 secret's refusal (stored first) leaves the key
        unasked (:func:`secrets.one_ask_per_save`), refused or not answered as well.
        ``unread``: the keyring could not be read in the Save, so it may hold either
        already, or older ones, which a restart uses (over KIE_API_KEY too): not said to be
        forgotten then."""
        if unread:
            return self._to_keep(
                secrets.KIE_KEY,
                no_keyring,
                self.tr(
                    "The keyring could not be read, so any key or secret it holds already is "
                    "what a restart uses: to keep these, unlock the system keyring (or allow "
                    "Kontext Studio access when it asks) and save them again."
                ),
                self.tr(
                    "The keyring did not answer, so any key or secret it holds already is what "
                    "a restart uses: to keep these, save them again once the system keyring "
                    "answers (restart its service, or log out and back in)."
                ),
            )
        return self._to_keep(secrets.KIE_KEY, no_keyring, refused, silent)

    def _removed_beside_environment(self) -> tuple[str, str]:
        """:meth:`_key_words` of a stored key (or a damaged entry) removed while KIE_API_KEY
        is set, which no switch is offered for (:meth:`_switch_label_for`). Before: "The API
        key was removed.", with the switch's hint, of the key that stays in use."""
        message = self.tr("The stored API key was removed.")
        # Removed, the key is no session's: this is the environment's, read without the keyring.
        if self.session.key == secrets.get_secret(secrets.KIE_KEY, ask_keyring=False):
            return message, self.tr("The key from KIE_API_KEY in the environment stays in use.")
        return message, self.tr(
            "Kontext Studio uses the key from KIE_API_KEY in the environment after a restart."
        )

    def _switch_hint(self, *, to_live: bool) -> str:
        """What a switch does to the jobs still running (nothing to say when none run)."""
        if not self.session.engine.active_count:
            return ""
        if self.session.demo and to_live:
            return self.tr("Demo jobs still running wait until demo mode comes back.")
        if not self.session.demo and not to_live:
            return self.tr("Live jobs still running wait until live mode comes back.")
        return self.tr("Jobs still running carry on after the switch.")

    def _switch_label_for(self, key_change: str) -> str:
        """The banner's button that puts a new or removed key to use now (a session keeps
        the client it opened with); empty when there is nothing to switch to."""
        if key_change in KEYS_TO_SWITCH_TO:
            return (
                self.tr("Switch to live mode") if self.session.demo else self.tr("Use the new key")
            )
        if key_change == KEY_REMOVED and not self.session.demo:
            if secrets.in_environment(secrets.KIE_KEY):
                return ""  # the key in the environment stays in use
            return self.tr("Switch to demo mode")
        return ""

    def switch_mode(self) -> None:
        """Close this window with a :attr:`handover`, so that the app opens a session with
        the key as it is now and a window that carries on where the artist was. Jobs in
        flight are left as a close leaves them: the new session carries on those of its
        mode. Not while something is being published: that would be cancelled; nor to a
        key that cannot be read now (a keyring locked since): the new session would open in
        demo mode instead."""
        if self._switching:
            return
        if not self._switch_needs_key:
            self._close_to_switch()
            return
        self._switching = True
        self.bridge.spawn(self._switch_once_key_read())

    async def _switch_once_key_read(self) -> None:
        unread: KeyringUnavailableError | None = None
        try:
            key = await asyncio.to_thread(secrets.readable_secret, secrets.KIE_KEY)
        except KeyringUnavailableError as error:
            key, unread = None, error
        finally:
            self._switching = False
        if key:
            self._close_to_switch()
            return
        if isinstance(unread, SecretDamagedError):  # no switch again mends it: Settings does
            self._say_of_switch(
                self.tr(
                    "The API key stored in the system keyring is damaged, so the switch did not "
                    "happen."
                ),
                self.tr("Enter the key again in Settings: it replaces the damaged entry."),
                MessageBanner.INFO,
                (self.tr("Open Settings"), self.menu_actions["settings"].trigger),
            )
            return
        if unread is None:  # the keyring, unlocked, holds none (removed since, elsewhere)
            self._withdraw_switch()
            self.banner.show_message(
                self.tr("No API key is stored, so the switch did not happen."),
                named_settings(self.tr("Set one in {settings_menu}.")),
                MessageBanner.INFO,
                kind=BannerKind.KEY,
                answer=True,
            )
            return
        self._offer_switch(
            self.tr("The API key cannot be read now, so the switch did not happen."),
            self.tr(
                "The system keyring does not answer. Switch again; if it still does not "
                "answer, restart its service (or log out and back in)."
            )
            if unread.silent
            else self.tr("The system keyring may be locked: unlock it, then switch again."),
        )

    def _offer_switch(
        self, message: str, hint: str, level: str = MessageBanner.INFO, *, answer: bool = True
    ) -> Said:
        """The key's banner saying ``message`` and ``hint``, with the switch as its button
        (:meth:`_say_of_switch`): why a press of the switch did not switch is heard again at
        each press (``answer``). Returns the tag."""
        return self._say_of_switch(
            message, hint, level, (self._switch_label, self.switch_mode), answer=answer
        )

    def _say_of_switch(
        self,
        message: str,
        hint: str,
        level: str,
        action: tuple[str, Callable[[], None]],
        *,
        answer: bool = True,
    ) -> Said:
        """The key's banner saying ``message`` and ``hint`` of the switch offered, with
        ``action`` as its button: tagged, for the switch withdrawn (:meth:`_withdraw_switch`)
        to take down this banner alone. Before, the one saying the new key's entry was
        damaged stayed up once the key in use was saved again and the switch gone. Returns
        the tag. ``answer``: as :meth:`BannerStack.show_message` takes it."""
        said = Said(message, hint)
        self._switch_offered = said
        self.banner.show_message(
            message, hint, level, action, kind=BannerKind.KEY, answer=answer, tag=said
        )
        return said

    def _switch_waits_for(self) -> str:
        """What a switch now would stop, in the words of the banner that says to wait for
        it; empty when nothing would be."""
        # Not a publish waiting for the Delete of its artwork: it sends nothing any more,
        # and Quit does not count it as publishing either (:meth:`_work_left`).
        if self.publishing.sending_count() or self.publishing.busy_count(UNPUBLISHING):
            return self.tr(
                "Wait until publishing has finished, then switch again: switching now would "
                "stop it."
            )
        if self.bridge.deletes_left():  # as Quit asks about it (:meth:`_work_left`)
            return self.tr(
                "Wait until the Delete has finished, then switch again: switching now would "
                "stop it."
            )
        if self.bridge.saves.left():  # as Quit asks about it (:meth:`_work_left`)
            return self.tr(
                "Wait until the images are saved, then switch again: switching now would "
                "stop saving them."
            )
        if self.upload_tab.busy:  # adding files to the library, before any publishing
            return self.tr(
                "Wait until the Upload tab has added its files, then switch again: switching "
                "now would stop it."
            )
        return ""

    def _follow_switch_wait(self, *_: object) -> None:
        """The banner that says to wait before switching follows what it waits for as it
        ends: it goes once nothing is left (it stayed, saying to wait, when the Delete had
        long ended), or says what is left. Not brought back once dismissed, nor once other
        words took its place (told by its tag)."""
        shown = self._switch_wait
        if shown is None:
            return
        banner = self.banner.banner(BannerKind.KEY)
        if banner is None or not banner.holds(shown):
            self._switch_wait = None
            return
        words = self._switch_waits_for()
        if words == shown.message:
            return
        if words:
            self._switch_wait = self._offer_switch(words, "")
        else:
            self._switch_wait = None
            self.banner.dismiss(BannerKind.KEY)

    def _close_to_switch(self) -> None:
        if words := self._switch_waits_for():
            self._switch_wait = self._offer_switch(words, "")
            return
        self.handover = self.hand_over()
        log.info("switching mode", extra={"event": "mode_switch", "demo": self.session.demo})
        self.close()

    def hand_over(self) -> Handover:
        """The artist's unsent work and where they were, for the window that replaces this
        one (see :meth:`switch_mode`)."""
        draft, style = self.generate_tab.draft()
        shown, starred = self.library.filters()
        return Handover(
            self.tabs.currentIndex(),
            draft,
            style,
            tuple(self.upload_tab.pending()),
            looking_in=tuple(self.upload_tab.looking_in()),
            batch=self.generate_tab.batch.value(),
            search=self.library.search.text(),
            shown=shown,
            starred=starred,
            selected=self.library.selected_id(),
            # The banner of a cut Delete, still counting artworks: a switch lost it.
            undeleted=tuple(self._undeleted_shown()),
            undeleted_at_switch=self._undeleted_at_switch,
        )

    def work_left(
        self, *, unmade: tuple[Press, ...] = (), undeleted: tuple[int, ...] = ()
    ) -> Handover | None:
        """What a window the artist closed leaves for the next start, taken over there as a
        switch's handover is: the prompt, reference and options of the Generate tab, the
        tab, the Upload tab's files, and the library's search, filters and selected
        artwork, also one they hide (see :meth:`LibraryPanel.selected_id`; not the folders still
        being looked through), ``unmade``, the presses of Generate the close cut off
        before their jobs were made (:attr:`Handover.unmade`), and ``undeleted``, the
        artworks of the Deletes the close waited for (:attr:`Handover.undeleted`). None when
        there is nothing to keep."""
        work = replace(
            self.hand_over(),
            looking_in=(),
            left_at_close=True,
            unmade=unmade,
            undeleted=undeleted,
        )
        if (
            work.unmade
            or work.undeleted
            or work.draft.prompt.strip()
            or work.draft.image_path
            or work.uploads
            or work.narrowed
            or work.selected is not None
        ):
            return work
        return None

    def tell_delete_cut(self, undeleted: tuple[int, ...], *, at_switch: bool = False) -> None:
        """At start: the last window closed before a Delete the artist confirmed had deleted
        ``undeleted`` (:attr:`Handover.undeleted`); those the library no longer holds (the
        one being removed as the close stopped waiting, or deleted since by a command) are
        not counted. Only the log said so: the artist took them to be gone. Left by a Delete
        a switch of mode waited for (``at_switch``), it says so: the app had not closed."""
        self.bridge.spawn(self._tell_delete_cut(undeleted, at_switch))

    async def _tell_delete_cut(self, undeleted: tuple[int, ...], at_switch: bool) -> None:
        held = await asyncio.to_thread(self.session.ledger.get_many, undeleted)
        if held:
            self._undeleted = dict.fromkeys(held)  # Show in the library puts them in its order
            self._undeleted_gone = set()
            self._undeleted_at_switch = at_switch
            self._say_undeleted(announce=True)
        self._told(undeleted=undeleted)

    def _told(self, unmade: tuple[Press, ...] = (), undeleted: tuple[int, ...] = ()) -> None:
        """The start's word of ``unmade`` and ``undeleted`` was said: the next start says
        them no more. Not by a window closing with them in its :attr:`handover` (a stop
        signal as it opened): they go to the next window or start, and a save of the draft
        as it closed wrote them out."""
        if self.handover is None:
            self._work_file().told(unmade, undeleted)

    def _work_file(self) -> handovers.WorkFile:
        """Where the work is kept for the next start (:meth:`work_left`)."""
        return handovers.work_file(handovers.unsent_work_file(self.session.paths.data))

    def _say_undeleted(self, *, announce: bool) -> None:
        """The banner of :meth:`_tell_delete_cut`, counting the artworks the library still
        holds of those the cut Delete left: ``announce``d when it first shows, not as the
        count goes down."""
        count = len(self._undeleted)
        message = self._undeleted_message(count)
        if count == 1:
            hint = self.tr("It is still in the library: delete it again.")
        else:
            hint = self.tr("They are still in the library: delete them again.")
        # Its own kind, as the start's other news: the next news of the window (a switch's
        # word, a save) took the place of the plain banner before it was read.
        self.banner.show_message(
            message,
            hint,
            MessageBanner.INFO,
            (self.tr("Show in the library"), lambda: self.show_undeleted(list(self._undeleted))),
            kind=BannerKind.UNDELETED,
            announce=announce,
        )

    def _undeleted_message(self, count: int) -> str:
        if self._undeleted_at_switch and count == 1:
            return self.tr(
                "Your last Delete did not finish before the switch: 1 artwork was not deleted."
            )
        if self._undeleted_at_switch:
            return self.tr(
                "Your last Delete did not finish before the switch: {count} artworks were not "
                "deleted."
            ).format(count=grouped(count))
        if count == 1:
            return self.tr(
                "Kontext Studio closed before your last Delete had finished: 1 artwork was "
                "not deleted."
            )
        return self.tr(
            "Kontext Studio closed before your last Delete had finished: {count} artworks "
            "were not deleted."
        ).format(count=grouped(count))

    def _undeleted_shown(self) -> list[int]:
        """The artworks the banner of a cut Delete counts while it is up: told deleted
        (``Bridge.shows_artworks``) when another program deletes them, even where the
        library's search hides them."""
        return list(self._undeleted) if self.banner.banner(BannerKind.UNDELETED) else []

    def _no_longer_undeleted(self, job_id: int) -> None:
        """``job_id`` left the library (deleted here, by a Redo, or by another program): the
        banner of a cut Delete counts one fewer, and goes once none is left. Before, it went
        on saying they were still in the library, to be deleted again, once they were gone."""
        if job_id not in self._undeleted:
            return
        del self._undeleted[job_id]
        self._undeleted_gone.add(job_id)
        self._recount_undeleted.start()

    def _undeleted_recounted(self) -> None:
        """:meth:`_no_longer_undeleted`'s and :meth:`_undeleted_back`'s count said, once for
        all the changes told together."""
        if self.banner.banner(BannerKind.UNDELETED) is None:
            return  # dismissed: nothing to say again
        if self._undeleted:
            self._say_undeleted(announce=False)
        else:
            self.banner.dismiss(BannerKind.UNDELETED)

    def _undeleted_back(self, ids: Mapping[int, int]) -> None:
        """An Undo brought back (under new ``ids``, by old id) artworks of the banner of a
        cut Delete that had left the library: it counts them again while it is up."""
        back = [new for old, new in ids.items() if old in self._undeleted_gone]
        if not back or self.banner.banner(BannerKind.UNDELETED) is None:
            return
        self._undeleted_gone.difference_update(ids)
        self._undeleted = dict.fromkeys(back) | self._undeleted
        self._recount_undeleted.start()

    def _work_changed(self, *_: object) -> None:
        """Keep the work a moment after the artist's last change (:data:`DRAFT_KEEP_MS`).
        A change of the library's artwork shown (a job's state, each second while it runs)
        is no change of theirs: it would put the keeping off for as long as that job ran."""
        self._keep_draft.start()

    def _keep_work(self) -> None:
        """Write :meth:`work_left` for the next start now, off this thread, as the window's
        close will: the start after a crash brings it back, and says that the jobs of a
        press still preparing its reference were not made. Nothing to keep removes what
        was kept. Not kept, the Generate tab says so (a full or read-only disk)."""
        self.bridge.spawn(self.generate_tab.save_work())

    def _keep_work_now(self) -> Coroutine[Any, Any, Unsaved | None]:
        """:meth:`_keep_work`, done once awaited (a press of Generate waits for it); the
        work is the window's as it is now, whenever the write is made. Once the session's
        work is shut down, the app's close writes it (``ui.app._until_closed``): a write
        asked for then (a press's, cut off and ending late) would drop the close's."""
        if self.bridge.closed:
            return asyncio.sleep(0, None)
        work = self.work_left(unmade=self.generate_tab.presses_unmade)
        return self._write_work(self._work_file(), work)

    async def _write_work(self, saved: handovers.WorkFile, work: Handover | None) -> Unsaved | None:
        """Write ``work`` (None: remove what was kept); why it could not be (logged, and
        tried again at the next change and at close), None once done (the Generate tab is
        told)."""
        try:
            await saved.save(work)
        except KontextError as error:
            log.warning(
                "unsent work not kept", extra={"event": "unsent_work_lost", "kind": error.kind}
            )
            return Unsaved(error, cleared=work is None)
        if shiboken6.isValid(self.generate_tab):  # a write the close's wait let end
            self.generate_tab.work_kept()
        return None

    def take_over(self, handover: Handover) -> None:
        """Carry on from the window this one replaces (see :meth:`switch_mode`)."""
        self.generate_tab.restore_draft(handover.draft, handover.style)
        self.generate_tab.batch.setValue(handover.batch)
        self.upload_tab.restore_pending(handover.uploads)
        self.upload_tab.add_paths(handover.looking_in)
        self.tabs.setCurrentIndex(handover.tab)
        if handover.narrowed:
            self.library.restore_filters(handover.shown, handover.starred)
            self.library.search.setText(handover.search)
            self.library.apply_filter()
        if handover.selected is not None:
            self.library.select_job(handover.selected)

    def tell_key_unusable(self, reason: str, *, from_environment: bool) -> None:
        """At start: the saved KIE key cannot be sent as it is (``reason``), so the window
        opened in demo mode (:func:`kontext_studio.ui.app._open_window`); say why, and where
        to set it right."""
        heading, where = self._key_unusable_words(from_environment)
        self.banner.show_message(
            heading,
            Explanation(reason, where).sentences(),
            MessageBanner.ERROR,
            kind=BannerKind.KEY,
        )
        self.mode.setToolTip(
            plain_tooltip(
                (
                    self.tr(
                        "The KIE API key in KIE_API_KEY cannot be used, so a simulator on this "
                        "computer makes the images. {where}"
                    )
                    if from_environment
                    else self.tr(
                        "The saved KIE API key cannot be used, so a simulator on this computer "
                        "makes the images. {where}"
                    )
                ).format(where=where)
            )
        )

    def _key_unusable_words(self, from_environment: bool) -> tuple[str, str]:
        """The heading of a KIE key that cannot be used, and where to set it right: a key
        ``from_environment`` (``KIE_API_KEY``) is no saved one, and Settings does not change
        it, the variable does (a key set in Settings is used before it)."""
        if from_environment:
            return self.tr(
                "The KIE API key in KIE_API_KEY cannot be used, so Kontext Studio is in demo mode."
            ), named_settings(
                self.tr(
                    "It comes from the KIE_API_KEY variable: correct it there, or set a key in "
                    "{settings_menu}."
                )
            )
        return self.tr(
            "The saved KIE API key cannot be used, so Kontext Studio is in demo mode."
        ), named_settings(self.tr("Set the key again in {settings_menu}."))

    def tell_key_unread(self, reason: str, *, silent: bool = False) -> None:
        """At start: the keyring, which may hold the key, could not be read (``reason``), so
        the window opened in demo mode (:func:`kontext_studio.ui.app._open_as_saved`); say
        so, and offer live mode for once it is unlocked, or answers (``silent``: it does not
        answer, which no unlock mends)."""
        self._switch_label = self.tr("Switch to live mode")
        self._switch_needs_key = True
        self.switch_action.setText(self._switch_label)
        self.switch_action.setVisible(True)
        todo = (
            self.tr(
                "Switch to live mode to try again; if the keyring still does not answer, "
                "restart its service (or log out and back in), then switch again."
            )
            if silent
            else self.tr("Unlock the keyring, then switch to live mode.")
        )
        self._offer_switch(
            self.tr("The system keyring cannot be read, so Kontext Studio is in demo mode."),
            Explanation(reason, todo).sentences(),
            MessageBanner.ERROR,
            answer=False,
        )
        self.mode.setToolTip(
            plain_tooltip(
                self.tr(
                    "The system keyring cannot be read, so a simulator on this computer makes the "
                    "images. {todo}"
                ).format(todo=todo)
            )
        )

    def tell_key_damaged(self, reason: str) -> None:
        """At start: the keyring answered, but its entry for the key is damaged (``reason``),
        so the window opened in demo mode; say so, and how to mend it: no unlock or restart
        does, a key entered in Settings replaces it (whose banner then offers live mode)."""
        todo = self.tr("Enter the key again in Settings: it replaces the damaged entry.")
        self.banner.show_message(
            self.tr(
                "The API key stored in the system keyring is damaged, so Kontext Studio is in "
                "demo mode."
            ),
            Explanation(reason, todo).sentences(),
            MessageBanner.ERROR,
            (self.tr("Open Settings"), self.menu_actions["settings"].trigger),
            kind=BannerKind.KEY,
        )
        self.mode.setToolTip(
            plain_tooltip(
                self.tr(
                    "The API key stored in the system keyring is damaged, so a simulator on this "
                    "computer makes the images. {todo}"
                ).format(todo=todo)
            )
        )

    def tell_key_trouble(self, reason: str, *, from_environment: bool = False) -> None:
        """At start: the key's trouble (``reason``: a keyring locked, a key that cannot be
        sent), said plainly where its own notice above fell over
        (:func:`kontext_studio.ui.app._said_in`): demo mode, why, and the way to Settings,
        where a key is set. Before, the trouble's words alone, with no way to Settings; then
        "Set the key again" in Settings of a key ``from_environment`` (``KIE_API_KEY``),
        which Settings does not change: the variable is named, as
        :meth:`tell_key_unusable` names it, and the heading no saved key."""
        heading, where = self._key_unusable_words(from_environment)
        self.banner.show_message(
            heading,
            Explanation(reason, where).sentences(),
            MessageBanner.ERROR,
            (self.tr("Open Settings"), self.menu_actions["settings"].trigger),
            kind=BannerKind.KEY,
        )

    def tell_switch_failed(self, reason: Explanation) -> None:
        """A switch of mode could not open the new session or window, so this one opened
        in the mode the app was in, with the artist's work: say so, and why."""
        message = (
            self.tr("The switch did not happen: Kontext Studio is still in demo mode.")
            if self.session.demo
            else self.tr("The switch did not happen: Kontext Studio is still in live mode.")
        )
        self.show_error(message, reason.sentences())

    def tell_work_restored(self) -> None:
        """At start: the work an earlier run could not hand over was brought back."""
        self.show_info(
            self.tr("Your unsent work from the last time Kontext Studio ran is back."),
            self.tr("The prompt and the Upload tab's files are as you left them."),
        )

    def tell_work_unkept(self, why: str, saved: Path, *, older: bool = False) -> None:
        """At start: the work of the last session could not be kept in ``saved`` when it
        ended, for ``why`` (:func:`handovers.take_unkept`: the disk full, the folder or the
        file itself refusing it): only logged before, and this start brought back nothing,
        or ``older`` work, without a word. Older work back is said so here, in place of
        "is back … as you left them" (:meth:`tell_work_restored`), which was shown under
        these words and said the opposite. Work cleared whose file the close could not
        remove (:data:`handovers.NOT_CLEARED`) came back without a word, as if left."""
        if why == handovers.FULL:
            message = self.tr(
                "Your work from the last time Kontext Studio ran could not be kept: the disk "
                "was full."
            )
            hint = self.tr("Free some disk space so that your work is kept this time.")
        elif why == handovers.FILE_REFUSED:
            message = self.tr(
                "Your work from the last time Kontext Studio ran could not be kept: its file "
                "could not be written to."
            )
            hint = self.tr(
                "Make sure {file} is a file you can write to: not a folder, not read-only, "
                "not open in another program."
            ).format(file=saved)
        else:
            message = (
                self.tr(
                    "Your work cleared the last time Kontext Studio ran could not be removed: "
                    "its folder could not be written to."
                )
                if why == handovers.NOT_CLEARED
                else self.tr(
                    "Your work from the last time Kontext Studio ran could not be kept: its "
                    "folder could not be written to."
                )
            )
            hint = self.tr("Make sure you can write to the folder {folder}.").format(
                folder=saved.parent
            )
        if older:
            hint = join_sentences(
                self.tr("What came back is your work as it was saved before."), hint
            )
        self.banner.show_message(message, hint, MessageBanner.ERROR, kind=BannerKind.UNKEPT)

    def tell_jobs_unmade(
        self, presses: tuple[Press, ...], *, from_demo: bool | None = None
    ) -> None:
        """At start, or after a switch from demo mode or live mode (``from_demo``; None when
        the app closed): the last window closed before the jobs of ``presses`` of Generate
        were made (their reference was still being prepared, their form's save or their
        jobs' write held by a disk that stalled, or only some of their jobs were written);
        those of them the library holds are not counted (:func:`handovers.not_made`), but
        carry on. After a switch the window said that Kontext Studio had closed: it says the
        switch (a new key in live mode) cut them off."""
        self.bridge.spawn(self._tell_jobs_unmade(presses, from_demo))

    async def _tell_jobs_unmade(self, presses: tuple[Press, ...], from_demo: bool | None) -> None:
        missing = await asyncio.to_thread(
            handovers.not_made, presses, self.session.ledger.pressed_jobs
        )
        self._say_jobs_unmade(presses, missing, from_demo)
        self._told(unmade=presses)

    def _say_jobs_unmade(
        self,
        presses: tuple[Press, ...],
        missing: dict[tuple[str, str | None], int],
        from_demo: bool | None,
    ) -> None:
        asked = sum(press.count for press in presses)
        count = sum(missing.values())
        if count < asked:
            log.info(
                "jobs of the last press found made",
                extra={"event": "unmade_found_made", "count": asked - count},
            )
        if count == 0:
            return
        made = asked - count
        cut = self._what_cut_off(from_demo)
        if made and count == 1:
            message = self.tr(
                "Your last Generate made {made} of its {asked} jobs; the other one was not "
                "made: {cut} while it was being made."
            ).format(made=grouped(made), asked=grouped(asked), cut=cut)
        elif made:
            message = self.tr(
                "Your last Generate made {made} of its {asked} jobs; the other {count} were "
                "not made: {cut} while they were being made."
            ).format(made=grouped(made), asked=grouped(asked), count=grouped(count), cut=cut)
        elif all(reference == "" for _prompt, reference in missing):
            # No reference to prepare (None: kept by a version that kept an edit's press
            # only): the form's save or the jobs' write held by a disk that stalled.
            message = (
                self.tr(
                    "The job of your last Generate was not made: {cut} while it was being made."
                ).format(cut=cut)
                if count == 1
                else self.tr(
                    "The {count} jobs of your last Generate were not made: {cut} while they "
                    "were being made."
                ).format(count=grouped(count), cut=cut)
            )
        elif count == 1:
            message = self.tr(
                "The job of your last Generate was not made: {cut} while its "
                "reference image was still being prepared."
            ).format(cut=cut)
        else:
            message = self.tr(
                "The {count} jobs of your last Generate were not made: {cut} "
                "while their reference image was still being prepared."
            ).format(count=grouped(count), cut=cut)
        self.show_error(message, self._set_to_make(missing))

    def _what_cut_off(self, from_demo: bool | None) -> str:
        """What ended the last window (``from_demo``: :meth:`tell_jobs_unmade`) before the
        jobs of its press were made: the start of a sentence's second half, "… were not
        made: {it} while …". From live mode to live mode, the key changed: "you switched to
        live mode" told the artist of a switch to the mode they were in."""
        if from_demo is None:
            return self.tr("Kontext Studio closed")
        if self.session.demo:
            return self.tr("you switched to demo mode")
        if from_demo:
            return self.tr("you switched to live mode")
        return self.tr("you changed the API key")

    def _set_to_make(self, missing: dict[tuple[str, str | None], int]) -> str:
        """Set the form's image count to the jobs not made of the prompt and reference it
        holds (``missing``, by those they were pressed with), and say so: left as it was,
        a batch cut part way (2 of 4 written) came back set to 4, and Generate pressed
        again, as the words said, paid for 2 images the artist had. More than Images goes
        to sets it to its most, said as some of them. A form that holds another prompt or
        reference (the next typed, or the next photo put in, while the press's reference
        was prepared) is left as it is, and said so: told "The prompt and the reference
        are back", the artist pressed Generate and made the next one, never those."""
        tab = self.generate_tab
        prompt, reference = tab.effective_prompt().strip(), tab.slot.path or ""
        again = sum(
            lost
            for (pressed, kept), lost in missing.items()
            if pressed == prompt and kept in (None, reference)
        )
        if not again:
            if not any(pressed for pressed, _ in missing):  # a count kept before the presses
                return self.tr("The prompt and the reference are back: press Generate again.")
            return self.tr(
                "The form holds another prompt or reference than those jobs had: set theirs "
                "again to make them."
            )
        count = sum(missing.values())
        tab.batch.setValue(min(again, tab.batch.maximum()))
        if tab.batch.value() < count:
            return self.tr(
                "The prompt and the reference are back, set to {shown} of the {count} images "
                "not made: press Generate again to make those."
            ).format(shown=grouped(tab.batch.value()), count=grouped(count))
        if again == 1:
            return self.tr(
                "The prompt and the reference are back, set to the 1 image not made: press "
                "Generate again to make it."
            )
        return self.tr(
            "The prompt and the reference are back, set to the {count} images not made: "
            "press Generate again to make them."
        ).format(count=grouped(again))

    def _open_data_folder(self) -> None:
        self._open_folder(self.session.paths.data)

    def _open_log_folder(self) -> None:
        self._open_folder(self.session.paths.logs)

    def _open_folder(self, folder: Path) -> None:
        if not job_actions.open_folder(folder):
            self._show_status(job_actions.folder_not_opened(folder))

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About Kontext Studio"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"<b>{APP_NAME}</b> {__version__}")
        box.setInformativeText(
            self.tr(
                "Make and edit images with KIE's Flux Kontext models, keep them in a local "
                "library and publish them to Cloudflare R2."
            )
        )
        widened(box, ABOUT_WIDTH_CHARS)
        icons_as_tall_as_text(box)
        keep_placed(box)  # centred over the window, as the dialogs are
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_last_message(self) -> LastMessagesDialog:
        """The status bar's last notices whole, newest first, each with its time, in words
        that can be selected and copied: the bar cuts a long notice to its room and takes
        it away after a few seconds, and its tooltip, which says it whole, is the mouse's
        alone. It kept only the latest: one said just before it was lost."""
        box = LastMessagesDialog(self.notice_log, self.tr("Last messages"), ABOUT_WIDTH_CHARS, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        drawn_if_asked_by_key(box)
        box.open()
        return box

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """The keyboard shortcuts, as (keys, what they do, where) rows: the same table the
        actions take their keys from."""
        return shortcuts.rows()

    def show_shortcuts(self) -> shortcuts.OverviewDialog:
        box = shortcuts.OverviewDialog(self, self.tr("Keyboard shortcuts"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        drawn_if_asked_by_key(box)  # F1: its Close button, where it does not scroll
        box.open()
        return box

    def open_statistics(self) -> StatsDialog:
        """Open (or raise) the statistics window; it computes its numbers in the background."""
        if self._stats_dialog is None:
            dialog = StatsDialog(self.bridge, self)
            dialog.finished.connect(self._statistics_closed)
            back_when_answered(dialog)  # closed with Esc, the keys back in the window
            self._stats_dialog = dialog
            dialog.show()
        else:
            self._stats_dialog.refresh()
        self._stats_dialog.raise_()
        self._stats_dialog.activateWindow()
        return self._stats_dialog

    def _statistics_closed(self) -> None:
        if self._stats_dialog is not None:
            self._stats_dialog.deleteLater()
        self._stats_dialog = None

    def tell_recovered(self, moved_to: str, read_back: int = 0) -> QMessageBox:
        """At start: the library file was damaged, moved aside, and a new one started, with
        the ``read_back`` artworks that could still be read from it."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Library repaired"))
        if read_back == 0:
            text = self.tr("The library file was damaged, so a new, empty library was started.")
        elif read_back == 1:
            text = self.tr(
                "The library file was damaged, so a new library was started with the 1 "
                "artwork that could still be read from it."
            )
        else:
            text = self.tr(
                "The library file was damaged, so a new library was started with the {count} "
                "artworks that could still be read from it."
            ).format(count=QLocale().toString(read_back))
        box.setText(text)
        box.setInformativeText(
            self.tr(
                "Your image files were not touched. The damaged file was kept as:\n{path}\n"
                "Keep it if you want to try to recover the old list."
            ).format(path=moved_to)
        )
        icons_as_tall_as_text(box)
        keep_placed(box)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    async def carry_on_jobs(self, *, left_by_another: bool = False) -> None:
        """Carry on the jobs an earlier run left unfinished; then look every few seconds for
        jobs left to this window: while another process that has the library open (a
        command) carries them on, they go on here once it has gone (``left_by_another``),
        and a command that ran its own jobs beside the window leaves them here when it ends,
        even killed (:mod:`kontext_studio.jobs.claim`)."""
        engine = self.session.engine
        resumed = await engine.resume()
        if engine.other_mode_jobs:
            self.tell_other_mode_jobs(len(engine.other_mode_jobs))
        self._carried_on(resumed)
        await self._tell_cut_off(resumed, left_by_another=left_by_another)
        if not self.bridge.closed:  # closed meanwhile: nothing more is carried on here
            self._claim_check.start()

    async def _tell_cut_off(self, resumed: list[int], *, left_by_another: bool) -> None:
        """At start: the jobs an earlier run was sending when it stopped (killed, crashed)
        are carried on as unknown, never sent again by themselves; say so, their tiles one
        click away. Before, nothing did: "No jobs running", the library opened where it was
        left, and a batch of eight was found only by scrolling to it. So too, later, of the
        jobs a command that had them was sending when it stopped (``left_by_another``; one
        window per library): not "when Kontext Studio stopped", said in a window open all
        along. And of those a command run beside the window (a guest) was sending when it
        was killed: before, they became Outcome unknown without a word."""
        if not resumed:
            return  # the window's look for jobs left to it, every few seconds: nothing to read
        ledger = self.session.ledger
        try:
            found = await asyncio.to_thread(ledger.get_many, resumed)
        except KontextError:
            return  # the library's own reads tell why it cannot be read
        cut = [snap for snap in found.values() if snap.state is JobState.UNKNOWN]
        if not cut or self.bridge.closed:
            return
        job_ids = [snap.id for snap in cut]
        self.banner.show_message(
            *self._cut_off_words(len(cut), left_by_another=left_by_another),
            MessageBanner.ERROR,
            (self.tr("Show in the library"), lambda: self.show_cut_off(job_ids)),
            kind=BannerKind.CUT_OFF,
        )

    def _cut_off_words(self, count: int, *, left_by_another: bool) -> tuple[str, str]:
        """What the banner of :meth:`_tell_cut_off` says of ``count`` jobs, and what to do."""
        if self.session.demo:
            hint = (
                self.tr(
                    "It says Outcome unknown in the library. Resubmit sends it again: a "
                    "demo job uses no real credits."
                )
                if count == 1
                else self.tr(
                    "They say Outcome unknown in the library. Show in the library selects "
                    "them all, and Resubmit sends them again at once: a demo job uses no real "
                    "credits."
                )
            )
        else:
            hint = (
                self.tr(
                    "It says Outcome unknown in the library. If its task is in the logs of your "
                    "account on kie.ai, Enter task ID… brings its image without paying again; "
                    "Resubmit sends it again, asking first."
                )
                if count == 1
                else self.tr(
                    "They say Outcome unknown in the library. Show in the library selects them "
                    "all. One whose task is in the logs of your account on kie.ai can be given it "
                    "(Enter task ID…), without paying again; Resubmit sends them again at once, "
                    "asking first."
                )
            )
        return self._cut_off_message(count, left_by_another=left_by_another), hint

    def _cut_off_message(self, count: int, *, left_by_another: bool) -> str:
        if left_by_another and self.session.demo:
            if count == 1:
                return self.tr(
                    "A job was being sent to the demo server by a kontext-studio command, "
                    "which has stopped: whether it was made is unknown."
                )
            return self.tr(
                "{count} jobs were being sent to the demo server by a kontext-studio "
                "command, which has stopped: whether they were made is unknown."
            ).format(count=grouped(count))
        if left_by_another:
            if count == 1:
                return self.tr(
                    "A job was being sent to KIE by a kontext-studio command, which has "
                    "stopped: whether KIE made it, and charged for it, is unknown."
                )
            return self.tr(
                "{count} jobs were being sent to KIE by a kontext-studio command, which has "
                "stopped: whether KIE made them, and charged for them, is unknown."
            ).format(count=grouped(count))
        if self.session.demo:
            if count == 1:
                return self.tr(
                    "A job was being sent to the demo server when Kontext Studio stopped: "
                    "whether it was made is unknown."
                )
            return self.tr(
                "{count} jobs were being sent to the demo server when Kontext Studio "
                "stopped: whether they were made is unknown."
            ).format(count=grouped(count))
        if count == 1:
            return self.tr(
                "A job was being sent to KIE when Kontext Studio stopped: whether KIE made "
                "it, and charged for it, is unknown."
            )
        return self.tr(
            "{count} jobs were being sent to KIE when Kontext Studio stopped: whether KIE "
            "made them, and charged for them, is unknown."
        ).format(count=grouped(count))

    def _try_to_carry_on(self) -> None:
        if self._carrying_on:
            return  # the last look has not ended yet
        self._carrying_on = True
        if self.bridge.spawn(self._carry_on_left()) is None:  # closing: the look never runs
            self._carrying_on = False
            self._claim_check.stop()

    async def _carry_on_left(self) -> None:
        engine = self.session.engine
        try:
            if engine.left_to_another:
                if await engine.take_claim():
                    await self.carry_on_jobs(left_by_another=True)
                return
            try:
                resumed = await engine.carry_on_left_jobs()
                self._carried_on(resumed)
                await self._tell_cut_off(resumed, left_by_another=True)
            except KontextError as error:
                # Looked at again in a few seconds: a banner as often would tell nothing new.
                log.warning(
                    "jobs left by a command not carried on yet",
                    extra={"event": "carry_on_failed", "kind": error.kind},
                )
        finally:
            self._carrying_on = False

    def _carried_on(self, resumed: list[int]) -> None:
        self.notifier.watch(resumed)
        self._follow_resumed(resumed)
        self.active_jobs.recount()
        if resumed:
            log.info("jobs resumed", extra={"event": "jobs_resumed", "count": len(resumed)})

    def _follow_resumed(self, resumed: list[int]) -> None:
        """Jobs carried on from an earlier run (or left by a command) are followed as if
        started here: refused for the key or the credits, they raise the banner too (they
        never showed running here, and a batch left running was refused unsaid). One that
        ended before it was handed here is told now; followed unended, a later rename or
        star of it would raise the banner for an old job."""
        ended, self._ended_unfollowed = self._ended_unfollowed, {}
        for job_id in resumed:
            self._followed.setdefault(job_id, "")
            if job_id in ended:
                self._follow_refusals(ended[job_id])

    def tell_other_mode_jobs(self, count: int) -> None:
        """At start: unfinished jobs of the other mode wait, untouched, for their mode."""
        if self.session.demo:
            message = (
                self.tr("1 job sent to KIE in live mode waits: demo mode cannot follow it.")
                if count == 1
                else self.tr(
                    "{count} jobs sent to KIE in live mode wait: demo mode cannot follow them."
                ).format(count=grouped(count))
            )
            hint = (
                self.tr(
                    "It carries on, without being paid for again, when Kontext Studio starts "
                    "with your API key."
                )
                if count == 1
                else self.tr(
                    "They carry on, without being paid for again, when Kontext Studio starts "
                    "with your API key."
                )
            )
        else:
            message = (
                self.tr("1 demo job waits: only demo mode can finish it.")
                if count == 1
                else self.tr("{count} demo jobs wait: only demo mode can finish them.").format(
                    count=grouped(count)
                )
            )
            hint = self.tr("Cancel them in the library if you no longer need them.")
        self.banner.show_message(message, hint, MessageBanner.INFO, kind=BannerKind.OTHER_MODE)

    # Layout -------------------------------------------------------------------------------

    def tell_settings_ignored(self, names: Sequence[str]) -> None:
        """At start: settings in the file that could not be used (a hand edit, a damaged
        file); their defaults apply until Settings saves new ones."""
        self.banner.show_message(
            self.tr("Some settings could not be used, so their defaults apply: {names}").format(
                names=QLocale().createSeparatedList(list(names))
            ),
            self.tr("Choose them again in Settings; the log file says what was wrong."),
            MessageBanner.INFO,
            kind=BannerKind.SETTINGS,
        )

    def tell_log_unwritten(self, reason: str) -> None:
        """At start: the log file cannot be opened (``reason``: a read-only folder, a full
        disk, a file in the folder's place), so the app runs without one
        (:func:`kontext_studio.ui.app._open_log`)."""
        self.banner.show_message(
            self.tr("Kontext Studio is not writing its log file ({reason}).").format(reason=reason),
            self.tr(
                "Everything else works as usual. Once that folder can be used, the log is "
                "written again from the next start."
            ),
            MessageBanner.INFO,
            kind=BannerKind.LOG,
        )

    def tell_settings_kept(self, path: str) -> None:
        """Settings saved over a file that could not be read, which was kept at ``path``: in
        place of the start's word that settings could not be used."""
        self.banner.show_message(
            self.tr(
                "Settings saved. The settings file they replaced could not be read: it was "
                "kept as {path}."
            ).format(path=path),
            self.tr("Open it in a text editor to find anything you had set there by hand."),
            MessageBanner.INFO,
            kind=BannerKind.SETTINGS,
            answer=True,
        )

    def restore_layout(self) -> None:
        geometry = self._layout.value("geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(self._default_size())
        splitter = self._layout.value("splitter")
        self._split_pending = not restore_sizes(self.splitter, splitter)
        self.preview.restore_split(self._layout.value("preview_splitter"))
        self._left_width = self._saved_int("width")
        self._left_screen = self._saved_int("screen_width")
        self.generate_tab.open_advanced(bool(self._layout.value("advanced", False, type=bool)))
        dialogs = job_actions.StandardDialogs
        if not dialogs.save_folder:  # a window after another keeps the app's own
            dialogs.save_folder = str(self._layout.value(SAVE_FOLDER_KEY, "", type=str))
        dialogs.folder_kept = self._keep_save_folder

    def _keep_save_folder(self, folder: str) -> None:
        """Write where a Save as went (:data:`SAVE_FOLDER_KEY`) for the next start: at the
        event loop's next turn, as QSettings writes a change, not at the window's close."""
        self._layout.setValue(SAVE_FOLDER_KEY, folder)

    def _saved_int(self, key: str) -> int:
        try:  # an int as written, a string as read back from the file
            return int(str(self._layout.value(key, 0)))
        except (TypeError, ValueError):
            return 0

    def showEvent(self, event: QShowEvent) -> None:
        """The first start's split waits for the first show: only then do the panes know the
        least width their words need (the style sheet applies when they are shown). A window
        that comes back narrower than it was left (on a smaller screen: a laptop taken off
        its monitor) is split as a first start there is: the splitter took the whole
        shortfall off the preview and the library, squeezed to their least widths, their
        buttons out of sight, while the Generate tab kept its width."""
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and not self._follows_screen:
            self._follows_screen = True
            handle.screenChanged.connect(self._screen_changed)
        narrower = (
            0 < self._screen_width() < self._left_screen
            if self._fills_screen()
            else 0 < self.width() < self._left_width
        )
        self._left_width = self._left_screen = 0
        if self._split_pending or narrower:
            self._split_pending = False
            self._share_width()

    def _screen_changed(self, _screen: QScreen) -> None:
        """The window taken to a screen of another size: the room its panes have before they
        scroll (:meth:`_panes_room`) read again now. Qt kept the least size it had on the
        screen it came from until something in the window asked for a new layout, and it
        could not be made as small as the new screen until then."""
        self.panes_scroll.updateGeometry()

    def _screen_width(self) -> int:
        """The free width of the window's screen. A window that fills it (maximised, full
        screen) is compared by it: at its show the window manager may not have made it
        the screen's size yet, so its own width is not yet the one it will have."""
        return self.screen().availableGeometry().width()

    def _fills_screen(self) -> bool:
        return bool(
            self.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen)
        )

    def _share_width(self) -> None:
        """The first start's split, over the window's actual width (see :func:`first_split`)."""
        panes = (self.tabs, self.preview, self.library)
        least = [least_size(pane, self.splitter.orientation()) for pane in panes]
        handles = self.splitter.handleWidth() * (len(panes) - 1)
        self.splitter.setSizes(first_split(self.width(), least, handles))

    def _panes_room(self) -> QSize:
        """The screen's room for the window (:func:`screen_room`) less its menu bar's and its
        status bar's heights: the room the panes have before they scroll."""
        bars = self.menuBar().sizeHint().height() + self.statusBar().sizeHint().height()
        return screen_room(self) - QSize(0, bars)

    def _default_size(self) -> QSize:
        """The first-run size, fitted to the screen (a 1280 x 800 laptop) with room for a
        title bar (:func:`~kontext_studio.ui.fit.fitting`): the window as tall as the screen's
        free area put its status bar below the screen's edge."""
        return fitting(QSize(*DEFAULT_SIZE), self.screen())

    def save_layout(self) -> None:
        self._layout.setValue("geometry", self.saveGeometry())
        self._layout.setValue("splitter", self.splitter.saveState())
        self._layout.setValue("preview_splitter", self.preview.splitter.saveState())
        self._layout.setValue("advanced", self.generate_tab.advanced_toggle.isChecked())
        self._layout.setValue("library_order", self.library.order().value)
        if self._fills_screen():  # its width is the screen's: a smaller one's is less
            self._layout.remove("width")
            self._layout.setValue("screen_width", self._screen_width())
        else:
            self._layout.setValue("width", self.width())
            self._layout.remove("screen_width")
        self._layout.sync()

    def reset_layout(self) -> None:
        """The first start's layout again, said in the status bar: the window's size, its
        panes' widths, the preview's split with the details, Advanced closed. Before, the
        preview's split and Advanced stayed as they were, and nothing said it was done."""
        layout = ("geometry", "splitter", "preview_splitter", "width", "screen_width", "advanced")
        for key in layout:
            self._layout.remove(key)
        self.showNormal()
        self.resize(self._default_size())
        self._share_width()
        self.preview.share_height()
        self.generate_tab.open_advanced(False)
        self._show_status(self.tr("The layout is back to how it first was."))

    def _follow_theme(self) -> None:
        """The window's style sheet applied again for the application's new palette or font:
        a style sheet pins the palette and the font its widgets had when it was applied;
        applied again, the window follows the system's switch between light and dark, and
        its text made larger while the app runs. A new theme's placeholder and links made to
        read first (:func:`keep_text_readable`), which sets the application's palette: in
        the restyle turn (:class:`ChangeFollower`), not inside Qt's own round of the widgets
        for the change."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            keep_text_readable(app)
        self.setStyleSheet("")
        restyle(self, STYLE)

    def request_quit(self) -> None:
        """Quit (Ctrl+Q) and the title bar's close button: asked first while artworks are
        being published or unpublished (:meth:`_ask_before_quitting`)."""
        if not self._ask_before_quitting():
            self.close()

    def _ask_before_quitting(self) -> bool:
        """Ask whether to quit while a publish, an unpublish, a Delete or a Save of several
        runs, and return whether the question is open. Closing stops them and nothing
        carries them on at the next start: before, the window closed without a word, and an
        artwork the artist had sent off was found unpublished later, or a Delete of several
        stopped partway, some artworks gone and the rest still there. A stop signal or a
        switch of mode closes without asking (a switch waits for publishing to finish)."""
        left = self._work_left()
        if self._quit_confirmed or not any(left):
            return False
        if self._quit_question is None:
            box, chosen = quit_box(self.front_window(), *left)
            chosen.triggered.connect(self._quit_anyway)
            box.finished.connect(self._quit_question_closed)
            back_when_cancelled(box)  # the keys where they were, full view or window
            self._quit_question = box
        self._quit_question.raise_()
        self._quit_question.activateWindow()
        return True

    def _work_left(self) -> tuple[int, int, int, int]:
        """How many artworks are being published, those the Upload tab's Publish has still
        to publish among them (before, quitting while it copied a file in asked nothing, and
        the rest of its files were never published), how many unpublished, how many a Delete
        has still to delete, and how many images a Save of several has still to save
        (quitting stopped it partway without a word). Not a publish waiting for the Delete
        of its artwork: its file went to the Trash, it sends nothing any more; the Delete is
        asked about."""
        publishing = self.publishing.sending_count() + self.upload_tab.to_publish
        removing = self.publishing.busy_count(UNPUBLISHING)
        return publishing, removing, self.bridge.deletes_left(), self.bridge.saves.left()

    def _reword_quit_question(self, *_: object) -> None:
        """The question open, its words follow the publishes and Deletes as they end (or
        start, from the Upload tab): it never says one is running when none is."""
        if self._quit_question is not None:
            word_quit_box(self._quit_question, *self._work_left())

    def _quit_question_closed(self, _result: int) -> None:
        self._quit_question = None

    @property
    def quit_confirmed(self) -> bool:
        """Whether the artist chose Quit anyway: the work the question named stops."""
        return self._quit_confirmed

    def _quit_anyway(self) -> None:
        self._quit_confirmed = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and self._ask_before_quitting():
            event.ignore()
            return
        self.save_layout()
        super().closeEvent(event)
        if event.isAccepted():
            # A window of this one's, it stayed up full screen, its keys acting, while the
            # work the window stopped ended (Quit anyway on the question in front of it).
            self._shut_full_view()
            if job_actions.StandardDialogs.folder_kept == self._keep_save_folder:
                job_actions.StandardDialogs.folder_kept = None  # held, it kept the window
            self.has_closed = True
            self.at_close = AtClose(
                frozenset(self.bridge.deleting), self.generate_tab.presses_under_way()
            )
            self.closed.emit()
