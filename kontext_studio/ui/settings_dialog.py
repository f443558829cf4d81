"""The settings dialog: the KIE key, generation defaults, the library, the R2 connection.

Secrets (the KIE key, the R2 secret) go to the OS keyring through :mod:`kontext_studio.secrets`
and nowhere else; the rest is written with :func:`save_settings`. Keyring calls can block on
D-Bus, so they run in worker threads like every other disk or network call here. A stored key is
never read back into the form: the field only ever holds what the artist types.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field, replace

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontext_studio import i18n, secrets
from kontext_studio.config import (
    R2Settings,
    Settings,
    keep_r2_here,
    library_folder,
    load_settings,
    note_r2_saved,
    r2_saved_beside_session_secret,
    save_settings,
)
from kontext_studio.errors import (
    AuthError,
    InputError,
    KeyringUnavailableError,
    KontextError,
    NetworkError,
    PublishError,
    PublishNotSetUpError,
    PublishSecretUnreadableError,
    PublishSetupError,
    ReplyCutError,
    SecretDamagedError,
    StorageError,
)
from kontext_studio.explain import (
    Explanation,
    disk_full,
    explain,
    explain_error_detail,
    join_sentences,
    with_detail,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.kie.client import check_key, checked_key
from kontext_studio.kie.models import (
    FORMATS,
    MAX_SAFETY_EDIT,
    MAX_SAFETY_GENERATE,
    MODELS,
    RATIOS,
    shown_balance,
)
from kontext_studio.logs import register_secret
from kontext_studio.publish.r2_config import SECRET_KEY_ENV, format_problem, set_by_environment
from kontext_studio.secrets import KeyringStatus
from kontext_studio.text_direction import without_invisibles
from kontext_studio.ui import translations
from kontext_studio.ui.accessible_roles import clear_button
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.fit import at_whole_size, room_above, screen_room
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.levels import (
    BreakableLabel,
    WrappedLabel,
    outcome_style,
    polish_again,
    put_sheet,
    show_level,
)
from kontext_studio.ui.next_turn import FONT, THEME, ChangeFollower
from kontext_studio.ui.page_tabs import PageTabs
from kontext_studio.ui.pasted_text import PastedIsolates, key_field
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.plain_text import BREAK, plain_tooltip
from kontext_studio.ui.publishing import PublishController
from kontext_studio.ui.wrapping_check_box import WrappingCheckBox

log = logging.getLogger(__name__)

MODEL_NAMES = {MODELS[0]: "Flux Kontext Pro", MODELS[1]: "Flux Kontext Max"}
MIN_WIDTH = 560


@dataclass(frozen=True)
class SecretState:
    """What the dialog may know about the stored secrets: whether they exist, not their value."""

    keyring: KeyringStatus
    has_key: bool
    has_r2_secret: bool
    key_session_only: bool = False
    r2_session_only: bool = False
    key_from_environment: bool = False
    """The key in use is KIE_API_KEY's: nothing stored to remove."""
    key_damaged: bool = False
    """The keyring's entry for the key is damaged (:func:`secrets.damaged`)."""
    r2_damaged: bool = False
    """The keyring's entry for the R2 secret is damaged."""
    r2_older_kept: bool = False
    """The keyring holds an R2 secret other than this session's (it did not take that one)."""
    key_older_kept: bool = False
    """The keyring holds a KIE key other than this session's, which a restart brings back."""
    keyring_refused: dict[str, str] = field(default_factory=dict)
    """The secrets the keyring, which reads, did not take when last saved, kept for this
    session or in use from the environment, each with why (:func:`secrets.refused_writes`)."""

    def session_only(self, name: str) -> bool:
        """Whether the secret ``name`` is kept for this session only."""
        return self.key_session_only if name == secrets.KIE_KEY else self.r2_session_only


def read_secret_state() -> SecretState:
    """Runs in a worker thread: the keyring may answer slowly (or not at all). A keyring
    that cannot be read (locked, not answering) is asked once, whether it works, not for
    each secret after, and its failure logged once: asked four times, it logged "keyring
    read failed" twice and "keyring call failed" once at every opening of Settings, and a
    locked one may show its unlock prompt at each ask."""
    status = secrets.keyring_status()
    ask = status.usable
    if not (ask or status.missing):
        log.warning("keyring read failed", extra={"event": "keyring_unavailable"})
    return SecretState(
        keyring=status,
        has_key=secrets.get_secret(secrets.KIE_KEY, ask_keyring=ask) is not None,
        has_r2_secret=secrets.get_secret(secrets.R2_SECRET, ask_keyring=ask) is not None,
        key_session_only=secrets.is_session_only(secrets.KIE_KEY),
        r2_session_only=secrets.is_session_only(secrets.R2_SECRET),
        key_from_environment=secrets.from_environment_only(secrets.KIE_KEY, ask_keyring=ask),
        key_damaged=ask and secrets.is_damaged(secrets.KIE_KEY),
        r2_damaged=ask and secrets.is_damaged(secrets.R2_SECRET),
        r2_older_kept=ask
        and secrets.is_session_only(secrets.R2_SECRET)
        and secrets.older_in_keyring(secrets.R2_SECRET),
        key_older_kept=ask
        and secrets.is_session_only(secrets.KIE_KEY)
        and secrets.older_in_keyring(secrets.KIE_KEY),
        keyring_refused=secrets.refused_writes(),
    )


def _file_error(error: KontextError | OSError) -> KontextError:
    """``error`` of writing the settings file, as one :func:`explain` puts in words."""
    if isinstance(error, KontextError):
        return error
    failed = StorageError.worded(
        QT_TRANSLATE_NOOP("Errors", "the settings could not be saved: {reason}"),
        reason=error.strerror or type(error).__name__,
    )
    failed.__cause__ = error
    return failed


def key_problem(key: str) -> InputError | None:
    """The client's own rule for the header, checked before anything is stored."""
    try:
        checked_key(key)
    except InputError as problem:
        return problem
    return None


def bare_key(text: str) -> str:
    """``text``, a key's field or an R2 field, without the spaces round it nor what none
    holds (:func:`~kontext_studio.text_direction.without_invisibles`): an access key ID read
    from the settings file as an older version saved it, a zero-width space and all, was
    saved again with it; a bucket's name typed with one, the publisher could not find."""
    return without_invisibles(text).strip()


class PasswordField(QWidget):
    """A password line edit with a Show toggle; ``name`` is the form's label for it, said by
    screen readers (the label names this row, not the line edit inside it), and
    ``toggle_name`` the toggle's, said with its pressed state: its words ("Show", then
    "Hide") said neither what it shows nor, with that state, whether it is shown. Its
    Alt+H is its page's: the other secret field's toggle, on another page, has it too (on
    macOS, Option+H, :class:`~kontext_studio.ui.page_tabs.PageTabs` makes it; in the field
    too, which never holds the ˙ it types).
    ``clear_name``: its clear button's (✕)."""

    def __init__(
        self,
        name: str,
        placeholder: str,
        toggle_name: str,
        clear_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(placeholder)
        clear_button(self.edit, clear_name)
        key_field(self.edit)
        self.toggle = QToolButton()
        self.toggle.setText(self.tr("S&how"))
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(toggle_name)
        self.toggle.toggled.connect(self._reveal)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.toggle)

    def text(self) -> str:
        """The key, without what cannot be part of one (:func:`bare_key`)."""
        return bare_key(self.edit.text())

    def _reveal(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText(self.tr("&Hide") if shown else self.tr("S&how"))


KEY_UNCHANGED = ""
KEY_STORED = "stored"
KEY_SESSION_ONLY = "session"
KEY_REMOVED = "removed"
KEY_HELD = "held"
"""The key typed is the one the keyring holds already, not the window's: nothing was
written, and a switch puts it to use."""
KEY_IN_USE_STORED = "in use stored"
"""The key typed is the one the window uses already (KIE_API_KEY's, or one kept for this
session), now stored in the keyring: nothing to switch to."""
KEY_IN_USE_HELD = "in use held"
"""The key typed is the one the window uses already, which the keyring holds: nothing was
written, nothing is said, and a switch an earlier save offered (to a key kept for this
session since forgotten) no longer applies."""
KEY_IN_USE_REFUSED = "in use refused"
"""The key typed is the one the window uses already, and the keyring did not take it: it
stays in use where it came from, nothing changed."""
KEYS_TO_SWITCH_TO = (KEY_STORED, KEY_SESSION_ONLY, KEY_HELD)
"""The ``KEY_*`` words of a key the window may switch to."""


def _wrapped(text: str, name: str = "hintLabel") -> WrappedLabel:
    """A note, wrapped, as tall as its lines (:class:`WrappedLabel`), in the colour its
    ``name`` is given ("hintLabel", the hint's, "warningText"; "" the window's words')."""
    label = WrappedLabel()
    label.setText(text)
    label.setObjectName(name)
    return label


def _at_content_width(field: QWidget) -> QWidget:
    """``field`` as wide as its content (a drop-down's longest choice, a spin box's largest
    number and its unit, in the language shown), as in a native dialog: the form grows every
    field it can (Fusion's default), and "1:1" or "600 s" stretched across the dialog."""
    field.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return field


def _label(text: str, buddy: QWidget) -> QLabel:
    """A form row's label whose Alt+letter takes the keyboard to ``buddy``, the field in a
    row that holds more (a button, a note): ``QFormLayout.addRow(text, row)`` makes a
    field its label's buddy, not a row."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _with_icon(icon: QLabel, text: QLabel) -> QHBoxLayout:
    """``text`` with ``icon`` at its first line's left, for a test's outcome."""
    icon.setAlignment(Qt.AlignmentFlag.AlignTop)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(text, 1)
    return row


def _same_label_width(pages: list[QWidget]) -> None:
    """The labels of every page's form as wide as the widest of all, as in a native dialog:
    each form made its labels as wide as its own longest, and switching pages, the fields
    jumped left and right ("API key" short, "Secret access key" long)."""
    labels = []
    for page in pages:
        form = page.layout()
        assert isinstance(form, QFormLayout)
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and (label := item.widget()) is not None:
                labels.append(label)
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setMinimumWidth(width)


class SettingsDialog(QDialog):
    """Edit and save the settings. ``saved`` carries the new settings, what happened to
    the KIE key (one of the ``KEY_*`` words) and whether a new R2 secret is kept for this
    session only, so the window can say what a restart does. ``kept_aside`` carries, before
    it, where the settings file the save replaced was kept, when it could not be read."""

    # Settings, KEY_*, R2 secret for this session only, an older one left in the keyring (with
    # the secret for this session only: the R2 fields saved, beside a secret kept earlier;
    # None: one may be, the keyring could not be read, and the R2 fields changed were kept
    # for this session), an older KIE key left there (None: not known, as for the R2 secret)
    saved = Signal(object, str, bool, object, object)
    kept_aside = Signal(str)

    def __init__(
        self, bridge: Bridge, publishing: PublishController, parent: QWidget | None = None
    ) -> None:
        """``publishing``: the window's, whose close ends a Test connection under way."""
        super().__init__(parent)
        keep_placed(self)
        # The system switched between light and dark; the font changed, once every page has
        # its new font too (they are told after the dialog).
        self.installEventFilter(ChangeFollower(self, self._restyle, THEME))
        self.installEventFilter(ChangeFollower(self, self._grow_for_font, FONT))
        self._bridge = bridge
        self._publishing = publishing
        self._session = bridge.session
        self._state: SecretState | None = None
        self._forget_key = False
        self._saving = False
        self._rejected_keys: set[str] = set()  # the typed keys KIE rejected at Test key
        self._tested: str | None = None  # the typed key of the Test key under way
        self._save_waits = False  # Save was pressed during the test of the key typed
        # Where show_publishing_page put the keyboard before the keyring had answered, and
        # what that field held then.
        self._publishing_focus: tuple[QLineEdit, str, str] | None = None
        # The R2 fields the environment sets, which publishing takes over the saved ones:
        # shown read-only, and never saved (:meth:`collected`).
        self._r2_environment = set_by_environment()
        self._r2_secret_environment = secrets.in_environment(secrets.R2_SECRET)
        self._locked: list[QLineEdit] = []
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        # Before the pages are made: set on the whole tree after, the style sheet was taken
        # off and put back on every widget in it, a third of the time Settings took to open.
        self._restyle()

        self.tabs = PageTabs(self._room_for_pages)
        pages = [
            (self._kie_page(), self.tr("KIE account")),
            (self._defaults_page(), self.tr("Defaults")),
            (self._library_page(), self.tr("Library")),
            (self._r2_page(), self.tr("Publishing (R2)")),
            (self._language_page(), self.tr("Language")),
        ]
        for page, name in pages:
            self.tabs.add_page(page, name)
        # Every page's name in sight, with a large font too: the dialog widens (below) instead
        # of hiding the last tabs (Language) behind scroll arrows. Only a screen too narrow
        # for them all cuts their names, each with "…" and its whole name in its tooltip.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self._pages = [page for page, _ in pages]

        self.save_error = QLabel()
        self.save_error.setObjectName("errorText")
        self.save_error.setWordWrap(True)
        self.save_error.setVisible(False)
        # What a Save waits for, once a keyring call has kept it waiting a while
        # (:meth:`_say_keyring_wait`): before, one that answers each write late (~25 s a
        # call on D-Bus) held the greyed buttons for most of a minute, saying nothing.
        self.keyring_wait = QLabel()
        self.keyring_wait.setObjectName("keyringWait")
        self.keyring_wait.setWordWrap(True)
        self.keyring_wait.setVisible(False)
        self._keyring_timer = QTimer(self)
        self._keyring_timer.setInterval(1000)
        self._keyring_timer.timeout.connect(self._say_keyring_wait)
        self._save_state: secrets.SaveState | None = None
        self._save_started = 0.0
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        icons_as_tall_as_text(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.save_error)
        layout.addWidget(self.keyring_wait)
        layout.addWidget(self.buttons)
        self._fit_screen()
        # The keyboard in the first page's field, as it opens: left to Qt, it went to the tab
        # bar (first in the focus chain), and a key pasted as "KIE rejected the API key…
        # Open Settings" or demo mode asked went nowhere. The field is never filled (a
        # stored key is not read back), so nothing there is typed over.
        self.key.edit.setFocus(Qt.FocusReason.OtherFocusReason)

        self._fill(self._session.settings)
        self._show_secret_state()
        self._bridge.spawn(
            asyncio.to_thread(read_secret_state), on_done=self._secret_state_read, owner=self
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.tabs.turned_by(event):
            super().keyPressEvent(event)

    def _fit_screen(self) -> None:
        """The dialog at the size its pages ask for, within its screen (:func:`at_whole_size`),
        as it opens and when the font changes while it is open. On a small screen or with a
        large font (a 1366 x 768 laptop at 150 %, 24 pt text) it ran past the screen's
        edges, Save and Cancel out of reach: the pages scroll when they are too large for
        it. Text made larger while it was open left it at its old size, every page
        scrolling, its labels as wide as the old font's, where opened again it grew for
        them."""
        _same_label_width(self._pages)
        room = screen_room(self)
        self.setMinimumWidth(min(max(MIN_WIDTH, self.minimumSizeHint().width()), room.width()))
        self.tabs.side_by_side()  # after: a larger minimum resizes it, and its rows wrap
        at_whole_size(self)

    def _grow_for_font(self) -> None:
        """:meth:`_fit_screen` for a font changed while it is open, the dialog kept as large
        as it was where that is larger, within its screen: a size the artist dragged it to
        went back to the one its pages ask for."""
        before = self.size()
        self._fit_screen()
        self.resize(self.size().expandedTo(before).boundedTo(screen_room(self)))

    def _room_for_pages(self) -> QSize:
        """The dialog's room less what stands around the pages and their tabs: the error
        under them, the buttons and the margins. Save and Cancel stay in sight: a page too
        tall for what is left scrolls under its tab."""
        return room_above(self, (self.save_error, self.keyring_wait, self.buttons))

    # Pages --------------------------------------------------------------------------------

    def _kie_page(self) -> QWidget:
        self.key = PasswordField(
            self.tr("API key"),
            self.tr("Paste your KIE API key"),
            self.tr("Show the API key"),
            self.tr("Clear the API key"),
        )
        self.key.setObjectName("keyField")
        self.key.edit.textChanged.connect(self._key_typed)
        self.key_status = _wrapped("")
        self.forget_key = QPushButton(self.tr("Remo&ve stored key"))
        self.forget_key.clicked.connect(self._forget)
        self.keyring_label = BreakableLabel()  # its backend's name may break at its dots
        self.keyring_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton(self.tr("Test ke&y"))
        self.test_button.clicked.connect(self.test_key)
        self.test_result = WrappedLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setObjectName("testResult")
        self.test_icon = QLabel()
        self.mode_note = _wrapped(
            self.tr("Kontext Studio is in demo mode: results are simulated.")
            if self._session.demo
            else self.tr("Kontext Studio is live: jobs are sent to KIE."),
            "",
        )
        self.restart_note = _wrapped(
            self.tr(
                "A new or removed key takes effect once you switch to it (the window offers "
                "it when you save) or at the next start."
            ),
            "warningText",
        )
        self.restart_note.setVisible(False)

        key_row = QHBoxLayout()
        key_row.addWidget(self.test_button)
        key_row.addWidget(self.forget_key)
        key_row.addStretch(1)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(_label(self.tr("&API key"), self.key.edit), self.key)
        form.addRow("", self.key_status)
        form.addRow("", key_row)
        form.addRow("", _with_icon(self.test_icon, self.test_result))
        # Hidden as a row until a test has an outcome (:meth:`_show_test`): its widgets alone
        # hidden, the form kept its spacing, and the Keyring row stood twice as far below.
        self._kie_form, self._test_row = form, form.rowCount() - 1
        form.setRowVisible(self._test_row, False)
        form.addRow(self.tr("Keyring"), self.keyring_label)
        form.addRow(self.mode_note)
        form.addRow(self.restart_note)
        return page

    def _defaults_page(self) -> QWidget:
        self.model = QComboBox()
        for model in MODELS:
            self.model.addItem(MODEL_NAMES.get(model, model), model)
        self.ratio = QComboBox()
        for ratio in RATIOS:
            self.ratio.addItem(ratio, ratio)
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(fmt.upper(), fmt)
        # Wrapped where the page is narrow (a small screen, a large font), as in Generate.
        self.translation = WrappingCheckBox(self.tr("Translate prompts to Englis&h"))
        self.upsampling = WrappingCheckBox(self.tr("&Enhance prompts (upsampling)"))
        self.safety = QSpinBox()
        self.safety.setRange(0, MAX_SAFETY_GENERATE)
        self.safety.setToolTip(plain_tooltip(self.tr("0 is strictest; edits are capped at 2")))
        # Its label names the row it shares with the note: a screen reader said no name.
        self.safety.setAccessibleName(self.tr("Safety tolerance"))
        # Said beside it, as in the Generate tab: a bare number does not say which end is
        # strict.
        safety_note = _wrapped(
            self.tr("0 strict … {top} permissive (an edit: {edit} at most)").format(
                top=MAX_SAFETY_GENERATE, edit=MAX_SAFETY_EDIT
            )
        )
        safety_row = QHBoxLayout()
        safety_row.addWidget(self.safety)
        # Wrapped on a narrow screen, beside the number on one line where it fits.
        safety_row.addWidget(safety_note, 1, Qt.AlignmentFlag.AlignVCenter)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.tr("&Model"), _at_content_width(self.model))
        form.addRow(self.tr("Aspect &ratio"), _at_content_width(self.ratio))
        form.addRow(self.tr("&Output format"), _at_content_width(self.format))
        form.addRow("", self.translation)
        form.addRow("", self.upsampling)
        form.addRow(_label(self.tr("Safety &tolerance"), self.safety), safety_row)
        return page

    def _library_page(self) -> QWidget:
        self.library_dir = QLineEdit()
        self.library_dir.setPlaceholderText(str(self._session.paths.library))
        # Its label names the row it shares with Browse…: read out, it was the default path.
        self.library_dir.setAccessibleName(self.tr("Library folder"))
        PastedIsolates(self.library_dir)
        browse = QPushButton(self.tr("Bro&wse…"))
        # Said after the field, "Browse…" alone did not say what it browses for.
        browse.setAccessibleName(self.tr("Browse for the library folder…"))
        browse.clicked.connect(self._browse_library)
        row = QHBoxLayout()
        row.addWidget(self.library_dir, 1)
        row.addWidget(browse)
        self.poll_timeout = QDoubleSpinBox()
        self.poll_timeout.setDecimals(0)
        self.poll_timeout.setRange(60, 3600)
        self.poll_timeout.setSingleStep(60)
        self.poll_timeout.setSuffix(self.tr(" s"))
        folder_note = _wrapped(
            self.tr(
                "Where finished images are saved. Leave empty for the default folder. "
                "A new folder is used after a restart."
            )
        )
        # Each note under its own field: one note under the time-out told of the folder,
        # and nothing said what the time-out waits for.
        time_out_note = _wrapped(
            self.tr(
                "How long a job waits for the demo server's image before it is marked timed "
                "out (Retry asks the demo server again, without lowering the demo balance). A "
                "new time is used after a restart."
            )
            if self._session.demo
            else self.tr(
                "How long a job waits for KIE's image before it is marked timed out (Retry "
                "asks KIE again, at no charge). A new time is used after a restart."
            )
        )
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(_label(self.tr("Library &folder"), self.library_dir), row)
        form.addRow("", folder_note)
        form.addRow(self.tr("&Give up waiting after"), _at_content_width(self.poll_timeout))
        form.addRow("", time_out_note)
        self.library_page = page
        return page

    def _r2_page(self) -> QWidget:
        self.r2_endpoint = QLineEdit()
        self.r2_endpoint.setPlaceholderText(
            self.tr("Account ID, or https://<account>.r2.cloudflarestorage.com")
        )
        self.r2_bucket = QLineEdit()
        self.r2_access_key_id = QLineEdit()
        self.r2_secret = PasswordField(
            self.tr("Secret access key"),
            self.tr("Secret access key"),
            self.tr("Show the secret access key"),
            self.tr("Clear the secret access key"),
        )
        self.r2_secret_status = _wrapped("")
        self.r2_public_base = QLineEdit()
        self.r2_public_base.setPlaceholderText(self.tr("https://pub-….r2.dev or your domain"))
        self.r2_prefix = QLineEdit()
        # A paste loses what none of them holds: a zero-width space copied with a bucket's
        # name was kept in it, unseen, and the bucket was not found. Typed, it is left out
        # on Save (:meth:`collected`).
        for r2_field in (self.r2_endpoint, self.r2_bucket, self.r2_public_base, self.r2_prefix):
            PastedIsolates(r2_field, clean=without_invisibles)
        key_field(self.r2_access_key_id)
        self.r2_test_button = QPushButton(self.tr("Test co&nnection"))
        self.r2_test_button.setObjectName("r2TestButton")
        self.r2_test_button.clicked.connect(self.test_r2)
        self.r2_test_button.setToolTip(
            plain_tooltip(
                self.tr(
                    "Reach the bucket with the values typed here (and the stored secret when the "
                    "field is empty). Environment variables such as R2_SECRET_ACCESS_KEY take "
                    "precedence."
                )
            )
        )
        self.r2_test_result = WrappedLabel()
        self.r2_test_result.setObjectName("testResult")
        self.r2_test_result.setWordWrap(True)
        self.r2_test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.r2_test_result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Room for a message and its hint, so the dialog need not grow when one arrives.
        self.r2_test_result.keep_at_least(self.fontMetrics().lineSpacing() * 3)
        self.r2_test_icon = QLabel()
        self.r2_test_icon.setVisible(False)
        test_row = QHBoxLayout()
        test_row.addWidget(self.r2_test_button)
        test_row.addStretch(1)
        # A secret R2_SECRET_ACCESS_KEY sets wins over one typed here: none can be typed.
        if self._r2_secret_environment:
            self._lock(self.r2_secret.edit)
            self.r2_secret.toggle.setVisible(False)
        page = QWidget()
        self.r2_page = page
        form = QFormLayout(page)
        self._r2_row(form, self.tr("En&dpoint"), self.r2_endpoint, "endpoint")
        self._r2_row(form, self.tr("&Bucket"), self.r2_bucket, "bucket")
        self._r2_row(form, self.tr("Access key &ID"), self.r2_access_key_id, "access_key_id")
        form.addRow(_label(self.tr("Secret access &key"), self.r2_secret.edit), self.r2_secret)
        form.addRow("", self.r2_secret_status)
        self._r2_row(form, self.tr("Public base &URL"), self.r2_public_base, "public_base_url")
        form.addRow(self.tr("Key &prefix"), self.r2_prefix)
        form.addRow("", test_row)
        form.addRow("", _with_icon(self.r2_test_icon, self.r2_test_result))
        return page

    def _r2_row(self, form: QFormLayout, label: str, edit: QLineEdit, name: str) -> None:
        """The R2 field ``name``: read-only under a note naming its variable when the
        environment sets it, as publishing takes the variable's value over the saved one."""
        form.addRow(label, edit)
        if name not in self._r2_environment:
            return
        variable, _value = self._r2_environment[name]
        self._lock(edit)
        edit.setClearButtonEnabled(False)
        form.addRow("", _wrapped(self._environment_words(variable)))

    def _lock(self, edit: QLineEdit) -> None:
        """``edit`` read-only, painted on the window's colour (:meth:`_paint_locked`): a
        read-only field looked like any other, and the artist tried to type there."""
        edit.setReadOnly(True)
        self._locked.append(edit)
        self._paint_locked(edit)

    def _environment_words(self, variable: str) -> str:
        return self.tr(
            "Set by {variable} in the environment, which wins over a value saved here."
        ).format(variable=variable)

    def _language_page(self) -> QWidget:
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        system = i18n.choose("", translations.system_languages(), environ={})
        self.language.addItem(
            self.tr("System default ({language})").format(language=i18n.LANGUAGES[system]), ""
        )
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)  # each language in its own words
        note = _wrapped(
            self.tr(
                "Menus, messages and the command line use this language. "
                "A new language shows after Kontext Studio restarts."
            )
        )
        page = QWidget()
        form = QFormLayout(page)
        # Read by Windows (Linux and macOS read the form's label, related to the box).
        self.language.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("&Language"), _at_content_width(self.language))
        form.addRow(note)
        self.language_forced = _wrapped(self._forced_language_words(), "warningText")
        self.language_forced.setVisible(bool(self.language_forced.text()))
        form.addRow(self.language_forced)
        return page

    def _forced_language_words(self) -> str:
        """While $KONTEXT_STUDIO_LANG sets the language, the saved choice above is not the
        one in use: say which is, why, and what a choice here does meanwhile."""
        forced = i18n.from_environment()
        if forced is None:
            return ""
        return self.tr(
            "{language} is in use: the {variable} environment variable sets it, whatever is "
            "chosen here. A language chosen here is saved, and is used once {variable} is no "
            "longer set."
        ).format(language=i18n.LANGUAGES[forced], variable=i18n.LANGUAGE_ENV)

    # Form <-> settings --------------------------------------------------------------------

    def _fill(self, settings: Settings) -> None:
        self.model.setCurrentIndex(max(self.model.findData(settings.default_model), 0))
        self.ratio.setCurrentIndex(max(self.ratio.findData(settings.default_ratio), 0))
        self.format.setCurrentIndex(max(self.format.findData(settings.default_format), 0))
        self.translation.setChecked(settings.enable_translation)
        self.upsampling.setChecked(settings.prompt_upsampling)
        self.safety.setValue(settings.safety_tolerance)
        self.library_dir.setText(settings.library_dir)
        self.poll_timeout.setValue(settings.poll_timeout_s)
        shown = self._r2_shown(settings.r2)
        self.r2_endpoint.setText(shown.endpoint)
        self.r2_bucket.setText(shown.bucket)
        self.r2_access_key_id.setText(shown.access_key_id)
        self.r2_public_base.setText(shown.public_base_url)
        self.r2_prefix.setText(shown.key_prefix)
        # By the page's name for it: a language saved by another ("zh", "zh-Hans-CN") read
        # as "System default", and a Save for anything else wrote that over it.
        language = i18n.normalize(settings.language) or ""
        self.language.setCurrentIndex(max(self.language.findData(language), 0))

    def collected(self) -> Settings:
        """The form's non-secret settings."""
        return self._session.settings.with_changes(
            default_model=str(self.model.currentData()),
            default_ratio=str(self.ratio.currentData()),
            default_format=str(self.format.currentData()),
            enable_translation=self.translation.isChecked(),
            prompt_upsampling=self.upsampling.isChecked(),
            safety_tolerance=self.safety.value(),
            library_dir=self.library_dir.text().strip(),
            poll_timeout_s=float(self.poll_timeout.value()),
            language=str(self.language.currentData()),
            r2=self._r2_saved(
                R2Settings(
                    endpoint=bare_key(self.r2_endpoint.text()),
                    bucket=bare_key(self.r2_bucket.text()),
                    access_key_id=bare_key(self.r2_access_key_id.text()),
                    public_base_url=bare_key(self.r2_public_base.text()),
                    # The artist's words: a zero-width non-joiner typed in a Persian
                    # word is part of it (a paste of one is left out: a web page's).
                    key_prefix=self.r2_prefix.text().strip(),
                )
            ),
        )

    def _r2_shown(self, saved: R2Settings) -> R2Settings:
        """``saved`` with the values the environment sets in their place: those in use."""
        return replace(saved, **{name: value for name, (_, value) in self._r2_environment.items()})

    def _r2_saved(self, typed: R2Settings) -> R2Settings:
        """``typed`` with the saved values back in the fields the environment sets: its
        values stay in the environment, not written into the settings file."""
        saved = self._session.settings.r2
        return replace(typed, **{name: getattr(saved, name) for name in self._r2_environment})

    # Secrets ------------------------------------------------------------------------------

    def _key_unread(self) -> str:
        """What the key field says when the keyring cannot be read now (locked since the
        app started, its unlock prompt dismissed): whether there is a stored key is not
        known, and the app may be running live on the key it read at start."""
        if self._session.demo:
            # The page's own note below says the app is in demo mode.
            return self.tr("No key could be read from the keyring. Type a key to use one.")
        return self.tr(
            "The keyring cannot be read now, so the stored key is not shown; the app goes on "
            "in live mode with the key it read at start."
        )

    def _unread_key_in_use(self, state: SecretState) -> bool:
        """Whether the live window goes on with the key it read from the keyring at start,
        which cannot be read now (locked, not answering): not KIE_API_KEY's, though that is
        the only key to be had now. Said to come from the variable, the key line contradicted
        Test key, which tests the window's key (:meth:`_ask_kie`)."""
        key = self._session.key
        return (
            not (state.keyring.usable or state.keyring.missing)
            and not self._session.demo
            and key is not None
            and key != secrets.get_secret(secrets.KIE_KEY, ask_keyring=False)
        )

    def _secret_state_read(self, state: SecretState) -> None:
        self._state = state
        self._show_secret_state()
        chosen, self._publishing_focus = self._publishing_focus, None
        if chosen is not None and self.focusWidget() is chosen[0] and chosen[0].text() == chosen[1]:
            self.show_publishing_page(chosen[2])  # a missing secret may be the first empty field

    @property
    def secret_state(self) -> SecretState | None:
        return self._state

    def _show_secret_state(self) -> None:
        state = self._state
        if state is None:  # read in a worker: a locked keyring may wait on its unlock prompt
            self.keyring_label.setText(self.tr("Checking the system keyring…"))
            self.key_status.setText(self.tr("Looking for a stored key…"))
            self.forget_key.setEnabled(False)
            self.r2_secret_status.setText(self.tr("Looking for a stored secret…"))
            return
        # The backend's dotted name ("keyring.backends.SecretService.Keyring") may break
        # after a dot: one word, it made the dialog wider than a small screen at a large font.
        backend = state.keyring.backend.replace(".", f".{BREAK}")
        if state.keyring.usable and not state.keyring_refused:
            text = self.tr("{backend}: works. Keys are stored there, nowhere else.").format(
                backend=backend
            )
            level = "ok"
        elif state.keyring.usable:
            text = self._refused_words(backend, state)
            level = "warning"
        else:
            # The keyring's own words as a sentence after its state, as the window's banner
            # and the command line say them (before, in brackets after its full stop).
            detail = explain_error_detail(secrets.unusable(state.keyring))
            text = (
                self.tr(
                    "{detail}\nA key you enter is kept for this session only: enter it again "
                    "after a restart, or set KIE_API_KEY in the environment."
                )
                if state.keyring.missing
                # Locked, or not answering: a key it holds wins over KIE_API_KEY once read.
                else self.tr(
                    "{detail}\nA key you enter is kept for this session only: save it again "
                    "once the keyring can be read, as a key it may hold is the one used after "
                    "a restart."
                )
            ).format(detail=detail)
            level = "warning"
        self.keyring_label.setText(text)
        self.keyring_label.setObjectName("okText" if level == "ok" else "warningText")
        polish_again(self.keyring_label)
        if self._forget_key:
            self.key_status.setText(self.tr("The stored key will be removed when you save."))
        elif state.key_session_only and state.key_older_kept:
            self.key_status.setText(
                self.tr(
                    "A key is kept for this session only: the keyring did not take it, and "
                    "still holds an older one, which is used after a restart. Save the key "
                    "again once the keyring takes it."
                )
            )
        elif state.key_session_only and state.key_damaged:
            self.key_status.setText(
                self.tr(
                    "A key is kept for this session only: a restart forgets it. The keyring "
                    "did not take it, and holds a damaged entry for the key, which cannot be "
                    "read: save the key again once the keyring takes it."
                )
            )
        elif state.key_session_only and not (state.keyring.usable or state.keyring.missing):
            # Locked, or not answering: a key it holds, unread, is the one a restart uses.
            self.key_status.setText(
                self.tr(
                    "A key is kept for this session only. The keyring cannot be read now: a key "
                    "it may hold is the one used after a restart."
                )
            )
        elif state.key_session_only:
            self.key_status.setText(
                self.tr("A key is kept for this session only: a restart forgets it.")
            )
        elif state.key_damaged:
            self.key_status.setText(self._damaged_key_words(state))
        elif self._unread_key_in_use(state):
            self.key_status.setText(self._key_unread())
        elif state.key_from_environment:
            self.key_status.setText(
                self.tr(
                    "The key comes from KIE_API_KEY in the environment. A key typed here "
                    "takes its place."
                )
            )
        elif self.key.text():
            # What said to type a key ("No key yet: type one…") stayed under the key typed.
            self.key_status.setText(self._typed_key_words(state))
        elif state.has_key:
            self.key_status.setText(self.tr("A key is set. Type a new one to replace it."))
        elif not state.keyring.usable and not state.keyring.missing:
            # Locked, or not answering: it may hold a key. With no keyring at all there is
            # none to read (the Keyring row says what becomes of a key typed here).
            self.key_status.setText(self._key_unread())
        else:
            self.key_status.setText(self.tr("No key yet: type one to generate with KIE."))
        removable = state.key_damaged or (state.has_key and not state.key_from_environment)
        self.forget_key.setEnabled(removable and not self._forget_key)
        self.r2_secret_status.setText(self._r2_secret_words(state))

    def _typed_key_words(self, state: SecretState) -> str:
        """The key line while a key is typed in place of words asking for one: that it is
        kept only once saved, in place of the stored one when there is one."""
        if state.has_key:
            return self.tr("This key is not saved yet: Save puts it in place of the stored one.")
        return self.tr("This key is not saved yet: Save keeps it.")

    def _refused_words(self, backend: str, state: SecretState) -> str:
        """The Keyring row of a keyring that reads but did not take a key or secret saved,
        kept for this session only or in use from the environment
        (:func:`secrets.refused_writes`): before, it said "works. Keys are stored there,
        nowhere else." of it. "works" again once each such one is stored there (or
        removed). Each is named with why it was not taken (refused, no answer, or no
        keyring then), what became of it, and what to do: before, a key and a secret were
        said to be "a key or secret … that one", and a cause of one mixed with the other's
        words (no keyring then said to be locked)."""
        refused = state.keyring_refused
        causes = list(dict.fromkeys(refused.values()))  # as first refused: the key's first
        sentences = [
            self._cause_words(why, [name for name in refused if refused[name] == why], first)
            for first, why in zip((True, False), causes, strict=False)
        ]
        session = [name for name in refused if state.session_only(name)]
        if session:
            sentences.append(self._session_only_words(session))
        if secrets.KIE_KEY in refused and secrets.KIE_KEY not in session:
            sentences.append(
                self.tr("The API key stays in use from the environment (KIE_API_KEY).")
            )
        sentences.append(self._refused_todo(set(causes), several=len(refused) > 1))
        return join_sentences(*sentences).format(backend=backend)

    def _what_words(self, names: list[str]) -> str:
        """The secrets ``names`` (:data:`secrets.KIE_KEY`, :data:`secrets.R2_SECRET`) named."""
        if len(names) > 1:
            return self.tr("the API key and the R2 secret")
        return self.tr("the API key") if names[0] == secrets.KIE_KEY else self.tr("the R2 secret")

    def _cause_words(self, why: str, names: list[str], first: bool) -> str:
        """Why the keyring did not take the secrets ``names`` (:func:`secrets.why_refused`):
        the Keyring row's first sentence, after its ``{backend}``, or a later one."""
        what = self._what_words(names)
        if why == secrets.KEYRING_SILENT:
            said = (
                self.tr("{backend}: it did not answer when asked to store {what} you saved.")
                if first
                else self.tr("It did not answer when asked to store {what} you saved.")
            )
        elif why == secrets.NO_KEYRING:
            said = (
                self.tr("{backend}: no system keyring could be used when you saved {what}.")
                if first
                else self.tr("No system keyring could be used when you saved {what}.")
            )
        else:
            said = (
                self.tr(
                    "{backend}: it did not take {what} you saved (it is locked, its unlock "
                    "prompt was dismissed, or it refused)."
                )
                if first
                else self.tr(
                    "It did not take {what} you saved (it is locked, its unlock prompt was "
                    "dismissed, or it refused)."
                )
            )
        return said.replace("{what}", what)  # {backend} is filled last, for the whole row

    def _session_only_words(self, names: list[str]) -> str:
        """That the secrets ``names`` the keyring did not take are kept for this session."""
        if len(names) > 1:
            return self.tr("Both are kept for this session only.")
        if names[0] == secrets.KIE_KEY:
            return self.tr("The API key is kept for this session only.")
        return self.tr("The R2 secret is kept for this session only.")

    def _refused_todo(self, causes: set[str], *, several: bool) -> str:
        """What to do about what the keyring did not take, for each of ``causes``."""
        silent, refused = secrets.KEYRING_SILENT in causes, secrets.KEYRING_REFUSED in causes
        if silent and refused:
            return self.tr("Unlock it, then save them again once it answers.")
        if refused and len(causes) > 1:  # and no keyring then
            return self.tr("Unlock it, then save them again.")
        if silent:  # with no keyring then too, if any, whose words name no keyring
            return (
                self.tr(
                    "Save them again once the keyring answers (if it still does not, restart "
                    "its service, or log out and back in)."
                )
                if several
                else self.tr(
                    "Save it again once the keyring answers (if it still does not, restart its "
                    "service, or log out and back in)."
                )
            )
        if refused:
            return (
                self.tr("Save them again once the keyring takes them.")
                if several
                else self.tr("Save it again once the keyring takes it.")
            )
        return (
            self.tr("Save them again to store them there.")
            if several
            else self.tr("Save it again to store it there.")
        )

    def _damaged_key_words(self, state: SecretState) -> str:
        """The key line of a keyring whose entry for the key is damaged. Beside KIE_API_KEY,
        that key is the one used; before, the line said only that, the damaged entry went
        unsaid, and Remove stored key was greyed: only ``kontext-studio key remove``
        removed it."""
        if state.key_from_environment:
            return self.tr(
                "The key stored in the keyring is damaged and cannot be read, so the key from "
                "KIE_API_KEY in the environment is used. Type the key to replace the damaged "
                "entry, or remove it."
            )
        return self.tr(
            "The key stored in the keyring is damaged and cannot be read: type the key again "
            "to replace it."
        )

    def _r2_secret_words(self, state: SecretState) -> str:
        if self._r2_secret_environment:
            # Publishing takes it over a stored secret, or one kept for this session.
            return self._environment_words(SECRET_KEY_ENV)
        if state.r2_older_kept:
            return self.tr(
                "A secret is kept for this session only: the keyring did not take it, and "
                "still holds an older one. Until it takes the new one, R2 changes you save "
                "here last for this session only: after a restart, publishing uses the older "
                "secret with the R2 settings saved with it. Type the new secret and save again "
                "once the keyring takes it."
            )
        if state.r2_session_only and not (state.keyring.usable or state.keyring.missing):
            # Locked, or not answering: a secret it holds, unread, is the one a restart uses.
            return self.tr(
                "A secret is kept for this session only. The keyring cannot be read now: a "
                "secret it may hold is the one used after a restart, with the R2 settings "
                "saved with it, so R2 changes you save here last for this session only. Save "
                "the secret again once the keyring can be read, or set R2_SECRET_ACCESS_KEY in "
                "the environment."
            )
        if state.r2_session_only:
            return self.tr(
                "A secret is kept for this session only: a restart forgets it (or set "
                "R2_SECRET_ACCESS_KEY in the environment)."
            )
        if state.has_r2_secret:
            return self.tr("A secret is stored. Type a new one to replace it.")
        if state.r2_damaged:
            return self.tr(
                "The secret stored in the keyring is damaged and cannot be read: type the "
                "secret again to replace it."
            )
        if not state.keyring.usable and not state.keyring.missing:
            # Locked, or not answering: it may hold one (before: "No system keyring works").
            return self.tr(
                "No secret could be read from the keyring: a secret you enter is kept for this "
                "session only (or set R2_SECRET_ACCESS_KEY in the environment)."
            )
        if not state.keyring.usable:
            return self.tr(
                "No system keyring works here: a secret you enter is kept for this session "
                "only (or set R2_SECRET_ACCESS_KEY in the environment)."
            )
        return self.tr("No secret stored yet.")

    @property
    def session_only(self) -> bool:
        """True when no keyring works and secrets are kept in memory for this run."""
        return self._state is not None and not self._state.keyring.usable

    def _key_typed(self) -> None:
        self._show_test("", "")
        # The answer awaited is about the key as it was: not one to save this one on.
        self._wait_to_save(False)
        if self.key.text():
            self._forget_key = False
        self._show_secret_state()  # its words follow a key typed, and a field cleared

    def _forget(self) -> None:
        self._forget_key = True
        self.key.edit.clear()
        self._show_secret_state()
        self.restart_note.setVisible(True)

    def test_key(self) -> None:
        """Ask for the balance with the typed key (or the stored one) in the background."""
        self.test_button.setEnabled(False)
        self._show_test(self.tr("Asking KIE…"), "")
        self._tested = self.key.text()
        self._bridge.spawn(self._test(self._tested))

    async def _test(self, typed: str) -> None:
        """Test ``typed`` (:meth:`_ask_kie`), then save if Save was pressed meanwhile
        (:meth:`save`), now that KIE's answer is known."""
        try:
            await self._ask_kie(typed)
        finally:
            self._tested = None
        if not shiboken6.isValid(self):
            return
        saves = self._save_waits and self.isVisible()
        self._wait_to_save(False)
        if saves:
            self.save()

    def _wait_to_save(self, waits: bool) -> None:
        """Save waits for the answer of the test under way (:meth:`save`): greyed while it
        waits, Cancel still cancelling the dialog."""
        self._save_waits = waits
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not waits)

    async def _ask_kie(self, typed: str) -> None:
        """Ask KIE about ``typed``, or with the field empty about the key in use (this
        session's, the keyring's, KIE_API_KEY's), said to be the one in use when it is the
        key a live window generates with. With the keyring unreadable now (locked, not
        answering), that is the key the window read at start: before, KIE_API_KEY's was
        tested, though the keyring's had won over it at start. In demo mode, where no key
        is in use, such a keyring says so: "Type a key to test." said there was none."""
        in_use = self._session.key
        try:
            stored = (
                None
                if typed
                else await asyncio.to_thread(secrets.readable_secret, secrets.KIE_KEY, held=in_use)
            )
            key = typed or stored
            if not key:
                self._show_test(self.tr("Type a key to test."), "")
                return
            problem = key_problem(key)
            if problem is not None:
                self._show_test(self._key_refused(problem).lines(), "error")
                return
            balance = await check_key(key)
        except KontextError as error:
            if isinstance(error, AuthError):
                self._rejected_keys.add(typed)
            else:
                self._rejected_keys.discard(typed)
            words = explain(error)
            hint = words.hint
            if isinstance(error, ReplyCutError):  # KIE answered: the connection is there
                hint = self.tr("Test again in a moment.")
            elif isinstance(error, NetworkError):  # not "then retry": no job to retry
                hint = self.tr("Check your internet connection and test again.")
            elif isinstance(error, AuthError):  # not "Open Settings": this is Settings
                hint = self.tr(
                    "Copy the API key from your account on kie.ai, paste it here and test again."
                )
            elif isinstance(error, SecretDamagedError):  # the key field is here
                hint = self.tr(
                    "Type the key here to test it; saving it replaces the damaged entry."
                )
            elif isinstance(error, KeyringUnavailableError) and error.silent:
                hint = self.tr(
                    "Test again; if the keyring still does not answer, restart its service (or "
                    "log out and back in). Or type a key here to test it."
                )
            elif isinstance(error, KeyringUnavailableError):  # the key field is here
                hint = self.tr(
                    "Unlock the keyring, then test again; or type a key here to test it."
                )
            self._show_test(f"{words.message}\n{hint}", "error")
            return
        finally:
            if shiboken6.isValid(self.test_button):
                self.test_button.setEnabled(True)
        self._rejected_keys.discard(typed)
        works = (
            self.tr("The key in use works: {balance} credits.")
            if not typed and key == in_use
            else self.tr("The key works: {balance} credits.")
        )
        self._show_test(works.format(balance=shown_balance(balance)), "ok")

    def _key_refused(self, problem: InputError) -> Explanation:
        """What is wrong with the key typed, and where to get it whole. Before: "The request
        is not valid. … Correct it and try again.", of a key no request had been made with."""
        return Explanation(
            explain_error_detail(problem),
            self.tr("Copy the API key from your account on kie.ai, paste it here and test again."),
        )

    def _show_test(self, text: str, level: str) -> None:
        if not shiboken6.isValid(self.test_result):
            return  # the dialog was closed while the test ran
        self._kie_form.setRowVisible(self._test_row, bool(text))
        show_level(self.test_result, self.test_icon, text, level)  # after: the icon as it says

    def show_publishing_page(self, at_fault: str = "") -> None:
        """The R2 page, the keyboard in the field ``at_fault`` names when it can be typed in
        (:func:`~kontext_studio.ui.publishing.settings_at_fault`: "keys" is the access key
        ID, or the secret where the environment sets the ID), else in its first empty field
        (the first it can type in when none is): opened from "Publishing is not set up",
        the focus stayed on the tab bar, and the artist Tabbed to find what was missing;
        opened after R2 refused the keys, it was in the endpoint. A field the environment
        sets is passed over: nothing can be typed there."""
        self.tabs.setCurrentWidget(self.r2_page)
        fields = [self.r2_endpoint, self.r2_bucket, self.r2_access_key_id]
        state = self._state
        if state is not None and not (
            state.has_r2_secret or state.r2_session_only or self._r2_secret_environment
        ):
            fields.append(self.r2_secret.edit)
        typable = [
            field
            for field in (*fields, self.r2_public_base, self.r2_prefix)
            if not field.isReadOnly()
        ]
        wrong = {
            "endpoint": [self.r2_endpoint],
            "bucket": [self.r2_bucket],
            "keys": [self.r2_access_key_id, self.r2_secret.edit],
        }.get(at_fault, [])
        empty = next(
            (field for field in fields if field in typable and not field.text().strip()), typable[0]
        )
        chosen = next((field for field in wrong if not field.isReadOnly()), empty)
        chosen.setFocus(Qt.FocusReason.OtherFocusReason)
        # Asked for at once by "Open settings", before the keyring said whether a secret is
        # stored: chosen again when it does, unless the artist has moved on or typed there.
        self._publishing_focus = (chosen, chosen.text(), at_fault) if state is None else None

    def test_r2(self) -> None:
        """Reach the bucket with the form's R2 values, in the background."""
        self.r2_test_button.setEnabled(False)
        self._show_r2_test(self.tr("Connecting to the bucket…"), "")
        self._bridge.spawn(self._test_r2(self.collected().r2, self.r2_secret.text()))

    async def _test_r2(self, settings: R2Settings, secret: str) -> None:
        try:
            config = await self._publishing.check_connection(settings, secret)
        except PublishSetupError as error:
            self._show_r2_test(self._r2_setup_failure(error), "error")
            return
        except KontextError as error:
            self._show_r2_test(self._r2_test_failure(error), "error")
            return
        finally:
            if shiboken6.isValid(self.r2_test_button):
                self.r2_test_button.setEnabled(True)
        self._show_r2_test(
            self.tr("Connected: bucket {bucket} at {host} answers.").format(
                bucket=config.bucket, host=config.host
            ),
            "ok",
        )

    def _r2_setup_failure(self, error: PublishSetupError) -> str:
        """Why the test failed for values that cannot work. When the value it names is one
        a variable sets (:func:`~kontext_studio.publish.load_r2_config` advises correcting
        that variable), its field is read-only (it was said to be corrected in "the fields
        above"), and the variable is read once, at start. Before, a typed field that could
        not work either had the variable's value said to be corrected above. A keyring that
        cannot be read: unlock it, or type the secret, which the test takes; before, "set
        R2_SECRET_ACCESS_KEY in the environment", which this running app would not read."""
        if isinstance(error, PublishSecretUnreadableError) and error.damaged:
            again = self.tr(
                "Type the secret access key above to test it; saving it replaces the damaged entry."
            )
            return "\n".join((explain_error_detail(error), again))
        if isinstance(error, PublishSecretUnreadableError) and error.silent:
            again = self.tr(
                "Test again; if the keyring still does not answer, restart its service (or log "
                "out and back in). Or type the secret access key above to test it."
            )
            return "\n".join((explain_error_detail(error), again))
        if isinstance(error, PublishSecretUnreadableError):  # the secret's field is here
            unlock = self.tr(
                "Unlock the keyring, then test again; or type the secret access key above to "
                "test it."
            )
            return "\n".join((explain_error_detail(error), unlock))
        if isinstance(error, PublishNotSetUpError) or not error.environment_only:
            return self._r2_test_failure(error)
        environment = self.tr(
            "Correct it in the environment variable named under its field, then restart "
            "Kontext Studio: the variables are read when it starts."
        )
        return "\n".join((explain_error_detail(error), environment))

    def _r2_test_failure(self, error: KontextError) -> str:
        """Why the test failed, as a test's outcome: what the fields lack, or what the bucket
        answered; never "Publishing failed", as nothing was being published."""
        if isinstance(error, PublishNotSetUpError):
            return "\n".join(
                (
                    self.tr("Fill in the empty fields above, then test again."),
                    explain_error_detail(error),
                )
            )
        if isinstance(error, PublishSetupError):
            return "\n".join(
                (
                    explain_error_detail(error),
                    self.tr("Complete or correct the fields above, then test again."),
                )
            )
        words = explain(error)
        if error.kind == PublishError.kind:
            failed = self.tr("The connection test failed.")
            return f"{with_detail(failed, explain_error_detail(error))}\n{words.hint}"
        return words.lines()

    def _show_r2_test(self, text: str, level: str) -> None:
        if not shiboken6.isValid(self.r2_test_result):
            return  # the dialog was closed while the test ran
        show_level(self.r2_test_result, self.r2_test_icon, text, level)

    def _restyle(self) -> None:
        """The outcome colours for the palette now (:mod:`kontext_studio.ui.levels`): the
        dialog's own, so they do not depend on the window that opened it; and the read-only
        fields' colour."""
        put_sheet(self, outcome_style(self.palette()))
        for edit in self._locked:
            self._paint_locked(edit)

    def _paint_locked(self, edit: QLineEdit) -> None:
        """``edit``, read-only, on the window's colour: as it is locked, and again when the
        palette changes."""
        palette = edit.palette()
        palette.setColor(QPalette.ColorRole.Base, self.palette().color(QPalette.ColorRole.Window))
        edit.setPalette(palette)

    # Saving -------------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, Cancel and the close button (QDialog's closeEvent calls this) wait while a
        save runs: the file and the keyring are being written, and closing now would leave
        the window not knowing it."""
        if not self._saving:
            super().reject()

    def save(self) -> None:
        if self._saving:
            return
        key = self.key.text()
        problem = key_problem(key) if key else None
        if problem is not None:
            self._show_error(self._key_refused(problem))
            self.tabs.setCurrentIndex(0)
            return
        if key and key == self._tested:
            # Saved now, the key KIE is being asked about would be stored before its answer
            # came, and the dialog closed with that answer unseen: a rejected key was saved
            # without a word. Saved (or asked about) once the answer is in.
            self._wait_to_save(True)
            self._show_test(self.tr("Asking KIE… Saving once KIE answers."), "")
            return
        if key and key in self._rejected_keys:
            self._ask_to_save_rejected()
            return
        self._save_now()

    def _ask_to_save_rejected(self) -> None:
        """The key typed is one KIE rejected when the artist tested it: saved, the
        window said "The API key was saved" and offered to switch to live mode, where the
        first job failed. Asked first, Cancel the default; "Save anyway" saves as Save does
        (a key KIE has not enabled yet). The box is open, not blocking."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Save a rejected key?"),
            self.tr("KIE rejected this API key when you tested it. Save it anyway?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("rejectedKeyBox")
        box.setInformativeText(
            self.tr(
                "Jobs sent with it would be refused. Copy the API key from your account on "
                "kie.ai, paste it here and test again."
            )
        )
        anyway = box.addButton(self.tr("&Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        anyway.clicked.connect(self._save_now)
        icons_as_tall_as_text(box)
        keep_placed(box)  # centred over Settings, as the dialogs are
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _save_now(self) -> None:
        self._saving = True
        self.buttons.setEnabled(False)
        self._bridge.spawn(
            self._save(self.key.text(), self.r2_secret.text(), self.collected()), write=True
        )

    async def _save(self, key: str, r2_secret: str, settings: Settings) -> None:
        """:meth:`_save_asking_once` with the keyring asked once: after a dismissed unlock
        prompt, not again in this Save (:func:`secrets.one_ask_per_save`)."""
        with secrets.one_ask_per_save() as state:
            self._save_state, self._save_started = state, time.monotonic()
            self._keyring_timer.start()
            try:
                await self._save_asking_once(key, r2_secret, settings)
            finally:
                self._save_state = None
                if shiboken6.isValid(self._keyring_timer):
                    self._keyring_timer.stop()
                    self.keyring_wait.setVisible(False)

    def _say_keyring_wait(self) -> None:
        """Once a keyring call of the Save under way has taken a second, say the Save waits
        for the keyring, and for how long it has: kept till the Save ends, its calls one
        after another."""
        state = self._save_state
        asked = None if state is None else state.asking_since
        now = time.monotonic()
        if self.keyring_wait.isHidden() and (asked is None or now - asked < 1):
            return
        seconds = round(now - self._save_started)
        self.keyring_wait.setText(
            self.tr("Waiting for the keyring… {seconds} s").format(seconds=seconds)
        )
        self.keyring_wait.setVisible(True)

    async def _save_asking_once(self, key: str, r2_secret: str, settings: Settings) -> None:
        """Write the settings and the secrets typed. The R2 secret goes first: when the
        keyring keeps an older one beside this session's (it refused the new one, now or at
        an earlier save), the file keeps the R2 settings it holds, those the older secret
        was saved with and a restart publishes with; this session publishes with the new
        ones. Before, the file was written first and took the new access key ID beside the
        older secret. The rest of the file is written all the same: a secret kept for this
        session is not lost (the window says what a restart does), and a default ratio or a
        library folder has nothing to do with it. With no older secret the new R2 values
        are written too: after a restart only the secret is to be typed again."""
        try:
            if settings.library_dir not in ("", self._session.settings.library_dir):
                await self._check_library_folder(settings.library_dir)
            if settings.r2 != self._session.settings.r2 and (
                problem := await self._r2_problem(settings.r2)
            ):
                self._show_error(problem)
                return
            # The key read before any write: a keyring that refuses one is asked nothing
            # more in this Save (:func:`secrets.one_ask_per_save`), and what it held is known.
            key_held = bool(key) and await self._key_held(key)
            held = (
                await asyncio.to_thread(secrets.held_before, secrets.R2_SECRET)
                if r2_secret
                else None
            )
            r2_session_only, older_r2 = await self._store_r2_secret(r2_secret)
            keep = self._unused_kept(settings) + (("r2",) if older_r2 is not False else ())
            try:
                kept = await asyncio.to_thread(
                    save_settings, self._session.paths, settings, keep=keep
                )
            except (KontextError, OSError) as error:
                written = "" if r2_session_only else r2_secret
                self._show_error(await self._nothing_saved(_file_error(error), held, written))
                return
            keep_r2_here(self._session.paths, settings.r2 if "r2" in keep else None)
            if "r2" not in keep:
                note_r2_saved(
                    self._session.paths,
                    beside_session_secret=secrets.is_session_only(secrets.R2_SECRET),
                )
            # R2 fields changed beside an older secret are this session's too, said so:
            # before, said "Settings saved.", they were gone at the next start.
            r2_changed = settings.r2 != self._session.settings.r2
            r2_older_kept: bool | None = (
                (None if r2_changed else False)
                if older_r2 is None
                else older_r2 and (r2_session_only or r2_changed)
            )
            key_change = KEY_UNCHANGED
            key_older_kept: bool | None = False
            unremoved: KeyringUnavailableError | None = None
            if key:
                key_change, key_older_kept = await self._store_key(key, held=key_held)
            elif self._forget_key:
                try:
                    await asyncio.to_thread(secrets.delete_secret, secrets.KIE_KEY)
                except KeyringUnavailableError as error:
                    unremoved = error
                else:
                    key_change = KEY_REMOVED
        except KontextError as error:
            self._show_error(explain(error))
            return
        except OSError as error:
            self._show_error(explain(_file_error(error)))
            return
        finally:
            self._saving = False
            self.buttons.setEnabled(True)
        others_saved = settings != self._session.settings or bool(r2_secret)
        self._session.settings = settings
        if kept is not None:
            self.kept_aside.emit(str(kept))
        if unremoved is not None:
            if others_saved:
                self.saved.emit(
                    settings, key_change, r2_session_only, r2_older_kept, key_older_kept
                )
            self._show_unremoved(unremoved, others_saved=others_saved)
            return
        self.saved.emit(settings, key_change, r2_session_only, r2_older_kept, key_older_kept)
        self.accept()

    async def _key_held(self, key: str) -> bool:
        """Whether the keyring holds the KIE key typed already (:func:`secrets.holds`)."""
        register_secret(key)
        return await asyncio.to_thread(secrets.holds, secrets.KIE_KEY, key)

    async def _store_key(self, key: str, *, held: bool) -> tuple[str, bool | None]:
        """Store the KIE key typed, ``held`` by the keyring already or not: what became of
        it (``KEY_*``), and whether the keyring, which did not take it, holds an older one
        (None: not known, as after a read it refused in this Save, not asked again:
        :func:`secrets.older_held`). A key the keyring holds already is not written again:
        before, typed again and saved (unsure whether the first Save took it), it was said
        to be "saved in the system keyring", with "Use the new key" for the key in use; now
        nothing is said of the key in use (:data:`KEY_IN_USE_HELD`)."""
        in_use = key == (self._session.key or "").strip()
        if held:
            return (KEY_IN_USE_HELD if in_use else KEY_HELD), False
        if in_use:
            return await self._store_key_in_use(key), False
        if await asyncio.to_thread(secrets.set_secret, secrets.KIE_KEY, key):
            return KEY_STORED, False
        older = await asyncio.to_thread(secrets.older_held, secrets.KIE_KEY)
        return KEY_SESSION_ONLY, older

    async def _store_key_in_use(self, key: str) -> str:
        """Store the key the window uses already, typed again: where the keyring does not
        take it, it is not kept for this session either, and stays in use where it came
        from (KIE_API_KEY, the keyring read at start, this session). Before, "Use the new
        key" was offered either way, and reopened the window on the very key it had."""
        stored = await asyncio.to_thread(
            secrets.set_secret, secrets.KIE_KEY, key, keep_refused=False
        )
        return KEY_IN_USE_STORED if stored else KEY_IN_USE_REFUSED

    async def _nothing_saved(
        self, error: KontextError, held: secrets.Held | None, written: str
    ) -> Explanation:
        """Why the settings file could not be written, the R2 secret stored before it put
        back as it was (:func:`secrets.put_back`): before, the new secret stayed in the
        keyring beside the access key ID saved before, and publishing failed with R2's
        signature error. Nothing was changed then; or, when the keyring refused to put it
        back, it holds the new secret, said so; or, when it held a damaged entry, that entry
        is gone, said so."""
        words = self._not_written(error)
        try:
            if held is not None:
                await asyncio.to_thread(secrets.put_back, held, written=written)
        except KeyringUnavailableError as error:
            # One that did not answer may or may not have taken it back out.
            left = (
                self.tr(
                    "The system keyring did not answer when asked to take the new R2 secret "
                    "back out, so it may hold that secret beside the R2 settings saved before: "
                    "publishing may be refused until they are saved with it. The rest is "
                    "unchanged."
                )
                if error.silent
                else self.tr(
                    "The system keyring refused to take the new R2 secret back out, so it "
                    "holds that secret beside the R2 settings saved before: publishing may be "
                    "refused until they are saved with it. The rest is unchanged."
                )
            )
            return replace(words, message=join_sentences(words.message, left))
        if held is not None and held.damaged and written:
            # The damaged entry, written over, cannot be written back: before, "Nothing was
            # changed." was said of the entry just removed.
            removed = self.tr(
                "The R2 secret's damaged entry in the system keyring was removed; the rest is "
                "unchanged."
            )
            return replace(words, message=join_sentences(words.message, removed))
        return replace(
            words, message=join_sentences(self.tr("Nothing was changed."), words.message)
        )

    def _not_written(self, error: KontextError) -> Explanation:
        """Why the settings file could not be written, and what to do: of a full disk, to
        free some space on it (the folder's words, "or choose another folder", offer a
        choice this file does not have)."""
        cause = error.__cause__
        if isinstance(cause, OSError) and disk_full(cause):
            return Explanation(
                self.tr("The settings could not be saved: the disk they are on is full."),
                self.tr("Free some space on that disk ({folder}), then save again.").format(
                    folder=self._session.paths.settings_file.parent
                ),
            )
        return explain(error)

    async def _store_r2_secret(self, r2_secret: str) -> tuple[bool, bool | None]:
        """Store the R2 secret typed ("" for none): whether it is kept for this session
        only, and whether the keyring holds an older one beside this session's, which a
        restart publishes with (:meth:`_save` keeps the file's R2 settings for it then);
        None when it may, as it could not be read: the file keeps them too. Before, they
        were written, and after a restart the older secret went with the new access key
        ID, which R2 refused with no clue why. Not with R2_SECRET_ACCESS_KEY set, which
        publishing takes over either; nor, the keyring unread, when the file names no
        access key ID such a secret goes with (publishing set up for the first time): kept,
        every R2 field was empty again after a restart."""
        session_only = False
        if r2_secret:
            register_secret(r2_secret)
            session_only = not await asyncio.to_thread(
                secrets.set_secret, secrets.R2_SECRET, r2_secret
            )
        if not secrets.is_session_only(secrets.R2_SECRET) or self._r2_secret_environment:
            return session_only, False
        older = await asyncio.to_thread(secrets.older_held, secrets.R2_SECRET)
        if older is None and not await asyncio.to_thread(self._older_pair_saved):
            return session_only, False
        return session_only, older

    def _older_pair_saved(self) -> bool:
        """Whether the settings file names an R2 access key ID an older secret may go with:
        not one this process saved beside a secret kept for this session only
        (:func:`~kontext_studio.config.r2_saved_beside_session_secret`). Before, R2 set up
        beside a keyring that could not be read, then corrected (a mistyped access key ID)
        in a second Save, was kept for this session only, and after a restart the access key
        ID was the mistyped one. Reads the file: in a thread."""
        paths = self._session.paths
        if r2_saved_beside_session_secret(paths):
            return False
        return bool(load_settings(paths).r2.access_key_id.strip())

    def _unused_kept(self, settings: Settings) -> tuple[str, ...]:
        """The settings whose value in the file is saved again as it is: a language this
        version could not use (a newer version's, Traditional Chinese), which the page
        shows as "System default", left so. Before, a Save for anything else wrote the
        system's over it, and the newer version found its language gone."""
        ignored = "language" in self._session.settings_ignored
        left = settings.language == self._session.settings.language
        return ("language",) if ignored and left else ()

    def _session_key_unremoved(self, error: KeyringUnavailableError) -> str:
        """:meth:`_show_unremoved`'s words of a key kept for this session beside a keyring
        that may hold another (it held one when last read, or that is not known). Before:
        "The stored key was not removed", of a key the artist was told was kept for this
        session only, said as if the keyring surely held one; nothing said that the
        session's key, kept until the keyring can be asked too, stays in use."""
        if error.silent:
            return self.tr(
                "The key was not removed: the system keyring does not answer, and may hold a "
                "key too. The key kept for this session stays in use until both can be removed."
            )
        return self.tr(
            "The key was not removed: the system keyring refused (it is locked, or its unlock "
            "prompt was dismissed), and may hold a key too. The key kept for this session "
            "stays in use until both can be removed."
        )

    def _session_key_beside_damaged(self) -> str:
        """:meth:`_show_unremoved`'s words of a key kept for this session beside a damaged
        entry the keyring refused to remove: before, only the damaged entry was said, and
        nothing that the session's key, not removed either, is gone at a restart."""
        return self.tr(
            "The key was not removed: the keyring refused to remove the KIE API key's damaged "
            "entry, which is still there. The key kept for this session only stays in use "
            "until Kontext Studio closes: a restart forgets it."
        )

    def _show_unremoved(self, error: KeyringUnavailableError, *, others_saved: bool) -> None:
        """Say that the keyring refused (locked since the dialog opened) or did not answer
        the key's removal, which stays pending for the next Save; and, when the artist
        changed more, that those changes were saved all the same. Before, the removal came
        first and its failure saved nothing else, said only of the key: an artist who then
        pressed Cancel lost the other changes without a word. The settings file is written
        first now, then the key removed: either failing leaves the key as it was."""
        if isinstance(error, SecretDamagedError):  # it answered: its own program removes it
            words = explain(error)
            if secrets.is_session_only(secrets.KIE_KEY):
                words = replace(words, message=self._session_key_beside_damaged())
            # Not pending: each Save refused it the same, and the key line said "The stored
            # key will be removed when you save."
            self._forget_key = False
            self._show_secret_state()
        elif error.silent:
            words = Explanation(
                self.tr("The stored key was not removed: the system keyring does not answer."),
                self.tr(
                    "Save again; if the keyring still does not answer, restart its service "
                    "(or log out and back in)."
                ),
            )
        else:
            words = Explanation(
                self.tr(
                    "The stored key was not removed: the system keyring refused (it is "
                    "locked, or its unlock prompt was dismissed)."
                ),
                self.tr("Unlock the keyring, then save again."),
            )
        if secrets.is_session_only(secrets.KIE_KEY) and not isinstance(error, SecretDamagedError):
            words = replace(words, message=self._session_key_unremoved(error))
        if others_saved:
            words = replace(
                words,
                hint=join_sentences(self.tr("Your other changes were saved."), words.hint),
            )
        self._show_error(words)
        self.tabs.setCurrentIndex(0)

    async def _check_library_folder(self, text: str) -> None:
        """A new folder new images cannot go to is refused here, on its page, rather than
        replaced by the default one at the next start. The folder already chosen is not
        checked again: a drive unplugged for now must not keep other settings from saving."""
        try:
            await asyncio.to_thread(library_folder, text)
        except StorageError:  # a FolderError, or a full disk
            self.tabs.setCurrentWidget(self.library_page)
            self.library_dir.setFocus()
            raise

    async def _r2_problem(self, r2: R2Settings) -> Explanation | None:
        """Words for an R2 field filled in a way that could never work, shown on its page
        before anything is saved (publishing would only refuse it later); ``None`` when each
        filled field could work. Only asked when the R2 fields changed: values an older
        version saved must not keep the other settings from saving (publishing says what
        is wrong with them). A field the environment sets is not asked about: its saved
        value is not in use, and the page offers no way to correct it."""
        problem = await asyncio.to_thread(format_problem, self._r2_typable(r2))
        if problem is None:
            return None
        self.tabs.setCurrentWidget(self.r2_page)
        return Explanation(
            self.tr("These R2 settings cannot work: {0}.").format(explain_error_detail(problem)),
            self.tr("Correct the field, or clear it if you do not publish."),
        )

    def _r2_typable(self, r2: R2Settings) -> R2Settings:
        """``r2`` with the fields the environment sets emptied: those the page can correct."""
        return replace(r2, **dict.fromkeys(self._r2_environment, ""))

    def _show_error(self, words: Explanation) -> None:
        self.save_error.setText(words.lines())
        self.save_error.setVisible(True)

    def _browse_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("Choose the library folder"),
            self.library_dir.text() or str(self._session.paths.library),
        )
        if folder:
            self.library_dir.setText(folder)
