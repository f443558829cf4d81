"""One file of the Upload tab's list, as a row: thumbnail, title, facts, where it stands.

An :class:`UploadRow` shows an :class:`~kontext_studio.ui.upload_items.UploadItem` as the tab
hands it over (:meth:`UploadRow.show_item`); it keeps nothing of its own but its key, and
tells the tab what the artist did with it (a click, Remove, Up or Down) by its signals. Its
look is the tab's style sheet (``upload_tab.STYLE``), which names its parts by object name.

In the list, a row is the width the tab gives it (:meth:`UploadRow.fit_width`) and as high as
that width needs, fixed: a widget whose least and most sizes are one does not have its
parent's layout worked out again when its own changes. Before, each row that changed (a file
checked, added, published) had Qt lay out the whole list again, every row of it: checking a
drop of 2,000 tiny files took 72 s, against 1.2 s for 250 (``benchmarks/bench_upload_list``).
The row works out its height again itself when its words change (its layout asks,
``LayoutRequest``), and only a new height reaches the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAccessible, QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.desktop import named_settings
from kontext_studio.errors import PublishBusyError
from kontext_studio.explain import Explanation, explain, join_sentences
from kontext_studio.publish import (
    publishing_set_up,
    readable_name,
    recorded_in,
    same_host,
    settings_location,
)
from kontext_studio.store.ledger import Snapshot
from kontext_studio.text_direction import in_its_direction
from kontext_studio.ui import accessible_roles
from kontext_studio.ui.batch_place import shown_title
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.elided_label import ElidedLabel
from kontext_studio.ui.job_actions import (
    left_by_a_stopped_publish,
    left_in_bucket,
    left_where_settings_point,
)
from kontext_studio.ui.levels import repolish
from kontext_studio.ui.plain_text import left_to_right, plain_tooltip, set_plain_tooltip
from kontext_studio.ui.publishing import FINISHED, quiet_words
from kontext_studio.ui.reference_slot import extension_note, human_size
from kontext_studio.ui.thumbnail_label import ThumbnailLabel
from kontext_studio.ui.upload_items import BUSY, Bucket, ItemState, UploadItem

THUMB_SIDE = 56


def row_title(item: UploadItem) -> str:
    """The title ``item``'s row shows: the one typed, or once the library holds its artwork
    without one, its name there (:func:`shown_title`, "Untitled", as its tile says); before,
    its file's name, which its import titles it by. An artwork whose title the command line
    emptied was "Untitled" in the library and its file's name here."""
    if item.title or item.snapshot is None:
        return item.title or item.path.name
    return shown_title(item.snapshot.display_title)


class UploadRow(QFrame):
    """One file: thumbnail, title, facts or the refusal, and where it stands. With the
    keyboard: focus makes it the current file, Up and Down go to the files around it,
    Delete takes it off the list. To a screen reader, an item of the list
    (:mod:`~kontext_studio.ui.accessible_roles`), named by its file and where it stands."""

    accessible_role = QAccessible.Role.ListItem

    clicked = Signal(int)
    remove_requested = Signal(int, bool)  # its key; whether a key asked (Delete, or ✕ focused)
    step = Signal(int, int)  # its key; -1 for the file above, +1 for the one below

    def __init__(self, item: UploadItem, bridge: Bridge, parent: QWidget | None = None) -> None:
        accessible_roles.install()
        super().__init__(parent)
        self.key = item.key
        self._bridge = bridge
        self._width = 0  # none given: sized by its parent's layout, as any widget
        self.setObjectName("uploadRow")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.thumb = ThumbnailLabel(bridge, THUMB_SIDE, self)
        self.thumb.setObjectName("uploadThumb")
        self.title = ElidedLabel(self, Qt.TextElideMode.ElideMiddle)
        self.title.setObjectName("uploadTitle")
        self.detail = ElidedLabel(self)
        self.detail.setObjectName("uploadDetail")
        self.status = QLabel(self)
        self.status.setObjectName("uploadStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar(self)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.remove = QToolButton(self)
        self.remove.setObjectName("uploadRemove")
        self.remove.setText("✕")
        self.remove.setAutoRaise(True)
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # but the current row's: set_current
        # Its ✕ takes the focus only from the keys (Tab): with it, Space pressed it.
        self.remove.clicked.connect(
            lambda: self.remove_requested.emit(self.key, self.remove.hasFocus())
        )

        head = QHBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.title, 1)
        head.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addLayout(head)
        text.addWidget(self.detail)
        text.addWidget(self.status)
        text.addWidget(self.progress)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 4, 6)
        layout.setSpacing(8)
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        self.show_item(item)

    def fit_width(self, width: int) -> None:
        """Be ``width`` wide (never narrower than the row's least width) and as high as that
        needs, from now on: see the module's docstring."""
        self._width = width
        self._fit()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()  # its words, or their font or style, changed: its height may have
        return handled

    def _fit(self) -> None:
        if not self._width:
            return
        width = max(self._width, self.minimumSizeHint().width())
        height = self.heightForWidth(width)
        size = QSize(width, height if height >= 0 else self.sizeHint().height())
        if self.minimumSize() != size or self.maximumSize() != size:
            self.setFixedSize(size)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.key)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.clicked.emit(self.key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step.emit(self.key, -1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.remove.isEnabled():
            # Once a press: held, the key's repeats took the next file, and the next, with
            # the titles and tags typed for them.
            if not event.isAutoRepeat():
                self.remove_requested.emit(self.key, True)
        else:
            super().keyPressEvent(event)

    def set_current(self, current: bool) -> None:
        """The current file (and its remove button) is the list's one stop for Tab, as in a
        group of radio buttons; the others are reached with the arrow keys or a click."""
        repolish(self, "current", current)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if current else Qt.FocusPolicy.ClickFocus)
        self.remove.setFocusPolicy(Qt.FocusPolicy.TabFocus if current else Qt.FocusPolicy.NoFocus)

    def show_item(self, item: UploadItem) -> None:
        state = item.state
        self.title.setText(row_title(item))
        self.remove.setAccessibleName(
            self.tr("Remove {name} from the list").format(name=item.path.name)
        )
        # The whole path on hover, not heard: the row's details line tells it already, and
        # a screen reader heard the path twice, the title's description then the line's.
        self.title.tip_whole_text(str(item.path))
        if item.thumbnail is not None:
            self.thumb.show_thumbnail(item.thumbnail, item.path)
        else:
            self.thumb.show_text(self.tr("Refused") if state is ItemState.REFUSED else "…")
        name = item.shown_name or item.path.name
        self.detail.setText(self._facts(item, name))
        # The whole path, where the row shows the name alone, or the folders that tell it
        # from another file of that name (UploadTab._tell_apart).
        set_plain_tooltip(self.detail, self._facts(item, str(item.path)))
        text, level = self._status(item)
        self.status.setText(text)
        set_plain_tooltip(self.status, item.refusal if self._detailed(item) else "")
        self.status.setVisible(bool(text))
        self._tell_screen_readers(item, text)
        repolish(self.status, "level", level)
        self.progress.setVisible(state is ItemState.PUBLISHING)
        if item.percent is None or item.percent == FINISHED:  # busy: waiting for R2
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(item.percent)
        self.remove.setEnabled(state not in BUSY)
        self.remove.setToolTip(plain_tooltip(self._remove_words(state)))

    def _tell_screen_readers(self, item: UploadItem, status: str) -> None:
        """Name the row by its file and where it stands ("moth.png, Ready"), its title
        first where it is not the file's own name; its status line, where it says more, is
        its description. Named by its title alone, a renamed file was heard by no name of
        its own, and whether it was ready or refused only as the description, which a
        screen reader may leave unread."""
        name = item.shown_name or item.path.name
        state = self._state_word(item.state)
        words = [in_its_direction(name), state]
        if item.title and item.title != readable_name(item.path.stem):
            words.insert(0, in_its_direction(item.title))
        self.setAccessibleName(self.tr(", ").join(words))
        # Not "Checking…" again after "Checking": the line is its state word, busy.
        self.setAccessibleDescription("" if status.removesuffix("…") == state else status)

    def _remove_words(self, state: ItemState) -> str:
        """The ✕'s tooltip, which a screen reader reads as its description: what it does,
        or, grey while a batch has the file (:data:`BUSY`), why, and what frees it. Grey,
        it still offered "Remove from the list", and a press did nothing."""
        if state is ItemState.IMPORTING:  # Stop lets the copy end: it is removable then
            return self.tr("Cannot remove while it is being copied into your library")
        if state is ItemState.WAITING:
            return self.tr("Cannot remove while it waits its turn: press Stop first")
        if state is ItemState.PUBLISHING:
            return self.tr("Cannot remove while it is being published: press Stop first")
        return self.tr("Remove from the list (the file is not touched)")

    def _state_word(self, state: ItemState) -> str:
        """Where a file stands, in a word or two."""
        words = {
            ItemState.CHECKING: self.tr("Checking"),
            ItemState.READY: self.tr("Ready"),
            ItemState.REFUSED: self.tr("Refused"),
            ItemState.IMPORTING: self.tr("Copying into the library"),
            ItemState.PUBLISHING: self.tr("Publishing"),
            ItemState.WAITING: self.tr("Waiting"),
            ItemState.NOT_STARTED: self.tr("Not started"),
            ItemState.FAILED: self.tr("Failed"),
            ItemState.CANCELLED: self.tr("Cancelled"),
            ItemState.DONE: self.tr("Done"),
        }
        return words[state]

    @staticmethod
    def _detailed(item: UploadItem) -> bool:
        """Whether the row's words are ``item``'s refusal, or its failure (not once its
        artwork was published since, which the row says instead), whose exact detail its
        tooltip has (:attr:`UploadItem.refusal`). Before, a failed publish had none: "The
        R2 endpoint cannot be reached." named neither the endpoint nor why."""
        if item.state is ItemState.REFUSED:
            return True
        return item.state is ItemState.FAILED and item.needs_attention

    def _facts(self, item: UploadItem, name: str) -> str:
        """The file's size in pixels and bytes, once checked, and ``name``."""
        if item.info is None:
            return name
        dimensions = self.tr("{width} × {height}").format(
            width=item.info.width, height=item.info.height
        )
        return self.tr("{dimensions} · {size} · {name}").format(
            dimensions=left_to_right(dimensions), size=human_size(item.info.file_size), name=name
        )

    def _publication_words(self, item: UploadItem, level: str) -> tuple[str, str] | None:
        """Where the file's artwork stands in the bucket, where that is not what the file's
        reason says (``level``: the reason's colour): the library published it, or is
        removing it, or has removed it since the batch met that removal. The reason said
        "not published" beside the library's Published badge while the removal went on,
        and "is being removed" once it was over. One an unpublish did not finish removing
        (:attr:`Snapshot.may_be_gone`) may be gone, as its tile says: it read "published".
        What a stopped publish of one not published may have left, being removed (the
        preview's Remove from bucket), is said so: it read that it may have been left."""
        if item.snapshot is None:
            return None
        if item.unpublishing and not item.published:
            return self.tr(
                "In the library, not published: the image a stopped publish of it may have "
                "left is being removed from your R2 bucket."
            ), level
        if item.unpublishing:
            return self.tr(
                "In the library, still published: it is being removed from your R2 bucket.\n"
                "Publish it again once it is removed."
            ), level
        if item.published and item.snapshot.may_be_gone:
            return self.tr(
                "In the library, but an unpublish of it did not finish: it may be gone from "
                "your R2 bucket. Unpublish it in the library to finish it."
            ), "note"
        if item.published:
            return self.tr("In the library and published."), "ok"
        if item.problem == explain(PublishBusyError()):
            return self.tr(
                "In the library, not published: it was removed from your R2 bucket.\n"
                "Publish it again to put it back."
            ), level
        return None

    def _elsewhere_words(self, item: UploadItem) -> str | None:
        """Where the artwork stands when its publish was refused for its being published in
        another bucket than the R2 settings name: in that one, not in theirs. The window's
        banner says what to do, and offers to forget it there; the refusal's own words
        read "In the library and published", which hid that nothing went to the settings'
        bucket. So for one no refusal names a bucket for (a file a stopped batch never got
        to, one listed again at the next start, one whose refusal the settings' switch to
        a third bucket ended): the bucket the R2 settings name now is held to; with
        publishing not set up, its record alone says where it is (it read "In the library
        and published", as of one in the bucket publishing goes to). An artwork a stopped
        first publish may have left its image of in another bucket, which Publish is
        refused for as well, is said too (:meth:`_left_words`); its refusal's own words say
        it while they hold."""
        here, snapshot = item.refused_in, item.snapshot
        if snapshot is None:
            return None
        if not item.published and (here is not None or not snapshot.retired_key):
            return None
        if here is None:
            here = Bucket(*settings_location(self._bridge.session.settings.r2))
            if recorded_in(snapshot, here.name, here.host):
                return None
        elif not item.recorded_elsewhere:
            return None
        if not item.published:
            return self._left_words(snapshot, here)
        return _placed_words(
            snapshot,
            here,
            unset=self.tr("In the library and published in the bucket '{bucket}' at {host}."),
            same=self.tr(
                "In the library and published in the bucket '{bucket}'.\n"
                "Not published in '{current}', the bucket the R2 settings name."
            ),
            other=self.tr(
                "In the library and published in the bucket '{bucket}' at {host}.\n"
                "Not published in '{current}' at {current_host}, the bucket the R2 settings "
                "name."
            ),
        )

    def _left_words(self, snapshot: Snapshot, here: Bucket) -> str:
        """That a stopped first publish of ``snapshot`` may have left its image in the bucket
        its record names, not ``here``, the one the R2 settings name. Before, its row read
        "In the library, not published: ready to publish." once the settings' switch to a
        third bucket ended its refusal (or at the next start), and Publish was refused
        again."""
        return _placed_words(
            snapshot,
            here,
            unset=self.tr(
                "In the library, not published. A stopped publish may have left its image in "
                "the bucket '{bucket}' at {host}."
            ),
            same=self.tr(
                "In the library, not published. A stopped publish may have left its image in "
                "the bucket '{bucket}'.\n"
                "Not published in '{current}', the bucket the R2 settings name."
            ),
            other=self.tr(
                "In the library, not published. A stopped publish may have left its image in "
                "the bucket '{bucket}' at {host}.\n"
                "Not published in '{current}' at {current_host}, the bucket the R2 settings "
                "name."
            ),
        )

    def _held_words(self, snapshot: Snapshot) -> tuple[str, str]:
        """Where the artwork of a file the library held published when it was checked
        stands. Published in another bucket than the R2 settings name, Publish is offered
        for it (``UploadTab._to_publish``), and its row read "Already in your library, and
        published" until Publish was pressed and refused: it names both buckets from the
        start, as the refusal's row does (:meth:`_elsewhere_words`). With publishing not set
        up, its record alone says where it is: no bucket of the settings' to name. One an
        unpublish did not finish removing may be gone, as its tile says (it read "published")."""
        bucket, host = settings_location(self._bridge.session.settings.r2)
        if recorded_in(snapshot, bucket, host) and snapshot.may_be_gone:
            return self.tr(
                "Already in your library, but an unpublish of it did not finish: it may be "
                "gone from your R2 bucket. Unpublish it in the library to finish it."
            ), "note"
        if recorded_in(snapshot, bucket, host):
            return self.tr("Already in your library, and published"), "ok"
        words = _placed_words(
            snapshot,
            Bucket(bucket, host),
            unset=self.tr(
                "Already in your library, and published in the bucket '{bucket}' at {host}."
            ),
            same=self.tr(
                "Already in your library, and published in the bucket '{bucket}'.\n"
                "Not published in '{current}', the bucket the R2 settings name."
            ),
            other=self.tr(
                "Already in your library, and published in the bucket '{bucket}' at {host}.\n"
                "Not published in '{current}' at {current_host}, the bucket the R2 settings "
                "name."
            ),
        )
        return words, "note"

    def _held_left_words(self, item: UploadItem, snapshot: Snapshot) -> str | None:
        """That a stopped first publish of the artwork of a file the library held when it was
        checked may have left its image in a bucket, where its row read "Already in your
        library", as of an artwork never published. In the one the R2 settings name (as the
        preview says it), the Publish offered for it sends it again, removing what was left;
        not while a publish of it is under way (the library's), whose record names the image
        it is sending as one to remove until it ends: the row said that publish had stopped.
        In another, as the row of a refusal over it says (:meth:`_left_words`), Publish is
        refused; its record alone says where, with publishing not set up. A record that
        names no bucket (kept before buckets were), with publishing not set up, read "Ready
        to publish": it says publishing is not set up, and where to set it up. ``None``
        where nothing may be left."""
        if not left_in_bucket(snapshot):
            return None
        bucket, host = settings_location(self._bridge.session.settings.r2)
        if recorded_in(snapshot, bucket, host):
            if item.being_published:
                return None
            return self._stopped_words(self.tr("Already in your library, not published."), snapshot)
        return _placed_words(
            snapshot,
            Bucket(bucket, host),
            unset=self.tr(
                "Already in your library, not published. A stopped publish may have left its "
                "image in the bucket '{bucket}' at {host}."
            ),
            same=self.tr(
                "Already in your library, not published. A stopped publish may have left its "
                "image in the bucket '{bucket}'.\n"
                "Not published in '{current}', the bucket the R2 settings name."
            ),
            other=self.tr(
                "Already in your library, not published. A stopped publish may have left its "
                "image in the bucket '{bucket}' at {host}.\n"
                "Not published in '{current}' at {current_host}, the bucket the R2 settings "
                "name."
            ),
        )

    def _left_here_words(self, item: UploadItem, snapshot: Snapshot) -> str | None:
        """That a stopped first publish of ``snapshot`` may have left its image in the bucket
        the R2 settings name, for the row of a file the library did not hold when checked
        (listed again at the next start, the app closed mid-publish), as the row of one it
        held says it (:meth:`_held_left_words`): it read "ready to publish", as of one never
        sent, while the preview offered to remove what was left. Not while a publish of it
        is under way, whose record names the image it is sending until it ends, nor while
        what was left is being removed (:meth:`_publication_words`). With publishing not set
        up (a record that names no bucket), not "ready to publish" either."""
        settings = self._bridge.session.settings.r2
        if item.being_published or item.unpublishing:
            return None  # (what was left being removed: _publication_words)
        if not left_where_settings_point(snapshot, settings):
            return None  # (left in another bucket: _elsewhere_words)
        return self._stopped_words(self.tr("In the library, not published."), snapshot)

    def _stopped_words(self, said: str, snapshot: Snapshot) -> str:
        """``said`` (where the file's artwork is), then what a stopped first publish of
        ``snapshot`` may have left in the bucket the R2 settings name, as the preview says
        it (:func:`left_by_a_stopped_publish`), and whether it can be published now."""
        then = self.tr("Ready to publish.") if self._set_up() else self._not_set_up_words()
        return join_sentences(said, left_by_a_stopped_publish(snapshot), then)

    def _unpublished_words(self) -> tuple[str, str]:
        """Of a listed file's artwork in the library, not published, nothing left of it in a
        bucket: ready to publish, where publishing is set up. Not set up, it read "ready to
        publish" too, while its Publish could only offer the settings."""
        if not self._set_up():
            said = self.tr("In the library, not published.")
            return join_sentences(said, self._not_set_up_words()), "note"
        return self.tr("In the library, not published: ready to publish."), ""

    def _not_set_up_words(self) -> str:
        """That publishing is not set up, and where to set it up to publish the file's
        artwork, as this desktop names the settings (:func:`named_settings`)."""
        return named_settings(
            self.tr(
                "Publishing is not set up now: set it up in {publishing_settings} to publish it."
            )
        )

    def _set_up(self) -> bool:
        return publishing_set_up(self._bridge.session.settings.r2)

    def _found_words(self, item: UploadItem) -> tuple[str, str]:
        """For a file found in the library by its hash as it was checked
        (``UploadTab._check``), which Add leaves out: that it is there, and that the details
        typed for it while it was checked are not used (:attr:`UploadItem.set_aside`)."""
        snapshot = item.snapshot
        if snapshot is not None and item.published:
            words, level = self._held_words(snapshot)
        elif snapshot is not None and (left := self._held_left_words(item, snapshot)):
            words, level = left, "note"
        else:
            words, level = self.tr("Already in your library"), "note"
        if not item.set_aside:
            return words, level
        kept = self.tr("Its title, description and tags there are kept, not the ones typed here.")
        return f"{words}\n{kept}", "note"

    def _publishing_words(self, item: UploadItem) -> str:
        """How far the file's publish is; and, when R2 has taken nothing for a while, that
        it has not answered, for how long, and how to give up on it."""
        if item.after_delete:
            return self.tr("Waiting for the delete of its artwork to end…")
        if item.waits_to_publish:
            return self.tr("Waiting to publish")
        quiet = quiet_words(item.quiet)
        if item.percent == FINISHED:
            done = self.tr("Finishing…") if quiet else self.tr("Finishing: waiting for R2…")
        elif item.percent is None:
            done = self.tr("Publishing…")
        else:
            done = self.tr("Publishing… {percent} %").format(percent=item.percent)
        if not quiet:
            return done
        return self.tr("{done} · {quiet} (Stop to give up)").format(done=done, quiet=quiet)

    def _status(self, item: UploadItem) -> tuple[str, str]:
        """The status line and its colour level."""
        state = item.state
        if state is ItemState.CHECKING:
            return self.tr("Checking…"), ""
        if state is ItemState.REFUSED and item.problem is not None:
            # One paragraph: a refused file is not pushed far below the good ones.
            return item.problem.sentences(), "error"
        if state is ItemState.IMPORTING:
            return self.tr("Copying into the library…"), ""
        if state is ItemState.WAITING and item.waits_to_publish:
            return self.tr("Waiting to publish"), ""
        if state is ItemState.WAITING:
            return self.tr("Waiting…"), ""
        if state is ItemState.PUBLISHING:
            return self._publishing_words(item), ""
        if state is ItemState.DONE:
            return self.tr("Done"), "ok"
        stopped = (ItemState.FAILED, ItemState.CANCELLED, ItemState.NOT_STARTED)
        level = "error" if state is ItemState.FAILED else "note"
        if state in stopped and (elsewhere := self._elsewhere_words(item)):
            return elsewhere, level
        if state in stopped and (publication := self._publication_words(item, level)):
            return publication
        if state is ItemState.READY and item.held and not item.unpublishing:
            return self._found_words(item)
        if state is ItemState.READY and item.snapshot is not None:
            # Ready again once a publication elsewhere is forgotten (UploadTab._artwork_changed),
            # or listed again at the next start, its artwork published in another bucket.
            if elsewhere := self._elsewhere_words(item):
                return elsewhere, "note"
            if left := self._left_here_words(item, item.snapshot):
                return left, "note"
            return self._publication_words(item, "note") or self._unpublished_words()
        if state in stopped and item.problem is not None:
            problem = item.problem
            if item.snapshot is not None and item.in_trash:
                # What befell the artwork first: after "In the library, not published.", a
                # Delete that "could not remove the artwork from the library" read as news.
                said = self.tr("The artwork was not published.")
                problem = Explanation(join_sentences(problem.message, said), problem.hint)
            elif item.snapshot is not None:
                # The reason is a sentence of its own ("Publishing was cancelled."): after
                # a colon, it read with a capital mid-sentence.
                said = self.tr("In the library, not published.")
                problem = Explanation(join_sentences(said, problem.message), problem.hint)
            return problem.lines(), level
        notes = []
        if state is ItemState.NOT_STARTED:
            notes.append(self.tr("Not started: stopped before this file."))
        if item.info is not None and (note := extension_note(item.info)):
            notes.append(self.tr("Note: {note}").format(note=note))
        if item.info is not None and item.info.animated:
            # The app draws the first frame alone (tile, preview, full view): the animation
            # looked lost. The file is copied and published as it is.
            notes.append(self.tr("Animated: only its first frame is shown here; it is kept whole."))
        if item.snapshot is not None:
            notes.append(self.tr("Already in the library"))
        return "\n".join(notes) or self.tr("Ready"), "note" if notes else ""


def _placed_words(
    snapshot: Snapshot, here: Bucket, *, same: str, other: str, unset: str = ""
) -> str:
    """Where ``snapshot``'s record places it against ``here``, the bucket the R2 settings
    name, in the words for each case: ``unset`` where they name none (publishing not set
    up), ``same`` where the record's bucket is at their endpoint (one host, however
    spelled: no need to name it), ``other`` where it is at another; filled by
    :func:`_buckets_named`."""
    if unset and not (here.name and here.host):
        words = unset
    elif same_host(snapshot.published_host, here.host):
        words = same
    else:
        words = other
    return _buckets_named(words, snapshot, here)


def _buckets_named(words: str, snapshot: Snapshot, here: Bucket) -> str:
    """``words`` filled with the bucket ``snapshot``'s record names and ``here``, the one
    the R2 settings name, each with its endpoint's host."""
    return words.format(
        bucket=snapshot.published_bucket,
        host=snapshot.published_host,
        current=here.name,
        current_host=here.host,
    )
