"""Style presets: named prompt templates the artist applies to their own text.

Shipped presets are one JSON file each in ``resources/presets/``; the artist's own presets live
in ``<config>/presets.json`` and override a shipped one of the same name (case-insensitive), so
deleting that user preset brings the shipped one back. Damaged files and entries are skipped
with a logged warning: a bad preset must never stop the app from starting. A user file that
cannot be read just now (:class:`FileUnreadableError`) is left as it is, and nothing is saved
over it until it can be read.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from kontext_studio.config import Paths, read_json, read_own_json, set_aside, write_json_atomic
from kontext_studio.errors import FileUnreadableError, InputError
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.kie.models import MAX_PROMPT_CHARS, checked_model, checked_ratio
from kontext_studio.resources import resources_dir

log = logging.getLogger(__name__)

PLACEHOLDER = "{prompt}"
MAX_NAME_CHARS = 60
USER_FILE_NAME = "presets.json"
USER_FILE_VERSION = 1

# Punctuation a comma after it only duplicates ("a cat., soft light" -> "a cat. soft light").
_PUNCT = ",.;:!?，。；：！？"
_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_COMMA = re.compile(r"[ \t]+(?=[,，])")
_COMMA_AFTER_PUNCT = re.compile(rf"([{_PUNCT}])(?:[ \t]*[,，])+")
_EDGES = " \t\r\n,，"


@dataclass(frozen=True)
class Preset:
    """A named prompt template.

    ``template`` holds ``{prompt}`` where the artist's text goes; without it the style is
    appended after the prompt. ``edit_template`` is used instead when a reference image is
    being edited (Flux Kontext follows "turn this into ..., keep the composition" wording well).
    An empty template leaves the prompt alone: such a preset only picks a model or ratio.
    """

    name: str
    template: str
    model: str | None = None
    aspect_ratio: str | None = None
    description: str = ""
    edit_template: str = ""
    name_zh: str = ""
    builtin: bool = False

    def display_name(self, language: str) -> str:
        """The Chinese name for a ``zh*`` language when there is one, else the English name."""
        if language.lower().startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name

    def validated(self) -> Preset:
        """Return the preset with text trimmed and the model alias resolved, or raise
        :class:`InputError` with a reason a person can act on."""
        name = self.name.strip()
        if not name:
            raise InputError(QT_TRANSLATE_NOOP("Errors", "A preset needs a name."))
        if len(name) > MAX_NAME_CHARS:
            raise InputError.worded(
                QT_TRANSLATE_NOOP("Errors", "A preset name can have at most {limit} characters."),
                limit=MAX_NAME_CHARS,
            )
        for text in (self.template, self.edit_template):
            if len(text) > MAX_PROMPT_CHARS:
                raise InputError.worded(
                    QT_TRANSLATE_NOOP("Errors", "A template can have at most {limit} characters."),
                    limit=MAX_PROMPT_CHARS,
                )
        model = checked_model(self.model) if self.model else None
        ratio = self.aspect_ratio or None
        checked_ratio(ratio)
        return replace(
            self,
            name=name,
            template=self.template.strip(),
            edit_template=self.edit_template.strip(),
            name_zh=self.name_zh.strip(),
            description=self.description.strip(),
            model=model,
            aspect_ratio=ratio,
        )


def apply(preset: Preset, prompt: str, *, edit: bool = False) -> str:
    """The prompt with the preset's style applied.

    ``edit`` selects ``edit_template`` when the preset has one. The result is trimmed and has no
    doubled spaces or commas, also when the prompt is empty (the style alone is then returned).
    """
    template = (preset.edit_template if edit and preset.edit_template else preset.template).strip()
    prompt = prompt.strip()
    if not template:
        return prompt
    if PLACEHOLDER not in template:
        template = f"{PLACEHOLDER}, {template}"
    return _tidy(template.replace(PLACEHOLDER, prompt))


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_COMMA.sub("", text)
    text = _COMMA_AFTER_PUNCT.sub(r"\1", text)
    return text.strip(_EDGES)


# Loading ------------------------------------------------------------------------------------


def shipped_presets_dir() -> Path:
    """``resources/presets`` wherever the app's resources are (checkout, wheel, bundle)."""
    return resources_dir() / "presets"


def user_presets_file(paths: Paths) -> Path:
    return paths.config / USER_FILE_NAME


def load_presets(
    paths: Paths,
    *,
    shipped_dir: Path | None = None,
    set_aside: list[Path] | None = None,
    unread: list[FileUnreadableError] | None = None,
) -> list[Preset]:
    """Shipped presets (file-name order), each replaced in place by a user preset of the same
    name, then the remaining user presets by name. A damaged user file is moved aside, and
    where it went added to ``set_aside``: the artist's presets are missing, and they are
    told where the file is. A user file that cannot be read just now is left where it is:
    its error is added to ``unread``, the shipped presets given alone, or, without
    ``unread``, raised."""
    try:
        own = _load_user(paths, set_aside)
    except FileUnreadableError as error:
        if unread is None:
            raise
        unread.append(error)
        own = []
    user = {_key(p.name): p for p in own}
    result = [user.pop(_key(p.name), p) for p in _load_shipped(shipped_dir)]
    return result + sorted(user.values(), key=lambda p: _key(p.name))


def _key(name: str) -> str:
    return name.strip().casefold()


def _load_shipped(folder: Path | None) -> list[Preset]:
    folder = folder or shipped_presets_dir()
    presets: dict[str, Preset] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            preset = _from_dict(read_json(path), builtin=True)
        except (OSError, ValueError, InputError) as error:
            _warn_skipped(path, error)
            continue
        presets.setdefault(_key(preset.name), preset)
    return list(presets.values())


def _load_user(paths: Paths, set_aside: list[Path] | None = None) -> list[Preset]:
    path = user_presets_file(paths)
    presets: dict[str, Preset] = {}
    for entry in _user_entries(paths, set_aside):
        try:
            preset = _from_dict(entry, builtin=False)
        except (ValueError, InputError) as error:
            _warn_skipped(path, error)
            continue
        presets[_key(preset.name)] = preset
    return list(presets.values())


def _user_entries(paths: Paths, set_aside: list[Path] | None = None) -> list[Any]:
    """The user file's entries as stored: those this version cannot use (a newer version's
    model or ratio, a hand edit) and the keys it does not know included, so that a save or a
    delete, which write the file anew, keep them. A damaged file is set aside: none. So is
    a folder in its place: before, the presets were missing without a word, and every save
    failed with the system's "Is a directory". One that cannot be read just now is left
    where it is (:class:`FileUnreadableError`, raised): set aside, the artist had to put it
    back by hand, and a save wrote a file without the presets it held."""
    path = user_presets_file(paths)
    try:
        entries = read_own_json(path)["presets"]
        if not isinstance(entries, list):
            raise ValueError("'presets' is not a list")
    except FileNotFoundError:
        return []
    except (ValueError, TypeError, KeyError) as error:
        _warn_skipped(path, error)
        aside = _set_aside(path)
        if aside is not None and set_aside is not None:
            set_aside.append(aside)
        return []
    return entries


def _entry_key(entry: Any) -> str | None:
    """The :func:`_key` of a stored entry's name; ``None`` for an entry without one."""
    name = entry.get("name") if isinstance(entry, dict) else None
    return _key(name) if isinstance(name, str) else None


_TEXT_FIELDS = ("name", "template", "description", "edit_template", "name_zh")
_OPTIONAL_FIELDS = ("model", "aspect_ratio")


def _from_dict(data: Any, *, builtin: bool) -> Preset:
    """A validated preset from parsed JSON; unknown keys are ignored (newer versions)."""
    if not isinstance(data, dict):
        raise ValueError("a preset must be a JSON object")
    values: dict[str, Any] = {"builtin": builtin}
    for name in _TEXT_FIELDS:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise ValueError(f"{name!r} must be text")
        values[name] = value
    for name in _OPTIONAL_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name!r} must be text or null")
        values[name] = value
    return Preset(**values).validated()


def _warn_skipped(path: Path, error: Exception) -> None:
    log.warning(
        "preset skipped",
        extra={"event": "preset_skipped", "file": path.name, "reason": str(error)[:200]},
    )


def _set_aside(path: Path) -> Path | None:
    """Keep a damaged user file for the artist to recover instead of overwriting it on the
    next save; where it went, or ``None`` when it could not be moved."""
    aside = set_aside(path)
    if aside is not None:
        log.warning("damaged presets file moved aside", extra={"event": "presets_recovered"})
    return aside


# Saving -------------------------------------------------------------------------------------


def save_user_preset(paths: Paths, preset: Preset) -> Preset:
    """Add or replace (same name, case-insensitive) a user preset; return what was stored.

    Saving under a shipped preset's name overrides it until the user preset is deleted.
    The file's other entries are kept as they are, those this version cannot use too; a
    file that cannot be read just now is not saved over (:class:`FileUnreadableError`).
    """
    stored = replace(preset.validated(), builtin=False)
    kept = [e for e in _user_entries(paths) if _entry_key(e) != _key(stored.name)]
    _write_user(paths, [*kept, _to_dict(stored)])
    return stored


def delete_user_preset(paths: Paths, name: str, *, shipped_dir: Path | None = None) -> bool:
    """Remove the user preset ``name``; return whether one was removed.

    A shipped preset cannot be deleted (:class:`InputError`); deleting a user preset that
    overrides one restores the shipped version. The file's other entries are kept as they are;
    a file that cannot be read just now is not saved over (:class:`FileUnreadableError`).
    """
    entries = _user_entries(paths)
    kept = [e for e in entries if _entry_key(e) != _key(name)]
    if len(kept) < len(entries):
        _write_user(paths, kept)
        return True
    if any(_key(p.name) == _key(name) for p in _load_shipped(shipped_dir)):
        raise InputError.worded(
            QT_TRANSLATE_NOOP("Errors", "The built-in preset {name} cannot be deleted."),
            name=repr(name.strip()),
        )
    return False


def _write_user(paths: Paths, entries: list[Any]) -> None:
    ordered = sorted(entries, key=lambda entry: _entry_key(entry) or "")
    data = {"version": USER_FILE_VERSION, "presets": ordered}
    write_json_atomic(user_presets_file(paths), data)


def _to_dict(preset: Preset) -> dict[str, Any]:
    return {k: v for k, v in asdict(preset).items() if k != "builtin"}
