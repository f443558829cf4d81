"""Where the app keeps its files, and its non-secret settings.

Every folder comes from platformdirs; ``KONTEXT_STUDIO_HOME`` puts them all under one folder
(tests, portable installs). Secrets are never stored here: see ``secrets.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from kontext_studio import APP_ID
from kontext_studio.errors import StorageError

HOME_ENV = "KONTEXT_STUDIO_HOME"
KIE_URL_ENV = "KONTEXT_STUDIO_KIE_URL"
KIE_UPLOAD_URL_ENV = "KONTEXT_STUDIO_KIE_UPLOAD_URL"
DEFAULT_KIE_URL = "https://api.kie.ai"
DEFAULT_KIE_UPLOAD_URL = "https://kieai.redpandaai.co"


@dataclass(frozen=True)
class Paths:
    """The app's folders. ``ensure()`` creates them."""

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
            root = Path(home).expanduser().resolve()
            return cls(root / "data", root / "config", root / "cache", root / "logs")
        dirs = platformdirs.PlatformDirs(APP_ID, appauthor=False)
        return cls(
            Path(dirs.user_data_dir),
            Path(dirs.user_config_dir),
            Path(dirs.user_cache_dir),
            Path(dirs.user_log_dir),
        )

    def ensure(self) -> Paths:
        for folder in (self.data, self.config, self.cache, self.logs, self.library):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(
                    f"cannot use the folder {folder}: {error.strerror or error}"
                ) from error
        return self


@dataclass(frozen=True)
class R2Settings:
    """Non-secret half of the R2 connection; the secret access key lives in the keyring."""

    endpoint: str = ""
    bucket: str = ""
    access_key_id: str = ""
    public_base_url: str = ""
    key_prefix: str = "artworks/"


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
    submit_limit: int = 20
    submit_window_s: float = 10.0
    language: str = ""
    r2: R2Settings = field(default_factory=R2Settings)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _from_dict(data: dict[str, Any]) -> Settings:
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known and k != "r2"}
    r2_known = {f.name for f in fields(R2Settings)}
    raw_r2 = data.get("r2")
    r2_data: dict[str, Any] = raw_r2 if isinstance(raw_r2, dict) else {}
    r2 = R2Settings(**{k: str(v) for k, v in r2_data.items() if k in r2_known})
    try:
        return Settings(**values, r2=r2)
    except TypeError:
        return Settings(r2=r2)


def load_settings(paths: Paths) -> Settings:
    """Read the settings file; a missing or damaged file gives the defaults."""
    try:
        data = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return _from_dict(data) if isinstance(data, dict) else Settings()


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON through a temp file in the same folder and ``os.replace``, so a crash leaves
    the old file or the new one, never half of one."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise StorageError(f"cannot write {path.name}: {error.strerror}") from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise StorageError(f"cannot write {path.name}: {error.strerror}") from error


def save_settings(paths: Paths, settings: Settings) -> None:
    write_json_atomic(paths.settings_file, asdict(settings))


def kie_base_url() -> str:
    return os.environ.get(KIE_URL_ENV, DEFAULT_KIE_URL).rstrip("/")


def kie_upload_url() -> str:
    return os.environ.get(KIE_UPLOAD_URL_ENV, DEFAULT_KIE_UPLOAD_URL).rstrip("/")
