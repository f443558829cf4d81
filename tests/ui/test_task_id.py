"""Enter task ID…: a job whose outcome is unknown given the task the artist found in the logs
of their account on kie.ai, from the library's buttons, its menus and the preview, in a box
that checks the id while it shows (KIE asked, never a generate) and says what it refused."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, QLocale, QObject, QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.simulator import Faults
from kontext_studio.simulator.config import GENERATE, RECORD_INFO
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui import translations
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.preview_panel import PreviewPanel
from kontext_studio.ui.task_id_dialog import TaskIdDialog
from tests.fixtures import checks_held, sends_held
from tests.ui.conftest import banner_messages, deletions, pasted, until
from tests.ui.test_library import add_job, declined, loaded_panel
from tests.ui.test_library_selection import deleted_by_another_program, notices_of
from tests.ui.test_window import close_window, open_window


def record_infos(simulator: Any) -> int:
    return sum(1 for r in simulator.requests if r.endpoint == RECORD_INFO)


async def opened(panel: LibraryPanel, job_id: int) -> TaskIdDialog:
    panel.select_job(job_id)
    await until(lambda: panel.commands["enter_task_id"].isEnabled())
    panel.commands["enter_task_id"].trigger()
    (dialog,) = [d for d in panel.findChildren(TaskIdDialog) if d.snapshot.id == job_id]
    await until(dialog.isVisible)
    return dialog


def typed(dialog: TaskIdDialog, text: str) -> None:
    dialog.edit.setText(text)
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)


async def unknown_and_its_task(session: Session) -> tuple[Snapshot, str]:
    """“a coin toss”, a job whose outcome is unknown, and a task KIE made of its prompt (the
    test's own send: the one the artist would find in the logs)."""
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    task_id = await session.engine.client.generate(GenerateRequest("a coin toss"))
    return unknown, task_id


def closings(*dialogs: TaskIdDialog) -> list[int]:
    """The results ``dialogs`` close with from now on, in turn."""
    closed: list[int] = []
    for dialog in dialogs:
        dialog.finished.connect(closed.append)
    return closed


async def being_asked(dialog: TaskIdDialog, task_id: str, simulator: Any) -> None:
    """``task_id`` typed in ``dialog``, until KIE is being asked about it."""
    asked = record_infos(simulator)
    typed(dialog, task_id)
    await until(lambda: record_infos(simulator) > asked)


def agreed(panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer each question the panel asks Yes; the questions asked, in turn."""
    questions: list[str] = []
    monkeypatch.setattr(panel, "confirm", lambda _title, text, *_: questions.append(text) or True)
    return questions


async def test_the_action_is_offered_beside_resubmit_only_for_an_unknown_outcome(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    failed = add_job(session, JobState.FAILED, "a broken vase", error_kind="server")
    panel = await loaded_panel(bridge, owned)

    panel.select_job(failed.id)
    assert not panel.commands["enter_task_id"].isEnabled()
    panel.select_job(unknown.id)
    assert panel.commands["enter_task_id"].isEnabled()
    menu = panel.context_menu()
    owned.append(menu)
    texts = [a.text() for a in menu.actions()]
    assert texts.index("Enter tas&k ID…") == texts.index("R&esubmit…") + 1


async def test_the_resubmit_question_says_where_to_look_and_what_to_use(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    questions = declined(panel, monkeypatch)
    panel.select_job(unknown.id)
    panel.commands["resubmit"].trigger()
    await until(lambda: bool(questions))

    assert (
        "Look for it in the logs of your account on kie.ai first: if it is there, use Enter "
        "task ID… instead, which brings its image without paying again." in questions[-1]
    )


async def test_an_id_refused_is_said_in_the_box_and_the_right_one_brings_the_image(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    unknown, own_task = await unknown_and_its_task(session)
    other_task = await session.engine.client.generate(GenerateRequest("a paper boat"))
    panel = await loaded_panel(bridge, owned)
    notices = notices_of(panel.job_actions)
    dialog = await opened(panel, unknown.id)
    asked = record_infos(simulator)

    typed(dialog, "https://kie.ai/logs?taskId=1")  # refused here, KIE not asked
    assert dialog.problem.isVisible()
    assert dialog.problem.text().startswith("That is not a task ID")
    assert record_infos(simulator) == asked

    typed(dialog, other_task)
    assert dialog.checking and dialog.busy.isVisible() and dialog.edit.isReadOnly()
    await until(lambda: not dialog.checking)
    assert dialog.isVisible()
    assert dialog.problem.text() == (
        f"Task “{other_task}” was made for another prompt, “a paper boat”, not this job's: "
        "it was not taken, and the job was left as it was."
    )
    assert session.ledger.get(unknown.id).state is JobState.UNKNOWN  # type: ignore[union-attr]

    closed = closings(dialog)
    typed(dialog, f" {own_task} ")
    await until(lambda: bool(closed))
    assert notices[-1] == "“a coin toss” follows the task you entered; nothing is paid again."
    await until(
        lambda: panel.model.snapshot(panel.model.row_of(unknown.id)).state is JobState.COMPLETED
    )
    assert simulator.generate_count("a coin toss") == 1  # the test's own: never sent again


async def test_a_task_id_pasted_with_invisible_characters_brings_the_image(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """A task id copied from a web page (the logs on kie.ai) or from the window's own words
    (isolated, U+2068 … U+2069) brings invisible characters with it: kept, the id was
    refused or KIE was asked about another task. None is kept, and the job follows it."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    dialog = await opened(panel, unknown.id)
    closed = closings(dialog)

    assert pasted(dialog.edit, f"\u2068\u200b{task_id}\ufeff\u2069") == task_id
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    await until(lambda: bool(closed))
    await until(
        lambda: panel.model.snapshot(panel.model.row_of(unknown.id)).state is JobState.COMPLETED
    )


@pytest.fixture(params=["en", "zh_CN"])
def language(
    request: pytest.FixtureRequest, qapp: QApplication, compiled_catalogues: Path
) -> Iterator[str]:
    """The window in English, then in Chinese (its words wrap at other widths), each
    installed as the app installs it at its start (its dates written the language's way)."""
    installed = translations.install(qapp, request.param, compiled_catalogues)
    assert installed.language == request.param
    yield request.param
    installed.remove()


async def test_the_refusal_is_said_right_under_the_field_in_either_language(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject], language: str
) -> None:
    """In Chinese a large empty gap parted the field from the refusal under it: the box
    took the height its words need at a width narrower than its least, and the wrapped
    words, shown wider, left the rest empty."""
    unknown = add_job(session, JobState.UNKNOWN, "a paper boat", error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    dialog = await opened(panel, unknown.id)
    typed(dialog, "https://kie.ai/logs?taskId=1")  # refused here, KIE not asked
    await until(dialog.problem.isVisible)
    for words in (dialog.intro, dialog.problem):
        assert words.height() == words.heightForWidth(words.width())
    spacing = dialog.layout().spacing()
    assert dialog.problem.geometry().top() - dialog.edit.geometry().bottom() - 1 == spacing
    dialog.reject()


async def test_the_refusal_of_a_deleted_artwork_s_task_writes_its_date_as_the_language_does(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject], language: str
) -> None:
    """The refusal named the day the artwork was deleted as "2026-05-04 14:03" in either
    language: the window writes its dates as its language does everywhere else."""
    first = add_job(session, JobState.UNKNOWN, "a heron deleted", error_kind="outcome_unknown")
    task_id = await session.engine.client.generate(GenerateRequest("a heron deleted"))
    await session.engine.attach_task(first.id, task_id)
    assert (await session.engine.wait_for(first.id)).state is JobState.COMPLETED
    await session.engine.delete(first.id, for_good=True)
    second = add_job(session, JobState.UNKNOWN, "a heron deleted", error_kind="outcome_unknown")
    deleted = session.ledger.deleted_task(task_id, simulated=second.simulated)
    assert deleted is not None
    panel = await loaded_panel(bridge, owned)
    dialog = await opened(panel, second.id)

    typed(dialog, task_id)
    await until(lambda: not dialog.checking)

    moment = QDateTime.fromMSecsSinceEpoch(int(deleted.deleted_at * 1000))
    when = QLocale().toString(moment, QLocale.FormatType.ShortFormat)
    iso = time.strftime("%Y-%m-%d", time.localtime(deleted.deleted_at))
    assert when in dialog.problem.text() and iso not in dialog.problem.text()
    dialog.reject()


async def test_a_job_resubmitted_while_the_box_is_open_takes_no_task_the_box_says(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """The job was sent again while its box was open (Resubmit in the window, now that it
    is the artist's; a command's): the box stayed as it was, Use this task on, and met
    "“…” is running already" once pressed. The box says at once that the job needs no task
    ID now, as it goes on (completed, too), Use this task off, and nothing is asked."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    dialog = await opened(panel, unknown.id)
    dialog.edit.setText(task_id)
    simulator.update(generate_delay_s=1.0)  # KIE takes the send a moment

    await session.engine.resubmit(unknown.id)

    await until(lambda: dialog.problem.isVisible())
    assert dialog.problem.text() == (
        "“a coin toss” was carried on or answered meanwhile: it needs no task ID now."
    )
    assert not dialog.use_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"
    asked = record_infos(simulator)
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert not dialog.checking and record_infos(simulator) == asked
    await until(lambda: "completed" in dialog.problem.text())
    assert dialog.problem.text() == "“a coin toss” has completed meanwhile: it needs no task ID."
    assert dialog.task_id() == task_id
    assert session.ledger.get(unknown.id).task_id != task_id  # type: ignore[union-attr]


async def test_a_job_renamed_while_its_box_is_open_is_named_by_its_new_title(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not modal, the box lets the artist rename the job meanwhile: the box and the status
    bar went on naming it by the title it had as the box opened."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    notices = notices_of(panel.job_actions)
    monkeypatch.setattr(panel, "ask_title", lambda _snapshot: "heads or tails")
    dialog = await opened(panel, unknown.id)
    closed = closings(dialog)

    panel.commands["rename"].trigger()
    await until(lambda: "“heads or tails”" in dialog.intro.text())
    typed(dialog, task_id)
    await until(lambda: bool(closed))

    assert notices[-1] == "“heads or tails” follows the task you entered; nothing is paid again."


GONE_WORDS = "“a coin toss” was deleted by another program, so this task ID cannot be given to it."


async def test_a_job_another_program_deleted_before_the_check_leaves_the_library_at_once(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """The check found the job deleted by another program, which the window had not heard
    of yet: the box said so, and its tile stayed until the library was next read, 15 s or
    more later; then the box went, the words in the window's banner, the ID pasted with it.
    The tile goes at once; the box stays and says so, as Rename's does, the ID kept."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    gone = deletions(bridge)
    errors = banner_messages(bridge)
    dialog = await opened(panel, unknown.id)
    session.ledger.delete(unknown.id)  # a command's, say

    typed(dialog, task_id)
    await until(lambda: not dialog.checking)

    assert panel.model.row_of(unknown.id) is None
    assert gone == [unknown.id]
    assert boxes_of(unknown.id) == [dialog]
    assert dialog.problem.text() == GONE_WORDS
    assert not dialog.use_button.isEnabled() and dialog.task_id() == task_id
    assert errors == []


async def test_the_box_of_a_job_another_program_deletes_says_so_and_keeps_the_id(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """The library found the job deleted by another program (the command line) while its
    box was open: the box vanished without a word, with the task ID the artist had pasted
    from kie.ai. As Rename and Edit details do, it says so at once, and keeps the ID."""
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    panel.model._outside.setInterval(50)  # another program's write is seen sooner
    dialog = await opened(panel, unknown.id)
    dialog.edit.setText("task-pasted-from-kie")

    deleted_by_another_program(session, unknown)
    await until(lambda: panel.model.row_of(unknown.id) is None)

    assert boxes_of(unknown.id) == [dialog]
    assert dialog.problem.text() == GONE_WORDS
    assert dialog.task_id() == "task-pasted-from-kie"
    assert not dialog.use_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"


async def test_a_job_a_command_deletes_while_kie_is_asked_is_never_said_to_follow_the_task(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KIE may take up to 40 s: that is when a command's delete lands. The write that gives
    the task found the row gone once the box's Cancel was too late; told the job deleted,
    the box said "Too late to cancel: the job follows this task now." of a job that was no
    more. It says the job was deleted by another program, and gave it nothing."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    notices = notices_of(panel.job_actions)
    dialog = await opened(panel, unknown.id)
    busy: list[str] = []
    said = dialog.busy.setText
    monkeypatch.setattr(dialog.busy, "setText", lambda text: (busy.append(text), said(text)))
    client = session.engine.client
    asked = client.record_info

    async def deleted_meanwhile(*args: Any, **kwargs: Any) -> Any:
        answer = await asked(*args, **kwargs)
        deleted_by_another_program(session, unknown)
        return answer

    monkeypatch.setattr(client, "record_info", deleted_meanwhile)
    typed(dialog, task_id)
    await until(lambda: not dialog.checking)

    assert panel.model.row_of(unknown.id) is None
    assert boxes_of(unknown.id) == [dialog]
    assert dialog.problem.text() == GONE_WORDS
    assert "Too late to cancel: the job follows this task now." not in busy
    assert not any("follows the task" in words for words in notices)


async def test_the_preview_of_an_unknown_job_offers_it_beside_its_words(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    failed = add_job(session, JobState.FAILED, "a broken vase", error_kind="server")
    preview = PreviewPanel(bridge)
    owned.append(preview)
    preview.resize(500, 600)
    preview.show()

    preview.show_snapshot(failed)
    assert not preview.task_id_button.isVisibleTo(preview)
    preview.show_snapshot(unknown)
    await until(lambda: preview.task_id_button.isVisibleTo(preview))
    assert preview.task_id_button.text() == "Enter task ID"  # a button's word, as Resubmit's
    assert preview.task_id_button.isEnabled()


async def test_in_a_row_one_button_short_enter_task_id_gives_way_not_delete(
    bridge: Bridge, session: Session, simulator: Any, owned: list[QObject]
) -> None:
    """Enter task ID is rarely of use, Delete always: where the row had room for its six
    buttons before, the new one goes into More, and Delete stays in sight."""
    add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    panel.resize(1600, 640)
    panel.show()
    await until(lambda: all(b.isVisible() for b in panel.buttons.values()))
    width = panel.width()
    while all(b.isVisible() for b in panel.buttons.values()):  # narrower, until one goes
        width -= 4
        panel.resize(width, 640)
        await asyncio.sleep(0)

    gone = [key for key, button in panel.buttons.items() if not button.isVisible()]
    assert gone == ["enter_task_id"]


async def test_cancel_while_kie_is_asked_calls_the_check_off(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KIE slow to answer, the artist presses Cancel: the box closed, but its check ran on,
    and the job followed the task all the same, only the status bar saying so. Now the
    check is called off: the job is left as it was, and a new box takes the ID again."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    notices = notices_of(panel.job_actions)
    answer = checks_held(session, monkeypatch)
    first = await opened(panel, unknown.id)
    ended: list[None] = []
    first.destroyed.connect(lambda *_: ended.append(None))
    await being_asked(first, task_id, simulator)

    first.reject()
    assert not first.isVisible()
    await until(lambda: bool(ended))  # the box is let go once its check has ended

    answer.set()
    assert session.ledger.get(unknown.id) == unknown
    assert not any("follows the task" in words for words in notices)
    second = await opened(panel, unknown.id)
    closed = closings(second)
    typed(second, task_id)
    await until(lambda: bool(closed))
    assert notices[-1] == "“a coin toss” follows the task you entered; nothing is paid again."
    assert session.ledger.get(unknown.id).task_id == task_id  # type: ignore[union-attr]


def held_in_the_write(
    ledger: Any, monkeypatch: pytest.MonkeyPatch, name: str, *, call: int = 1
) -> tuple[threading.Event, threading.Event]:
    """Hold the ledger writer's thread in its ``call``-th call of ``ledger.name`` until
    the second event is set; the first says it is held."""
    held, go_on = threading.Event(), threading.Event()
    calls: list[None] = []
    original = getattr(ledger, name)

    def holding(*args: Any, **kwargs: Any) -> Any:
        calls.append(None)
        if len(calls) == call:
            held.set()
            assert go_on.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(ledger, name, holding)
    return held, go_on


async def test_cancel_as_the_write_waits_still_calls_the_check_off(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KIE has answered and the write that gives the job the task is under way, but has
    not yet checked the row (the library busy, say): Cancel still wins, whole."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    # The look for an artwork following the task: before KIE is asked, and in the write.
    held, go_on = held_in_the_write(session.ledger, monkeypatch, "find_by_task", call=2)
    dialog = await opened(panel, unknown.id)
    typed(dialog, task_id)
    await until(held.is_set)

    dialog.reject()
    assert not dialog.isVisible()
    go_on.set()
    await session.engine._writer.submit(lambda: None)  # after the write held

    assert session.ledger.get(unknown.id) == unknown


async def test_cancel_once_the_task_is_being_written_says_it_is_too_late(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The write that gives the job the task has begun: it is the point of no return, and
    Cancel says so in the box, which closes as the write lands, the status bar saying the
    job follows the task."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    notices = notices_of(panel.job_actions)
    held, go_on = held_in_the_write(session.ledger, monkeypatch, "transition")
    dialog = await opened(panel, unknown.id)
    closed = closings(dialog)
    typed(dialog, task_id)
    await until(held.is_set)

    dialog.reject()
    assert dialog.isVisible() and dialog.busy.isVisible()
    assert dialog.busy.text() == "Too late to cancel: the job follows this task now."
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).isEnabled()
    go_on.set()
    await until(lambda: bool(closed))

    assert notices[-1] == "“a coin toss” follows the task you entered; nothing is paid again."
    assert session.ledger.get(unknown.id).task_id == task_id  # type: ignore[union-attr]


def clicked_in_the_window(panel: LibraryPanel, snapshot: Snapshot) -> None:
    """A click on the tile of ``snapshot`` as the platform hands it to the window: a box
    modal to the window holds it back (one sent to the grid's widget itself would pass)."""
    row = panel.model.row_of(snapshot.id)
    assert row is not None
    tile = panel.view.visualRect(panel.model.index(row)).center()
    at = panel.view.viewport().mapTo(panel.window(), tile)
    window = panel.window().windowHandle()
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def boxes_of(job_id: int) -> list[TaskIdDialog]:
    """The Enter task ID boxes shown for ``job_id``, from whichever panel."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, TaskIdDialog) and widget.snapshot.id == job_id and widget.isVisible()
    ]


async def test_while_kie_is_asked_the_window_stays_in_the_artist_s_hands(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KIE may take up to 40 s to answer: the box held the whole window meanwhile, the
    library, the Generate tab and the other jobs out of reach. The window is the artist's
    while it checks, and Enter task ID pressed again for the job, in either panel, brings
    up the box open for it, never a second one."""
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    other = add_job(session, JobState.FAILED, "a broken vase", error_kind="server")
    task_id = await session.engine.client.generate(GenerateRequest("a coin toss"))
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.row_of(other.id) is not None)
    answer = checks_held(session, monkeypatch)
    dialog = await opened(panel, unknown.id)
    await being_asked(dialog, task_id, simulator)

    clicked_in_the_window(panel, other)
    assert panel.current_snapshot().id == other.id  # type: ignore[union-attr]
    assert QApplication.activeModalWidget() is None
    panel.select_job(unknown.id)
    await until(lambda: panel.commands["enter_task_id"].isEnabled())
    panel.commands["enter_task_id"].trigger()
    preview = PreviewPanel(bridge)
    owned.append(preview)
    preview.show_snapshot(unknown)
    await until(lambda: preview.commands["enter_task_id"].isEnabled())
    preview.commands["enter_task_id"].trigger()
    assert boxes_of(unknown.id) == [dialog] and dialog.checking

    closed = closings(dialog)
    answer.set()
    await until(lambda: bool(closed))
    assert session.ledger.get(unknown.id).task_id == task_id  # type: ignore[union-attr]


async def test_resubmit_pressed_while_kie_is_asked_sends_nothing_and_brings_the_box_up(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The window is the artist's while the box asks KIE about the task: a Resubmit pressed
    then won the race (KIE takes seconds to answer) and sent the job again, charged a second
    time, though the task entered was the one KIE had made; the box then said the job "has
    completed meanwhile: there is nothing to send again". Pressed while the box checks,
    Resubmit asks nothing and sends nothing, the status bar says why, and the job follows
    the task entered."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    questions = agreed(panel, monkeypatch)
    notices = notices_of(panel.job_actions)
    answer = checks_held(session, monkeypatch)
    dialog = await opened(panel, unknown.id)
    closed = closings(dialog)
    await being_asked(dialog, task_id, simulator)

    assert panel.commands["resubmit"].isEnabled()
    panel.commands["resubmit"].trigger()
    assert notices[-1] == (
        "The task ID entered for “a coin toss” is being checked: the job is left as it is "
        "until then."
    )
    answer.set()
    await until(lambda: bool(closed))
    await bridge.wait_idle()

    assert questions == []
    assert simulator.generate_count("a coin toss") == 1  # the test's own: never sent again
    assert session.ledger.get(unknown.id).task_id == task_id  # type: ignore[union-attr]
    assert notices[-1] == "“a coin toss” follows the task you entered; nothing is paid again."


async def test_a_job_that_completed_while_kie_was_asked_needs_no_task_the_box_says(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A command resubmitted the job while KIE was asked about the task, and it completed:
    the box said there was "nothing to send again", Retry's and Resubmit's words, though
    nothing was to be sent."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    dialog = await opened(panel, unknown.id)
    client = session.engine.client
    asked = client.record_info

    async def completed_meanwhile(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(client, "record_info", asked)  # the resubmitted job's own polls
        answer = await asked(*args, **kwargs)
        await session.engine.resubmit(unknown.id)  # a command's, say
        assert (await session.engine.wait_for(unknown.id)).state is JobState.COMPLETED
        return answer

    monkeypatch.setattr(client, "record_info", completed_meanwhile)
    typed(dialog, task_id)
    await until(lambda: not dialog.checking)

    assert dialog.problem.text() == "“a coin toss” has completed meanwhile: it needs no task ID."


async def test_the_box_of_a_job_the_artist_deletes_meanwhile_goes_with_it(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The window is in the artist's hands while the box is open: deleted from the library
    then, the job is no longer there to be given a task, and its box closes. Left open, it
    said the job was "deleted by another program" once Use this task was pressed."""
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    dialog = await opened(panel, unknown.id)
    closed = closings(dialog)
    dialog.edit.setText("task-of-the-logs")

    panel.commands["delete"].trigger()
    await until(lambda: session.ledger.get(unknown.id) is None)

    await until(lambda: bool(closed))
    assert boxes_of(unknown.id) == []


async def test_a_check_that_first_waits_for_a_cancelled_send_s_answer_says_so(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The job was cancelled while its send was out: the check waits for that send's
    answer first (it may be the task itself), up to the request's timeout, before KIE is
    asked about the task entered. The box said "Asking KIE about this task…" all along."""
    cut = Faults(truncate=1.0, endpoints=frozenset({GENERATE}))  # no task id in the answer
    simulator.update(faults=cut)
    sent = sends_held(session, monkeypatch)
    checked = checks_held(session, monkeypatch)
    panel = await loaded_panel(bridge, owned)
    job = await session.engine.submit(GenerateRequest("a fox cancelled while out"))
    await until(lambda: session.engine.answer_awaited(job.id))
    await session.engine.cancel(job.id)
    simulator.update(faults=Faults())  # the send's own fault was drawn as it came
    await until(lambda: simulator.tasks_for_prompt("a fox cancelled while out"))
    (task,) = simulator.tasks_for_prompt("a fox cancelled while out")
    dialog = await opened(panel, job.id)
    closed = closings(dialog)
    assert session.engine.answer_awaited(job.id)
    asked = record_infos(simulator)

    typed(dialog, task.task_id)
    assert dialog.busy.text() == (
        "Waiting for KIE's answer to this job's cancelled send first; then KIE is asked "
        "about this task…"
    )
    await asyncio.sleep(0.2)  # time enough for a check that did not wait to ask KIE
    assert dialog.checking and record_infos(simulator) == asked
    sent.set()
    await until(lambda: record_infos(simulator) > asked)
    assert dialog.busy.text() == "Asking KIE about this task…"

    checked.set()
    await until(lambda: bool(closed))
    assert session.ledger.get(job.id).task_id == task.task_id  # type: ignore[union-attr]
    assert simulator.generate_count("a fox cancelled while out") == 1


async def cancelled_while_out(
    session: Session, simulator: Any, monkeypatch: pytest.MonkeyPatch, prompt: str
) -> tuple[Snapshot, str, asyncio.Event]:
    """A job cancelled while its send was out, the task KIE makes for it (once the simulator
    has read the send: the engine counts it out as it starts to go, which a busy machine
    may take a moment to deliver), and the Event that lets the answer to that send, held
    till then (:func:`sends_held`), reach the app."""
    before = {task.task_id for task in simulator.tasks_for_prompt(prompt)}
    answer = sends_held(session, monkeypatch, prompt)
    job = await session.engine.submit(GenerateRequest(prompt))
    await until(lambda: session.engine.answer_awaited(job.id))
    cancelled = await session.engine.cancel(job.id)

    def made() -> list[str]:
        return [t.task_id for t in simulator.tasks_for_prompt(prompt) if t.task_id not in before]

    await until(made)
    (task_id,) = made()
    return cancelled, task_id, answer


async def test_a_late_answer_that_is_the_very_task_entered_closes_the_box_and_says_so(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The box waits for the answer to the job's cancelled send before KIE is asked about
    the task entered. When that answer was the task itself, the job had it, cancelled, and
    Retry fetches its image for free; the box said in red "Only a job whose outcome is
    unknown can be given a task ID", and KIE was never asked. It closes, and the status bar
    says what happened and what Retry does."""
    panel = await loaded_panel(bridge, owned)
    notices = notices_of(panel.job_actions)
    job, task_id, answer = await cancelled_while_out(
        session, simulator, monkeypatch, "a fox cancelled while out"
    )
    dialog = await opened(panel, job.id)
    closed = closings(dialog)

    typed(dialog, task_id)
    assert dialog.busy.text().startswith("Waiting for KIE's answer")
    answer.set()
    await until(lambda: bool(closed))

    assert notices[-1] == (
        "KIE's answer to the cancelled send of “a fox cancelled while out” was the task you "
        "entered: the job keeps it. Retry fetches the image KIE made, without paying again."
    )
    kept = session.ledger.get(job.id)
    assert kept is not None and kept.state is JobState.CANCELLED and kept.task_id == task_id
    assert simulator.generate_count("a fox cancelled while out") == 1

    panel.select_job(job.id)  # as the status bar says: Retry fetches it, sent nowhere again
    await until(lambda: panel.commands["retry"].isEnabled())
    panel.commands["retry"].trigger()
    await until(lambda: session.ledger.get(job.id).state is JobState.COMPLETED)  # type: ignore[union-attr]
    assert simulator.generate_count("a fox cancelled while out") == 1
    assert session.ledger.get(job.id).task_id == task_id  # type: ignore[union-attr]


CUT = Faults(truncate=1.0, endpoints=frozenset({GENERATE}))
"""KIE makes the task, and its answer to the send does not say which."""


async def cut_off_while_out(
    session: Session, simulator: Any, monkeypatch: pytest.MonkeyPatch, *prompts: str
) -> tuple[list[Snapshot], asyncio.Event]:
    """Jobs cancelled while their sends were out, the answers to those sends, without a
    task id (:data:`CUT`), held until the Event returned is set (:func:`sends_held`): a
    Resubmit waits for them, then sends each again. They came in 8 s before, which a
    loaded machine could outlast."""
    answer = sends_held(session, monkeypatch, *prompts)
    simulator.update(faults=CUT)
    jobs = [await session.engine.submit(GenerateRequest(prompt)) for prompt in prompts]
    await until(lambda: all(session.engine.answer_awaited(job.id) for job in jobs))
    # A send is out as it begins; on a loaded machine the simulator may not have it yet.
    await until(lambda: all(simulator.tasks_for_prompt(prompt) for prompt in prompts))
    cancelled = [await session.engine.cancel(job.id) for job in jobs]
    simulator.update(faults=Faults())  # each send's own fault was drawn as it came
    return cancelled, answer


def waiting_words(title: str) -> str:
    """What a Retry or Resubmit of ``title`` waiting for its cancelled send's answer says."""
    return (
        f"“{title}”: waiting for KIE's answer to its cancelled send first; then it is carried on."
    )


async def test_use_this_task_while_a_resubmit_waits_for_the_cancelled_send_checks_nothing(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The box was open as Resubmit was pressed and answered, which waits for the answer to
    the job's cancelled send; Use this task pressed then began the check, which waited for
    that answer too: the Resubmit got there first and sent the job again, charged, though
    the task entered may well have been the one KIE made, and the box then said the job
    "was carried on or answered meanwhile". The box checks nothing: it says the Resubmit
    waits, as Enter task ID pressed then does."""
    panel = await loaded_panel(bridge, owned)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    (job,), answer = await cut_off_while_out(
        session, simulator, monkeypatch, "a fox cancelled while out"
    )
    (task,) = simulator.tasks_for_prompt("a fox cancelled while out")
    dialog = await opened(panel, job.id)
    await until(lambda: panel.commands["resubmit"].isEnabled())
    panel.commands["resubmit"].trigger()
    await until(lambda: job.id in bridge.awaiting_answer)

    typed(dialog, task.task_id)

    assert not dialog.checking
    assert dialog.problem.text() == waiting_words("a fox cancelled while out")
    answer.set()
    await until(lambda: simulator.generate_count("a fox cancelled while out") == 2)  # Resubmit's
    await bridge.wait_idle()
    assert not dialog.checking


async def test_while_resubmit_of_several_waits_enter_task_id_opens_no_box_nor_checks(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Resubmit of several (answered) waits for the answers to the jobs' cancelled sends,
    which the window knew only of Resubmit of one: Enter task ID of one opened its box,
    and Use this task there, or in a box open before, checked while the Resubmit went on
    to send that job again, charged. Neither checks now; each says the Resubmit waits."""
    panel = await loaded_panel(bridge, owned)
    asked = agreed(panel, monkeypatch)
    notices = notices_of(panel.job_actions)
    jobs, answer = await cut_off_while_out(
        session, simulator, monkeypatch, "a fox out 0", "a fox out 1"
    )
    (task,) = simulator.tasks_for_prompt("a fox out 1")
    await until(lambda: all(panel.model.row_of(job.id) is not None for job in jobs))
    dialog = await opened(panel, jobs[1].id)
    panel.view.selectAll()
    await until(lambda: panel.commands["resubmit"].text() == "R&esubmit 2 jobs…")
    panel.commands["resubmit"].trigger()
    await until(lambda: bool(asked))  # answered: it waits for the two answers now
    assert session.engine.answer_awaited(jobs[0].id)

    typed(dialog, task.task_id)
    panel.select_job(jobs[0].id)
    await until(lambda: panel.commands["enter_task_id"].isEnabled())
    panel.commands["enter_task_id"].trigger()

    assert not dialog.checking
    assert dialog.problem.text() == waiting_words("a fox out 1")
    assert boxes_of(jobs[0].id) == []
    assert notices[-1] == waiting_words("a fox out 0")
    answer.set()
    await until(lambda: [simulator.generate_count(job.prompt) for job in jobs] == [2, 2])
    await bridge.wait_idle()
    assert not dialog.checking


async def test_resubmit_of_several_leaves_and_says_the_jobs_whose_task_id_is_checked(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three of unknown outcome selected, the task ID of one being checked as Resubmit was
    pressed, of another from just after (as the artworks kept were read, before the
    question): Resubmit of several left the first out without a word ("Resubmitting 2
    jobs." of three selected), and sent the second again, charged, though the task entered
    may well have been the one KIE made. Both are left, and said so; each follows its task."""
    unknown = [
        add_job(session, JobState.UNKNOWN, f"a coin toss {n}", error_kind="outcome_unknown")
        for n in range(3)
    ]
    tasks = [await session.engine.client.generate(GenerateRequest(j.prompt)) for j in unknown]
    panel = await loaded_panel(bridge, owned)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    notices = notices_of(panel.job_actions)
    answer = checks_held(session, monkeypatch)
    boxes = [await opened(panel, job.id) for job in unknown[:2]]
    closed = closings(*boxes)
    typed(boxes[0], tasks[0])

    panel.view.selectAll()
    await until(lambda: panel.commands["resubmit"].text() == "R&esubmit 3 jobs…")
    panel.commands["resubmit"].trigger()
    typed(boxes[1], tasks[1])
    await until(lambda: any(n.startswith("Resubmitting") for n in notices))

    assert notices[-1] == (
        "Resubmitting 1 job. Left as they are: 2 whose task ID is being checked."
    )
    answer.set()
    await until(lambda: len(closed) == 2)
    # The checks no longer take seconds the Resubmit's send was out in: it may still be going.
    await until(lambda: simulator.generate_count(unknown[2].prompt) == 2)
    await bridge.wait_idle()
    assert [simulator.generate_count(job.prompt) for job in unknown] == [1, 1, 2]
    assert [session.ledger.get(job.id).task_id for job in unknown[:2]] == tasks[:2]  # type: ignore[union-attr]


async def test_resubmit_as_its_box_begins_a_check_asks_nothing_and_sends_nothing(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Use this task pressed just after Resubmit, as the artworks kept for the job were
    read: Resubmit asked its question all the same, and, answered, sent the job again,
    charged, while KIE was asked about the task entered. It asks nothing, sends nothing,
    and says why, as when pressed while the box checks."""
    unknown, task_id = await unknown_and_its_task(session)
    panel = await loaded_panel(bridge, owned)
    questions = agreed(panel, monkeypatch)
    notices = notices_of(panel.job_actions)
    answer = checks_held(session, monkeypatch)
    dialog = await opened(panel, unknown.id)
    closed = closings(dialog)

    panel.commands["resubmit"].trigger()
    typed(dialog, task_id)
    await until(lambda: bool(notices))  # the Resubmit's word, the check under way
    answer.set()
    await until(lambda: bool(closed))
    await bridge.wait_idle()

    assert questions == []
    assert notices[0] == (
        "The task ID entered for “a coin toss” is being checked: the job is left as it is "
        "until then."
    )
    assert simulator.generate_count("a coin toss") == 1  # the test's own: never sent again
    assert session.ledger.get(unknown.id).task_id == task_id  # type: ignore[union-attr]


async def test_a_late_answer_with_another_task_says_the_job_has_its_own(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The answer to the job's cancelled send, which the box waited for, was a task other
    than the one entered: the box said "Only a job whose outcome is unknown can be given a
    task ID; this one's outcome is known." It says the job has a task of its own now, which
    Retry follows, and takes none."""
    panel = await loaded_panel(bridge, owned)
    other = await session.engine.client.generate(GenerateRequest("a fox cancelled while out"))
    job, own, answer = await cancelled_while_out(
        session, simulator, monkeypatch, "a fox cancelled while out"
    )
    dialog = await opened(panel, job.id)

    typed(dialog, other)
    assert dialog.checking
    answer.set()
    await until(lambda: not dialog.checking)

    assert dialog.problem.text() == (
        f"KIE answered a send of “a fox cancelled while out” meanwhile with its task, “{own}”: "
        "Retry fetches its image without paying again; it needs no task ID."
    )
    assert not dialog.use_button.isEnabled() and dialog.task_id() == other
    assert session.ledger.get(job.id).task_id == own  # type: ignore[union-attr]


async def test_the_box_goes_with_the_window_its_check_called_off(
    session: Session, bridge: Bridge, simulator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not modal, the box no longer keeps the window from closing: it stayed on screen
    after the window had gone, usable, its check running on, until the session closed,
    which the app does only once a Generate pressed has made its jobs (up to 30 s). It goes
    as the window closes, as its Cancel would, and the job is left as it was."""
    unknown, task_id = await unknown_and_its_task(session)
    window = await open_window(session, bridge)
    try:
        checks_held(session, monkeypatch)  # never answered: the window's close calls it off
        await until(lambda: window.library.model.row_of(unknown.id) is not None)
        dialog = await opened(window.library, unknown.id)
        closed = closings(dialog)
        await being_asked(dialog, task_id, simulator)

        window.close()  # the app closes its session only later (app._until_closed)

        assert closed and boxes_of(unknown.id) == []
        assert not bridge.closed
    finally:
        await close_window(window)
    assert session.ledger.get(unknown.id) == unknown


async def test_resubmit_of_several_pressed_again_while_it_waits_asks_nothing(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Resubmit of two, answered, waits for the answer to the cancelled send of one before
    sending either. Before, it said nothing while it waited, and only that one was marked:
    pressed again meanwhile, Resubmit asked about the other, "a coin toss", a second time
    and sent it, the first then saying "One had changed meanwhile" of the artist's own
    press; Enter task ID opened its box. Now the waiting words are said, and a second
    Resubmit or Enter task ID leaves both jobs, said so."""
    (out,), answer = await cut_off_while_out(session, simulator, monkeypatch, "a fox out")
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    asked = agreed(panel, monkeypatch)
    notices = notices_of(panel.job_actions)
    await until(lambda: panel.model.row_of(unknown.id) is not None)
    panel.view.selectAll()
    await until(lambda: panel.commands["resubmit"].text() == "R&esubmit 2 jobs…")
    panel.commands["resubmit"].trigger()
    await until(lambda: out.id in bridge.awaiting_answer)
    assert notices == [waiting_words("a fox out")]

    panel.commands["resubmit"].trigger()  # pressed again while it waits
    await until(lambda: len(notices) == 2)
    panel.select_job(unknown.id)
    await until(lambda: panel.commands["enter_task_id"].isEnabled())
    panel.commands["enter_task_id"].trigger()

    assert len(asked) == 1
    assert boxes_of(unknown.id) == []
    assert notices[2] == (
        "“a coin toss” is being resubmitted already: the Resubmit pressed before sends it."
    )
    answer.set()
    await until(lambda: simulator.generate_count("a fox out") == 2)
    await bridge.wait_idle()
    assert simulator.generate_count("a coin toss") == 1
    assert notices[-1] == "Resubmitting 2 jobs."


async def test_resubmit_of_several_never_sends_a_job_sent_again_while_it_waits(
    bridge: Bridge,
    session: Session,
    simulator: Any,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Resubmit of two, answered, waits for the answer to the cancelled send of one; the
    other, "a coin toss", is resubmitted meanwhile beside the window (the engine's own
    resubmit, as `kontext-studio resubmit` does), and that send's answer is cut off too
    (KIE made its task): its outcome is unknown again. Before, the first Resubmit then
    sent it a third time, unasked: two tasks made and charged after the one the artist
    was asked about. Now it is left, said to have changed meanwhile."""
    (out,), answer = await cut_off_while_out(session, simulator, monkeypatch, "a fox out")
    unknown = add_job(session, JobState.UNKNOWN, "a coin toss", error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    agreed(panel, monkeypatch)
    notices = notices_of(panel.job_actions)
    await until(lambda: panel.model.row_of(unknown.id) is not None)
    panel.view.selectAll()
    await until(lambda: panel.commands["resubmit"].text() == "R&esubmit 2 jobs…")
    panel.commands["resubmit"].trigger()
    await until(lambda: out.id in bridge.awaiting_answer)

    simulator.update(faults=CUT)  # "a fox out"'s answer still to come
    await session.engine.resubmit(unknown.id)
    await until(lambda: simulator.generate_count("a coin toss") == 1)
    await until(lambda: session.ledger.get(unknown.id).state is JobState.UNKNOWN)  # type: ignore[union-attr]
    simulator.update(faults=Faults())
    assert not answer.is_set() and out.id in bridge.awaiting_answer
    answer.set()
    await until(lambda: simulator.generate_count("a fox out") == 2)
    await bridge.wait_idle()

    assert session.ledger.get(unknown.id).submit_count == unknown.submit_count + 1  # type: ignore[union-attr]
    assert simulator.generate_count("a coin toss") == 1
    assert notices[-1] == "Resubmitting 1 job. One had changed meanwhile and was not resubmitted."


async def test_at_24_pt_its_words_are_shown_whole_on_the_screen(
    huge_font: None, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Qt sized the box no wider nor taller than 2/3 of the screen: at 24 pt its intro
    (a long prompt quoted) was cut at its first and last lines. It is as wide as the screen
    lets it be, and as tall as its words are there."""
    toss = add_job(session, JobState.UNKNOWN, "a coin toss " * 12, error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    dialog = await opened(panel, toss.id)
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    intro = dialog.intro
    assert intro.height() >= intro.heightForWidth(intro.width())
    dialog.reject()


async def test_at_24_pt_on_a_laptop_the_box_grown_for_a_refusal_stays_on_the_screen(
    huge_font: None,
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The box grows for a refusal under its field: opened at the height of a long intro,
    in the middle of a small screen, it grew down past the screen's bottom edge, the
    refusal and Cancel out of sight."""
    free = QRect(0, 0, 1024, 700)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    toss = add_job(session, JobState.UNKNOWN, "a coin toss " * 36, error_kind="outcome_unknown")
    panel = await loaded_panel(bridge, owned)
    panel.window().setGeometry(free)  # maximised
    dialog = await opened(panel, toss.id)
    typed(dialog, "https://kie.ai/logs?taskId=1")  # refused here, KIE not asked
    await until(dialog.problem.isVisible)
    assert free.contains(dialog.frameGeometry()), (dialog.frameGeometry(), free)
    dialog.reject()
