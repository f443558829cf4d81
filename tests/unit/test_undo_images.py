"""Undo of a Delete puts each image back where it was, never over a file that appeared there
after its checks (someone else's, not the app's to replace)."""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from kontext_studio.errors import Refusal
from kontext_studio.jobs.states import JobState
from kontext_studio.store import undo
from kontext_studio.store.ledger import Ledger
from kontext_studio.store.undo import Deleted, bring_back, keep_image, with_digest
from kontext_studio.trash import move_to_trash
from tests.conftest import TRASH_HOME


def deleted_artwork(tmp_path: Path) -> tuple[Ledger, Deleted, Path]:
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    image = tmp_path / "harbour.png"
    image.write_bytes(b"the artwork's own bytes")
    digest = hashlib.sha256(image.read_bytes()).hexdigest()
    row = ledger.create_upload(
        prompt="harbour", title="Harbour", file_path=str(image), sha256=digest
    )
    kept = keep_image(image, tmp_path / "undo")
    ledger.delete(row.id)
    image.unlink()
    return ledger, Deleted(row, kept), image


def deleted_kept(ledger: Ledger, image: Path, title: str, undo_folder: Path) -> Deleted:
    """The artwork of ``image`` deleted from ``ledger``, a link to its image kept in
    ``undo_folder``; the image is left where it is, for each test to put away as it needs."""
    row = ledger.create_upload(prompt=title.lower(), title=title, file_path=str(image))
    deleted = Deleted(row, keep_image(image, undo_folder))
    ledger.delete(row.id)
    return deleted


@pytest.mark.parametrize("disk", ["takes links", "takes no links"])
def test_a_file_that_appears_in_the_image_s_place_after_the_checks_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disk: str
) -> None:
    ledger, deleted, image = deleted_artwork(tmp_path)
    checked = undo._check_image

    def then_another_file_lands_there(each: Deleted) -> None:
        checked(each)
        image.write_bytes(b"another program's file")

    monkeypatch.setattr(undo, "_check_image", then_another_file_lands_there)
    if disk == "takes no links":

        def no_links(source: object, target: object) -> None:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

        monkeypatch.setattr(undo.os, "link", no_links)
    with pytest.raises(Refusal) as refused:
        bring_back(ledger, [deleted])
    assert "Another file is now where the image of “Harbour” was" in str(refused.value)
    assert image.read_bytes() == b"another program's file"
    assert ledger.search("harbour") == [], "the artwork is not brought back without its image"


def test_an_artwork_whose_kept_image_is_gone_comes_back_without_it_the_others_with_theirs(
    tmp_path: Path,
) -> None:
    """Before, the whole Delete was refused and its other artworks lost with it."""
    ledger, gone, image = deleted_artwork(tmp_path)
    assert gone.kept is not None
    gone.kept.path.unlink()
    heron = tmp_path / "heron.png"
    heron.write_bytes(b"a heron's bytes")
    kept = deleted_kept(ledger, heron, "Heron", tmp_path / "undo")
    heron.unlink()

    back = bring_back(ledger, [gone, kept])
    assert [row.title for row in back.rows] == ["Harbour", "Heron"]
    assert back.unplaced == [(back.rows[0], undo.Unplaced.GONE)]
    assert not image.exists()
    assert heron.read_bytes() == b"a heron's bytes"


def test_a_large_delete_undone_points_what_named_its_artworks_at_them(tmp_path: Path) -> None:
    """The artwork kept for a late task of the last of 700 deleted (past the first read of
    the ids) names it again as it comes back, under its new id."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    with ledger.batch():
        rows = [ledger.create_upload(prompt=f"fox {n}", title=f"Fox {n}") for n in range(700)]
    kept, _ = ledger.create_following(rows[-1], "task-late", title="Fox kept apart")
    with ledger.batch():
        for row in rows:
            ledger.delete(row.id)

    back = bring_back(ledger, [Deleted(row, None) for row in rows])
    assert [row.title for row in back.rows] == [row.title for row in rows]
    (repointed,) = back.repointed
    assert repointed.id == kept.id and repointed.made_for_job == back.rows[-1].id
    assert ledger.get(kept.id).made_for_job == back.rows[-1].id  # type: ignore[union-attr]


def test_an_image_brought_back_is_taken_out_of_the_trash_and_no_other(tmp_path: Path) -> None:
    """Left in the Trash, the copy put back from there later met the image Undo had put
    back in its place. Another file deleted from the same place (other bytes) stays."""
    image = tmp_path / "harbour.png"
    image.write_bytes(b"an earlier harbour, someone else's")
    move_to_trash(image)
    image.write_bytes(b"the artwork's own bytes")
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    deleted = deleted_kept(ledger, image, "Harbour", tmp_path / "undo")
    move_to_trash(image)  # as the Delete does
    trashed = trash_files_from(image)
    assert len(trashed) == 2

    bring_back(ledger, [deleted])
    assert image.read_bytes() == b"the artwork's own bytes"
    left = trash_files_from(image)  # each record with its file: both gone, or both there
    assert [path.read_bytes() for path in left] == [b"an earlier harbour, someone else's"]


def trash_files_from(image: Path) -> list[Path]:
    """The files in the test run's trash whose records say they were at ``image``."""
    found = []
    for info in (TRASH_HOME / "Trash" / "info").glob("*.trashinfo"):
        if f"Path={image}" in unquote(info.read_text()):
            found.append(TRASH_HOME / "Trash" / "files" / info.name.removesuffix(".trashinfo"))
    return found


def test_the_very_file_leaves_the_trash_not_one_from_there_with_the_same_bytes(
    tmp_path: Path,
) -> None:
    """Two entries in the Trash from the image's place, with the same bytes: the one the
    Delete trashed goes, the other stays, whichever of them the trash lists first."""
    for ours_first in (True, False):
        image = tmp_path / ("ours-first" if ours_first else "ours-last") / f"{tmp_path.name}.png"
        image.parent.mkdir()
        image.write_bytes(b"the artwork's own bytes")
        ledger = Ledger.open(image.parent / "library.sqlite3")
        if not ours_first:
            twin = image.with_name("twin.png")
            twin.write_bytes(image.read_bytes())
            twin.replace(image)  # another file, the same bytes, there before
            move_to_trash(image)
            image.write_bytes(b"the artwork's own bytes")
        deleted = deleted_kept(ledger, image, "Twin", image.parent / "undo")
        move_to_trash(image)  # as the Delete does
        if ours_first:
            image.write_bytes(b"the artwork's own bytes")  # another file, there after
            move_to_trash(image)
        assert deleted.kept is not None
        ours = deleted.kept.path.stat().st_ino

        bring_back(ledger, [deleted])
        (left,) = trash_files_from(image)
        assert left.stat().st_ino != ours
        for each in (left, left.parent.parent / "info" / f"{left.name}.trashinfo"):
            each.unlink()  # the next round's files take the same names in the trash


def test_a_damaged_record_in_the_trash_does_not_fail_the_undo(tmp_path: Path) -> None:
    """A record naming an impossible place (a zero byte) is passed over: the artwork comes
    back, its image out of the Trash."""
    image = tmp_path / f"{tmp_path.name}.png"
    image.write_bytes(b"the artwork's own bytes")
    info = TRASH_HOME / "Trash" / "info" / f"{image.stem} damaged.png.trashinfo"
    info.parent.mkdir(parents=True, exist_ok=True)
    info.write_text(f"[Trash Info]\nPath={image.parent}/%00.png\n")
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    deleted = deleted_kept(ledger, image, "Harbour", tmp_path / "undo")
    move_to_trash(image)

    (back,) = bring_back(ledger, [deleted]).rows
    assert back.title == "Harbour" and image.read_bytes() == b"the artwork's own bytes"
    assert trash_files_from(image) == []
    info.unlink()


@pytest.mark.parametrize("trash", [".Trash", f".Trash-{os.getuid()}"])
def test_a_disk_s_trash_that_is_a_link_is_left_alone(
    trash: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ".Trash" (or ".Trash-<uid>") at the top of the image's disk that is a link (another
    user may have made it, pointing anywhere) is no trash of the Delete's: a file of the same
    bytes that its record says was at the image's place stays."""
    disk = tmp_path / "disk"
    image = disk / "fox.png"
    image.parent.mkdir()
    image.write_bytes(b"the artwork's own bytes")
    elsewhere = tmp_path / "someone's folder"
    inside = elsewhere / str(os.getuid()) if trash == ".Trash" else elsewhere
    for part in ("files", "info"):
        (inside / part).mkdir(parents=True)
    theirs = inside / "files" / "fox.png"
    theirs.write_bytes(b"the artwork's own bytes")
    (theirs.parent.parent / "info" / "fox.png.trashinfo").write_text("[Trash Info]\nPath=fox.png\n")
    (disk / trash).symlink_to(elsewhere)
    is_mount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: path == disk or is_mount(path))
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    deleted = deleted_kept(ledger, image, "Fox", tmp_path / "undo")
    image.unlink()  # as the Delete does, to the home trash

    bring_back(ledger, [deleted])
    assert image.read_bytes() == theirs.read_bytes()


def test_an_undo_of_a_large_delete_lists_the_trash_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each of 200 images brought back is taken out of the Trash, whose records are listed
    once for all of them: before, once for each image, 200 listings of a Trash that grows
    with every Delete."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    images = [tmp_path / f"{tmp_path.name}-fox-{n}.png" for n in range(200)]
    deleted = []
    for n, image in enumerate(images):
        image.write_bytes(f"fox number {n}".encode())
        deleted.append(deleted_kept(ledger, image, f"Fox {n}", tmp_path / "undo"))
        move_to_trash(image)  # as the Delete does
    info = TRASH_HOME / "Trash" / "info"
    listings: list[str] = []
    scandir, listdir = os.scandir, os.listdir

    def counted_scandir(path: Any = ".") -> Any:
        listings.append(os.fspath(path))
        return scandir(path)

    def counted_listdir(path: Any = ".") -> list[str]:
        listings.append(os.fspath(path))
        return listdir(path)

    monkeypatch.setattr(os, "scandir", counted_scandir)
    monkeypatch.setattr(os, "listdir", counted_listdir)
    back = bring_back(ledger, deleted).rows
    monkeypatch.undo()

    assert [row.title for row in back] == [f"Fox {n}" for n in range(200)]
    assert all(image.read_bytes() == f"fox number {n}".encode() for n, image in enumerate(images))
    assert not any(trash_files_from(image) for image in images)
    assert listings.count(str(info)) == 1


def test_an_undo_of_a_large_delete_finds_each_folder_s_trashes_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 200 images of one folder, brought back, are taken out of the Trash with the way
    from their folder up to its disk's top walked once: before, once for each image, as
    many walks as images, each asking every folder on the way whether it is a disk's top."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    images = [tmp_path / "art" / f"{tmp_path.name}-fox-{n}.png" for n in range(200)]
    images[0].parent.mkdir()
    deleted = []
    for n, image in enumerate(images):
        image.write_bytes(f"fox number {n}".encode())
        deleted.append(deleted_kept(ledger, image, f"Fox {n}", tmp_path / "undo"))
        move_to_trash(image)  # as the Delete does
    asked: list[str] = []
    ismount = os.path.ismount

    def counted_ismount(path: Any) -> bool:
        asked.append(os.fspath(path))
        return ismount(path)

    monkeypatch.setattr(os.path, "ismount", counted_ismount)
    bring_back(ledger, deleted)
    monkeypatch.undo()

    assert not any(trash_files_from(image) for image in images)
    assert asked and len(asked) == len(set(asked)), "a folder was asked twice"


def test_a_running_job_pointed_at_an_artwork_brought_back_keeps_its_last_change(
    tmp_path: Path,
) -> None:
    """The job kept for a late task of a deleted artwork, still running, names it again as
    an Undo brings it back, and counts as changed when it last was: its timeout is measured
    from that (a start after a restart gave it its whole time again), and an Undo is no step
    of that job."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    fox = ledger.create_upload(prompt="fox", title="Fox")
    late, _ = ledger.create_following(fox, "task-late", title="Fox kept apart")
    assert late.state is JobState.GENERATING
    ledger.delete(fox.id)

    (back,) = bring_back(ledger, [Deleted(fox, None)]).rows
    held = ledger.get(late.id)
    assert held is not None and held.made_for_job == back.id
    assert held.updated_at == late.updated_at


@pytest.mark.parametrize("disk", ["takes links", "takes no links"])
def test_an_image_put_back_from_the_trash_by_hand_is_left_there_and_its_artwork_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disk: str
) -> None:
    """The artist restored the image from the Trash, then pressed Undo: before, Undo said
    another file was in its place, and would not come until they moved their own image
    away. Another file there is still refused (the test above)."""
    if disk == "takes no links":  # the app's folder on another disk: a copy is kept

        def no_links(source: object, target: object) -> None:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

        monkeypatch.setattr(undo.os, "link", no_links)
    image = tmp_path / f"{tmp_path.name}.png"
    image.write_bytes(b"the artwork's own bytes")
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    deleted = deleted_kept(ledger, image, "Harbour", tmp_path / "undo")
    move_to_trash(image)  # as the Delete does
    (trashed,) = trash_files_from(image)
    trashed.rename(image)  # Restore, in the file manager
    (trashed.parent.parent / "info" / f"{trashed.name}.trashinfo").unlink()
    restored = image.stat().st_ino

    back = bring_back(ledger, [deleted])
    assert [row.title for row in back.rows] == ["Harbour"]
    assert back.unplaced == []
    assert image.read_bytes() == b"the artwork's own bytes"
    assert image.stat().st_ino == restored, "the artist's file is left as it is"


def test_an_image_touched_but_not_changed_since_its_delete_is_put_back(tmp_path: Path) -> None:
    """Its time of change moved (a backup, an indexer, a clock put right), its bytes as the
    artwork was made: before, it came back without its image, "changed on disk". One whose
    bytes changed, its size as it was, still does."""
    ledger, touched, image = deleted_artwork(tmp_path)
    assert touched.kept is not None
    os.utime(touched.kept.path, ns=(1_000_000_000, 1_000_000_000))
    heron = tmp_path / "heron.png"
    heron.write_bytes(b"a heron's bytes")
    digest = hashlib.sha256(heron.read_bytes()).hexdigest()
    changed = deleted_kept(ledger, heron, "Heron", tmp_path / "undo")
    changed = replace(changed, row=replace(changed.row, sha256=digest))
    heron.unlink()
    assert changed.kept is not None
    changed.kept.path.write_bytes(b"a heron, redone")  # as many bytes, in place

    back = bring_back(ledger, [touched, changed])
    assert image.read_bytes() == b"the artwork's own bytes"
    assert back.unplaced == [(back.rows[1], undo.Unplaced.CHANGED)]
    assert not heron.exists()


def test_an_image_put_back_by_hand_after_its_kept_link_went_is_told_by_its_hash(
    tmp_path: Path,
) -> None:
    """The app's link went (a folder cleaner), and the artist restored the image from the
    Trash: Undo said "Another file is now where the image was", and would not come until
    they moved their own image away. It is told by its row's hash and kept there."""
    ledger, deleted, image = deleted_artwork(tmp_path)
    assert deleted.kept is not None
    deleted.kept.path.unlink()
    image.write_bytes(b"the artwork's own bytes")  # Restore, in the file manager

    back = bring_back(ledger, [deleted])
    assert [row.title for row in back.rows] == ["Harbour"]
    assert back.unplaced == []
    assert image.read_bytes() == b"the artwork's own bytes"


def test_a_file_in_the_image_s_place_after_its_kept_link_went_is_not_called_another(
    tmp_path: Path,
) -> None:
    """With the link gone, a file of other bytes in the image's place may be the image
    changed since: the words say what Undo cannot tell, not that it is another file."""
    ledger, deleted, image = deleted_artwork(tmp_path)
    assert deleted.kept is not None
    deleted.kept.path.unlink()
    image.write_bytes(b"the artwork, painted over")

    with pytest.raises(Refusal) as refused:
        bring_back(ledger, [deleted])
    assert str(refused.value) == (
        "A file is now where the image of “Harbour” was, and the copy Kontext Studio kept "
        "to undo its Delete is gone, so it cannot tell whether that file is the image: move "
        "that file away, then undo again."
    )
    assert image.read_bytes() == b"the artwork, painted over"
    assert ledger.search(limit=5) == []


def deleted_with_no_hash_its_link_gone(tmp_path: Path) -> tuple[Ledger, Deleted, Path]:
    """An artwork recorded before hashes were kept, deleted (its hash read then): its image
    in the Trash, the link kept for its Undo gone, nothing in the image's place."""
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    image = tmp_path / "lighthouse.png"
    image.write_bytes(b"the lighthouse's own bytes")
    deleted = deleted_kept(ledger, image, "Lighthouse", tmp_path / "undo")
    assert deleted.row.sha256 == "" and deleted.kept is not None
    kept = with_digest(deleted.kept)
    image.unlink()  # to the Trash
    kept.path.unlink()
    return ledger, replace(deleted, kept=kept), image


def test_an_image_with_no_hash_put_back_by_hand_after_its_kept_link_went_is_told(
    tmp_path: Path,
) -> None:
    """An artwork recorded before hashes were kept: the app's link went (a folder cleaner),
    and the artist restored the image from the Trash. Undo said it could not tell whether
    that file was the image, and would not come until they moved it away. Its hash, taken
    as it was deleted, tells it."""
    ledger, deleted, image = deleted_with_no_hash_its_link_gone(tmp_path)
    image.write_bytes(b"the lighthouse's own bytes")  # Restore, in the file manager

    back = bring_back(ledger, [deleted])
    assert [row.title for row in back.rows] == ["Lighthouse"]
    assert back.unplaced == []
    assert image.read_bytes() == b"the lighthouse's own bytes"


def test_a_file_of_other_bytes_where_an_image_with_no_hash_was_is_still_not_told(
    tmp_path: Path,
) -> None:
    """With no hash recorded and the link gone, a file of other bytes (of the same size) in
    the image's place is still not taken for the image."""
    ledger, deleted, image = deleted_with_no_hash_its_link_gone(tmp_path)
    image.write_bytes(b"the lighthouse, repainted!")
    assert deleted.kept is not None and image.stat().st_size == deleted.kept.size

    with pytest.raises(Refusal) as refused:
        bring_back(ledger, [deleted])
    assert "cannot tell whether that file is the image" in str(refused.value)
    assert image.read_bytes() == b"the lighthouse, repainted!"
