"""The translation catalogue and the Qt-free half of the translation path.

* the shipped ``.ts`` is complete: every message translated, nothing unfinished or obsolete,
  placeholders and accelerators intact, and it holds exactly the strings the code has now
  (lupdate over the sources, compared);
* language choice (environment, setting, system locale), the core's English-by-default
  lookups and the compile-on-demand of a ``.ts`` into the cache;
* the CLI: English by default, Chinese with ``LANG=zh_CN.UTF-8`` or ``KONTEXT_STUDIO_LANG``,
  ``--json`` always English, and no Qt loaded for English.

No Qt is imported in this process: the CLI runs in subprocesses.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from kontext_studio import i18n
from kontext_studio.errors import AuthError, KeyringUnavailableError, ValidationError
from kontext_studio.explain import explain, explain_kind, join_sentences

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "kontext_studio_zh_CN.ts"
UPDATE_HINT = (
    "run `.venv/bin/python -m kontext_studio.i18n update`, translate the new messages in "
    f'{TS.relative_to(ROOT)} (Qt Linguist or any editor) and remove type="unfinished"'
)

needs_lupdate = pytest.mark.skipif(i18n.find_tool("lupdate") is None, reason="no lupdate")
needs_lrelease = pytest.mark.skipif(i18n.find_tool("lrelease") is None, reason="no lrelease")


def messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) for every message of a .ts file."""
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source") or "", translation))
    return found


def translated_text(translation: ET.Element) -> str:
    forms = translation.findall("numerusform")
    return "".join(f.text or "" for f in forms) if forms else (translation.text or "")


@pytest.fixture(autouse=True)
def no_translator() -> Iterator[None]:
    i18n.install(None)
    yield
    i18n.install(None)


# The catalogue ------------------------------------------------------------------------------


def test_every_message_has_a_finished_translation() -> None:
    found = messages(TS)
    assert len(found) > 300
    problems = [
        f"{context}: {source!r} ({translation.get('type') or 'empty'})"
        for context, source, translation in found
        if translation.get("type") or not translated_text(translation).strip()
    ]
    assert not problems, f"{UPDATE_HINT}:\n" + "\n".join(problems)


def test_the_catalogue_declares_its_languages() -> None:
    root = ET.parse(TS).getroot()
    assert root.get("language") == "zh_CN"
    assert root.get("sourcelanguage") == "en"


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%L?\d+")


def value_name(placeholder: str) -> str:
    """``{pixels}`` for ``{pixels:mega}``: a placeholder without its format."""
    return re.sub(r":[^{}]*\}$", "}", placeholder)


@pytest.mark.parametrize(
    ("context", "source", "translation"),
    [pytest.param(c, s, t, id=f"{c}:{s[:40]}") for c, s, t in messages(TS)],
)
def test_placeholders_newlines_and_accelerators_survive(
    context: str, source: str, translation: ET.Element
) -> None:
    text = translated_text(translation)
    # The same values; a pixel count may take the translation's own format (i18n.fill).
    assert sorted(map(value_name, PLACEHOLDER.findall(text))) == sorted(
        map(value_name, PLACEHOLDER.findall(source))
    )
    assert text.count("\n") == source.count("\n")
    if re.search(r"&[^&\s]", source):
        accelerators = re.findall(r"&([^&\s])", text)
        assert len(accelerators) == 1, f"one accelerator in {text!r}"
        assert accelerators[0].isascii(), "a Latin-letter accelerator: (&F), as Chinese UIs do"
    # Plain-text "%" would break argparse's help formatting in the cli context.
    if context == "cli":
        assert "%" not in text


def test_every_format_a_translation_gives_a_count_can_be_filled() -> None:
    """A pixel count written ``{pixels:myriad 万 亿}`` (i18n.fill): a mistyped format would
    stop the window building the sentence."""
    for _context, source, translation in messages(TS):
        text = translated_text(translation)
        names = {value_name(p)[1:-1] for p in PLACEHOLDER.findall(source) if p.startswith("{")}
        if ":" in "".join(PLACEHOLDER.findall(text)):
            assert i18n.fill(text, **dict.fromkeys(names, 123_456_789)), source


def test_pixel_counts_are_written_the_way_each_language_counts() -> None:
    """English counts megapixels; Chinese counts in 万 and 亿 ("5000 万像素", never "50 百万
    像素"), after a no-break space: in a label that wraps, "5000" ended a line."""
    mega, myriad = "{n:mega}", "{n:myriad 万 亿}"
    cases = [
        (20_000_000, "20", "2000\u00a0万"),
        (50_000_000, "50", "5000\u00a0万"),
        (50_100_000, "50.1", "5010\u00a0万"),
        (89_478_485, "89.5", "8948\u00a0万"),  # Pillow's own limit
        (300_000, "0.3", "30\u00a0万"),
        (100_000_000, "100", "1\u00a0亿"),
        (123_400_000, "123.4", "1.23\u00a0亿"),
        (900_000_000, "900", "9\u00a0亿"),
    ]
    for pixels, english, chinese in cases:
        assert (i18n.fill(mega, n=pixels), i18n.fill(myriad, n=pixels)) == (english, chinese)
    assert i18n.fill("{n} and {n:>4}", n=7) == "7 and    7", "other formats as str.format"


def test_chinese_sentences_take_full_width_brackets() -> None:
    """Before: "生成 (Ctrl+Enter)", "发布 (R2)" beside "参考图（可选）". Half-width brackets are
    left only where Qt reads them (an accelerator "(&F)", a file dialog's "(*.png)"), where
    argparse does (its placeholders "%(prog)s") and in "http(s)"."""
    mixed = []
    for context, source, translation in messages(TS):
        text = translated_text(translation)
        if not re.search("[\u4e00-\u9fff]", text) or ";;" in text or "(*" in text:
            continue
        if re.search(r"[()]", re.sub(r"\(&[^&\s]\)|http\(s\)|%\([a-z_]+\)", "", text)):
            mixed.append(f"{context}: {source!r} -> {text!r}")
    assert not mixed, "\n".join(mixed)


def test_chinese_quotes_sit_against_the_chinese_words_beside_them() -> None:
    """Full-width quotes carry their own room: the catalogue writes “{title}”已被删除, and
    the folder refusals, quoted since, read “{name}” 中没有 …, a gap after the quote no
    other sentence has."""
    spaced = [
        f"{context}: {source!r} -> {translated_text(translation)!r}"
        for context, source, translation in messages(TS)
        if re.search("[“”] [\u4e00-\u9fff]|[\u4e00-\u9fff] [“”]", translated_text(translation))
    ]
    assert not spaced, "\n".join(spaced)


def test_chinese_addresses_the_artist_one_way() -> None:
    """The catalogue says 你 (you) to the artist: four messages said the formal 您 beside it,
    one in the same Settings page as "粘贴你的 KIE API 密钥"."""
    formal = [
        f"{context}: {source!r} -> {translated_text(translation)!r}"
        for context, source, translation in messages(TS)
        if "您" in translated_text(translation)
    ]
    assert not formal, "\n".join(formal)


def test_chinese_calls_an_artwork_s_image_one_way() -> None:
    """The catalogue calls the artist's images 图片 (the tiles' 图片丢失, 450 messages);
    图像 is left to a file's format and to image editors. The empty library's words for
    an image on its way said 你的图像 beside tiles saying 图片."""
    other = [
        f"{context}: {source!r} -> {translated_text(translation)!r}"
        for context, source, translation in messages(TS)
        if "图像" in translated_text(translation) and not re.search("image editors|WebP", source)
    ]
    assert not other, "\n".join(other)


@needs_lupdate
def test_the_catalogue_holds_exactly_the_strings_of_the_code(tmp_path: Path) -> None:
    """lupdate over today's sources into a copy: nothing new (untranslated) appears and
    nothing the code no longer has is kept. Fails when someone adds or changes a string."""
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    started = time.monotonic()
    subprocess.run(i18n.lupdate_command(copy, "zh_CN"), check=True, timeout=60)
    assert time.monotonic() - started < 30
    before = {(c, s) for c, s, _ in messages(TS)}
    after = messages(copy)
    new = sorted((c, s) for c, s, t in after if t.get("type") == "unfinished")
    gone = sorted(before - {(c, s) for c, s, _ in after})
    assert not new, f"untranslated strings in the code; {UPDATE_HINT}:\n" + "\n".join(
        f"  {c}: {s!r}" for c, s in new
    )
    assert not gone, f"strings no longer in the code; {UPDATE_HINT}:\n" + "\n".join(
        f"  {c}: {s!r}" for c, s in gone
    )


# Choosing the language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh_CN", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("zh_SG.UTF-8", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh_TW.UTF-8", None),
        ("zh-Hant-HK", None),
        ("en_GB.UTF-8@euro", "en"),
        ("en-US", "en"),
        ("C.UTF-8", "en"),
        ("POSIX", "en"),
        ("de_DE.UTF-8", None),
        ("", None),
    ],
)
def test_locale_names_map_to_supported_languages(code: str, expected: str | None) -> None:
    assert i18n.normalize(code) == expected


def test_system_languages_follow_gettexts_order() -> None:
    env = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}
    assert i18n.system_languages(env) == ["zh_CN.UTF-8"]
    assert i18n.system_languages({"LANGUAGE": "fr:zh_CN", "LANG": "C"}) == ["fr", "zh_CN"]
    assert i18n.system_languages({}) == []


def test_choice_order_is_variable_then_setting_then_system() -> None:
    system = ["de_DE", "zh_CN.UTF-8"]
    assert i18n.choose("", system, environ={}) == "zh_CN", "first supported system language"
    assert i18n.choose("en", system, environ={}) == "en", "the setting beats the system"
    assert i18n.choose("en", system, environ={i18n.LANGUAGE_ENV: "zh_CN"}) == "zh_CN"
    assert i18n.choose("", ["de_DE"], environ={}) == "en", "unsupported means English"
    assert i18n.choose("", ["C.UTF-8", "zh_CN"], environ={}) == "en"
    assert i18n.choose("klingon", ["zh_CN"], environ={}) == "zh_CN", "a bad setting is skipped"


# The core's words ---------------------------------------------------------------------------


def test_error_words_are_english_until_a_translator_is_installed() -> None:
    words = explain(AuthError("bad key"))
    assert words.message == "KIE rejected the API key. Cause: bad key."
    assert words.hint == "Open Settings and enter a valid KIE API key."

    table = {
        ("Errors", "KIE rejected the API key."): "KIE 拒绝了此 API 密钥。",
        ("Errors", "Cause: {cause}."): "原因：{cause}。",
        ("Errors", "{message} {hint}"): "{message}{hint}",
    }
    i18n.install(lambda context, text: table.get((context, text), ""))
    words = explain(AuthError("bad key"))
    assert words.message == "KIE 拒绝了此 API 密钥。原因：bad key。"
    assert words.hint == "Open Settings and enter a valid KIE API key.", "missing: English"
    with i18n.english():
        assert explain_kind("auth").message == "KIE rejected the API key."
    assert explain_kind("auth").message == "KIE 拒绝了此 API 密钥。"


def test_sentences_are_joined_as_the_installed_language_joins_them() -> None:
    """Retry of several said "正在重试 8 个任务。 保持原样：…": a space after "。"."""
    assert join_sentences("Retrying 8 jobs.", "", "Left as they are: 1 for Resubmit.") == (
        "Retrying 8 jobs. Left as they are: 1 for Resubmit."
    )
    assert join_sentences("", "") == ""
    chinese = {("Errors", "{message} {hint}"): "{message}{hint}"}
    i18n.install(lambda context, text: chinese.get((context, text), ""))
    assert join_sentences("正在重试 8 个任务。", "保持原样：1 个需重新提交。") == (
        "正在重试 8 个任务。保持原样：1 个需重新提交。"
    )


def test_a_detail_follows_its_message_as_a_sentence_of_its_own() -> None:
    """Before, the detail came in brackets after the message's full stop: brackets in
    brackets ("(cannot reach 127.0.0.1:9 (nothing answered at that address))"), a whole
    sentence in them ("(The system keyring is locked.)"), KIE's words too. A clause is
    said as the cause, a sentence as the sentence it is."""
    network = explain_kind(
        "publish_network", "cannot reach 127.0.0.1:9 (nothing answered at that address)"
    )
    assert network.message == (
        "The R2 endpoint cannot be reached. Cause: cannot reach 127.0.0.1:9 (nothing answered "
        "at that address)."
    )
    locked = explain(KeyringUnavailableError("The system keyring is locked."))
    assert locked.message == "The system keyring cannot be used. The system keyring is locked."
    said = explain(ValidationError.said("prompt is too long for this model"))
    assert said.message == (
        "KIE did not accept the request. KIE says: “prompt is too long for this model”"
    )
    assert explain_kind("network", "down", brief=True).message == "KIE cannot be reached."


def test_marked_details_and_notes_are_translated_too() -> None:
    from kontext_studio.explain import explain_detail
    from kontext_studio.jobs.notes import CANCEL_NOTE

    table = {("Errors", CANCEL_NOTE): "已停止跟踪。", ("Errors", "marked detail"): "已标记"}
    i18n.install(lambda context, text: table.get((context, text), ""))
    assert explain_detail(CANCEL_NOTE) == "已停止跟踪。"
    assert explain_detail("a server message") == "a server message"
    assert explain_detail("") == ""
    marked = explain_kind("network", "marked detail")
    assert marked.message == "KIE cannot be reached. Cause: 已标记."


def test_an_image_refusal_reads_in_the_installed_language_and_logs_in_english(
    tmp_path: Path,
) -> None:
    """Details made of a file name and numbers are translated as a template; before, they
    stayed English inside the translated sentence. The error's message (logs, the library)
    stays English."""
    from kontext_studio.errors import ImageError
    from kontext_studio.images.validate import REFERENCE_LIMITS, inspect_image

    tiff = tmp_path / "fox.tif"
    tiff.write_bytes(b"II*\x00" + b"\x00" * 64)
    table = {
        ("Errors", "This image cannot be used."): "此图片无法使用。",
        ("Errors", "Cause: {cause}."): "原因：{cause}。",
        ("Errors", "{message} {hint}"): "{message}{hint}",
        (
            "Errors",
            "{name} is a {other} image, which is not supported: use {formats}",
        ): "{name} 是 {other} 图片，不受支持：请使用 {formats}",
        ("Errors", "{items} or {last}"): "{items} 或 {last}",
    }
    i18n.install(lambda context, text: table.get((context, text), ""))
    with pytest.raises(ImageError) as refused:
        inspect_image(tiff, REFERENCE_LIMITS)
    assert refused.value.message == (
        "fox.tif is a TIFF image, which is not supported: use JPEG, PNG, WebP or GIF"
    )
    assert explain(refused.value).message == (
        "此图片无法使用。原因：fox.tif 是 TIFF 图片，不受支持：请使用 JPEG, PNG, WebP 或 GIF。"
    )


def test_what_to_do_with_a_file_too_large_for_its_format_reads_in_the_installed_language(
    tmp_path: Path,
) -> None:
    """The hint a refusal gives for its file's format is the catalogue's, as the kind's is."""
    from PIL import Image

    from kontext_studio.errors import ImageError
    from kontext_studio.images.validate import UPLOAD_LIMITS, inspect_image

    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (8, 8), (9, 90, 200)).save(photo, "JPEG")
    with open(photo, "r+b") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: costs no disk space
    hint = "Save it again at a lower JPEG quality, or with fewer pixels, and try again."
    table = {("Errors", hint): "请以更低的 JPEG 质量重新保存，或减少像素，然后重试。"}
    i18n.install(lambda context, text: table.get((context, text), ""))
    with pytest.raises(ImageError) as refused:
        inspect_image(photo, UPLOAD_LIMITS)
    assert explain(refused.value).hint == "请以更低的 JPEG 质量重新保存，或减少像素，然后重试。"
    with i18n.english():
        assert explain(refused.value).hint == hint


def test_a_translation_that_does_not_fit_its_values_shows_the_english_detail() -> None:
    from kontext_studio.errors import ImageError

    error = ImageError.worded("{name} is 0 bytes", name="a.png")
    i18n.install(lambda context, text: "{nom} fait 0 octet" if "{name}" in text else "")
    assert error.message == "a.png is 0 bytes"
    assert explain(error).message.endswith(" Cause: a.png is 0 bytes.")


def test_what_a_refusal_says_to_do_names_the_artwork_in_the_installed_language() -> None:
    """An artwork published in a bucket the settings no longer name: what to do (the
    command to type, with its number) follows the refusal, filled in as its detail is.
    Before, a refusal's hint was dropped, and a hint was never filled."""
    from kontext_studio.errors import PublishedElsewhereError
    from kontext_studio.explain import Explanation

    refusal = "Artwork {id} is published in the bucket '{bucket}'."
    todo = "Type `kontext-studio unpublish {id} --forget`."
    table = {
        ("Errors", refusal): "作品 {id} 发布在存储桶 '{bucket}' 中。",
        ("Errors", todo): "请运行 `kontext-studio unpublish {id} --forget`。",
    }
    error = PublishedElsewhereError.worded(refusal, id=5, bucket="old-art").advising(todo)
    i18n.install(lambda context, text: table.get((context, text), ""))
    assert explain(error) == Explanation(
        "作品 5 发布在存储桶 'old-art' 中。", "请运行 `kontext-studio unpublish 5 --forget`。"
    )
    with i18n.english():
        assert explain(error).hint == "Type `kontext-studio unpublish 5 --forget`."
    i18n.install(lambda context, text: "请运行 {number}" if context == "Errors" else "")
    assert explain(error).hint == "Type `kontext-studio unpublish 5 --forget`.", (
        "a translation that does not fit its values: the English words"
    )


def test_every_error_kind_is_in_the_catalogue() -> None:
    from kontext_studio.explain import _HINTS

    sources = {s for c, s, _ in messages(TS) if c == "Errors"}
    for kind, (message, hint) in _HINTS.items():
        # "trash" has a message per system, naming its trash, "image_trashed" and
        # "image_left_in_trash" a message and a hint per system (test_language.py checks them).
        assert hint in sources or (kind in PER_SYSTEM - {"trash"} and explain_kind(kind).hint)
        assert message in sources or (kind in PER_SYSTEM and explain_kind(kind).message)


PER_SYSTEM = {"trash", "image_trashed", "image_left_in_trash"}
"""The error kinds whose words name the trash the way each system does."""


# Compiling on demand ------------------------------------------------------------------------


@pytest.fixture
def resources_with_ts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A resources folder holding only the .ts (a source checkout before any build), and a
    temporary folder of the test's own, where the user's own folder of catalogues the cache
    refuses is made (:func:`i18n._own_folder`)."""
    folder = tmp_path / "resources"
    (folder / "translations").mkdir(parents=True)
    shutil.copyfile(TS, folder / "translations" / TS.name)
    monkeypatch.setenv("KONTEXT_STUDIO_RESOURCES", str(folder))
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    monkeypatch.setattr(i18n, "_told_no_lrelease", set())
    return folder / "translations"


@needs_lrelease
def test_a_bare_ts_is_compiled_into_the_cache_once(resources_with_ts: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    compiled = i18n.catalogue("zh_CN", cache)
    assert compiled is not None and compiled.parent == cache / "translations"
    assert compiled.stat().st_size > 1000
    stamp = compiled.stat().st_ino
    assert i18n.catalogue("zh_CN", cache) == compiled
    assert compiled.stat().st_ino == stamp, "not compiled again while it is current"
    assert list((tmp_path / "temp").iterdir()) == [], "nothing made in the temporary folder"


def test_a_catalogue_another_process_compiled_meanwhile_is_taken(
    resources_with_ts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two commands started at once both find no compiled copy and compile it; the one
    whose copy cannot replace the other's (on Windows, a file the first has open is not
    replaced) takes the first's, the same catalogue. Before, it ran in English."""
    cache = tmp_path / "cache"

    def compiled_elsewhere(ts: Path, qm: Path) -> bool:
        qm.parent.mkdir(parents=True, exist_ok=True)
        qm.write_bytes(b"compiled by the other command")
        return False  # this one's own copy was refused

    monkeypatch.setattr(i18n, "compile_catalogue", compiled_elsewhere)
    taken = i18n.catalogue("zh_CN", cache)
    assert taken is not None and taken.read_bytes() == b"compiled by the other command"


@needs_lrelease
def test_an_upgrade_s_catalogue_is_compiled_again_though_its_ts_is_older_than_the_cache(
    resources_with_ts: Path, tmp_path: Path
) -> None:
    """Before: the compiled copy in the cache was taken as current while it was not older
    than the .ts; an upgrade whose .ts keeps its package's older date (a wheel) went on with
    the last version's catalogue, a line translated anew shown as the old version had it."""
    cache = tmp_path / "cache"
    ts = resources_with_ts / TS.name
    before = i18n.catalogue("zh_CN", cache)
    assert before is not None
    old = ts.read_text(encoding="utf-8")
    assert "<translation>任务 {id}：{state}</translation>" in old
    ts.write_text(old.replace("任务 {id}：{state}", "作品 {id}：{state}"), encoding="utf-8")
    packaged = before.stat().st_mtime - 3600
    os.utime(ts, (packaged, packaged))
    after = i18n.catalogue("zh_CN", cache)
    assert after is not None
    assert "作品 {id}".encode("utf-16-be") in after.read_bytes()
    assert sorted((cache / "translations").glob("*.qm")) == sorted([before, after])


def a_version_of_the_ts(ts: Path, version: int) -> None:
    """``ts`` as version ``version`` ships it: one line translated its own way."""
    text = TS.read_text(encoding="utf-8")
    ts.write_text(text.replace("任务 {id}：{state}", f"任务{version} {{id}}：{{state}}"), "utf-8")


@needs_lrelease
def test_two_versions_sharing_a_cache_each_keep_their_compiled_catalogue(
    resources_with_ts: Path, tmp_path: Path
) -> None:
    """Before: each version's start removed the other's compiled copy, so two versions
    installed side by side (a packaged one and a checkout) sharing one cache compiled
    their catalogue again at every start. One copy per .ts is kept, the last few."""
    cache = tmp_path / "cache"
    ts = resources_with_ts / TS.name
    compiled = []
    for version in (1, 2):
        a_version_of_the_ts(ts, version)
        compiled.append(i18n.catalogue("zh_CN", cache))
    first = compiled[0]
    assert first is not None
    stamp = first.stat().st_ino
    a_version_of_the_ts(ts, 1)
    assert i18n.catalogue("zh_CN", cache) == first
    assert first.stat().st_ino == stamp, "not compiled again"
    for version in range(3, 6):
        a_version_of_the_ts(ts, version)
        last = i18n.catalogue("zh_CN", cache)
    assert len(list((cache / "translations").glob("*.qm"))) == i18n.COPIES_KEPT
    assert last is not None and last.is_file()


@needs_lrelease
@pytest.mark.parametrize("lrelease", [True, False])
def test_a_read_only_cache_holding_an_older_catalogue_still_shows_chinese(
    resources_with_ts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lrelease: bool
) -> None:
    """Before: a cache folder the app cannot write to (read only, a full disk), holding the
    one-per-language copy an older version compiled, meant English: this .ts could not be
    compiled there, and that copy was not used. It is compiled into a folder of the
    process's own; without lrelease, the older copy is used, better than English."""
    cache = tmp_path / "cache" / "translations"
    cache.mkdir(parents=True)
    older = cache / "kontext_studio_zh_CN.qm"
    assert i18n.compile_catalogue(TS, older)
    a_version_of_the_ts(resources_with_ts / TS.name, 2)
    compile_catalogue = i18n.compile_catalogue

    def refused_in_the_cache(ts: Path, qm: Path) -> bool:
        return qm.parent != cache and compile_catalogue(ts, qm)

    monkeypatch.setattr(i18n, "compile_catalogue", refused_in_the_cache)
    if not lrelease:
        monkeypatch.setattr(i18n, "find_tool", lambda name: None)
    taken = i18n.catalogue("zh_CN", tmp_path / "cache")
    assert taken is not None
    line = "任务2 {id}" if lrelease else "任务 {id}"
    assert line.encode("utf-16-be") in taken.read_bytes()
    assert older.is_file()


def refusing_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch, *, own_folder_too: bool = False
) -> list[Path]:
    """The catalogue compiled anywhere but into ``cache``'s translations (read only, full),
    nor, ``own_folder_too``, into the user's own folder (:func:`i18n._own_folder`); the
    copies compiled elsewhere, listed."""
    compiled: list[Path] = []
    compile_catalogue = i18n.compile_catalogue
    refused = {cache / "translations"}
    if own_folder_too:
        refused.add(own_folder())

    def refused_in_the_cache(ts: Path, qm: Path) -> bool:
        if qm.parent in refused:
            return False
        compiled.append(qm)
        return compile_catalogue(ts, qm)

    monkeypatch.setattr(i18n, "compile_catalogue", refused_in_the_cache)
    return compiled


@needs_lrelease
def test_a_read_only_cache_compiles_the_catalogue_once_per_process(
    resources_with_ts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command asks for its catalogue twice (whether there is one, then to load it), and
    the window at each change of language. Before, with a cache it cannot write to, each
    ask ran lrelease again into a folder of its own: every command in Chinese started a
    second or so later, and left one more folder until it ended."""
    cache = tmp_path / "cache"
    a_version_of_the_ts(resources_with_ts / TS.name, 7)
    compiled = refusing_the_cache(cache, monkeypatch)
    first = i18n.catalogue("zh_CN", cache)
    assert first is not None and first.is_file()
    assert i18n.catalogue("zh_CN", cache) == first
    assert len(compiled) == 1


@needs_lrelease
def test_a_catalogue_compiled_apart_is_removed_by_an_end_at_once(
    resources_with_ts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that ends at once (a worker thread left hanging as the window closed, one
    that failed as a command ended: ``loop_errors.end_now``) runs no exit handlers. Before,
    the folder its catalogue was compiled into, the cache refusing it, was left in the temp
    folder, 400 KB at each such end."""
    from kontext_studio import loop_errors

    cache = tmp_path / "cache"
    a_version_of_the_ts(resources_with_ts / TS.name, 8)
    refusing_the_cache(cache, monkeypatch, own_folder_too=True)
    apart = i18n.catalogue("zh_CN", cache)
    assert apart is not None and apart.is_file()

    def ended(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(loop_errors, "stop_logging", lambda: None)
    monkeypatch.setattr(loop_errors.os, "_exit", ended)
    with pytest.raises(SystemExit):
        loop_errors.end_now(1)
    assert not apart.parent.exists()


@needs_lrelease
def test_a_read_only_cache_compiles_the_catalogue_once_and_leaves_nothing_behind(
    resources_with_ts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: with a cache it cannot write to, every start compiled the catalogue again
    (a second more) into a temporary folder, left behind by a SIGKILL (or on Windows, the
    .qm held open). It is compiled once into the user's own folder and taken from there at
    the next starts; that folder keeps the copies the cache would (COPIES_KEPT)."""
    cache = tmp_path / "cache"
    ts = resources_with_ts / TS.name
    compiled = refusing_the_cache(cache, monkeypatch)
    first = i18n.catalogue("zh_CN", cache)
    assert first is not None and first.is_file()
    i18n.drop_compiled_apart()  # the process ends: a start after it
    assert i18n.catalogue("zh_CN", cache) == first
    assert first.is_file() and len(compiled) == 1, "not compiled again"
    assert [path.name for path in (tmp_path / "temp").iterdir()] == [first.parent.name]
    for version in range(1, i18n.COPIES_KEPT + 2):
        a_version_of_the_ts(ts, version)
        assert i18n.catalogue("zh_CN", cache) is not None
    assert len(list(first.parent.glob("*.qm"))) == i18n.COPIES_KEPT


@pytest.mark.skipif(sys.platform == "win32", reason="no uid: the temporary folder is the user's")
def test_a_temporary_folder_of_another_user_is_not_used_for_the_catalogue(
    resources_with_ts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user's own folder is named for the user in a temporary folder everyone writes to
    (/tmp): one that is not a folder only the user can write to (another's, a link, one
    open to all) is passed over."""
    own = own_folder()
    assert i18n._own_folder(make=True) == own
    own.chmod(0o777)
    assert i18n._own_folder(make=True) is None
    own.rmdir()
    own.symlink_to(tmp_path)
    assert i18n._own_folder(make=True) is None
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)  # the folder of "another user" is ours
    assert i18n._own_folder(make=True) is None, "a folder someone else owns is not used"


def own_folder() -> Path:
    """The user's own folder of catalogues the cache refuses (:func:`i18n._own_folder`):
    named for the user's uid where there is one (not on Windows)."""
    uid = f"-{os.getuid()}" if hasattr(os, "getuid") else ""
    return Path(tempfile.gettempdir()) / f"{i18n.OWN_FOLDER_PREFIX}{uid}"


@needs_lrelease
def test_an_older_version_s_catalogue_in_the_cache_is_kept_while_it_is_one_of_the_last(
    resources_with_ts: Path, tmp_path: Path
) -> None:
    """A version from before the copies were named by their .ts keeps one copy per
    language, kontext_studio_zh_CN.qm. Before, every compile of a later version's copy
    removed it, and that version, sharing the cache, compiled it again at its next start.
    It is one of the COPIES_KEPT now, dated as it was compiled."""
    cache = tmp_path / "cache"
    ts = resources_with_ts / TS.name
    older = cache / "translations" / "kontext_studio_zh_CN.qm"
    assert i18n.compile_catalogue(TS, older)
    compiled = older.stat().st_ino
    for version in range(1, i18n.COPIES_KEPT):
        a_version_of_the_ts(ts, version)
        assert i18n.catalogue("zh_CN", cache) is not None
        assert older.is_file() and older.stat().st_ino == compiled
    a_version_of_the_ts(ts, i18n.COPIES_KEPT)
    assert i18n.catalogue("zh_CN", cache) is not None
    assert not older.exists(), "the cache does not grow"


def test_without_lrelease_its_absence_is_logged_once(
    resources_with_ts: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A command asks for its catalogue twice; without lrelease, each ask logged "no
    lrelease" twice (the cache, then a folder of its own). Once now: the older copy in the
    cache is taken without trying to compile."""
    older = tmp_path / "cache" / "translations" / "kontext_studio_zh_CN.qm"
    older.parent.mkdir(parents=True)
    older.write_bytes(b"an older version's catalogue")
    monkeypatch.setattr(i18n, "find_tool", lambda name: None)
    with caplog.at_level("WARNING", logger=i18n.__name__):
        assert i18n.catalogue("zh_CN", tmp_path / "cache") == older
        assert i18n.catalogue("zh_CN", tmp_path / "cache") == older
    told = [r for r in caplog.records if getattr(r, "event", "") == "i18n_no_lrelease"]
    assert len(told) == 1
    assert list((tmp_path / "temp").iterdir()) == []


@needs_lrelease
def test_a_version_in_use_keeps_its_compiled_catalogue_while_others_come_and_go(
    resources_with_ts: Path, tmp_path: Path
) -> None:
    """An installed version started every day beside a checkout updated three times: its
    copy, compiled first but used last, is kept. Before, the copies kept were those
    compiled last: its copy was removed (as it might be loading it) and compiled again."""
    cache = tmp_path / "cache"
    ts = resources_with_ts / TS.name
    a_version_of_the_ts(ts, 1)
    daily = i18n.catalogue("zh_CN", cache)
    assert daily is not None
    compiled = daily.stat().st_ino
    for version in (2, 3, 4):
        a_version_of_the_ts(ts, version)
        assert i18n.catalogue("zh_CN", cache) is not None
        assert daily.is_file()
        a_version_of_the_ts(ts, 1)
        assert i18n.catalogue("zh_CN", cache) == daily
        assert daily.stat().st_ino == compiled, "not compiled again"


@needs_lrelease
def test_a_built_qm_beside_the_ts_is_used_as_it_is(resources_with_ts: Path, tmp_path: Path) -> None:
    built = resources_with_ts / "kontext_studio_zh_CN.qm"
    assert i18n.compile_catalogue(resources_with_ts / TS.name, built)
    assert i18n.catalogue("zh_CN", tmp_path / "cache") == built
    assert not (tmp_path / "cache").exists()


def test_without_lrelease_there_is_no_catalogue_and_no_error(
    resources_with_ts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "find_tool", lambda name: None)
    assert i18n.catalogue("zh_CN", tmp_path / "cache") is None
    assert i18n.catalogue("en", tmp_path / "cache") is None
    assert i18n.catalogue("fr", tmp_path / "cache") is None


def test_a_failing_lrelease_leaves_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "lrelease"
    broken.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(i18n, "find_tool", lambda name: broken)
    target = tmp_path / "out" / "x.qm"
    assert not i18n.compile_catalogue(TS, target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


# The CLI ------------------------------------------------------------------------------------


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", i18n.LANGUAGE_ENV)
    }
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kontext_studio", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        timeout=60,
        check=False,
    )


def test_the_cli_speaks_english_by_default() -> None:
    done = run_cli("jobs", LANG="C.UTF-8")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "The library is empty."


@needs_lrelease
def test_the_cli_speaks_chinese_with_a_chinese_locale() -> None:
    done = run_cli("jobs", LANG="zh_CN.UTF-8")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "图库是空的。"


@needs_lrelease
def test_the_cli_errors_are_chinese_but_json_stays_english() -> None:
    done = run_cli("generate", "", "--demo", "--json", **{i18n.LANGUAGE_ENV: "zh_CN"})
    assert done.returncode == 2
    assert "请求无效。" in done.stderr and "请修改后重试。" in done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["message"].startswith("The request is not valid.")


@needs_lrelease
def test_the_cli_help_and_refusals_are_chinese_all_through() -> None:
    """argparse's own words ("usage:", "options", "error:", "the following arguments are
    required") were English among the Chinese ones; the --json line stays English. Its
    sections' headings ended in an ASCII colon ("选项:"): now in the full-width one."""
    helped = run_cli("cancel", "--help", **{i18n.LANGUAGE_ENV: "zh_CN"})
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("用法：kontext-studio cancel")
    lines = helped.stdout.splitlines()
    assert "位置参数：" in lines and "选项：" in lines
    assert not [line for line in lines if line.endswith(":")]
    assert "显示此帮助信息并退出" in helped.stdout
    refused = run_cli("cancel", "--json", **{i18n.LANGUAGE_ENV: "zh_CN"})
    assert refused.returncode == 2
    assert "kontext-studio cancel：错误：缺少以下必需的参数：ID" in refused.stderr
    assert "usage" not in refused.stderr and "error" not in refused.stderr
    result = json.loads(refused.stdout.strip().splitlines()[-1])
    assert result["message"] == "the following arguments are required: ID"


@needs_lrelease
def test_the_cli_help_says_what_version_does_in_chinese_too() -> None:
    """On Python 3.11 argparse gives --version its help without looking it up, so the
    Chinese help listed "--version  show program's version number and exit" in English
    among the Chinese lines (3.12 looks it up)."""
    helped = run_cli("--help", **{i18n.LANGUAGE_ENV: "zh_CN"})
    assert helped.returncode == 0, helped.stderr
    (line,) = [line for line in helped.stdout.splitlines() if line.strip().startswith("--version")]
    assert line.split() == ["--version", "显示程序版本号并退出"]


@needs_lrelease
def test_the_cli_follows_a_refused_job_in_chinese() -> None:
    """Before: "任务 1：生成中 (…)" in half-width brackets, and the refusal followed by KIE's
    English words that only repeat it: "（The prompt or image was flagged by the content
    policy.）"."""
    env = {i18n.LANGUAGE_ENV: "zh_CN", "KONTEXT_STUDIO_DEMO_LATENCY": "0.2"}
    done = run_cli("generate", "a forbidden fox", "--demo", **env)
    assert done.returncode == 1, done.stderr
    assert re.search(r"任务 1：生成中（[0-9a-f]+）", done.stderr), done.stderr
    assert done.stdout.strip() == "任务 1：失败 - 演示服务器依据其内容政策拒绝了该提示词或图片。"


@needs_lrelease
def test_the_saved_setting_chooses_the_cli_language(app_home: Path) -> None:
    (app_home / "config").mkdir(parents=True)
    (app_home / "config" / "settings.json").write_text(json.dumps({"language": "zh_CN"}))
    assert run_cli("jobs", LANG="en_US.UTF-8").stderr.strip() == "图库是空的。"
    assert run_cli("jobs", LANG="zh_CN.UTF-8", **{i18n.LANGUAGE_ENV: "en"}).stderr.strip() == (
        "The library is empty."
    )


def test_the_core_and_an_english_cli_never_load_qt() -> None:
    code = (
        "import sys\n"
        "from kontext_studio import cli\n"
        "cli.main(['jobs'])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print('QT', loaded)\n"
    )
    environ = {k: v for k, v in os.environ.items() if k != i18n.LANGUAGE_ENV}
    environ["LANG"] = "C.UTF-8"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environ, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "QT []" in done.stdout
