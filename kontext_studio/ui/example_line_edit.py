"""A line edit that shows its example whole, and the form spacing that lets it.

:class:`ExampleLineEdit` is never narrower than its placeholder, an example to read whole.
A form that wraps long rows puts such a field under its name where the two do not fit side
by side, once :func:`spacing_in_names` has moved the space between names and fields into
the names (the form leaves that space out when it checks whether a row fits).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit, QStyle, QStyleOptionFrame

_LINE_MARGIN = 2
"""The space a line edit keeps between its frame and its text, each side (Qt's own)."""


class ExampleLineEdit(QLineEdit):
    """A line edit whose placeholder is an example to read whole: it is never made
    narrower than the example needs. In a 900 px window the Upload tab's Tags field was
    2 px short of "landscape, ink, commission" and cut it; now, where the field and its
    name do not fit side by side, the form puts the field under its name instead."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        margins = self.textMargins()
        text = self.fontMetrics().horizontalAdvance(self.placeholderText())
        inner = QSize(text + margins.left() + margins.right() + 2 * _LINE_MARGIN, hint.height())
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        needed = self.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, inner, self)
        return QSize(max(hint.width(), needed.width()), hint.height())


def spacing_in_names(form: QFormLayout) -> None:
    """Move the space between each name and its field into the name's right margin. A form
    that wraps long rows leaves that space out when it checks whether a name and the least
    width of its field fit side by side: it kept the Tags field beside its name, up to that
    space narrower than its example needs, instead of putting it under its name."""
    gaps = [_name_gap(form, row) for row in range(form.rowCount())]
    form.setHorizontalSpacing(0)
    for row, gap in enumerate(gaps):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        name = item.widget() if item is not None else None
        if name is not None:
            name.setContentsMargins(0, 0, gap, 0)


def _name_gap(form: QFormLayout, row: int) -> int:
    """The space ``form`` keeps between the name and the field of ``row``. A style that
    spaces each pair of controls its own way (macOS's) gives the form no one spacing (-1):
    the pair's is asked for, as the form itself asks for it. Taken as it was, -1 became the
    names' margin, and each name touched its field."""
    spacing = form.horizontalSpacing()
    if spacing >= 0:
        return spacing
    parent = form.parentWidget()
    name = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
    field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
    if parent is None or name is None or field is None:
        return 0
    gap = parent.style().combinedLayoutSpacing(
        name.controlTypes(), field.controlTypes(), Qt.Orientation.Horizontal, None, parent
    )
    return max(gap, 0)
