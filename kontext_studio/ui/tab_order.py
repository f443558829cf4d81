"""A part of a pane put where it is seen in the Tab order, everything in it moved together.

A widget made after the rest of its window joins the end of the window's focus chain, and
Tab reaches it last, wherever it is drawn. ``QWidget.setTabOrder`` moves one widget at a
time, and ignores one that takes no focus at the time of the call: a part moved by its Tab
stops of the moment left behind a scroll pane that becomes a stop only once its words
scroll (:class:`~kontext_studio.ui.scroll_pane.ScrollPane`), and Tab reached it last again.

The chain is read only by :func:`round_chain`: PySide makes the widget asked
``nextInFocusChain()`` the owner, on its side, of the widget it answers, whatever that
widget's parent. Walked round, every widget was "owned" by the one before it, the window
by the last made: a banner made on its first show, then a file's row of the Upload tab
made and deleted after it, and PySide took the window's things made by Qt (the library's
sort choices) for deleted with the row; the window's close, which reads them, crashed
the app. :func:`round_chain` hands each widget back to its own parent as it goes.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def tab_after(before: QWidget, part: QWidget) -> None:
    """Put ``part`` and every widget in it, a Tab stop now or not, right after the last
    widget of ``before`` in the Tab order of their window, in the order of their parts
    (:func:`in_order`). Shown or hidden after, they keep their place; a widget made in
    ``part`` later would join the end of the window's chain, so ``part`` is to be whole
    when this is called."""
    anchor = in_order(before)[-1]
    moved = in_order(part)
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


def in_order(part: QWidget) -> list[QWidget]:
    """``part`` and the widgets in it that share its window, each before the widgets in
    it, the ones of a parent in the order they joined it: the focus chain's order for a part
    whose widgets were made as they joined it (a banner, the publication bar), laid out in
    reading order. A widget made before joining its parent keeps its earlier place in the
    chain, so only the last widget of ``before`` need agree: the preview's toolbar's does."""
    window = part.window()
    return [part, *(widget for widget in part.findChildren(QWidget) if widget.window() is window)]


def round_chain(start: QWidget) -> Iterator[QWidget]:
    """The widgets after ``start`` in its window's focus chain, up to ``start`` again: Tab's
    order, as ``setTabOrder`` left it. Each read, the widget is given back, on PySide's
    side, to its parent, from the widget asked the read gave it to; ``setParent`` to the
    parent it has already changes nothing on Qt's side (its place in the chain, shown)."""
    widget: QWidget | None = start
    while widget is not None:
        widget = widget.nextInFocusChain()
        if widget is None:
            return
        widget.setParent(widget.parentWidget())
        if widget is start:
            return
        yield widget
