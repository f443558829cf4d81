"""The main window: Generate/Upload tabs, the preview and the library side by side.

The window wires the panels together and owns nothing else: jobs live in the engine, their
state reaches every view through the bridge, and the layout is remembered in a QSettings file
in the app's config folder (so ``KONTEXT_STUDIO_HOME`` isolates it, like every other file).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kontext_studio import APP_NAME, __version__
from kontext_studio.config import Settings
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.generate_tab import GenerateTab
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.notifications import MessageBanner, Notifier
from kontext_studio.ui.preview_panel import PreviewPanel
from kontext_studio.ui.settings_dialog import (
    KEY_REMOVED,
    KEY_SESSION_ONLY,
    KEY_STORED,
    SettingsDialog,
)
from kontext_studio.ui.status import ActiveJobsLabel, CreditsButton, ModeIndicator
from kontext_studio.ui.upload_tab import UploadTab

LAYOUT_FILE = "window.ini"
DEFAULT_SIZE = (1400, 880)
DEFAULT_SPLIT = (380, 640, 420)
STATUS_MESSAGE_MS = 5000

STYLE = """
#modeLabel { font-weight: 600; padding: 2px 0; }
#modeLabel[edit="true"] { color: #b35c00; }
#sectionLabel { font-weight: 600; }
#hintLabel, #referenceDetail { color: palette(placeholder-text); }
#promptCounter[level="warning"] { color: #b35c00; }
#promptCounter[level="error"] { color: #c62828; font-weight: 600; }
#referenceSlot { border: 1px dashed palette(mid); border-radius: 6px; }
#referenceSlot[state="ready"] { border-style: solid; }
#referenceSlot[state="refused"] { border: 1px solid #c62828; }
#referenceSlot[state="refused"] #referenceTitle { color: #c62828; }
#referenceSlot[dragging="true"] { border: 2px dashed palette(highlight); }
#referenceThumb { background: palette(base); border-radius: 4px; color: palette(placeholder-text); }
#referenceTitle { font-weight: 600; }
#generateButton { padding: 8px; font-weight: 600; }
#reasonLabel { color: palette(placeholder-text); }
#reasonLabel[blocked="true"] { color: #b35c00; }
#demoBadge, #liveBadge { color: white; font-weight: 700; border-radius: 4px; padding: 1px 8px; }
#demoBadge { background: #d9480f; }
#liveBadge { background: #2b8a3e; }
#demoText { color: #d9480f; font-weight: 600; }
#messageBanner[level="error"] { background: #fdecea; border-bottom: 1px solid #f5c2c0; }
#messageBanner[level="info"] { background: #e7f1fd; border-bottom: 1px solid #b9d4f5; }
#messageBanner QLabel { color: #1f1f1f; }
#bannerMessage { font-weight: 600; }
#placeholderTitle { font-size: 15px; font-weight: 600; }
#placeholderText { color: palette(placeholder-text); }
#okText { color: #2b8a3e; }
#warningText { color: #b35c00; }
#errorText { color: #c62828; }
#testResult[level="ok"] { color: #2b8a3e; }
#testResult[level="error"] { color: #c62828; }
"""


def layout_store(bridge: Bridge) -> QSettings:
    """Window geometry and splitter positions, in the app's config folder."""
    path = bridge.session.paths.config / LAYOUT_FILE
    return QSettings(str(path), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """Everything on one screen. ``closed`` fires once the window has closed, so whoever owns
    the session can shut it down with every job left resumable."""

    closed = Signal()

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.session = bridge.session
        self._layout = layout_store(bridge)
        self._settings_dialog: SettingsDialog | None = None
        self.setObjectName("mainWindow")
        title = APP_NAME + (self.tr(" — Demo") if self.session.demo else "")
        self.setWindowTitle(title)
        self.setStyleSheet(STYLE)

        self.generate_tab = GenerateTab(bridge)
        self.upload_tab = UploadTab(bridge)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("leftTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.generate_tab, self.tr("Generate"))
        self.tabs.addTab(self.upload_tab, self.tr("Upload"))
        self.preview = PreviewPanel(bridge)
        self.library = LibraryPanel(bridge)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.tabs, self.preview, self.library):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)

        self.banner = MessageBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.mode = ModeIndicator(self.session.demo)
        self.credits = CreditsButton(bridge)
        self.active_jobs = ActiveJobsLabel(bridge)
        status = self.statusBar()
        status.addWidget(self.mode)
        status.addPermanentWidget(self.active_jobs)
        status.addPermanentWidget(self.credits)

        self.notifier = Notifier(bridge, self)
        self.menu_actions: dict[str, QAction] = {}
        self._build_menus()
        self._wire()
        self.restore_layout()

    # Wiring -------------------------------------------------------------------------------

    def _wire(self) -> None:
        self.bridge.error.connect(self.show_error)
        self.generate_tab.submitted.connect(self.library.select_job)
        self.library.selection_changed.connect(self.preview.show_snapshot)
        self.library.preview_requested.connect(self.preview.show_snapshot)
        self.library.use_as_reference.connect(self.use_as_reference)
        self.preview.use_as_reference.connect(self.use_as_reference)
        self.library.reuse_settings.connect(self.reuse_settings)
        self.library.publish_requested.connect(self._publish_requested)

    def _action(
        self,
        key: str,
        text: str,
        slot: object,
        shortcuts: list[QKeySequence] | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"menu_{key}")
        if shortcuts:
            action.setShortcuts(shortcuts)
        action.triggered.connect(slot)
        self.menu_actions[key] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(
            self._action(
                "generate",
                self.tr("&Generate"),
                self.generate_tab.generate,
                [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")],
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                "settings", self.tr("&Settings…"), self.open_settings, [QKeySequence("Ctrl+,")]
            )
        )
        file_menu.addAction(
            self._action("open_data", self.tr("Open &data folder"), self._open_data_folder)
        )
        file_menu.addAction(
            self._action("open_logs", self.tr("Open &log folder"), self._open_log_folder)
        )
        file_menu.addSeparator()
        quit_action = self._action("quit", self.tr("&Quit"), self.close, [QKeySequence("Ctrl+Q")])
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(
            self._action(
                "paste_reference",
                self.tr("&Paste reference image"),
                self.paste_reference,
                [QKeySequence(QKeySequence.StandardKey.Paste)],
            )
        )
        edit_menu.addAction(
            self._action(
                "search",
                self.tr("&Search library"),
                self.library.focus_search,
                [QKeySequence(QKeySequence.StandardKey.Find)],
            )
        )
        edit_menu.addSeparator()
        cancel = self.library.actions["cancel"]
        if cancel.shortcut().isEmpty():
            # Like the library's other job keys: only while the library has focus, so Esc in
            # the prompt box never stops a job.
            cancel.setShortcut(QKeySequence(Qt.Key.Key_Escape))
            cancel.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for key in ("rename", "delete", "cancel", "retry"):
            edit_menu.addAction(self.library.actions[key])

        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(
            self._action("reset_layout", self.tr("&Reset layout"), self.reset_layout)
        )

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(
            self._action("shortcuts", self.tr("&Keyboard shortcuts"), self.show_shortcuts)
        )
        about = self._action("about", self.tr("&About Kontext Studio"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    # Slots --------------------------------------------------------------------------------

    def show_error(self, message: str, hint: str) -> None:
        """Errors from background work: a dismissable banner, never a dialog or traceback."""
        self.banner.show_message(message, hint, MessageBanner.ERROR)

    def show_info(self, message: str, hint: str = "") -> None:
        self.banner.show_message(message, hint, MessageBanner.INFO)

    def use_as_reference(self, path: str) -> None:
        self.tabs.setCurrentWidget(self.generate_tab)
        self.generate_tab.set_reference(path)
        self.generate_tab.focus_prompt()

    def reuse_settings(self, snapshot: Snapshot) -> None:
        self.tabs.setCurrentWidget(self.generate_tab)
        self.generate_tab.apply_snapshot(snapshot)

    def paste_reference(self) -> None:
        self.tabs.setCurrentWidget(self.generate_tab)
        if not self.generate_tab.paste_reference():
            self.statusBar().showMessage(
                self.tr("The clipboard holds no image or image file to use as a reference."),
                STATUS_MESSAGE_MS,
            )

    def _publish_requested(self, _job_id: int) -> None:
        self.tabs.setCurrentWidget(self.upload_tab)

    def open_settings(self) -> SettingsDialog:
        """Open (or raise) the settings dialog; it is window-modal but does not block."""
        if self._settings_dialog is None:
            dialog = SettingsDialog(self.bridge, self)
            dialog.saved.connect(self._settings_saved)
            dialog.finished.connect(self._settings_closed)
            self._settings_dialog = dialog
            dialog.open()
        self._settings_dialog.raise_()
        self._settings_dialog.activateWindow()
        return self._settings_dialog

    def _settings_closed(self) -> None:
        if self._settings_dialog is not None:
            self._settings_dialog.deleteLater()
        self._settings_dialog = None

    def _settings_saved(self, settings: Settings, key_change: str) -> None:
        self.generate_tab.apply_defaults(settings)
        restart = self.tr(
            "Restart Kontext Studio to switch between demo mode and live mode. Running jobs "
            "carry on after the restart."
        )
        if key_change == KEY_STORED:
            self.show_info(self.tr("The API key was saved in the system keyring."), restart)
        elif key_change == KEY_REMOVED:
            self.show_info(self.tr("The API key was removed."), restart)
        elif key_change == KEY_SESSION_ONLY:
            self.show_info(
                self.tr("No system keyring works here, so the key is kept for this session only."),
                self.tr(
                    "A restart forgets it. To run live, start Kontext Studio with the key in "
                    "the KIE_API_KEY environment variable, or set up a system keyring."
                ),
            )
        else:
            self.statusBar().showMessage(self.tr("Settings saved."), STATUS_MESSAGE_MS)

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.session.paths.data)))

    def _open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.session.paths.logs)))

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
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """The keyboard shortcuts, as (keys, what they do) rows."""
        native = QKeySequence.SequenceFormat.NativeText
        return [
            (QKeySequence("Ctrl+Return").toString(native), self.tr("Generate")),
            (QKeySequence("Ctrl+,").toString(native), self.tr("Settings")),
            (
                QKeySequence(QKeySequence.StandardKey.Paste).toString(native),
                self.tr("Paste a reference image (an image pasted into the prompt works too)"),
            ),
            (
                QKeySequence(QKeySequence.StandardKey.Find).toString(native),
                self.tr("Search the library"),
            ),
            (self.tr("Enter"), self.tr("Preview the selected artwork (in the library)")),
            (self.tr("F2"), self.tr("Rename the selected artwork (in the library)")),
            (self.tr("Delete"), self.tr("Delete the selected artwork (in the library)")),
            (self.tr("Esc"), self.tr("Cancel the selected job (in the library)")),
            (QKeySequence("Ctrl+Q").toString(native), self.tr("Quit")),
        ]

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td style='padding-right:16px'><b>{keys}</b></td><td>{what}</td></tr>"
            for keys, what in self.shortcut_rows()
        )
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table>{rows}</table>")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def tell_recovered(self, moved_to: str) -> QMessageBox:
        """At start: the library file was damaged, moved aside, and a new one started."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Library repaired"))
        box.setText(self.tr("The library file was damaged, so a new, empty library was started."))
        box.setInformativeText(
            self.tr(
                "Your image files were not touched. The damaged file was kept as:\n{path}\n"
                "Keep it if you want to try to recover the old list."
            ).format(path=moved_to)
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # Layout -------------------------------------------------------------------------------

    def restore_layout(self) -> None:
        geometry = self._layout.value("geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(*DEFAULT_SIZE)
        splitter = self._layout.value("splitter")
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            self.splitter.setSizes(list(DEFAULT_SPLIT))

    def save_layout(self) -> None:
        self._layout.setValue("geometry", self.saveGeometry())
        self._layout.setValue("splitter", self.splitter.saveState())
        self._layout.sync()

    def reset_layout(self) -> None:
        self._layout.remove("geometry")
        self._layout.remove("splitter")
        self.showNormal()
        self.resize(*DEFAULT_SIZE)
        self.splitter.setSizes(list(DEFAULT_SPLIT))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
