"""The Style picker of the Generate tab: shipped and saved presets, save-as-preset, delete.

Why the style is applied at Generate time instead of written into the prompt box: the box keeps
only the artist's own words, so they can iterate on "a fox at dawn" and switch between
Watercolor and Ink sketch without unpicking a 200-character template each time; a style never
gets applied twice; and the reference can come and go after the style was chosen, with the edit
template (or not) picked at the moment the request is frozen. What will be sent is never
hidden: the active style is named on the button, one click on ✕ clears it, and a line under
the prompt shows the exact text KIE will get. The frozen request (and so the library, the
image's embedded provenance and "Reuse settings") holds that full text.

Choosing a preset also sets its model and, unless a reference image is being edited (the shape
then comes from the reference), its aspect ratio, visibly on the form.

Preset files are read and written off the GUI thread (:func:`load_presets` also reads the
shipped folder).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.config import Paths
from kontext_studio.errors import FileUnreadableError, InputError
from kontext_studio.explain import explain
from kontext_studio.kie.models import MODELS
from kontext_studio.presets import (
    MAX_NAME_CHARS,
    Preset,
    delete_user_preset,
    load_presets,
    save_user_preset,
)
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.job_actions import StandardDialogs
from kontext_studio.ui.key_focus import watch_menu_keys
from kontext_studio.ui.next_turn import FONT, ChangeFollower
from kontext_studio.ui.pasted_text import PastedIsolates
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.plain_text import plain_tooltip, set_plain_tooltip, spoken
from kontext_studio.ui.text_box import TextBox


def ui_language() -> str:
    """The window's language as a locale name (``zh_CN``, ``en_US``): the translation
    installer sets the default QLocale to the chosen language."""
    return QLocale().name()


def model_label(model: str) -> str:
    """The artist's name for a model id, as the Generate tab lists it."""
    names = {
        MODELS[0]: QCoreApplication.translate("GenerateTab", "Flux Kontext Pro"),
        MODELS[1]: QCoreApplication.translate("GenerateTab", "Flux Kontext Max"),
    }
    return names.get(model, model)


def same_name(a: str, b: str) -> bool:
    """Preset names match case-insensitively, as :mod:`kontext_studio.presets` stores them."""
    return a.strip().casefold() == b.strip().casefold()


def _menu_text(text: str) -> str:
    """``&`` would become a keyboard accelerator in a menu."""
    return text.replace("&", "&&")


class PresetPicker(QWidget, StandardDialogs):
    """The "Style: <name>" button with its menu, and a ✕ that clears the style.

    ``draft`` returns the form as an unnamed preset (prompt as template, model, ratio) for
    "Save current as preset…". :attr:`changed` fires with the chosen :class:`Preset` or
    ``None`` whenever the active style changes.
    """

    changed = Signal(object)  # Preset | None

    def __init__(
        self,
        bridge: Bridge,
        draft: Callable[[], Preset],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._paths: Paths = bridge.session.paths
        self._draft = draft
        self._current: Preset | None = None
        self.presets: list[Preset] = []
        self.loaded = False
        self._unread_said = False  # the user file could not be read at the last look: said
        self._dialog: SavePresetDialog | None = None

        self.button = QToolButton()
        self.button.setObjectName("styleButton")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # The style's own arrow is drawn over the text of a text-only button.
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.menu = QMenu(self)
        self.menu.setObjectName("styleMenu")
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self._opening)
        self.button.setMenu(self.menu)
        self.delete_menu = QMenu(self.tr("Delete a preset of yours"), self.menu)
        self.delete_menu.setObjectName("style_delete")
        watch_menu_keys(self.menu, self.delete_menu)
        self._group = QActionGroup(self)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("styleClear")
        self.clear_button.setText("✕")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setToolTip(
            plain_tooltip(self.tr("Clear the style: send the prompt as typed"))
        )
        self.clear_button.setAccessibleName(self.tr("Clear the style"))
        self.clear_button.clicked.connect(lambda: self.choose(None))

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.button)
        row.addWidget(self.clear_button)
        self._show()
        self.reload()

    # State --------------------------------------------------------------------------------

    @property
    def current(self) -> Preset | None:
        return self._current

    def choose(self, preset: Preset | None) -> None:
        """Make ``preset`` the active style (``None``: no style)."""
        if preset == self._current:
            return
        self._current = preset
        self._show()
        self.changed.emit(preset)

    def preset_named(self, name: str) -> Preset | None:
        return next((p for p in self.presets if same_name(p.name, name)), None)

    def display_name(self, preset: Preset) -> str:
        return preset.display_name(ui_language())

    def _show(self) -> None:
        preset = self._current
        font = QFont(self.button.font())
        font.setBold(preset is not None)
        self.button.setFont(font)
        if preset is None:
            self.button.setText(self.tr("Style: none ▾"))
            set_plain_tooltip(self.button, self.tr("Add a style to the prompt when you generate"))
        else:
            self.button.setText(self.tr("Style: {name} ▾").format(name=self.display_name(preset)))
            set_plain_tooltip(self.button, preset.description or self.display_name(preset))
        self.button.setAccessibleName(spoken(self.button.text()))
        self.clear_button.setVisible(preset is not None)

    # Files --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the presets again in a worker thread."""
        aside: list[Path] = []
        unread: list[FileUnreadableError] = []
        self._bridge.spawn(
            asyncio.to_thread(load_presets, self._paths, set_aside=aside, unread=unread),
            on_done=lambda presets: self._loaded(presets, aside, unread),
            owner=self,
        )

    def _loaded(
        self,
        presets: list[Preset],
        aside: Sequence[Path] = (),
        unread: Sequence[FileUnreadableError] = (),
    ) -> None:
        """Show ``presets``; a damaged presets file moved ``aside`` is said: the artist's
        own presets had gone from the menu without a word. So is one left ``unread`` for
        now, with the shipped presets shown meanwhile."""
        self.presets = presets
        self.loaded = True
        if unread and not self._unread_said:
            self._bridge.report(unread[0])
        self._unread_said = bool(unread)
        for path in aside:
            self._bridge.error.emit(
                self.tr(
                    "Your style presets file could not be read, so your own presets are "
                    "missing from the Style menu."
                ),
                self.tr(
                    "It was kept as {path}. Presets you save from now on go in a new file."
                ).format(path=path),
                "",
                None,
            )
        if self._current is not None:
            # The same name may now be a different preset (saved over, or deleted back to
            # the shipped one): follow it, or clear the style when it is gone.
            self.choose(self.preset_named(self._current.name))
        if self.menu.isVisible():
            self._fill_menu()

    def save_current(self) -> SavePresetDialog:
        """Open "Save as preset" with the form's model and ratio, and as its text the active
        style's (to save a variant) or else the prompt box's; it saves in the background when
        accepted. An active style of the artist's own keeps its names, selected: Save
        changes it (the way to edit it), a name typed saves a variant. Left blank, changing
        one word of a preset meant typing its name again exactly, or saving a copy."""
        draft = self._draft()
        if self._current is not None:
            own = not self._current.builtin
            draft = replace(
                self._current,
                name=self._current.name if own else "",
                name_zh=self._current.name_zh if own else "",
                description=self._current.description if own else "",
                model=draft.model,
                aspect_ratio=draft.aspect_ratio,
            )
        return self._open_save(draft, self._current)

    def _open_save(self, draft: Preset, style: Preset | None) -> SavePresetDialog:
        if self._dialog is not None:
            self._dialog.close()
        dialog = SavePresetDialog(draft, self.presets, self.window(), style=style)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(dialog.preset(), draft))
        dialog.destroyed.connect(self._dialog_gone)
        self._dialog = dialog
        dialog.open()
        return dialog

    def _dialog_gone(self) -> None:
        self._dialog = None

    def _save(self, preset: Preset, draft: Preset) -> None:
        self._bridge.spawn(self._store(preset, draft), on_done=self._stored, view=self, write=True)

    async def _store(self, preset: Preset, draft: Preset) -> tuple[Preset, list[Preset]] | None:
        """Save ``preset``, typed in a dialog opened with ``draft``. A presets file another
        program holds is said, and the dialog comes back as it was, to save again: before,
        what was typed in it was gone."""
        try:
            stored = await asyncio.to_thread(save_user_preset, self._paths, preset)
        except FileUnreadableError as error:
            self._bridge.report(error)
            if not shiboken6.isValid(self):
                return None  # its window closed meanwhile
            typed = replace(
                draft,
                name=preset.name,
                name_zh=preset.name_zh,
                template=preset.template,
                edit_template=preset.edit_template,
            )
            # As the style it comes from, ``preset`` sets the model and the ratio it was
            # told to: the dialog's boxes start as they were left.
            self._open_save(typed, preset)
            return None
        return stored, await asyncio.to_thread(load_presets, self._paths)

    def _stored(self, result: tuple[Preset, list[Preset]] | None) -> None:
        if result is None:
            return
        stored, presets = result
        self._loaded(presets)
        self.choose(self.preset_named(stored.name))

    def delete(self, preset: Preset) -> None:
        """Ask, then delete the artist's ``preset`` (a shipped one of the same name, if any,
        comes back)."""
        text = self.tr("Delete the style preset “{name}”?").format(name=self.display_name(preset))
        if not self.confirm(self.tr("Delete preset"), text, self.tr("&Delete")):
            return
        self._bridge.spawn(
            self._remove(preset.name),
            on_done=lambda presets: self._removed(preset, presets),
            view=self,
            write=True,
        )

    def _removed(self, preset: Preset, presets: list[Preset]) -> None:
        """``preset`` was deleted: the style is cleared if it was the active one (not
        switched to a built-in style of its name), once the delete went through. Cleared
        first, a delete refused (the file held by another program) left the preset there
        and the next Generate without it."""
        if self._current is not None and same_name(self._current.name, preset.name):
            self.choose(None)
        self._loaded(presets)

    async def _remove(self, name: str) -> list[Preset]:
        await asyncio.to_thread(delete_user_preset, self._paths, name)
        return await asyncio.to_thread(load_presets, self._paths)

    # Menu ---------------------------------------------------------------------------------

    def _opening(self) -> None:
        """The Style menu opens: a user file that could not be read at the last look (held
        by a sync client as the window started) is read again, and the menu shows its
        presets once read. Before, they were missing until the next start."""
        if self._unread_said:
            self.reload()
        self._fill_menu()

    def _fill_menu(self) -> None:
        menu = self.menu
        menu.clear()  # deletes the entries it owns; they leave the group as they go
        none = menu.addAction(self.tr("No style"))
        none.setObjectName("style_none")
        none.setCheckable(True)
        none.setChecked(self._current is None)
        none.setActionGroup(self._group)
        none.triggered.connect(lambda: self.choose(None))
        shipped = [p for p in self.presets if p.builtin]
        own = [p for p in self.presets if not p.builtin]
        for title, presets in ((self.tr("Built-in styles"), shipped), (self.tr("Yours"), own)):
            if presets:
                menu.addSection(title)
            for preset in presets:
                menu.addAction(self._preset_action(preset))
        if not self.loaded:
            menu.addAction(self.tr("Loading…")).setEnabled(False)
        menu.addSeparator()
        save = menu.addAction(self.tr("Save current as preset…"))
        save.setObjectName("style_save")
        save.triggered.connect(self.save_current)
        remove = self.delete_menu
        remove.clear()
        remove.setEnabled(bool(own))
        # Greyed, it says why: the menu shows tooltips.
        remove.menuAction().setToolTip(
            plain_tooltip(
                ""
                if own
                else self.tr(
                    "No preset of yours yet: Save current as preset… makes one from the prompt box"
                )
            )
        )
        menu.addMenu(remove)
        for preset in own:
            action = remove.addAction(_menu_text(self.display_name(preset)))
            action.setObjectName(f"delete_{preset.name}")
            action.triggered.connect(lambda _checked=False, p=preset: self.delete(p))

    def _preset_action(self, preset: Preset) -> QAction:
        action = QAction(_menu_text(self.display_name(preset)), self.menu)
        action.setObjectName(f"style_{preset.name}")
        action.setCheckable(True)
        action.setChecked(self._current == preset)
        action.setActionGroup(self._group)
        details = [preset.description] if preset.description else []
        if preset.model:
            details.append(self.tr("Model: {model}").format(model=model_label(preset.model)))
        if preset.aspect_ratio:
            details.append(self.tr("Aspect ratio: {ratio}").format(ratio=preset.aspect_ratio))
        action.setToolTip(plain_tooltip("\n".join(details) or self.display_name(preset)))
        action.triggered.connect(lambda _checked=False, p=preset: self.choose(p))
        return action

    def menu_action(self, name: str) -> QAction | None:
        """The menu entry for the preset ``name`` (the menu is filled first), for tests and
        for keyboard-driven callers."""
        self._fill_menu()
        for action in self.menu.actions():
            if action.objectName() == f"style_{name}":
                return action
        return None


class SavePresetDialog(QDialog):
    """Name a style: its text, an optional edit-mode text, and optionally the model and
    aspect ratio. Mistakes are explained inline; Save stays disabled until it can work.
    ``style``: the active style the draft comes from; whether to set the model and the ratio
    starts as it has it, so that saving it again changes no more than was edited."""

    def __init__(
        self,
        draft: Preset,
        existing: list[Preset],
        parent: QWidget | None = None,
        *,
        style: Preset | None = None,
    ):
        super().__init__(parent)
        keep_placed(self)
        self._refit = ChangeFollower(self, self._size_boxes, FONT)
        self._draft = draft
        self._existing = existing
        self.setObjectName("savePresetDialog")
        self.setWindowTitle(self.tr("Save as preset"))
        self.setMinimumWidth(500)

        self.name = QLineEdit(draft.name)
        self.name.setObjectName("presetName")
        PastedIsolates(self.name, limit=MAX_NAME_CHARS)
        self.name.selectAll()
        self.name.setPlaceholderText(self.tr("e.g. Moody portrait"))
        self.name_zh = QLineEdit(draft.name_zh)
        self.name_zh.setObjectName("presetNameZh")
        PastedIsolates(self.name_zh, limit=MAX_NAME_CHARS)
        self.name_zh.setPlaceholderText(self.tr("Optional, shown in the Chinese interface"))
        self.template = TextBox(draft.template)
        self.template.setObjectName("presetTemplate")
        self.template.setTabChangesFocus(True)
        self.edit_template = TextBox(draft.edit_template)
        self.edit_template.setObjectName("presetEditTemplate")
        self.edit_template.setTabChangesFocus(True)
        self._size_boxes()
        self.edit_template.setPlaceholderText(self.tr("Optional: used when editing a reference"))
        help_text = QLabel(
            self.tr(
                "Write {prompt} where your prompt goes; without it, the style is added after "
                "your prompt."
            )
        )
        help_text.setObjectName("hintLabel")
        help_text.setWordWrap(True)
        self.use_model = QCheckBox(
            self.tr("Also switch the &model to {model}").format(
                model=model_label(draft.model or "")
            )
        )
        self.use_model.setVisible(bool(draft.model))
        self.use_model.setChecked(bool(draft.model and style and style.model))
        self.use_ratio = QCheckBox(
            self.tr("Also set the aspect &ratio to {ratio}").format(ratio=draft.aspect_ratio or "")
        )
        self.use_ratio.setVisible(bool(draft.aspect_ratio))
        self.use_ratio.setChecked(
            bool(draft.aspect_ratio and (style is None or style.aspect_ratio))
        )
        self.note = QLabel()
        self.note.setObjectName("presetNote")
        self.note.setWordWrap(True)
        self.note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Chinese name"), self.name_zh)
        form.addRow(self.tr("Style text"), self.template)
        form.addRow("", help_text)
        form.addRow(self.tr("When editing"), self.edit_template)
        form.addRow("", self.use_model)
        form.addRow("", self.use_ratio)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        icons_as_tall_as_text(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

        for edit in (self.name, self.name_zh):
            edit.textChanged.connect(self._check)
        for text in (self.template, self.edit_template):
            text.textChanged.connect(self._check)
        for box in (self.use_model, self.use_ratio):
            box.toggled.connect(self._check)
        self._check()
        self.name.setFocus()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._refit.hear(event)  # the app's font changed while it is open

    def _size_boxes(self) -> None:
        """The style's box four lines of the dialog's font tall, the edit text's three, set
        again when the font changes: taken once, at 24 pt set while the dialog was open they
        showed less than two lines."""
        lines = self.fontMetrics().lineSpacing()
        self.template.setFixedHeight(lines * 4 + 12)
        self.edit_template.setFixedHeight(lines * 3 + 12)

    def preset(self) -> Preset:
        """The preset as typed (raises :class:`InputError` when it cannot be saved)."""
        return Preset(
            name=self.name.text(),
            name_zh=self.name_zh.text(),
            template=self.template.toPlainText(),
            edit_template=self.edit_template.toPlainText(),
            description=self._draft.description,
            model=self._draft.model if self.use_model.isChecked() else None,
            aspect_ratio=self._draft.aspect_ratio if self.use_ratio.isChecked() else None,
        ).validated()

    def _check(self) -> None:
        problem: str | None = None
        note = ""
        if not self.name.text().strip():
            problem = self.tr("Give the preset a name.")
        elif not (
            self.template.toPlainText().strip()
            or self.use_model.isChecked()
            or self.use_ratio.isChecked()
        ):
            problem = self.tr("Write the style text.")
        else:
            try:
                self.preset()
            except InputError as error:
                problem = explain(error).message
        if problem is None:
            same = next((p for p in self._existing if same_name(p.name, self.name.text())), None)
            if same is not None and same.builtin:
                note = self.tr(
                    "This replaces the built-in style of the same name until you delete yours."
                )
            elif same is not None:
                note = self.tr("This replaces your preset of the same name.")
        self.note.setText(problem or note)
        self.note.setVisible(bool(problem or note))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(problem is None)

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            super().accept()


# More than one line or one tooltip can show. Eliding or laying out a whole pasted novel on
# every keystroke took 0.4 s a key at ~1 M characters (the prompt's limit is 5,000).
PREVIEW_CHARS = 2_000


class PromptPreview(QLabel):
    """One line, "Sent as: …", elided to the width; the text (up to PREVIEW_CHARS) is in the
    tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hintLabel")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""

    def set_prompt(self, prompt: str | None) -> None:
        """Show what will be sent; ``None`` hides the line (no style active)."""
        shown = None if prompt is None else _cut(prompt, PREVIEW_CHARS)
        self._full = "" if shown is None else self.tr("Sent as: {prompt}").format(prompt=shown)
        set_plain_tooltip(self, shown or "")
        self.setVisible(prompt is not None)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        flat = " ".join(self._full.split())
        self.setText(
            self.fontMetrics().elidedText(flat, Qt.TextElideMode.ElideRight, max(self.width(), 40))
        )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
