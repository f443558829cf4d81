"""The inline bar offered when an image made by Kontext Studio is dropped on the prompt box.

Such an image carries its provenance (prompt, model, ratio: see
:mod:`kontext_studio.images.metadata`), so the artist may want its settings back rather than,
or as well as, the image as a reference. The bar asks without a dialog: "Restore settings",
"Use as reference" or "Dismiss"; the form stays usable meanwhile. Images without provenance
become the reference as before. The metadata is read in a worker thread (it seeks through the
file's chunks, never decoding pixels).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kontext_studio.errors import ImageError
from kontext_studio.images.metadata import Provenance, read_provenance
from kontext_studio.ui.bridge import Bridge
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
    """Takes what is dropped or pasted on the prompt box; see the module docstring.

    :attr:`restore_requested` carries the :class:`Provenance` whose settings to load.
    """

    restore_requested = Signal(object)  # Provenance

    def __init__(self, bridge: Bridge, slot: ReferenceSlot, parent: QWidget | None = None):
        super().__init__(parent)
        self._bridge = bridge
        self._slot = slot
        self._generation = 0
        self.path: str | None = None
        self.provenance: Provenance | None = None

        self.setObjectName("restoreBar")
        self.setStyleSheet(STYLE)
        self.title = QLabel(self.tr("This image was made with Kontext Studio."))
        self.title.setObjectName("restoreTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("hintLabel")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("Restore settings"))
        self.restore_button.setObjectName("restoreSettings")
        self.restore_button.setToolTip(self.tr("Load its prompt, model and aspect ratio"))
        self.restore_button.clicked.connect(self.restore)
        # The same words as the library's action and the banner's button: one translation.
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
        first; anything else goes straight to the reference slot."""
        files = local_files(mime)
        if not files:
            self.dismiss()
            self._slot.take_mime(mime)
            return
        self.offer_file(files[0])

    def offer_file(self, path: str) -> None:
        """Offer to restore ``path``'s settings if it has provenance, else use it as the
        reference. A newer drop wins over a check still running for an older one."""
        self.dismiss()
        self._generation += 1
        generation = self._generation
        self._bridge.spawn(
            asyncio.to_thread(provenance_of, Path(path)),
            on_done=lambda found: self._checked(generation, path, found),
        )

    def _checked(self, generation: int, path: str, provenance: Provenance | None) -> None:
        if generation != self._generation:
            return
        if provenance is None:
            self._slot.set_reference(path)
            return
        self.path = path
        self.provenance = provenance
        prompt = " ".join(provenance.prompt.split())
        if len(prompt) > 160:
            prompt = prompt[:160] + "…"
        self.detail.setText(
            self.tr("“{prompt}” · {model} · {ratio}").format(
                prompt=prompt,
                model=model_label(provenance.model),
                ratio=provenance.ratio or self.tr("shape of its reference"),
            )
        )
        self.detail.setToolTip(plain_tooltip(provenance.prompt))
        self.setVisible(True)

    def restore(self) -> None:
        if self.provenance is not None:
            self.restore_requested.emit(self.provenance)
        self.dismiss()

    def use_as_reference(self) -> None:
        if self.path is not None:
            self._slot.set_reference(self.path)
        self.dismiss()

    def dismiss(self) -> None:
        self.path = None
        self.provenance = None
        self.setVisible(False)
