"""Window actions that lose a race with another program (a command, another window) writing
the library between the window's read of an artwork and its act: what they say names the
artwork by its title, never the job's number, which the window shows nowhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from kontext_studio.jobs.states import JobState
from kontext_studio.session import Session
from kontext_studio.store.ledger import Ledger
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.details_dialog import DetailsDialog
from kontext_studio.ui.rename_dialog import RenameDialog
from tests.ui.conftest import until
from tests.ui.test_library import add_image, add_job, loaded_panel

RUNS_ALREADY = (
    "“a moth on a lamp” is running already: it was retried, resubmitted or resumed meanwhile, "
    "perhaps by another window or a command. Wait for it to end; the library shows how it goes."
)


def _retried_elsewhere(ledger: Ledger, job_id: int) -> None:
    ledger.transition(job_id, JobState.QUEUED)


def _completed_elsewhere(ledger: Ledger, job_id: int) -> None:
    ledger.transition(job_id, JobState.DOWNLOADING, result_url="https://example.com/a.png")
    ledger.transition(job_id, JobState.COMPLETED)


@pytest.mark.parametrize(
    ("command", "state", "meanwhile", "said"),
    [
        ("retry", JobState.FAILED, _retried_elsewhere, RUNS_ALREADY),
        ("resubmit", JobState.UNKNOWN, _retried_elsewhere, RUNS_ALREADY),
        (
            "retry",
            JobState.FAILED,
            _completed_elsewhere,
            "“a moth on a lamp” has completed meanwhile: there is nothing to send again.",
        ),
    ],
)
async def test_a_send_another_program_carried_on_meanwhile_names_it_by_its_title(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    state: JobState,
    meanwhile: Callable[[Ledger, int], None],
    said: str,
) -> None:
    """A command retries (or a retry completes) the job in the second or so before the
    window hears of it: Retry and Resubmit said "Job 1 is running already", "Job 1 has
    completed", the command line's words."""
    moth = add_job(session, state, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint: errors.append(message))
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    panel.select_job(moth.id)
    meanwhile(session.ledger, moth.id)
    panel.commands[command].trigger()
    await until(lambda: bool(errors))
    assert errors == [said]


async def test_a_retry_whose_job_changed_as_it_acted_names_it_by_its_title(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another program retries the job, and it fails again, between the engine's read of
    it and its move: "Nothing was done. (job 1 was cancelled, deleted or carried on
    elsewhere meanwhile)" before."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint: errors.append(message))
    engine = session.engine
    staked = engine._stake

    async def failed_again_elsewhere() -> None:
        session.ledger.transition(moth.id, JobState.QUEUED)
        session.ledger.transition(moth.id, JobState.SUBMITTING, submit_count=1)
        session.ledger.transition(moth.id, JobState.FAILED, error_kind="network")
        await staked()

    monkeypatch.setattr(engine, "_stake", failed_again_elsewhere)
    panel.select_job(moth.id)
    panel.commands["retry"].trigger()
    await until(lambda: bool(errors))
    assert errors == [
        "Nothing was done. Cause: “a moth on a lamp” was cancelled, deleted or carried on "
        "elsewhere meanwhile."
    ]


async def test_star_of_an_artwork_deleted_meanwhile_names_it_by_its_title(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A command deletes the artwork before the window hears of it: Star said "There is
    no job 1."."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint: errors.append(message))
    panel.select_job(moth.id)
    session.ledger.delete(moth.id)
    panel.commands["star"].trigger()
    await until(lambda: bool(errors))
    assert errors == [
        "“a moth on a lamp” was deleted by another program, so its star was not changed."
    ]


async def test_an_untitled_artwork_deleted_meanwhile_is_named_as_its_tile_names_it(
    bridge: Bridge, session: Session, owned: list[QObject], tmp_path: Path
) -> None:
    """An imported artwork whose title was emptied has no prompt to show either: its tile
    says "Untitled", and the words for it deleted meanwhile said "“” was deleted by another
    program", in the window's banner and in its Rename box."""
    sea = add_image(session, tmp_path, "", title="")
    panel = await loaded_panel(bridge, owned)
    errors: list[str] = []
    bridge.error.connect(lambda message, _hint: errors.append(message))
    box = RenameDialog(sea)
    owned.append(box)
    panel.select_job(sea.id)
    session.ledger.delete(sea.id)
    panel.commands["star"].trigger()
    await until(lambda: bool(errors))
    assert errors == ["“Untitled” was deleted by another program, so its star was not changed."]
    box.deleted(sea.id)
    assert box.problem.text() == (
        "“Untitled” was deleted by another program, so this title cannot be saved. Copy it to "
        "keep it."
    )


async def test_edit_details_of_an_untitled_artwork_deleted_meanwhile_names_it_untitled(
    bridge: Bridge, session: Session, owned: list[QObject], tmp_path: Path
) -> None:
    """Edit details, as Rename, names an imported artwork whose title was emptied as its
    tile does: it said "“” was deleted by another program." under its fields."""
    sea = add_image(session, tmp_path, "", title="")
    box = DetailsDialog([sea])
    owned.append(box)
    box.deleted(sea.id)
    assert box.problem.text() == "“Untitled” was deleted by another program."


async def test_delete_and_unpublish_of_an_untitled_artwork_ask_of_it_as_its_tile_names_it(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An imported artwork whose title was emptied, its tile saying "Untitled": Delete asked
    "Delete “”?" and Unpublish "Remove “” from your R2 bucket?"."""
    sea = add_image(session, tmp_path, "", title="")
    session.ledger.update(sea.id, published_key="artworks/sea.png", published_at=1.0)
    panel = await loaded_panel(bridge, owned)
    panel.publish_enabled = True
    questions: list[str] = []
    monkeypatch.setattr(panel, "confirm", lambda _title, text, *_: questions.append(text) and False)
    panel.select_job(sea.id)
    panel.commands["unpublish"].trigger()
    panel.commands["delete"].trigger()
    assert [question.split("\n")[0] for question in questions] == [
        "Remove “Untitled” from your R2 bucket?",
        "Delete “Untitled”?",
    ]
