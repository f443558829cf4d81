"""Long tooltips are shown on lines of a readable width, every word kept; short ones on one;
markup as typed; a tip near the screen's edge inside the screen."""

from __future__ import annotations

import ast
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import (
    QAccessible,
    QFont,
    QFontInfo,
    QFontMetrics,
    QHelpEvent,
    Qt,
    QTextDocumentFragment,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QToolTip, QWidget
from pytestqt.qtbot import QtBot

import kontext_studio.ui
from kontext_studio.jobs.states import JobState
from kontext_studio.presets import Preset, save_user_preset
from kontext_studio.session import Session
from kontext_studio.simulator import Faults, Simulator
from kontext_studio.simulator.config import GENERATE
from kontext_studio.ui.bridge import Bridge
from kontext_studio.ui.elided_label import SelectableElidedLabel
from kontext_studio.ui.generate_tab import GenerateTab
from kontext_studio.ui.long_tips import tip_lines, tip_width
from kontext_studio.ui.main_window import MainWindow
from kontext_studio.ui.plain_text import JOINER, not_markup, plain_tooltip, set_plain_tooltip
from kontext_studio.ui.reference_slot import SlotState
from tests.ui.conftest import end_tip, tip_shown, until
from tests.ui.test_accessibility import on_macos, settings_in_sight
from tests.ui.test_generate_tab import drop_files, make_png
from tests.ui.test_library import add_job, loaded_panel
from tests.ui.test_option_keys import tip_of
from tests.ui.test_restore_settings import MADE, dropped_on_prompt, image
from tests.ui.test_window import window

__all__ = ["on_macos", "window"]  # the fixtures, used by name

FOX = (
    "a red fox at dawn in a misty birch forest, watercolour on rough paper, soft morning "
    "light through the trees, muted greens and warm orange, loose brushwork, wide view"
)


def assert_fits(shown: str) -> None:
    """Every line of the ``shown`` tooltip is no wider than the chosen width."""
    font = QToolTip.font()
    metrics, width = QFontMetrics(font), tip_width(font)
    for line in shown.split("\n"):
        assert metrics.horizontalAdvance(line) <= width, line


def tip_window() -> QWidget:
    """The window the tooltip shown now is drawn in."""
    (window,) = (
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible() and widget.windowType() == Qt.WindowType.ToolTip
    )
    return window


def hover(widget: QWidget, at: QPoint) -> None:
    """The pointer resting at ``at`` in ``widget``: Qt asks it for its tooltip."""
    end_tip()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))


MARKUP = "a <b>bold</b> fox & <i>"
"""A prompt that looks like HTML."""


def seen(tip: str) -> str:
    """The words ``tip`` shows, as the eye reads them: HTML as Qt reads a tooltip that looks
    like it, the invisible marks that keep one plain left out."""
    if Qt.mightBeRichText(tip):
        tip = QTextDocumentFragment.fromHtml(tip).toPlainText()
    return tip.replace(JOINER, "")


def heard(text: str) -> str:
    """``text`` as a screen reader says it: invisible format marks are not spoken."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


async def test_test_connection_s_tooltip_is_on_lines_inside_settings_every_word_kept(
    session: Session, bridge: Bridge
) -> None:
    """Test connection's tooltip in Settings ▸ Publishing was one line of 180 characters,
    run past the dialog's left edge. It is on lines about fifty characters wide, every word
    there, and drawn inside the dialog."""
    async with settings_in_sight(session, bridge) as dialog:
        dialog.tabs.setCurrentWidget(dialog.r2_page)
        await until(dialog.r2_test_button.isVisible)
        shown = tip_of(dialog.r2_test_button)
        assert shown.count("\n") >= 2
        assert_fits(shown)
        assert " ".join(shown.split()).startswith("Reach the bucket with the values typed here")
        assert tip_window().width() < dialog.width()
        dialog.reject()


@pytest.mark.usefixtures("on_macos")
async def test_on_macos_test_connection_s_tooltip_says_its_key_on_lines_that_fit(
    session: Session, bridge: Bridge
) -> None:
    """On a Mac the tooltip says the button's key after its words (Option+N): the key
    follows the last line, every line still fitting."""
    async with settings_in_sight(session, bridge) as dialog:
        dialog.tabs.setCurrentWidget(dialog.r2_page)
        await until(dialog.r2_test_button.isVisible)
        own = dialog.r2_test_button.toolTip()
        shown = tip_of(dialog.r2_test_button)
        assert shown.count("\n") >= 2
        assert_fits(shown)
        assert shown.split() == f"{own} (Alt+N)".split()
        dialog.reject()


async def test_a_library_tile_s_long_prompt_is_on_lines_that_fit(
    session: Session, bridge: Bridge, owned: list[QObject]
) -> None:
    """A tile's tooltip, its prompt and its state, comes from the library's model, not from
    a widget's tooltip: a long prompt is on lines that fit too, every word kept."""
    add_job(session, JobState.QUEUED, FOX)
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.rowCount() == 1)
    view = panel.view
    hover(view.viewport(), view.visualRect(panel.model.index(0, 0)).center())
    assert QToolTip.isVisible()
    shown = QToolTip.text()
    assert shown.count("\n") >= 3
    assert_fits(shown)
    assert " ".join(shown.split()).startswith(FOX)


def test_a_short_tooltip_stays_as_it_is_given(qtbot: QtBot) -> None:
    """A tooltip that fits on one line is shown, and kept, as it is given."""
    button = QPushButton("Save")
    qtbot.addWidget(button)
    button.setToolTip(plain_tooltip("Save the settings & close"))
    button.show()
    assert button.toolTip() == "Save the settings & close"
    assert tip_of(button) == "Save the settings & close"


def test_a_long_tooltip_that_looks_like_markup_shows_it_as_typed_on_lines(
    qtbot: QtBot,
) -> None:
    """A prompt or a file name with <b> and & in it is shown letter for letter, not bold,
    and on lines that fit, as any long tooltip: not one line wider than the screen."""
    words = f"<b>{FOX}</b> & <i>{FOX}</i> <img src=fox.png>"
    button = QPushButton("Fox")
    qtbot.addWidget(button)
    button.setToolTip(plain_tooltip(words))
    button.show()
    shown = tip_of(button)
    assert " ".join(seen(shown).split()) == words
    assert_fits(shown)
    metrics = QFontMetrics(QToolTip.font())
    assert tip_window().height() >= 4 * metrics.lineSpacing()
    assert tip_window().width() <= 80 * metrics.horizontalAdvance("x")


@pytest.mark.parametrize(
    "words",
    ["a < b & c", "x <= 3 &amp; y", "fox\n<b>bold</b>", "a cat > a dog", "3 &lt 4"],
)
def test_words_qt_takes_as_plain_are_left_as_they_are(words: str) -> None:
    """Words Qt already shows as plain ("a < b", a tag on a later line) are given no
    invisible joiner: a copy, a comparison or a screen reader gets them as typed."""
    assert not_markup(words) == words


@pytest.mark.parametrize(
    "words",
    ["<b>fox</b>", "  <!DOCTYPE html> fox", "&lt;b&gt; and <i>", "a <br> b\n<i>c</i>", "<p>"],
)
def test_words_qt_would_take_as_markup_are_made_plain_letter_for_letter(words: str) -> None:
    """Words whose first line Qt reads as markup are kept plain, every letter as typed."""
    assert Qt.mightBeRichText(words)
    assert not Qt.mightBeRichText(not_markup(words))
    assert not_markup(words).replace(JOINER, "") == words


async def test_a_tile_s_prompt_that_looks_like_markup_is_shown_as_typed_on_one_line(
    session: Session, bridge: Bridge, owned: list[QObject]
) -> None:
    """A tile whose prompt is "a <b>bold</b> fox & <i>": its tooltip was escaped into HTML,
    which Qt wrapped into a column a word or two wide. It shows the prompt as typed, on one
    line, as a tooltip of plain words; a screen reader hears the prompt as typed, once, as
    the tile's name (the first line of an untitled artwork's prompt is its title)."""
    add_job(session, JobState.QUEUED, MARKUP)
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.rowCount() == 1)
    tile = panel.model.index(0, 0)
    hover(panel.view.viewport(), panel.view.visualRect(tile).center())
    assert QToolTip.isVisible()
    assert seen(QToolTip.text()).split("\n")[0] == MARKUP
    assert not Qt.mightBeRichText(QToolTip.text()), "no tag is read as markup"
    metrics = QFontMetrics(QToolTip.font())
    assert tip_window().width() >= metrics.horizontalAdvance(MARKUP), "the prompt on one line"
    name = panel.model.data(tile, Qt.ItemDataRole.AccessibleTextRole)
    assert heard(name).startswith(f"{MARKUP}, ")
    assert panel.model.data(tile, Qt.ItemDataRole.AccessibleDescriptionRole) == ""


async def test_a_field_s_prompt_that_looks_like_markup_is_shown_and_heard_as_typed(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """The bar offering an image's settings back says its prompt, whole in the tooltip:
    "a <b>bold</b> fox & <i>" was a tooltip of HTML, a column a word or two wide, and a
    screen reader, which takes the tooltip for the field's description, heard it as HTML,
    "<p>a &lt;b&gt;…</p>". It is shown on one line as typed, and heard as typed: without the
    invisible joiners that keep the tooltip plain, which a screen reader read too. Heard
    once, by the line's name: the tooltip, its description, said the prompt again; a prompt
    the line cuts is heard whole there."""
    made = replace(MADE, prompt=MARKUP)
    await dropped_on_prompt(tab, image(tmp_path / "made.png", made))
    detail = tab.restore_bar.detail
    tab.show()
    await until(detail.isVisible)
    assert seen(tip_of(detail)) == MARKUP
    metrics = QFontMetrics(QToolTip.font())
    assert tip_window().width() >= metrics.horizontalAdvance(MARKUP), "the prompt on one line"
    said = QAccessible.queryAccessibleInterface(detail)
    assert said.text(QAccessible.Text.Name).startswith(f"“{MARKUP}” · ")
    assert said.text(QAccessible.Text.Description) == ""
    long = f"{MARKUP} " + "on a long shore " * 20
    await dropped_on_prompt(tab, image(tmp_path / "long.png", replace(MADE, prompt=long)))
    await until(lambda: "shore" in detail.text())
    assert "…” · " in detail.text(), "cut"
    assert said.text(QAccessible.Text.Name).startswith(f"“{long.strip()}” · ")
    assert said.text(QAccessible.Text.Description) == ""
    assert " ".join(seen(tip_of(detail)).split()) == long.strip()


def described(widget: QWidget) -> str:
    """What a screen reader hears after ``widget``'s name: its description."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Description)


def test_a_tip_that_looks_like_markup_is_heard_as_typed_and_a_new_tip_heard_then(
    qtbot: QtBot,
) -> None:
    """A title or a path that looks like markup ("a <b>bold</b> fox & <i>") is shown in its
    tooltip as typed, kept plain by invisible joiners: a screen reader, which hears the
    tooltip as the description, read them too. It hears the words as typed; a tooltip set
    after it (plain words, none) is heard as it is, not the one before. A title is heard
    once, as typed, by its name: its tip is not its description."""
    title = SelectableElidedLabel()
    qtbot.addWidget(title)
    title.set_whole_text(MARKUP)
    assert JOINER in tip_shown(title), "shown as typed"
    said = QAccessible.queryAccessibleInterface(title)
    assert (said.text(QAccessible.Text.Name), described(title)) == (MARKUP, "")
    title.set_whole_text("a quiet fox")
    assert said.text(QAccessible.Text.Name) == "a quiet fox"
    label = QLabel()
    qtbot.addWidget(label)
    set_plain_tooltip(label, MARKUP)
    assert described(label) == MARKUP
    set_plain_tooltip(label, "")
    assert described(label) == ""


def test_a_description_of_a_widget_s_own_is_kept_whatever_its_tip(qtbot: QtBot) -> None:
    """A widget described otherwise (why it cannot be used, say) keeps its description when
    a tooltip that looks like markup is set on it."""
    label = QLabel()
    qtbot.addWidget(label)
    label.setAccessibleDescription("Choose a reference image first")
    set_plain_tooltip(label, MARKUP)
    assert described(label) == "Choose a reference image first"
    assert seen(label.toolTip()) == MARKUP


async def test_a_long_path_s_tip_is_on_lines_and_heard_whole_without_their_breaks(
    tab: GenerateTab, tmp_path: Path
) -> None:
    """The reference image's details show its path as their tooltip, on lines: a screen
    reader, which hears the tooltip as the description of a label with none of its own,
    paused where the app broke the lines, in the middle of the path's folders. It hears the
    path as it is; the tooltip still shows it on lines."""
    folder = tmp_path / "client commissions 2026" / "winter catalogue" / "final selects"
    folder.mkdir(parents=True)
    path = make_png(folder / "lighthouse in a storm, ink wash, second pass.png")
    assert drop_files(tab.slot, path)
    await until(lambda: tab.slot.state is SlotState.READY)
    detail = tab.slot._detail
    assert detail.toolTip() == plain_tooltip(str(path))
    assert "\n" in detail.toolTip(), "on lines"
    assert described(detail) == str(path)


async def test_the_status_bar_s_tip_of_jobs_kie_turned_away_is_as_wide_as_any_tip(
    window: MainWindow, session: Session, simulator: Simulator
) -> None:
    """The status bar's tooltip of jobs KIE did not take (a 429) was paragraphs of HTML,
    which Qt wrapped in a column about 28 letters wide, eleven lines for two sentences. Its
    lines are as wide as any tooltip's, every word kept."""
    session.engine.config = replace(session.engine.config, retry_base_s=30.0)
    simulator.update(faults=Faults(rate_limited=1.0, endpoints=frozenset({GENERATE})))
    window.generate_tab.prompt.setPlainText("three foxes turned away")
    window.generate_tab.batch.setValue(3)
    window.menu_actions["generate"].trigger()
    await until(lambda: window.active_jobs.text() == "3 jobs waiting to be sent again")
    window.show()
    shown = tip_of(window.active_jobs)
    font = QToolTip.font()
    assert tip_window().width() >= tip_width(font) * 3 // 4
    assert_fits(shown)
    assert "KIE did not take 3 jobs for now (too many requests," in " ".join(seen(shown).split())


def test_chinese_words_are_broken_between_characters_none_lost() -> None:
    """Chinese has no spaces: Test connection's tooltip in Chinese is broken between its
    characters, each line fitting, every character kept."""
    words = (
        "使用这里填写的值（秘密访问密钥栏为空时改用已保存的）连接存储桶。"
        "R2_SECRET_ACCESS_KEY 等环境变量优先。（⌥N）"
    )
    shown = plain_tooltip(words)
    assert shown.count("\n") >= 1
    assert_fits(shown)
    assert "".join(shown.split()) == "".join(words.split())
    font = QToolTip.font()
    assert tip_lines(words, font, tip_width(font)) == shown


def test_in_a_chinese_font_a_prompt_s_lines_are_as_wide_as_in_a_latin_one() -> None:
    """With the system's language Chinese the tooltip font is Noto Sans CJK, whose average
    character is as wide as a Chinese one: a prompt's lines were twice as wide as in
    English, 95 letters. They are about fifty letters wide, as in a Latin font."""
    font = QFont("Noto Sans CJK SC")
    if QFontInfo(font).family() != "Noto Sans CJK SC":
        pytest.skip("no Noto Sans CJK SC here")
    metrics = QFontMetrics(font)
    assert metrics.averageCharWidth() > metrics.horizontalAdvance("x") * 1.5  # as it is
    shown = tip_lines(FOX, font, tip_width(font))
    assert shown.count("\n") >= 2
    assert max(len(line) for line in shown.split("\n")) <= 60


def test_a_long_path_not_in_utf8_is_on_lines_its_letter_shown_as_in_its_title() -> None:
    """A dropped file named in Latin-1 ("caf\xe9.png") holds a lone surrogate in Python: its
    row's tooltip, its whole path, raised an error instead of being shown. It is on lines,
    the letter "�" as the row's title shows it."""
    path = "/home/artist/Pictures/from the old laptop/exports/2019/summer/caf\udce9.png"
    shown = plain_tooltip(f"{path} · 1024 × 768 · 2.1 MB · PNG")
    assert shown.count("\n") >= 1
    assert_fits(shown)
    assert "caf\ufffd.png" in shown


def test_a_long_tip_near_the_screen_s_right_edge_stays_inside_it(qtbot: QtBot) -> None:
    """A button at the screen's right edge: its long tooltip, on lines, is drawn inside the
    screen, none of it past the edge."""
    button = QPushButton("Fox")
    qtbot.addWidget(button)
    button.setToolTip(plain_tooltip(FOX + " " + FOX))
    screen = button.screen().availableGeometry()
    button.move(screen.right() - button.width(), screen.bottom() - button.height())
    button.show()
    hover(button, QPoint(button.width() - 2, button.height() - 2))
    assert QToolTip.isVisible()
    assert QToolTip.text().count("\n") >= 3
    assert screen.contains(tip_window().geometry())


def test_every_tooltip_the_app_sets_passes_through_plain_tooltip() -> None:
    """A tooltip set with its words as they are showed a long one on one line, past the
    window's edge, and markup as bold: each widget's, action's, tab's, tip shown by hand and
    tile's (the model's ``ToolTipRole``) passes through :func:`plain_tooltip` (or is
    cleared with "")."""
    missed = []
    for path in sorted(Path(kontext_studio.ui.__file__).parent.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "ToolTip" in source:  # each form names it: the rest not parsed, the test quick
            missed += [f"{path.name}:{line}" for line in unplain_tips(source)]
    assert missed == []


def test_the_rule_catches_a_tab_s_a_shown_and_a_model_s_tip_not_made_plain() -> None:
    """A tab's tooltip, a tip shown by hand and a model's tooltip data were not looked at:
    each set with its words as they are is caught, each made by :func:`plain_tooltip` not."""
    source = """
class Tabs:
    def retip(self, name):
        self.setTabToolTip(0, name)
        self.setTabToolTip(1, plain_tooltip(name))
        QToolTip.showText(at, name, self)
        QToolTip.showText(at, plain_tooltip(name), self)
        combo.setItemData(0, name, Qt.ItemDataRole.ToolTipRole)

class Model:
    def data(self, index, role):
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(index)
        if role == Qt.ItemDataRole.ToolTipRole and index.row():
            return self._plain(index)
        return None

    def _tip(self, index):
        return index.prompt

    def _plain(self, index):
        return plain_tooltip(index.prompt) if index.prompt else ""

class Other:
    def retip(self, name):
        self.setToolTip(name)
"""
    assert unplain_tips(source) == [4, 6, 8, 13, 26]


TIP_ARGUMENT = {"setToolTip": 0, "setTabToolTip": 1, "showText": 1}
"""Which argument of a call of each name is a tooltip's words."""
ROLE_DATA = frozenset({"setData", "setItemData"})
"""Calls given a value and its role: a tooltip where the role is ``ToolTipRole``."""


def unplain_tips(source: str) -> list[int]:
    """The lines of ``source`` where a tooltip is set, shown or given as a model's data
    without passing through :func:`plain_tooltip`."""
    scopes = _own_nodes(ast.parse(source))
    methods: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
    for function in scopes:
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            methods.setdefault(function.name, []).append(function)
    missed: set[int] = set()
    for nodes in scopes.values():  # each function, two classes' methods of one name too
        rule = _Rule(methods, scopes, _assigned(nodes))
        for node in nodes:
            if isinstance(node, ast.Call) and (tip := _tip_argument(node)) is not None:
                if not rule.passes(tip):
                    missed.add(node.lineno)
            elif isinstance(node, ast.If) and _is_tooltip_role(node.test):
                returns = (step for part in node.body for step in ast.walk(part))
                missed.update(
                    step.lineno
                    for step in returns
                    if isinstance(step, ast.Return) and not rule.passes(step.value)
                )
    return sorted(missed)


def _own_nodes(tree: ast.Module) -> dict[ast.AST, list[ast.AST]]:
    """The nodes of each scope of ``tree`` (the module, each function), not those of the
    functions in it: in one walk of the tree, which a walk of each function's made slow."""
    scopes: dict[ast.AST, list[ast.AST]] = {tree: []}
    waiting: list[tuple[ast.AST, ast.AST]] = [(tree, child) for child in ast.iter_child_nodes(tree)]
    while waiting:
        scope, node = waiting.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            scopes[node] = []
            scope = node
        else:
            scopes[scope].append(node)
        waiting += [(scope, child) for child in ast.iter_child_nodes(node)]
    return scopes


def _assigned(nodes: list[ast.AST]) -> dict[str, list[ast.expr]]:
    """What each name is given among a scope's ``nodes`` (``tip = plain_tooltip(words)``)."""
    assigned: dict[str, list[ast.expr]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    return assigned


def _tip_argument(call: ast.Call) -> ast.expr | None:
    """The argument of ``call`` that is a tooltip's words, if it sets or shows one."""
    name = getattr(call.func, "attr", "")
    if name in TIP_ARGUMENT and len(call.args) > TIP_ARGUMENT[name]:
        return call.args[TIP_ARGUMENT[name]]
    if name not in ROLE_DATA:
        return None
    roles = [place for place, argument in enumerate(call.args) if _is_tooltip_role(argument)]
    if roles and roles[0] > 0:
        return call.args[roles[0] - 1]
    return None


def _is_tooltip_role(node: ast.expr) -> bool:
    """Whether ``node`` asks about (or names) the role of a model's tooltip."""
    return any(getattr(part, "attr", "") == "ToolTipRole" for part in ast.walk(node))


@dataclass
class _Rule:
    """Whether a tooltip's words pass, in a scope: ``methods`` of its module by name, the
    nodes of each of its ``scopes``, the values ``assigned`` to the scope's names."""

    methods: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]]
    scopes: dict[ast.AST, list[ast.AST]]
    assigned: dict[str, list[ast.expr]]

    def passes(self, argument: ast.expr | None, depth: int = 2) -> bool:
        """Whether ``argument`` is a tooltip made by :func:`plain_tooltip`, or none: also a
        name given only such (``tip = plain_tooltip(words)``), and a call of a method of the
        module (``self._tooltip(snap)``) each of whose returns is one (in every method of
        that name: which class's is called is not known)."""
        if argument is None:
            return True
        if isinstance(argument, ast.Constant):
            return argument.value in ("", None)
        if isinstance(argument, ast.IfExp):
            return self.passes(argument.body, depth) and self.passes(argument.orelse, depth)
        if isinstance(argument, ast.Name):
            given = self.assigned.get(argument.id, [])
            return bool(given) and all(self.passes(value, depth) for value in given)
        if not isinstance(argument, ast.Call):
            return False
        if getattr(argument.func, "id", "") == "plain_tooltip":
            return True
        methods = self.methods.get(getattr(argument.func, "attr", ""), [])
        return bool(methods) and depth > 0 and all(self._returns_pass(m, depth) for m in methods)

    def _returns_pass(self, method: ast.FunctionDef | ast.AsyncFunctionDef, depth: int) -> bool:
        """Whether each return of ``method`` is a tooltip that passes (one at least)."""
        nodes = self.scopes[method]
        inside = _Rule(self.methods, self.scopes, _assigned(nodes))
        returns = [step for step in nodes if isinstance(step, ast.Return)]
        return bool(returns) and all(inside.passes(step.value, depth - 1) for step in returns)


async def test_a_tile_s_wrapped_tip_goes_when_the_pointer_moves_to_another_tile(
    session: Session, bridge: Bridge, owned: list[QObject]
) -> None:
    """Qt hides a tile's tip when the pointer leaves the tile: the fox's tip, on lines, does
    not stay up while the pointer crosses the other tiles."""
    add_job(session, JobState.QUEUED, FOX)
    add_job(session, JobState.QUEUED, FOX.replace("red fox", "grey wolf"))
    panel = await loaded_panel(bridge, owned)
    panel.show()
    await until(lambda: panel.model.rowCount() == 2)
    view, port = panel.view, panel.view.viewport()
    tiles = [view.visualRect(panel.model.index(row, 0)).center() for row in range(2)]
    QTest.mouseMove(port, tiles[0])
    hover(port, tiles[0])
    first = QToolTip.text()
    assert QToolTip.isVisible()
    assert "\n" in first
    # The pointer moved on to the other tile (Qt shows that tile's tip once it rests there).
    # One move, not a stream of them: a hundred moves 5 ms apart kept the tip's wake-up timer
    # (20 ms once a tip was shown) firing among them, and twice in a whole run on a loaded
    # machine the worker's Qt loop stopped coming back to Python (a 6-minute hang).
    QTest.mouseMove(port, tiles[1])
    await until(lambda: not QToolTip.isVisible() or QToolTip.text() != first)


async def test_a_style_s_details_that_look_like_markup_are_shown_as_typed_and_heard_by_name(
    tab: GenerateTab, session: Session
) -> None:
    """A style's details, the artist's words, are its entry's tooltip in the Style menu:
    shown as typed there (:func:`plain_tooltip`), and its entry heard by its name alone:
    Qt's interface for a menu item gives a screen reader no description, so no joiner is
    heard and an action has none to route through :func:`set_plain_tooltip`. Should Qt
    come to read a menu item's tooltip, this fails: route it then."""
    save_user_preset(session.paths, Preset("Moody", "{prompt}, moody", description=MARKUP))
    picker = tab.style_picker
    picker.reload()
    await until(lambda: picker.preset_named("Moody") is not None)
    action = picker.menu_action("Moody")
    assert action is not None
    assert JOINER in action.toolTip() and seen(action.toolTip()) == MARKUP
    picker.menu.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    picker.menu.show()
    try:
        menu = QAccessible.queryAccessibleInterface(picker.menu)
        entries = [menu.child(at) for at in range(menu.childCount())]
        entry = next(one for one in entries if one.text(QAccessible.Text.Name) == "Moody")
        assert entry.text(QAccessible.Text.Description) == ""
    finally:
        picker.menu.hide()
