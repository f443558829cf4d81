"""The inline bar offered when an image made by Kontext Studio comes into the Generate tab.

Such an image carries its provenance (prompt, model, ratio: see
:mod:`kontext_studio.images.metadata`), so the artist may want its settings back. The bar
asks without a dialog; the form stays usable meanwhile. Two ways in, one offer:

* dropped or pasted on the prompt box (:meth:`RestoreBar.take_mime`), the image may be meant
  for its settings rather than as a reference: "Restore settings", "Use as reference" or
  "Dismiss", and nothing is taken before the artist answers. Images without provenance become
  the reference as before.
* loaded as the reference every other way (Browse, a drop or paste on the slot, Ctrl+V, the
  library's "Use as reference", a second launch's image: :meth:`RestoreBar.offer_settings`),
  it is the reference already: "Restore settings" or "Dismiss", and the bar goes when the
  reference does, and when the form is sent (:meth:`RestoreBar.form_pressed`,
  :meth:`RestoreBar.press_ended`).

The metadata is read in a worker thread (it seeks through the file's chunks, never decoding
pixels); the library gives what it knows of its own jobs, and then nothing is read.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kontext_studio.errors import ImageError
from kontext_studio.images.metadata import Provenance, read_provenance
from kontext_studio.images.validate import first_image
from kontext_studio.kie.models import RATIOS
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.elided_label import show_whole_tip
from kontext_studio.ui.key_focus import watch_button_keys
from kontext_studio.ui.plain_text import plain_tooltip
from kontext_studio.ui.presets_menu import model_label
from kontext_studio.ui.reference_slot import ReferenceSlot, local_files

STYLE = """
#restoreBar { background: palette(alternate-base); border: 1px solid palette(highlight);
              border-radius: 6px; }
#restoreBar QLabel { background: transparent; border: none; }
#restoreTitle { font-weight: 600; }
"""


def provenance_of(path: Path) -> Provenance | None:
    """The provenance in ``path``; ``None`` also when the file cannot be read (the reference
    slot then explains why it refuses the file)."""
    try:
        return read_provenance(path)
    except ImageError:
        return None


class RestoreBar(QFrame):
    """Offers an image's settings back; see the module docstring.

    :attr:`restore_requested` carries the :class:`Provenance` whose settings to load.
    """

    restore_requested = Signal(object)  # Provenance

    def __init__(self, bridge: Bridge, slot: ReferenceSlot, parent: QWidget | None = None):
        super().__init__(parent)
        self._bridge = bridge
        self._slot = slot
        self._generation = 0
        self._held = False  # the image is the reference already
        self._asked_held = False  # the offer last asked for (shown or being read) is of it
        self._aside = 0
        """How many presses of Generate put the offer aside, not known yet to have sent the
        form (see :meth:`form_pressed`): it is not shown meanwhile."""
        self._came_with: tuple[int, bool] = (0, False)
        """Of the image offered: how many files dropped with it were left out, and whether
        some before it were, as not images (see :func:`first_image`)."""
        self.path: str | None = None
        self.provenance: Provenance | None = None
        slot.changed.connect(self._slot_changed)

        self.setObjectName("restoreBar")
        self.setStyleSheet(STYLE)
        self.title = QLabel(self.tr("This image was made with Kontext Studio."))
        self.title.setObjectName("restoreTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("hintLabel")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self._prompt = ""  # the whole prompt, the detail's tooltip (:meth:`eventFilter`)
        self.detail.installEventFilter(self)
        self.restore_button = QPushButton(self.tr("Restore settings"))
        self.restore_button.setObjectName("restoreSettings")
        self.restore_button.setToolTip(
            plain_tooltip(self.tr("Load its prompt, model and aspect ratio"))
        )
        self.restore_button.clicked.connect(self.restore)
        # The library's action's words, without its access letter ("Use as re&ference":
        # Alt+F is the File menu's), translated in the action's context.
        self.reference_button = QPushButton(
            QCoreApplication.translate("JobActions", "Use as reference")
        )
        self.reference_button.setObjectName("restoreReference")
        self.reference_button.clicked.connect(self.use_as_reference)
        self.dismiss_button = QPushButton(QCoreApplication.translate("MessageBanner", "Dismiss"))
        self.dismiss_button.setObjectName("restoreDismiss")
        self.dismiss_button.clicked.connect(self.dismiss)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in (self.restore_button, self.reference_button, self.dismiss_button):
            buttons.addWidget(button)
            watch_button_keys(button)  # a question it asks at Space draws the keyboard
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(4)
        column.addWidget(self.title)
        column.addWidget(self.detail)
        column.addLayout(buttons)
        self.setVisible(False)

    def take_mime(self, mime: QMimeData) -> None:
        """A drop or paste on the prompt box: a local image file is checked for provenance
        first; anything else goes straight to the reference slot. Of several files the first
        image is offered, as the slot takes it, and the others are said to be left out
        (before, they went nowhere without a word)."""
        files = local_files(mime)
        if not files:
            self.dismiss()
            self._slot.take_mime(mime)
            return
        taken = first_image(files)
        self.offer_file(taken, left_out=len(files) - 1, passed_over=taken != files[0])

    def offer_file(self, path: str, *, left_out: int = 0, passed_over: bool = False) -> None:
        """Offer to restore ``path``'s settings if it has provenance, else use it as the
        reference. A newer image wins over a check still running for an older one.
        ``left_out`` and ``passed_over``: as for :meth:`ReferenceSlot.set_reference`."""
        self._look_up(path, held=False, came_with=(left_out, passed_over))

    def offer_settings(self, path: str, known: Provenance | None = None) -> None:
        """``path`` was just loaded as the reference: offer its settings if it has
        provenance. ``known`` is what the library knows of it; else the file is read."""
        if known is None:
            self._look_up(path, held=True)
        else:
            self.dismiss()
            self._next_offer(held=True)
            self._checked(self._generation, path, True, known)

    def _look_up(self, path: str, *, held: bool, came_with: tuple[int, bool] = (0, False)) -> None:
        self.dismiss()
        self._next_offer(held=held)
        generation = self._generation
        self._bridge.spawn(
            asyncio.to_thread(provenance_of, Path(path)),
            on_done=lambda found: self._checked(generation, path, held, found, came_with),
        )

    def _next_offer(self, *, held: bool) -> None:
        """A new offer is asked: one still being read, or put aside, is not."""
        self._generation += 1
        self._asked_held = held
        self._aside = 0

    def _checked(
        self,
        generation: int,
        path: str,
        held: bool,
        provenance: Provenance | None,
        came_with: tuple[int, bool] = (0, False),
    ) -> None:
        if generation != self._generation:
            return
        if held and self._slot.path != path:
            return  # the reference was replaced or cleared meanwhile
        left_out, passed_over = came_with
        if provenance is None:
            if not held:
                self._slot.set_reference(path, left_out=left_out, passed_over=passed_over)
            return
        self.path = path
        self.provenance = provenance
        self._held = held
        self._came_with = came_with
        self.reference_button.setVisible(not held)
        prompt = " ".join(provenance.prompt.split())
        cut = prompt if len(prompt) <= 160 else prompt[:160] + "…"
        left = self._slot.left_out_words(left_out, passed_over=passed_over) if left_out else ""
        self.detail.setText(self._detail_words(provenance, cut, left))
        # Heard once, whole: the prompt shown on hover is not the line's description, which
        # Qt takes from its tooltip, and a screen reader heard the prompt twice.
        self.detail.setAccessibleName(
            self._detail_words(provenance, prompt, left) if cut != prompt else ""
        )
        self._prompt = provenance.prompt
        self.setVisible(not self._aside)

    def _detail_words(self, provenance: Provenance, prompt: str, left: str) -> str:
        """The detail line: ``prompt`` (the image's, cut or whole), its model and shape, and
        ``left``, the files left out of the drop, on a line of its own."""
        words = self.tr("“{prompt}” · {model} · {ratio}").format(
            prompt=prompt,
            model=model_label(provenance.model),
            # An edit's is "match" (or empty): the shape of the image it changed.
            ratio=provenance.ratio
            if provenance.ratio in RATIOS
            else self.tr("shape of its reference"),
        )
        return f"{words}\n{left}" if left else words

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The detail line's tooltip, its whole prompt, shown when asked for and not set on
        it (:func:`~kontext_studio.ui.elided_label.show_whole_tip`)."""
        if watched is self.detail and show_whole_tip(self.detail, event, self._prompt):
            return True
        return super().eventFilter(watched, event)

    def restore(self) -> None:
        if self.provenance is not None:
            self.restore_requested.emit(self.provenance)
        self.dismiss()

    def use_as_reference(self) -> None:
        if self.path is not None:
            left_out, passed_over = self._came_with
            self._slot.set_reference(self.path, left_out=left_out, passed_over=passed_over)
        self.dismiss()

    def dismiss(self) -> None:
        self.path = None
        self.provenance = None
        self._held = False
        self._came_with = (0, False)
        self.setVisible(False)

    def form_pressed(self) -> int | None:
        """Generate was pressed on the form: an offer of the reference's settings (shown, or
        its metadata still being read) is put aside until :meth:`press_ended` tells whether
        the press sent the form. Left, it asked about a form that was gone, after the edit
        had been sent with a prompt of the artist's own. An image dropped on the prompt box
        is not in the form yet: its offer stays for the next job. Returns which offer was
        put aside, for :meth:`press_ended`; ``None`` when none was."""
        if not self._asked_held:
            return None
        self._aside += 1
        self.setVisible(False)
        return self._generation

    def press_ended(self, offer: int | None, *, sent: bool) -> None:
        """The press that put ``offer`` aside (see :meth:`form_pressed`) ended. Its jobs
        made, the form was sent: the offer is answered, and goes. None made (the library
        refused to write them), nothing was sent, and the offer is asked again: it went at
        the press, and the image's settings were out of reach but by loading it again. An
        offer asked since (another reference) is another's, and stays as it is."""
        if offer is None or offer != self._generation or not self._aside:
            return
        if sent:
            self._next_offer(held=False)
            self.dismiss()
            return
        self._aside -= 1
        # Still of the reference: it went with it (see _slot_changed).
        self.setVisible(not self._aside and self.provenance is not None)

    def _slot_changed(self) -> None:
        """Offered for the reference, the bar goes with it (replaced, cleared, refused)."""
        if self._held and self._slot.path != self.path:
            self.dismiss()
