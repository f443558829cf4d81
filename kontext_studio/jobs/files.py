"""A job's files in the library: its result image, and the copy of its reference it keeps.

A result is refused unless it is a whole image within :data:`RESULT_LIMITS`; it carries
how it was made (:func:`job_provenance`) and is written atomically, so the library never
holds half an image. A reference image is kept as the copy the job sends
(:mod:`kontext_studio.images.outgoing`), so the artist may move or edit the original while
the job waits. Everything here touches the disk: the engine calls it off the event loop's
thread.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kontext_studio import __version__
from kontext_studio.errors import FolderError, ImageError, Refusal, StorageError
from kontext_studio.explain import disk_full, write_refusal
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.images.export import NEW_FILE_MODE
from kontext_studio.images.metadata import Provenance, embed_provenance, read_provenance
from kontext_studio.images.outgoing import CURRENT_COPY, LEFTOVER, kept_name, write_outgoing
from kontext_studio.images.validate import (
    REFERENCE_FILE_LIMITS,
    REFERENCE_LIMITS,
    UPLOAD_LIMITS,
    ImageInfo,
    Limits,
    check_sent_copy,
    inspect_bytes,
    inspect_image,
    sha256_file,
)
from kontext_studio.jobs.claim import sync_folder
from kontext_studio.jobs.deleting import Removal, delete_under_way
from kontext_studio.jobs.states import JobState
from kontext_studio.store.ledger import Snapshot

log = logging.getLogger(__name__)

RESULT_LIMITS = Limits(UPLOAD_LIMITS.max_bytes, UPLOAD_LIMITS.max_pixels, ("JPEG", "PNG"))
"""KIE results are 1-4 MP JPEG or PNG (the formats it can be asked for)."""
_MIME_EXT = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif"}
UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_-]")
"""What of a task id is left out of its result's file name (:func:`result_path`)."""
PART = re.compile(r"tmp[a-z0-9_]+\.part")
"""A result image being written (:func:`_write_atomically`'s temp file)."""
_FARTHEST_ZONES = (-12 * 3600, 14 * 3600)
"""The time zones farthest west and east of UTC, in seconds: between them, a moment falls
in one month or two, whatever the zone."""


def job_provenance(snap: Snapshot) -> Provenance:
    """How the job ``snap`` made its image, as its result file carries it."""
    request = snap.request
    return Provenance(
        prompt=request.prompt,
        model=request.model,
        ratio=request.aspect_ratio or "match",
        task_id=snap.task_id or "",
        app_version=__version__,
        is_edit=request.is_edit,
        output_format=request.output_format,
    )


@dataclass(frozen=True)
class Saved:
    """A result image written into the library (:func:`check_and_save`)."""

    path: Path
    sha256: str
    size: int
    width: int
    height: int


def result_path(library_dir: Path, snap: Snapshot, fmt: str) -> Path:
    """Where the result of job ``snap``, an image in format ``fmt``, goes in the library: a
    folder for the month the job was made in. Of the task id, only what any file system
    takes in a name: KIE's reply may carry any printable id, and one with ``/`` or ``..``
    named a place outside the library, one with ``:`` a name Windows refuses."""
    return library_dir / _month(time.localtime(snap.created_at)) / _result_name(snap, fmt)


def result_target(library_dir: Path, snap: Snapshot, fmt: str) -> Path:
    """Where the result of job ``snap``, an image in format ``fmt``, is written: its
    :func:`result_path`, but a result fetched again (Download again) goes in place of the
    file its row names, when one is there under that format's extension (damaged: it does
    not open). Before, it went under this time zone's month, and a damaged file saved under
    another's (a laptop taken abroad since) stayed in the library, named by no row.
    Blocking: it looks at the disk."""
    kept = Path(snap.file_path) if snap.file_path else None
    if kept is not None and kept.suffix == _MIME_EXT.get(fmt) and kept.is_file():
        return kept
    check_reachable(library_dir)
    return result_path(library_dir, snap, fmt)


LIBRARY_UNREACHABLE = QT_TRANSLATE_NOOP(
    "Errors",
    "cannot save in the library folder {folder}: the folder it is in is not there (is its "
    "drive connected?)",
)


def check_reachable(library_dir: Path) -> None:
    """Refuse to save in ``library_dir`` while neither it nor the folder it is in is there:
    a library on a drive not plugged in. Made there, its folders went on the system disk,
    under the drive's mount point (``/media/…``), where the drive, once plugged in, hid the
    images saved meanwhile, or was mounted elsewhere, away from them; the artist was told
    nothing. Settings refuses such a folder as it is chosen
    (:func:`~kontext_studio.config.library_folder`); this is the drive taken away since.
    Blocking: it looks at the disk."""
    if not library_dir.is_dir() and not library_dir.parent.is_dir():
        raise FolderError.worded(LIBRARY_UNREACHABLE, folder=str(library_dir))


def _result_name(snap: Snapshot, fmt: str) -> str:
    task = UNSAFE_IN_NAME.sub("_", (snap.task_id or "local")[:16])
    return f"{snap.id:06d}-{task}{_MIME_EXT.get(fmt, '.img')}"


def _month(moment: time.struct_time) -> str:
    return time.strftime("%Y-%m", moment)


_MONTH_FOLDER = re.compile(r"\d{4}-\d{2}")
"""The name of a library folder's month (:func:`_month`)."""


def _saved_places(library_dir: Path, snap: Snapshot, fmt: str) -> list[Path]:
    """Where an earlier save may have written the result of job ``snap``: its
    :func:`result_path` in the time zone of that save, which may not be this one (a laptop
    taken abroad, the system's zone changed): a job made by the edge of a month is in one
    month in one zone and in the next in another. This zone's month first."""
    made = snap.created_at
    months = [time.localtime(made), *(time.gmtime(made + zone) for zone in _FARTHEST_ZONES)]
    name = _result_name(snap, fmt)
    return [library_dir / month / name for month in dict.fromkeys(map(_month, months))]


def check_and_save(
    body: bytes, name: str, provenance: Provenance, target_for: Callable[[str], Path]
) -> Saved:
    """Refuse a body that is not a whole image, embed provenance, write atomically, and hash:
    one trip off the event loop's thread for all of it."""
    fmt, width, height = inspect_bytes(body, name=name, limits=RESULT_LIMITS)
    target = target_for(fmt)
    data = embed_provenance(body, provenance)
    _write_atomically(target, data)
    return Saved(target, hashlib.sha256(data).hexdigest(), len(data), width, height)


def library_folders(result_folders: Iterable[str]) -> list[Path]:
    """The library folders that ``result_folders`` (:meth:`Ledger.result_folders`) are
    months of, each once: those a result was saved under, the one chosen in Settings at the
    time, or the default one while a chosen one could not be used."""
    months = (Path(folder) for folder in result_folders)
    found = (month.parent for month in months if _MONTH_FOLDER.fullmatch(month.name))
    return list(dict.fromkeys(found))


def saved_before(library_dir: Path, snap: Snapshot, earlier: Sequence[Path] = ()) -> Saved | None:
    """The result of job ``snap`` (downloading) that an earlier save wrote whole under its
    name (:func:`result_path`, in the time zone of that save: :func:`_saved_places`) while
    its row was never told: the app closed while the write outlived the close's grace, or
    was killed between the rename and the row's write. Looked for in ``library_dir``, then
    in the ``earlier`` library folders (:func:`library_folders`): a library folder changed
    in Settings is taken at the next start, the save may have gone to the one before.
    Before, that start fetched the image again (failed, once KIE had deleted it), and the
    image saved before stayed there, named by no row.
    ``None`` unless the file there is a whole image within :data:`RESULT_LIMITS` that
    carries ``snap``'s task id (:func:`job_provenance`): one written for the job's task by
    this app, not some other file. Blocking: it reads the file.

    Named so, an unrecorded image is known by its name alone: no write ahead of the row
    is needed, and the rule "the image is on disk before the row names it" stays."""
    if not snap.task_id:
        return None
    for folder in dict.fromkeys((library_dir, *earlier)):
        for fmt in RESULT_LIMITS.formats:
            for path in _saved_places(folder, snap, fmt):
                if (found := _saved_at(path, fmt, snap.task_id)) is not None:
                    return found
    return None


def whole_image_at(path: Path) -> bool:
    """Whether ``path`` is an image file that opens whole (within :data:`RESULT_LIMITS`):
    not gone, cut short, damaged or replaced by something else. Blocking: it decodes it."""
    try:
        inspect_image(path, RESULT_LIMITS)
    except ImageError:
        return False
    return True


def _saved_at(path: Path, fmt: str, task_id: str) -> Saved | None:
    """The image at ``path`` if it is a whole one in format ``fmt``, within
    :data:`RESULT_LIMITS`, that carries ``task_id`` (:func:`job_provenance`)."""
    if not os.path.isfile(path) or os.path.islink(path):
        return None
    try:
        info = inspect_image(path, RESULT_LIMITS)
        made = read_provenance(path)
    except ImageError:
        return None
    if info.format == fmt and made is not None and made.task_id == task_id:
        return Saved(path, info.sha256, info.file_size, info.width, info.height)
    return None


def images_of(library_dir: Path, snap: Snapshot) -> list[Removal]:
    """Blocking (it reads the disk): the images a Delete of ``snap`` removes once its row
    is gone: the file the row names, when it is there (not moved to the trash) and the row
    knows its bytes; for a downloading job, the image a save wrote under its name while
    its row was never told, which the next start would keep (:func:`saved_before`):
    before, the row alone went, and that image stayed, named by no row. Only such files
    are noted for a start to remove (:func:`remove_left_images`): bytes known are how that
    start tells it is the image the app wrote for the row, not a file put in its place."""
    path = Path(snap.file_path)
    if snap.file_path and snap.sha256 and os.path.lexists(path):
        return [Removal(snap.id, path, snap.sha256)]
    if not snap.file_path and snap.state is JobState.DOWNLOADING:
        found = saved_before(library_dir, snap)
        if found is not None:
            return [Removal(snap.id, found.path, found.sha256)]
    return []


def remove_left_images(
    library_dir: Path, removals: Collection[Removal], kept: Callable[[Removal], bool]
) -> tuple[int, list[Removal]]:
    """Blocking: remove the images that Deletes killed between an artwork's row and its
    image noted (:func:`~kontext_studio.jobs.deleting.note_removals`); how many, and those
    that could not be looked at, for a later start to finish: the library's folder not
    there (a share not mounted yet), or empty with a noted image's folder not there
    (:func:`_holds_anything`), or an image that cannot be read. Before, the note went all
    the same, and each such image stayed in the library for good, named by no row. Not
    one whose artwork ``kept`` says is still there: that Delete never removes it (a Delete
    for good of several notes all their images before the first row goes), and left for
    a later start, it was removed once the artwork went otherwise (to the Trash, its image
    put back by hand). Only a
    file still there with the bytes noted, in the library's folder at ``library_dir`` (no
    link on the way, :func:`_in_library`), unless ``kept`` says its artwork is still there
    or a row names the file, as the note spells it or as the library does, or records
    those bytes: never one the artist kept, nor any the app did not write. A note is only
    a file beside the library: damaged, or written by another program, it named any file
    with its hash, one outside the library, or an artwork's image by another spelling
    (``..``, the library through a link) that no row named so."""
    if removals and not os.path.isdir(library_dir):
        return 0, [removal for removal in removals if not kept(removal)]
    removed = 0
    left: list[Removal] = []
    root = os.path.realpath(library_dir)
    for removal in removals:
        path = _in_library(library_dir, root, removal.path)
        if path is None:
            log.warning(
                "an ended Delete noted a file outside the library, left",
                extra={"event": "delete_note_outside", "job_id": removal.job_id},
            )
            continue
        before = _regular_file(path)
        if before is None:
            gone = os.path.isdir(path.parent) or _holds_anything(library_dir)
            if not gone and not kept(removal):
                left.append(removal)
            continue
        if kept(removal) or (path != removal.path and kept(Removal(removal.job_id, path, ""))):
            continue
        try:
            if sha256_file(path) != removal.sha256:
                continue
        except ImageError:
            left.append(removal)
            continue
        # The file read is the one removed: one saved over it as it was read (an editor's
        # save, a new file renamed there) went in its place.
        if _regular_file(path) != before:
            continue
        unlink_quietly(path)
        removed += 1
    return removed, left


def _holds_anything(folder: Path) -> bool:
    """Whether ``folder``, the library's, holds anything. Empty, it may be the mount point
    of a share not mounted yet, and a noted image's month folder not there says nothing of
    the image. Holding anything (other months), it is the library's own, and a month folder
    not there is gone: removed by hand once the artist had emptied it. Taken for a share not
    mounted, it kept its Delete's note unfinished for good, read at every start."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is not None
    except OSError:
        return False


def _regular_file(path: Path) -> tuple[int, int, int, int] | None:
    """Which file ``path`` names, and as written (device, inode, size, time written),
    when it is a file and no link; ``None`` otherwise."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _in_library(library_dir: Path, root: str, path: Path) -> Path | None:
    """``path`` as the library at ``library_dir`` (really at ``root``) spells it, when it
    names a file in its folder: absolute, without ``..``, and no link on the way out of
    the library (a month folder linked to the artist's pictures); ``None`` otherwise, and
    for a name that is not UTF-8 (bytes a Linux folder takes): no row can hold it, and
    the ledger, asked about it, raised and stopped the start."""
    if not path.is_absolute() or ".." in path.parts or not _utf8(os.fspath(path)):
        return None
    folder = os.path.realpath(path.parent)
    try:
        if os.path.commonpath([root, folder]) != root:
            return None
    except ValueError:  # another drive
        return None
    return library_dir / os.path.relpath(folder, root) / path.name


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temp file beside ``target`` (named as :data:`PART` says) and rename: no
    half-written images, ever; a write that fails (a full disk) removes its temp file and
    raises the OSError. The image gets the mode any file the artist saves gets, not the
    temp file's private one."""
    tmp_name = ""
    try:
        _make_folder(target.parent)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, NEW_FILE_MODE)
        os.replace(tmp_name, target)
        sync_folder(target.parent)
    except OSError:
        if tmp_name:
            unlink_quietly(Path(tmp_name))
        raise


def _write_atomically(target: Path, data: bytes) -> None:
    """:func:`write_atomically` a result image, a failure said with its reason in words."""
    try:
        write_atomically(target, data)
    except OSError as error:
        # A full disk is the disk's (free space); the rest the folder's, named whole for its
        # words to check it (a read-only disk was told to free space).
        full = disk_full(error)
        raise (StorageError if full else FolderError).worded(
            QT_TRANSLATE_NOOP("Errors", "cannot save {name}: {reason}"),
            name=target.name if full else str(target),
            reason=write_refusal(error),
        ) from error


def keep_reference(
    folder: Path, path: Path, checked: ImageInfo | None = None, called: str | None = None
) -> tuple[Path, str]:
    """Check the reference image and keep a copy the job owns in ``folder``: the artist may
    move or edit the original while the job waits. A photo is kept upright, without what
    describes it, and scaled down to fit KIE's limits when its file is over them
    (:mod:`kontext_studio.images.outgoing`); encoded anew, a copy is checked against
    those limits again, and one still over them is refused, before anything is
    uploaded. The file itself may be as large as :data:`REFERENCE_FILE_LIMITS`.

    ``checked``: ``path``'s :func:`inspect_image` against :data:`REFERENCE_FILE_LIMITS`
    just made (``generate --image`` makes it before the library opens, to refuse a file
    first), taken instead of a second decode of every pixel. The copy is still only ever
    of the bytes checked: one made reads them by the hash it records
    (:func:`~kontext_studio.images.validate.checked_bytes`), refusing a file changed
    since.

    ``called``: what the artist knows the file as, in a refusal of it ("The pasted image":
    its file, written by the app, was named in the banner, "pasted-….jpg is truncated or
    damaged", where the slot said "The pasted image"); by its file's name when None."""
    name = called or path.name
    if checked is not None and checked.path == path:
        info = checked
    else:
        info = inspect_image(path, REFERENCE_FILE_LIMITS, name=name)
    if _kept_here(folder, path) and _touched(path) and _within(path, REFERENCE_LIMITS):
        # Another job's copy (Reuse settings of an edit): the same file, not a copy of it,
        # which was kept and uploaded again under a name of its own.
        return path, info.sha256
    target = folder / kept_name(info, _MIME_EXT.get(info.format, ".img"))
    # Reused: fresh again, so no clean-up takes it from this job.
    if _touched(target) and _within(target, REFERENCE_LIMITS):
        return target, info.sha256
    kept = Path()
    check_reachable(folder.parent)
    try:
        _make_folder(folder)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as tmp:
            kept = Path(tmp.name)
        write_outgoing(info, kept, REFERENCE_LIMITS)
        check_sent_copy(name, kept, REFERENCE_LIMITS)
        _sync_file(kept)
        os.replace(kept, target)
        sync_folder(folder)
    except (ImageError, Refusal):
        # Still over the limits, not a copy Pillow can read, or the file gone or changed
        # since its check.
        unlink_quietly(kept)
        raise
    except (OSError, ValueError) as error:  # ValueError: Pillow cannot write it
        if kept.name:
            unlink_quietly(kept)
        raise StorageError.worded(
            QT_TRANSLATE_NOOP("Errors", "cannot keep a copy of {name}: {reason}"),
            name=name,
            reason=write_refusal(error) if isinstance(error, OSError) else str(error),
        ) from error
    return target, info.sha256


def _make_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) unless it is there, the place of each made here
    synced in its own folder (:func:`sync_folder`)."""
    if folder.is_dir():
        return
    _make_folder(folder.parent)
    folder.mkdir(exist_ok=True)
    sync_folder(folder.parent)


def _sync_file(path: Path) -> None:
    """Sync the bytes of the file at ``path`` to the disk, before it is renamed into place:
    else a power cut may leave it empty under its final name while the row naming it, synced
    at once, stands."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _kept_here(folder: Path, path: Path) -> bool:
    """Whether ``path`` is a copy this version kept in ``folder``, ready to be sent as it is."""
    try:
        return CURRENT_COPY.fullmatch(path.name) is not None and path.parent.samefile(folder)
    except OSError:
        return False


def _within(path: Path, limits: Limits) -> bool:
    """Whether the file at ``path`` is no larger than ``limits`` allow (a copy kept before
    its size was checked may not be); one that cannot be read is not."""
    try:
        return path.stat().st_size <= limits.max_bytes
    except OSError:
        return False


def _touched(path: Path) -> bool:
    """Mark ``path`` as just used (its modification time); False if it is not there."""
    try:
        os.utime(path)
    except FileNotFoundError:
        return False
    except OSError:
        return path.is_file()  # a read-only library: used as it is
    return True


def find_cut_writes(library_dir: Path, references_dir: Path) -> list[Path]:
    """What writes cut short (a process killed, a power cut) may have left in the library:
    a result image's temp file beside where it was going (:data:`PART`) and a reference
    copy's in ``references_dir`` (:data:`~kontext_studio.images.outgoing.LEFTOVER`).
    Before, a result's stayed for good, and a reference copy's for a day at least. Any of
    them may be a write under way: :func:`remove_cut_writes` takes them only once nothing
    can be writing them (see :meth:`~kontext_studio.jobs.engine.JobEngine.resume`). It
    reads the disk: call it in a worker thread."""
    found = [
        path
        for folder in _folders_in(library_dir)
        for path in _entries(folder)
        if PART.fullmatch(path.name)
    ]
    return found + [path for path in _entries(references_dir) if LEFTOVER.fullmatch(path.name)]


def remove_cut_writes(found: list[Path]) -> int:
    """Remove the temp files :func:`find_cut_writes` found; one that cannot be removed is
    passed over. Returns how many were removed. Call it in a worker thread."""
    removed = 0
    for path in found:
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
    if removed:
        log.info(
            "temp files of cut writes removed",
            extra={"event": "cut_writes_removed", "count": removed},
        )
    return removed


def _folders_in(folder: Path) -> list[Path]:
    return [path for path in _entries(folder) if path.is_dir() and not path.is_symlink()]


def _entries(folder: Path) -> list[Path]:
    """What ``folder`` holds; nothing when it is not there or cannot be read."""
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def unlink_quietly(path: Path) -> None:
    """Remove ``path`` if it is there; a file that cannot be removed is only logged."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove a file", extra={"event": "unlink_failed"})


def trash_note_stale(library: Path, snapshot: Snapshot) -> bool:
    """Blocking (it reads the file): whether the note that a Delete moved the image of
    ``snapshot``, in the library at ``library``, to the trash (:attr:`Snapshot.trashed_at`)
    no longer holds: the image is at its place with the bytes recorded, put back from the
    trash by hand, or never trashed (the app stopped between the note and the trash). Not
    while a Delete of it runs (:func:`.deleting.delete_under_way`), in any process: its
    image is about to go. Left, the note outlived the image's return: once the file went
    again (moved away outside the app), the preview and Publish said a Delete had put it in
    the trash."""
    if snapshot.trashed_at is None or delete_under_way(library, snapshot.id):
        return False
    if not (snapshot.file_path and snapshot.sha256):
        return False
    try:
        return sha256_file(Path(snapshot.file_path)) == snapshot.sha256
    except ImageError:  # gone, or unreadable: nothing says the note is wrong
        return False


def trash_note_as_read(snapshot: Snapshot) -> dict[str, Any]:
    """What taking back the note of ``snapshot`` (:func:`trash_note_stale`) expects of its
    row: the note, the file and its bytes as they were read. A Delete's new note, or
    another file put in its place, is left as it is."""
    return {
        "trashed_at": snapshot.trashed_at,
        "file_path": snapshot.file_path,
        "sha256": snapshot.sha256,
    }
