"""Panes resized from the keyboard: a step of one splitter handle, as a drag of it would be.

The window's splitters (the preview against the library, the picture against its details)
moved only under the mouse. A step is a part of the two panes' room, the same whichever way
it goes, so the opposite step takes the handle back where it was; at a pane's least size the
step stops there, and the opposite one still goes back exactly (:attr:`HandleSteps._taken`).
The splitter keeps the sizes as it keeps a drag's, so the window saves them alike.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QSplitter, QWidget

STEP_PART = 0.1
"""A step's share of the room of the two panes either side of the handle."""


def restore_sizes(splitter: QSplitter, state: object) -> bool:
    """Put back the sizes ``splitter`` saved (``state``, from :meth:`QSplitter.saveState`);
    False, the splitter as it was, when ``state`` is none or damaged. Qt takes a state cut
    short after its header as whole: the handle came back 0 px wide, not to be dragged
    again, and its orientation unset, saved so at the next close. The orientation, the
    state's last field and one the window sets in code, tells a whole state; the handle's
    width is not compared, as a state saved under another style rightly differs there."""
    if not isinstance(state, QByteArray):
        return False
    before, orientation = splitter.saveState(), splitter.orientation()
    if splitter.restoreState(state) and splitter.orientation() == orientation:
        return True
    splitter.restoreState(before)
    return False


def least_size(pane: QWidget, orientation: Qt.Orientation) -> int:
    """The least width (height, for a vertical splitter) ``pane`` may be given: the most of
    the least its contents need and a least size set on it."""
    least = pane.minimumSizeHint().expandedTo(pane.minimumSize())
    return least.width() if orientation is Qt.Orientation.Horizontal else least.height()


class HandleSteps:
    """Steps of the handle before pane ``index`` of ``splitter``: forward (right, down)
    widens the pane before it and narrows pane ``index``; back does the opposite."""

    def __init__(self, splitter: QSplitter, index: int) -> None:
        self._splitter = splitter
        self._index = index
        # The steps taken one way, each as (sizes before, sizes after, forward): the
        # opposite step from where the last one left the panes goes back to where it began.
        self._taken: list[tuple[list[int], list[int], bool]] = []

    def step(self, forward: bool) -> bool:
        """Move the handle a step; False, moving nothing, when the pane it would narrow is
        already at its least size."""
        sizes = self._splitter.sizes()
        if self._taken and self._taken[-1][1] != sizes:
            self._taken.clear()  # dragged, reset or resized since: begin again from here
        if self._taken and self._taken[-1][2] != forward:
            before, _after, _way = self._taken.pop()
            self._splitter.setSizes(before)
            return True
        self._splitter.setSizes(self._moved(sizes, forward))
        moved = self._splitter.sizes()  # as far as the splitter lets the panes go
        if moved == sizes:
            return False
        self._taken.append((sizes, moved, forward))
        return True

    def _moved(self, sizes: list[int], forward: bool) -> list[int]:
        """``sizes`` with the handle a step on, no further than the narrowed pane's least."""
        grows, shrinks = (
            (self._index - 1, self._index) if forward else (self._index, self._index - 1)
        )
        pane = self._splitter.widget(shrinks)
        least = least_size(pane, self._splitter.orientation()) if pane else sizes[shrinks]
        step = min(round((sizes[grows] + sizes[shrinks]) * STEP_PART), sizes[shrinks] - least)
        moved = list(sizes)
        if step > 0:
            moved[grows] += step
            moved[shrinks] -= step
        return moved
