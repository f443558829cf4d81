"""The settings file as an artist may have hand-edited it, and the JSON files (settings,
presets, recent prompts) when they hold valid but odd JSON: every wrong value falls back to
its own default with a warning, and nothing odd in a file stops the app or a save."""

from __future__ import annotations

import errno
import json
import logging
import os
import stat
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from kontext_studio import config as config_module
from kontext_studio.config import (
    KIE_URL_ENV,
    Paths,
    R2Settings,
    Settings,
    load_settings,
    make_folder,
    read_settings,
    save_settings,
    write_json_atomic,
)
from kontext_studio.errors import FolderError, StorageError
from kontext_studio.explain import explain
from kontext_studio.history import RecentPrompts
from kontext_studio.jobs.limiter import SlidingWindowLimiter
from kontext_studio.kie.models import MAX_PROMPT_CHARS
from kontext_studio.presets import Preset, load_presets, save_user_preset, user_presets_file
from kontext_studio.publish import load_r2_config
from kontext_studio.session import library_dir

NO_SUCH_HOME = "~kontext-no-such-user-7f3a/art"
DEEP = "[" * 100_000 + "]" * 100_000
LONE_SURROGATE = '"caf\\udce9"'  # valid JSON: a lone surrogate escape


@pytest.fixture
def paths() -> Paths:
    return Paths.from_env().ensure()


def write_settings(paths: Paths, data: dict[str, Any]) -> None:
    paths.settings_file.write_text(json.dumps(data), encoding="utf-8")


def ignored(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.setting for r in caplog.records if getattr(r, "event", "") == "setting_ignored"]


def leftovers(folder: Path) -> list[Path]:
    return list(folder.glob("*.tmp"))


# Settings values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("poll_timeout_s", "abc"),
        ("poll_timeout_s", float("nan")),
        ("poll_timeout_s", float("inf")),
        ("poll_timeout_s", 0),
        ("poll_timeout_s", -5.0),
        ("poll_timeout_s", 10**400),
        ("poll_timeout_s", True),
        ("submit_limit", 0),
        ("submit_limit", -3),
        ("submit_limit", "x"),
        ("submit_limit", 2.5),
        ("submit_limit", True),
        ("submit_window_s", -1),
        ("submit_window_s", float("nan")),
        ("submit_window_s", 1e12),
        ("library_dir", 5),
        ("enable_translation", "yes"),
        ("prompt_upsampling", 1),
        ("safety_tolerance", "3"),
        ("safety_tolerance", 7),
        ("safety_tolerance", -1),
        ("safety_tolerance", 10**30),
        ("safety_tolerance", False),
        ("language", 5),
        ("language", "chinese"),  # a hand edit: the window and the commands were in English
        ("language", "zh_TW"),  # Traditional Chinese, which has no catalogue yet
        ("language", "fr"),  # a newer version's
        ("default_model", None),
        ("default_model", "flux-kontext-ultra"),
        ("default_format", "webp"),
    ],
)
def test_a_wrong_value_gets_its_default_and_the_others_are_kept(paths, caplog, key, value):
    write_settings(paths, {key: value, "default_ratio": "9:16", "r2": {"bucket": "art"}})
    with caplog.at_level(logging.WARNING, logger="kontext_studio.config"):
        settings, named = read_settings(paths)
    assert getattr(settings, key) == getattr(Settings(), key)
    assert settings.default_ratio == "9:16"
    assert settings.r2.bucket == "art"
    assert ignored(caplog) == [key]
    assert named == [key]  # what the window tells


@pytest.mark.parametrize("language", ["", "zh", "zh-Hans-CN", "zh_CN.UTF-8", "en_GB", "C"])
def test_a_language_by_any_name_the_app_takes_is_used(paths, language):
    write_settings(paths, {"language": language})
    assert read_settings(paths) == (Settings(language=language), [])


def test_a_ratio_the_app_does_not_offer_gets_the_default_and_is_named(paths, caplog):
    write_settings(paths, {"default_ratio": "2:1", "default_model": "flux-kontext-max"})
    with caplog.at_level(logging.WARNING, logger="kontext_studio.config"):
        settings, named = read_settings(paths)
    assert (settings.default_ratio, settings.default_model) == ("1:1", "flux-kontext-max")
    assert named == ["default_ratio"]


@pytest.mark.parametrize("name", [f.name for f in fields(Settings) if f.name != "r2"])
def test_every_setting_is_checked(paths, caplog, name):
    write_settings(paths, {name: ["not", "a", "setting"]})
    with caplog.at_level(logging.WARNING, logger="kontext_studio.config"):
        assert load_settings(paths) == Settings()
    assert ignored(caplog) == [name]


def test_good_hand_edited_values_are_used_and_work(paths, caplog):
    write_settings(
        paths,
        {
            "poll_timeout_s": 120,
            "submit_limit": 5,
            "submit_window_s": 2.5,
            "safety_tolerance": 6,
            "enable_translation": False,
            "library_dir": "~/Pictures/kontext",
            "language": "zh_CN",
            "future_setting": {"from": "a newer version"},
        },
    )
    with caplog.at_level(logging.WARNING, logger="kontext_studio.config"):
        settings = load_settings(paths)
    assert ignored(caplog) == []
    assert settings.poll_timeout_s == 120
    assert (settings.submit_limit, settings.submit_window_s) == (5, 2.5)
    assert (settings.safety_tolerance, settings.enable_translation) == (6, False)
    assert settings.language == "zh_CN"
    assert library_dir(paths, settings) == Path.home() / "Pictures" / "kontext"
    SlidingWindowLimiter(settings.submit_limit, settings.submit_window_s)


def test_a_newer_version_s_settings_outlive_a_save_by_this_one(paths):
    """A settings file a newer version wrote (an older install, a downgrade): before, the
    first Save here rewrote it with only the settings this version knows, and the newer
    version found its own back at their defaults."""
    write_settings(
        paths,
        {
            "default_ratio": "9:16",
            "theme": "dark",
            "r2": {"bucket": "art", "jurisdiction": "eu"},
        },
    )
    settings = load_settings(paths)
    save_settings(paths, settings.with_changes(default_ratio="16:9"))
    saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert (saved["default_ratio"], saved["theme"]) == ("16:9", "dark")
    assert (saved["r2"]["bucket"], saved["r2"]["jurisdiction"]) == ("art", "eu")
    assert load_settings(paths) == settings.with_changes(default_ratio="16:9")


def test_the_key_record_outlives_a_save_of_the_settings_the_window_opened_with(paths):
    """``key set`` in a terminal records that the keyring holds the key while the window is
    open; its Settings' Save, of the settings read before, must not put back the old record:
    a keyring locked later would then be taken for one that never held a key."""
    from kontext_studio.config import kie_key_recorded, record_kie_key

    assert kie_key_recorded(paths) is None  # a new home: the keyring may hold another's key
    record_kie_key(paths, False)
    assert kie_key_recorded(paths) is False
    opened_with = load_settings(paths)
    record_kie_key(paths, True)
    save_settings(paths, opened_with.with_changes(default_ratio="16:9"))
    assert kie_key_recorded(paths) is True
    assert load_settings(paths).default_ratio == "16:9"

    write_settings(paths, {"default_ratio": "9:16"})  # an older version's: it does not say
    assert kie_key_recorded(paths) is None


def test_wrong_values_never_reach_the_limiter(paths):
    write_settings(paths, {"submit_limit": 0, "submit_window_s": -1})
    settings = load_settings(paths)
    limiter = SlidingWindowLimiter(settings.submit_limit, settings.submit_window_s)
    assert (limiter.limit, limiter.window_s) == (20, 10.0)


def clamped(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", "") == "setting_clamped"]


@pytest.mark.parametrize(
    ("limit", "window_s", "used"),
    [
        (100, 10.0, (20, 10.0)),  # more at a time than KIE takes
        (20, 1.0, (20, 10.0)),  # KIE's count in a tenth of its window
        (10, 1.0, (10, 10.0)),
        (6, 3.0, (6, 10.0)),  # 6 at 0, 3, 6 and 9 s: 24 in 10 s
        (40, 20.0, (20, 20.0)),  # 40 at once
    ],
)
def test_a_submission_limit_above_kies_is_clamped_to_it_and_logged(
    paths, caplog, monkeypatch, limit, window_s, used
):
    """A hand-edited settings file let the app send faster than KIE's documented 20 per 10 s,
    and KIE drops what is over it. Before: the limiter took it as it was."""
    monkeypatch.delenv(KIE_URL_ENV, raising=False)  # KIE's own address
    write_settings(paths, {"submit_limit": limit, "submit_window_s": window_s})
    with caplog.at_level(logging.WARNING, logger="kontext_studio.config"):
        settings, named = read_settings(paths)
    assert (settings.submit_limit, settings.submit_window_s) == used
    [record] = clamped(caplog)
    assert "above KIE's 20 per 10.0 s" in record.getMessage()
    assert named == []  # nothing was wrong with the file: it asked for more than KIE takes
    limiter = SlidingWindowLimiter(settings.submit_limit, settings.submit_window_s)
    assert (limiter.limit, limiter.window_s) == used


@pytest.mark.parametrize(
    ("limit", "window_s"), [(20, 10.0), (4, 2.0), (5, 2.5), (1, 0.5), (10, 60.0), (20, 10.5)]
)
def test_a_submission_limit_within_kies_is_kept(paths, caplog, monkeypatch, limit, window_s):
    monkeypatch.delenv(KIE_URL_ENV, raising=False)
    write_settings(paths, {"submit_limit": limit, "submit_window_s": window_s})
    with caplog.at_level(logging.WARNING, logger="kontext_studio.config"):
        settings = load_settings(paths)
    assert (settings.submit_limit, settings.submit_window_s) == (limit, window_s)
    assert clamped(caplog) == []


def test_a_submission_limit_for_another_server_than_kies_is_its_own(paths, caplog, monkeypatch):
    """A simulator without a rate limit (the benchmarks') is not held to KIE's."""
    monkeypatch.setenv(KIE_URL_ENV, "http://127.0.0.1:8765")
    write_settings(paths, {"submit_limit": 100_000, "submit_window_s": 1.0})
    with caplog.at_level(logging.INFO, logger="kontext_studio.config"):
        settings = load_settings(paths)
    assert (settings.submit_limit, settings.submit_window_s) == (100_000, 1.0)
    assert clamped(caplog) == []


@pytest.mark.parametrize("r2", [{"bucket": 5, "endpoint": "https://r2.example"}, "r2", [1]])
def test_r2_values_must_be_text(paths, caplog, r2):
    write_settings(paths, {"r2": r2, "default_format": "jpeg"})
    with caplog.at_level(logging.WARNING, logger="kontext_studio.config"):
        settings = load_settings(paths)
    assert settings.r2.bucket == ""
    assert settings.default_format == "jpeg"
    expected = R2Settings(endpoint="https://r2.example") if isinstance(r2, dict) else R2Settings()
    assert settings.r2 == expected
    assert ignored(caplog) == (["r2.bucket"] if isinstance(r2, dict) else ["r2"])


def test_r2_names_saved_with_a_zero_width_character_are_used_without_it(paths):
    """An access key ID, an endpoint or a bucket saved with a zero-width space (an older
    version kept one pasted with it; a hand edit) was cleaned only by a Save in Settings:
    the publisher used it as read, and R2 refused the keys, or found no such bucket."""
    write_settings(
        paths,
        {
            "r2": {
                "endpoint": "\ufeff0123456789abcdef0123456789abcdef",
                "bucket": "art\u200bworks",
                "access_key_id": "AKIA\u2060" + "4" * 28 + "\u200d",
            }
        },
    )
    r2 = load_settings(paths).r2
    assert (r2.endpoint, r2.bucket, r2.access_key_id) == (
        "0123456789abcdef0123456789abcdef",
        "artworks",
        "AKIA" + "4" * 28,
    )
    config = load_r2_config(r2, {}, typed_secret="s" * 64)
    assert config.bucket == "artworks"
    assert config.host == "0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com"


# Folders --------------------------------------------------------------------------------------


def test_a_home_folder_that_cannot_be_found_is_a_storage_error(monkeypatch):
    monkeypatch.setenv("KONTEXT_STUDIO_HOME", NO_SUCH_HOME)
    with pytest.raises(StorageError, match="kontext-no-such-user-7f3a"):
        Paths.from_env()


@pytest.mark.parametrize("folder", [NO_SUCH_HOME, "art\0work", "art/kontext"])
def test_a_library_folder_that_cannot_be_found_gives_the_default_one(paths, caplog, folder):
    """A relative one too: it would be another folder for each place the app starts from."""
    write_settings(paths, {"library_dir": folder})
    ignored: list[str] = []
    with caplog.at_level(logging.WARNING, logger="kontext_studio.session"):
        assert library_dir(paths, load_settings(paths), ignored) == paths.library
    assert any(getattr(r, "event", "") == "library_dir_fallback" for r in caplog.records)
    assert ignored == ["library_dir"]


@pytest.mark.parametrize(
    ("case", "words", "raised_as"),
    [
        ("a file", "it is a file, not a folder", FolderError),
        ("below a file", "part of its path is a file, not a folder", FolderError),
        ("a link to nothing", "a link on its way leads to nothing", FolderError),
        ("below a link to nothing", "a link on its way leads to nothing", FolderError),
        ("a link in a loop", "a link on its way leads to nothing", FolderError),
        (errno.EACCES, "you do not have permission to write there", FolderError),
        (errno.EROFS, "the disk it is on is read-only", FolderError),
        (errno.ENOSPC, "the disk is full", StorageError),
        (errno.EDQUOT, "your share of the disk (its quota) is used up", StorageError),
    ],
)
def test_a_folder_that_cannot_be_made_is_said_in_words_and_the_system_s_in_the_log(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    case: str | int,
    words: str,
    raised_as: type[StorageError],
) -> None:
    """Settings (the library folder) and the start (the data folders) said "cannot use the
    folder …: File exists" for a file in a folder's place: the system's words for what failed,
    not what is wrong. A link to nothing (a drive not plugged in, a folder moved) was "it is
    a file, not a folder". Root ignores rights, so the refusals for rights, a read-only disk
    and a full disk are simulated."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    nowhere = tmp_path / "drive"
    nowhere.symlink_to(tmp_path / "unplugged" / "art")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    folder = {
        "a file": a_file,
        "below a file": a_file / "art",
        "a link to nothing": nowhere,
        "below a link to nothing": nowhere / "kontext",
        "a link in a loop": loop,
    }.get(case, tmp_path / "art")
    if isinstance(case, int):

        def refused(path: Path, *_args: Any, **_kwargs: Any) -> None:
            raise OSError(case, os.strerror(case), str(path))

        monkeypatch.setattr(Path, "mkdir", refused)
    with (
        caplog.at_level(logging.WARNING, logger="kontext_studio.config"),
        pytest.raises(raised_as) as raised,
    ):
        make_folder(folder)
    shown = explain(raised.value).message
    assert f"cannot use the folder {folder}: {words}" in shown
    [logged] = [r for r in caplog.records if getattr(r, "event", "") == "folder_unusable"]
    system_words = logged.reason.split("] ", 1)[1].split(":")[0]  # "[Errno 17] File exists: …"
    assert system_words and system_words not in shown


# Odd JSON -------------------------------------------------------------------------------------


def test_deeply_nested_json_reads_as_a_damaged_file(paths, caplog):
    paths.settings_file.write_text(DEEP)
    paths.data.mkdir(parents=True, exist_ok=True)
    (paths.data / "recent_prompts.json").write_text(f'{{"prompts": {DEEP}}}')
    user_presets_file(paths).write_text(f'{{"version": 1, "presets": {DEEP}}}')
    with caplog.at_level(logging.WARNING):
        assert load_settings(paths) == Settings()
        assert RecentPrompts(paths).items() == []
        assert all(p.builtin for p in load_presets(paths))
    events = {getattr(r, "event", "") for r in caplog.records}
    assert {"settings_damaged", "recent_prompts_damaged", "presets_recovered"} <= events


def test_a_lone_surrogate_in_recent_prompts_does_not_break_the_next_save(paths):
    (paths.data / "recent_prompts.json").write_text(
        f'{{"version": 1, "prompts": [{LONE_SURROGATE}, "a fox"]}}', encoding="utf-8"
    )
    recent = RecentPrompts(paths)
    assert recent.items() == ["caf\ufffd", "a fox"]
    recent.add("an owl")
    assert recent.items() == ["an owl", "caf\ufffd", "a fox"]
    assert leftovers(paths.data) == []


def test_a_lone_surrogate_in_presets_does_not_break_the_next_save(paths):
    entry = f'{{"name": {LONE_SURROGATE}, "template": "{{prompt}}, warm"}}'
    user_presets_file(paths).write_text(f'{{"version": 1, "presets": [{entry}]}}')
    assert "caf\ufffd" in [p.name for p in load_presets(paths)]
    save_user_preset(paths, Preset("Zine", "{prompt}, zine"))
    assert {"caf\ufffd", "Zine"} <= {p.name for p in load_presets(paths)}
    assert leftovers(paths.config) == []


def test_a_temp_file_a_killed_write_left_is_removed_by_the_next_write(paths):
    """The window killed while it saved the recent prompts (found by killing it at random
    moments) left ``.recent_prompts.json.<random>.tmp`` in the data folder for good. The next
    save removes such a file once it is a minute old; a younger one may be another
    process's write under way, and another file's belongs to that file's saves."""
    old = time.time() - 120
    cut = paths.data / ".recent_prompts.json.k3j2x9ab.tmp"
    under_way = paths.data / ".recent_prompts.json.q8w7e6rt.tmp"
    other = paths.data / ".unsent-work.json.z1x2c3vb.tmp"
    for path in (cut, under_way, other):
        path.write_text('{"prompts": ["a half')
    os.utime(cut, (old, old))
    os.utime(other, (old, old))
    RecentPrompts(paths).add("a fox")
    assert sorted(leftovers(paths.data)) == sorted([under_way, other])
    assert RecentPrompts(paths).items() == ["a fox"]


def test_text_that_cannot_be_saved_is_a_storage_error_and_leaves_no_temp_file(paths):
    target = paths.data / "recent_prompts.json"
    RecentPrompts(paths).add("a fox")
    with pytest.raises(StorageError, match=r"recent_prompts\.json"):
        write_json_atomic(target, {"prompts": ["caf\udce9"]})
    with pytest.raises(StorageError):
        RecentPrompts(paths).add("caf\udce9")
    assert leftovers(paths.data) == []
    assert RecentPrompts(paths).items() == ["a fox"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EROFS, "the disk it is on is read-only"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EDQUOT, "your share of the disk (its quota) is used up"),
    ],
)
def test_a_settings_file_that_cannot_be_written_says_why_in_words(
    paths, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    """Settings said "cannot write settings.json: Read-only file system", the system's words
    (review finding); they go to the log now."""

    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(config_module.tempfile, "mkstemp", refused)
    with pytest.raises(StorageError) as raised:
        save_settings(paths, Settings())
    shown = explain(raised.value).message
    assert words in shown and str(paths.settings_file.parent) in shown
    assert os.strerror(code) not in shown


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM])
def test_a_read_only_settings_file_is_named_not_its_folder(
    paths, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """A settings.json set read-only (or locked) in a folder that can be written to: Windows
    refuses to replace it. Before: "cannot use the folder …: you do not have permission to
    write there", and the hint to free disk space or choose another folder, for a folder
    that was fine. Root ignores rights, so the refusal is simulated."""
    save_settings(paths, Settings())

    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(config_module.os, "replace", refused)
    with pytest.raises(StorageError) as raised:
        save_settings(paths, Settings(library_dir="/art"))
    words = explain(raised.value)
    assert str(paths.settings_file) in words.message
    assert "the file is read-only" in words.message
    assert "folder" not in words.message
    assert "read-only setting" in words.hint
    assert leftovers(paths.config) == []


def _save_settings(paths: Paths) -> Path:
    save_settings(paths, Settings(library_dir="/art"))
    return paths.settings_file


def _save_preset(paths: Paths) -> Path:
    save_user_preset(paths, Preset(name="Ink", template="{prompt}, in ink"))
    return user_presets_file(paths)


def _remember_prompt(paths: Paths) -> Path:
    RecentPrompts(paths).add("a fox in the snow")
    return paths.data / "recent_prompts.json"


@pytest.mark.parametrize("save", [_save_settings, _save_preset, _remember_prompt])
def test_a_file_set_read_only_is_not_replaced_and_is_named(paths, save) -> None:
    """Before: a settings.json (or presets, recent prompts) file set read-only (chmod 444)
    in a folder that takes new files was replaced without a word on Linux and macOS, where
    a rename needs only the folder's permission, and came back writable. Now it is left as
    it is and named, as Windows's refusal of such a file is."""
    target = save(paths)
    before = target.read_bytes()
    target.chmod(0o444)
    with pytest.raises(StorageError) as raised:
        save(paths)
    assert target.read_bytes() == before
    assert target.stat().st_mode & 0o777 == 0o444
    words = explain(raised.value)
    assert words.message == (
        "A file Kontext Studio saves to cannot be changed. "
        f"Cause: {target} cannot be replaced: the file is read-only, or another program "
        "holds it."
    )
    assert "read-only setting" in words.hint
    assert leftovers(target.parent) == []


# Each save, what it writes, and the file with nothing of it (valid: not set aside).
_SAVES_AND_WORDS = [
    (_save_settings, '"/art"', "{}"),
    (_save_preset, "in ink", '{"version": 1, "presets": []}'),
    (_remember_prompt, "a fox in the snow", '{"version": 1, "prompts": []}'),
]


@pytest.mark.parametrize(("save", "saved", "blank"), _SAVES_AND_WORDS)
def test_a_file_that_is_a_link_is_saved_through_it_and_stays_a_link(
    paths, tmp_path: Path, save, saved: str, blank: str
) -> None:
    """Before: a settings.json (or presets, recent prompts) file kept in a git repository
    of dotfiles and linked into the app's folder was replaced by a plain file on save, cut
    off from the repository. Now the linked file gets the new content, in its own folder,
    and the link stays."""
    where = save(paths)
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    kept = dotfiles / where.name
    where.rename(kept)
    kept.write_text(blank, encoding="utf-8")
    where.symlink_to(kept)
    save(paths)
    assert where.is_symlink() and where.resolve() == kept
    assert saved in kept.read_text(encoding="utf-8")
    assert leftovers(dotfiles) == [] and leftovers(where.parent) == []


@pytest.mark.parametrize("save", [save for save, _saved, _blank in _SAVES_AND_WORDS])
def test_a_link_that_leads_nowhere_is_named_and_left_as_it_is(paths, tmp_path: Path, save) -> None:
    """A linked file whose file was moved or deleted: the save says which file it is and
    where it leads, in words; the link is not replaced by a file."""
    where = save(paths)
    where.unlink()
    gone = tmp_path / "dotfiles" / where.name
    where.symlink_to(gone)
    with pytest.raises(StorageError) as raised:
        save(paths)
    assert where.is_symlink() and not gone.exists()
    words = explain(raised.value)
    assert words.message == (
        "A file Kontext Studio saves to is a link that leads nowhere. "
        f"Cause: {where} is a link to {gone}, where there is no file to save to."
    )
    assert "delete the link" in words.hint
    assert leftovers(where.parent) == []


def test_a_link_in_a_loop_is_named(paths) -> None:
    """A link that leads back to itself has no file at its end to name: the link does."""
    paths.settings_file.symlink_to(paths.settings_file.name)
    with pytest.raises(StorageError) as raised:
        save_settings(paths, Settings())
    assert f"{paths.settings_file} is a link to settings.json," in explain(raised.value).message
    assert paths.settings_file.is_symlink()


def test_clearing_linked_recent_prompts_keeps_the_link(paths, tmp_path: Path) -> None:
    """Clear deleted the link (the prompts stayed in the linked file, and the next one was
    saved to a plain file in its place): now it empties the linked file."""
    where = _remember_prompt(paths)
    kept = tmp_path / where.name
    where.rename(kept)
    where.symlink_to(kept)
    RecentPrompts(paths).clear()
    assert where.is_symlink()
    assert RecentPrompts(paths).items() == []
    assert "a fox" not in kept.read_text(encoding="utf-8")


def test_clearing_recent_prompts_set_read_only_keeps_them_with_the_save_s_words(paths) -> None:
    """Before: Clear recent prompts deleted a recent_prompts.json set read-only (chmod 444),
    which a save keeps and names. Now Clear keeps it too, in the same words."""
    target = _remember_prompt(paths)
    target.chmod(0o444)
    with pytest.raises(StorageError) as saving:
        _remember_prompt(paths)
    with pytest.raises(StorageError) as clearing:
        RecentPrompts(paths).clear()
    assert explain(clearing.value) == explain(saving.value)
    assert str(target) in explain(clearing.value).message
    assert RecentPrompts(paths).items() == ["a fox in the snow"]
    assert target.stat().st_mode & 0o777 == 0o444


def test_a_writable_file_of_someone_else_is_saved_as_before(paths, monkeypatch) -> None:
    """Only the file's own setting stops a save: a file whose owner may write it (another
    user's, with the folder shared) is replaced as before."""
    target = _save_settings(paths)
    target.chmod(0o644)
    someone_else = os.geteuid() + 1
    monkeypatch.setattr(config_module.os, "geteuid", lambda: someone_else)
    save_settings(paths, Settings(library_dir="/other"))
    assert load_settings(paths).library_dir == "/other"


def test_recent_prompts_are_cut_to_the_prompt_limit_on_read(paths):
    huge = "x" * 10_000_000
    data = {"version": 1, "prompts": [huge, "  a fox  ", huge + "y"]}
    (paths.data / "recent_prompts.json").write_text(json.dumps(data), encoding="utf-8")
    assert RecentPrompts(paths).items() == ["x" * MAX_PROMPT_CHARS, "a fox"]


def test_clearing_recent_prompts_a_folder_refuses_is_said_in_the_apps_words(paths, monkeypatch):
    """Before, Clear's refusal was the system's English ("cannot remove recent_prompts.json:
    Permission denied"), untranslated, with no advice; now it is a save's refusal of the
    folder, which names it and says to check it (not to free disk space)."""
    recent = RecentPrompts(paths)
    recent.add("a fox")
    refused = PermissionError(errno.EACCES, "Permission denied")

    def unlink(self: Path, missing_ok: bool = False) -> None:
        raise refused

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(StorageError) as raised:
        recent.clear()
    reason = explain(raised.value)
    assert "Permission denied" not in reason.message
    assert str(paths.data) in reason.message
    assert reason.hint == "Check that the folder named here exists and can be written to."
    monkeypatch.undo()
    assert RecentPrompts(paths).items() == ["a fox"]


# Files that could not be read ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b'{"default_ratio": "9:16", ', b"[1, 2]", b"3", b'"x"', b"\xff\xfe{\x00"]
)
def test_saving_over_settings_that_could_not_be_read_keeps_a_copy_and_says_where(
    paths, content: bytes
) -> None:
    """Before: Save replaced a settings.json that could not be read (a hand edit that broke
    it, valid JSON of the wrong kind, bytes that are no text) and kept nothing of it, where
    presets keep a copy. Now the copy is beside it, and the save says where."""
    paths.settings_file.write_bytes(content)
    kept = save_settings(paths, Settings(library_dir="/art"))
    assert kept is not None and kept.parent == paths.config
    assert kept.name.startswith("settings.json.damaged-")
    assert kept.read_bytes() == content
    assert load_settings(paths).library_dir == "/art"
    assert save_settings(paths, Settings()) is None, "a file that could be read: no copy"
    assert sorted(paths.config.iterdir()) == sorted([kept, paths.settings_file])


def test_saving_over_a_folder_in_place_of_the_settings_keeps_it_aside_and_saves(paths) -> None:
    """A folder named settings.json (root passes every permission check: this is how a file
    that cannot be read is met there): Save said "cannot write settings.json: Is a
    directory", the system's words, and saved nothing. Now the folder is kept aside, as it
    is, and the settings saved."""
    paths.settings_file.mkdir()
    (paths.settings_file / "notes.txt").write_text("mine", encoding="utf-8")
    kept = save_settings(paths, Settings(library_dir="/art"))
    assert kept is not None and (kept / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert load_settings(paths).library_dir == "/art"


def test_saving_over_linked_settings_that_could_not_be_read_keeps_the_link(
    paths, tmp_path: Path
) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "settings.json").write_text("{broken", encoding="utf-8")
    paths.settings_file.symlink_to(dotfiles / "settings.json")
    kept = save_settings(paths, Settings(library_dir="/art"))
    assert kept is not None and kept.read_text(encoding="utf-8") == "{broken"
    assert paths.settings_file.is_symlink()
    assert json.loads((dotfiles / "settings.json").read_text())["library_dir"] == "/art"


def test_an_empty_settings_file_is_saved_over_without_a_copy(paths) -> None:
    paths.settings_file.write_bytes(b"")
    assert save_settings(paths, Settings()) is None
    assert list(paths.config.iterdir()) == [paths.settings_file]


@pytest.mark.parametrize(
    "content",
    [b'{"version": 1, "prompts": ["a fox", ', b'["a fox"]', b'{"prompts": 3}', b"\xff\xfe"],
)
def test_recent_prompts_that_could_not_be_read_are_kept_aside_not_saved_over(
    paths, content: bytes
) -> None:
    """Before: recent prompts that could not be read (a hand edit that broke them, valid
    JSON of the wrong kind, bytes that are no text) read as none, without a word to the
    window, and the next prompt generated was saved over them. Now they are kept aside,
    as a damaged presets file is, and the reader is given where."""
    path = paths.data / "recent_prompts.json"
    path.write_bytes(content)
    aside: list[Path] = []
    assert RecentPrompts(paths).items(set_aside=aside) == []
    (kept,) = aside
    assert kept.name.startswith("recent_prompts.json.damaged-") and kept.read_bytes() == content
    RecentPrompts(paths).add("an owl")
    assert RecentPrompts(paths).items() == ["an owl"]
    assert kept.read_bytes() == content


def test_a_folder_in_place_of_recent_prompts_is_kept_aside_and_they_work(paths) -> None:
    """A folder named recent_prompts.json (as root meets a file it cannot read): before, it
    read as no prompts without a word, and every prompt generated failed to be remembered
    with "Is a directory", the system's words. Now the folder is kept aside, the reader
    given where, and the next prompt makes the file."""
    folder = paths.data / "recent_prompts.json"
    folder.mkdir()
    (folder / "mine.txt").write_text("kept", encoding="utf-8")
    aside: list[Path] = []
    assert RecentPrompts(paths).items(set_aside=aside) == []
    assert [(p / "mine.txt").read_text(encoding="utf-8") for p in aside] == ["kept"]
    RecentPrompts(paths).add("an owl")
    assert RecentPrompts(paths).items() == ["an owl"]


def test_recent_prompts_linked_in_a_loop_are_kept_aside_and_they_work(paths) -> None:
    """A recent_prompts.json that is a link leading back to itself (a sync client's or a
    hand's mistake): before, it was said at every start to be held by another program or a
    disk that did not answer, which no wait mends, and no prompt was ever remembered. Now
    the link itself is kept aside, the reader given where, and the next prompt makes the
    file."""
    link = paths.data / "recent_prompts.json"
    link.symlink_to(link.name)
    aside: list[Path] = []
    assert RecentPrompts(paths).items(set_aside=aside) == []
    (kept,) = aside
    assert kept.is_symlink() and os.readlink(kept) == link.name
    RecentPrompts(paths).add("an owl")
    assert RecentPrompts(paths).items() == ["an owl"]


# Where a link may lead that no file can be: through a file (a folder on its way moved and
# a file left in its place; "Not a directory"), or by a name longer than any the system
# takes ("File name too long"). No wait mends either.
LEADING_NOWHERE = ["a-file/{name}", "x" * 300 + "/{name}"]


@pytest.mark.parametrize("target", LEADING_NOWHERE, ids=["through-a-file", "name-too-long"])
def test_recent_prompts_linked_where_no_file_can_be_are_kept_aside_and_they_work(
    paths, target: str
) -> None:
    """A recent_prompts.json linked through a file, or to a name too long: before, the one
    was said at every start to be held by another program, which no wait mends, and the
    other escaped as the system's error ("Something went wrong"), the Recent menu left
    "Loading…" for good; no prompt was ever remembered. Now the link is kept aside, as
    one in a loop is, the reader given where, and the next prompt makes the file."""
    (paths.data / "a-file").write_text("not a folder", encoding="utf-8")
    link = paths.data / "recent_prompts.json"
    link.symlink_to(target.format(name=link.name))
    aside: list[Path] = []
    assert RecentPrompts(paths).items(set_aside=aside) == []
    (kept,) = aside
    assert kept.is_symlink() and os.readlink(kept) == target.format(name=link.name)
    RecentPrompts(paths).add("an owl")
    assert RecentPrompts(paths).items() == ["an owl"]
    assert (paths.data / "a-file").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("target", LEADING_NOWHERE, ids=["through-a-file", "name-too-long"])
def test_a_presets_file_linked_where_no_file_can_be_is_kept_aside_and_they_work(
    paths, target: str
) -> None:
    """A presets.json linked through a file, or to a name too long: before, the one was
    said at every start to be held by another program and every save refused, and the
    other escaped as the system's error, the built-in styles never offered. Now the link
    is kept aside, the built-in styles offered, and the next save makes the file."""
    (paths.config / "a-file").write_text("not a folder", encoding="utf-8")
    link = user_presets_file(paths)
    link.symlink_to(target.format(name=link.name))
    aside: list[Path] = []
    assert all(p.builtin for p in load_presets(paths, set_aside=aside))
    (kept,) = aside
    assert kept.is_symlink() and os.readlink(kept) == target.format(name=link.name)
    save_user_preset(paths, Preset("Zine", "{prompt}, zine"))
    assert "Zine" in [p.name for p in load_presets(paths)]


def test_a_folder_in_place_of_the_presets_file_is_kept_aside_and_they_work(paths) -> None:
    """A folder named presets.json: before, the artist's presets were missing without a
    word (a damaged file is said), and every preset saved failed with "Is a directory".
    Now it is kept aside and said as a damaged file is, and the next save makes the file."""
    folder = user_presets_file(paths)
    folder.mkdir()
    (folder / "mine.txt").write_text("kept", encoding="utf-8")
    aside: list[Path] = []
    assert all(p.builtin for p in load_presets(paths, set_aside=aside))
    assert [(p / "mine.txt").read_text(encoding="utf-8") for p in aside] == ["kept"]
    save_user_preset(paths, Preset("Zine", "{prompt}, zine"))
    assert "Zine" in [p.name for p in load_presets(paths)]


def test_settings_linked_to_a_folder_are_refused_in_words_and_left_as_they_are(
    paths, tmp_path: Path
) -> None:
    """A settings.json linked to a folder (a dotfiles link made the wrong way round): Save
    said "cannot write settings.json.damaged-…: Is a directory", the system's words about
    a file the artist never had. Now it names the folder, and leaves the link and the
    folder as they are."""
    folder = tmp_path / "dotfiles"
    folder.mkdir()
    paths.settings_file.symlink_to(folder)
    with pytest.raises(StorageError) as raised:
        save_settings(paths, Settings())
    words = explain(raised.value)
    assert words.message == (
        f"A file Kontext Studio saves to is a folder. Cause: {folder} is a folder, not a file."
    )
    assert words.hint == "Move or rename the folder named here, then try again."
    assert paths.settings_file.is_symlink() and list(folder.iterdir()) == []
    assert list(paths.config.iterdir()) == [paths.settings_file]


def test_a_saved_settings_file_has_its_name_synced_to_the_disk(
    paths, monkeypatch: pytest.MonkeyPatch
):
    """The rename that puts the new settings in place lasts a power cut only once the
    folder's list of names is synced: before, a power cut after Save could bring back the
    previous settings although the new file's bytes were synced."""
    synced: list[tuple[int, int, bool]] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        info = os.fstat(fd)
        synced.append((info.st_dev, info.st_ino, stat.S_ISDIR(info.st_mode)))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    target = paths.data / "recent_prompts.json"
    write_json_atomic(target, {"prompts": ["a fox"]})
    folder = os.stat(paths.data)
    written = os.stat(target)
    assert synced[-1] == (folder.st_dev, folder.st_ino, True)
    assert (written.st_dev, written.st_ino, False) in synced
