"""The Generate tab: prompt, reference, ratio, model, advanced options, batch, Generate.

Pressing Generate freezes everything into one :class:`GenerateRequest` and hands it to the
engine once per batch item; later edits of the form never reach a queued job. Whether the
button is enabled is computed from the form every time it changes (:meth:`GenerateTab.problem`),
never kept as a flag.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QKeyCombination,
    QMimeData,
    QObject,
    QRectF,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QContextMenuEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.config import Settings
from kontext_studio.cut_short import unended
from kontext_studio.errors import ImageError, InputError, KontextError
from kontext_studio.explain import (
    explain,
    explain_error_detail,
    join_sentences,
    with_detail,
)
from kontext_studio.images.metadata import Provenance
from kontext_studio.kie.models import (
    FORMATS,
    MAX_PROMPT_CHARS,
    MAX_SAFETY_EDIT,
    MAX_SAFETY_GENERATE,
    MODELS,
    RATIOS,
    GenerateRequest,
    has_words,
)
from kontext_studio.presets import Preset
from kontext_studio.presets import apply as apply_preset
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui import accessible_roles, shortcuts
from kontext_studio.ui.bridge import Bridge, Said
from kontext_studio.ui.cause_label import CauseLabel
from kontext_studio.ui.example_line_edit import ExampleLineEdit, spacing_in_names
from kontext_studio.ui.flow_layout import FlowLayout
from kontext_studio.ui.handover import Press, Unsaved, files_fault, on_full_disk
from kontext_studio.ui.key_focus import focus_as_keys
from kontext_studio.ui.levels import readable_on, repolish
from kontext_studio.ui.next_turn import ChangeFollower, next_turn
from kontext_studio.ui.notifications import MessageBanner, announce
from kontext_studio.ui.pasted_text import PastedIsolates
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.presets_menu import PresetPicker, PromptPreview
from kontext_studio.ui.prompt_history import PromptHistory, RecentPromptsButton
from kontext_studio.ui.reference_slot import ReferenceSlot, SlotState, mime_has_reference
from kontext_studio.ui.restore_bar import RestoreBar
from kontext_studio.ui.text_box import TextBox
from kontext_studio.ui.translations import grouped
from kontext_studio.ui.wheel_guard import wheel_scrolls_past
from kontext_studio.ui.wrapping_check_box import WrappingCheckBox

MATCH = "match"
MAX_BATCH = 4
COUNTER_FROM = MAX_PROMPT_CHARS - 1000
ICON_SIDE = 26
RATIO_BUTTON_MARGIN = 6  # beside a ratio button's icon or words, both sides together
FOCUS_RING = 2.0  # the focused ratio's ring, as wide as the library's tiles' (px)
FOCUS_RING_RADIUS = 3.0
FORM_MARGIN = 12  # round the form, in its scroll area
GENERATING_AFTER_MS = 250
"""How long a press's jobs take to be made before Generate says so ("Generating…", "Adding
2 jobs to the library…"): on a fast disk they are made in a few milliseconds, and the words
flashed up and went at each press, as if something had gone wrong."""
STALL_SAID_MS = 3000
"""How long a press's form may wait for the disk, before its jobs are written, until the line
under Generate says that nothing of the press is saved yet: killed then, the app leaves no
word of it for the next start, and only the window can say so."""


def ratio_icon(ratio: str, color: QColor, device_ratio: float = 1.0) -> QIcon:
    """A small outline of the ratio's shape; ``match`` is a dashed frame (shape of the
    reference). Drawn at ``device_ratio`` and at 1x and 2x, so it stays crisp when the window
    moves to a screen with another scale."""
    icon = QIcon()
    for scale in sorted({device_ratio, 1.0, 2.0}):
        icon.addPixmap(_ratio_pixmap(ratio, color, scale))
    return icon


def _ratio_pixmap(ratio: str, color: QColor, device_ratio: float) -> QPixmap:
    side = round(ICON_SIDE * device_ratio)
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, 1.5 * device_ratio)
    fill = QColor(color)
    fill.setAlpha(50)
    inner = side - 4 * device_ratio
    if ratio == MATCH:
        pen.setStyle(Qt.PenStyle.DashLine)
        width, height = inner * 0.8, inner * 0.8
    else:
        across, down = (int(part) for part in ratio.split(":"))
        scale = inner / max(across, down)
        width, height = across * scale, down * scale
    painter.setPen(pen)
    painter.setBrush(fill)
    painter.drawRoundedRect(
        QRectF((side - width) / 2, (side - height) / 2, width, height), 2.0, 2.0
    )
    painter.end()
    pixmap.setDevicePixelRatio(device_ratio)
    return pixmap


Presses = dict[asyncio.Task[Any], Press]
"""Presses of Generate whose jobs were not made yet at a moment, each by its task."""


async def finish_submits(
    presses: Presses, timeout_s: float, cut: asyncio.Event | None = None
) -> tuple[Press, ...]:
    """Wait, up to ``timeout_s`` or until ``cut`` is set, for ``presses`` (those under way as
    the window closed: an edit's reference being prepared, seconds for a large photo); those
    whose jobs are not made: still not made when the wait ended, or their press failed
    meanwhile (the reference moved away). The window's close waits for them: cut off, the
    press was lost without a word, and the next start brought back the prompt as if
    Generate had never been pressed. Made, the jobs are in the library and carry on at the
    next start. A press that failed during the wait was said only in the window just
    closed: it is counted, for the next start to say; so is one that failed between the
    close and the wait (a loaded machine): looked for when the wait began, it was gone,
    and the next start said nothing."""
    if presses:
        await unended(set(presses), timeout_s, cut)  # left running either way
    return tuple(press for task, press in presses.items() if not _made(task))


def _made(press: asyncio.Task[Any]) -> bool:
    """Whether a press of Generate made its jobs: ended, neither cut off nor failed (its
    reference refused, it made none)."""
    return (
        press.done()
        and not press.cancelled()
        and press.exception() is None
        and bool(press.result())
    )


async def _nothing_to_keep() -> Unsaved | None:
    """:attr:`GenerateTab.keep_work` of a tab with no window to keep its work."""
    return None


class PromptEdit(TextBox):
    """The prompt box. Ctrl+Enter generates; an image or image file pasted or dropped here goes
    to the reference slot instead of becoming text, and words pasted or dropped come without
    the isolates the window adds round a title (:mod:`~kontext_studio.ui.pasted_text`)."""

    submit = Signal()
    reference_offered = Signal(QMimeData)
    stepped = Signal(int, int)
    """An undo or redo (a key, or the right-click menu) moved the box's undo history: how
    many undo steps it had before, and how many after."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.accept()
            if not event.isAutoRepeat():  # held down, it generates once (see shortcuts)
                self.submit.emit()
            return
        # Ctrl+Y redoes on every desktop, as in most editors: Qt binds it on some only (not
        # under a bare X11 window manager, where Ctrl+Shift+Z alone redid).
        ctrl_y = event.keyCombination() == QKeyCombination(
            Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Y
        )
        if (
            ctrl_y
            or event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
        ):
            before = self.document().availableUndoSteps()
            if ctrl_y and not event.matches(QKeySequence.StandardKey.Redo):
                event.accept()
                self.redo()
            else:
                super().keyPressEvent(event)
            self._stepped_from(before)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The box's own menu, its Undo and Redo told as the keys' are (:attr:`stepped`):
        Undo there after a Reuse settings brought back the words only."""
        menu = self.createStandardContextMenu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        before = self.document().availableUndoSteps()
        for action in menu.actions():
            if action.objectName() in ("edit-undo", "edit-redo"):
                action.triggered.connect(lambda: self._stepped_from(before))
        menu.popup(event.globalPos())

    def _stepped_from(self, before: int) -> None:
        """:attr:`stepped`, if an undo or redo has just moved the history from ``before``."""
        after = self.document().availableUndoSteps()
        if after != before:
            self.stepped.emit(before, after)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return mime_has_reference(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if mime_has_reference(source):
            self.reference_offered.emit(source)
        else:
            super().insertFromMimeData(source)  # without isolates (TextBox)

    def replace_text(self, text: str) -> None:
        """Put ``text`` in place of the whole prompt as one edit, so Ctrl+Z brings back what
        was there (``setPlainText`` would also wipe the undo history, and an unsent draft
        with it)."""
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        self.setTextCursor(cursor)


@dataclass(frozen=True)
class _Form:
    """The form as :meth:`GenerateTab.draft` has it, and its image count."""

    request: GenerateRequest
    style: Preset | None
    batch: int


@dataclass
class _LoadStep:
    """One Reuse settings or Restore settings, undone and redone as one step of the prompt
    box's history: its text comes back by the box's own undo, the rest of the form from
    ``before``. Before, Ctrl+Z brought back the prompt only, the reference, ratio and model
    of the artwork reused left in the form. ``steps``: the box's undo steps (as Qt counts
    them, an edit may be more than one) before it and just after it."""

    before: _Form
    after: _Form
    steps: tuple[int, int]
    undone: bool = False


class RatioButton(QToolButton):
    """A ratio's button, its icon over its words, as narrow as they let it be: the style
    adds a space's width either side of the words, and the row of seven (with Match) then
    took 313 px, wider than the Generate tab of a 1024 px window in Chinese, and put 9:16
    on a row of its own. The row shares out the room it has beyond that (justified).

    To a screen reader, one choice of the aspect ratio among several: a radio button
    (:mod:`~kontext_studio.ui.accessible_roles`), named with what it chooses."""

    accessible_role = QAccessible.Role.RadioButton

    def __init__(self) -> None:
        accessible_roles.install()
        super().__init__()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        spaces = 2 * self.fontMetrics().horizontalAdvance(" ")
        words = self.fontMetrics().horizontalAdvance(self.text())
        least = max(self.iconSize().width(), words) + RATIO_BUTTON_MARGIN
        return QSize(min(max(hint.width() - spaces, least), hint.width()), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A ring round the button while it has the keyboard focus (only Tab and the arrow
        keys give it one): the style marked it with a line one pixel wide, at 2.6:1 on a
        dark window, and the focused ratio looked as the checked one does. In the
        selection colour, as the library's tiles' ring, made to read on the window and on
        the button."""
        super().paintEvent(event)
        if not self.hasFocus():
            return
        palette = self.palette()
        color = readable_on(
            palette.color(QPalette.ColorRole.Highlight),
            (palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Button)),
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color, FOCUS_RING))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = FOCUS_RING / 2
        ring = QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)
        painter.drawRoundedRect(ring, FOCUS_RING_RADIUS, FOCUS_RING_RADIUS)
        painter.end()


class Form(QWidget):
    """The form in its :class:`FormScroll`, which makes it as tall as the area or as its
    height for the width, whichever is taller. That height is the least the form's rows
    take: as Qt works it out for a layout whose height follows its width (the ratio row's),
    it was their preferred heights, and the prompt box kept its preferred 190 px while
    Model and Images were under the area's edge (1024 x 700, a reference loaded). The
    prompt box now gives way to its least height before the form scrolls."""

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return super().heightForWidth(width)
        return layout.totalMinimumHeightForWidth(width)


class FormScroll(QScrollArea):
    """The form scrolls up and down, never sideways, so it is never narrower than the form
    plus its scroll bar (taller lines, e.g. Chinese ones, bring the scroll bar in where English
    fits without it). Asked each time, not fixed when the tab is built: the window's style sheet,
    which applies once the tab is in the window, changes what the form needs."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own, where nothing showed focused: Tab goes from control to
        # control of the form, and the area scrolls to the one that takes the focus.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        wheel_scrolls_past(widget)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is None:
            return hint
        width = form.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(width, hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the form's minimum may have changed: so has this one
        return super().eventFilter(watched, event)


class PromptTools(QWidget):
    """The prompt's count and Recent, at the right of the row they share with the style,
    or of a row of their own under it. Asked for no more room than they need at the least
    (the count's words wrap), so the row breaks only where even that does not fit: a
    count beside a long style name wraps, as it did in a row that never broke."""

    def __init__(self, counter: QLabel, recent: QToolButton) -> None:
        super().__init__()
        # Given the row's spare width, as the stretch before them was in a row of its own.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addStretch(1)
        row.addWidget(counter)
        row.addWidget(recent)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()


class GenerateTab(QWidget):
    """The form that becomes a frozen request. ``submitted`` carries each new job's id,
    once made; ``press_made`` the first job a press made (a Snapshot), with what
    :attr:`note_press` answered at that press and every job it made (a list of Snapshots);
    ``options_changed`` tells that a choice beside the prompt and the reference changed
    (the ratio, the model, the image count, the style or an advanced option);
    ``refusal_over`` carries the :class:`Said` (``Bridge.report_said``) of a press whose
    reference was refused, once the slot holds another reference or none, or a
    later press made its jobs; ``unsaved_changed``, the short line and the tooltip that say
    the window's work is not saved for the next start (both empty once it is), for the
    Upload tab to say too (:meth:`work_unsaved`); ``on_their_way``, how many jobs the
    presses that Generate says are generating have still to put in the library (0 once
    none), for the status bar and the library to say too: on a disk that stalls they said
    "No jobs running" and "No artworks yet" beside "Generating…"."""

    submitted = Signal(int)
    press_made = Signal(object, int, object)
    options_changed = Signal()
    refusal_over = Signal(object)
    unsaved_changed = Signal(str, str)
    on_their_way = Signal(int)

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._revealing_advanced = next_turn(self, self._reveal_advanced)
        self._recolour = ChangeFollower(self, self._paint_ratio_icons)
        self._bridge = bridge
        self._session: Session = bridge.session
        self._edit_mode = False
        self._generate_ratio = RATIOS[0]
        self._generate_safety = MAX_SAFETY_EDIT
        self._defaults: Settings | None = None  # the defaults last applied
        # Presses whose jobs are not in the library yet, until their submit ends.
        self._unmade: list[Press] = []
        # Presses whose jobs are not made yet.
        self._submits: dict[asyncio.Task[Any], Press] = {}
        # Their reference, being copied for the jobs: the form may hold another by now.
        self._copying: dict[asyncio.Task[Any], str] = {}
        # The form of each press whose jobs are not made yet, by its id, as it was pressed:
        # the same form pressed again makes nothing more (see generate).
        self._pressed: dict[str, _Form] = {}
        # The presses among them that have taken long enough to be said (GENERATING_AFTER_MS).
        self._slow: set[str] = set()
        self._said_on_their_way = 0  # the count :attr:`on_their_way` last carried
        # The presses whose form is being saved, before their jobs are written, and those of
        # them that have waited for the disk STALL_SAID_MS.
        self._saving: set[str] = set()
        self._stalled: set[str] = set()
        # Why the work (the draft, a press's form with it) could not be saved (a full or
        # read-only disk), until a later save of it is done: the line under Generate says
        # so, in a few words, and its tooltip why and what to do.
        self._unsaved = ""
        self._unsaved_detail = ""
        # The press a press of the same form repeated: the line under Generate says so
        # while it is still making its jobs and the form is still its own.
        self._repeated: str | None = None
        # A press refused for its reference: the reference, and how it was said (its tag).
        self._refused: tuple[str, Said] | None = None
        self.note_press: Callable[[], int] = lambda: 0
        """Asked at each press, its answer handed back with the press's first job
        (:attr:`press_made`): the window's note of the library's choices then, for it to
        judge each press by what the artist chose after it."""
        self.keep_work: Callable[[], Coroutine[Any, Any, Unsaved | None]] = _nothing_to_keep
        """Awaited at each press before its jobs are made, and run again once they are made
        (or the press failed): the window keeps its unsent work for the next start, with
        :attr:`presses_unmade`; why it could not be written, None once written
        (:meth:`work_kept` is told of every write done). Killed in the seconds a large photo is
        prepared, the app left no job and no word of the press: the next start brought back
        the prompt as if Generate had never been pressed. Killed within a moment of the
        last change to the form, it brought back the form as it was before that change
        (a text-to-image press kept nothing of its own)."""

        self.mode_label = QLabel()
        self.mode_label.setObjectName("modeLabel")
        self.mode_label.setWordWrap(True)  # a large font's heading must not widen the tab
        self.prompt = PromptEdit()
        self.prompt.setObjectName("promptEdit")
        self.prompt.setPlaceholderText(
            self.tr(
                "Describe the image, e.g. 'a red fox at dawn, watercolor'. "
                "With a reference: say what to change."
            )
        )
        self.prompt.setTabChangesFocus(True)
        self.prompt.setMinimumHeight(110)
        self.mode_label.setBuddy(self.prompt)  # a screen reader names the box by the heading
        self.prompt.submit.connect(self.generate)
        self.prompt.textChanged.connect(self._refresh)
        self._load_steps: list[_LoadStep] = []
        self.prompt.document().undoCommandAdded.connect(self._forget_undone_loads)
        self.prompt.stepped.connect(self._prompt_stepped)
        self.counter = QLabel()
        self.counter.setObjectName("promptCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Wraps beside a long style name instead of pushing Recent and the ratios out of reach.
        self.counter.setWordWrap(True)

        self.slot = ReferenceSlot(bridge, self._session.paths.cache)
        self.slot.changed.connect(self._reference_changed)
        self.slot.held_elsewhere = self.pressed_references
        # An image Kontext Studio made carries the settings it was made with: offered back
        # however it comes in (see restore_bar).
        self.restore_bar = RestoreBar(bridge, self.slot)
        self.restore_bar.restore_requested.connect(self.restore_provenance)
        self.prompt.reference_offered.connect(self.restore_bar.take_mime)
        self.slot.chosen.connect(self.restore_bar.offer_settings)

        self.style_picker = PresetPicker(bridge, self._preset_draft)
        self.style_picker.changed.connect(self._preset_chosen)
        self.sent_as = PromptPreview()
        self.history = PromptHistory(bridge, self)
        self.recent = RecentPromptsButton(self.history, self.prompt)

        self._ratios = QButtonGroup(self)
        self._ratios.setExclusive(True)
        self.ratio_buttons: dict[str, RatioButton] = {}
        # As many to a row as fit: at 15 pt one row of them was wider than the tab may be
        # for the window to fit an 800 px screen.
        ratio_row = FlowLayout(spacing=4, justify=True)
        for ratio in (MATCH, *RATIOS):
            button = RatioButton()
            button.setObjectName(f"ratio_{ratio}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
            # Named with what it chooses: its words alone ("16:9", "Match") did not say.
            if ratio == MATCH:
                button.setText(self.tr("Match"))
                button.setToolTip(plain_tooltip(self.tr("Keep the reference image's shape")))
                button.setAccessibleName(self.tr("Aspect ratio: match the reference image"))
            else:
                button.setText(ratio)
                named = self.tr("Aspect ratio {ratio}").format(ratio=ratio)
                button.setToolTip(plain_tooltip(named))
                # Its words, not its tooltip, which a long translation has on lines.
                button.setAccessibleName(named)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._ratios.addButton(button)
            self.ratio_buttons[ratio] = button
            ratio_row.addWidget(button)
        self._ratios.buttonToggled.connect(self._ratio_toggled)
        self._paint_ratio_icons()

        self.model = QComboBox()
        self.model.setObjectName("modelCombo")
        self.model.addItem(self.tr("Flux Kontext Pro"), MODELS[0])
        self.model.addItem(self.tr("Flux Kontext Max"), MODELS[1])
        self.model_note = QLabel()
        self.model_note.setObjectName("hintLabel")
        self.model_note.setWordWrap(True)
        # Use the row's width: a wrapped label's own size hint is narrow for Chinese text.
        self.model_note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.model.currentIndexChanged.connect(self._show_model_note)

        self.batch = QSpinBox()
        self.batch.setObjectName("batchSpin")
        self.batch.setRange(1, MAX_BATCH)
        self.batch.setToolTip(
            plain_tooltip(self.tr("How many images to make from the same settings"))
        )
        self.batch.valueChanged.connect(self._refresh)

        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setObjectName("advancedToggle")
        self.advanced_toggle.setText(self.tr("Advanced"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.toggled.connect(self._toggle_advanced)
        self.advanced = self._build_advanced()
        self.advanced.setVisible(False)

        self.generate_button = QPushButton(self.tr("&Generate"))
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setToolTip(
            plain_tooltip(self.tr("Generate ({keys})").format(keys=shortcuts.keys_text("generate")))
        )
        self.generate_button.clicked.connect(self.generate)
        # A failed save's cause is told with it, to the keyboard too (CauseLabel).
        self.reason = CauseLabel()
        self.reason.setObjectName("reasonLabel")

        self._layout_form(ratio_row)
        self.apply_defaults(self._session.settings)
        self._switch_mode(False)
        self._refresh()
        self._tell_options_changed()
        # Generate's words follow every choice: "Generating…" only for the form pressed.
        self.options_changed.connect(self._refresh)

    def _tell_options_changed(self) -> None:
        """Connect every choice of the form but the prompt and the reference (which have
        signals of their own) to :attr:`options_changed`."""
        changes = (
            self._ratios.buttonToggled,
            self.model.currentIndexChanged,
            self.batch.valueChanged,
            self.style_picker.changed,
            self.translation.toggled,
            self.upsampling.toggled,
            self.safety.valueChanged,
            self.format.currentIndexChanged,
            self.watermark.textChanged,
        )
        for changed in changes:
            changed.connect(self.options_changed)

    # Layout -------------------------------------------------------------------------------

    def _build_advanced(self) -> QFrame:
        # Where the tab is narrow the check boxes' words wrap, and a field goes under its
        # name: on one line, the options made the tab, and the window, wider than a 700 px
        # screen as they opened.
        self.translation = WrappingCheckBox(self.tr("Tra&nslate the prompt to English"))
        self.translation.setToolTip(
            # The demo server only takes the option: it translates nothing.
            plain_tooltip(
                self.tr(
                    "In live mode KIE translates non-English prompts first; the demo server takes "
                    "the prompt as it is"
                )
                if self._session.demo
                else self.tr("KIE translates non-English prompts first")
            )
        )
        self.upsampling = WrappingCheckBox(self.tr("Enhance the prompt (&upsampling)"))
        self.upsampling.setToolTip(
            plain_tooltip(self.tr("Let the model expand a short prompt with detail"))
        )
        self.safety = QSpinBox()
        self.safety.setObjectName("safetySpin")
        self.safety.setRange(0, MAX_SAFETY_GENERATE)
        self.safety_note = QLabel()
        self.safety_note.setObjectName("hintLabel")
        self.format = QComboBox()
        self.format.setObjectName("formatCombo")
        for fmt in FORMATS:
            self.format.addItem(fmt.upper(), fmt)
        self.watermark = ExampleLineEdit()  # its placeholder whole, under its name if need be
        self.watermark.setObjectName("watermarkEdit")
        PastedIsolates(self.watermark)
        # KIE's `watermark` ("watermark identifier", kie-api.md, and no more), sent only when
        # filled; the demo server takes it and marks nothing. The words say only that: where
        # such an identifier comes from and what KIE does with it are not documented.
        self.watermark.setPlaceholderText(self.tr("Leave empty to send none"))
        what = self.tr(
            "Sent to KIE with each job as its watermark identifier. Leave it empty to send none."
        )
        self.watermark.setToolTip(
            plain_tooltip(
                join_sentences(what, self.tr("The demo server adds no watermark."))
                if self._session.demo
                else what
            )
        )

        box = QFrame()
        box.setObjectName("advancedBox")
        form = QFormLayout(box)
        form.setContentsMargins(18, 2, 0, 2)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.translation)
        form.addRow(self.upsampling)
        # The note under the box, as the model's is under its list: beside it, the row was
        # too wide for the tab, and wrapped there, the note was a column of a word or two.
        safety_row = QVBoxLayout()
        safety_row.addWidget(self.safety, 0, Qt.AlignmentFlag.AlignLeft)
        safety_row.addWidget(self.safety_note)
        # Its label names the row it shares with the note: a screen reader said no name.
        self.safety.setAccessibleName(self.tr("Safety tolerance"))
        # Alt and a label's letter take the keyboard to its field: addRow makes a field its
        # label's buddy, not a row.
        safety_label = QLabel(self.tr("Safety &tolerance"))
        safety_label.setBuddy(self.safety)
        form.addRow(safety_label, safety_row)
        form.addRow(self.tr("&Output format"), self.format)
        form.addRow(self.tr("&Watermark"), self.watermark)
        spacing_in_names(form)
        return box

    def _layout_form(self, ratio_row: FlowLayout) -> None:
        form = Form()
        column = QVBoxLayout(form)
        column.setContentsMargins(*(FORM_MARGIN,) * 4)
        column.setSpacing(6)
        column.addWidget(self.mode_label)
        column.addWidget(self.prompt, 1)
        # Recent goes under the style where the two do not fit side by side (24 pt on a
        # laptop at 150 %): beside it, the row set the window's least width, 958 px.
        tools = FlowLayout(spacing=6)
        tools.addWidget(self.style_picker)
        tools.addWidget(PromptTools(self.counter, self.recent))
        column.addLayout(tools)
        column.addWidget(self.sent_as)
        column.addWidget(self.restore_bar)
        column.addWidget(self.slot)
        column.addSpacing(6)
        column.addWidget(self._section(self.tr("Aspect ratio")))
        column.addLayout(ratio_row)
        column.addSpacing(6)
        options = QFormLayout()
        options.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # A field under its name where the two do not fit side by side (a large font).
        options.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # Read by Windows (Linux and macOS read the form's label, related to the box).
        self.model.setAccessibleName(self.tr("Model"))
        options.addRow(self.tr("&Model"), self.model)
        options.addRow("", self.model_note)
        options.addRow(self.tr("&Images"), self.batch)
        column.addLayout(options)
        column.addWidget(self.advanced_toggle)
        column.addWidget(self.advanced)

        scroll = FormScroll()
        scroll.setWidget(form)
        self._scroll = scroll

        footer = QVBoxLayout()
        footer.setContentsMargins(12, 6, 12, 12)
        footer.setSpacing(4)
        footer.addWidget(self.generate_button)
        footer.addWidget(self.reason)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addLayout(footer)

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionLabel")
        return label

    def _paint_ratio_icons(self) -> None:
        color = self.palette().color(QPalette.ColorRole.WindowText)
        for ratio, button in self.ratio_buttons.items():
            button.setIcon(ratio_icon(ratio, color, self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the ratio icons when the system switches between light and dark."""
        super().changeEvent(event)
        self._recolour.hear(event)

    # Public API ---------------------------------------------------------------------------

    def focus_prompt(self) -> None:
        self.prompt.setFocus(Qt.FocusReason.OtherFocusReason)

    def type_over_prompt(self) -> None:
        """The keyboard in the prompt, drawn there, its words selected (Ctrl+L)."""
        focus_as_keys(self.prompt)
        self.prompt.selectAll()

    def set_reference(self, path: str, name: str | None = None) -> None:
        self.slot.set_reference(path, name)

    def use_as_reference(
        self,
        path: str,
        name: str | None = None,
        known: Provenance | None = None,
        *,
        job: int | None = None,
        left_out: int = 0,
        passed_over: bool = False,
    ) -> None:
        """The artist chose ``path`` as the reference from outside the tab (the library, a
        second launch): loaded, and its settings offered back as for one browsed here.
        ``known``: how it was made, when the library knows; ``job``, ``left_out`` and
        ``passed_over`` as for :meth:`ReferenceSlot.set_reference`."""
        self.slot.set_reference(path, name, job=job, left_out=left_out, passed_over=passed_over)
        self.restore_bar.offer_settings(path, known)

    def paste_reference(self) -> bool:
        """Take the clipboard's image as the reference; False when it holds none."""
        return self.slot.paste()

    def apply_defaults(self, settings: Settings) -> None:
        """Preset the options (not the prompt or reference) from the saved defaults: all of
        them the first time, later only those whose default changed, so that saving Settings
        keeps what the artist chose here for the rest."""
        before, self._defaults = self._defaults, settings

        def changed(name: str) -> bool:
            return before is None or getattr(before, name) != getattr(settings, name)

        if changed("default_model"):
            self._select_model(settings.default_model)
        if changed("default_format"):
            self._select_format(settings.default_format)
        if changed("enable_translation"):
            self.translation.setChecked(settings.enable_translation)
        if changed("prompt_upsampling"):
            self.upsampling.setChecked(settings.prompt_upsampling)
        if changed("default_ratio"):
            ratio = settings.default_ratio if settings.default_ratio in RATIOS else RATIOS[0]
            self._generate_ratio = ratio
            if not self._edit_mode:
                self.ratio_buttons[ratio].setChecked(True)
        if changed("safety_tolerance"):
            self._generate_safety = min(max(settings.safety_tolerance, 0), MAX_SAFETY_GENERATE)
            self.safety.setValue(self._generate_safety)

    def apply_request(self, request: GenerateRequest) -> None:
        """Load an earlier job's settings ("reuse settings"): prompt, reference and options.
        The stored prompt already has its style applied, so the style is cleared; Ctrl+Z in
        the prompt box brings back the text it replaced."""
        self.style_picker.choose(None)
        self.prompt.replace_text(request.prompt)
        self._apply_options(request)
        self.focus_prompt()

    def _apply_options(self, request: GenerateRequest, *, recheck: bool = True) -> None:
        """The reference and options of ``request`` in the form, its prompt left alone. A
        reference already held is checked again only with ``recheck``. A relative path
        (another program's request, an old version's) names no reference: taken as it is,
        the slot held the file of that name in the app's current folder, for KIE. A paste
        stopped as it was read has none either (:meth:`ReferenceSlot.put_back`)."""
        held = (self.slot.path, self.slot.job) == (request.image_path, request.image_job)
        if not request.image_path or not Path(request.image_path).is_absolute():
            self.slot.clear()
        elif recheck or not held:
            self.slot.put_back((request.image_path, request.image_name, request.image_job))
        self._select_model(request.model)
        self._select_format(request.output_format)
        self.translation.setChecked(request.enable_translation)
        self.upsampling.setChecked(request.prompt_upsampling)
        self.watermark.setText(request.watermark)
        # Match only with a reference: a request with neither (a draft left with a refused
        # reference) keeps the ratio chosen. Match checked, hidden without a reference, left
        # no ratio for Generate to send. A ratio no longer sent (a job that could not be
        # sent as it was saved) keeps the one chosen, too.
        ratio = request.aspect_ratio or (MATCH if self.slot.path else None)
        if ratio in self.ratio_buttons:
            self.ratio_buttons[ratio].setChecked(True)
        self.safety.setValue(request.safety_tolerance)

    def draft(self) -> tuple[GenerateRequest, Preset | None]:
        """The form as the artist left it: the prompt as typed and the style apart. With no
        reference to send (a refused one keeps the form in edit mode, Match checked), the
        ratio is the one chosen for generating, which Clear brings back here: the next
        window's form, which restores the draft, knows only its own default."""
        request = replace(self.current_request(), prompt=self.prompt.toPlainText())
        if request.image_path is None and request.aspect_ratio is None:
            request = replace(request, aspect_ratio=self._generate_ratio)
        return request, self.style_picker.current

    def restore_draft(self, request: GenerateRequest, style: Preset | None) -> None:
        """Fill the form from :meth:`draft` of another window (a switch of mode)."""
        self.apply_request(request)
        self.style_picker.choose(style)

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        """Reuse settings: :meth:`apply_request` of the artwork's job, and Images set to how
        many the generate that made it made (1 when alone or not known). The form's count
        stayed: after a batch of 4, an image made alone came back as "Generate 4 images"."""
        with self._one_step():
            self.apply_request(snapshot.request)
            self.batch.setValue(max(snapshot.batch_size, 1))

    @contextmanager
    def _one_step(self) -> Iterator[None]:
        """What is done in it, to the prompt and the rest of the form, undone and redone as
        one step of the prompt box's history (:class:`_LoadStep`)."""
        before, history = self._form(), self.prompt.document()
        earlier = history.availableUndoSteps()
        yield
        if (steps := history.availableUndoSteps()) > earlier:  # one step of the box's own
            self._load_steps.append(_LoadStep(before, self._form(), (earlier, steps)))

    def _form(self) -> _Form:
        request, style = self.draft()
        return _Form(request, style, self.batch.value())

    def _forget_undone_loads(self) -> None:
        """A new step in the prompt box's history drops what was undone from it: those Reuse
        settings (or Restore settings) can no longer be redone. Those still done stay under
        it, each undone with its form in turn. Before, only the last was kept: after two,
        Ctrl+Z twice brought back the prompt typed, the first's reference, ratio and model
        left in the form."""
        self._load_steps = [step for step in self._load_steps if not step.undone]

    def _prompt_stepped(self, before: int, after: int) -> None:
        """An undo or redo took the prompt box past a Reuse settings (or Restore settings):
        the rest of the form follows its text."""
        for step in self._load_steps:
            if not step.undone and (after, before) == step.steps:
                step.undone = True
                self._restore_form(step.before)
                return
            if step.undone and (before, after) == step.steps:
                step.undone = False
                self._restore_form(step.after)
                return

    def _restore_form(self, form: _Form) -> None:
        """All of ``form`` but the prompt's text, which the box's own history brings back."""
        self.style_picker.choose(form.style)
        self._apply_options(form.request, recheck=False)
        self.batch.setValue(form.batch)

    def restore_provenance(self, provenance: Provenance) -> None:
        """Load the prompt, model and ratio an image was made with (read from its metadata);
        the reference and the other options stay as they are, and Ctrl+Z brings back the
        prompt, model and ratio it replaced. An edit's ratio is its reference's shape: kept
        with a reference here, and without one the ratio chosen stays (the shape button is
        hidden then, and checked it left no ratio for Generate to send)."""
        with self._one_step():
            self.style_picker.choose(None)
            self.prompt.replace_text(provenance.prompt)
            self._select_model(provenance.model)
            if provenance.ratio in RATIOS:
                self.ratio_buttons[provenance.ratio].setChecked(True)
            elif self._edit_mode:
                self.ratio_buttons[MATCH].setChecked(True)
        self.focus_prompt()

    def effective_prompt(self) -> str:
        """The prompt as it will be sent: the active style applied (its edit template while a
        reference is set), else the text as typed."""
        text = self.prompt.toPlainText()
        preset = self.style_picker.current
        return text if preset is None else apply_preset(preset, text, edit=self._edit_mode)

    def current_request(self) -> GenerateRequest:
        """The form as a request (not yet validated)."""
        ratio = self._selected_ratio()
        info = self.slot.info
        return GenerateRequest(
            prompt=self.effective_prompt(),
            model=str(self.model.currentData()),
            aspect_ratio=None if ratio == MATCH else ratio,
            output_format=str(self.format.currentData()),
            enable_translation=self.translation.isChecked(),
            prompt_upsampling=self.upsampling.isChecked(),
            safety_tolerance=self.safety.value(),
            watermark=self.watermark.text(),
            image_path=self.slot.path,
            image_sha256=info.sha256 if info is not None else None,
            image_name=self.slot.name,
            image_job=self.slot.job,
        )

    def problem(self) -> str | None:
        """Why Generate cannot run now, in words for the artist; None when it can."""
        return self._problem(has_words(self.prompt.toPlainText()), self.effective_prompt())

    def _problem(self, typed: bool, sent: str) -> str | None:
        """:meth:`problem` from the prompt already read (``_refresh`` runs per keystroke)."""
        state = self.slot.state
        if state is SlotState.CHECKING:
            return self.tr("Wait a moment: the reference image is being checked.")
        if state is SlotState.REFUSED:
            return self.tr("Replace or clear the reference image: it cannot be used.")
        if not typed:
            return self.tr("Type a prompt to generate.")
        length = len(sent.strip())
        if length > MAX_PROMPT_CHARS:
            return self.tr("Shorten the prompt to {limit} characters (it has {count}).").format(
                limit=grouped(MAX_PROMPT_CHARS), count=grouped(length)
            )
        return None

    def generate(self) -> bool:
        """Freeze the form into one request and submit it once per batch item (its reference
        kept once for all of them). The form of a press whose jobs are not made yet (its
        form being saved on a disk that stalls, its reference prepared) makes nothing more:
        the line under the button says it is on its way. Before, nothing showed a press on
        a slow disk, and the artist's second press made the jobs again, each charged. A
        form changed since is another press, and makes its own jobs."""
        if self.problem() is not None:
            return False
        form = self._press_form()
        repeated = self._pressed_as(form)
        if repeated is not None:
            self._repeated = repeated
            self._refresh()
            announce(self.reason, self.reason.line, MessageBanner.INFO)
            return False
        try:
            request = self.current_request().validated()
        except InputError as error:
            self._bridge.report(error)
            return False
        # The artist's own words, as typed at the press (the box may change while an edit's
        # reference is prepared): a recalled prompt gets the current style, not the old one.
        typed = self.prompt.toPlainText()
        press = Press(
            self.batch.value(),
            request.prompt,
            time.time(),
            uuid.uuid4().hex,
            request.image_path or "",
        )
        offer = self.restore_bar.form_pressed()
        noted = self.note_press()
        task = self._bridge.spawn(
            self._submit(request, press, offer, self.slot.called),
            on_done=lambda made: self._submitted(made, typed, noted),
        )
        if task is not None:
            self._submits[task] = press
            self._pressed[press.id] = form
            if request.image_path is not None:
                self._copying[task] = request.image_path
            task.add_done_callback(self._press_done)
            QTimer.singleShot(GENERATING_AFTER_MS, self, lambda: self._taking_long(press.id))
            QTimer.singleShot(STALL_SAID_MS, self, lambda: self._stalling(press.id))
            self._refresh()  # at once: a second press of the same form makes no more
        return True

    def _press_form(self) -> _Form:
        """The form as a press sends it: a space or a new line typed around the prompt
        (Return in the box, out of habit) sends nothing else, and made a second press of
        it another set of the same jobs."""
        form = self._form()
        return replace(form, request=replace(form.request, prompt=form.request.prompt.strip()))

    def already_pressed(self) -> bool:
        """Whether the form is that of a press whose jobs are not made yet: pressed again,
        it makes nothing more (:meth:`generate`)."""
        return self._pressed_as(self._press_form()) is not None

    def _pressed_as(self, form: _Form) -> str | None:
        """The press whose jobs are not made yet that was of ``form``, if any."""
        return next((press for press, pressed in self._pressed.items() if pressed == form), None)

    def _press_done(self, task: asyncio.Task[Any]) -> None:
        press = self._submits.pop(task, None)
        self._copying.pop(task, None)
        if press is not None:  # cut off before it began, it never ran _submit's end
            self._pressed.pop(press.id, None)
            self._slow.discard(press.id)
            self._tell_on_their_way()

    def _tell_on_their_way(self) -> None:
        """Emit :attr:`on_their_way` with the jobs of the presses Generate says are
        generating (:data:`GENERATING_AFTER_MS`: on a fast disk nothing flashes), if changed."""
        count = sum(form.batch for press, form in self._pressed.items() if press in self._slow)
        if count != self._said_on_their_way:
            self._said_on_their_way = count
            self.on_their_way.emit(count)

    def _taking_long(self, press: str) -> None:
        """The jobs of ``press`` are not made yet, :data:`GENERATING_AFTER_MS` after it:
        Generate says they are on their way (a reference being prepared, a disk that
        stalls)."""
        if press in self._pressed:
            self._slow.add(press)
            self._refresh()

    def _stalling(self, press: str) -> None:
        """The form of ``press`` has waited :data:`STALL_SAID_MS` for the disk: the line
        under Generate says its jobs are not saved yet, and a screen reader reads it out:
        the line changes away from the focus, on the button."""
        if press in self._saving:
            self._stalled.add(press)
            self._refresh()
            announce(self.reason, self.reason.line, MessageBanner.INFO)

    def pressed_references(self) -> list[str]:
        """The references of the presses of Generate whose jobs are not made yet: their
        copy for the jobs is being made, and the form may hold another one by now (the
        artist pasted the next). Removed meanwhile as no longer needed (old pasted images,
        a deleted job's copy taken by Reuse settings), the press failed."""
        return list(self._copying.values())

    def held_references(self) -> list[str]:
        """Every reference file the tab still needs: the form's, and
        :meth:`pressed_references`."""
        held = [] if self.slot.path is None else [self.slot.path]
        return held + self.pressed_references()

    @property
    def submitting(self) -> bool:
        """Whether a press of Generate has not made its jobs yet."""
        return bool(self._submits)

    def presses_under_way(self) -> Presses:
        """The presses of Generate whose jobs are not made yet, each by its task: what the
        window's close, beginning now, waits for (:func:`finish_submits`)."""
        return dict(self._submits)

    def _submitted(self, made: list[Snapshot], typed: str, noted: int) -> None:
        """The jobs are made: their prompt joins Recent prompts. Remembered at the press, a
        prompt whose submit failed (its reference deleted meanwhile) was offered there as if
        a job had been made of it. The first of them is the one the window shows, with the
        note of its own press (:attr:`note_press`): the library reads "1 of 4"."""
        if not made:
            return
        self._refusal_over()
        self.history.remember(typed)
        for snapshot in made:
            self.submitted.emit(snapshot.id)
        self.press_made.emit(made[0], noted, made)

    async def _submit(
        self, request: GenerateRequest, press: Press, offer: int | None, called: str | None
    ) -> list[Snapshot]:
        """Submit the jobs of ``press`` of ``request``. An edit's jobs come into the library once
        its reference is kept (a large photo is scaled down first: seconds), and the tab
        says so meanwhile: nothing showed that Generate had been pressed, and a second press
        made the jobs again. The restore bar's ``offer`` the press put aside goes once the
        jobs are made, and comes back if they could not be (see
        :meth:`RestoreBar.press_ended`). ``called``: the reference as its refusal names it
        (:attr:`ReferenceSlot.called`): the banner named a pasted image's file."""
        self._unmade.append(press)
        sent = False
        self._saving.add(press.id)
        try:
            # The press's form is on disk before its jobs are; one that cannot be written
            # (a full disk) is said, and the jobs are still made: theirs is another write.
            self.work_unsaved(await self.keep_work())
            self._saved(press.id)
            made = await self._session.engine.submit_several(
                request, press.count, press=press.id, called=called
            )
            sent = True
            return made
        except ImageError as error:
            if request.image_path is None:
                raise
            # The reference changed on disk after it was checked: said here, tagged for its
            # banner to go by what it is (:attr:`refusal_over`), and checked again so the
            # slot shows why, next to the banner. The press made nothing (:func:`_made`).
            self._refused = (request.image_path, self._bridge.report_said(error))
            if request.image_path == self.slot.path:
                self.slot.set_reference(
                    request.image_path, request.image_name, job=request.image_job
                )
            return []
        finally:
            self._saved(press.id)
            self._unmade.remove(press)
            self._pressed.pop(press.id, None)
            self._slow.discard(press.id)
            self.restore_bar.press_ended(offer, sent=sent)
            self._refresh()
            self._bridge.spawn(self.save_work())

    def work_unsaved(self, unsaved: Unsaved | None) -> None:
        """The window's work (the form, a press's with it) could not be saved, or the work
        kept before removed once none was left (a full or read-only disk): the line under
        Generate says so, in a few words, until a later save is done (:meth:`work_kept`);
        its tooltip and its description (read out as Tab reaches it) say the cause and what
        to do. Only logged before, the draft's: the artist went on as if it were kept for
        the next start. Read out once: the draft is saved again after each change, and each
        save failed alike."""
        if unsaved is None:
            return
        failure = unsaved.failure
        said = explain(failure)
        if unsaved.cleared:
            line = self.tr("Your work is not cleared: it comes back at the next start.")
            what = self.tr("The work saved before could not be removed.")
        else:
            line = self._unsaved_line(failure)
            what = self.tr("Your work could not be saved for the next start.")
        detail = join_sentences(with_detail(what, explain_error_detail(failure)), said.hint)
        new = (line, detail) != (self._unsaved, self._unsaved_detail)
        self._unsaved, self._unsaved_detail = line, detail
        self._refresh()
        if new:
            announce(self.reason, detail, MessageBanner.ERROR)
            self.unsaved_changed.emit(line, detail)

    def _unsaved_line(self, failure: KontextError) -> str:
        """The few words of the line under Generate for a save refused for ``failure``: the
        file set read-only (or a folder in its place) was said to be its folder, which the
        artist then found writable."""
        if on_full_disk(failure):
            return self.tr("Your work is not saved for the next start: the disk is full.")
        if files_fault(failure):
            return self.tr(
                "Your work is not saved for the next start: its file cannot be written to."
            )
        return self.tr(
            "Your work is not saved for the next start: its folder cannot be written to."
        )

    async def save_work(self) -> None:
        """:attr:`keep_work`, its failure said as a press's is (:meth:`work_unsaved`)."""
        failure = await self.keep_work()
        if shiboken6.isValid(self):  # a save the close's wait let end
            self.work_unsaved(failure)

    def work_kept(self) -> None:
        """The window's work was written: work that could not be is no longer said to be
        unsaved."""
        if self._unsaved:
            self._unsaved = self._unsaved_detail = ""
            self._refresh()
            self.unsaved_changed.emit("", "")

    def _saved(self, press: str) -> None:
        """The form of ``press`` is saved (or its save is over): the line says so no more."""
        self._saving.discard(press)
        if press in self._stalled:
            self._stalled.discard(press)
            self._refresh()

    @property
    def edit_mode(self) -> bool:
        return self._edit_mode

    @property
    def presses_unmade(self) -> tuple[Press, ...]:
        """The presses of Generate whose jobs are not all in the library yet: an edit's
        reference being prepared, or the jobs' write waiting for a disk that stalls. Only
        an edit's were kept before, and a text-to-image press whose jobs waited for the
        disk was lost without a word when the app was killed then."""
        return tuple(self._unmade)

    @property
    def loaded(self) -> bool:
        """Whether the start-up reads (style presets, recent prompts) have arrived."""
        return self.style_picker.loaded and self.history.loaded

    # Reactions ----------------------------------------------------------------------------

    def _refusal_over(self) -> None:
        """The banner of a press refused for its reference goes (:attr:`refusal_over`): it
        went on saying "The image file is missing" over a form that worked, through the
        next Generate. Not when the same file checks out again: its copy for sending may
        be what was refused (still over KIE's limits), and then nothing else says why
        Generate made nothing."""
        if self._refused is not None:
            _path, said = self._refused
            self._refused = None
            self.refusal_over.emit(said)

    def _reference_changed(self) -> None:
        if self._refused is not None:
            refused_path = self._refused[0]
            held = self.slot.path
            if self.slot.state is SlotState.EMPTY or held not in (None, refused_path):
                self._refusal_over()
        edit = self.slot.state is not SlotState.EMPTY
        if edit != self._edit_mode:
            self._edit_mode = edit
            self._switch_mode(edit)
        self._refresh()

    def _preset_draft(self) -> Preset:
        """The form as an unnamed preset, for "Save current as preset…"."""
        ratio = self._selected_ratio()
        return Preset(
            name="",
            template=self.prompt.toPlainText(),
            model=str(self.model.currentData()),
            aspect_ratio=None if ratio == MATCH else ratio,
        )

    def _preset_chosen(self, preset: Preset | None) -> None:
        """A style sets its model, and its ratio unless the reference decides the shape."""
        if preset is not None and preset.model:
            self._select_model(preset.model)
        if preset is not None and preset.aspect_ratio and not self._edit_mode:
            self.ratio_buttons[preset.aspect_ratio].setChecked(True)
        self._refresh()

    def _switch_mode(self, edit: bool) -> None:
        """Edit mode keeps the reference's shape by default and allows safety 0-2 only; the
        generate-mode choices come back when the reference is cleared."""
        match = self.ratio_buttons[MATCH]
        if edit:
            self._generate_ratio = self._selected_ratio()
            self._generate_safety = self.safety.value()
            match.setVisible(True)
            match.setChecked(True)
            self.safety.setMaximum(MAX_SAFETY_EDIT)
        else:
            self.ratio_buttons[self._generate_ratio].setChecked(True)
            match.setVisible(False)
            self.safety.setMaximum(MAX_SAFETY_GENERATE)
            self.safety.setValue(self._generate_safety)
        self.safety_note.setText(
            self.tr("0 strict … {top} permissive").format(
                top=MAX_SAFETY_EDIT if edit else MAX_SAFETY_GENERATE
            )
        )
        repolish(self.mode_label, "edit", edit)

    def _ratio_toggled(self, button: QToolButton, checked: bool) -> None:
        if not checked:
            return
        # One stop for the whole row, as for radio buttons: Tab lands on the chosen ratio and
        # the arrow keys (QAbstractButton's own handling in a group) choose another.
        for each in self.ratio_buttons.values():
            each.setFocusPolicy(
                Qt.FocusPolicy.TabFocus if each is button else Qt.FocusPolicy.NoFocus
            )
        if not self._edit_mode:
            self._generate_ratio = self._selected_ratio()

    def _selected_ratio(self) -> str:
        for ratio, button in self.ratio_buttons.items():
            if button.isChecked():
                return ratio
        return self._generate_ratio

    def _select_model(self, model: str) -> None:
        index = self.model.findData(model)
        self.model.setCurrentIndex(max(index, 0))
        self._show_model_note()

    def _select_format(self, fmt: str) -> None:
        self.format.setCurrentIndex(max(self.format.findData(fmt), 0))

    def _show_model_note(self) -> None:
        notes = {
            MODELS[0]: self.tr("Pro: fast and affordable, right for most images."),
            MODELS[1]: self.tr("Max: best quality and typography, slower and costs more."),
        }
        self.model_note.setText(notes.get(str(self.model.currentData()), ""))

    def open_advanced(self, shown: bool) -> None:
        """Open or close Advanced as the window's layout has it (kept from the last run, or
        reset), without scrolling the form to it: the prompt stays in sight at the start."""
        with QSignalBlocker(self.advanced_toggle):
            self.advanced_toggle.setChecked(shown)
        self._show_advanced(shown)

    def _toggle_advanced(self, shown: bool) -> None:
        self._show_advanced(shown)
        if shown:
            # Once the form is laid out with the options in it (on the loop's next turn).
            self._revealing_advanced.start()

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _reveal_advanced(self) -> None:
        """Scroll the form to the options Advanced opened: at 1024 x 700 they opened under
        the form's edge, and nothing new came on screen. All of them where they fit, else
        from Advanced down: Advanced itself stays in sight.

        The layout their opening asks for is done here first, level by level from them up
        to the window (each level's request would wait a turn of the loop): where they are
        wider than the tab, the splitter or the window widens it, and the words above them
        may then take fewer lines. Scrolled before that, the form went on past Advanced
        (Chinese, 800 x 300); waiting for a resize instead never scrolled a window that
        cannot widen, and scrolled the form on a resize long after."""
        if not self.advanced.isVisible():
            return
        widget: QWidget | None = self.advanced
        while widget is not None:
            QCoreApplication.sendPostedEvents(widget, QEvent.Type.LayoutRequest)
            widget = widget.parentWidget()
        self._scroll.ensureWidgetVisible(self.advanced, 0, FORM_MARGIN)
        self._scroll.ensureWidgetVisible(self.advanced_toggle, 0, 0)

    def _refresh(self) -> None:
        self.mode_label.setText(self._heading())
        sent = self.effective_prompt()
        self._show_counter(len(sent.strip()))
        typed = has_words(self.prompt.toPlainText())
        styled = self.style_picker.current is not None and typed
        self.sent_as.set_prompt(sent if styled else None)
        problem = self._problem(typed, sent)
        pressed = self._pressed_as(self._press_form()) if self._pressed else None
        # Enabled while its jobs are being made, the button keeps the keyboard's focus, and
        # a press of it says why it makes no more (generate).
        self.generate_button.setEnabled(problem is None)
        # Tab skips a disabled Generate, and with it the line under it that says why: the
        # prompt box, where the keyboard is, says it to a screen reader, and so does the
        # button (enabled, its tooltip describes it again).
        self.prompt.setAccessibleDescription(problem or "")
        already = self.tr("Already on their way: change something for more.")
        self.generate_button.setAccessibleDescription(
            problem or (already if pressed is not None else "")
        )
        self.generate_button.setText(self._button_words(generating=pressed in self._slow))
        repeated = pressed is not None and pressed == self._repeated
        # A stalled save comes before "Already on their way": the artist who pressed again
        # on a stalled disk is the one who must learn that nothing of the press is saved.
        pending = (
            self._stalled_words()
            or self._unsaved
            or (already if repeated else self._pending_words())
        )
        # An empty prompt is the normal start, not a problem worth a warning colour; work
        # that could not be saved is, and is said over it: the work is more than the prompt
        # (the library's search, the files to upload), and an artist busy with those never
        # learned that nothing of it was kept.
        said = problem
        if self._unsaved and not typed and self._problem(True, sent) is None:
            said = None
        # Work not saved is said beside what blocks Generate too: hidden behind a prompt
        # too long, it was not known until the prompt was put right.
        unsaved = bool(self._unsaved) and (said is not None or pending == self._unsaved)
        shown = said or pending
        if said is not None and unsaved:
            shown = f"{said}\n{self._unsaved}"
        self.reason.setText(shown)
        repolish(self.reason, "blocked", (said is not None and typed) or unsaved)
        self.reason.set_cause(self._unsaved_detail if unsaved else "")
        self._tell_on_their_way()

    def _heading(self) -> str:
        """What the prompt is for. A refused reference keeps the form in edit mode (its
        shape and safety choices wait for the reference put right) but makes no edit: the
        heading said "Edit mode: describe the change" beside the slot's refusal."""
        if self.slot.state is SlotState.REFUSED:
            return self.tr("No edit: the reference image was refused")
        if self._edit_mode:
            return self.tr("Edit mode: describe the change")
        return self.tr("New image: describe what to make")

    def _button_words(self, *, generating: bool) -> str:
        """Generate's words for the image count; ``generating``: the form is that of a
        press whose jobs are being made."""
        count = self.batch.value()
        if generating:
            if count == 1:
                return self.tr("&Generating…")
            return self.tr("&Generating {n} images…").format(n=grouped(count))
        if count == 1:
            return self.tr("&Generate")
        return self.tr("&Generate {n} images").format(n=grouped(count))

    def _stalled_words(self) -> str:
        """That a press's form has waited :data:`STALL_SAID_MS` for the disk, and nothing of
        it is saved yet; empty when none has."""
        stalled = sum(form.batch for press, form in self._pressed.items() if press in self._stalled)
        if stalled == 1:
            return self.tr("Slow disk: the job is not saved yet…")
        if stalled > 1:
            return self.tr("Slow disk: the {n} jobs are not saved yet…").format(n=grouped(stalled))
        return ""

    def _pending_words(self) -> str:
        """What the line under Generate says when nothing blocks it: that the jobs just
        asked for are on their way (see :meth:`_submit`), an edit's reference being
        prepared or the jobs being added to the library (a moment, or as long as a disk
        that stalls takes), else the shortcut. One line, as the shortcut's: a second one
        would move the form up and down."""
        slow = [form for press, form in self._pressed.items() if press in self._slow]
        edits = sum(form.batch for form in slow if form.request.is_edit)
        if edits == 1:
            return self.tr("Preparing the reference image for the job…")
        if edits > 1:
            return self.tr("Preparing the reference image for {n} jobs…").format(n=grouped(edits))
        jobs = sum(form.batch for form in slow)
        if jobs == 1:
            return self.tr("Adding the job to the library…")
        if jobs > 1:
            return self.tr("Adding {n} jobs to the library…").format(n=grouped(jobs))
        return self.tr("{keys} generates from anywhere.").format(
            keys=shortcuts.keys_text("generate")
        )

    def _show_counter(self, length: int) -> None:
        if length < COUNTER_FROM:
            self.counter.setVisible(False)
            return
        over = length > MAX_PROMPT_CHARS
        self.counter.setVisible(True)
        repolish(self.counter, "level", "error" if over else "warning")
        text = f"{grouped(length)} / {grouped(MAX_PROMPT_CHARS)}"
        if over:
            text = self.tr("{count}: too long by {over}").format(
                count=text, over=grouped(length - MAX_PROMPT_CHARS)
            )
        self.counter.setText(text)
