"""The links a window keeps to undo a Delete are its own: another window's start (or one of
another process on the same library) leaves them while it is open, and removes them once it
was killed before it could."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kontext_studio.store import undo
from kontext_studio.store.undo import KeptFolder, forget_kept, forget_left, keep_image

ANOTHER_WINDOW = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kontext_studio.store.undo import KeptFolder, keep_image

    kept = keep_image(Path(sys.argv[2]), KeptFolder(Path(sys.argv[1])).claimed())
    print(kept and kept.path, flush=True)
    sys.stdin.read()  # open until the test kills it
    """
)


def test_a_running_process_s_links_stay_and_a_killed_one_s_go(tmp_path: Path) -> None:
    root = tmp_path / "undo"
    image = tmp_path / "fox.png"
    image.write_bytes(b"a fox's bytes")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    other = subprocess.Popen(
        [sys.executable, "-c", ANOTHER_WINDOW, str(root), str(image)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert other.stdout is not None
        kept = Path(other.stdout.readline().strip())
        assert kept.is_file() and kept.parent.parent == root

        forget_left(root)  # this window's start, the other still open
        assert kept.read_bytes() == b"a fox's bytes", "its Undo still to come"
    finally:
        other.kill()  # SIGKILL: no close, the folder left behind
        other.wait()
    assert kept.is_file()

    forget_left(root)  # the next start
    assert list(root.iterdir()) == [], "its links, folder and lock file removed"


def test_a_window_s_own_folder_is_kept_from_another_s_start_then_removed_as_it_closes(
    tmp_path: Path,
) -> None:
    root = tmp_path / "undo"
    image = tmp_path / "fox.png"
    image.write_bytes(b"a fox's bytes")
    own, other = KeptFolder(root), KeptFolder(root)
    own_kept, their_kept = keep_image(image, own.claimed()), keep_image(image, other.claimed())
    assert own_kept is not None and their_kept is not None
    kept, theirs = own_kept.path, their_kept.path

    forget_left(root)
    assert kept.is_file() and theirs.is_file()
    other.release()  # that window closed
    assert not theirs.parent.exists() and kept.is_file()
    own.release()
    assert list(root.iterdir()) == []
    assert own.claimed() is None, "nothing is kept once the window closed"


def test_what_a_window_of_an_earlier_version_left_is_removed(tmp_path: Path) -> None:
    """Before the lock files, a window's folder was a bare name (its killed window's links
    were removed only at the next Delete)."""
    left = tmp_path / "undo" / "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    left.mkdir(parents=True)
    (left / "fox.png").write_bytes(b"an image the Trash was emptied of")
    forget_left(tmp_path / "undo")
    assert not left.exists()


def images(tmp_path: Path, count: int) -> list[Path]:
    """``count`` images of 1 000 bytes each."""
    made = []
    for n in range(count):
        image = tmp_path / f"moth {n}.png"
        image.write_bytes(bytes([n]) * 1000)
        made.append(image)
    return made


def no_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """A library on another disk than the app's data: no hard link can join them."""

    def refused(_source: object, _target: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(undo.os, "link", refused)


def kept_bytes(root: Path) -> int:
    return sum(each.stat().st_size for each in root.rglob("*.png"))


def kept_by(folder: KeptFolder) -> Callable[[Path], Any]:
    return lambda image: keep_image(image, folder.claimed(), folder.copies)


def test_links_cost_nothing_of_the_room_for_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = KeptFolder(tmp_path / "undo")
    folder.copies.cap = 0
    first, *others = images(tmp_path, 3)
    with monkeypatch.context() as patched:  # an earlier Delete's library on another disk
        no_links(patched)
        assert kept_by(folder)(first) is None
    assert folder.copies.room_left() == 0
    kept = [kept_by(folder)(image) for image in others]
    assert all(each is not None for each in kept)
    assert folder.copies.room_left() is None, "no copy needed: the question says nothing"


def test_copies_past_the_cap_are_not_made_and_room_comes_back_as_copies_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_links(monkeypatch)
    folder = KeptFolder(tmp_path / "undo")
    folder.copies.cap = 2500
    keep = kept_by(folder)
    first, second, third, fourth = images(tmp_path, 4)
    kept = [keep(first), keep(second), keep(third)]
    assert [each is not None for each in kept] == [True, True, False]
    assert kept_bytes(tmp_path / "undo") == 2000
    assert folder.copies.room_left() == 500

    assert kept[0] is not None
    forget_kept([kept[0].path])  # its Delete undone, or no longer kept
    folder.copies.forget_gone()
    assert keep(fourth) is not None
    assert kept_bytes(tmp_path / "undo") == 2000


def test_copies_take_no_more_than_a_tenth_of_the_room_on_their_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nearly full disk: Undo's copies leave the rest to the library's new images."""
    no_links(monkeypatch)
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(undo.shutil, "disk_usage", lambda _path: usage._replace(free=12_000))
    folder = KeptFolder(tmp_path / "undo")
    kept = [kept_by(folder)(image) for image in images(tmp_path, 2)]
    assert [each is not None for each in kept] == [True, False]


def test_a_copy_being_made_keeps_its_room_from_another_delete_s_count(tmp_path: Path) -> None:
    """Two Deletes at once: one's count of the copies gone met the other's copy taken, its
    file not made yet, and gave its room back: the copies went past the budget."""
    budget = undo.CopyBudget()
    budget.cap = 2500
    being_made = tmp_path / "copy.png"
    assert budget.take(being_made, 2000)
    budget.forget_gone()  # another Delete's, before the file is there
    assert budget.room_left() == 500
    being_made.write_bytes(bytes(2000))
    budget.made(being_made)
    being_made.unlink()  # its Delete undone
    budget.forget_gone()
    assert budget.room_left() == 2500


def test_a_look_at_the_disk_learns_before_any_delete_whether_copies_are_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first Delete's question knew nothing of the disk: only a Delete found that it
    takes no links. A link of a tiny file, made and removed, tells it beforehand."""
    library, root = tmp_path / "artworks", tmp_path / "undo"
    library.mkdir()
    linking = undo.CopyBudget()
    linking.probe(library, root)
    assert linking.room_left() is None, "links: no copy needed, nothing to say"

    no_links(monkeypatch)
    copying = undo.CopyBudget()
    copying.cap = 2500
    copying.probe(library, root)
    assert copying.room_left() == 2500
    assert list(library.iterdir()) == [] and list(root.iterdir()) == [], "nothing left"
    assert undo.links_taken(tmp_path / "not made yet", root) is None


def test_every_window_on_a_library_shares_one_room_and_a_closing_one_gives_its_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each window had a room of its own: two windows copied twice the cap."""
    no_links(monkeypatch)
    root = tmp_path / "undo"
    own, other = KeptFolder(root), KeptFolder(root)
    own.copies.cap = 2500
    first, second, third = images(tmp_path, 3)
    assert kept_by(own)(first) is not None and kept_by(other)(second) is not None
    assert kept_by(other)(third) is None, "past the room both windows share"
    assert own.copies.room_left() == 500

    other.release()  # that window closed, its copy removed
    assert own.copies.room_left() == 1500
    assert kept_by(own)(third) is not None


def test_a_look_at_the_disk_cut_short_leaves_nothing_in_the_library_for_long(
    tmp_path: Path,
) -> None:
    """A process killed between making its tiny file in the artist's library folder and
    removing it left it there for good (seen in Explorer: a dot hides nothing there). The
    next look removes one older than a look takes, not one another window is looking with;
    and a look that could not tell (the library folder not made yet, a first start) is
    taken again by the next window, not never."""
    library, root = tmp_path / "artworks", tmp_path / "undo"
    budget = undo.CopyBudget()
    budget.probe(library, root)  # not made yet: nothing learnt
    library.mkdir()
    left, looking = library / ".link-check-left", library / ".link-check-looking"
    for each in (left, looking):
        each.touch()
    hours_ago = left.stat().st_mtime - 2 * 3600
    os.utime(left, (hours_ago, hours_ago))
    budget.probe(library, root)
    assert sorted(each.name for each in library.iterdir()) == [looking.name]
