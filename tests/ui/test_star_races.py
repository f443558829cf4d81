"""Star, and the other actions on artworks, against the library as it is: presses in quick
succession, and artworks another program (here a second connection to the library's file, as
a command has) deleted."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject

from kontext_studio.jobs.states import JobState
from kontext_studio.presets import Preset, load_presets, save_user_preset
from kontext_studio.session import Session
from kontext_studio.store.details import DetailsEdit
from kontext_studio.store.ledger import Ledger
from kontext_studio.ui import job_actions
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.generate_tab import GenerateTab
from tests.ui.conftest import banner_messages, deletions, until
from tests.ui.test_library import add_job, loaded_panel
from tests.ui.test_library_selection import notices_of


@pytest.fixture
def elsewhere(session: Session) -> Iterator[Ledger]:
    """Another program's own connection to the library's file."""
    other = Ledger.open(session.ledger.path)
    yield other
    other.close()


def starred(session: Session, job_id: int) -> bool:
    snap = session.ledger.get(job_id)
    assert snap is not None
    return snap.starred


async def test_star_pressed_twice_quickly_leaves_the_artwork_as_it_was(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """The second Ctrl+D came before the first's row came back: both read the window's
    copy, unstarred, and both starred it."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(moth.id)
    panel.commands["star"].trigger()
    assert panel.commands["star"].text() == "Unst&ar the selected artwork", "as pressed"
    panel.commands["star"].trigger()
    await bridge.wait_idle()
    assert not starred(session, moth.id)
    panel.commands["star"].trigger()
    await bridge.wait_idle()
    assert starred(session, moth.id)


async def test_star_of_several_pressed_twice_quickly_leaves_them_as_they_were(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Star twice quickly on a big selection starred them again."""
    ids = [add_job(session, JobState.FAILED, f"moth {n}").id for n in range(3)]
    panel = await loaded_panel(bridge, owned)
    panel.view.selectAll()
    await until(lambda: panel.commands["star"].text() == "St&ar 3 selected artworks")
    panel.commands["star"].trigger()
    assert panel.commands["star"].text() == "Unst&ar 3 selected artworks"
    panel.commands["star"].trigger()
    await bridge.wait_idle()
    assert not any(starred(session, job_id) for job_id in ids)


async def test_star_after_another_program_starred_it_stars_as_the_window_shows(
    bridge: Bridge, session: Session, owned: list[QObject], elsewhere: Ledger
) -> None:
    """The window shows the artwork unstarred and says Star: pressed, it is starred, as the
    artist asked, whatever another program did to the star meanwhile."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(moth.id)
    elsewhere.update(moth.id, starred=True)
    assert panel.commands["star"].text() == "St&ar the selected artwork"
    panel.commands["star"].trigger()
    await bridge.wait_idle()
    assert starred(session, moth.id)


async def test_star_of_an_artwork_another_program_deleted_takes_its_tile_away_at_once(
    bridge: Bridge, session: Session, owned: list[QObject], elsewhere: Ledger
) -> None:
    """The window said the artwork was deleted by another program and went on showing its
    tile until the next read of the library, up to 2 s later."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    kept = add_job(session, JobState.FAILED, "a lamp")
    panel = await loaded_panel(bridge, owned)
    errors = banner_messages(bridge)
    gone = deletions(bridge)
    panel.select_job(moth.id)
    elsewhere.delete(moth.id)
    panel.commands["star"].trigger()
    await until(lambda: bool(errors))
    assert errors == [
        "“a moth on a lamp” was deleted by another program, so its star was not changed."
    ]
    assert panel.model.row_of(moth.id) is None
    assert panel.model.row_of(kept.id) is not None
    assert gone == [moth.id], "every view is told, once"


async def test_star_waiting_its_turn_on_an_artwork_deleted_here_is_not_said_another_programs(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+D waited behind a Star of many being written (``Bridge.starring``) and the
    artist deleted the artwork meanwhile: the status bar said it was deleted, then the
    banner that "another program" had deleted it, so its star was not changed."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    add_job(session, JobState.FAILED, "a lamp")
    panel = await loaded_panel(bridge, owned)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    errors = banner_messages(bridge)
    gone = deletions(bridge)
    await bridge.starring.acquire()  # an earlier Star of thousands, being written
    panel.select_job(moth.id)
    panel.commands["star"].trigger()
    panel.commands["delete"].trigger()
    await until(lambda: gone == [moth.id] and not bridge.deleting)
    bridge.starring.release()
    await bridge.wait_idle()
    assert gone == [moth.id]
    assert errors == []


async def test_star_of_several_one_deleted_here_meanwhile_is_left_to_the_delete(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Star of three waits its turn; the artist deletes one of them meanwhile. The Delete
    says so: the Star neither tells the views of it again nor says another program deleted
    it."""
    ids = [add_job(session, JobState.FAILED, f"moth {n}").id for n in range(3)]
    panel = await loaded_panel(bridge, owned)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    said = notices_of(panel)
    gone = deletions(bridge)
    await bridge.starring.acquire()  # an earlier Star of thousands, being written
    panel.view.selectAll()
    await until(lambda: panel.commands["star"].text() == "St&ar 3 selected artworks")
    panel.commands["star"].trigger()
    panel.select_job(ids[1])
    await until(lambda: panel.commands["delete"].isEnabled())
    panel.commands["delete"].trigger()
    await until(lambda: gone == [ids[1]])
    bridge.starring.release()
    await bridge.wait_idle()
    assert gone == [ids[1]]
    assert not any("another program" in words for words in said), said
    assert starred(session, ids[0]) and starred(session, ids[2])


async def test_star_of_several_none_deleted_elsewhere_tells_its_changes_in_one_run(
    bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Every action of several told a run of changes together for the artworks it found
    deleted by another program, of none too: during a Delete of several, the library took
    out the tiles that Delete had deleted at once, not in its runs."""
    ids = [add_job(session, JobState.FAILED, f"moth {n}").id for n in range(3)]
    panel = await loaded_panel(bridge, owned)
    runs: list[bool] = []
    bridge.told_together.connect(runs.append)
    panel.view.selectAll()
    await until(lambda: panel.commands["star"].text() == "St&ar 3 selected artworks")
    panel.commands["star"].trigger()
    await bridge.wait_idle()
    assert all(starred(session, job_id) for job_id in ids)
    assert runs == [True, False]


async def test_star_of_several_some_deleted_elsewhere_takes_their_tiles_away(
    bridge: Bridge, session: Session, owned: list[QObject], elsewhere: Ledger
) -> None:
    ids = [add_job(session, JobState.FAILED, f"moth {n}").id for n in range(3)]
    panel = await loaded_panel(bridge, owned)
    gone = deletions(bridge)
    panel.view.selectAll()
    await until(lambda: panel.commands["star"].text() == "St&ar 3 selected artworks")
    said = notices_of(panel)
    elsewhere.delete(ids[1])
    panel.commands["star"].trigger()
    await bridge.wait_idle()
    assert panel.model.row_of(ids[1]) is None
    assert gone == [ids[1]]
    assert starred(session, ids[0]) and starred(session, ids[2])
    assert said == ["Starred 2 artworks. “moth 1” was deleted by another program."]


async def test_star_of_several_all_deleted_elsewhere_says_so(
    bridge: Bridge, session: Session, owned: list[QObject], elsewhere: Ledger
) -> None:
    """Every one chosen deleted by a command: the tiles went and nothing was said."""
    ids = [add_job(session, JobState.FAILED, f"moth {n}").id for n in range(2)]
    panel = await loaded_panel(bridge, owned)
    said = notices_of(panel)
    panel.view.selectAll()
    await until(lambda: panel.commands["star"].text() == "St&ar 2 selected artworks")
    for job_id in ids:
        elsewhere.delete(job_id)
    panel.commands["star"].trigger()
    await bridge.wait_idle()
    assert panel.model.rowCount() == 0
    assert said == ["2 artworks were deleted by another program."]


async def test_add_tags_to_several_some_deleted_elsewhere_takes_their_tiles_away(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    elsewhere: Ledger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Deleted by a command while Add tags' box was open: "Tags added to 2 artworks.", and
    its tile stayed until the library was next read, up to 2 s later."""
    ids = [add_job(session, JobState.FAILED, f"moth {n}").id for n in range(3)]
    panel = await loaded_panel(bridge, owned)
    gone = deletions(bridge)
    said = notices_of(panel)
    panel.view.selectAll()
    await until(lambda: panel.commands["details"].text() == "Add &tags to 3 artworks…")

    def deleted_meanwhile(*_asked: object) -> DetailsEdit:
        elsewhere.delete(ids[1])
        return DetailsEdit(tags="insect")

    monkeypatch.setattr(panel, "ask_details", deleted_meanwhile)
    panel.commands["details"].trigger()
    await until(lambda: bool(said))
    assert said == ["Tags added to 2 artworks. “moth 1” was deleted by another program."]
    assert panel.model.row_of(ids[1]) is None
    assert gone == [ids[1]]


async def test_add_tags_to_several_the_artist_deletes_as_it_writes_is_not_said_had_them(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both tagged, then deleted by this window's Delete before their rows came back: the
    status bar said "Deleted 2 artworks. The selected artworks had these tags already."
    They had not."""
    ids = [add_job(session, JobState.FAILED, f"moth {n}").id for n in range(2)]
    panel = await loaded_panel(bridge, owned)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    said = notices_of(panel)
    written, go_on = threading.Event(), threading.Event()
    add_tags = job_actions.add_tags

    def held(*args: Any) -> Any:
        done = add_tags(*args)
        written.set()
        assert go_on.wait(10)
        return done

    monkeypatch.setattr(job_actions, "add_tags", held)
    monkeypatch.setattr(panel, "ask_details", lambda *_asked: DetailsEdit(tags="insect"))
    panel.view.selectAll()
    await until(lambda: panel.commands["details"].text() == "Add &tags to 2 artworks…")
    panel.commands["details"].trigger()
    await until(written.is_set)
    gone = deletions(bridge)
    panel.commands["delete"].trigger()
    await until(lambda: sorted(gone) == ids)
    go_on.set()
    await bridge.wait_idle()
    assert said == ["Deleted 2 artworks."]


RETRY_OR_RESUBMIT = pytest.mark.parametrize(
    ("state", "command", "words"),
    [
        (JobState.FAILED, "retry", "Retrying 2 jobs."),
        (JobState.UNKNOWN, "resubmit", "Resubmitting 2 jobs."),
    ],
)
"""Retry of failed jobs and Resubmit of jobs whose outcome is unknown, with the words each
says of two it sends."""


@RETRY_OR_RESUBMIT
async def test_retry_or_resubmit_of_several_some_deleted_elsewhere_takes_their_tiles_away(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    elsewhere: Ledger,
    monkeypatch: pytest.MonkeyPatch,
    state: JobState,
    command: str,
    words: str,
) -> None:
    """Counted as "had changed meanwhile", and its tile stayed until the library was next
    read, up to 2 s later."""
    ids = [add_job(session, state, f"moth {n}").id for n in range(3)]
    panel = await loaded_panel(bridge, owned)
    gone = deletions(bridge)
    said = notices_of(panel)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    panel.view.selectAll()
    await until(lambda: panel.commands[command].isEnabled())
    elsewhere.delete(ids[1])
    panel.commands[command].trigger()
    await until(lambda: bool(said))
    assert said == [f"{words} “moth 1” was deleted by another program."]
    assert panel.model.row_of(ids[1]) is None
    assert gone == [ids[1]]


@pytest.mark.parametrize(
    ("command", "asked", "said"),
    [
        (
            "rename",
            "ask_title",
            "“a moth on a lamp” was deleted by another program, so its new title was not saved.",
        ),
        (
            "details",
            "ask_details",
            "“a moth on a lamp” was deleted by another program, so its details were not saved.",
        ),
    ],
)
async def test_rename_or_edit_details_of_an_artwork_deleted_elsewhere_takes_its_tile_away(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    elsewhere: Ledger,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    asked: str,
    said: str,
) -> None:
    """Deleted by a command while the box was open: the window said so and went on showing
    the tile until the library was next read."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    errors = banner_messages(bridge)
    gone = deletions(bridge)
    panel.select_job(moth.id)

    def deleted_meanwhile(*_asked: object) -> object:
        elsewhere.delete(moth.id)
        return "a moth renamed" if asked == "ask_title" else DetailsEdit(tags="insect")

    monkeypatch.setattr(panel, asked, deleted_meanwhile)
    panel.commands[command].trigger()
    await until(lambda: bool(errors))
    assert errors == [said]
    assert panel.model.row_of(moth.id) is None
    assert gone == [moth.id]


async def test_cancel_of_a_job_another_program_deleted_takes_its_tile_away_at_once(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    elsewhere: Ledger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Deleted by a command while Cancel's question was open: the status bar said so, and
    the tile stayed, running, until the library was next read, up to 2 s later."""
    moth = add_job(session, JobState.GENERATING, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    gone = deletions(bridge)
    said = notices_of(panel)
    panel.select_job(moth.id)

    def deleted_meanwhile(*_asked: object) -> bool:
        elsewhere.delete(moth.id)
        return True

    monkeypatch.setattr(panel, "confirm", deleted_meanwhile)
    panel.commands["cancel"].trigger()
    await until(lambda: bool(said))
    assert said == ["The job was deleted meanwhile: there was nothing to cancel."]
    assert panel.model.row_of(moth.id) is None
    assert gone == [moth.id]


@pytest.mark.parametrize(
    ("deleted", "words"),
    [
        (1, "“moth 1” was deleted by another program."),
        (2, "2 jobs were deleted by another program."),
    ],
)
async def test_cancel_of_several_some_deleted_elsewhere_says_so_and_takes_their_tiles_away(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    elsewhere: Ledger,
    monkeypatch: pytest.MonkeyPatch,
    deleted: int,
    words: str,
) -> None:
    """Deleted by a command while the question was open: counted among those that "had
    ended meanwhile", and their tiles stayed until the library was next read."""
    ids = [add_job(session, JobState.GENERATING, f"moth {n}").id for n in range(4)]
    panel = await loaded_panel(bridge, owned)
    gone = deletions(bridge)
    said = notices_of(panel)
    panel.view.selectAll()
    await until(lambda: panel.commands["cancel"].isEnabled())

    def changed_meanwhile(*_asked: object) -> bool:
        session.ledger.transition(ids[0], JobState.TIMEOUT)
        for job_id in ids[1 : 1 + deleted]:
            elsewhere.delete(job_id)
        return True

    monkeypatch.setattr(panel, "confirm", changed_meanwhile)
    panel.commands["cancel"].trigger()
    await until(lambda: bool(said))
    assert said == [f"One of them had ended meanwhile: nothing to cancel there. {words}"]
    assert sorted(gone) == ids[1 : 1 + deleted]
    assert all(panel.model.row_of(job_id) is None for job_id in gone)
    assert session.ledger.get(ids[-1]).state is JobState.CANCELLED  # type: ignore[union-attr]


@RETRY_OR_RESUBMIT
async def test_retry_or_resubmit_of_several_counts_those_deleted_elsewhere_as_jobs(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    elsewhere: Ledger,
    monkeypatch: pytest.MonkeyPatch,
    state: JobState,
    command: str,
    words: str,
) -> None:
    """Said "Retrying 2 jobs. 2 artworks were deleted by another program.": a job that
    never made an image is no artwork, and the words went from one to the other."""
    ids = [add_job(session, state, f"moth {n}").id for n in range(4)]
    panel = await loaded_panel(bridge, owned)
    said = notices_of(panel)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    panel.view.selectAll()
    await until(lambda: panel.commands[command].isEnabled())
    elsewhere.delete(ids[1])
    elsewhere.delete(ids[2])
    panel.commands[command].trigger()
    await until(lambda: bool(said))
    assert said == [f"{words} 2 jobs were deleted by another program."]


async def test_a_star_waiting_its_turn_as_the_window_closes_is_still_written(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two artworks starred just before Ctrl+Q, the first's write slow (a busy disk): the
    second, shown starred, waited its turn and the close cancelled it; the next start found
    it unstarred. Now the close lets both writes finish."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    owl = add_job(session, JobState.FAILED, "an owl in the rain")
    panel = await loaded_panel(bridge, owned)
    disk_busy = threading.Event()
    writing = threading.Event()
    update = session.ledger.update

    def slow_update(job_id: int, **values: Any) -> Any:
        writing.set()
        disk_busy.wait(30)
        return update(job_id, **values)

    monkeypatch.setattr(session.ledger, "update", slow_update)
    panel.select_job(moth.id)
    panel.commands["star"].trigger()
    await until(writing.is_set)
    panel.select_job(owl.id)
    panel.commands["star"].trigger()
    assert panel.commands["star"].text() == "Unst&ar the selected artwork", "shown starred"
    closing = asyncio.ensure_future(bridge.aclose())
    await asyncio.sleep(0)
    disk_busy.set()
    await until(closing.done, timeout=30)
    await closing
    assert starred(session, moth.id) and starred(session, owl.id)


@pytest.mark.parametrize("several", [False, True])
async def test_a_cancel_confirmed_just_before_the_window_closes_is_still_written(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    several: bool,
) -> None:
    """Cancel confirmed, then Ctrl+Q, the library busy a moment (a busy disk): the close
    cancelled the Cancel before it was written, and the next start carried the job on (one
    waiting its turn was sent, and charged), though the artist had stopped it. Now the close
    lets the Cancel be written."""
    jobs = [add_job(session, JobState.GENERATING, f"moth {n}") for n in range(2 if several else 1)]
    panel = await loaded_panel(bridge, owned)
    if several:
        panel.view.selectAll()
    else:
        panel.select_job(jobs[0].id)
    await until(lambda: panel.commands["cancel"].isEnabled())
    disk_busy = threading.Event()
    reading = threading.Event()
    get = session.ledger.get

    def slow_get(job_id: int) -> Any:
        if threading.current_thread() is not threading.main_thread():
            reading.set()
            disk_busy.wait(30)
        return get(job_id)

    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)
    monkeypatch.setattr(session.ledger, "get", slow_get)
    panel.commands["cancel"].trigger()
    await until(reading.is_set)
    closing = asyncio.ensure_future(bridge.aclose())
    await asyncio.sleep(0)
    disk_busy.set()
    await until(closing.done, timeout=30)
    await closing
    assert [get(job.id).state for job in jobs] == [JobState.CANCELLED] * len(jobs)  # type: ignore[union-attr]


async def closed_at_once(bridge: Bridge, press: Callable[[], object]) -> None:
    """``press``, an action the artist sees as done at once, then the window closed in the
    same turn of the loop (Enter in its box, then Ctrl+Q): the close is to let its write
    finish. Before, only Star, Cancel, the settings and a prompt remembered were let
    finish: a write called off before it began was found undone at the next start."""
    press()
    assert bridge.busy, "the press gave its write to the bridge"
    await bridge.aclose()


@pytest.mark.parametrize(
    ("command", "asked", "answer"),
    [
        ("rename", "ask_title", "Night moth"),
        ("details", "ask_details", DetailsEdit(title="Night moth", description="pencil")),
    ],
)
async def test_a_rename_or_edit_details_confirmed_as_the_window_closes_is_still_written(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    asked: str,
    answer: object,
) -> None:
    """Rename (or Edit details) confirmed, then Ctrl+Q: the artwork kept its old title."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(moth.id)
    monkeypatch.setattr(panel, asked, lambda *_asked: answer)
    await closed_at_once(bridge, panel.commands[command].trigger)
    assert session.ledger.get(moth.id).title == "Night moth"  # type: ignore[union-attr]


async def test_tags_added_to_several_as_the_window_closes_are_still_written(
    bridge: Bridge, session: Session, owned: list[QObject], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Add tags to several, then Ctrl+Q: none of them had the tag."""
    jobs = [add_job(session, JobState.FAILED, f"moth {n}") for n in range(2)]
    panel = await loaded_panel(bridge, owned)
    panel.view.selectAll()
    monkeypatch.setattr(panel, "ask_details", lambda *_asked: DetailsEdit(tags="insect"))
    await closed_at_once(bridge, panel.commands["details"].trigger)
    assert [session.ledger.get(job.id).tags for job in jobs] == ["insect"] * 2  # type: ignore[union-attr]


@pytest.mark.parametrize("redo", [False, True])
async def test_an_undo_or_redo_pressed_as_the_window_closes_is_still_written(
    bridge: Bridge,
    session: Session,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
    redo: bool,
) -> None:
    """A Rename undone (or redone), then Ctrl+Q: the next start showed it as before the
    Undo."""
    moth = add_job(session, JobState.FAILED, "a moth on a lamp")
    panel = await loaded_panel(bridge, owned)
    panel.select_job(moth.id)
    monkeypatch.setattr(panel, "ask_title", lambda *_asked: "Night moth")
    panel.commands["rename"].trigger()
    undo, again = panel.key_actions["undo"], panel.key_actions["redo"]
    await until(lambda: undo.text() == "&Undo Rename")
    if redo:
        undo.trigger()
        await until(lambda: again.text() == "Red&o Rename" and not bridge.busy)
    await closed_at_once(bridge, (again if redo else undo).trigger)
    title = session.ledger.get(moth.id).title  # type: ignore[union-attr]
    assert title == ("Night moth" if redo else "")


async def test_a_style_preset_saved_as_the_window_closes_is_still_written(
    bridge: Bridge, session: Session, tab: GenerateTab
) -> None:
    """Save current as preset, then Ctrl+Q: the Style menu did not have it at the next
    start."""
    tab.prompt.setPlainText("{prompt}, at dusk")
    dialog = tab.style_picker.save_current()
    dialog.name.setText("Dusk")
    await closed_at_once(bridge, dialog.accept)
    assert [preset.name for preset in load_presets(session.paths) if not preset.builtin] == ["Dusk"]


async def test_a_style_preset_deleted_as_the_window_closes_is_still_deleted(
    bridge: Bridge, session: Session, tab: GenerateTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A style preset deleted, then Ctrl+Q: the Style menu had it again at the next start."""
    save_user_preset(session.paths, Preset(name="Dusk", template="{prompt}, at dusk"))
    picker = tab.style_picker
    picker.reload()
    await until(lambda: picker.preset_named("Dusk") is not None)
    dusk = picker.preset_named("Dusk")
    assert dusk is not None
    monkeypatch.setattr(picker, "confirm", lambda *_asked: True)
    await closed_at_once(bridge, lambda: picker.delete(dusk))
    assert [preset.name for preset in load_presets(session.paths) if not preset.builtin] == []
