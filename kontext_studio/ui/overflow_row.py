"""A row of buttons that shows as many as fit.

A pane's toolbar used to add up to its pane's minimum width, and the three panes' minimums to
the window's: 1305 px at start and 1405 px once an edited image was selected, wider than a
laptop's screen, and the window widened itself as buttons appeared. In an :class:`OverflowRow`
the optional widgets give way when the row is narrow, the least important first, so its
minimum width is that of the widgets that always show. Each optional widget's action must be
reachable elsewhere too (a More menu, the context menu, a shortcut), or the row is given an
overflow button (:meth:`OverflowRow.set_overflow`), whose menu holds the actions of the buttons
that gave way: a toolbar with no More menu of its own (the preview's) hid "Save as…" on a
1024 x 640 screen at 150 %, with nothing in the row to show it was there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLayout,
    QMenu,
    QToolButton,
    QWidget,
)

from kontext_studio.ui.key_focus import watch_button_keys, watch_menu_keys

SPACING = 4


@dataclass
class _Item:
    widget: QWidget
    priority: int | None  # None: always shown; else the lowest gives way first
    wanted: bool = True  # what the owner asked for (set_wanted), fitting aside


class OverflowRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(SPACING)
        # The row's minimum is minimumSizeHint below, not the sum of everything in it.
        self._row.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._items: list[_Item] = []
        self._overflow: QToolButton | None = None
        self._overflow_menu: QMenu | None = None
        self._watched: set[QAction] = set()  # actions whose enabling the overflow follows

    def add(self, widget: QWidget, priority: int | None = None) -> None:
        """Append ``widget``; with a ``priority`` it may give way (lowest first). A button's
        question asked at a press of Space shows where the keyboard is in it."""
        if isinstance(widget, QAbstractButton):
            watch_button_keys(widget)
        self._row.addWidget(widget)
        self._items.append(_Item(widget, priority))
        self._fit()

    def add_stretch(self) -> None:
        self._row.addStretch(1)

    def set_overflow(self, button: QToolButton) -> None:
        """Put ``button`` last in the row, shown while a button with an action
        (``QToolButton.defaultAction``) gave way: its menu holds those actions, in the
        row's order, and it is enabled while one of them is. Its width is kept free for it
        in the row's minimum.

        The menu is the row's, not the button's: a child follows its parent's enabling, and
        a menu left open as its items went grey (another artwork shown) went disabled with
        the button, deaf to Escape and the arrows until a click outside closed it."""
        menu = QMenu(self)
        watch_menu_keys(menu)
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._overflow, self._overflow_menu = button, menu
        self._row.addWidget(button)
        self._fit()

    def set_wanted(self, widget: QWidget, wanted: bool) -> None:
        """Show or hide ``widget`` for the owner's reasons; it still gives way when narrow."""
        for item in self._items:
            if item.widget is widget:
                item.wanted = wanted
        self._fit()
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        width = self._width(i for i in self._items if i.priority is None)
        return QSize(width + self._overflow_room(), self._height())

    def sizeHint(self) -> QSize:
        return QSize(self._width(self._items), self._height())

    def refit(self) -> None:
        """Fit again after a widget's width changed. A shown widget's change reaches the row
        by itself (a layout request); a hidden one's does not."""
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a shown widget's width changed
            self._fit()
        return super().event(event)

    def _width(self, items: Iterable[_Item]) -> int:
        widths = [i.widget.sizeHint().width() for i in items if i.wanted]
        return sum(widths) + SPACING * max(0, len(widths) - 1)

    def _height(self) -> int:
        return max((i.widget.sizeHint().height() for i in self._items), default=0)

    def _overflow_room(self) -> int:
        """The width the overflow button takes beside the others; 0 without one."""
        return 0 if self._overflow is None else self._overflow.sizeHint().width() + SPACING

    def _fit(self) -> None:
        """Show every wanted widget that always shows, then the optional ones by priority
        while they fit in the row's width; the overflow button, with room made for it, while
        a button with an action gave way."""
        shown = self._fitting(self.width())
        if self._given_way(shown):
            shown = self._fitting(self.width() - self._overflow_room())
        for item in self._items:
            item.widget.setVisible(id(item) in shown)
        self._show_overflow(self._given_way(shown))

    def _fitting(self, width: int) -> set[int]:
        """The ids of the items shown in ``width``: those always shown, then the optional ones
        by priority while they fit."""
        wanted = [i for i in self._items if i.wanted]
        shown = {id(i) for i in wanted if i.priority is None}
        used = self._width(i for i in wanted if i.priority is None)
        optional = [i for i in wanted if i.priority is not None]
        for item in sorted(optional, key=lambda i: -(i.priority or 0)):
            need = item.widget.sizeHint().width() + (SPACING if shown else 0)
            if used + need <= width:
                shown.add(id(item))
                used += need
        return shown

    def _given_way(self, shown: set[int]) -> list[QAction]:
        """The actions of the wanted buttons not ``shown``, in the row's order (none without
        an overflow button to offer them)."""
        if self._overflow is None:
            return []
        hidden = (i.widget for i in self._items if i.wanted and id(i) not in shown)
        actions = (w.defaultAction() for w in hidden if isinstance(w, QToolButton))
        return [action for action in actions if action is not None]

    def _show_overflow(self, actions: list[QAction]) -> None:
        if self._overflow is None or self._overflow_menu is None:
            return
        if self._overflow_menu.actions() != actions:
            self._overflow_menu.clear()
            self._overflow_menu.addActions(actions)
            for action in actions:
                if action not in self._watched:
                    self._watched.add(action)
                    action.enabledChanged.connect(self._enable_overflow)
        self._overflow.setVisible(bool(actions))
        self._enable_overflow()

    def _enable_overflow(self) -> None:
        """The overflow button is enabled while one of its menu's actions is, as a button
        that gave way would be: enabled with none, it opened a menu of greyed-out items
        (a job still generating has nothing to save or publish). Shown disabled, it still
        says that buttons gave way."""
        if self._overflow is not None and self._overflow_menu is not None:
            menu = self._overflow_menu.actions()
            self._overflow.setEnabled(any(action.isEnabled() for action in menu))
