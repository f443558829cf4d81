"""The Upload tab: finished artworks made elsewhere, published to R2.

For now only the frame: the tab says that uploads arrive together with publishing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kontext_studio.ui.bridge import Bridge


class UploadTab(QWidget):
    """Placeholder page until publishing lands."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        title = QLabel(self.tr("Uploads arrive with publishing"))
        title.setObjectName("placeholderTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(
            self.tr(
                "Soon you can bring in finished artworks made elsewhere and publish them to "
                "your R2 bucket from here, next to the images you generate."
            )
        )
        body.setObjectName("placeholderText")
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addStretch(2)
