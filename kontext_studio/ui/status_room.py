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

Where the bar is short still (a 1024 x 700 screen at 256 dpi, 384 px to Qt), what says the
least of the work under way gives way next, whole, in this order: the balance (its tooltip
and the next check bring it back), then the mode's badge (the window's title says "Demo"
too). What matters most stays: the job count, and how far a publish, a Delete or a Save of
several is. Before the balance and the badge, though, the job count's place gives up what
its line says after the count (12 jobs being added to the library, which its tooltip says
whole), cut after a word: it kept its whole line, and the bar asked for more than a window
at its least had. Before, Qt shared the shortfall among them all: the publishing was cut to "…"
alone, the job count clipped mid-word ("20 running, 8 waiti"), and at 24 pt on a 192 dpi
screen the badge itself ("DEMC").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QStatusBar, QWidget

from kontext_studio.ui.status import SteadyWidth

FIRST_WORD = re.compile(r"[^\s:：,，]+[:：,，]?")
"""The first word of a line and the colon or comma after it: "Demo:", and in Chinese, which
has no spaces between its words, "演示模式：" (split at spaces, the whole line was its first
word)."""
QWIDGETSIZE_MAX = (1 << 24) - 1
"""Qt's "no maximum" of a widget's width."""
STATUS_GAP = 6
"""The room Qt's status bar keeps between two of its widgets (``QStatusBar``'s layout, and
the mode's between its badge and its words): given back with a widget hidden."""


class GivesWayLast(QObject):
    """Keeps the least width of ``words``, in ``bar``, at the room the bar has for them, and
    that of ``places`` (the balance's, the last, first) at theirs before; where the bar is
    short with ``words`` gone, hides ``spare`` (the balance's place, the badge) one by one,
    in their order, until it is not."""

    def __init__(
        self,
        bar: QStatusBar,
        words: QWidget,
        places: Sequence[SteadyWidth] = (),
        spare: Sequence[QWidget] = (),
    ) -> None:
        super().__init__(bar)
        self._bar = bar
        self._words = words
        self._places = tuple(places)
        self._spare = tuple(spare)
        self._hidden: list[QWidget] = []  # those of ``spare`` hidden for want of room
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
        wanted += sum(place.given_up() for place in self._places if place not in self._hidden)
        wanted += sum(_whole_width(part) for part in self._hidden)
        short = max(wanted - self._bar.width(), 0)
        given: dict[SteadyWidth, int] = {}
        for place in reversed(self._places):
            if place in self._hidden:  # counted at its words' width alone, above
                continue
            given[place] = min(short, place.kept())
            short -= given[place]
        if shown:
            kept = whole - short
            if kept < self._readable(words):  # a lone "…" or "Dem…" says nothing
                kept = 1
            words.setMinimumWidth(max(kept, 1))
            # No wider either: the room left by a widget hidden whole goes to the work's
            # words (the publishing's), not back to these.
            words.setMaximumWidth(max(kept, 1) if kept < whole else QWIDGETSIZE_MAX)
            short = max(short - (whole - 1), 0)
        # Then the places' words, to their least (the job count without the jobs being
        # added), before a spare widget is hidden; as little as the bar lacks with those
        # that still must go hidden.
        cuttable = sum(place.cuttable() for place in given)
        short = max(short - self._hide_spare(max(short - cuttable, 0)), 0)
        for place, part in given.items():
            more = min(short, place.cuttable())
            place.give_up(part + more)
            short -= more

    @staticmethod
    def _readable(words: QWidget) -> int:
        """The least width at which ``words`` still say something: their first word and
        "…"."""
        text = words.property("text")
        first = FIRST_WORD.search(text) if isinstance(text, str) else None
        return words.fontMetrics().horizontalAdvance(first[0] + "…") if first else 0

    def _hide_spare(self, short: int) -> int:
        """Hide the spare widgets, in their order, as many as the bar lacks ``short`` for;
        show the others again. The room those hidden leave."""
        hidden: list[QWidget] = []
        freed = 0
        for part in self._spare:
            if freed < short:
                hidden.append(part)
                freed += _whole_width(part)
        for part in self._spare:
            if (part in hidden) == (part in self._hidden):
                continue
            if isinstance(part, SteadyWidth):
                part.collapse(part in hidden)
            else:
                part.setVisible(part not in hidden)
        self._hidden = hidden
        return freed


def _whole_width(part: QWidget) -> int:
    """The width ``part`` takes shown, with the bar's gap before it where it is hidden; of
    a steady place, its words' alone (the room it keeps after them is given up first)."""
    if isinstance(part, SteadyWidth):  # collapsed, not hidden: the bar keeps its gap
        return part.shown.sizeHint().width()
    part.ensurePolished()  # hidden, its style sheet's font is not applied yet
    return part.sizeHint().width() + STATUS_GAP
