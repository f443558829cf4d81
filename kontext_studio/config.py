"""Where the app keeps its files, and its non-secret settings.

Every folder comes from platformdirs; ``KONTEXT_STUDIO_HOME`` puts them all under one folder
(tests, portable installs). Secrets are never stored here: see ``secrets.py``.

The settings file may have been edited by hand: each value is checked on load and a wrong one
(type, range, NaN) is replaced by its default with a logged warning, keeping the others.
:func:`read_json` and :func:`write_json_atomic` are the JSON file helpers every small file of
the app (settings, presets, recent prompts) goes through.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import math
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from kontext_studio import APP_ID
from kontext_studio.errors import (
    BrokenLinkError,
    FileIsFolderError,
    FileReadOnlyError,
    FileUnreadableError,
    FolderError,
    StorageError,
)
from kontext_studio.explain import disk_full, folder_refused
from kontext_studio.i18n import QT_TRANSLATE_NOOP, normalize
from kontext_studio.jobs.claim import sync_folder
from kontext_studio.kie.models import FORMATS, MAX_SAFETY_GENERATE, MODELS, RATIOS
from kontext_studio.text_direction import without_invisibles

log = logging.getLogger(__name__)

HOME_ENV = "KONTEXT_STUDIO_HOME"
KIE_URL_ENV = "KONTEXT_STUDIO_KIE_URL"
KIE_UPLOAD_URL_ENV = "KONTEXT_STUDIO_KIE_UPLOAD_URL"
DEFAULT_KIE_URL = "https://api.kie.ai"
DEFAULT_KIE_UPLOAD_URL = "https://kieai.redpandaai.co"


@dataclass(frozen=True)
class Paths:
    """The app's folders. ``ensure()`` creates those it cannot work without."""

    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "library.sqlite3"

    @property
    def library(self) -> Path:
        return self.data / "artworks"

    @property
    def thumbnails(self) -> Path:
        return self.cache / "thumbnails"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @classmethod
    def from_env(cls) -> Paths:
        home = os.environ.get(HOME_ENV)
        if home:
            # A folder that cannot be resolved stops the app rather than falling back to the
            # platform folders: that would open another library, empty, and keep work there.
            root = expand_folder(home).resolve()
            return cls(root / "data", root / "config", root / "cache", root / "logs")
        dirs = platformdirs.PlatformDirs(APP_ID, appauthor=False)
        return cls(
            Path(dirs.user_data_dir),
            Path(dirs.user_config_dir),
            Path(dirs.user_cache_dir),
            Path(dirs.user_log_dir),
        )

    def ensure(self) -> Paths:
        """Create the library's folders (its database, the default folder of new images)
        and the settings' (without it, the library folder chosen there is not known, and new
        images would go elsewhere): :class:`FolderError` when one cannot be made. Not the
        log and cache folders, made by what writes there, which goes on without them (the
        log file, thumbnails, a pasted reference refused in words): a file in their place
        refused every command and the window."""
        for folder in (self.data, self.config, self.library):
            make_folder(folder)
        return self


def make_folder(folder: Path) -> Path:
    """Create ``folder`` and its parents unless it exists; :class:`FolderError` names it when
    that is not possible (no permission, a file in its place), :class:`StorageError` when the
    disk is full."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise folder_unusable(folder, error) from error
    return folder


def folder_unusable(
    folder: Path,
    error: OSError,
    otherwise: str = QT_TRANSLATE_NOOP("Errors", "cannot use the folder {folder}: {reason}"),
    **values: str,
) -> StorageError:
    """The error for ``folder`` when making it or writing in it failed with ``error``: the
    system's words go to the log only, but for a rare reason with no words of our own, where
    ``otherwise`` says it with them as ``{reason}``."""
    log.warning(
        "folder cannot be used",
        extra={"event": "folder_unusable", "folder": str(folder), "reason": str(error)},
    )
    # A full disk is the disk's problem (free space), as in images.export; the rest the folder's.
    return folder_refused(
        StorageError if disk_full(error) else FolderError,
        error,
        str(folder),
        otherwise,
        **({"folder": str(folder)} | values),
    )


def expand_folder(text: str) -> Path:
    """``text`` as a path with ``~`` expanded, or :class:`FolderError` when it cannot name a
    folder (an unknown ``~user``, no home folder, a NUL character)."""
    if "\0" in text:
        raise FolderError.worded(
            QT_TRANSLATE_NOOP("Errors", "cannot use the folder {folder}: it holds a NUL character"),
            folder=repr(text),
        )
    try:
        return Path(text).expanduser()
    except RuntimeError as error:  # what expanduser raises for an unknown home folder
        raise FolderError.worded(
            QT_TRANSLATE_NOOP(
                "Errors",
                "cannot use the folder {folder}: the home folder it starts with is unknown",
            ),
            folder=text,
        ) from error


def absolute_folder(text: str) -> Path:
    """:func:`expand_folder`, refusing a relative path: it would name another folder for
    each folder the app is started from."""
    folder = expand_folder(text)
    if not folder.is_absolute():
        raise FolderError.worded(
            QT_TRANSLATE_NOOP("Errors", "cannot use the folder {folder}: give its whole path"),
            folder=text,
        )
    return folder


def library_folder(text: str) -> Path:
    """The folder ``text`` names for new images, created if missing, or :class:`FolderError`
    when it cannot be one: not a whole path, in a folder that does not exist (an unplugged
    drive: its mount point is not made on the system disk), or not writable. Checked when
    Settings saves a new one."""
    folder = absolute_folder(text)
    if not folder.parent.is_dir():
        raise FolderError.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "cannot use the folder {folder}: the folder it is in does not exist"
            ),
            folder=str(folder),
        )
    make_folder(folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FolderError.worded(
            QT_TRANSLATE_NOOP("Errors", "cannot use the folder {folder}: it cannot be written to"),
            folder=str(folder),
        )
    return folder


@dataclass(frozen=True)
class R2Settings:
    """Non-secret half of the R2 connection; the secret access key lives in the keyring."""

    endpoint: str = ""
    bucket: str = ""
    access_key_id: str = ""
    public_base_url: str = ""
    key_prefix: str = "artworks/"


KIE_RATE_LIMIT = 20
KIE_RATE_WINDOW_S = 10.0
"""KIE's documented rate limit: 20 new generation requests per 10 s per account; more are
dropped with a 429 (kie-api.md, "Rate limit")."""


@dataclass(frozen=True)
class Settings:
    """Artist preferences that are safe to write to disk."""

    default_model: str = "flux-kontext-pro"
    default_ratio: str = "1:1"
    default_format: str = "png"
    enable_translation: bool = True
    prompt_upsampling: bool = False
    safety_tolerance: int = 2
    library_dir: str = ""
    poll_timeout_s: float = 600.0
    submit_limit: int = KIE_RATE_LIMIT
    submit_window_s: float = KIE_RATE_WINDOW_S
    language: str = ""
    r2: R2Settings = field(default_factory=R2Settings)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


# A day: longer waits are no setting anyone means, and Qt's timers (the window's event loop)
# cannot wait more than 24.8 days.
MAX_SECONDS = 86_400.0

_Check = Callable[[Any], Any]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _bare_text(value: Any) -> str:
    """Text without what no R2 name holds (:func:`without_invisibles`): an access key ID, an
    endpoint or a bucket saved with a zero-width space (by an older version, a hand edit)
    was used with it, unseen, and R2 refused the keys or found no such bucket."""
    return without_invisibles(_text(value))


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("not true or false")
    return value


def _whole(low: int, high: float = math.inf) -> _Check:
    """A check for a whole number from ``low`` to ``high``; ``true``/``false`` are not numbers
    here although Python's ``bool`` is an ``int``."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError("not a whole number in the allowed range")
        return value

    return check


def _language(value: Any) -> str:
    """A language the app has words for, by any name :func:`~kontext_studio.i18n.normalize`
    takes (``zh``, ``zh-Hans-CN``), or ``""``: the system's. Any other (a hand edit's
    "chinese", Traditional Chinese, a newer version's) was taken for the system's without a
    word, the window and the commands in English."""
    text = _text(value)
    if text.strip() and normalize(text) is None:
        raise ValueError("not a language Kontext Studio has")
    return text


def _one_of(choices: tuple[str, ...]) -> _Check:
    """A check for one of ``choices`` (a model, a ratio, a format the app offers)."""

    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError("not one of " + ", ".join(choices))
        return str(value)

    return check


def _seconds(value: Any) -> float:
    """Finite seconds above zero and at most :data:`MAX_SECONDS`. NaN fails the comparison,
    and comparing a huge int with a float is exact where ``float()`` would overflow."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    if not 0 < value <= MAX_SECONDS:
        raise ValueError("not above 0 seconds and at most a day")
    return float(value)


_CHECKS: dict[str, _Check] = {
    "default_model": _one_of(MODELS),
    "default_ratio": _one_of(RATIOS),
    "default_format": _one_of(FORMATS),
    "enable_translation": _flag,
    "prompt_upsampling": _flag,
    "safety_tolerance": _whole(0, MAX_SAFETY_GENERATE),
    "library_dir": _text,
    "poll_timeout_s": _seconds,
    "submit_limit": _whole(1),
    "submit_window_s": _seconds,
    "language": _language,
}
_R2_CHECKS: dict[str, _Check] = {
    **{f.name: _text for f in fields(R2Settings)},
    **dict.fromkeys(("endpoint", "bucket", "access_key_id"), _bare_text),
}


def _from_dict(data: dict[str, Any], ignored: list[str]) -> Settings:
    """Settings from parsed JSON; unknown keys are ignored (newer versions)."""
    settings = Settings(
        **_checked(data, _CHECKS, "", ignored), r2=_r2_from(data.get("r2"), ignored)
    )
    return _within_kie_rate(settings)


def _most_sent_in_kie_window(limit: int, window_s: float) -> int:
    """The most generate requests a sliding window of ``limit`` per ``window_s`` lets out in
    any :data:`KIE_RATE_WINDOW_S`: ``limit`` in each window that starts within it."""
    return limit * math.ceil(KIE_RATE_WINDOW_S / window_s)


def _within_kie_rate(settings: Settings) -> Settings:
    """``settings`` with a hand-edited submission limit that would send faster than KIE's
    documented rate (a larger limit, or a shorter window) clamped to it, with a warning:
    the requests over it would only be refused. A slower one is kept as it is, and so is
    any one while :data:`KIE_URL_ENV` names another server than KIE's: its limit is its own
    (a simulator a benchmark runs without one, at the rate its settings file names)."""
    limit, window_s = settings.submit_limit, settings.submit_window_s
    if _most_sent_in_kie_window(limit, window_s) <= KIE_RATE_LIMIT:
        return settings
    if kie_base_url() != DEFAULT_KIE_URL:
        log.info(
            "submission limit above KIE's kept: another server is set",
            extra={"event": "setting_kept", "setting": "submit_limit", "variable": KIE_URL_ENV},
        )
        return settings
    clamped = settings.with_changes(
        submit_limit=min(limit, KIE_RATE_LIMIT), submit_window_s=max(window_s, KIE_RATE_WINDOW_S)
    )
    log.warning(
        "submission limit %s per %s s is above KIE's %s per %s s; %s per %s s is used",
        limit,
        window_s,
        KIE_RATE_LIMIT,
        KIE_RATE_WINDOW_S,
        clamped.submit_limit,
        clamped.submit_window_s,
        extra={
            "event": "setting_clamped",
            "setting": "submit_limit",
            "limit": limit,
            "window_s": window_s,
            "used_limit": clamped.submit_limit,
            "used_window_s": clamped.submit_window_s,
        },
    )
    return clamped


def _r2_from(raw: Any, ignored: list[str]) -> R2Settings:
    if raw is None:
        return R2Settings()
    if not isinstance(raw, dict):
        _warn_ignored("r2", "not an object", ignored)
        return R2Settings()
    return R2Settings(**_checked(raw, _R2_CHECKS, "r2.", ignored))


def _checked(
    data: dict[str, Any], checks: dict[str, _Check], prefix: str, ignored: list[str]
) -> dict[str, Any]:
    """The values of ``data`` that pass their check; each other one is left out (its default
    is used) with a warning, and its name added to ``ignored``."""
    kept: dict[str, Any] = {}
    for key, check in checks.items():
        if key not in data:
            continue
        try:
            kept[key] = check(data[key])
        except ValueError as error:
            _warn_ignored(prefix + key, str(error), ignored)
    return kept


def _warn_ignored(setting: str, reason: str, ignored: list[str]) -> None:
    # The value itself is not logged: it may be a path or an R2 key ID.
    log.warning(
        "setting %s ignored (%s), its default is used",
        setting,
        reason,
        extra={"event": "setting_ignored", "setting": setting, "reason": reason},
    )
    ignored.append(setting)


def load_settings(paths: Paths) -> Settings:
    """Read the settings file; a missing or damaged file gives the defaults, a wrong value
    its own default."""
    return read_settings(paths)[0]


def read_settings(paths: Paths) -> tuple[Settings, list[str]]:
    """:func:`load_settings`, and the names of the settings that could not be used (the
    file's name when all of it was unreadable), for the window to tell."""
    try:
        data = read_json(paths.settings_file)
    except FileNotFoundError:
        return Settings(), []
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):
        log.warning("settings unreadable", extra={"event": "settings_damaged"})
        return Settings(), [paths.settings_file.name]
    ignored: list[str] = []
    return _from_dict(data, ignored), ignored


# Any UTF-16 surrogate in a ``str`` is a lone one: JSON's escaped pairs decode to one character.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_json(path: Path) -> Any:
    """The parsed content of a JSON file.

    Raises ``OSError`` (``FileNotFoundError`` for a missing file) when it cannot be read and
    ``ValueError`` when it is damaged, nesting too deep for the parser included. Text holding
    a lone surrogate (``"\\udce9"``: valid JSON, but no UTF-8 can store it, so the next save
    would fail) has it replaced by U+FFFD, with a warning.
    """
    raw = path.read_bytes()
    try:
        data = json.loads(raw)
        mended = without_lone_surrogates(data)
    except RecursionError as error:
        raise ValueError("nested too deeply") from error
    if mended is not data:
        log.warning(
            "unreadable characters replaced", extra={"event": "json_surrogates", "file": path.name}
        )
    return mended


_LEADS_NOWHERE = frozenset({errno.ELOOP, errno.ENOTDIR, errno.ENAMETOOLONG})
"""What stops a file being read that no wait mends: a link in a loop, a file where its path
needs a folder, a name longer than the system takes."""


def read_own_json(path: Path) -> Any:
    """:func:`read_json` for a file of the artist's own that is set aside when damaged
    (their presets, their recent prompts), what stops it being read telling whether to.
    ``FileNotFoundError``: none there. ``ValueError``: a damaged one, a folder in its place
    (which Windows refuses to read as "Permission denied", not "Is a directory"), or a link
    leading where no file can be: round in a loop, through a file, to a name too long (the
    link is set aside; no wait mends it, where it was said to be held by another program at
    every start, or a name too long escaped as the system's error): set it aside.
    :class:`FileUnreadableError`: one that cannot be read just now (another program holds
    it, no permission, a disk that did not answer; ``EINVAL`` too, which Python gives on
    Windows for every error it has no errno for, a cloud file's provider not running among
    them): leave it where it is, and save nothing over it. Set aside, the artist had to put
    it back by hand."""
    try:
        return read_json(path)
    except FileNotFoundError:
        raise
    except OSError as error:
        # os.path.isdir, not Path.is_dir: on Python 3.11 that raises "File name too long".
        if os.path.isdir(path):
            raise ValueError(f"{path.name} is a folder") from error
        if error.errno in _LEADS_NOWHERE:
            raise ValueError(f"{path.name} leads where no file can be") from error
        log.warning(
            "file cannot be read now",
            extra={"event": "read_refused", "file": str(path), "reason": str(error)},
        )
        raise FileUnreadableError.worded(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{file} could not be read: another program may hold it, or its disk did not answer",
            ),
            file=str(path),
        ) from error


def without_lone_surrogates(data: Any) -> Any:
    """``data`` (JSON-able) with every lone surrogate in its text replaced by U+FFFD, so
    that :func:`write_json_atomic` can store it."""
    text = json.dumps(data, ensure_ascii=False)
    if not _LONE_SURROGATE.search(text):
        return data
    return json.loads(_LONE_SURROGATE.sub("\ufffd", text))


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON through a temp file in the same folder and ``os.replace``, so a crash leaves
    the old file or the new one, never half of one. Any failure, text UTF-8 cannot hold (a
    lone surrogate) included, is a :class:`StorageError` that leaves no temp file behind. A
    file set read-only is left as it is (:class:`FileReadOnlyError`): the rename needs only
    its folder's permission, so on Linux and macOS it would replace the file all the same.
    A link is written through, the link kept (:func:`written_file`). The folder is synced
    after the rename, else a power cut may bring back the previous version."""
    try:
        payload = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate: before the temp file exists
        raise StorageError.worded(
            QT_TRANSLATE_NOOP("Errors", "cannot write {name}: it holds text that cannot be saved"),
            name=path.name,
        ) from error
    path = save_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise write_error(path, error) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise _replace_error(path, error) from error
    sync_folder(path.parent)
    _remove_cut_writes(path)


CUT_WRITE_AGE_S = 60.0
"""How long a temp file of :func:`write_json_atomic` is left untouched before it counts as
left by a write cut short: a write takes milliseconds, and another process may be writing
the same file this moment."""


def _remove_cut_writes(path: Path) -> None:
    """Remove the temp files earlier writes of ``path`` left when their process was killed
    between the temp file and the rename (``.recent_prompts.json.k3j2x9.tmp``): before,
    each stayed in the folder for good. Only those older than :data:`CUT_WRITE_AGE_S`; one
    that cannot be removed is passed over."""
    prefix = f".{path.name}."
    remove_untouched(
        path.parent,
        time.time() - CUT_WRITE_AGE_S,
        lambda name: name.startswith(prefix) and name.endswith(".tmp"),
    )


def remove_untouched(
    folder: Path, before: float, named: Callable[[str], bool] = lambda _name: True
) -> int:
    """Remove the files in ``folder`` whose name ``named`` takes and that were last written
    before ``before``: what writes cut short left (a process killed between its temp file
    and the rename). One that cannot be read or removed is passed over, so the tidying
    never stops the work it runs for; how many were removed. It reads the disk: call it
    off the GUI thread."""
    try:
        with os.scandir(folder) as listing:
            found = [entry for entry in listing if named(entry.name)]
    except OSError:
        return 0
    removed = 0
    for entry in found:
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < before:
                Path(entry.path).unlink()
                removed += 1
        except OSError:
            continue
    return removed


def save_target(path: Path) -> Path:
    """The file a save to ``path`` replaces (:func:`written_file`), or the reason in words
    why it cannot be: it is set read-only (:func:`refuse_read_only`), or it is a folder (a
    link to one), which a save said in the system's words, "Is a directory"."""
    target = written_file(path)
    if target.is_dir():
        log.warning("file is a folder", extra={"event": "write_refused", "file": str(target)})
        raise FileIsFolderError.worded(
            QT_TRANSLATE_NOOP("Errors", "{file} is a folder, not a file"), file=str(target)
        )
    refuse_read_only(target)
    return target


def written_file(path: Path) -> Path:
    """The file a save to ``path`` replaces: ``path``, or the file it links to (people keep
    their settings in a git repository and link them here). Replacing the link itself would
    put a file in its place, cut off from the repository; the temp file goes in the linked
    file's folder, so the rename there stays atomic. A link that leads to no file (its file
    moved or deleted, a loop) is a :class:`BrokenLinkError` naming both."""
    if not path.is_symlink():
        return path
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop, before Python 3.13
        log.warning(
            "file is a broken link",
            extra={"event": "write_refused", "file": str(path), "reason": str(error)},
        )
        raise BrokenLinkError.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "{file} is a link to {target}, where there is no file to save to"
            ),
            file=str(path),
            target=_link_end(path),
        ) from error


def _link_end(path: Path) -> str:
    """Where the link at ``path`` leads, as a whole path; as the link says it for a loop,
    which has no end to name."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.readlink(path)


def _replace_error(path: Path, error: OSError) -> StorageError:
    """The temp file was made in ``path``'s folder, so the folder takes new files: a refusal
    for rights now is the file's own (read-only, locked, held open by another program, as
    Windows refuses to replace such a file), and is said of the file, not of its folder."""
    if error.errno not in (errno.EACCES, errno.EPERM):
        return write_error(path, error)
    return file_refused(path, str(error))


def refuse_read_only(path: Path) -> None:
    """:class:`FileReadOnlyError` naming the file at ``path`` when it is set read-only: before
    replacing or deleting it, which need only its folder's permission on Linux and macOS."""
    if _set_read_only(path):
        raise file_refused(path, "the file is read-only")


def _set_read_only(path: Path) -> bool:
    """Whether the file at ``path`` is set read-only: no write permission for its owner when
    that is this user, else for anyone (``chmod a-w``; Windows's read-only attribute). The
    permission bits are read, not :func:`os.access`, which root passes and which a read-only
    disk fails (said of the disk by :func:`write_error`)."""
    try:
        status = path.stat()
    except OSError:
        return False  # no file yet, or none to look at: the write says what is wrong
    if hasattr(os, "geteuid") and status.st_uid == os.geteuid():
        return not status.st_mode & stat.S_IWUSR
    return not status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def file_refused(path: Path, reason: str) -> FileReadOnlyError:
    """The file at ``path`` cannot be replaced, named with what to do about it; ``reason``
    (the system's words) goes to the log only."""
    log.warning(
        "file cannot be replaced",
        extra={"event": "write_refused", "file": str(path), "reason": reason},
    )
    return FileReadOnlyError.worded(
        QT_TRANSLATE_NOOP(
            "Errors",
            "{file} cannot be replaced: the file is read-only, or another program holds it",
        ),
        file=str(path),
    )


def write_error(path: Path, error: OSError) -> StorageError:
    """Said in the words the app uses for a folder where it has some (the system's in the
    log only): the settings live in a folder the artist may have to fix. Also for a file
    that could not be deleted, which the folder refuses (a read-only disk, its rights). A
    full disk is the disk's (free space), the rest the folder's, as :func:`folder_unusable`
    says: a folder without rights was told "Free disk space"."""
    log.warning(
        "file cannot be written",
        extra={"event": "write_refused", "file": str(path), "reason": str(error)},
    )
    return folder_refused(
        StorageError if disk_full(error) else FolderError,
        error,
        str(path.parent),
        QT_TRANSLATE_NOOP("Errors", "cannot write {name}: {reason}"),
        name=path.name,
    )


def save_settings(paths: Paths, settings: Settings, *, keep: Collection[str] = ()) -> Path | None:
    """Write ``settings``, keeping what the file holds that this version does not know (a
    newer version's settings, which :func:`read_settings` passes over): before, the first
    save here dropped them. So are the file's values of the settings named in ``keep``
    (one this version could not use, left as the form showed it: a newer version's
    language). A file that could not be read is kept beside it first (:func:`keep_copy`):
    where, for the window to say; None when there was nothing to keep. It reads the file:
    call it off the GUI thread."""
    try:
        on_disk = read_json(paths.settings_file)
    except FileNotFoundError:
        on_disk = {}
    except (OSError, ValueError):
        on_disk = None
    kept = None if isinstance(on_disk, dict) else keep_copy(paths.settings_file)
    data = _with_unknown(on_disk, asdict(settings))
    if isinstance(on_disk, dict):
        data.update({name: on_disk[name] for name in keep if name in on_disk})
    write_json_atomic(paths.settings_file, data)
    return kept


_r2_kept_here: dict[Path, R2Settings] = {}
"""The R2 settings saved in this process and kept out of the settings file at each path
(:func:`keep_r2_here`)."""


def keep_r2_here(paths: Paths, r2: R2Settings | None) -> None:
    """The R2 settings ``r2`` were saved for this process only, the file keeping those an
    older R2 secret goes with; None: the file holds those in use. A session opened again in
    this process (a switch of mode) takes them (:func:`with_r2_kept_here`): before, it read
    the file's, and signed with their access key ID and the new secret this process kept,
    which R2 refused."""
    if r2 is None:
        _r2_kept_here.pop(paths.settings_file, None)
    else:
        _r2_kept_here[paths.settings_file] = r2


_r2_saved_beside_session_secret: set[Path] = set()
"""The settings files whose R2 settings this process last wrote beside an R2 secret kept
for this session only (:func:`note_r2_saved`)."""


def note_r2_saved(paths: Paths, *, beside_session_secret: bool) -> None:
    """The R2 settings were just written to the file at ``paths``; ``beside_session_secret``:
    with an R2 secret the keyring did not take, kept for this session only: they are not
    then the pair of an older secret the keyring may hold
    (:func:`r2_saved_beside_session_secret`)."""
    if beside_session_secret:
        _r2_saved_beside_session_secret.add(paths.settings_file)
    else:
        _r2_saved_beside_session_secret.discard(paths.settings_file)


def r2_saved_beside_session_secret(paths: Paths) -> bool:
    """Whether this process last wrote the file's R2 settings beside an R2 secret kept for
    this session only (:func:`note_r2_saved`): no older secret in the keyring goes with
    them, and a later Save has no reason to keep them in the file for one."""
    return paths.settings_file in _r2_saved_beside_session_secret


def with_r2_kept_here(paths: Paths, settings: Settings) -> Settings:
    """``settings`` as read from the file, with the R2 settings this process kept out of it
    (:func:`keep_r2_here`)."""
    kept = _r2_kept_here.get(paths.settings_file)
    return settings if kept is None else settings.with_changes(r2=kept)


def aside_path(path: Path) -> Path:
    """Where what is at ``path``, which could not be read, is kept: ``<name>.damaged-<time>``
    beside it, numbered when that name is taken (two in one second), never over another."""
    stamp = int(time.time())
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 2
    while aside.exists() or aside.is_symlink():
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
        number += 1
    return aside


def set_aside(path: Path) -> Path | None:
    """Move what is at ``path`` aside (:func:`aside_path`) for the artist to recover, so that
    the next save writes a new file instead of over it: a damaged file, a folder in its
    place, a link as it is (its file stays where it leads). Where it went, or None when it
    could not be moved (logged)."""
    aside = aside_path(path)
    try:
        os.replace(path, aside)
    except OSError as error:
        log.warning(
            "file not set aside",
            extra={"event": "set_aside_failed", "file": path.name, "reason": str(error)},
        )
        return None
    return aside


def keep_copy(path: Path) -> Path | None:
    """Keep what is at ``path``, which could not be read, before a save replaces it: a copy
    beside it of the file (the one a link leads to: the save writes through the link), or a
    folder in its place moved aside. Where it is kept; None for an empty file, which holds
    nothing. A copy that cannot be made is a :class:`StorageError`: the save must not go on
    and replace the only one. A file the save would refuse is refused first, copying
    nothing."""
    if path.is_dir() and not path.is_symlink():
        return set_aside(path)  # one that cannot be moved: the save then says so
    target = save_target(path)
    aside = aside_path(path)
    try:
        if target.stat().st_size == 0:
            return None
        _copy(target, aside)
    except OSError as error:
        raise write_error(aside, error) from error
    log.warning("unreadable file kept", extra={"event": "file_kept", "file": path.name})
    return aside


def _copy(source: Path, copy: Path) -> None:
    """``copy`` holding what ``source`` holds: a second name for the same bytes where the disk
    allows it (it reads nothing and takes no room, so a file without read permission is
    kept too), else a copy of them."""
    try:
        os.link(source, copy)
    except OSError:
        shutil.copyfile(source, copy)


KIE_KEY_RECORD = "kie_key_in_keyring"
"""The settings file's record of whether the system keyring held the KIE key when the app
last stored, removed or read it there: true or false, never the key. Not a
:class:`Settings` field: the window's Save writes the settings it opened with, and must not
put back a record that a command (``key set``) changed since; :func:`save_settings` keeps
it as the file has it."""


def kie_key_recorded(paths: Paths) -> bool | None:
    """:data:`KIE_KEY_RECORD`; None when the file does not say: a version from before the
    record wrote it (the keyring may hold a key it stored), it is damaged, or there is none.
    A new home says nothing either: the keyring is the user's, shared by every home (a
    script's fresh ``KONTEXT_STUDIO_HOME``, a home wiped and begun again), and may hold a key
    stored from another; taken for none, a command run with it locked made a simulated
    picture, exit 0. It says so once the keyring has been read unlocked."""
    try:
        data = read_json(paths.settings_file)
    except (OSError, ValueError):
        return None
    value = data.get(KIE_KEY_RECORD) if isinstance(data, dict) else None
    return value if isinstance(value, bool) else None


def record_kie_key(paths: Paths, held: bool) -> None:
    """Write :data:`KIE_KEY_RECORD` (only it: the other settings stay as the file has them)
    when it says otherwise. A damaged file is left for :func:`read_settings` to tell, and
    one that cannot be written is logged: the keyring was changed all the same."""
    try:
        data = read_json(paths.settings_file)
    except FileNotFoundError:
        data = {}
    except (OSError, ValueError):
        return
    if not isinstance(data, dict) or data.get(KIE_KEY_RECORD) is held:
        return
    try:
        make_folder(paths.config)
        write_json_atomic(paths.settings_file, data | {KIE_KEY_RECORD: held})
    except StorageError as error:
        log.warning(
            "key record not written", extra={"event": "key_record_failed", "kind": error.kind}
        )


def _with_unknown(old: Any, new: dict[str, Any]) -> dict[str, Any]:
    """``new`` and the entries of ``old`` whose names it does not have, in ``r2`` too."""
    if not isinstance(old, dict):
        return new
    merged = new | {name: value for name, value in old.items() if name not in new}
    if isinstance(new.get("r2"), dict):
        merged["r2"] = _with_unknown(old.get("r2"), new["r2"])
    return merged


def kie_base_url() -> str:
    return _set_or(KIE_URL_ENV, DEFAULT_KIE_URL).rstrip("/")


def kie_upload_url() -> str:
    return _set_or(KIE_UPLOAD_URL_ENV, DEFAULT_KIE_UPLOAD_URL).rstrip("/")


def _set_or(name: str, default: str) -> str:
    """The environment variable ``name``, or ``default`` where it is unset or set empty (or
    blank): ``VAR=`` is how a script or an env file leaves a variable it does not use, as
    ``KONTEXT_STUDIO_HOME`` is read too."""
    return os.environ.get(name, "").strip() or default
