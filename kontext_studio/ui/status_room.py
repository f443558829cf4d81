"""Words of the status bar that give way last: whole while the bar has room for them beside
the others at their least, else cut to the room there is.

The bar shares a shortfall out among all its widgets that can give way, each as much: the
demo mode's words, whole, kept the bar wider than a 24 pt window on a 1024 px screen, and
Qt cut the balance beside them; able to give way, they were cut at 820 px with the default
font, where the publishing's words alone should be (they end in "…" and their tooltip says
them all). So their least width follows the bar's: all of them where it has the room.

The steady places of the words that change all day (:class:`SteadyWidth`) give up the room
they keep after their words before the demo words are cut, and only as much as the bar
lacks with the others cut: given to Qt to share, they gave way at 820 px too, and the badge
moved at each change of the job count.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QStatusBar, QWidget

from kontext_studio.ui.status import SteadyWidth


class GivesWayLast(QObject):
    """Keeps the least width of ``words``, in ``bar``, at the room the bar has for them, and
    that of ``places`` (the balance's, the last, first) at theirs before."""

    def __init__(self, bar: QStatusBar, words: QWidget, places: Sequence[SteadyWidth] = ()) -> None:
        super().__init__(bar)
        self._bar = bar
        self._words = words
        self._places = tuple(places)
        bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._bar and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
        ):
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        """The least widths: whole, less what the bar lacks for them whole. Not while a
        notice shows: the demo words step aside for it (``ModeIndicator.give_way``), and
        the places took back the room they gave up, 165 px after the balance at 24 pt,
        which moved left at each notice and back, the notice given none of the room."""
        if self._bar.currentMessage():
            return
        words = self._words
        shown = words.isVisibleTo(self._bar)  # the live mode has none
        whole = words.sizeHint().width()
        least = words.minimumWidth() or whole
        cut = whole - least if shown else 0
        wanted = self._bar.minimumSizeHint().width() + cut
        wanted += sum(place.given_up() for place in self._places)
        short = max(wanted - self._bar.width(), 0)
        for place in reversed(self._places):
            part = min(short, place.kept())
            place.give_up(part)
            short -= part
        if shown:
            words.setMinimumWidth(max(whole - short, 1))
