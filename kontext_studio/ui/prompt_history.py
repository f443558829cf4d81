"""Recent prompts in the Generate tab: a "Recent" menu beside the prompt box and keys in it.

Alt+Down opens the menu under the prompt box; Ctrl+Up walks back through earlier prompts and
Ctrl+Down forward again, ending at what was typed before the walk began (like a shell). A
prompt is remembered when its job is submitted.

The list lives in :class:`kontext_studio.history.RecentPrompts` (a small JSON file). It is read
once at start and written after each submission in a worker thread; the menu is built from the
copy held here, so opening it never touches the disk. Writes run one at a time, so two quick
submissions cannot overwrite each other.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolButton, QWidget

from kontext_studio.errors import FileUnreadableError, KontextError
from kontext_studio.history import RecentPrompts
from kontext_studio.kie.models import MAX_PROMPT_CHARS
from kontext_studio.ui import shortcuts
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.plain_text import plain_tooltip

log = logging.getLogger(__name__)

MENU_WIDTH_PX = 420


class PromptHistory(QObject):
    """The recent prompts, newest first, mirrored from the file; :attr:`changed` fires when
    the list changes."""

    changed = Signal()

    def __init__(self, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._store = RecentPrompts(bridge.session.paths)
        self._lock = asyncio.Lock()
        self.items: list[str] = []
        self.loaded = False
        self._unsaved: list[str] = []  # remembered here, not in the file yet: newest first
        self._unreadable_said = False  # the file could not be read, and that was said
        self._file_shown = False  # the file's prompts are in the menu (or were cleared)
        bridge.spawn(self._load())

    async def _load(self) -> None:
        """Read the file; one that cannot be read just now leaves the menu empty, and is
        said by the error funnel (:meth:`Bridge.report`)."""
        aside: list[Path] = []
        try:
            items = await asyncio.to_thread(self._store.items, aside)
        except FileUnreadableError:
            self._loaded([], aside)
            self._unreadable_said = True
            raise
        self._file_shown = True
        self._loaded(items, aside)

    def _loaded(self, items: list[str], aside: Sequence[Path]) -> None:
        """Show ``items``; a file that could not be read, kept ``aside``, is said: the menu
        was empty without a word."""
        # A prompt remembered before the file was read stays first.
        self.items = self._merge(self.items, items)
        self.loaded = True
        self.changed.emit()
        starts_empty = self.tr(
            "Your recent prompts could not be read, so the Recent menu starts empty."
        )
        self._say_kept(aside, starts_empty)

    def _say_kept(self, aside: Sequence[Path], message: str) -> None:
        """Say ``message``, and where the file that could not be read was kept ``aside``."""
        for path in aside:
            self._bridge.error.emit(
                message,
                self.tr(
                    "They were kept as {path}. Prompts you generate from now on are "
                    "remembered in a new file."
                ).format(path=path),
                "",
                None,
            )

    def _merge(self, newer: list[str], older: list[str]) -> list[str]:
        merged: list[str] = []
        for prompt in [*newer, *older]:
            if prompt not in merged:
                merged.append(prompt)
        return merged[: self._store.limit]

    def remember(self, prompt: str) -> None:
        """Put ``prompt`` first, here at once and in the file in the background."""
        text = prompt.strip()[:MAX_PROMPT_CHARS]
        if not text:
            return
        self.items = self._merge([text], self.items)
        self.changed.emit()
        self._bridge.spawn(self._add(text), write=True)

    async def _add(self, text: str) -> None:
        """Remember ``text`` in the file; one found damaged, kept aside first, is said as
        at the start: before, it went without a word. While the file cannot be read just
        now, ``text`` waits with the others remembered meanwhile, written with the next
        prompt once it can be; that it cannot is said once, not at every Generate pressed.
        Before, each press raised the banner again, and those prompts never reached the
        file. A file that could not be read at the start gives the menu its prompts here,
        once it can be: before, they were missing from it until the next start."""
        aside: list[Path] = []
        try:
            async with self._lock:
                # Under the lock, in the order remembered: a prompt remembered again while
                # its earlier write was going stays waiting, first, as the menu has it.
                self._unsaved = self._merge([text], self._unsaved)
                waiting = list(self._unsaved)
                in_file = await asyncio.to_thread(self._add_all, waiting, aside)
        except FileUnreadableError:
            if self._unreadable_said:
                log.info("recent prompts still unreadable", extra={"event": "read_refused"})
                return
            self._unreadable_said = True
            raise
        self._unsaved = [prompt for prompt in self._unsaved if prompt not in waiting]
        self._unreadable_said = False
        if in_file is not None and not self._file_shown:  # not cleared meanwhile
            self._file_shown = True
            self.items = self._merge(self.items, in_file)
            self.changed.emit()
        self._say_kept(
            aside,
            self.tr("Your recent prompts could not be read when a new one was remembered."),
        )

    def _add_all(self, prompts: list[str], aside: list[Path]) -> list[str] | None:
        """Write ``prompts``; then, while the menu lacks the file's prompts, read them all."""
        self._store.add_all(prompts, aside)
        return None if self._file_shown else self._store.items()

    def clear(self) -> None:
        kept, self.items, self._unsaved = self.items, [], []
        self._file_shown = True  # the file is emptied too: none of its prompts to show
        self.changed.emit()
        self._bridge.spawn(self._clear(kept), write=True)

    async def _clear(self, kept: list[str]) -> None:
        """Empty the file; one that cannot be (set read-only) keeps its prompts, so the menu
        offers them again while the error funnel says which file it is."""
        try:
            await self._write(self._store.clear)
        except KontextError:
            self.items = self._merge(self.items, kept)
            self.changed.emit()
            raise

    async def _write(self, fn: Callable[[], object]) -> None:
        async with self._lock:
            await asyncio.to_thread(fn)


class RecentPromptsButton(QToolButton):
    """The "Recent ▾" button and its menu; also owns the prompt box's history keys."""

    def __init__(
        self, history: PromptHistory, prompt: QPlainTextEdit, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.prompt = prompt
        self._walk = -1  # index into history.items while walking with Ctrl+Up/Down
        self._draft = ""
        self._setting = False

        self.setObjectName("recentButton")
        self.setText(self.tr("Recent ▾"))
        self.setAccessibleName(self.tr("Recent prompts"))
        self.setAutoRaise(True)
        self.setToolTip(plain_tooltip(self.tr("Recent prompts (Alt+Down in the prompt box)")))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.recent_menu = QMenu(self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_menu)
        self.setMenu(self.recent_menu)

        self.key_actions: dict[str, QAction] = {}
        for key, slot in (
            ("recent_prompts", self.popup_under_prompt),
            ("older_prompt", self.older),
            ("newer_prompt", self.newer),
        ):
            action = shortcuts.assign(QAction(self), key)
            action.setObjectName(f"prompt_{key}")
            action.triggered.connect(slot)
            prompt.addAction(action)
            self.key_actions[key] = action
        prompt.textChanged.connect(self._typed)

    # The menu -----------------------------------------------------------------------------

    def _fill_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        if not self.history.items:
            empty = menu.addAction(
                self.tr("No recent prompts yet")
                if self.history.loaded
                else self.tr("Loading recent prompts…")
            )
            empty.setEnabled(False)
            return
        metrics = menu.fontMetrics()
        for index, text in enumerate(self.history.items):
            line = " ".join(text.split())
            label = metrics.elidedText(line, Qt.TextElideMode.ElideRight, MENU_WIDTH_PX)
            action = menu.addAction(label.replace("&", "&&"))
            action.setObjectName(f"recent_{index}")
            action.setToolTip(plain_tooltip(text if len(text) < 600 else text[:600] + "…"))
            action.triggered.connect(lambda _checked=False, t=text: self.use(t))
        menu.addSeparator()
        clear = menu.addAction(self.tr("Clear recent prompts"))
        clear.setObjectName("recent_clear")
        clear.triggered.connect(self.history.clear)

    def popup_under_prompt(self) -> QMenu:
        """Alt+Down: the menu just under the prompt box, keyboard-ready."""
        self.recent_menu.popup(self.prompt.mapToGlobal(QPoint(0, self.prompt.height())))
        return self.recent_menu

    def use(self, text: str) -> None:
        """Put ``text`` in the prompt box (one undo step brings the old text back)."""
        self._walk = -1
        self._replace(text)
        self.prompt.setFocus(Qt.FocusReason.OtherFocusReason)

    # Walking with Ctrl+Up / Ctrl+Down -----------------------------------------------------

    def older(self) -> None:
        items = self.history.items
        if self._walk == -1:
            self._draft = self.prompt.toPlainText()
            # The prompt just generated is usually still in the box: skip the copy of it.
            start = 1 if items and items[0] == self._draft.strip() else 0
            if start >= len(items):
                return
            self._walk = start
        elif self._walk + 1 < len(items):
            self._walk += 1
        else:
            return
        self._replace(items[self._walk])

    def newer(self) -> None:
        if self._walk == -1:
            return
        self._walk -= 1
        items = self.history.items
        if self._walk >= 0 and self._walk < len(items):
            self._replace(items[self._walk])
        else:
            self._walk = -1
            self._replace(self._draft)

    def _replace(self, text: str) -> None:
        self._setting = True
        try:
            cursor = self.prompt.textCursor()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(text)
            self.prompt.setTextCursor(cursor)
        finally:
            self._setting = False

    def _typed(self) -> None:
        """Typing ends a walk: the next Ctrl+Up starts from the new text."""
        if not self._setting:
            self._walk = -1
