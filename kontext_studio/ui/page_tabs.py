"""Tabs over pages that scroll each on their own, the tabs always in sight.

The Settings dialog scrolled its tab widget whole: a short page showed a scroll bar beside
blank space (it scrolled for the tallest page), and at 24 pt on a laptop the tabs went out
of sight as the page was scrolled down. Here each page scrolls in its own
:class:`~kontext_studio.ui.fit.FittedScroll`, only when it is too tall for the room, under
a tab bar that stays put. A page's form too wide for the room puts its fields under their
labels (:func:`side_by_side_width`) rather than scroll sideways: at 24 pt on a laptop the
KIE account page ran 200 px past the dialog's side.

The Alt+letter of a field's label works from every page (:meth:`PageTabs.go_to_field`):
Qt's label takes its letter only while it is in sight, and the letter of a field on another
page did nothing. Alt+1, Alt+2… turn to the first page, the second… (:func:`page_key`), the
keyboard in its first field: the pages' names had no letter of their own, the labels and
Save and Cancel taking most, and a page was reached only by Tab-walking to the tab bar.
On macOS Qt makes no underlined letters (a label's or a button's Alt+letter did nothing
there): the pages make them themselves (:class:`~kontext_studio.ui.option_keys.OptionKeys`),
Option and the letter, for every label and button with one, as Qt makes them elsewhere.
Option and a digit or a letter in a text field types what it types there (¡ ™ ∫ ø, a Polish
ę), as in every Mac program, and a digit in a spin box does what a Mac's does, nothing
(:func:`~kontext_studio.ui.option_keys.types_option_keys`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFormLayout,
    QLabel,
    QStyle,
    QStyleOptionTabWidgetFrame,
    QTabBar,
    QTabWidget,
    QWidget,
)

from kontext_studio.ui.fit import FittedScroll
from kontext_studio.ui.key_focus import first_focusable, focus_as_keys, takes_tab
from kontext_studio.ui.option_keys import OptionKeys, letters_by_hand
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.wheel_guard import wheel_scrolls_past


def side_by_side_width(form: QFormLayout) -> int:
    """The least width of ``form`` with each field beside its label, whatever its rows'
    wrapping now: the widest label, the widest field and the room between them (a row
    spanning both at its own width), its hidden rows left out."""
    labels = fields = spans = 0
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        span = form.itemAt(row, QFormLayout.ItemRole.SpanningRole)
        if label is not None and field is not None and not field.isEmpty():
            labels = max(labels, label.minimumSize().width())
        if field is not None:
            fields = max(fields, field.minimumSize().width())
        if span is not None:
            spans = max(spans, span.minimumSize().width())
    margins = form.contentsMargins()
    beside = labels + max(form.horizontalSpacing(), 0) + fields
    return margins.left() + margins.right() + max(beside, spans)


PAGE_KEYS = 9
"""How many pages have a key of their own: Alt+1 to Alt+9."""


def page_key(index: int) -> QKeySequence:
    """The key that turns to page ``index`` (from 0): Alt and its number, from 1."""
    return QKeySequence(Qt.Modifier.ALT | Qt.Key(Qt.Key.Key_1.value + index))


class NamedWhenCut(QTabBar):
    """A tab bar whose tab says in its tooltip the key that turns to it (Alt+2), and its
    whole name only while its name is cut ("Publi…"): a tooltip repeating a name shown
    whole says nothing new."""

    def tabLayoutChange(self) -> None:
        super().tabLayoutChange()
        for index in range(self.count()):
            cut = self.tabRect(index).width() < self.tabSizeHint(index).width()
            name = self.tabText(index) if cut else ""
            key = ""
            if index < PAGE_KEYS:
                key = page_key(index).toString(QKeySequence.SequenceFormat.NativeText)
            tip = name or key
            if name and key:
                # Bracketed as the language brackets: "发布…（Alt+4）" in Chinese.
                tip = self.tr("{name} ({key})").format(name=name, key=key)
            self.setTabToolTip(index, plain_tooltip(tip))


class PageTabs(QTabWidget):
    """Pages under tabs, each page scrolling on its own when the dialog has less room than
    it needs (``room``: the room for the tabs and the pages together). Its pages are the
    widgets given to :meth:`add_page`, as :meth:`widget`, :meth:`currentWidget`,
    :meth:`setCurrentWidget` and :meth:`indexOf` speak of them; :meth:`scroll_of` is the area
    one scrolls in."""

    def __init__(self, room: Callable[[], QSize], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._room = room
        self.setTabBar(NamedWhenCut(self))
        self._keys = OptionKeys(self)
        self.currentChanged.connect(self._keys.read)

    def add_page(self, page: QWidget, name: str) -> FittedScroll:
        """Add ``page`` under a tab named ``name``; the Alt+letters of its labels, read from
        their words as a key is pressed, work from the other pages too (:meth:`go_to_field`)
        while their row is shown and their field enabled; where Qt makes none, those of its
        buttons too, while they are in sight. A wheel over a choice not focused scrolls the
        page (:func:`wheel_scrolls_past`)."""
        scroll = FittedScroll(self._room_for_page)
        scroll.setWidget(page)
        wheel_scrolls_past(page)
        index = self.addTab(scroll, name)
        scroll.viewport().installEventFilter(self)
        if index < PAGE_KEYS:
            QShortcut(page_key(index), self).activated.connect(partial(self.turn_to, index))
            self._keys.take_digit(page_key(index))
        for label in page.findChildren(QLabel):
            go = partial(self.go_to_field, index, label)
            self._keys.field_key(label, self, go, partial(self._field_in_reach, index, label))
        if letters_by_hand():
            for button in page.findChildren(QAbstractButton):
                self._keys.button_key(button)
        return scroll

    def turn_to(self, index: int) -> None:
        """Turn to page ``index``, the keyboard in its first field, drawn, as Ctrl+Tab
        leaves it."""
        self.setCurrentIndex(index)
        field = first_focusable(self.currentWidget())
        if field is not None:
            focus_as_keys(field)

    def go_to_field(self, index: int, label: QLabel) -> None:
        """Turn to page ``index`` and put the keyboard in the field ``label`` names, drawn
        and scrolled into sight, as its Alt+letter does on its own page."""
        field = label.buddy()
        page = self.widget(index)
        if field is None or not label.isVisibleTo(page):  # a row hidden for now
            return
        self.setCurrentIndex(index)
        if takes_tab(field, page):
            focus_as_keys(field, named=True)
            self.scroll_of(index).ensureWidgetVisible(field)

    def _field_in_reach(self, index: int, label: QLabel) -> bool:
        """Whether ``label``'s letter, made here, is live: its field on page ``index`` is
        shown and enabled (a hidden row's letter, or a grey field's, took its turn among
        those sharing it, the keyboard going nowhere), and the page is not shown, where the
        label takes its letter itself (two taking one letter would share it turn by turn);
        where the label takes none (:func:`letters_by_hand`), on every page."""
        page = self.widget(index)
        field = label.buddy()
        shown = label.isVisibleTo(page) and field is not None and takes_tab(field, page)
        return shown and (letters_by_hand() or index != self.currentIndex())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            for index in range(self.count()):
                scroll = self.scroll_of(index)
                if watched is scroll.viewport():
                    self._wrap_rows(scroll)
        return super().eventFilter(watched, event)

    def side_by_side(self) -> None:
        """Every page's fields beside their labels, as a page is made: the size a dialog
        asks for is measured so. A page's rows wrapped for a narrower room stay so until
        its next resize (:meth:`_wrap_rows`), and a page of fields under their labels asked
        for less width and more height: Settings grown for a font made larger while it was
        open came out narrower than when opened at that font."""
        for index in range(self.count()):
            form = self.widget(index).layout()
            if isinstance(form, QFormLayout):
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.updateGeometry()  # the dialog's layout asks its size anew, not on a later turn

    @staticmethod
    def _wrap_rows(scroll: FittedScroll) -> None:
        """The page's fields under their labels while the page's room is narrower than
        they need beside them, beside them again when the room comes back."""
        page = scroll.widget()
        form = page.layout() if page is not None else None
        if not isinstance(form, QFormLayout):
            return
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if side_by_side_width(form) > scroll.viewport().width()
            else QFormLayout.RowWrapPolicy.DontWrapRows
        )
        if form.rowWrapPolicy() != policy:
            form.setRowWrapPolicy(policy)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Tab and Ctrl+Shift+Tab turn the page, and the keyboard, handed on as the
        page it was in hides, is drawn where it went: the next page's first field (Model)
        had it with nothing round it, as a program's move, until a Tab."""
        self._turn(event, QApplication.focusWidget)

    def turned_by(self, event: QKeyEvent) -> bool:
        """Whether ``event``, pressed outside the pages (Settings' Save and Cancel), is
        Ctrl+Tab or Ctrl+Shift+Tab, which turned the page, the keyboard going into it, drawn,
        as the window's tabs take it. The tab widget takes them only from inside itself:
        from Save or Cancel they did nothing."""
        tab = event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if not (tab and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            return False
        self._turn(event, lambda: first_focusable(self.currentWidget()))
        return True

    def _turn(self, event: QKeyEvent, field_after: Callable[[], QWidget | None]) -> None:
        """``event`` taken as the tab widget takes it; a page turned, the keyboard drawn on
        ``field_after()`` of the new page."""
        page = self.currentIndex()
        super().keyPressEvent(event)
        field = field_after()
        if self.currentIndex() != page and field is not None and self.isAncestorOf(field):
            focus_as_keys(field)

    def scroll_of(self, index: int) -> FittedScroll:
        scroll = super().widget(index)
        assert isinstance(scroll, FittedScroll)
        return scroll

    def widget(self, index: int) -> QWidget:
        page = self.scroll_of(index).widget()
        assert page is not None
        return page

    def currentWidget(self) -> QWidget:
        return self.widget(self.currentIndex())

    def setCurrentWidget(self, widget: QWidget) -> None:
        self.setCurrentIndex(self.indexOf(widget))

    def indexOf(self, page: QWidget) -> int:
        for index in range(self.count()):
            if self.widget(index) is page:
                return index
        return -1

    def _room_for_page(self) -> QSize:
        """The room less what stands around a page: the tab bar and the frame."""
        option = QStyleOptionTabWidgetFrame()
        self.initStyleOption(option)
        frame = self.style().sizeFromContents(
            QStyle.ContentsType.CT_TabWidget, option, QSize(0, 0), self
        )
        return self._room() - frame - QSize(0, self.tabBar().sizeHint().height())
