"""The Upload tab: finished artworks made elsewhere, into the library and out to R2.

Files come in by drop or Browse; a folder brings the images inside it (``collect_images``, in
a worker thread: what it passed over and any folder that brought nothing are said in the
summary). Each file is checked off the GUI thread (``inspect_image``
with :data:`UPLOAD_LIMITS`: a full decode, the size and pixel limits named in any refusal) and
its thumbnail is decoded there too. A refused file shows its reason and is never imported.

"Add to library" copies every ready file byte for byte into the library (``import_artworks``:
the artist's file is never re-encoded; the copy has no GPS position, nor the paths of the
artist's files and the name of their computer) as an ``uploaded`` artwork and announces it on
``bridge.job_changed``, so it is in the library at once. "Publish" does that and then publishes
through the :class:`PublishController`. Both run an :class:`UploadBatch`: files go one at a
time, each with its own progress and its own error; one bad file never stops the others. R2
settings that become unusable during a batch do stop it: every file left would meet them
too, so the settings are offered once and the files left stay ready; so does a failure not
the file's (``NOT_THE_ARTWORK``: no network, R2's own trouble, R2 refusing the
keys, the bucket or the clock), said under the file that met it and once in the summary,
with the files not tried (which offers the settings for the keys or the bucket). Files that
made it leave the list; the ones that did not stay, with their reasons, ready to try again.

Title, description and tags belong to each file (the title starts as the file name); the
details box edits the highlighted file and can copy its description and tags to all files.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import Callable, Collection, Iterable
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QDragEnterEvent, QDragLeaveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kontext_studio import i18n
from kontext_studio.errors import (
    JobGoneError,
    KontextError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    TooManyFilesError,
    some_names,
)
from kontext_studio.explain import (
    Explanation,
    explain,
    explain_error_detail,
    explain_listed,
    listed_cause,
    sentence_gap,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.collect import (
    MAX_IMAGES,
    Collected,
    FileIdentity,
    collect_images,
    file_identity,
)
from kontext_studio.images.validate import UPLOAD_LIMITS, ImageInfo, MiB, inspect_image
from kontext_studio.publish import (
    imported_before,
    readable_name,
    recorded_in,
    same_host,
    settings_location,
)
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui import accessible_roles, image_folder
from kontext_studio.ui.batch_place import sentence_title
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.cause_label import CauseLabel
from kontext_studio.ui.elided_label import ElidedLabel, cut_file_name
from kontext_studio.ui.example_line_edit import ExampleLineEdit, spacing_in_names
from kontext_studio.ui.flow_layout import FlowLayout
from kontext_studio.ui.font_scale import scaled_font
from kontext_studio.ui.generate_tab import FormScroll
from kontext_studio.ui.job_actions import StandardDialogs
from kontext_studio.ui.key_focus import LastPress, hand_focus
from kontext_studio.ui.levels import restyle
from kontext_studio.ui.next_turn import FONT, ChangeFollower
from kontext_studio.ui.notifications import announce
from kontext_studio.ui.pasted_text import PastedIsolates
from kontext_studio.ui.plain_text import (
    breakable,
    isolated,
    plain_tooltip,
    set_plain_tooltip,
    unbroken,
)
from kontext_studio.ui.publishing import (
    PUBLISHED_GONE,
    PUBLISHING,
    UNPUBLISHING,
    PublishController,
    Queued,
    settings_at_fault,
    settings_put_right,
)
from kontext_studio.ui.reference_slot import accept_as_copy, local_files, move_only
from kontext_studio.ui.text_box import TextBox
from kontext_studio.ui.thumbnail_label import decode_thumbnail
from kontext_studio.ui.translations import grouped
from kontext_studio.ui.upload_batch import UploadBatch
from kontext_studio.ui.upload_items import (
    BUSY,
    PENDING,
    Bucket,
    ItemState,
    PendingUpload,
    UploadItem,
    told_apart,
)
from kontext_studio.ui.upload_row import THUMB_SIDE, UploadRow, repolish
from kontext_studio.ui.upload_summary import batch_summary

IMAGE_FILTER = UPLOAD_LIMITS.file_patterns
"""What the file dialog lists: the formats UPLOAD_LIMITS accepts, and no others."""
ROWS_PER_TURN = 20
"""Rows a drop lists in one go before the window paints and answers again (each takes a
few milliseconds to make)."""
NAME_CHARS = 40
"""About how wide a left-out file's name is in the summary, cut in its middle beyond it."""

STYLE = """
#uploadDropZone { border: 2px dashed palette(mid); border-radius: 10px; }
#uploadDropZone[dragging="true"], #uploadList[dragging="true"] {
    border: 2px dashed palette(highlight);
}
#uploadDropText, #uploadDetail { color: $secondary; }
#uploadRow { border: 1px solid palette(midlight); border-radius: 6px; background: palette(base); }
#uploadRow[current="true"] { border: 2px solid palette(highlight); }
#uploadRow #uploadDetail { color: $secondary_on_base; }
#uploadThumb { background: palette(window); border-radius: 4px; color: $secondary; }
#uploadTitle { font-weight: 600; }
#uploadTitle, #uploadStatus, #uploadRemove { color: palette(text); }
/* Dimmed while its file is in a batch: in the text colour, it looked pressable. */
#uploadRemove:disabled { color: $secondary_on_base; }
#uploadStatus[level="error"] { color: $error_on_base; }
#uploadStatus[level="ok"] { color: $ok_on_base; }
#uploadStatus[level="note"] { color: $warning_on_base; }
#uploadSummary[level="error"] { color: $error; }
#uploadSummary[level="ok"] { color: $ok; }
#uploadSummary[level="warning"] { color: $warning; }
#uploadUnsaved { color: $error; }
"""
"""The tab's style sheet; its colours are :func:`kontext_studio.ui.levels.styled`'s."""
DROP_TITLE_SCALE = 15 / 12
"""The drop zone's heading, this much larger than the tab's text: 15 px at Qt's default
9 pt (12 px), as it was when fixed in the style sheet, and 30 pt at 24 pt, where 15 px was
smaller than the text under it."""


_TOO_MANY_AT_ONCE = QT_TRANSLATE_NOOP(
    "Errors", "{count} files, and at most {limit} are added at once"
)
_IN_GROUPS = QT_TRANSLATE_NOOP(
    "Errors", "None of them were listed: add them in groups of up to {limit}."
)


def _collect_identified(paths: list[Path]) -> tuple[Collected, list[FileIdentity] | None]:
    """The files ``paths`` bring and which file each one is (a worker thread's work); None
    for which, with none looked at, when they are more than a drop brings (:data:`MAX_IMAGES`,
    a folder's images and files chosen by name together). Files chosen by name had no cap:
    20,000 selected in a file manager and dropped were each listed, a row of ~0.1 MB
    (benchmarks/README.md), 2 GB and minutes of listing."""
    collected = collect_images(paths)
    if len(collected.files) > MAX_IMAGES:
        return collected, None
    return collected, [file_identity(path) for path in collected.files]


def _too_many_words(count: int) -> str:
    """That a drop of ``count`` files, more than :data:`MAX_IMAGES`, listed none, in the
    words of a folder of too many (:class:`TooManyFilesError`), and how many go at once."""
    error = TooManyFilesError.worded(_TOO_MANY_AT_ONCE, count=grouped(count), limit=MAX_IMAGES)
    return explain(error.advising(_IN_GROUPS)).sentences()


def _fill_line(edit: QLineEdit, text: str) -> None:
    """Show ``text`` from its beginning; a field that holds it already is left alone, so
    the cursor of an artist typing in it (every keystroke refreshes the row) stays put."""
    if edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)


def _typed_here(item: UploadItem) -> bool:
    """Whether ``item``'s title, description and tags are those typed here, which its import
    takes: not once its file is in the library, whose details are the library's
    (:func:`_take_library_details`), nor while a batch has it, nor for a file refused."""
    return item.snapshot is None and item.state not in BUSY and item.state is not ItemState.REFUSED


def _set_aside(item: UploadItem, snapshot: Snapshot) -> bool:
    """Whether the details typed for ``item`` (not those it was listed with) differ from
    ``snapshot``'s, which take their place once its check finds the file in the library.
    Typing stays open while a file is checked: a drop's files are checked one at a time,
    its last minutes later, and most are not in the library; one that is says so
    (:attr:`UploadItem.set_aside`), where its typed words vanished without a word."""
    typed = (item.title, item.description, item.tags)
    listed = (readable_name(item.path.stem), "", "")
    return typed not in (listed, (snapshot.title, snapshot.description, snapshot.tags))


def _take_library_details(item: UploadItem, snapshot: Snapshot) -> None:
    """``item``'s file is ``snapshot`` in the library: its title, description and tags are
    the library's from now on, which Publish sends. Before, a row kept those typed here
    (across a switch of mode or a restart too) after they were edited in the library."""
    item.snapshot = snapshot
    item.title, item.description, item.tags = snapshot.title, snapshot.description, snapshot.tags


def _end_refusal(item: UploadItem) -> None:
    """``item``'s publish refused for its artwork's being published in another bucket
    (:attr:`UploadItem.refused_in`) no longer holds: the file is ready to publish, and its
    row no longer says the refusal."""
    item.refused_in, item.problem, item.refusal = None, None, ""
    if item.state is ItemState.FAILED:
        item.state = ItemState.READY


class FileList(QWidget):
    """The box of the files' rows: to a screen reader, the list whose items they are
    (:mod:`~kontext_studio.ui.accessible_roles`), not a nameless pane."""

    accessible_role = QAccessible.Role.List

    def __init__(self, parent: QWidget | None = None) -> None:
        accessible_roles.install()
        super().__init__(parent)


class UploadTab(QWidget, StandardDialogs):
    """Bring finished artworks into the library and publish them.

    ``imported`` names the last artwork a batch brought in (a Snapshot), with what
    :attr:`note_press` answered as the batch was started and every artwork it brought in
    (a list of Snapshots), so the window can show it.
    """

    imported = Signal(object, int, object)
    settings_wanted = Signal(str)  # the summary's Open Settings: the field at fault, if any
    batch_changed = Signal()  # a file of the batch moved on, or the batch ended
    pending_changed = Signal()  # a file listed, taken off or imported, or its details edited
    move_refused = Signal()  # files came in a drag that can only move them (move_only)

    def __init__(
        self,
        bridge: Bridge,
        controller: PublishController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._recolour = ChangeFollower(self, partial(restyle, self, STYLE))
        self._refit = ChangeFollower(self, self._size_drop_title, FONT)
        self.bridge = bridge
        self.controller = controller
        self._items: dict[int, UploadItem] = {}
        # Which listed files are of which artwork, both ways (:meth:`_note_artwork`).
        self._by_artwork: dict[int, set[int]] = {}
        self._artwork_of: dict[int, int] = {}
        self._rows: dict[int, UploadRow] = {}
        self._keys = itertools.count(1)
        self._queue: deque[UploadItem] = deque()
        self._checking = False
        self._collecting: list[tuple[Path, ...]] = []  # what drops still being looked through
        self._restoring: dict[Path, PendingUpload] = {}  # what another window had, to list
        self._artworks: dict[int, Snapshot] = {}  # their artworks in the library, by id
        self._gone_meanwhile: set[int] | None = None  # told deleted during a lookup: _held
        self._batch: UploadBatch | None = None  # the one running
        self.note_press: Callable[[], int] = lambda: 0
        """Asked as a batch is started (Add to library, Publish), its answer handed back
        with the batch's last artwork (:attr:`imported`): the window's note of the
        library's choices then, as for a press of Generate."""
        # The batch the summary speaks of, with the files it left: said again as a file's
        # problem goes away (see _artwork_changed).
        self._ended: tuple[UploadBatch, list[UploadItem]] | None = None
        self._current: int | None = None
        self._filling = False
        self.setObjectName("uploadTab")
        self.setAcceptDrops(True)
        restyle(self, STYLE)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._empty_page())
        self.pages.addWidget(self._list_page())
        self.summary = QLabel(self)
        self.summary.setObjectName("uploadSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setVisible(False)
        # The work not saved for the next start (a full disk), as the Generate tab says it:
        # said there only, an artist busy here never learned it (show_unsaved).
        self.unsaved = CauseLabel(self)
        self.unsaved.setObjectName("uploadUnsaved")
        self.unsaved.setVisible(False)
        # A batch R2 stopped for the keys or the bucket, or an endpoint mistyped: the way to
        # put them right, as the window's banner and its box for missing settings offer it
        # (settings_put_right).
        self.settings_button = QPushButton(self.tr("&Open Settings"), self)
        self.settings_button.setVisible(False)
        self._at_fault = ""  # the R2 setting the batch that offers them was stopped for
        self.settings_button.clicked.connect(lambda: self.settings_wanted.emit(self._at_fault))
        self.details = self._details_box()

        self.browse_button = QPushButton(self.tr("Add f&iles…"), self)
        self.browse_button.clicked.connect(self.browse)
        self.folder_button = QPushButton(self.tr("Add fo&lder…"), self)
        self.folder_button.clicked.connect(self.browse_folder)
        self.clear_button = QPushButton(self.tr("Clea&r list"), self)
        self.clear_button.clicked.connect(self.clear_list)
        self.add_button = QPushButton(self.tr("Add to li&brary"), self)
        self.add_button.setToolTip(
            plain_tooltip(
                self.tr("Copy the files into your library, never re-encoded; publish them later")
            )
        )
        self.add_button.clicked.connect(self.add_to_library)
        self.publish_button = QPushButton(self.tr("&Publish"), self)
        self.publish_button.setObjectName("uploadPublish")
        self.publish_button.setToolTip(plain_tooltip(self._publish_tip(pending=False)))
        self.publish_button.clicked.connect(self.publish)
        self.stop_button = QPushButton(self.tr("S&top"), self)
        self.stop_button.setToolTip(
            plain_tooltip(
                self.tr(
                    "Stop now: a file being published is cancelled; a file being added to the "
                    "library stays there, unpublished"
                )
            )
        )
        self.stop_button.clicked.connect(self.stop)
        self._last_press = LastPress(self)
        """Whether a button that goes grey or away with the focus on it was pressed with a
        key: the focus handed on to Add files… is drawn then (:func:`hand_focus`)."""
        self._handed: tuple[QPushButton, QPushButton] | None = None
        """The button that went grey or away with the focus on it, and the Add files… it
        handed the focus to: given back by :meth:`_give_focus_back` once the batch is over."""

        # Rows of as many as fit: in a narrow tab (a large font) one row of each was wider
        # than the window may be on an 800 px screen.
        list_buttons = FlowLayout(spacing=6)
        list_buttons.addWidget(self.browse_button)
        list_buttons.addWidget(self.folder_button)
        list_buttons.addWidget(self.clear_button)
        action_buttons = FlowLayout(spacing=6, align=Qt.AlignmentFlag.AlignRight)
        for button in (self.stop_button, self.add_button, self.publish_button):
            action_buttons.addWidget(button)
        # The list, its details and its buttons scroll, as the Generate tab's form does, and
        # Publish stays below them: two files listed (the details box, two rows of buttons)
        # made the window's least height 424 points, and on a 1024 x 640 laptop at 150 %
        # (427) its status bar and the library's buttons went below the screen's edge.
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.pages, 1)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.unsaved)
        layout.addLayout(summary_row)
        layout.addWidget(self.details)
        layout.addLayout(list_buttons)
        # A widget joins the end of the Tab order when it gets its parent: the scrolling part
        # joins the tab before the footer is made, so Publish comes after the list's controls.
        self.form_scroll = FormScroll()
        self.form_scroll.setParent(self)
        self.form_scroll.setWidget(content)
        footer = QWidget(self)
        footer.setLayout(action_buttons)
        action_buttons.setContentsMargins(8, 6, 8, 8)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.form_scroll, 1)
        outer.addWidget(footer)
        controller.changed.connect(self._publish_changed)
        controller.many_changed.connect(self._many_publish_changed)
        controller.clean_up_ended.connect(self._clean_up_ended)
        bridge.job_changed.connect(self._artwork_changed)
        bridge.job_deleted.connect(self._artwork_deleted)
        bridge.read_again.connect(self._artworks_read_again)
        bridge.shows_artworks(self._listed_artworks)
        # Enter presses the focused button, as Space does, and only that one is drawn as
        # the button Enter presses. Publish was drawn so whatever had the focus (a file's
        # row, beside its own focus frame: two things looked focused), and Enter there
        # published nothing; nor should it: a publish puts the files in a public bucket.
        # Held, it presses once (LastPress), as Space does.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(True)
            self._last_press.watch(button)
        self._refresh()

    # Building -----------------------------------------------------------------------------

    def _empty_page(self) -> QWidget:
        zone = QFrame(self)
        zone.setObjectName("uploadDropZone")
        self.drop_zone = zone
        title = QLabel(self.tr("Drop finished artworks or a folder of them here"), zone)
        title.setObjectName("uploadDropTitle")
        self.drop_title = title
        self._size_drop_title()
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        self.empty_text = QLabel(
            i18n.fill(
                self.tr(
                    "JPEG, PNG or WebP, up to {megabytes}\u00a0MB and {pixels:mega}\u00a0"
                    "megapixels each, and up to {count} at once; a folder brings the images "
                    "inside it. They are copied into your library as they are, never re-encoded "
                    "(a photo's GPS location, your computer's name and the paths of your files "
                    "are left out), and you can publish them to your R2 bucket now or later from "
                    "the library."
                ),
                megabytes=UPLOAD_LIMITS.max_bytes // MiB,
                pixels=UPLOAD_LIMITS.max_pixels,
                count=MAX_IMAGES,
            ),
            zone,
        )
        self.empty_text.setObjectName("uploadDropText")
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setWordWrap(True)
        # Named as the buttons under the list, which do the same, and are shown only with
        # the list: two pairs of one name, one above the other, had the artist (and a
        # screen reader, and Tab) go through both.
        browse = QPushButton(self.tr("Add f&iles…"), zone)
        browse.clicked.connect(self.browse)
        self.drop_browse_button = browse
        browse_folder = QPushButton(self.tr("Add fo&lder…"), zone)
        browse_folder.clicked.connect(self.browse_folder)
        # Side by side where they fit, one under the other in a narrow tab (a large font).
        buttons = FlowLayout(spacing=6, align=Qt.AlignmentFlag.AlignHCenter)
        buttons.addWidget(browse)
        buttons.addWidget(browse_folder)
        content = QWidget()
        content.setAutoFillBackground(False)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.empty_text)
        layout.addLayout(buttons)
        layout.addStretch(2)
        # The words scroll where a narrow tab and a large font make them taller than the
        # zone: cut at its bottom edge, they hid the buttons below them.
        scroll = QScrollArea(zone)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its buttons
        outer = QVBoxLayout(zone)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return zone

    def _list_page(self) -> QWidget:
        box = FileList(self)
        box.setAccessibleName(self.tr("Files to upload"))
        self.rows_layout = QVBoxLayout(box)
        self.rows_layout.setContentsMargins(4, 4, 4, 4)
        self.rows_layout.setSpacing(6)
        # The rows are of fixed sizes (UploadRow.fit_width): the box grows to hold the rows
        # just listed before they are laid out. Laid out in the box as it was, they were
        # squeezed, and moved back once the list had grown it: every row moved, twice, at
        # each turn of a drop's listing.
        self.rows_layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("uploadList")
        scroll.setWidget(box)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to a row: _tab_to
        scroll.viewport().installEventFilter(self)  # its width is the rows': _fit_rows
        self.list_view = scroll
        return scroll

    def _details_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Details"), self)
        self.file_label = ElidedLabel(box, Qt.TextElideMode.ElideMiddle)
        self.file_label.setObjectName("uploadDetail")
        self.title_edit = QLineEdit(box)
        self.title_edit.setPlaceholderText(self.tr("Shown with the artwork"))
        self.title_edit.textEdited.connect(self._title_edited)
        PastedIsolates(self.title_edit)
        self.description_edit = TextBox(box)
        self.description_edit.setPlaceholderText(self.tr("Optional"))
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.description_edit.textChanged.connect(self._description_edited)
        self.tags_edit = ExampleLineEdit(box)
        self.tags_edit.setPlaceholderText(self.tr("landscape, ink, commission"))
        self.tags_edit.textEdited.connect(self._tags_edited)
        PastedIsolates(self.tags_edit)
        self.apply_all = QPushButton(self.tr("Appl&y to all files"), box)
        self.apply_all.setToolTip(
            plain_tooltip(
                self.tr(
                    "Give every file in the list this description and these tags (not the title)"
                )
            )
        )
        self.apply_all.clicked.connect(self.apply_details_to_all)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A field under its name where the two do not fit side by side (a large font).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("File"), self.file_label)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        form.addRow(self.tr("Tags"), self.tags_edit)
        form.addRow("", self.apply_all)
        spacing_in_names(form)
        return box

    # Public API ---------------------------------------------------------------------------

    @property
    def items(self) -> list[UploadItem]:
        return list(self._items.values())

    def row(self, item: UploadItem) -> UploadRow:
        return self._rows[item.key]

    @property
    def busy(self) -> bool:
        """A batch is running (checks of new files are not counted)."""
        return self._batch is not None

    @property
    def to_publish(self) -> int:
        """Files a Publish running here will publish once copied in
        (:attr:`UploadBatch.to_publish`); the publishing controller counts the one being
        published."""
        return self._batch.to_publish if self._batch is not None else 0

    def queued(self) -> Queued:
        """The publishes a Publish running here has still to start, for the status bar
        (:meth:`UploadBatch.queued`); :attr:`batch_changed` says when they change."""
        return self._batch.queued() if self._batch is not None else Queued()

    @property
    def checking(self) -> bool:
        """Folders are being looked through or files checked."""
        return bool(self._collecting or self._restoring) or any(
            item.state is ItemState.CHECKING for item in self._items.values()
        )

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        """List the files ``paths`` name and the images inside the folders among them,
        looked for in the background; the summary says what was passed over."""
        wanted = [Path(raw).absolute() for raw in paths]
        if not wanted:
            return
        looking = tuple(wanted)
        self._collecting.append(looking)
        self._show_summary(self.tr("Looking for images…"), "")
        self.bridge.spawn(self._collect(looking))

    def looking_in(self) -> list[Path]:
        """The files and folders dropped (or browsed) that are still being looked through,
        for a window that replaces this one to look through again."""
        return [path for looking in self._collecting for path in looking]

    async def _collect(self, looking: tuple[Path, ...]) -> None:
        try:
            collected, identities = await asyncio.to_thread(_collect_identified, list(looking))
            found = [] if identities is None else zip(collected.files, identities, strict=True)
            added = await self._list_in_turns(list(found))
        finally:
            self._collecting.remove(looking)
        if not shiboken6.isValid(self):
            return
        if added and (first := self._rows.get(added[0].key)) is not None:
            # Listed at the end, out of sight on a long list: the choice looked lost.
            self.list_view.ensureWidgetVisible(first)
        text = self._collected_words(collected)
        if identities is None:
            text = "\n".join(filter(None, (_too_many_words(len(collected.files)), text)))
        elif collected.files and not added:
            text = "\n".join(filter(None, (self._already_listed_words(collected), text)))
        if text:
            self._show_summary(text, "error" if collected.problems or identities is None else "")
        elif not self._collecting:
            self._hide_summary()
        self._refresh()

    async def _list_in_turns(self, files: list[tuple[Path, FileIdentity]]) -> list[UploadItem]:
        """:meth:`_list` :data:`ROWS_PER_TURN` files at a time, the window painting and
        answering in between: a row takes milliseconds to make, and a folder of 500 listed
        at once held the window still for over a second. Until the last is listed, the drop
        is still being looked through (:meth:`looking_in`): a window that replaces this one
        meanwhile looks through it again, and lists only the files it does not have. Files
        another window had listed (:meth:`restore_pending`) come back with their details."""
        added: list[UploadItem] = []
        for start in range(0, len(files), ROWS_PER_TURN):
            if start:
                await asyncio.sleep(0)
            if not shiboken6.isValid(self):
                break
            turn = files[start : start + ROWS_PER_TURN]
            listed = self._list(turn)
            self._give_back_details(listed, [path for path, _ in turn])
            added += listed
        return added

    def _give_back_details(self, listed: list[UploadItem], paths: list[Path]) -> None:
        """The title, description and tags another window had for the files just listed
        (``listed``, of ``paths``: one listed already is passed over), which are no longer
        :meth:`pending` as still to list; the library's, for a file it holds (they may have
        been edited there since)."""
        details = {path: self._restoring.pop(path) for path in paths if path in self._restoring}
        if not details:
            return
        for item in listed:
            if (entry := details.get(item.path)) is not None:
                item.title, item.description, item.tags = entry.title, entry.description, entry.tags
                if entry.artwork is not None and (found := self._artworks.pop(entry.artwork, None)):
                    _take_library_details(item, found)
                    self._note_artwork(item)
                    # Mostly one a batch added; a file the library held is not told apart
                    # by the other window: kept details go unsaid rather than said wrongly.
                    item.added = True
                self._rows[item.key].show_item(item)
        self._fill_details()

    def _collected_words(self, collected: Collected) -> str:
        """The folders that brought nothing and why, then how many files were passed over
        ("in the folder" when all were in one). A
        folder's name may be one long word ("commission_sketches_harbour_series_…"): it
        may break (:func:`breakable`), or the summary took its width, and the window grew
        past the screen's edge."""
        lines = [breakable(explain(error).sentences()) for _path, error in collected.problems]
        # Hidden files and the system's litter are passed over unsaid (images.collect).
        # Named, the first few of many: "1 file was left out" sent the artist through the
        # folder to find which.
        names = some_names(
            [isolated(self._short_name(path.name)) for path, _ in collected.left_out]
        )
        if collected.skipped == 1:
            words = self.tr("{name} in the folder was left out: not a JPEG, PNG or WebP.")
            lines.append(breakable(words.format(name=names)))
        elif collected.skipped:
            if collected.left_out_folders == 1:
                words = self.tr(
                    "{count} files in the folder were left out, not JPEG, PNG or WebP: {names}."
                )
            else:
                words = self.tr(
                    "{count} files in the folders were left out, not JPEG, PNG or WebP: {names}."
                )
            lines.append(breakable(words.format(count=grouped(collected.skipped), names=names)))
        return "\n".join(lines)

    def _short_name(self, name: str) -> str:
        """A file's ``name`` as the summary names it: cut in its middle to about
        :data:`NAME_CHARS` characters, its extension whole (:func:`cut_file_name`)."""
        metrics = self.summary.fontMetrics()
        return cut_file_name(metrics, name, metrics.averageCharWidth() * NAME_CHARS)

    def _already_listed_words(self, collected: Collected) -> str:
        """For a drop that brought only files listed already: said, or nothing seems to
        happen."""
        if len(collected.files) == 1:
            return self.tr("This file is already in the list.")
        return self.tr("These files are already in the list.")

    def add_files(self, paths: Iterable[str | Path]) -> list[UploadItem]:
        """List ``paths`` as :meth:`add_paths` does the files it finds, looking at each file
        here (drops and Browse look in a worker thread)."""
        absolute = [Path(raw).absolute() for raw in paths]
        return self._list((path, file_identity(path)) for path in absolute)

    def _list(self, files: Iterable[tuple[Path, FileIdentity]]) -> list[UploadItem]:
        """List ``files`` and check them in the background, one after the other. A file
        listed already, by this path or another (a link, ``a/../a/x.png``), is passed over:
        the first stays."""
        known = {item.identity for item in self._items.values()}
        added: list[UploadItem] = []
        # Each row shown lays the whole list out again: shown here, with the list's layout
        # off, the list is laid out once for them all, not once a row (a drop of 500 took
        # over a second, and each row made the next one slower).
        self.rows_layout.setEnabled(False)
        try:
            for path, identity in files:
                if identity in known:
                    continue
                known.add(identity)
                item = UploadItem(
                    next(self._keys),
                    path,
                    identity,
                    title=readable_name(path.stem),
                    shown_name=path.name,  # folders only where names clash: _tell_apart
                )
                self._items[item.key] = item
                row = UploadRow(item, self.bridge)
                row.clicked.connect(self.set_current)
                row.remove_requested.connect(self.remove)
                row.step.connect(self._step)
                self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
                row.fit_width(self._row_width())  # in the tab: sized in its style
                row.show()
                self._rows[item.key] = row
                self._queue.append(item)
                added.append(item)
            self._tell_apart({item.path.name for item in added})
        finally:
            self.rows_layout.setEnabled(True)
        self.rows_layout.activate()
        if added:
            self.pending_changed.emit()
            self._hide_summary()
            if self._current is None:
                self.set_current(added[0].key)
            if not self._checking:
                self._checking = True
                self.bridge.spawn(self._check_queue())
        self._refresh()
        return added

    def pending(self) -> list[PendingUpload]:
        """The listed files not finished with, with their details, in list order: those not
        in the library yet (a file whose import failed included), and those a batch copied
        in but did not publish (its publish failed, or was stopped), with their artwork.
        Before, these were left out: a switch of mode or a restart dropped their rows, and
        with them the word that they were not published and the way to publish them."""
        listed = [
            PendingUpload(
                item.path,
                item.title,
                item.description,
                item.tags,
                # One the library held when listed is found by its hash again.
                item.snapshot.id if item.snapshot is not None and not item.held else None,
            )
            for item in self._items.values()
            if item.state is not ItemState.DONE
        ]
        return listed + list(self._restoring.values())

    def restore_pending(self, pending: Iterable[PendingUpload]) -> None:
        """List :meth:`pending` of another window (a switch of mode) with their details, in
        turns, as a drop is (:meth:`_list_in_turns`); those not listed yet stay
        :meth:`pending`, for a window that replaces this one meanwhile."""
        kept = {entry.path.absolute(): entry for entry in pending}
        fresh = {path: entry for path, entry in kept.items() if path not in self._restoring}
        if fresh:
            self._restoring.update(fresh)
            self.bridge.spawn(self._restore(list(fresh)))

    async def _restore(self, paths: list[Path]) -> None:
        try:
            identities = await asyncio.to_thread(lambda: [file_identity(p) for p in paths])
            await self._find_artworks([self._restoring[p].artwork for p in paths])
            await self._list_in_turns(list(zip(paths, identities, strict=True)))
        finally:
            for path in paths:
                self._restoring.pop(path, None)
        if shiboken6.isValid(self):
            self._refresh()

    async def _find_artworks(self, ids: list[int | None]) -> None:
        """The library's artworks of files another window had copied in but not published,
        for their rows (:meth:`_give_back_details`): one deleted since is added anew."""
        wanted = [artwork for artwork in ids if artwork is not None]
        if not wanted:
            return
        ledger = self.bridge.session.ledger
        found = await asyncio.to_thread(lambda: [ledger.get(artwork) for artwork in wanted])
        self._artworks.update((s.id, s) for s in found if s is not None)

    def browse(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose finished artworks"),
            image_folder.start_folder(),
            self.tr("Images ({patterns});;All files (*)").format(patterns=IMAGE_FILTER),
        )
        if paths:
            image_folder.remember(paths[0])
        self.add_paths(paths)

    def browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a folder of finished artworks"), image_folder.start_folder()
        )
        if folder:
            image_folder.remember(folder)
            self.add_paths([folder])

    def remove(self, key: int, by_keys: bool = False) -> None:
        """Take the file off the list; the file after it (else before it) becomes the
        current one, and has the focus if the removed row had it (Delete on a row), drawn
        when ``by_keys`` (a key asked: Delete, or Space on its ✕)."""
        self._remove([key], by_keys)

    def _remove(self, keys: list[int], by_keys: bool = False) -> None:
        """Take the files of ``keys`` off the list at once, the rest settled once: an Add
        of 500 files of one name, taken off one by one, told the rest apart after each and
        stood the window still for a second. The file after the last one taken off (else
        before it) becomes the current one, with the focus if a removed row had it (or its
        ✕), drawn when ``by_keys`` (the keys took the row off)."""
        listed = list(self._items)
        rows = [row for key in keys if (row := self._rows.get(key)) is not None]
        focused = any(row.hasFocus() or row.remove.hasFocus() for row in rows)
        names = {item.path.name for key in keys if (item := self._items.get(key)) is not None}
        dropped = [key for key in keys if self._drop(key)]
        if not dropped:
            return
        gone = set(dropped)
        index = max(at for at, key in enumerate(listed) if key in gone)
        after = [key for key in listed[index + 1 :] if key in self._items]
        before = [key for key in listed[:index] if key in self._items]
        if neighbours := after[:1] or before[-1:]:
            self.set_current(neighbours[0])
        self._after_removal(names)
        if focused and self._current is not None:
            hand_focus(self._rows[self._current], by_keys)
        elif focused:
            hand_focus(self._add_files_button(), by_keys)

    def clear_list(self) -> None:
        """Remove every file not being added; the rest of the list is settled once, so a
        list of hundreds clears at once."""
        names = {item.path.name for item in self._items.values()}
        dropped = [self._drop(key) for key in list(self._items)]
        if any(dropped):
            self._after_removal(names)
        self._hide_summary()

    def _drop(self, key: int) -> bool:
        """Take the file and its row out; False when it is not there or being added."""
        item = self._items.get(key)
        if item is None or item.state in BUSY:
            return False
        del self._items[key]
        self._note_artwork(item)
        row = self._rows.pop(key)
        self.rows_layout.removeWidget(row)
        row.deleteLater()
        if self._current == key:
            self._current = None
        return True

    def _after_removal(self, names: set[str]) -> None:
        """The list settled once files of ``names`` were taken off it; the summary of the
        batch that ended counts what is still listed: it read "Nothing was published: see
        the reasons in the list." with the failed file removed, no reason left to see."""
        self._tell_apart(names)
        self.pending_changed.emit()
        if self._current is None and (first := next(iter(self._items), None)) is not None:
            self.set_current(first)
        if self._ended is not None:
            batch, left = self._ended
            self._say_ended(batch, [item for item in left if item.key in self._items])
        self._refresh()

    def _tell_apart(self, names: set[str]) -> None:
        """Name each row's file of one of ``names`` (those of the files just listed, or taken
        off) as :func:`told_apart` does among those listed, showing again the rows whose name
        that changes. The others' names cannot change: each turn of a drop's listing told
        the whole list apart again, a drop of 2,000 files 100 times."""
        clashing = [item for item in self._items.values() if item.path.name in names]
        if not clashing:
            return
        shown = told_apart(item.path for item in clashing)
        for item in clashing:
            if item.shown_name != shown[item.path]:
                item.shown_name = shown[item.path]
                self._rows[item.key].show_item(item)

    def set_current(self, key: int) -> None:
        """Highlight the file whose details the details box edits."""
        if key not in self._items:
            return
        previous = self._rows.get(self._current) if self._current is not None else None
        self._current = key
        if previous is not None:
            previous.set_current(False)
        row = self._rows[key]
        row.set_current(True)
        self._tab_to(row)
        self.list_view.ensureWidgetVisible(row)
        self._fill_details()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list_view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return super().eventFilter(watched, event)

    def _row_width(self) -> int:
        """The width of a row: the list's, inside its margins."""
        margins = self.rows_layout.contentsMargins()
        return self.list_view.viewport().width() - margins.left() - margins.right()

    def _fit_rows(self) -> None:
        """Every row as wide as the list, whose width changed (:meth:`UploadRow.fit_width`)."""
        width = self._row_width()
        for row in self._rows.values():
            row.fit_width(width)

    def _tab_to(self, row: UploadRow) -> None:
        """Put ``row`` and its remove button where the list is in the Tab order (a new row
        joins the end of the window's). Qt's ``setTabOrder`` ignores an anchor that takes no
        focus, and the list's frame must not be a stop of its own (nothing would look
        focused), so it takes focus for the call only."""
        self.list_view.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        QWidget.setTabOrder(self.list_view, row)
        QWidget.setTabOrder(row, row.remove)
        self.list_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _step(self, key: int, delta: int) -> None:
        """Up or Down on a file's row: the file above or below becomes current, focused."""
        keys = list(self._items)
        index = keys.index(key) + delta if key in self._items else -1
        if 0 <= index < len(keys):
            self.set_current(keys[index])
            self._rows[keys[index]].setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_details_to_all(self) -> None:
        """Give every file whose details are typed here (:func:`_typed_here`) the current
        file's description and tags. Files with words of their own are asked about first:
        one click replaced the description and tags typed for each of a list, with no way
        back. A file in the library keeps the library's, which Publish sends: before, it
        took the typed ones too, which its grey fields then showed."""
        source = self._items.get(self._current) if self._current is not None else None
        if source is None:
            return
        takers = [item for item in self._items.values() if _typed_here(item)]
        in_library = sum(
            1
            for item in self._items.values()
            if item.snapshot is not None and item.state not in BUSY
        )
        own = sum(
            1
            for item in takers
            if (item.description.strip() or item.tags.strip())
            and (item.description, item.tags) != (source.description, source.tags)
        )
        if own and not self._replace_confirmed(own):
            return
        for item in takers:
            item.description = source.description
            item.tags = source.tags
        self.pending_changed.emit()
        self._show_summary(self._applied_words(in_library), "")

    def _applied_words(self, in_library: int) -> str:
        """What Apply to all files did, with the ``in_library`` files it left alone."""
        if not in_library:
            return self.tr("The description and tags now apply to every file.")
        if in_library == 1:
            kept = self.tr("The one in it keeps the library's: change them there (Edit details).")
        else:
            kept = self.tr(
                "The {count} in it keep the library's: change them there (Edit details)."
            ).format(count=grouped(in_library))
        applied = self.tr(
            "The description and tags now apply to every file not in your library yet."
        )
        return f"{applied}{sentence_gap()}{kept}"

    def _replace_confirmed(self, count: int) -> bool:
        """Whether the artist agrees to replace the description and tags of ``count`` files
        that have their own."""
        if count == 1:
            text = self.tr(
                "1 other file has a description or tags of its own. Replace them with this file's?"
            )
        else:
            text = self.tr(
                "{count} other files have a description or tags of their own. Replace them "
                "with this file's?"
            ).format(count=grouped(count))
        return self.confirm(self.tr("Apply to all files"), text, self.tr("&Replace"))

    def add_to_library(self) -> None:
        self._start(publish=False)

    def publish(self) -> None:
        self._start(publish=True)

    def stop(self) -> None:
        """Start nothing new and publish nothing more: the file being published is cancelled
        (nothing stays in the bucket); a file being copied in ends in the library, unpublished.
        The files still waiting say at once that they will not be started: a copy into the
        library can take a while, and they read "Waiting…" all that time."""
        if self._batch is None:
            return
        self._batch.stop()
        self.stop_button.setEnabled(False)
        # What it has still to publish is nothing now: the status bar said "Publishing 1
        # artwork…" until a file being copied in, the batch's last, was in the library.
        self.batch_changed.emit()

    # Checking -----------------------------------------------------------------------------

    async def _check_queue(self) -> None:
        try:
            while self._queue:
                item = self._queue.popleft()
                if item.key in self._items:
                    await self._check(item)
        finally:
            self._checking = False

    async def _check(self, item: UploadItem) -> None:
        ratio = self.devicePixelRatioF()
        try:
            info = await asyncio.to_thread(inspect_image, item.path, UPLOAD_LIMITS)
            thumbnail = await decode_thumbnail(item.path, THUMB_SIDE, ratio)
            held = await self._held(info)
        except KontextError as error:
            item.state, item.problem = ItemState.REFUSED, explain_listed(error)
            item.refusal, item.cause = explain_error_detail(error), listed_cause(error)
        except Exception as error:  # never stuck "checking"; the bridge logs and shows it
            item.state, item.problem = ItemState.REFUSED, self.bridge.report(error)
            item.cause = listed_cause(error)
        else:
            item.state, item.info, item.thumbnail = ItemState.READY, info, thumbnail
            if held is not None and item.snapshot is None and item.key in self._items:
                item.held, item.set_aside = True, _set_aside(item, held)
                _take_library_details(item, held)
                self.pending_changed.emit()
        self._show(item)

    async def _held(self, info: ImageInfo) -> Snapshot | None:
        """The library's artwork of the checked file ``info``, found by its hash
        (:func:`imported_before`); None when the library cannot be read now: the import
        looks again. One told deleted before the answer came back is not held: the row
        said "Already in your library" for good, Add to library grey, of a file to add."""
        gone = self._gone_meanwhile = set()
        try:
            found = await asyncio.to_thread(imported_before, self.bridge.session.ledger, info)
        except KontextError:
            return None
        finally:
            self._gone_meanwhile = None
        return None if found is None or found.id in gone else found

    # The batch ----------------------------------------------------------------------------

    def _start(self, *, publish: bool) -> None:
        taken = [
            item
            for item in self._items.values()
            if (self._to_publish(item) if publish else item.to_add)
        ]
        if self.busy or not taken:
            return
        self._batch = UploadBatch(
            self.bridge, self.controller, self._show, publish=publish, noted=self._note_artwork
        )
        # Added with what was typed for them: not said to have kept the library's instead.
        # Not a file the library held whose first publish failed: that batch took it, and
        # before, it was counted here too, and its retry published the library's title
        # without a word that it was not the one typed.
        self._batch.added_earlier = {
            item.snapshot.id for item in taken if item.snapshot is not None and item.added
        }
        # Those whose details typed while they were checked gave way to the library's.
        self._batch.typed_over = {
            item.snapshot.id for item in taken if item.snapshot is not None and item.set_aside
        }
        for item in taken:
            item.held = False  # the batch's words are its row's from now on
        self._hide_summary()
        self._refresh()
        self.bridge.spawn(self._run(self._batch, taken, self.note_press()))

    def _to_publish(self, item: UploadItem) -> bool:
        """Left for the next Publish (:attr:`UploadItem.to_do`): not a file the library held
        published, in the bucket the R2 settings name, when it was checked, which its row
        says ("Already in your library, and published"). Before, Publish stayed enabled for
        it alone, and pressing it sent nothing: "Nothing was published: this artwork was
        published already." One published in another bucket is still offered: Publish
        says where it is, and lets it be forgotten there; so is one a batch stopped before,
        or one listed again at the next start, no refusal naming that bucket yet (their
        rows say so too). Before, these read "In the library and published", and the first
        was left out of the next Publish without a word."""
        snapshot = item.snapshot
        if snapshot is None or not item.published or item.state not in PENDING:
            return item.to_do
        bucket, host = settings_location(self.bridge.session.settings.r2)
        if item.held or item.refused_in is None:
            # Its row names both buckets only once the settings name one: before, it read
            # "In the library and published." beside a Publish offered for it alone. One
            # the library held, with no bucket named, was offered too, and pressed, Publish
            # did nothing and said nothing.
            return bool(bucket and host) and not recorded_in(snapshot, bucket, host)
        return item.to_do

    def settings_saved(self) -> None:
        """The R2 settings may name another bucket now: Publish is offered, or not, for the
        rows of artworks published in the one they named before (:meth:`_to_publish`), and
        those rows say whether they are published in the new one. Before, it stayed as it
        was until something else changed in the tab: grey for a row not published in the
        new bucket, or enabled for one published there, and pressed, it did nothing.

        A refusal for the artwork's being published in another bucket than the settings
        named (:attr:`UploadItem.refused_in`) is over once they name another: the row reads
        as the file listed again at the next start does. Kept, it went on naming the bucket
        of the refusal as "the bucket the R2 settings name", and said the artwork was not
        published in the one it is published in. The summary of the batch that ended is
        said again, as the rows now stand."""
        here = Bucket(*settings_location(self.bridge.session.settings.r2))
        for item in self._items.values():
            if (refused := item.refused_in) is not None and not (
                refused.name == here.name and same_host(refused.host, here.host)
            ):
                _end_refusal(item)
            if (row := self._rows.get(item.key)) is not None:
                row.show_item(item)
        self._refresh()
        if self._ended is not None:
            self._say_ended(*self._ended)

    async def _run(self, batch: UploadBatch, taken: list[UploadItem], noted: int) -> None:
        try:
            await batch.run(taken)
        finally:
            left = [item for item in batch.left if item.key in self._items]
            self._batch = None
            self._finish(batch, left, noted)
            self.batch_changed.emit()

    def _finish(self, batch: UploadBatch, left: list[UploadItem], noted: int) -> None:
        """Clear what made it; keep every problem on screen; say what happened; hand the
        last artwork it brought in to the window, with ``noted`` (:attr:`imported`). ``left``:
        the files a batch stopped early (Stop, or R2 settings that became unusable) did not
        finish, a file whose publish was cancelled among them, still listed: the summary
        says so, in the warning colour at least, so a batch cut short does not read as one
        that did everything. A cancel is no failure: a batch the artist stopped says it
        was stopped, in the error colour only when some file failed."""
        if not shiboken6.isValid(self):
            return
        self._remove([item.key for item in batch.done])
        # The files it copied in and left unpublished are pending with their artwork now:
        # the work kept against a crash names it, or the next start would add a second copy.
        self.pending_changed.emit()
        self._say_ended(batch, left)
        if not self.summary.isHidden():
            # Read out, as the status bar's words are: the batch's publishes, one by one,
            # are not (MainWindow), and a screen reader was told nothing of how it ended.
            # Through the window while the tab is out of sight, as a banner waiting below is.
            target = self.summary if self.summary.isVisible() else self.window()
            announce(target, self.summary.text(), str(self.summary.property("level")))
        brought = [item.snapshot for item in batch.done if item.snapshot is not None]
        if brought:
            self.imported.emit(brought[-1], noted, brought)
        self._refresh()
        self._give_focus_back()

    def _give_focus_back(self) -> None:
        """The keyboard back on the button pressed (Publish, Add to library), usable again
        with files still listed, if it is still where that button handed it: a Publish that
        found R2 not set up left it on Add files…, and once the box offering the settings
        was closed, Publish was a Tab round the window away."""
        handed, self._handed = self._handed, None
        if handed is None:
            return
        pressed, stand_in = handed
        if pressed.isVisible() and pressed.isEnabled() and self.window().focusWidget() is stand_in:
            hand_focus(pressed, self._last_press.by_keys)

    def _publish_changed(self, job_id: int) -> None:
        """Progress of the file being published, from the controller; and a listed file's
        artwork that the library starts or ends publishing or removing from the bucket."""
        self._many_publish_changed(frozenset((job_id,)))

    def _many_publish_changed(self, job_ids: frozenset[int]) -> None:
        shown = []
        for item in self._listed_of(job_ids):
            if item.snapshot is not None:
                activity = self.controller.activity(item.snapshot.id)
                if item.state is ItemState.PUBLISHING and activity is not None:
                    item.percent = activity.percent if activity.kind == PUBLISHING else None
                    item.quiet = activity.quiet
                    item.after_delete = activity.after_delete
                    item.waits_to_publish = self.controller.waits_turn(item.snapshot)
                    shown.append(item)
                elif item.state is not ItemState.PUBLISHING:
                    shown.append(item)
        self._show_many(shown)

    def _listed_of(self, job_ids: Collection[int]) -> list[UploadItem]:
        """The listed files whose artworks are ``job_ids``, in list order, found by their
        artworks (:meth:`_note_artwork`): before, each publish's progress, a library's
        thousands among them, and each change or delete of an artwork, went over every file
        listed. One whose artwork changed since it was noted (shown next) is not of them."""
        keys: set[int] = set()
        for job_id in job_ids:
            keys.update(self._by_artwork.get(job_id, ()))
        listed = (self._items[key] for key in sorted(keys))
        return [
            item for item in listed if item.snapshot is not None and item.snapshot.id in job_ids
        ]

    def _note_artwork(self, item: UploadItem) -> None:
        """Keep :meth:`_listed_of`'s map up to date with ``item``'s artwork (none, once it
        is taken off the list): each change of it is shown (:meth:`_show`) or noted here."""
        was = self._artwork_of.pop(item.key, None)
        if was is not None:
            self._by_artwork[was].discard(item.key)
            if not self._by_artwork[was]:
                del self._by_artwork[was]
        if item.snapshot is not None and item.key in self._items:
            self._artwork_of[item.key] = item.snapshot.id
            self._by_artwork.setdefault(item.snapshot.id, set()).add(item.key)

    def _clean_up_ended(self, job_id: int, clean: bool) -> None:
        """A stopped publish's thread has ended removing what it sent: a row that said a
        part may be left says nothing was, when it is gone. Before, the row said "Nothing
        was left in the bucket." at Stop, while that removal was still to come, or failed."""
        if not clean:
            return
        unsure = explain(PublishCancelledUncleanError())
        shown = []
        for item in self._listed_of((job_id,)):
            if item.state is ItemState.CANCELLED and item.problem == unsure:
                item.problem = explain(PublishCancelledError())
                shown.append(item)
        self._show_many(shown)

    def _artwork_changed(self, snapshot: object) -> None:
        """A listed file's artwork changed in the library (published or unpublished there,
        its details edited): the row says where it stands now, and its details are the
        library's. A publish refused for its artwork being published in another bucket is
        over once that publication is forgotten (or removed there): the file is ready to
        publish, and its row no longer says the refusal. The summary of the batch that
        ended follows the rows: it said "Nothing was published: see the reasons in the
        list" once the only file it failed was published from the library or by a command.

        The artworks read for rows still to list (:meth:`restore_pending`) follow it too:
        the rows come a few at a time, and one came with its artwork as first read.

        An older copy than the one held is passed over, as the library and the preview do:
        a read made before the publication was forgotten (the controller reads the refused
        record again) can come after the forget's own, and put the refusal back for good."""
        if not isinstance(snapshot, Snapshot):
            return
        found = self._artworks.get(snapshot.id)
        if found is not None and not snapshot.older_than(found):
            self._artworks[snapshot.id] = snapshot  # for its row, still to list
        changed = False
        shown = []
        for item in self._listed_of((snapshot.id,)):
            if item.snapshot is not None and snapshot.older_than(item.snapshot):
                continue
            shown.append(item)
            if item.held and snapshot.trashed_at is not None:
                # A Delete trashed its image and may not remove it: a file to add
                # again, which puts the image back. It said "Already", Add grey.
                item.snapshot, item.held = None, False
                continue
            _take_library_details(item, snapshot)
            if item.refused_in is not None and not item.recorded_elsewhere:
                _end_refusal(item)
            changed = True
        self._show_many(shown)
        if changed and self._ended is not None:
            self._say_ended(*self._ended)  # one file fewer may need attention

    def _artworks_read_again(self, snapshots: list[Snapshot]) -> None:
        """Another program's write had the library read again (``Bridge.read_again``): the
        listed files' artworks it changed are taken as one changed here
        (:meth:`_artwork_changed`). Before, a file whose publish failed here and that the
        command line published went on saying "not published" beside the library's
        Published badge. Only those listed are looked at: the library may have read
        thousands."""
        held = dict(self._artworks)
        held.update(
            (item.snapshot.id, item.snapshot)
            for item in self._items.values()
            if item.snapshot is not None
        )
        for snapshot in snapshots:
            if snapshot.id in held and snapshot != held[snapshot.id]:
                self._artwork_changed(snapshot)

    def _listed_artworks(self) -> list[int]:
        """The library's artworks the rows are of, and those read for rows still to list
        (:meth:`restore_pending`): one another program deletes meanwhile is told too."""
        listed = [item.snapshot.id for item in self._items.values() if item.snapshot is not None]
        return [*listed, *self._artworks]

    def _artwork_deleted(self, job_id: int) -> None:
        """The artist deleted a file's artwork from the library: the row stops saying the
        library has it, its details can be edited again, and the next batch adds the file
        anew. Kept, the gone artwork failed every Publish ("not in the library"). A row
        still to list (:meth:`restore_pending`) is listed without it.

        A publish that found the artwork's file gone from the library folder, because
        another program's delete trashes the file before the row goes, said to put the file
        back there: the row says the artwork was deleted instead (nothing, deleted here).
        A publish refused for the artwork's being published in another bucket is over: the
        row said, in red, to unpublish it there or forget its publication, of an artwork no
        longer in the library, and the summary to see that reason."""
        self._artworks.pop(job_id, None)
        if self._gone_meanwhile is not None:
            self._gone_meanwhile.add(job_id)
        changed = False
        shown = self._listed_of((job_id,))
        for item in shown:
            if item.lost_file and item.snapshot is not None:
                item.problem = self._deleted_words(item.snapshot, job_id)
                item.lost_file, item.in_trash, item.refusal = False, False, ""
            if item.refused_in is not None:
                _end_refusal(item)
                changed = True
            item.snapshot, item.held = None, False
        self._show_many(shown)
        if changed and self._ended is not None:
            self._say_ended(*self._ended)

    def _deleted_words(self, snapshot: Snapshot, job_id: int) -> Explanation | None:
        """That another program deleted ``snapshot``, so it was not published; None when this
        window deleted it (``Bridge.deleting``): the artist knows."""
        if job_id in self.bridge.deleting:
            return None
        return explain(JobGoneError.worded(PUBLISHED_GONE, title=sentence_title(snapshot)))

    # Details ------------------------------------------------------------------------------

    def _editable(self) -> UploadItem | None:
        """The item whose details the fields edit: one whose details are typed here."""
        item = self._items.get(self._current) if self._current is not None else None
        return item if item is not None and _typed_here(item) else None

    def _fill_details(self) -> None:
        item = self._items.get(self._current) if self._current is not None else None
        self._filling = True
        try:
            self.file_label.setText(item.shown_name if item is not None else "")
            set_plain_tooltip(self.file_label, str(item.path) if item is not None else "")
            _fill_line(self.title_edit, item.title if item else "")
            if self.description_edit.toPlainText() != (item.description if item else ""):
                self.description_edit.setPlainText(item.description if item else "")
            _fill_line(self.tags_edit, item.tags if item else "")
        finally:
            self._filling = False
        editable = item is not None and _typed_here(item)
        for widget in (self.title_edit, self.description_edit, self.tags_edit):
            widget.setEnabled(editable)
        self._refresh_apply_all()

    def _refresh_apply_all(self) -> None:
        """Apply to all files is usable while the current file and another take the
        details typed here. Looked at again whenever the list changes (:meth:`_refresh`),
        not only when the current file does: set then alone, it stayed grey beside a folder
        of files listed after the first, and lit for a file left alone. Looked for no
        further than a second such file, and not at all while the current one takes none:
        counted to the list's end at each change, a drop or an Add of 2 000 walked it
        2 000 times (the benchmark's add per file went from 1.12 to 1.39 times that of 250)."""
        typed = (item for item in self._items.values() if _typed_here(item))
        usable = self._editable() is not None and len(list(itertools.islice(typed, 2))) == 2
        self.apply_all.setEnabled(usable)

    def _title_edited(self) -> None:
        # The field's text, not the signal's: a paste's comes last with its isolates still in
        # (:class:`~kontext_studio.ui.pasted_text.PastedIsolates`).
        if item := self._editable():
            item.title = self.title_edit.text()
            self.pending_changed.emit()
            self._show(item)

    def _description_edited(self) -> None:
        if not self._filling and (item := self._editable()):
            item.description = self.description_edit.toPlainText()
            self.pending_changed.emit()

    def _tags_edited(self) -> None:
        # The field's text, not the signal's, as for the title.
        if item := self._editable():
            item.tags = self.tags_edit.text()
            self.pending_changed.emit()

    # Presentation -------------------------------------------------------------------------

    def _show(self, item: UploadItem) -> None:
        self._show_many((item,))

    def _show_many(self, items: Collection[UploadItem]) -> None:
        """Show each of ``items`` in its row, then the buttons once: looked at again for each
        row, they went over the whole list as many times, a library's Publish of hundreds
        of listed files among them."""
        if not items:
            return
        for item in items:
            self._note_artwork(item)
            activity = self.controller.activity(item.snapshot.id) if item.snapshot else None
            item.unpublishing = activity is not None and activity.kind == UNPUBLISHING
            item.being_published = activity is not None and activity.kind == PUBLISHING
            row = self._rows.get(item.key)
            if row is not None:
                row.show_item(item)
            if item.key == self._current:
                self._fill_details()
        self._refresh()
        self.batch_changed.emit()

    def _say_ended(self, batch: UploadBatch, left: list[UploadItem]) -> None:
        """What ``batch`` did, with the files it left and those of its files still listed
        with a problem: said again once one is over (a publication forgotten), the rest of
        what it did (the artworks published) still said; hidden once nothing is left to say."""
        still = [
            item
            for item in batch.items
            if item.key in self._items and item.needs_attention and item not in left
        ]
        gone = sum(1 for item in still if item.gone)
        problems = len(still) - gone
        # Said "still listed, ready to publish again": not one the next batch leaves out (its
        # artwork published since, or R2 set to the bucket it is in), whose row says so.
        waiting = sum(
            1 for item in left if (self._to_publish(item) if batch.publish else item.to_add)
        )
        level = "error" if still else "warning" if left else "ok"
        refused = [
            item.cause
            for item in self._items.values()
            if item.state is ItemState.REFUSED and item.cause is not None
        ]
        text = batch_summary(batch, waiting, problems, refused, gone=gone)
        if text:
            self._show_summary(text, level)
        else:
            self._hide_summary()
        self.settings_button.setVisible(bool(text) and settings_put_right(batch.stopped_by))
        self._at_fault = settings_at_fault(batch.stopped_by)
        self._ended = (batch, left)

    def show_unsaved(self, line: str, detail: str) -> None:
        """Say the window's work is not saved for the next start in the Generate tab's
        ``line``, ``detail`` its cause, told to the keyboard too (:class:`CauseLabel`);
        nothing once it is saved (both empty)."""
        self.unsaved.setText(line)
        self.unsaved.set_cause(detail)
        self.unsaved.setVisible(bool(line))

    def _show_summary(self, text: str, level: str) -> None:
        self.summary.setText(text)
        # Read out as typed: a long folder name's invisible breaks (_collected_words) went
        # to the screen reader with the words, as BreakableLabel keeps them from doing.
        self.summary.setAccessibleName(unbroken(text))
        self.summary.setVisible(True)
        repolish(self.summary, "level", level)
        self.settings_button.setVisible(False)
        self._ended = None

    def _hide_summary(self) -> None:
        self.summary.setVisible(False)
        self.settings_button.setVisible(False)
        self._ended = None

    def _refresh(self) -> None:
        has_items = bool(self._items)
        self.pages.setCurrentIndex(1 if has_items else 0)
        self.details.setVisible(has_items)
        # Not looked for while a batch runs, when the two buttons are hidden: the batch
        # shows each of its files two or three times, and each went through the list.
        pending = not self.busy and any(self._to_publish(item) for item in self._items.values())
        to_add = not self.busy and any(item.to_add for item in self._items.values())
        stoppable = self._batch is not None and not self._batch.stopping
        usable = {
            self.clear_button: has_items and not self.busy,
            self.add_button: to_add and not self.busy,
            self.publish_button: pending and not self.busy,
            self.stop_button: self.busy and stoppable,
        }
        listed = (self.browse_button, self.folder_button, self.clear_button)
        going = [button for button in usable if not usable[button]]
        going += [] if has_items else listed
        # The keyboard on a button going grey or away goes to Add files… first: left there,
        # Qt gave it to the next widget of the window, the library's search box or the
        # preview's Edit details, whose pane scrolled down to it (the title out of sight).
        if had := next((button for button in going if button.hasFocus()), None):
            self._handed = (had, self._add_files_button())
            hand_focus(self._handed[1], self._last_press.by_keys)
        for button in listed:
            button.setVisible(has_items)
        self.clear_button.setEnabled(usable[self.clear_button])
        self.add_button.setVisible(not self.busy)
        self.publish_button.setVisible(not self.busy)
        self.add_button.setEnabled(to_add)
        self.publish_button.setEnabled(pending)
        self.publish_button.setToolTip(plain_tooltip(self._publish_tip(pending)))
        self.stop_button.setVisible(self.busy)
        self.stop_button.setEnabled(stoppable)
        self._refresh_apply_all()

    def _publish_tip(self, pending: bool) -> str:
        """What Publish does; greyed with files listed, why it is: as the library's greyed
        Publish says. Before, it said what it would do, with every file listed refused or
        its artwork published already, and nothing to say why it did not."""
        if pending or self.busy or not self._items:
            return self.tr("Add the files to your library and publish them to your R2 bucket")
        states = {item.state for item in self._items.values()}
        if ItemState.CHECKING in states:
            return self.tr("Nothing to publish yet: the files are still being checked.")
        if states == {ItemState.REFUSED}:
            return self.tr("Nothing to publish: every file listed was refused; its row says why.")
        if ItemState.REFUSED not in states:
            return self.tr("Nothing to publish: the artworks listed are published already.")
        return self.tr(
            "Nothing to publish: the files listed were refused, or their artworks are "
            "published already; each row says which."
        )

    def _add_files_button(self) -> QPushButton:
        """Add files… as shown: under the list, or in the empty tab's drop zone."""
        return self.browse_button if self._items else self.drop_browse_button

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._recolour.hear(event)  # the system switched between light and dark
        self._refit.hear(event)  # the app's font changed while it runs

    def _size_drop_title(self) -> None:
        """The drop zone's heading at :data:`DROP_TITLE_SCALE` of the tab's font: a font set
        on the label no longer follows the tab's, so it is set again when that changes."""
        heading = scaled_font(self.font(), DROP_TITLE_SCALE)
        heading.setWeight(QFont.Weight.DemiBold)
        self.drop_title.setFont(heading)

    # Drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        takes = bool(local_files(event.mimeData()))
        if takes and accept_as_copy(event):
            self._set_dragging(True)
            return
        event.ignore()
        if takes and move_only(event):
            self.move_refused.emit()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_dragging(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_dragging(False)
        files = local_files(event.mimeData())
        if files and accept_as_copy(event):
            image_folder.remember(files[0])  # chosen as from Add files: the next dialog opens there
            self.add_paths(files)
        else:
            event.ignore()

    def _set_dragging(self, dragging: bool) -> None:
        repolish(self.drop_zone, "dragging", dragging)
        repolish(self.list_view, "dragging", dragging)
