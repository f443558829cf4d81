"""Recent prompts: remembered when a job is submitted, kept on disk, offered in the prompt
box's "Recent" menu and recalled with Ctrl+Up / Ctrl+Down."""

from __future__ import annotations

import asyncio
import errno
import threading
from typing import Any

import pytest
from PySide6.QtGui import QAction

from kontext_studio.history import RecentPrompts
from kontext_studio.session import Session
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.generate_tab import GenerateTab
from tests.ui.conftest import close_generate_tab, open_generate_tab, until
from tests.unit.test_presets import unreadable_now


def menu_entries(tab: GenerateTab) -> list[QAction]:
    tab.recent._fill_menu()
    return [a for a in tab.recent.recent_menu.actions() if a.objectName().startswith("recent_")]


async def generate(tab: GenerateTab, prompt: str) -> None:
    ids: list[int] = []
    tab.submitted.connect(ids.append)
    tab.prompt.setPlainText(prompt)
    assert tab.generate()
    await until(lambda: bool(ids))


async def test_submitted_prompts_are_remembered_on_disk(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    assert [a.text() for a in tab.recent.recent_menu.actions()] == []
    tab.recent._fill_menu()
    assert [a.text() for a in tab.recent.recent_menu.actions()] == ["No recent prompts yet"]

    for prompt in ("a fox", "an owl & a cat", "a fox"):
        await generate(tab, prompt)
    await until(lambda: not bridge.busy)
    assert RecentPrompts(session.paths).items() == ["a fox", "an owl & a cat"]
    entries = menu_entries(tab)
    assert [a.text() for a in entries][:2] == ["a fox", "an owl && a cat"]
    assert entries[1].toolTip() == "an owl & a cat"

    again = await open_generate_tab(bridge)
    try:
        assert again.history.items == ["a fox", "an owl & a cat"], "kept across restarts"
    finally:
        await close_generate_tab(again, bridge)


async def test_a_prompt_is_chosen_from_the_menu_and_undo_brings_back_the_old_text(
    tab: GenerateTab, bridge: Bridge
) -> None:
    tab.history.remember("a quiet harbour at night")
    await until(lambda: not bridge.busy)
    tab.prompt.setPlainText("half-written idea")
    entries = menu_entries(tab)
    entries[0].trigger()
    assert tab.prompt.toPlainText() == "a quiet harbour at night"
    tab.prompt.undo()
    assert tab.prompt.toPlainText() == "half-written idea"


async def test_the_style_is_not_stored_with_the_prompt(tab: GenerateTab) -> None:
    await until(lambda: tab.style_picker.loaded)
    action = tab.style_picker.menu_action("Ink sketch")
    assert action is not None
    action.trigger()
    await generate(tab, "a heron")
    assert tab.history.items[0] == "a heron"


async def test_walking_back_and_forth(tab: GenerateTab, bridge: Bridge) -> None:
    for prompt in ("oldest", "middle", "newest"):
        tab.history.remember(prompt)
    await until(lambda: not bridge.busy)
    tab.prompt.setPlainText("newest")
    recent = tab.recent
    recent.older()
    assert tab.prompt.toPlainText() == "middle", "the copy already in the box is skipped"
    recent.older()
    recent.older()
    assert tab.prompt.toPlainText() == "oldest", "the walk stops at the oldest"
    recent.newer()
    assert tab.prompt.toPlainText() == "middle"
    tab.prompt.setPlainText("typed anew")
    recent.newer()
    assert tab.prompt.toPlainText() == "typed anew", "typing ends the walk"
    recent.older()
    recent.newer()
    assert tab.prompt.toPlainText() == "typed anew"


async def test_clearing_forgets_them_on_disk(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    tab.history.remember("to be forgotten")
    await until(lambda: not bridge.busy)
    assert (session.paths.data / "recent_prompts.json").is_file()
    tab.recent._fill_menu()
    clear = next(a for a in tab.recent.recent_menu.actions() if a.objectName() == "recent_clear")
    clear.trigger()
    await until(lambda: not bridge.busy)
    assert tab.history.items == []
    assert not (session.paths.data / "recent_prompts.json").exists()


async def test_clearing_a_file_set_read_only_keeps_it_and_says_so_as_saving_does(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    """Before: Clear deleted a recent_prompts.json set read-only (chmod 444), which saving
    keeps. Now the file and the menu keep the prompts, and the window names the file in
    the words a save uses."""
    errors: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: errors.append((message, hint)))
    tab.history.remember("kept in a read-only file")
    await until(lambda: not bridge.busy)
    target = session.paths.data / "recent_prompts.json"
    target.chmod(0o444)
    tab.history.remember("not saved")
    await until(lambda: len(errors) == 1)
    saved_words = errors[0]
    tab.recent._fill_menu()
    clear = next(a for a in tab.recent.recent_menu.actions() if a.objectName() == "recent_clear")
    clear.trigger()
    await until(lambda: len(errors) == 2)
    assert errors[1] == saved_words
    assert f"{target} cannot be replaced: the file is read-only" in errors[1][0]
    assert "read-only setting" in errors[1][1]
    assert RecentPrompts(session.paths).items() == ["kept in a read-only file"]
    assert tab.history.items == ["not saved", "kept in a read-only file"]
    assert [a.text() for a in menu_entries(tab)][:2] == [
        "not saved",
        "kept in a read-only file",
    ]


async def test_recent_prompts_that_could_not_be_read_are_said_with_where_they_were_kept(
    bridge: Bridge, session: Session
) -> None:
    """Before, a recent_prompts.json that could not be read (a hand edit that broke it, a
    folder in its place) gave an empty Recent menu without a word, and the next prompt
    generated was saved over it."""
    path = session.paths.data / "recent_prompts.json"
    path.write_text('{"version": 1, "prompts": ["a fox at dawn", ', encoding="utf-8")
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    tab = await open_generate_tab(bridge)
    try:
        await until(lambda: tab.history.loaded)
        (aside,) = path.parent.glob("recent_prompts.json.damaged-*")
        assert said == [
            (
                "Your recent prompts could not be read, so the Recent menu starts empty.",
                f"They were kept as {aside}. Prompts you generate from now on are "
                "remembered in a new file.",
            )
        ]
        await generate(tab, "an owl")
        await until(lambda: not bridge.busy)
        assert RecentPrompts(session.paths).items() == ["an owl"]
        assert "a fox at dawn" in aside.read_text(encoding="utf-8")
    finally:
        await close_generate_tab(tab, bridge)


async def test_recent_prompts_linked_to_a_name_too_long_are_said_and_kept_aside(
    bridge: Bridge, session: Session
) -> None:
    """A recent_prompts.json linked to a name longer than the system takes: before, the
    system's error escaped, said as "Something went wrong", and the Recent menu read
    "Loading recent prompts…" for good. Now the link is kept aside and said as a file
    that could not be read, and the next prompt generated is remembered."""
    path = session.paths.data / "recent_prompts.json"
    path.symlink_to("x" * 300)
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    tab = await open_generate_tab(bridge)
    try:
        await until(lambda: not bridge.busy)
        assert tab.history.loaded
        (aside,) = path.parent.glob("recent_prompts.json.damaged-*")
        assert said == [
            (
                "Your recent prompts could not be read, so the Recent menu starts empty.",
                f"They were kept as {aside}. Prompts you generate from now on are "
                "remembered in a new file.",
            )
        ]
        await generate(tab, "an owl")
        await until(lambda: not bridge.busy)
        assert RecentPrompts(session.paths).items() == ["an owl"]
    finally:
        await close_generate_tab(tab, bridge)


async def test_recent_prompts_held_by_another_program_are_said_and_never_saved_over(
    bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a recent_prompts.json a sync client or an antivirus held as the window
    started was set aside as damaged, and the prompts generated next started a new file
    without the others. Now it is said that it could not be read just now; a prompt
    generated while it still cannot be is not saved over it, nor said again at each
    Generate pressed, and once it can be read, is added with the next one. Before, every
    press raised the banner again, and the prompts generated meanwhile never reached the
    file: gone at the next start."""
    RecentPrompts(session.paths).add("a fox at dawn")
    path = session.paths.data / "recent_prompts.json"
    unreadable_now(monkeypatch, path, OSError(errno.EIO, "Input/output error"))
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    tab = await open_generate_tab(bridge)
    try:
        shown = "A file with your own presets or prompts could not be read just now."
        assert [message.split(" Cause: ")[0] for message, _hint in said] == [shown]
        await generate(tab, "an owl")
        await generate(tab, "a wren")
        await until(lambda: not bridge.busy)
        assert len(said) == 1, "said once, not again at each Generate"
        monkeypatch.undo()
        assert list(path.parent.glob("recent_prompts.json.*")) == []
        assert RecentPrompts(session.paths).items() == ["a fox at dawn"]
        await generate(tab, "a heron")
        await until(lambda: not bridge.busy)
        assert RecentPrompts(session.paths).items() == [
            "a heron",
            "a wren",
            "an owl",
            "a fox at dawn",
        ]

        # Held again later: said again, once.
        unreadable_now(monkeypatch, path, OSError(errno.EIO, "Input/output error"))
        await generate(tab, "a crane")
        await until(lambda: len(said) == 2)
        assert said[1] == said[0]
    finally:
        await close_generate_tab(tab, bridge)


async def test_remembering_a_prompt_says_where_a_damaged_file_was_kept(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    """Before, a recent_prompts.json damaged while the window was open (a hand edit, another
    version) was set aside without a word when the next prompt was remembered."""
    path = session.paths.data / "recent_prompts.json"
    path.write_text('{"version": 1, "prompts": ["a fox at dawn", ', encoding="utf-8")
    said: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint: said.append((message, hint)))
    tab.history.remember("an owl")
    await until(lambda: bool(said))
    (aside,) = path.parent.glob("recent_prompts.json.damaged-*")
    assert said == [
        (
            "Your recent prompts could not be read when a new one was remembered.",
            f"They were kept as {aside}. Prompts you generate from now on are remembered in "
            "a new file.",
        )
    ]
    assert RecentPrompts(session.paths).items() == ["an owl"]


async def test_recent_prompts_held_as_the_window_started_reach_the_menu_once_read(
    bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a recent_prompts.json another program held as the window started kept its
    prompts out of the Recent menu until the next start, though the next prompt generated
    once it could be read was written beside them."""
    RecentPrompts(session.paths).add("a fox at dawn")
    path = session.paths.data / "recent_prompts.json"
    unreadable_now(monkeypatch, path, OSError(errno.EIO, "Input/output error"))
    tab = await open_generate_tab(bridge)
    try:
        await until(lambda: tab.history.loaded)
        await generate(tab, "an owl")
        await until(lambda: not bridge.busy)
        assert tab.history.items == ["an owl"]
        monkeypatch.undo()
        await generate(tab, "a heron")
        await until(lambda: not bridge.busy)
        assert RecentPrompts(session.paths).items() == ["a heron", "an owl", "a fox at dawn"]
        assert [a.text() for a in menu_entries(tab)][:3] == [
            "a heron",
            "an owl",
            "a fox at dawn",
        ]
    finally:
        await close_generate_tab(tab, bridge)


async def test_a_prompt_remembered_again_while_it_is_written_keeps_the_menus_order(
    tab: GenerateTab, bridge: Bridge, session: Session
) -> None:
    """Before, a prompt generated again while its first write was still going was left out
    of the writes after it, so the file, and the menu at the next start, put it below a
    prompt generated between the two."""
    for prompt in ("a fox", "an owl", "a fox"):
        tab.history.remember(prompt)
    await until(lambda: not bridge.busy)
    assert tab.history.items[:2] == ["a fox", "an owl"]
    assert RecentPrompts(session.paths).items() == ["a fox", "an owl"]


async def test_prompts_remembered_just_before_the_window_closes_are_kept(
    tab: GenerateTab, bridge: Bridge, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two prompts remembered just before Ctrl+Q, the first's write slow (a busy disk): the
    second, in the Recent menu already, waited its turn and the close cancelled it; the
    next start's menu lacked it. Now the close lets both writes finish."""
    disk_busy = threading.Event()
    writing = threading.Event()
    store = tab.history._store
    add_all = store.add_all

    def slow_add_all(*args: Any) -> None:
        writing.set()
        disk_busy.wait(30)
        add_all(*args)

    monkeypatch.setattr(store, "add_all", slow_add_all)
    tab.history.remember("a fox")
    await until(writing.is_set)
    tab.history.remember("an owl")
    assert tab.history.items[:2] == ["an owl", "a fox"], "in the menu at once"
    closing = asyncio.ensure_future(bridge.aclose())
    await asyncio.sleep(0)
    disk_busy.set()
    await until(closing.done, timeout=30)
    await closing
    assert RecentPrompts(session.paths).items() == ["an owl", "a fox"]
