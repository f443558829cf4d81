"""Edit details…: an artwork's title, description and tags; or tags added to several at once.

One artwork: its title, description and tags, each as the library holds it, to change. A
generated artwork's empty title shows its prompt (the title field says so); tags are typed
as the Upload tab takes them, commas between them.

Several: only tags, added to each artwork's own. A title is one artwork's, and a description
written for all would replace each one's: a photo library's batch edit adds keywords and
leaves those alone, and so does this.

A published artwork's copy in the bucket keeps the details it was published with (its
manifest): the dialog says so. What is over a limit (:mod:`kontext_studio.store.details`) is
said under the fields, and Save waits until it is shortened. An artwork another program (the
command line) deletes while the dialog is open is said to be, there, and Save waits for good
once none of them is left; so is one a Delete of the window's deletes, not as another
program's doing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.errors import InputError
from kontext_studio.explain import explain_error_detail
from kontext_studio.store.details import DetailsEdit, check_lengths, joined_tags
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.batch_place import sentence_title
from kontext_studio.ui.example_line_edit import ExampleLineEdit, spacing_in_names
from kontext_studio.ui.fit import FittedScroll, at_whole_size, room_above
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.next_turn import FONT, ChangeFollower
from kontext_studio.ui.notifications import MessageBanner, announce
from kontext_studio.ui.option_keys import OptionKeys
from kontext_studio.ui.pasted_text import PastedIsolates
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.question import discard_changes, withdraw_discard
from kontext_studio.ui.rename_dialog import whole_name
from kontext_studio.ui.shortcuts import go_key_accepts
from kontext_studio.ui.text_box import TextBox
from kontext_studio.ui.translations import grouped

_DESCRIPTION_LINES = 5


class DetailsDialog(QDialog):
    """The details of ``snapshots[0]`` to edit, or, for several, tags to add to them all."""

    def __init__(self, snapshots: Sequence[Snapshot], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_placed(self)
        self._refit = ChangeFollower(self, self._size_description, FONT)
        if not snapshots:
            raise ValueError("no artwork to edit")
        self.snapshots = tuple(snapshots)
        self.several = len(self.snapshots) > 1
        self._over = ""  # the limit a field is over, said (and read out) already
        first = self.snapshots[0]
        self.setObjectName("detailsDialog")
        self.setMinimumWidth(520)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("detailsTitle")
        PastedIsolates(self.title_edit)
        self.description_edit = TextBox(self)
        self.description_edit.setObjectName("detailsDescription")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(self.tr("Optional"))
        self._size_description()
        self.tags_edit = ExampleLineEdit(self)
        self.tags_edit.setObjectName("detailsTags")
        self.tags_edit.setPlaceholderText(self.tr("landscape, ink, commission"))
        PastedIsolates(self.tags_edit)
        self.tags_hint = self._label("hintLabel")
        self.published_note = self._label("detailsPublished")
        self.problem = self._label("errorText")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        go_key_accepts(self)
        self._shown = ("", "", "")  # the fields' texts as first shown (:meth:`edit`)
        self._gone: dict[int, Snapshot] = {}  # those deleted while it is open (:meth:`deleted`)
        self._gone_here = False  # one of them, by a Delete of the window's
        self._edited = {s.id: s for s in self.snapshots}
        self._telling_gone = QTimer(self)  # the deletes of one write read out once
        self._telling_gone.setSingleShot(True)
        self._telling_gone.setInterval(0)
        self._telling_gone.timeout.connect(self._tell_gone)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        if self.several:
            self._fill_several()
            self.title_edit.hide()  # no title nor description for several: outside the form
            self.description_edit.hide()
            form.addRow(self.tr("T&ags to add"), self.tags_edit)
        else:
            self._fill_one(first)
            # Alt and the letter goes to the field (Option on a Mac: :class:`OptionKeys`).
            form.addRow(self.tr("&Title"), self.title_edit)
            form.addRow(self.tr("&Description"), self.description_edit)
            form.addRow(self.tr("T&ags"), self.tags_edit)
        form.addRow("", self.tags_hint)
        # The fields scroll on a screen too small for them at a large font (a laptop at
        # 24 pt), the notes and Save and Cancel in sight under them: the dialog ran past the
        # screen's bottom edge, its last fields and its buttons out of reach.
        fields = QWidget(self)
        fields.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)  # the dialog's own margins are around it
        below = (self.published_note, self.problem, self.buttons)
        self.fields = FittedScroll(lambda: room_above(self, below))
        self.fields.setWidget(fields)
        spacing_in_names(form)  # once in the dialog: the style's spacing is asked of it
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.published_note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._note_published()
        self.title_edit.textChanged.connect(self._check)
        self.description_edit.textChanged.connect(self._check)
        self.tags_edit.textChanged.connect(self._check)
        self._check()
        (self.tags_edit if self.several else self.title_edit).setFocus()
        OptionKeys(self).make_all(self)
        icons_as_tall_as_text(self.buttons)
        at_whole_size(self)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._refit.hear(event)  # the app's font changed while it is open

    def _size_description(self) -> None:
        """The description's box :data:`_DESCRIPTION_LINES` lines of the dialog's font tall,
        set again when the font changes: taken once, at 24 pt set while the dialog was open
        it showed two lines."""
        lines = self.fontMetrics().lineSpacing() * _DESCRIPTION_LINES + 12
        self.description_edit.setFixedHeight(lines)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        label.hide()
        return label

    def _fill_one(self, snapshot: Snapshot) -> None:
        self.setWindowTitle(self.tr("Edit details"))
        self.title_edit.setText(snapshot.title)
        if snapshot.prompt:
            self.title_edit.setPlaceholderText(self.tr("Empty: its prompt is shown"))
        else:
            self.title_edit.setPlaceholderText(self.tr("Shown with the artwork"))
        self.description_edit.setPlainText(snapshot.description)
        self.tags_edit.setText(joined_tags(snapshot.tags))
        self._shown = self._texts()
        self._show(self.tags_hint, self.tr("Separate tags with commas."))

    def _texts(self) -> tuple[str, str, str]:
        """The title, description and tags as the fields hold them now."""
        return (
            self.title_edit.text(),
            self.description_edit.toPlainText(),
            self.tags_edit.text(),
        )

    def _fill_several(self) -> None:
        self._title_several()
        self._show(
            self.tags_hint,
            self.tr(
                "Separate tags with commas. Each artwork keeps its own tags and gets these "
                "too; titles and descriptions stay as they are."
            ),
        )

    def _title_several(self) -> None:
        """The title counts those left (:meth:`deleted`): "Add tags to 3 artworks" stayed
        over two once the command line deleted the third."""
        count = len(self._left())
        if count == 1:
            self.setWindowTitle(self.tr("Add tags to 1 artwork"))
        elif count:
            self.setWindowTitle(
                self.tr("Add tags to {count} artworks").format(count=grouped(count))
            )

    def _left(self) -> list[Snapshot]:
        """Those edited not deleted while the dialog is open (:meth:`deleted`)."""
        return [s for s in self.snapshots if s.id not in self._gone]

    def _note_published(self) -> None:
        """Rename, and this, change the library only: the published manifest keeps the
        details it was written with until the artwork is published again. Of those left
        (:meth:`deleted`)."""
        published = sum(1 for s in self._left() if s.published_key)
        if not published:
            self._show(self.published_note, "")
            return
        if not self.several:
            words = self.tr(
                "This artwork is published: the copy in your R2 bucket keeps its old title, "
                "description and tags until it is published again."
            )
        elif published == 1:
            words = self.tr(
                "One of them is published: its copy in your R2 bucket keeps its old tags "
                "until it is published again."
            )
        else:
            words = self.tr(
                "{count} of them are published: their copies in your R2 bucket keep their "
                "old tags until they are published again."
            ).format(count=grouped(published))
        self._show(self.published_note, words)

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def deleted(self, job_id: int, here: bool = False) -> None:
        """``job_id`` was deleted (``Bridge.job_deleted``: the command line, while the dialog
        is open; ``here``, a Delete of this window's): when it is one of those edited, it is
        said here, and Save waits once none is left. Before, the dialog stayed as it was,
        and Save found out only as it wrote, in the window's error banner; tags added to
        several go to those left, as before."""
        gone = self._edited.get(job_id)
        if gone is None or job_id in self._gone:
            return
        self._gone[job_id] = gone
        self._gone_here = self._gone_here or here
        if self.several:
            self._title_several()
        self._note_published()
        self._check()
        if not self._changed():  # every artwork edited is gone: nothing left to discard
            withdraw_discard(self)
        self._telling_gone.start()

    def changed(self, snapshot: Snapshot) -> None:
        """``snapshot`` as another program (the command line) or the window changed it while
        the dialog is open: when it is one of those edited, the dialog names it as it is now
        (its Discard question, its words once deleted), not by the title it opened with."""
        if snapshot.id in self._edited and snapshot.id not in self._gone:
            self._edited[snapshot.id] = snapshot

    def _tell_gone(self) -> None:
        """Read out once for the deletes told together (one command deleting hundreds of
        those whose tags are added): each was read out, hundreds of times over."""
        announce(self, self._gone_words(), MessageBanner.ERROR)

    def _gone_words(self) -> str:
        """The one deleted named; of several, how many: naming each made the words a page
        long under the fields, written anew at each key typed. Said deleted by another
        program only when no Delete of the window's deleted any of them: they said so of
        the artist's own Delete."""
        if not self._gone:
            return ""
        if self._gone_here:
            return self._deleted_words()
        if len(self._gone) == 1:
            return self.tr("“{title}” was deleted by another program.").format(
                title=self._gone_title()
            )
        if len(self._gone) == len(self.snapshots):
            return self.tr("All of them were deleted by another program.")
        return self.tr("{count} of them were deleted by another program.").format(
            count=grouped(len(self._gone))
        )

    def _deleted_words(self) -> str:
        """:meth:`_gone_words`, one of them at least deleted by a Delete of the window's."""
        if len(self._gone) == 1:
            return self.tr("“{title}” was deleted.").format(title=self._gone_title())
        if len(self._gone) == len(self.snapshots):
            return self.tr("All of them were deleted.")
        return self.tr("{count} of them were deleted.").format(count=grouped(len(self._gone)))

    def _gone_title(self) -> str:
        """The title of the one deleted, as a sentence names it."""
        (gone,) = self._gone.values()
        return sentence_title(gone, self.fontMetrics())

    def _check(self) -> None:
        """Save waits while a field is over its limit, the limit said (a paste of 100 000
        characters is refused in words, never cut short unseen), for several until a tag
        is typed, and for good once every artwork edited was deleted (:meth:`deleted`)."""
        problem = over = ""
        try:
            self.edit()
        except InputError as error:
            problem, over = explain_error_detail(error), error.template
        if over and over != self._over:
            # Read out as a field goes over, not at each key typed on: before, a screen
            # reader heard nothing of why Save went off.
            announce(self, problem, MessageBanner.ERROR)
        self._over = over
        self._show(self.problem, "\n".join(filter(None, (self._gone_words(), problem))))
        nothing = self.several and not joined_tags(self.tags_edit.text())
        left = len(self._gone) < len(self.snapshots)
        self.save_button.setEnabled(left and not problem and not nothing)

    def edit(self) -> DetailsEdit:
        """What changed, as typed (``None`` for a field left as it was); raises
        :class:`InputError` for a field over its limit."""
        tags = self.tags_edit.text()
        if self.several:
            check_lengths(tags=joined_tags(tags))
            return DetailsEdit(tags=tags)
        snapshot = self.snapshots[0]
        title = self.title_edit.text().strip()
        if title == snapshot.prompt:  # as Rename: the title is the prompt's, kept in step
            title = ""
        description = self.description_edit.toPlainText().strip()
        # A field as it was shown is left alone, even when the box changed what it shows (a
        # description's "\r\n" and non-breaking spaces come back as "\n" and spaces): else
        # an imported description over the limit, never touched, stopped tags being saved.
        kept = [now == shown for now, shown in zip(self._texts(), self._shown, strict=True)]
        tags_kept = kept[2] or joined_tags(tags) == joined_tags(snapshot.tags)
        edit = DetailsEdit(
            title=None if kept[0] or title == snapshot.title else title,
            description=None if kept[1] or description == snapshot.description else description,
            tags=None if tags_kept else tags,
            tags_shown=None if tags_kept else self._shown[2],
        )
        edit.values(snapshot)  # the limits
        return edit

    def accept(self) -> None:
        if self.save_button.isEnabled():
            super().accept()

    def reject(self) -> None:
        """Esc, Cancel or the window's close: what was typed goes only once the artist says
        so (:func:`discard_changes`); nothing changed, the dialog closes at once."""
        if self._changed() and not discard_changes(self, self._discarded_name()):
            return
        super().reject()

    def _changed(self) -> bool:
        """Whether Save would write something (a field over its limit is typed too): none,
        once every artwork edited is deleted, as nothing can be saved."""
        if len(self._gone) == len(self.snapshots):
            return False
        if self.several:
            return bool(joined_tags(self.tags_edit.text()))
        try:
            return self.edit() != DetailsEdit()
        except InputError:
            return True

    def _discarded_name(self) -> str:
        """The artwork whose changes are thrown away, as a question names it; none for
        tags typed for several."""
        return "" if self.several else whole_name(self._edited[self.snapshots[0].id])
