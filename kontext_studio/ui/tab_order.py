"""A part of a pane put where it is seen in the Tab order, everything in it moved together.

A widget made after the rest of its window joins the end of the window's focus chain, and
Tab reaches it last, wherever it is drawn. ``QWidget.setTabOrder`` moves one widget at a
time, and ignores one that takes no focus at the time of the call: a part moved by its Tab
stops of the moment left behind a scroll pane that becomes a stop only once its words
scroll (:class:`~kontext_studio.ui.scroll_pane.ScrollPane`), and Tab reached it last again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def tab_after(scope: QWidget, before: QWidget, part: QWidget) -> None:
    """Put ``part`` and every widget in it, a Tab stop now or not, right after the last
    widget of ``before`` in ``scope``'s Tab order, in the order they had among themselves.
    Shown or hidden after, they keep their place; a widget made in ``part`` later would
    join the end of the window's chain, so ``part`` is to be whole when this is called."""
    order = _chain(scope)
    anchor = [widget for widget in order if _within(widget, before)][-1]
    moved = [widget for widget in order if _within(widget, part)]
    # Qt moves a widget that takes no focus only while it takes some: lent for the calls.
    lent = [widget for widget in (anchor, *moved) if widget.focusPolicy() == Qt.FocusPolicy.NoFocus]
    for widget in lent:
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    previous = anchor
    for widget in moved:
        QWidget.setTabOrder(previous, widget)
        previous = widget
    for widget in lent:
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def _chain(scope: QWidget) -> list[QWidget]:
    """``scope`` and the widgets in it, in the window's focus chain from ``scope``."""
    widgets = [scope]
    widget = scope.nextInFocusChain()
    while widget is not None and widget is not scope:
        if scope.isAncestorOf(widget):
            widgets.append(widget)
        widget = widget.nextInFocusChain()
    return widgets


def _within(widget: QWidget, part: QWidget) -> bool:
    return widget is part or part.isAncestorOf(widget)
