"""The disk lets the app down: a folder that cannot be used, a full disk while a result is
written or the library's backup is made, a damaged, locked or too-new library database.

Root ignores chmod, so "read-only" is simulated: the app's home below a regular file, the data
folder being a file, or Python's writes into the data folder failing with EROFS/ENOSPC (in
process with monkeypatch; in the CLI through a ``sitecustomize`` on PYTHONPATH). A disk that
SQLite itself fills is a small tmpfs, mounted where mount namespaces are allowed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kontext_studio.config import Paths
from kontext_studio.errors import LibraryBusyError
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import open_session
from kontext_studio.simulator import Simulator
from kontext_studio.store.ledger import Ledger
from kontext_studio.store.schema import SCHEMA_VERSION
from tests.fixtures import chinese_library, fast_schedule
from tests.reliability import procs

INJECTOR = textwrap.dedent(
    '''
    """Test-only fault injection, loaded by site.py: KS_FAULT=ERRNO:op:needle makes os.<op>
    fail with ERRNO for paths containing needle (fsync: the path behind the descriptor)."""
    import errno, os

    spec = os.environ.get("KS_FAULT", "")
    if spec:
        name, op, needle = spec.split(":", 2)
        code = getattr(errno, name)

        def _fail():
            raise OSError(code, os.strerror(code))

        if op == "fsync":
            _real_fsync = os.fsync

            def fsync(fd):
                if needle in os.readlink(f"/proc/self/fd/{fd}"):
                    _fail()
                return _real_fsync(fd)

            os.fsync = fsync
        elif op == "replace":
            _real_replace = os.replace

            def replace(src, dst, **kw):
                if needle in os.fspath(dst):
                    _fail()
                return _real_replace(src, dst, **kw)

            os.replace = replace
    '''
)


@pytest.fixture
def injector(tmp_path: Path) -> str:
    folder = tmp_path / "inject"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(INJECTOR)
    return str(folder)


def no_traceback(run: procs.Run) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]


def parts_left(home: Path) -> list[Path]:
    return list(home.rglob("*.part"))


# Folders that cannot be used ----------------------------------------------------------------


@pytest.mark.parametrize(
    "blocked", ["home below a file", "data folder is a file", "settings folder is a file"]
)
@pytest.mark.parametrize("command", [["jobs", "--json"], ["generate", "a fox", "--json"]])
def test_unusable_data_folder_is_one_clear_line(tmp_path, simulator, blocked, command):
    """The library's folder, or the settings' (without it the library folder chosen there is
    not known, and new images would go elsewhere), cannot be made: the command refuses."""
    if blocked == "home below a file":
        (tmp_path / "plain-file").write_text("not a folder")
        home = tmp_path / "plain-file" / "home"
    else:
        home = tmp_path / "h"
        home.mkdir()
        folder = "data" if blocked == "data folder is a file" else "config"
        (home / folder).write_text("not a folder")
    run = procs.run_cli(home, simulator, *command)
    assert run.code != 0
    no_traceback(run)
    assert "folder" in run.stderr.lower() or "could not be written" in run.stderr
    assert simulator.generate_requests == []


def run_in_the_project(command: list[str]) -> subprocess.CompletedProcess[str]:
    """``command`` run from the project's folder, this checkout's code importable, its
    output kept (two minutes at the most)."""
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=procs.ROOT,
        env={**os.environ, "PYTHONPATH": str(procs.ROOT)},
    )


def read_only(folder: Path) -> list[str]:
    """A command prefix that runs its command with ``folder`` on a read-only mount: a bind
    mount in a mount namespace of the child's own, gone with it (root ignores permission
    bits; only a read-only mount refuses root). Skips where namespaces are not allowed."""
    probe = ["unshare", "--mount", "--propagation", "private", "true"]
    try:
        allowed = subprocess.run(probe, capture_output=True, timeout=10).returncode == 0
    except OSError:
        allowed = False
    if not allowed:
        pytest.skip("this machine does not let the tests make a read-only mount")
    mount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return [*probe[:-1], "sh", "-c", mount, str(folder)]


@pytest.mark.parametrize("command", [["jobs"], ["import", "{image}"], ["generate", "a fox"]])
def test_a_library_on_a_read_only_disk_says_so_and_is_left_as_it_was(
    app_home: Path, simulator: Simulator, tmp_path: Path, command: list[str]
):
    """SQLite says only "unable to open database file" when it cannot make the ``-wal`` and
    ``-shm`` files beside the library: the artist reads which folder is read-only, not
    "free disk space"."""
    image = tmp_path / "sketch.png"
    Image.new("RGB", (40, 30), (9, 8, 7)).save(image)
    assert procs.run_cli(app_home, simulator, "import", str(image)).code == 0
    library = app_home / "data" / "library.sqlite3"
    before = library.read_bytes()
    args = [part.replace("{image}", str(image)) for part in command]
    run = procs.run_cli(app_home, simulator, *args, wrapper=read_only(app_home))
    no_traceback(run)
    assert run.code == 1
    assert "the disk it is on is read-only" in run.stderr
    assert str(app_home) in run.stderr
    assert "disk space" not in run.stderr
    assert simulator.generate_requests == []
    assert library.read_bytes() == before
    assert procs.integrity(library) == "ok"


@pytest.mark.parametrize(
    "command",
    [["jobs", "--json"], ["import", "{image}", "--json"], ["generate", "a fox", "--json"]],
    ids=["jobs", "import", "generate"],
)
def test_a_log_folder_on_a_read_only_disk_stops_no_command(
    app_home: Path, simulator: Simulator, tmp_path: Path, command: list[str]
):
    """The log folder cannot be written (a read-only disk): the command does its work
    without a log file. Before, `generate` refused to run ("A folder Kontext Studio needs
    cannot be used"), sending nothing, over a file that only keeps what it logs."""
    assert procs.run_cli(app_home, simulator, "jobs").code == 0  # the folders are made
    image = tmp_path / "sketch.png"
    Image.new("RGB", (40, 30), (9, 8, 7)).save(image)
    args = [part.replace("{image}", str(image)) for part in command]
    (app_home / "logs" / "kontext-studio.jsonl").unlink(missing_ok=True)

    run = procs.run_cli(app_home, simulator, *args, wrapper=read_only(app_home / "logs"))

    no_traceback(run)
    assert run.code == 0, run.stderr[-2000:]
    assert str(app_home / "logs") not in run.stderr
    assert list((app_home / "logs").iterdir()) == []
    assert len(procs.rows(app_home)) == (0 if command[0] == "jobs" else 1)


WINDOW_BANNERS = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from kontext_studio.ui import app

    make_window = app.create_main_window

    async def cannot_start(parent, title, text, detail, **_):
        print("cannot start:", text, detail, flush=True)

    async def telling_its_banners(session, bridge=None, **options):
        window = await make_window(session, bridge, **options)

        def tell_and_close():  # once the start's words are shown
            for banner in window.banner.shown():
                print("banner:", banner.message(), banner.hint(), flush=True)
            window.close()

        QTimer.singleShot(0, tell_and_close)
        return window

    app.tell = cannot_start
    app.create_main_window = telling_its_banners
    sys.exit(app.run_app(sys.argv[:1]))
    """
)


def test_the_window_opens_over_a_read_only_log_folder_and_says_once_why_it_writes_no_log(
    app_home: Path, simulator: Simulator, tmp_path: Path
):
    """The log folder is on a read-only disk: the window opens, without a log file, and
    says so in a banner, with why. Before, it said "Kontext Studio cannot start." and the
    artist could not work at all, over a file that only keeps what the app logs."""
    pytest.importorskip("kontext_studio.ui.app")
    logs = app_home / "logs"
    logs.mkdir(parents=True)
    launcher = tmp_path / "launch_window.py"
    launcher.write_text(WINDOW_BANNERS)

    done = subprocess.run(
        [*read_only(logs), sys.executable, str(launcher)],
        env=procs.child_env(app_home, simulator, "test-key-0123456789"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=procs.ROOT,
    )

    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    said = [line for line in done.stdout.splitlines() if "log" in line]
    assert said == [
        f"banner: Kontext Studio is not writing its log file (cannot use the folder {logs}: "
        "the disk it is on is read-only). Everything else works as usual. Once that folder "
        "can be used, the log is written again from the next start."
    ]
    assert list(logs.iterdir()) == []
    assert (app_home / "data" / "library.sqlite3").is_file()


@pytest.mark.parametrize("folder", ["logs", "cache"])
@pytest.mark.parametrize(
    "command", [["jobs", "--json"], ["generate", "a fox", "--json"]], ids=["jobs", "generate"]
)
def test_a_file_where_the_log_or_cache_folder_goes_stops_no_command(
    app_home: Path, simulator: Simulator, folder: str, command: list[str]
):
    """A file in the place of the log folder, or of the cache's (thumbnails, pasted
    references): the command does its work without them. Before, every command refused
    ("A folder Kontext Studio needs cannot be used"), as the app's start made each of its
    folders, those it can do without too."""
    app_home.mkdir()
    (app_home / folder).write_text("not a folder")

    run = procs.run_cli(app_home, simulator, *command)

    no_traceback(run)
    assert run.code == 0, run.stderr[-2000:]
    assert (app_home / folder).read_text() == "not a folder"
    assert len(procs.rows(app_home)) == (0 if command[0] == "jobs" else 1)


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_a_read_only_library_file_in_a_writable_folder_is_named_not_a_full_disk(
    app_home: Path, simulator: Simulator, suffix: str
):
    """The library file, or its ``-wal`` file a killed process left, read-only (made by
    ``sudo kontext-studio``, restored from a backup): it opens, and each write failed with
    "Free disk space or choose another folder". Listing it still works."""
    assert procs.run_cli(app_home, simulator, "jobs").code == 0
    library = app_home / "data" / "library.sqlite3"
    for left in ("-wal", "-shm"):
        Path(f"{library}{left}").touch()
    read_only_file = read_only(Path(f"{library}{suffix}"))
    assert procs.run_cli(app_home, simulator, "jobs", wrapper=read_only_file).code == 0
    run = procs.run_cli(app_home, simulator, "generate", "a fox", wrapper=read_only_file)
    no_traceback(run)
    assert run.code == 1
    assert f"the library {library} cannot be changed" in run.stderr
    assert "disk space" not in run.stderr
    assert simulator.generate_requests == []
    assert procs.states(app_home) == []


def test_read_only_library_fails_the_job_with_a_storage_message(
    app_home: Path, simulator: Simulator, injector: str
):
    """Writes into the artworks folder fail with EROFS: the job fails and says why, naming
    the image's folder; the database (SQLite writes through C, untouched) stays consistent;
    no temp file is left. Before, it said to free disk space, which a read-only disk has."""
    run = procs.run_cli(
        app_home,
        simulator,
        "generate",
        "read only library",
        "--json",
        PYTHONPATH=injector,
        KS_FAULT="EROFS:replace:/artworks/",
    )
    no_traceback(run)
    assert run.code == 1
    assert run.result["status"] == "failed"
    assert "A folder Kontext Studio needs cannot be used" in run.result["message"]
    assert f"{app_home / 'data' / 'artworks'}" in run.result["message"]
    assert run.result["message"].endswith(": the disk it is on is read-only.")
    assert "disk space" not in run.result["hint"]
    assert os.strerror(errno.EROFS) not in run.result["message"]
    assert run.result["task_id"]  # the task is known: a retry need not generate again
    assert simulator.generate_count("read only library") == 1
    assert parts_left(app_home) == []
    assert procs.integrity(app_home / "data" / "library.sqlite3") == "ok"


def test_reference_copy_on_a_read_only_folder_is_refused_before_any_request(
    app_home: Path, simulator: Simulator, injector: str, tmp_path: Path
):
    reference = tmp_path / "portrait.png"
    Image.new("RGB", (120, 90), (1, 2, 3)).save(reference)
    run = procs.run_cli(
        app_home,
        simulator,
        "generate",
        "edit it",
        "--image",
        str(reference),
        "--json",
        PYTHONPATH=injector,
        KS_FAULT="EROFS:replace:/references/",
    )
    no_traceback(run)
    assert run.code == 1
    assert run.result["status"] == "error" and run.result["kind"] == "storage"
    assert (
        "cannot keep a copy of portrait.png: the disk it is on is read-only"
        in run.result["message"]
    )
    assert "Errno" not in run.result["message"]
    assert simulator.requests == []
    references = app_home / "data" / "artworks" / "references"
    assert not references.exists() or not any(references.iterdir())


# Disk full while the result is written --------------------------------------------------------


def _fail_fsync_of_part_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    hits: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        if target.endswith(".part"):
            hits.append(target)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return hits


async def test_disk_full_fails_cleanly_and_retry_after_freeing_space_downloads_only(
    app_home: Path, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
):
    """Real engine, real SQLite, real HTTP: ENOSPC while the result file is being written."""
    hits = _fail_fsync_of_part_files(monkeypatch)
    session = open_session(schedule=fast_schedule())
    try:
        snap = await session.engine.submit(GenerateRequest("disk full", aspect_ratio="1:1"))
        failed = await session.engine.wait_for(snap.id)
        assert hits, "the fault was never hit"
        assert failed.state is JobState.FAILED
        assert failed.error_kind == "storage"
        assert failed.error_message.endswith(": the disk is full")  # the app's words
        assert os.strerror(errno.ENOSPC) not in failed.error_message
        assert failed.task_id and failed.result_url and not failed.file_path
        assert parts_left(app_home) == []
        assert not [p for p in session.paths.library.rglob("*") if p.is_file()]
        assert session.ledger.integrity_ok()

        monkeypatch.undo()  # space was freed
        await session.engine.retry(snap.id)
        done = await session.engine.wait_for(snap.id)
        assert done.state is JobState.COMPLETED
        assert Path(done.file_path).is_file()
        assert simulator.generate_count("disk full") == 1
        assert parts_left(app_home) == []
        assert session.ledger.integrity_ok()
    finally:
        await session.aclose()


def test_disk_full_in_the_cli_says_so_and_leaves_nothing_half_written(
    app_home: Path, simulator: Simulator, injector: str
):
    run = procs.run_cli(
        app_home,
        simulator,
        "generate",
        "disk full in the cli",
        "--json",
        PYTHONPATH=injector,
        KS_FAULT="ENOSPC:fsync:.part",
    )
    no_traceback(run)
    assert run.code == 1 and run.result["status"] == "failed"
    assert "cannot save" in run.result["message"]
    assert run.result["message"].endswith(": the disk is full.")
    assert "could not be written" in run.result["message"]
    assert parts_left(app_home) == []
    assert procs.integrity(app_home / "data" / "library.sqlite3") == "ok"
    assert simulator.generate_count("disk full in the cli") == 1


def test_disk_full_in_the_cli_is_said_in_the_artist_s_language(
    app_home: Path, simulator: Simulator, injector: str
):
    """The system's "No space left on device" came in English in every language."""
    run = procs.run_cli(
        app_home,
        simulator,
        "generate",
        "disk full in chinese",
        PYTHONPATH=injector,
        KS_FAULT="ENOSPC:fsync:.part",
        KONTEXT_STUDIO_LANG="zh_CN",
    )
    no_traceback(run)
    said = run.stdout + run.stderr
    assert run.code == 1 and "磁盘已满" in said, said
    assert os.strerror(errno.ENOSPC) not in said


def test_the_cli_can_retry_a_job_after_space_is_freed(
    app_home: Path, simulator: Simulator, injector: str
):
    first = procs.run_cli(
        app_home,
        simulator,
        "generate",
        "retry me",
        "--json",
        PYTHONPATH=injector,
        KS_FAULT="ENOSPC:fsync:.part",
    )
    assert first.result["status"] == "failed"
    run = procs.run_cli(app_home, simulator, "retry", str(first.result["id"]), "--json")
    assert run.code == 0 and run.result["status"] == "completed"
    assert simulator.generate_count("retry me") == 1


# The library database -------------------------------------------------------------------------
# tests/unit/test_store.py covers Ledger.open on a damaged and on a newer file in process; here
# the CLI meets them, and a healthy library that another program holds locked.


def _damage(path: Path, how: str) -> bytes:
    if how == "garbage":
        path.write_bytes(os.urandom(64 * 1024))
    else:  # a real library whose pages were overwritten after the header
        ledger = Ledger.open(path)
        first = ledger.create_job(GenerateRequest("old job", aspect_ratio="1:1"))
        ledger.transition(first.id, JobState.CANCELLED)  # read back, nothing is carried on
        ledger.close()
        with sqlite3.connect(path) as conn:  # 300 more rows in one transaction (one fsync)
            columns = [r[1] for r in conn.execute("PRAGMA table_info(artwork)")]
            copied = [c for c in columns if c not in ("id", "prompt")]
            names = ", ".join(copied)
            conn.executemany(
                f"INSERT INTO artwork (prompt, {names}) SELECT ?, {names} FROM artwork "
                "WHERE id = ?",
                [(f"old job {i} " * 10, first.id) for i in range(300)],
            )
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert path.stat().st_size > 10 * 4096
        data = bytearray(path.read_bytes())
        page = 4096
        if how == "a few pages":  # two in the middle: the rest still reads
            middle = len(data) // page // 2 * page
            data[middle : middle + 2 * page] = os.urandom(2 * page)
        else:  # every third page from the second on, the table's own among them
            for offset in range(page, len(data), page * 3):
                data[offset : offset + 200] = os.urandom(200)
        path.write_bytes(bytes(data))
    return path.read_bytes()


@pytest.mark.parametrize("how", ["garbage", "damaged pages", "a few pages"])
def test_damaged_library_is_moved_aside_and_a_fresh_one_works(
    app_home: Path, simulator: Simulator, how: str
):
    paths = Paths.from_env().ensure()
    original = _damage(paths.database, how)

    run = procs.run_cli(app_home, simulator, "generate", "after the damage", "--json")
    no_traceback(run)
    assert run.code == 0 and run.result["status"] == "completed", run.stderr[-2000:]
    aside = list(paths.data.glob("library.sqlite3.damaged-*"))
    assert [p.name for p in aside if not p.name.endswith(("-wal", "-shm"))], "not kept aside"
    kept = next(p for p in aside if not p.name.endswith(("-wal", "-shm")))
    assert kept.read_bytes() == original  # moved, byte for byte: the artist can recover it
    assert procs.integrity(paths.database) == "ok"
    states = procs.states(app_home)
    assert states.count("completed") == 1
    if how == "a few pages":  # the old jobs that still read were read back
        assert 0 < states.count("cancelled") < 301 and len(states) == states.count("cancelled") + 1
    else:  # nothing reads: the table's own pages are damaged
        assert states == ["completed"]

    ledger = Ledger.open(paths.database)  # the fresh file opens as healthy
    try:
        assert ledger.recovered_from is None and ledger.integrity_ok()
    finally:
        ledger.close()


@pytest.mark.parametrize("command", [["jobs", "--json"], ["generate", "told?", "--json"]])
@pytest.mark.parametrize("how", ["garbage", "a few pages"])
def test_the_cli_tells_where_the_damaged_library_went(
    app_home: Path, simulator: Simulator, command: list[str], how: str
):
    """And how many artworks could be read back from it: none from a file of garbage."""
    paths = Paths.from_env().ensure()
    _damage(paths.database, how)
    run = procs.run_cli(app_home, simulator, *command)
    kept = next(p for p in paths.data.glob("library.sqlite3.damaged-*") if p.suffix != "-wal")
    assert kept.name in run.stderr  # e.g. "The library was damaged; moved to ... ."
    read_back = len(procs.states(app_home)) - (command[0] == "generate")
    if how == "garbage":
        assert read_back == 0 and "a new, empty library was started" in run.stderr
    else:
        assert read_back > 0
        assert f"with the {read_back} artworks that could still be read from it" in run.stderr


def test_a_damaged_library_on_a_read_only_disk_is_said_so_and_kept(
    app_home: Path, simulator: Simulator
):
    """It cannot be moved aside there: the move's error was "Something went wrong"."""
    paths = Paths.from_env().ensure()
    original = _damage(paths.database, "garbage")
    run = procs.run_cli(app_home, simulator, "jobs", wrapper=read_only(app_home))
    no_traceback(run)
    assert run.code == 1
    assert f"the library {paths.database} is damaged" in run.stderr
    assert "the disk it is on is read-only" in run.stderr
    assert paths.database.read_bytes() == original
    assert not list(paths.data.glob("library.sqlite3.damaged-*"))


OPEN_AND_TELL = textwrap.dedent(
    """
    import json, sqlite3, sys
    from pathlib import Path
    from kontext_studio.errors import StorageError
    from kontext_studio.explain import explain
    from kontext_studio.store.ledger import Ledger

    for path in map(Path, sys.argv[1:]):
        said = ""
        try:
            Ledger.open(path).close()
        except StorageError as error:
            said = explain(error).message
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            rows = conn.execute("SELECT count(*) FROM artwork").fetchone()[0]
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        files = sorted(p.name for p in path.parent.iterdir())
        told = {"said": said, "version": version, "rows": rows, "check": check, "files": files}
        print(json.dumps(told))
    """
)
"""Opens each library named and prints, as a JSON line, what the artist read and the file
after."""


def _schema_11_library(path: Path) -> int:
    """A schema 11 library of 2000 jobs at ``path`` (no index of ``made_for_job``); its size
    in KiB."""
    ledger = Ledger.open(path)
    with ledger.batch():
        for i in range(2000):
            ledger.create_job(GenerateRequest(f"job {i} " * 20))
    ledger.close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP INDEX artwork_made_for_job")
        conn.execute("PRAGMA user_version = 11")
    return path.stat().st_size // 1024


SMALL_DISKS = ["unshare", "--mount", "--propagation", "private"]
"""Runs the command that follows in a mount namespace of its own, where it mounts tmpfs."""


def _small_disks_allowed() -> bool:
    probe = subprocess.run([*SMALL_DISKS, "true"], capture_output=True, timeout=10)
    return probe.returncode == 0


UPGRADE_ROOM_KB = 1280
"""Room beyond the library and its copy that the upgrade of :func:`_schema_11_library`
takes: schema 31 makes the date and name indexes again with each image's place, and schema
32 one more, Oldest first's under the ★ filter (about 1 000 KiB for its 2 000 rows; 160 KiB
did before schema 31)."""


def _open_on_small_disks(library: Path, disks: dict[Path, int]) -> list[dict[str, Any]]:
    """A copy of ``library`` (and of what lies beside it) opened on each disk of ``disks``
    (a tmpfs of that many KiB mounted at that folder), by one child in a mount namespace of
    its own: what :data:`OPEN_AND_TELL` told of each."""
    mounts = " && ".join(
        f'mount -t tmpfs -o size={size_kb}k tmpfs "{disk}" && cp "${{0%/*}}"/* "{disk}"'
        for disk, size_kb in disks.items()
    )
    opening = [sys.executable, "-c", OPEN_AND_TELL, *(str(disk / library.name) for disk in disks)]
    for disk in disks:
        disk.mkdir()
    run = run_in_the_project(
        [*SMALL_DISKS, "sh", "-c", f'{mounts} && exec "$@"', str(library), *opening]
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_a_library_whose_backup_fills_the_disk_is_not_upgraded(tmp_path: Path):
    """A real full disk (a small tmpfs in a mount namespace of the child's own): the copy
    made before an upgrade does not fit. SQLite says only "database or disk is full": the
    artist reads that the disk is full, which folder, and that nothing was upgraded; the
    library is as it was, and no half-written copy takes the space."""
    made = tmp_path / "made" / "library.sqlite3"
    size_kb = _schema_11_library(made)
    assert size_kb > 400
    if not _small_disks_allowed():
        pytest.skip("this machine does not let the tests mount a small disk")
    disk = tmp_path / "disk"
    [told] = _open_on_small_disks(made, {disk: size_kb * 3 // 2})
    assert told["said"] == (
        "The library was not upgraded: its backup could not be made."
        f" Cause: cannot use the folder {disk}: the disk is full."
    )
    assert (told["version"], told["rows"], told["check"]) == (11, 2000, "ok")
    assert [name for name in told["files"] if "backup" in name] == []


def test_a_library_on_a_disk_just_big_enough_for_its_backup_or_not_is_told_which(
    tmp_path: Path,
):
    """Disks from one the copy does not fit on to one it fits on with room to spare, two pages
    (8 KiB) apart: on each the library is upgraded with its copy beside it, or left as it
    was and the artist reads that the disk is full (of the copy, or of the upgrade made
    after it), no part of a copy left. The copy was turned from the library's WAL mode to
    one file through WAL's own files: on a disk with room for the copy but not for the
    32 KiB index of its WAL, the artist read "disk I/O error" and the copy's -wal and -shm
    were left on the full disk."""
    made = tmp_path / "made" / "library.sqlite3"
    size_kb = _schema_11_library(made)
    if not _small_disks_allowed():
        pytest.skip("this machine does not let the tests mount a small disk")
    backup = "library.schema-11.backup.sqlite3"
    sizes = [*range(2 * size_kb, 2 * size_kb + 160, 8), 2 * size_kb + UPGRADE_ROOM_KB]
    disks = {tmp_path / f"disk-{kb}": kb for kb in sizes}
    upgraded = []
    for told in _open_on_small_disks(made, disks):
        assert (told["rows"], told["check"]) == (2000, "ok")
        assert [name for name in told["files"] if "backup" in name] in ([], [backup])
        if told["said"]:
            assert "disk is full" in told["said"]
            assert told["version"] == 11
        else:
            assert (told["version"], backup in told["files"]) == (SCHEMA_VERSION, True)
        upgraded.append(told["version"] == SCHEMA_VERSION)
    assert upgraded[0] is False  # a disk the copy did not fit on
    assert upgraded[-1] is True  # a disk the copy and the upgrade fit on


def test_an_upgrade_tried_again_on_a_disk_with_room_for_one_backup_takes_place(
    tmp_path: Path,
):
    """An upgrade that failed after its copy was made (the disk filled up) left that copy;
    once the artist freed room for one copy and the upgrade, the next start's copy took
    the earlier one's place only once written, so it needed room for two, and the artist
    read that the disk was full again. The library, still of that version, holds all the
    earlier copy held: that copy goes first."""
    made = tmp_path / "made" / "library.sqlite3"
    size_kb = _schema_11_library(made)
    if not _small_disks_allowed():
        pytest.skip("this machine does not let the tests mount a small disk")
    backup = "library.schema-11.backup.sqlite3"
    shutil.copyfile(made, made.with_name(backup))  # the copy of the failed upgrade
    disk = tmp_path / "disk"
    [told] = _open_on_small_disks(made, {disk: 2 * size_kb + UPGRADE_ROOM_KB})
    assert told["said"] == ""
    assert (told["version"], told["rows"], told["check"]) == (SCHEMA_VERSION, 2000, "ok")
    assert [name for name in told["files"] if "backup" in name] == [backup]


def test_a_locked_library_is_refused_not_moved_aside(app_home: Path):
    paths = Paths.from_env().ensure()
    ledger = Ledger.open(paths.database)
    ledger.create_job(GenerateRequest("precious", aspect_ratio="1:1"))
    ledger.close()
    other = sqlite3.connect(paths.database, isolation_level=None)  # e.g. a DB browser
    try:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE artwork SET title = 'held'")
        started = time.monotonic()
        with pytest.raises(LibraryBusyError):
            opened = Ledger.open(paths.database, busy_timeout_s=0.2)  # not SQLite's 5 s wait
            opened.close()
        assert time.monotonic() - started < 30
    finally:
        other.close()
    assert list(paths.data.glob("*.damaged-*")) == []


WAITING_HALF_A_SECOND = [
    "-c",
    "import functools, runpy; from kontext_studio.store.ledger import Ledger;"
    " Ledger.open = functools.partial(Ledger.open, busy_timeout_s=0.5);"
    " runpy.run_module('kontext_studio', run_name='__main__', alter_sys=True)",
]
"""``python`` arguments that run the CLI (the arguments that follow) with its library giving
up on a lock another program holds after half a second, not SQLite's 5 s."""


def _logged(home: Path, event: str) -> bool:
    log = home / "logs" / "kontext-studio.jsonl"
    return log.is_file() and f'"event": "{event}"' in log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "held_until",
    [
        pytest.param("storage_error", id="the stop's write lands"),
        pytest.param("job_stop_unrecorded", id="recorded at the close"),
    ],
)
def test_a_library_locked_when_kie_answers_keeps_the_task_and_retry_pays_nothing(
    app_home: Path, simulator: Simulator, held_until: str
):
    """Another program (a database browser) holds the library's write lock while the generate
    request is out, longer than SQLite waits: the task id KIE answered with cannot be
    written. Before, the job ended unknown without it: the task KIE made and charged was
    lost, and only ``resubmit``, paying again, brought its image. The lock is given back
    once the task id's write gave up (the stop's write, waiting then, records the task), or
    once the stop's write gave up too (the command records it as it closes; before, the row
    stayed ``submitting``, and the next start called it unknown)."""
    simulator.update(generate_delay_s=2.0)  # the answer is held while the lock is taken
    proc = procs.start(app_home, simulator, [*WAITING_HALF_A_SECOND, "generate", "held", "--json"])
    database = app_home / "data" / "library.sqlite3"
    procs.wait_for(lambda: procs.states(app_home) == ["submitting"], proc=proc)
    browser = sqlite3.connect(database, isolation_level=None)
    try:
        browser.execute("BEGIN IMMEDIATE")
        assert browser.execute("SELECT task_id FROM artwork").fetchall() == [(None,)]
        procs.wait_for(lambda: _logged(app_home, held_until), timeout=60, proc=proc)
    finally:
        browser.close()  # the lock is given back
    out, err = proc.communicate(timeout=60)
    procs.TRANSCRIPTS.extend([out, err])
    assert "Traceback" not in err, err[-3000:]
    result = json.loads(out.strip().splitlines()[-1])
    task_id = simulator.tasks_for_prompt("held")[0].task_id
    assert (proc.returncode, result["status"], result["task_id"]) == (1, "failed", task_id)
    assert result["message"].startswith("Another program is using the library.")
    assert "database is locked" in result["message"]
    assert "retry" in result["hint"]
    [row] = procs.rows(app_home)
    assert (row["state"], row["task_id"]) == ("failed", task_id)

    run = procs.run_cli(app_home, simulator, "retry", str(result["id"]), "--json")
    assert run.code == 0 and run.result["status"] == "completed", run.stderr[-2000:]
    assert simulator.generate_count("held") == 1
    assert procs.integrity(database) == "ok"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_log_file_on_a_full_disk_prints_no_traceback_and_the_job_completes(
    app_home: Path, simulator: Simulator
):
    """The log file's disk is full (``/dev/full``: every write fails with ENOSPC). Before,
    each line logged printed "--- Logging error ---" and a traceback into the terminal,
    and one more came at exit."""
    logs = app_home / "logs"
    logs.mkdir(parents=True)
    (logs / "kontext-studio.jsonl").symlink_to("/dev/full")
    run = procs.run_cli(app_home, simulator, "generate", "no room for the log", "--json")
    assert run.code == 0 and run.result["status"] == "completed", run.stderr[-2000:]
    no_traceback(run)
    assert "Logging error" not in run.stderr


FOLD_AT_OPEN = textwrap.dedent(
    """
    import sys, unicodedata
    from pathlib import Path
    from kontext_studio.store import schema
    from kontext_studio.store.ledger import Ledger

    folded = []
    fold = schema._folded_fields
    schema._folded_fields = lambda *fields: folded.append(fields) or fold(*fields)
    unicodedata.unidata_version = "99.0.0"
    for _ in range(2):
        Ledger.open(Path(sys.argv[1])).close()
    print(len(folded))
    """
)
"""Opens the library named twice as a Python of other Unicode data would, and prints how
many rows' search texts it folded."""


def folded_at_a_read_only_open(library: Path) -> int:
    """How many rows' search texts :data:`FOLD_AT_OPEN` folds opening ``library`` on a
    read-only disk (its ``-wal`` and ``-shm`` there, as a copy of a closed one leaves)."""
    for left in ("-wal", "-shm"):
        Path(f"{library}{left}").touch()
    run = run_in_the_project(
        [*read_only(library), sys.executable, "-c", FOLD_AT_OPEN, str(library)]
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return int(run.stdout)


def test_a_read_only_library_opened_by_a_python_of_other_unicode_data_folds_nothing(
    tmp_path: Path,
) -> None:
    """A read-only library (restored from a backup, another user's) opened by a Python of
    other Unicode data: SQLite lets the write transaction that folds its names begin and
    refuses only its first write, which came after every name not all ASCII was folded, at
    each start, for nothing (0.2 s for 10 000 Chinese titles). It opens without folding one."""
    library = tmp_path / "library.sqlite3"
    chinese_library(library, 50)
    assert folded_at_a_read_only_open(library) == 0


def test_a_read_only_library_whose_meta_table_was_dropped_opens(tmp_path: Path) -> None:
    """The ``meta`` table dropped (by hand, or by another tool) from a library on a
    read-only disk: it cannot be made again there, and the library opens all the same, its
    names read as they are stored, not refused with "no such table: meta"."""
    library = tmp_path / "library.sqlite3"
    ledger = Ledger.open(library)
    ledger.create_upload(prompt="山水", title="水墨")
    ledger.close()
    with contextlib.closing(sqlite3.connect(library)) as conn, conn:
        conn.execute("DROP TABLE meta")
    assert folded_at_a_read_only_open(library) == 0
