"""The window in Simplified Chinese: menus, tabs, buttons, the settings dialog, Qt's own
buttons and the core's error words, with the catalogue installed the way the app does it.
Also: the language is chosen in Settings and saved; without a catalogue the app stays English."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import send2trash
from botocore.exceptions import ClientError
from PIL import Image
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QObject, QRect, QTime
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QToolButton,
    QWidget,
)
from send2trash.exceptions import TrashPermissionError

from kontext_studio import desktop, i18n, secrets
from kontext_studio.config import load_settings, write_json_atomic
from kontext_studio.errors import (
    AuthError,
    ImageLeftInTrashError,
    ImageTrashedError,
    KontextError,
    LibraryBusyError,
    Term,
    TrashError,
)
from kontext_studio.explain import explain
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import checked_key, checked_url
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.presets import Preset
from kontext_studio.publish.r2_errors import map_error
from kontext_studio.session import Session, open_session
from kontext_studio.simulator import Simulator
from kontext_studio.ui import translations
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.library_panel import LibraryPanel
from kontext_studio.ui.notifications import BannerKind
from tests.conftest import MemoryKeyring
from tests.fixtures import fast_schedule
from tests.integration.test_publish import make_config
from tests.ui.conftest import application_font, settled, until
from tests.ui.test_library import add_image, completed_job, loaded_panel
from tests.ui.test_settings import LAPTOP, NEW_KEY, NEW_R2_SECRET, opened, refusing, save
from tests.ui.test_window import (
    as_tips,
    cancelled_demo_job,
    close_window,
    demo_tips,
    demo_window_asking,
    open_window,
)

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "kontext_studio_zh_CN.ts"

pytestmark = pytest.mark.skipif(i18n.find_tool("lrelease") is None, reason="no lrelease")


@pytest.fixture(scope="module")
def catalogue_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One compile of the .ts for the whole module (the app's own compile-on-demand)."""
    cache = tmp_path_factory.mktemp("cache")
    assert i18n.catalogue("zh_CN", cache) is not None
    return cache


@pytest.fixture
def chinese(qapp: QApplication, catalogue_cache: Path) -> Iterator[translations.Installed]:
    installed = translations.install(qapp, "zh_CN", catalogue_cache)
    assert installed.language == "zh_CN"
    yield installed
    installed.remove()
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def untranslated_sources() -> set[str]:
    """Every English source whose Chinese differs: none of these may be on screen."""
    found = set()
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            if message.findtext("translation") != source:
                found.add(source)
    return found


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(widget class, text) for the words a person can see or hover in ``root``."""
    texts: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        kind = type(widget).__name__
        tip = widget.toolTip()  # on lines: an English one is found as its words too
        candidates = [
            tip,
            tip.replace("\n", " "),
            widget.windowTitle() if widget.isWindow() else "",
        ]
        if isinstance(widget, QLabel | QAbstractButton):
            candidates.append(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            candidates.append(widget.placeholderText())
        if isinstance(widget, QTabWidget):
            candidates.extend(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QComboBox):
            candidates.extend(widget.itemText(i) for i in range(widget.count()))
        for action in widget.actions():
            tip = action.toolTip()
            candidates.extend((action.text(), tip, tip.replace("\n", " ")))
            if action.menu() is not None:
                candidates.extend(a.text() for a in action.menu().actions())
        texts.extend((kind, text) for text in candidates if text)
    return texts


def assert_all_chinese(root: QWidget) -> None:
    english = untranslated_sources()
    left = sorted({(kind, text) for kind, text in visible_texts(root) if text in english})
    assert not left, "shown in English although translated (wrong tr() context?): " + repr(left)


async def test_the_window_speaks_chinese(
    chinese: translations.Installed, session: Session, bridge: Bridge
) -> None:
    window = await open_window(session, bridge)
    try:
        assert window.tabs.tabText(0) == "生成"
        assert window.tabs.tabText(1) == "上传"
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
        assert window.menu_actions["settings"].text() == "设置(&S)…"
        assert window.generate_tab.generate_button.text() == "生成(&G)"
        assert window.mode.text() == "在线", "the tests run live, on the simulator"
        assert window.library.commands["retry"].text() == "重试(&Y)"
        assert window.library.buttons["retry"].text() == "重试"  # no "(Y)" on the button
        assert window.active_jobs.text() == "没有进行中的任务"
        assert_all_chinese(window)
    finally:
        await close_window(window)


async def test_a_banner_first_shown_late_speaks_chinese_as_the_window_does(
    chinese: translations.Installed, session: Session, bridge: Bridge
) -> None:
    """Each kind's banner is made the first time it shows, after the window: its Dismiss,
    its tip and the line counting those waiting are in the window's language."""
    window = await open_window(session, bridge)
    try:
        for kind in BannerKind:
            window.banner.show_message("磁盘已满。", "请释放空间。", kind=kind)
        assert len(window.banner.shown()) == len(BannerKind)
        close = window.banner.shown()[-1].findChild(QToolButton, "bannerClose")
        assert close is not None
        assert close.accessibleName() == "关闭"
        assert (
            window.banner.waiting()
            == f"还有 {len(BannerKind) - 2} 条消息：关闭上面的一条即可看到。"
        )
        assert_all_chinese(window.banner)
    finally:
        await close_window(window)


async def test_an_error_is_explained_in_chinese(
    chinese: translations.Installed, session: Session, bridge: Bridge
) -> None:
    window = await open_window(session, bridge)
    try:
        bridge.report(AuthError("bad key"))
        assert window.banner.isVisible()
        assert window.banner.message() == "KIE 拒绝了此 API 密钥。原因：bad key。"
        assert window.banner.hint() == "请打开“设置”，输入有效的 KIE API 密钥。"
    finally:
        await close_window(window)


async def test_a_refused_r2_key_on_the_banner_says_its_cause_in_a_sentence_of_its_own(
    qapp: QApplication, catalogue_cache: Path, session: Session, bridge: Bridge
) -> None:
    """Before: "R2 rejected the access keys. (they do not give access to bucket 'art')", the
    cause in brackets after the full stop, in Chinese too ("…。（它们无权访问…）")."""
    answer = {"Error": {"Code": "AccessDenied", "Message": ""}}
    config = make_config("http://127.0.0.1:9", "art")
    refused = map_error(ClientError(answer, "PutObject"), config=config)
    window = await open_window(session, bridge)
    try:
        bridge.report(refused)
        assert window.banner.message() == (
            "R2 rejected the access keys. Cause: they do not give access to bucket 'art'."
        )
        installed = translations.install(qapp, "zh_CN", catalogue_cache)
        try:
            bridge.report(refused)
            assert window.banner.message() == "R2 拒绝了访问密钥。原因：它们无权访问存储桶 'art'。"
        finally:
            installed.remove()
    finally:
        await close_window(window)


async def test_jobs_that_stop_for_one_reason_are_notified_in_chinese_sentences(
    chinese: translations.Installed,
    session: Session,
    bridge: Bridge,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: "有 2 个任务未完成：KIE 拒绝了此 API 密钥。", a whole sentence after the colon."""
    window = await open_window(session, bridge)
    try:
        notes: list[str] = []
        window.notifier.notified.connect(lambda _title, text: notes.append(text))
        monkeypatch.setattr(window, "isActiveWindow", lambda: False)
        simulator.update(api_key="another-key")
        window.generate_tab.prompt.setPlainText("two foxes with a revoked key")
        window.generate_tab.batch.setValue(2)
        window.generate_tab.generate()
        await until(lambda: bool(notes))
        assert notes == ["有 2 个任务未完成。KIE 拒绝了此 API 密钥。"]
    finally:
        await close_window(window)


async def test_retry_of_a_demo_job_the_demo_server_forgot_asks_in_chinese_of_no_charge(
    chinese: translations.Installed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the question said in demo mode, as in live mode, that the job is sent to
    KIE "并会再次扣费" (charged again)."""
    async with demo_window_asking(monkeypatch, "被遗忘的狐狸") as (_demo, window, lost, asked):
        window.library.select_job(lost.id)
        window.library.commands["retry"].trigger()
        await until(lambda: bool(asked))  # once the artworks kept for it are read
        assert asked == [
            "演示服务器没有“被遗忘的狐狸”的记录：无法取得它的图片，也无法再次查询它的任务。"
            "\n\n重试会将其作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。"
        ]


async def test_a_cancelled_demo_job_s_note_speaks_of_the_demo_balance_in_chinese(
    chinese: translations.Installed,
) -> None:
    """Before: "KIE 已经接下了这个任务，积分已被扣除" on a demo job, which used no real credits."""
    demo = open_session(demo=True, schedule=fast_schedule())
    stopped = cancelled_demo_job(demo, "停得晚的演示狐狸")
    window = await open_window(demo)
    try:
        window.library.select_job(stopped.id)
        assert window.preview.error_label.text() == (
            "已停止跟踪，但演示服务器已经接下了这个任务，演示余额已为它减少（不消耗真实积分）。"
            "重试会取回图片，不会再次减少演示余额。"
        )
    finally:
        await close_window(window, demo)


async def test_in_demo_mode_the_tooltips_and_questions_speak_of_the_demo_server_in_chinese(
    chinese: translations.Installed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: "KIE 仍可能完成并扣费", "可能会重复扣费", "积分仍可能被扣除" (Delete of a running
    one) and "你的 KIE 积分余额" for a demo job and the demo balance."""
    async with demo_window_asking(monkeypatch, "演示狐狸") as (_demo, window, job, asked):
        said = {
            "cancel": "停止跟踪此任务（演示服务器仍可能完成它；演示任务不消耗真实积分）",
            "resubmit": "再次发送演示服务器可能已生成、也可能未生成的任务；"
            "演示任务不消耗真实积分，最多只是把图片生成两次",
            "credits": "你的演示余额，由本机上的演示服务器记录：演示任务会减少它，不消耗真实积分。"
            "点击刷新。",
            "cancel_question": "停止跟踪“演示狐狸”？\n\n演示服务器已经接下了这个任务，而且和 KIE "
            "一样不提供取消接口：它仍可能完成这个任务。演示任务不消耗真实积分：只会减少演示余额。",
            "delete_question": "删除“演示狐狸”？\n\n它的提示词和设置会被删除。删除后无法找回。"
            "\n\n任务仍在进行。演示服务器和 KIE 一样不提供取消"
            "接口，它仍可能在那里完成这个任务。演示任务不消耗真实积分：只会减少演示余额。",
        }
        assert await demo_tips(window, job, asked) == as_tips(said)


async def test_a_file_whose_extension_lies_is_noted_in_chinese(
    chinese: translations.Installed, session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Before, the Upload tab said "注意：fox.jpg is actually a PNG"."""
    fox = tmp_path / "fox.jpg"
    Image.new("RGB", (40, 30), (200, 90, 20)).save(fox, "PNG")
    window = await open_window(session, bridge)
    try:
        tab = window.upload_tab
        (item,) = tab.add_files([fox])
        await until(lambda: not tab.checking)
        assert tab.row(item).status.text() == "提示：fox.jpg 实际上是 PNG 文件"
    finally:
        await close_window(window)


async def test_the_upload_summary_joins_its_sentences_the_chinese_way(
    chinese: translations.Installed, session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Before, each sentence the Upload summary added after the first began with a space,
    as English does: "…发布。 有 1 个文件未添加（空文件）。". Chinese joins sentences after
    "。" with none, as every other message of two sentences does."""
    fox, empty = tmp_path / "fox.png", tmp_path / "empty.png"
    Image.new("RGB", (40, 30), (200, 90, 20)).save(fox, "PNG")
    empty.write_bytes(b"")
    window = await open_window(session, bridge)
    try:
        tab = window.upload_tab
        tab.add_files([fox, empty])
        await until(lambda: not tab.checking)
        tab.add_button.click()
        await until(lambda: not tab.busy)
        text = tab.summary.text()
        assert text.endswith("有 1 个文件未添加（空文件）。"), text
        assert "。 " not in text, text
    finally:
        await close_window(window)


async def test_publishing_that_is_not_set_up_says_what_is_missing_in_chinese(
    chinese: translations.Installed, session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Before, the box said "R2 is not configured: no endpoint (or account ID), …" in
    English: the detail lost its template on the way to the window. The fields still empty
    are named as the Settings page names them, after what to do."""
    window = await open_window(session, bridge)
    offers: list[tuple[str, str]] = []
    window.publishing.setup_needed.connect(
        lambda message, hint, _in_settings: offers.append((message, hint))
    )
    try:
        assert not await window.publishing.ready()
        (offer,) = offers
        assert offer == (
            "请打开“设置 → 发布（R2）”，填写空着的字段。",
            "尚未填写：端点、存储桶、访问密钥 ID 和秘密访问密钥。",
        ), "a Chinese list takes 、, and a space where a Latin word meets 和 (before: ID和)"
    finally:
        await close_window(window)


async def test_settings_that_could_not_be_used_are_listed_the_chinese_way(
    chinese: translations.Installed, session: Session, bridge: Bridge
) -> None:
    window = await open_window(session, bridge)
    try:
        window.tell_settings_ignored(["poll_timeout_s", "r2.bucket", "language"])
        assert window.banner.message().endswith("poll_timeout_s、r2.bucket和language")
    finally:
        await close_window(window)


def raised(make: Callable[[], object]) -> KontextError:
    try:
        make()
    except KontextError as error:
        return error
    raise AssertionError("nothing was raised")


@pytest.mark.parametrize(
    "make",
    [
        lambda: checked_key("clé"),
        lambda: GenerateRequest("  ").validated(),
        lambda: GenerateRequest("a fox", model="ultra").validated(),
        lambda: GenerateRequest("a fox", aspect_ratio="5:4").validated(),
        lambda: checked_url("http://example.com/x.png", Term("result URL")),
        lambda: Preset(name=" ", template="").validated(),
        lambda: write_json_atomic(Path(os.devnull) / "settings.json", {}),  # not a folder
    ],
)
def test_input_refused_by_the_core_is_explained_in_chinese(
    chinese: translations.Installed, make: Callable[[], object]
) -> None:
    """The engine, the client and the presets word what they refuse; an English detail in
    the Chinese UI means a message was not marked for the catalogue."""
    error = raised(make)
    detail = explain(error).message.split("。", 1)[1]
    assert error.message not in detail
    assert re.search("[\u4e00-\u9fff]", detail), detail


async def test_the_settings_dialog_speaks_chinese_and_saves_the_language(
    chinese: translations.Installed, session: Session, bridge: Bridge
) -> None:
    window = await open_window(session, bridge)
    try:
        dialog = await opened(window)
        tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        assert tabs[:2] == ["KIE 账户", "默认值"] and "语言" in tabs
        save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save_button.text() == "保存", "Qt's own strings come from qtbase_zh_CN.qm"
        assert_all_chinese(dialog)

        choices = [dialog.language.itemText(i) for i in range(dialog.language.count())]
        assert choices[0].startswith("跟随系统（") and choices[1:] == ["English", "简体中文"]
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        await save(dialog)
        assert load_settings(session.paths).language == "zh_CN"

        dialog = await opened(window)
        assert dialog.language.currentData() == "zh_CN"
        dialog.language.setCurrentIndex(0)
        await save(dialog)
        assert load_settings(session.paths).language == ""
    finally:
        await close_window(window)


async def test_a_cut_settings_tab_brackets_its_key_the_chinese_way(
    chinese: translations.Installed,
    session: Session,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A tab's name cut for room said its whole name and its key in English brackets,
    "发布… (Alt+4)", in a language whose brackets are its own: "（Alt+4）"."""
    narrow = QRect(0, 0, 420, LAPTOP.height())  # the Chinese names are short
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(narrow))
    window = await open_window(session, bridge)
    try:
        with application_font(24):
            dialog = await opened(window)
            await settled(dialog)
            bar = dialog.tabs.tabBar()
            cut = [
                i for i in range(bar.count()) if bar.tabRect(i).width() < bar.tabSizeHint(i).width()
            ]
            assert cut, "the names are cut on this screen"
            assert [bar.tabToolTip(i) for i in cut] == [
                f"{bar.tabText(i)}（Alt+{i + 1}）" for i in cut
            ]
            dialog.reject()
    finally:
        await close_window(window)


@pytest.mark.parametrize(
    ("key", "r2", "said"),
    [
        (
            secrets.KEYRING_REFUSED,
            secrets.KEYRING_SILENT,
            "它没有接收你保存的 API 密钥（它已锁定、解锁提示被关闭，或它拒绝了）。"
            "要求它存储你保存的 R2 秘密访问密钥时，它没有响应。两者都只在本次运行中保留。"
            "请先解锁，等它有响应时再保存一次。",
        ),
        (
            secrets.NO_KEYRING,
            secrets.NO_KEYRING,
            "你保存 API 密钥和 R2 秘密访问密钥时，没有可用的系统密钥环。两者都只在本次运行中保留。"
            "请再保存一次，把它们存入密钥环。",
        ),
    ],
)
async def test_the_keyring_row_names_what_it_did_not_take_with_chinese_spacing(
    chinese: translations.Installed,
    session: Session,
    bridge: Bridge,
    memory_keyring: MemoryKeyring,
    key: str,
    r2: str,
    said: str,
) -> None:
    """The Keyring row names the key and the R2 secret the keyring did not take inside its
    sentences. In Chinese the name came glued to the word before it ("你保存的API 密钥"),
    where every other line of the window, and these before, put a space between Chinese
    and a Latin word ("你保存的 API 密钥")."""
    for name, value, why in (
        (secrets.KIE_KEY, NEW_KEY, key),
        (secrets.R2_SECRET, NEW_R2_SECRET, r2),
    ):
        put_back = refusing(memory_keyring, why)
        secrets.set_secret(name, value)
        put_back()
    window = await open_window(session, bridge)
    try:
        dialog = await opened(window)
        backend = f"{type(memory_keyring).__module__}.MemoryKeyring："
        assert dialog.keyring_label.text().replace("\u200b", "") == backend + said
        dialog.reject()
    finally:
        await close_window(window)


async def test_settings_name_the_language_the_environment_sets(
    chinese: translations.Installed,
    session: Session,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KONTEXT_STUDIO_LANG=zh_CN on an English system: the window is Chinese, and Settings
    said only "跟随系统（English）", as if English were in use and choosing there changed it."""
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "zh_CN")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    window = await open_window(session, bridge)
    try:
        dialog = await opened(window)
        dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
        assert dialog.language.currentText() == "跟随系统（English）", "the saved choice"
        assert dialog.language_forced.isVisible()
        assert dialog.language_forced.text() == (
            "当前使用简体中文：由环境变量 KONTEXT_STUDIO_LANG 设定，与此处的选择无关。"
            "在此处选择的语言会被保存，在不再设置 KONTEXT_STUDIO_LANG 后使用。"
        )
        assert_all_chinese(dialog)
    finally:
        await close_window(window)


def test_numbers_and_dates_follow_the_chosen_language(chinese: translations.Installed) -> None:
    if i18n.normalize(QLocale.system().name()) != "zh_CN":
        assert QLocale().name() == "zh_CN"


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_the_cli_groups_counts_as_the_window_does(qapp: QApplication, language: str) -> None:
    """The CLI cannot ask Qt's QLocale, as the window's grouped does: its own grouping
    writes what the window writes in each language with a catalogue."""
    previous = QLocale()
    QLocale.setDefault(QLocale("zh_CN" if language == i18n.CHINESE else "en_US"))
    try:
        for count in (0, 7, 999, 1000, 2997, 1_234_567):
            assert i18n.grouped(count) == translations.grouped(count)
        assert i18n.grouped(2997) == "2,997"
    finally:
        QLocale.setDefault(previous)


def test_english_words_come_with_english_dates(qapp: QApplication) -> None:
    """A "C" or Chinese system locale must not give English words Chinese-style dates."""
    installed = translations.install(qapp, "en", None)
    try:
        assert QLocale().language() == QLocale.Language.English
        moment = QDateTime(QDate(2026, 11, 28), QTime(12, 19))
        shown = QLocale().toString(moment, QLocale.FormatType.ShortFormat)
        assert "/" in shown, shown  # 11/28/26 or 28/11/2026, not "28 11 2026"
    finally:
        installed.remove()


def test_without_a_catalogue_the_app_stays_english(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "catalogue", lambda language, cache_dir=None: None)
    installed = translations.install(qapp, "zh_CN", None)
    try:
        assert installed.language == "en"
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    finally:
        installed.remove()


def test_the_cli_translator_needs_no_application(catalogue_cache: Path) -> None:
    try:
        assert translations.install_for_cli("zh_CN", catalogue_cache)
        assert i18n.translate("cli", "The library is empty.") == "图库是空的。"
        assert i18n.translate("cli", "a string nobody marked") == "a string nobody marked"
    finally:
        i18n.install(None)


def test_the_saved_setting_or_the_system_picks_the_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(i18n.LANGUAGE_ENV, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    assert translations.choose_language("") == "zh_CN"
    assert translations.choose_language("en") == "en"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert translations.choose_language("") == "en"
    assert translations.choose_language("zh_CN") == "zh_CN"


@pytest.mark.parametrize(
    ("home", "settings"),
    [("", {"language": 5}), ("", {"language": ["zh_CN"]}), ("~kontext-no-such-user/x", {})],
)
def test_a_wrong_language_setting_or_home_folder_leaves_the_system_language(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, app_home: Path, home: str, settings: dict
) -> None:
    monkeypatch.delenv(i18n.LANGUAGE_ENV, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    (app_home / "config").mkdir(parents=True)
    (app_home / "config" / "settings.json").write_text(json.dumps(settings))
    if home:
        monkeypatch.setenv("KONTEXT_STUDIO_HOME", home)
    installed = translations.install_saved(qapp)
    try:
        assert installed.language == "en"
    finally:
        installed.remove()


def test_a_file_that_is_no_image_is_explained_without_brackets_in_brackets(
    chinese: translations.Installed, tmp_path: Path
) -> None:
    """Before: "无法使用这张图片。（broken.png 不是图片（或其格式不受支持：…））", then its
    cause in brackets after the full stop: "无法使用这张图片。（broken.png 不是图片，…）"."""
    from kontext_studio.images.validate import REFERENCE_LIMITS, inspect_image

    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image at all")
    error = raised(lambda: inspect_image(broken, REFERENCE_LIMITS))
    message = explain(error).message
    assert message == (
        "无法使用这张图片。原因：broken.png 不是图片，或其格式不受支持："
        "请使用 JPEG、PNG、WebP 或 GIF。"
    )


def test_the_statistics_name_errors_without_a_full_stop_in_chinese(
    chinese: translations.Installed,
) -> None:
    """A label in a table, as in English; before: "KIE 拒绝了此 API 密钥。"."""
    from kontext_studio.jobs.states import JobState
    from kontext_studio.stats import compute_stats
    from tests.unit.test_stats import TODAY, snap

    stats = compute_stats([snap(JobState.FAILED, error_kind="auth")], demo=False, today=TODAY)
    assert [error.label for error in stats.errors] == ["KIE 拒绝了此 API 密钥"]


def test_the_statistics_name_demo_failures_in_the_demo_server_s_words_in_chinese(
    chinese: translations.Installed,
) -> None:
    """Before: a demo job the demo server could not make counted as "KIE 无法生成这张图片"."""
    from kontext_studio.jobs.states import JobState
    from kontext_studio.stats import compute_stats
    from tests.unit.test_stats import TODAY, snap

    rows = [
        snap(JobState.FAILED, error_kind="generation_failed", simulated=True),
        snap(JobState.FAILED, error_kind="generation_failed", simulated=True),
    ]
    stats = compute_stats(rows, demo=True, today=TODAY)
    assert [(error.label, error.count) for error in stats.errors] == [
        ("演示服务器无法生成这张图片", 2)
    ]


def desktop_of(platform: str) -> desktop.Desktop:
    """The desktop a ``sys.platform`` names, for words that differ by system. The tests set
    the desktop, not ``sys.platform`` itself: the Delete their words come from also locks a
    file, the operating system's way (Windows's ``msvcrt`` is not on this machine)."""
    return {"win32": desktop.Desktop.WINDOWS, "darwin": desktop.Desktop.MACOS}.get(
        platform, desktop.Desktop.LINUX
    )


def no_trash(path: object) -> None:
    raise TrashPermissionError(str(path))  # a disk with no trash the app may use


@pytest.mark.parametrize(
    ("platform", "english", "chinese_word"),
    [
        ("win32", "Recycle Bin", "回收站"),
        ("darwin", "Trash", "废纸篓"),
        ("linux", "Trash", "回收站"),
    ],
)
async def test_the_trash_has_the_name_the_system_gives_it(
    platform: str,
    english: str,
    chinese_word: str,
    qapp: QApplication,
    catalogue_cache: Path,
    session: Session,
    bridge: Bridge,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: "the Trash" and 回收站 on every system. Windows says the Recycle Bin, a Mac
    says 废纸篓 in Chinese; each sentence is whole, so the Chinese word order holds."""
    done = await completed_job(session, "a paper crane")
    session.ledger.update(done.id, tags="origami", starred=True)
    panel = await loaded_panel(bridge, owned)
    panel.select_job(done.id)
    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    questions: list[str] = []

    def confirm(title: str, text: str, *_buttons: str) -> bool:
        questions.append(text)
        return len(questions) == 1  # delete: yes; then, once the trash refused: not for good

    monkeypatch.setattr(panel, "confirm", confirm)

    async def words() -> tuple[str, str, str]:
        """The delete question, the question after the trash refused, the error's words."""
        questions.clear()
        with monkeypatch.context() as system:
            system.setattr(desktop, "current", lambda: desktop_of(platform))
            panel.commands["delete"].trigger()
            await until(lambda: len(questions) == 2)
            await bridge.wait_idle()
            return questions[0], questions[1], explain(TrashError()).message

    asked, refused, error = await words()
    assert asked.endswith(
        f"\n\nIts image goes to the {english}. Its tags and star are deleted. Edit ▸ Undo "
        "(Ctrl+Z) brings it all back until this window closes or 20 more Deletes follow."
    )
    assert refused == (
        f"The image of “a paper crane” could not be moved to the {english}.\n\n"
        "Delete it for good? It cannot be brought back."
    )
    assert error == f"The image could not be moved to the {english}."

    installed = translations.install(qapp, "zh_CN", catalogue_cache)
    try:
        asked, refused, error = await words()
    finally:
        installed.remove()
    assert asked.endswith(
        f"\n\n它的图片会移到{chinese_word}。它的标签和收藏会被删除。"
        "在此窗口关闭或之后再删除 20 次之前，编辑 ▸ 撤销（Ctrl+Z）可将其全部恢复。"
    )
    assert refused == (
        f"无法将“a paper crane”的图片移到{chinese_word}。\n\n要永久删除吗？删除后无法找回。"
    )
    assert error == f"无法将图片移到{chinese_word}。"
    assert session.ledger.get(done.id) is not None, "declined: the artwork stays"


@pytest.mark.parametrize(
    ("platform", "english", "chinese_word"),
    [
        ("win32", "Recycle Bin", "回收站"),
        ("darwin", "Trash", "废纸篓"),
        ("linux", "Trash", "回收站"),
    ],
)
async def test_a_delete_that_could_not_finish_names_the_trash_the_image_is_in(
    platform: str,
    english: str,
    chinese_word: str,
    qapp: QApplication,
    catalogue_cache: Path,
    session: Session,
    bridge: Bridge,
    owned: list[QObject],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Delete moved the image to the trash, then could not remove the artwork (another
    program held the library): its words, and those of a publish of the artwork since,
    name the trash the image is in as the system does, in whole sentences."""
    done = await completed_job(session, "a paper crane")
    session.ledger.update(done.id, tags="origami", starred=True)
    panel = await loaded_panel(bridge, owned)
    panel.select_job(done.id)
    monkeypatch.setattr(panel, "confirm", lambda *_asked: True)

    def busy(_job_id: int) -> None:
        raise LibraryBusyError()

    monkeypatch.setattr(session.ledger, "delete", busy)
    shown: list[tuple[str, str]] = []
    bridge.error.connect(lambda message, hint, _topic: shown.append((message, hint)))

    async def words() -> tuple[str, str, str]:
        """The failed delete's message and hint, and a publish's message since."""
        shown.clear()
        with monkeypatch.context() as system:
            system.setattr(desktop, "current", lambda: desktop_of(platform))
            panel.commands["delete"].trigger()
            await until(lambda: bool(shown))
            await bridge.wait_idle()
            return (*shown[0], explain(ImageTrashedError("crane.png")).sentences())

    message, hint, publish = await words()
    assert message == (
        f"The image of “a paper crane” was moved to the {english}, but the artwork could not "
        "be removed from the library."
    )
    assert hint == (
        "Another program is using the library. Close it (a database browser, a backup or "
        "sync tool), then try again. Delete it again to finish removing it, or restore its "
        f"image from the {english} to keep it."
    )
    assert publish == (
        f"The image is in the {english}: a Delete moved it there, but could not remove the "
        f"artwork from the library. Its file is crane.png. Restore it from the {english} to "
        "publish it, or delete the artwork again to finish removing it."
    )

    installed = translations.install(qapp, "zh_CN", catalogue_cache)
    try:
        message, hint, publish = await words()
    finally:
        installed.remove()
    assert message == f"“a paper crane”的图片已移到{chinese_word}，但未能将该作品从图库中移除。"
    assert hint.endswith(f"再次删除它以完成移除，或从{chinese_word}中还原它的图片以保留它。")
    assert publish.startswith(
        f"图片在{chinese_word}中：删除操作已将它移到那里，但未能将作品从图库中移除。"
        "它的文件是 crane.png。"
    )
    assert publish.endswith(f"从{chinese_word}中还原它即可发布，或再次删除该作品以完成移除。")
    assert session.ledger.get(done.id) is not None


@pytest.mark.parametrize(
    ("platform", "english", "chinese_word"),
    [
        ("win32", "Recycle Bin", "回收站"),
        ("darwin", "Trash", "废纸篓"),
        ("linux", "Trash", "回收站"),
    ],
)
def test_a_publish_of_an_artwork_undo_brought_back_without_its_image_names_the_trash(
    platform: str,
    english: str,
    chinese_word: str,
    qapp: QApplication,
    catalogue_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Undo brought the artwork back without its image, which went to the trash with its
    Delete: a publish of it names the trash as the system does, as its preview does."""
    monkeypatch.setattr(desktop, "current", lambda: desktop_of(platform))
    error = ImageLeftInTrashError("crane.png")
    assert explain(error).sentences() == (
        f"The image file is missing. It went to the {english} with its Delete, and Undo "
        "brought the artwork back without it. Its file is crane.png. If it is still in the "
        f"{english}, restore it from there, then publish the artwork again."
    )
    installed = translations.install(qapp, "zh_CN", catalogue_cache)
    try:
        said = explain(error).sentences()
    finally:
        installed.remove()
    assert said.startswith(f"图片文件不见了。删除时它被移到了{chinese_word}，")
    assert said.endswith(f"如果它仍在{chinese_word}中，从那里还原它，然后再次发布该作品。")


async def test_pixel_counts_read_the_way_chinese_counts_them(
    chinese: translations.Installed, session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """Before: "每个文件最大 50 MB、50 百万像素" and "上限为 20 MP". Chinese counts pixels in
    万 and 亿, as cameras and phones are sold: 5000 万像素, 9 亿像素."""
    from kontext_studio.explain import explain_error_detail
    from kontext_studio.images.validate import UPLOAD_LIMITS, inspect_image
    from tests.unit.test_images import header_only_png, write

    window = await open_window(session, bridge)
    try:
        assert "每个文件最大 50\u00a0MB、5000\u00a0万像素；" in window.upload_tab.empty_text.text()
    finally:
        await close_window(window)
    huge = write(tmp_path / "fox.png", header_only_png(30000, 30000))
    refusal = explain_error_detail(raised(lambda: inspect_image(huge)))  # a reference image
    assert refusal == "fox.png 为 30000×30000（9\u00a0亿像素）；上限为 2000\u00a0万像素"
    wide = write(tmp_path / "wide.png", header_only_png(10000, 5001))
    refusal = explain_error_detail(raised(lambda: inspect_image(wide, UPLOAD_LIMITS)))
    assert refusal == "wide.png 为 10000×5001（5010\u00a0万像素）；上限为 5000\u00a0万像素"


def test_a_size_refusal_a_job_kept_before_the_no_break_spaces_reads_in_chinese(
    chinese: translations.Installed, tmp_path: Path
) -> None:
    """A job keeps its detail's template (``stored_words``): those of a result refused for
    its size, kept by a version that wrote "{size} MB" with a plain space, were no longer
    in the catalogue, and the library showed them in English."""
    from kontext_studio.explain import stored_detail, stored_words
    from kontext_studio.images.validate import inspect_image
    from tests.unit.test_images import header_only_png, write

    huge = write(tmp_path / "fox.png", header_only_png(30000, 30000))
    error = raised(lambda: inspect_image(huge))
    kept_before = stored_words(error).replace("\\u00a0", " ")
    assert "\\u00a0" in stored_words(error) and "MP" in kept_before
    assert stored_detail(error.message, kept_before, error.kind) == (
        "fox.png 为 30000×30000（9\u00a0亿像素）；上限为 2000\u00a0万像素"
    )


def test_a_job_a_wrong_clock_stopped_before_its_advice_was_kept_reads_in_chinese(
    chinese: translations.Installed, tmp_path: Path
) -> None:
    """A version before the advice was kept apart said "…: check the clock" inside the
    cause and kept it so with the job: out of the catalogue since, the cause read in
    English under the Chinese translation, and the advice was its kind's ("check your
    internet connection"). It reads as the words it became, with the advice to set the
    clock, both in Chinese."""
    from kontext_studio.errors import UnreachableError
    from kontext_studio.explain import explain_kind, stored_words
    from kontext_studio.kie.client import STEP_FAILED
    from kontext_studio.store.ledger import Ledger

    before = UnreachableError.worded(
        STEP_FAILED,
        step=Term("sending the job"),
        reason=Term(
            "the server's certificate is not valid at this computer's date and time: check "
            "the clock"
        ),
    )
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox at the wrong hour"))
        failed = ledger.transition(
            job.id,
            JobState.FAILED,
            error_kind=before.kind,
            error_message=before.message,
            error_words=stored_words(before),
        )
    finally:
        ledger.close()
    assert failed.error_detail == "发送任务时：按这台电脑的日期和时间，服务器的证书无效"
    words = explain_kind(failed.error_kind, failed.error_detail, failed.facts)
    assert words.hint == "请把时钟调准（日期、时间和时区；最好开启自动设置时间），然后重试。"


async def test_the_statistics_summary_counts_every_part_alike_in_chinese(
    chinese: translations.Installed, session: Session, bridge: Bridge
) -> None:
    """Before: "已生成 8 件 · 已上传 1 件 · 已完成 4 · 失败 2", two forms in one line."""
    from tests.ui.test_stats_dialog import opened, seed

    seed(session.ledger)
    window = await open_window(session, bridge)
    try:
        dialog = await opened(window)
        assert dialog.breakdown.text() == (
            "生成任务 8 个 · 已上传 1 件 · 已完成 4 件 · 失败 2 件 · 已取消 1 件 · 已超时 1 件"
        ), "before: 已生成 8 件 (8 made), of which only 4 made an image"
        assert dialog.tiles["total"].value.text() == "5"
        assert dialog.tiles["total"].caption.text() == "图库中的作品"
    finally:
        await close_window(window)


async def test_the_chinese_window_fits_an_800_by_600_screen(
    chinese: translations.Installed, session: Session, bridge: Bridge
) -> None:
    from tests.ui.test_window import fits_800_by_600

    window = await open_window(session, bridge)
    try:
        await fits_800_by_600(window)
    finally:
        await close_window(window)


async def test_retry_of_a_failed_kept_artwork_asks_in_chinese_that_it_is_charged(
    chinese: translations.Installed,
    session: Session,
    bridge: Bridge,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Retry of a live artwork kept for a late task of another job's earlier send, whose
    task failed: the English says the new job "is charged". Before, the Chinese said
    "并会再次扣费" (charged again): the failed task made nothing, so nothing was charged
    for this artwork before."""
    job = session.ledger.create_job(GenerateRequest("一枚硬币"), title="黄昏的硬币")
    own, _ = session.ledger.create_following(job, "task-late", title="另存的硬币")
    failed = session.ledger.transition(own.id, JobState.FAILED, error_kind="generation_failed")
    window = await open_window(session, bridge)
    asked: list[str] = []
    monkeypatch.setattr(
        window.library, "confirm", lambda _title, text, *_buttons: asked.append(text) and False
    )
    try:
        window.library.select_job(failed.id)
        await until(lambda: window.library.commands["retry"].isEnabled())
        window.library.commands["retry"].trigger()
        await until(lambda: bool(asked))
        assert asked == [
            "“另存的硬币”保存的是“黄昏的硬币”较早一次发送的迟到回复，而它的任务失败了：没有生成"
            "任何图片。\n\n重试会将其提示词作为新任务再次发送到 KIE，并会扣费。"
        ]
    finally:
        await close_window(window)


async def test_the_chinese_form_labels_take_alt_and_their_letter_as_the_menus_do(
    chinese: translations.Installed, session: Session, bridge: Bridge
) -> None:
    """Each form label of the Generate tab and of Settings ends in its letter, "模型(&M)",
    as the menus' do ("文件(&F)"): Alt and it go to the label's field, and no two words in
    sight in a window share one."""
    from tests.ui.test_accessibility import alt_letters

    window = await open_window(session, bridge)
    try:
        generate, settings = await alt_letters(window)
    finally:
        await close_window(window)
    assert generate == {"模型(&M)", "图片数量(&I)", "安全容忍度(&T)", "输出格式(&O)", "水印(&W)"}
    assert settings == {
        "API 密钥(&A)",
        "模型(&M)",
        "宽高比(&R)",
        "输出格式(&O)",
        "安全容忍度(&T)",
        "图库文件夹(&F)",
        "等待超时(&G)",
        "端点(&D)",
        "存储桶(&B)",
        "访问密钥 ID(&I)",
        "秘密访问密钥(&K)",
        "公开访问网址(&U)",
        "对象键前缀(&P)",
        "语言(&L)",
    }


async def test_each_item_of_an_artwork_s_menu_has_its_letter_in_chinese_too(
    chinese: translations.Installed, session: Session, bridge: Bridge, tmp_path: Path
) -> None:
    """The letters the artwork's menus gained in English ("View &full screen") are kept in
    Chinese, in brackets at the end as the rest of the catalogue has them: "全屏查看(&F)"."""
    from tests.ui.test_accessibility import artwork_menus, items_without_a_key_of_their_own

    window = await open_window(session, bridge)
    try:
        menus = await artwork_menus(window, session, tmp_path)
        for menu in menus:
            assert items_without_a_key_of_their_own(menu) == []
            for action in menu.actions():
                assert re.fullmatch(r"[^&]*(\(&[A-Z]\)…?)?", action.text()), action.text()
    finally:
        await close_window(window)


async def test_the_filters_over_the_grid_are_read_out_as_a_chinese_list(
    chinese: translations.Installed, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """Before: a screen reader heard the filters over the grid as 仅显示：“红狐”，已完成，
    a comma between clauses; Chinese lists them with the enumeration comma 、."""
    panel = await loaded_panel(bridge, owned)
    panel.search.setText("红狐")
    panel.state_filter.setCurrentIndex(panel.state_filter.findText("已完成"))
    panel.apply_filter()
    assert panel.filter_note.accessibleName() == "仅显示：“红狐”、已完成"


async def test_the_line_over_the_grid_shows_a_quoted_search_as_typed_in_chinese(
    chinese: translations.Installed, bridge: Bridge, session: Session, owned: list[QObject]
) -> None:
    """A search for a phrase in quotes read 仅显示：“"红狐"”, quotes round the artist's."""
    panel = await loaded_panel(bridge, owned)
    panel.search.setText("“红狐”")
    panel.apply_filter()
    assert panel.filter_note.text() == "仅显示：“红狐”"
    panel.search.setText("红狐")
    panel.apply_filter()
    assert panel.filter_note.text() == "仅显示：“红狐”"


def test_the_chinese_words_name_the_macos_settings_item_as_qt_does(
    chinese: translations.Installed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On macOS the Settings… item is Qt's Preferences item in the application menu, which
    Qt's own Chinese catalogue names "首选项...": the words that say where to set the key
    sent the artist to "偏好设置", found nowhere in the menu."""
    monkeypatch.setattr(desktop, "current", lambda: desktop.Desktop.MACOS)
    item = QCoreApplication.translate("MAC_APPLICATION_MENU", "Preferences...").rstrip(".…")
    assert item == "首选项"
    assert desktop.settings_path() == f"Kontext Studio → {item}"
    assert desktop.settings_path(desktop.PUBLISHING_PAGE).startswith(f"{item} → ")


def test_a_banner_counts_the_artworks_it_does_not_name_with_their_measure_word(
    chinese: translations.Installed, tmp_path: Path
) -> None:
    """作品 are counted with 件, as the banner's own sentence counts them ("有 7 件作品未保存"):
    its "and 2 more" said "另有 2 个", the files' word, once the helper was shared with the
    files an import leaves out; those keep 个."""
    from kontext_studio.errors import some_names
    from kontext_studio.store.ledger import Ledger
    from kontext_studio.ui.job_actions import some_titles

    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        artworks = [ledger.create_job(GenerateRequest(f"a fox {n}")) for n in range(7)]
    finally:
        ledger.close()
    assert some_titles(artworks).endswith("，另有 2 件")
    assert some_names([f"{n}.txt" for n in range(7)]).endswith("，另有 2 个")


@pytest.mark.parametrize(
    ("platform", "chinese_words"),
    [
        ("win32", "它们的图片文件都已经在回收站里了。"),
        ("darwin", "它们的图片文件都已经在废纸篓里了。"),
        ("linux", "它们的图片文件都已经在回收站里了。"),
    ],
)
async def test_delete_of_several_whose_images_are_all_in_the_trash_says_theirs_in_chinese(
    platform: str,
    chinese_words: str,
    chinese: translations.Installed,
    session: Session,
    panel: LibraryPanel,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two artworks whose images are both in the trash, one left there by an Undo and one
    moved there by a Delete that could not remove it: Delete said "其中 2 件的图片文件"
    ("the image files of 2 of them"), of two."""
    moth, heron = (add_image(session, tmp_path, f"a {name}") for name in ("moth", "heron"))
    for each in (moth, heron):
        Path(each.file_path).unlink()
    session.ledger.note(moth.id, image_left_in_trash=True)
    session.ledger.note(heron.id, trashed_at=1.0)
    panel.apply_filter()  # the shown library reads them
    await until(lambda: all(panel.model.thumbnails.failed(each) for each in (moth, heron)))
    monkeypatch.setattr(desktop, "current", lambda: desktop_of(platform))
    asked: list[str] = []
    monkeypatch.setattr(panel, "confirm", lambda _title, text, *_buttons: asked.append(text))
    panel.key_actions["select_all"].trigger()
    await until(lambda: len(panel.job_actions.several) == 2)
    panel.commands["delete"].trigger()
    assert asked[0].startswith(f"删除 2 件作品？\n\n{chinese_words}")
