"""Style presets (templates applied to prompts, shipped and user files) and recent prompts."""

from __future__ import annotations

import errno
import json
import logging
from pathlib import Path

import pytest

from kontext_studio.config import Paths
from kontext_studio.errors import FileUnreadableError, InputError
from kontext_studio.explain import explain
from kontext_studio.history import RecentPrompts
from kontext_studio.kie.models import MAX_PROMPT_CHARS, MODELS, RATIOS
from kontext_studio.presets import (
    Preset,
    apply,
    delete_user_preset,
    load_presets,
    save_user_preset,
    shipped_presets_dir,
    user_presets_file,
)

WATERCOLOR = Preset(
    "Watercolor",
    "{prompt}, watercolor painting, soft washes",
    edit_template="Turn this into a watercolor painting, keep composition. {prompt}",
)


@pytest.fixture
def paths() -> Paths:
    return Paths.from_env()


# What a sync client or an antivirus holding the file gives on Windows, and a network home
# whose share failed to answer: neither says anything of what the file holds.
JUST_NOW = [
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.EIO, "Input/output error"),
]


def unreadable_now(monkeypatch: pytest.MonkeyPatch, path: Path, error: OSError) -> None:
    """Reading ``path`` fails with ``error`` until the test undoes it."""
    read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise error
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def names(presets: list[Preset]) -> list[str]:
    return [p.name for p in presets]


# apply ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "prompt", "expected"),
    [
        ("{prompt}, watercolor", "  a fox  ", "a fox, watercolor"),
        ("A poster of {prompt} in red", "a fox", "A poster of a fox in red"),
        ("watercolor, soft washes", "a fox", "a fox, watercolor, soft washes"),
        ("{prompt}, watercolor", "a fox.", "a fox. watercolor"),
        ("{prompt}, watercolor", "a fox,", "a fox, watercolor"),
        ("watercolor", "a fox ,,", "a fox, watercolor"),
        ("{prompt},  watercolor ,  soft", "a  fox", "a fox, watercolor, soft"),
        ("{prompt}, watercolor", "", "watercolor"),
        ("Style: {prompt}, in watercolor", " ", "Style: in watercolor"),
        ("watercolor", "", "watercolor"),
        ("{prompt}, watercolor", "{x} {prompt}", "{x} {prompt}, watercolor"),
        ("{prompt}，水彩", "一只狐狸", "一只狐狸，水彩"),
    ],
)
def test_apply_places_the_prompt_and_tidies_separators(template, prompt, expected):
    assert apply(Preset("p", template), prompt) == expected


def test_an_empty_template_leaves_the_prompt_alone():
    assert apply(Preset("Only a ratio", "", aspect_ratio="9:16"), "  a fox,, at dusk ") == (
        "a fox,, at dusk"
    )


def test_edit_mode_uses_the_edit_template_when_there_is_one():
    assert apply(WATERCOLOR, "make it night", edit=True) == (
        "Turn this into a watercolor painting, keep composition. make it night"
    )
    assert apply(WATERCOLOR, "", edit=True) == (
        "Turn this into a watercolor painting, keep composition."
    )
    plain = Preset("Plain", "{prompt}, watercolor")
    assert apply(plain, "a fox", edit=True) == "a fox, watercolor"


# Shipped presets ------------------------------------------------------------------------------


def test_every_shipped_preset_loads_and_is_usable(paths):
    files = sorted(shipped_presets_dir().glob("*.json"))
    presets = load_presets(paths)
    assert 6 <= len(presets) == len(files)
    assert len({p.name.casefold() for p in presets}) == len(presets)
    for preset in presets:
        assert preset.builtin
        assert preset.name and preset.name_zh and preset.description
        assert "{prompt}" in preset.template and "{prompt}" in preset.edit_template
        assert preset.model is None or preset.model in MODELS
        assert preset.aspect_ratio is None or preset.aspect_ratio in RATIOS
        for edit in (False, True):
            for prompt in ("", "a red fox in the snow."):
                text = apply(preset, prompt, edit=edit)
                assert text and "  " not in text and ",," not in text and ", ," not in text
                assert "{" not in text and text == text.strip(" ,")


def test_display_name_follows_the_language():
    preset = Preset("Watercolor", "{prompt}", name_zh="水彩")
    assert preset.display_name("zh_CN") == "水彩"
    assert preset.display_name("en") == "Watercolor"
    assert Preset("Plain", "").display_name("zh") == "Plain"


def write_shipped(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_damaged_shipped_files_are_skipped_with_a_warning(paths, tmp_path, caplog):
    folder = write_shipped(
        tmp_path / "shipped",
        {
            "a.json": json.dumps({"name": "Ink", "template": "{prompt}, ink"}),
            "b.json": "{not json",
            "c.json": json.dumps({"name": "Bad ratio", "template": "x", "aspect_ratio": "5:4"}),
            "d.json": json.dumps(["a list"]),
            "e.json": json.dumps({"name": "Typed", "template": 3}),
            "f.json": json.dumps({"name": "", "template": "x"}),
        },
    )
    (folder / "g.json").write_bytes(b'{"name": "\xff"}')
    with caplog.at_level(logging.WARNING, logger="kontext_studio.presets"):
        presets = load_presets(paths, shipped_dir=folder)
    assert names(presets) == ["Ink"]
    skipped = sorted(r.file for r in caplog.records if getattr(r, "event", "") == "preset_skipped")
    assert skipped == ["b.json", "c.json", "d.json", "e.json", "f.json", "g.json"]


def test_a_missing_shipped_folder_gives_only_user_presets(paths, tmp_path):
    save_user_preset(paths, Preset("Mine", "{prompt}, mine"))
    assert names(load_presets(paths, shipped_dir=tmp_path / "absent")) == ["Mine"]


# User presets ---------------------------------------------------------------------------------


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    return write_shipped(
        tmp_path / "shipped",
        {
            "1.json": json.dumps({"name": "Watercolor", "template": "{prompt}, watercolor"}),
            "2.json": json.dumps({"name": "Ink sketch", "template": "{prompt}, ink"}),
        },
    )


def test_user_presets_are_saved_and_come_after_the_shipped_ones(paths, shipped):
    stored = save_user_preset(
        paths, Preset("  Zine  ", " {prompt}, risograph ", model="max", aspect_ratio="3:4")
    )
    save_user_preset(paths, Preset("Blueprint", "{prompt}, blueprint", builtin=True))
    assert stored == Preset("Zine", "{prompt}, risograph", "flux-kontext-max", "3:4")
    presets = load_presets(paths, shipped_dir=shipped)
    assert names(presets) == ["Watercolor", "Ink sketch", "Blueprint", "Zine"]
    assert [p.builtin for p in presets] == [True, True, False, False]
    assert presets[3] == stored
    assert list(user_presets_file(paths).parent.glob("*.tmp")) == []


def test_saving_under_an_existing_name_replaces_it(paths, shipped):
    save_user_preset(paths, Preset("Zine", "{prompt}, old"))
    save_user_preset(paths, Preset("zine", "{prompt}, new"))
    user = [p for p in load_presets(paths, shipped_dir=shipped) if not p.builtin]
    assert [(p.name, p.template) for p in user] == [("zine", "{prompt}, new")]


def test_a_user_preset_overrides_a_shipped_one_in_place_until_deleted(paths, shipped):
    save_user_preset(paths, Preset("watercolor", "{prompt}, my watercolor"))
    presets = load_presets(paths, shipped_dir=shipped)
    assert names(presets) == ["watercolor", "Ink sketch"]
    assert (presets[0].template, presets[0].builtin) == ("{prompt}, my watercolor", False)

    assert delete_user_preset(paths, "Watercolor", shipped_dir=shipped)
    presets = load_presets(paths, shipped_dir=shipped)
    assert (presets[0].name, presets[0].builtin) == ("Watercolor", True)


def test_deleting_user_presets_and_refusing_builtins(paths, shipped):
    save_user_preset(paths, Preset("Zine", "{prompt}, zine"))
    assert delete_user_preset(paths, "zine", shipped_dir=shipped)
    assert not delete_user_preset(paths, "zine", shipped_dir=shipped)
    with pytest.raises(InputError, match="cannot be deleted"):
        delete_user_preset(paths, "Ink sketch", shipped_dir=shipped)
    assert names(load_presets(paths, shipped_dir=shipped)) == ["Watercolor", "Ink sketch"]


def test_the_real_builtins_cannot_be_deleted(paths):
    with pytest.raises(InputError):
        delete_user_preset(paths, load_presets(paths)[0].name)


@pytest.mark.parametrize(
    "preset",
    [
        Preset("", "{prompt}"),
        Preset("   ", "{prompt}"),
        Preset("x" * 61, "{prompt}"),
        Preset("Wide", "{prompt}", aspect_ratio="5:4"),
        Preset("Model", "{prompt}", model="flux-dev"),
        Preset("Long", "x" * (MAX_PROMPT_CHARS + 1)),
    ],
)
def test_invalid_presets_are_refused(paths, preset):
    with pytest.raises(InputError):
        save_user_preset(paths, preset)
    assert not user_presets_file(paths).exists()


def test_a_sixty_character_name_is_fine(paths, shipped):
    save_user_preset(paths, Preset("x" * 60, "{prompt}"))
    assert names(load_presets(paths, shipped_dir=shipped))[-1] == "x" * 60


@pytest.mark.parametrize(
    "content", [b'{"version": 1, "presets": [', b"\xff\xfe\x00{", b'{"presets": "x"}', b"[]"]
)
def test_a_damaged_user_file_is_set_aside_and_never_overwritten(paths, shipped, caplog, content):
    path = user_presets_file(paths)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="kontext_studio.presets"):
        assert names(load_presets(paths, shipped_dir=shipped)) == ["Watercolor", "Ink sketch"]
    assert any(getattr(r, "event", "") == "presets_recovered" for r in caplog.records)
    [aside] = path.parent.glob("presets.json.damaged-*")
    assert aside.read_bytes() == content

    save_user_preset(paths, Preset("Zine", "{prompt}, zine"))
    assert names(load_presets(paths, shipped_dir=shipped))[-1] == "Zine"
    assert aside.exists()


@pytest.mark.parametrize("error", JUST_NOW, ids=["held", "eio"])
def test_a_presets_file_that_cannot_be_read_just_now_is_left_and_never_saved_over(
    paths, shipped, monkeypatch, error
):
    """Before, a presets file that could not be read for a moment (a sync client or an
    antivirus holding it, a network home that did not answer) was set aside as damaged,
    for the artist to put back by hand; and the next preset saved made a new file without
    them. Now it is left where it is, the reader is told it could not be read just now,
    and a save or a delete is refused until it can be read."""
    save_user_preset(paths, Preset("Moody", "{prompt}, moody"))
    path = user_presets_file(paths)
    stored = path.read_bytes()
    unreadable_now(monkeypatch, path, error)

    unread: list[FileUnreadableError] = []
    aside: list[Path] = []
    presets = load_presets(paths, shipped_dir=shipped, set_aside=aside, unread=unread)
    assert names(presets) == ["Watercolor", "Ink sketch"]
    assert aside == []
    words = explain(unread[0])
    assert words.message == (
        "A file with your own presets or prompts could not be read just now. "
        f"Cause: {path} could not be read: another program may hold it, or its disk did not "
        "answer."
    )
    assert words.hint.startswith("It was left as it is.")
    with pytest.raises(FileUnreadableError):
        load_presets(paths, shipped_dir=shipped)
    with pytest.raises(FileUnreadableError):
        save_user_preset(paths, Preset("Zine", "{prompt}, zine"))
    with pytest.raises(FileUnreadableError):
        delete_user_preset(paths, "Moody", shipped_dir=shipped)

    monkeypatch.undo()
    assert list(path.parent.glob("presets.json.*")) == []
    assert path.read_bytes() == stored
    assert names(load_presets(paths, shipped_dir=shipped))[2:] == ["Moody"]


def test_damaged_entries_in_the_user_file_are_skipped(paths, shipped):
    path = user_presets_file(paths)
    path.parent.mkdir(parents=True)
    entries = [
        {"name": "Good", "template": "{prompt}, good", "future_field": 1},
        {"name": "Bad", "template": "{prompt}", "model": 7},
        "not an object",
    ]
    path.write_text(json.dumps({"version": 1, "presets": entries}), encoding="utf-8")
    assert names(load_presets(paths, shipped_dir=shipped))[2:] == ["Good"]


def test_saving_or_deleting_keeps_the_entries_this_version_cannot_use(paths, shipped):
    """A preset saved by a newer version (a model this one does not know, a key of its own)
    or mistyped by hand is not in the menu, yet still the artist's: saving another preset, or
    deleting one, wrote the file anew without it, and it was gone for good."""
    path = user_presets_file(paths)
    path.parent.mkdir(parents=True)
    newer = {"name": "Glossy", "template": "{prompt}, glossy", "model": "flux-kontext-ultra"}
    typo = {"name": "Wide", "template": "{prompt}, wide", "aspect_ratio": "32:9"}
    known = {"name": "Fine", "template": "{prompt}, fine", "strength": 0.4}
    entries = [newer, typo, known]
    path.write_text(json.dumps({"version": 1, "presets": entries}), encoding="utf-8")
    assert names(load_presets(paths, shipped_dir=shipped))[2:] == ["Fine"]

    save_user_preset(paths, Preset("Zine", "{prompt}, zine"))
    assert delete_user_preset(paths, "zine", shipped_dir=shipped)

    stored = json.loads(path.read_text(encoding="utf-8"))["presets"]
    assert stored == [known, newer, typo], "kept as they were, by name"
    assert names(load_presets(paths, shipped_dir=shipped))[2:] == ["Fine"]


# Recent prompts -------------------------------------------------------------------------------


def test_recent_prompts_are_trimmed_deduplicated_and_newest_first(paths):
    recent = RecentPrompts(paths)
    for prompt in ["a fox", "  an owl ", "", "   ", "a fox", "山水画"]:
        recent.add(prompt)
    assert recent.items() == ["山水画", "a fox", "an owl"]


def test_recent_prompts_keep_the_limit_and_cap_long_prompts(paths):
    recent = RecentPrompts(paths, limit=3)
    for n in range(5):
        recent.add(f"prompt {n}")
    recent.add("x" * (MAX_PROMPT_CHARS + 10))
    assert recent.items() == ["x" * MAX_PROMPT_CHARS, "prompt 4", "prompt 3"]
    with pytest.raises(ValueError):
        RecentPrompts(paths, limit=0)


def test_recent_prompts_persist_and_clear(paths):
    RecentPrompts(paths).add("a fox")
    RecentPrompts(paths).add("an owl")
    assert RecentPrompts(paths).items() == ["an owl", "a fox"]
    assert RecentPrompts(paths, limit=1).items() == ["an owl"]
    assert list(paths.data.glob("*.tmp")) == []
    RecentPrompts(paths).clear()
    assert RecentPrompts(paths).items() == []
    assert not (paths.data / "recent_prompts.json").exists()
    RecentPrompts(paths).clear()


@pytest.mark.parametrize(
    "text", ["{oops", "[]", '{"prompts": "a fox"}', '{"version": 1}', "\xff\xfe"]
)
def test_a_damaged_recent_prompts_file_reads_as_empty(paths, text):
    paths.data.mkdir(parents=True)
    (paths.data / "recent_prompts.json").write_text(text, encoding="latin-1")
    recent = RecentPrompts(paths)
    assert recent.items() == []
    recent.add("a fox")
    assert recent.items() == ["a fox"]


@pytest.mark.parametrize("error", JUST_NOW, ids=["held", "eio"])
def test_recent_prompts_that_cannot_be_read_just_now_are_left_and_never_saved_over(
    paths, monkeypatch, error
):
    """Before, recent prompts that could not be read for a moment were set aside as damaged,
    and the prompt generated next started a new file without them. Now the file is left
    where it is, and remembering a prompt is refused until it can be read."""
    RecentPrompts(paths).add("a fox")
    path = paths.data / "recent_prompts.json"
    stored = path.read_bytes()
    unreadable_now(monkeypatch, path, error)

    aside: list[Path] = []
    with pytest.raises(FileUnreadableError, match=r"recent_prompts\.json could not be read"):
        RecentPrompts(paths).items(set_aside=aside)
    with pytest.raises(FileUnreadableError):
        RecentPrompts(paths).add("an owl", set_aside=aside)
    assert aside == []

    monkeypatch.undo()
    assert list(paths.data.glob("recent_prompts.json.*")) == []
    assert path.read_bytes() == stored
    RecentPrompts(paths).add("an owl")
    assert RecentPrompts(paths).items() == ["an owl", "a fox"]


def test_remembering_a_prompt_says_where_a_damaged_file_was_kept(paths):
    """Before, a recent_prompts.json damaged while the window was open was set aside
    without a word when the next prompt was remembered: only a start said it."""
    path = paths.data / "recent_prompts.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "prompts": ["a fox", ', encoding="utf-8")
    aside: list[Path] = []
    RecentPrompts(paths).add("an owl", set_aside=aside)
    (kept,) = aside
    assert kept.name.startswith("recent_prompts.json.damaged-")
    assert "a fox" in kept.read_text(encoding="utf-8")
    assert RecentPrompts(paths).items() == ["an owl"]


def test_recent_prompts_skip_entries_that_are_not_text(paths):
    paths.data.mkdir(parents=True)
    data = {"version": 1, "prompts": ["a fox", 3, None, " ", "an owl"]}
    (paths.data / "recent_prompts.json").write_text(json.dumps(data), encoding="utf-8")
    assert RecentPrompts(paths).items() == ["a fox", "an owl"]
