"""Enter task ID…: the task id the artist found in the logs of their account on kie.ai, given
to a job whose outcome is unknown (:meth:`~kontext_studio.jobs.engine.JobEngine.attach_task`).

The box is shown, not modal, never run in a loop of its own (``exec()``): the check (KIE asked
about the task) runs as a task of the window's loop while the box says what it waits for (the
answer to the job's cancelled send, first, when one is still out; then KIE's), and what KIE's
record refuses is said under the field, the id kept to be corrected. KIE may take up to 40 s
to answer, and the box held the whole window meanwhile (opened window-modal): the library,
the Generate tab and the other jobs are the artist's now. One box a job
(``Bridge.task_boxes``), and while it checks, neither Retry nor Resubmit sends the job again;
while a Retry or Resubmit pressed before waits to send it, its Use this task checks nothing.
The box follows the job: renamed, carried on, or deleted by another program meanwhile, it
says so; deleted in the window, the job takes its box with it. Text that is obviously no
task id (spaces, a link) is refused before anything is asked. Once the job follows the
task, the box closes and the status bar says so.

Cancel calls a check under way off (:class:`~kontext_studio.jobs.given_task.CallOff`): the
job is given nothing, however late KIE answers. Before, the box closed and the check ran on,
and the job followed the task all the same, only the status bar saying so. Once the task id
is being written, it is too late: the box says the job follows the task now, and closes as
the write lands.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.errors import KontextError
from kontext_studio.explain import explain
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.jobs.given_task import CallOff, task_id_problem
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import needs_resubmit
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui.batch_place import sentence_title
from kontext_studio.ui.bridge import snapshot_of
from kontext_studio.ui.fit import at_whole_size
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.notifications import MessageBanner, announce
from kontext_studio.ui.option_keys import OptionKeys
from kontext_studio.ui.pasted_text import key_field
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.plain_text import unbroken
from kontext_studio.ui.rename_dialog import whole_name

TASK_COMPLETED = QT_TRANSLATE_NOOP(
    "Errors", "“{title}” has completed meanwhile: it needs no task ID."
)
"""The words of a job that completed while the box was open (a command resubmitted it,
say): those of Retry and Resubmit said there was "nothing to send again"."""
Check = Callable[["TaskIdDialog", str, CallOff], Coroutine[Any, Any, None]]
"""The box's job given the task id typed (trimmed), unless the check is called off; raises
the refusal to say under the field, the job named as the box has it (:meth:`changed`)."""
Spawn = Callable[[Coroutine[Any, Any, None]], asyncio.Task[Any] | None]
Wait = Callable[[], Awaitable[None]]
EarlierSend = Callable[[], Wait | None]
"""What the check waits for before KIE is asked: the answer to a send of the job that its
Cancel left out, when one is still out (``JobEngine.answer_awaited``), which may be the task
itself; None when none is."""
Resending = Callable[[Snapshot], str]
"""The words of a Retry or Resubmit of the job pressed before that waits for the answer to
its cancelled send, to carry it on then (``Bridge.awaiting_answer``); empty when none
does."""


class TaskIdDialog(QDialog):
    """The task id of ``snapshot``'s send to check and give it (``check``, run by ``spawn``
    once ``earlier_send``'s answer, if any, has come), unless ``resending`` says a Retry or
    Resubmit waits to send it."""

    def __init__(
        self,
        snapshot: Snapshot,
        check: Check,
        earlier_send: EarlierSend,
        resending: Resending,
        spawn: Spawn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        keep_placed(self)
        self.snapshot = snapshot
        """The job as it now is (:meth:`changed`)."""
        self._check = check
        self._earlier_send = earlier_send
        self._resending = resending
        self._spawn = spawn
        self.checking = False
        self.gone = False
        """The job was deleted by another program (:meth:`deleted`)."""
        self._under_way: tuple[asyncio.Task[Any], CallOff] | None = None
        """The check running, and the Cancel that calls it off."""
        self._refusal = ""
        """The refusal of the text typed, until it is typed over (:meth:`_say`)."""
        self._said = ""
        """The words under the field now (:meth:`_follow`)."""
        self.setObjectName("taskIdDialog")
        self.setWindowTitle(self.tr("Enter task ID"))
        self.setMinimumWidth(460)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.label = QLabel(self.tr("&Task ID:"), self)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("taskIdEdit")
        self.edit.setPlaceholderText(self.tr("as the logs on kie.ai show it"))
        # Copied from the logs' page, an id brought the page's invisible characters with it.
        key_field(self.edit)
        self.label.setBuddy(self.edit)
        self.problem = QLabel(self)
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.busy = QLabel(self)
        self.busy.setObjectName("taskIdBusy")
        self.busy.setWordWrap(True)
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self._cancel_words = self.cancel_button.text()
        self.use_button = self.buttons.addButton(
            self.tr("&Use this task"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_button.setDefault(True)
        icons_as_tall_as_text(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        row.addWidget(self.label)
        row.addWidget(self.edit, 1)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._typed)
        self.finished.connect(self._let_go)
        self.edit.setFocus()
        OptionKeys(self).make_all(self)  # on a Mac: Option+U uses the task
        self._word_intro()
        self._typed()

    def sizeHint(self) -> QSize:
        """At least the box's least width: ``at_whole_size`` takes the height the wrapped
        words need at the hint's width, and the words of a narrower hint (Chinese, with no
        spaces to wrap at) took more lines than they do shown wider, the rest left as an
        empty gap between the field and the refusal under it."""
        return super().sizeHint().expandedTo(self.minimumSize())

    def task_id(self) -> str:
        """The task id as typed, trimmed (a paste often brings a space or a line end)."""
        return self.edit.text().strip()

    def accept(self) -> None:
        """Check the id: obviously wrong text is refused here, else KIE is asked. Not while
        a Retry or Resubmit of the job waits for the answer to its cancelled send: the box
        says so, and asks nothing. Before, the check waited for that answer too, the
        Resubmit sent the job again first, charged, though the task entered may well have
        been the one KIE made, and the box then said the job was carried on meanwhile."""
        if self.checking or not self.task_id() or self._standing():
            return
        if resent := self._resending(self.snapshot):
            self._say(resent)
            return
        problem = task_id_problem(self.task_id())
        if problem is not None:
            self._say(QCoreApplication.translate("Errors", problem))
            return
        call_off = CallOff()
        earlier = self._earlier_send()
        task = self._spawn(self._checked(self.task_id(), call_off, earlier))
        if task is None:  # the window is closing
            return
        self._busy_with(waiting=earlier is not None)
        self._set_checking(True)
        self._refusal = ""
        self._follow()
        self._under_way = (task, call_off)
        task.add_done_callback(self._check_ended)

    def reject(self) -> None:
        """Cancel (Esc, the title bar's close): a check under way is called off, the job
        given nothing, unless the task id is being written already: then it is too late,
        and the box says the job follows the task now, to close as the write lands."""
        if not self._call_off() and not self.gone:
            self.busy.setText(self.tr("Too late to cancel: the job follows this task now."))
            self.cancel_button.setEnabled(False)
            at_whole_size(self)
            return
        super().reject()

    @Slot(object)
    def changed(self, value: object) -> None:
        """A job changed (``Bridge.job_changed``): the box's, as it now is, is named by the
        box and by its check's words (renamed meanwhile: they named it by the title it had
        as the box opened); carried on meanwhile, the box says so (:meth:`_follow`)."""
        snapshot = snapshot_of(value)
        if snapshot.id != self.snapshot.id or not self.isVisible():
            return
        self.snapshot = snapshot
        self._word_intro()
        self._follow()

    @Slot(int)
    def deleted(self, job_id: int) -> None:
        """``job_id`` was deleted by another program (the host's ``deletes_from``: a read
        of the library found it gone, or the check itself did): when it is the box's job,
        the box says so at once and stays, as Rename and Edit details do, the ID typed kept
        in the field to be copied, Use this task off for good, its check called off (one
        too late for that finds the job gone, said the same). Before, the box vanished
        without a word, the ID pasted from kie.ai with it; or, the job found gone as the
        task was written, it said "Too late to cancel: the job follows this task now." of
        a job that was no more. The window's own Delete takes the box (:meth:`deleted_here`)
        before the window is told."""
        if job_id != self.snapshot.id or self.gone or not self.isVisible():
            return
        self.gone = True
        self._call_off()
        self._follow()

    def deleted_here(self) -> None:
        """The artist deleted the job in the window: it has no task to take now, and the
        box goes with it, without a word, its check called off (:meth:`_go`)."""
        self._go()

    @Slot()
    def window_closing(self) -> None:
        """The window closed (``Bridge.window_closed``), to switch mode too: the box goes
        with it, its check called off (:meth:`_go`). It went only as the session closed,
        after the window's Generates had made their jobs (up to 30 s): on screen, usable,
        with no window behind it all that time."""
        self._go()

    def _go(self) -> None:
        """Close, the check under way called off where it still can be; one too late for
        that (the task id being written) ends unseen, the job following the task."""
        self._call_off()
        if self.isVisible():
            super().reject()

    def _call_off(self) -> bool:
        """Call the check under way off, if there is one; whether the job is given nothing
        (False: too late, the task id is being written)."""
        if self._under_way is None:
            return True
        task, call_off = self._under_way
        if not call_off.call_off():
            return False
        task.cancel()
        return True

    async def _checked(self, task_id: str, call_off: CallOff, earlier: Wait | None) -> None:
        """Give the job ``task_id``, once the answer to its ``earlier`` send, if any, has
        come; a refusal is said under the field while the box is open, else (closed
        meanwhile) it reaches the window's banner as any action's would."""
        try:
            if earlier is not None:
                await earlier()
                self._busy_with(waiting=False)
            await self._check(self, task_id, call_off)
        except KontextError as error:
            if self.gone:  # the box says so, or said so and was closed
                return
            if not self.isVisible():
                raise
            self._set_checking(False)
            self._say(explain(error).lines())
        else:
            if self.isVisible():  # gone with the window meanwhile, too late to call off
                super().accept()

    def _check_ended(self, _task: asyncio.Task[Any]) -> None:
        """The check ended, called off or not (cancelled before it began, even): a box
        closed meanwhile is let go now, not before (:meth:`_let_go`)."""
        self._under_way = None
        self._set_checking(False)
        self.cancel_button.setEnabled(True)
        if self.isVisible():
            self._follow()
        else:
            self.deleteLater()

    def _let_go(self) -> None:
        """Closed: let go of the box, unless its check still runs (:meth:`_check_ended`)."""
        if self._under_way is None:
            self.deleteLater()

    def _word_intro(self) -> None:
        if self.snapshot.simulated:
            intro = self.tr(
                "If the demo server made “{0}”, its task ID lets the job follow that task "
                "instead of being sent again. The demo server is asked about it first."
            )
        else:
            intro = self.tr(
                "If KIE made “{0}”, its task is in the logs of your account on kie.ai. Paste "
                "its task ID: KIE is asked about it (free), and when the task was made for this "
                "job's prompt, the job follows it and brings its image, without being sent or "
                "paid for again."
            )
        words = intro.format(whole_name(self.snapshot))
        if words != self.intro.text():
            self.intro.setText(words)
            self.intro.setAccessibleName(unbroken(words))
            at_whole_size(self)

    def _typed(self) -> None:
        self._refusal = ""
        self._follow()

    def _say(self, words: str) -> None:
        """Say ``words``, the refusal of the text typed, under the field (read out again
        when pressed again), the text selected to be typed over."""
        self._refusal = words
        self._follow(again=True)
        self.edit.setFocus()
        self.edit.selectAll()

    def _follow(self, *, again: bool = False) -> None:
        """Say under the field what holds of the job now (:meth:`_standing`), else the
        refusal of the text typed, if any; Use this task only while nothing holds, Cancel
        then "Close". ``again``: a refusal read out even when it is the one already said."""
        standing = self._standing()
        words = standing or self._refusal
        if words != self._said or (again and not standing):
            self._said = words
            self.problem.setText(words)
            self.problem.setVisible(bool(words))
            at_whole_size(self)  # a box already shown does not grow for the words by itself
            if words:
                announce(self, words, MessageBanner.ERROR)
        self.cancel_button.setText(self.tr("Close") if standing else self._cancel_words)
        self.use_button.setEnabled(bool(self.task_id()) and not self.checking and not standing)

    def _standing(self) -> str:
        """What holds of the job for as long as it does, said under the field: it was
        deleted by another program (:meth:`deleted`), or it takes a task no more, carried on
        meanwhile (:meth:`_moved_on`). Not while a check is under way: its own write
        carries the job on."""
        if self.gone:
            return self.tr(
                "“{title}” was deleted by another program, so this task ID cannot be given to it."
            ).format(title=sentence_title(self.snapshot, self.fontMetrics()))
        if self.checking or needs_resubmit(self.snapshot):
            return ""
        return self._moved_on()

    def _moved_on(self) -> str:
        """Why the job takes a task no more: it completed, a send of it was answered with
        its task (which Retry follows), or it was carried on otherwise (Retry, Resubmit,
        another program). Before, the box stayed as it was, and Use this task met a refusal
        ("“…” is running already", "Only a job whose outcome is unknown…")."""
        snapshot = self.snapshot
        title = sentence_title(snapshot, self.fontMetrics())
        if snapshot.state is JobState.COMPLETED:
            return QCoreApplication.translate("Errors", TASK_COMPLETED).format(title=title)
        if snapshot.state is JobState.CANCELLED and snapshot.task_id:
            if snapshot.simulated:
                words = self.tr(
                    "The demo server answered a send of “{title}” meanwhile with its task, "
                    "“{task_id}”: Retry fetches its image; it needs no task ID."
                )
            else:
                words = self.tr(
                    "KIE answered a send of “{title}” meanwhile with its task, “{task_id}”: "
                    "Retry fetches its image without paying again; it needs no task ID."
                )
            return words.format(title=title, task_id=snapshot.task_id)
        return self.tr(
            "“{title}” was carried on or answered meanwhile: it needs no task ID now."
        ).format(title=title)

    def _busy_with(self, *, waiting: bool) -> None:
        """Say what the check does: waits for the answer to the job's cancelled send
        (``waiting``), or asks KIE about the task. Before, it said KIE was asked while it
        only waited, up to the send's timeout."""
        if waiting and self.snapshot.simulated:
            words = self.tr(
                "Waiting for the demo server's answer to this job's cancelled send first; "
                "then it is asked about this task…"
            )
        elif waiting:
            words = self.tr(
                "Waiting for KIE's answer to this job's cancelled send first; then KIE is "
                "asked about this task…"
            )
        elif self.snapshot.simulated:
            words = self.tr("Asking the demo server about this task…")
        else:
            words = self.tr("Asking KIE about this task…")
        self.busy.setText(words)
        at_whole_size(self)

    def _set_checking(self, checking: bool) -> None:
        self.checking = checking
        self.edit.setReadOnly(checking)
        self.busy.setVisible(checking)
        at_whole_size(self)
