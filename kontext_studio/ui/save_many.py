"""Saves of several images into a folder (the library's Save as with several selected,
``JobActions``) while they run: how far they are, in the status bar, and the Stop that ends
them.

The copies themselves are :func:`kontext_studio.images.export.export_all`'s, off the GUI
thread; a Save of hundreds of large images to a USB stick takes a while, and without a word
the app looked idle, the artist wondering whether anything was saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget

from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.translations import grouped

SHOWN_AFTER_MS = 500
"""How long a Save runs before the status bar says how far it is: a Save of a few images
ends in a blink, and words that came and went in it were only a flicker."""


@dataclass
class SaveRun:
    """One Save of several under way: how many images, how many gone through, and whether
    the artist pressed Stop (it ends once the copy under way is done)."""

    count: int
    done: int = 0
    stopped: bool = False


class SaveRuns(QObject):
    """Every Save of several under way, of either panel (kept by the ``Bridge``): the status
    bar counts them together, and Stop stops them all."""

    changed = Signal()
    """One began, went further, or ended."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runs: list[SaveRun] = []

    def start(self, count: int) -> SaveRun:
        run = SaveRun(count)
        self._runs.append(run)
        self.changed.emit()
        return run

    def advance(self, run: SaveRun, done: int) -> None:
        run.done = done
        self.changed.emit()

    def end(self, run: SaveRun) -> None:
        self._runs.remove(run)
        self.changed.emit()

    def stop(self) -> None:
        """Stop every Save under way: the images saved stay."""
        for run in self._runs:
            run.stopped = True
        self.changed.emit()

    def progress(self) -> tuple[int, int]:
        """How many images the Saves under way save, and how many they went through."""
        return sum(r.count for r in self._runs), sum(r.done for r in self._runs)

    def left(self) -> int:
        """How many images the Saves under way, those not stopped, have still to save:
        closing the window stops them (Quit asks first)."""
        return sum(r.count - r.done for r in self._runs if not r.stopped)

    def stopping(self) -> bool:
        """Whether Stop was pressed for every Save under way (each ends its copy first)."""
        return all(r.stopped for r in self._runs)


class SaveActivity(QWidget):
    """In the status bar while a Save of several has run for :data:`SHOWN_AFTER_MS`: how
    many images and how far ("Saving 240 images… 35 %"), and a Stop button."""

    def __init__(self, runs: SaveRuns, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveActivity")
        self._runs = runs
        # On a narrow status bar (a large font on a laptop) its first words are cut, how many
        # and how far kept whole (:meth:`_say`), the whole line in its tooltip: Qt cut it at
        # its end, unmarked, and "Saving 240 image" said neither how many nor how far.
        self.label = ElidedLabel(self)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # Its words whole on hover, heard once: a screen reader said them twice, its name
        # then its tooltip.
        self.label.tip_whole_text()
        self.stop_button = QToolButton(self)
        self.stop_button.setObjectName("stopSaving")
        self.stop_button.setText(self.tr("&Stop"))
        self.stop_button.setToolTip(
            plain_tooltip(self.tr("Stop saving; the images saved so far stay"))
        )
        self.stop_button.setAccessibleName(self.tr("Stop saving the images"))
        self.stop_button.clicked.connect(runs.stop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.stop_button)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(SHOWN_AFTER_MS)
        self._later.timeout.connect(self._show_now)
        runs.changed.connect(self.refresh)
        self.setVisible(False)

    def refresh(self) -> None:
        count, done = self._runs.progress()
        if not count:
            self._later.stop()
            self.setVisible(False)
            return
        if self._runs.stopping():
            self._say(self.tr("Stopping the save…"))
        elif count == 1:
            self._say(self.tr("Saving 1 image… {percent} %"), percent=done * 100)
        else:
            self._say(
                self.tr("Saving {count} images… {percent} %"),
                count=grouped(count),
                percent=done * 100 // count,
            )
        self.stop_button.setEnabled(not self._runs.stopping())
        if self.isHidden() and not self._later.isActive():
            self._later.start()

    def _say(self, words: str, **values: object) -> None:
        """``words`` filled with ``values``, what follows its ``{count}`` (else its
        ``{percent}``) kept whole when the line is cut (:meth:`ElidedLabel.keep_end`), and no
        narrower than that: cut inside the count, "Saving 2… 35 %" read as two images."""
        text = words.format(**values)
        at = next((words.find(f) for f in ("{count}", "{percent}") if f in words), -1)
        at = len(words[:at].rstrip()) if at >= 0 else len(words)  # the space before it too
        kept = words[at:].format(**values)
        self.label.setText(text)
        self.label.keep_end(kept)
        # Room for a letter of the start and "…" too: cut to "…" alone, the line is cut at
        # its end as any is (:func:`cut_keeping_end`), and the count and how far go.
        metrics = self.label.fontMetrics()
        head = f"{text[:1]}…{kept}"
        self.label.setMinimumWidth(metrics.horizontalAdvance(head) + metrics.averageCharWidth())

    def _show_now(self) -> None:
        self.setVisible(bool(self._runs.progress()[0]))
