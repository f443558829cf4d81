"""The images a folder brings (the Upload tab and ``import`` share it): files in name order,
subfolders after, other files counted and left out, hidden files and the system's litter
passed over unsaid, links followed without going round in circles, and a folder that brings
nothing (none, too many, unreadable) named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kontext_studio.errors import (
    DropFullError,
    FolderTooLargeError,
    FolderUnreadableError,
    NoImagesError,
    TooManyFilesError,
)
from kontext_studio.explain import explain
from kontext_studio.images import collect
from kontext_studio.images.collect import collect_images


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not checked here")
    return path


def test_a_folder_gives_its_images_in_order_and_counts_what_it_leaves_out(tmp_path: Path) -> None:
    art = tmp_path / "art"
    b = touch(art / "b.webp")
    a = touch(art / "a.PNG")
    deep = touch(art / "sketches" / "deep.jpeg")
    touch(art / "notes.txt")
    touch(art / ".hidden.png")
    touch(art / ".git" / "inside.png")
    touch(art / "sketches" / "scan.gif")  # a format the Upload tab does not take
    (art / "sketches" / "up").symlink_to(art, target_is_directory=True)
    (art / "sketches" / "linked.jpg").symlink_to(a)
    loose = tmp_path / "loose.txt"

    found = collect_images([loose, art])

    assert found.files == (loose, a, b, deep, art / "sketches" / "linked.jpg")
    assert found.left_out == (
        (art / "notes.txt", collect.LeftOut.NOT_AN_IMAGE),
        (art / "sketches" / "scan.gif", collect.LeftOut.NOT_AN_IMAGE),
    )
    assert found.skipped == 2
    assert found.problems == ()


def test_hidden_files_and_the_systems_litter_are_passed_over_unsaid(tmp_path: Path) -> None:
    """Before, a folder copied from a Mac or a Windows PC told of files "left out" that the
    artist had never seen there: .DS_Store, the ._ twin of every image, Thumbs.db, ..."""
    art = tmp_path / "art"
    image = touch(art / "sea.png")
    litter = [
        ".DS_Store",
        "._sea.png",
        ".hidden.png",
        "Thumbs.db",
        "ehthumbs.db",
        "desktop.ini",
        "Desktop.ini",
        "Icon\r",
        ".git/config",
        "$RECYCLE.BIN/S-1-5-21/$R0AB12.png",
        "System Volume Information/tracking.log",
        "__MACOSX/art/._sea.png",
        "sketches/.DS_Store",
        "sketches/Thumbs.db",
    ]
    for name in litter:
        touch(art / name)
    notes = touch(art / "sketches" / "notes.txt")

    found = collect_images([art])

    assert found.files == (image,)
    assert found.left_out == ((notes, collect.LeftOut.NOT_AN_IMAGE),)
    assert found.skipped == 1
    assert found.problems == ()


def test_a_hidden_file_or_litter_chosen_by_name_is_never_passed_over(tmp_path: Path) -> None:
    """Chosen by its name, or dropped on its own, a file comes as it is: its check says why
    it cannot be used. A hidden folder chosen by its name is looked through."""
    chosen = [touch(tmp_path / ".DS_Store"), touch(tmp_path / "Thumbs.db")]
    kept = tmp_path / ".exports"
    inside = touch(kept / "final.png")

    found = collect_images([*chosen, kept])

    assert found.files == (*chosen, inside)
    assert found.left_out == ()


def test_a_hidden_folder_is_passed_over_unopened_and_not_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project folder with a large ``.git``: its images come, quickly, and the count of
    files left out is the artist's files only. Opened, the ``.git`` would have had the
    folder refused as too large, or counted thousands of files the artist never saw."""
    monkeypatch.setattr(collect, "MAX_ENTRIES", 20)
    project = tmp_path / "project"
    art = touch(project / "cover.png")
    for n in range(50):
        touch(project / ".git" / "objects" / f"{n:02}.png")
    touch(project / "notes.txt")

    found = collect_images([project])

    assert found.problems == ()
    assert found.files == (art,)
    assert found.left_out == ((project / "notes.txt", collect.LeftOut.NOT_AN_IMAGE),)


def test_a_folder_that_brings_nothing_is_named_and_others_still_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    touch(empty / "readme.md")
    crowded = tmp_path / "crowded"
    for n in range(3):
        touch(crowded / f"{n}.png")
    fine = tmp_path / "fine"
    good = touch(fine / "one.png")
    monkeypatch.setattr(collect, "MAX_IMAGES", 2)

    found = collect_images([empty, crowded, fine])

    assert found.files == (good,)
    (empty_path, nothing), (crowded_path, too_many) = found.problems
    assert (empty_path, crowded_path) == (empty, crowded)
    assert isinstance(nothing, NoImagesError) and isinstance(too_many, TooManyFilesError)
    assert explain(too_many).message == (
        "There are too many files to add at once. "
        "Cause: “crowded” holds more than 2 images: at most 2 are added at once."
    )


def test_a_folder_named_like_a_word_is_told_apart_from_the_sentence(tmp_path: Path) -> None:
    """A folder's name stood bare in its sentence: a folder "to print" of notes read "Cause:
    to print holds no JPEG, PNG or WebP file.", one "new" read as a word of the sentence.
    The name is quoted, as titles are."""
    folder = tmp_path / "to print"
    touch(folder / "notes.txt")
    ((_path, error),) = collect_images([folder]).problems
    assert isinstance(error, NoImagesError)
    assert explain(error).message == (
        "There are no images to add in this folder. "
        "Cause: “to print” holds no JPEG, PNG or WebP file."
    )


def test_images_from_all_folders_together_are_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect, "MAX_IMAGES", 3)
    first = [touch(tmp_path / "first" / f"{n}.png") for n in range(2)]
    for n in range(2):
        touch(tmp_path / "second" / f"{n}.png")
    touch(tmp_path / "third" / "0.png")
    found = collect_images([tmp_path / "first", tmp_path / "second", tmp_path / "third"])
    assert found.files == (*first, tmp_path / "third" / "0.png")
    ((path, error),) = found.problems
    assert path == tmp_path / "second" and isinstance(error, DropFullError)
    # Before, it read "second holds too many files: at most 3 images are added at once".
    assert explain(error).message == (
        "This folder would bring too many images at once. Cause: “second” was left out: with "
        "the folders before it, this drop would bring more than 3 images."
    )
    assert explain(error).hint == "Add it in another go, once the others are in the library."


def test_a_huge_tree_with_few_images_is_refused_without_walking_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect, "MAX_ENTRIES", 1000)
    home = tmp_path / "home"
    home.mkdir()
    for n in range(1001):
        (home / f"{n}.txt").touch()
    ((_path, error),) = collect_images([home]).problems
    assert isinstance(error, FolderTooLargeError)
    # Before, it read "home holds too many files: at most 500 images are added at once".
    assert explain(error).message == (
        "This folder has too many files to look through. Cause: “home” holds over 1,000 files "
        "and folders."
    )


def test_a_folder_that_cannot_be_read_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()

    def refuse(path: os.PathLike[str]) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(collect.os, "scandir", refuse)
    ((path, error),) = collect_images([locked]).problems
    assert path == locked and isinstance(error, FolderUnreadableError)
    assert explain(error).message == "This folder cannot be read. Cause: “locked” cannot be opened."


def test_files_the_system_gives_no_inode_are_told_apart_by_their_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows answers a file another program holds locked with inode 0 (and device 0), as
    some network drives do for every file: two such files are not one file."""
    first, second = touch(tmp_path / "a.png"), touch(tmp_path / "b.png")
    real_stat = Path.stat

    def no_inode(self: Path, **kwargs: bool) -> os.stat_result:
        status = list(real_stat(self, **kwargs))
        status[1] = status[2] = 0  # st_ino, st_dev
        return os.stat_result(status)

    monkeypatch.setattr(Path, "stat", no_inode)
    assert collect.file_identity(first) != collect.file_identity(second)
    assert collect.file_identity(first) == collect.file_identity(tmp_path / "." / "a.png")


def test_subfolders_on_a_drive_that_gives_no_inode_are_looked_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network drives give every folder inode 0 (Windows' file index): each subfolder
    was taken for the folder already looked through, and its images were left out without
    a word. A link back up the tree is still looked through once."""
    art = tmp_path / "art"
    top = touch(art / "top.png")
    deep = touch(art / "sketches" / "deep.png")
    deeper = touch(art / "sketches" / "old" / "deeper.png")
    (art / "sketches" / "up").symlink_to(art, target_is_directory=True)
    real_stat = Path.stat

    def no_inode(self: Path, **kwargs: bool) -> os.stat_result:
        status = list(real_stat(self, **kwargs))
        status[1] = status[2] = 0  # st_ino, st_dev
        return os.stat_result(status)

    monkeypatch.setattr(Path, "stat", no_inode)
    assert collect_images([art]).files == (top, deep, deeper)
