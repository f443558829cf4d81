"""Save as with several artworks selected in the library: one folder asked for, a copy of
each image saved there, how far it is in the status bar (with Stop), and how it went at the
end, with a button that shows the folder."""

from __future__ import annotations

import errno
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

from kontext_studio import errors
from kontext_studio.images import export as export_module
from kontext_studio.session import Session
from kontext_studio.store.ledger import Snapshot
from kontext_studio.ui import job_actions, translations
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.job_actions import StandardDialogs
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.notifications import BannerKind
from kontext_studio.ui.plain_text import plain_tooltip
from tests.ui import test_language, test_library, test_window
from tests.ui.conftest import tip_shown, until
from tests.ui.test_library import add_image
from tests.ui.test_library_selection import CTRL, click, press, shown, three_images
from tests.ui.test_publishing import message_boxes

window = test_window.window  # the main window, opened and closed as the app does
catalogue_cache = test_language.catalogue_cache  # the Chinese catalogue, compiled once


async def three_apart(
    session: Session, tmp_path: Path, panel: LibraryPanel, where: str = "to save"
) -> list[Snapshot]:
    """:func:`three_images` (a moth, a heron, a lynx, ``where``), each image of its own
    colour, so that each copy can be told from the others by its bytes; all three selected."""
    made = await three_images(session, tmp_path, panel, where, ("red", "green", "blue"))
    click(panel, made[0])
    for snap in made[1:]:
        click(panel, snap, CTRL)
    # Their tiles drawn: an image file deleted after is not found gone before the Save.
    await until(lambda: all(panel.model.thumbnails.get(s) is not None for s in made))
    return made


def folder_chosen(monkeypatch: pytest.MonkeyPatch, folder: Path) -> list[tuple[str, str]]:
    """The folder dialog answers ``folder``; what it was opened with (its title, where)."""
    asked: list[tuple[str, str]] = []

    def choose(_parent: QWidget, title: str, start: str) -> str:
        asked.append((title, start))
        return str(folder)

    monkeypatch.setattr(job_actions.QFileDialog, "getExistingDirectory", choose)
    return asked


def shown_as(panel: LibraryPanel, job_id: int) -> Snapshot:
    """The artwork ``job_id`` as ``panel`` shows it."""
    row = panel.model.row_of(job_id)
    assert row is not None
    return panel.model.snapshot(row)


def summaries(panel: LibraryPanel) -> list[tuple[str, str, Path]]:
    """What the Saves of several of ``panel`` say as they end, from now on."""
    said: list[tuple[str, str, Path]] = []
    panel.job_actions.saved_several.connect(lambda *words: said.append(words))
    return said


def second_copy_held(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[str]]:
    """The second copy of a Save of several held until the event is set; the list gets the
    name of each copy as it starts."""
    held = threading.Event()
    real_export = export_module.export_new
    copies: list[str] = []

    def slow(
        source: Path, folder: Path, name: str, first: int, recorded: str | None
    ) -> tuple[Path, int]:
        copies.append(name)
        if len(copies) == 2:
            assert held.wait(10)
        return real_export(source, folder, name, first, recorded)

    monkeypatch.setattr(export_module, "export_new", slow)
    return held, copies


async def test_save_as_with_three_selected_saves_all_three_into_the_folder_chosen(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save as was greyed with several selected: a series was saved one image at a time. It
    now saves each into one folder, named by its title as Save as names one, and the next
    Save as opens there."""
    last = tmp_path / "last project"
    last.mkdir()
    monkeypatch.setattr(StandardDialogs, "save_folder", str(last))
    out = tmp_path / "Project"
    out.mkdir()
    asked = folder_chosen(monkeypatch, out)
    made = await three_apart(session, tmp_path, panel)
    said = summaries(panel)
    save = panel.commands["save_as"]
    assert save.isEnabled() and save.text() == "Sa&ve 3 images to a folder…"
    assert save.iconText() == "Save 3 images"  # the preview's button
    assert "Sa&ve 3 images to a folder…" in [a.text() for a in panel.context_menu().actions()]

    save.trigger()
    await until(lambda: bool(said))
    assert asked == [("Save 3 images to a folder", str(last))]  # where the last Save as went
    assert sorted(p.name for p in out.iterdir()) == [
        "a heron to save.png",
        "a lynx to save.png",
        "a moth to save.png",
    ]
    for snap in made:
        copy = out / f"{snap.prompt}.png"
        assert copy.read_bytes() == Path(snap.file_path).read_bytes()
    assert said == [(f"Saved 3 images in {out}.", "", out)]
    assert StandardDialogs.save_folder == str(out)

    click(panel, made[0])  # one again: Save as of one, in its own words
    assert save.text() == "Sa&ve as…" and save.iconText() == "Save as"


async def test_save_of_several_leaves_out_an_image_gone_and_numbers_a_name_taken(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of the moth's name is in the folder already, and the heron's image was deleted
    outside the app: the moth is saved beside it, numbered, the file there left as it was,
    and the end says which was left out and why, and which was numbered."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a moth to save.png").write_bytes(b"the artist's own moth")
    folder_chosen(monkeypatch, out)
    moth, heron, lynx = await three_apart(session, tmp_path, panel)
    Path(heron.file_path).unlink()
    said = summaries(panel)
    panel.commands["save_as"].trigger()
    await until(lambda: bool(said))
    assert sorted(p.name for p in out.iterdir()) == [
        "a lynx to save.png",
        "a moth to save (2).png",
        "a moth to save.png",
    ]
    assert (out / "a moth to save.png").read_bytes() == b"the artist's own moth"
    assert (out / "a moth to save (2).png").read_bytes() == Path(moth.file_path).read_bytes()
    assert (out / "a lynx to save.png").read_bytes() == Path(lynx.file_path).read_bytes()
    assert said == [
        (
            f"Saved 2 of 3 images in {out}.",
            "“a heron to save” was left out: its image file is missing (moved or deleted "
            "outside the app). The folder already had a file of the name one copy was to "
            "have, so it was saved as “a moth to save (2).png”.",
            out,
        )
    ]


async def test_save_of_several_says_an_image_undo_left_in_the_trash_is_there(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The heron's Delete sent its image to the Trash, and its Undo brought the artwork
    back without it: a Save of several said its image was "moved or deleted outside the
    app", where its preview and its publish said it went to the Trash with its Delete."""
    out = tmp_path / "out"
    out.mkdir()
    folder_chosen(monkeypatch, out)
    _moth, heron, _lynx = await three_apart(session, tmp_path, panel)
    Path(heron.file_path).unlink()
    noted = session.ledger.note(heron.id, image_left_in_trash=True)  # as an Undo writes it
    panel.bridge.job_changed.emit(session.engine.as_shown(noted))
    await until(lambda: shown_as(panel, heron.id).image_left_in_trash)
    said = summaries(panel)
    panel.commands["save_as"].trigger()
    await until(lambda: bool(said))
    assert said == [
        (
            f"Saved 2 of 3 images in {out}.",
            "“a heron to save” was left out: its image went to the Trash with its Delete, and "
            "Undo brought the artwork back without it. Restore it from the Trash to keep it.",
            out,
        )
    ]


async def test_a_title_with_a_right_to_left_override_leaves_the_rest_of_the_words_as_they_are(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title holding a right-to-left override (U+202E, pasted from a web page) turned every
    word after it in the banner's sentence around ("...ppa eht edistuo"): it is isolated
    (U+2068 … U+2069, invisible), as a file's name is."""
    out = tmp_path / "out"
    out.mkdir()
    folder_chosen(monkeypatch, out)
    _moth, heron, _lynx = await three_apart(session, tmp_path, panel, "\u202eevas ot")
    Path(heron.file_path).unlink()
    said = summaries(panel)
    panel.commands["save_as"].trigger()
    await until(lambda: bool(said))
    assert said[0][1] == (
        "“\u2068a heron \u202eevas ot\u202c\u2069” was left out: its image file is missing (moved "
        "or deleted outside the app)."
    )
    # Saved without it: "a moth \u202eevas ot.png" showed as "a moth gnp.to save" in a
    # file manager, the file's type hidden.
    assert sorted(path.name for path in out.iterdir()) == [
        "a lynx evas ot.png",
        "a moth evas ot.png",
    ]


# Imported, never on KIE: nothing to download again.
DAMAGED_ADVICE = "Put a copy from a backup in its place, under the same name, then save it again."


@pytest.mark.parametrize(
    ("damaged", "left_out"),
    [
        (
            ("heron",),
            "“a heron to save” was left out: its image file in the library folder is damaged "
            "and does not open.",
        ),
        (
            ("moth", "lynx"),
            "2 artworks were left out: “a lynx to save”, “a moth to save”. The image file of "
            "each in the library folder is damaged and does not open.",
        ),
    ],
    ids=["one", "two"],
)
async def test_save_of_several_leaves_out_an_image_file_damaged_since_and_names_it(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damaged: tuple[str, ...],
    left_out: str,
) -> None:
    """Files cut short after their thumbnails were made (a disk, a sync gone wrong): a Save
    of several copied their broken bytes into the folder and counted them as saved. They
    are left out, as Save as of one refuses it, the others saved; the end names them and
    says what puts them right."""
    out = tmp_path / "out"
    out.mkdir()
    folder_chosen(monkeypatch, out)
    made = {snap.prompt.split()[1]: snap for snap in await three_apart(session, tmp_path, panel)}
    for name in damaged:
        data = Path(made[name].file_path).read_bytes()
        Path(made[name].file_path).write_bytes(data[: len(data) // 2])
    said = summaries(panel)
    panel.commands["save_as"].trigger()
    await until(lambda: bool(said))
    whole = [name for name in made if name not in damaged]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"a {n} to save.png" for n in whole)
    for name in whole:
        copy = out / f"a {name} to save.png"
        assert copy.read_bytes() == Path(made[name].file_path).read_bytes()
    assert said == [
        (f"Saved {len(whole)} of 3 images in {out}.", f"{left_out} {DAMAGED_ADVICE}", out)
    ]


async def test_save_of_several_counts_only_the_images_it_saves_not_one_its_tile_says_unreadable(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The heron's tile said "Image unreadable", and the menu offered "Save 3 images", the
    folder dialog asked for 3, and the end said "Saved 2 of 3 images". Now it offers and
    asks for the 2 it saves, and the end says the heron was left out and why."""
    out = tmp_path / "out"
    out.mkdir()
    asked = folder_chosen(monkeypatch, out)
    _moth, heron, _lynx = await three_apart(session, tmp_path, panel)
    data = Path(heron.file_path).read_bytes()
    Path(heron.file_path).write_bytes(data[: len(data) // 2])
    panel.model.thumbnails.mark_unreadable(heron, None)  # as the preview, reading it, does
    save = panel.commands["save_as"]
    await until(lambda: save.text() == "Sa&ve 2 images to a folder…")
    assert save.iconText() == "Save 2 images"
    said = summaries(panel)
    save.trigger()
    await until(lambda: bool(said))
    assert asked[0][0] == "Save 2 images to a folder"
    assert sorted(p.name for p in out.iterdir()) == ["a lynx to save.png", "a moth to save.png"]
    left_out = (
        "“a heron to save” was left out: its image file in the library folder is damaged "
        "and does not open."
    )
    assert said == [(f"Saved 2 images in {out}.", f"{left_out} {DAMAGED_ADVICE}", out)]


async def test_save_of_several_all_unreadable_is_greyed_and_says_why(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every tile selected says "Image unreadable": nothing would be saved. Save as stayed
    offered, and only once pressed said "Nothing to save"; it is greyed, as when every
    file is gone, its tooltip and Ctrl+S saying why, and no folder is asked for."""
    asked = folder_chosen(monkeypatch, tmp_path)
    made = await three_apart(session, tmp_path, panel)
    for snap in made:
        Path(snap.file_path).write_bytes(b"not a picture any more")
        panel.model.thumbnails.mark_unreadable(snap, None)
    notices: list[str] = []
    panel.job_actions.notice.connect(notices.append)
    save = panel.commands["save_as"]
    await until(lambda: not save.isEnabled())
    why = (
        "Nothing to save. 3 artworks were left out: “a lynx to save”, “a heron to save”, "
        "“a moth to save”. The image file of each in the library folder is damaged and does "
        f"not open. {DAMAGED_ADVICE}"
    )
    assert save.text() == "Sa&ve as…" and save.toolTip() == plain_tooltip(why)
    press(panel, Qt.Key.Key_S, CTRL)
    assert asked == []
    assert notices == [why]


async def test_save_of_several_onto_a_full_disk_says_so_and_how_many_it_saved(
    panel: LibraryPanel,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "stick"
    out.mkdir()
    folder_chosen(monkeypatch, out)
    await three_apart(session, tmp_path, panel)
    real_copy = shutil.copyfileobj
    copies: list[str] = []

    def filling(reader: Any, writer: Any, length: int = 0) -> None:
        copies.append(reader.name)
        if len(copies) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_copy(reader, writer, length)

    monkeypatch.setattr(export_module.shutil, "copyfileobj", filling)
    errors: list[tuple[str, str, str]] = []
    bridge.error.connect(lambda message, hint, topic: errors.append((message, hint, topic)))
    said = summaries(panel)
    panel.commands["save_as"].trigger()
    await until(lambda: bool(errors))
    ((message, hint, _topic),) = errors
    assert message == (
        "The rest of the images could not be saved. Cause: cannot use the folder "
        f"{out}: the disk is full."
    )
    assert hint == (
        f"Free disk space or choose another folder. 1 of 3 images was saved in {out} before."
    )
    assert len(list(out.iterdir())) == 1 and len(copies) == 2  # nothing half-written
    assert not said


async def test_save_of_several_onto_a_read_only_disk_says_the_images_were_not_saved(
    panel: LibraryPanel,
    bridge: Bridge,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Saved onto a read-only memory card, 17 images were "A folder Kontext Studio needs
    cannot be used.", and onto a full one "The file could not be written.": of the app's
    own folders and of one file, not of the card the artist chose. The next Save as opened
    on the card again, the folder remembered when chosen, not once an image was saved."""
    last = tmp_path / "last project"
    monkeypatch.setattr(StandardDialogs, "save_folder", str(last))
    card = tmp_path / "card"
    card.mkdir()
    folder_chosen(monkeypatch, card)
    await three_apart(session, tmp_path, panel)
    test_library.read_only_disk(monkeypatch)
    errors: list[tuple[str, str, str]] = []
    bridge.error.connect(lambda message, hint, topic: errors.append((message, hint, topic)))
    panel.commands["save_as"].trigger()
    await until(lambda: bool(errors))
    ((message, hint, _topic),) = errors
    assert message == (
        f"The images could not be saved. Cause: cannot use the folder {card}: the disk it "
        "is on is read-only."
    )
    assert hint == "Check that the folder named here exists and can be written to."
    assert StandardDialogs.save_folder == str(last), "the next Save as opens where one went"


async def test_a_long_save_of_several_says_how_far_it_is_and_stops_when_asked(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status bar says how far a Save of several is once it takes a while, with a Stop
    that ends it after the copy under way; the end, in a banner, says how many were saved
    and has a button that shows the folder."""
    out = tmp_path / "out"
    out.mkdir()
    folder_chosen(monkeypatch, out)
    held, copies = second_copy_held(monkeypatch)
    opened: list[Path] = []
    monkeypatch.setattr(job_actions, "open_folder", lambda folder: opened.append(folder) or True)
    await three_apart(session, tmp_path, window.library)
    activity = window.save_activity
    window.library.commands["save_as"].trigger()
    await until(activity.isVisible)
    assert activity.label.text() == "Saving 3 images… 33 %"
    activity.stop_button.click()
    assert activity.label.text() == "Stopping the save…"
    held.set()
    await until(lambda: window.banner.banner(BannerKind.SAVED) is not None)
    assert not activity.isVisible()
    assert window.banner.message() == f"Stopped: 2 of 3 images were saved in {out}."
    assert len(list(out.iterdir())) == 2 and len(copies) == 2
    button = window.banner.action_button
    assert button.text() == "Show folder"
    button.click()
    assert opened == [out]
    assert window.banner.banner(BannerKind.SAVED) is None
    assert window.library.commands["save_as"].isEnabled()  # the three still selected


async def test_titles_too_long_for_a_file_name_are_saved_cut_to_fit(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Titles of emoji, four bytes each in a file name: named whole, 80 characters were over
    the 255 bytes a disk takes in a name, and the first such copy ended the Save, none
    saved, "File name too long" in the banner. Each is saved, its name cut to fit, and
    again beside it, numbered."""
    out = tmp_path / "out"
    out.mkdir()
    folder_chosen(monkeypatch, out)
    await three_apart(session, tmp_path, panel, "🦊" * 80)
    said = summaries(panel)
    for times in (1, 2):
        panel.commands["save_as"].trigger()
        await until(lambda times=times: len(said) == times)
    assert [words for words, _left_out, _folder in said] == [f"Saved 3 images in {out}."] * 2
    names = sorted(p.name for p in out.iterdir())
    assert [name.split(" 🦊")[0] for name in names] == ["a heron"] * 2 + ["a lynx"] * 2 + [
        "a moth"
    ] * 2
    assert all(len(name.encode()) <= 255 for name in names)
    assert sum(name.endswith(" (2).png") for name in names) == 3


async def test_quit_or_a_switch_of_mode_while_a_save_of_several_runs_waits_for_it(
    window: MainWindow, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quit, or a switch of mode, while a Save of several ran asked nothing: the window
    closed, the Save stopped partway, some images in the folder and the rest not, and the
    artist not told. Quit asks, as for a Delete, and a switch waits for it, until it ends."""
    out = tmp_path / "out"
    out.mkdir()
    folder_chosen(monkeypatch, out)
    held, copies = second_copy_held(monkeypatch)
    await three_apart(session, tmp_path, window.library)
    window.library.commands["save_as"].trigger()
    try:
        await until(lambda: len(copies) == 2)
        window.switch_mode()
        assert window.banner.message() == (
            "Wait until the images are saved, then switch again: switching now would stop "
            "saving them."
        )
        window.menu_actions["quit"].trigger()
        assert not window.has_closed and window.handover is None
        (box,) = message_boxes(window, "quitWhilePublishingBox")
        assert box.windowTitle() == "Saving is not finished"
        assert box.text() == "2 images are still being saved into a folder."
        assert box.informativeText() == (
            "Quitting now stops saving, and nothing carries it on at the next start: the "
            "images saved so far stay in the folder, the others are not saved."
        )
        assert box.defaultButton().text() == "Cancel"
    finally:
        held.set()
    await until(lambda: window.banner.banner(BannerKind.SAVED) is not None)
    assert box.windowTitle() == "Saving has finished"
    assert box.text() == "No image is being saved any more."
    assert box.informativeText() == "Quitting now stops nothing."
    assert window.banner.banner(BannerKind.KEY) is None  # nothing left to wait for
    assert len(list(out.iterdir())) == 3
    box.defaultButton().click()
    assert window.has_closed


async def test_the_end_of_a_save_of_several_names_the_copies_numbered_for_a_file_there(
    panel: LibraryPanel, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files of the moth's and the lynx's names were in the folder already: their copies
    were saved beside them as "… (2).png", and the end said only "Saved 4 images", the
    artist looking in vain for "a moth to save.png" of their own. It names the copies given a
    number for a file there, the first few of many. Not the second of two artworks of one
    title, numbered as it would be in an empty folder."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a moth to save.png", "a lynx to save.png"):
        (out / name).write_bytes(b"the artist's own")
    folder_chosen(monkeypatch, out)
    twin = add_image(session, tmp_path / "twin", "a moth to save")
    made = await three_apart(session, tmp_path, panel)
    await shown(panel, twin)
    click(panel, twin, CTRL)
    said = summaries(panel)
    panel.commands["save_as"].trigger()
    await until(lambda: bool(said))
    assert sorted(p.name for p in out.iterdir()) == [
        "a heron to save.png",
        "a lynx to save (2).png",
        "a lynx to save.png",
        "a moth to save (2).png",
        "a moth to save (3).png",
        "a moth to save.png",
    ]
    assert said == [
        (
            f"Saved 4 images in {out}.",
            "The folder already had files of the names 2 copies were to have, so they were "
            "saved as “a lynx to save (2).png”, “a moth to save (2).png”.",
            out,
        )
    ]

    monkeypatch.setattr(errors, "NAMES_SHOWN", 1)
    click(panel, made[1], CTRL)  # the moth and the lynx stay selected
    click(panel, twin, CTRL)
    panel.commands["save_as"].trigger()
    await until(lambda: len(said) == 2)
    assert said[1][1] == (
        "The folder already had files of the names 2 copies were to have, so they were "
        "saved as “a lynx to save (3).png” and 1 more."
    )


async def test_a_numbered_copy_is_said_to_be_the_artist_s_not_the_file_there_before(
    panel: LibraryPanel,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qapp: QApplication,
    catalogue_cache: Path,
) -> None:
    """The folder had "a moth to save.png": the moth's copy went to "a moth to save
    (2).png", and the end said "the folder already had files of those names: “a moth to
    save (2).png”" (in Chinese, 已有同名文件, a file of that very name), the artist's own
    copy named as the file that was there before. It says which name each copy was saved
    under, in English and in Chinese."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a moth to save.png").write_bytes(b"the artist's own moth")
    folder_chosen(monkeypatch, out)
    await three_apart(session, tmp_path, panel)
    said = summaries(panel)
    panel.commands["save_as"].trigger()
    await until(lambda: bool(said))
    assert said[0][1] == (
        "The folder already had a file of the name one copy was to have, so it was saved as "
        "“a moth to save (2).png”."
    )

    installed = translations.install(qapp, "zh_CN", catalogue_cache)
    try:
        panel.commands["save_as"].trigger()  # each name is taken now
        await until(lambda: len(said) == 2)
        assert said[1][1] == (
            "文件夹中已有 3 个副本原定名称的文件，因此它们加上编号保存为："
            "“a lynx to save (2).png”、“a heron to save (2).png”、“a moth to save (3).png”。"
        )
    finally:
        installed.remove()


async def test_on_a_narrow_status_bar_a_save_still_says_how_far_it_is(
    huge_font: None, window: MainWindow
) -> None:
    """With a large font in a window as narrow as it goes (a laptop), the status bar cut
    "Saving 240 images… 35 %" at its end with no mark: "Saving 240 image", how far gone.
    The start is cut, with "…", how many and how far kept whole ("Saving 2… 35 %" was
    read as two images), and the whole line is its tooltip. At 24 pt: at 15 pt the balance
    and the badge give way before it now, and it is whole there."""
    window.resize(window.minimumSizeHint().width(), window.height())
    saves = window.bridge.saves
    run = saves.start(240)
    saves.advance(run, 84)
    label = window.save_activity.label
    try:
        await until(window.save_activity.isVisible)
        await until(lambda: label.width() < label.sizeHint().width())
        shown = label.shown_text()
        whole = "Saving 240 images… 35 %"
        assert shown.endswith(" 240 images… 35 %") and shown != whole
        assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
        assert tip_shown(label) == whole
        # Heard once, whole: its tooltip, as its description, said it again.
        said = QAccessible.queryAccessibleInterface(label)
        assert said.text(QAccessible.Text.Name) == whole
        assert said.text(QAccessible.Text.Description) == ""
    finally:
        saves.end(run)


async def test_a_save_of_several_the_window_closed_on_opens_the_next_start_there(
    session: Session, bridge: Bridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quit anyway while a Save of several ran: the images saved so far stayed in the
    folder, but the next start's Save as opened where the one before it went, the folder
    kept for the next start only once the Save ended, with no window left to keep it."""
    monkeypatch.setattr(StandardDialogs, "save_folder", "", raising=False)  # a fresh start
    out = tmp_path / "out"
    out.mkdir()
    folder_chosen(monkeypatch, out)
    held, copies = second_copy_held(monkeypatch)
    first = await test_window.open_window(session, bridge)
    try:
        await three_apart(session, tmp_path, first.library)
        first.library.commands["save_as"].trigger()
        await until(lambda: len(copies) == 2)
        first.close()  # Quit anyway
    finally:
        held.set()
    await test_window.close_window(first)
    assert list(out.iterdir()), "the images saved before the close stay"
    monkeypatch.setattr(StandardDialogs, "save_folder", "")  # the app started again
    second = await test_window.open_window(session, bridge)
    try:
        assert StandardDialogs.save_folder == str(out)
    finally:
        await test_window.close_window(second)
