"""The links a window keeps to undo a Delete are its own: another window's start (or one of
another process on the same library) leaves them while it is open, and removes them once it
was killed before it could."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from kontext_studio.store.undo import KeptFolder, forget_left, keep_image

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
